import Foundation
import JingwuJournal
import JingwuResources

/// What a write produced.
public struct WriteResult: Sendable {
    /// The records written, in order (already on disk).
    public var records: [JournalRecord]
    /// The new entity's short id (`P0007`), if the command created or named one.
    public var entityID: String?
    /// The first written record (the command's main event).
    public var record: JournalRecord? { records.first }
}

/// The office: a journal and the state folded from it. Screens and the CLI
/// read `state`; every write goes through `execute`.
///
/// ```swift
/// let office = try Office(journal: journal, clock: clock)
/// let result = try office.execute(StartPatrol(mode: .foot, lead: "031245"), as: "031245")
/// print(result.entityID!)   // P0001
/// ```
public final class Office {
    public let journal: Journal
    public let clock: JournalClock
    public private(set) var state: OfficeState
    /// Event ids for new events (time-ordered, `EventID`); tests set a deterministic one.
    public var makeEventID: () -> UUID = { EventID.make() }
    private let decoder = JSONDecoder()
    private let encoder = EventRegistry.makeEncoder()
    /// Where this office's checkpoint lives (set by `open`); nil for none.
    public internal(set) var checkpointPath: String?
    /// The installation key that authenticates this office's checkpoints (set by `open`);
    /// without one, no checkpoint is read or written.
    public internal(set) var checkpointKey: CheckpointKey?
    /// What opening did with the checkpoint.
    public internal(set) var checkpointUse: CheckpointUse = .notAsked
    /// Sequence number of the last checkpoint this office wrote or loaded.
    public internal(set) var checkpointSeq: UInt64?
    /// When set (and the office has a checkpoint path), writes and refreshes save a
    /// checkpoint once this many records were folded since the last one. A failed
    /// save is ignored: the checkpoint is only a cache.
    public var autoCheckpointEvery: UInt64?
    /// With `autoCheckpointEvery`, encode and write those checkpoints on a background
    /// queue from a copy of the state (the console: at station scale a save takes
    /// about half a second, which the officer should not feel). A synchronous
    /// `saveCheckpoint` waits for one in flight.
    public var autoCheckpointInBackground = false
    let checkpointSaver = CheckpointSaver()
    /// Operators who signed in with their PIN in this process (`signIn`, Access.swift).
    public internal(set) var signedIn: Set<String> = []
    /// A PIN derivation `open` started from the checkpoint (`PinAhead`), for `signIn` to use.
    public internal(set) var pinAhead: PinAhead?
    /// `recorded` of the last record this office has seen, and its seq: a write whose clock
    /// is behind it by more than `clockPolicy` allows is refused.
    public private(set) var lastRecorded: (seq: UInt64, at: Date)?
    /// The writing clock's rules (`Resources/policy/clock.json`).
    public var clockPolicy = ClockPolicy.load()
    /// Set when something outside the journal's own open found it damaged (the console's
    /// background verify of a prefix a checkpoint vouched for): every write is then refused.
    public private(set) var damageFound: (seq: UInt64, line: Int)?

    /// Opens the office by replaying the whole journal.
    public init(journal: Journal, clock: JournalClock, policy: Policy = .load()) throws {
        self.journal = journal
        self.clock = clock
        self.state = OfficeState(policy: policy)
        try journal.replayAll { try fold($0) }
    }

    /// Marks the journal damaged at `seq` (found by a full verify after a checkpoint's trusted
    /// open): from now on this office refuses every write, as a journal opened damaged does.
    public func markDamaged(seq: UInt64, line: Int) {
        if damageFound == nil { damageFound = (seq, line) }
    }

    /// True when the operator pinned the clock (`--now`) and this journal is a real office's:
    /// reads go on, every write is refused.
    public var pinnedClockRefusesWrites: Bool { clock.isPinned && !journal.header.isForTests }

    /// Opens the office from a saved state (a checkpoint at `state.lastSeq`) and replays the rest.
    public convenience init(journal: Journal, clock: JournalClock, state: OfficeState) throws {
        // From record N itself (not folded again), so its `recorded` counts for the clock rule
        // even when nothing follows it.
        let seq = state.lastSeq
        try self.init(journal: journal, clock: clock, state: state, replayFrom: seq) { $0.seq > seq }
    }

