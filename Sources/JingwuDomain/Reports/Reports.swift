import Foundation

// Reports as plain data. The command line and the console render them
// (text, md, csv, json); nothing here formats for a screen.

/// What a figure or section counts (README "Figures").
public enum Counting: String, Sendable {
    /// Events whose time falls in the period `[from, to)`.
    case period
    /// What stood at the period's end `to` (events dated at or before it; nothing that happened later).
    case atEnd
}

/// The handover (交接班) of a shift window: what the next officer must know.
///
/// `sections` is the one list of what a handover says, in order: `jingwu report handover`
/// and the console's draft and review are each built from it (issue 15).
public struct HandoverReport: Sendable {
    public var from: Date
    public var to: Date
    /// The shift the window belongs to, if the report was made for one.
    public var shift: Shift?
    /// Patrols by mode with minutes and cells covered (every mode listed).
    public var patrolsByMode: [ModeLine]
    /// Patrols still out at `to`.
    public var activePatrols: [Patrol]
    /// Cells past their coverage window (or never covered) at `to`, worst first.
    public var cellsPastWindow: [CellCoverage]
    /// Hazards found in the window (cleared or not).
    public var hazards: [Hazard]
    /// Hazards still open at `to`, whichever shift found them, oldest first (Hazards.swift).
    public var hazardsOpen: [Hazard] = []
    /// Hazards put right in the window.
    public var hazardsCleared: [Hazard] = []
    public var stopChecks: Int
    public var visitsDone: [Visit]
    public var visitsOverdue: [VisitDue]
    public var disputesOpened: [Dispute]
    /// Disputes with a mediation session in the window.
    public var disputesMediated: [Dispute]
    /// Disputes open or mediating at `to`.
    public var disputesPending: [Dispute]
    /// Disputes concluded in the window (调处成功, referred, 终止调解), as the handover draft lists them.
    public var disputesConcluded: [Dispute] = []
    public var followUpsDue: [FollowUpDue]
    /// Follow-ups (回访) recorded in the window, newest last (ShiftDraftQueries.swift).
    public var followUpsDone: [FollowUpDone] = []
    public var incidents: [Incident]
    public var openIncidents: [Incident]
    /// Anti-fraud warnings received by `to` that still needed action then.
    public var fraudPending: [FraudWarning] = []
    /// Of `openIncidents`, those with no arrival (到场) recorded by `to` (接处警, issue 20).
    public var awaitingArrival: [Incident] = []
    /// From the shift's handover, if made (交接事项 to the next shift).
    public var carried: [String]
    public var notes: String?
    /// Carried into this shift by the previous handover.
    public var carriedIn: [String] = []
    /// True when the shift has no police officer on duty or named as its 带班民警
    /// (「本班无民警在岗」, issue 15); false for a window without a shift.
    public var noPoliceOnDuty = false
    /// Disputes past their 化解时限 at `to` and not concluded (issue 20).
    public var disputesOverdue: [DisputeOverdue] = []
    /// Rectification notices past their deadline at `to` and not complied with (issue 20).
    public var noticesPastDue: [RectificationNotice] = []
    /// 社区矫正 persons registered here but absent (户在人不在) at `to`: possibly out of supervision
    /// (可能脱管, issue 19). Listed in the handover only when there is one.
    public var possiblyAbsconding: [KeyPerson] = []
    /// Tasks issued to 义警 and patrol teams past their due day at `to` (issue 19); listed only when there is one.
    public var overdueTasks: [TeamTask] = []
    /// Coverage at `to` rolled up by 网格, once the office has defined a 网格 (nil before: every
    /// point is then in its community's one default 网格, and the points' list says it all).
    public var gridsPastWindow: [GridCoverage]?
    /// Weeks whose public bulletins fall due in the window (the week rule: Trends/PublicBulletins.swift).
    public var bulletinsDue: [BulletinDue] = []
}

/// One section of a handover, as every output shows it.
public struct HandoverSection: Sendable, Equatable {
    public enum Key: String, Sendable, CaseIterable {
        case byMode, activePatrols, cellsPastWindow, hazards, hazardsOpen, hazardsCleared, visitsDone, visitsOverdue,
             disputesOpened, disputesMediated, disputesConcluded, disputesPending, followUpsDone, followUpsDue, incidents, openIncidents, fraudPending,
             carriedIn, carriedOut, awaitingArrival, possiblyAbsconding, overdueTasks, gridsPastWindow
        // Issue 20: listed only when there is one.
        case disputesOverdue, noticesPastDue
        // Session 11: the public bulletins due (警情公告, 警情处置公告), listed only when a week ends in the window.
        case bulletinsDue

