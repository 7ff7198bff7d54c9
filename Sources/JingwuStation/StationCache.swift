import Foundation
import JingwuJournal
import JingwuResources

/// One office journal the station holds, as `station report` lists them.
public struct StationJournalHead: Sendable, Equatable {
    public var journalID: String
    public var station: String
    public var office: String
    /// -1 when the station holds no record of it yet.
    public var headSeq: Int64
    public var headHash: String
}

/// What refreshing one journal's local copy did.
public struct StationCacheRefresh: Sendable, Equatable {
    /// The local copy: a journal file, byte for byte the station's lines up to its head.
    public var path: String
    /// Records fetched from the station by this refresh (0 when the copy was already at the head).
    public var fetched: Int
    /// True when the copy was (re)made from record 0: none there, or it did not match the station.
    public var rebuilt: Bool
}

/// The station's records kept in a local folder, one journal file a journal, for the station's
/// reports: `<root>/<journal id>/journal.jsonl` holds the station's lines exactly (each with its
/// newline), so it is a journal like the office's and is opened, verified, folded and
/// checkpointed by the office's own code (`Office.open`: the checkpoint beside it is
/// authenticated with the installation's key, the records after it verified by the chain).
///
/// A refresh fetches only the records after the copy's last line, and only when that line is,
/// by its chain hash, the station's record of the same seq; the fetched lines must chain from
/// it. A copy that does not match (altered, cut, from another database) is removed and made
/// again from record 0. The caller checks, after opening it, that its verified head is the
/// station's head (`StationCache.confirm`): the chain then ties every record of the copy to
/// the station's.
///
/// Concurrent reports serialise on an exclusive `flock` of `<root>/<journal id>/lock`, held
/// while the copy is refreshed and read.
public struct StationCache {
    public let root: String

    public init(root: String) { self.root = root }

