import Foundation
import JingwuJournal

/// The office's journal as the station knows it: its header's identity.
public struct JournalIdentity: Sendable, Equatable {
    public var journalID: UUID
    public var station: String
    public var office: String
    public var created: Date

    /// Reads the header (record 0) of the journal at `path`: the first line, checked against
    /// the zero hash. Throws `JournalError.missing` when there is no file, `.damaged` when the
    /// first line is not a valid header.
    public static func read(path: String) throws -> JournalIdentity {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                throw isDirectory.boolValue ? JournalError.notRegularFile(path: path)
                    : JournalError.io(path: path, operation: "open", errno: EACCES)
            }
            throw JournalError.missing(path: path)
        }
        defer { try? handle.close() }
        var bytes = Data()
        while bytes.count < 1 << 20 {
            guard let chunk = try? handle.read(upToCount: 64 << 10), !chunk.isEmpty else { break }
            bytes.append(chunk)
            if chunk.contains(10) { break }
        }
        guard let newline = bytes.firstIndex(of: 10) else { throw JournalError.damaged(path: path, seq: 0, line: 1) }
        let line = bytes[bytes.startIndex..<newline]
        let record: JournalRecord? = line.withUnsafeBytes { raw in
            ChainChecker().accept(raw) ? RecordLines.decode(raw) : nil
        }
        guard let record, record.seq == 0, record.type == "JournalCreated",
              let object = (try? JSONSerialization.jsonObject(with: record.data)) as? [String: Any],
              let id = (object["journal"] as? String).flatMap(UUID.init(uuidString:))
        else { throw JournalError.damaged(path: path, seq: 0, line: 1) }
        return JournalIdentity(journalID: id, station: object["station"] as? String ?? "",
                               office: object["office"] as? String ?? "", created: record.at)
    }
}

/// How far a sync has got (for a progress line on a terminal).
public struct SyncProgress: Sendable {
    /// Records pushed so far in this run.
    public var pushed: Int
    /// Bytes of the journal scanned so far, of `totalBytes`.
    public var scannedBytes: Int
    public var totalBytes: Int
    /// Seconds since the sync started.
    public var elapsed: Double
}

/// What a sync did.
public struct SyncResult: Sendable, Equatable {
    public var identity: JournalIdentity
    /// Records pushed by this run, in `batches` transactions.
    public var pushed: Int
    public var batches: Int
    /// The station's head for this journal after the run.
    public var headSeq: UInt64
    public var headHash: String
    /// Where the office journal's intact prefix ended, when it is damaged after it (only the
    /// intact prefix was pushed).
    public var localDamageSeq: UInt64?
    /// True when only what follows the station's head was read (its line found where the station last saw it).
    public var scannedFromHead = false
}

/// Pushes an office's journal to the station: every verified record after the station's head
/// for that journal, in batches, each batch one transaction (binary COPY into `jingwu.records`
/// and the head moved forward in `jingwu.journals`, checked on the server: the first record of
/// the batch chains from the head the station holds, the batch's seqs are contiguous).
///
/// Before anything is pushed, the journal's record at the station's head must carry the hash
/// the station holds there: the chain makes that one comparison cover every earlier record.
/// A journal that does not (rewritten, recomputed, truncated, an old backup restored) pushes
/// nothing; the first differing seq is found (a binary search against the station's hashes),
/// recorded as a row of `jingwu.conflicts`, and reported.
///
/// Two syncs of the same journal serialise on a session advisory lock; a killed sync leaves
/// only whole committed batches behind, and the next one continues from the head they reached.
public final class StationSync {
    public struct Options {
        /// Records per transaction.
        public var batchRecords: Int = 20_000
        /// Re-verify the whole journal against the station's head even when the head's line is where
        /// the station last saw it (`sync --full`).
        public var full = false
        /// Called at most a few times a second, and once at the end.
        public var progress: ((SyncProgress) -> Void)?
        /// Called after each committed batch with the number of batches so far (tests stop a sync there).
        public var afterBatch: ((Int) throws -> Void)?
        /// Called inside each batch's transaction once its COPY data is sent, before it ends (tests drop the connection there).
        public var insideBatch: ((Int) throws -> Void)?
        /// Opens a second connection to the same station: batches are then loaded over two at once,
        /// committed in order (ParallelSync.swift). Nil: one connection.
        public var secondConnection: (() throws -> PGConnection)?
        public init() {}
    }

