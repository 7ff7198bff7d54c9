import Foundation
import JingwuResources

/// What a full scan of a journal found (`jingwu verify`).
public struct VerifyReport: Sendable, Equatable {
    /// Valid records, the header included.
    public var count: Int
    public var headSeq: UInt64
    /// Chain hash of the last valid record, 64 lowercase hex digits.
    public var headHash: String
    /// The first damaged record, if any: its sequence number and 1-based line.
    public var damaged: (seq: UInt64, line: Int)? {
        get { damagedSeq.map { ($0, damagedLine) } }
        set {
            damagedSeq = newValue?.seq
            damagedLine = newValue?.line ?? 0
        }
    }
    /// True when some record after the damaged one still validates against its predecessor.
    public var laterRecordsValid: Bool
    /// Bytes of an unfinished tail after the last valid record (0 when none).
    public var tornBytes: Int
    /// True when the last record is whole and valid but lacks its final newline
    /// (counted in `count`; the next open for writing adds the newline).
    public var missingNewline = false

    private var damagedSeq: UInt64?
    private var damagedLine: Int = 0

    init(count: Int, headSeq: UInt64, headHash: String, damaged: (UInt64, Int)?, laterRecordsValid: Bool, tornBytes: Int) {
        self.count = count
        self.headSeq = headSeq
        self.headHash = headHash
        self.laterRecordsValid = laterRecordsValid
        self.tornBytes = tornBytes
        self.damaged = damaged
    }

    public var isIntact: Bool { damagedSeq == nil }
}

/// A prefix of the journal that a checkpoint vouches for: record `seq` has chain
/// hash `hash` and its line ends (newline included) at byte `offset`.
public struct TrustedPrefix: Sendable, Equatable {
    public var seq: UInt64
    /// Chain hash of record `seq`, 64 lowercase hex digits.
    public var hash: String
    /// Byte offset just after record `seq`'s newline.
    public var offset: Int

    public init(seq: UInt64, hash: String, offset: Int) {
        self.seq = seq
        self.hash = hash
        self.offset = offset
    }
}

/// The journal file: one JSON record per line, chained by SHA-256, appended
/// under an exclusive `flock` with one `write(2)` per record and `fdatasync`
/// before success is reported.
///
/// Opening scans every record (that is the verification), or, given a
/// `TrustedPrefix` that checks out, only the header, record N and what follows
/// it. A torn tail is moved
/// to a side file and cut off; damage before the tail opens the journal
/// read-only and every append is refused until a person runs `jingwu salvage`.
public final class FileJournal: Journal {
    public let path: String
    public private(set) var header: JournalHeader
    public private(set) var headSeq: UInt64 = 0
    public var headHash: String { RecordFormat.hex(position.previous) }
    public private(set) var notices: [JournalNotice] = []
    public private(set) var isReadOnly = false
    /// True when the file itself may only be read (read-only mount, or the user may
    /// not write it): opened read-only, reads work, every append is refused.
    public private(set) var isReadOnlyFile = false
    /// What opening found: count, head, damage (for a trusted open: of the header and the tail only).
    public private(set) var report: VerifyReport
    /// The prefix this open trusted instead of scanning it, or nil when it scanned everything.
    public private(set) var trustedPrefix: TrustedPrefix?
    /// Byte offset just after the last record this process has seen (for checkpoints).
    public var headOffset: Int { position.offset }

    private let io: FileIO
    private let fd: Int32
    private let clock: JournalClock
    private let encoder: RecordEncoder
    private let hasher = SHA256Hasher()
    private let lockTimeout: TimeInterval
    /// Where the last record this process has seen ends, and the chain there.
    private var position = ScanPosition()
    /// Every `indexStride`-th record's (seq, offset), for replay from a sequence number.
    private var index: [(seq: UInt64, offset: Int)] = []
    private static let indexStride: UInt64 = 4096
    /// Set when a sync failed: this instance never writes again.
    private var stopped = false
    /// Set when the file changed under this instance in a way appends never do.
    private var changed = false
    private var damage: (seq: UInt64, line: Int)?

    // MARK: Opening and creating

