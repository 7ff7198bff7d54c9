import Foundation

/// Where a scan stands: the byte offset just after the last valid record, the
/// sequence number and 1-based line the next record must have, and the raw
/// chain hash of the last valid record.
struct ScanPosition {
    var offset: Int = 0
    var nextSeq: UInt64 = 0
    var line: Int = 1
    var previous: [UInt8] = RecordFormat.zeroHash

    var headSeq: UInt64 { nextSeq == 0 ? 0 : nextSeq - 1 }
}

/// What is wrong after the valid records, if anything.
enum ScanProblem: Equatable {
    /// Bytes at `offset` to the end are an unfinished or unreadable tail with
    /// nothing record-like after them: safe to move aside.
    case torn(offset: Int, bytes: Int)
    /// The record expected at `seq` (on `line`) fails its check and something
    /// record-like follows, or it is a complete line that still resembles a
    /// record (`RecordFormat.resemblesRecord`) and fails: never touched.
    /// `laterValid` tells whether some later record validates against its predecessor.
    case damaged(seq: UInt64, line: Int, offset: Int, laterValid: Bool)
    /// The last `bytes` bytes, from `offset`, are the next record, whole and valid,
    /// missing only its final newline: to be completed (never moved aside). `hash`
    /// is its chain hash. The position returned stops before it.
    case unterminated(offset: Int, bytes: Int, hash: [UInt8])

    /// A problem at the end of the file only (no damage): torn, or a missing newline.
    var isAtTail: Bool {
        switch self {
        case .torn, .unterminated: return true
        case .damaged: return false
        }
    }
}

/// The byte-level verifier: reads the file in large chunks, checks each line's
/// sequence number and chain hash without decoding JSON, and classifies what
/// follows the last valid record as a torn tail or damage.
enum JournalScanner {
    static let chunkSize = 4 << 20