    let db: PGConnection
    let path: String
    var options: Options

    public init(db: PGConnection, journalPath: String, options: Options = Options()) {
        self.db = db
        self.path = journalPath
        self.options = options
    }

    /// Runs the sync.
    public func run() throws -> SyncResult {
        try StationSchema.require(db)
        let identity = try JournalIdentity.read(path: path)
        let journal = identity.journalID.uuidString.lowercased()
        // An office role (row-level security) pushes only its own office's journal (StationRoles).
        let restricted = try StationSync.requireOwnOffice(db, office: identity.office)
        try StationSync.lock(db, journal)
        defer { StationSync.unlock(db, journal) }

        let head = try stationHead(journal)
        let stationHead = head.seq  // -1 when the station holds nothing of this journal
        let stationHash = head.hash
        let started = Date()
        let totalBytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        // The fast path: the station's head line is where the station last saw it, byte for byte
        // the station's copy; then only what follows is read (and verified from that hash on).
        var fromOffset: Int?
        if !options.full, stationHead >= 0, let offset = head.offset, offset <= totalBytes,
           try headLineMatches(journal: journal, seq: stationHead, offset: offset) {
            fromOffset = offset
        }
        var scanned = fromOffset ?? 0
        var lastProgress = 0.0
        var offsetAtHead: Int?

        // Local chain hashes up to the station's head (raw, 32 bytes each): only a conflict reads them.
        var localHashes: [UInt8] = []
        if stationHead >= 0, fromOffset == nil { localHashes.reserveCapacity(Int(stationHead + 1) * 32) }
        var matched = stationHead < 0 || fromOffset != nil
        var mismatchAtHead = false
        // Two connections only where COPY goes straight into the records table: an office role's batches
        // are staged (row-level security), over one connection.
        let batch: BatchSink
        if let second = options.secondConnection, !restricted {
            batch = ParallelBatchWriter(db: db, second: second, identity: identity, journal: journal, options: options)
        } else {
            let single = BatchWriter(db: db, identity: identity, journal: journal, options: options)
            single.staged = restricted
            batch = single
        }
        batch.expectedHeadSeq = stationHead
        batch.expectedHeadHash = stationHash

        func each(_ line: UnsafeRawBufferPointer, _ seq: UInt64) throws {
            scanned += line.count + 1
            let s = Int64(seq)
            if s <= stationHead {
                let hashHex = UnsafeRawBufferPointer(rebasing: line[(line.count - 66)..<(line.count - 2)])
                for i in 0..<32 {
                    localHashes.append(StationSync.nibble(hashHex[2 * i]) << 4 | StationSync.nibble(hashHex[2 * i + 1]))
                }
                if s == stationHead {
                    offsetAtHead = scanned
                    if String(decoding: hashHex, as: UTF8.self) == stationHash { matched = true } else { mismatchAtHead = true }
                }
                return
            }
            guard matched else { return }
            try batch.add(line, seq: seq, endOffset: scanned)
            if let progress = options.progress {
                let now = Date().timeIntervalSince(started)
                if now - lastProgress >= 0.25 {
                    lastProgress = now
                    progress(SyncProgress(pushed: batch.pushed, scannedBytes: scanned, totalBytes: totalBytes, elapsed: now))
                }
            }
        }

        let report: VerifyReport
        do {
            if let fromOffset, let hash = RecordLines.unhex(stationHash) {
                report = try RecordLines.scanVerified(path: path, after: UInt64(stationHead), endingAt: fromOffset, hash: hash, each)
            } else {
                report = try RecordLines.scanVerified(path: path, each)
            }
            try batch.finish()
        } catch {
            batch.abandon()
            throw error
        }
        options.progress?(SyncProgress(pushed: batch.pushed, scannedBytes: scanned, totalBytes: totalBytes,
                                       elapsed: Date().timeIntervalSince(started)))

        let localHead = Int64(report.damaged.map { $0.seq } ?? UInt64(report.count)) - 1
        if !matched {
            // The journal's record at the station's head differs, or the journal ends before it.
            let upper = min(localHead, stationHead)
            let first = try firstDifferingSeq(journal: journal, localHashes: localHashes, upTo: upper)
            // Damage before the station's head is a record that differs from the station's copy too.
            let kind = (first == nil && !mismatchAtHead && report.damaged == nil) ? "truncated" : "rewritten"
            let differing = first ?? UInt64(localHead + 1)
            let officeHeadSeq = max(localHead, 0)
            let officeHeadHash = localHead <= stationHead && localHead >= 0
                ? RecordLines.hex(Array(localHashes[Int(localHead) * 32..<Int(localHead + 1) * 32])) : report.headHash
            try StationSync.recordConflict(db, journal: journal, office: identity.office, kind: kind, firstDiffering: differing,
                                           stationHead: stationHead, stationHash: stationHash,
                                           officeHead: officeHeadSeq, officeHash: officeHeadHash)
            throw StationError.conflict(office: identity.office, journal: journal, seq: differing,
                                        stationHead: UInt64(stationHead), officeHead: UInt64(officeHeadSeq), kind: kind)
        }
        if batch.pushed == 0 {
            try db.exec("""
                UPDATE jingwu.journals SET last_synced = now(), last_sync_records = 0,
                    head_offset = coalesce($2::bigint, head_offset)
                WHERE journal_id = $1::uuid
                """, [journal, offsetAtHead.map(String.init)])
        }
        let final = try self.stationHead(journal)
        return SyncResult(identity: identity, pushed: batch.pushed, batches: batch.batches,
                          headSeq: UInt64(max(final.seq, 0)), headHash: final.hash,
                          localDamageSeq: report.damaged?.seq, scannedFromHead: fromOffset != nil)
    }