    /// Opens an existing journal. Throws `JournalError.missing` when there is none.
    ///
    /// With `trusting`, the records before the prefix's record N are not
    /// re-verified: open checks the header, that record N still ends at the
    /// prefix's offset with the prefix's hash, and that it chains from its
    /// predecessor's stored hash; then it scans only what follows. When any of
    /// that does not hold it scans the whole file as without a prefix.
    /// `jingwu verify` (`JournalInspector.verify`) always checks everything.
    public init(
        path: String, clock: JournalClock = SystemClock(), io: FileIO = PosixIO.shared, lockTimeout: TimeInterval = 10,
        offsetSeconds: Int = RFC3339.defaultOffsetSeconds, trusting prefix: TrustedPrefix? = nil,
        feeding feed: VerifiedFeed? = nil
    ) throws {
        self.path = path
        self.io = io
        self.clock = clock
        self.lockTimeout = lockTimeout
        self.encoder = RecordEncoder(offsetSeconds: offsetSeconds)
        // O_NONBLOCK: a FIFO planted at the path must not hang the open (it is refused below).
        var fd = io.open(path, O_RDWR | O_APPEND | O_NONBLOCK | O_CLOEXEC, 0)
        var readOnlyFile = false
        if fd < 0 {
            let code = errno
            if code == ENOENT { throw JournalError.missing(path: path) }
            if code == EISDIR { throw JournalError.notRegularFile(path: path) }
            guard code == EROFS || code == EACCES || code == EPERM else {
                throw JournalError.io(path: path, operation: "open", errno: code)
            }
            // A read-only mount or a file this user may only read: reads work, writes are refused.
            fd = io.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0)
            if fd < 0 { throw JournalError.io(path: path, operation: "open", errno: errno) }
            readOnlyFile = true
        }
        do {
            try FileJournal.requireRegular(fd, path: path, io: io)
        } catch {
            _ = io.close(fd)
            throw error
        }
        self.fd = fd
        if readOnlyFile {
            isReadOnlyFile = true
            isReadOnly = true
        }
        header = JournalHeader(formatVersion: 0, journalID: UUID(), station: "", office: "", created: Date())
        report = VerifyReport(count: 0, headSeq: 0, headHash: "", damaged: nil, laterRecordsValid: false, tornBytes: 0)
        // Every stored property is set: a throw from here on runs `deinit`, which closes `fd`
        // (closing it here too closed it twice: by then another thread may have been given the
        // same number for a file of its own).
        try openScan(trusting: prefix, feed: feed)
    }

    deinit {
        _ = io.close(fd)
    }

    /// Creates a new journal at `path` (refusing to overwrite) with its header
    /// record, the file 0600 and missing directories 0700, file and directory fsynced.
    public static func create(
        path: String, station: String, office: String, clock: JournalClock = SystemClock(), by: String = "system",
        journalID: UUID = UUID(), io: FileIO = PosixIO.shared, offsetSeconds: Int = RFC3339.defaultOffsetSeconds,
        forTests: Bool = false
    ) throws -> FileJournal {
        let directory = PathText.parent(of: path)
        try makeDirectories(directory.isEmpty ? "." : directory, io: io)
        let fd = io.open(path, O_RDWR | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o600)
        if fd < 0 {
            let code = errno
            if code == EEXIST { throw JournalError.alreadyExists(path: path) }
            throw JournalError.cannotCreate(path: path, errno: code)
        }
        // As for every record: a pinned clock only on a journal made for tests and demos.
        let clockTime = clock.isPinned && !forTests ? Date() : clock.now()
        let created = Date(timeIntervalSince1970: clockTime.timeIntervalSince1970.rounded(.down))
        var line: [UInt8] = []
        _ = RecordEncoder(offsetSeconds: offsetSeconds).encode(
            seq: 0, id: journalID, type: RecordFormat.headerType, version: 1, at: created, recorded: created, by: by,
            data: RecordEncoder.headerData(journalID: journalID, station: station, office: office, forTests: forTests),
            previous: RecordFormat.zeroHash, into: &line)
        var open = true
        do {
            try writeAll(io: io, fd: fd, path: path, line[...])
            guard io.fsync(fd) == 0 else { throw JournalError.syncFailed(path: path, errno: errno) }
            open = false
            _ = io.close(fd)
            try syncDirectory(of: path, io: io)
        } catch {
            // Nothing was acknowledged: do not leave a half-made journal behind. (`fd` closed once:
            // a second close could close another thread's file given the same number meanwhile.)
            if open { _ = io.close(fd) }
            _ = io.unlink(path)
            throw error
        }
        return try FileJournal(path: path, clock: clock, io: io, offsetSeconds: offsetSeconds)
    }

    /// The journal file, or its directory, that users other than the owner can get at.
    /// A shared sticky directory such as /tmp (mode 1777) is not reported: others cannot
    /// rename or delete our file there, and the file's own mode keeps its contents private.
    public static func permissionNotices(path: String, fileMode: UInt16? = nil, io: FileIO = PosixIO.shared) -> [JournalNotice] {
        var notices: [JournalNotice] = []
        if let mode = fileMode ?? io.stat(path)?.mode, mode & 0o077 != 0 {
            notices.append(.permissionsTooOpen(path: path, mode: mode))
        }
        let directory = FileJournal.directory(of: path)
        if let dir = io.stat(directory), dir.mode & 0o077 != 0, dir.mode & 0o1000 == 0 {
            // Name the folder the operator can find, not ".".
            let shown = directory == "." ? FileManager.default.currentDirectoryPath : directory
            notices.append(.permissionsTooOpen(path: shown, mode: dir.mode))
        }
        return notices
    }

    /// Reads every record once: checks the chain, finds the header, and sorts
    /// out a torn tail (moved aside) from damage (read-only).
    private func openScan(trusting prefix: TrustedPrefix?, feed: VerifiedFeed?) throws {
        guard let stat = io.fstat(fd) else { throw JournalError.io(path: path, operation: "fstat", errno: errno) }
        notices += FileJournal.permissionNotices(path: path, fileMode: stat.mode, io: io)
        var start = ScanPosition()
        if let prefix, let trusted = try checkPrefix(prefix, size: stat.size) {
            start = trusted
            trustedPrefix = prefix
        } else {
            index.removeAll()
        }
        var (scanned, problem) = try scanAndIndex(size: stat.size, from: start, feed: feed)
        if !isReadOnlyFile, problem?.isAtTail == true {
            // Another process may be in the middle of its write: look again under the lock.
            try lock()
            defer { unlock() }
            guard let now = io.fstat(fd) else { throw JournalError.io(path: path, operation: "fstat", errno: errno) }
            (scanned, problem) = try scanAndIndex(size: now.size, from: scanned, feed: feed)
            if case .unterminated(_, let bytes, _) = problem {
                try completeLastLine(end: scanned.offset + bytes)
                (scanned, problem) = try scanAndIndex(size: scanned.offset + bytes + 1, from: scanned, feed: feed)
                notices.append(.newlineCompleted(seq: scanned.headSeq))
            }
            if case .torn(let offset, let bytes) = problem, scanned.nextSeq > 0 {
                try moveAside(offset: offset, bytes: bytes)
                problem = nil
            }
        }
        guard scanned.nextSeq > 0 else {
            // No valid header: nothing here can be trusted or appended to.
            throw JournalError.damaged(path: path, seq: 0, line: 1)
        }
        position = scanned
        headSeq = scanned.headSeq
        var later = false
        if case .damaged(let seq, let line, _, let laterValid) = problem {
            isReadOnly = true
            damage = (seq, line)
            later = laterValid
            notices.append(.damaged(seq: seq, line: line))
        }
        var torn = 0
        if case .torn(_, let bytes) = problem { torn = bytes }
        // Only a journal that may not be written keeps such a record unfinished: not read until completed.
        if case .unterminated(_, let bytes, _) = problem { torn = bytes }
        report = VerifyReport(
            count: Int(scanned.nextSeq), headSeq: headSeq, headHash: headHash, damaged: damage, laterRecordsValid: later,
            tornBytes: torn)
    }

    /// Checks what a trusted open relies on: the header validates and record
    /// `prefix.seq` ends at `prefix.offset`, carries `prefix.hash`, and chains
    /// from the hash its predecessor stores. Returns the scan position after
    /// it, or nil when anything differs (the caller then scans everything).
    private func checkPrefix(_ prefix: TrustedPrefix, size: Int) throws -> ScanPosition? {
        guard prefix.seq >= 1, prefix.offset > 0, prefix.offset <= size, prefix.hash.utf8.count == 64 else { return nil }
        // The header: the first line, verified as the full scan would.
        guard let first = try readWindow(endingAt: min(size, 1 << 16), lines: 0, fromStart: true),
              let headerEnd = first.firstIndex(of: 10)
        else { return nil }
        var headerRead = false
        let (afterHeader, headerProblem) = try JournalScanner.scan(
            io: io, fd: fd, path: path, size: headerEnd + 1, from: ScanPosition(), hasher: hasher
        ) { line, _, _, _ in headerRead = (try? self.readHeader(line)) != nil }
        guard headerProblem == nil, afterHeader.nextSeq == 1, headerRead else { return nil }
        // Record N and its predecessor: the two lines that end at `prefix.offset`.
        guard let window = try readWindow(endingAt: prefix.offset, lines: 2, fromStart: false),
              window.last == 10
        else { return nil }
        let body = window.dropLast()
        guard let split = body.lastIndex(of: 10) else { return nil }
        let lineN = body[(split + 1)...]
        let previousLine = body[..<split]
        let previousStart = previousLine.lastIndex(of: 10).map { $0 + 1 } ?? previousLine.startIndex
        let previous = Array(previousLine[previousStart...])
        let storedBefore: [UInt8]? = previous.withUnsafeBytes { raw in
            guard RecordFormat.hasRecordShape(raw), RecordDecoder.seq(raw) == prefix.seq - 1 else { return nil }
            var out = [UInt8](repeating: 0, count: 32)
            let h = raw.count - 66
            for i in 0..<32 {
                guard let hi = RecordFormat.nibble(raw[h + 2 * i]), let lo = RecordFormat.nibble(raw[h + 2 * i + 1]) else {
                    return nil
                }
                out[i] = hi << 4 | lo
            }
            return out
        }
        guard let storedBefore else { return nil }
        let startN = prefix.offset - lineN.count - 1
        let from = ScanPosition(offset: startN, nextSeq: prefix.seq, line: Int(prefix.seq) + 1, previous: storedBefore)
        let (afterN, problem) = try JournalScanner.scan(
            io: io, fd: fd, path: path, size: prefix.offset, from: from, hasher: hasher)
        guard problem == nil, afterN.nextSeq == prefix.seq + 1, afterN.offset == prefix.offset,
              RecordFormat.hex(afterN.previous) == prefix.hash
        else { return nil }
        index = [(0, 0), (prefix.seq, startN)]
        return afterN
    }

    /// Reads the bytes before `end` until they hold `lines` + 1 newlines (or
    /// the file's start); with `fromStart`, simply bytes 0..<end. Nil when a line is absurdly long.
    private func readWindow(endingAt end: Int, lines: Int, fromStart: Bool) throws -> [UInt8]? {
        var want = fromStart ? end : min(end, 1 << 14)
        while true {
            let begin = end - want
            var bytes = [UInt8](repeating: 0, count: want)
            var got = 0
            while got < want {
                let n = bytes.withUnsafeMutableBytes { io.pread(fd, $0.baseAddress! + got, want - got, begin + got) }
                if n < 0 && errno == EINTR { continue }
                if n < 0 { throw JournalError.io(path: path, operation: "read", errno: errno) }
                if n == 0 { return nil }
                got += n
            }
            if fromStart || begin == 0 || bytes.reduce(0, { $0 + ($1 == 10 ? 1 : 0) }) > lines { return bytes }
            guard want < 1 << 26 else { return nil }
            want = min(end, want * 4)
        }
    }

    /// Scans from `start`, indexing records and reading the header when it passes by;
    /// each verified record goes to `feed` too (after the header has been read).
    private func scanAndIndex(size: Int, from start: ScanPosition, feed: VerifiedFeed?) throws -> (ScanPosition, ScanProblem?) {
        try JournalScanner.scan(io: io, fd: fd, path: path, size: size, from: start, hasher: hasher) { line, seq, offset, hash in
            if seq % FileJournal.indexStride == 0 { self.index.append((seq, offset)) }
            if seq == 0 { try self.readHeader(line) }
            feed?.add(line, seq: seq, hash: hash, path: self.path)
        }
    }

    private func readHeader(_ line: UnsafeRawBufferPointer) throws {
        guard let record = RecordDecoder.decode(line), record.type == RecordFormat.headerType,
              let object = try? JSONSerialization.jsonObject(with: record.data) as? [String: Any],
              let format = object["format"] as? Int, let journal = (object["journal"] as? String).flatMap(UUID.init(uuidString:)),
              let station = object["station"] as? String, let office = object["office"] as? String
        else { throw JournalError.damaged(path: path, seq: 0, line: 1) }
        header = JournalHeader(formatVersion: format, journalID: journal, station: station, office: office, created: record.recorded,
                               isForTests: object["purpose"] as? String == "test")
    }

    /// Moves a torn tail to a side file next to the journal, then cuts it off. Caller holds the lock.
    private func moveAside(offset: Int, bytes: Int) throws {
        var tail = [UInt8](repeating: 0, count: bytes)
        var got = 0
        while got < bytes {
            let n = tail.withUnsafeMutableBytes { io.pread(fd, $0.baseAddress! + got, bytes - got, offset + got) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw JournalError.io(path: path, operation: "read", errno: n < 0 ? errno : EIO) }
            got += n
        }
        // Written whole under a fresh temporary name, then linked to a name nothing
        // else has: never onto a file (or a symlink) already there.
        let stamp = FileJournal.compactStamp(clock.now())
        var side = path + ".torn-" + stamp
        var attempt = 1
        while true {
            do {
                try AtomicFile.write(tail, to: side, existing: .createSideFile, io: io)
                break
            } catch JournalError.alreadyExists, JournalError.protectedTarget {
                attempt += 1
                guard attempt <= 1000 else { throw JournalError.cannotCreate(path: side, errno: EEXIST) }
                side = path + ".torn-" + stamp + "-\(attempt)"
            }
        }
        // AtomicFile synced the folder: the side file's name survives a crash before the bytes leave the journal.
        guard io.ftruncate(fd, offset) == 0 else { throw JournalError.io(path: path, operation: "ftruncate", errno: errno) }
        guard io.fsync(fd) == 0 else {
            stopped = true
            throw JournalError.syncFailed(path: path, errno: errno)
        }
        try FileJournal.syncDirectory(of: path, io: io)
        notices.append(.tornTailRecovered(bytes: bytes, sideFile: side))
    }

    // MARK: Reading

    public func replay(from seq: UInt64, _ body: (JournalRecord) throws -> Void) throws {
        let end = position.offset
        guard seq <= headSeq else { return }
        let start = startOffset(atOrBefore: seq, end: end)
        var failure: Error?
        try readLines(from: start, to: end) { line in
            guard let s = RecordDecoder.seq(line), s >= seq else { return true }
            guard let record = RecordDecoder.decode(line) else {
                failure = JournalError.damaged(path: path, seq: s, line: Int(s) + 1)
                return false
            }
            try body(record)
            return true
        }
        if let failure { throw failure }
    }

    /// `replay(from:through:types:)` for the file: starts at the index entry at or before `seq`, stops after
    /// `last`, and decodes only lines whose type is wanted.
    func replayWindow(
        from seq: UInt64, through last: UInt64, types: Set<String>?, _ body: (JournalRecord) throws -> Void
    ) throws {
        let end = position.offset
        guard seq <= headSeq, seq <= last else { return }
        let start = startOffset(atOrBefore: seq, end: end)
        let wanted: [[UInt8]]? = types.map { $0.map { Array($0.utf8) } }
        var failure: Error?
        try readLines(from: start, to: end) { line in
            guard let s = RecordDecoder.seq(line) else { return true }
            if s < seq { return true }
            if s > last { return false }
            if let wanted, let type = RecordDecoder.typeBytes(line),
               !wanted.contains(where: { $0.count == type.count && $0.elementsEqual(type) }) {
                return true
            }
            guard let record = RecordDecoder.decode(line) else {
                failure = JournalError.damaged(path: path, seq: s, line: Int(s) + 1)
                return false
            }
            if let types, !types.contains(record.type) { return true }
            try body(record)
            return s < last
        }
        if let failure { throw failure }
    }

    /// Where to start reading to reach record `seq`: the start of a record at or
    /// before it, a few hundred records before it at most when bisecting.
    ///
    /// A full open indexes every `indexStride`-th record. An open that trusted a
    /// checkpoint's prefix knows only the start of the file and record N, so a
    /// window before N is found by bisecting the bytes between the nearest known
    /// records: read a little at the middle, take the record that starts after
    /// the first newline (JSON Lines: a newline only ever ends a record), compare
    /// its sequence number, halve. Each record found this way is kept in the index.
    /// Anything unexpected (no newline in the probe, a line that is not a record)
    /// stops the search at the best start known, which is always safe: readers
    /// skip records before the one they want.
    private func startOffset(atOrBefore seq: UInt64, end: Int) -> Int {
        var lower = (seq: UInt64(0), offset: 0)
        var upper = (seq: headSeq + 1, offset: end)
        for entry in index {
            if entry.seq <= seq { lower = entry } else { upper = entry; break }
        }
        let probe = 1 << 14
        var buffer = [UInt8](repeating: 0, count: probe)
        while seq - lower.seq > 256, upper.offset - lower.offset > 2 * probe {
            let middle = lower.offset + (upper.offset - lower.offset) / 2
            let count = min(probe, upper.offset - middle)
            let got = buffer.withUnsafeMutableBytes { io.pread(fd, $0.baseAddress!, count, middle) }
            guard got > 0, let newline = buffer[0..<got].firstIndex(of: 10), newline + 1 < got else { break }
            let lineStart = middle + newline + 1
            let found = buffer.withUnsafeBytes { RecordDecoder.seq(UnsafeRawBufferPointer(rebasing: $0[(newline + 1)..<got])) }
            guard let found, found > lower.seq, found < upper.seq, lineStart < upper.offset else { break }
            remember((found, lineStart))
            if found <= seq { lower = (found, lineStart) } else { upper = (found, lineStart) }
        }
        return lower.offset
    }

    /// Adds a record's start to the index, in order of sequence number.
    private func remember(_ entry: (seq: UInt64, offset: Int)) {
        guard index.count < 8192 else { return }
        let position = index.firstIndex { $0.seq >= entry.seq } ?? index.count
        if position < index.count, index[position].seq == entry.seq { return }
        index.insert(entry, at: position)
    }

    /// Calls `body` with every line (without newline) between two record boundaries; stops when it returns false.
    private func readLines(from start: Int, to end: Int, _ body: (UnsafeRawBufferPointer) throws -> Bool) throws {
        var capacity = 1 << 20
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var offset = start
        var filled = 0
        while offset + filled < end {
            if filled == capacity {
                let bigger = UnsafeMutableRawPointer.allocate(byteCount: capacity * 2, alignment: 16)
                bigger.copyMemory(from: buffer, byteCount: filled)
                buffer.deallocate()
                buffer = bigger
                capacity *= 2
            }
            let n = io.pread(fd, buffer + filled, min(capacity - filled, end - offset - filled), offset + filled)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw JournalError.io(path: path, operation: "read", errno: n < 0 ? errno : EIO) }
            filled += n
            var cursor = 0
            while let nl = memchr(buffer + cursor, 10, filled - cursor) {
                let lineEnd = buffer.distance(to: nl)
                let keepGoing = try body(UnsafeRawBufferPointer(start: buffer + cursor, count: lineEnd - cursor))
                cursor = lineEnd + 1
                if !keepGoing { return }
                if cursor >= filled { break }
            }
            if cursor > 0 {
                if filled > cursor { buffer.copyMemory(from: buffer + cursor, byteCount: filled - cursor) }
                offset += cursor
                filled -= cursor
            }
        }
    }

    public func refresh() throws -> [JournalRecord] {
        guard !isReadOnly else { return [] }
        try lock()
        defer { unlock() }
        return try catchUp()
    }

    // MARK: Appending

    @discardableResult
    public func append(_ build: (_ newcomers: [JournalRecord]) throws -> [EventDraft]) throws -> [JournalRecord] {
        try checkWritable()
        try lock()
        defer { unlock() }
        let newcomers = try catchUp()
        let drafts = try build(newcomers)
        guard !drafts.isEmpty else { return [] }
        for draft in drafts { try RecordEncoder.validate(draft) }

        let recorded = recordingTime()
        try RecordEncoder.checkTime(recorded, field: "recorded")
        var bytes: [UInt8] = []
        bytes.reserveCapacity(drafts.reduce(0) { $0 + $1.data.count + 320 })
        var bounds: [Int] = [0]
        var chain = position.previous
        for (i, draft) in drafts.enumerated() {
            chain = encoder.encode(
                seq: position.nextSeq + UInt64(i), id: draft.id, type: draft.type, version: draft.version, at: draft.at,
                recorded: recorded, by: draft.by, data: draft.data, previous: chain, into: &bytes)
            bounds.append(bytes.count)
        }
        // Read the lines back before writing them: what this process cannot
        // decode must not reach the file (it would stop every later replay).
        var records: [JournalRecord] = []
        records.reserveCapacity(drafts.count)
        try bytes.withUnsafeBytes { raw in
            for i in 0..<drafts.count {
                let line = UnsafeRawBufferPointer(rebasing: raw[bounds[i]..<(bounds[i + 1] - 1)])
                guard let record = RecordDecoder.decode(line) else {
                    throw JournalError.invalidData(type: drafts[i].type, reason: "the record would not read back")
                }
                records.append(record)
            }
        }
        let start = position.offset
        // Ahead of the next piece of a checkpoint this process is writing (`AppendsFirst`).
        let syncError = try AppendsFirst.shared.append { () throws -> Int32 in
            do {
                for i in 0..<drafts.count {
                    try FileJournal.writeAll(io: io, fd: fd, path: path, bytes[bounds[i]..<bounds[i + 1]])
                }
            } catch {
                undoPartialWrite(to: start)
                throw error
            }
            return io.fdatasync(fd) == 0 ? 0 : errno
        }
        guard syncError == 0 else {
            // The kernel may have dropped the dirty pages: nothing written from
            // now on can be trusted to reach the disk. Stop (do not retry).
            let code = syncError
            stopped = true
            giveBack(to: start)
            throw JournalError.syncFailed(path: path, errno: code)
        }
        advance(over: bytes.count, records: drafts.count, lastHash: chain, bounds: bounds, base: start)
        return records
    }

    /// Appends many records with one lock and one `fdatasync` at the end
    /// (generators, import). `next` returns nil when there are no more.
    /// Returns how many were written. Nothing is acknowledged until it returns.
    @discardableResult
    public func appendBulk(_ next: () throws -> EventDraft?) throws -> Int {
        try checkWritable()
        try lock()
        defer { unlock() }
        _ = try catchUp()
        let recorded = recordingTime()
        try RecordEncoder.checkTime(recorded, field: "recorded")
        let start = position.offset
        var chain = position.previous
        var seq = position.nextSeq
        var written = 0
        var pendingIndex: [(seq: UInt64, offset: Int)] = []
        var bytes: [UInt8] = []
        let chunk = 4 << 20
        bytes.reserveCapacity(chunk + 65536)
        var flushedEnd = start
        do {
            while let draft = try next() {
                try RecordEncoder.validate(draft)
                if seq % FileJournal.indexStride == 0 { pendingIndex.append((seq, flushedEnd + bytes.count)) }
                chain = encoder.encode(
                    seq: seq, id: draft.id, type: draft.type, version: draft.version, at: draft.at, recorded: recorded,
                    by: draft.by, data: draft.data, previous: chain, into: &bytes)
                seq += 1
                written += 1
                if bytes.count >= chunk {
                    try FileJournal.writeAll(io: io, fd: fd, path: path, bytes[...])
                    flushedEnd += bytes.count
                    bytes.removeAll(keepingCapacity: true)
                }
            }
            if !bytes.isEmpty {
                try FileJournal.writeAll(io: io, fd: fd, path: path, bytes[...])
                flushedEnd += bytes.count
            }
        } catch {
            if flushedEnd > start || !bytes.isEmpty { undoPartialWrite(to: start) }
            throw error
        }
        guard written > 0 else { return 0 }
        guard io.fdatasync(fd) == 0 else {
            let code = errno
            stopped = true
            giveBack(to: start)
            throw JournalError.syncFailed(path: path, errno: code)
        }
        index.append(contentsOf: pendingIndex)
        position.offset = flushedEnd
        position.previous = chain
        position.nextSeq = seq
        position.line += written
        headSeq = seq - 1
        return written
    }

    /// `recorded` is the system clock; a pinned clock (`--now`) only on a journal made for tests and demos.
    private func recordingTime() -> Date {
        clock.isPinned && !header.isForTests ? Date() : clock.now()
    }

    private func checkWritable() throws {
        if isReadOnlyFile { throw JournalError.readOnlyFile(path: path) }
        if stopped { throw JournalError.stopped(path: path) }
        if changed { throw JournalError.changedUnderneath(path: path) }
        if let damage { throw JournalError.damaged(path: path, seq: damage.seq, line: damage.line) }
    }

    /// After a failed sync: the records were reported as not written, so they
    /// must not stay in the file for later readers (or a retried command) to
    /// find. Best effort, still under the lock; this instance is stopped anyway.
    private func giveBack(to offset: Int) {
        _ = io.ftruncate(fd, offset)
    }

    /// After a failed write: cut the file back so no partial record remains.
    /// If even that fails, this instance stops writing.
    private func undoPartialWrite(to offset: Int) {
        if io.ftruncate(fd, offset) != 0 { stopped = true }
    }

    private func advance(over count: Int, records: Int, lastHash: [UInt8], bounds: [Int], base: Int) {
        for i in 0..<records {
            let seq = position.nextSeq + UInt64(i)
            if seq % FileJournal.indexStride == 0 { index.append((seq, base + bounds[i])) }
        }
        position.offset += count
        position.nextSeq += UInt64(records)
        position.line += records
        position.previous = lastHash
        headSeq = position.nextSeq - 1
    }

    /// Under the lock: reads and validates what other processes appended since
    /// this one last looked; cuts off a torn tail they left; refuses damage.
    private func catchUp() throws -> [JournalRecord] {
        guard let stat = io.fstat(fd) else { throw JournalError.io(path: path, operation: "fstat", errno: errno) }
        // Records this process saw must still be there, in the file at `path`:
        // a journal cut, rewritten or replaced (restored, moved into place)
        // under this instance would otherwise take appends into the wrong place.
        if try stat.size < position.offset || !sameFileAtPath() || !lastRecordUnchanged() {
            changed = true
            isReadOnly = true
            throw JournalError.changedUnderneath(path: path)
        }
        if stat.size == position.offset { return [] }
        var newcomers: [JournalRecord] = []
        var undecodable: UInt64?
        let (scanned, problem) = try JournalScanner.scan(
            io: io, fd: fd, path: path, size: stat.size, from: position, hasher: hasher
        ) { line, seq, offset, _ in
            if seq % FileJournal.indexStride == 0 { self.index.append((seq, offset)) }
            if let record = RecordDecoder.decode(line) { newcomers.append(record) } else if undecodable == nil { undecodable = seq }
        }
        position = scanned
        headSeq = scanned.headSeq
        switch problem {
        case .unterminated(_, let bytes, _)?:
            // Whole and valid but for its newline: completed, never moved aside (its seq stays taken).
            try completeLastLine(end: scanned.offset + bytes)
            let (completed, rest) = try JournalScanner.scan(
                io: io, fd: fd, path: path, size: scanned.offset + bytes + 1, from: scanned, hasher: hasher
            ) { line, seq, offset, _ in
                if seq % FileJournal.indexStride == 0 { self.index.append((seq, offset)) }
                if let record = RecordDecoder.decode(line) { newcomers.append(record) } else if undecodable == nil { undecodable = seq }
            }
            guard rest == nil, completed.nextSeq == scanned.nextSeq + 1 else {
                throw JournalError.io(path: path, operation: "read", errno: EIO)
            }
            position = completed
            headSeq = completed.headSeq
            notices.append(.newlineCompleted(seq: completed.headSeq))
        case .torn(let offset, let bytes)?:
            try moveAside(offset: offset, bytes: bytes)
        case .damaged(let seq, let line, _, _)?:
            isReadOnly = true
            damage = (seq, line)
            notices.append(.damaged(seq: seq, line: line))
            throw JournalError.damaged(path: path, seq: seq, line: line)
        case nil:
            break
        }
        if let undecodable { throw JournalError.damaged(path: path, seq: undecodable, line: Int(undecodable) + 1) }
        return newcomers
    }

    /// True unless `path` now names a different file than the one open here
    /// (or none). Throws when that cannot be found out (a failing `stat`).
    private func sameFileAtPath() throws -> Bool {
        guard let open = io.identity(fd) else { return true }
        guard let named = io.identity(path) else {
            let code = errno
            if code == ENOENT { return false }
            throw JournalError.io(path: path, operation: "stat", errno: code)
        }
        return named == open
    }

    /// True when the bytes just before `position.offset` are still the end of
    /// the last record this process saw: its hash, `"}` and the newline.
    private func lastRecordUnchanged() throws -> Bool {
        let expected = Array(RecordFormat.hex(position.previous).utf8) + [34, 125, 10]
        guard position.offset >= expected.count else { return true }
        var found = [UInt8](repeating: 0, count: expected.count)
        var got = 0
        while got < expected.count {
            let n = found.withUnsafeMutableBytes {
                io.pread(fd, $0.baseAddress! + got, expected.count - got, position.offset - expected.count + got)
            }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw JournalError.io(path: path, operation: "read", errno: errno) }
            if n == 0 { return false }
            got += n
        }
        return found == expected
    }

    // MARK: Locking and file helpers

    private func lock() throws {
        let deadline = Date().addingTimeInterval(lockTimeout)
        var pause: useconds_t = 100
        while io.flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            guard code == EWOULDBLOCK else { throw JournalError.io(path: path, operation: "flock", errno: code) }
            if Date() > deadline { throw JournalError.busy(path: path) }
            usleep(pause)
            pause = min(pause * 2, 5000)
        }
    }

    private func unlock() {
        _ = io.flock(fd, LOCK_UN)
    }

    /// Adds the newline a whole, valid last record lacks (its line ends at `end`), and
    /// syncs it. Caller holds the lock. A failed sync stops this instance, as an append's does.
    private func completeLastLine(end: Int) throws {
        guard let stat = io.fstat(fd) else { throw JournalError.io(path: path, operation: "fstat", errno: errno) }
        guard stat.size == end else { throw JournalError.changedUnderneath(path: path) }
        do {
            try FileJournal.writeAll(io: io, fd: fd, path: path, [10][...])
        } catch {
            undoPartialWrite(to: end)
            throw error
        }
        guard io.fdatasync(fd) == 0 else {
            stopped = true
            throw JournalError.syncFailed(path: path, errno: errno)
        }
    }

    /// Refuses (naming the file) anything but a regular file, and clears the
    /// `O_NONBLOCK` it was opened with so that a FIFO could not hang the open.
    static func requireRegular(_ fd: Int32, path: String, io: FileIO) throws {
        guard let type = io.fileType(fd) else { throw JournalError.io(path: path, operation: "fstat", errno: errno) }
        guard type == S_IFREG else { throw JournalError.notRegularFile(path: path) }
        let flags = io.fcntl(fd, F_GETFL, 0)
        guard flags >= 0, io.fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == 0 else {
            throw JournalError.io(path: path, operation: "fcntl", errno: errno)
        }
    }

    /// Writes all of `bytes`, looping on short writes and EINTR.
    static func writeAll(io: FileIO, fd: Int32, path: String, _ bytes: ArraySlice<UInt8>) throws {
        try bytes.withUnsafeBytes { try writeAll(io: io, fd: fd, path: path, $0) }
    }

    /// Every byte of `raw` (short writes completed, EINTR retried), without copying it.
    static func writeAll(io: FileIO, fd: Int32, path: String, _ raw: UnsafeRawBufferPointer) throws {
        guard let base = raw.baseAddress else { return }
        var done = 0
        while done < raw.count {
            let n = io.write(fd, base + done, raw.count - done)
            if n < 0 {
                let code = errno
                if code == EINTR { continue }
                throw JournalError.io(path: path, operation: "write", errno: code)
            }
            if n == 0 { throw JournalError.io(path: path, operation: "write", errno: EIO) }
            done += n
        }
    }

    static func directory(of path: String) -> String {
        let directory = PathText.parent(of: path)
        return directory.isEmpty ? "." : directory
    }

    /// fsync of the directory holding `path`, so a new or truncated name survives a crash.
    /// Gives the journal written at `temporary` (and its checkpoint, if any) its
    /// name `path`, refusing when `path` exists (a hard link cannot replace a
    /// file, so nothing already there is ever overwritten), then syncs the
    /// directory. For journals built whole before anyone may see them (`jingwu
    /// demo`): killed half-way, such a build leaves only its temporary file.
    public static func publish(temporary: String, as path: String) throws {
        if link(temporary, path) != 0 {
            let code = errno
            if code == EEXIST { throw JournalError.alreadyExists(path: path) }
            throw JournalError.io(path: path, operation: "link", errno: code)
        }
        _ = unlink(temporary)
        // The checkpoint goes along unless something jingwu must not replace is at its name
        // (a symlink, a FIFO, a journal): then the demo simply has none (it is only a cache).
        let checkpoint = temporary + ".checkpoint"
        if PosixIO.shared.linkType(checkpoint) != nil {
            // Only the regular file this demo wrote goes along (never a symlink planted at its name).
            let target = CheckpointFile.path(forJournal: path)
            if PosixIO.shared.linkType(checkpoint) != S_IFREG
                || (try? AtomicFile.check(target, existing: .replaceCheckpoint)) == nil || rename(checkpoint, target) != 0 {
                _ = unlink(checkpoint)
            }
        }
        try syncDirectory(of: path, io: PosixIO.shared)
    }

    static func syncDirectory(of path: String, io: FileIO) throws {
        let directory = self.directory(of: path)
        let dfd = io.open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)
        guard dfd >= 0 else { throw JournalError.io(path: directory, operation: "open", errno: errno) }
        defer { _ = io.close(dfd) }
        guard io.fsync(dfd) == 0 else { throw JournalError.syncFailed(path: directory, errno: errno) }
    }

    /// `mkdir -p` with mode 0700 for every directory it creates.
    static func makeDirectories(_ directory: String, io: FileIO) throws {
        if io.stat(directory) != nil { return }
        let parent = PathText.parent(of: directory)
        if !parent.isEmpty, parent != directory { try makeDirectories(parent, io: io) }
        if io.mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw JournalError.cannotCreate(path: directory, errno: errno)
        }
    }

    /// `20261123T093112`, for side-file names.
    static func compactStamp(_ date: Date) -> String {
        RFC3339.format(date).prefix(19).filter { $0 != "-" && $0 != ":" }
    }
}

// The `Journal` protocol's file facts, under the names it gives them.
extension FileJournal {
    public var filePath: String? { path }
    public var verifyReport: VerifyReport? { report }
    public var fileHeadOffset: Int? { headOffset }
}
