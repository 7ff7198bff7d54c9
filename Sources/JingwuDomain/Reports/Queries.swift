import Foundation

// The read side of the projections: what screens and reports ask of the state.
// These scan only what they report on; folding stays O(1) per event.

/// Where a cell stands against its coverage window.
public enum CoverageStatus: String, Sendable, CaseIterable {
    /// Checked in within its window, with time to spare.
    case covered
    /// Still within its window, but most of it has passed (`Policy.dueSoonFraction`).
    case dueSoon
    /// Its last check-in is older than its window: a gap.
    case gap
    /// No check-in ever.
    case never
    public var isGap: Bool { self == .gap || self == .never }
}

/// One cell's coverage at a moment.
public struct CellCoverage: Sendable, Equatable {
    public var cell: Cell
    public var windowHours: Int
    public var lastCheckIn: Date?
    /// Hours since the last check-in (nil when never).
    public var hoursSince: Double?
    public var status: CoverageStatus
    /// When the window runs out (nil when never checked in).
    public var dueAt: Date?
}

/// Check-ins of a cell during the night window of a period.
public struct NightCoverage: Sendable, Equatable {
    public var cell: Cell
    public var nightCheckIns: Int
    public var lastNightCheckIn: Date?
}

/// A key person's visit schedule.
public struct VisitDue: Sendable, Equatable {
    public var person: KeyPerson
    public var lastVisit: Date?
    public var intervalDays: Int
    /// Last visit (or listing) plus the interval.
    public var nextDue: Date
    /// Whole days past `nextDue` (0 when not overdue).
    public var daysOverdue: Int
    public var isOverdue: Bool { daysOverdue > 0 }
}

/// A dispute that should be followed up (回访).
public struct FollowUpDue: Sendable, Equatable {
    public var dispute: Dispute
    public var due: Date
    public var isOverdue: Bool
}

/// Counts of one dispute category.
public struct CategoryCount: Sendable, Equatable {
    public var handled = 0
    public var resolved = 0
}

/// Disputes by age (0–7, 8–30, 31–90, >90 days).
public struct AgeBucket: Sendable, Equatable {
    /// Inclusive bounds in days; `upper` nil for the last bucket.
    public var lower: Int
    public var upper: Int?
    public var count: Int
    /// `0–7`, `8–30`, `31–90`, `>90`.
    public var label: String { upper.map { "\(lower)–\($0)" } ?? ">\(lower - 1)" }
}

/// Dispute figures for a period: DOMAIN.md §5.3's rate is resolved ÷ handled, both shown.
public struct DisputeStatistics: Sendable, Equatable {
    public var from: Date
    public var to: Date
    /// Disputes on the books in the period (排查调处): carried over open from before it, or opened in it.
    public var handled: Int
    /// Of those, settled in the period (调处成功).
    public var resolved: Int
    /// `handled` by status at the period's end.
    public var byStatus: [DisputeStatus: Int]
    public var byCategory: [DisputeCategory: CategoryCount]
    /// Disputes open or mediating at the period's end, by age then.
    public var pendingByAge: [AgeBucket]
    /// Mean days from opening to settlement, over the resolved ones.
    public var averageDaysToResolve: Double?
    /// Of `handled`, those flagged 民转刑 risk.
    public var escalationRisk: Int
    /// Of `handled`, those opened in the period (the rest were carried over from before it).
    public var opened: Int = 0
    /// resolved ÷ handled (nil when none handled).
    public var resolutionRate: Double? { handled == 0 ? nil : Double(resolved) / Double(handled) }
}

/// One line of a timeline of a patrol.
public struct PatrolTimelineEntry: Sendable, Equatable {
    public enum Kind: String, Sendable { case started, checkIn, hazard, stopCheck, ended }
    public var kind: Kind
    public var at: Date
    public var cell: String?
    public var text: String?
    public var event: UUID
}

/// Patrol time and counts of one mode.
public struct ModeLine: Sendable, Equatable {
    public var mode: PatrolMode
    public var patrols: Int
    public var minutes: Int
    /// Cells checked in by these patrols in the period, in code order.
    public var cellsCovered: [String]
}

/// Patrol time of one officer.
public struct OfficerMinutes: Sendable, Equatable {
    public var badge: String
    public var name: String
    public var patrols: Int
    public var minutes: Int
}

extension OfficeState {
    // MARK: Patrols

