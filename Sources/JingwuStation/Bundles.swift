import Foundation
import JingwuJournal
import JingwuResources

/// Offline transport for an office with no line to the station (a USB stick): `jingwu export
/// --since-seq N --out FILE` writes a bundle, `jingwu station import FILE` takes it in with the
/// same checks as a sync.
///
/// A bundle is a text file of lines:
///
///     jingwu-bundle 1
///     {"created":…,"firstOffset":…,"firstSeq":N,"journal":"<uuid>","office":…,"previousHash":…,"station":…}
///     <record 0's line: the journal's header record, as in the file>
///     <record N's line>
///     …
///     <record M's line>
///     jingwu-bundle-end {"count":K,"headHash":…,"lastSeq":M,"sha256":…}
///
/// Record lines are the journal's bytes exactly. `previousHash` is the chain hash of record N−1
/// (64 zeros when N is 0), so the body re-checks on its own; `firstOffset` is where record N's
/// line starts in the office's file (the next sync's quick path). The end line's `sha256` covers
/// every byte before the end line; `count`, `lastSeq` and `headHash` must equal what the body holds.
public enum BundleFormat {
    public static let magic = "jingwu-bundle 1"
    public static let endPrefix = "jingwu-bundle-end "
    static let zeroHashHex = String(repeating: "0", count: 64)

    /// One line of JSON, keys sorted (the same bytes for the same values).
    static func jsonLine(_ object: [String: Any]) -> [UInt8] {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return Array(data) + [10]
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// The 64 hex digits of the chain hash a record line carries (its tail).
    static func hashHex(_ line: UnsafeRawBufferPointer) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: line[(line.count - 66)..<(line.count - 2)]), as: UTF8.self)
    }
}

/// A bundle's fault, each with its own exit status and a one-line message in the operator's
/// language (`station.json`, `station.bundle.error.*`).
public enum BundleError: OperatorError, Equatable {
    /// No file at the path.
    case missing(path: String)
    /// A symlink, FIFO, directory or device where a bundle file should be.
    case notRegularFile(path: String, kind: String)
    /// A read failed.
    case io(path: String, errno: Int32)
    /// The file does not start with the bundle's first line.
    case notABundle(path: String)
    /// The file ends before its end line (cut short).
    case truncated(path: String)
    /// A byte differs from what was exported: `part` is `checksum` (the end line's sha256), `header`,
    /// `end` (the end line disagrees with the body) or `record` (record `seq` breaks the chain).
    case altered(path: String, part: String, seq: UInt64)
    /// The bundle's own record 0 is not the journal its first lines name.
    case anotherJournal(path: String, claimed: String, found: String)
    /// The bundle starts after the station's head for the journal (records in between are missing).
    case gap(office: String, firstSeq: UInt64, stationHead: Int64)
    /// The bundle's records overlap the station's copy and differ from it (recorded as a conflict).
    case conflict(office: String, seq: UInt64, stationHead: Int64, before: Bool)
    /// The station holds every record of the bundle already (equal, byte for byte): nothing written.
    case alreadyImported(office: String, firstSeq: UInt64, lastSeq: UInt64, stationHead: Int64)
    /// `export --since-seq N` with N past the journal's last record.
    case nothingToExport(since: UInt64, head: Int64)
    /// `export --out FILE` names a file that is already there (it is never written over).
    case outExists(path: String)

    public var messageKey: String {
        switch self {
        case .missing: return "station.bundle.error.missing"
        case .notRegularFile(_, let kind): return "station.bundle.error.not_regular." + kind
        case .io: return "station.bundle.error.io"
        case .notABundle: return "station.bundle.error.not_a_bundle"
        case .truncated: return "station.bundle.error.truncated"
        case .altered(_, let part, _): return "station.bundle.error.altered." + part
        case .anotherJournal: return "station.bundle.error.another_journal"
        case .gap(_, _, let head): return head < 0 ? "station.bundle.error.gap_new" : "station.bundle.error.gap"
        case .conflict(_, _, _, let before): return before ? "station.bundle.error.conflict_before" : "station.bundle.error.conflict"
        case .alreadyImported: return "station.bundle.error.already_imported"
        case .nothingToExport: return "station.bundle.error.nothing_to_export"
        case .outExists: return "station.bundle.error.out_exists"
        }
    }