    /// Opens from `state`, replaying from `seq`; `admit` sees each record first and says whether to fold it.
    init(journal: Journal, clock: JournalClock, state: consuming OfficeState, replayFrom seq: UInt64,
         admit: (JournalRecord) throws -> Bool) throws {
        self.journal = journal
        self.clock = clock
        // Moved, not copied: a second reference alive during the replay would make the first
        // record folded copy every array it touches (the whole patrol list at station scale).
        self.state = consume state
        try journal.replay(from: seq) {
            // Record N (the checkpoint's) is not folded again, but its `recorded` is the last one seen.
            if try admit($0) { try fold($0) } else { noteRecorded($0) }
        }
    }

    /// Folds in what other processes appended since this one last looked.
    @discardableResult
    public func refresh() throws -> [JournalRecord] {
        let records = try foldNewcomers()
        if !records.isEmpty { autoCheckpoint() }
        return records
    }

    /// Folds in other processes' records, without the automatic checkpoint.
    func foldNewcomers() throws -> [JournalRecord] {
        let records = try journal.refresh()
        for record in records { try fold(record) }
        return records
    }

    private func autoCheckpoint() {
        guard let every = autoCheckpointEvery, damageFound == nil else { return }
        if autoCheckpointInBackground {
            saveCheckpointInBackgroundIfDue(every: every)
        } else {
            _ = try? saveCheckpointIfDue(every: every)
        }
    }

    /// Validates `command` against the current truth and writes its events, or
    /// throws (a `DomainError` for bad input) having written nothing.
    ///
    /// - Parameters:
    ///   - operatorBadge: who writes (`--as`); must be an enrolled officer once any is.
    ///   - at: when it happened, if not now (`--at`); more than a few minutes back needs `reason`.
    @discardableResult
    public func execute(_ command: some OfficeCommand, as operatorBadge: String?, at: Date? = nil,
                        reason: String? = nil) throws -> WriteResult {
        var entityID: String?
        try checkWritable()
        let written = try journal.append { newcomers in
            for record in newcomers { try fold(record) }
            let now = clock.now()
            try checkClock(now)
            var context = WriteContext(now: now, operatorBadge: operatorBadge, at: at, reason: reason)
            let (by, backdateReason) = try checkEnvelope(context)
            // Commands see the roster's own badge (f101 typed is F101).
            context.operatorBadge = by.isEmpty ? nil : by
            try Roles.check(command, by: by, state: state, signedIn: signedIn)
            let decision = try command.decide(state, context)
            entityID = decision.entityID
            let drafts = try decision.events.map {
                try EventRegistry.draft($0, id: makeEventID(), at: context.when, by: by, backdateReason: backdateReason,
                                        encoder: encoder)
            }
            try foldBeforeWriting(drafts)
            return drafts
        }
        for record in written { try fold(record) }
        autoCheckpoint()
        return WriteResult(records: written, entityID: entityID)
    }

    /// Decides without writing: the events `command` would produce now (for previews and tests).
    public func preview(_ command: some OfficeCommand, as operatorBadge: String?, at: Date? = nil,
                        reason: String? = nil) throws -> Decision {
        var context = WriteContext(now: clock.now(), operatorBadge: operatorBadge, at: at, reason: reason)
        let (by, _) = try checkEnvelope(context)
        context.operatorBadge = by.isEmpty ? nil : by
        try Roles.check(command, by: by, state: state, signedIn: signedIn)
        return try command.decide(state, context)
    }

