import Foundation
import JingwuJournal

/// An incident (警情).
public struct Incident: Sendable, Equatable, KeyedItem, ClosableRecord {
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
    /// 报警人 and their phone (whole; shown masked), when given (IncidentLogged v3).
    public var caller: String? = nil
    public var callerPhone: String? = nil
    /// 到场: when an officer reached the scene, who, and the event that said so (IncidentArrived).
    public var arrivedAt: Date? = nil
    public var arrivedBy: String? = nil
    public var arriveEvent: UUID? = nil
    /// 到场时长 in whole minutes (call received → arrival), when an arrival is on record.
    public var minutesToArrive: Int? { arrivedAt.map { Int($0.timeIntervalSince(at) / 60) } }
    public var isOpen: Bool { closedAt == nil && !voided }
    var closedStatus: String? { isOpen ? nil : "closed" }
}

/// Incidents (警情).
public struct IncidentBook: Sendable, Equatable, KeyedBook {
    var list = KeyedList<Incident>()
    /// Every incident ever logged, voided ones included, in order.
    public var incidents: [Incident] { list.items }

    public func incident(_ id: String) -> Incident? { list.live(id) }
    /// Incidents ever logged (numbering `I0001`…).
    public var count: Int { list.count }
}

// MARK: Fold

extension OfficeState {
    mutating func fold(_ e: IncidentLogged, _ envelope: Envelope) {
        incidents.add(Incident(id: e.incident, cell: e.cell, kind: e.kind, summary: e.summary, source: e.source,
                               at: envelope.at, event: envelope.id, loggedPerson: e.person, loggedDispute: e.dispute,
                               caller: e.caller, callerPhone: e.callerPhone))
        targets[envelope.id] = .incident(e.incident)
    }

    mutating func fold(_ e: IncidentArrived, _ envelope: Envelope) {
        incidents.update(e.incident) { $0.arrivedAt = envelope.at; $0.arrivedBy = e.officer; $0.arriveEvent = envelope.id }
        targets[envelope.id] = .incidentArrive(e.incident)
    }

    mutating func fold(_ e: IncidentClosed, _ envelope: Envelope) {
        incidents.update(e.incident) {
            $0.closedAt = envelope.at; $0.disposition = e.disposition; $0.closeNote = e.note; $0.closeEvent = envelope.id
        }
        targets[envelope.id] = .incidentClose(e.incident)
    }
}