    /// Patrols out now, oldest first.
    public var activePatrols: [Patrol] {
        patrols.active.compactMap { patrols.patrol($0) }.sorted { $0.startedAt < $1.startedAt }
    }

    /// Live patrols overlapping `[from, to)`, oldest first.
    public func patrols(from: Date, to: Date) -> [Patrol] {
        patrols.patrols.filter { !$0.voided && $0.startedAt < to && ($0.endedAt ?? .distantFuture) > from }
    }

    /// Ended live patrols that ended in `[from, to)`.
    public func endedPatrols(from: Date, to: Date) -> [Patrol] {
        patrols.patrols.filter { !$0.voided && ($0.endedAt.map { $0 >= from && $0 < to } ?? false) }
    }

    /// Minutes a patrol spent inside `[from, to)` (up to `now` if still out).
    public func minutes(of patrol: Patrol, from: Date, to: Date, now: Date) -> Int {
        let start = max(patrol.startedAt, from)
        let end = min(patrol.endedAt ?? now, to)
        return max(0, Int(end.timeIntervalSince(start) / 60))
    }

    /// Patrol count, minutes and cells covered per mode in `[from, to)`; every mode listed.
    public func patrolsByMode(from: Date, to: Date, now: Date) -> [ModeLine] {
        var lines = Dictionary(uniqueKeysWithValues: PatrolMode.allCases.map { ($0, ModeLine(mode: $0, patrols: 0, minutes: 0, cellsCovered: [])) })
        var cells: [PatrolMode: Set<String>] = [:]
        for patrol in patrols(from: from, to: to) {
            lines[patrol.mode]!.patrols += 1
            lines[patrol.mode]!.minutes += minutes(of: patrol, from: from, to: to, now: now)
            for i in patrol.checkIns {
                let checkIn = self.patrols.checkIns[i]
                if !checkIn.voided, checkIn.at >= from, checkIn.at < to { cells[patrol.mode, default: []].insert(checkIn.cell) }
            }
        }
        return PatrolMode.allCases.map { mode in
            var line = lines[mode]!
            line.cellsCovered = (cells[mode] ?? []).sorted()
            return line
        }
    }

    /// Patrol minutes per officer (lead and members) in `[from, to)`, most first.
    public func patrolMinutesByOfficer(from: Date, to: Date, now: Date) -> [OfficerMinutes] {
        var table: [String: OfficerMinutes] = [:]
        for patrol in patrols(from: from, to: to) {
            let minutes = minutes(of: patrol, from: from, to: to, now: now)
            for badge in [patrol.lead] + patrol.members {
                var line = table[badge] ?? OfficerMinutes(badge: badge, name: officers.byBadge[badge]?.name ?? badge, patrols: 0, minutes: 0)
                line.patrols += 1
                line.minutes += minutes
                table[badge] = line
            }
        }
        return table.values.sorted { ($0.minutes, $1.badge) > ($1.minutes, $0.badge) }
    }

    /// Patrol minutes per shift id (patrols started with no shift open are under "").
    public func patrolMinutesByShift(from: Date, to: Date, now: Date) -> [String: Int] {
        var table: [String: Int] = [:]
        for patrol in patrols(from: from, to: to) {
            table[patrol.shift ?? "", default: 0] += minutes(of: patrol, from: from, to: to, now: now)
        }
        return table
    }

    /// Everything that happened on a patrol, in order of time.
    public func timeline(ofPatrol id: String) -> [PatrolTimelineEntry] {
        guard let patrol = patrols.patrol(id) else { return [] }
        var out = [PatrolTimelineEntry(kind: .started, at: patrol.startedAt, cell: nil, text: nil, event: patrol.event)]
        for i in patrol.checkIns where !patrols.checkIns[i].voided {
            let c = patrols.checkIns[i]
            out.append(PatrolTimelineEntry(kind: .checkIn, at: c.at, cell: c.cell, text: c.note, event: c.event))
        }
        for i in patrol.hazards where !patrols.hazards[i].voided {
            let h = patrols.hazards[i]
            out.append(PatrolTimelineEntry(kind: .hazard, at: h.at, cell: h.cell, text: h.note, event: h.event))
        }
        for i in patrol.stopChecks where !patrols.stopChecks[i].voided {
            let s = patrols.stopChecks[i]
            out.append(PatrolTimelineEntry(kind: .stopCheck, at: s.at, cell: s.cell, text: s.note, event: s.event))
        }
        if let ended = patrol.endedAt, let event = patrol.endEvent {
            out.append(PatrolTimelineEntry(kind: .ended, at: ended, cell: nil, text: patrol.summary, event: event))
        }
        return out.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }

