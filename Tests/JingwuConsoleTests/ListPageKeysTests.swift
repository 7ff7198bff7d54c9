import Foundation
import JingwuDomain
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// PgUp/PgDn/Home/End on the list screens, as keys arrive from the terminal (KeyDecoder).
@Suite(.serialized) final class ListPageKeysTests {
    /// The text of the selected row, if one is drawn selected.
    func selected(_ h: ConsoleHarness) -> String? {
        (0..<h.screen.size.rows).first { h.screen.style($0, 1) == .selected }.map { h.trimmed[$0] }
    }

    /// 总览 on a short terminal: Home and End go to the first and last item, PgDn and PgUp
    /// move by more than one item, and they stop at the ends.
    @Test func test_overview_pages_through_its_items() throws {
        let h = try ConsoleHarness(rows: 14, seed: { o, clock in
            let me = "031245"
            try o.execute(OpenShift(duty: me), as: me)
            try o.execute(StartPatrol(mode: .foot, lead: me, cells: ["A01"]), as: me)
            for n in 0..<6 {
                try o.execute(LogIncident(cell: "A02", kind: .theft, summary: "电动车被盗\(n)", source: .call), as: me)
                clock.advance(minutes: 1)
            }
        })
        h.press(.character("1"))
        // Every item in order, by ↓ from the top.
        var items = [try XCTUnwrap(selected(h))]
        for _ in 0..<40 {
            h.press(.down)
            let now = try XCTUnwrap(selected(h))
            if now == items.last { break }
            items.append(now)
        }
        XCTAssertGreaterThan(items.count, 5, h.screen.text)
        func index() throws -> Int { try XCTUnwrap(items.firstIndex(of: XCTUnwrap(selected(h))), h.screen.text) }

        // Keys as a terminal inside tmux sends them.
        func send(_ bytes: String) { h.press(KeyDecoder.decode(bytes)) }
        send("\u{1B}[1~")
        XCTAssertEqual(try index(), 0, "Home")
        send("\u{1B}[6~")
        let down = try index()
        XCTAssertGreaterThan(down, 1, "PgDn moves more than one item")
        send("\u{1B}[5~")
        XCTAssertLessThan(try index(), down - 1, "PgUp moves back more than one item")
        send("\u{1B}[4~")
        XCTAssertEqual(try index(), items.count - 1, "End")
        send("\u{1B}[6~")
        XCTAssertEqual(try index(), items.count - 1, "PgDn at the end stays")
        send("\u{1B}OH")
        XCTAssertEqual(try index(), 0, "Home as xterm sends it")
        send("\u{1B}[5~")
        XCTAssertEqual(try index(), 0, "PgUp at the top stays")
        send("\u{1B}[F")
        XCTAssertEqual(try index(), items.count - 1, "End as xterm sends it")
        // Alt and an unknown sequence change nothing and switch no screen.
        let before = h.screen.text
        send("\u{1B}2\u{1B}[99~\u{1B}[1;5X")
        XCTAssertEqual(h.screen.text, before)
    }
}
