// The code lists. Codes are stable ASCII: they are written into the journal. Their names,
// Chinese and English, live once, in Resources/strings/*/ under `domain.code.<kind>.<code>`.

import Foundation
import JingwuResources

/// The Chinese names of every code, loaded once.
private let chineseStrings = Strings(.zh)

extension DomainCode {
    /// The Chinese name officers use (步巡), from the zh-Hans strings: one table for both.
    public var chineseName: String { chineseStrings.text(nameKey) }
}

/// An officer's role in the office (DOMAIN.md §1).
public enum OfficerRole: String, DomainCode {
    case police = "police"
    case auxiliary = "auxiliary"
    case patroller = "patroller"
    case volunteer = "volunteer"
    case householdLeader = "household-leader"
    public static let codeKind = "officer_role"
}

/// The kind of a grid cell (网格), which sets its default coverage window.
public enum CellKind: String, DomainCode {
    case compound = "compound"
    case street = "street"
    case village = "village"
    case site = "site"
    public static let codeKind = "cell_kind"
}

/// How a patrol moves or holds (DOMAIN.md §2.1).
public enum PatrolMode: String, DomainCode {
    case foot = "foot"
    case bike = "bike"
    case vehicle = "vehicle"
    case checkpoint = "checkpoint"
    case post = "post"
    public static let codeKind = "patrol_mode"
}

/// Uniformed or plain-clothes patrol (着装 / 便衣).
public enum Dress: String, DomainCode {
    case uniformed = "uniformed"
    case plain = "plain"
    public static let codeKind = "dress"
}

/// What a stop-and-check (盘查) examined.
public enum StopCheckSubject: String, DomainCode {
    case person = "person"
    case vehicle = "vehicle"
    case item = "item"
    public static let codeKind = "stop_subject"
}

/// What came of a stop-and-check.
public enum StopCheckOutcome: String, DomainCode {
    case released = "released"
    case registered = "registered"
    case handedOver = "handed-over"
    public static let codeKind = "stop_outcome"
}

/// A hazard found on patrol (安全隐患, DOMAIN.md §8.3).
public enum HazardCategory: String, DomainCode {
    case fire = "fire"
    case epidemic = "epidemic"
    case crowding = "crowding"
    case sanitation = "sanitation"
    case noise = "noise"
    case clutter = "clutter"
    case fireLane = "fire-lane"
    case other = "other"
    public static let codeKind = "hazard_category"
}

/// Why a key person (重点人员) is listed (DOMAIN.md §4.1).
public enum PersonCategory: String, DomainCode {
    case keyPopulation = "key-population"
    case released = "released"
    case correction = "correction"
    case idleYouth = "idle-youth"
    case floating = "floating"
    case temporary = "temporary"
    case mentalHealth = "mental-health"
    case other = "other"
    public static let codeKind = "person_category"
}

/// The four-way residency status of the card file (DOMAIN.md §4.2).
public enum Residency: String, DomainCode {
    case presentRegistered = "present-registered"
    case registeredAbsent = "registered-absent"
    case presentUnregistered = "present-unregistered"
    case temporary = "temporary"
    public static let codeKind = "residency"
}

/// How a key person was visited.
public enum VisitMethod: String, DomainCode {
    case home = "home"
    case phone = "phone"
    case office = "office"
    case workplace = "workplace"
    public static let codeKind = "visit_method"
}

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

/// The kind of an incident (警情); a design list, DOMAIN.md gives none.
public enum IncidentKind: String, DomainCode {
    case theft = "theft"
    case fraud = "fraud"
    case fight = "fight"
    case dispute = "dispute"
    case disturbance = "disturbance"
    case traffic = "traffic"
    case fire = "fire"
    case help = "help"
    case missing = "missing"
    case other = "other"
    public static let codeKind = "incident_kind"
}

/// How an incident reached the office.
public enum IncidentSource: String, DomainCode {
    case alarm110 = "110"
    case walkIn = "walk-in"
    case patrol = "patrol"
    case call = "call"
    public static let codeKind = "incident_source"
}

/// How an incident was closed.
public enum IncidentDisposition: String, DomainCode {
    case handled = "handled"
    case caseFiled = "case-filed"
    case referred = "referred"
    case mediated = "mediated"
    case unfounded = "unfounded"
    public static let codeKind = "incident_disposition"
}
