import Foundation
import JingwuJournal

/// What opening an office did with a checkpoint.
public enum CheckpointUse: Sendable, Equatable {
    /// Opened without looking for one.
    case notAsked
    /// None there (or unreadable, of another format or build, or for another journal).
    case none
    /// Loaded the state at `seq` and replayed `replayed` records after it.
    case loaded(seq: UInt64, replayed: Int)
    /// An authentic checkpoint of this journal that the journal contradicts (record N is gone or
    /// has another hash): this installation saw another journal. Full replay; the checkpoint was
    /// moved aside (`sideFile`) to keep the evidence, or, when it could not be, nothing is saved over it.
    case contradicted(CheckpointContradiction)
}

/// How an office opened from its checkpoint decodes the checkpoint's state.
public enum CheckpointDecoding: Sendable, Equatable {
    /// Read into memory and decoded whole at open.
    case whole
    /// Mapped read-only; every section, each patrol and each cell's trail decoded when read:
    /// for a short-lived command that reads few of them (a patrol or trail read twice is
    /// decoded twice).
    case onFirstUse
    /// Mapped read-only; the check-ins, the event index, the roster, access, patrols and trails
    /// decoded at open, every other section (persons, disputes, incidents, hazards, stop checks,
    /// casework, community, population…) once, when first read: for the console, which shows
    /// its first frame before those are decoded and then decodes them on a thread of its own
    /// (`Office.decodeCheckpointInBackground`), off the keystroke path.
    case sectionsOnFirstUse
}

/// Which key authenticates an office's checkpoints.
public enum CheckpointKeySource: Sendable {
    /// The installation's, found through the process's environment (`CheckpointKey.load`).
    case installation
    /// This one; nil: none to be had, so no checkpoint is read or written.
    case key(CheckpointKey?)
}

/// Record N of the journal is not what the checkpoint says.
private struct CheckpointMismatch: Error {}

extension Office {
    /// Opens the office on a journal file, from its checkpoint when one matches,
    /// else by replaying the whole journal. A checkpoint of this journal that the journal
    /// contradicts is moved aside and said (`checkpointUse` `.contradicted`); any other that
    /// does not match is ignored (the next `saveCheckpoint` replaces it).
    ///
    /// ```swift
    /// let office = try Office.open(journal: journal, clock: clock)
    /// defer { try? office.saveCheckpoint() }   // on clean exit
    /// ```
    /// `checkpointKey`: the key that authenticates checkpoints; nil for the installation's
    /// (`CheckpointKey.load` from the process's environment). Without a key to be had,
    /// the office opens by replay and saves no checkpoint.
    public static func open(journal: FileJournal, clock: JournalClock, policy: Policy = .load(),
                            useCheckpoint: Bool = true, checkpointKey: CheckpointKeySource = .installation) throws -> Office {
        try open(journal: journal, clock: clock, policy: policy,
                 checkpointPath: CheckpointFile.path(forJournal: journal.path), useCheckpoint: useCheckpoint,
                 checkpointKey: .key(resolve(checkpointKey, journalPath: journal.path)))
    }

    /// The installation's checkpoint key under the process's environment (nil: run without checkpoints).
    public static func installationKey(journalPath: String?) -> CheckpointKey? {
        CheckpointKey.load(environment: ProcessInfo.processInfo.environment, journalPath: journalPath)
    }

    static func resolve(_ source: CheckpointKeySource, journalPath: String?) -> CheckpointKey? {
        switch source {
        case .installation: return installationKey(journalPath: journalPath)
        case .key(let key): return key
        }
    }

