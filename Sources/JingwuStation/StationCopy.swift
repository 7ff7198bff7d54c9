import Foundation
import JingwuJournal
import JingwuResources

/// One office's journal as the station holds it, fetched for the read-only console
/// (`jingwu --station URL --office X`, the leadership's review of handovers, the journal and reports).
///
/// The records arrive in seq order and are checked as they arrive, with the journal's own hash
/// function (`ChainChecker`): seqs from 0 without a gap, each line chained from its predecessor,
/// the last one equal to the head the station holds. They are written, byte for byte, to a file in
/// a private temporary folder, which `FileJournal` then opens (and verifies again) as any journal;
/// `StationCopyJournal` wraps it so that every write is refused.
public enum StationCopy {
    /// The journal a fetch found.
    public struct Fetched: Sendable, Equatable {
        public var journalID: String
        public var office: String
        public var headSeq: Int64
        public var lastSynced: String
        /// The file the lines were written to.
        public var path: String

        public init(journalID: String, office: String, headSeq: Int64, lastSynced: String, path: String) {
            self.journalID = journalID
            self.office = office
            self.headSeq = headSeq
            self.lastSynced = lastSynced
            self.path = path
        }
    }

    /// The one journal the station holds of `office` (an office's name, or a journal id or its first 8
    /// or more digits, as `station status` shows them), with its head and last sync.
    /// Under an office role only that office's own journal is visible (StationRoles).
    public static func find(_ db: PGConnection, office: String) throws -> (head: StationJournalHead, lastSynced: String) {
        try StationSchema.require(db)
        let found = try db.exec("""
            SELECT journal_id::text, office, head_seq, head_hash,
                to_char(last_synced AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), station
            FROM jingwu.journals
            WHERE office = $1 OR ($1 ~ '^[0-9a-fA-F-]{8,36}$' AND journal_id::text LIKE lower($1) || '%')
            ORDER BY journal_id
            """, [office])
        guard found.rowCount > 0 else { throw StationCopyError.noSuchOffice(office: office) }
        guard found.rowCount == 1 else { throw StationCopyError.severalJournals(office: office, count: found.rowCount) }
        let head = StationJournalHead(journalID: found.string(0, 0) ?? "", station: found.string(0, 5) ?? "",
                                      office: found.string(0, 1) ?? office, headSeq: found.int(0, 2) ?? -1,
                                      headHash: found.string(0, 3) ?? "")
        guard head.headSeq >= 0 else { throw StationCopyError.noSuchOffice(office: office) }
        return (head, found.string(0, 4) ?? "")
    }

    /// Fetches the records of `office` (as `find` names it) into a new file at `path`.
    public static func fetch(_ db: PGConnection, office: String, to path: String,
                             progress: ((Int64) -> Void)? = nil) throws -> Fetched {
        let (head, lastSynced) = try find(db, office: office)
        let journal = head.journalID
        let name = head.office
        let headSeq = head.headSeq
        let headHash = head.headHash

        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: path)
        else { throw JournalError.io(path: path, operation: "create", errno: errno) }
        defer { try? handle.close() }
        let checker = ChainChecker()
        var expected: Int64 = 0
        var broken: Int64?
        var buffer = Data()
        buffer.reserveCapacity(1 << 20)
        try db.stream("SELECT seq, line FROM jingwu.records WHERE journal_id = $1::uuid ORDER BY seq",
                      [journal], binaryResult: true) { row in
            guard broken == nil else { return }
            let seq = row.withBytes(0, 0) { bytes in bytes.reduce(Int64(0)) { $0 << 8 | Int64($1) } }
            let ok = row.withBytes(0, 1) { line -> Bool in
                guard seq == expected, checker.accept(line) else { return false }
                buffer.append(contentsOf: line)
                buffer.append(10)
                return true
            }
            guard ok else { broken = expected; return }
            expected += 1
            if buffer.count >= 1 << 20 {
                try handle.write(contentsOf: buffer)
                buffer.removeAll(keepingCapacity: true)
            }
            if expected % 50_000 == 0 { progress?(expected) }
        }
        try handle.write(contentsOf: buffer)
        if let broken { throw StationCopyError.chainBroken(office: name, seq: broken) }
        // Every record up to the head the station holds, and nothing else.
        guard expected - 1 == headSeq, RecordLines.hex(checker.previous) == headHash else {
            throw StationCopyError.chainBroken(office: name, seq: expected)
        }
        return Fetched(journalID: journal, office: name, headSeq: headSeq, lastSynced: lastSynced, path: path)
    }
}

/// A journal fetched from the station, read-only: every read goes to the file journal holding the
/// station's lines; every write is refused (`StationCopyRefusal`), nothing written anywhere.
///
/// When the copy's file is made again under it (a `station report` that found the copy not matching
/// its own view of the station rebuilds the cache's copy; the read-only console's refresh does the same
/// when the file is gone), `refresh` opens the new file — only when nobody holds the copy's lock (`lockPath`,
/// the station cache's, so never half made) — verifies it as any journal, and goes on from it when its
/// record at this copy's head carries this copy's hash (the station's records still continue the chain
/// shown): what follows is folded as new. Otherwise it stays on what it has (the refresh tells whether the
/// station's records changed).
public final class StationCopyJournal: Journal {
    private(set) var inner: FileJournal
    let office: String
    /// The station cache's lock for this copy; nil for a temporary copy, which nobody else makes again.
    let lockPath: String?
    let clock: JournalClock
    /// The file under `inner` was found replaced, truncated or rewritten: `inner` reads nothing more.
    private var lost = false
    /// What was at the path when a replacement was last tried (tried again only when it changed).
    private var lastTried: [Int64]?