    /// The operator and the time, checked for every command.
    private func checkEnvelope(_ context: WriteContext) throws -> (by: String, backdateReason: String?) {
        var by = ""
        if let badge = context.operatorBadge.map(CleanText.strip), !badge.isEmpty {
            guard state.officers.isEmpty || state.officers.badge(for: badge) != nil else {
                throw DomainError(.operatorUnknown, field: "as", value: badge)
            }
            by = state.officers.badge(for: badge) ?? badge
        } else if !state.officers.isEmpty {
            throw DomainError(.operatorRequired, field: "as")
        }
        let tolerance = state.policy.futureToleranceSeconds
        var backdateReason: String?
        if let at = context.at {
            guard at.timeIntervalSince(context.now) <= tolerance else {
                throw DomainError(.inFuture, field: "at", value: OfficeTime.readable(at), ["now": OfficeTime.readable(context.now)])
            }
            let maxBack = Double(state.policy.maxBackdateDays) * 86400
            guard context.now.timeIntervalSince(at) <= maxBack else {
                throw DomainError(.tooFarBack, field: "at", value: OfficeTime.readable(at),
                                  ["days": String(state.policy.maxBackdateDays)])
            }
            if context.now.timeIntervalSince(at) > tolerance {
                guard let reason = try CleanText.optional(context.reason, field: "reason", max: TextLimit.long) else {
                    throw DomainError(.backdateNeedsReason, field: "reason", value: OfficeTime.readable(at))
                }
                backdateReason = reason
            }
        }
        return (by, backdateReason)
    }

    /// Appends `payload` as `by` without the operator checks (a failed sign-in has no operator).
    /// With a pinned clock on a real office it is still written, at the system clock's time
    /// (a failed sign-in is kept whatever `--now` says; the journal records `recorded` so too).
    func appendUnchecked(_ payload: some EventPayload, by: String) throws -> [JournalRecord] {
        if let damageFound { throw JournalError.damaged(path: journalPath, seq: damageFound.seq, line: damageFound.line) }
        let writeClock: JournalClock = pinnedClockRefusesWrites ? SystemClock() : clock
        let written = try journal.append { newcomers in
            for record in newcomers { try fold(record) }
            let now = writeClock.now()
            try checkClockNotBehind(now)
            return [try EventRegistry.draft(payload, id: makeEventID(), at: now, by: by, encoder: encoder)]
        }
        for record in written { try fold(record) }
        return written
    }

    /// On a state loaded lazily from a checkpoint (a part still undecoded), folds the drafts into a throwaway copy
    /// before they are written, so that every part the fold will read is decoded now: a
    /// part that cannot be decoded then stops the command before the append, never after a
    /// record is on disk. The copy shares the loaded parts; it costs a few small copies.
    private func foldBeforeWriting(_ drafts: [EventDraft]) throws {
        // Once every part is decoded (the console's, after its background decoding), there is nothing to find.
        guard state.hasUndecodedParts else { return }
        var probe = state
        for (i, draft) in drafts.enumerated() {
            let record = JournalRecord(seq: probe.lastSeq + 1 + UInt64(i), id: draft.id, type: draft.type,
                                       version: draft.version, at: draft.at, recorded: draft.at, by: draft.by,
                                       data: draft.data, hash: "")
            if let event = try EventRegistry.decode(record, decoder: decoder) { probe.apply(event, Envelope(record)) }
        }
    }

    /// Refusals that come before any command is looked at: damage found after opening, a pinned clock on a real office.
    private func checkWritable() throws {
        if let damageFound { throw JournalError.damaged(path: journalPath, seq: damageFound.seq, line: damageFound.line) }
        if pinnedClockRefusesWrites { throw ClockRefusal.pinnedOnRealOffice(pinned: clock.now()) }
    }

    /// The write's clock, checked under the journal's lock against the latest record.
    private func checkClock(_ now: Date) throws {
        if pinnedClockRefusesWrites { throw ClockRefusal.pinnedOnRealOffice(pinned: now) }
        try checkClockNotBehind(now)
    }

    /// A clock more than the policy's tolerance behind the journal's last `recorded` is wrong
    /// (or was set back): refuse rather than write a record that claims to come before its predecessor.
    /// A journal made for tests and demos is exempt: its clock is whatever the test pins or moves.
    private func checkClockNotBehind(_ now: Date) throws {
        guard let last = lastRecorded, !journal.header.isForTests else { return }
        if last.at.timeIntervalSince(now) > clockPolicy.behindToleranceSeconds {
            throw ClockRefusal.behindJournal(now: now, last: last.at, lastSeq: last.seq)
        }
    }

    private var journalPath: String { (journal as? FileJournal)?.path ?? "" }

    private func noteRecorded(_ record: JournalRecord) {
        Office.noteRecorded(record, in: &lastRecorded)
    }

