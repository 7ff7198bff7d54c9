import Foundation
import JingwuJournal

// The review of past handovers (交接班): a handover's report as it stood when it
// was made (a projection of the journal up to that event), the same report with
// what was learnt later (corrections and back-dated entries into the window),
// and the marks a reviewer looks for first: handovers never acknowledged and
// items carried over three shifts or more.

/// A past handover in the review list, with its marks.
public struct HandoverEntry: Sendable, Equatable {
    public var shift: Shift
    public var handover: Handover
    /// Carried item → how many handovers in a row (ending with this one) carried it.
    public var carriedRuns: [String: Int]
    /// Handed over but never acknowledged by the incoming officer.
    public var neverAcknowledged: Bool { shift.acknowledgement == nil }
    /// Items carried over `HandoverReview.longCarry` shifts or more, in the handover's order.
    public var longCarried: [String] {
        handover.carried.filter { (carriedRuns[HandoverReview.normalise($0)] ?? 0) >= HandoverReview.longCarry }
    }
}

/// One record learnt after a handover that changes what its report said.
public struct HandoverChange: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// An amendment (`EntryAmended`) of an event the report rested on.
        case amended
        /// A void (`EntryVoided`) of an event the report rested on.
        case voided
        /// An entry written after the handover but dated inside the shift (补录).
        case backdated
    }
    public var kind: Kind
    public var record: JournalRecord
    /// For corrections: the type of the corrected event.
    public var targetType: String?
    public var reason: String?
    /// For amendments: field → new value.
    public var changes: [String: String]
}

/// A handover as it stood when made, and as it reads with what was learnt since.
public struct HandoverReviewResult: Sendable {
    public var shiftID: String
    /// Sequence number of the `ShiftHandedOver` record.
    public var seq: UInt64
    /// The journal folded up to and including the handover.
    public var stateThen: OfficeState
    /// `stateThen` plus later corrections of it and entries back-dated into the shift.
    public var stateCorrected: OfficeState
    public var reportThen: HandoverReport
    public var reportCorrected: HandoverReport
    /// What was learnt after the handover, in journal order.
    public var changes: [HandoverChange]
    /// The journal head the review was made at (it is stale once the head moves).
    public var headSeq: UInt64
}

/// Builds handover reviews from the journal.
public enum HandoverReview {
    /// Items carried this many handovers in a row get a mark.
    public static let longCarry = 3

    /// Carried items compare without surrounding spaces.
    public static func normalise(_ item: String) -> String { item.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Every live handover, newest first, with its marks.
    public static func entries(_ state: OfficeState) -> [HandoverEntry] {
        let handed = state.shifts.shifts.filter { !$0.voided && $0.handover != nil }
            .sorted { ($0.handover!.at, $0.id) < ($1.handover!.at, $1.id) }
        var runs: [String: Int] = [:]
        var out: [HandoverEntry] = []
        for shift in handed {
            let handover = shift.handover!
            var next: [String: Int] = [:]
            for item in handover.carried.map(normalise) where !item.isEmpty { next[item] = (runs[item] ?? 0) + 1 }
            runs = next
            out.append(HandoverEntry(shift: shift, handover: handover, carriedRuns: next))
        }
        return out.reversed()
    }

    /// The report as it stood at the handover of `shiftID`, and corrected since; nil if it has none.
    ///
    /// One pass over the journal: records up to the handover fold into both states; after
    /// it, only corrections of what was already known and entries dated before the
    /// handover fold into the corrected one.
    public static func review(shift shiftID: String, journal: Journal, policy: Policy) throws -> HandoverReviewResult? {
        let decoder = JSONDecoder()
        var then = OfficeState(policy: policy)
        var corrected: OfficeState?
        var handoverAt: Date?
        var handoverSeq: UInt64 = 0
        var changes: [HandoverChange] = []
        var head: UInt64 = 0
        try journal.replayAll { record in
            head = record.seq
            guard let event = try EventRegistry.decode(record, decoder: decoder) else {
                if corrected == nil { then.skip(record.seq) }
                return
            }
            guard corrected != nil, let at = handoverAt else {
                then.apply(event, Envelope(record))
                if case .shiftHandedOver(let e) = event, e.shift == shiftID, then.shifts.shift(shiftID)?.handover != nil {
                    handoverAt = record.at
                    handoverSeq = record.seq
                    corrected = then
                }
                return
            }
            var change: HandoverChange?
            switch event {
            case .entryAmended(let e) where then.targets[e.event] != nil && then.targets[e.event] != .correction:
                change = HandoverChange(kind: .amended, record: record, targetType: then.eventTypes[e.event],
                                        reason: e.reason, changes: e.changes)
            case .entryVoided(let e) where then.targets[e.event] != nil && then.targets[e.event] != .correction:
                change = HandoverChange(kind: .voided, record: record, targetType: then.eventTypes[e.event],
                                        reason: e.reason, changes: [:])
            case .entryAmended, .entryVoided:
                // A correction of something the late entries brought in still belongs to the corrected view.
                if case .entryAmended(let e) = event, corrected!.targets[e.event] != nil, then.targets[e.event] == nil {
                    change = HandoverChange(kind: .amended, record: record, targetType: corrected!.eventTypes[e.event],
                                            reason: e.reason, changes: e.changes)
                }
                if case .entryVoided(let e) = event, corrected!.targets[e.event] != nil, then.targets[e.event] == nil {
                    change = HandoverChange(kind: .voided, record: record, targetType: corrected!.eventTypes[e.event],
                                            reason: e.reason, changes: [:])
                }
            default:
                if record.at < at, !isShiftBookkeeping(event) {
                    change = HandoverChange(kind: .backdated, record: record, targetType: nil,
                                            reason: EventRegistry.backdateReason(of: record), changes: [:])
                }
            }
            if let change {
                // In place: `then` shares storage with `corrected` only until the first change.
                corrected!.apply(event, Envelope(record))
                changes.append(change)
            }
        }
        guard let corrected, let at = handoverAt else { return nil }
        guard let reportThen = then.handoverReport(shift: shiftID, now: at),
              let reportCorrected = corrected.handoverReport(shift: shiftID, now: at)
        else { return nil }
        return HandoverReviewResult(shiftID: shiftID, seq: handoverSeq, stateThen: then, stateCorrected: corrected,
                                    reportThen: reportThen, reportCorrected: reportCorrected, changes: changes,
                                    headSeq: head)
    }

    /// Acknowledging or opening a shift is not news about the handed-over shift.
    static func isShiftBookkeeping(_ event: DomainEvent) -> Bool {
        switch event {
        case .shiftOpened, .shiftHandedOver, .shiftAcknowledged, .handoverObjectionAddressed: return true
        default: return false
        }
    }
}

extension OfficeState {
    /// The handover before the current shift opened: what it carried is carried into this one.
    public func previousHandover(before shift: Shift) -> Handover? {
        shifts.shifts.filter { !$0.voided && $0.id != shift.id && ($0.handover.map { $0.at <= shift.openedAt } ?? false) }
            .max { $0.handover!.at < $1.handover!.at }?.handover
    }

