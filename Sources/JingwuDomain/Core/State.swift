import Foundation
import JingwuJournal

// The office's state: one projection per concern, each a pure fold over events.
// Applying one event is O(1) amortised (dictionary look-ups and appends); the
// queries in Queries.swift scan what they report on.
//
// Every stored item remembers the id of the event that created it, and
// `OfficeState.targets` maps event ids to items, so EntryVoided and EntryAmended
// find what they correct in O(1).

/// A person on the office's roster.
public struct Officer: Sendable, Equatable {
    public var badge: String
    public var name: String
    public var role: OfficerRole
    public var enrolledAt: Date
    public var event: UUID
    public var voided = false
}

/// A grid cell (网格).
public struct Cell: Sendable, Equatable {
    public var code: String
    public var name: String
    public var community: String
    public var kind: CellKind
    /// Own coverage window in hours, when it differs from the kind's policy value.
    public var windowHours: Int?
    public var x: Int?
    public var y: Int?
    public var keySite: Bool
    public var addedAt: Date
    public var event: UUID
    public var voided = false
}

/// A shift handover (交班).
public struct Handover: Sendable, Equatable {
    public var from: String
    public var to: String
    public var notes: String
    public var carried: [String]
    public var at: Date
    public var event: UUID
}

/// The incoming officer's acknowledgement (接班).
public struct Acknowledgement: Sendable, Equatable {
    public var by: String
    public var objections: String?
    public var at: Date
    public var event: UUID
}

/// A duty shift.
public struct Shift: Sendable, Equatable {
    public var id: String
    public var duty: String
    public var team: [String]
    public var template: String?
    /// 带班民警: the police officer responsible, on duty or on call (none on old records).
    public var leadPolice: String? = nil
    public var openedAt: Date
    public var event: UUID
    public var voided = false
    public var handover: Handover?
    public var acknowledgement: Acknowledgement?
    /// A shift is open until it is handed over.
    public var isOpen: Bool { handover == nil && !voided }
    /// When it ended (its handover), if it has.
    public var endedAt: Date? { handover?.at }
}

/// A patrol.
public struct Patrol: Sendable, Equatable {
    public var id: String
    public var mode: PatrolMode
    public var dress: Dress
    public var lead: String
    public var members: [String]
    public var plannedCells: [String]
    public var shift: String?
    public var startedAt: Date
    public var event: UUID
    public var voided = false
    public var endedAt: Date?
    public var summary: String?
    public var endEvent: UUID?
    /// Indexes into `PatrolBook.checkIns`, `.hazards`, `.stopChecks`.
    public var checkIns: [Int] = []
    public var hazards: [Int] = []
    public var stopChecks: [Int] = []
    public var isActive: Bool { endedAt == nil && !voided }
    /// Minutes out, up to `now` for a patrol still active.
    public func minutes(now: Date) -> Int {
        max(0, Int((endedAt ?? now).timeIntervalSince(startedAt) / 60))
    }
}

/// A patrol's check-in to a cell.
public struct CheckIn: Sendable, Equatable {
    public var patrol: String
    public var cell: String
    public var note: String?
    public var at: Date
    public var event: UUID
    public var voided = false
}

/// A hazard found (安全隐患).
public struct Hazard: Sendable, Equatable {
    public var patrol: String?
    public var cell: String
    public var category: HazardCategory
    public var note: String
    public var at: Date
    public var event: UUID
    public var voided = false
    /// Short id, `H0001` (Hazards.swift).
    public var id: String = ""
    /// Set once the hazard was put right (HazardCleared).
    public var clearance: HazardClearance? = nil
}

