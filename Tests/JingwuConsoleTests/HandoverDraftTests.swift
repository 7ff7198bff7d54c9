import Foundation
import JingwuDomain
import JingwuJournal
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// 交接班 (issue 17): the draft lists the disputes concluded in the shift and the follow-ups (回访)
/// done in it; notes are several lines, kept whole in the event and the report; F10 asks before
/// handing over; the incoming officer's acknowledgement takes one sign-in (HandTerminalOverTests).
@Suite(.serialized) final class HandoverDraftTests {
    /// Before the shift (08:00–08:10): D2026-0001 opened and resolved, D2026-0002 opened. The shift
    /// S0001 opens at 09:00; in it D2026-0002 is resolved (09:10), D2026-0001 followed up (09:20),
    /// D2026-0003 opened (09:30) and closed unresolved (09:40). The clock ends at 10:00.
    static func office() throws -> ConsoleHarness {
        try ConsoleHarness(now: "2026-05-04T08:00:00+08:00", seed: { o, clock in
            let me = "031245"
            let d1 = try o.execute(OpenDispute(category: .neighbour, parties: ["王某", "李某"], cell: "A03",
                                               summary: "楼上漏水"), as: me).entityID!
            clock.advance(minutes: 5)
            try o.execute(ResolveDispute(dispute: d1, agreement: "楼上修缮"), as: me)
            clock.advance(minutes: 5)
            let d2 = try o.execute(OpenDispute(category: .neighbour, parties: ["赵某", "钱某"], cell: "A01",
                                               summary: "噪音扰民"), as: me).entityID!
            clock.advance(minutes: 50)
            try o.execute(OpenShift(duty: me), as: me)  // 09:00
            clock.advance(minutes: 10)
            try o.execute(ResolveDispute(dispute: d2, agreement: "晚十点后不装修"), as: me)
            clock.advance(minutes: 10)
            try o.execute(FollowUpDispute(dispute: d1, note: "双方满意"), as: me)
            clock.advance(minutes: 10)
            let d3 = try o.execute(OpenDispute(category: .neighbour, parties: ["孙某", "周某"], cell: "A02",
                                               summary: "占道停车"), as: me).entityID!
            clock.advance(minutes: 10)
            try o.execute(CloseDispute(dispute: d3, reason: "一方拒绝调解"), as: me)
            clock.advance(minutes: 20)  // 10:00
        })
    }

    /// The draft's rows from `title` on (the draft scrolled with ↓ until it is in view).
    private func rows(from title: String, _ count: Int, _ h: ConsoleHarness) -> [String] {
        for _ in 0..<60 where !h.trimmed.contains(where: { $0.hasPrefix(title) }) { h.press(.down) }
        guard let start = h.trimmed.firstIndex(where: { $0.hasPrefix(title) }) else {
            XCTFail("no row " + title + ":\n" + h.screen.text)
            return []
        }
        // The row after the section may be below the screen: scroll so the whole section shows.
        while start + count > 22, h.trimmed.firstIndex(where: { $0.hasPrefix(title) }).map({ $0 + count > 22 }) ?? false {
            let before = h.screen.text
            h.press(.down)
            if h.screen.text == before { break }
        }
        let first = h.trimmed.firstIndex { $0.hasPrefix(title) }!
        return Array(h.trimmed[first..<min(first + count, 22)])
    }

