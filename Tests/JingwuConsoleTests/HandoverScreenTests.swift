import Foundation
import JingwuDomain
import JingwuJournal
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// 交接班 on the virtual screen: a whole shift, its handover draft against figures worked
/// out by hand, handing over, acknowledging with an objection, and the review afterwards.
@Suite(.serialized) final class HandoverScreenTests {
    static func idNumber(_ n: Int) -> String {
        let first17 = String(format: "11010519800101%03d", 100 + n)
        return first17 + String(ResidentID.checkCharacter(for: first17)!)
    }

    /// Opens the shift on screen at 09:00, then writes a shift's work through the office:
    /// a foot patrol 09:00–09:40 (A01 09:10, A02 09:20, hazard A02 09:25), a vehicle patrol
    /// from 09:45 still out (A03 10:05), a visit, a dispute opened and mediated, an incident.
    /// The clock ends at 10:30.
    func runShift(_ h: ConsoleHarness) throws {
        h.press(.character("7"))
        XCTAssertEqual(h.trimmed[2], "当前没有在班的班次。按 o 上岗。")
        h.press(.character("o"))
        XCTAssertEqual(h.trimmed[6], " 班次模板   < 白班 08:00–20:00 >", h.screen.text)  // template of the hour
        h.press(.f(10))
        XCTAssertEqual(Array(h.eventTypes.suffix(1)), ["ShiftOpened"])
        let o = h.office
        let me = "031245"
        let foot = try o.execute(StartPatrol(mode: .foot, lead: me, cells: ["A01", "A02"]), as: me).entityID!
        h.clock.advance(minutes: 10)
        try o.execute(CheckInPatrol(patrol: foot, cell: "A01"), as: me)
        h.clock.advance(minutes: 10)
        try o.execute(CheckInPatrol(patrol: foot, cell: "A02"), as: me)
        h.clock.advance(minutes: 5)
        try o.execute(ReportHazard(patrol: foot, cell: "A02", category: .fire, note: "消防通道堵塞"), as: me)
        h.clock.advance(minutes: 15)
        try o.execute(EndPatrol(patrol: foot, summary: "正常"), as: me)  // 09:40
        h.clock.advance(minutes: 5)
        let car = try o.execute(StartPatrol(mode: .vehicle, lead: "031246"), as: me).entityID!  // 09:45
        h.clock.advance(minutes: 20)
        try o.execute(CheckInPatrol(patrol: car, cell: "A03"), as: me)  // 10:05
        let person = try o.execute(ListPerson(name: "赵某", idNumber: Self.idNumber(1), category: .released,
                                              residency: .presentRegistered, cell: "A01", officer: me), as: me).entityID!
        h.clock.advance(minutes: 5)
        try o.execute(RecordVisit(person: person, method: .home, officer: me, findings: "在家,情况稳定"), as: me)  // 10:10
        let dispute = try o.execute(OpenDispute(category: .neighbour, parties: ["王某", "李某"], cell: "A03",
                                                summary: "楼上漏水"), as: me).entityID!
        h.clock.advance(minutes: 10)
        try o.execute(HoldMediation(dispute: dispute, kind: .people, mediators: ["调解员甲"], notes: "约定周末修缮"), as: me)
        try o.execute(LogIncident(cell: "A02", kind: .theft, summary: "电动车被盗", source: .call), as: me)  // 10:20
        h.clock.advance(minutes: 10)  // 10:30
        h.press(.ctrl("l"))
    }

