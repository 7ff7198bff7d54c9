import Foundation
import JingwuDomain
import JingwuJournal
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// Issue 20 on screen: 总览's disputes past their 化解时限, notices past due and last week's 排查
/// gap; the disputes screen's weekly 排查 (`w`) and reception day (`j`); a 整改通知书 from the open
/// hazards on the patrols screen (`z`), marked on the hazard's row.
@Suite(.serialized) final class CaseworkScreenTests {
    /// From Monday 04-20 09:00: a zero report for that week, a dispute due 04-25 18:00, a hazard
    /// with a notice due 04-22 18:00. The clock ends Monday 05-04 09:00: the week of 04-27 has no
    /// 排查, the dispute is 8 days over, the notice 11.
    static func office() throws -> ConsoleHarness {
        try ConsoleHarness(now: "2026-04-20T09:00:00+08:00", seed: { o, clock in
            let me = "031245"
            try o.execute(RecordScreening(community: "东街社区", zeroReport: true), as: me)
            try o.execute(OpenDispute(category: .neighbour, parties: ["王某", "李某"], cell: "A03", summary: "楼上漏水",
                                      personsCount: 3, flags: [.groupFight], deadline: RFC3339.parse("2026-04-25T18:00:00+08:00")),
                          as: me)
            try o.execute(ReportHazard(patrol: nil, cell: "A02", category: .fireLane, note: "私家车占用消防通道"), as: me)
            try o.execute(IssueRectificationNotice(hazard: "H0001", partyKind: .unit, party: "东街物业", items: "清理消防通道",
                                                   deadline: RFC3339.parse("2026-04-22T18:00:00+08:00")!), as: me)
            clock.advance(minutes: 14 * 24 * 60)  // 05-04 09:00
        })
    }

    @Test func test_the_overview_lists_the_overdue_dispute_the_notice_past_due_and_the_screening_gap() throws {
        let h = try Self.office()
        h.press(.character("1"))
        h.press(.end)
        let rows = h.trimmed.filter { !$0.isEmpty }
        let start = try XCTUnwrap(rows.firstIndex { $0.hasPrefix(" 超过化解时限的纠纷") })
        XCTAssertEqual(Array(rows[start..<(start + 6)]), [
            " 超过化解时限的纠纷 1",
            "    D2026-0001 邻里  时限 04-25 18:00  超 8 天  责任人 张伟",
            " 逾期未整改的整改通知书 1",
            "    R0001 隐患 H0001 东街物业  期限 04-22 18:00  超 11 天",
            " 上周（2026-04-27 起）未报矛盾纠纷排查的社区 1",
            "    东街社区",
        ], h.screen.text)
    }

    @Test func test_the_case_file_shows_persons_flags_deadline_and_responsible() throws {
        let h = try Self.office()
        h.press(.character("5"))
        h.press(.enter)
        XCTAssertEqual(Array(h.trimmed[2...7]), [
            "D2026-0001  邻里  待调处  已 14 天",
            "受理 2026-04-20 09:00 · 来源 群众求助 · 点位 A03 菜市场",
            "当事人 王某、李某",
            "纠纷概况 楼上漏水",
            "涉及人数 3 · 风险标记 群体性械斗",
            "化解时限 2026-04-25 18:00（已超期 8 天）· 责任人 张伟（031245）",
        ], h.screen.text)
    }

    @Test func test_the_weekly_screening_form_refuses_a_zero_report_for_a_week_with_findings() throws {
        let h = try Self.office()
        let before = h.journal.fileBytes
        h.press(.character("5"))
        h.press(.character("w"))
        h.press(.tab, .tab)
        h.type("2")
        h.press(.f(10))
        XCTAssertEqual(h.trimmed.last { !$0.isEmpty && !$0.hasPrefix("F1") }, " 已记录 东街社区 本周排查", h.screen.text)
        let written = h.journal.fileBytes
        XCTAssertNotEqual(written, before)
        h.press(.character("w"))
        h.press(.tab, .right)
        h.press(.f(10))
        XCTAssertEqual(Array(h.trimmed[2...6]), [
            "每周矛盾纠纷排查（有发现填件数；无发现报零报告）",
            "",
            " 社区             东街社区",
            ">零报告           < 是 >",
            "                  零报告：东街社区 2026-05-04 当周已排查出 2 件，不能报零报告",
        ], h.screen.text)
        XCTAssertEqual(h.journal.fileBytes, written, "the refusal wrote nothing")
    }

    @Test func test_a_notice_is_issued_from_the_open_hazards_and_marked_on_the_hazard() throws {
        let h = try ConsoleHarness(seed: { o, _ in
            try o.execute(ReportHazard(patrol: nil, cell: "A01", category: .clutter, note: "楼道堆放杂物"), as: "031245")
        })
        h.press(.character("2"))
        h.press(.character("o"))
        h.press(.character("z"))
        h.type("幸福物业")
        h.press(.tab)
        h.type("清理楼道杂物")
        h.press(.tab)
        h.type("2026-05-03 18:00")
        h.press(.f(10))
        XCTAssertEqual(h.row(containing: "整改期限："), "                   整改期限：2026-05-03 18:00 须晚于登记时间 2026-05-04 09:00")
        for _ in 0..<16 { h.press(.backspace) }
        h.type("2026-05-07 18:00")
        h.press(.f(10))
        XCTAssertEqual(Array(h.trimmed[4...5]), [
            "编号  发现时间    天数 点位           类别         说明",
            "H0001 05-04 09:00    0 A01 幸福小区   楼道杂物     〔R0001 期限 05-07 18:00〕 …",
        ], h.screen.text)
        XCTAssertEqual(h.session.state.casework.notice("R0001")?.party, "幸福物业")
    }
}