    func stationHead(_ journal: String) throws -> (seq: Int64, hash: String, offset: Int?) {
        try StationSync.stationHead(db, journal)
    }

    // MARK: Shared with `BundleImport`: one lock, one head, one conflict record per journal.

    /// Takes the session advisory lock that serialises every writer of `journal` (syncs and imports).
    /// Refuses an office role (row-level security) that would push another office's journal;
    /// true for an office role (its batches go through a staging table: no COPY under RLS).
    @discardableResult
    static func requireOwnOffice(_ db: PGConnection, office: String) throws -> Bool {
        let session = try StationRoles.sessionOffice(db)
        if session.restricted, session.office != office {
            throw StationRoleError.wrongOffice(role: try db.exec("SELECT current_user").string(0, 0) ?? "",
                                               roleOffice: session.office, journalOffice: office)
        }
        return session.restricted
    }

    static func lock(_ db: PGConnection, _ journal: String) throws {
        try db.exec("SELECT pg_advisory_lock(hashtextextended($1, 0))", ["jingwu.sync." + journal])
    }

    static func unlock(_ db: PGConnection, _ journal: String) {
        _ = try? db.exec("SELECT pg_advisory_unlock(hashtextextended($1, 0))", ["jingwu.sync." + journal])
    }

    /// Adds a row to `jingwu.conflicts` (outside any batch: it stays even though nothing is pushed).
    static func recordConflict(_ db: PGConnection, journal: String, office: String, kind: String, firstDiffering: UInt64,
                               stationHead: Int64, stationHash: String, officeHead: Int64, officeHash: String) throws {
        try db.exec("""
            INSERT INTO jingwu.conflicts (journal_id, office, kind, first_differing_seq, station_head_seq,
                station_head_hash, office_head_seq, office_head_hash)
            VALUES ($1::uuid, $2, $3, $4::bigint, $5::bigint, $6, $7::bigint, $8)
            """, [journal, office, kind, String(firstDiffering), String(stationHead), stationHash,
                  String(officeHead), officeHash])
    }