/// A stop-and-check (盘查).
public struct StopCheck: Sendable, Equatable {
    public var patrol: String
    public var cell: String?
    public var subject: StopCheckSubject
    public var outcome: StopCheckOutcome
    public var note: String?
    public var at: Date
    public var event: UUID
    public var voided = false
}

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
public struct KeyPerson: Sendable, Equatable {
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

/// A mediation session.
public struct Mediation: Sendable, Equatable {
    public var kind: MediationKind
    public var mediators: [String]
    public var notes: String
    public var result: MediationResult?
    public var at: Date
    public var event: UUID
    public var voided = false
}

/// A follow-up (回访).
public struct FollowUp: Sendable, Equatable {
    public var note: String
    public var at: Date
    public var event: UUID
    public var voided = false
}

/// How a dispute ended: resolved, referred or closed unresolved.
public struct DisputeConclusion: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable { case resolved, referred, closed }
    public var kind: Kind
    /// Agreement, referral notes or closing reason.
    public var text: String
    public var referredTo: ReferralTarget?
    public var at: Date
    public var event: UUID
}

/// Where a dispute stands.
public enum DisputeStatus: String, Sendable, CaseIterable {
    case open, mediating, resolved, referred, closed
    public var isConcluded: Bool { self == .resolved || self == .referred || self == .closed }
}

/// A dispute case file (一事一档).
public struct Dispute: Sendable, Equatable {
    public var id: String
    public var category: DisputeCategory
    public var parties: [String]
    public var source: DisputeSource
    public var cell: String
    public var summary: String
    public var risk: DisputeRisk
    public var openedAt: Date
    public var event: UUID
    public var voided = false
    public var mediations: [Mediation] = []
    public var conclusion: DisputeConclusion?
    public var followUps: [FollowUp] = []

    public var status: DisputeStatus {
        if let conclusion {
            switch conclusion.kind {
            case .resolved: return .resolved
            case .referred: return .referred
            case .closed: return .closed
            }
        }
        return mediations.contains(where: { !$0.voided }) ? .mediating : .open
    }
    public var liveMediations: [Mediation] { mediations.filter { !$0.voided } }
    public var liveFollowUps: [FollowUp] { followUps.filter { !$0.voided } }
}

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

/// What an event created or changed, for corrections.
public enum EventTarget: Sendable, Equatable {
    case officer(String), cell(String)
    case shift(String), handover(String), acknowledgement(String)
    case patrol(String), patrolEnd(String), checkIn(Int), hazard(Int), stopCheck(Int)
    case person(String), statusChange(String, Int), delisting(String), visit(Int)
    case dispute(String), mediation(String, Int), conclusion(String), followUp(String, Int)
    case incident(String), incidentClose(String)
    case incidentLink(String, Int), fraudWarning(String), dissuasion(String, Int), reveal(Int)
    case hazardClear(Int)
    case correction
}

/// The roster of officers and helpers.
public struct OfficerRoster: Sendable, Equatable {
    public internal(set) var byBadge: [String: Officer] = [:]
    public internal(set) var order: [String] = []

    /// The officer with this badge, unless voided.
    public func officer(_ badge: String) -> Officer? {
        guard let officer = byBadge[badge], !officer.voided else { return nil }
        return officer
    }
    /// The roster's own badge for `typed`, as typed or in capitals (f101 is F101), unless voided.
    public func badge(for typed: String) -> String? {
        let cleaned = CleanText.strip(typed)
        return (officer(cleaned) ?? officer(cleaned.uppercased()))?.badge
    }
    /// Every enrolled officer in order of enrolment.
    public var all: [Officer] { order.compactMap { officer($0) } }
    public var isEmpty: Bool { !byBadge.values.contains { !$0.voided } }

    mutating func add(_ officer: Officer) {
        if byBadge[officer.badge] == nil { order.append(officer.badge) }
        byBadge[officer.badge] = officer
    }
    mutating func update(_ badge: String, _ change: (inout Officer) -> Void) {
        if var officer = byBadge[badge] { change(&officer); byBadge[badge] = officer }
    }
}

/// The grid cells.
public struct CellRegistry: Sendable, Equatable {
    public internal(set) var byCode: [String: Cell] = [:]
    public internal(set) var order: [String] = []

    public func cell(_ code: String) -> Cell? {
        guard let cell = byCode[code], !cell.voided else { return nil }
        return cell
    }
    public var all: [Cell] { order.compactMap { cell($0) } }

