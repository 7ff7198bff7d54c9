import Foundation
import JingwuJournal
import JingwuResources

// The bulletins of 「每七天公布一期“警情公告”和“破案公告”」 (001-B) and the internal weekly summary
// for the 所务会 (issue 20). The two public ones are built from codes, counts and the roster's
// place names only — never from a record's free text (summaries, notes, names, phone numbers):
// whatever the records hold, nothing personal can reach them. The weekly summary is internal and
// lists incidents with their summaries (numbers masked, as in every report).

/// A bulletin's issue number (期号): the ISO week of the period's last moment, office time.
public struct BulletinIssue: Sendable, Equatable {
    public var year: Int
    public var week: Int

    public init(year: Int, week: Int) { self.year = year; self.week = week }

    /// The issue a period `[from, to)` is published as: its last moment's ISO week. ISO 8601: a
    /// week (Monday to Sunday) is in the year of its Thursday, and week 1 holds that year's first
    /// Thursday. Day arithmetic in the office's zone, as `Calendar(identifier: .iso8601)` gives it
    /// (PublicBulletinTests compares the two), without a calendar made per week: the handover
    /// report asks for one issue per week of its window.
    public static func of(periodEnd to: Date) -> BulletinIssue {
        let day = OfficeTime.dayNumber(to.addingTimeInterval(-1))
        let thursday = day - Int64(OfficeWeek.weekday(ofDay: day) - 1) + 3
        let year = RFC3339.civil(fromEpochSeconds: thursday * 86400).0
        let week = (thursday - RFC3339.daysFromCivil(year, 1, 1)) / 7 + 1
        return BulletinIssue(year: Int(year), week: Int(week))
    }
}

/// 警情公告 (public): counts by kind and place against the period before; nothing personal.
public struct PublicNotice: Sendable {
    public var from: Date
    public var to: Date
    public var issue: BulletinIssue
    /// Live incidents received in the period, by kind (kinds with none left out), most first.
    public var byKind: [(kind: IncidentKind, count: Int)]
    /// By patrol point (its code; the roster's place name is shown), most first.
    public var byCell: [(cell: String, count: Int)]
    public var total: Int
    /// The same count for the period before, when the records reach back to it.
    public var previousTotal: Int?
    /// Of `total`, received in the night window.
    public var night: Int
}

/// 警情处置公告 (public, in place of the 破案公告: the journal records no case solved): what the office
/// concluded in the period, as counts; 受案 is an incident closed as filed, not a case solved.
public struct SolvedNotice: Sendable {
    public var from: Date
    public var to: Date
    public var issue: BulletinIssue
    /// Incidents closed in the period as 受案, by kind (kinds with none left out).
    public var caseFiledByKind: [(kind: IncidentKind, count: Int)]
    /// Incidents closed in the period as 现场调解 or 治安调解.
    public var mediated: Int
    /// Dissuasions in the period that stopped a fraud (劝阻成功).
    public var fraudStopped: Int
    /// Disputes settled (调处成功) in the period.
    public var disputesResolved: Int
    public var caseFiled: Int { caseFiledByKind.reduce(0) { $0 + $1.count } }
}

extension OfficeState {
    /// The public 警情公告 of `window` (its `previous` span is the comparison).
    public func publicNotice(_ window: ReportWindow) -> PublicNotice {
        let b = bulletin(from: window.from, to: window.to)
        let previous = window.previous
        let covered = recordsBegin.map { $0 <= previous.from } ?? false
        return PublicNotice(
            from: window.from, to: window.to, issue: .of(periodEnd: window.to),
            byKind: b.byKind.map { ($0.key, $0.value) }.sorted { ($1.1, $0.0.code) < ($0.1, $1.0.code) },
            byCell: b.byCell.map { ($0.key, $0.value) }.sorted { ($1.1, $0.0) < ($0.1, $1.0) },
            total: b.incidents.count,
            previousTotal: covered ? incidents(from: previous.from, to: previous.to).count : nil,
            night: b.incidents.filter { policy.isNight($0.at) }.count)
    }

