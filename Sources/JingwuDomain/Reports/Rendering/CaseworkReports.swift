import Foundation
import JingwuResources

// Issue 20, part A, in reports: the disputes report's 排查 weeks, risk flags and overdue cases; the
// reception-day register (`jingwu report reception`); rectification notices (`jingwu report
// notices`) and one notice printed (`jingwu report notice --notice R0001`).

/// Reception days (接访日) held in a period.
public struct ReceptionReport: Sendable {
    public var from: Date
    public var to: Date
    public var days: [ReceptionDay]
    /// The next day of each host on or after the report's `now`.
    public var nextOfficerDay: Date
    public var nextSecretaryDay: Date
}

/// Rectification notices (整改通知书) in a period and as they stood at its end.
public struct NoticesReport: Sendable {
    public var from: Date
    public var to: Date
    /// Issued in the period.
    public var issued: [RectificationNotice]
    /// Not completed at `to` and past their deadline then, longest past first.
    public var pastDue: [RectificationNotice]
    /// Not completed at `to`, deadline not yet passed.
    public var open: [RectificationNotice]
    /// Completed in the period.
    public var completed: [RectificationNotice]
}

extension OfficeState {
    public func receptionReport(from: Date, to: Date, now: Date) -> ReceptionReport {
        ReceptionReport(from: from, to: to, days: receptionDays(from: from, to: to),
                        nextOfficerDay: nextReceptionDay(.officer, now: now), nextSecretaryDay: nextReceptionDay(.secretary, now: now))
    }

    public func noticesReport(from: Date, to: Date) -> NoticesReport {
        let live = liveNotices
        let standing = live.filter { $0.isOpen(at: to) }
        return NoticesReport(
            from: from, to: to, issued: live.filter { $0.issuedAt >= from && $0.issuedAt < to },
            pastDue: standing.filter { $0.isPastDue(now: to) }.sorted { ($0.deadline, $0.id) < ($1.deadline, $1.id) },
            open: standing.filter { !$0.isPastDue(now: to) },
            completed: live.filter { n in n.completion.map { $0.at >= from && $0.at < to } ?? false })
    }
}

extension ReportBuilder {
    // MARK: The disputes report's part

    /// 排查 weeks over the report's period: community × week, with findings, 零报告 or a gap.
    func screeningFigures(_ weeks: [ScreeningWeek]) -> [ReportFigure] {
        let zero = weeks.filter { $0.status == .zero }.count
        let gaps = weeks.filter { $0.status == .gap }.count
        let findings = weeks.filter { if case .findings = $0.status { return true } else { return false } }.count
        return [
            ReportFigure("screeningWeeks", t("fig.screening_weeks"), .int(weeks.filter { $0.status != .pending }.count)),
            ReportFigure("screeningFindings", t("fig.screening_findings"), .int(findings)),
            ReportFigure("zeroReports", t("fig.zero_reports"), .int(zero)),
            ReportFigure("screeningGaps", t("fig.screening_gaps"), .int(gaps)),
        ]
    }

    func screeningValue(_ status: ScreeningStatus) -> ReportValue {
        switch status {
        case .findings(let n): ReportValue(display: t("screening.findings", ["n": String(n)]), json: .string("findings"))
        case .zero: ReportValue(display: t("screening.zero"), json: .string("zero"))
        case .gap: ReportValue(display: t("screening.gap"), json: .string("gap"))
        case .pending: ReportValue(display: t("screening.pending"), json: .string("pending"))
        }
    }

    func screeningSection(_ weeks: [ScreeningWeek]) -> ReportSection {
        ReportSection(
            key: "screening", title: t("section.screening"),
            columns: [col("community", max: 16), col("week"), col("screening"), col("found", numeric: true)],
            rows: weeks.map { w in
                let found: Int? = if case .findings(let n) = w.status { n } else if w.status == .zero { 0 } else { nil }
                return [.text(w.community), ReportValue(display: w.weekLabel, json: .string(w.weekLabel)), screeningValue(w.status),
                        found.map { .int($0) } ?? .text(nil)]
            }, emptyText: none)
    }

