import Foundation
import JingwuJournal

// MARK: Incidents (警情)

/// An incident reached the office.
public struct IncidentLogged: EventPayload {
    public static let type = "IncidentLogged"
    /// Version 2 adds the optional `person` and `dispute` links; version 3 the caller (接处警:
    /// `caller`, `callerPhone`). Both only add optional fields, so v1 and v2 lines decode as before.
    public static let version = 3
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
    /// Who called it in (报警人), if given (version 3).
    public var caller: String?
    /// The caller's phone number, digits, stored whole and shown masked (version 3).
    public var callerPhone: String?
    public init(incident: String, cell: String, kind: IncidentKind, summary: String, source: IncidentSource,
                person: String? = nil, dispute: String? = nil, caller: String? = nil, callerPhone: String? = nil) {
        self.incident = incident; self.cell = cell; self.kind = kind; self.summary = summary; self.source = source
        self.person = person; self.dispute = dispute; self.caller = caller; self.callerPhone = callerPhone
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

/// 到场: an officer reached the scene of an incident. The arrival time is the event's time
/// (`--at` when recorded afterwards); the call was received at the incident's time and it was
/// disposed of at its close, so the three times of 接处警 are all on record.
public struct IncidentArrived: EventPayload {
    public static let type = "IncidentArrived"
    public static let version = 1
    public var incident: String
    /// Badge of the officer who arrived first.
    public var officer: String
    public init(incident: String, officer: String) { self.incident = incident; self.officer = officer }
    public var asEvent: DomainEvent { .incidentArrived(self) }
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

extension IncidentArrived {
    public static let voiding = Voiding { s, t in
        guard case .incidentArrive(let id) = t else { return }
        s.incidents.update(id) { $0.arrivedAt = nil; $0.arrivedBy = nil; $0.arriveEvent = nil }
    }
    public static let amendable: [AmendableField] = [
        .officer { s, t, v in if case .incidentArrive(let id) = t { s.incidents.update(id) { $0.arrivedBy = v } } },
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
