import Foundation
import JingwuJournal

// MARK: Key persons and visits

/// `person add`: list a key person.
public struct ListPerson: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var name: String
    public var idNumber: String
    public var category: PersonCategory
    public var residency: Residency
    public var cell: String
    public var officer: String
    public var intervalDays: Int?
    public init(name: String, idNumber: String, category: PersonCategory, residency: Residency, cell: String,
                officer: String, intervalDays: Int? = nil) {
        self.name = name; self.idNumber = idNumber; self.category = category; self.residency = residency
        self.cell = cell; self.officer = officer; self.intervalDays = intervalDays
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let name = try CleanText.required(name, field: "name", max: TextLimit.name)
        try PersonCategory.checkListable(category, field: "category")
        let number = try ResidentID.validate(idNumber, field: "id-number", today: context.now)
        if let existing = state.persons.listedByIDNumber[number] {
            // Masked: a refusal must not print a whole (valid) ID number either.
            throw DomainError(.duplicate, field: "id-number", value: Privacy.maskIDNumber(number), ["record": existing])
        }
        let cell = try Validate.cell(cell, field: "cell", state)
        // 责任民警 is a police officer (TERMS.md); records written before this rule stay as they are.
        let officer = try Validate.police(officer, field: "officer", state)
        let interval = try intervalDays.map { try Validate.int($0, field: "interval-days", range: 1...366) }
        let id = ShortID.make("K", state.persons.count + 1)
        return Decision([PersonListed(person: id, name: name, idNumber: number, category: category, residency: residency,
                                      cell: cell.code, officer: officer.badge, intervalDays: interval)], entityID: id)
    }
}

/// A listed person's residency (or category) changed.
public struct ChangePersonStatus: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var person: String
    public var residency: Residency?
    public var category: PersonCategory?
    public var note: String?
    public init(person: String, residency: Residency? = nil, category: PersonCategory? = nil, note: String? = nil) {
        self.person = person; self.residency = residency; self.category = category; self.note = note
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let person = try Validate.open(person, field: "person", state.persons.person)
        guard residency != nil || category != nil else { throw DomainError(.statusChangeEmpty, field: "residency") }
        if let category { try PersonCategory.checkListable(category, field: "category") }
        // Only what actually changes is recorded; a change to the same values is no change at all.
        let newResidency = residency == person.residency ? nil : residency
        let newCategory = category == person.category ? nil : category
        guard newResidency != nil || newCategory != nil else {
            throw DomainError(.unchanged, field: residency != nil ? "residency" : "category", value: person.id)
        }
        let note = try CleanText.optional(note, field: "note", max: TextLimit.long)
        try Validate.notBefore(person.listedAt, context, what: person.id)
        return Decision([PersonStatusChanged(person: person.id, residency: newResidency, category: newCategory, note: note)],
                        entityID: person.id)
    }
}

/// A person is taken off the list, with a reason.
public struct DelistPerson: OfficeCommand {
    public static let leastRole: LeastRole = .police(action: "delist-person", field: "person")
    public var person: String
    public var reason: String
    public init(person: String, reason: String) { self.person = person; self.reason = reason }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        try .concluding(person, field: "person", state.persons.person, since: \.listedAt,
                        text: reason, field: "reason", context) { PersonDelisted(person: $0, reason: $1) }
    }
}

/// `visit add`: a visit or talk with a listed person.
public struct RecordVisit: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var person: String
    public var method: VisitMethod
    public var officer: String
    public var participants: [String]
    public var findings: String
    public var observed: Residency?
    public init(person: String, method: VisitMethod, officer: String, participants: [String] = [], findings: String,
                observed: Residency? = nil) {
        self.person = person; self.method = method; self.officer = officer; self.participants = participants
        self.findings = findings; self.observed = observed
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let person = try Validate.open(person, field: "person", state.persons.person)
        let officer = try Validate.officer(officer, field: "by", state)
        let participants = try Validate.list(participants, field: "with", required: false)
        let findings = try CleanText.required(findings, field: "finding", max: TextLimit.long)
        try Validate.notBefore(person.listedAt, context, what: person.id)
        return Decision([VisitRecorded(person: person.id, method: method, officer: officer.badge,
                                       participants: participants, findings: findings, observed: observed)],
                        entityID: person.id)
    }
}
