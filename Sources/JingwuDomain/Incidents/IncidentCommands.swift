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
    /// 报警人 and their phone (optional; the phone is stored whole and shown masked).
    public var caller: String?
    public var callerPhone: String?
    public init(cell: String, kind: IncidentKind, summary: String, source: IncidentSource = .alarm110,
                person: String? = nil, dispute: String? = nil, caller: String? = nil, callerPhone: String? = nil) {
        self.cell = cell; self.kind = kind; self.summary = summary; self.source = source
        self.person = person; self.dispute = dispute; self.caller = caller; self.callerPhone = callerPhone
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let cell = try Validate.cell(cell, field: "cell", state)
        let summary = try CleanText.required(summary, field: "summary", max: TextLimit.long)
        let person = try IncidentLinkCheck.person(person, state)
        let dispute = try IncidentLinkCheck.dispute(dispute, state)
        let caller = try CleanText.optional(caller, field: "caller", max: TextLimit.short)
        let phone = try callerPhone.flatMap { CleanText.strip($0).isEmpty ? nil : try PhoneNumber.validate($0, field: "caller-phone") }
        let id = ShortID.make("I", state.incidents.count + 1)
        return Decision([IncidentLogged(incident: id, cell: cell.code, kind: kind, summary: summary, source: source,
                                        person: person, dispute: dispute, caller: caller, callerPhone: phone)], entityID: id)
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
        // Disposed of before the officer got there: the close time is wrong, not the arrival.
        if let arrived = incident.arrivedAt { try Validate.notBefore(arrived, context, what: incident.id) }
        return Decision([IncidentClosed(incident: incident.id, disposition: disposition, note: note)], entityID: incident.id)
    }
}

/// `incident arrive`: 到场 — an officer reached the scene. The time is now, or `--at` when
/// recorded afterwards; it may be neither before the call was received nor after the incident
/// was disposed of, and an incident has one arrival (void it to record another).
public struct RecordArrival: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var incident: String
    /// Who arrived; nil: the operator.
    public var officer: String?
    public init(incident: String, officer: String? = nil) { self.incident = incident; self.officer = officer }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let found = try Validate.record(incident, field: "incident", state.incidents.incident)
        let named = officer.flatMap { CleanText.strip($0).isEmpty ? nil : $0 } ?? context.operatorBadge ?? ""
        let officer = try Validate.officer(named, field: "arrived-by", state).badge
        if found.arrivedAt != nil { throw DomainError(.duplicate, field: "arrived", value: found.id) }
        let when = context.when
        guard when >= found.at else {
            let (asked, received) = OfficeTime.readable(when, found.at)
            throw DomainError(.arrivedBeforeCall, field: "arrived", value: asked, ["received": received, "record": found.id])
        }
        if let closed = found.closedAt, when > closed {
            let (asked, disposed) = OfficeTime.readable(when, closed)
            throw DomainError(.arrivedAfterDisposal, field: "arrived", value: asked, ["disposed": disposed, "record": found.id])
        }
        return Decision([IncidentArrived(incident: found.id, officer: officer)], entityID: found.id)
    }
}
