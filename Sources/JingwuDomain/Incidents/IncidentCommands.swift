import Foundation
import JingwuJournal

// MARK: Incidents

/// `incident add`: an incident (警情) reaches the office.
public struct LogIncident: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var cell: String
    public var kind: IncidentKind
    public var summary: String
    public var source: IncidentSource
    /// The key person or dispute it concerns (optional).
    public var person: String?
    public var dispute: String?
    public init(cell: String, kind: IncidentKind, summary: String, source: IncidentSource = .alarm110,
                person: String? = nil, dispute: String? = nil) {
        self.cell = cell; self.kind = kind; self.summary = summary; self.source = source
        self.person = person; self.dispute = dispute
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let cell = try Validate.cell(cell, field: "cell", state)
        let summary = try CleanText.required(summary, field: "summary", max: TextLimit.long)
        let person = try IncidentLinkCheck.person(person, state)
        let dispute = try IncidentLinkCheck.dispute(dispute, state)
        let id = ShortID.make("I", state.incidents.count + 1)
        return Decision([IncidentLogged(incident: id, cell: cell.code, kind: kind, summary: summary, source: source,
                                        person: person, dispute: dispute)], entityID: id)
    }
}

/// An incident is closed with its disposition.
public struct CloseIncident: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var incident: String
    public var disposition: IncidentDisposition
    public var note: String?
    public init(incident: String, disposition: IncidentDisposition, note: String? = nil) {
        self.incident = incident; self.disposition = disposition; self.note = note
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let incident = try Validate.open(incident, field: "incident", state.incidents.incident)
        let note = try CleanText.optional(note, field: "note", max: TextLimit.long)
        try Validate.notBefore(incident.at, context, what: incident.id)
        return Decision([IncidentClosed(incident: incident.id, disposition: disposition, note: note)], entityID: incident.id)
    }
}