    /// Live hazards found in `[from, to)`.
    public func hazards(from: Date, to: Date) -> [Hazard] {
        patrols.hazards.filter { !$0.voided && $0.at >= from && $0.at < to }
    }

    /// Live stop-checks in `[from, to)`.
    public func stopChecks(from: Date, to: Date) -> [StopCheck] {
        patrols.stopChecks.filter { !$0.voided && $0.at >= from && $0.at < to }
    }

    // MARK: Coverage

    /// The coverage window of a cell in hours: its own, else its kind's policy value.
    public func windowHours(of cell: Cell) -> Int { cell.windowHours ?? policy.coverageWindow(cell.kind) }

    /// One cell's coverage at `now`.
    public func coverage(of cell: Cell, now: Date) -> CellCoverage {
        let window = windowHours(of: cell)
        guard let last = patrols.lastCheckIn(cell: cell.code, atOrBefore: now) else {
            return CellCoverage(cell: cell, windowHours: window, lastCheckIn: nil, hoursSince: nil, status: .never, dueAt: nil)
        }
        let hours = now.timeIntervalSince(last.at) / 3600
        let status: CoverageStatus =
            hours > Double(window) ? .gap : hours >= Double(window) * policy.dueSoonFraction ? .dueSoon : .covered
        return CellCoverage(cell: cell, windowHours: window, lastCheckIn: last.at, hoursSince: hours, status: status,
                            dueAt: last.at.addingTimeInterval(Double(window) * 3600))
    }

    /// Every cell's coverage at `now`, in cell order.
    public func coverage(now: Date) -> [CellCoverage] { cells.all.map { coverage(of: $0, now: now) } }

    /// Cells past their window or never checked in, worst first: never, then by the
    /// share of the window overrun, then key sites first, then code.
    public func coverageGaps(now: Date) -> [CellCoverage] {
        coverage(now: now).filter(\.status.isGap).sorted { a, b in
            let ra = a.hoursSince.map { $0 / Double(a.windowHours) } ?? .infinity
            let rb = b.hoursSince.map { $0 / Double(b.windowHours) } ?? .infinity
            if ra != rb { return ra > rb }
            if a.cell.keySite != b.cell.keySite { return a.cell.keySite }
            return a.cell.code < b.cell.code
        }
    }

    /// Cells still covered but close to the end of their window.
    public func coverageDueSoon(now: Date) -> [CellCoverage] {
        coverage(now: now).filter { $0.status == .dueSoon }.sorted { ($0.dueAt ?? now) < ($1.dueAt ?? now) }
    }

    /// Check-ins per cell during the policy's night window within `[from, to)`.
    public func nightCoverage(from: Date, to: Date) -> [NightCoverage] {
        cells.all.map { cell in
            let night = patrols.checkIns(cell: cell.code, from: from, to: to).filter { policy.isNight($0.at) }
            return NightCoverage(cell: cell, nightCheckIns: night.count, lastNightCheckIn: night.last?.at)
        }
    }

    /// Live check-ins of a cell per local hour of day (all time), 24 counts.
    public func checkInHours(cell code: String) -> [Int] {
        patrols.trails[code]?.hourCounts ?? [Int](repeating: 0, count: 24)
    }

    // MARK: Key persons and visits

    /// Listed persons, in listing order.
    public var listedPersons: [KeyPerson] { persons.persons.filter(\.isListed) }

    /// Persons on the list at `date` (listed before it, not delisted before it), in listing order.
    public func listedPersons(at date: Date) -> [KeyPerson] {
        persons.persons.filter { !$0.voided && $0.listedAt <= date && ($0.delistedAt.map { $0 > date } ?? true) }
    }

    /// A person's last live visit at or before `date`.
    public func lastVisit(_ person: KeyPerson, atOrBefore date: Date) -> Visit? {
        for i in person.visits.reversed() where !persons.visits[i].voided && persons.visits[i].at <= date {
            return persons.visits[i]
        }
        return nil
    }

    /// The visit interval that applies to a person.
    public func visitInterval(of person: KeyPerson) -> Int { person.intervalDays ?? policy.visitInterval(person.category) }

