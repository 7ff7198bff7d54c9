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
