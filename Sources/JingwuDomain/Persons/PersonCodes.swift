import Foundation
import JingwuJournal

/// Why a key person (重点人员) is listed (DOMAIN.md §4.1).
public enum PersonCategory: String, DomainCode {
    case keyPopulation = "key-population", released, correction, idleYouth = "idle-youth", floating, temporary,
         mentalHealth = "mental-health", other
    /// 吸毒人员, 信访重点人员 (issue 19, as a station names them; TERMS.md).
    case drug, petition
    public static let codeKind = "person_category"
}

/// The four-way residency status of the card file (DOMAIN.md §4.2).
public enum Residency: String, DomainCode {
    case presentRegistered = "present-registered", registeredAbsent = "registered-absent",
         presentUnregistered = "present-unregistered", temporary
    public static let codeKind = "residency"
}

/// How a key person was visited.
public enum VisitMethod: String, DomainCode {
    case home, phone, office, workplace
    public static let codeKind = "visit_method"
}
