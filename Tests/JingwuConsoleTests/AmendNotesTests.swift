import Foundation
import JingwuDomain
import JingwuJournal
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// Amending a handover's notes from 日志 (`m`) keeps them as lines: the form edits them one row
/// each, and the amendment stores the line breaks (before, the lines were run together).
@Suite(.serialized) final class AmendNotesTests {
    @Test func test_amending_handover_notes_in_the_journal_keeps_their_lines() throws {
        let h = try ConsoleHarness(seed: { o, clock in
            try o.execute(OpenShift(duty: "031245"), as: "031245")
            clock.advance(minutes: 60)
            try o.execute(HandOverShift(to: "031246", notes: "菜市场夜间注意\n学校路路灯坏了"), as: "031245")
        })
        h.press(.character("8"), .end, .enter, .character("m"))
        XCTAssertEqual(Array(h.trimmed[2...6]), [
            "更正第 8 条 交班（只改需要改的字段）",
            "",
            ">情况说明   菜市场夜间注意",
            "            学校路路灯坏了",
            "",
        ], h.screen.text)
        XCTAssertNotNil(h.row(containing: " 更正原因   必填"))
        h.press(.end, .enter)  // a third line after the second
        h.type("已报修")
        h.press(.tab)
        h.type("补一行")
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "EntryAmended", h.screen.text)
        XCTAssertEqual((h.lastData()["changes"] as? [String: String])?["notes"], "菜市场夜间注意\n学校路路灯坏了\n已报修")
        XCTAssertEqual(h.office.state.shifts.shift("S0001")?.handover?.notes, "菜市场夜间注意\n学校路路灯坏了\n已报修")
        let at = try XCTUnwrap(h.trimmed.firstIndex { $0.hasPrefix("  #9 ") }, h.screen.text)
        XCTAssertEqual(Array(h.trimmed[at...(at + 2)]), [
            "  #9 05-04 10:00 031245 张伟 更正 情况说明=菜市场夜间注意",
            "    学校路路灯坏了",
            "    已报修（原因：补一行）",
        ], h.screen.text)
    }
}