    @Test func test_the_draft_lists_disputes_concluded_and_follow_ups_done_in_the_shift() throws {
        let h = try Self.office()
        h.press(.character("7"))
        XCTAssertEqual(h.trimmed[2], "交接班草稿 S0001 值班 张伟 05-04 09:00 — 10:00", h.screen.text)
        // Concluded in the shift: D2026-0002 (调处成功 09:10) and D2026-0003 (终止调解 09:40); not
        // D2026-0001, resolved before the shift began.
        XCTAssertEqual(rows(from: "■ 本班办结纠纷", 3, h), [
            "■ 本班办结纠纷 2",
            "  D2026-0002 09:10 邻里 A01 幸福小区 调处成功",
            "  D2026-0003 09:40 邻里 A02 东街 终止调解",
        ])
        XCTAssertEqual(rows(from: "■ 本班回访", 2, h), [
            "■ 本班回访 1",
            "  D2026-0001 09:20 邻里 双方满意",
        ])
        // The printed report has the same sections, in the same order as the draft.
        let report = try XCTUnwrap(h.office.state.handoverReport(shift: "S0001", now: h.clock.date))
        let printed = ReportRenderer.render(ReportBuilder(state: h.office.state, strings: h.session.strings, now: h.clock.date)
            .handover(report), as: .text)
        let lines = printed.split(separator: "\n").map(String.init)
        let concluded = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("■ 本班办结纠纷") }, printed)
        let followUps = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("■ 本班回访") }, printed)
        XCTAssertTrue(lines[concluded..<followUps].contains { $0.contains("D2026-0003") && $0.contains("终止调解") }, printed)
        XCTAssertTrue(lines[followUps...].contains { $0.contains("D2026-0001") && $0.contains("双方满意") }, printed)
        let keys = report.sections.map(\.key)
        XCTAssertEqual(report.sections.first { $0.key == .disputesConcluded }?.items, ["D2026-0002", "D2026-0003"])
        XCTAssertEqual(report.sections.first { $0.key == .followUpsDone }?.items, ["D2026-0001"])
        XCTAssertLessThan(keys.firstIndex(of: .disputesMediated)!, keys.firstIndex(of: .disputesConcluded)!)
        XCTAssertLessThan(keys.firstIndex(of: .disputesConcluded)!, keys.firstIndex(of: .disputesPending)!)
        XCTAssertLessThan(keys.firstIndex(of: .followUpsDone)!, keys.firstIndex(of: .followUpsDue)!)
    }

    @Test func test_notes_of_two_lines_are_kept_whole_in_the_event_the_report_and_the_screen() throws {
        let h = try Self.office()
        h.press(.character("7"), .character("h"))
        h.type("031246")
        h.press(.tab)
        h.type("东街路灯坏了两盏")
        h.press(.enter)  // a new line inside the notes, not the next field
        h.type("菜市场夜间注意防盗")
        XCTAssertEqual(Array(h.trimmed[4...7]), [
            " 接班人     031246           李娜",
            ">交班说明   东街路灯坏了两盏",
            "            菜市场夜间注意防盗",
            "",
        ], h.screen.text)
        h.press(.tab)  // the documented key that moves on
        XCTAssertEqual(h.trimmed[8], ">交接事项", h.screen.text)
        h.press(.f(10), .character("y"))
        XCTAssertEqual(h.eventTypes.last, "ShiftHandedOver")
        XCTAssertEqual(h.lastData()["notes"] as? String, "东街路灯坏了两盏\n菜市场夜间注意防盗")
        // Between shifts the screen shows what the incoming officer is asked to acknowledge, line by line.
        XCTAssertEqual(h.trimmed[3], "交班说明：东街路灯坏了两盏", h.screen.text)
        XCTAssertEqual(h.trimmed[4], "    菜市场夜间注意防盗", h.screen.text)
        // The printed report keeps both lines (Markdown: the same item, a line break between).
        let report = try XCTUnwrap(h.office.state.handoverReport(shift: "S0001", now: h.clock.date))
        let document = ReportBuilder(state: h.office.state, strings: h.session.strings, now: h.clock.date).handover(report)
        XCTAssertEqual(document.notes.first?.text, "东街路灯坏了两盏\n菜市场夜间注意防盗")
        let markdown = ReportRenderer.render(document, as: .md)
        XCTAssertTrue(markdown.contains("东街路灯坏了两盏") && markdown.contains("菜市场夜间注意防盗"), markdown)
    }

    @Test func test_f10_asks_before_handing_over_and_no_keeps_the_form_as_typed() throws {
        let h = try Self.office()
        h.press(.character("7"), .character("h"))
        h.type("031246")
        h.press(.tab)
        h.type("平稳")
        let before = h.journal.headHash
        h.press(.f(10))
        XCTAssertEqual(h.journal.headHash, before, "nothing is written before the answer")
        let box = h.trimmed.filter { $0.contains("│") || $0.contains("┌") }.joined(separator: "\n")
        XCTAssertTrue(box.contains("确认交班 S0001"), h.screen.text)
        XCTAssertTrue(box.contains("交给 李娜。交班后不能修改，确认交班？"), h.screen.text)
        h.press(.character("n"))
        XCTAssertEqual(h.journal.headHash, before)
        XCTAssertEqual(h.trimmed[22], " 尚未交班，可继续修改", h.screen.text)
        XCTAssertEqual(h.trimmed[5], ">交班说明   平稳", h.screen.text)
        // Enter on the question answers with the focused button, which starts on no.
        h.press(.f(10), .enter)
        XCTAssertEqual(h.journal.headHash, before)
        h.press(.f(10), .character("y"))
        XCTAssertEqual(h.eventTypes.last, "ShiftHandedOver")
        XCTAssertEqual(h.trimmed[22], " S0001 已交班给 李娜，等待接班确认")
    }

    @Test func test_a_handover_refused_is_refused_at_its_field_before_any_question() throws {
        let h = try Self.office()
        h.press(.character("7"), .character("h"))
        h.type("031246")
        let before = h.journal.headHash
        h.press(.f(10))  // no notes
        XCTAssertEqual(h.journal.headHash, before)
        XCTAssertFalse(h.screen.text.contains("确认交班"), h.screen.text)
        // The empty notes field names its keys under the cursor's row; the refusal is under the field.
        XCTAssertEqual(Array(h.trimmed[5...8]), [
            ">交班说明",
            "            Enter 换行 · Tab 下一项 · F10 交班",
            "",
            "            交班说明：必须填写",
        ], h.screen.text)
        XCTAssertEqual(h.trimmed[22], " 交班说明：必须填写")
    }
}
