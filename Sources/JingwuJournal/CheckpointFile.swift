import CCrypto
import Foundation
import JingwuResources

// A checkpoint beside the journal (`journal.jsonl.checkpoint`): an opaque
// projection state at sequence N with the chain hash of record N. It is only a
// cache, and an authenticated one: anyone who can write the office folder can
// write this file, so it is loaded only when it carries a valid tag under the
// installation's secret key (`CheckpointKey`, kept outside the journal's folder).
// Written atomically (temp file, fsync, rename, fsync the directory), mode 0600.
// Whether record N still has that hash is the caller's check against the journal.
// Anything else reads as "no checkpoint".
//
// Layout (format 3):
//   "JWCKPT\n"                          7 bytes of magic
//   header JSON (one line)              {"format":3,"journal":…,"seq":N,"hash":…,"offset":…,"fingerprint":…,
//                                        "payloadBytes":n,"blockBytes":b,"nonce":…,"saved":…}
//   "\n"
//   tag line (98 bytes)                 hex HMAC-SHA256(K, magic ‖ header JSON), " ",
//                                       hex tag of the block table (see below), "\n"
//   n payload bytes
//   the block table                     ⌈n / b⌉ tags of 16 bytes, one for each b bytes of the payload
//
// K is the installation key. Block i of the payload is tagged with Poly1305 under its own
// one-time key kᵢ = HMAC-SHA256(K, "jingwu-checkpoint-v3" ‖ nonce ‖ i as 4 bytes LE); the block
// table with Poly1305, under HMAC-SHA256(K, … ‖ nonce ‖ FF FF FF FF), over the header's HMAC ‖
// the table ‖ n as 8 bytes LE. The nonce is 16 random bytes, new at every save, so no one-time
// key ever tags two messages, and a block, or a whole table, taken from another checkpoint
// (another nonce) or from another place in this one (another i) does not check; the header's
// HMAC and n in the table's tag tie the table to this header, so a block cannot be dropped or added.
// The header HMAC is checked before its JSON is even parsed, the table's tag when the file is
// opened, and each block before any of its bytes are used (`CheckpointBytes.authentic`): a
// short-lived command that reads a few MB of a 110 MB station checkpoint checks those, not the
// whole payload (a pass over all of it, mapped in, was a third of a headless write's CPU time).
// Tags are compared in constant time. Why not HMAC-SHA256 over the payload: ~5× slower than Poly1305.
//
// `offset` (where record N's line ends in the journal) is optional: with it,
// the journal can open trusting the prefix up to N (see `TrustedPrefix`), which
// is sound only because the header is authenticated.

/// What a checkpoint says about itself.
public struct CheckpointHeader: Sendable, Equatable {
    /// The checkpoint file's own format version.
    public var format: Int
    public var journalID: UUID
    /// Sequence number of the last record folded into the state.
    public var seq: UInt64
    /// Chain hash of record `seq`, 64 lowercase hex digits.
    public var hash: String
    /// What the writer's build folds (schema and event versions); must equal the reader's.
    public var fingerprint: String
    /// Byte offset just after record `seq`'s newline in the journal, when known.
    public var offset: Int?
    /// When the writer saved it (its clock; authenticated with the rest of the header), when known.
    public var saved: Date?

    public init(format: Int = CheckpointFile.formatVersion, journalID: UUID, seq: UInt64, hash: String, fingerprint: String,
                offset: Int? = nil, saved: Date? = nil) {
        self.format = format
        self.journalID = journalID
        self.seq = seq
        self.hash = hash
        self.fingerprint = fingerprint
        self.offset = offset
        self.saved = saved
    }

    /// The journal prefix this checkpoint vouches for, when it knows where record `seq` ends.
    public var trustedPrefix: TrustedPrefix? {
        offset.map { TrustedPrefix(seq: seq, hash: hash, offset: $0) }
    }
}