    private static func noteRecorded(_ record: borrowing JournalRecord, in lastRecorded: inout (seq: UInt64, at: Date)?) {
        if record.seq >= (lastRecorded?.seq ?? 0) { lastRecorded = (record.seq, record.recorded) }
    }

    private func fold(_ record: JournalRecord) throws {
        try Office.fold(record, into: &state, lastRecorded: &lastRecorded, decoder: decoder)
    }

    /// Folds `record` into `state` (once: a record at or before `state.lastSeq` is only noted),
    /// noting its `recorded` time; throws `UnreadableRecord` for data this build cannot read.
    fileprivate static func fold(_ record: borrowing JournalRecord, into state: inout OfficeState,
                                 lastRecorded: inout (seq: UInt64, at: Date)?, decoder: JSONDecoder) throws {
        try fold(record, into: &state, lastRecorded: &lastRecorded) { try EventRegistry.decode(record, decoder: decoder) }
    }

    @inline(__always)
    private static func fold(_ record: borrowing JournalRecord, into state: inout OfficeState,
                             lastRecorded: inout (seq: UInt64, at: Date)?, decode: () throws -> DomainEvent?) throws {
        noteRecorded(record, in: &lastRecorded)
        guard record.seq > state.lastSeq || (record.seq == 0 && state.eventTypes.isEmpty && state.unknownRecords == 0) else {
            return
        }
        let event: DomainEvent?
        do {
            event = try decode()
        } catch let error as DomainError where error.reason == .unreadableEvent || error.reason == .newerEventVersion {
            // Its hash checks, so the journal calls it valid; but nothing after it can be folded
            // truthfully. Name it, and the way out (`jingwu salvage` ends the copy before it).
            throw UnreadableRecord(seq: record.seq, type: record.type, cause: error)
        }
        if let event {
            state.apply(event, Envelope(record))
        } else {
            state.skip(record.seq)
        }
    }

    /// Opens the office on `journal` from what `early` folded while the journal was being
    /// opened (the records its opening scan verified, `VerifiedFeed`), then replays whatever
    /// the journal holds after them. Throws what the early fold threw, as a replay would have.
    convenience init(journal: Journal, clock: JournalClock, early: consuming EarlyFold) throws {
        if let error = early.error { throw error }
        let recorded = early.lastRecorded
        let from = recorded.map { $0.seq + 1 } ?? 0
        try self.init(journal: journal, clock: clock, state: early.take(), replayFrom: from) { _ in true }
        if let recorded, recorded.seq >= (lastRecorded?.seq ?? 0) { lastRecorded = recorded }
    }
}

/// The fold of a journal that is still being opened: it takes the records the journal's
/// opening scan has verified (`VerifiedFeed`) as they come, on the thread that will own the
/// office, while the scan hashes the rest on another. Every record folded here has had its
/// chain link checked; the office then replays only what the journal holds after them.
struct EarlyFold: ~Copyable {
    private var state: OfficeState
    fileprivate var lastRecorded: (seq: UInt64, at: Date)?
    fileprivate var error: Error?
    private let decoder = JSONDecoder()

    /// `expectedRecords`: about how many records the journal holds (from its size): the big
    /// arrays of the fold are sized for them once rather than copied at every doubling. Changes
    /// nothing the state holds or answers.
    init(policy: Policy, expectedRecords: Int = 0) {
        state = OfficeState(policy: policy)
        if expectedRecords > 0 {
            state.targets.reserve(expectedRecords)
            state.access.reserveAuthors(expectedRecords)
            // Check-ins are nine in ten records of an office's journal.
            state.patrols.checkIns.reserve(expectedRecords - expectedRecords / 10)
        }
    }

    /// What `EventRegistry.decode` made of one record: its event (nil for a record that is
    /// not a domain event) or what it threw.
    typealias Decoded = Result<DomainEvent?, any Error>

    /// The feed's `prepare`: decodes every record's data of a block, on the scan's thread or
    /// this one (whichever has time, `VerifiedFeed`), exactly as the fold would (the fold only
    /// reads the results, in order, and throws the first error where it would have thrown it).
    static let decode: @Sendable ([JournalRecord]) -> any Sendable = { records in
        let decoder = JSONDecoder()
        var known = EventRegistry.Lookup()
        var out: [Decoded] = []
        out.reserveCapacity(records.count)
        records.withUnsafeBufferPointer { records in
            for i in records.indices {
                out.append(Decoded { try EventRegistry.decode(records[i], decoder: decoder, lookup: &known) })
            }
        }
        return out
    }

