import Foundation
import JingwuJournal

/// What a dispute (矛盾纠纷) is about (DOMAIN.md §5.1).
public enum DisputeCategory: String, DomainCode {
    case family, neighbour, land, domesticViolence = "domestic-violence", collective, other
    public static let codeKind = "dispute_category"
}

/// How a dispute came to the office.
public enum DisputeSource: String, DomainCode {
    case screening, receptionDay = "reception-day", homeVisit = "home-visit", patrol, wechat, walkIn = "walk-in"
    /// Added with the disputes screen (issue 6): 110 calls, grid workers, 联户长.
    case alarm110 = "110", gridWorker = "grid-worker", householdLeader = "household-leader"
    public static let codeKind = "dispute_source"
}

/// Whether a dispute risks turning criminal (民转刑).
public enum DisputeRisk: String, DomainCode {
    case normal, escalation
    public static let codeKind = "dispute_risk"
}

/// The kind of a mediation session (大调解, DOMAIN.md §5.2).
public enum MediationKind: String, DomainCode {
    case preliminary, people, administrative, judicial, social
    public static let codeKind = "mediation_kind"
}

/// What a mediation session reached.
public enum MediationResult: String, DomainCode {
    case agreement, partial, none
    public static let codeKind = "mediation_result"
}

/// Where a dispute was referred (公调/诉调/访调对接).
public enum ReferralTarget: String, DomainCode {
    case committee, centre, court, petition, administrative, other
    public static let codeKind = "referral_target"
}