    public var messageArgs: [String: String] {
        switch self {
        case .missing(let path), .notRegularFile(let path, _), .notABundle(let path), .truncated(let path), .outExists(let path):
            return ["path": path]
        case .io(let path, let code):
            return ["path": path, "detail": String(cString: strerror(code))]
        case .altered(let path, _, let seq):
            return ["path": path, "seq": String(seq)]
        case .anotherJournal(let path, let claimed, let found):
            return ["path": path, "claimed": claimed, "found": found]
        case .gap(let office, let first, let head):
            return ["office": office, "first": String(first), "station_head": String(head), "next": String(head + 1)]
        case .conflict(let office, let seq, let head, _):
            return ["office": office, "seq": String(seq), "station_head": String(head)]
        case .alreadyImported(let office, let first, let last, let head):
            return ["office": SafeText.line(office), "first": String(first), "last": String(last), "seq": String(head)]
        case .nothingToExport(let since, let head):
            return ["since": String(since), "head": String(head)]
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .missing, .notRegularFile: return ExitCode.noInput
        case .io: return ExitCode.ioError
        case .notABundle: return BundleExit.notABundle
        case .truncated: return BundleExit.truncated
        case .altered: return BundleExit.altered
        case .anotherJournal: return BundleExit.anotherJournal
        case .gap: return BundleExit.gap
        case .alreadyImported: return BundleExit.alreadyImported
        case .conflict, .nothingToExport: return ExitCode.dataError
        case .outExists: return ExitCode.cannotCreate
        }
    }
}

/// Exit statuses of a bundle's faults, past sysexits' range (each fault its own).
public enum BundleExit {
    public static let notABundle: Int32 = 79
    public static let truncated: Int32 = 80
    public static let altered: Int32 = 81
    public static let anotherJournal: Int32 = 82
    public static let gap: Int32 = 83
    public static let alreadyImported: Int32 = 84
}

// MARK: - Export

/// What an export wrote.
public struct BundleExportResult: Sendable, Equatable {
    public var identity: JournalIdentity
    public var firstSeq: UInt64
    public var lastSeq: UInt64
    public var count: Int
    public var headHash: String
    /// The end line's check sum.
    public var sha256: String
    public var bytes: Int
    /// Where the journal's intact prefix ended, when it is damaged after it (only that prefix was exported).
    public var localDamageSeq: UInt64?
}

public enum BundleExport {
    /// Writes the bundle of the journal at `journalPath` from record `sinceSeq` to its head into
    /// `out`: a new file (0600, never over an existing file or through a symlink, put in place
    /// whole: `AtomicFile`). Only records that verify go in, read without changing the journal.
    public static func write(journalPath: String, sinceSeq: UInt64, to out: String,
                             progress: ((SyncProgress) -> Void)? = nil) throws -> BundleExportResult {
        let identity = try JournalIdentity.read(path: journalPath)
        // The target first: a name that is taken or protected is refused before the journal is read.
        do {
            try AtomicFile.check(out, existing: .createNew)
        } catch JournalError.alreadyExists(let path) {
            throw BundleError.outExists(path: path)
        }
        let totalBytes = (try? FileManager.default.attributesOfItem(atPath: journalPath)[.size] as? Int) ?? 0
        let started = Date()
        var result = BundleExportResult(identity: identity, firstSeq: sinceSeq, lastSeq: 0, count: 0, headHash: "",
                                        sha256: "", bytes: 0, localDamageSeq: nil)
        do {
            try AtomicFile.write(to: out, existing: .createNew) { sink in
                let sha = SHA256Stream()
                var written = 0
                func emit(_ bytes: UnsafeRawBufferPointer) throws {
                    sha.update(bytes)
                    try sink(bytes)
                    written += bytes.count
                }
                func emit(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try emit($0) } }
                var record0: [UInt8] = []
                var previous = BundleFormat.zeroHashHex
                var offset = 0
                var lastProgress = 0.0
                let newline: [UInt8] = [10]
                let report = try RecordLines.scanVerified(path: journalPath) { line, seq in
                    defer { offset += line.count + 1 }
                    if seq == 0 { record0 = Array(line) }
                    if seq < sinceSeq {
                        if seq + 1 == sinceSeq { previous = BundleFormat.hashHex(line) }
                        return
                    }
                    if result.count == 0 {
                        try emit(Array((BundleFormat.magic + "\n").utf8))
                        try emit(BundleFormat.jsonLine([
                            "journal": identity.journalID.uuidString.lowercased(), "station": identity.station,
                            "office": identity.office, "created": BundleFormat.iso(identity.created),
                            "firstSeq": Int(sinceSeq), "previousHash": previous, "firstOffset": offset,
                        ]))
                        try emit(record0)
                        try emit(newline)
                    }
                    try emit(line)
                    try emit(newline)
                    result.count += 1
                    result.lastSeq = seq
                    result.headHash = BundleFormat.hashHex(line)
                    if let progress {
                        let now = Date().timeIntervalSince(started)
                        if now - lastProgress >= 0.25 {
                            lastProgress = now
                            progress(SyncProgress(pushed: result.count, scannedBytes: offset, totalBytes: totalBytes, elapsed: now))
                        }
                    }
                }
                guard result.count > 0 else {
                    let head = Int64(report.damaged.map { $0.seq } ?? UInt64(report.count)) - 1
                    throw BundleError.nothingToExport(since: sinceSeq, head: head)
                }
                result.localDamageSeq = report.damaged?.seq
                result.sha256 = sha.finish()
                let end = Array(BundleFormat.endPrefix.utf8) + BundleFormat.jsonLine([
                    "count": result.count, "lastSeq": Int(result.lastSeq), "headHash": result.headHash, "sha256": result.sha256,
                ])
                try end.withUnsafeBytes { try sink($0) }
                result.bytes = written + end.count
            }
        } catch JournalError.alreadyExists(let path) {
            throw BundleError.outExists(path: path)  // put there while the bundle was written
        }
        return result
    }
}