/// Reading and writing checkpoint files.
public enum CheckpointFile {
    /// 3: authenticated block by block (header HMAC-SHA256, a Poly1305 tag for each block of the
    /// payload). A file of format 1 (XXH64, unkeyed) or 2 (one Poly1305 tag over the whole payload)
    /// reads as no checkpoint and is replaced at the next save.
    public static let formatVersion = 3
    static let magic: [UInt8] = Array("JWCKPT\n".utf8)
    static let label: [UInt8] = Array("jingwu-checkpoint-v3".utf8)
    /// Hex header HMAC (64), a space, hex tag of the block table (32), a newline.
    static let tagLineBytes = 64 + 1 + 32 + 1
    /// The payload is authenticated in blocks of this many bytes (the last one shorter).
    static let blockBytes = 1 << 18
    /// What a reader accepts as a header's block size: a power of two from 4 KiB to 64 MiB.
    static func isBlockSize(_ b: Int) -> Bool { b >= 1 << 12 && b <= 1 << 26 && b & (b - 1) == 0 }

    /// Where the checkpoint of `journalPath` lives.
    public static func path(forJournal journalPath: String) -> String { journalPath + ".checkpoint" }

    /// What a checkpoint that contradicts its journal is moved aside to: `<checkpoint>` + this + a compact time.
    public static let contradictedInfix = ".contradicted-"