    /// Opens the journal file at `path` and the office on it, from the checkpoint
    /// beside it when one matches. The journal then trusts its prefix up to the
    /// checkpoint's record (see `FileJournal.init(path:…trusting:)`): only the
    /// header, that record and the tail after it are verified on open.
    /// Throws what `FileJournal.init` throws (`JournalError.missing` when there is none).
    ///
    /// `mapCheckpoint` leaves the checkpoint's big blocks in a read-only mapping
    /// of the file instead of reading them into memory: for a short-lived command
    /// that reads few of them, and decodes each of its parts (persons, disputes,
    /// each patrol, each cell's trail…) only when first read (`CheckpointDecoding.onFirstUse`;
    /// the console maps too, `.sectionsOnFirstUse`). What is mapped depends on the file staying
    /// as it was: jingwu only ever replaces it by rename (and never cuts short a file that is
    /// still mapped, `AtomicFile.freeStepwise`); a file cut short in place by hand while a
    /// process maps it ends that process (SIGBUS).
    ///
    /// `pinAhead`: the PIN a command will sign in with, derived on another thread from the
    /// checkpoint's stored hash while the checkpoint is decoded and checked (see `PinAhead`);
    /// `signIn` uses it only for the hash the opened state holds.
    public static func open(path: String, clock: JournalClock, policy: Policy = .load(),
                            useCheckpoint: Bool = true, mapCheckpoint: Bool = false,
                            checkpointKey: CheckpointKeySource = .installation, pinAhead: PinAhead? = nil) throws -> Office {
        try open(path: path, clock: clock, policy: policy, useCheckpoint: useCheckpoint,
                 decoding: mapCheckpoint ? .onFirstUse : .whole, checkpointKey: checkpointKey, pinAhead: pinAhead)
    }

    /// As `open(path:…mapCheckpoint:…)`, saying how the checkpoint's state is decoded (`CheckpointDecoding`).
    public static func open(path: String, clock: JournalClock, policy: Policy = .load(),
                            useCheckpoint: Bool = true, decoding: CheckpointDecoding,
                            checkpointKey: CheckpointKeySource = .installation, pinAhead: PinAhead? = nil) throws -> Office {
        let office = try open(path: path, clock: clock, policy: policy, useCheckpoint: useCheckpoint,
                              decoding: decoding, key: resolve(checkpointKey, journalPath: path), pinAhead: pinAhead)
        office.pinAhead = pinAhead
        return office
    }

    private static func open(path: String, clock: JournalClock, policy: Policy, useCheckpoint: Bool, decoding: CheckpointDecoding,
                             key: CheckpointKey?, pinAhead: PinAhead?) throws -> Office {
        let checkpointPath = CheckpointFile.path(forJournal: path)
        var saved = useCheckpoint ? key.flatMap {
            readCheckpoint(at: checkpointPath, policy: policy, decoding: decoding, key: $0, journalPath: path,
                           pinAhead: pinAhead)
        } : nil
        // Read before the journal (as the checkpoint is), so the journal is never older than what it says.
        let witness = saved == nil ? witnessHeader(at: checkpointPath, useCheckpoint: useCheckpoint, key: key) : nil
        guard saved == nil else {
            let journal = try FileJournal(path: path, clock: clock, trusting: saved?.header.trustedPrefix)
            Trace.mark("journal opened")
            return try open(journal: journal, clock: clock, policy: policy, checkpointPath: checkpointPath,
                            useCheckpoint: useCheckpoint, key: key, saved: &saved, witness: witness)
        }
        // No checkpoint to start from: the whole journal is verified and folded. The journal's
        // opening scan checks the hash chain on a thread of its own and hands each record it has
        // verified to this one, which folds it meanwhile (`VerifiedFeed`, `EarlyFold`). Nothing
        // is folded before its link is checked; what the scan finds (damage, a torn tail) and
        // every error come out as from the open and replay one after the other: the journal's
        // own error first, then the contradiction check, then what the fold threw.
        Trace.mark("journal: scan and fold side by side")
        let feed = VerifiedFeed(prepare: EarlyFold.decode)
        let opening = ParallelOpen(path: path, clock: clock, feed: feed)
        opening.start()
        // About 300 bytes a record (a station-year: 270 MB, 890k records); fewer, when in doubt.
        var size = stat()
        let expected = stat(path, &size) == 0 ? Int(size.st_size) / 330 : 0
        var early = EarlyFold(policy: policy, expectedRecords: min(expected, 1 << 24))
        early.consume(feed)
        let foldCPU = Trace.enabled ? Trace.threadCPUSeconds() : 0
        Trace.mark("journal folded as verified")
        let journal = try opening.journal()
        Trace.mark(String(format: "journal opened (scan thread %.2f s CPU, waited %.2f s for the fold; "
                          + "this thread %.2f s CPU, waited %.2f s for the scan)",
                          opening.cpuSeconds, feed.scanWaited, foldCPU, feed.readerWaited))
        // Its error (if any) is thrown where the replay's would be: after the contradiction check.
        let replayed: Result<Office, Error>
        do {
            replayed = .success(try Office(journal: journal, clock: clock, early: early))
        } catch {
            replayed = .failure(error)
        }
        return try open(journal: journal, clock: clock, policy: policy, checkpointPath: checkpointPath,
                        useCheckpoint: useCheckpoint, key: key, saved: &saved, witness: witness, replayed: replayed)
    }

