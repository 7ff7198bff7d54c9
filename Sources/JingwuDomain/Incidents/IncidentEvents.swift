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

// MARK: Corrections: what may be amended, what voiding undoes (AmendableField.swift)


extension IncidentLogged {
    public static let voiding = Voiding { s, t in
        if case .incident(let id) = t { s.incidents.update(id) { $0.voided = true } }
    }
    public static let amendable: [AmendableField] = [
        .code("kind", IncidentKind.self) { s, t, v in if case .incident(let id) = t { s.incidents.update(id) { $0.kind = v } } },
        .cell { s, t, v in if case .incident(let id) = t { s.incidents.update(id) { $0.cell = v } } },
        .text("summary") { s, t, v in if case .incident(let id) = t { s.incidents.update(id) { $0.summary = v } } },
        .code("source", IncidentSource.self) { s, t, v in
            if case .incident(let id) = t { s.incidents.update(id) { $0.source = v } }
        },
    ]
}

extension IncidentClosed {
    public static let voiding = Voiding { s, t in
        guard case .incidentClose(let id) = t else { return }
        s.incidents.update(id) { $0.closedAt = nil; $0.disposition = nil; $0.closeNote = nil; $0.closeEvent = nil }
    }
    public static let amendable: [AmendableField] = [
        .code("disposition", IncidentDisposition.self) { s, t, v in
            if case .incidentClose(let id) = t { s.incidents.update(id) { $0.disposition = v } }
        },
        .text("note") { s, t, v in if case .incidentClose(let id) = t { s.incidents.update(id) { $0.closeNote = v } } },
    ]
}