// MARK: - Reading a bundle

/// A bundle file, opened safely (no symlink followed, a FIFO never waited on), read whole, and
/// checked whole before anything reaches the station: first line, end line, check sum, the
/// journal's record 0, and the chain of its records from `previousHash`.
public final class BundleFile {
    public let path: String
    public let identity: JournalIdentity
    public let firstSeq: UInt64
    public let lastSeq: UInt64
    public let previousHash: String
    public let headHash: String
    public let sha256: String
    /// Where record `firstSeq`'s line starts in the office's file.
    public let firstOffset: Int
    public var count: Int { lineStarts.count - 1 }
    public var size: Int { held.count }

    /// The whole file, read into memory this object owns.
    private let held: UnsafeRawBufferPointer
    /// Start of record 0's line (the journal's header record).
    private let record0: Range<Int>
    /// Start of each body line, then the end of the body (the end line's start).
    private let lineStarts: [Int]

    /// Opens and checks the bundle at `path`; throws `BundleError` naming what is wrong.
    /// `progress` (a few times a second while the records are checked): records and bytes checked so far.
    public init(path: String, progress: ((SyncProgress) -> Void)? = nil) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            switch code {
            case ENOENT: throw BundleError.missing(path: path)
            case ELOOP: throw BundleError.notRegularFile(path: path, kind: "symlink")
            default: throw BundleError.io(path: path, errno: code)
            }
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw BundleError.io(path: path, errno: errno) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw BundleError.notRegularFile(path: path, kind: "directory")
        case S_IFIFO: throw BundleError.notRegularFile(path: path, kind: "fifo")
        default: throw BundleError.notRegularFile(path: path, kind: "other")
        }
        let size = Int(info.st_size)
        guard size > BundleFormat.magic.utf8.count else { throw BundleError.notABundle(path: path) }
        // Read into memory of our own (not mapped): what was checked is what is sent, even if the
        // file changes meanwhile (and a file cut short under us cannot fault the process).
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        var keep = false
        defer { if !keep { buffer.deallocate() } }
        var filled = 0
        while filled < size {
            let n = read(fd, buffer.baseAddress! + filled, size - filled)
            if n < 0, errno == EINTR { continue }
            if n < 0 { throw BundleError.io(path: path, errno: errno) }
            if n == 0 { break }
            filled += n
        }
        let base = buffer.baseAddress!
        let bytes = UnsafeRawBufferPointer(start: base, count: filled)

        // The first line names the format.
        let magic = Array((BundleFormat.magic + "\n").utf8)
        guard bytes.count >= magic.count, zip(bytes.prefix(magic.count), magic).allSatisfy({ $0 == $1 }) else {
            throw BundleError.notABundle(path: path)
        }
        // The end line: the file's last line, whole.
        guard bytes.last == 10 else { throw BundleError.truncated(path: path) }
        let beforeLast = UnsafeRawBufferPointer(rebasing: bytes[0..<(bytes.count - 1)])
        let endStart = (beforeLast.lastIndex(of: 10) ?? -1) + 1
        let endLine = UnsafeRawBufferPointer(rebasing: bytes[endStart..<(bytes.count - 1)])
        let prefix = Array(BundleFormat.endPrefix.utf8)
        guard endStart >= magic.count, endLine.count > prefix.count, zip(endLine.prefix(prefix.count), prefix).allSatisfy({ $0 == $1 })
        else { throw BundleError.truncated(path: path) }
        let endJSON = Data(UnsafeRawBufferPointer(rebasing: endLine[prefix.count...]))
        guard let end = (try? JSONSerialization.jsonObject(with: endJSON)) as? [String: Any],
              let count = (end["count"] as? NSNumber)?.intValue, let lastSeq = (end["lastSeq"] as? NSNumber)?.int64Value,
              let headHash = end["headHash"] as? String, let sha256 = end["sha256"] as? String
        else { throw BundleError.altered(path: path, part: "end", seq: 0) }
        // The check sum over everything before the end line.
        let digest = SHA256Stream()
        digest.update(UnsafeRawBufferPointer(rebasing: bytes[0..<endStart]))
        guard digest.finish() == sha256 else { throw BundleError.altered(path: path, part: "checksum", seq: 0) }

        // The header line.
        let headerEnd = bytes[magic.count..<endStart].firstIndex(of: 10)
        guard let headerEnd,
              let header = (try? JSONSerialization.jsonObject(with: Data(UnsafeRawBufferPointer(rebasing: bytes[magic.count..<headerEnd])))) as? [String: Any],
              let journalText = header["journal"] as? String, let journalID = UUID(uuidString: journalText),
              let station = header["station"] as? String, let office = header["office"] as? String,
              let firstSeq = (header["firstSeq"] as? NSNumber)?.int64Value, firstSeq >= 0,
              let previousHash = header["previousHash"] as? String, let previousRaw = RecordLines.unhex(previousHash),
              let firstOffset = (header["firstOffset"] as? NSNumber)?.intValue
        else { throw BundleError.altered(path: path, part: "header", seq: 0) }
        let created = (header["created"] as? String).flatMap { text -> Date? in
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return formatter.date(from: text)
        }

        // Record 0: the journal's own header record must name the journal the bundle names.
        let record0Start = headerEnd + 1
        guard record0Start < endStart, let record0End = bytes[record0Start..<endStart].firstIndex(of: 10) else {
            throw BundleError.altered(path: path, part: "record", seq: 0)
        }
        let record0Line = UnsafeRawBufferPointer(rebasing: bytes[record0Start..<record0End])
        let owner: JournalIdentity? = {
            guard ChainChecker().accept(record0Line), let record = RecordLines.decode(record0Line), record.seq == 0,
                  record.type == "JournalCreated",
                  let object = (try? JSONSerialization.jsonObject(with: record.data)) as? [String: Any],
                  let id = (object["journal"] as? String).flatMap(UUID.init(uuidString:))
            else { return nil }
            return JournalIdentity(journalID: id, station: object["station"] as? String ?? "",
                                   office: object["office"] as? String ?? "", created: record.at)
        }()
        guard let owner else { throw BundleError.altered(path: path, part: "record", seq: 0) }
        guard owner.journalID == journalID, owner.station == station, owner.office == office,
              created.map({ abs($0.timeIntervalSince(owner.created)) < 0.001 }) ?? true
        else {
            throw BundleError.anotherJournal(path: path, claimed: "\(office) \(journalText.lowercased())",
                                             found: "\(owner.office) \(owner.journalID.uuidString.lowercased())")
        }

        // The body: seqs from firstSeq without a gap, each chained from the one before (the
        // journal's own check), ending at the end line's seq and hash.
        var starts: [Int] = []
        starts.reserveCapacity(max(count, 0) + 1)
        let checker = ChainChecker(previous: previousRaw)
        var at = record0End + 1
        var expected = UInt64(firstSeq)
        let started = Date()
        var lastProgress = 0.0
        while at < endStart {
            guard let found = memchr(base + at, 10, endStart - at) else {
                throw BundleError.altered(path: path, part: "record", seq: expected)
            }
            let newline = base.distance(to: found)
            let line = UnsafeRawBufferPointer(rebasing: bytes[at..<newline])
            guard RecordLines.seq(line) == expected, checker.accept(line) else {
                throw BundleError.altered(path: path, part: "record", seq: expected)
            }
            if expected == 0, !line.elementsEqual(record0Line) { throw BundleError.altered(path: path, part: "record", seq: 0) }
            starts.append(at)
            at = newline + 1
            expected += 1
            if let progress, starts.count % 4096 == 0 {
                let now = Date().timeIntervalSince(started)
                if now - lastProgress >= 0.25 {
                    lastProgress = now
                    progress(SyncProgress(pushed: starts.count, scannedBytes: at, totalBytes: bytes.count, elapsed: now))
                }
            }
        }
        starts.append(endStart)
        guard starts.count - 1 == count, count > 0, Int64(expected) - 1 == lastSeq,
              RecordLines.hex(checker.previous) == headHash
        else { throw BundleError.altered(path: path, part: "end", seq: 0) }

        self.identity = JournalIdentity(journalID: journalID, station: station, office: office, created: owner.created)
        self.firstSeq = UInt64(firstSeq)
        self.lastSeq = UInt64(lastSeq)
        self.previousHash = previousHash
        self.headHash = headHash
        self.sha256 = sha256
        self.firstOffset = firstOffset
        self.held = bytes
        self.record0 = record0Start..<record0End
        self.lineStarts = starts
        keep = true
    }

    deinit { UnsafeMutableRawPointer(mutating: held.baseAddress)?.deallocate() }

    /// Record 0's line (without its newline).
    public var record0Line: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: held[record0]) }

    /// Record `seq`'s line (without its newline); `seq` in firstSeq…lastSeq.
    public func line(_ seq: UInt64) -> UnsafeRawBufferPointer {
        let i = Int(seq - firstSeq)
        return UnsafeRawBufferPointer(rebasing: held[lineStarts[i]..<(lineStarts[i + 1] - 1)])
    }

    /// Where record `seq`'s line ends (newline included) in the office's file.
    func endOffset(_ seq: UInt64) -> Int {
        let i = Int(seq - firstSeq)
        return firstOffset + lineStarts[i + 1] - lineStarts[0]
    }

    /// Bytes of the bundle up to the end of record `seq`'s line (for progress).
    func bytesThrough(_ seq: UInt64) -> Int { lineStarts[Int(seq - firstSeq) + 1] }
}