    mutating func add(_ cell: Cell) {
        if byCode[cell.code] == nil { order.append(cell.code) }
        byCode[cell.code] = cell
    }
    mutating func update(_ code: String, _ change: (inout Cell) -> Void) {
        if var cell = byCode[code] { change(&cell); byCode[code] = cell }
    }
}

/// Shifts and the chain of handovers.
public struct ShiftBook: Sendable, Equatable {
    public internal(set) var shifts: [Shift] = []
    var index: [String: Int] = [:]
    /// Shifts ever opened (numbering `S0001`…, voided ones included).
    public internal(set) var count = 0

    public func shift(_ id: String) -> Shift? {
        guard let i = index[id], !shifts[i].voided else { return nil }
        return shifts[i]
    }
    /// The shift on duty now: the latest open one.
    public var current: Shift? { shifts.last(where: { $0.isOpen }) }

    mutating func add(_ shift: Shift) {
        count += 1
        index[shift.id] = shifts.count
        shifts.append(shift)
    }
    mutating func update(_ id: String, _ change: (inout Shift) -> Void) {
        if let i = index[id] { change(&shifts[i]) }
    }
}

/// A cell's check-ins, in order of time, and their hour-of-day counts.
public struct CellTrail: Sendable, Equatable {
    /// Indexes into `PatrolBook.checkIns`, sorted by time (voided ones included).
    public var checkIns: [Int] = []
    /// Live check-ins per local hour of day, 0–23.
    public var hourCounts = [Int](repeating: 0, count: 24)
}

/// Patrols with their check-ins, hazards and stop-checks; per-cell coverage trails.
public struct PatrolBook: Sendable, Equatable {
    public internal(set) var patrols = PatrolList()
    public internal(set) var checkIns = CheckInList()
    var lazyHazards = Lazy<[Hazard]>([])
    var lazyStopChecks = Lazy<[StopCheck]>([])
    public internal(set) var hazards: [Hazard] {
        get { lazyHazards.value }
        _modify { yield &lazyHazards.value }
    }
    public internal(set) var stopChecks: [StopCheck] {
        get { lazyStopChecks.value }
        _modify { yield &lazyStopChecks.value }
    }
    /// Per-cell check-in trail (coverage).
    public internal(set) var trails = TrailMap()
    /// Ids of the patrols out now.
    public internal(set) var active: Set<String> = []

    public func patrol(_ id: String) -> Patrol? {
        guard let i = patrols.position(of: id) else { return nil }
        let patrol = patrols[i]
        return patrol.voided ? nil : patrol
    }
    /// Patrols ever started (numbering `P0001`…).
    public var count: Int { patrols.count }

    mutating func reserveCapacity(_ n: Int) { patrols.reserveCapacity(n) }

    mutating func add(_ patrol: Patrol) {
        patrols.append(patrol)
        if patrol.isActive { active.insert(patrol.id) }
    }
    mutating func update(_ id: String, _ change: (inout Patrol) -> Void) {
        guard let i = patrols.position(of: id) else { return }
        change(&patrols[i])
        if patrols[i].isActive { active.insert(id) } else { active.remove(id) }
    }

    /// Adds a check-in to its cell's trail, keeping the trail in time order.
    mutating func track(_ checkInIndex: Int) {
        // One look-up, the trail changed in place through the dictionary: copying it out
        // and back would copy its whole array on every check-in (quadratic over a year).
        Self.insert(checkInIndex, into: &trails[checkIns.cell(checkInIndex), default: CellTrail()], checkIns: checkIns)
    }

    private static func insert(_ i: Int, into trail: inout CellTrail, checkIns: CheckInList) {
        let at = checkIns.at(i)
        if trail.checkIns.last.map({ checkIns.at($0) <= at }) ?? true {
            trail.checkIns.append(i)
        } else {
            var position = trail.checkIns.count
            while position > 0, checkIns.at(trail.checkIns[position - 1]) > at { position -= 1 }
            trail.checkIns.insert(i, at: position)
        }
        if !checkIns.isVoided(i) { trail.hourCounts[OfficeTime.hour(at)] += 1 }
    }

