import Foundation
import JingwuJournal

// The events of the office. Each is one Codable payload with a stable type name
// and a schema version; the payload is the journal record's `data`. The envelope
// (event id, seq, at, recorded, by) comes from the record, never from the payload.
//
// Changing a payload: add a field as optional (or with a default in a custom
// `init(from:)`), bump `version`, and keep decoding every older version; the
// golden file `Tests/JingwuDomainTests/Golden/events-v1.jsonl` fails otherwise.

/// The data of one event type.
public protocol EventPayload: Codable, Sendable, Equatable {
    /// Stable type name written into the journal (`PatrolStarted`).
    static var type: String { get }
    /// Current schema version of the payload.
    static var version: Int { get }
    /// The payload wrapped for the folds.
    var asEvent: DomainEvent { get }
}

// MARK: Officers and cells

/// An officer or helper joins the office's roster.
public struct OfficerEnrolled: EventPayload {
    public static let type = "OfficerEnrolled"
    public static let version = 1
    public var badge: String
    public var name: String
    public var role: OfficerRole
    public init(badge: String, name: String, role: OfficerRole) {
        self.badge = badge; self.name = name; self.role = role
    }
    public var asEvent: DomainEvent { .officerEnrolled(self) }
}

/// A grid cell (网格) is defined: a compound, street, village or site.
public struct CellAdded: EventPayload {
    public static let type = "CellAdded"
    public static let version = 1
    public var code: String
    public var name: String
    public var community: String
    public var kind: CellKind
    /// Coverage window in hours; nil means the policy default for the kind.
    public var windowHours: Int?
    /// Position on the coverage map grid.
    public var x: Int?
    public var y: Int?
    /// 重点部位: a key site.
    public var keySite: Bool
    public init(code: String, name: String, community: String, kind: CellKind, windowHours: Int? = nil,
                x: Int? = nil, y: Int? = nil, keySite: Bool = false) {
        self.code = code; self.name = name; self.community = community; self.kind = kind
        self.windowHours = windowHours; self.x = x; self.y = y; self.keySite = keySite
    }
    public var asEvent: DomainEvent { .cellAdded(self) }
}

// MARK: Shifts (交接班)

/// A duty officer takes a shift.
public struct ShiftOpened: EventPayload {
    public static let type = "ShiftOpened"
    /// Version 2 adds the optional `leadPolice` (带班民警).
    public static let version = 2
    /// Short id, `S0003`.
    public var shift: String
    /// The person on duty (值班人员): a police officer or an auxiliary.
    public var duty: String
    public var team: [String]
    /// Shift template code from policy (`day`, `night`), if any.
    public var template: String?
    /// The police officer responsible for the shift (带班民警), on duty or on call;
    /// none in version 1 records (version 2).
    public var leadPolice: String?
    public init(shift: String, duty: String, team: [String] = [], template: String? = nil, leadPolice: String? = nil) {
        self.shift = shift; self.duty = duty; self.team = team; self.template = template; self.leadPolice = leadPolice
    }
    public var asEvent: DomainEvent { .shiftOpened(self) }
}

/// The outgoing duty officer hands the shift over.
public struct ShiftHandedOver: EventPayload {
    public static let type = "ShiftHandedOver"
    public static let version = 1
    public var shift: String
    public var from: String
    public var to: String
    public var notes: String
    /// Things handed over in person (keys, devices, case files).
    public var carried: [String]
    public init(shift: String, from: String, to: String, notes: String, carried: [String] = []) {
        self.shift = shift; self.from = from; self.to = to; self.notes = notes; self.carried = carried
    }
    public var asEvent: DomainEvent { .shiftHandedOver(self) }
}

/// The incoming officer accepts a handover, possibly with objections.
public struct ShiftAcknowledged: EventPayload {
    public static let type = "ShiftAcknowledged"
    public static let version = 1
    /// The shift that was handed over.
    public var shift: String
    public var by: String
    public var objections: String?
    public init(shift: String, by: String, objections: String? = nil) {
        self.shift = shift; self.by = by; self.objections = objections
    }
    public var asEvent: DomainEvent { .shiftAcknowledged(self) }
}

// MARK: Patrols (巡逻)

