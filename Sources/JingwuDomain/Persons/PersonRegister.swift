import Foundation
import JingwuJournal

/// A residency or category change of a listed person, kept so a void can undo it.
public struct StatusChange: Sendable, Equatable {
    public var residency: Residency?
    public var category: PersonCategory?
    public var note: String?
    public var at: Date
    public var event: UUID
    public var voided = false
}

/// A listed key person (重点人员).
public struct KeyPerson: Sendable, Equatable, KeyedItem, ClosableRecord {
    public var id: String
    public var name: String
    public var idNumber: String
    public var listedCategory: PersonCategory
    public var listedResidency: Residency
    public var cell: String
    public var officer: String
    public var intervalDays: Int?
    public var listedAt: Date
    public var event: UUID
    public var voided = false
    public var changes: [StatusChange] = []
    public var delistedAt: Date?
    public var delistReason: String?
    public var delistEvent: UUID?
    /// Indexes into `PersonRegister.visits`, in order of time.
    public var visits: [Int] = []

    /// Category after every (unvoided) status change.
    public var category: PersonCategory {
        changes.last(where: { !$0.voided && $0.category != nil })?.category ?? listedCategory
    }
    /// Residency after every (unvoided) status change.
    public var residency: Residency {
        changes.last(where: { !$0.voided && $0.residency != nil })?.residency ?? listedResidency
    }
    public var isListed: Bool { delistedAt == nil && !voided }
    var closedStatus: String? { isListed ? nil : "delisted" }
}

/// A visit to a key person.
public struct Visit: Sendable, Equatable {
    public var person: String
    public var method: VisitMethod
    public var officer: String
    public var participants: [String]
    public var findings: String
    public var observed: Residency?
    public var at: Date
    public var event: UUID
    public var voided = false
}

/// Listed key persons and their visits.
public struct PersonRegister: Sendable, Equatable, KeyedBook {
    var list = KeyedList<KeyPerson>()
    /// Every person ever listed, voided ones included, in order of listing.
    public var persons: [KeyPerson] { list.items }
    public internal(set) var visits: [Visit] = []
    /// Listed (not delisted, not voided) person per resident ID number.
    public internal(set) var listedByIDNumber: [String: String] = [:]
    /// 列管依据, 管控级别 and help team by person, each setting in order (PersonControl.swift).
    public internal(set) var controls: [String: [PersonControl]] = [:]

    public func person(_ id: String) -> KeyPerson? { list.live(id) }
    /// Persons ever listed (numbering `K0001`…).
    public var count: Int { list.count }

    mutating func add(_ person: KeyPerson) {
        list.add(person)
        if person.isListed { listedByIDNumber[person.idNumber] = person.id }
    }
    /// Changes a person in place, keeping `listedByIDNumber` right.
    mutating func update(_ id: String, _ change: (inout KeyPerson) -> Void) {
        guard let i = list.position(of: id) else { return }
        let before = list[at: i]
        change(&list[at: i])
        let after = list[at: i]
        if before.isListed, listedByIDNumber[before.idNumber] == id { listedByIDNumber[before.idNumber] = nil }
        if after.isListed { listedByIDNumber[after.idNumber] = id }
    }

    /// The latest live visit of a person.
    public func lastVisit(_ person: KeyPerson) -> Visit? {
        for i in person.visits.reversed() where !visits[i].voided { return visits[i] }
        return nil
    }

    /// Adds a visit to its person, in order of time.
    mutating func attach(_ visitIndex: Int) {
        let visit = visits[visitIndex]
        guard let i = list.position(of: visit.person) else { return }
        var position = list[at: i].visits.count
        while position > 0, visits[list[at: i].visits[position - 1]].at > visit.at { position -= 1 }
        list[at: i].visits.insert(visitIndex, at: position)
    }

    mutating func detach(_ visitIndex: Int) {
        guard let i = list.position(of: visits[visitIndex].person) else { return }
        if let position = list[at: i].visits.lastIndex(of: visitIndex) { list[at: i].visits.remove(at: position) }
    }
}

// MARK: Fold

extension OfficeState {
    mutating func fold(_ e: PersonListed, _ envelope: Envelope) {
        persons.add(KeyPerson(id: e.person, name: e.name, idNumber: e.idNumber, listedCategory: e.category,
                              listedResidency: e.residency, cell: e.cell, officer: e.officer,
                              intervalDays: e.intervalDays, listedAt: envelope.at, event: envelope.id))
        targets[envelope.id] = .person(e.person)
    }

    mutating func fold(_ e: PersonStatusChanged, _ envelope: Envelope) {
        let change = StatusChange(residency: e.residency, category: e.category, note: e.note, at: envelope.at,
                                  event: envelope.id)
        let position = persons.append(change, to: \.changes, of: e.person)
        targets[envelope.id] = .statusChange(e.person, position)
    }

    mutating func fold(_ e: PersonDelisted, _ envelope: Envelope) {
        persons.update(e.person) { $0.delistedAt = envelope.at; $0.delistReason = e.reason; $0.delistEvent = envelope.id }
        targets[envelope.id] = .delisting(e.person)
    }

    mutating func fold(_ e: VisitRecorded, _ envelope: Envelope) {
        let i = persons.visits.count
        persons.visits.append(Visit(person: e.person, method: e.method, officer: e.officer,
                                    participants: e.participants, findings: e.findings, observed: e.observed,
                                    at: envelope.at, event: envelope.id))
        persons.attach(i)
        targets[envelope.id] = .visit(i)
    }
}