// MARK: - Import

/// What an import did.
public struct BundleImportResult: Sendable, Equatable {
    public var identity: JournalIdentity
    public var firstSeq: UInt64
    public var lastSeq: UInt64
    /// Records taken in by this run, in `batches` transactions (0: the station held them all).
    public var imported: Int
    public var batches: Int
    /// The station's head for this journal after the run.
    public var headSeq: UInt64
    public var headHash: String
}

/// Takes a checked bundle into the station by the sync's own path: the same advisory lock on
/// the journal, the same head, the same batches (`BatchWriter`, or `ParallelBatchWriter` over two
/// connections when `options.secondConnection` is set, as the sync's: binary COPY, the server's check
/// that the first record chains from the head it holds and the seqs are the next ones, the
/// head moved conditionally), the same conflict record.
///
/// The bundle must start at record 0 for a journal the station does not hold, and no later
/// than just after the station's head for one it holds. Where it overlaps what the station
/// holds, it must equal the station's copy byte for byte (record 0, the hash before its first
/// record, every overlapping line); then only what follows the head goes in. A bundle that the
/// station holds entirely writes nothing and is refused as already imported (its own exit status).
public final class BundleImport {
    let db: PGConnection
    let bundle: BundleFile
    var options: StationSync.Options

    public init(db: PGConnection, bundle: BundleFile, options: StationSync.Options = StationSync.Options()) {
        self.db = db
        self.bundle = bundle
        self.options = options
    }

