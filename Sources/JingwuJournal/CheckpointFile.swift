import Foundation

// A checkpoint beside the journal (`journal.jsonl.checkpoint`): an opaque
// projection state at sequence N with the chain hash of record N. It is only a
// cache. Written atomically (temp file, fsync, rename, fsync the directory),
// mode 0600. Read back only when its magic, format, fingerprint, length and
// payload checksum (XXH64: SHA-256 was slow to check on every open) all check; whether record N still has that hash is the caller's
// check against the journal. Anything else reads as "no checkpoint".
//
// Layout:
//   "JWCKPT\n"                         7 bytes of magic
//   header JSON (one line)             {"format":1,"journal":…,"seq":N,"hash":…,"offset":…,
//                                       "fingerprint":…,"payloadBytes":n,"payloadXXH64":…}
//
// `offset` (where record N's line ends in the journal) is optional: with it,
// the journal can open trusting the prefix up to N (see `TrustedPrefix`).
//   "\n" then n payload bytes

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

    public init(format: Int = CheckpointFile.formatVersion, journalID: UUID, seq: UInt64, hash: String, fingerprint: String,
                offset: Int? = nil) {
        self.format = format
        self.journalID = journalID
        self.seq = seq
        self.hash = hash
        self.fingerprint = fingerprint
        self.offset = offset
    }

    /// The journal prefix this checkpoint vouches for, when it knows where record `seq` ends.
    public var trustedPrefix: TrustedPrefix? {
        offset.map { TrustedPrefix(seq: seq, hash: hash, offset: $0) }
    }
}

/// Reading and writing checkpoint files.
public enum CheckpointFile {
    /// The payload's checksum is XXH64 (`payloadXXH64`); a file from an earlier build, with
    /// `payloadSHA256` instead, reads as no checkpoint and is replaced at the next save.
    public static let formatVersion = 1
    static let magic: [UInt8] = Array("JWCKPT\n".utf8)

    /// Where the checkpoint of `journalPath` lives.
    public static func path(forJournal journalPath: String) -> String { journalPath + ".checkpoint" }

    /// Writes `payload` with `header` to `path` atomically; the old file stays until the rename.
    public static func write(path: String, header: CheckpointHeader, payload: UnsafeRawBufferPointer) throws {
        let digest = XXH64.hash(payload)
        var object: [String: Any] = [
            "format": header.format, "journal": header.journalID.uuidString.lowercased(), "seq": header.seq,
            "hash": header.hash, "fingerprint": header.fingerprint, "payloadBytes": payload.count,
            "payloadXXH64": XXH64.hex(digest),
        ]
        if let offset = header.offset { object["offset"] = offset }
        let json = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        var head = magic
        head.append(contentsOf: json)
        head.append(10)
        // A fresh temporary (O_EXCL|O_NOFOLLOW, unpredictable name), fsync, rename, fsync the folder.
        try AtomicFile.write(to: path, existing: .replaceCheckpoint) { sink in
            try head.withUnsafeBytes { try sink($0) }
            try sink(payload)
        }
    }

    /// Reads a checkpoint whose header and payload check out, or nil (missing,
    /// truncated, damaged, another format or fingerprint). Never throws: a bad
    /// checkpoint costs only start-up time.
    public static func read(path: String, fingerprint: String) -> (header: CheckpointHeader, payload: [UInt8])? {
        guard let (header, bytes) = load(path: path, fingerprint: fingerprint, mapped: false) else { return nil }
        return (header, Array(bytes.payload))
    }

    /// As `read`, with the payload left where it was loaded: mapped from the file
    /// (`mapped`: no copy and no fresh memory, for short-lived commands; the file
    /// must not be cut short in place while the bytes are in use, which jingwu's
    /// own writers never do: they replace it by rename) or read into memory.
    public static func load(path: String, fingerprint: String, mapped: Bool) -> (header: CheckpointHeader, bytes: CheckpointBytes)? {
        // Never blocks on a FIFO planted at the path; anything but a regular file is no checkpoint.
        let fd = Foundation.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { _ = close(fd) }
        guard PosixIO.shared.fileType(fd) == S_IFREG, fcntl(fd, F_SETFL, 0) == 0 else { return nil }
        guard let size = PosixIO.shared.fstat(fd)?.size, size > magic.count,
              let head = readAll(fd, count: min(size, 1 << 16), at: 0), Array(head[0..<magic.count]) == magic,
              let newline = head[magic.count...].firstIndex(of: 10)
        else { return nil }
        let json = Data(head[magic.count..<newline])
        guard let object = try? JSONSerialization.jsonObject(with: json) as? [String: Any],
              let format = object["format"] as? Int, format == formatVersion,
              let journal = (object["journal"] as? String).flatMap(UUID.init(uuidString:)),
              let seq = (object["seq"] as? NSNumber)?.uint64Value,
              let hash = object["hash"] as? String, hash.utf8.count == 64,
              let print = object["fingerprint"] as? String, print == fingerprint,
              let count = object["payloadBytes"] as? Int, let sum = object["payloadXXH64"] as? String,
              count == size - newline - 1,
              let bytes = mapped ? CheckpointBytes(mapping: fd, size: size, payloadAt: newline + 1)
                                 : CheckpointBytes(reading: fd, count: count, at: newline + 1)
        else { return nil }
        Trace.mark("checkpoint: \(mapped ? "mapped" : "read")")
        guard XXH64.hex(XXH64.hash(bytes.payload)) == sum else { return nil }
        bytes.path = path
        var offset: Int?
        if let value = object["offset"] {
            guard let number = value as? Int, number > 0 else { return nil }
            offset = number
        }
        return (CheckpointHeader(format: format, journalID: journal, seq: seq, hash: hash, fingerprint: print,
                                 offset: offset), bytes)
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

    private static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var done = 0
        while done < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw JournalError.io(path: path, operation: "write", errno: errno)
            }
            done += n
        }
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
    private let mapped: Bool

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

    /// Maps `size` bytes of `fd` read-only; the payload starts at `payloadAt`.
    init?(mapping fd: Int32, size: Int, payloadAt start: Int) {
        guard size > start else { return nil }
        #if os(Linux)
        let flags = MAP_PRIVATE | MAP_POPULATE
        #else
        let flags = MAP_PRIVATE
        #endif
        guard let pointer = mmap(nil, size, PROT_READ, flags, fd, 0), pointer != MAP_FAILED else { return nil }
        region = pointer
        regionSize = size
        mapped = true
        payload = UnsafeRawBufferPointer(start: pointer + start, count: size - start)
    }

    deinit {
        if mapped { _ = munmap(region, regionSize) } else { region.deallocate() }
    }
}
