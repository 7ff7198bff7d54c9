import Foundation
import JingwuDomain
import JingwuJournal
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// Session 11 (issue 20 on screen): the reception register (矛盾纠纷 → `j`), the rectification
/// notices' list (巡逻 → `o` → `l`) with completion and printing, the caller's whole phone on the
/// 警情 page (`r`, asked why and recorded first), the outreach sessions (反诈 → `s`), `/` finding
/// reception days, notices and hazards, and the handover's bulletins due.
@Suite(.serialized) final class CaseworkViewsTests {
    static let me = "031245"

    /// Tuesday 04-28 10:00 the community officer's reception day (5 came, 2 asked, D2026-0001 taken
    /// in); Thursday 04-30 10:00 the secretary's (李书记, 3 came). The clock ends Monday 05-04 09:00.
    static func receptionOffice() throws -> ConsoleHarness {
        try ConsoleHarness(now: "2026-04-28T10:00:00+08:00", seed: { o, clock in
            try o.execute(OpenDispute(category: .neighbour, parties: ["王某", "李某"], cell: "A03", summary: "楼上漏水"), as: me)
            try o.execute(HoldReceptionDay(host: .officer, visitors: 5, consultations: 2, disputes: ["D2026-0001"],
                                           note: "楼上漏水来访"), as: me)
            clock.advance(minutes: 2 * 24 * 60)  // Thursday 04-30 10:00
            try o.execute(HoldReceptionDay(host: .secretary, hostName: "李书记", visitors: 3, consultations: 3), as: me)
            clock.advance(minutes: 4 * 24 * 60 - 60)  // Monday 05-04 09:00
        })
    }

    @Test func test_the_reception_register_lists_the_days_the_cases_taken_in_and_the_next_day() throws {
        let h = try Self.receptionOffice()
        h.press(.character("5"), .character("j"))
        XCTAssertEqual(Array(h.trimmed[2...8]), [
            "接访日登记：近 30 天 2 次，来访 8 人，咨询 5 件，受理纠纷 1 件",
            "下一个接访日：社区民警 05-05 周二，社区书记 05-07 周四",
            "",
            "日期       接访人   姓名   来访 咨询 纠纷 情况 / 受理的纠纷",
            "04-30 周四 社区书记 李书记    3    3    0",
            "04-28 周二 社区民警 张伟      5    2    1 楼上漏水来访",
            "                                          └ D2026-0001 邻里 王某、李某 待调处",
        ], h.screen.text)
        XCTAssertEqual(h.trimmed[23], "F1 帮助  n 登记接访日  j 返回纠纷列表  / 查找  # 跳到编号  q 退出")
        // The case taken in opens its file; Esc comes back to the register, j to the disputes.
        h.press(.down, .down)
        XCTAssertEqual(h.trimmed[23], "F1 帮助 n 登记接访日 Enter 一事一档 j 返回纠纷列表 / 查找 # 跳到编号 q 退出")
        h.press(.enter)
        XCTAssertEqual(h.trimmed[2], "D2026-0001  邻里  待调处  已 5 天", h.screen.text)
        h.press(.escape)
        XCTAssertEqual(h.trimmed[2], "接访日登记：近 30 天 2 次，来访 8 人，咨询 5 件，受理纠纷 1 件")
        h.press(.character("j"))
        XCTAssertEqual(h.trimmed[2], "近 182 天：调处成功 0 / 受理 1 = 0.0% · 平均 — 天调处成功", h.screen.text)
    }

