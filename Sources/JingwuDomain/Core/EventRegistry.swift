import Foundation
import JingwuJournal

/// Every event of the office, wrapped for the folds.
public enum DomainEvent: Sendable, Equatable {
    case officerEnrolled(OfficerEnrolled)
    case cellAdded(CellAdded)
    case shiftOpened(ShiftOpened)
    case shiftHandedOver(ShiftHandedOver)
    case shiftAcknowledged(ShiftAcknowledged)
    case handoverObjectionAddressed(HandoverObjectionAddressed)
    case patrolStarted(PatrolStarted)
    case patrolCheckedIn(PatrolCheckedIn)
    case hazardFound(HazardFound)
    case hazardCleared(HazardCleared)
    case stopCheckConducted(StopCheckConducted)
    case patrolEnded(PatrolEnded)
    case personListed(PersonListed)
    case personStatusChanged(PersonStatusChanged)
    case personDelisted(PersonDelisted)
    case visitRecorded(VisitRecorded)
    case disputeOpened(DisputeOpened)
    case mediationHeld(MediationHeld)
    case disputeResolved(DisputeResolved)
    case disputeReferred(DisputeReferred)
    case disputeClosed(DisputeClosed)
    case disputeFollowedUp(DisputeFollowedUp)
    case incidentLogged(IncidentLogged)
    case incidentClosed(IncidentClosed)
    case incidentLinked(IncidentLinked)
    case fraudWarningReceived(FraudWarningReceived)
    case fraudDissuasionRecorded(FraudDissuasionRecorded)
    case idNumberRevealed(IDNumberRevealed)
    case pinSet(PinSet), pinChanged(PinChanged), pinReset(PinReset), signInFailed(SignInFailed)
    case accessRecorded(AccessRecorded)
    case entryAmended(EntryAmended)
    case entryVoided(EntryVoided)
    case disputeScreeningDone(DisputeScreeningDone)
    case receptionDayHeld(ReceptionDayHeld)
    case rectificationNoticeIssued(RectificationNoticeIssued)
    case rectificationCompleted(RectificationCompleted)
    case incidentArrived(IncidentArrived)
    case antiFraudOutreachHeld(AntiFraudOutreachHeld)
    case householdLeaderPointsAwarded(HouseholdLeaderPointsAwarded)
    case householdLeaderSubsidySettled(HouseholdLeaderSubsidySettled)
    case volunteerTeamFormed(VolunteerTeamFormed)
    case volunteerTaskIssued(VolunteerTaskIssued)
    case volunteerTaskClosed(VolunteerTaskClosed)
    case tipReceived(TipReceived)
    case tipLinked(TipLinked)
    case personControlSet(PersonControlSet)
    case gridAdded(GridAdded), buildingAdded(BuildingAdded), householdAdded(HouseholdAdded)
    case residentRegistered(ResidentRegistered), rentalRegistered(RentalRegistered), rentalInspected(RentalInspected)
    case householdLeaderAssigned(HouseholdLeaderAssigned)

