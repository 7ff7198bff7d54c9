import Foundation
import JingwuJournal

// The office's state: one projection per concern, each a pure fold over events.
// Applying one event is O(1) amortised (dictionary look-ups and appends); the
// queries in Queries.swift scan what they report on.
//
// Every stored item remembers the id of the event that created it, and
// `OfficeState.targets` maps event ids to items, so EntryVoided and EntryAmended
// find what they correct in O(1).

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