    /// Folds every record `feed` hands over until it ends; on the first error (a verified line
    /// that does not read, data this build cannot read) keeps it and stops reading.
    mutating func consume(_ feed: VerifiedFeed) {
        do {
            while let block = try feed.nextBlock() {
                // Records are read in place (a copy of each would retain its strings and data).
                try block.records.withUnsafeBufferPointer { records in
                    // The event index's slots for the block's ids, read at once rather than one
                    // cache miss per record folded.
                    state.targets.touch(records)
                    // Decoded by the feed's `prepare` (`EarlyFold.decode`, on whichever thread had
                    // time), one result per record.
                    if let decoded = block.prepared as? [Decoded], decoded.count == records.count {
                        try decoded.withUnsafeBufferPointer { decoded in
                            for i in records.indices {
                                try Self.fold(records, i, decoded[i], into: &state, lastRecorded: &lastRecorded)
                            }
                        }
                    } else {
                        for i in records.indices {
                            try Office.fold(records[i], into: &state, lastRecorded: &lastRecorded, decoder: decoder)
                        }
                    }
                }
                // Freed on the scan's thread, which made it (`VerifiedFeed.giveBack`).
                feed.giveBack(block)
            }
        } catch {
            self.error = error
            feed.cancel()
        }
    }

    /// As `Office.fold(_:into:lastRecorded:decoded:)` for record `i` of a block, its fields read in
    /// place: the same state, the same `lastRecorded`, the same error (`UnreadableRecord` for data this
    /// build cannot read), without copying the record (a copy retains its type, author, data and hash).
    @inline(__always)
    private static func fold(_ records: UnsafeBufferPointer<JournalRecord>, _ i: Int, _ decoded: Decoded,
                             into state: inout OfficeState, lastRecorded: inout (seq: UInt64, at: Date)?) throws {
        let seq = records[i].seq
        if seq >= (lastRecorded?.seq ?? 0) { lastRecorded = (seq, records[i].recorded) }
        guard seq > state.lastSeq || (seq == 0 && state.eventTypes.isEmpty && state.unknownRecords == 0) else { return }
        switch decoded {
        case .success(let event?):
            state.apply(event, Envelope(id: records[i].id, seq: seq, at: records[i].at, recorded: records[i].recorded,
                                        by: records[i].by))
        case .success(nil):
            state.skip(seq)
        case .failure(let error as DomainError) where error.reason == .unreadableEvent || error.reason == .newerEventVersion:
            throw UnreadableRecord(seq: seq, type: records[i].type, cause: error)
        case .failure(let error):
            throw error
        }
    }

    fileprivate consuming func take() -> OfficeState { state }
}

/// A record whose chain hash checks but whose data this build cannot read (a known type with
/// bad data, or a newer version): the office cannot be folded past it, so no command runs on
/// the journal (exit 75, as for damage) until `jingwu salvage` copies the records before it
/// to a new journal.
public struct UnreadableRecord: OperatorError, Equatable {
    public var seq: UInt64
    public var type: String
    public var cause: DomainError

    public var messageKey: String {
        cause.reason == .newerEventVersion ? "domain.record.newer_version" : "domain.record.unreadable"
    }
    public var messageArgs: [String: String] {
        ["seq": String(seq), "type": type, "value": cause.value, "known": cause.detail["known"] ?? ""]
    }
    public var exitCode: Int32 { ExitCode.tempFail }
}

extension UnreadableRecord {
    /// `record`, when its hash checks but this build cannot read its data (it stops the office); else nil.
    public static func check(_ record: JournalRecord, decoder: JSONDecoder) -> UnreadableRecord? {
        do {
            _ = try EventRegistry.decode(record, decoder: decoder)
            return nil
        } catch let error as DomainError where error.reason == .unreadableEvent || error.reason == .newerEventVersion {
            return UnreadableRecord(seq: record.seq, type: record.type, cause: error)
        } catch {
            return nil
        }
    }
}