        /// Sections a handover lists only when they hold something (issues 19 and 20): one without them reads as before.
        public static let onlyWhenAny: Set<Key> = [.possiblyAbsconding, .overdueTasks, .disputesOverdue, .noticesPastDue,
                                                     .bulletinsDue]
    }
    public var key: Key
    public var counting: Counting
    /// The items it lists, by what names them: mode code, patrol, cell, hazard, key person, dispute,
    /// incident or warning id; the text of a carried item.
    public var items: [String]
}

extension HandoverReport {
    /// The handover's sections, in order: the one definition the printed report and the console share.
    public var sections: [HandoverSection] {
        func s(_ key: HandoverSection.Key, _ counting: Counting, _ items: [String]) -> HandoverSection {
            HandoverSection(key: key, counting: counting, items: items)
        }
        var out = [
            s(.byMode, .period, patrolsByMode.filter { $0.patrols > 0 }.map(\.mode.rawValue)),
            s(.activePatrols, .atEnd, activePatrols.map(\.id)),
            s(.cellsPastWindow, .atEnd, cellsPastWindow.map(\.cell.code)),
        ]
        // 网格 with points past their window, after the points themselves.
        if let grids = gridsPastWindow {
            out.append(s(.gridsPastWindow, .atEnd, grids.filter { $0.gaps > 0 }.map { $0.ref.code ?? $0.ref.community }))
        }
        out += [
            s(.hazards, .period, hazards.map(\.id)),
            s(.hazardsOpen, .atEnd, hazardsOpen.map(\.id)),
            s(.hazardsCleared, .period, hazardsCleared.map(\.id)),
            s(.visitsDone, .period, visitsDone.map(\.person)),
            s(.visitsOverdue, .atEnd, visitsOverdue.map(\.person.id)),
            s(.disputesOpened, .period, disputesOpened.map(\.id)),
            s(.disputesMediated, .period, disputesMediated.map(\.id)),
            s(.disputesConcluded, .period, disputesConcluded.map(\.id)),
            s(.disputesPending, .atEnd, disputesPending.map(\.id)),
            s(.followUpsDone, .period, followUpsDone.map(\.dispute.id)),
            s(.followUpsDue, .atEnd, followUpsDue.map(\.dispute.id)),
            s(.incidents, .period, incidents.map(\.id)),
            s(.openIncidents, .atEnd, openIncidents.map(\.id)),
            s(.awaitingArrival, .atEnd, awaitingArrival.map(\.id)),
            s(.fraudPending, .atEnd, fraudPending.map(\.id)),
            s(.carriedIn, .atEnd, carriedIn),
        ]
        if !disputesOverdue.isEmpty { out.append(s(.disputesOverdue, .atEnd, disputesOverdue.map(\.dispute.id))) }
        if !noticesPastDue.isEmpty { out.append(s(.noticesPastDue, .atEnd, noticesPastDue.map(\.id))) }
        if shift?.handover != nil { out.append(s(.carriedOut, .atEnd, carried)) }
        // Issue 19: only when there is something to say, so a handover without them reads as before.
        if !possiblyAbsconding.isEmpty { out.append(s(.possiblyAbsconding, .atEnd, possiblyAbsconding.map(\.id))) }
        if !overdueTasks.isEmpty { out.append(s(.overdueTasks, .atEnd, overdueTasks.map(\.id))) }
        if !bulletinsDue.isEmpty {
            // Two a week: `public 2026-W47` (警情公告) and `solved 2026-W47` (警情处置公告).
            out.append(s(.bulletinsDue, .period, bulletinsDue.flatMap { week in
                ["public", "solved"].map { $0 + String(format: " %04d-W%02d", week.issue.year, week.issue.week) }
            }))
        }
        return out
    }
}