/// A patrol goes out.
public struct PatrolStarted: EventPayload {
    public static let type = "PatrolStarted"
    public static let version = 1
    /// Short id, `P0007`.
    public var patrol: String
    public var mode: PatrolMode
    public var dress: Dress
    public var lead: String
    public var members: [String]
    /// Cells the patrol plans to cover.
    public var cells: [String]
    /// The shift on duty when it started, if any.
    public var shift: String?
    public init(patrol: String, mode: PatrolMode, dress: Dress = .uniformed, lead: String, members: [String] = [],
                cells: [String] = [], shift: String? = nil) {
        self.patrol = patrol; self.mode = mode; self.dress = dress; self.lead = lead
        self.members = members; self.cells = cells; self.shift = shift
    }
    public var asEvent: DomainEvent { .patrolStarted(self) }
}

/// A patrol reports presence in a cell.
public struct PatrolCheckedIn: EventPayload {
    public static let type = "PatrolCheckedIn"
    public static let version = 1
    public var patrol: String
    public var cell: String
    public var note: String?
    public init(patrol: String, cell: String, note: String? = nil) {
        self.patrol = patrol; self.cell = cell; self.note = note
    }
    public var asEvent: DomainEvent { .patrolCheckedIn(self) }
}

/// A hazard (安全隐患) found in a cell, on patrol or reported.
public struct HazardFound: EventPayload {
    public static let type = "HazardFound"
    public static let version = 1
    public var patrol: String?
    public var cell: String
    public var category: HazardCategory
    public var note: String
    /// Short id, `H0001`; absent in hazards written before ids (numbered in journal order then).
    public var hazard: String?
    public init(patrol: String?, cell: String, category: HazardCategory, note: String, hazard: String? = nil) {
        self.patrol = patrol; self.cell = cell; self.category = category; self.note = note; self.hazard = hazard
    }
    public var asEvent: DomainEvent { .hazardFound(self) }
}

/// A stop-and-check (盘查) of a person, vehicle or item.
public struct StopCheckConducted: EventPayload {
    public static let type = "StopCheckConducted"
    public static let version = 1
    public var patrol: String
    public var cell: String?
    public var subject: StopCheckSubject
    public var outcome: StopCheckOutcome
    public var note: String?
    public init(patrol: String, cell: String? = nil, subject: StopCheckSubject, outcome: StopCheckOutcome,
                note: String? = nil) {
        self.patrol = patrol; self.cell = cell; self.subject = subject; self.outcome = outcome; self.note = note
    }
    public var asEvent: DomainEvent { .stopCheckConducted(self) }
}

/// A patrol returns, with its log (工作记载).
public struct PatrolEnded: EventPayload {
    public static let type = "PatrolEnded"
    public static let version = 1
    public var patrol: String
    public var summary: String?
    public init(patrol: String, summary: String? = nil) { self.patrol = patrol; self.summary = summary }
    public var asEvent: DomainEvent { .patrolEnded(self) }
}

// MARK: Key persons (重点人员) and visits

/// A person is listed for regular visits.
public struct PersonListed: EventPayload {
    public static let type = "PersonListed"
    public static let version = 1
    /// Short id, `K0012`.
    public var person: String
    public var name: String
    public var idNumber: String
    public var category: PersonCategory
    public var residency: Residency
    public var cell: String
    /// Badge of the responsible officer.
    public var officer: String
    /// Visit interval in days; nil means the category's policy interval.
    public var intervalDays: Int?
    public init(person: String, name: String, idNumber: String, category: PersonCategory, residency: Residency,
                cell: String, officer: String, intervalDays: Int? = nil) {
        self.person = person; self.name = name; self.idNumber = idNumber; self.category = category
        self.residency = residency; self.cell = cell; self.officer = officer; self.intervalDays = intervalDays
    }
    public var asEvent: DomainEvent { .personListed(self) }
}

/// A listed person's residency status (or category) changes.
public struct PersonStatusChanged: EventPayload {
    public static let type = "PersonStatusChanged"
    public static let version = 1
    public var person: String
    public var residency: Residency?
    public var category: PersonCategory?
    public var note: String?
    public init(person: String, residency: Residency? = nil, category: PersonCategory? = nil, note: String? = nil) {
        self.person = person; self.residency = residency; self.category = category; self.note = note
    }
    public var asEvent: DomainEvent { .personStatusChanged(self) }
}

/// A person is taken off the list.
public struct PersonDelisted: EventPayload {
    public static let type = "PersonDelisted"
    public static let version = 1
    public var person: String
    public var reason: String
    public init(person: String, reason: String) { self.person = person; self.reason = reason }
    public var asEvent: DomainEvent { .personDelisted(self) }
}