    /// The checkpoints of `journalPath` moved aside because they contradicted it, oldest name first.
    public static func contradictedPaths(forJournal journalPath: String) -> [String] {
        let checkpoint = path(forJournal: journalPath)
        let directory = PathText.parent(of: checkpoint)
        let prefix = (checkpoint as NSString).lastPathComponent + contradictedInfix
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)) ?? []
        return names.filter { $0.hasPrefix(prefix) }.sorted().map { directory.isEmpty ? $0 : directory + "/" + $0 }
    }

    /// Writes `payload` with `header` to `path` atomically; the old file stays until the rename.
    public static func write(path: String, header: CheckpointHeader, payload: UnsafeRawBufferPointer,
                             key: CheckpointKey) throws {
        var nonce = [UInt8](repeating: 0, count: 16)
        var random = SystemRandomNumberGenerator()
        for i in nonce.indices { nonce[i] = random.next() }
        var object: [String: Any] = [
            "format": header.format, "journal": header.journalID.uuidString.lowercased(), "seq": header.seq,
            "hash": header.hash, "fingerprint": header.fingerprint, "payloadBytes": payload.count,
            "blockBytes": blockBytes, "nonce": hex(nonce),
        ]
        if let offset = header.offset { object["offset"] = offset }
        if let saved = header.saved { object["saved"] = RFC3339.format(saved, offsetSeconds: 0) }
        let json = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        var signed = magic
        signed.append(contentsOf: json)
        guard let (head, table) = sign(signed: signed, payload: payload, nonce: nonce, blockBytes: blockBytes, key: key)
        else { throw JournalError.io(path: path, operation: "authenticate", errno: 0) }
        // A fresh temporary (O_EXCL|O_NOFOLLOW, unpredictable name), fsync, rename, fsync the folder.
        try AtomicFile.write(to: path, existing: .replaceCheckpoint) { sink in
            try head.withUnsafeBytes { try sink($0) }
            try sink(payload)
            try table.withUnsafeBytes { try sink($0) }
        }
    }

    /// What goes before and after `payload` in a checkpoint whose header line (magic and JSON) is
    /// `signed`: that line, its newline and the tag line; and the block table.
    static func sign(signed: [UInt8], payload: UnsafeRawBufferPointer, nonce: [UInt8], blockBytes: Int,
                     key: CheckpointKey) -> (head: [UInt8], table: [UInt8])? {
        guard let headerTag = signed.withUnsafeBytes({ key.hmac($0) }),
              let table = blockTags(payload, nonce: nonce, blockBytes: blockBytes, key: key),
              let tableTag = tableTag(headerTag: headerTag, table: table, payloadBytes: payload.count, nonce: nonce, key: key)
        else { return nil }
        var head = signed
        head.append(10)
        head.append(contentsOf: Array((hex(headerTag) + " " + hex(tableTag) + "\n").utf8))
        return (head, table)
    }

    /// The one-time key of block `index` (0xFFFF_FFFF: the block table's).
    static func oneTimeKey(_ index: UInt32, nonce: [UInt8], key: CheckpointKey) -> [UInt8]? {
        var suffix = nonce
        withUnsafeBytes(of: index.littleEndian) { suffix.append(contentsOf: $0) }
        return label.withUnsafeBytes { l in suffix.withUnsafeBytes { n in key.hmac(l, n) } }
    }

    /// Block `index`'s tag (16 bytes written at `out`); false on a failure of the library.
    static func blockTag(_ payload: UnsafeRawBufferPointer, index: Int, blockBytes: Int, nonce: [UInt8], key: CheckpointKey,
                         into out: UnsafeMutablePointer<UInt8>) -> Bool {
        guard let k = oneTimeKey(UInt32(index), nonce: nonce, key: key) else { return false }
        let start = index * blockBytes, end = min(start + blockBytes, payload.count)
        return k.withUnsafeBufferPointer { k in
            jingwu_poly1305(k.baseAddress, payload.baseAddress.map { $0 + start }, end - start, nil, 0, out)
        } == 1
    }

    /// Every block's tag, in order (the second half computed on a thread of its own).
    static func blockTags(_ payload: UnsafeRawBufferPointer, nonce: [UInt8], blockBytes: Int, key: CheckpointKey) -> [UInt8]? {
        let blocks = (payload.count + blockBytes - 1) / blockBytes
        guard blocks < Int(UInt32.max) else { return nil }
        var table = [UInt8](repeating: 0, count: 16 * blocks)
        let failed = table.withUnsafeMutableBufferPointer { out -> Bool in
            // Addresses as numbers for the worker (each side writes only its own blocks' slots).
            let tableAt = Int(bitPattern: out.baseAddress), base = Int(bitPattern: payload.baseAddress), count = payload.count
            let half = blocks / 2
            let done = DispatchSemaphore(value: 0)
            let workerFailed = UnsafeMutablePointer<Bool>.allocate(capacity: 1)
            workerFailed.initialize(to: false)
            defer { workerFailed.deallocate() }
            let flagAt = Int(bitPattern: workerFailed)
            let worker = Thread {
                let payload = UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: base), count: count)
                for i in half..<blocks where !blockTag(payload, index: i, blockBytes: blockBytes, nonce: nonce, key: key,
                                                       into: UnsafeMutablePointer<UInt8>(bitPattern: tableAt)! + 16 * i) {
                    UnsafeMutablePointer<Bool>(bitPattern: flagAt)!.pointee = true
                    break
                }
                done.signal()
            }
            worker.start()
            var failed = false
            for i in 0..<half where !blockTag(payload, index: i, blockBytes: blockBytes, nonce: nonce, key: key,
                                              into: out.baseAddress! + 16 * i) {
                failed = true
                break
            }
            done.wait()
            return failed || workerFailed.pointee
        }
        return failed ? nil : table
    }

    /// The block table's tag: over the header's HMAC, the table and the payload's length.
    static func tableTag(headerTag: [UInt8], table: [UInt8], payloadBytes: Int, nonce: [UInt8], key: CheckpointKey) -> [UInt8]? {
        guard let k = oneTimeKey(UInt32.max, nonce: nonce, key: key) else { return nil }
        var message = headerTag
        message.append(contentsOf: table)
        withUnsafeBytes(of: UInt64(payloadBytes).littleEndian) { message.append(contentsOf: $0) }
        var out = [UInt8](repeating: 0, count: 16)
        let ok = k.withUnsafeBufferPointer { k in
            message.withUnsafeBytes { m in jingwu_poly1305(k.baseAddress, m.baseAddress, m.count, nil, 0, &out) }
        }
        return ok == 1 ? out : nil
    }

    /// Reads a checkpoint whose header and payload check out, or nil (missing,
    /// truncated, damaged, another format or fingerprint, not authentic under `key`).
    /// Never throws: a bad checkpoint costs only start-up time.
    public static func read(path: String, fingerprint: String, key: CheckpointKey) -> (header: CheckpointHeader, payload: [UInt8])? {
        guard let (header, bytes) = load(path: path, fingerprint: fingerprint, mapped: false, key: key) else { return nil }
        return (header, Array(bytes.payload))
    }

    /// As `read`, with the payload left where it was loaded: mapped from the file
    /// (`mapped`: no copy and no fresh memory, for short-lived commands; the file
    /// must not be cut short in place while the bytes are in use, which jingwu's
    /// own writers never do: they replace it by rename) or read into memory.
    /// Only a regular file owned by this user is read (no one else can change it in place).
    public static func load(path: String, fingerprint: String, mapped: Bool,
                            key: CheckpointKey) -> (header: CheckpointHeader, bytes: CheckpointBytes)? {
        guard let (head, bytes) = payload(path: path, fingerprint: fingerprint, mapped: mapped, key: key)
        else { return nil }
        guard bytes.authenticateAll() else {
            Trace.mark("checkpoint: payload does not authenticate; ignored")
            return nil
        }
        bytes.path = path
        return (head.header, bytes)
    }

    /// As `load`, with the payload's blocks checked as `decode` reads them (`CheckpointBytes.authentic`:
    /// every reader of a checkpoint's bytes asks before it reads). Mapped, only the blocks `decode` (and
    /// later whoever reads the state) reaches are checked: a short-lived command reads a small part of
    /// the payload. Read into memory, every block is checked, on a thread of its own while `decode`
    /// reads, and what `decode` returns is handed back only when all of them check out (so, as for
    /// every decoder of a checkpoint, `decode` must be total: it checks lengths, counts and offsets).
    /// A block that does not check out makes the read that reached it fail: `decode` then returns nil.
    public static func load<T>(path: String, fingerprint: String, mapped: Bool, key: CheckpointKey,
                               decodingWhileChecking decode: (CheckpointHeader, CheckpointBytes) -> T?)
        -> (header: CheckpointHeader, bytes: CheckpointBytes, value: T)? {
        guard let (head, bytes) = payload(path: path, fingerprint: fingerprint, mapped: mapped, key: key,
                                          readInBackground: !mapped)
        else { return nil }
        var authentic = true
        let value: T?
        if mapped {
            value = decode(head.header, bytes)
            authentic = !bytes.failedAuthentication
        } else {
            // The payload is read in on this worker while `decode` starts on the bytes already in
            // (a read past them waits for them: `CheckpointBytes.authentic`); then every block is checked.
            let checked = TagCheck()
            let worker = Thread { checked.finish(bytes.readRest() && bytes.authenticateAll(split: false)) }
            worker.start()
            value = decode(head.header, bytes)
            authentic = checked.wait()
        }
        guard authentic else {
            Trace.mark("checkpoint: payload does not authenticate; ignored")
            return nil
        }
        Trace.mark("checkpoint: \(bytes.authenticatedBlocks) of \(bytes.blockCount) blocks checked")
        guard let value else { return nil }
        bytes.path = path
        return (head.header, bytes, value)
    }

    /// An authentic header of this build's fingerprint and the payload it announces, mapped or
    /// read, with its authentic block table: the blocks themselves not yet checked.
    /// `readInBackground` (not mapped): the payload is left to `CheckpointBytes.readRest` to read in.
    private static func payload(path: String, fingerprint: String, mapped: Bool, key: CheckpointKey,
                                readInBackground: Bool = false)
        -> (head: (header: CheckpointHeader, object: [String: Any], headerTag: [UInt8], tableTag: [UInt8], size: Int,
                   payloadAt: Int), bytes: CheckpointBytes)? {
        let fd = Foundation.open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { _ = close(fd) }
        guard let head = authenticHead(fd, key: key),
              head.header.fingerprint == fingerprint,
              let nonce = (head.object["nonce"] as? String).flatMap({ unhex(Array($0.utf8)[...]) }), nonce.count == 16,
              let count = head.object["payloadBytes"] as? Int, count > 0, count < head.size,
              let block = head.object["blockBytes"] as? Int, isBlockSize(block)
        else { return nil }
        let blocks = (count + block - 1) / block
        guard head.size - head.payloadAt == count + 16 * blocks,
              let table = readAll(fd, count: 16 * blocks, at: head.payloadAt + count),
              let expected = tableTag(headerTag: head.headerTag, table: table, payloadBytes: count, nonce: nonce, key: key),
              equal(expected, head.tableTag)
        else {
            Trace.mark("checkpoint: block table does not authenticate; ignored")
            return nil
        }
        let authenticator = BlockAuthenticator(key: key, nonce: nonce, blockBytes: block, tags: table, payloadBytes: count)
        let bytes: CheckpointBytes?
        if mapped {
            bytes = CheckpointBytes(mapping: fd, size: head.payloadAt + count, payloadAt: head.payloadAt, authenticator: authenticator)
        } else if readInBackground {
            bytes = CheckpointBytes(readingLater: fd, count: count, at: head.payloadAt, authenticator: authenticator)
        } else {
            bytes = CheckpointBytes(reading: fd, count: count, at: head.payloadAt, authenticator: authenticator)
        }
        guard let bytes else { return nil }
        Trace.mark("checkpoint: \(mapped ? "mapped" : readInBackground ? "being read" : "read")")
        return (head, bytes)
    }

    /// The outcome of a tag checked on another thread.
    private final class TagCheck: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var ok = false
        func finish(_ result: Bool) { ok = result; done.signal() }
        func wait() -> Bool { done.wait(); return ok }
    }

    /// Only the header of the checkpoint (or a checkpoint moved aside) at `path`, when it
    /// authenticates under `key` and is of this format, whatever build wrote it and whether or
    /// not its payload still checks out: what this installation saw of its journal (record
    /// `seq` had chain hash `hash`). The payload is not read.
    public static func readHeader(path: String, key: CheckpointKey) -> CheckpointHeader? {
        let fd = Foundation.open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { _ = close(fd) }
        return authenticHead(fd, key: key)?.header
    }

    /// The header of the file open at `fd`, authenticated before its JSON is parsed, and what
    /// checking the payload needs. Only a regular file owned by this user is read.
    private static func authenticHead(_ fd: Int32, key: CheckpointKey)
        -> (header: CheckpointHeader, object: [String: Any], headerTag: [UInt8], tableTag: [UInt8], size: Int, payloadAt: Int)? {
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == geteuid(),
              let size = PosixIO.shared.fstat(fd)?.size, size > magic.count,
              let head = readAll(fd, count: min(size, 1 << 16), at: 0), Array(head[0..<magic.count]) == magic,
              let newline = head[magic.count...].firstIndex(of: 10),
              head.count >= newline + 1 + tagLineBytes, head[newline + tagLineBytes] == 10,
              let headerTag = unhex(head[(newline + 1)..<(newline + 65)]), head[newline + 65] == 32,
              let tableTag = unhex(head[(newline + 66)..<(newline + 98)])
        else {
            Trace.mark("checkpoint: absent or not of this format")
            return nil
        }
        let signed = Array(head[0..<newline])
        // The header is authenticated before its JSON is parsed.
        guard let expected = signed.withUnsafeBytes({ key.hmac($0) }), equal(expected, headerTag) else {
            Trace.mark("checkpoint: header does not authenticate; ignored")
            return nil
        }
        let json = Data(head[magic.count..<newline])
        guard let object = try? JSONSerialization.jsonObject(with: json) as? [String: Any],
              let format = object["format"] as? Int, format == formatVersion,
              let journal = (object["journal"] as? String).flatMap(UUID.init(uuidString:)),
              let seq = (object["seq"] as? NSNumber)?.uint64Value,
              let hash = object["hash"] as? String, hash.utf8.count == 64,
              let print = object["fingerprint"] as? String
        else { return nil }
        var offset: Int?
        if let value = object["offset"] {
            guard let number = value as? Int, number > 0 else { return nil }
            offset = number
        }
        var saved: Date?
        if let value = object["saved"] {
            guard let text = value as? String, let date = RFC3339.parse(text) else { return nil }
            saved = date
        }
        let header = CheckpointHeader(format: format, journalID: journal, seq: seq, hash: hash, fingerprint: print,
                                      offset: offset, saved: saved)
        return (header, object, headerTag, tableTag, size, newline + 1 + tagLineBytes)
    }

    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.count == b.count && a.withUnsafeBytes { x in b.withUnsafeBytes { y in jingwu_equal(x.baseAddress, y.baseAddress, a.count) == 1 } }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Lowercase hex digits to bytes; nil for anything else.
    static func unhex(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        func digit(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 97...102: return c - 87
            default: return nil
            }
        }
        var out = [UInt8]()
        out.reserveCapacity(text.count / 2)
        var i = text.startIndex
        while i < text.endIndex {
            guard let high = digit(text[i]), let low = digit(text[i + 1]) else { return nil }
            out.append(high << 4 | low)
            i += 2
        }
        return out
    }

    /// Removes a checkpoint (and does not mind if there is none).
    public static func remove(path: String) { _ = unlink(path) }

    /// Exactly `count` bytes at `offset` (the payload straight into its own array: no copy of the file).
    private static func readAll(_ fd: Int32, count: Int, at offset: Int) -> [UInt8]? {
        var failed = false
        let out = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var got = 0
            while got < count {
                let n = pread(fd, buffer.baseAddress! + got, count - got, off_t(offset + got))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { failed = true; break }
                got += n
            }
            if failed { buffer.baseAddress!.initialize(repeating: 0, count: count) }
            initialized = count
        }
        return failed ? nil : out
    }

}

