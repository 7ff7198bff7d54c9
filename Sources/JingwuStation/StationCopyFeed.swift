import Foundation
import JingwuJournal
import JingwuResources

/// The read-only console's refresh (`jingwu --station URL --office X`): on its own thread, every
/// `every` seconds, it asks the station for the journal's head and appends what the station received
/// since to the open copy's file, so the console folds it in at its next tick (as it folds what
/// another terminal appended to an office journal). The console never waits for it: it reads
/// `status()` (a copy under a lock) once a second.
///
/// A round, under the copy's lock (the station cache's `<journal id>/lock`, which `station report`
/// also takes, when the copy is the cache's):
///
/// 1. reads the copy's last line (seq and chain hash) from the file the console has open;
/// 2. reads the station's head for the journal; at the copy's seq already: nothing to fetch;
/// 3. otherwise checks that the station's record of the copy's last seq still carries the copy's
///    hash, fetches the records after it up to the head (binary, in seq order) and checks each one
///    chains from its predecessor, seqs consecutive, the last one the station's head hash;
/// 4. only then appends them all, byte for byte, holding the copy file's own `flock` while writing
///    (the console's journal takes it to read, so it never sees half a line).
///
/// A record that does not continue the chain, a station head behind the copy, or the station's
/// record of the copy's last seq carrying another hash: the station's copy changed. Nothing of that
/// round is appended (the console keeps showing what it has), the state becomes `diverged` and no
/// more rounds run. A failure to reach the station is retried at the next round.
///
/// Session 12: a failure says what it is — the station unreachable, the login refused, the role no
/// longer permitted to read the office (its grant revoked: `station revoke`, or its office mapping
/// gone), the office's journal no longer at the station — each with the station's own words, and is
/// retried at the next round. And the copy's file made again under the console (a `station report`
/// that found the copy behind its own, older view of the station's head rebuilds it; or the file
/// removed) no longer stops the refresh: when the station still holds the record the console shows
/// last, with its hash, the file at the path is brought to the station's head (made again if it is
/// gone, as `station report` does) and the refresh goes on on it; the console's journal
/// (`StationCopyJournal`) goes on from the same file. Only when the station's records no longer
/// continue what is shown does the state become `diverged`.
public final class StationCopyFeed: @unchecked Sendable {
    public enum State: Equatable, Sendable {
        /// The last round reached the station (or the copy was just fetched at opening).
        case current
        /// The last round failed (the station unreachable, the connection dropped, a refusal); tried again.
        case failed(BackgroundStationSync.Failure)
        /// The station's records no longer continue the copy's chain; `seq`: the first record found to differ.
        case diverged(seq: Int64)
    }

    public struct Status: Equatable, Sendable {
        public var state: State = .current
        /// The copy's head: the last record appended (or fetched at opening).
        public var copyHead: Int64
        /// When a round last reached the station (at first: when the copy was fetched).
        public var lastFetched: Date
        /// When the running round started; nil between rounds.
        public var runningSince: Date?
        /// Rounds finished so far (tests wait on it).
        public var rounds = 0
        /// Records appended by all rounds so far.
        public var fetched = 0
    }

    public let url: String
    public let journalID: String
    /// The office's name (the messages say it).
    public let office: String
    /// The copy's file (the console's journal has it open).
    public let path: String
    /// The file whose exclusive `flock` serialises this with `station report`'s refresh of the same copy.
    public let lockPath: String?
    /// Seconds between rounds.
    public let every: TimeInterval
    public let connectTimeout: Int
    let clock: @Sendable () -> Date

    private let thread: RoundThread<Status>
    /// When the next round runs unasked; read and set under the thread's lock only.
    private var nextRound = Date.distantFuture
    private var db: PGConnection?
    /// The copy's file, opened once at the start: the one the console's journal holds, even if a
    /// `station report` later makes the cache's copy again under the same name.
    private var fd: Int32 = -1

    public init(url: String, journalID: String, office: String = "", path: String, lockPath: String?, copyHead: Int64,
                every: TimeInterval = 5, connectTimeout: Int = 5, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.url = url
        self.journalID = journalID
        self.office = office
        self.path = path
        self.lockPath = lockPath
        self.every = every
        self.connectTimeout = connectTimeout
        self.clock = clock
        thread = RoundThread(Status(copyHead: copyHead, lastFetched: clock()), rounds: \.rounds)
    }