    /// A listed person's visit schedule at `now` (visits after `now` not counted).
    public func visitDue(_ person: KeyPerson, now: Date) -> VisitDue {
        let last = lastVisit(person, atOrBefore: now)?.at
        let interval = visitInterval(of: person)
        let next = (last ?? person.listedAt).addingTimeInterval(Double(interval) * 86400)
        let overdue = now > next ? max(1, OfficeTime.days(from: next, to: now)) : 0
        return VisitDue(person: person, lastVisit: last, intervalDays: interval, nextDue: next, daysOverdue: overdue)
    }

    /// The schedule of every person listed at `now`, soonest due first.
    public func visitSchedule(now: Date) -> [VisitDue] {
        listedPersons(at: now).map { visitDue($0, now: now) }.sorted { ($0.nextDue, $0.person.id) < ($1.nextDue, $1.person.id) }
    }

    /// Listed persons past their visit date, most overdue first.
    public func overdueVisits(now: Date) -> [VisitDue] { visitSchedule(now: now).filter(\.isOverdue) }

    /// Live visits in `[from, to)`, oldest first.
    public func visits(from: Date, to: Date) -> [Visit] {
        persons.visits.filter { !$0.voided && $0.at >= from && $0.at < to && persons.person($0.person) != nil }
            .sorted { $0.at < $1.at }
    }

    // MARK: Disputes

    /// Live disputes, optionally of one status, oldest first.
    public func disputeList(status: DisputeStatus? = nil) -> [Dispute] {
        disputes.disputes.filter { !$0.voided && (status == nil || $0.status == status) }
    }

    /// Days a dispute has been open at `now` (to its conclusion, if concluded before `now`).
    public func ageInDays(_ dispute: Dispute, now: Date) -> Int {
        let end = dispute.conclusion.map { $0.at < now ? $0.at : now } ?? now
        return max(0, OfficeTime.days(from: dispute.openedAt, to: end))
    }

    /// Live disputes open or mediating at `date` (opened by then, not concluded by then), oldest first.
    public func disputesOpen(at date: Date) -> [Dispute] {
        disputes.disputes.filter { $0.isOpen(at: date) }.sorted { ($0.openedAt, $0.id) < ($1.openedAt, $1.id) }
    }

    /// The disputes on the books during the period: opened by `to` and not concluded before `from`
    /// (those carried over from before the period and those opened in it), oldest first.
    public func disputesHandled(from: Date, to: Date) -> [Dispute] {
        disputes.disputes.filter { d in
            !d.voided && d.openedAt <= to && !(d.conclusion.map { $0.at < from } ?? false)
        }.sorted { ($0.openedAt, $0.id) < ($1.openedAt, $1.id) }
    }

    /// Dispute figures for `[from, to)` (README "Figures"): every dispute on the books in the
    /// period (carried over or opened in it), by its status at `to`; settled = settled in the
    /// period; the open ones by age at `to` (or at `now`, when the period ends later than that).
    public func disputeStatistics(from: Date, to: Date, now: Date) -> DisputeStatistics {
        let handled = disputesHandled(from: from, to: to)
        var byStatus = Dictionary(uniqueKeysWithValues: DisputeStatus.allCases.map { ($0, 0) })
        var byCategory: [DisputeCategory: CategoryCount] = [:]
        var resolveDays: [Double] = []
        for dispute in handled {
            let status = dispute.status(at: to)
            byStatus[status, default: 0] += 1
            byCategory[dispute.category, default: CategoryCount()].handled += 1
            if status == .resolved, let conclusion = dispute.conclusion {
                byCategory[dispute.category, default: CategoryCount()].resolved += 1
                resolveDays.append(conclusion.at.timeIntervalSince(dispute.openedAt) / 86400)
            }
        }
        let bounds = policy.ageBuckets
        var buckets: [AgeBucket] = []
        var lower = 0
        for upper in bounds { buckets.append(AgeBucket(lower: lower, upper: upper, count: 0)); lower = upper + 1 }
        buckets.append(AgeBucket(lower: lower, upper: nil, count: 0))
        for dispute in handled where !dispute.status(at: to).isConcluded {
            let age = ageInDays(dispute, now: min(to, now))
            if let i = buckets.firstIndex(where: { age >= $0.lower && ($0.upper.map { age <= $0 } ?? true) }) { buckets[i].count += 1 }
        }
        return DisputeStatistics(
            from: from, to: to, handled: handled.count, resolved: byStatus[.resolved] ?? 0, byStatus: byStatus,
            byCategory: byCategory, pendingByAge: buckets,
            averageDaysToResolve: resolveDays.isEmpty ? nil : resolveDays.reduce(0, +) / Double(resolveDays.count),
            escalationRisk: handled.filter { $0.risk == .escalation }.count,
            opened: handled.filter { $0.openedAt >= from }.count)
    }