/// A checkpoint's payload, kept alive as long as anything decoded from it
/// refers to its bytes: a private read-only mapping of the file, or a buffer
/// the file was read into. Immutable once made.
///
/// Bytes loaded from a checkpoint file are authenticated block by block: whoever reads them
/// asks `authentic(range)` first (the checkpoint's reader does for every value it reads, a
/// column for every value it hands out) and must not use bytes for which it says false.
public final class CheckpointBytes: @unchecked Sendable {
    /// The payload.
    public let payload: UnsafeRawBufferPointer
    /// The checkpoint file these bytes came from, when they came from one.
    public internal(set) var path: String?
    private let region: UnsafeMutableRawPointer
    private let regionSize: Int
    fileprivate let mapped: Bool
    /// Set for bytes still to be read in (`init(readingLater:…)`): how far they are.
    private let filling: Filling?
    /// The file and offset `readRest` reads from (its own descriptor, closed once read).
    private var pendingRead: (fd: Int32, offset: Int)?
    private let flagLock = NSLock()
    private var isDiscarded = false
    /// Checks the blocks of bytes loaded from a file; nil for bytes made in this process.
    private let authenticator: BlockAuthenticator?
    /// The authenticator's block states and block size as a shift, read by the inlined fast path of
    /// `authentic` (a block's state is set once, after its check: read as 1, it was checked).
    @usableFromInline let checkState: UnsafeMutablePointer<UInt8>?
    @usableFromInline let checkShift: Int