    deinit {
        if fd >= 0 { _ = close(fd) }
    }

    /// Opens the copy's file and starts the thread (once).
    public func start() throws {
        guard fd < 0 else { return }
        fd = open(path, O_RDWR | O_APPEND | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw JournalError.io(path: path, operation: "open", errno: errno) }
        nextRound = Date().addingTimeInterval(every)
        thread.start(name: "jingwu station copy", next: { [self] status, asked in
            if case .diverged = status.state { return .never }
            return asked ? .now : .at(nextRound)
        }, begin: { [self] in $0.runningSince = clock() }, round: { [self] in
            let outcome = round()
            return { [self] current in
                current.runningSince = nil
                switch outcome {
                case .fetched(let count, let head):
                    current.state = .current
                    current.copyHead = head
                    current.lastFetched = clock()
                    current.fetched += count
                case .diverged(let seq):
                    current.state = .diverged(seq: seq)
                case .failed(let error):
                    current.state = .failed(BackgroundStationSync.Failure(
                        (error as? OperatorError) ?? StationError.server(sqlstate: "", detail: String(describing: error))))
                }
                nextRound = Date().addingTimeInterval(every)
            }
        }, finish: { [self] in db = nil })
    }

    public func status() -> Status { thread.status }

    /// A round now rather than at the next interval (tests; a key could ask for it).
    public func fetchNow() { thread.wake() }

    /// No new round starts; a running one finishes (or is ended with the process).
    public func stop() { thread.stop() }

    /// Waits until at least `count` rounds have finished (tests). True when they did within `timeout` seconds.
    public func waitForRounds(_ count: Int, timeout: TimeInterval) -> Bool { thread.waitForRounds(count, timeout: timeout) }

    enum Outcome {
        case fetched(count: Int, head: Int64)
        case diverged(seq: Int64)
        case failed(Error)
    }

    private func round() -> Outcome {
        do {
            let connection: PGConnection
            if let db {
                connection = db
            } else {
                connection = try PGConnection(url: url, connectTimeout: connectTimeout)
                db = connection
            }
            return try locked { try extend(connection) }
        } catch StationError.server(let sqlstate, _) where sqlstate == "42501" {
            // insufficient_privilege: the role's privileges were taken away (`station revoke`).
            db = nil
            return .failed(StationCopyError.notPermitted(office: office.isEmpty ? journalID : office))
        } catch {
            // Whatever went wrong, the next round starts on a new connection.
            db = nil
            return .failed(error)
        }
    }

    /// Runs `body` holding the copy's lock file (when there is one).
    private func locked<T>(_ body: () throws -> T) throws -> T {
        guard let lockPath else { return try body() }
        let lock = open(lockPath, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard lock >= 0 else { throw JournalError.cannotCreate(path: lockPath, errno: errno) }
        defer { _ = close(lock) }
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else { throw JournalError.io(path: lockPath, operation: "flock", errno: errno) }
        }
        return try body()
    }

