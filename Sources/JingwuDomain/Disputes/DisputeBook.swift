import Foundation
import JingwuJournal

/// A mediation session.
public struct Mediation: Sendable, Equatable {
    public var kind: MediationKind
    public var mediators: [String]
    public var notes: String
    public var result: MediationResult?
    public var at: Date
    public var event: UUID
    public var voided = false
    /// Mediators chosen from the roster, by badge (MediationHeld v2).
    public var officers: [String] = []
}

/// A follow-up (回访).
public struct FollowUp: Sendable, Equatable {
    public var note: String
    public var at: Date
    public var event: UUID
    public var voided = false
}

/// How a dispute ended: resolved, referred or closed unresolved.
public struct DisputeConclusion: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable { case resolved, referred, closed }
    public var kind: Kind
    /// Agreement, referral notes or closing reason.
    public var text: String
    public var referredTo: ReferralTarget?
    public var at: Date
    public var event: UUID
}

/// Where a dispute stands.
public enum DisputeStatus: String, Sendable, CaseIterable {
    case open, mediating, resolved, referred, closed
    public var isConcluded: Bool { self == .resolved || self == .referred || self == .closed }
}

/// A dispute case file (一事一档).
public struct Dispute: Sendable, Equatable, KeyedItem, ClosableRecord {
    public var id: String
    public var category: DisputeCategory
    public var parties: [String]
    public var source: DisputeSource
    public var cell: String
    public var summary: String
    public var risk: DisputeRisk
    public var openedAt: Date
    public var event: UUID
    public var voided = false
    public var mediations: [Mediation] = []
    public var conclusion: DisputeConclusion?
    public var followUps: [FollowUp] = []
    /// 涉及人数 (DisputeOpened v2), if given.
    public var personsCount: Int?
    /// Escalation flags as written (DisputeOpened v2); `riskFlags` adds the old `risk: escalation`.
    public var flags: [DisputeRiskFlag] = []
    /// 化解时限 as written (DisputeOpened v2); `deadline(policy)` gives the one that applies.
    public var deadline: Date?
    /// 责任人 (DisputeOpened v2), a badge.
    public var responsible: String?

    public var status: DisputeStatus {
        if let conclusion {
            switch conclusion.kind {
            case .resolved: return .resolved
            case .referred: return .referred
            case .closed: return .closed
            }
        }
        return mediations.contains(where: { !$0.voided }) ? .mediating : .open
    }
    public var liveMediations: [Mediation] { mediations.filter { !$0.voided } }
    public var liveFollowUps: [FollowUp] { followUps.filter { !$0.voided } }
    var closedStatus: String? { status.isConcluded ? status.rawValue : nil }
}

/// Dispute case files.
public struct DisputeBook: Sendable, Equatable, KeyedBook {
    var list = KeyedList<Dispute>()
    /// Every dispute ever opened, voided ones included, in order of opening.
    public var disputes: [Dispute] { list.items }
    /// Disputes opened per year (numbering `D2026-0001`…).
    public internal(set) var countByYear: [Int: Int] = [:]
    /// The weekly 排查 reports (DisputeScreeningDone), in journal order (DisputeScreening.swift).
    public internal(set) var screenings: [Screening] = []

    public func dispute(_ id: String) -> Dispute? { list.live(id) }

    mutating func add(_ dispute: Dispute) {
        list.add(dispute)
        // The year is in the id, so numbering follows the ids actually written.
        let year = Int(dispute.id.dropFirst().prefix(4)) ?? OfficeTime.year(dispute.openedAt)
        countByYear[year, default: 0] += 1
    }
}

// MARK: Fold

extension OfficeState {
    mutating func fold(_ e: DisputeOpened, _ envelope: Envelope) {
        disputes.add(Dispute(id: e.dispute, category: e.category, parties: e.parties, source: e.source, cell: e.cell,
                             summary: e.summary, risk: e.risk, openedAt: envelope.at, event: envelope.id,
                             personsCount: e.personsCount, flags: e.flags ?? [], deadline: e.deadline.flatMap { RFC3339.parse($0) },
                             responsible: e.responsible))
        targets[envelope.id] = .dispute(e.dispute)
    }

    mutating func fold(_ e: MediationHeld, _ envelope: Envelope) {
        let mediation = Mediation(kind: e.kind, mediators: e.mediators, notes: e.notes, result: e.result, at: envelope.at,
                                  event: envelope.id, officers: e.officers ?? [])
        let position = disputes.append(mediation, to: \.mediations, of: e.dispute)
        targets[envelope.id] = .mediation(e.dispute, position)
    }

    mutating func fold(_ e: DisputeResolved, _ envelope: Envelope) {
        disputes.update(e.dispute) {
            $0.conclusion = DisputeConclusion(kind: .resolved, text: e.agreement, at: envelope.at, event: envelope.id)
        }
        targets[envelope.id] = .conclusion(e.dispute)
    }

    mutating func fold(_ e: DisputeReferred, _ envelope: Envelope) {
        disputes.update(e.dispute) {
            $0.conclusion = DisputeConclusion(kind: .referred, text: e.notes, referredTo: e.to, at: envelope.at,
                                              event: envelope.id)
        }
        targets[envelope.id] = .conclusion(e.dispute)
    }

    mutating func fold(_ e: DisputeClosed, _ envelope: Envelope) {
        disputes.update(e.dispute) {
            $0.conclusion = DisputeConclusion(kind: .closed, text: e.reason, at: envelope.at, event: envelope.id)
        }
        targets[envelope.id] = .conclusion(e.dispute)
    }

    mutating func fold(_ e: DisputeFollowedUp, _ envelope: Envelope) {
        let followUp = FollowUp(note: e.note, at: envelope.at, event: envelope.id)
        let position = disputes.append(followUp, to: \.followUps, of: e.dispute)
        targets[envelope.id] = .followUp(e.dispute, position)
    }
}