    /// The public 破案公告 of `window`.
    public func solvedNotice(_ window: ReportWindow) -> SolvedNotice {
        let from = window.from, to = window.to
        let closed = incidents.incidents.filter { !$0.voided && ($0.closedAt.map { $0 >= from && $0 < to } ?? false) }
        var filed: [IncidentKind: Int] = [:]
        for n in closed where n.disposition == .caseFiled { filed[n.kind, default: 0] += 1 }
        return SolvedNotice(
            from: from, to: to, issue: .of(periodEnd: to),
            caseFiledByKind: filed.map { ($0.key, $0.value) }.sorted { ($1.1, $0.0.code) < ($0.1, $1.0.code) },
            mediated: closed.filter { $0.disposition == .mediated || $0.disposition == .securityMediation }.count,
            fraudStopped: fraudCounts(from: from, to: to).dissuaded,
            disputesResolved: disputesResolved(from: from, to: to))
    }
}

extension ReportBuilder {
    func issueText(_ issue: BulletinIssue) -> String {
        t("notice.issue", ["year": String(issue.year), "week": String(issue.week)])
    }

    /// A place on a public bulletin: the roster's name for the point, numbers masked; its code in JSON.
    func placeValue(_ code: String) -> ReportValue {
        let name = state.cells.byCode[code]?.name ?? code
        return ReportValue(display: Privacy.maskNumbers(in: name), json: .string(code))
    }

    /// 警情公告 (对外): 期号, counts, 发案特点 and 防范提示, from codes and counts only.
    public func publicNotice(_ n: PublicNotice, topKinds: Int = TrendsPolicy.current.bulletinTopKinds) -> ReportDocument {
        let changeText: String
        if let base = n.previousTotal {
            if n.total > base { changeText = t("notice.more", ["n": String(n.total - base)]) }
            else if n.total < base { changeText = t("notice.fewer", ["n": String(base - n.total)]) }
            else { changeText = t("notice.same") }
        } else {
            changeText = t("notice.no_base")
        }
        let figures = [
            ReportFigure("issue", t("fig.issue"), ReportValue(display: issueText(n.issue),
                                                              json: .string(String(format: "%04d-W%02d", n.issue.year, n.issue.week)))),
            ReportFigure("incidents", t("fig.notice_incidents"), .int(n.total)),
            ReportFigure("previousIncidents", t("fig.notice_previous"), baseCount(n.previousTotal)),
            ReportFigure("change", t("fig.notice_change"), change(n.total, n.previousTotal)),
            ReportFigure("night", t("fig.notice_night"), .int(n.night)),
        ]
        let top = Array(n.byKind.prefix(topKinds))
        var features: [String] = []
        if n.total == 0 {
            features.append(t("notice.feature.none", ["change": changeText]))
        } else {
            features.append(t("notice.feature.total", ["count": String(n.total), "change": changeText]))
            features.append(t("notice.feature.kinds", ["kinds": top.map {
                t("notice.kind_count", ["kind": $0.kind.name(strings), "n": String($0.count)])
            }.joined(separator: t("list_separator"))]))
            if n.night > 0 {
                features.append(t("notice.feature.night", [
                    "n": String(n.night), "window": String(format: "%02d:%02d—%02d:%02d", state.policy.nightStartMinute / 60,
                                                         state.policy.nightStartMinute % 60, state.policy.nightEndMinute / 60,
                                                         state.policy.nightEndMinute % 60)]))
            }
            let places = n.byCell.prefix(3).map {
                t("notice.kind_count", ["kind": placeValue($0.cell).display, "n": String($0.count)])
            }
            features.append(t("notice.feature.places", ["places": places.joined(separator: t("list_separator"))]))
        }
        var notes: [(label: String, text: String)] = [(t("notice.features"), features.joined())]
        let tipKinds = top.isEmpty ? [] : top.map(\.kind)
        for kind in tipKinds { notes.append((t("notice.tip_label", ["kind": kind.name(strings)]), t("notice.tip." + kind.code))) }
        notes.append((t("notice.tip_label_general"), t("notice.tip.general")))
        notes.append((t("notice.privacy_label"), t("notice.privacy")))
        let sections = [
            ReportSection(key: "byKind", title: t("section.by_kind"),
                          columns: [col("kind"), col("incidents", numeric: true)],
                          rows: n.byKind.map { [.code($0.kind, strings), .int($0.count)] }, emptyText: none, barColumn: 1),
            ReportSection(key: "byPlace", title: t("section.notice_by_place"),
                          columns: [col("place", max: 24), col("incidents", numeric: true)],
                          rows: n.byCell.map { [placeValue($0.cell), .int($0.count)] }, emptyText: none, barColumn: 1),
        ]
        return ReportDocument(kind: "public", title: t("title.public", ["issue": issueText(n.issue)]), heading: heading,
                              from: n.from, to: n.to, periodText: period(n.from, n.to), figures: figures, sections: sections,
                              notes: notes)
    }

