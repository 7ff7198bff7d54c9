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

// MARK: Corrections: what may be amended, what voiding undoes (AmendableField.swift)


extension PersonListed {
    public static let voiding = Voiding { s, t in
        if case .person(let id) = t { s.persons.update(id) { $0.voided = true } }
    }
    public static let amendable: [AmendableField] = [
        .text("name", max: TextLimit.name) { s, t, v in if case .person(let id) = t { s.persons.update(id) { $0.name = v } } },
        AmendableField("id-number", normalise: { value, _, today in
            try ResidentID.validate(value, field: "id-number", today: today)
        }, apply: { s, t, v in if case .person(let id) = t { s.persons.update(id) { $0.idNumber = v } } }),
        // Not to 流动/暂住: population statuses, no longer key-person categories (issue 19).
        AmendableField("category", normalise: { value, _, _ in
            let category = try PersonCategory.parse(value, field: "category")
            try PersonCategory.checkListable(category, field: "category")
            return category.code
        }, apply: { s, t, v in
            if case .person(let id) = t, let category = PersonCategory(rawValue: v) {
                s.persons.update(id) { $0.listedCategory = category }
            }
        }),
        .code("residency", Residency.self) { s, t, v in
            if case .person(let id) = t { s.persons.update(id) { $0.listedResidency = v } }
        },
        .cell { s, t, v in if case .person(let id) = t { s.persons.update(id) { $0.cell = v } } },
        .officer { s, t, v in if case .person(let id) = t { s.persons.update(id) { $0.officer = v } } },
        .int("interval-days", 1...366) { s, t, v in
            if case .person(let id) = t { s.persons.update(id) { $0.intervalDays = v } }
        },
    ]
}

extension PersonStatusChanged {
    public static let voiding = Voiding { s, t in
        guard case .statusChange(let id, let position) = t else { return }
        s.persons.update(id, \.changes, at: position) { $0.voided = true }
    }
    public static let amendable: [AmendableField] = [
        .text("note") { s, t, v in
            guard case .statusChange(let id, let position) = t else { return }
            s.persons.update(id, \.changes, at: position) { $0.note = v }
        },
    ]
}

extension PersonDelisted {
    public static let voiding = Voiding { s, t in
        if case .delisting(let id) = t { s.persons.update(id) { $0.delistedAt = nil; $0.delistReason = nil; $0.delistEvent = nil } }
    }
    public static let amendable: [AmendableField] = [
        .text("reason") { s, t, v in if case .delisting(let id) = t { s.persons.update(id) { $0.delistReason = v } } },
    ]
}

extension VisitRecorded {
    public static let voiding = Voiding { s, t in if case .visit(let i) = t { s.persons.visits[i].voided = true } }
    public static let amendable: [AmendableField] = [
        .code("method", VisitMethod.self) { s, t, v in if case .visit(let i) = t { s.persons.visits[i].method = v } },
        .text("findings") { s, t, v in if case .visit(let i) = t { s.persons.visits[i].findings = v } },
        .officer { s, t, v in if case .visit(let i) = t { s.persons.visits[i].officer = v } },
    ]
}
