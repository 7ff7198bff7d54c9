import Foundation

extension ReportBuilder {
    /// A change against a base: `+20.0%` (JSON and CSV the fraction 0.2); `—` (JSON null, an empty
    /// CSV cell) with no base or a base of 0.
    func change(_ now: Int, _ base: Int?) -> ReportValue {
        guard let base, base > 0 else { return ReportValue(display: "—", json: .null, cell: "") }
        let value = Double(now - base) / Double(base)
        return ReportValue(display: String(format: "%+.1f%%", value * 100), json: .double(value))
    }

    /// A base count: the number, or `—` (JSON null, an empty CSV cell) where the records do not reach back.
    func baseCount(_ value: Int?) -> ReportValue {
        guard let value else { return ReportValue(display: "—", json: .null, cell: "") }
        return .int(value)
    }

    /// 反诈统计: warnings by level, dissuasions by outcome and by who, pending at the end, 环比 and 同比.
    public func fraud(_ report: FraudReport) -> ReportDocument {
        let c = report.counts
        let figures = [
            ReportFigure("received", t("fig.fraud_received"), .int(c.received)),
            ReportFigure("dissuasions", t("fig.fraud_dissuasions"), .int(c.dissuasions)),
            ReportFigure("dissuaded", t("fig.fraud_dissuaded"), .int(c.dissuaded)),
            ReportFigure("defrauded", t("fig.fraud_defrauded"), .int(c.defrauded)),
            ReportFigure("completionRate", t("fig.fraud_completion"), rate(report.receivedDissuadedByEnd, c.received)),
            ReportFigure("pending", t("fig.fraud_pending_end"), .int(report.pending.count)),
        ]
        func baseNote(_ label: String, _ base: FraudComparison?) -> (label: String, text: String) {
            guard let base else { return (label, t("fraud.no_base_shift")) }
            let span = ReportFormat.period(base.from, base.to)
            if base.counts != nil { return (label, span) }
            let begin = report.recordsBegin.map { ReportFormat.short($0, withYear: true) } ?? "—"
            return (label, t("fraud.no_records", ["period": span, "begin": begin]))
        }
        let notes = [
            baseNote(t("fraud.previous_period"), report.previous),
            baseNote(t("fraud.last_year_period"), report.lastYear),
            (t("fraud.formula_label"), t("fraud.formula")),
        ]
        let previous = report.previous.counts
        let lastYear = report.lastYear?.counts
        func compareRow(_ key: String, _ label: String, _ pick: (FraudCounts) -> Int) -> [ReportValue] {
            let now = pick(c)
            return [ReportValue(display: t("col." + label), json: .string(key)), .int(now),
                    baseCount(previous.map(pick)), change(now, previous.map(pick)),
                    baseCount(lastYear.map(pick)), change(now, lastYear.map(pick))]
        }
        let sections = [
            ReportSection(
                key: "byLevel", title: t("section.fraud_by_level"),
                columns: [col("level"), col("warnings", numeric: true), col("dissuaded_by_end", numeric: true),
                          col("pending_at_end", numeric: true)],
                rows: report.byLevel.map { [.code($0.level, strings), .int($0.received), .int($0.dissuadedByEnd),
                                            .int($0.pendingAtEnd)] },
                emptyText: none, barColumn: 1),
            ReportSection(
                key: "byOutcome", title: t("section.fraud_by_outcome"),
                columns: [col("outcome"), col("dissuasions", numeric: true)],
                rows: report.byOutcome.map { [.code($0.outcome, strings), .int($0.count)] }, emptyText: none, barColumn: 1),
            ReportSection(
                key: "byPerson", title: t("section.fraud_by_person"),
                columns: [col("dissuader", max: 24), col("dissuasions", numeric: true), col("dissuaded", numeric: true),
                          col("unreachable", numeric: true), col("defrauded", numeric: true)],
                rows: report.byOfficer.map { [staffValue($0.badge), .int($0.attempts), .int($0.dissuaded), .int($0.unreachable),
                                              .int($0.defrauded)] },
                emptyText: none, barColumn: 1),
            ReportSection(
                key: "comparison", title: t("section.fraud_comparison"),
                columns: [col("figure"), col("this_period", numeric: true), col("previous_period", numeric: true),
                          col("previous_change", numeric: true), col("last_year", numeric: true),
                          col("last_year_change", numeric: true)],
                rows: [compareRow("received", "warnings") { $0.received }, compareRow("dissuaded", "dissuaded") { $0.dissuaded },
                       compareRow("defrauded", "defrauded") { $0.defrauded }],
                emptyText: none),
            ReportSection(
                key: "pending", title: t("section.fraud_pending_end"),
                columns: [col("warning"), col("time"), col("age_days", numeric: true), col("level"), col("target", max: 16),
                          col("cell", max: 18), col("status")],
                rows: report.pending.map { w in
                    let status = w.status(at: report.to)
                    return [.text(w.id), .time(w.at), .int(max(0, OfficeTime.days(from: w.at, to: report.to))),
                            .code(w.level, strings), .text(w.target), cellValue(w.cell),
                            ReportValue(display: strings.text("domain.fraud_status." + status.rawValue),
                                        json: .string(status.rawValue))]
                }, emptyText: none),
        ]
        return ReportDocument(kind: "fraud", title: t("title.fraud"), heading: heading, from: report.from, to: report.to,
                              periodText: period(report.from, report.to), figures: figures, sections: sections,
                              notes: notes)
    }
}
