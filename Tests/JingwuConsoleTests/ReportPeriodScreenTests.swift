import Foundation
import JingwuDomain
import JingwuJournal
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// 统计 periods on the console (issue 17): each report opens at its own default, `p` steps
/// through 本班, 今日, 本周, 本月, 上月, 近 7/30/182 天, `r` types a range (refused at the field
/// at fault); the title names the period. And the anti-fraud tab.
///
/// The office: records begin 2026-04-20 09:00 (a Monday); now is Wednesday 2026-05-06 16:30.
/// Warnings: F0001 high 04-21 10:00 (dissuaded 04-21 11:00 by 031245), F0002 low 05-04 10:00
/// (031246: unreachable 05-04 10:30), F0003 medium 05-06 09:00 (none).
@Suite(.serialized) final class ReportPeriodScreenTests {
    private func harness() throws -> ConsoleHarness {
        try ConsoleHarness(now: "2026-04-20T09:00:00+08:00", seed: { office, clock in
            func at(_ text: String) { clock.date = RFC3339.parse(text)! }
            at("2026-04-21T10:00:00+08:00")
            try office.execute(ReceiveFraudWarning(level: .high, target: "王大妈", phone: "13800138000", cell: "A01"), as: "031245")
            at("2026-04-21T11:00:00+08:00")
            try office.execute(RecordDissuasion(warning: "F0001", by: "031245", method: .home, outcome: .dissuaded), as: "031245")
            at("2026-05-04T10:00:00+08:00")
            try office.execute(ReceiveFraudWarning(level: .low, target: "李家", phone: "13900139000", cell: "A02"), as: "031245")
            at("2026-05-04T10:30:00+08:00")
            try office.execute(RecordDissuasion(warning: "F0002", by: "031246", method: .phone, outcome: .unreachable),
                               as: "031245")
            at("2026-05-06T09:00:00+08:00")
            try office.execute(ReceiveFraudWarning(level: .medium, target: "赵某", phone: "13700137000"), as: "031245")
            at("2026-05-06T16:30:00+08:00")
        })
    }

    @Test func test_the_fraud_tab_opens_on_this_month_and_p_steps_through_the_periods() throws {
        let h = try harness()
        h.press(.character("9"), .left)  // the last tab
        // Eleven tabs fill the line: the period is named by the title below.
        XCTAssertEqual(h.trimmed[2], " 警情公告  巡逻  点位覆盖  走访  矛盾纠纷  趋势  公告  处置  周报  联户长  反诈")
        XCTAssertEqual(h.trimmed[3], "反诈预警与劝阻统计（本月）  2026-05-01 00:00 — 2026-05-06 16:30")
        // May: F0002 and F0003 received; one attempt (unreachable); both still to do at the end.
        XCTAssertEqual(h.trimmed[4], "本期预警 2                              本期劝阻（次） 1")
        XCTAssertEqual(h.trimmed[5], "劝阻成功 0                              已受骗 0")
        XCTAssertNotNil(h.row(containing: "期末未劝阻预警 2"), h.screen.text)
        XCTAssertEqual(h.trimmed[6], "劝阻完成率 0 / 2 = 0.0%" + String(repeating: " ", count: 17) + "期末未劝阻预警 2")
        // The bases, wrapped to the screen (a date or time never cut, Chinese between characters, no row
        // starting with closing punctuation): April 1st for as long as May has run; both before the records begin.
        XCTAssertEqual(Array(h.trimmed[7...10]), [
            "环比上期：2026-04-01 00:00 — 2026-04-06 16:30（本室记录始于 2026-04-20 09:00，不",
            "作比较）",
            "上年同期：2025-05-01 00:00 — 2025-05-06 16:30（本室记录始于 2026-04-20 09:00，不",
            "作比较）",
        ])

        var names: [String] = []
        for _ in 0..<8 {
            h.press(.character("p"))
            // The period as the title names it (the tab line has room for the short names only).
            let title = h.trimmed[3].components(separatedBy: "  ").first ?? ""
            names.append(String(title.dropFirst("反诈预警与劝阻统计（".count).dropLast()))
        }
        XCTAssertEqual(names, ["上月 2026-04", "近 7 天", "近 30 天", "近 182 天", "本班：尚无班次，按今日", "今日", "本周", "本月"], h.screen.text)
        // 上月 (April): F0001 received and dissuaded in it.
        h.press(.character("p"))
        XCTAssertEqual(h.trimmed[3], "反诈预警与劝阻统计（上月 2026-04）  2026-04-01 00:00 — 2026-05-01 00:00")
        XCTAssertEqual(h.trimmed[4], "本期预警 1                              本期劝阻（次） 1")
        XCTAssertEqual(h.trimmed[5], "劝阻成功 1                              已受骗 0")
    }