    /// `$XDG_CACHE_HOME/jingwu/station`, else `$HOME/.cache/jingwu/station`.
    public static func defaultRoot(environment: [String: String]) -> String? {
        if let base = environment["XDG_CACHE_HOME"], base.hasPrefix("/") { return base + "/jingwu/station" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        guard home.hasPrefix("/") else { return nil }
        return home + "/.cache/jingwu/station"
    }

    /// The journals the station holds, by station and office; `office` (a name, or the first 8 or
    /// more characters of a journal id) keeps only the matching ones.
    public static func journals(_ db: PGConnection, office: String? = nil) throws -> [StationJournalHead] {
        try StationSchema.require(db)
        let rows = try db.exec("""
            SELECT journal_id::text, station, office, head_seq, head_hash FROM jingwu.journals
            WHERE $1::text IS NULL OR office = $1
                OR (length($1) >= 8 AND left(journal_id::text, length($1)) = lower($1))
            ORDER BY station COLLATE "C", office COLLATE "C", first_synced, journal_id
            """, [office])
        return (0..<rows.rowCount).map { row in
            StationJournalHead(journalID: rows.string(row, 0) ?? "", station: rows.string(row, 1) ?? "",
                               office: rows.string(row, 2) ?? "", headSeq: rows.int(row, 3) ?? -1,
                               headHash: rows.string(row, 4) ?? "")
        }
    }

    public func folder(_ journal: StationJournalHead) -> String { root + "/" + journal.journalID }
    public func journalPath(_ journal: StationJournalHead) -> String { folder(journal) + "/journal.jsonl" }

    /// Holds the journal's lock while `body` runs.
    public func locked<T>(_ journal: StationJournalHead, _ body: () throws -> T) throws -> T {
        try StationCache.makeFolder(folder(journal))
        let path = folder(journal) + "/lock"
        let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw JournalError.cannotCreate(path: path, errno: errno) }
        defer { _ = close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw JournalError.io(path: path, operation: "flock", errno: errno) }
        }
        return try body()
    }

    /// Brings the local copy of `journal` up to the station's head (call inside `locked`).
    public func refresh(_ db: PGConnection, _ journal: StationJournalHead, rebuild: Bool = false) throws -> StationCacheRefresh {
        let path = journalPath(journal)
        var last = rebuild ? nil : StationCache.lastLine(path: path)
        if let local = last {
            // The copy's last line must be the station's record of that seq (by its chain hash).
            let found = try db.exec("SELECT hash FROM jingwu.records WHERE journal_id = $1::uuid AND seq = $2::bigint",
                                    [journal.journalID, String(local.seq)])
            if Int64(local.seq) > journal.headSeq || found.rowCount != 1 || found.string(0, 0) != local.hash {
                Trace.mark("station cache \(journal.journalID): the copy's record \(local.seq) is not the station's; made again")
                last = nil
            }
        }
        let rebuilt = last == nil
        if rebuilt {
            // Whatever was there (a copy, its checkpoint, side files) goes: the copy is made again.
            let folder = self.folder(journal)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name != "lock" {
                _ = unlink(folder + "/" + name)
            }
        }
        let from = last.map { Int64($0.seq) } ?? -1
        guard journal.headSeq > from else { return StationCacheRefresh(path: path, fetched: 0, rebuilt: rebuilt) }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw JournalError.cannotCreate(path: path, errno: errno) }
        defer { _ = close(fd) }
        let checker = ChainChecker(previous: last.flatMap { RecordLines.unhex($0.hash) } ?? [UInt8](repeating: 0, count: 32))
        let (broken, expected, rest) = try Self.fetchChained(db, journalID: journal.journalID, after: from,
                                                             upTo: journal.headSeq, checker: checker, flushAt: 1 << 20) { lines in
            try StationCache.appendLocked(fd: fd, path: path, lines)
        }
        if let broken { throw StationCacheError.chainBroken(office: journal.office, journal: journal.journalID, seq: broken) }
        guard expected == journal.headSeq + 1 else {
            throw StationCacheError.chainBroken(office: journal.office, journal: journal.journalID, seq: expected)
        }
        try StationCache.appendLocked(fd: fd, path: path, rest)
        return StationCacheRefresh(path: path, fetched: Int(expected - from - 1), rebuilt: rebuilt)
    }

    /// The station's lines of `journalID` after seq `after` up to `upTo`, in seq order, each checked to
    /// continue the chain (`checker`) at the next seq. Lines, with their newlines, are handed to `emit`
    /// whenever `flushAt` bytes are held, never after the first record that does not continue. Returns
    /// that record's seq (nil when every one continued), the seq expected next, and the checked lines
    /// held since the last hand-over (the caller decides, from the first two, whether they go anywhere).
    static func fetchChained(_ db: PGConnection, journalID: String, after: Int64, upTo: Int64, checker: ChainChecker,
                             flushAt: Int, emit: ([UInt8]) throws -> Void) throws
        -> (broken: Int64?, next: Int64, rest: [UInt8]) {
        var expected = after + 1
        var buffer: [UInt8] = []
        buffer.reserveCapacity(min(flushAt, 1 << 20))
        var broken: Int64?
        try db.stream("""
            SELECT seq, line FROM jingwu.records WHERE journal_id = $1::uuid AND seq > $2::bigint AND seq <= $3::bigint
            ORDER BY seq
            """, [journalID, String(after), String(upTo)], binaryResult: true) { row in
            guard broken == nil else { return }
            let seq = row.withBytes(0, 0) { bytes in bytes.reduce(Int64(0)) { $0 << 8 | Int64($1) } }
            let ok = seq == expected && row.withBytes(0, 1) { line -> Bool in
                guard checker.accept(line) else { return false }
                buffer.append(contentsOf: line)
                buffer.append(10)
                return true
            }
            guard ok else { broken = expected; return }
            expected += 1
            if buffer.count >= flushAt {
                try emit(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        return (broken, expected, buffer)
    }

    /// Throws unless the copy, opened and verified, ends at the station's head.
    public static func confirm(_ journal: StationJournalHead, headSeq: UInt64, headHash: String) throws {
        guard Int64(headSeq) == journal.headSeq, headHash == journal.headHash else {
            throw StationCacheError.copyDiffers(office: journal.office, journal: journal.journalID)
        }
    }

    /// Writes `bytes` (whole lines) at the end of the file open at `fd` (`O_APPEND`), holding the file's
    /// own exclusive `flock` meanwhile: a console with the copy open (`FileJournal` takes that lock to
    /// read what was appended) never sees half a line.
    static func appendLocked(fd: Int32, path: String, _ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw JournalError.io(path: path, operation: "flock", errno: errno) }
        }
        defer { _ = flock(fd, LOCK_UN) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                throw JournalError.io(path: path, operation: "write", errno: errno)
            }
            written += n
        }
    }

    /// Seq and chain hash of the file's last line, when it ends in a whole line of a record's shape.
    static func lastLine(path: String) -> (seq: UInt64, hash: String)? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { _ = close(fd) }
        return lastLine(fd: fd, path: path)
    }

    /// The same, of the file open at `fd` for reading (`O_RDONLY` or `O_RDWR`: it is read with `pread`).
    static func lastLine(fd: Int32, path: String) -> (seq: UInt64, hash: String)? {
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size > 1 else { return nil }
        let size = Int(info.st_size)
        var window = 64 << 10
        while true {
            let start = max(0, size - window)
            var bytes = [UInt8](repeating: 0, count: size - start)
            guard pread(fd, &bytes, bytes.count, off_t(start)) == bytes.count, bytes.last == 10 else { return nil }
            let body = bytes.dropLast()
            if let newline = body.lastIndex(of: 10) {
                let line = Array(body[(newline + 1)...])
                return line.withUnsafeBytes { raw in RecordLines.decode(raw).map { ($0.seq, $0.hash) } }
            }
            if start == 0 {
                return Array(body).withUnsafeBytes { raw in RecordLines.decode(raw).map { ($0.seq, $0.hash) } }
            }
            guard window < 64 << 20 else { return nil }
            window *= 4
        }
    }

    /// Makes `path` (and its parents) with mode 0700.
    static func makeFolder(_ path: String) throws {
        var info = stat()
        if lstat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else { throw JournalError.notRegularFile(path: path) }
            return
        }
        let parent = PathText.parent(of: path)
        if parent != path, !parent.isEmpty, lstat(parent, &info) != 0 { try makeFolder(parent) }
        guard mkdir(path, 0o700) == 0 || errno == EEXIST else { throw JournalError.cannotCreate(path: path, errno: errno) }
    }
}

/// What the station's copy of a journal cannot give.
public enum StationCacheError: OperatorError, Equatable {
    /// The station's own records of a journal do not chain (run `station verify`).
    case chainBroken(office: String, journal: String, seq: Int64)
    /// The local copy, made afresh, still does not end at the station's head.
    case copyDiffers(office: String, journal: String)

    public var messageKey: String {
        switch self {
        case .chainBroken: return "station.report.error.chain_broken"
        case .copyDiffers: return "station.report.error.copy_differs"
        }
    }

    public var messageArgs: [String: String] {
        switch self {
        case .chainBroken(let office, let journal, let seq):
            return ["office": office, "journal": String(journal.prefix(8)), "seq": String(seq)]
        case .copyDiffers(let office, let journal):
            return ["office": office, "journal": String(journal.prefix(8))]
        }
    }

    public var exitCode: Int32 { ExitCode.damageFound }
}
