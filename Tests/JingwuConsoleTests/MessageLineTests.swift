import Foundation
import JingwuDomain
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// The message line speaks of what the officer is doing now: a refusal stays while
/// its form is open and goes when they close it or change tab.
@Suite(.serialized) final class MessageLineTests {
    private func messageRow(_ h: ConsoleHarness) -> String { h.trimmed[h.trimmed.count - 2] }

    /// Esc out of a form: the first Esc may only shut an open suggestion list; a dirty form asks.
    private func leaveForm(_ h: ConsoleHarness) {
        for _ in 0..<2 where h.app.currentScreen.capturesText && !h.screen.text.contains("(y)") { h.press(.escape) }
        if h.screen.text.contains("(y)") { h.press(.character("y")) }
    }

    @Test func test_a_refusal_stays_with_its_form_and_goes_when_the_form_closes_or_the_tab_changes() throws {
        let h = try ConsoleHarness()
        h.press(.character("6"), .character("n"), .f(10))
        XCTAssertTrue(messageRow(h).contains("必须填写"), h.screen.text)
        h.press(.tab)
        XCTAssertTrue(messageRow(h).contains("必须填写"), "still in the form: \(h.screen.text)")
        h.type("x")
        XCTAssertFalse(messageRow(h).contains("必须填写"), "typing is the correction: \(h.screen.text)")
        h.press(.f(10))
        XCTAssertTrue(messageRow(h).contains("必须填写"), h.screen.text)
        leaveForm(h)
        XCTAssertFalse(messageRow(h).contains("必须填写"), h.screen.text)

        h.press(.character("n"), .f(10))
        XCTAssertTrue(messageRow(h).contains("必须填写"), h.screen.text)
        leaveForm(h)
        h.press(.character("6"), .character("n"), .f(10))
        leaveForm(h)
        h.press(.character("2"))
        XCTAssertFalse(h.screen.text.contains("必须填写"), h.screen.text)
    }

    /// F1 in a form lists what works there: digits and q are text in a field.
    @Test func test_help_in_a_form_lists_only_keys_that_work_while_typing() throws {
        let h = try ConsoleHarness()
        h.press(.character("6"), .character("n"), .f(1))
        XCTAssertNotNil(h.row(containing: "F10"), h.screen.text)
        XCTAssertFalse(h.screen.text.contains("切换页面"), h.screen.text)
        XCTAssertFalse(h.screen.text.contains("Ctrl-X/q"), h.screen.text)
        XCTAssertNotNil(h.row(containing: "Ctrl-X"), h.screen.text)
        h.press(.escape, .escape)
        if h.screen.text.contains("(y)") { h.press(.character("y")) }
        h.press(.f(1))
        XCTAssertNotNil(h.row(containing: "切换页面"), "outside a form the digits switch screens: \(h.screen.text)")
    }

    @Test func test_the_void_form_asks_for_a_reason_for_voiding() throws {
        let h = try ConsoleHarness(seed: { office, _ in
            try office.execute(LogIncident(cell: "A02", kind: .theft, summary: "电动车被盗"), as: "031245")
        })
        h.press(.character("8"), .end, .enter, .character("d"))
        XCTAssertNotNil(h.row(containing: ">作废原因"), h.screen.text)
    }

    /// The journal shows codes by their names (the record keeps the code, which `jingwu log` prints; issue 17:
    /// no journal key or code on a zh page).
    @Test func test_the_journal_names_coded_values() throws {
        let h = try ConsoleHarness(seed: { office, _ in
            try office.execute(LogIncident(cell: "A02", kind: .theft, summary: "电动车被盗"), as: "031245")
        })
        h.press(.character("8"))
        XCTAssertNotNil(h.row(containing: "类型=盗窃"), h.screen.text)
        h.press(.end, .enter)
        XCTAssertNotNil(h.row(containing: "  类型：盗窃"), h.screen.text)
        XCTAssertFalse(h.screen.text.contains("theft") || h.screen.text.contains("kind"), h.screen.text)
    }

    /// An entry written after the fact is marked 补录 in the journal list.
    @Test func test_a_backdated_entry_is_marked_in_the_journal() throws {
        let h = try ConsoleHarness(seed: { office, clock in
            clock.advance(minutes: 120)
            try office.execute(LogIncident(cell: "A02", kind: .theft, summary: "电动车被盗"), as: "031245",
                               at: clock.now().addingTimeInterval(-3600), reason: "出警回来补录")
            try office.execute(LogIncident(cell: "A03", kind: .fight, summary: "酒后斗殴"), as: "031245")
        })
        h.press(.character("8"))
        let late = try XCTUnwrap(h.row(containing: "类型=盗窃"))
        XCTAssertTrue(late.contains("补录"), late)
        let now = try XCTUnwrap(h.row(containing: "类型=打架斗殴"))
        XCTAssertFalse(now.contains("补录"), now)
    }
}