    /// As `open(journal:clock:policy:useCheckpoint:)`, for any journal with the checkpoint at `checkpointPath`
    /// (`checkpointKey` nil: the installation's key, without the check that it is outside the journal's folder).
    public static func open(journal: Journal, clock: JournalClock, policy: Policy = .load(), checkpointPath: String,
                            useCheckpoint: Bool = true, checkpointKey: CheckpointKeySource = .installation) throws -> Office {
        let key = resolve(checkpointKey, journalPath: nil)
        var saved = useCheckpoint ? key.flatMap { readCheckpoint(at: checkpointPath, policy: policy, decoding: .whole, key: $0) } : nil
        let witness = saved == nil ? witnessHeader(at: checkpointPath, useCheckpoint: useCheckpoint, key: key) : nil
        return try open(journal: journal, clock: clock, policy: policy, checkpointPath: checkpointPath,
                        useCheckpoint: useCheckpoint, key: key, saved: &saved, witness: witness)
    }

    /// The authentic header of a checkpoint that will not load (another build's, a payload that
    /// no longer checks out): still this installation's word on what record N was.
    private static func witnessHeader(at path: String, useCheckpoint: Bool, key: CheckpointKey?) -> CheckpointHeader? {
        guard useCheckpoint, let key else { return nil }
        return CheckpointFile.readHeader(path: path, key: key)
    }

    /// A checkpoint file that authenticates, reads back whole and decodes into a state at its own sequence number.
    /// `journalPath`: where a section that does not decode on first use is replayed from.
    private static func readCheckpoint(at path: String, policy: Policy, decoding: CheckpointDecoding, key: CheckpointKey,
                                       journalPath: String? = nil, pinAhead: PinAhead? = nil)
        -> (header: CheckpointHeader, state: OfficeState)? {
        Trace.mark("checkpoint: read start")
        let mapped = decoding != .whole
        // The state is decoded while the payload's tag is checked beside it, and used only if it checks.
        guard let loaded = CheckpointFile.load(
            path: path, fingerprint: OfficeState.checkpointFingerprint, mapped: mapped, key: key,
            decodingWhileChecking: { header, bytes -> OfficeState? in
                // First, the PIN's derivation on a thread of its own (from bytes not yet checked:
                // its result is used only for the hash the checked state holds).
                if let pinAhead, let pins = OfficeState.checkpointPins(bytes) {
                    pinAhead.start(pins: pins)
                    Trace.mark("checkpoint: PIN derivation started")
                }
                // Mapped: its parts are decoded on first use (a command's), or only its sections (the console's).
                let replay = journalPath.map { CheckpointReplay(journalPath: $0, seq: header.seq, policy: policy) }
                guard let state = try? OfficeState(checkpoint: bytes, policy: policy, lazy: mapped,
                                                   lazyParts: decoding == .onFirstUse, replay: replay),
                      state.lastSeq == header.seq
                else { return nil }
                Trace.mark("checkpoint: state decoded (\(bytes.payload.count) bytes)")
                return state
            })
        else { return nil }
        return (loaded.header, loaded.value)
    }