/// Patrol figures for a period (巡逻).
public struct PatrolReport: Sendable {
    public var from: Date
    public var to: Date
    public var byMode: [ModeLine]
    /// Minutes uniformed and plain-clothes.
    public var minutesByDress: [Dress: Int]
    public var byOfficer: [OfficerMinutes]
    public var minutesByShift: [String: Int]
    /// Patrol minutes inside the night window (重点时段 at night).
    public var nightMinutes: Int
    public var totalMinutes: Int
    public var stopChecks: Int
    public var hazards: Int
    public var patrols: [Patrol]
}

/// Coverage at a moment, with night check-ins over the period (网格).
public struct CoverageReport: Sendable {
    public var from: Date
    public var to: Date
    public var cells: [CellCoverage]
    public var gaps: [CellCoverage]
    public var dueSoon: [CellCoverage]
    public var night: [NightCoverage]
    /// Night window as `HH:MM` strings.
    public var nightStart: String
    public var nightEnd: String
    /// Check-ins per local hour of day, per cell code, within the period.
    public var hourCounts: [String: [Int]]
}

/// Visits to key persons (重点人员走访).
public struct VisitsReport: Sendable {
    public var from: Date
    public var to: Date
    public var visits: [Visit]
    public var schedule: [VisitDue]
    public var overdue: [VisitDue]
    /// Listed persons per residency status (人在户在 …).
    public var byResidency: [Residency: Int]
    public var byCategory: [PersonCategory: Int]
}

/// Disputes (矛盾纠纷) for a period.
public struct DisputeReport: Sendable {
    public var statistics: DisputeStatistics
    /// Disputes opened in the period.
    public var disputes: [Dispute]
    /// Every dispute open or mediating at `to` (as it stood then), oldest first.
    public var pending: [Dispute]
    public var followUpsDue: [FollowUpDue]
}

/// The weekly incident bulletin (警情公告, every seven days: DOMAIN.md §7.5).
public struct Bulletin: Sendable {
    public var from: Date
    public var to: Date
    public var incidents: [Incident]
    public var byKind: [IncidentKind: Int]
    public var byCell: [String: Int]
    /// Of `incidents`, closed before `to`.
    public var closed: Int
    /// Of `incidents`, still open at `to`.
    public var open: Int
}

extension OfficeState {
    /// The handover report of a shift (its window runs to its handover, or to `now`).
    public func handoverReport(shift id: String, now: Date) -> HandoverReport? {
        guard let shift = shifts.shift(id) else { return nil }
        var report = handoverReport(from: shift.openedAt, to: shift.endedAt ?? now, now: now)
        report.shift = shift
        report.carried = shift.handover?.carried ?? []
        report.carriedIn = previousHandover(before: shift)?.carried ?? []
        report.notes = shift.handover?.notes
        report.noPoliceOnDuty = !hasPoliceOnDuty(shift)
        return report
    }

    /// The handover report of any window `[from, to)`: what happened in it, and what stood at `to`
    /// (events dated before `to` only, so a later disposition never shows as if known then).
    public func handoverReport(from: Date, to: Date, now: Date) -> HandoverReport {
        let disputesLive = disputes.disputes.filter { !$0.voided }
        var report = HandoverReport(
            from: from, to: to, shift: nil,
            patrolsByMode: patrolsByMode(from: from, to: to, now: now),
            activePatrols: patrols(from: from, to: to).filter { ($0.endedAt ?? .distantFuture) > to },
            cellsPastWindow: coverageGaps(now: to),
            hazards: hazards(from: from, to: to),
            hazardsOpen: openHazards(at: to),
            hazardsCleared: hazardsCleared(from: from, to: to),
            stopChecks: stopChecks(from: from, to: to).count,
            visitsDone: visits(from: from, to: to),
            visitsOverdue: overdueVisits(now: to),
            disputesOpened: disputesLive.filter { $0.openedAt >= from && $0.openedAt < to },
            disputesMediated: disputesLive.filter { $0.liveMediations.contains { $0.at >= from && $0.at < to } },
            disputesPending: disputesOpen(at: to),
            disputesConcluded: disputesConcluded(from: from, to: to),
            followUpsDue: followUpsDue(now: to).filter { $0.due < to.addingTimeInterval(86400) },
            followUpsDone: followUpsDone(from: from, to: to),
            incidents: incidents(from: from, to: to),
            openIncidents: openIncidents(at: to),
            fraudPending: fraudWarningsNeedingAction(at: to),
            carried: [], notes: nil,
            possiblyAbsconding: possiblyAbsconding(at: to), overdueTasks: overdueTasks(now: to),
            gridsPastWindow: population.grids.all.isEmpty ? nil : coverageByGrid(now: to))
        report.disputesOverdue = disputesOverdue(now: to)
        report.noticesPastDue = noticesPastDue(now: to)
        report.bulletinsDue = bulletinsDue(from: from, to: to)
        report.awaitingArrival = report.openIncidents.filter { !($0.arrivedAt.map { $0 <= to } ?? false) }
        return report
    }

