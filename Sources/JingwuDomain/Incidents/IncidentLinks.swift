import Foundation

// An incident (警情) may concern a listed key person or a dispute case: linked when it is
// logged (`IncidentLogged.person` / `.dispute`, optional since version 2) or afterwards
// with IncidentLinked. Links show in the incident list, the person's file and the case file.

/// An incident is linked to a key person and/or a dispute after it was logged.
public struct IncidentLinked: EventPayload {
    public static let type = "IncidentLinked"
    public static let version = 1
    public var incident: String
    public var person: String?
    public var dispute: String?
    public init(incident: String, person: String? = nil, dispute: String? = nil) {
        self.incident = incident; self.person = person; self.dispute = dispute
    }
    public var asEvent: DomainEvent { .incidentLinked(self) }
}

/// One later link of an incident.
public struct IncidentLink: Sendable, Equatable {
    public var person: String?
    public var dispute: String?
    public var at: Date
    public var event: UUID
    public var voided = false
}

/// Checks of the optional links of an incident, shared by logging and linking.
enum IncidentLinkCheck {
    static func person(_ text: String?, _ state: OfficeState) throws -> String? {
        guard let text, !CleanText.strip(text).isEmpty else { return nil }
        return try Validate.record(text, field: "person", state.persons.person).id
    }

    static func dispute(_ text: String?, _ state: OfficeState) throws -> String? {
        guard let text, !CleanText.strip(text).isEmpty else { return nil }
        return try Validate.record(text, field: "dispute", state.disputes.dispute).id
    }
}

/// `incident link`: ties an incident to a key person and/or a dispute.
public struct LinkIncident: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var incident: String
    public var person: String?
    public var dispute: String?
    public init(incident: String, person: String? = nil, dispute: String? = nil) {
        self.incident = incident; self.person = person; self.dispute = dispute
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let found = try Validate.record(incident, field: "incident", state.incidents.incident)
        let person = try IncidentLinkCheck.person(person, state)
        let dispute = try IncidentLinkCheck.dispute(dispute, state)
        guard person != nil || dispute != nil else { throw DomainError(.required, field: "person") }
        try Validate.notBefore(found.at, context, what: found.id)
        return Decision([IncidentLinked(incident: found.id, person: person, dispute: dispute)], entityID: found.id)
    }
}

extension Incident {
    /// The key person it concerns: the latest live link, else the one given when logged.
    public var person: String? { links.last(where: { !$0.voided && $0.person != nil })?.person ?? loggedPerson }
    /// The dispute it concerns: the latest live link, else the one given when logged.
    public var dispute: String? { links.last(where: { !$0.voided && $0.dispute != nil })?.dispute ?? loggedDispute }
}

extension OfficeState {
    mutating func fold(_ e: IncidentLinked, _ envelope: Envelope) {
        let link = IncidentLink(person: e.person, dispute: e.dispute, at: envelope.at, event: envelope.id)
        let position = incidents.append(link, to: \.links, of: e.incident)
        targets[envelope.id] = .incidentLink(e.incident, position)
    }

    /// Live incidents that concern a key person, oldest first.
    public func incidents(ofPerson id: String) -> [Incident] {
        incidents.incidents.filter { !$0.voided && $0.person == id }
    }

    /// Live incidents that concern a dispute, oldest first.
    public func incidents(ofDispute id: String) -> [Incident] {
        incidents.incidents.filter { !$0.voided && $0.dispute == id }
    }
}

// MARK: What may be amended (Corrections, AmendableField.swift)


extension IncidentLinked {
    public static let voiding = Voiding { s, t in
        guard case .incidentLink(let id, let position) = t else { return }
        s.incidents.update(id, \.links, at: position) { $0.voided = true }
    }
    /// A link is corrected by voiding it (and linking again).
    public static let amendable: [AmendableField] = []
}