    @Test func test_whole_shift_draft_hand_over_and_acknowledge_with_objection_on_screen() throws {
        let h = try ConsoleHarness()
        try runShift(h)
        // Hand-computed: foot 09:00–09:40 = 0:40 (A01, A02); vehicle 09:45–10:30 = 0:45 (A03), still out;
        // 85 minutes in all; A04 never checked in; one hazard, visit, dispute (mediated, pending), incident (open).
        // The sections of `jingwu report handover`, in its order, with its titles (issue 15).
        XCTAssertEqual(Array(h.trimmed[2...16]), [
            "交接班草稿 S0001 值班 张伟 05-04 09:00 — 10:30  白班",
            "■ 本班巡逻方式 2 · 共 2 次 用时 1:25 · 盘查 0",
            "  步巡 1 次 0:40 点位 A01 A02",
            "  车巡 1 次 0:45 点位 A03",
            "■ 交班时在巡（未收队） 1",
            "  仍在巡：P0002 车巡 李娜 09:45 出发",
            "■ 交班时逾期未巡点位 1",
            "  A04 学校路 从未签到",
            "■ 本班发现隐患 1",
            "  H0001 09:25 A02 东街 消防 消防通道堵塞",
            "■ 交班时未整改隐患（含往班发现） 1",
            "  H0001 09:25 A02 东街 消防 消防通道堵塞",
            "■ 本班已整改隐患 0",
            "■ 本班走访 1",
            "  10:10 K0001 赵某 上门走访 张伟",
        ], h.screen.text)
        h.press(.pageDown)
        XCTAssertNotNil(h.row(containing: "■ 交班时走访逾期 0"))
        XCTAssertNotNil(h.row(containing: "■ 本班新受理纠纷 1"))
        XCTAssertNotNil(h.row(containing: "D2026-0001 邻里 A03 菜市场 调解中"))
        XCTAssertNotNil(h.row(containing: "■ 本班调解 1"))
        XCTAssertNotNil(h.row(containing: "■ 交班时在办纠纷 1"))
        XCTAssertNotNil(h.row(containing: "D2026-0001 邻里 A03 菜市场 下一步：继续调解（上次 05-04 10:20）"))
        h.press(.end)
        XCTAssertNotNil(h.row(containing: "■ 本班警情 1"))
        XCTAssertNotNil(h.row(containing: "■ 交班时未结警情（含往班） 1"))
        XCTAssertNotNil(h.row(containing: "I0001 05-04 10:20 A02 东街 盗窃 未结"))
        XCTAssertNotNil(h.row(containing: "■ 交班时反诈预警未劝阻 0"))
        XCTAssertNotNil(h.row(containing: "■ 上一班交接事项 0"))

        // Hand over with notes and two carried items.
        h.press(.character("h"))
        h.type("031246")
        h.press(.tab)
        h.type("夜间注意菜市场")
        h.press(.tab)
        h.type("钥匙两把;对讲机一台")
        // F10 asks first: a handover cannot be edited afterwards (issue 17).
        h.press(.f(10), .character("y"))
        XCTAssertEqual(h.eventTypes.last, "ShiftHandedOver")
        XCTAssertEqual(h.lastData()["carried"] as? [String], ["钥匙两把", "对讲机一台"])
        XCTAssertEqual(h.trimmed[22], " S0001 已交班给 李娜，等待接班确认")
        XCTAssertEqual(h.trimmed[2], "! S0001 由 张伟 于 05-04 10:30 交给 李娜，尚未确认接班（按 a）")

        // The incoming officer acknowledges with an objection and opens her shift.
        h.clock.advance(minutes: 5)
        h.press(.character("a"))
        XCTAssertEqual(h.trimmed[2], "接班确认 S0001：张伟 交给 李娜")
        h.press(.tab)
        h.type("对讲机电量不足")
        h.press(.f(10))
        XCTAssertEqual(Array(h.eventTypes.suffix(2)), ["ShiftAcknowledged", "ShiftOpened"])
        XCTAssertEqual(h.session.operatorBadge, "031246", "the incoming officer now writes in her own name")
        XCTAssertEqual(h.trimmed[22], " 李娜 已确认接班（有异议，已记录），当前班次 S0002")
        let shift = try XCTUnwrap(h.office.state.shifts.shift("S0001"))
        XCTAssertEqual(shift.acknowledgement?.objections, "对讲机电量不足")
        XCTAssertEqual(shift.acknowledgement?.by, "031246")
        // The new draft carries the previous handover's items.
        XCTAssertTrue(h.trimmed[2].hasPrefix("交接班草稿 S0002 值班 李娜 05-04 10:35"), h.screen.text)
        h.press(.end)
        XCTAssertNotNil(h.row(containing: "■ 上一班交接事项 2"))
        XCTAssertNotNil(h.row(containing: "  · 钥匙两把"))

        // Past handovers: S0001 acknowledged with an objection.
        h.press(.character("l"))
        XCTAssertEqual(h.trimmed[2], "交接班记录 1 条 · 未确认接班 0 · 事项连续移交≥3班 0")
        XCTAssertTrue(h.trimmed[4].hasPrefix("S0001 2026-05-04 10:30 张伟"), h.screen.text)
        XCTAssertTrue(h.trimmed[4].contains("接班有异议") && h.trimmed[4].hasSuffix(" 2"), h.screen.text)
        h.press(.enter)
        XCTAssertEqual(h.trimmed[2], "交接班 S0001：张伟 → 李娜 上岗 2026-05-04 09:00 交班 05-04 10:30")
        XCTAssertEqual(h.trimmed[3], "接班确认：李娜 05-04 10:35")
        XCTAssertEqual(h.trimmed[4], "异议：对讲机电量不足")
        XCTAssertEqual(h.trimmed[5], "异议处理：未见处理记录（x 记录）")
        XCTAssertTrue(h.trimmed[6].hasPrefix("■ 交班时的报告（日志截至第"), h.screen.text)
        XCTAssertEqual(h.trimmed[7], "交班说明：夜间注意菜市场")
        XCTAssertEqual(h.trimmed[8], "■ 本班巡逻方式 2 · 共 2 次 用时 1:25 · 盘查 0")
    }