    /// The handover draft of the shift on duty at `now`: its report (`carriedIn` holds the previous
    /// handover's carried items), the same one `jingwu report handover` prints for it.
    public func handoverDraft(now: Date) -> HandoverReport? {
        guard let shift = shifts.current else { return nil }
        return handoverReport(shift: shift.id, now: now)
    }
}

/// An item a handover left open (or still out, or overdue) that was dealt with afterwards: listed
/// apart from the report as it stood, so "as it stood" never shows a later outcome.
public struct HandoverSettledSince: Sendable, Equatable {
    /// The section of the handover the item stood in.
    public var section: HandoverSection.Key
    /// Patrol, hazard, key person, dispute, incident or warning id.
    public var item: String
    public var at: Date
    /// What happened, as a stable code: a disposition, a dispute status, a dissuasion outcome,
    /// `cleared` (hazard), `visited` (key person) or `ended` (patrol).
    public var outcome: String
}

extension HandoverReview {
    /// What became of the items `report` left open, according to `state` (today's), oldest first.
    public static func settledSince(_ report: HandoverReport, state: OfficeState) -> [HandoverSettledSince] {
        let to = report.to
        var out: [HandoverSettledSince] = []
        for patrol in report.activePatrols {
            if let now = state.patrols.patrol(patrol.id), !now.voided, let ended = now.endedAt, ended > to {
                out.append(HandoverSettledSince(section: .activePatrols, item: patrol.id, at: ended, outcome: "ended"))
            }
        }
        for hazard in report.hazardsOpen {
            if let now = state.patrols.hazards.first(where: { $0.id == hazard.id && !$0.voided }),
               let clearance = now.clearance, clearance.at > to {
                out.append(HandoverSettledSince(section: .hazardsOpen, item: hazard.id, at: clearance.at, outcome: "cleared"))
            }
        }
        for due in report.visitsOverdue {
            if let person = state.persons.person(due.person.id),
               let visit = state.persons.visits.first(where: { !$0.voided && $0.person == person.id && $0.at > to }) {
                out.append(HandoverSettledSince(section: .visitsOverdue, item: person.id, at: visit.at, outcome: "visited"))
            }
        }
        for dispute in report.disputesPending {
            if let now = state.disputes.dispute(dispute.id), let conclusion = now.conclusion, conclusion.at > to {
                out.append(HandoverSettledSince(section: .disputesPending, item: dispute.id, at: conclusion.at,
                                                outcome: now.status.rawValue))
            }
        }
        for incident in report.openIncidents {
            if let now = state.incidents.incidents.first(where: { $0.id == incident.id && !$0.voided }),
               let closed = now.closedAt, closed > to, let disposition = now.disposition {
                out.append(HandoverSettledSince(section: .openIncidents, item: incident.id, at: closed,
                                                outcome: disposition.rawValue))
            }
        }
        for warning in report.fraudPending {
            if let now = state.fraud.warning(warning.id),
               let last = now.liveDissuasions.last(where: { $0.at > to }), !now.status.needsAction {
                out.append(HandoverSettledSince(section: .fraudPending, item: warning.id, at: last.at,
                                                outcome: last.outcome.rawValue))
            }
        }
        return out.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }
}