    /// The station's head for `journal`: seq (-1 and the zero hash before record 0 is held) and the
    /// offset in the office's file where the head's line ended when it was pushed.
    static func stationHead(_ db: PGConnection, _ journal: String) throws -> (seq: Int64, hash: String, offset: Int?) {
        let result = try db.exec("SELECT head_seq, head_hash, head_offset FROM jingwu.journals WHERE journal_id = $1::uuid",
                                 [journal])
        guard result.rowCount == 1, let seq = result.int(0, 0), let hash = result.string(0, 1) else {
            return (-1, RecordLines.hex(RecordLines.zeroHash), nil)
        }
        return (seq, hash, result.int(0, 2).map { Int($0) })
    }

    /// True when the line that ends (newline included) at `offset` in the journal is, byte for byte,
    /// the line the station holds for record `seq`.
    func headLineMatches(journal: String, seq: Int64, offset: Int) throws -> Bool {
        guard offset > 0, let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let from = max(0, offset - (1 << 20))
        guard (try? handle.seek(toOffset: UInt64(from))) != nil,
              let bytes = try? handle.read(upToCount: offset - from), bytes.count == offset - from,
              bytes.last == 10
        else { return false }
        let body = bytes.dropLast()
        let start = body.lastIndex(of: 10).map { $0 + 1 } ?? body.startIndex
        guard start > body.startIndex || from == 0 else { return false }
        let local = Data(body[start...])
        let result = try db.exec("SELECT line FROM jingwu.records WHERE journal_id = $1::uuid AND seq = $2::bigint",
                                 [journal, String(seq)], binaryResult: true)
        guard result.rowCount == 1 else { return false }
        return result.withBytes(0, 0) { Data($0) } == local
    }

    /// The first seq in 0…`upTo` whose local chain hash differs from the station's, or nil when all
    /// agree. Chain hashes agree at a seq only if they agree at every earlier one, so a binary search.
    func firstDifferingSeq(journal: String, localHashes: [UInt8], upTo: Int64) throws -> UInt64? {
        guard upTo >= 0 else { return nil }
        func agrees(_ seq: Int64) throws -> Bool {
            let result = try db.exec("SELECT hash FROM jingwu.records WHERE journal_id = $1::uuid AND seq = $2::bigint",
                                     [journal, String(seq)])
            let local = RecordLines.hex(Array(localHashes[Int(seq) * 32..<Int(seq + 1) * 32]))
            return result.rowCount == 1 && result.string(0, 0) == local
        }
        if try agrees(upTo) { return nil }
        var low: Int64 = 0, high = upTo  // the answer is in low…high; high disagrees
        while low < high {
            let mid = low + (high - low) / 2
            if try agrees(mid) { low = mid + 1 } else { high = mid }
        }
        return UInt64(low)
    }

    @inline(__always) static func nibble(_ c: UInt8) -> UInt8 {
        c >= 97 ? c - 87 : c - 48
    }
}

/// Builds one batch's binary COPY stream while the journal is scanned, and commits it.
final class BatchWriter {
    let db: PGConnection
    let identity: JournalIdentity
    let journal: String
    let options: StationSync.Options
    let encoder: CopyTupleEncoder

    var expectedHeadSeq: Int64 = -1
    var expectedHeadHash = ""
    /// Under row-level security (an office role): COPY into a temporary table, then INSERT … SELECT
    /// (PostgreSQL refuses COPY FROM into a table whose policies apply to the session).
    var staged = false
    private(set) var pushed = 0
    private(set) var batches = 0

    private var open = false
    private var inBatch = 0
    private var firstSeq: UInt64 = 0
    private var lastSeq: UInt64 = 0
    /// The last record's chain hash, 64 hex digits (overwritten in place: no allocation per record).
    private var lastHash = [UInt8](repeating: 48, count: 64)
    private var lastOffset = 0
    private let buffer = CopyBuffer(capacity: BatchWriter.flushBytes + 65536)
    private static let flushBytes = 1 << 20