    /// Patrol figures for `[from, to)`.
    public func patrolReport(from: Date, to: Date, now: Date) -> PatrolReport {
        let list = patrols(from: from, to: to)
        var byDress: [Dress: Int] = [:]
        var night = 0
        var total = 0
        for patrol in list {
            let minutes = minutes(of: patrol, from: from, to: to, now: now)
            byDress[patrol.dress, default: 0] += minutes
            total += minutes
            // Night minutes, sampled per minute boundary would be exact; whole minutes suffice.
            var t = max(patrol.startedAt, from)
            let end = min(patrol.endedAt ?? now, to)
            while t < end {
                if policy.isNight(t) { night += 1 }
                t = t.addingTimeInterval(60)
            }
        }
        return PatrolReport(
            from: from, to: to, byMode: patrolsByMode(from: from, to: to, now: now), minutesByDress: byDress,
            byOfficer: patrolMinutesByOfficer(from: from, to: to, now: now),
            minutesByShift: patrolMinutesByShift(from: from, to: to, now: now), nightMinutes: night,
            totalMinutes: total, stopChecks: stopChecks(from: from, to: to).count,
            hazards: hazards(from: from, to: to).count, patrols: list)
    }

    /// Coverage at `to`, night check-ins and hour-of-day counts over `[from, to)`.
    public func coverageReport(from: Date, to: Date) -> CoverageReport {
        var hours: [String: [Int]] = [:]
        for cell in cells.all {
            var counts = [Int](repeating: 0, count: 24)
            for checkIn in patrols.checkIns(cell: cell.code, from: from, to: to) { counts[OfficeTime.hour(checkIn.at)] += 1 }
            hours[cell.code] = counts
        }
        func hhmm(_ m: Int) -> String { String(format: "%02d:%02d", m / 60, m % 60) }
        return CoverageReport(
            from: from, to: to, cells: coverage(now: to), gaps: coverageGaps(now: to), dueSoon: coverageDueSoon(now: to),
            night: nightCoverage(from: from, to: to), nightStart: hhmm(policy.nightStartMinute),
            nightEnd: hhmm(policy.nightEndMinute), hourCounts: hours)
    }

    /// Visits in `[from, to)`; the schedule and the list by category and residency at `to`.
    public func visitsReport(from: Date, to: Date) -> VisitsReport {
        let schedule = visitSchedule(now: to)
        var byResidency: [Residency: Int] = [:]
        var byCategory: [PersonCategory: Int] = [:]
        for person in listedPersons(at: to) {
            byResidency[person.residency, default: 0] += 1
            byCategory[person.category, default: 0] += 1
        }
        return VisitsReport(from: from, to: to, visits: visits(from: from, to: to), schedule: schedule,
                            overdue: schedule.filter(\.isOverdue), byResidency: byResidency, byCategory: byCategory)
    }

    /// Dispute figures for `[from, to)`, the disputes opened in it; pending and follow-ups at `to`.
    public func disputeReport(from: Date, to: Date) -> DisputeReport {
        DisputeReport(
            statistics: disputeStatistics(from: from, to: to, now: to),
            disputes: disputes.disputes.filter { !$0.voided && $0.openedAt >= from && $0.openedAt < to },
            pending: disputesOpen(at: to),
            followUpsDue: followUpsDue(now: to))
    }

    /// The incident bulletin for `[from, to)` (normally seven days).
    public func bulletin(from: Date, to: Date) -> Bulletin {
        let list = incidents(from: from, to: to)
        var byKind: [IncidentKind: Int] = [:]
        var byCell: [String: Int] = [:]
        for incident in list {
            byKind[incident.kind, default: 0] += 1
            byCell[incident.cell, default: 0] += 1
        }
        // Of those logged in the period, closed by its end (a later close is not counted).
        let closed = list.filter { $0.disposition(at: to) != nil }.count
        return Bulletin(from: from, to: to, incidents: list, byKind: byKind, byCell: byCell, closed: closed,
                        open: list.count - closed)
    }
}