    public init(_ inner: FileJournal, office: String, lockPath: String? = nil, clock: JournalClock = SystemClock()) {
        self.inner = inner
        self.office = office
        self.lockPath = lockPath
        self.clock = clock
    }

    public var header: JournalHeader { inner.header }
    public var headSeq: UInt64 { inner.headSeq }
    public var headHash: String { inner.headHash }
    /// The copy's own file notices (its temporary folder) concern nobody.
    public var notices: [JournalNotice] { [] }
    public var isReadOnly: Bool { true }

    public func replay(from seq: UInt64, _ body: (JournalRecord) throws -> Void) throws {
        try inner.replay(from: seq, body)
    }

    @discardableResult
    public func append(_ build: (_ newcomers: [JournalRecord]) throws -> [EventDraft]) throws -> [JournalRecord] {
        throw StationCopyRefusal(office: office)
    }

    @discardableResult
    public func appendBulk(_ next: () throws -> EventDraft?) throws -> Int {
        throw StationCopyRefusal(office: office)
    }

    /// What the station's records appended to the copy's file since (`StationCopyFeed`, or a `station
    /// report` refreshing the same copy), verified by the chain as any journal's newcomers are.
    public func refresh() throws -> [JournalRecord] {
        if !lost {
            do {
                return try inner.refresh()
            } catch JournalError.changedUnderneath {
                lost = true
            }
        }
        return try replacement()
    }

    /// The records after this copy's head in the file now at the path, when it continues this copy's
    /// chain; `inner` is then that file. Empty (and tried again at a later call) while the copy's lock is
    /// held, the file is not there, or it has not reached this copy's head yet.
    private func replacement() throws -> [JournalRecord] {
        guard let lockPath else { return [] }
        let path = inner.path
        var info = stat()
        guard stat(path, &info) == 0 else { return [] }
        let seen = [Int64(info.st_dev), Int64(info.st_ino), Int64(info.st_size)]
        guard seen != lastTried else { return [] }
        let lock = open(lockPath, O_RDWR | O_NOFOLLOW | O_CLOEXEC)
        guard lock >= 0 else { return [] }
        defer { _ = close(lock) }
        // A report or the refresh making or extending the copy holds it: not now (the console never waits).
        guard flock(lock, LOCK_EX | LOCK_NB) == 0 else { return [] }
        lastTried = seen
        let file = try FileJournal(path: path, clock: clock)
        let head = inner.headSeq
        guard file.headSeq >= head else { return [] }
        var records: [JournalRecord] = []
        var continues = false
        try file.replay(from: head) { record in
            if record.seq == head {
                continues = record.hash == inner.headHash
            } else if continues {
                records.append(record)
            }
        }
        guard continues else { return [] }
        Trace.mark("station copy \(office): the copy's file was made again; \(records.count) records after \(head) folded from it")
        inner = file
        lost = false
        return records
    }
    public var filePath: String? { inner.filePath }
    public var verifyReport: VerifyReport? { inner.verifyReport }
    public var trustedPrefix: TrustedPrefix? { nil }
    public var isReadOnlyFile: Bool { false }
    public var fileHeadOffset: Int? { inner.fileHeadOffset }
}

/// A write on the station's read-only copy of an office's journal.
public struct StationCopyRefusal: OperatorError, Equatable {
    public var office: String
    public init(office: String) { self.office = office }
    public var messageKey: String { "station.readonly.refused" }
    public var messageArgs: [String: String] { ["office": SafeText.line(office)] }
    public var exitCode: Int32 { ExitCode.dataError }
}

/// Why the station's copy of an office cannot be opened.
public enum StationCopyError: OperatorError, Equatable {
    case noSuchOffice(office: String)
    case severalJournals(office: String, count: Int)
    case chainBroken(office: String, seq: Int64)
    /// The read-only console's refresh: the role may no longer read the office's records (its
    /// privileges or its office mapping taken away).
    case notPermitted(office: String)
    /// The read-only console's refresh: the station holds no journal of the office any more, although the
    /// role would see it (a database made again, restored, another one at the same address).
    case officeGone(office: String)

    public var messageKey: String {
        switch self {
        case .noSuchOffice: return "station.readonly.no_office"
        case .severalJournals: return "station.readonly.several"
        case .chainBroken: return "station.readonly.chain_broken"
        case .notPermitted: return "station.readonly.not_permitted"
        case .officeGone: return "station.readonly.office_gone"
        }
    }

    public var messageArgs: [String: String] {
        switch self {
        case .noSuchOffice(let office), .notPermitted(let office), .officeGone(let office): return ["office": SafeText.line(office)]
        case .severalJournals(let office, let count): return ["office": SafeText.line(office), "count": String(count)]
        case .chainBroken(let office, let seq): return ["office": SafeText.line(office), "seq": String(seq)]
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .noSuchOffice: return ExitCode.noInput
        case .severalJournals: return ExitCode.usage
        case .chainBroken: return ExitCode.damageFound
        case .notPermitted: return StationExit.noPermission
        case .officeGone: return ExitCode.noInput
        }
    }
}