/// A visit or talk with a listed person.
public struct VisitRecorded: EventPayload {
    public static let type = "VisitRecorded"
    public static let version = 1
    public var person: String
    public var method: VisitMethod
    /// Badge of the officer who made the visit.
    public var officer: String
    /// Others present, e.g. the 治保 cadre and a family elder (三位一体).
    public var participants: [String]
    public var findings: String
    /// Residency status seen on the visit, if noted.
    public var observed: Residency?
    public init(person: String, method: VisitMethod, officer: String, participants: [String] = [], findings: String,
                observed: Residency? = nil) {
        self.person = person; self.method = method; self.officer = officer; self.participants = participants
        self.findings = findings; self.observed = observed
    }
    public var asEvent: DomainEvent { .visitRecorded(self) }
}

// MARK: Disputes (矛盾纠纷)

/// A dispute is taken in (一事一档: one file per case).
public struct DisputeOpened: EventPayload {
    public static let type = "DisputeOpened"
    public static let version = 1
    /// Short id, `D2026-0003` (year of opening).
    public var dispute: String
    public var category: DisputeCategory
    public var parties: [String]
    public var source: DisputeSource
    public var cell: String
    public var summary: String
    public var risk: DisputeRisk
    public init(dispute: String, category: DisputeCategory, parties: [String], source: DisputeSource, cell: String,
                summary: String, risk: DisputeRisk = .normal) {
        self.dispute = dispute; self.category = category; self.parties = parties; self.source = source
        self.cell = cell; self.summary = summary; self.risk = risk
    }
    public var asEvent: DomainEvent { .disputeOpened(self) }
}

/// A mediation session was held.
public struct MediationHeld: EventPayload {
    public static let type = "MediationHeld"
    public static let version = 1
    public var dispute: String
    public var kind: MediationKind
    public var mediators: [String]
    public var notes: String
    public var result: MediationResult?
    public init(dispute: String, kind: MediationKind, mediators: [String], notes: String,
                result: MediationResult? = nil) {
        self.dispute = dispute; self.kind = kind; self.mediators = mediators; self.notes = notes; self.result = result
    }
    public var asEvent: DomainEvent { .mediationHeld(self) }
}

/// A dispute was settled (调处成功) with an agreement.
public struct DisputeResolved: EventPayload {
    public static let type = "DisputeResolved"
    public static let version = 1
    public var dispute: String
    public var agreement: String
    public init(dispute: String, agreement: String) { self.dispute = dispute; self.agreement = agreement }
    public var asEvent: DomainEvent { .disputeResolved(self) }
}

/// A dispute was handed to another body.
public struct DisputeReferred: EventPayload {
    public static let type = "DisputeReferred"
    public static let version = 1
    public var dispute: String
    public var to: ReferralTarget
    public var notes: String
    public init(dispute: String, to: ReferralTarget, notes: String) {
        self.dispute = dispute; self.to = to; self.notes = notes
    }
    public var asEvent: DomainEvent { .disputeReferred(self) }
}

/// A dispute was closed without settlement.
public struct DisputeClosed: EventPayload {
    public static let type = "DisputeClosed"
    public static let version = 1
    public var dispute: String
    public var reason: String
    public init(dispute: String, reason: String) { self.dispute = dispute; self.reason = reason }
    public var asEvent: DomainEvent { .disputeClosed(self) }
}

/// A follow-up call or visit (回访) after a dispute was concluded.
public struct DisputeFollowedUp: EventPayload {
    public static let type = "DisputeFollowedUp"
    public static let version = 1
    public var dispute: String
    public var note: String
    public init(dispute: String, note: String) { self.dispute = dispute; self.note = note }
    public var asEvent: DomainEvent { .disputeFollowedUp(self) }
}

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

// MARK: Corrections

/// Named fields of an earlier event are corrected; the original stays in the journal.
public struct EntryAmended: EventPayload {
    public static let type = "EntryAmended"
    public static let version = 1
    /// Id of the event corrected.
    public var event: UUID
    public var reason: String
    /// Field name → new value, as the command line spells them (codes for categories).
    public var changes: [String: String]
    public init(event: UUID, reason: String, changes: [String: String]) {
        self.event = event; self.reason = reason; self.changes = changes
    }
    public var asEvent: DomainEvent { .entryAmended(self) }
}

/// An earlier event is struck out; the original stays in the journal.
public struct EntryVoided: EventPayload {
    public static let type = "EntryVoided"
    public static let version = 1
    public var event: UUID
    public var reason: String
    public init(event: UUID, reason: String) { self.event = event; self.reason = reason }
    public var asEvent: DomainEvent { .entryVoided(self) }
}