    private static func open(journal: Journal, clock: JournalClock, policy: Policy, checkpointPath: String,
                             useCheckpoint: Bool, key: CheckpointKey?,
                             saved: inout (header: CheckpointHeader, state: OfficeState)?,
                             witness: CheckpointHeader?,
                             replayed: Result<Office, Error>? = nil) throws -> Office {
        var use = CheckpointUse.none
        var contradiction: CheckpointContradiction?
        // The state is moved out of `saved`, not copied: with a second reference alive, the
        // first record folded after it would copy every array it appends to (the whole
        // check-in list, the event index) — most of a headless write's time at station scale.
        if let header = saved?.header, header.journalID == journal.header.journalID, header.seq <= journal.headSeq,
           let state = saved.take()?.state {
            do {
                let office = try Office(journal: journal, clock: clock, state: consume state, expectingHash: header.hash)
                office.checkpointPath = checkpointPath
                office.checkpointKey = key
                office.checkpointSeq = header.seq
                office.checkpointUse = .loaded(seq: header.seq, replayed: Int(office.state.lastSeq - header.seq))
                return office
            } catch is CheckpointMismatch {
                contradiction = try CheckpointWitness.contradiction(header, journal: journal)
            }
        } else if let header = saved?.header ?? witness {
            // Beyond the journal's head, or one that does not load: an authentic header still says what N was.
            contradiction = try CheckpointWitness.contradiction(header, journal: journal)
        }
        let office = try replayed?.get() ?? Office(journal: journal, clock: clock, policy: policy)
        // Without a key no checkpoint is written either: one that could not be authenticated is no cache.
        office.checkpointPath = key == nil ? nil : checkpointPath
        office.checkpointKey = key
        if var contradiction, let key {
            // The evidence is kept: moved aside before anything could be saved over it. When it
            // cannot be moved, this office saves no checkpoint at all.
            do {
                contradiction.sideFile = try CheckpointWitness.keep(contradiction, checkpointPath: checkpointPath, key: key,
                                                                    now: clock.now())
            } catch {
                office.checkpointPath = nil
            }
            use = .contradicted(contradiction)
        }
        office.checkpointUse = useCheckpoint ? use : .notAsked
        return office
    }

    /// Replays from record `state.lastSeq`, which must carry `hash`, then the rest.
    private convenience init(journal: Journal, clock: JournalClock, state: consuming OfficeState, expectingHash hash: String) throws {
        var checked = false
        // The closure captures only the number: capturing `state` would keep a second reference to it.
        let seq = state.lastSeq
        try self.init(journal: journal, clock: clock, state: consume state, replayFrom: seq) { record in
            guard checked else {
                guard record.seq == seq, record.hash == hash else { throw CheckpointMismatch() }
                checked = true
                return false
            }
            return true
        }
        guard checked else { throw CheckpointMismatch() }
    }

    /// Writes the current state as the checkpoint (atomically, 0600). Folds in
    /// other terminals' records first, so the checkpoint ends at the journal's head.
    /// Returns false when this office has no checkpoint path or the journal is read-only.
    @discardableResult
    public func saveCheckpoint() throws -> Bool {
        guard let path = checkpointPath, let key = checkpointKey else { return false }
        checkpointSaver.wait()
        if !journal.isReadOnly { _ = try foldNewcomers() }
        guard state.lastSeq == journal.headSeq, !state.checkpointDiscarded else { return false }
        let header = CheckpointHeader(journalID: journal.header.journalID, seq: state.lastSeq, hash: journal.headHash,
                                      fingerprint: OfficeState.checkpointFingerprint,
                                      offset: (journal as? FileJournal)?.headOffset, saved: clock.now())
        let bytes = state.checkpointBytes()
        try bytes.withUnsafeBytes { try CheckpointFile.write(path: path, header: header, payload: $0, key: key) }
        checkpointSeq = state.lastSeq
        return true
    }