    /// On Tuesday 04-28, before and after the officer's day is recorded: today, then a week on.
    @Test func test_the_next_reception_day_is_a_week_on_once_todays_is_recorded() throws {
        let h = try ConsoleHarness(now: "2026-04-28T10:00:00+08:00")
        h.press(.character("5"), .character("j"))
        XCTAssertEqual(h.trimmed[3], "下一个接访日：社区民警 04-28 周二，社区书记 04-30 周四", h.screen.text)
        h.press(.character("n"), .tab, .tab)
        h.type("3")
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "ReceptionDayHeld")
        XCTAssertEqual(h.trimmed[3], "下一个接访日：社区民警 05-05 周二，社区书记 04-30 周四", h.screen.text)
        XCTAssertEqual(h.trimmed[6], "04-28 周二 社区民警 张伟    3    0    0", h.screen.text)
    }

    @Test func test_a_reception_day_on_the_wrong_weekday_is_refused_at_its_field_and_writes_nothing() throws {
        let h = try Self.receptionOffice()
        let before = h.journal.fileBytes
        h.press(.character("5"), .character("j"), .character("n"))
        XCTAssertEqual(h.trimmed[2], "接访日登记", h.screen.text)
        h.press(.tab, .tab)
        h.type("6")
        h.press(.f(10))
        XCTAssertEqual(h.journal.fileBytes, before, "Monday is no reception day: nothing written")
        XCTAssertNotNil(h.row(containing: "是周一，社区民警接访日为每周二"), h.screen.text)
        h.press(.escape, .character("y"))
        XCTAssertEqual(h.trimmed[2], "接访日登记：近 30 天 2 次，来访 8 人，咨询 5 件，受理纠纷 1 件", "Esc goes back to the register")
    }

    /// A count typed as a word (an input method's 二) is refused at its field naming what was typed,
    /// before the command is built (it read 「来访人数：取值无效：-1」 before session 11).
    @Test func test_a_count_that_is_not_a_number_is_refused_at_its_field_as_typed() throws {
        let h = try Self.receptionOffice()
        let before = h.journal.fileBytes
        h.press(.character("5"), .character("j"), .character("n"))
        h.press(.tab, .tab)
        h.type("二")
        h.press(.tab)
        h.type("1")
        h.press(.f(10))
        XCTAssertEqual(h.journal.fileBytes, before, "nothing written")
        let message = try XCTUnwrap(h.row(containing: "来访人数："), h.screen.text)
        XCTAssertEqual(message.trimmingCharacters(in: .whitespaces), "来访人数：取值无效：二", h.screen.text)
        XCTAssertFalse(h.screen.text.contains("取值无效：-1"), h.screen.text)
        XCTAssertNotNil(h.row(containing: ">来访人数"), "the cursor is on the field at fault: " + h.screen.text)
    }

    /// H0001 with R0001 due 05-02 18:00 (past due at 05-04 09:00); H0002 with R0002 complied with.
    static func noticesOffice() throws -> ConsoleHarness {
        try ConsoleHarness(now: "2026-04-30T09:00:00+08:00", seed: { o, clock in
            try o.execute(ReportHazard(patrol: nil, cell: "A02", category: .fireLane, note: "私家车占用消防通道"), as: me)
            try o.execute(IssueRectificationNotice(hazard: "H0001", partyKind: .unit, party: "东街物业", items: "清理消防通道",
                                                   deadline: RFC3339.parse("2026-05-02T18:00:00+08:00")!), as: me)
            try o.execute(ReportHazard(patrol: nil, cell: "A01", category: .clutter, note: "楼道堆放杂物"), as: me)
            try o.execute(IssueRectificationNotice(hazard: "H0002", partyKind: .unit, party: "幸福物业", items: "清理楼道杂物",
                                                   deadline: RFC3339.parse("2026-05-06T18:00:00+08:00")!), as: me)
            clock.advance(minutes: 24 * 60)  // 05-01 09:00
            try o.execute(CompleteRectification(notice: "R0002", note: "已清理"), as: me)
            clock.advance(minutes: 3 * 24 * 60)  // 05-04 09:00
        })
    }

    @Test func test_the_notices_list_shows_past_due_open_and_completed_and_records_a_completion() throws {
        let h = try Self.noticesOffice()
        h.press(.character("2"), .character("o"), .character("l"))
        XCTAssertEqual(Array(h.trimmed[2...6]), [
            "整改通知书 2 份：逾期 1，未整改 0，已整改 1",
            "",
            "通知书 隐患  状态      整改期限    被通知单位 整改事项",
            "R0001  H0001 逾期      05-02 18:00 东街物业   清理消防通道",
            "R0002  H0002 05-01完毕 05-06 18:00 幸福物业   清理楼道杂物",
        ], h.screen.text)
        XCTAssertEqual(h.trimmed[23], "F1 帮助  x 整改完毕  v 打印通知书  Esc 返回  / 查找  # 跳到编号  q 退出")
        // 整改完毕 with no 复查情况: refused at the field, nothing written.
        let before = h.journal.fileBytes
        h.press(.character("x"))
        XCTAssertEqual(h.trimmed[2], "整改完毕（复查）：R0001 H0001 东街物业", h.screen.text)
        h.press(.f(10))
        XCTAssertEqual(h.journal.fileBytes, before)
        XCTAssertNotNil(h.row(containing: "复查情况："), h.screen.text)
        h.type("通道已清空")
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "RectificationCompleted")
        XCTAssertEqual(h.lastData()["notice"] as? String, "R0001")
        // Complied with, newest first.
        XCTAssertEqual(h.trimmed[5], "R0001  H0001 05-04完毕 05-02 18:00 东街物业   清理消防通道", h.screen.text)
        XCTAssertEqual(h.trimmed[6], "R0002  H0002 05-01完毕 05-06 18:00 幸福物业   清理楼道杂物", h.screen.text)
        XCTAssertEqual(h.trimmed[22], " 已记录 R0001 整改完毕（09:00）")
        // v prints the selected notice (the print preview the hazards' v opens).
        h.press(.character("v"))
        XCTAssertTrue(h.screen.text.contains("整改通知书"), h.screen.text)
        XCTAssertTrue(h.screen.text.contains("东街物业") || h.screen.text.contains("幸福物业"), h.screen.text)
    }

    /// Tuesday 04-28 10:00: H0001 and its notice R0001 (东街物业), and the officer's reception day.
    static func searchOffice() throws -> ConsoleHarness {
        try ConsoleHarness(now: "2026-04-28T10:00:00+08:00", seed: { o, clock in
            try o.execute(ReportHazard(patrol: nil, cell: "A02", category: .fireLane, note: "私家车占用消防通道"), as: me)
            try o.execute(IssueRectificationNotice(hazard: "H0001", partyKind: .unit, party: "东街物业", items: "清理消防通道",
                                                   deadline: RFC3339.parse("2026-05-02T18:00:00+08:00")!), as: me)
            try o.execute(HoldReceptionDay(host: .officer, visitors: 4, consultations: 1, note: "咨询消防通道"), as: me)
            clock.advance(minutes: 6 * 24 * 60 - 60)  // Monday 05-04 09:00
        })
    }

    @Test func test_search_finds_notices_hazards_and_reception_days_and_opens_their_views() throws {
        let h = try Self.searchOffice()
        let bytes = h.journal.fileBytes
        h.press(.character("/"))
        h.type("消防通道")
        XCTAssertEqual(Array(h.trimmed[4...7]), [
            "│ 找到 3 条 · ↑↓ 选择 · 回车打开 · Esc 关闭                                    │",
            "│>接访日 04-28 周二 社区民警 张伟 来访 4 人                                    │",
            "│ R0001 H0001 东街物业 清理消防通道 期限 05-02 18:00 逾期                      │",
            "│ H0001 04-28 10:00 A02 占用消防通道 私家车占用消防通道 未整改                 │",
        ], h.screen.text)
        // The notice opens the notices' list; the hazard the open hazards; the day the register.
        h.press(.down, .enter)
        XCTAssertEqual(h.app.current, .patrols)
        XCTAssertEqual(h.trimmed[2], "整改通知书 1 份：逾期 1，未整改 0，已整改 0", h.screen.text)
        h.press(.character("/"))
        h.type("私家车")
        h.press(.enter)
        XCTAssertTrue(h.trimmed[2].hasPrefix("未整改隐患 1 处"), h.screen.text)
        h.press(.escape, .character("1"), .character("/"))
        h.type("咨询消防")
        h.press(.enter)
        XCTAssertEqual(h.app.current, .disputes)
        XCTAssertTrue(h.trimmed[2].hasPrefix("接访日登记：近 30 天 1 次"), h.screen.text)
        // The disputes screen's own search finds the day too; the patrols' the notice by its number.
        h.press(.character("/"))
        h.type("张伟")
        XCTAssertEqual(h.trimmed[5], "│>接访日 04-28 周二 社区民警 张伟 来访 4 人                                    │", h.screen.text)
        // `#` jumps by number: a reception day has none, and the jump's title does not offer it.
        h.press(.escape, .character("#"))
        XCTAssertTrue(h.trimmed[2].hasPrefix("┌ 跳到编号（矛盾纠纷） ─"), h.trimmed[2])
        h.press(.escape, .character("2"), .character("#"))
        h.type("1")
        XCTAssertTrue(h.trimmed.contains { $0.contains("R0001 H0001 东街物业") }, h.screen.text)
        XCTAssertEqual(h.journal.fileBytes, bytes, "a search wrote to the journal")
    }

    @Test func test_the_callers_whole_phone_is_asked_why_recorded_first_and_hidden_on_leaving() throws {
        let h = try ConsoleHarness(seed: { o, _ in
            try o.execute(LogIncident(cell: "A02", kind: .fight, summary: "两人在楼道推搡", caller: "刘女士",
                                      callerPhone: "13800138000"), as: Self.me)
            try o.execute(LogIncident(cell: "A01", kind: .help, summary: "老人走失"), as: Self.me)
        })
        // An incident with no caller's phone offers no r.
        h.press(.character("6"), .enter)
        XCTAssertEqual(h.trimmed[2], "I0002  求助  110报警  未结", h.screen.text)
        XCTAssertFalse(h.trimmed[23].contains(" r "), h.trimmed[23])
        h.press(.escape, .down, .enter)
        XCTAssertEqual(Array(h.trimmed[2...6]), [
            "I0001  打架斗殴  110报警  未结", "时间 2026-05-04 09:00 · 点位 A02 东街", "简要案情 两人在楼道推搡",
            "报警人 刘女士 · 电话 138****8000", "（r 查看完整电话号码，查看将记入日志）"], h.screen.text)
        let before = h.journal.fileBytes
        h.press(.character("r"))
        XCTAssertEqual(h.trimmed[2], "查看 I0001 刘女士 的完整电话号码（将记入日志）", h.screen.text)
        XCTAssertEqual(h.trimmed[4], ">查看事由   < 回拨报警人 >", h.screen.text)
        // 其他 without a note: refused at the note, nothing written, nothing shown.
        h.press(.right, .right, .enter)
        XCTAssertEqual(h.journal.fileBytes, before)
        XCTAssertFalse(h.screen.text.contains("13800138000"))
        h.press(.backTab, .left, .left, .enter)
        XCTAssertEqual(h.eventTypes.last, "AccessRecorded")
        let data = h.lastData()
        XCTAssertEqual(data["kind"] as? String, "reveal-phone")
        XCTAssertEqual(data["subject"] as? String, "I0001")
        XCTAssertEqual(data["purpose"] as? String, "回拨报警人")
        XCTAssertEqual(Array(h.trimmed[5...6]), ["报警人 刘女士 · 电话 13800138000", "（本次查看已记入日志，离开本条即隐藏）"],
                       h.screen.text)
        XCTAssertEqual(h.trimmed[22], " 已查看 I0001 的完整电话号码，已记入日志（031245，09:00）")
        XCTAssertTrue(h.trimmed.contains("  2026-05-04 09:00  张伟（031245）  回拨报警人"), h.screen.text)
        h.press(.escape)
        XCTAssertFalse(h.screen.text.contains("13800138000"), "leaving the incident hides it: \(h.screen.text)")
        h.press(.enter)
        XCTAssertEqual(h.trimmed[5], "报警人 刘女士 · 电话 138****8000", h.screen.text)
    }

    @Test func test_the_fraud_view_lists_the_outreach_sessions() throws {
        let h = try ConsoleHarness(seed: { o, _ in
            try o.execute(RecordOutreach(cell: "A02", place: "社区活动室", form: .lecture, audience: .residents, attendees: 40,
                                         households: 35, topic: "冒充客服"), as: Self.me)
        })
        h.press(.character("6"), .character("f"))
        XCTAssertTrue(h.trimmed[23].contains("s 宣传场次"), h.trimmed[23])
        h.press(.character("s"))
        XCTAssertEqual(Array(h.trimmed[2...4]), [
            "反诈宣传：共 1 场，参加 40 人次，覆盖 35 户 · 近 30 天 1 场",
            "编号  时间        点位   形式     对象 人数 户数 地点 · 内容",
            "O0001 05-04 09:00 A02    宣传讲座 居民   40   35 社区活动室 · 冒充客服",
        ], h.screen.text)
        XCTAssertEqual(h.trimmed[23], "F1 帮助  o 反诈宣传  s 反诈预警  f 回到警情  / 查找  # 跳到编号  q 退出")
        h.press(.character("s"))
        XCTAssertTrue(h.trimmed[2].hasPrefix("反诈预警："), h.screen.text)
    }

    /// A shift from Sunday 05-03 20:00 over the Monday midnight: the week 04-27 to 05-03 (ISO 18)
    /// ended in it, so its two public bulletins are due.
    @Test func test_the_handover_draft_lists_the_bulletins_due_over_the_week_end() throws {
        let h = try ConsoleHarness(now: "2026-05-03T20:00:00+08:00", seed: { o, clock in
            try o.execute(OpenShift(duty: Self.me), as: Self.me)
            clock.advance(minutes: 13 * 60)  // Monday 05-04 09:00
        })
        h.press(.character("7"))
        for _ in 0..<60 where !h.trimmed.contains(where: { $0.hasPrefix("■ 本班到期应公布的公告") }) { h.press(.down) }
        // Scrolled on until the whole section shows above the message line.
        for _ in 0..<10 where (h.trimmed.firstIndex { $0.hasPrefix("■ 本班到期应公布的公告") } ?? 0) + 3 > 22 { h.press(.down) }
        let start = try XCTUnwrap(h.trimmed.firstIndex { $0.hasPrefix("■ 本班到期应公布的公告") }, h.screen.text)
        XCTAssertEqual(Array(h.trimmed[start...min(start + 2, 21)]), [
            "■ 本班到期应公布的公告（每七天一期） 2",
            "  警情公告 2026年第18期（04-27 至 05-03）到期应公布：jingwu report public",
            "  警情处置公告 2026年第18期（04-27 至 05-03）到期应公布：jingwu report solved",
        ], h.screen.text)
    }

    /// The station's read-only copy: the new recording keys (整改完毕 on the notices, 登记接访日 in
    /// the register, the caller's reveal) are not in the hints and say why when pressed; nothing is written.
    @Test func test_the_read_only_copy_refuses_the_new_recording_keys() throws {
        let h = try Self.noticesOffice()
        try h.office.execute(LogIncident(cell: "A02", kind: .fight, summary: "两人在楼道推搡", caller: "刘女士",
                                         callerPhone: "13800138000"), as: Self.me)
        h.session.readOnlyCopy = "派出所只读副本：不能记录"
        let bytes = h.journal.fileBytes
        h.press(.character("2"), .character("o"), .character("l"))
        XCTAssertFalse(h.trimmed[23].contains("整改完毕"), h.trimmed[23])
        h.press(.character("x"))
        XCTAssertEqual(h.trimmed[2], "整改通知书 2 份：逾期 1，未整改 0，已整改 1", h.screen.text)
        XCTAssertEqual(h.trimmed[22], " 派出所只读副本：不能记录")
        h.press(.escape, .escape, .character("5"), .character("j"), .character("n"))
        XCTAssertTrue(h.trimmed[2].hasPrefix("接访日登记："), h.screen.text)
        XCTAssertEqual(h.trimmed[22], " 派出所只读副本：不能记录")
        h.press(.character("6"), .enter, .character("r"))
        XCTAssertEqual(h.trimmed[5], "报警人 刘女士 · 电话 138****8000", h.screen.text)
        XCTAssertFalse(h.screen.text.contains("13800138000"))
        XCTAssertEqual(h.journal.fileBytes, bytes)
    }

    /// F12 locks the console on the incident's page with the caller's number shown: hidden for
    /// whoever signs in, the same officer too (the warning's reveal does the same: RevealPurposeTests).
    @Test func test_the_lock_hides_the_callers_whole_phone() throws {
        let c = try SignedConsole(idleSeconds: 60)
        try c.h.office.signIn(badge: Self.me, pin: "246810")
        try c.h.office.execute(LogIncident(cell: "A02", kind: .fight, summary: "两人在楼道推搡", caller: "刘女士",
                                           callerPhone: "13800138000"), as: Self.me)
        c.h.office.signOut()
        c.signIn(Self.me, "246810")
        c.press(.character("6"), .enter, .character("r"), .enter)
        XCTAssertTrue(c.text.contains("报警人 刘女士 · 电话 13800138000"), c.text)
        c.press(.f(12))
        c.signIn(Self.me, "246810")
        XCTAssertEqual(c.app.current, .incidents)
        XCTAssertFalse(c.text.contains("13800138000"), c.text)
        XCTAssertTrue(c.text.contains("报警人 刘女士 · 电话 138****8000"), c.text)
    }
}