    /// The payload inside.
    public var payload: any EventPayload {
        switch self {
        case .officerEnrolled(let p): p
        case .cellAdded(let p): p
        case .shiftOpened(let p): p
        case .shiftHandedOver(let p): p
        case .shiftAcknowledged(let p): p
        case .handoverObjectionAddressed(let p): p
        case .patrolStarted(let p): p
        case .patrolCheckedIn(let p): p
        case .hazardFound(let p): p
        case .hazardCleared(let p): p
        case .stopCheckConducted(let p): p
        case .patrolEnded(let p): p
        case .personListed(let p): p
        case .personStatusChanged(let p): p
        case .personDelisted(let p): p
        case .visitRecorded(let p): p
        case .disputeOpened(let p): p
        case .mediationHeld(let p): p
        case .disputeResolved(let p): p
        case .disputeReferred(let p): p
        case .disputeClosed(let p): p
        case .disputeFollowedUp(let p): p
        case .incidentLogged(let p): p
        case .incidentClosed(let p): p
        case .incidentLinked(let p): p
        case .fraudWarningReceived(let p): p
        case .fraudDissuasionRecorded(let p): p
        case .idNumberRevealed(let p): p
        case .pinSet(let p): p
        case .pinChanged(let p): p
        case .pinReset(let p): p
        case .signInFailed(let p): p
        case .accessRecorded(let p): p
        case .entryAmended(let p): p
        case .entryVoided(let p): p
        case .disputeScreeningDone(let p): p
        case .receptionDayHeld(let p): p
        case .rectificationNoticeIssued(let p): p
        case .rectificationCompleted(let p): p
        case .incidentArrived(let p): p
        case .antiFraudOutreachHeld(let p): p
        case .householdLeaderPointsAwarded(let p): p
        case .householdLeaderSubsidySettled(let p): p
        case .volunteerTeamFormed(let p): p
        case .volunteerTaskIssued(let p): p
        case .volunteerTaskClosed(let p): p
        case .tipReceived(let p): p
        case .tipLinked(let p): p
        case .personControlSet(let p): p
        case .gridAdded(let p): p
        case .buildingAdded(let p): p
        case .householdAdded(let p): p
        case .residentRegistered(let p): p
        case .rentalRegistered(let p): p
        case .rentalInspected(let p): p
        case .householdLeaderAssigned(let p): p
        }
    }

    /// The stable type name (`PatrolStarted`): the payload type's own, read without wrapping the
    /// payload in an existential (the fold asks it of every record).
    public var type: String {
        switch self {
        case .officerEnrolled: OfficerEnrolled.type
        case .cellAdded: CellAdded.type
        case .shiftOpened: ShiftOpened.type
        case .shiftHandedOver: ShiftHandedOver.type
        case .shiftAcknowledged: ShiftAcknowledged.type
        case .handoverObjectionAddressed: HandoverObjectionAddressed.type
        case .patrolStarted: PatrolStarted.type
        case .patrolCheckedIn: PatrolCheckedIn.type
        case .hazardFound: HazardFound.type
        case .hazardCleared: HazardCleared.type
        case .stopCheckConducted: StopCheckConducted.type
        case .patrolEnded: PatrolEnded.type
        case .personListed: PersonListed.type
        case .personStatusChanged: PersonStatusChanged.type
        case .personDelisted: PersonDelisted.type
        case .visitRecorded: VisitRecorded.type
        case .disputeOpened: DisputeOpened.type
        case .mediationHeld: MediationHeld.type
        case .disputeResolved: DisputeResolved.type
        case .disputeReferred: DisputeReferred.type
        case .disputeClosed: DisputeClosed.type
        case .disputeFollowedUp: DisputeFollowedUp.type
        case .incidentLogged: IncidentLogged.type
        case .incidentClosed: IncidentClosed.type
        case .incidentLinked: IncidentLinked.type
        case .fraudWarningReceived: FraudWarningReceived.type
        case .fraudDissuasionRecorded: FraudDissuasionRecorded.type
        case .idNumberRevealed: IDNumberRevealed.type
        case .pinSet: PinSet.type
        case .pinChanged: PinChanged.type
        case .pinReset: PinReset.type
        case .signInFailed: SignInFailed.type
        case .accessRecorded: AccessRecorded.type
        case .entryAmended: EntryAmended.type
        case .entryVoided: EntryVoided.type
        case .disputeScreeningDone: DisputeScreeningDone.type
        case .receptionDayHeld: ReceptionDayHeld.type
        case .rectificationNoticeIssued: RectificationNoticeIssued.type
        case .rectificationCompleted: RectificationCompleted.type
        case .incidentArrived: IncidentArrived.type
        case .antiFraudOutreachHeld: AntiFraudOutreachHeld.type
        case .householdLeaderPointsAwarded: HouseholdLeaderPointsAwarded.type
        case .householdLeaderSubsidySettled: HouseholdLeaderSubsidySettled.type
        case .volunteerTeamFormed: VolunteerTeamFormed.type
        case .volunteerTaskIssued: VolunteerTaskIssued.type
        case .volunteerTaskClosed: VolunteerTaskClosed.type
        case .tipReceived: TipReceived.type
        case .tipLinked: TipLinked.type
        case .personControlSet: PersonControlSet.type
        case .gridAdded: GridAdded.type
        case .buildingAdded: BuildingAdded.type
        case .householdAdded: HouseholdAdded.type
        case .residentRegistered: ResidentRegistered.type
        case .rentalRegistered: RentalRegistered.type
        case .rentalInspected: RentalInspected.type
        case .householdLeaderAssigned: HouseholdLeaderAssigned.type
        }
    }

}

