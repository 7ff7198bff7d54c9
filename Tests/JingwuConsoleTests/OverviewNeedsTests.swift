import Foundation
import JingwuDomain
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// 总览 answers "what needs me now" (issue 17): the previous handover's notes and carried items,
/// objections, fraud warnings, patrols out, open hazards with days open, 回访 due, visits
/// overdue, most urgent first; the parts with nothing last, one line each; Enter opens each item.
@Suite(.serialized) final class OverviewNeedsTests {
    /// Nine days of an office: a dispute resolved on 04-26 (its 回访 due 05-03, overdue) and one
    /// on 04-28 10:00 (due today), a hazard found on 05-01 still open, a person listed on 05-01
    /// to be visited daily and never visited, the day shift handed over with notes and carried
    /// items, acknowledged with an objection, a fraud warning, a patrol out. The clock ends
    /// 05-05 09:30.
    static func office() throws -> ConsoleHarness {
        try ConsoleHarness(now: "2026-04-26T09:00:00+08:00", operatorBadge: "031246", seed: { o, clock in
            let me = "031245"
            try o.execute(OpenShift(duty: me), as: me)
            let d1 = try o.execute(OpenDispute(category: .neighbour, parties: ["王某", "李某"], cell: "A03", summary: "楼上漏水"),
                                   as: me).entityID!
            try o.execute(ResolveDispute(dispute: d1, agreement: "修好水管，赔偿五百元"), as: me)
            clock.advance(minutes: 2 * 24 * 60 + 60)  // 04-28 10:00
            let d2 = try o.execute(OpenDispute(category: .family, parties: ["赵某"], cell: "A01", summary: "赡养"), as: me).entityID!
            try o.execute(ResolveDispute(dispute: d2, agreement: "子女轮流照料"), as: me)
            clock.advance(minutes: 3 * 24 * 60 - 60)  // 05-01 09:00
            try o.execute(ReportHazard(patrol: nil, cell: "A02", category: .fire, note: "消防通道堵塞"), as: me)
            try o.execute(ListPerson(name: "孙某", idNumber: HandoverScreenTests.idNumber(3), category: .released,
                                     residency: .presentRegistered, cell: "A01", officer: me, intervalDays: 1), as: me)
            clock.advance(minutes: 3 * 24 * 60 + 60 * 8)  // 05-04 17:00
            try o.execute(HandOverShift(to: "031246", notes: "菜市场夜间注意\n学校路路灯坏了", carried: ["钥匙两把", "对讲机"]),
                          as: me)
            clock.advance(minutes: 10)
            try o.execute(AcknowledgeShift(by: "031246", objections: "对讲机电池没电"), as: "031246")
            clock.advance(minutes: 15 * 60)  // 05-05 08:10
            try o.execute(ReceiveFraudWarning(level: .high, target: "王大妈", phone: "13800001234", cell: "A01"), as: "031246")
            try o.execute(StartPatrol(mode: .foot, lead: "031246", cells: ["A01"]), as: "031246")
            clock.advance(minutes: 80)  // 05-05 09:30
        })
    }

    @Test func test_overview_lists_what_needs_the_officer_most_urgent_first() throws {
        let h = try Self.office()
        h.press(.character("1"))
        XCTAssertEqual(Array(h.trimmed[2...21]), [
            " 当班 S0002：李娜（031246），05-04 17:10 接班，班组 0 人",
            "    本班无民警在岗",
            "",
            " 上一班交接 S0001：张伟 05-04 17:00 交班",
            "    交班说明：菜市场夜间注意",
            "              学校路路灯坏了",
            "    交接事项：钥匙两把",
            "    交接事项：对讲机",
            "",
            " 接班异议（未见处理记录） 1",
            "    S0001 李娜 05-04 17:10 接班异议：对讲机电池没电",
            "",
            " 反诈预警待劝阻 1",
            "    F0001 高 王大妈 138****1234  05-05 08:10  待劝阻",
            "",
            " 在巡 1 组",
            "    P0001 步巡 李娜  已出 1:20  签到 0",
            "",
            " 未整改隐患 1",
            "    H0001 消防 A02  已 4 天  消防通道堵塞",
        ], h.screen.text)
        // Below: 回访 due (the overdue one first), the visit overdue, then on down.
        h.press(.end)
        XCTAssertEqual(Array(h.trimmed[2...21]).filter { !$0.isEmpty }.suffix(12), [
            " 回访到期 2（逾期 1）",
            "    D2026-0001 邻里 王某、李某  回访逾期 2 天",
            "    D2026-0002 婚姻家庭 赵某  今日应回访",
            " 重点人员走访逾期 1",
            "    K0001 孙某 刑满释放人员  逾期 3 天",
            " 超出巡逻时限的点位 4",
            "    A01 幸福小区 从未签到",
            "    A02 东街 从未签到",
            "    A03 菜市场 从未签到",
            "    A04 学校路 从未签到",
            " 未结矛盾纠纷 0",
            " 今日警情 0",
        ], h.screen.text)
    }

    @Test func test_each_line_opens_its_item() throws {
        let h = try Self.office()
        h.press(.character("1"))
        // The first item is the previous handover: Enter opens its review.
        h.press(.enter)
        XCTAssertEqual(h.app.current, .handover)
        XCTAssertTrue(h.screen.text.contains("S0001"), h.screen.text)
        // The hazard opens in the list of hazards still open, selected.
        h.press(.character("1"), .home)
        for _ in 0..<7 { h.press(.down) }  // the notes' two lines, two carried items, objection, warning, patrol
        XCTAssertEqual(h.trimmed.first { $0.hasPrefix(">") || $0.contains("H0001") }.map { $0.contains("H0001") }, true)
        h.press(.enter)
        XCTAssertEqual(h.app.current, .patrols)
        XCTAssertTrue(h.trimmed[2].hasPrefix("未整改隐患"), h.screen.text)
        XCTAssertTrue(h.trimmed.contains { $0.hasPrefix(">H0001") || $0.hasPrefix("> H0001") || $0.contains("H0001") }, h.screen.text)
        // A 回访 opens the case file.
        h.press(.escape, .character("1"), .home)
        for _ in 0..<8 { h.press(.down) }
        h.press(.enter)
        XCTAssertEqual(h.app.current, .disputes)
        XCTAssertTrue(h.screen.text.contains("D2026-0001"), h.screen.text)
    }

    /// Long notes wrap under their label, whole; a phone number in them shows masked, never split across two rows.
    @Test func test_previous_handover_notes_wrap_whole_and_masked() throws {
        let notes = "菜市场东门夜间有人聚集饮酒，请巡逻时重点关注；联系人老王电话13912345678，"
            + "学校路路灯三盏不亮，已报社区，明早跟进维修进度。"
        let h = try ConsoleHarness(seed: { o, clock in
            try o.execute(OpenShift(duty: "031245"), as: "031245")
            clock.advance(minutes: 60)
            try o.execute(HandOverShift(to: "031246", notes: notes, carried: []), as: "031245")
            try o.execute(AcknowledgeShift(by: "031246"), as: "031246")
        })
        h.press(.character("1"))
        XCTAssertEqual(Array(h.trimmed[5...8]), [
            " 上一班交接 S0001：张伟 05-04 10:00 交班",
            "    交班说明：菜市场东门夜间有人聚集饮酒，请巡逻时重点关注；联系人老王电话",
            "              139****5678，学校路路灯三盏不亮，已报社区，明早跟进维修进度。",
            "",
        ], h.screen.text)
        XCTAssertFalse(h.screen.text.contains("13912345678"))
    }
}