    /// As `saveCheckpointIfDue`, but encodes and writes a copy of the state on a
    /// background queue and returns at once. Skips (returns false) when the state
    /// is not at the journal's head, or a background save is still running.
    @discardableResult
    public func saveCheckpointInBackgroundIfDue(every: UInt64) -> Bool {
        guard let path = checkpointPath, let key = checkpointKey, !journal.isReadOnly, state.lastSeq >= (checkpointSeq ?? 0) + every,
              state.lastSeq == journal.headSeq, !state.checkpointDiscarded,
              // One at a time (`start` says so too): asked first, so that no buffer is mapped for a
              // save that will not start (and unmapped here while the running one faults pages in).
              !checkpointSaver.isBusy
        else { return false }
        let header = CheckpointHeader(journalID: journal.header.journalID, seq: state.lastSeq, hash: journal.headHash,
                                      fingerprint: OfficeState.checkpointFingerprint,
                                      offset: (journal as? FileJournal)?.headOffset, saved: clock.now())
        let snapshot = state
        // The payload's buffer mapped here, at this thread's priority (`checkpointBuffer`), and
        // handed over whole: the saving thread is its only owner.
        let buffer = BufferHandOver(snapshot.checkpointBuffer())
        let started = checkpointSaver.start {
            // Only a cache: a failed save costs the next start-up time, nothing else.
            var bytes = snapshot.checkpointBytes(into: buffer.take())
            try? bytes.withUnsafeBytes { try CheckpointFile.write(path: path, header: header, payload: $0, key: key) }
            // Its ~90 MB given back a few MB at a time, not unmapped in one call (see `PageRelease`).
            PageRelease.release(&bytes)
        }
        if started { checkpointSeq = snapshot.lastSeq }
        return started
    }

    /// Decodes, on a thread of its own, every section of the loaded checkpoint not yet read
    /// (`CheckpointDecoding.sectionsOnFirstUse`): the console calls it after its first frame, so
    /// that the screens opened later find them decoded. A screen that reads a section first waits
    /// for that one section only (decoded once, whoever asks). `then` runs on that thread when it
    /// is done. False (nothing started, `then` not run) when nothing is pending.
    @discardableResult
    public func decodeCheckpointInBackground(then: (@Sendable () -> Void)? = nil) -> Bool {
        guard state.loadedLazily else { return false }
        // A copy taken on this thread: the pending sections are shared with it, the state is not.
        let snapshot = state
        let thread = Thread {
            let n = snapshot.decodePendingSections()
            Trace.mark("checkpoint: \(n) sections decoded in the background")
            then?()
            // Then every block of the payload not checked yet (what was read so far was checked as
            // it was read): the screens and saves to come find them checked.
            if let bytes = snapshot.loadedFrom, !bytes.authenticateAll(split: false) {
                bytes.discard()
                Trace.mark("checkpoint: a block does not authenticate; nothing will be saved from this state")
            }
        }
        thread.name = "jingwu.checkpoint-decode"
        thread.stackSize = 1 << 22
        thread.start()
        return true
    }

    /// True while a background checkpoint save is running.
    public var isSavingCheckpoint: Bool { checkpointSaver.isBusy }

    /// Returns once no background checkpoint save is running.
    public func waitForCheckpointSave() { checkpointSaver.wait() }

    /// Saves a checkpoint when at least `every` records were folded since the last one.
    @discardableResult
    public func saveCheckpointIfDue(every: UInt64 = 20_000) throws -> Bool {
        guard state.lastSeq >= (checkpointSeq ?? 0) + every else { return false }
        return try saveCheckpoint()
    }

    /// Writes `state` as the checkpoint of the journal file `journal` when it is
    /// the state at the journal's head (e.g. the demo generator's own fold).
    /// Returns false, writing nothing, when it is not.
    @discardableResult
    public static func saveCheckpoint(_ state: OfficeState, of journal: FileJournal, key: CheckpointKeySource = .installation,
                                      now: Date = Date()) throws -> Bool {
        guard state.lastSeq == journal.headSeq, !journal.isReadOnly,
              let key = resolve(key, journalPath: journal.path)
        else { return false }
        let header = CheckpointHeader(journalID: journal.header.journalID, seq: state.lastSeq, hash: journal.headHash,
                                      fingerprint: OfficeState.checkpointFingerprint, offset: journal.headOffset,
                                      saved: now)
        let bytes = state.checkpointBytes()
        try bytes.withUnsafeBytes {
            try CheckpointFile.write(path: CheckpointFile.path(forJournal: journal.path), header: header, payload: $0, key: key)
        }
        return true
    }
}