/// The envelope of an event, from its journal record.
public struct Envelope: Sendable, Equatable {
    public var id: UUID
    public var seq: UInt64
    /// When it happened (may be back-dated).
    public var at: Date
    /// When it was written.
    public var recorded: Date
    /// Badge of the operator who wrote it.
    public var by: String

    public init(id: UUID, seq: UInt64, at: Date, recorded: Date, by: String) {
        self.id = id; self.seq = seq; self.at = at; self.recorded = recorded; self.by = by
    }

    public init(_ record: borrowing JournalRecord) {
        self.init(id: record.id, seq: record.seq, at: record.at, recorded: record.recorded, by: record.by)
    }
}

/// Type name → decoder for every event type; encodes payloads into drafts.
public enum EventRegistry {
    /// One registered event type.
    public struct Entry: Sendable {
        public let type: String
        /// The newest version this build writes and reads.
        public let version: Int
        /// What `event amend` may change (the payload's declaration).
        public let amendable: [AmendableField]
        /// What voiding it undoes (the payload's declaration).
        let voiding: Voiding
        /// The specialised reader of this type's data (`FastDecode`), if it has one.
        let fast: FastDecode.Builder?
        let decode: @Sendable (_ version: Int, _ data: Data, _ decoder: JSONDecoder) throws -> DomainEvent
    }

    static func entry<P: EventPayload>(_ payload: P.Type) -> Entry {
        Entry(type: P.type, version: P.version, amendable: P.amendable, voiding: P.voiding,
              fast: FastDecode.builder(for: P.type)) { version, data, decoder in
            // Every version up to the current one decodes through the same type:
            // later versions only add optional fields (or give defaults).
            guard version >= 1, version <= P.version else {
                throw DomainError(.newerEventVersion, field: P.type, value: String(version), ["known": String(P.version)])
            }
            return try decoder.decode(P.self, from: data).asEvent
        }
    }

    /// Every event type, in the order of DESIGN.md's command line.
    public static let entries: [Entry] = [
        entry(OfficerEnrolled.self), entry(CellAdded.self),
        entry(ShiftOpened.self), entry(ShiftHandedOver.self), entry(ShiftAcknowledged.self),
        entry(PatrolStarted.self), entry(PatrolCheckedIn.self), entry(HazardFound.self),
        entry(StopCheckConducted.self), entry(PatrolEnded.self),
        entry(PersonListed.self), entry(PersonStatusChanged.self), entry(PersonDelisted.self),
        entry(VisitRecorded.self),
        entry(DisputeOpened.self), entry(MediationHeld.self), entry(DisputeResolved.self),
        entry(DisputeReferred.self), entry(DisputeClosed.self), entry(DisputeFollowedUp.self),
        entry(IncidentLogged.self), entry(IncidentClosed.self), entry(IncidentLinked.self),
        entry(FraudWarningReceived.self), entry(FraudDissuasionRecorded.self), entry(IDNumberRevealed.self),
        entry(PinSet.self), entry(PinChanged.self), entry(PinReset.self), entry(SignInFailed.self),
        entry(AccessRecorded.self), entry(HazardCleared.self), entry(HandoverObjectionAddressed.self),
        entry(EntryAmended.self), entry(EntryVoided.self),
        entry(DisputeScreeningDone.self), entry(ReceptionDayHeld.self), entry(RectificationNoticeIssued.self),
        entry(RectificationCompleted.self),
        entry(IncidentArrived.self), entry(AntiFraudOutreachHeld.self),
        entry(HouseholdLeaderPointsAwarded.self), entry(HouseholdLeaderSubsidySettled.self),
        entry(VolunteerTeamFormed.self), entry(VolunteerTaskIssued.self), entry(VolunteerTaskClosed.self),
        entry(TipReceived.self), entry(TipLinked.self), entry(PersonControlSet.self),
        entry(GridAdded.self), entry(BuildingAdded.self), entry(HouseholdAdded.self), entry(ResidentRegistered.self),
        entry(RentalRegistered.self), entry(RentalInspected.self), entry(HouseholdLeaderAssigned.self),
    ]