    func riskFlagSection(from: Date, to: Date) -> ReportSection {
        ReportSection(
            key: "riskFlags", title: t("section.risk_flags"),
            columns: [col("flag"), col("disputes", numeric: true), col("persons", numeric: true)],
            rows: state.disputeRiskCounts(from: from, to: to).map { [.code($0.flag, strings), .int($0.cases), .int($0.persons)] },
            emptyText: none)
    }

    func overdueDisputeSection(_ overdue: [DisputeOverdue]) -> ReportSection {
        ReportSection(
            key: "overdue", title: t("section.disputes_overdue"),
            columns: [col("dispute"), col("category"), col("parties", max: 20), col("deadline"), col("days_over", numeric: true),
                      col("responsible", max: 16)],
            rows: overdue.map { o in
                [.text(o.dispute.id), .code(o.dispute.category, strings), list(o.dispute.parties), .time(o.deadline),
                 .int(o.daysOver), staffValue(o.dispute.responsible)]
            }, emptyText: none)
    }

    /// What issue 20 adds to 矛盾纠纷统计: figures and sections, appended to the report's own.
    func disputeCasework(from: Date, to: Date) -> (figures: [ReportFigure], sections: [ReportSection]) {
        let weeks = state.screeningWeeks(from: from, to: to, now: min(now, to))
        let overdue = state.disputesOverdue(now: min(now, to))
        return (screeningFigures(weeks) + [ReportFigure("overdue", t("fig.disputes_overdue"), .int(overdue.count))],
                [screeningSection(weeks), riskFlagSection(from: from, to: to), overdueDisputeSection(overdue)])
    }

    // MARK: Reception days

    /// 接访日登记.
    public func reception(_ report: ReceptionReport) -> ReportDocument {
        let days = report.days
        let figures = [
            ReportFigure("officerDays", t("fig.reception_officer_days"), .int(days.filter { $0.host == .officer }.count)),
            ReportFigure("secretaryDays", t("fig.reception_secretary_days"), .int(days.filter { $0.host == .secretary }.count)),
            ReportFigure("visitors", t("fig.reception_visitors"), .int(days.reduce(0) { $0 + $1.visitors })),
            ReportFigure("consultations", t("fig.reception_consultations"), .int(days.reduce(0) { $0 + $1.consultations })),
            ReportFigure("disputesTakenIn", t("fig.reception_disputes"), .int(days.reduce(0) { $0 + $1.disputes.count })),
            ReportFigure("nextOfficerDay", t("fig.reception_next_officer"), .day(report.nextOfficerDay)),
            ReportFigure("nextSecretaryDay", t("fig.reception_next_secretary"), .day(report.nextSecretaryDay)),
        ]
        let register = ReportSection(
            key: "register", title: t("section.reception_register"),
            columns: [col("time"), col("host"), col("host_name", max: 16), col("visitors", numeric: true),
                      col("consultations", numeric: true), col("disputes_taken_in", max: 24), col("note", max: 30)],
            rows: days.map { d in
                [.time(d.at), .code(d.host, strings), d.host == .officer ? staffValue(d.hostName) : .text(d.hostName),
                 .int(d.visitors), .int(d.consultations), list(d.disputes), .text(d.note)]
            }, emptyText: none)
        return ReportDocument(kind: "reception", title: t("title.reception"), heading: heading, from: report.from, to: report.to,
                              periodText: period(report.from, report.to), figures: figures, sections: [register])
    }

    // MARK: Rectification notices

