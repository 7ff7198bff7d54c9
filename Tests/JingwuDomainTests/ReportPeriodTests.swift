import Foundation
import JingwuJournal
import JingwuResources
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// 统计时段 (issue 17): 本班, 今日, 本周 (Mon–Sun), 本月, 上月, 近 N 天 and a typed range,
/// resolved in the office's zone (+08:00), with 环比 and 同比 bases. Every expected time
/// below is worked out by hand from a calendar.
@Suite(.serialized) final class ReportPeriodTests {
    private let state = OfficeState()

    private func window(_ period: ReportPeriod, _ now: String, state: OfficeState? = nil) -> (String, String) {
        let w = period.window(state ?? self.state, now: time(now))
        return (RFC3339.format(w.from), RFC3339.format(w.to))
    }

    @Test func test_calendar_periods_on_a_wednesday_afternoon() {
        let now = "2026-12-02T16:30:00+08:00"  // a Wednesday
        XCTAssertEqual(window(.today, now).0, "2026-12-02T00:00:00+08:00")
        XCTAssertEqual(window(.today, now).1, now)
        XCTAssertEqual(window(.week, now).0, "2026-11-30T00:00:00+08:00", "weeks start on Monday")
        XCTAssertEqual(window(.month, now).0, "2026-12-01T00:00:00+08:00")
        XCTAssertEqual(window(.month, now).1, now)
        XCTAssertEqual(window(.lastMonth, now).0, "2026-11-01T00:00:00+08:00")
        XCTAssertEqual(window(.lastMonth, now).1, "2026-12-01T00:00:00+08:00", "上月 is the whole month, to the 1st")
        XCTAssertEqual(window(.days(7), now).0, "2026-11-25T16:30:00+08:00")
    }

    @Test func test_week_edges_monday_midnight_and_sunday_night_and_local_midnight_not_utc() {
        XCTAssertEqual(window(.week, "2026-11-30T00:00:00+08:00").0, "2026-11-30T00:00:00+08:00")
        XCTAssertEqual(window(.week, "2026-12-06T23:59:00+08:00").0, "2026-11-30T00:00:00+08:00", "Sunday is the week's last day")
        XCTAssertEqual(window(.week, "2026-12-07T00:00:00+08:00").0, "2026-12-07T00:00:00+08:00")
        // 07:00 local on Monday is Sunday 23:00 UTC: still this Monday's week.
        XCTAssertEqual(window(.week, "2026-11-30T07:00:00+08:00").0, "2026-11-30T00:00:00+08:00")
        XCTAssertEqual(window(.today, "2026-12-02T07:00:00+08:00").0, "2026-12-02T00:00:00+08:00")
    }

    @Test func test_last_month_in_january_is_last_years_december() {
        XCTAssertEqual(window(.lastMonth, "2027-01-15T10:00:00+08:00").0, "2026-12-01T00:00:00+08:00")
        XCTAssertEqual(window(.lastMonth, "2027-01-15T10:00:00+08:00").1, "2027-01-01T00:00:00+08:00")
        XCTAssertEqual(window(.month, "2027-01-01T00:30:00+08:00").0, "2027-01-01T00:00:00+08:00")
    }

    @Test func test_previous_period_huanbi_by_hand() {
        func previous(_ period: ReportPeriod, _ now: String) -> (String, String) {
            let p = period.window(state, now: time(now)).previous
            return (RFC3339.format(p.from), RFC3339.format(p.to))
        }
        let now = "2026-12-02T16:30:00+08:00"
        // 今日 against yesterday to the same hour.
        XCTAssertEqual(previous(.today, now).0, "2026-12-01T00:00:00+08:00")
        XCTAssertEqual(previous(.today, now).1, "2026-12-01T16:30:00+08:00")
        // 本周 against last week to the same hour.
        XCTAssertEqual(previous(.week, now).0, "2026-11-23T00:00:00+08:00")
        XCTAssertEqual(previous(.week, now).1, "2026-11-25T16:30:00+08:00")
        // 本月 (1 day 16.5 h run) against the first 1 day 16.5 h of November.
        XCTAssertEqual(previous(.month, now).0, "2026-11-01T00:00:00+08:00")
        XCTAssertEqual(previous(.month, now).1, "2026-11-02T16:30:00+08:00")
        // 本月 on March 31st: February is shorter, so its whole month and no more.
        XCTAssertEqual(previous(.month, "2026-03-31T12:00:00+08:00").0, "2026-02-01T00:00:00+08:00")
        XCTAssertEqual(previous(.month, "2026-03-31T12:00:00+08:00").1, "2026-03-01T00:00:00+08:00")
        // 上月 (November) against the whole of October.
        XCTAssertEqual(previous(.lastMonth, now).0, "2026-10-01T00:00:00+08:00")
        XCTAssertEqual(previous(.lastMonth, now).1, "2026-11-01T00:00:00+08:00")
        // 近 7 天 and a typed range: the same length just before.
        XCTAssertEqual(previous(.days(7), now).0, "2026-11-18T16:30:00+08:00")
        XCTAssertEqual(previous(.days(7), now).1, "2026-11-25T16:30:00+08:00")
        let range = ReportPeriod.range(time("2026-11-10T08:00:00+08:00"), time("2026-11-12T20:00:00+08:00"))
        XCTAssertEqual(previous(range, now).0, "2026-11-07T20:00:00+08:00")
        XCTAssertEqual(previous(range, now).1, "2026-11-10T08:00:00+08:00")
    }