    /// True once a part of these bytes turned out not to decode: nothing may be saved from them.
    public var discarded: Bool { flagLock.withLock { isDiscarded } }
    /// Marks these bytes as not to be trusted any further (see `discarded`).
    public func discard() { flagLock.withLock { isDiscarded = true } }

    /// True when every byte of `range` (payload offsets) lies in blocks whose tags check out:
    /// the blocks not checked yet are checked now (once, whoever asks first). False for a range
    /// outside the payload. Always true for bytes made in this process.
    @inlinable @inline(__always)
    public func authentic(_ range: Range<Int>) -> Bool {
        guard let state = checkState else { return true }
        // A range inside one block already checked: the one test a read in place then makes.
        if range.lowerBound >= 0, range.lowerBound < range.upperBound, range.upperBound <= payload.count,
           range.lowerBound >> checkShift == (range.upperBound - 1) >> checkShift,
           state[range.lowerBound >> checkShift] == 1 {
            return true
        }
        return authenticSlowly(range)
    }

    @usableFromInline
    func authenticSlowly(_ range: Range<Int>) -> Bool {
        guard let authenticator else { return true }
        // Still being read in (`readRest`): a block is checked once all of it is in, never before.
        if let filling, range.lowerBound >= 0, range.lowerBound < range.upperBound, range.upperBound <= payload.count {
            let block = authenticator.blockBytes
            guard filling.wait(for: min(payload.count, (range.upperBound + block - 1) / block * block)) else { return false }
        }
        return authenticator.check(range, payload)
    }