    /// Removes a check-in from its cell's trail (before a move or a void).
    mutating func untrack(_ checkInIndex: Int) {
        let checkIn = checkIns[checkInIndex]
        guard let position = trails[checkIn.cell]?.checkIns.lastIndex(of: checkInIndex) else { return }
        trails[checkIn.cell]!.checkIns.remove(at: position)
        if !checkIn.voided { trails[checkIn.cell]!.hourCounts[OfficeTime.hour(checkIn.at)] -= 1 }
    }

    /// Voids or restores a check-in, keeping the hour counts right.
    mutating func setCheckInVoided(_ i: Int, _ voided: Bool) {
        guard checkIns[i].voided != voided else { return }
        untrack(i)
        checkIns[i].voided = voided
        track(i)
    }

    /// The latest live check-in of a cell at or before `date`.
    public func lastCheckIn(cell: String, atOrBefore date: Date = .distantFuture) -> CheckIn? {
        guard let trail = trails[cell] else { return nil }
        for i in trail.checkIns.reversed() {
            let checkIn = checkIns[i]
            if checkIn.voided || checkIn.at > date { continue }
            return checkIn
        }
        return nil
    }

    /// Live check-ins of a cell in `[from, to)`, oldest first.
    public func checkIns(cell: String, from: Date, to: Date) -> [CheckIn] {
        guard let trail = trails[cell] else { return [] }
        var out: [CheckIn] = []
        for i in trail.checkIns.reversed() {
            let checkIn = checkIns[i]
            if checkIn.at < from { break }
            if checkIn.voided || checkIn.at >= to { continue }
            out.append(checkIn)
        }
        return out.reversed()
    }
}

/// Listed key persons and their visits.
public struct PersonRegister: Sendable, Equatable {
    public internal(set) var persons: [KeyPerson] = []
    var index: [String: Int] = [:]
    public internal(set) var visits: [Visit] = []
    /// Listed (not delisted, not voided) person per resident ID number.
    public internal(set) var listedByIDNumber: [String: String] = [:]

    public func person(_ id: String) -> KeyPerson? {
        guard let i = index[id], !persons[i].voided else { return nil }
        return persons[i]
    }
    /// Persons ever listed (numbering `K0001`…).
    public var count: Int { persons.count }

    mutating func add(_ person: KeyPerson) {
        index[person.id] = persons.count
        persons.append(person)
        if person.isListed { listedByIDNumber[person.idNumber] = person.id }
    }
    mutating func update(_ id: String, _ change: (inout KeyPerson) -> Void) {
        guard let i = index[id] else { return }
        let before = persons[i]
        change(&persons[i])
        let after = persons[i]
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
        guard let i = index[visit.person] else { return }
        var position = persons[i].visits.count
        while position > 0, visits[persons[i].visits[position - 1]].at > visit.at { position -= 1 }
        persons[i].visits.insert(visitIndex, at: position)
    }

    mutating func detach(_ visitIndex: Int) {
        guard let i = index[visits[visitIndex].person] else { return }
        if let position = persons[i].visits.lastIndex(of: visitIndex) { persons[i].visits.remove(at: position) }
    }
}

/// Dispute case files.
public struct DisputeBook: Sendable, Equatable {
    public internal(set) var disputes: [Dispute] = []
    var index: [String: Int] = [:]
    /// Disputes opened per year (numbering `D2026-0001`…).
    public internal(set) var countByYear: [Int: Int] = [:]

    public func dispute(_ id: String) -> Dispute? {
        guard let i = index[id], !disputes[i].voided else { return nil }
        return disputes[i]
    }