    @Test func test_a_typed_range_is_checked_field_by_field_and_writes_nothing() throws {
        let h = try harness()
        let before = h.journal.headHash
        h.press(.character("9"), .left, .character("r"))
        XCTAssertNotNil(h.row(containing: "自定统计时段"), h.screen.text)
        // The fields start at the period shown (本月).
        XCTAssertNotNil(h.row(containing: "2026-05-01 00:00"), h.screen.text)
        h.press(.ctrl("u"))
        h.type("五月一日")
        h.press(.f(10))
        XCTAssertNotNil(h.row(containing: "统计起始时间看不懂：请写 MM-DD HH:MM、YYYY-MM-DD 或 -7d"), h.screen.text)
        h.press(.ctrl("u"))
        h.type("05-04 00:00")
        h.press(.tab, .ctrl("u"))
        h.type("05-03 00:00")
        h.press(.f(10))
        XCTAssertNotNil(h.row(containing: "统计截止时间须晚于起始时间（2026-05-04 00:00）"), h.screen.text)
        h.press(.ctrl("u"))
        h.type("05-07 00:00")
        h.press(.f(10))
        XCTAssertNotNil(h.row(containing: "统计截止时间不能晚于现在（2026-05-06 16:30）"), h.screen.text)
        h.press(.ctrl("u"))
        h.type("05-06 00:00")
        h.press(.f(10))
        XCTAssertTrue(h.trimmed[2].hasSuffix("  反诈"), h.trimmed[2])
        XCTAssertEqual(h.trimmed[3], "反诈预警与劝阻统计（自定时段）  2026-05-04 00:00 — 2026-05-06 00:00")
        XCTAssertEqual(h.trimmed[4], "本期预警 1                              本期劝阻（次） 1")
        XCTAssertEqual(h.journal.headHash, before, "choosing a period writes nothing")
        // The range stays when switching report: the bulletin over the same two days.
        h.press(.character("9"), .right)
        XCTAssertEqual(h.trimmed[3], "警情公告（自定时段）  2026-05-04 00:00 — 2026-05-06 00:00")
    }

    /// P steps back: from the bulletin's 近 7 天 to 本周 in three; from 近 1 天 (off the list) to 近 182 天.
    @Test func test_shift_p_steps_back() throws {
        let h = try harness()
        h.press(.character("9"), .character("P"), .character("P"), .character("P"))
        XCTAssertEqual(h.trimmed[3], "警情公告（本周）  2026-05-04 00:00 — 2026-05-06 16:30")
        let h2 = try harness()
        h2.press(.character("9"), .right, .character("P"))
        XCTAssertEqual(h2.trimmed[3], "巡逻统计（近 182 天）  2025-11-05 16:30 — 2026-05-06 16:30")
    }

    /// A title and times too wide for one line take two (English), nothing cut.
    @Test func test_a_long_title_and_its_times_take_two_lines() throws {
        let h = try ConsoleHarness(copying: try harness(), language: .en)
        h.press(.character("9"), .left)
        // Eleven tabs leave no room for the period on the tab line in English (the title names it), and
        // the line starts at Visits so that the last tab, shown, is on it.
        XCTAssertEqual(h.trimmed[2], " Visits  Disputes  Trends  Notice  Closed  Weekly  Leaders  Anti-fraud")
        XCTAssertEqual(Array(h.trimmed[3...4]), ["Anti-fraud warnings and dissuasion (this month)",
                                                 "2026-05-01 00:00 — 2026-05-06 16:30"])
    }

    /// Each report opens at its documented default until the officer picks a period.
    @Test func test_each_report_opens_at_its_own_default() throws {
        let h = try harness()
        h.press(.character("9"))
        var titles: [String] = []
        for _ in ReportsScreen.kinds {
            titles.append(h.trimmed[3].components(separatedBy: "  ").first ?? "")
            h.press(.right)
        }
        XCTAssertEqual(titles, ["警情公告（近 7 天）", "巡逻统计（近 1 天）", "巡逻点位覆盖（近 7 天）", "重点人员走访（近 30 天）",
                               "矛盾纠纷调处统计（近 182 天）", "趋势研判（同比、环比）（本月）", "警情公告 2026年第19期",
                               "警情处置公告 2026年第19期", "所务会周报（本周）", "联户长积分与补贴（本月）", "反诈预警与劝阻统计（本月）"])
        XCTAssertEqual(ReportsScreen.kinds.map { $0.defaultPeriod },
                       [.days(7), .days(1), .days(7), .days(30), .days(182), .month, .days(7), .days(7), .week, .month, .month])
    }
}