/// A buffer handed from one thread to another, taken out whole (the taker holds the only reference).
private final class BufferHandOver: @unchecked Sendable {
    private var bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    func take() -> [UInt8] {
        var out: [UInt8] = []
        swap(&out, &bytes)
        return out
    }
}

/// A journal opened (`FileJournal.init`, the full scan) on a thread of its own, feeding `feed`.
private final class ParallelOpen: @unchecked Sendable {
    private let path: String
    private let clock: JournalClock
    private let feed: VerifiedFeed
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<FileJournal, Error>?
    /// CPU seconds the scan's thread used (read after `journal()`).
    private(set) var cpuSeconds = 0.0

    init(path: String, clock: JournalClock, feed: VerifiedFeed) {
        self.path = path
        self.clock = clock
        self.feed = feed
    }

    func start() {
        let thread = Thread { [self] in
            result = Result { try FileJournal(path: path, clock: clock, feeding: feed) }
            feed.finish()
            cpuSeconds = Trace.threadCPUSeconds()
            done.signal()
        }
        thread.stackSize = 1 << 22
        thread.start()
    }

    /// The opened journal, once the scan is done; or what its open threw.
    func journal() throws -> FileJournal {
        done.wait()
        return try result!.get()
    }
}

/// Runs one checkpoint save at a time, on a thread of its own that yields the CPU to the console's:
/// on Linux its nice value is raised (`savePriority`), so on a one-core terminal, or a busy one,
/// a keystroke's work runs ahead of the save's encoding instead of sharing the core with it.
final class CheckpointSaver: @unchecked Sendable {
    /// The save thread's nice value (0 is the process's own; 19 the lowest priority).
    static let savePriority: Int32 = 10
    private let condition = NSCondition()
    private var busy = false

    /// Starts `work` unless a save is already running; says whether it started.
    func start(_ work: @escaping @Sendable () -> Void) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        if busy { return false }
        busy = true
        let thread = Thread { [self] in
            CheckpointSaver.lowerThisThreadsPriority()
            work()
            condition.lock()
            busy = false
            condition.broadcast()
            condition.unlock()
        }
        thread.name = "jingwu.checkpoint-save"
        thread.stackSize = 1 << 22
        thread.start()
        return true
    }

    /// Returns once no save is running.
    func wait() {
        condition.lock()
        while busy { condition.wait() }
        condition.unlock()
    }

    var isBusy: Bool {
        condition.lock()
        defer { condition.unlock() }
        return busy
    }

    /// The calling thread's nice value, on Linux where it is per thread: `who` 0 is the calling
    /// thread there, not the whole process (man 2 setpriority); 0 elsewhere.
    static func thisThreadsNice() -> Int32 {
        #if os(Linux)
        errno = 0
        return getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        #else
        return 0
        #endif
    }

    /// Raises the calling thread's nice value to `savePriority` (Linux; a thread that may not is left as it is).
    static func lowerThisThreadsPriority() {
        #if os(Linux)
        let current = thisThreadsNice()
        if current < savePriority {
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, savePriority)
        }
        #endif
    }
}

// MARK: For inspections that only read (verify)

extension Office {
    /// The checkpoint beside the journal at `journalPath` when it authenticates under `key` and is of
    /// this build, its state loaded lazily from a read-only mapping (only the parts a fold after it
    /// touches are decoded), for an inspection that writes nothing: the checkpoint is never removed or
    /// moved, and a section that does not decode is taken from a read-only fold of the journal instead.
    /// Whether it belongs to this journal (its journal id, record N's hash) is the caller's to check.
    public static func inspectionCheckpoint(journalPath: String, key: CheckpointKey, policy: Policy = .standard)
        -> (header: CheckpointHeader, state: OfficeState)? {
        guard let (header, bytes) = CheckpointFile.loadForInspection(
            path: CheckpointFile.path(forJournal: journalPath), fingerprint: OfficeState.checkpointFingerprint, key: key)
        else { return nil }
        let replay = CheckpointReplay(journalPath: journalPath, seq: header.seq, policy: policy)
        guard let state = try? OfficeState(checkpoint: bytes, policy: policy, lazy: true, replay: replay),
              state.lastSeq == header.seq
        else { return nil }
        return (header, state)
    }
}
