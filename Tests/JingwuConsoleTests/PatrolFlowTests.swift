import Foundation
import JingwuDomain
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// The duty officer's patrol flow on the virtual screen: rows on screen and events in the journal.
@Suite(.serialized) final class PatrolFlowTests {
    /// Starts a foot patrol led by 031245 with 031246 and planned cells A01–A03.
    private func startPatrol(_ h: ConsoleHarness) {
        h.press(.character("2"), .character("n"))
        h.press(.tab, .tab, .tab)  // mode, dress, lead → members
        h.type("031246")
        h.press(.tab)
        h.type("A01,A02,A03")
        h.press(.f(10))
    }

    /// A patrol's time is when it set out (出发时间), a listing's when it was listed (列管时间), not a
    /// 发生时间 (TERMS.md); the field reads and refuses as every time field does.
    @Test func test_the_start_form_asks_when_the_patrol_set_out_and_the_listing_form_when_listed() throws {
        let h = try ConsoleHarness()
        h.press(.character("2"), .character("n"))
        XCTAssertEqual(Array(h.trimmed[2...10]), [
            "开始巡逻", "", ">巡逻方式   < 步巡 >", " 着装       < 着装 >", " 带队       031245           张伟",
            " 队员       警号/编号，用逗号分隔", " 计划点位   点位编号，用逗号分隔", " 出发时间   现在；或 HH:MM、-30m",
            " 补录原因   补录时必填",
        ], h.screen.text)
        h.press(.tab, .tab, .tab, .tab, .tab)
        h.type("25:99")
        let before = h.journal.fileBytes
        h.press(.f(10))
        XCTAssertEqual(h.journal.fileBytes, before)
        XCTAssertEqual(Array(h.trimmed[9...10]), [">出发时间   25:99", "            时间看不懂：请写 HH:MM、MM-DD HH:MM 或 -30m"],
                       h.screen.text)
        h.press(.escape, .character("y"))
        h.press(.character("4"), .character("n"))
        XCTAssertTrue(h.trimmed.contains { $0.hasPrefix(" 列管时间   ") }, h.screen.text)
        XCTAssertFalse(h.trimmed.contains { $0.contains("发生时间") }, h.screen.text)
    }

    @Test func test_foot_patrol_three_checkins_hazard_and_end_show_on_screen_and_in_journal() throws {
        let h = try ConsoleHarness()
        startPatrol(h)
        XCTAssertEqual(h.trimmed[3], "P0001 步巡     张伟                                      09:00  0:00    0 在巡")
        XCTAssertEqual(h.trimmed[22], " 已开始巡逻 P0001")

        for code in ["A01", "A02", "A03"] {
            h.clock.advance(minutes: 10)
            h.type(code)
            h.press(.enter)
        }
        XCTAssertEqual(h.trimmed[3], "P0001 步巡     张伟                                      09:00  0:30    3 在巡")
        XCTAssertEqual(h.trimmed[7], "计划点位 3/3：A01✓ A02✓ A03✓")
        XCTAssertEqual(Array(h.trimmed[8...11]), [
            "  09:00  出发",
            "  09:10  签到 A01 幸福小区",
            "  09:20  签到 A02 东街",
            "  09:30  签到 A03 菜市场",
        ])
        XCTAssertEqual(h.trimmed[22], " 已签到：P0001 到 A03 菜市场，09:30")

        h.clock.advance(minutes: 5)
        h.press(.character("h"))
        XCTAssertEqual(h.trimmed[4], ">点位       A03              菜市场")  // the last check-in's cell
        h.press(.tab, .right)  // category → 防疫
        h.press(.tab)
        h.type("楼道堆放杂物")
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[12], "  09:35  隐患 A03 菜市场  楼道堆放杂物")
        XCTAssertEqual(h.trimmed[22], " 已记录隐患 H0001：P0001 在 A03，09:35")

