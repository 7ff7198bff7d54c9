import Foundation
import JingwuJournal
import JingwuResources

// The periods a report is asked for (统计时段, issue 17): the same names on the command
// line (`jingwu report … --period week`) and the console's 统计 screen (`p`, `r`).

/// A report's period, as the operator names it.
public enum ReportPeriod: Sendable, Equatable {
    /// 本班: the shift on duty, from its opening to now; with none on duty, the last shift's window
    /// (opening to handover); with no shift ever, today.
    case shift
    /// 今日: local midnight to now.
    case today
    /// 本周: Monday 00:00 of this calendar week (Mon–Sun) to now.
    case week
    /// 本月: the first of this month, 00:00, to now.
    case month
    /// 上月: the whole previous calendar month.
    case lastMonth
    /// 近 N 天: N × 24 hours back from the end.
    case days(Int)
    /// A typed range `[from, to)`.
    case range(Date, Date)

    /// The named periods the console's `p` steps through, in order.
    public static let cycle: [ReportPeriod] = [.shift, .today, .week, .month, .lastMonth, .days(7), .days(30), .days(182)]

    /// The command-line code: `shift`, `today`, `week`, `month`, `last-month`, `7d`; nil for a range.
    public var code: String? {
        switch self {
        case .shift: "shift"
        case .today: "today"
        case .week: "week"
        case .month: "month"
        case .lastMonth: "last-month"
        case .days(let n): "\(n)d"
        case .range: nil
        }
    }

    /// The period `--period` names (`shift`, `today`, `week`, `month`, `last-month`, or `Nd` for
    /// N days, 1–3660), case-insensitive; nil for anything else.
    public static func parse(_ text: String) -> ReportPeriod? {
        let word = text.trimmingCharacters(in: .whitespaces).lowercased()
        switch word {
        case "shift": return .shift
        case "today": return .today
        case "week": return .week
        case "month": return .month
        case "last-month", "lastmonth": return .lastMonth
        default:
            guard word.hasSuffix("d"), word.count <= 5, let n = Int(word.dropLast()), (1...3660).contains(n),
                  word.dropLast().allSatisfy({ $0.isASCII && $0.isNumber })
            else { return nil }
            return .days(n)
        }
    }

    /// The window `[from, to)` this period covers at `now`. `end` is where a rolling `近 N 天`
    /// ends (`--to`), now when not given; the calendar periods and 本班 always end at now (or,
    /// for 上月 and a past shift, at their own end).
    public func window(_ state: OfficeState, now: Date, end: Date? = nil) -> ReportWindow {
        switch self {
        case .shift:
            if let shift = state.shifts.current ?? state.shifts.shifts.last(where: { !$0.voided }) {
                return ReportWindow(period: self, from: shift.openedAt, to: shift.endedAt ?? now, shift: shift.id)
            }
            return ReportWindow(period: self, from: OfficeTime.startOfDay(now), to: now, shift: nil)
        case .today:
            return ReportWindow(period: self, from: OfficeTime.startOfDay(now), to: now)
        case .week:
            return ReportWindow(period: self, from: Self.startOfWeek(now), to: now)
        case .month:
            return ReportWindow(period: self, from: Self.startOfMonth(now, monthsBack: 0), to: now)
        case .lastMonth:
            return ReportWindow(period: self, from: Self.startOfMonth(now, monthsBack: 1),
                                to: Self.startOfMonth(now, monthsBack: 0))
        case .days(let n):
            let to = end ?? now
            return ReportWindow(period: self, from: to.addingTimeInterval(-Double(n) * 86400), to: to)
        case .range(let from, let to):
            return ReportWindow(period: self, from: from, to: to)
        }
    }

    // MARK: The office's calendar

    /// Local (y, m, d) of `date`.
    static func civil(_ date: Date) -> (year: Int64, month: Int64, day: Int64) {
        let local = Int64(date.timeIntervalSince1970.rounded(.down)) + Int64(OfficeTime.offset)
        let c = RFC3339.civil(fromEpochSeconds: local)
        return (c.0, c.1, c.2)
    }

    /// Local midnight starting the civil day `y-m-d`.
    static func midnight(_ year: Int64, _ month: Int64, _ day: Int64) -> Date {
        Date(timeIntervalSince1970: Double(RFC3339.daysFromCivil(year, month, day) * 86400 - Int64(OfficeTime.offset)))
    }