    mutating func add(_ dispute: Dispute) {
        index[dispute.id] = disputes.count
        disputes.append(dispute)
        // The year is in the id, so numbering follows the ids actually written.
        let year = Int(dispute.id.dropFirst().prefix(4)) ?? OfficeTime.year(dispute.openedAt)
        countByYear[year, default: 0] += 1
    }
    mutating func update(_ id: String, _ change: (inout Dispute) -> Void) {
        if let i = index[id] { change(&disputes[i]) }
    }
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

/// The whole office as the journal says it is.
public struct OfficeState: Sendable, Equatable {
    public var policy: Policy
    public internal(set) var officers = OfficerRoster()
    public internal(set) var cells = CellRegistry()
    public internal(set) var shifts = ShiftBook()
    public internal(set) var patrols = PatrolBook()
    public internal(set) var persons: PersonRegister {
        get { lazyPersons.value }
        _modify { yield &lazyPersons.value }
    }
    public internal(set) var disputes: DisputeBook {
        get { lazyDisputes.value }
        _modify { yield &lazyDisputes.value }
    }
    public internal(set) var incidents: IncidentBook {
        get { lazyIncidents.value }
        _modify { yield &lazyIncidents.value }
    }
    /// 反诈预警: anti-fraud warnings and their dissuasions.
    public internal(set) var fraud: FraudBook {
        get { lazyFraud.value }
        _modify { yield &lazyFraud.value }
    }
    /// Every look at a whole ID number.
    public internal(set) var reveals: RevealLog {
        get { lazyReveals.value }
        _modify { yield &lazyReveals.value }
    }
    // Decoded from a loaded checkpoint on first use (LazySection.swift).
    var lazyPersons = Lazy(PersonRegister())
    var lazyDisputes = Lazy(DisputeBook())
    var lazyIncidents = Lazy(IncidentBook())
    var lazyFraud = Lazy(FraudBook())
    var lazyReveals = Lazy(RevealLog())
    var lazyVoided = Lazy<Set<UUID>>([])
    /// PINs, failed sign-ins, access records, and who wrote each event.
    public internal(set) var access = AccessBook()
    /// Event id → what it created or changed (for amend and void).
    public internal(set) var targets = EventIndex()
    /// Event id → its type name (for messages and the rules of corrections); kept in `targets`' table.
    public var eventTypes: EventTypeView { EventTypeView(index: targets) }
    /// Events struck out by `EntryVoided`.
    public internal(set) var voided: Set<UUID> {
        get { lazyVoided.value }
        _modify { yield &lazyVoided.value }
    }
    /// Sequence number of the last record folded in.
    public internal(set) var lastSeq: UInt64 = 0
    /// True when parts of the state are still in a checkpoint, decoded on first use.
    public internal(set) var loadedLazily: Bool {
        get { loadMark.lazily }
        set { loadMark.lazily = newValue }
    }
    /// How the state was loaded: not part of what it says, so not part of its equality.
    private var loadMark = LoadMark()
    private struct LoadMark: Sendable, Equatable {
        var lazily = false
        /// The checkpoint bytes the state was loaded from, if any.
        var source: CheckpointBytes?
        static func == (_: LoadMark, _: LoadMark) -> Bool { true }
    }
    /// The checkpoint bytes this state was loaded from (set by the checkpoint decoder).
    var loadedFrom: CheckpointBytes? {
        get { loadMark.source }
        set { loadMark.source = newValue }
    }
    /// True when a part of the checkpoint this state was loaded from did not decode (and was
    /// taken from a replay): the state must not be saved as a checkpoint.
    public var checkpointDiscarded: Bool { loadMark.source?.discarded ?? false }
    /// Records of types this build does not know (skipped).
    public internal(set) var unknownRecords = 0

    public init(policy: Policy = .standard) { self.policy = policy }