    /// 破案公告 (对外): what was concluded, as counts.
    public func solvedNotice(_ s: SolvedNotice) -> ReportDocument {
        let figures = [
            ReportFigure("issue", t("fig.issue"), ReportValue(display: issueText(s.issue),
                                                              json: .string(String(format: "%04d-W%02d", s.issue.year, s.issue.week)))),
            ReportFigure("caseFiled", t("fig.solved_case_filed"), .int(s.caseFiled)),
            ReportFigure("mediated", t("fig.solved_mediated"), .int(s.mediated)),
            ReportFigure("fraudStopped", t("fig.solved_fraud_stopped"), .int(s.fraudStopped)),
            ReportFigure("disputesResolved", t("fig.solved_disputes"), .int(s.disputesResolved)),
        ]
        let summary = t("solved.summary", ["caseFiled": String(s.caseFiled), "mediated": String(s.mediated),
                                           "fraud": String(s.fraudStopped), "disputes": String(s.disputesResolved)])
        let notes: [(label: String, text: String)] = [
            (t("solved.summary_label"), summary),
            (t("solved.basis_label"), t("solved.basis")),
            (t("notice.privacy_label"), t("notice.privacy")),
        ]
        let sections = [
            ReportSection(key: "caseFiledByKind", title: t("section.solved_by_kind"),
                          columns: [col("kind"), col("incidents", numeric: true)],
                          rows: s.caseFiledByKind.map { [.code($0.kind, strings), .int($0.count)] }, emptyText: none, barColumn: 1),
        ]
        return ReportDocument(kind: "solved", title: t("title.solved", ["issue": issueText(s.issue)]), heading: heading,
                              from: s.from, to: s.to, periodText: period(s.from, s.to), figures: figures, sections: sections,
                              notes: notes)
    }