        h.clock.advance(minutes: 10)
        h.press(.character("e"))
        XCTAssertEqual(h.trimmed[2],
                       "结束 P0001：签到 3 次 3 个点位 · 隐患 1 · 盘查 0 · 用时 0:45 · 计划 3/3")
        h.type("巡逻正常")
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[3], "P0001 步巡     张伟                                      09:00  0:45    3 已结束")
        XCTAssertEqual(h.trimmed[13], "  09:45  结束  巡逻正常")
        XCTAssertEqual(h.trimmed[22], " 巡逻 P0001 已结束，09:45")

        XCTAssertEqual(Array(h.eventTypes.dropFirst(6)), [
            "PatrolStarted", "PatrolCheckedIn", "PatrolCheckedIn", "PatrolCheckedIn", "HazardFound", "PatrolEnded",
        ])
        let patrol = try XCTUnwrap(h.office.state.patrols.patrol("P0001"))
        XCTAssertEqual(patrol.mode, .foot)
        XCTAssertEqual(patrol.members, ["031246"])
        XCTAssertEqual(patrol.plannedCells, ["A01", "A02", "A03"])
        XCTAssertEqual(patrol.checkIns.map { h.office.state.patrols.checkIns[$0].cell }, ["A01", "A02", "A03"])
        XCTAssertEqual(h.office.state.patrols.hazards.map(\.category), [.epidemic])
        XCTAssertEqual(patrol.summary, "巡逻正常")
    }

    @Test func test_checkin_takes_one_keystroke_after_the_cell_code() throws {
        let h = try ConsoleHarness()
        startPatrol(h)
        let before = h.eventTypes.count
        h.type("A02")
        let afterCode: [Key] = [.enter]
        h.press(afterCode)
        XCTAssertLessThanOrEqual(afterCode.count, 4)
        XCTAssertEqual(h.eventTypes.count, before + 1)
        XCTAssertEqual(h.eventTypes.last, "PatrolCheckedIn")
        XCTAssertEqual(h.lastData()["cell"] as? String, "A02")
    }

    /// Part of a code and Enter fills in the highlighted cell; only a second Enter records it.
    @Test func test_a_partial_code_is_not_recorded_until_the_filled_in_cell_is_confirmed() throws {
        let h = try ConsoleHarness()
        startPatrol(h)
        let before = h.eventTypes.count
        h.type("A0")
        h.press(.enter)
        XCTAssertEqual(h.eventTypes.count, before, "nothing written for a part of a code")
        XCTAssertNotNil(h.row(containing: "签到点位> A01"), h.screen.text)
        XCTAssertNotNil(h.row(containing: "再按一次回车"), h.screen.text)
        h.press(.enter)
        XCTAssertEqual(h.eventTypes.count, before + 1)
        XCTAssertEqual(h.lastData()["cell"] as? String, "A01")
    }

    @Test func test_a_cell_code_typed_in_small_letters_checks_in_too() throws {
        let h = try ConsoleHarness()
        startPatrol(h)
        h.type("a02")
        h.press(.enter)
        XCTAssertEqual(h.eventTypes.last, "PatrolCheckedIn", h.screen.text)
        XCTAssertEqual(h.lastData()["cell"] as? String, "A02")
    }

    @Test func test_a_cell_code_typed_with_an_ended_patrol_selected_says_why_nothing_happens() throws {
        let h = try ConsoleHarness()
        startPatrol(h)
        h.press(.character("e"), .f(10))
        XCTAssertEqual(h.eventTypes.last, "PatrolEnded", h.screen.text)
        let before = h.eventTypes.count
        h.type("A01")
        // The digits stay in the check-in line (they do not switch screens), which says why.
        XCTAssertNotNil(h.row(containing: "签到点位> A01"), h.screen.text)
        XCTAssertNotNil(h.row(containing: "已结束，不能签到"), h.screen.text)
        h.press(.enter)
        XCTAssertEqual(h.eventTypes.count, before)
        XCTAssertTrue(h.trimmed[1].contains("2 巡逻"), h.screen.text)
    }

    /// An input method left in full-width mode (全角) sends `Ａ０２`: one Enter records point A02, and
    /// the line says A02 with its name, as for the code typed in ASCII.
    @Test func test_a_cell_code_typed_in_full_width_checks_in_at_that_point() throws {
        let h = try ConsoleHarness()
        startPatrol(h)
        h.press(KeyDecoder.decode(bytes: Array("Ａ０２".utf8)))
        XCTAssertNotNil(h.row(containing: "签到点位> Ａ０２"), h.screen.text)
        h.press(.enter)
        XCTAssertEqual(h.eventTypes.last, "PatrolCheckedIn", h.screen.text)
        XCTAssertEqual(h.lastData()["cell"] as? String, "A02")
        let said = try XCTUnwrap(h.row(containing: "已签到"), h.screen.text)
        XCTAssertTrue(said.contains("到 A02 "), said)
    }

    @Test func test_checkin_with_lower_case_code_after_c_writes_the_cell_code() throws {
        let h = try ConsoleHarness()
        startPatrol(h)
        h.type("ca04")
        h.press(.enter)
        XCTAssertEqual(h.eventTypes.last, "PatrolCheckedIn")
        XCTAssertEqual(h.lastData()["cell"] as? String, "A04")
    }

    @Test func test_checkin_to_unknown_cell_is_refused_at_the_field_and_writes_nothing() throws {
        let h = try ConsoleHarness()
        startPatrol(h)
        let before = h.journal.headHash
        h.type("ZZ9")
        h.press(.enter)
        XCTAssertEqual(h.journal.headHash, before)
        XCTAssertEqual(h.trimmed[20], "签到点位> ZZ9")
        XCTAssertEqual(h.trimmed[21], "          点位：没有编号为 ZZ9 的巡逻点位")
        XCTAssertEqual(h.screen.style(21, 10), .error)
    }

    @Test func test_start_form_refuses_unknown_member_at_its_field_and_writes_nothing() throws {
        let h = try ConsoleHarness()
        let before = h.journal.headHash
        h.press(.character("2"), .character("n"), .tab, .tab, .tab)
        h.type("999999")
        h.press(.f(10))
        XCTAssertEqual(h.journal.headHash, before)
        XCTAssertEqual(h.trimmed[7], ">队员       999999")
        XCTAssertEqual(h.trimmed[8], "            队员：名册中没有警号/编号为 999999 的人员")
    }

    @Test func test_backdated_checkin_needs_a_reason_and_records_the_time() throws {
        let h = try ConsoleHarness(now: "2026-05-04T10:00:00+08:00")
        h.press(.character("2"), .character("n"), .tab, .tab, .tab, .tab, .tab)
        h.type("08:30")
        h.press(.tab)
        h.type("对讲机故障,事后补录")
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "PatrolStarted")
        h.press(.character("b"))
        h.type("A01")
        h.press(.tab, .tab)
        h.type("09:00")
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "PatrolStarted", "a back-dated entry without a reason is refused")
        XCTAssertTrue(h.trimmed.contains { $0.contains("必须说明原因") }, h.screen.text)
        h.press(.tab)
        h.type("对讲机故障")
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "PatrolCheckedIn")
        let checkIn = try XCTUnwrap(h.office.state.patrols.checkIns.last)
        XCTAssertEqual(h.session.fullTime(checkIn.at), "2026-05-04 09:00")
    }

    @Test func test_backdated_checkin_without_a_time_is_refused_at_the_time_field_and_writes_nothing() throws {
        let h = try ConsoleHarness(now: "2026-05-04T10:00:00+08:00")
        h.press(.character("2"), .character("n"))
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "PatrolStarted")
        h.press(.character("b"))
        h.type("A01")
        h.press(.tab, .tab, .tab)
        h.type("对讲机故障")
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "PatrolStarted", "no time: nothing written")
        XCTAssertTrue(h.trimmed.contains { $0.contains("补录签到须填写当时的时间") }, h.screen.text)
    }

    @Test func test_timeline_lists_every_entry_of_the_patrol() throws {
        let h = try ConsoleHarness()
        startPatrol(h)
        h.clock.advance(minutes: 7)
        h.type("A01")
        h.press(.enter, .character("t"))
        XCTAssertEqual(h.trimmed[4], "时间        事项     点位           说明")
        XCTAssertEqual(h.trimmed[5], "05-04 09:00 出发")
        XCTAssertEqual(h.trimmed[6], "05-04 09:07 签到     A01 幸福小区")
        h.press(.escape)
        XCTAssertTrue(h.trimmed[2].hasPrefix("编号"))
    }

    @Test func test_english_screen_with_lang_en() throws {
        let h = try ConsoleHarness(language: .en)
        startPatrol(h)
        h.type("A01")
        h.press(.enter)
        XCTAssertEqual(h.trimmed[1], " 1 Home 2 Patrols 3 Grid 4 Persons 5 Disputes 6 Incidents 7 Shift 8 Log 9 Stats")
        XCTAssertEqual(h.trimmed[22], " Checked in: P0001 at A01 幸福小区, 09:00")
    }

    @Test func test_stop_check_is_recorded_with_subject_and_outcome() throws {
        let h = try ConsoleHarness()
        startPatrol(h)
        h.type("A01")
        h.press(.enter, .character("s"), .right, .tab, .right, .right)  // 车, 带回/移交
        h.press(.tab, .tab)
        h.type("套牌嫌疑")
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "StopCheckConducted")
        let stop = try XCTUnwrap(h.office.state.patrols.stopChecks.last)
        XCTAssertEqual(stop.subject, .vehicle)
        XCTAssertEqual(stop.outcome, .handedOver)
        XCTAssertEqual(stop.cell, "A01")
        XCTAssertEqual(h.trimmed[10], "  09:00  盘查 A01 幸福小区  套牌嫌疑")
    }

    @Test func test_journal_notices_show_whole_on_the_overview() throws {
        let h = try ConsoleHarness()
        h.session.notices = [String(repeating: "日志末尾有一条不完整的记录", count: 8)]
        h.app.render(into: h.screen)
        XCTAssertEqual(h.screen.style(2, 1), .warn)
        XCTAssertTrue(h.trimmed[2].hasPrefix(" ! 日志末尾"))
        XCTAssertTrue(h.trimmed[4].hasSuffix("不完整的记录"), h.screen.text)
    }
}
