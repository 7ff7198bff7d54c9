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
    /// 治安调解 (issue 20): the office's own mediation under the public-security law.
    case publicSecurity = "public-security"
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
    /// 公调对接 (issue 20): handed from the police to people's mediation through the link.
    case policeLink = "police-link"
    public static let codeKind = "referral_target"
}

/// An escalation a dispute risks (DOMAIN.md §5.1, seed 003/1: 「防止群体性上访14件，制止群体性械斗事件10件，
/// 防止民间纠纷转化为刑事案件7件13人」). `civil-to-criminal` is the old `risk: escalation`.
public enum DisputeRiskFlag: String, DomainCode {
    case massPetition = "mass-petition", groupFight = "group-fight", civilToCriminal = "civil-to-criminal"
    public static let codeKind = "dispute_risk_flag"
}