    /// 所务会周报 (internal): the week's figures, 环比, and the incidents with their 到场时长.
    public func weeklySummary(_ window: ReportWindow) -> ReportDocument {
        let trends = state.trendsReport(window)
        let from = window.from, to = window.to
        let received = state.incidents(from: from, to: to)
        var figures = [
            ReportFigure("incidents", t("fig.incidents"), .int(received.count)),
            ReportFigure("openAtEnd", t("fig.weekly_open_incidents"), .int(state.openIncidents(at: to).count)),
        ]
        figures += arrivalFigures(trends.arrival)
        figures += [
            ReportFigure("fraudWarnings", t("fig.fraud_received"), .int(trends.fraudWarnings.now)),
            ReportFigure("fraudPending", t("fig.fraud_pending_end"), .int(state.fraudWarningsNeedingAction(at: to).count)),
            ReportFigure("disputesOpened", t("trends.row.disputes_opened"), .int(trends.disputesOpened.now)),
            ReportFigure("disputesPending", t("fig.weekly_disputes_pending"), .int(state.disputesOpen(at: to).count)),
            ReportFigure("outreachSessions", t("fig.outreach_sessions"), .int(trends.outreachSessions.now)),
            ReportFigure("outreachAttendees", t("trends.row.outreach_attendees"), .int(trends.outreachAttendees.now)),
            ReportFigure("patrolMinutes", t("fig.weekly_patrol_minutes"),
                         minutesText(state.patrolReport(from: from, to: to, now: now).totalMinutes)),
            ReportFigure("hazardsOpen", t("fig.weekly_hazards_open"), .int(state.openHazards(at: to).count)),
        ]
        let rows = [trendRow("incidents", t("trends.row.incidents"), trends.incidents)]
            + trends.incidentsByKind.filter { $0.count.now > 0 || ($0.count.previous ?? 0) > 0 }.map {
                trendRow("incidents." + $0.kind.code, t("trends.row.kind", ["kind": $0.kind.name(strings)]), $0.count)
            } + [
                trendRow("fraudWarnings", t("trends.row.fraud_warnings"), trends.fraudWarnings),
                trendRow("fraudStopped", t("trends.row.fraud_stopped"), trends.fraudStopped),
                trendRow("disputesOpened", t("trends.row.disputes_opened"), trends.disputesOpened),
                trendRow("outreachSessions", t("trends.row.outreach_sessions"), trends.outreachSessions),
            ]
        let sections = [
            ReportSection(key: "comparison", title: t("section.trend_comparison"), columns: trendColumns, rows: rows,
                          emptyText: none),
            ReportSection(
                key: "incidents", title: t("section.weekly_incidents"),
                columns: [col("incident"), col("time"), col("kind"), col("cell", max: 18), col("arrival_minutes", numeric: true),
                          col("disposition"), col("summary", max: 30)],
                rows: received.map { n in
                    let arrived = (n.arrivedAt.map { $0 <= to } ?? false) ? n.minutesToArrive : nil
                    return [.text(n.id), .time(n.at), .code(n.kind, strings), cellValue(n.cell),
                            arrived.map { ReportValue.int($0) } ?? ReportValue(display: "—", json: .null, cell: ""),
                            n.disposition(at: to).map { ReportValue.code($0, strings) } ?? ReportValue(display: t("open"), json: .null),
                            .text(n.summary)]
                }, emptyText: none),
        ]
        return ReportDocument(kind: "weekly", title: t("title.weekly"), heading: heading, from: from, to: to,
                              periodText: period(from, to), figures: figures, sections: sections,
                              notes: [(t("trends.formula_label"), t("trends.formula.change")),
                                      (t("trends.formula_arrival_label"),
                                       t("trends.formula.arrival", ["n": String(trends.arrival.withinMinutes)]))])
    }
}

// MARK: Bulletins due (session 11)

/// A week whose public bulletins (警情公告 and 警情处置公告) are due: 「每七天公布一期」 (001-B, DOMAIN §8.8).
///
/// The journal holds no record of a bulletin being published, so what is due is decided by the week
/// rule alone: the issue of a Monday-to-Sunday week (office time) falls due when the week ends, and the
/// handover whose window holds that end (the Monday's midnight) lists it. A shift that does not span a
/// week's end lists none; nothing says whether the one listed was put up afterwards.
public struct BulletinDue: Sendable, Equatable {
    public var issue: BulletinIssue
    /// The week's Monday 00:00 and the next Monday 00:00 (the bulletins' period, `[from, to)`).
    public var from: Date
    public var to: Date
}

extension OfficeState {
    /// The weeks whose bulletins fall due in `(from, to]`: every Monday midnight in the window ends one,
    /// oldest first; none for a week that ended before the office's records begin.
    public func bulletinsDue(from: Date, to: Date) -> [BulletinDue] {
        guard to > from, let begin = recordsBegin else { return [] }
        var out: [BulletinDue] = []
        var monday = OfficeWeek.monday(to)  // the last Monday at or before `to`
        while true {
            let end = OfficeWeek.start(ofDay: monday)
            // Earlier weeks end earlier: none after one ending at `from` or before the records begin.
            guard end > from, end > begin else { break }
            if end <= to {
                out.append(BulletinDue(issue: .of(periodEnd: end), from: OfficeWeek.start(ofDay: monday - 7), to: end))
            }
            monday -= 7
        }
        return out.reversed()
    }
}
