import Foundation

// The documents of issue 20's part B: 趋势研判 (trends), the public 警情公告 (notice) and
// 破案公告 (solved), and the internal weekly summary for the 所务会 (weekly). Labels are
// `report.…` keys in `Resources/strings/*/trends.json`.

extension ReportBuilder {
    /// A 同比/环比 row: the figure, its count, the previous period's with the change, last year's with the change.
    func trendRow(_ key: String, _ label: String, _ c: TrendCount) -> [ReportValue] {
        [ReportValue(display: label, json: .string(key)), .int(c.now), baseCount(c.previous), change(c.now, c.previous),
         baseCount(c.lastYear), change(c.now, c.lastYear)]
    }

    var trendColumns: [ReportColumn] {
        [col("figure"), col("this_period", numeric: true), col("previous_period", numeric: true),
         col("previous_change", numeric: true), col("last_year", numeric: true), col("last_year_change", numeric: true)]
    }

    /// Minutes with one decimal (a median of an even count may end in .5), `—` with none.
    func minutesValue(_ minutes: Double?) -> ReportValue {
        guard let minutes else { return ReportValue(display: "—", json: .null, cell: "") }
        return ReportValue(display: t("trends.minutes", ["n": String(format: "%.1f", minutes)]), json: .double(minutes),
                           cell: String(format: "%.1f", minutes), unit: t("unit.minutes"))
    }

    /// 到场时长 figures (the bulletin, the weekly summary and the trends report show the same three).
    func arrivalFigures(_ a: ArrivalFigures) -> [ReportFigure] {
        [
            ReportFigure("arrived", t("fig.arrived"), rate(a.arrived, a.incidents)),
            ReportFigure("arrivalMedianMinutes", t("fig.arrival_median"), minutesValue(a.medianMinutes)),
            ReportFigure("arrivedWithin", t("fig.arrived_within", ["n": String(a.withinMinutes)]), rate(a.within, a.arrived)),
        ]
    }

    /// 趋势研判.
    public func trends(_ r: TrendsReport) -> ReportDocument {
        var figures = [ReportFigure("incidents", t("fig.incidents"), .int(r.incidents.now))]
        figures += arrivalFigures(r.arrival)
        figures.append(ReportFigure("outreachSessions", t("fig.outreach_sessions"), .int(r.outreachSessions.now)))
        var rows = [trendRow("incidents", t("trends.row.incidents"), r.incidents)]
        rows += r.incidentsByKind.map { trendRow("incidents." + $0.kind.code, t("trends.row.kind", ["kind": $0.kind.name(strings)]),
                                                 $0.count) }
        rows += [
            trendRow("fraudWarnings", t("trends.row.fraud_warnings"), r.fraudWarnings),
            trendRow("fraudStopped", t("trends.row.fraud_stopped"), r.fraudStopped),
            trendRow("fraudDefrauded", t("trends.row.fraud_defrauded"), r.fraudDefrauded),
            trendRow("disputesOpened", t("trends.row.disputes_opened"), r.disputesOpened),
            trendRow("disputesResolved", t("trends.row.disputes_resolved"), r.disputesResolved),
            trendRow("outreachSessions", t("trends.row.outreach_sessions"), r.outreachSessions),
            trendRow("outreachAttendees", t("trends.row.outreach_attendees"), r.outreachAttendees),
        ]
        let sections = [
            ReportSection(key: "comparison", title: t("section.trend_comparison"), columns: trendColumns, rows: rows,
                          emptyText: none),
            ReportSection(
                key: "presence", title: t("section.presence", ["window": r.presenceWindow]),
                columns: [col("cell", max: 24), col("presence_hours", numeric: true), col("hours_with_checkin", numeric: true),
                          col("presence_rate", numeric: true)],
                rows: r.presence.map { [cellValue($0.cell), .int($0.hours), .int($0.hoursWithCheckIn), rate($0.hoursWithCheckIn, $0.hours)] },
                emptyText: none),
            ReportSection(
                key: "sweep", title: t("section.sweep"),
                columns: [col("community", max: 16), col("households", numeric: true), col("visited_households", numeric: true),
                          col("outreach_households", numeric: true), col("sweep_rate", numeric: true)],
                rows: r.sweep.map { [.text($0.community), .int($0.households), .int($0.visited), .int($0.outreach),
                                     rate($0.reached, $0.households)] },
                emptyText: none),
        ]
        func base(_ label: String, _ span: (from: Date, to: Date)?, _ covered: Bool) -> (label: String, text: String) {
            guard let span else { return (label, t("fraud.no_base_shift")) }
            let text = ReportFormat.period(span.from, span.to)
            if covered { return (label, text) }
            let begin = r.recordsBegin.map { ReportFormat.short($0, withYear: true) } ?? "—"
            return (label, t("fraud.no_records", ["period": text, "begin": begin]))
        }
        let notes = [
            base(t("fraud.previous_period"), r.previous, r.incidents.previous != nil),
            base(t("fraud.last_year_period"), r.lastYear, r.incidents.lastYear != nil),
            (t("trends.formula_label"), t("trends.formula.change")),
            (t("trends.formula_arrival_label"), t("trends.formula.arrival", ["n": String(r.arrival.withinMinutes)])),
            (t("trends.formula_presence_label"), t("trends.formula.presence", ["window": r.presenceWindow])),
            (t("trends.formula_sweep_label"), t("trends.formula.sweep")),
        ]
        return ReportDocument(kind: "trends", title: t("title.trends"), heading: heading, from: r.from, to: r.to,
                              periodText: period(r.from, r.to), figures: figures, sections: sections, notes: notes)
    }
}

extension ReportBuilder {
    /// The handover's 应公布的公告 (session 11): each due week's two public bulletins, its issue, its
    /// period and the command that prints it.
    func bulletinsDueSection(_ due: [BulletinDue]) -> ReportSection {
        func day(_ date: Date) -> String { String(OfficeTime.readable(date).prefix(10)) }
        var rows: [[ReportValue]] = []
        for week in due {
            let period = t("bulletins_due.period", ["from": day(week.from), "to": day(week.to.addingTimeInterval(-1))])
            for kind in ["public", "solved"] {
                let command = "jingwu report \(kind) --from \(day(week.from)) --to \(day(week.to))"
                rows.append([ReportValue(display: t("title.\(kind)", ["issue": issueText(week.issue)]), json: .string(kind)),
                             ReportValue(display: period, json: .string(String(format: "%04d-W%02d", week.issue.year, week.issue.week))),
                             .text(command)])
            }
        }
        return ReportSection(key: "bulletinsDue", title: t("section.ho.bulletinsDue"),
                             columns: [col("bulletin"), col("bulletin_period"), col("bulletin_command")],
                             rows: rows, emptyText: none)
    }
}