    public func run() throws -> BundleImportResult {
        try StationSchema.require(db)
        let identity = bundle.identity
        let journal = identity.journalID.uuidString.lowercased()
        // An office role (row-level security) imports only its own office's bundles, as it syncs.
        let restricted = try StationSync.requireOwnOffice(db, office: identity.office)
        try StationSync.lock(db, journal)
        defer { StationSync.unlock(db, journal) }
        let head = try StationSync.stationHead(db, journal)

        if head.seq < 0 {
            guard bundle.firstSeq == 0 else { throw BundleError.gap(office: identity.office, firstSeq: bundle.firstSeq, stationHead: -1) }
        } else {
            guard Int64(bundle.firstSeq) <= head.seq + 1 else {
                throw BundleError.gap(office: identity.office, firstSeq: bundle.firstSeq, stationHead: head.seq)
            }
            if let differing = try firstDifference(journal: journal, stationHead: head.seq) {
                try StationSync.recordConflict(db, journal: journal, office: identity.office, kind: "rewritten",
                                               firstDiffering: differing.seq, stationHead: head.seq, stationHash: head.hash,
                                               officeHead: Int64(bundle.lastSeq), officeHash: bundle.headHash)
                throw BundleError.conflict(office: identity.office, seq: differing.seq, stationHead: head.seq,
                                           before: differing.before)
            }
        }
        var result = BundleImportResult(identity: identity, firstSeq: bundle.firstSeq, lastSeq: bundle.lastSeq,
                                        imported: 0, batches: 0, headSeq: UInt64(max(head.seq, 0)), headHash: head.hash)
        guard Int64(bundle.lastSeq) > head.seq else {  // held already: nothing written
            throw BundleError.alreadyImported(office: identity.office, firstSeq: bundle.firstSeq, lastSeq: bundle.lastSeq,
                                              stationHead: head.seq)
        }

        // Two connections as the sync's (`options.secondConnection`), except an office role's staged batches.
        let batch: BatchSink
        if let second = options.secondConnection, !restricted {
            batch = ParallelBatchWriter(db: db, second: second, identity: identity, journal: journal, options: options)
        } else {
            let single = BatchWriter(db: db, identity: identity, journal: journal, options: options)
            single.staged = restricted
            batch = single
        }
        batch.expectedHeadSeq = head.seq
        batch.expectedHeadHash = head.hash
        let started = Date()
        var lastProgress = 0.0
        do {
            for seq in UInt64(head.seq + 1)...bundle.lastSeq {
                try batch.add(bundle.line(seq), seq: seq, endOffset: bundle.endOffset(seq))
                if let progress = options.progress {
                    let now = Date().timeIntervalSince(started)
                    if now - lastProgress >= 0.25 {
                        lastProgress = now
                        progress(SyncProgress(pushed: batch.pushed, scannedBytes: bundle.bytesThrough(seq),
                                              totalBytes: bundle.size, elapsed: now))
                    }
                }
            }
            try batch.finish()
        } catch {
            batch.abandon()
            throw error
        }
        options.progress?(SyncProgress(pushed: batch.pushed, scannedBytes: bundle.size, totalBytes: bundle.size,
                                       elapsed: Date().timeIntervalSince(started)))
        let final = try StationSync.stationHead(db, journal)
        result.imported = batch.pushed
        result.batches = batch.batches
        result.headSeq = UInt64(max(final.seq, 0))
        result.headHash = final.hash
        return result
    }

