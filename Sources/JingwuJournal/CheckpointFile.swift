import CCrypto
import Foundation

// A checkpoint beside the journal (`journal.jsonl.checkpoint`): an opaque
// projection state at sequence N with the chain hash of record N. It is only a
// cache, and an authenticated one: anyone who can write the office folder can
// write this file, so it is loaded only when it carries a valid tag under the
// installation's secret key (`CheckpointKey`, kept outside the journal's folder).
// Written atomically (temp file, fsync, rename, fsync the directory), mode 0600.
// Whether record N still has that hash is the caller's check against the journal.
// Anything else reads as "no checkpoint".
//
// Layout (format 2):
//   "JWCKPT\n"                          7 bytes of magic
//   header JSON (one line)              {"format":2,"journal":…,"seq":N,"hash":…,"offset":…,
//                                        "fingerprint":…,"payloadBytes":n,"nonce":…,"saved":…}
//   "\n"
//   tag line (98 bytes)                 hex HMAC-SHA256(K, magic ‖ header JSON), " ",
//                                       hex payload tag (see `tag`), "\n"
//   n payload bytes
//
// K is the installation key. The payload tag is Poly1305 over four pieces of the
// payload (the first preceded by magic ‖ header JSON ‖ "\n"), each under its own
// one-time key kᵢ = HMAC-SHA256(K, "jingwu-checkpoint-v2.4" ‖ nonce ‖ i), computed side
// by side, and a last Poly1305 over the four tags and the payload's length under
// HMAC-SHA256(K, … ‖ nonce ‖ 0xFF). The nonce is 16 random bytes, new at every save,
// so no one-time key ever tags two messages. Why not HMAC-SHA256 over the whole payload: at station
// scale (an 89 MB payload) it costs ~53 ms on every command, more than a headless
// write's whole budget; Poly1305 costs ~7.5 ms (XXH64, which it replaces, ~9 ms)
// and is an unforgeable MAC as long as its key is secret and used once. The header
// HMAC is checked before its JSON is even parsed. Tags are compared in constant time.
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
    /// 2: authenticated (header HMAC-SHA256, payload Poly1305). A file of format 1 (XXH64,
    /// unkeyed) reads as no checkpoint and is replaced at the next save.
    public static let formatVersion = 2
    static let magic: [UInt8] = Array("JWCKPT\n".utf8)
    static let label: [UInt8] = Array("jingwu-checkpoint-v2.4".utf8)
    /// Hex header HMAC (64), a space, hex payload tag (32), a newline.
    static let tagLineBytes = 64 + 1 + 32 + 1

    /// Where the checkpoint of `journalPath` lives.
    public static func path(forJournal journalPath: String) -> String { journalPath + ".checkpoint" }

    /// What a checkpoint that contradicts its journal is moved aside to: `<checkpoint>` + this + a compact time.
    public static let contradictedInfix = ".contradicted-"

    /// The checkpoints of `journalPath` moved aside because they contradicted it, oldest name first.
    public static func contradictedPaths(forJournal journalPath: String) -> [String] {
        let checkpoint = path(forJournal: journalPath)
        let directory = (checkpoint as NSString).deletingLastPathComponent
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
            "nonce": hex(nonce),
        ]
        if let offset = header.offset { object["offset"] = offset }
        if let saved = header.saved { object["saved"] = RFC3339.format(saved, offsetSeconds: 0) }
        let json = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        var signed = magic
        signed.append(contentsOf: json)
        guard let headerTag = signed.withUnsafeBytes({ key.hmac($0) }),
              let payloadTag = tag(signed: signed, payload: payload, nonce: nonce, key: key)
        else { throw JournalError.io(path: path, operation: "authenticate", errno: 0) }
        let tagLine = Array((hex(headerTag) + " " + hex(payloadTag) + "\n").utf8)
        var head = signed
        head.append(10)
        head.append(contentsOf: tagLine)
        // A fresh temporary (O_EXCL|O_NOFOLLOW, unpredictable name), fsync, rename, fsync the folder.
        try AtomicFile.write(to: path, existing: .replaceCheckpoint) { sink in
            try head.withUnsafeBytes { try sink($0) }
            try sink(payload)
        }
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
        guard let (head, nonce, bytes) = payload(path: path, fingerprint: fingerprint, mapped: mapped, key: key)
        else { return nil }
        guard let tag = tag(signed: head.signed, payload: bytes.payload, nonce: nonce, key: key), equal(tag, head.payloadTag) else {
            Trace.mark("checkpoint: payload does not authenticate; ignored")
            return nil
        }
        bytes.path = path
        return (head.header, bytes)
    }

    /// As `load`, with the payload's tag checked on a thread of its own while `decode` reads the
    /// bytes on this one (a short-lived command spends about as long decoding as checking). What
    /// `decode` returns is handed back only when the tag checks out; until then nothing it made is
    /// used, so `decode` must be total: it may be reading forged bytes (every checkpoint decoder
    /// checks its lengths, counts and offsets, and the fuzz tests hold them to never trapping).
    /// Always waits for the check before returning, since it reads the same bytes.
    public static func load<T>(path: String, fingerprint: String, mapped: Bool, key: CheckpointKey,
                               decodingWhileChecking decode: (CheckpointHeader, CheckpointBytes) -> T?)
        -> (header: CheckpointHeader, bytes: CheckpointBytes, value: T)? {
        guard let (head, nonce, bytes) = payload(path: path, fingerprint: fingerprint, mapped: mapped, key: key)
        else { return nil }
        let checked = TagCheck()
        let signed = head.signed, expected = head.payloadTag
        let payload = Int(bitPattern: bytes.payload.baseAddress), payloadCount = bytes.payload.count, mapped = bytes.mapped
        let worker = Thread {
            let buffer = UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: payload), count: payloadCount)
            if mapped { CheckpointBytes.populate(buffer) }
            let tag = CheckpointFile.tag(signed: signed, payload: buffer, nonce: nonce, key: key, split: false)
            checked.finish(tag.map { CheckpointFile.equal($0, expected) } ?? false)
        }
        worker.start()
        let value = decode(head.header, bytes)
        let authentic = checked.wait()
        withExtendedLifetime(bytes) {}
        guard authentic else {
            Trace.mark("checkpoint: payload does not authenticate; ignored")
            return nil
        }
        Trace.mark("checkpoint: tag checked")
        guard let value else { return nil }
        bytes.path = path
        return (head.header, bytes, value)
    }

    /// An authentic header of this build's fingerprint and the payload it announces, mapped or
    /// read, its tag not yet checked.
    private static func payload(path: String, fingerprint: String, mapped: Bool, key: CheckpointKey)
        -> (head: (header: CheckpointHeader, object: [String: Any], signed: [UInt8], payloadTag: [UInt8], size: Int,
                   payloadAt: Int), nonce: [UInt8], bytes: CheckpointBytes)? {
        let fd = Foundation.open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { _ = close(fd) }
        guard let head = authenticHead(fd, key: key),
              head.header.fingerprint == fingerprint,
              let nonce = (head.object["nonce"] as? String).flatMap({ unhex(Array($0.utf8)[...]) }), nonce.count == 16,
              let count = head.object["payloadBytes"] as? Int, count == head.size - head.payloadAt, count > 0,
              let bytes = mapped ? CheckpointBytes(mapping: fd, size: head.size, payloadAt: head.payloadAt)
                                 : CheckpointBytes(reading: fd, count: count, at: head.payloadAt)
        else { return nil }
        Trace.mark("checkpoint: \(mapped ? "mapped" : "read")")
        return (head, nonce, bytes)
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
        -> (header: CheckpointHeader, object: [String: Any], signed: [UInt8], payloadTag: [UInt8], size: Int, payloadAt: Int)? {
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == geteuid(),
              let size = PosixIO.shared.fstat(fd)?.size, size > magic.count,
              let head = readAll(fd, count: min(size, 1 << 16), at: 0), Array(head[0..<magic.count]) == magic,
              let newline = head[magic.count...].firstIndex(of: 10),
              head.count >= newline + 1 + tagLineBytes, head[newline + tagLineBytes] == 10,
              let headerTag = unhex(head[(newline + 1)..<(newline + 65)]), head[newline + 65] == 32,
              let payloadTag = unhex(head[(newline + 66)..<(newline + 98)])
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
        return (header, object, signed, payloadTag, size, newline + 1 + tagLineBytes)
    }

    /// The payload is tagged in this many parts, computed side by side (two cores halve the
    /// ~10 ms one pass over a station's 90 MB takes, on every command that loads it).
    static let parts = 4

    /// The payload's tag: the payload cut into `parts` pieces (boundaries on 64-byte multiples,
    /// fixed by its length alone); piece i tagged with Poly1305 under its own one-time key
    /// HMAC(K, label ‖ nonce ‖ i) — piece 0 over the signed header and a newline first —
    /// and the pieces' tags with the payload's length tagged once more under HMAC(K, label ‖ nonce ‖ 0xFF).
    /// No one-time key ever tags two messages, and a piece's key binds its place.
    /// `split`: the second half of the pieces on a thread of its own; else all on the calling thread.
    static func tag(signed: [UInt8], payload: UnsafeRawBufferPointer, nonce: [UInt8], key: CheckpointKey,
                    split: Bool = true) -> [UInt8]? {
        func oneTime(_ index: UInt8) -> [UInt8]? {
            var suffix = nonce
            suffix.append(index)
            return label.withUnsafeBytes { l in suffix.withUnsafeBytes { n in key.hmac(l, n) } }
        }
        let prefix = signed + [10]
        let count = payload.count
        let step = (count / parts + 63) & ~63
        let keys = (0..<parts).compactMap { oneTime(UInt8($0)) }
        guard keys.count == parts else { return nil }
        let pieceTags = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 16 * parts)
        pieceTags.initialize(repeating: 0)
        defer { pieceTags.deallocate() }
        let failures = UnsafeMutableBufferPointer<Int32>.allocate(capacity: parts)
        failures.initialize(repeating: 1)
        defer { failures.deallocate() }
        // Addresses as numbers for the two workers (each writes only its own slots).
        let base = Int(bitPattern: payload.baseAddress), tagsAt = Int(bitPattern: pieceTags.baseAddress),
            failedAt = Int(bitPattern: failures.baseAddress)
        let compute: @Sendable (Int) -> Void = { i in
            let start = min(i * step, count), end = i == parts - 1 ? count : min(start + step, count)
            let piece = UnsafeRawPointer(bitPattern: base).map { $0 + start }
            let out = UnsafeMutablePointer<UInt8>(bitPattern: tagsAt)! + 16 * i
            let ok: Int32 = keys[i].withUnsafeBufferPointer { k in
                if i == 0 {
                    return prefix.withUnsafeBytes { p in
                        jingwu_poly1305(k.baseAddress, p.baseAddress, p.count, piece, end - start, out)
                    }
                }
                return jingwu_poly1305(k.baseAddress, nil, 0, piece, end - start, out)
            }
            (UnsafeMutablePointer<Int32>(bitPattern: failedAt)! + i).pointee = ok == 1 ? 0 : 1
        }
        // The second half on a thread of its own, started now (a dispatch pool may not have a
        // second worker awake for the few milliseconds this takes), the first half here.
        if split {
            let half = parts / 2
            let done = DispatchSemaphore(value: 0)
            let worker = Thread {
                for i in half..<parts { compute(i) }
                done.signal()
            }
            worker.start()
            for i in 0..<half { compute(i) }
            done.wait()
        } else {
            for i in 0..<parts { compute(i) }
        }
        guard !failures.contains(where: { $0 != 0 }), let last = oneTime(0xFF) else { return nil }
        var tail = Array(pieceTags)
        withUnsafeBytes(of: UInt64(count).littleEndian) { tail.append(contentsOf: $0) }
        var out = [UInt8](repeating: 0, count: 16)
        let ok = last.withUnsafeBufferPointer { k in
            tail.withUnsafeBytes { t in jingwu_poly1305(k.baseAddress, t.baseAddress, t.count, nil, 0, &out) }
        }
        return ok == 1 ? out : nil
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
public final class CheckpointBytes: @unchecked Sendable {
    /// The payload.
    public let payload: UnsafeRawBufferPointer
    /// The checkpoint file these bytes came from, when they came from one.
    public internal(set) var path: String?
    private let region: UnsafeMutableRawPointer
    private let regionSize: Int
    fileprivate let mapped: Bool
    private let flagLock = NSLock()
    private var isDiscarded = false

    /// True once a part of these bytes turned out not to decode: nothing may be saved from them.
    public var discarded: Bool { flagLock.withLock { isDiscarded } }
    /// Marks these bytes as not to be trusted any further (see `discarded`).
    public func discard() { flagLock.withLock { isDiscarded = true } }

    /// A copy of `bytes`.
    public convenience init(copying bytes: [UInt8]) {
        self.init(allocating: bytes.count)
        bytes.withUnsafeBytes { source in
            if let from = source.baseAddress, !source.isEmpty { region.copyMemory(from: from, byteCount: source.count) }
        }
    }

    private init(allocating count: Int) {
        region = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 16)
        regionSize = count
        mapped = false
        payload = UnsafeRawBufferPointer(start: region, count: count)
    }

    /// Exactly `count` bytes of `fd` from `offset`, read into memory; nil when the file is shorter.
    convenience init?(reading fd: Int32, count: Int, at offset: Int) {
        self.init(allocating: count)
        var got = 0
        while got < count {
            let n = pread(fd, region + got, count - got, off_t(offset + got))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            got += n
        }
    }

    /// Maps `size` bytes of `fd` read-only; the payload starts at `payloadAt`. The pages are
    /// not populated here (`MAP_POPULATE` took a headless write's opening thread several ms
    /// for 95 MB): the thread that checks the payload's tag populates them (`populate`) while
    /// this one decodes, faulting in only what it reads.
    init?(mapping fd: Int32, size: Int, payloadAt start: Int) {
        guard size > start else { return nil }
        guard let pointer = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), pointer != MAP_FAILED else { return nil }
        region = pointer
        regionSize = size
        mapped = true
        payload = UnsafeRawBufferPointer(start: pointer + start, count: size - start)
    }

    /// Maps every page of a mapped payload in one call (`MADV_POPULATE_READ`, Linux 5.14 and
    /// later; elsewhere, or on failure, the pages fault in as they are read). Nothing for bytes read into memory.
    static func populate(_ payload: UnsafeRawBufferPointer) {
        #if os(Linux)
        guard let base = payload.baseAddress, payload.count > 0 else { return }
        let page = max(4096, Int(sysconf(Int32(_SC_PAGESIZE))))
        let start = Int(bitPattern: base) / page * page
        let madvPopulateRead: Int32 = 22
        _ = madvise(UnsafeMutableRawPointer(bitPattern: start), Int(bitPattern: base) + payload.count - start, madvPopulateRead)
        #endif
    }

    deinit {
        if mapped { _ = munmap(region, regionSize) } else { region.deallocate() }
    }
}