    /// Scans from `position` to `size`. `onRecord` sees every valid line
    /// (without its newline), its seq, its byte offset and its chain hash (32 bytes, as just computed). Returns the position
    /// after the last valid record and the problem after it, if any.
    static func scan(
        io: FileIO, fd: Int32, path: String, size: Int, from position: ScanPosition, hasher: SHA256Hasher,
        onRecord: ((UnsafeRawBufferPointer, UInt64, Int, UnsafeRawBufferPointer) throws -> Void)? = nil
    ) throws -> (ScanPosition, ScanProblem?) {
        var pos = position
        var capacity = chunkSize
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var bufferStart = position.offset  // file offset of buffer[0]
        var filled = 0
        var computed = [UInt8](repeating: 0, count: 32)
        var hexBuffer = [UInt8](repeating: 0, count: 64)

        // Failure bookkeeping.
        var failure: (seq: UInt64, line: Int, offset: Int, shaped: Bool)?
        var laterValid = false
        var laterShaped = false
        var storedBefore: [UInt8]?  // stored hash of the previous line while looking past a failure

        func storedHash(_ line: UnsafeRawBufferPointer) -> [UInt8] {
            var out = [UInt8](repeating: 0, count: 32)
            let h = line.count - 66
            for i in 0..<32 {
                out[i] = RecordFormat.nibble(line[h + 2 * i])! << 4 | RecordFormat.nibble(line[h + 2 * i + 1])!
            }
            return out
        }

        /// True when `line`'s stored hash is the chain hash of `previous` and its body; the
        /// raw hash is then in `computed`.
        func hashMatches(_ line: UnsafeRawBufferPointer, previous: [UInt8]) -> Bool {
            let bodyCount = line.count - RecordFormat.tailLength
            return previous.withUnsafeBytes { prev in
                computed.withUnsafeMutableBytes { out in
                    hasher.chain(previous: prev.baseAddress!, body: line.baseAddress!, count: bodyCount, into: out.baseAddress!)
                    return hexBuffer.withUnsafeMutableBytes { hex in
                        RecordFormat.hexDigits.withUnsafeBufferPointer { digits in
                            for i in 0..<32 {
                                hex[2 * i] = digits[Int(out[i] >> 4)]
                                hex[2 * i + 1] = digits[Int(out[i] & 15)]
                            }
                        }
                        return memcmp(hex.baseAddress!, line.baseAddress! + (line.count - 66), 64) == 0
                    }
                }
            }
        }

        var atEOF = bufferStart >= size
        scanning: while true {
            // Fill the buffer.
            if !atEOF {
                if filled == capacity {
                    let bigger = UnsafeMutableRawPointer.allocate(byteCount: capacity * 2, alignment: 16)
                    bigger.copyMemory(from: buffer, byteCount: filled)
                    buffer.deallocate()
                    buffer = bigger
                    capacity *= 2
                }
                let want = min(capacity - filled, size - (bufferStart + filled))
                let n = io.pread(fd, buffer + filled, want, bufferStart + filled)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw JournalError.io(path: path, operation: "read", errno: errno)
                }
                filled += n
                if n == 0 || bufferStart + filled >= size { atEOF = true }
            }
            // Walk the complete lines.
            var cursor = 0
            while cursor < filled {
                guard let nl = memchr(buffer + cursor, 10, filled - cursor) else { break }
                let lineEnd = buffer.distance(to: nl)  // index of the newline
                let line = UnsafeRawBufferPointer(start: buffer + cursor, count: lineEnd - cursor)
                let lineOffset = bufferStart + cursor
                cursor = lineEnd + 1
                if failure == nil {
                    if RecordFormat.hasRecordShape(line), RecordDecoder.seq(line) == pos.nextSeq,
                       hashMatches(line, previous: pos.previous)
                    {
                        if let onRecord { try computed.withUnsafeBytes { try onRecord(line, pos.nextSeq, lineOffset, $0) } }
                        // The stored hash is the one just computed (their hex matched): kept
                        // without decoding the hex again.
                        swap(&pos.previous, &computed)
                        pos.nextSeq += 1
                        pos.line += 1
                        pos.offset = bufferStart + cursor
                        continue
                    }
                    failure = (pos.nextSeq, pos.line, lineOffset, RecordFormat.resemblesRecord(line))
                    storedBefore = RecordFormat.hasRecordShape(line) ? storedHash(line) : nil
                    continue
                }
                // Past a failure: is anything after it record-like, or even valid?
                if RecordFormat.hasRecordShape(line) {
                    laterShaped = true
                    if let before = storedBefore, hashMatches(line, previous: before) {
                        laterValid = true
                        break scanning
                    }
                    storedBefore = storedHash(line)
                } else {
                    if RecordFormat.resemblesRecord(line) { laterShaped = true }
                    storedBefore = nil
                }
            }
            // Keep the unfinished line for the next read.
            if cursor > 0 {
                let rest = filled - cursor
                if rest > 0 { (buffer).copyMemory(from: buffer + cursor, byteCount: rest) }
                bufferStart += cursor
                filled = rest
            }
            if atEOF { break }
        }

        if let failure {
            if failure.shaped || laterShaped || laterValid {
                return (pos, .damaged(seq: failure.seq, line: failure.line, offset: failure.offset, laterValid: laterValid))
            }
            return (pos, .torn(offset: failure.offset, bytes: size - failure.offset))
        }
        if pos.offset < size {
            // The rest is one line without a newline, held whole in the buffer:
            // a valid next record that lacks only its newline is not a torn tail.
            if bufferStart == pos.offset, filled == size - pos.offset, filled > RecordFormat.tailLength {
                let line = UnsafeRawBufferPointer(start: buffer, count: filled)
                if RecordFormat.hasRecordShape(line), RecordDecoder.seq(line) == pos.nextSeq,
                   hashMatches(line, previous: pos.previous) {
                    return (pos, .unterminated(offset: pos.offset, bytes: filled, hash: storedHash(line)))
                }
            }
            return (pos, .torn(offset: pos.offset, bytes: size - pos.offset))
        }
        return (pos, nil)
    }
}