// MARK: The catalogue

/// What a report is asked for: its period and, for a report about one record, which record.
public struct ReportRequest: Sendable {
    /// Start of a typed period; nil: the named `period`, else the report's default (`ReportKind.defaultPeriod`).
    public var from: Date?
    public var to: Date
    /// Whether `to` was given: a handover asked for with no period at all is the shift on duty's.
    public var toGiven: Bool
    public var now: Date
    /// The shift (`--shift`) or dispute (`--dispute`) named, for the reports that take one.
    public var record: String?
    /// A named period (`--period`, the console's `p`); wins over `from`.
    public var period: ReportPeriod?

    public init(from: Date?, to: Date, toGiven: Bool = true, now: Date, record: String? = nil, period: ReportPeriod? = nil) {
        self.from = from
        self.to = to
        self.toGiven = toGiven
        self.now = now
        self.record = record
        self.period = period
    }

    /// The window asked for: the named period, else `[from, to)`, else `fallback` ending at `to`.
    public func window(_ state: OfficeState, default fallback: ReportPeriod) -> ReportWindow {
        if let period { return period.window(state, now: now) }
        if let from { return ReportWindow(period: .range(from, to), from: from, to: to) }
        return fallback.window(state, now: now, end: to)
    }
}

/// A report built: the document, and what taking it must leave on record (issue 8).
public struct ReportOutput: Sendable {
    public var document: ReportDocument
    /// Key persons the report names (an export of it is recorded with them).
    public var namedPersons: [String] = []
    /// The dispute whose case file this is (printing one is recorded).
    public var caseFile: String?

    public init(document: ReportDocument, namedPersons: [String] = [], caseFile: String? = nil) {
        self.document = document
        self.namedPersons = namedPersons
        self.caseFile = caseFile
    }
}

/// One report of the catalogue: everything the command line and the console need to offer it.
public struct ReportKind: Sendable, Equatable {
    /// The record a report is about, named by a command-line option.
    public struct RecordOption: Sendable, Equatable {
        /// The option's name (`shift` for `--shift`).
        public let name: String
        public let required: Bool
    }

    /// `jingwu report <id>`; also names its strings.
    public let id: String
    /// Period when none is asked for (README "Reports": each report's default).
    public let defaultPeriod: ReportPeriod
    /// The record option the report takes, if any.
    public let record: RecordOption?
    /// Place among the console's 统计 tabs (0 first); nil for the reports that have their own
    /// screen (the handover) or are about one record (a dispute's case file).
    public let screenPosition: Int?
    /// Whether the title names the period (「巡逻统计（本周）」): every report over a period; a
    /// handover only when a period was asked for (its default is a shift, which it names itself).
    let namesPeriod: @Sendable (_ request: ReportRequest) -> Bool
    let make: @Sendable (_ state: OfficeState, _ builder: ReportBuilder, _ request: ReportRequest, _ window: ReportWindow) throws
        -> ReportOutput

    init(id: String, defaultPeriod: ReportPeriod, record: RecordOption?, screenPosition: Int?,
         namesPeriod: @escaping @Sendable (ReportRequest) -> Bool = { _ in true },
         make: @escaping @Sendable (OfficeState, ReportBuilder, ReportRequest, ReportWindow) throws -> ReportOutput) {
        self.id = id
        self.defaultPeriod = defaultPeriod
        self.record = record
        self.screenPosition = screenPosition
        self.namesPeriod = namesPeriod
        self.make = make
    }

    /// The one-line summary in `jingwu help`.
    public var summaryKey: String { "report.cli.report_" + id }
    /// The report's short name (the console's tab).
    public var nameKey: String { "report.kind." + id }

    /// The report for `request`, punctuated for the operator's language. Throws `DomainError`
    /// when the record asked for does not exist.
    public func build(_ state: OfficeState, _ builder: ReportBuilder, _ request: ReportRequest) throws -> ReportOutput {
        let window = request.window(state, default: defaultPeriod)
        var output = try make(state, builder, request, window)
        if namesPeriod(request) {
            output.document.title = builder.strings.text("report.title_with_period", [
                "title": output.document.title, "period": window.name(builder.strings)])
            output.document.periodCode = window.period.code ?? "range"
        }
        output.document = builder.punctuate(output.document)
        return output
    }