    /// Reads in the payload of bytes made by `init(readingLater:…)`, a piece at a time, each piece
    /// readable (`authentic`) as soon as it is in; true once all of it is. False when the file ended
    /// early or could not be read: every read waiting for the rest then fails. True at once for bytes
    /// read some other way.
    public func readRest() -> Bool {
        guard let filling, let pending = pendingRead else { return true }
        pendingRead = nil
        defer { _ = close(pending.fd) }
        let count = payload.count
        var got = 0
        while got < count {
            let want = min(count - got, CheckpointBytes.readPiece)
            let n = pread(pending.fd, region + got, want, off_t(pending.offset + got))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                filling.fail()
                return false
            }
            got += n
            filling.advance(to: got)
        }
        return true
    }

    /// How much `readRest` reads at a time.
    static let readPiece = 4 << 20

    /// Checks every block not checked yet (the second half on a thread of its own with `split`);
    /// true when all check out.
    @discardableResult
    public func authenticateAll(split: Bool = true) -> Bool {
        guard let authenticator else { return true }
        return authenticator.checkAll(payload, split: split)
    }

    /// The size of the blocks the payload is checked in; 0 for bytes made in this process.
    public var blockSize: Int { authenticator?.blockBytes ?? 0 }

    /// True once a block was found not to check out: these bytes must not be used or saved from.
    public var failedAuthentication: Bool { authenticator?.failed ?? false }
    /// How many blocks have been checked (and found authentic) so far, and how many there are.
    public var authenticatedBlocks: Int { authenticator?.checkedCount ?? 0 }
    public var blockCount: Int { authenticator?.blocks ?? 0 }

    /// A copy of `bytes`.
    public convenience init(copying bytes: [UInt8]) {
        self.init(allocating: bytes.count, authenticator: nil)
        bytes.withUnsafeBytes { source in
            if let from = source.baseAddress, !source.isEmpty { region.copyMemory(from: from, byteCount: source.count) }
        }
    }

    private init(allocating count: Int, authenticator: BlockAuthenticator?, filling: Filling? = nil) {
        self.filling = filling
        region = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 16)
        regionSize = count
        mapped = false
        payload = UnsafeRawBufferPointer(start: region, count: count)
        self.authenticator = authenticator
        checkState = authenticator?.stateBytes
        checkShift = authenticator?.shift ?? 62
    }

    /// `count` bytes of `fd` from `offset`, to be read into memory by `readRest` (on another thread)
    /// while they are read: a read (`authentic`) of bytes not yet in waits for them. `fd` is duplicated
    /// (the caller closes its own); nil when it cannot be.
    convenience init?(readingLater fd: Int32, count: Int, at offset: Int, authenticator: BlockAuthenticator) {
        let own = fcntl(fd, F_DUPFD_CLOEXEC, 0)
        guard own >= 0 else { return nil }
        self.init(allocating: count, authenticator: authenticator, filling: Filling())
        pendingRead = (own, offset)
    }

    /// Exactly `count` bytes of `fd` from `offset`, read into memory; nil when the file is shorter.
    convenience init?(reading fd: Int32, count: Int, at offset: Int, authenticator: BlockAuthenticator?) {
        self.init(allocating: count, authenticator: authenticator)
        var got = 0
        while got < count {
            let n = pread(fd, region + got, count - got, off_t(offset + got))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            got += n
        }
    }

    /// Maps `size` bytes of `fd` read-only; the payload starts at `payloadAt`. The pages are
    /// not populated (`MAP_POPULATE` took a headless write's opening thread several ms for 95 MB):
    /// only what is read (and so checked) is faulted in.
    init?(mapping fd: Int32, size: Int, payloadAt start: Int, authenticator: BlockAuthenticator?) {
        guard size > start else { return nil }
        filling = nil
        guard let pointer = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), pointer != MAP_FAILED else { return nil }
        region = pointer
        regionSize = size
        mapped = true
        payload = UnsafeRawBufferPointer(start: pointer + start, count: size - start)
        self.authenticator = authenticator
        checkState = authenticator?.stateBytes
        checkShift = authenticator?.shift ?? 62
    }

    deinit {
        if let pendingRead { _ = close(pendingRead.fd) }
        if mapped { _ = munmap(region, regionSize) } else { region.deallocate() }
    }

    /// How far bytes being read in (`readRest`) are in, for the reads that wait for them.
    final class Filling: @unchecked Sendable {
        private let condition = NSCondition()
        private var filled = 0
        private var failed = false

        func advance(to count: Int) {
            condition.lock()
            filled = count
            condition.broadcast()
            condition.unlock()
        }

        func fail() {
            condition.lock()
            failed = true
            condition.broadcast()
            condition.unlock()
        }

        /// Waits until the first `count` bytes are in; false when the reading failed before.
        func wait(for count: Int) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            while filled < count && !failed { condition.wait() }
            return filled >= count
        }
    }
}