    /// Disputes settled by `now` with no follow-up between their settlement and `now` (both at or
    /// before `now`: nothing later counts); due `followUpDays` after the settlement.
    public func followUpsDue(now: Date) -> [FollowUpDue] {
        disputes.disputes.compactMap { dispute -> FollowUpDue? in
            guard !dispute.voided, let conclusion = dispute.conclusion, conclusion.kind == .resolved, conclusion.at <= now,
                  !dispute.liveFollowUps.contains(where: { $0.at >= conclusion.at && $0.at <= now })
            else { return nil }
            let due = conclusion.at.addingTimeInterval(Double(policy.followUpDays) * 86400)
            return FollowUpDue(dispute: dispute, due: due, isOverdue: now > due)
        }.sorted { $0.due < $1.due }
    }

    // MARK: Incidents

    /// Live incidents logged in `[from, to)`, oldest first.
    public func incidents(from: Date, to: Date) -> [Incident] {
        incidents.incidents.filter { !$0.voided && $0.at >= from && $0.at < to }
    }

    /// Live incidents of the local day of `now`.
    public func incidentsToday(now: Date) -> [Incident] {
        let start = OfficeTime.startOfDay(now)
        return incidents(from: start, to: start.addingTimeInterval(86400))
    }

    /// Incidents not yet closed.
    public var openIncidents: [Incident] { incidents.incidents.filter(\.isOpen) }

    /// Live incidents logged by `date` and not closed by then, oldest first.
    public func openIncidents(at date: Date) -> [Incident] { incidents.incidents.filter { $0.isOpen(at: date) } }

    // MARK: Anti-fraud warnings

    /// Warnings received by `date` that needed action then (no dissuasion by then, or the last one
    /// reached nobody): high level first, then oldest.
    public func fraudWarningsNeedingAction(at date: Date) -> [FraudWarning] {
        fraud.warnings.filter { !$0.voided && $0.at <= date && $0.status(at: date).needsAction }
            .sorted { ($0.level.rank, $0.at, $0.id) < ($1.level.rank, $1.at, $1.id) }
    }

    // MARK: Shifts

    /// The shift on duty now.
    public var onDuty: Shift? { shifts.current }

    /// Live shifts overlapping `[from, to]` in order: the chain of handovers.
    public func handoverChain(from: Date, to: Date) -> [Shift] {
        shifts.shifts.filter { !$0.voided && $0.openedAt <= to && ($0.endedAt ?? .distantFuture) >= from }
    }

    /// Handovers the incoming officer has not yet acknowledged.
    public var unacknowledgedHandovers: [Shift] {
        shifts.shifts.filter { !$0.voided && $0.handover != nil && $0.acknowledgement == nil }
    }
}

// MARK: State as at a moment (README "Figures": what stood at the end of a period, events dated
// at or before it; what happened in a period is what is dated in [from, to))

extension Dispute {
    /// The status at `date`: concluded by a conclusion at or before it, mediating after a mediation at or before it.
    public func status(at date: Date) -> DisputeStatus {
        if let conclusion, conclusion.at <= date { return status }
        return liveMediations.contains { $0.at <= date } ? .mediating : .open
    }
    /// Live, opened at or before `date` and not concluded by then.
    public func isOpen(at date: Date) -> Bool {
        !voided && openedAt <= date && !(conclusion.map { $0.at <= date } ?? false)
    }
}

extension Incident {
    /// Live, logged at or before `date` and not closed by then.
    public func isOpen(at date: Date) -> Bool { !voided && at <= date && !(closedAt.map { $0 <= date } ?? false) }
    /// The disposition if it was closed by `date`; nil while it was still open then.
    public func disposition(at date: Date) -> IncidentDisposition? {
        (closedAt.map { $0 <= date } ?? false) ? disposition : nil
    }
}

extension FraudWarning {
    /// Where the warning stood at `date` (dissuasions at or before it only).
    public func status(at date: Date) -> FraudWarningStatus {
        switch liveDissuasions.last(where: { $0.at <= date })?.outcome {
        case nil: return .pending
        case .unreachable: return .unreachable
        case .dissuaded: return .dissuaded
        case .defrauded: return .defrauded
        }
    }
}
