import Foundation
import JingwuDomain
import JingwuTerminal

/// The pictures of the 统计 screen: bar charts of the report's counted sections, hour-of-day
/// strips, and coverage over time (cells covered at the end of each day).
enum ReportsCharts {
    /// Bars per counted section, at most this many each.
    static let maxBars = 10

    /// The pictures of `doc`, over its period (`doc.from` to `doc.to`).
    static func blocks(_ kind: ReportKind, doc: ReportDocument, session: ConsoleSession) -> [ReportsScreen.Block] {
        var out: [ReportsScreen.Block] = []
        let state = session.state
        let now = doc.to ?? session.now
        let from = doc.from ?? now.addingTimeInterval(-7 * 86400)
        func t(_ key: String, _ args: [String: String] = [:]) -> String { session.t(key, args) }

        // Hour-of-day strips.
        switch kind.id {
        case "bulletin":
            var hours = [Int](repeating: 0, count: 24)
            for incident in state.incidents(from: from, to: now) { hours[OfficeTime.hour(incident.at)] += 1 }
            out.append(.strip(label: t("console.reports.strip.incidents"), counts: hours))
        case "patrols":
            out.append(.strip(label: t("console.reports.strip.patrol_minutes"), counts: patrolMinutesByHour(state, from, now)))
        case "coverage":
            var hours = [Int](repeating: 0, count: 24)
            for cell in state.cells.all {
                for c in state.patrols.checkIns(cell: cell.code, from: from, to: now) { hours[OfficeTime.hour(c.at)] += 1 }
            }
            out.append(.strip(label: t("console.reports.strip.checkins"), counts: hours))
            out += coverageOverTime(state, days: OfficeTime.days(from: from, to: now.addingTimeInterval(86399)), now: now,
                                    session)
        case "visits":
            var hours = [Int](repeating: 0, count: 24)
            for visit in state.visits(from: from, to: now) { hours[OfficeTime.hour(visit.at)] += 1 }
            out.append(.strip(label: t("console.reports.strip.visits"), counts: hours))
        default:
            break
        }

        // A bar chart for every section that names a column to chart.
        for section in doc.sections {
            guard let column = section.barColumn, !section.rows.isEmpty else { continue }
            var items = section.rows.map { row -> (String, Int, String) in
                let value: Int
                if case .int(let n) = row[column].json { value = n } else { value = Int(row[column].display) ?? 0 }
                return (row[0].display, value, row[column].display)
            }
            // More rows than bars: the largest ones (ties in the report's order); the table below lists all.
            let whole = items.count <= maxBars
            if !whole {
                items = Array(items.enumerated().sorted { $0.element.1 != $1.element.1 ? $0.element.1 > $1.element.1 : $0.offset < $1.offset }
                    .prefix(maxBars).map(\.element))
            }
            let top = max(1, items.map(\.1).max() ?? 1)
            let labelWidth = min(16, items.map { TextWidth.columns(of: $0.0) }.max() ?? 4)
            out.append(.text("▌" + (whole ? section.title : t("console.reports.top", [
                "title": section.title, "n": String(maxBars), "total": String(section.rows.count)])), .header))
            for item in items {
                out.append(.bar(label: item.0, value: item.1, top: top, labelWidth: labelWidth, shown: item.2))
            }
        }
        return out
    }

    /// True when `section` is drawn as a bar chart with every one of its rows.
    static func chartsWhole(_ section: ReportSection) -> Bool {
        section.barColumn != nil && !section.rows.isEmpty && section.rows.count <= maxBars
    }

    /// Patrol minutes in each local hour of day over `[from, to)`.
    static func patrolMinutesByHour(_ state: OfficeState, _ from: Date, _ to: Date) -> [Int] {
        var hours = [Int](repeating: 0, count: 24)
        for patrol in state.patrols(from: from, to: to) {
            var t = max(patrol.startedAt, from)
            let end = min(patrol.endedAt ?? to, to)
            while t < end {
                hours[OfficeTime.hour(t)] += 1
                t = t.addingTimeInterval(60)
            }
        }
        return hours
    }

    /// Cells covered (within their window) at the end of each of the last days (at most 14).
    static func coverageOverTime(_ state: OfficeState, days: Int, now: Date, _ session: ConsoleSession)
        -> [ReportsScreen.Block]
    {
        let count = min(days, 14)
        let total = state.cells.all.count
        guard total > 0, count > 1 else { return [] }
        var out: [ReportsScreen.Block] = [.text("▌" + session.t("console.reports.coverage_over_time", [
            "total": String(total)]), .header)]
        let today = OfficeTime.startOfDay(now)
        for back in stride(from: count - 1, through: 0, by: -1) {
            let end = back == 0 ? now : today.addingTimeInterval(-Double(back - 1) * 86400 - 1)
            let covered = state.coverage(now: end).filter { !$0.status.isGap }.count
            out.append(.bar(label: session.dayClock(end).prefix(5) + "", value: covered, top: total, labelWidth: 5,
                            shown: "\(covered)/\(total)"))
        }
        return out
    }

    /// One bar row: label, bar scaled to `top`, the value as shown in the report.
    static func drawBar(label: String, value: Int, top: Int, labelWidth: Int, shown: String, into screen: Screen,
                        row: Int, rect: Rect) {
        let valueWidth = max(6, TextWidth.columns(of: shown))
        let space = max(0, rect.width - labelWidth - valueWidth - 3)
        let length = value <= 0 ? 0 : max(1, (value * space + top / 2) / max(1, top))
        screen.put(label, row: row, col: rect.col + 1, width: labelWidth, style: .normal)
        screen.put(String(repeating: "█", count: min(length, space)), row: row, col: rect.col + labelWidth + 2, style: .bar)
        screen.put(shown, row: row, col: rect.right - valueWidth, width: valueWidth, style: .normal, align: .right)
    }
}
