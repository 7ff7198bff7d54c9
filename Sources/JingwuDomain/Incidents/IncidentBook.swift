import Foundation
import JingwuJournal

/// An incident (警情).
public struct Incident: Sendable, Equatable {
    public var id: String
    public var cell: String
    public var kind: IncidentKind
    public var summary: String
    public var source: IncidentSource
    public var at: Date
    public var event: UUID
    public var voided = false
    public var closedAt: Date?
    public var disposition: IncidentDisposition?
    public var closeNote: String?
    public var closeEvent: UUID?
    /// Key person and dispute given when it was logged (see `person`, `dispute` for the current links).
    public var loggedPerson: String? = nil
    public var loggedDispute: String? = nil
    /// Links added later (IncidentLinked).
    public var links: [IncidentLink] = []
    public var isOpen: Bool { closedAt == nil && !voided }
}

/// Incidents (警情).
public struct IncidentBook: Sendable, Equatable {
    public internal(set) var incidents: [Incident] = []
    var index: [String: Int] = [:]

    public func incident(_ id: String) -> Incident? {
        guard let i = index[id], !incidents[i].voided else { return nil }
        return incidents[i]
    }
    /// Incidents ever logged (numbering `I0001`…).
    public var count: Int { incidents.count }

    mutating func add(_ incident: Incident) {
        index[incident.id] = incidents.count
        incidents.append(incident)
    }
    mutating func update(_ id: String, _ change: (inout Incident) -> Void) {
        if let i = index[id] { change(&incidents[i]) }
    }
}

// MARK: Fold

extension OfficeState {
    mutating func fold(_ e: IncidentLogged, _ envelope: Envelope) {
        incidents.add(Incident(id: e.incident, cell: e.cell, kind: e.kind, summary: e.summary, source: e.source,
                               at: envelope.at, event: envelope.id, loggedPerson: e.person, loggedDispute: e.dispute))
        targets[envelope.id] = .incident(e.incident)
    }

    mutating func fold(_ e: IncidentClosed, _ envelope: Envelope) {
        incidents.update(e.incident) {
            $0.closedAt = envelope.at; $0.disposition = e.disposition; $0.closeNote = e.note; $0.closeEvent = envelope.id
        }
        targets[envelope.id] = .incidentClose(e.incident)
    }
}
