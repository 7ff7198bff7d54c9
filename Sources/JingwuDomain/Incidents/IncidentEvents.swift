import Foundation
import JingwuJournal

// MARK: Incidents (警情)

/// An incident reached the office.
public struct IncidentLogged: EventPayload {
    public static let type = "IncidentLogged"
    /// Version 2 adds the optional `person` and `dispute` links.
    public static let version = 2
    /// Short id, `I0005`.
    public var incident: String
    public var cell: String
    public var kind: IncidentKind
    public var summary: String
    public var source: IncidentSource
    /// The key person it concerns, if any (version 2).
    public var person: String?
    /// The dispute it concerns, if any (version 2).
    public var dispute: String?
    public init(incident: String, cell: String, kind: IncidentKind, summary: String, source: IncidentSource,
                person: String? = nil, dispute: String? = nil) {
        self.incident = incident; self.cell = cell; self.kind = kind; self.summary = summary; self.source = source
        self.person = person; self.dispute = dispute
    }
    public var asEvent: DomainEvent { .incidentLogged(self) }
}

/// An incident was closed with its disposition.
public struct IncidentClosed: EventPayload {
    public static let type = "IncidentClosed"
    public static let version = 1
    public var incident: String
    public var disposition: IncidentDisposition
    public var note: String?
    public init(incident: String, disposition: IncidentDisposition, note: String? = nil) {
        self.incident = incident; self.disposition = disposition; self.note = note
    }
    public var asEvent: DomainEvent { .incidentClosed(self) }
}