    public static func == (a: ReportKind, b: ReportKind) -> Bool { a.id == b.id }
}

/// Every report jingwu makes, in the order `jingwu help` lists them: the one list the command
/// line (`jingwu report …`) and the console's 统计 screen both derive from (issue 16).
public enum ReportCatalogue {
    public static let all: [ReportKind] = [
        ReportKind(id: "handover", defaultPeriod: .shift, record: .init(name: "shift", required: false), screenPosition: nil,
                   namesPeriod: { $0.record == nil && $0.period != nil }) {
            state, builder, request, window in
            let report: HandoverReport
            if let id = request.record {
                guard let found = state.handoverReport(shift: id.uppercased(), now: request.now) else {
                    throw DomainError(.unknownRecord, field: "shift", value: id)
                }
                report = found
            } else if case .shift = request.period, let id = window.shift,
                      let found = state.handoverReport(shift: id, now: request.now) {
                report = found
            } else if request.period != nil {
                report = state.handoverReport(from: window.from, to: window.to, now: request.now)
            } else if request.from == nil, !request.toGiven,
                      let shift = state.shifts.current ?? state.shifts.shifts.last(where: { !$0.voided }),
                      let found = state.handoverReport(shift: shift.id, now: request.now) {
                // The shift on duty (or the last one): what the next officer must know.
                report = found
            } else {
                report = state.handoverReport(from: request.from ?? request.to.addingTimeInterval(-12 * 3600),
                                              to: request.to, now: request.now)
            }
            return ReportOutput(document: builder.handover(report), namedPersons: report.namedPersons)
        },
        ReportKind(id: "patrols", defaultPeriod: .days(1), record: nil, screenPosition: 1) { state, builder, request, window in
            ReportOutput(document: builder.patrols(state.patrolReport(from: window.from, to: window.to, now: request.now)))
        },
        ReportKind(id: "coverage", defaultPeriod: .days(7), record: nil, screenPosition: 2) { state, builder, request, window in
            ReportOutput(document: builder.coverage(state.coverageReport(from: window.from, to: window.to)))
        },
        ReportKind(id: "visits", defaultPeriod: .days(30), record: nil, screenPosition: 3) { state, builder, request, window in
            let report = state.visitsReport(from: window.from, to: window.to)
            return ReportOutput(document: builder.visits(report), namedPersons: report.namedPersons)
        },
        ReportKind(id: "disputes", defaultPeriod: .days(182), record: nil, screenPosition: 4) { state, builder, request, window in
            ReportOutput(document: builder.disputes(state.disputeReport(from: window.from, to: window.to)))
        },
        ReportKind(id: "bulletin", defaultPeriod: .days(7), record: nil, screenPosition: 0) { state, builder, request, window in
            ReportOutput(document: builder.bulletin(state.bulletin(from: window.from, to: window.to)))
        },
        // Last on the 统计 screen, so ← from the first tab still reaches it.
        ReportKind(id: "fraud", defaultPeriod: .month, record: nil, screenPosition: 10) { state, builder, _, window in
            let report = state.fraudReport(window)
            return ReportOutput(document: builder.fraud(report), namedPersons: report.namedPersons)
        },
        ReportKind(id: "dispute", defaultPeriod: .days(7), record: .init(name: "dispute", required: true), screenPosition: nil,
                   namesPeriod: { _ in false }) {
            state, builder, request, _ in
            let id = (request.record ?? "").trimmingCharacters(in: .whitespaces).uppercased()
            guard let dispute = state.disputes.dispute(id) else {
                throw DomainError(.unknownRecord, field: "dispute", value: id)
            }
            return ReportOutput(document: builder.disputeFile(dispute), caseFile: dispute.id)
        },
        ReportKind(id: "reception", defaultPeriod: .days(30), record: nil, screenPosition: nil) { state, builder, request, window in
            ReportOutput(document: builder.reception(state.receptionReport(from: window.from, to: window.to, now: request.now)))
        },
        ReportKind(id: "notices", defaultPeriod: .days(30), record: nil, screenPosition: nil) { state, builder, _, window in
            ReportOutput(document: builder.notices(state.noticesReport(from: window.from, to: window.to)))
        },
        ReportKind(id: "notice", defaultPeriod: .days(7), record: .init(name: "notice", required: true), screenPosition: nil,
                   namesPeriod: { _ in false }) {
            state, builder, request, _ in
            let id = (request.record ?? "").trimmingCharacters(in: .whitespaces).uppercased()
            guard let notice = state.casework.notice(id) else { throw DomainError(.unknownRecord, field: "notice", value: id) }
            return ReportOutput(document: builder.noticeFile(notice))
        },
        // Issue 20, part B (Trends/).
        ReportKind(id: "trends", defaultPeriod: .month, record: nil, screenPosition: 5) { state, builder, _, window in
            ReportOutput(document: builder.trends(state.trendsReport(window)))
        },
        // The public bulletins: their title names the issue (期号), not the period.
        ReportKind(id: "public", defaultPeriod: .days(7), record: nil, screenPosition: 6, namesPeriod: { _ in false }) {
            state, builder, _, window in
            ReportOutput(document: builder.publicNotice(state.publicNotice(window)))
        },
        ReportKind(id: "solved", defaultPeriod: .days(7), record: nil, screenPosition: 7, namesPeriod: { _ in false }) {
            state, builder, _, window in
            ReportOutput(document: builder.solvedNotice(state.solvedNotice(window)))
        },
        ReportKind(id: "weekly", defaultPeriod: .week, record: nil, screenPosition: 8) { _, builder, _, window in
            ReportOutput(document: builder.weeklySummary(window))
        },
        // Issue 19, 群防群治: the 联户长 sheet on the 统计 screen before 反诈 (the tab line scrolls to the report
        // shown); tasks and tips are `jingwu report` only, their lists on the 群防群治 panel (人员名册 `g`).
        ReportKind(id: "leader-points", defaultPeriod: .month, record: nil, screenPosition: 9) { _, builder, _, window in
            ReportOutput(document: builder.leaderPoints(from: window.from, to: window.to))
        },
        ReportKind(id: "team-tasks", defaultPeriod: .month, record: nil, screenPosition: nil) { _, builder, _, window in
            ReportOutput(document: builder.teamTasks(from: window.from, to: window.to))
        },
        ReportKind(id: "tips", defaultPeriod: .month, record: nil, screenPosition: nil) { _, builder, _, window in
            ReportOutput(document: builder.tips(from: window.from, to: window.to))
        },
        // 网格 and 实有人口 (issue 19): as things stand at the end of the window (`--to`, else now). In
        // the console they open from the 网格 screen's list of 网格 (GridDrillDown), not as 统计 tabs.
        ReportKind(id: "population", defaultPeriod: .days(1), record: nil, screenPosition: nil, namesPeriod: { _ in false }) {
            state, builder, _, window in
            ReportOutput(document: builder.populationByStatus(state.populationByStatus(), at: window.to))
        },
        ReportKind(id: "stays", defaultPeriod: .days(1), record: nil, screenPosition: nil, namesPeriod: { _ in false }) {
            state, builder, _, window in
            let days = state.policy.population.stayExpiringDays
            let stays = state.expiringStays(now: window.to, days: days)
            // Residents named in an export are recorded as key persons named are (AccessRecorded).
            return ReportOutput(document: builder.expiringStays(stays, days: days, at: window.to),
                                namedPersons: stays.map(\.resident.id))
        },
        ReportKind(id: "leaders", defaultPeriod: .days(1), record: nil, screenPosition: nil, namesPeriod: { _ in false }) {
            state, builder, _, window in
            ReportOutput(document: builder.leaderCoverage(state.unitCoverage(), state.leaderSpans(), at: window.to))
        },
    ]

    /// The reports on the console's 统计 screen, in tab order.
    public static var onScreen: [ReportKind] {
        all.filter { $0.screenPosition != nil }.sorted { $0.screenPosition! < $1.screenPosition! }
    }

    /// The reports with no 统计 tab, in catalogue order: the console's 更多报表 (`m` on 统计).
    public static var offScreen: [ReportKind] { all.filter { $0.screenPosition == nil } }

    /// The report `jingwu report <id>` names.
    public static func kind(_ id: String) -> ReportKind? { all.first { $0.id == id } }
}