    /// One round's work, under the copy's lock.
    private func extend(_ db: PGConnection) throws -> Outcome {
        guard let local = StationCache.lastLine(fd: fd, path: path) else {
            throw JournalError.io(path: path, operation: "read", errno: EIO)
        }
        let localSeq = Int64(local.seq)
        let found = try db.exec("SELECT head_seq, head_hash FROM jingwu.journals WHERE journal_id = $1::uuid", [journalID])
        // The journal gone from what this role may read: its mapping taken away, or the journal not at the station.
        guard found.rowCount == 1, let headSeq = found.int(0, 0), let headHash = found.string(0, 1) else {
            throw try missing(db)
        }
        if headSeq < localSeq { return .diverged(seq: headSeq + 1) }
        if lockPath != nil, copyReplaced() {
            // The copy's file made again (or removed) under the console: go on from the file at the path when
            // the station still holds the record shown last, with its hash.
            let held = try db.exec("SELECT hash FROM jingwu.records WHERE journal_id = $1::uuid AND seq = $2::bigint",
                                   [journalID, String(localSeq)])
            guard held.rowCount == 1, held.string(0, 0) == local.hash else { return .diverged(seq: localSeq) }
            return try takeRemade(db, shownSeq: localSeq, headSeq: headSeq, headHash: headHash)
        }
        if headSeq == localSeq {
            return headHash == local.hash ? .fetched(count: 0, head: localSeq) : .diverged(seq: localSeq)
        }
        let held = try db.exec("SELECT hash FROM jingwu.records WHERE journal_id = $1::uuid AND seq = $2::bigint",
                               [journalID, String(localSeq)])
        guard held.rowCount == 1, held.string(0, 0) == local.hash else { return .diverged(seq: localSeq) }
        guard let previous = RecordLines.unhex(local.hash) else { return .diverged(seq: localSeq) }
        let checker = ChainChecker(previous: previous)
        // Everything fetched is held until the whole round has checked: nothing of a round that does
        // not continue the chain reaches the copy.
        let (broken, expected, buffer) = try StationCache.fetchChained(db, journalID: journalID, after: localSeq,
                                                                       upTo: headSeq, checker: checker, flushAt: .max) { _ in }
        if let broken { return .diverged(seq: broken) }
        guard expected == headSeq + 1, RecordLines.hex(checker.previous) == headHash else { return .diverged(seq: expected) }
        try StationCache.appendLocked(fd: fd, path: path, buffer)
        return .fetched(count: Int(headSeq - localSeq), head: headSeq)
    }

    /// Why the journal's row is not visible: the role no longer reads this office (its mapping gone or
    /// changed), or the station no longer holds the journal (the role would see it).
    private func missing(_ db: PGConnection) throws -> Error {
        let name = office.isEmpty ? journalID : office
        let role = try db.exec("SELECT row_security_active('jingwu.journals'), jingwu.role_office(), jingwu.role_reads_all()")
        let restricted = role.string(0, 0) == "t"
        let readsAll = role.string(0, 2) == "t"
        let ownOffice = role.string(0, 1).map { !office.isEmpty && $0 == office } ?? false
        if restricted && !readsAll && !ownOffice { return StationCopyError.notPermitted(office: name) }
        return StationCopyError.officeGone(office: name)
    }

    /// True when the path no longer names the file open here (made again, or removed).
    private func copyReplaced() -> Bool {
        var open = stat()
        var named = stat()
        guard fstat(fd, &open) == 0 else { return false }
        guard stat(path, &named) == 0 else { return true }
        return open.st_dev != named.st_dev || open.st_ino != named.st_ino
    }

    /// Brings the file now at the path to the station's head as `station report` does (fetching what it
    /// lacks; made again from record 0 when it is gone or does not match), then appends to it from now on.
    private func takeRemade(_ db: PGConnection, shownSeq: Int64, headSeq: Int64, headHash: String) throws -> Outcome {
        let folder = PathText.parent(of: path)
        let cache = StationCache(root: PathText.parent(of: folder))
        let head = StationJournalHead(journalID: journalID, station: "", office: office, headSeq: headSeq, headHash: headHash)
        // (Always so for the cache's copy, the only one with a lock; never a reason to say the station changed.)
        guard cache.journalPath(head) == path else { throw JournalError.io(path: path, operation: "open", errno: ENOENT) }
        do {
            _ = try cache.refresh(db, head)
        } catch StationCacheError.chainBroken(_, _, let seq) {
            return .diverged(seq: seq)
        }
        let next = open(path, O_RDWR | O_APPEND | O_NOFOLLOW | O_CLOEXEC)
        guard next >= 0 else { throw JournalError.io(path: path, operation: "open", errno: errno) }
        guard let last = StationCache.lastLine(fd: next, path: path), Int64(last.seq) == headSeq, last.hash == headHash else {
            _ = close(next)
            return .diverged(seq: shownSeq)
        }
        _ = close(fd)
        fd = next
        Trace.mark("station copy \(journalID): the copy's file was made again; going on from it at \(headSeq)")
        return .fetched(count: Int(headSeq - shownSeq), head: headSeq)
    }
}
