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
public struct Dispute: Sendable, Equatable {
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
}

/// Dispute case files.
public struct DisputeBook: Sendable, Equatable {
    public internal(set) var disputes: [Dispute] = []
    var index: [String: Int] = [:]
    /// Disputes opened per year (numbering `D2026-0001`…).
    public internal(set) var countByYear: [Int: Int] = [:]

    public func dispute(_ id: String) -> Dispute? {
        guard let i = index[id], !disputes[i].voided else { return nil }
        return disputes[i]
    }

    mutating func add(_ dispute: Dispute) {
        index[dispute.id] = disputes.count
        disputes.append(dispute)
        // The year is in the id, so numbering follows the ids actually written.
        let year = Int(dispute.id.dropFirst().prefix(4)) ?? OfficeTime.year(dispute.openedAt)
        countByYear[year, default: 0] += 1
    }
    mutating func update(_ id: String, _ change: (inout Dispute) -> Void) {
        if let i = index[id] { change(&disputes[i]) }
    }
}
