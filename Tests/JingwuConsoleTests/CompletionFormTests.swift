import Foundation
import JingwuDomain
import JingwuJournal
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// Issue 15: Tab past an empty completion field (点位 in 受理纠纷 and 新增重点人员, 带队 in
/// 开始巡逻) never fills in a suggestion; F10 then refuses the form at that field, naming its
/// label, and writes nothing. Enter on a highlighted suggestion is what accepts it.
@Suite(.serialized) final class CompletionFormTests {
    private func assertNothingWritten(_ h: ConsoleHarness, since bytes: [UInt8], file: StaticString = #filePath,
                                      line: UInt = #line) {
        XCTAssertEqual(h.journal.fileBytes, bytes, "the journal changed", file: file, line: line)
    }

    /// The form row of a field by its label (focused `>` or not), trimmed.
    private func field(_ h: ConsoleHarness, _ label: String) -> String? {
        h.trimmed.first { $0.hasPrefix(" " + label) || $0.hasPrefix(">" + label) }
    }

    // MARK: 受理纠纷 点位

    /// Opens 受理纠纷 with category 邻里 and parties typed; focus on 来源.
    private func openDisputeForm(_ h: ConsoleHarness) {
        h.press(.character("5"), .character("n"))
        h.press(.right, .tab)
        h.type("张三;李四")
        h.press(.tab)
    }

    @Test func test_dispute_form_tab_past_empty_cell_then_f10_is_refused_at_the_cell() throws {
        let h = try ConsoleHarness()
        openDisputeForm(h)
        let bytes = h.journal.fileBytes
        h.press(.tab, .tab)  // 来源 → 点位 → 情况 (Tab past the empty 点位)
        h.type("楼上漏水,双方争执")
        XCTAssertEqual(field(h, "点位"), " 点位")
        h.press(.f(10))
        assertNothingWritten(h, since: bytes)
        XCTAssertEqual(field(h, "点位"), ">点位")
        XCTAssertEqual(h.trimmed[22], " 点位：必须填写")
        XCTAssertTrue(h.trimmed.dropLast(2).contains { $0.hasPrefix("    ") && $0.hasSuffix("点位：必须填写") },
                      "the message under the field: \(h.screen.text)")
        // Enter on a highlighted suggestion accepts it; then F10 saves that cell.
        h.type("A0")
        h.press(.down, .enter)
        XCTAssertEqual(field(h, "点位"), ">点位       A02              东街")
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "DisputeOpened")
        XCTAssertEqual(h.lastData()["cell"] as? String, "A02")
    }

    @Test func test_dispute_form_arrows_and_shift_tab_over_empty_cell_fill_nothing() throws {
        let h = try ConsoleHarness()
        openDisputeForm(h)
        let bytes = h.journal.fileBytes
        h.press(.down)  // 来源 → 点位
        h.press(.up)  // nothing highlighted: back to 来源
        h.press(.tab, .tab, .backTab, .backTab, .tab, .down, .down, .tab)  // in and out, a suggestion highlighted
        h.type("楼上漏水")
        h.press(.f(10))
        assertNothingWritten(h, since: bytes)
        XCTAssertEqual(h.trimmed[22], " 点位：必须填写")
    }

    // MARK: 新增重点人员 点位

    @Test func test_person_form_tab_past_empty_cell_then_f10_is_refused_at_the_cell() throws {
        let h = try ConsoleHarness()
        h.press(.character("4"), .character("n"))
        h.type("王小明")
        h.press(.tab)
        h.type(PersonsScreenTests.idNumber())
        let bytes = h.journal.fileBytes
        h.press(.tab, .tab, .tab, .tab)  // category, residency, 点位 (empty) → 责任民警
        XCTAssertEqual(field(h, "点位"), " 点位")
        h.press(.f(10))
        assertNothingWritten(h, since: bytes)
        XCTAssertEqual(field(h, "点位"), ">点位")
        XCTAssertEqual(h.trimmed[22], " 点位：必须填写")
        // Chinese typed: the name matches, Enter takes the highlighted suggestion.
        h.type("菜市")
        XCTAssertTrue(h.trimmed.contains { $0.contains("A03  菜市场") }, h.screen.text)
        h.press(.enter)
        XCTAssertEqual(field(h, "点位"), ">点位             A03              菜市场")
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "PersonListed")
        XCTAssertEqual(h.lastData()["cell"] as? String, "A03")
    }

    // MARK: 开始巡逻 带队

    @Test func test_patrol_form_cleared_lead_tab_past_then_f10_is_refused_at_the_lead() throws {
        let h = try ConsoleHarness()
        let bytes = h.journal.fileBytes
        h.press(.character("2"), .character("n"))
        h.press(.tab, .tab)  // mode, dress → 带队 (prefilled with the operator)
        h.press(.ctrl("u"))  // cleared
        XCTAssertEqual(field(h, "带队"), ">带队")
        h.press(.tab)
        XCTAssertEqual(field(h, "带队"), " 带队")
        h.press(.f(10))
        assertNothingWritten(h, since: bytes)
        XCTAssertEqual(field(h, "带队"), ">带队")
        XCTAssertTrue(h.trimmed[22].contains("带队"), h.trimmed[22])
        // Typing over the accepted value replaces it: 031246 over 031245, never 031245031246.
        h.press(.down, .down, .enter)
        XCTAssertEqual(field(h, "带队"), ">带队       031246           李娜")
        h.type("031245")
        XCTAssertEqual(field(h, "带队"), ">带队       031245           张伟")
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "PatrolStarted")
        XCTAssertEqual(h.lastData()["lead"] as? String, "031245")
    }

    // MARK: the check-in line

    @Test func test_checkin_line_tab_never_completes_and_enter_on_empty_is_refused() throws {
        let h = try ConsoleHarness()
        h.press(.character("2"), .character("n"), .f(10))
        XCTAssertEqual(h.eventTypes.last, "PatrolStarted")
        let bytes = h.journal.fileBytes
        h.press(.character("c"), .tab, .enter)
        assertNothingWritten(h, since: bytes)
        XCTAssertEqual(h.row(containing: "签到点位"), "签到点位>")
        XCTAssertTrue(h.trimmed[22].contains("点位"), h.trimmed[22])
        // A part of a code: Tab keeps it as typed; Enter fills the highlighted cell, a second Enter records.
        h.type("A0")
        h.press(.tab)
        XCTAssertEqual(h.row(containing: "签到点位"), "签到点位> A0")
        assertNothingWritten(h, since: bytes)
        h.press(.enter)
        XCTAssertEqual(h.row(containing: "签到点位"), "签到点位> A01          幸福小区")
        h.press(.enter)
        XCTAssertEqual(h.eventTypes.last, "PatrolCheckedIn")
    }
}
