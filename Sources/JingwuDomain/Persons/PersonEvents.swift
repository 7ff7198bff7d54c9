import Foundation
import JingwuJournal

// MARK: Key persons (重点人员) and visits

/// A person is listed for regular visits.
public struct PersonListed: EventPayload {
    public static let type = "PersonListed"
    public static let version = 1
    /// Short id, `K0012`.
    public var person: String
    public var name: String
    public var idNumber: String
    public var category: PersonCategory
    public var residency: Residency
    public var cell: String
    /// Badge of the responsible officer.
    public var officer: String
    /// Visit interval in days; nil means the category's policy interval.
    public var intervalDays: Int?
    public init(person: String, name: String, idNumber: String, category: PersonCategory, residency: Residency,
                cell: String, officer: String, intervalDays: Int? = nil) {
        self.person = person; self.name = name; self.idNumber = idNumber; self.category = category
        self.residency = residency; self.cell = cell; self.officer = officer; self.intervalDays = intervalDays
    }
    public var asEvent: DomainEvent { .personListed(self) }
}

/// A listed person's residency status (or category) changes.
public struct PersonStatusChanged: EventPayload {
    public static let type = "PersonStatusChanged"
    public static let version = 1
    public var person: String
    public var residency: Residency?
    public var category: PersonCategory?
    public var note: String?
    public init(person: String, residency: Residency? = nil, category: PersonCategory? = nil, note: String? = nil) {
        self.person = person; self.residency = residency; self.category = category; self.note = note
    }
    public var asEvent: DomainEvent { .personStatusChanged(self) }
}

/// A person is taken off the list.
public struct PersonDelisted: EventPayload {
    public static let type = "PersonDelisted"
    public static let version = 1
    public var person: String
    public var reason: String
    public init(person: String, reason: String) { self.person = person; self.reason = reason }
    public var asEvent: DomainEvent { .personDelisted(self) }
}

/// A visit or talk with a listed person.
public struct VisitRecorded: EventPayload {
    public static let type = "VisitRecorded"
    public static let version = 1
    public var person: String
    public var method: VisitMethod
    /// Badge of the officer who made the visit.
    public var officer: String
    /// Others present, e.g. the 治保 cadre and a family elder (三位一体).
    public var participants: [String]
    public var findings: String
    /// Residency status seen on the visit, if noted.
    public var observed: Residency?
    public init(person: String, method: VisitMethod, officer: String, participants: [String] = [], findings: String,
                observed: Residency? = nil) {
        self.person = person; self.method = method; self.officer = officer; self.participants = participants
        self.findings = findings; self.observed = observed
    }
    public var asEvent: DomainEvent { .visitRecorded(self) }
}
