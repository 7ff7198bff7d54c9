import Foundation
import JingwuJournal

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
