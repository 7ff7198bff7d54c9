import Foundation

/// The journal's record lines as bytes, for a reader outside this module that must see them
/// exactly as written: the station stores each line as it is in the file, and re-checks the
/// chain from those stored bytes with the same hash function as the journal.
public enum RecordLines {
    /// The chain hash before record 0: 32 zero bytes.
    public static var zeroHash: [UInt8] { RecordFormat.zeroHash }

    /// Scans the journal at `path` without changing it (as `jingwu verify`): `body` sees every
    /// line of the intact prefix, without its newline, with its seq, in order, each only after
    /// its sequence number and chain link were checked. The report says where the intact prefix ends.
    public static func scanVerified(path: String, io: FileIO = PosixIO.shared,
                                    _ body: (UnsafeRawBufferPointer, UInt64) throws -> Void) throws -> VerifyReport {
        try JournalInspector.verify(path: path, io: io, onLine: body)
    }

    /// As `scanVerified(path:io:_:)`, starting just after record `seq`, whose line ends (newline
    /// included) at byte `offset` and whose chain hash is `hash` (32 raw bytes): the caller vouches
    /// for everything before (the station holds that record, byte for byte). Lines are checked from
    /// there on exactly as by a whole scan; the report counts from record 0.
    public static func scanVerified(path: String, io: FileIO = PosixIO.shared, after seq: UInt64, endingAt offset: Int,
                                    hash: [UInt8], _ body: (UnsafeRawBufferPointer, UInt64) throws -> Void) throws -> VerifyReport {
        let start = ScanPosition(offset: offset, nextSeq: seq + 1, line: Int(seq) + 2, previous: hash)
        return try JournalInspector.verify(path: path, io: io, from: start, onLine: body)
    }

    /// The record a line (without its newline) holds, or nil when it is not a record of our shape.
    public static func decode(_ line: UnsafeRawBufferPointer) -> JournalRecord? {
        RecordDecoder.decode(line)
    }

    /// The seq written at the start of a line, or nil.
    public static func seq(_ line: UnsafeRawBufferPointer) -> UInt64? {
        RecordDecoder.seq(line)
    }

    /// Lowercase hex of raw bytes; raw bytes of 64 lowercase hex digits (nil otherwise).
    public static func hex(_ bytes: [UInt8]) -> String { RecordFormat.hex(bytes) }
    public static func unhex(_ text: String) -> [UInt8]? { RecordFormat.unhex(text) }
}

/// Re-checks a chain line by line, from the stored bytes: the journal's own hash function.
/// One checker is reused for a whole chain (it owns a hasher).
public final class ChainChecker {
    private let hasher = SHA256Hasher()
    /// The raw chain hash of the last line accepted (32 zero bytes before record 0).
    public private(set) var previous: [UInt8]

    public init(previous: [UInt8] = [UInt8](repeating: 0, count: 32)) {
        self.previous = previous
    }

    /// The chain hash `line` (without its newline) must carry after `previous`, as 64 hex digits,
    /// or nil when the line does not have a record's shape.
    public func expectedHash(_ line: UnsafeRawBufferPointer) -> String? {
        guard RecordFormat.hasRecordShape(line) else { return nil }
        let body = UnsafeRawBufferPointer(rebasing: line[0..<(line.count - RecordFormat.tailLength)])
        return RecordFormat.hex(hasher.chain(previous: previous, body: body))
    }

    /// True when `line` has a record's shape and carries the hash that chains it from `previous`;
    /// then `previous` becomes that hash.
    public func accept(_ line: UnsafeRawBufferPointer) -> Bool {
        guard let expected = expectedHash(line) else { return false }
        let stored = String(decoding: UnsafeRawBufferPointer(rebasing: line[(line.count - 66)..<(line.count - 2)]),
                            as: UTF8.self)
        guard stored == expected, let raw = RecordFormat.unhex(expected) else { return false }
        previous = raw
        return true
    }
}