/// The tags of a checkpoint's payload blocks (from its authenticated block table) and which
/// blocks were checked: 0 not yet, 1 authentic, 2 not. A block is checked under the lock; a
/// block's state, once set, never changes, so it is read without the lock (acquire ordering).
final class BlockAuthenticator: @unchecked Sendable {
    private let key: CheckpointKey
    private let nonce: [UInt8]
    let blockBytes: Int
    let shift: Int
    private let tags: [UInt8]
    private let payloadBytes: Int
    let blocks: Int
    private let state: UnsafeMutablePointer<UInt8>
    /// The block states (owned here; alive as long as the `CheckpointBytes` that holds this).
    var stateBytes: UnsafeMutablePointer<UInt8> { state }
    /// 1 once every block checked out: the one test a read then makes.
    private let allAuthentic: UnsafeMutablePointer<UInt8>
    private let lock = NSLock()
    private var checked = 0
    private var anyFailed = false

    init(key: CheckpointKey, nonce: [UInt8], blockBytes: Int, tags: [UInt8], payloadBytes: Int) {
        self.key = key
        self.nonce = nonce
        self.blockBytes = blockBytes
        shift = blockBytes.trailingZeroBitCount
        self.tags = tags
        self.payloadBytes = payloadBytes
        blocks = tags.count / 16
        state = .allocate(capacity: max(blocks, 1))
        state.initialize(repeating: 0, count: max(blocks, 1))
        allAuthentic = .allocate(capacity: 1)
        allAuthentic.initialize(to: 0)
    }