    /// Monday 00:00 of the week of `date` (weeks run Monday to Sunday).
    static func startOfWeek(_ date: Date) -> Date {
        let day = OfficeTime.dayNumber(date)
        // 1970-01-01 was a Thursday: day 0 is weekday 3 counting Monday as 0.
        let weekday = ((day % 7) + 7 + 3) % 7
        return Date(timeIntervalSince1970: Double((day - weekday) * 86400 - Int64(OfficeTime.offset)))
    }

    /// The first of the month `monthsBack` months before the month of `date`, 00:00.
    static func startOfMonth(_ date: Date, monthsBack: Int64) -> Date {
        let c = civil(date)
        let index = c.year * 12 + (c.month - 1) - monthsBack
        return midnight(index / 12, index % 12 + 1, 1)
    }

    /// `date` moved by whole calendar months (the day of month kept, or the month's last day when
    /// it has fewer: 03-31 back one month is 02-28 or 02-29), the time of day kept.
    static func movingMonths(_ date: Date, by months: Int64) -> Date {
        let c = civil(date)
        let index = c.year * 12 + (c.month - 1) + months
        let (year, month) = (index / 12, index % 12 + 1)
        let next = (year * 12 + month) // the month after, as an index
        let length = RFC3339.daysFromCivil(next / 12, next % 12 + 1, 1) - RFC3339.daysFromCivil(year, month, 1)
        let day = min(c.day, length)
        let timeOfDay = date.timeIntervalSince(midnight(c.year, c.month, c.day))
        return midnight(year, month, day).addingTimeInterval(timeOfDay)
    }
}

/// A report period resolved to times: `[from, to)`, and the shift when it is 本班.
public struct ReportWindow: Sendable, Equatable {
    public var period: ReportPeriod
    public var from: Date
    public var to: Date
    /// The shift whose window this is (本班), nil when there was none.
    public var shift: String?

    public init(period: ReportPeriod, from: Date, to: Date, shift: String? = nil) {
        self.period = period; self.from = from; self.to = to; self.shift = shift
    }

    /// The period as a title says it: 本班（S0003）, 今日, 本周, 本月, 上月（2026-11）, 近 7 天, 自定时段.
    public func name(_ strings: Strings) -> String {
        func t(_ key: String, _ args: [String: String] = [:]) -> String { strings.text("report.period_name." + key, args) }
        switch period {
        case .shift: return shift.map { t("shift", ["shift": $0]) } ?? t("shift_none")
        case .today: return t("today")
        case .week: return t("week")
        case .month: return t("month")
        case .lastMonth:
            let c = ReportPeriod.civil(from)
            return t("last_month", ["month": String(format: "%04d-%02d", Int(c.year), Int(c.month))])
        case .days(let n): return t("days", ["days": String(n)])
        case .range: return t("range")
        }
    }

    /// 环比: the period before, shifted back by one of its own units — a day for 今日, seven days for
    /// 本周, a calendar month for 本月 (from the previous month's first day, as long as this one has
    /// run, cut at that month's end) and 上月 (the whole month before); its own length for 本班,
    /// 近 N 天 and a typed range.
    public var previous: (from: Date, to: Date) {
        switch period {
        case .today: return (from.addingTimeInterval(-86400), to.addingTimeInterval(-86400))
        case .week: return (from.addingTimeInterval(-7 * 86400), to.addingTimeInterval(-7 * 86400))
        case .month:
            let start = ReportPeriod.startOfMonth(from, monthsBack: 1)
            return (start, min(start.addingTimeInterval(to.timeIntervalSince(from)), from))
        case .lastMonth: return (ReportPeriod.startOfMonth(from, monthsBack: 1), from)
        case .shift, .days, .range:
            let length = to.timeIntervalSince(from)
            return (from.addingTimeInterval(-length), from)
        }
    }

    /// 同比: the same dates a year earlier (02-29 becomes 02-28); nil for 本班 (a shift has no
    /// counterpart a year back).
    public var lastYear: (from: Date, to: Date)? {
        if case .shift = period { return nil }
        return (ReportPeriod.movingMonths(from, by: -12), ReportPeriod.movingMonths(to, by: -12))
    }
}