    static let byType: [String: Entry] = Dictionary(uniqueKeysWithValues: entries.map { ($0.type, $0) })

    /// Every registered type name.
    public static var types: [String] { entries.map(\.type) }

    /// True when this build knows the type.
    public static func knows(_ type: String) -> Bool { byType[type] != nil }

    /// Decodes a payload; nil when the type is not a domain event (the journal
    /// header, or a type from a newer build), throws when a known type's data is bad.
    public static func decode(type: String, version: Int, data: Data, decoder: JSONDecoder) throws -> DomainEvent? {
        guard let entry = byType[type] else { return nil }
        return try decode(entry: entry, type: type, version: version, data: data, decoder: decoder)
    }

    private static func decode(entry: Entry, type: String, version: Int, data: Data, decoder: JSONDecoder) throws -> DomainEvent? {
        // Our own records, read by the specialised reader; anything it does not expect goes to Foundation.
        if version >= 1, version <= entry.version, let fast = entry.fast, let event = FastDecode.decode(data, with: fast) {
            return event
        }
        do {
            return try entry.decode(version, data, decoder)
        } catch let error as DomainError {
            throw error
        } catch {
            throw DomainError(.unreadableEvent, field: type, value: String(describing: error))
        }
    }

    /// Decodes a record's payload (see `decode(type:version:data:decoder:)`).
    public static func decode(_ record: borrowing JournalRecord, decoder: JSONDecoder = JSONDecoder()) throws -> DomainEvent? {
        try decode(type: record.type, version: record.version, data: record.data, decoder: decoder)
    }

    /// The registry's entry for the type last asked about, kept by a caller that decodes many
    /// records in a row (runs of one type are the rule): the type's name is compared, not hashed.
    struct Lookup {
        private var type: String?
        private var entry: Entry?

        mutating func entry(_ name: String) -> Entry? {
            if let type, type == name { return entry }
            type = name
            entry = EventRegistry.byType[name]
            return entry
        }
    }

    /// As `decode(_:decoder:)`, finding the type's entry through `lookup`; the same result.
    static func decode(_ record: borrowing JournalRecord, decoder: JSONDecoder, lookup: inout Lookup) throws -> DomainEvent? {
        guard let entry = lookup.entry(record.type) else { return nil }
        return try decode(entry: entry, type: record.type, version: record.version, data: record.data, decoder: decoder)
    }

    /// The payload's `data`: compact JSON, keys sorted.
    public static func encode(_ payload: some EventPayload, backdateReason: String? = nil,
                              encoder: JSONEncoder = makeEncoder()) throws -> Data {
        if let backdateReason {
            return try encoder.encode(Backdated(payload: payload, backdateReason: backdateReason))
        }
        return try encoder.encode(payload)
    }

    /// The encoder for payloads: compact, keys sorted, slashes as they are.
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// A draft for the journal carrying `payload`.
    public static func draft(_ payload: some EventPayload, id: UUID = EventID.make(), at: Date, by: String,
                             backdateReason: String? = nil, encoder: JSONEncoder = makeEncoder()) throws -> EventDraft {
        EventDraft(id: id, type: Swift.type(of: payload).type, version: Swift.type(of: payload).version, at: at, by: by,
                   data: try encode(payload, backdateReason: backdateReason, encoder: encoder))
    }

    /// The reason given when the event was back-dated (`--at` with a reason), if any.
    public static func backdateReason(of record: JournalRecord) -> String? {
        struct Probe: Decodable { var backdateReason: String? }
        return (try? JSONDecoder().decode(Probe.self, from: record.data))?.backdateReason
    }

    /// Adds `backdateReason` beside the payload's own keys.
    struct Backdated<P: Encodable>: Encodable {
        var payload: P
        var backdateReason: String
        enum Key: String, CodingKey { case backdateReason }
        func encode(to encoder: Encoder) throws {
            try payload.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(backdateReason, forKey: .backdateReason)
        }
    }
}