    init(db: PGConnection, identity: JournalIdentity, journal: String, options: StationSync.Options) {
        self.db = db
        self.identity = identity
        self.journal = journal
        self.options = options
        encoder = CopyTupleEncoder(journalID: identity.journalID, office: identity.office)
    }

    /// `line` has passed a chain check (`RecordLines.scanVerified`, `ChainChecker.accept`): its shape is checked.
    func add(_ line: UnsafeRawBufferPointer, seq: UInt64, endOffset: Int) throws {
        if !open { try begin(seq) }
        guard let hashAt = encoder.append(line: line, into: buffer) else {
            throw StationError.server(sqlstate: "", detail: "record \(seq) does not decode")
        }
        inBatch += 1
        lastSeq = seq
        lastHash.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer.bytes[hashAt..<(hashAt + 64)])) }
        lastOffset = endOffset
        if buffer.count >= BatchWriter.flushBytes { try flush() }
        if inBatch >= options.batchRecords { try commit() }
    }

    func finish() throws {
        if open { try commit() }
    }

    /// After an error: roll back what is open (the server discards it anyway when the connection is gone).
    func abandon() {
        guard open else { return }
        open = false
        buffer.removeAll()
        _ = try? db.copyEnd()
        _ = try? db.exec("ROLLBACK")
    }

    private func begin(_ seq: UInt64) throws {
        try db.exec("BEGIN")
        open = true
        // Losing the last commits to a server crash loses nothing: the head moves in the same
        // transaction, and the next sync pushes those records again from the office's journal.
        try db.exec("SET LOCAL synchronous_commit = off")
        if expectedHeadSeq < 0 {
            try db.exec("""
                INSERT INTO jingwu.journals (journal_id, station, office, created, head_seq, head_hash)
                VALUES ($1::uuid, $2, $3, $4::timestamptz, -1, $5) ON CONFLICT (journal_id) DO NOTHING
                """, [journal, identity.station, identity.office, BatchWriter.iso(identity.created),
                      RecordLines.hex(RecordLines.zeroHash)])
        }
        let head = try db.exec("SELECT head_seq, head_hash FROM jingwu.journals WHERE journal_id = $1::uuid FOR UPDATE",
                               [journal])
        guard head.rowCount == 1, head.int(0, 0) == expectedHeadSeq, head.string(0, 1) == expectedHeadHash,
              Int64(seq) == expectedHeadSeq + 1
        else { throw StationError.headMoved(journal: journal) }
        firstSeq = seq
        inBatch = 0
        if staged {
            try db.exec("""
                CREATE TEMP TABLE IF NOT EXISTS jingwu_batch (journal_id uuid, seq bigint, event_id uuid, office text,
                    type text, v integer, at timestamptz, recorded timestamptz, by text, data json, hash text, line bytea)
                    ON COMMIT DELETE ROWS
                """)
        }
        try db.copyBegin("""
            COPY \(staged ? "pg_temp.jingwu_batch" : "jingwu.records") (journal_id, seq, event_id, office, type, v, at, recorded, by, data, hash, line)
            FROM STDIN (FORMAT binary)
            """)
        CopyTupleEncoder.header(into: buffer)
    }

    private func flush() throws {
        try db.copyData(buffer.bytes)
        buffer.removeAll()
    }

    private func commit() throws {
        CopyTupleEncoder.trailer(into: buffer)
        try flush()
        try options.insideBatch?(batches + 1)
        var inserted = try db.copyEnd()
        if staged {
            inserted = try db.exec("""
                INSERT INTO jingwu.records (journal_id, seq, event_id, office, type, v, at, recorded, by, data, hash, line)
                SELECT journal_id, seq, event_id, office, type, v, at, recorded, by, data, hash, line FROM pg_temp.jingwu_batch
                """).affectedRows
        }
        try BatchWriter.checkOnServer(db, journal: journal, afterSeq: expectedHeadSeq, afterHash: expectedHeadHash,
                                      firstSeq: firstSeq, lastSeq: lastSeq, count: inBatch, inserted: inserted)
        let moved = try db.exec("""
            UPDATE jingwu.journals SET head_seq = $2::bigint, head_hash = $3, last_synced = now(),
                last_sync_records = $5::bigint, head_offset = $6::bigint
            WHERE journal_id = $1::uuid AND head_seq = $4::bigint
            """, [journal, String(lastSeq), String(decoding: lastHash, as: UTF8.self), String(expectedHeadSeq), String(pushed + inBatch),
                  String(lastOffset)])
        guard moved.affectedRows == 1 else { throw StationError.headMoved(journal: journal) }
        try db.exec("COMMIT")
        open = false
        pushed += inBatch
        batches += 1
        expectedHeadSeq = Int64(lastSeq)
        expectedHeadHash = String(decoding: lastHash, as: UTF8.self)
        inBatch = 0
        try options.afterBatch?(batches)
    }

    // MARK: Binary COPY tuples

    /// The server's own check of a batch just inserted, in its transaction: its first record chains
    /// from the head the station held (`afterHash`, SHA-256 in SQL over the stored bytes), and its
    /// seqs are exactly the `count` after `afterSeq`, ending at `lastSeq`.
    ///
    /// The seqs: the statement inserted `inserted` rows (its command tag), and the journal's rows
    /// in `afterSeq < seq <= lastSeq` are `count` = `lastSeq - afterSeq`, so every row inserted is one
    /// of them and the range is whole. The station never holds a row past a journal's head (records
    /// and head move in one transaction, and each batch was checked so), so the range holds nothing
    /// else. The count reads only that range: a count or `max(seq)` reaching past it would also walk
    /// the next batch's rows that the other connection is inserting (not yet visible, but each one
    /// looked up in the table to find that out).
    static func checkOnServer(_ db: PGConnection, journal: String, afterSeq: Int64, afterHash: String,
                              firstSeq: UInt64, lastSeq: UInt64, count: Int, inserted: Int) throws {
        let check = try db.exec("""
            SELECT encode(sha256(decode($2, 'hex') || substring(line FROM 1 FOR octet_length(line) - 75)), 'hex') = hash
                AND convert_from(substring(line FROM octet_length(line) - 65 FOR 64), 'SQL_ASCII') = hash,
                (SELECT count(*) FROM jingwu.records WHERE journal_id = $1::uuid AND seq > $4::bigint AND seq <= $5::bigint)
            FROM jingwu.records WHERE journal_id = $1::uuid AND seq = $3::bigint
            """, [journal, afterHash, String(firstSeq), String(afterSeq), String(lastSeq)])
        let count = Int64(count)
        guard check.rowCount == 1, check.string(0, 0) == "t", check.int(0, 1) == count, Int64(inserted) == count,
              Int64(firstSeq) == afterSeq + 1, Int64(lastSeq) == afterSeq + count
        else { throw StationError.server(sqlstate: "", detail: "the station's check of records \(firstSeq)–\(lastSeq) failed") }
    }

    /// Whether PostgreSQL's JSON operators can read the data: they refuse the `\u0000` escape (jsonb
    /// would not store it; on a json column `->>` fails for the whole row). Such data stays in the
    /// line only and the `data` column holds NULL, so that a query over many rows never fails on one.
    static func queryable(_ data: Data) -> Bool {
        data.withUnsafeBytes { queryable($0) }
    }

    static func queryable(_ raw: UnsafeRawBufferPointer) -> Bool {
        guard let base = raw.baseAddress else { return true }
        var at = 0
        while at + 6 <= raw.count, let slash = memchr(base + at, 92, raw.count - at) {
            let i = base.distance(to: UnsafeRawPointer(slash))
            if i + 6 <= raw.count, raw[i + 1] == 117, raw[i + 2] == 48, raw[i + 3] == 48, raw[i + 4] == 48, raw[i + 5] == 48 {
                return false
            }
            at = i + 2  // an escape is two bytes at least: "\\u0000" is an escaped backslash, then text
        }
        return true
    }

    /// Microseconds since 2000-01-01 UTC (PostgreSQL's timestamptz).
    static func micros(_ date: Date) -> Int64 {
        Int64(((date.timeIntervalSince1970 - 946_684_800) * 1_000_000).rounded())
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