    @Test func test_same_period_last_year_tongbi_and_none_for_a_shift() throws {
        let last = try XCTUnwrap(ReportPeriod.lastMonth.window(state, now: time("2026-12-02T16:30:00+08:00")).lastYear)
        XCTAssertEqual(RFC3339.format(last.from), "2025-11-01T00:00:00+08:00")
        XCTAssertEqual(RFC3339.format(last.to), "2025-12-01T00:00:00+08:00")
        // A leap day a year back is February 28th.
        let leap = try XCTUnwrap(ReportPeriod.today.window(state, now: time("2024-02-29T10:00:00+08:00")).lastYear)
        XCTAssertEqual(RFC3339.format(leap.from), "2023-02-28T00:00:00+08:00")
        XCTAssertEqual(RFC3339.format(leap.to), "2023-02-28T10:00:00+08:00")
        XCTAssertNil(ReportPeriod.shift.window(state, now: time("2026-12-02T16:30:00+08:00")).lastYear)
    }

    @Test func test_this_shift_is_the_shift_on_duty_else_the_last_else_today() throws {
        let f = try Fixture(now: "2026-11-23T08:00:00+08:00")
        let now = "2026-11-23T12:00:00+08:00"
        XCTAssertEqual(window(.shift, now, state: f.state).0, "2026-11-23T00:00:00+08:00", "no shift ever: today")
        XCTAssertNil(ReportPeriod.shift.window(f.state, now: time(now)).shift)
        try f.run(OpenShift(duty: Fixture.officer))
        f.clock.set("2026-11-23T12:00:00+08:00")
        let open = ReportPeriod.shift.window(f.state, now: time(now))
        XCTAssertEqual(RFC3339.format(open.from), "2026-11-23T08:00:00+08:00")
        XCTAssertEqual(RFC3339.format(open.to), now)
        XCTAssertEqual(open.shift, "S0001")
        try f.run(HandOverShift(to: Fixture.nextOfficer, notes: "平稳"))
        let later = ReportPeriod.shift.window(f.state, now: time("2026-11-23T15:00:00+08:00"))
        XCTAssertEqual(RFC3339.format(later.to), "2026-11-23T12:00:00+08:00", "handed over: the last shift's own window")
        XCTAssertEqual(later.shift, "S0001")
        XCTAssertEqual(later.name(Strings(.zh)), "本班 S0001")
    }

    @Test func test_period_codes_parse_and_bad_ones_do_not() {
        XCTAssertEqual(ReportPeriod.parse("shift"), .shift)
        XCTAssertEqual(ReportPeriod.parse("Today"), .today)
        XCTAssertEqual(ReportPeriod.parse("week"), .week)
        XCTAssertEqual(ReportPeriod.parse("month"), .month)
        XCTAssertEqual(ReportPeriod.parse("LAST-MONTH"), .lastMonth)
        XCTAssertEqual(ReportPeriod.parse("7d"), .days(7))
        XCTAssertEqual(ReportPeriod.parse("182d"), .days(182))
        for bad in ["", "0d", "d", "-7d", "7", "7 d", "99999d", "１d", "weekly", "+7d"] {
            XCTAssertNil(ReportPeriod.parse(bad), bad)
        }
        for period in ReportPeriod.cycle { XCTAssertEqual(period.code.flatMap(ReportPeriod.parse), period) }
    }

    @Test func test_names_for_titles() {
        let zh = Strings(.zh)
        let now = time("2026-12-02T16:30:00+08:00")
        XCTAssertEqual(ReportPeriod.week.window(state, now: now).name(zh), "本周")
        XCTAssertEqual(ReportPeriod.lastMonth.window(state, now: now).name(zh), "上月 2026-11")
        XCTAssertEqual(ReportPeriod.days(30).window(state, now: now).name(zh), "近 30 天")
        XCTAssertEqual(ReportPeriod.lastMonth.window(state, now: now).name(Strings(.en)), "last month 2026-11")
    }
}