    @Test func test_opening_a_shift_while_one_is_open_says_whose_it_is() throws {
        let h = try ConsoleHarness()
        try runShift(h)
        let before = h.eventTypes.count
        h.press(.character("7"), .character("o"))
        XCTAssertNotNil(h.row(containing: "S0001 仍在进行"), h.screen.text)
        XCTAssertEqual(h.eventTypes.count, before)
    }

    @Test func test_review_after_later_amendments_shows_the_report_as_handed_over_and_what_changed() throws {
        let h = try ConsoleHarness()
        try runShift(h)
        let me = "031245"
        try h.office.execute(HandOverShift(to: "031246", notes: "夜间注意菜市场", carried: ["钥匙两把"]), as: me)
        h.clock.advance(minutes: 5)
        try h.office.execute(AcknowledgeShift(by: "031246"), as: "031246")
        // Afterwards: the A02 check-in is voided, the handover notes amended, a visit back-dated into the shift.
        h.clock.advance(minutes: 30)
        let a02 = try XCTUnwrap(h.office.state.patrols.checkIns.first { $0.cell == "A02" }).event
        try h.office.execute(VoidEntry(event: a02, reason: "签到点选错"), as: me)
        let handoverEvent = try XCTUnwrap(h.office.state.shifts.shift("S0001")?.handover?.event)
        try h.office.execute(AmendEntry(event: handoverEvent, reason: "补充说明", changes: ["notes": "夜间注意菜市场和学校路"]),
                             as: me)

        h.press(.character("7"), .character("l"), .enter)
        let lines = (h.app.screen(.handover) as! HandoverScreen).reviewLines("S0001", h.session).map(\.text)
        // As handed over: A02 was covered, one cell past its window, the original notes.
        XCTAssertTrue(lines.contains("  步巡 1 次 0:40 点位 A01 A02"), lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains("■ 交班时逾期未巡点位 1"))
        XCTAssertTrue(lines.contains("交班说明：夜间注意菜市场"))
        // Separately, what changed since.
        let since = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("■ 交班以后的变化") })
        XCTAssertEqual(lines[since], "■ 交班以后的变化 2")
        XCTAssertTrue(lines[since + 1].hasSuffix("031245 张伟 作废 巡逻签到（原因：签到点选错）"), lines[since + 1])
        XCTAssertTrue(lines[since + 2].hasSuffix("031245 张伟 更正 交班：notes=夜间注意菜市场和学校路（原因：补充说明）"),
                      lines[since + 2])
        XCTAssertEqual(Array(lines[(since + 3)...]), [
            "■ 按现在所知，数字变为",
            "  逾期未巡点位 1 → 2",
            "  交班说明现为：夜间注意菜市场和学校路",
            "■ 交班时未了、此后已处理 0",
        ])
        // And on screen.
        XCTAssertNotNil(h.row(containing: "交班说明：夜间注意菜市场"))
    }

    /// Issue 15: the past-handover view shows what stood at the handover. Everything dealt with
    /// afterwards (the incident closed 受案, the dispute settled, the hazard put right, the patrol
    /// back, the fraud warning dissuaded) is open in the report as it stood, without its later
    /// outcome, and listed apart below; `report handover --shift` (same builder) agrees.
    @Test func test_review_shows_what_stood_at_the_handover_and_what_was_dealt_with_since_apart() throws {
        let h = try ConsoleHarness()
        try runShift(h)
        let me = "031245"
        let o = h.office
        let warning = try o.execute(ReceiveFraudWarning(level: .high, target: "王某", phone: "13800001234", cell: "A01"),
                                    as: me).entityID!
        try o.execute(HandOverShift(to: "031246", notes: "注意电动车", carried: []), as: me)  // 10:30
        h.clock.advance(minutes: 5)
        try o.execute(AcknowledgeShift(by: "031246"), as: "031246")
        h.clock.advance(minutes: 25)  // 11:00
        try o.execute(CloseIncident(incident: "I0001", disposition: .caseFiled, note: "已受案"), as: me)
        h.clock.advance(minutes: 1)
        try o.execute(ResolveDispute(dispute: "D2026-0001", agreement: "修缮完毕"), as: me)
        h.clock.advance(minutes: 1)
        try o.execute(ClearHazard(hazard: "H0001", note: "通道已清"), as: me)
        h.clock.advance(minutes: 1)
        try o.execute(EndPatrol(patrol: "P0002", summary: "正常"), as: me)
        h.clock.advance(minutes: 1)
        try o.execute(RecordDissuasion(warning: warning, by: me, method: .phone, outcome: .dissuaded), as: me)
        h.clock.advance(minutes: 30)

        h.press(.character("7"), .character("l"), .enter)
        let lines = (h.app.screen(.handover) as! HandoverScreen).reviewLines("S0001", h.session).map(\.text)
        let whole = lines.joined(separator: "\n")
        func after(_ header: String) -> String? {
            guard let i = lines.firstIndex(of: header), i + 1 < lines.count else { return nil }
            return lines[i + 1]
        }
        // As it stood at 10:30: open, with no later outcome in its section.
        XCTAssertEqual(after("■ 交班时未结警情（含往班） 1"), "  I0001 05-04 10:20 A02 东街 盗窃 未结", whole)
        XCTAssertEqual(after("■ 本班警情 1"), "  I0001 05-04 10:20 A02 东街 盗窃 未结", whole)
        XCTAssertEqual(after("■ 交班时在办纠纷 1"), "  D2026-0001 邻里 A03 菜市场 下一步：继续调解（上次 05-04 10:20）", whole)
        XCTAssertEqual(after("■ 交班时未整改隐患（含往班发现） 1"), "  H0001 09:25 A02 东街 消防 消防通道堵塞", whole)
        XCTAssertEqual(after("■ 本班已整改隐患 0"), "■ 本班走访 1", whole)
        XCTAssertEqual(after("■ 交班时在巡（未收队） 1"), "  仍在巡：P0002 车巡 李娜 09:45 出发", whole)
        XCTAssertEqual(after("■ 交班时反诈预警未劝阻 1"), "  F0001 05-04 10:30 高 王某 A01 幸福小区 待劝阻", whole)
        let stood = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("■ 交班以后的变化") })
        XCTAssertFalse(lines[..<stood].contains { $0.contains("受案") || $0.contains("调处成功") || $0.contains("通道已清") },
                       whole)
        // Apart: what was dealt with since, in order of time.
        let since = try XCTUnwrap(lines.firstIndex(of: "■ 交班时未了、此后已处理 5"), whole)
        XCTAssertEqual(Array(lines[(since + 1)...]), [
            "  I0001 05-04 11:00 受案（交班时列在「交班时未结警情（含往班）」）",
            "  D2026-0001 05-04 11:01 调处成功（交班时列在「交班时在办纠纷」）",
            "  H0001 05-04 11:02 已整改（交班时列在「交班时未整改隐患（含往班发现）」）",
            "  P0002 05-04 11:03 已收队（交班时列在「交班时在巡（未收队）」）",
            "  F0001 05-04 11:04 劝阻成功（交班时列在「交班时反诈预警未劝阻」）",
        ], whole)
        // On screen, whole rows.
        h.press(.end)
        XCTAssertNotNil(h.row(containing: "  I0001 05-04 11:00 受案（交班时列在「交班时未结警情（含往班）」）"))
        // The printed handover of S0001, made today, says the same as the review as it stood.
        let report = try XCTUnwrap(o.state.handoverReport(shift: "S0001", now: h.clock.now()))
        let printed = ReportRenderer.render(ReportBuilder(state: o.state, strings: h.session.strings, now: h.clock.now())
            .handover(report), as: .text)
        XCTAssertTrue(printed.contains("■ 交班时未结警情（含往班）（1）"), printed)
        let open = try XCTUnwrap(printed.split(separator: "\n").first { $0.hasPrefix("  I0001 ") })
        XCTAssertTrue(open.contains("未结") && !open.contains("受案"), String(open))
        XCTAssertEqual(report.sections.map(\.items), HandoverReview.entries(o.state).isEmpty ? [] :
                        try XCTUnwrap(try HandoverReview.review(shift: "S0001", journal: o.journal, policy: o.state.policy))
                            .reportThen.sections.map(\.items))
    }

    @Test func test_never_acknowledged_and_items_carried_three_shifts_are_marked() throws {
        let h = try ConsoleHarness()
        let o = h.office
        // Three handovers in a row carry 钥匙; the last one is never acknowledged.
        for (n, (duty, next)) in [("031245", "031246"), ("031246", "031245"), ("031245", "031246")].enumerated() {
            if n == 0 { try o.execute(OpenShift(duty: duty), as: duty) }
            h.clock.advance(minutes: 60)
            try o.execute(HandOverShift(to: next, notes: "第\(n + 1)班", carried: ["钥匙", "第\(n + 1)班文件"]), as: duty)
            if n < 2 {
                h.clock.advance(minutes: 5)
                try o.execute(AcknowledgeShift(by: next), as: next)
            }
        }
        let entries = HandoverReview.entries(o.state)
        XCTAssertEqual(entries.map(\.shift.id), ["S0003", "S0002", "S0001"])
        XCTAssertEqual(entries.map(\.neverAcknowledged), [true, false, false])
        XCTAssertEqual(entries.map(\.longCarried), [["钥匙"], [], []])
        h.press(.character("7"), .character("l"))
        XCTAssertEqual(h.trimmed[2], "交接班记录 3 条 · 未确认接班 1 · 事项连续移交≥3班 1")
        XCTAssertTrue(h.trimmed[4].hasPrefix("S0003"), h.screen.text)
        XCTAssertTrue(h.trimmed[4].hasSuffix("!未确认      2 !1"), h.trimmed[4])
        h.press(.up, .enter)  // the selection starts on the newest
        XCTAssertNotNil(h.row(containing: "!此次交班从未被确认接班"))
        h.press(.end)
        XCTAssertNotNil(h.row(containing: "  · 钥匙  !已连续移交 3 班"))
    }

    @Test func test_past_handovers_open_on_the_newest_even_after_a_newer_one_arrived() throws {
        let h = try ConsoleHarness()
        let o = h.office
        try o.execute(OpenShift(duty: "031245"), as: "031245")
        h.clock.advance(minutes: 60)
        try o.execute(HandOverShift(to: "031246", notes: "一", carried: []), as: "031245")
        h.clock.advance(minutes: 5)
        try o.execute(AcknowledgeShift(by: "031246"), as: "031246")
        h.press(.character("7"), .character("l"))
        XCTAssertTrue(h.screen.text.contains("S0001"), h.screen.text)
        h.press(.escape)
        h.clock.advance(minutes: 60)
        try o.execute(HandOverShift(to: "031245", notes: "二", carried: []), as: "031246")
        h.press(.character("l"), .enter)
        XCTAssertTrue(h.trimmed[2].contains("S0002"), "Enter opens the newest handover: " + h.screen.text)
    }

    @Test func test_handover_without_a_receiving_officer_is_refused_at_the_field_and_writes_nothing() throws {
        let h = try ConsoleHarness()
        h.press(.character("7"), .character("o"), .f(10))
        let before = h.journal.headHash
        h.press(.character("h"), .f(10))
        XCTAssertEqual(h.journal.headHash, before)
        XCTAssertEqual(h.trimmed[4], ">接班人")
        XCTAssertTrue(h.trimmed[5].hasSuffix("接班人：必须填写"), h.screen.text)
        XCTAssertEqual(h.screen.style(22, 1), .error)
    }
}
