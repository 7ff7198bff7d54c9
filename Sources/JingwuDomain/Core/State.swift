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
    /// Reception days (接访日) and rectification notices (整改通知书), issue 20.
    public internal(set) var casework: CaseworkBook {
        get { lazyCasework.value }
        _modify { yield &lazyCasework.value }
    }
    // Decoded from a loaded checkpoint on first use (LazySection.swift).
    var lazyPersons = Lazy(PersonRegister())
    var lazyDisputes = Lazy(DisputeBook())
    var lazyIncidents = Lazy(IncidentBook())
    var lazyFraud = Lazy(FraudBook())
    var lazyReveals = Lazy(RevealLog())
    var lazyVoided = Lazy<Set<UUID>>([])
    var lazyCasework = Lazy(CaseworkBook())
    /// 群防群治: 联户长 points and settled months, 义警 and patrol teams and their tasks, tips (issue 19).
    public internal(set) var community: CommunityBook {
        get { lazyCommunity.value }
        _modify { yield &lazyCommunity.value }
    }
    var lazyCommunity = Lazy(CommunityBook())
    /// 网格 and 实有人口: grids, buildings, households, residents, rentals, 联户长 (Population/).
    public internal(set) var population: PopulationBook {
        get { lazyPopulation.value }
        _modify { yield &lazyPopulation.value }
    }
    var lazyPopulation = Lazy(PopulationBook())
    /// PINs, failed sign-ins, access records, and who wrote each event.
    public internal(set) var access = AccessBook()
    /// 反诈宣传: anti-fraud outreach sessions (issue 20).
    public internal(set) var outreach = OutreachBook()
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
    /// True when patrols and trails were left in the checkpoint too, each decoded when read.
    var partsLoadedLazily: Bool {
        get { loadMark.partsLazily }
        set { loadMark.partsLazily = newValue }
    }
    /// How the state was loaded: not part of what it says, so not part of its equality.
    private var loadMark = LoadMark()
    private struct LoadMark: Sendable, Equatable {
        var lazily = false
        var partsLazily = false
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
        let id = envelope.id
        // An entry its author could not have written grants nothing (it stays on record, listed by verify).
        if let action = Roles.replayRefusal(event, by: envelope.by, state: self) {
            access.unauthorized.append(UnauthorizedEntry(seq: envelope.seq, event: id, type: event.type, by: envelope.by,
                                                         action: action))
            return
        }
        // One case per event type: each calls its feature's fold (the folder that owns the payload).
        switch event {
        case .officerEnrolled(let e): fold(e, envelope)
        case .cellAdded(let e): fold(e, envelope)
        case .shiftOpened(let e): fold(e, envelope)
        case .shiftHandedOver(let e): fold(e, envelope)
        case .shiftAcknowledged(let e): fold(e, envelope)
        case .handoverObjectionAddressed(let e): fold(e, envelope)
        case .patrolStarted(let e): fold(e, envelope)
        case .patrolCheckedIn(let e): fold(e, envelope)
        case .hazardFound(let e): fold(e, envelope)
        case .hazardCleared(let e): fold(e, envelope)
        case .stopCheckConducted(let e): fold(e, envelope)
        case .patrolEnded(let e): fold(e, envelope)
        case .personListed(let e): fold(e, envelope)
        case .personStatusChanged(let e): fold(e, envelope)
        case .personDelisted(let e): fold(e, envelope)
        case .visitRecorded(let e): fold(e, envelope)
        case .disputeOpened(let e): fold(e, envelope)
        case .mediationHeld(let e): fold(e, envelope)
        case .disputeResolved(let e): fold(e, envelope)
        case .disputeReferred(let e): fold(e, envelope)
        case .disputeClosed(let e): fold(e, envelope)
        case .disputeFollowedUp(let e): fold(e, envelope)
        case .incidentLogged(let e): fold(e, envelope)
        case .incidentClosed(let e): fold(e, envelope)
        case .incidentLinked(let e): fold(e, envelope)
        case .fraudWarningReceived(let e): fold(e, envelope)
        case .fraudDissuasionRecorded(let e): fold(e, envelope)
        case .idNumberRevealed(let e): fold(e, envelope)
        case .pinSet(let e): fold(e, envelope)
        case .pinChanged(let e): fold(e, envelope)
        case .pinReset(let e): fold(e, envelope)
        case .signInFailed(let e): fold(e, envelope)
        case .accessRecorded(let e): fold(e, envelope)
        case .entryAmended(let e): fold(e, envelope)
        case .entryVoided(let e): fold(e, envelope)
        case .disputeScreeningDone(let e): fold(e, envelope)
        case .receptionDayHeld(let e): fold(e, envelope)
        case .rectificationNoticeIssued(let e): fold(e, envelope)
        case .rectificationCompleted(let e): fold(e, envelope)
        case .incidentArrived(let e): fold(e, envelope)
        case .antiFraudOutreachHeld(let e): fold(e, envelope)
        case .householdLeaderPointsAwarded(let e): fold(e, envelope)
        case .householdLeaderSubsidySettled(let e): fold(e, envelope)
        case .volunteerTeamFormed(let e): fold(e, envelope)
        case .volunteerTaskIssued(let e): fold(e, envelope)
        case .volunteerTaskClosed(let e): fold(e, envelope)
        case .tipReceived(let e): fold(e, envelope)
        case .tipLinked(let e): fold(e, envelope)
        case .personControlSet(let e): fold(e, envelope)
        case .gridAdded(let e): fold(e, envelope)
        case .buildingAdded(let e): fold(e, envelope)
        case .householdAdded(let e): fold(e, envelope)
        case .residentRegistered(let e): fold(e, envelope)
        case .rentalRegistered(let e): fold(e, envelope)
        case .rentalInspected(let e): fold(e, envelope)
        case .householdLeaderAssigned(let e): fold(e, envelope)
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
