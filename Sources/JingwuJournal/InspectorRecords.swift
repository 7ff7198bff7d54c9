import Foundation

extension JournalInspector {
    /// Calls `body` with each of the first `count` records of the journal at `path` (the
    /// intact prefix `verify` found), reading the file only: nothing is moved aside or written.
    public static func readRecords(path: String, count: Int, _ body: (JournalRecord) throws -> Void) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var start = 0, n = 0
            while n < count, start < raw.count {
                guard let newline = raw[start...].firstIndex(of: 10) else { break }
                if let record = RecordDecoder.decode(UnsafeRawBufferPointer(rebasing: raw[start..<newline])) {
                    try body(record)
                }
                n += 1
                start = newline + 1
            }
        }
    }
}

extension JournalInspector {
    /// As `verify(path:io:)`, in the same single read of the file: `body` sees each record of the
    /// intact prefix (the records `readRecords` would hand over for the report's count) as the scan
    /// meets it, decoded when `decoding` says so (the others are only hashed). Reads only.
    public static func verify(path: String, io: FileIO = PosixIO.shared, decoding wanted: (UInt64) -> Bool,
                              _ body: (JournalRecord) throws -> Void) throws -> VerifyReport {
        try verify(path: path, io: io) { line, seq in
            guard wanted(seq), let record = RecordDecoder.decode(line) else { return }
            try body(record)
        }
    }
}

extension CheckpointFile {
    /// As `load(path:fingerprint:mapped:key:)`, for an inspection that must not write: the bytes
    /// do not name their file, so a section that later fails to decode removes nothing.
    public static func loadForInspection(path: String, fingerprint: String,
                                         key: CheckpointKey) -> (header: CheckpointHeader, bytes: CheckpointBytes)? {
        guard let (header, bytes) = load(path: path, fingerprint: fingerprint, mapped: true, key: key) else { return nil }
        bytes.path = nil
        return (header, bytes)
    }
}