    func noticeSection(_ key: String, _ title: String, _ notices: [RectificationNotice], at end: Date) -> ReportSection {
        ReportSection(
            key: key, title: title,
            columns: [col("notice"), col("notice_hazard"), col("cell", max: 16), col("party", max: 16), col("items", max: 24),
                      col("issued"), col("deadline"), col("days_over", numeric: true), col("completed")],
            rows: notices.map { n in
                let done = n.completion.flatMap { $0.at <= end ? $0.at : nil }
                let over = done == nil && end > n.deadline ? OfficeTime.days(from: n.deadline, to: end) : nil
                return [.text(n.id), .text(n.hazard), cellValue(state.hazard(n.hazard)?.cell), .text(n.party), .text(n.items),
                        .time(n.issuedAt), .time(n.deadline), over.map { .int($0) } ?? .text(nil), .time(done)]
            }, emptyText: none)
    }

    /// 整改通知书: issued, past due, open and completed.
    public func notices(_ report: NoticesReport) -> ReportDocument {
        let figures = [
            ReportFigure("issued", t("fig.notices_issued"), .int(report.issued.count)),
            ReportFigure("open", t("fig.notices_open"), .int(report.open.count + report.pastDue.count)),
            ReportFigure("pastDue", t("fig.notices_past_due"), .int(report.pastDue.count)),
            ReportFigure("completed", t("fig.notices_completed"), .int(report.completed.count)),
        ]
        let sections = [
            noticeSection("pastDue", t("section.notices_past_due"), report.pastDue, at: report.to),
            noticeSection("open", t("section.notices_open"), report.open, at: report.to),
            noticeSection("completed", t("section.notices_completed"), report.completed, at: report.to),
        ]
        return ReportDocument(kind: "notices", title: t("title.notices"), heading: heading, from: report.from, to: report.to,
                              periodText: period(report.from, report.to), figures: figures, sections: sections)
    }

    /// One 整改通知书, to print and hand over: who, what, by when, and the lines to sign.
    public func noticeFile(_ n: RectificationNotice) -> ReportDocument {
        let hazard = state.hazard(n.hazard)
        var figures = [
            ReportFigure("notice", t("col.notice"), .text(n.id)),
            ReportFigure("hazard", t("fig.notice_hazard"), .text(n.hazard)),
            ReportFigure("cell", t("col.cell"), cellValue(hazard?.cell)),
            ReportFigure("partyKind", t("fig.notice_party_kind"), .code(n.partyKind, strings)),
            ReportFigure("party", t("col.party"), .text(n.party)),
            ReportFigure("issued", t("col.issued"), .time(n.issuedAt, withYear: true)),
            ReportFigure("deadline", t("fig.notice_deadline"), .time(n.deadline, withYear: true)),
            ReportFigure("status", t("col.status"), ReportValue(
                display: t(n.completion != nil ? "notice.completed" : n.isPastDue(now: now) ? "notice.past_due" : "notice.open"),
                json: .string(n.completion != nil ? "completed" : n.isPastDue(now: now) ? "pastDue" : "open"))),
        ]
        if let c = n.completion { figures.append(ReportFigure("completed", t("col.completed"), .time(c.at, withYear: true))) }
        var notes: [(label: String, text: String)] = [(t("col.items"), n.items)]
        if let hazard { notes.append((t("fig.notice_hazard_note"), hazard.note)) }
        if let c = n.completion { notes.append((t("fig.notice_check"), c.note)) }
        let blank = ReportValue(display: "__________", json: .null)
        let signatures = ReportSection(
            key: "signatures", title: t("section.signatures"),
            columns: [col("signer_role"), col("signer", max: 24), col("signature"), col("sign_date")],
            rows: [[.text(t("signer.notified")), .text(n.party), blank, blank],
                   [.text(t("signer.officer")), .text(staffValue(n.by).display), blank, blank]], emptyText: none)
        return ReportDocument(kind: "notice", title: t("title.notice", ["id": n.id]), heading: heading, from: n.issuedAt,
                              to: n.deadline, periodText: "", figures: figures, sections: [signatures], notes: notes)
    }
}