    deinit {
        state.deallocate()
        allAuthentic.deallocate()
    }

    var failed: Bool { lock.withLock { anyFailed } }
    var checkedCount: Int { lock.withLock { checked } }

    @inline(__always)
    func check(_ range: Range<Int>, _ payload: UnsafeRawBufferPointer) -> Bool {
        if jingwu_load_acquire(allAuthentic) == 1 { return range.lowerBound >= 0 && range.upperBound <= payloadBytes }
        guard range.lowerBound >= 0, range.upperBound <= payloadBytes else { return false }
        guard !range.isEmpty else { return true }
        var block = range.lowerBound >> shift
        let last = (range.upperBound - 1) >> shift
        while block <= last {
            switch jingwu_load_acquire(state + block) {
            case 1: break
            case 0: guard checkBlock(block, payload) else { return false }
            default: return false
            }
            block += 1
        }
        return true
    }

    /// Checks block `i` unless another thread did; true when it is authentic.
    private func checkBlock(_ i: Int, _ payload: UnsafeRawBufferPointer) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let known = jingwu_load_acquire(state + i)
        if known != 0 { return known == 1 }
        var tag = [UInt8](repeating: 0, count: 16)
        let computed = tag.withUnsafeMutableBufferPointer { out in
            CheckpointFile.blockTag(payload, index: i, blockBytes: blockBytes, nonce: nonce, key: key, into: out.baseAddress!)
        }
        let ok = computed && tags.withUnsafeBytes { expected in
            tag.withUnsafeBytes { jingwu_equal($0.baseAddress, expected.baseAddress! + 16 * i, 16) == 1 }
        }
        jingwu_store_release(state + i, ok ? 1 : 2)
        if ok { checked += 1 } else { anyFailed = true }
        return ok
    }

    func checkAll(_ payload: UnsafeRawBufferPointer, split: Bool) -> Bool {
        if jingwu_load_acquire(allAuthentic) == 1 { return true }
        var ok = true
        if split && blocks > 1 {
            let half = blocks / 2
            let done = DispatchSemaphore(value: 0)
            let base = Int(bitPattern: payload.baseAddress), count = payload.count
            let result = WorkerResult()
            let worker = Thread { [self] in
                let payload = UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: base), count: count)
                result.ok = (half..<blocks).allSatisfy { checkBlock($0, payload) }
                done.signal()
            }
            worker.start()
            ok = (0..<half).allSatisfy { checkBlock($0, payload) }
            done.wait()
            ok = ok && result.ok
        } else {
            ok = (0..<blocks).allSatisfy { checkBlock($0, payload) }
        }
        if ok { jingwu_store_release(allAuthentic, 1) }
        return ok
    }

    private final class WorkerResult: @unchecked Sendable { var ok = false }
}
