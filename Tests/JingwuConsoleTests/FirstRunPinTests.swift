import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// The first officer's PIN on the first-run screen is drawn as dots, never as digits.
@Suite(.serialized) final class FirstRunPinTests {
    private func firstRun(_ made: @escaping (MemoryJournal) -> Void = { _ in }) -> FirstRunScreen {
        let clock = StepClock("2026-05-04T09:00:00+08:00")
        return FirstRunScreen(path: "/tmp/none/journal.jsonl", strings: Strings(.zh), clock: clock, makers: .init(
            create: { station, office in
                let journal = MemoryJournal(station: station, office: office, clock: clock)
                made(journal)
                return journal
            }))
    }

    private func fillOfficer(_ screen: VirtualScreen) {
        screen.feed([.character("s")])
        screen.type("城关派出所")
        screen.feed([.tab])
        screen.type("东街警务室")
        screen.feed([.tab])
        screen.type("031245")
        screen.feed([.tab])
        screen.type("张伟")
        screen.feed([.tab, .tab])
    }

    private func trimmed(_ screen: VirtualScreen) -> [String] {
        screen.rows().map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
    }

    @Test func test_pin_typed_twice_shows_as_dots_in_whole_rows_and_never_as_digits() throws {
        let first = firstRun()
        let screen = VirtualScreen()
        first.render(into: screen)
        fillOfficer(screen)
        screen.type("246810")
        screen.feed([.tab])
        screen.type("2468")
        XCTAssertNil(first.run(on: screen, stopWhenIdle: true))
        let rows = trimmed(screen)
        XCTAssertEqual(rows[9], "  密码（6–12 位数字）   ••••••")
        XCTAssertEqual(rows[10], " >再输入密码            ••••")
        XCTAssertEqual(screen.cursor?.row, 10)
        XCTAssertEqual(screen.cursor?.col, 28, "dots start at column 24; the cursor sits after the fourth")
        for row in screen.rows() {
            XCTAssertFalse(row.contains("2468") || row.contains("246810") || row.contains("810"), row)
        }
    }

    @Test func test_mismatched_pin_is_refused_at_its_field_with_the_digits_still_hidden() throws {
        var made: MemoryJournal?
        let first = firstRun { made = $0 }
        let screen = VirtualScreen()
        fillOfficer(screen)
        screen.type("246810")
        screen.feed([.tab])
        screen.type("246811")
        screen.feed([.f(10)])
        XCTAssertNil(first.run(on: screen, stopWhenIdle: true))
        XCTAssertNil(made, "nothing created while the PIN is refused")
        let rows = trimmed(screen)
        XCTAssertEqual(rows[10], " >再输入密码            ••••••")
        XCTAssertEqual(rows[11], "                        两次输入的密码不一致")
        XCTAssertFalse(screen.text.contains("24681"), screen.text)
    }
}
