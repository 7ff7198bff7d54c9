import Foundation

/// Reading a window of the journal: a page of records, or only the records of some types.
///
/// A browser keeps only what is on screen and reads pages again when it needs them;
/// the file journal starts each read at its index entry (every 4096th record), so a
/// page costs a few thousand line checks, never a pass over the whole file.
extension Journal {
    /// Calls `body` with every record from `seq` through `last` (both inclusive), in order.
    /// With `types`, only records of those types are decoded and passed on (the file
    /// journal skips the others by a byte compare of the line's `type`).
    public func replay(
        from seq: UInt64, through last: UInt64, types: Set<String>? = nil, _ body: (JournalRecord) throws -> Void
    ) throws {
        guard seq <= last else { return }
        if let file = self as? FileJournal {
            try file.replayWindow(from: seq, through: last, types: types, body)
            return
        }
        do {
            try replay(from: seq) { record in
                guard record.seq <= last else { throw WindowEnd() }
                if let types, !types.contains(record.type) { return }
                try body(record)
            }
        } catch is WindowEnd {}
    }

    /// One record by its sequence number, or nil past the head.
    public func record(seq: UInt64) -> JournalRecord? {
        var found: JournalRecord?
        try? replay(from: seq, through: seq) { found = $0 }
        return found
    }
}

/// Ends a generic window read early.
private struct WindowEnd: Error {}

extension RecordDecoder {
    /// The raw bytes of a line's `type` (between its quotes), when the line starts like a record.
    static func typeBytes(_ line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        var c = Cursor(bytes: line, index: RecordFormat.seqKey.count, end: line.count)
        guard line.count > RecordFormat.seqKey.count + 48, c.unsigned() != nil, c.literal(#","id":""#) else { return nil }
        c.index += 36
        guard c.literal(#"","type":""#) else { return nil }
        let start = c.index
        while c.index < c.end, line[c.index] != 34, line[c.index] != 92 { c.index += 1 }
        guard c.index < c.end, line[c.index] == 34 else { return nil }
        return UnsafeRawBufferPointer(rebasing: line[start..<c.index])
    }
}