    /// Folds one event in. Total over every event type; no side effects.
    public mutating func apply(_ event: DomainEvent, _ envelope: Envelope) {
        lastSeq = max(lastSeq, envelope.seq)
        targets.setType(event.type, for: envelope.id)
        noteAuthor(envelope)
        let at = envelope.at
        let id = envelope.id
        // An entry its author could not have written grants nothing (it stays on record, listed by verify).
        if let action = Roles.replayRefusal(event, by: envelope.by, state: self) {
            access.unauthorized.append(UnauthorizedEntry(seq: envelope.seq, event: id, type: event.type, by: envelope.by,
                                                         action: action))
            return
        }
        switch event {
        case .officerEnrolled(let e):
            officers.add(Officer(badge: e.badge, name: e.name, role: e.role, enrolledAt: at, event: id))
            targets[id] = .officer(e.badge)
        case .cellAdded(let e):
            cells.add(Cell(code: e.code, name: e.name, community: e.community, kind: e.kind, windowHours: e.windowHours,
                           x: e.x, y: e.y, keySite: e.keySite, addedAt: at, event: id))
            targets[id] = .cell(e.code)
        case .shiftOpened(let e):
            shifts.add(Shift(id: e.shift, duty: e.duty, team: e.team, template: e.template, leadPolice: e.leadPolice,
                             openedAt: at, event: id))
            targets[id] = .shift(e.shift)
        case .shiftHandedOver(let e):
            shifts.update(e.shift) {
                $0.handover = Handover(from: e.from, to: e.to, notes: e.notes, carried: e.carried, at: at, event: id)
            }
            targets[id] = .handover(e.shift)
        case .shiftAcknowledged(let e):
            shifts.update(e.shift) { $0.acknowledgement = Acknowledgement(by: e.by, objections: e.objections, at: at, event: id) }
            targets[id] = .acknowledgement(e.shift)
        case .patrolStarted(let e):
            patrols.add(Patrol(id: e.patrol, mode: e.mode, dress: e.dress, lead: e.lead, members: e.members,
                               plannedCells: e.cells, shift: e.shift, startedAt: at, event: id))
            targets[id] = .patrol(e.patrol)
        case .patrolCheckedIn(let e):
            let i = patrols.checkIns.count
            patrols.checkIns.append(CheckIn(patrol: e.patrol, cell: e.cell, note: e.note, at: at, event: id))
            patrols.track(i)
            patrols.update(e.patrol) { $0.checkIns.append(i) }
            targets[id] = .checkIn(i)
        case .hazardFound(let e):
            let i = patrols.hazards.count
            patrols.hazards.append(Hazard(patrol: e.patrol, cell: e.cell, category: e.category, note: e.note, at: at, event: id,
                                          id: e.hazard ?? ShortID.make("H", i + 1)))
            if let patrol = e.patrol { patrols.update(patrol) { $0.hazards.append(i) } }
            targets[id] = .hazard(i)
        case .hazardCleared(let e):
            applyHazardCleared(e, envelope)
        case .stopCheckConducted(let e):
            let i = patrols.stopChecks.count
            patrols.stopChecks.append(StopCheck(patrol: e.patrol, cell: e.cell, subject: e.subject, outcome: e.outcome,
                                                note: e.note, at: at, event: id))
            patrols.update(e.patrol) { $0.stopChecks.append(i) }
            targets[id] = .stopCheck(i)
        case .patrolEnded(let e):
            patrols.update(e.patrol) { $0.endedAt = at; $0.summary = e.summary; $0.endEvent = id }
            targets[id] = .patrolEnd(e.patrol)
        case .personListed(let e):
            persons.add(KeyPerson(id: e.person, name: e.name, idNumber: e.idNumber, listedCategory: e.category,
                                  listedResidency: e.residency, cell: e.cell, officer: e.officer,
                                  intervalDays: e.intervalDays, listedAt: at, event: id))
            targets[id] = .person(e.person)
        case .personStatusChanged(let e):
            var position = 0
            persons.update(e.person) {
                position = $0.changes.count
                $0.changes.append(StatusChange(residency: e.residency, category: e.category, note: e.note, at: at, event: id))
            }
            targets[id] = .statusChange(e.person, position)
        case .personDelisted(let e):
            persons.update(e.person) { $0.delistedAt = at; $0.delistReason = e.reason; $0.delistEvent = id }
            targets[id] = .delisting(e.person)
        case .visitRecorded(let e):
            let i = persons.visits.count
            persons.visits.append(Visit(person: e.person, method: e.method, officer: e.officer,
                                        participants: e.participants, findings: e.findings, observed: e.observed,
                                        at: at, event: id))
            persons.attach(i)
            targets[id] = .visit(i)
        case .disputeOpened(let e):
            disputes.add(Dispute(id: e.dispute, category: e.category, parties: e.parties, source: e.source, cell: e.cell,
                                 summary: e.summary, risk: e.risk, openedAt: at, event: id))
            targets[id] = .dispute(e.dispute)
        case .mediationHeld(let e):
            var position = 0
            disputes.update(e.dispute) {
                position = $0.mediations.count
                $0.mediations.append(Mediation(kind: e.kind, mediators: e.mediators, notes: e.notes, result: e.result,
                                               at: at, event: id))
            }
            targets[id] = .mediation(e.dispute, position)
        case .disputeResolved(let e):
            disputes.update(e.dispute) {
                $0.conclusion = DisputeConclusion(kind: .resolved, text: e.agreement, at: at, event: id)
            }
            targets[id] = .conclusion(e.dispute)
        case .disputeReferred(let e):
            disputes.update(e.dispute) {
                $0.conclusion = DisputeConclusion(kind: .referred, text: e.notes, referredTo: e.to, at: at, event: id)
            }
            targets[id] = .conclusion(e.dispute)
        case .disputeClosed(let e):
            disputes.update(e.dispute) {
                $0.conclusion = DisputeConclusion(kind: .closed, text: e.reason, at: at, event: id)
            }
            targets[id] = .conclusion(e.dispute)
        case .disputeFollowedUp(let e):
            var position = 0
            disputes.update(e.dispute) {
                position = $0.followUps.count
                $0.followUps.append(FollowUp(note: e.note, at: at, event: id))
            }
            targets[id] = .followUp(e.dispute, position)
        case .incidentLogged(let e):
            incidents.add(Incident(id: e.incident, cell: e.cell, kind: e.kind, summary: e.summary, source: e.source,
                                   at: at, event: id, loggedPerson: e.person, loggedDispute: e.dispute))
            targets[id] = .incident(e.incident)
        case .incidentClosed(let e):
            incidents.update(e.incident) {
                $0.closedAt = at; $0.disposition = e.disposition; $0.closeNote = e.note; $0.closeEvent = id
            }
            targets[id] = .incidentClose(e.incident)
        case .incidentLinked(let e):
            applyIncidentLink(e, envelope)
        case .fraudWarningReceived, .fraudDissuasionRecorded:
            applyFraud(event, envelope)
        case .idNumberRevealed(let e):
            applyReveal(e, envelope)
        case .pinSet, .pinChanged, .pinReset, .signInFailed, .accessRecorded:
            applyAccess(event, envelope)
        case .entryAmended(let e):
            targets[id] = .correction
            if let target = targets[e.event], holds(target), !voided.contains(e.event) { amend(target, e.changes) }
        case .entryVoided(let e):
            targets[id] = .correction
            if let target = targets[e.event], holds(target), !voided.contains(e.event) {
                voided.insert(e.event)
                void(target)
            }
        }
    }

    /// Counts a record of a type this build does not know (or the journal header).
    mutating func skip(_ seq: UInt64) {
        lastSeq = max(lastSeq, seq)
        unknownRecords += 1
    }
}

extension OfficeState {
    /// `王建国(031245)` for messages; the badge alone when it is not on the roster.
    public func officerLabel(_ badge: String) -> String {
        officers.officer(badge).map { "\($0.name)(\(badge))" } ?? badge
    }
}

/// Event id → type name, read through the event index (`state.eventTypes[id]`).
public struct EventTypeView: Sendable, Equatable {
    let index: EventIndex

    public static func == (lhs: EventTypeView, rhs: EventTypeView) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return lhs.index.ids.allSatisfy { rhs[$0.uuid] == lhs[$0.uuid] }
    }

    public subscript(id: UUID) -> String? { index.type(of: id) }
    /// Events with a recorded type.
    public var count: Int { index.typeCount }
    public var isEmpty: Bool { index.typeCount == 0 }
}
