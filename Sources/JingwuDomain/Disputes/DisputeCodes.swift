import Foundation
import JingwuJournal

/// What a dispute (矛盾纠纷) is about (DOMAIN.md §5.1).
public enum DisputeCategory: String, DomainCode {
    case family = "family"
    case neighbour = "neighbour"
    case land = "land"
    case domesticViolence = "domestic-violence"
    case collective = "collective"
    case other = "other"
    public static let codeKind = "dispute_category"
}

/// How a dispute came to the office.
public enum DisputeSource: String, DomainCode {
    case screening = "screening"
    case receptionDay = "reception-day"
    case homeVisit = "home-visit"
    case patrol = "patrol"
    case wechat = "wechat"
    case walkIn = "walk-in"
    /// Added with the disputes screen (issue 6): 110 calls, grid workers, 联户长.
    case alarm110 = "110"
    case gridWorker = "grid-worker"
    case householdLeader = "household-leader"
    public static let codeKind = "dispute_source"
}

/// Whether a dispute risks turning criminal (民转刑).
public enum DisputeRisk: String, DomainCode {
    case normal = "normal"
    case escalation = "escalation"
    public static let codeKind = "dispute_risk"
}

/// The kind of a mediation session (大调解, DOMAIN.md §5.2).
public enum MediationKind: String, DomainCode {
    case preliminary = "preliminary"
    case people = "people"
    case administrative = "administrative"
    case judicial = "judicial"
    case social = "social"
    public static let codeKind = "mediation_kind"
}

/// What a mediation session reached.
public enum MediationResult: String, DomainCode {
    case agreement = "agreement"
    case partial = "partial"
    case none = "none"
    public static let codeKind = "mediation_result"
}

/// Where a dispute was referred (公调/诉调/访调对接).
public enum ReferralTarget: String, DomainCode {
    case committee = "committee"
    case centre = "centre"
    case court = "court"
    case petition = "petition"
    case administrative = "administrative"
    case other = "other"
    public static let codeKind = "referral_target"
}