    /// Where the bundle first differs from what the station holds (record 0; the hash before
    /// the bundle's first record, `before`: that record or an earlier one differs; then each
    /// overlapping line, byte for byte), or nil when they agree.
    func firstDifference(journal: String, stationHead: Int64) throws -> (seq: UInt64, before: Bool)? {
        let zero = try db.exec("SELECT line FROM jingwu.records WHERE journal_id = $1::uuid AND seq = 0", [journal], binaryResult: true)
        guard zero.rowCount == 1, zero.withBytes(0, 0, { $0.elementsEqual(bundle.record0Line) }) else { return (0, false) }
        if bundle.firstSeq > 0 {
            let previous = try db.exec("SELECT hash FROM jingwu.records WHERE journal_id = $1::uuid AND seq = $2::bigint",
                                       [journal, String(bundle.firstSeq - 1)])
            guard previous.rowCount == 1, previous.string(0, 0) == bundle.previousHash else { return (bundle.firstSeq - 1, true) }
        }
        let last = min(Int64(bundle.lastSeq), stationHead)
        guard last >= Int64(bundle.firstSeq) else { return nil }
        var expected = bundle.firstSeq
        var differing: UInt64?
        try db.stream("""
            SELECT seq, line FROM jingwu.records WHERE journal_id = $1::uuid AND seq BETWEEN $2::bigint AND $3::bigint ORDER BY seq
            """, [journal, String(bundle.firstSeq), String(last)], binaryResult: true) { row in
            guard differing == nil else { return }
            let seq = row.withBytes(0, 0) { raw in raw.reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
            if seq != expected || !row.withBytes(0, 1, { $0.elementsEqual(bundle.line(seq)) }) {
                differing = min(seq, expected)
            }
            expected += 1
        }
        if differing == nil, expected != UInt64(last) + 1 { differing = expected }
        return differing.map { ($0, false) }
    }
}
