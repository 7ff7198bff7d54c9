import Foundation
import JingwuJournal

/// A growing byte buffer for a binary COPY stream, written with whole-word stores (the tuples of a
/// batch: one allocation per batch, none per record).
final class CopyBuffer: @unchecked Sendable {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 16)
    }

    deinit { base.deallocate() }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    func removeAll() { count = 0 }

    /// Room for `n` more bytes.
    @inline(__always) func reserve(_ n: Int) {
        if count + n > capacity { grow(count + n) }
    }

    private func grow(_ needed: Int) {
        var bigger = capacity * 2
        while bigger < needed { bigger *= 2 }
        let fresh = UnsafeMutableRawPointer.allocate(byteCount: bigger, alignment: 16)
        fresh.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = fresh
        capacity = bigger
    }

    // The writes below assume `reserve` made room.
    @inline(__always) func u8(_ v: UInt8) {
        base.storeBytes(of: v, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    @inline(__always) func int16(_ v: Int16) {
        base.storeBytes(of: v.bigEndian, toByteOffset: count, as: Int16.self)
        count += 2
    }

    @inline(__always) func int32(_ v: Int32) {
        base.storeBytes(of: v.bigEndian, toByteOffset: count, as: Int32.self)
        count += 4
    }

    @inline(__always) func int64(_ v: Int64) {
        base.storeBytes(of: v.bigEndian, toByteOffset: count, as: Int64.self)
        count += 8
    }

    @inline(__always) func raw(_ p: UnsafeRawBufferPointer) {
        guard let from = p.baseAddress, p.count > 0 else { return }
        (base + count).copyMemory(from: from, byteCount: p.count)
        count += p.count
    }

    /// A field: its length, then its bytes.
    @inline(__always) func field(_ p: UnsafeRawBufferPointer) {
        int32(Int32(p.count))
        raw(p)
    }
}

/// The envelope of a record line read in place, for the COPY encoder: the common line only (plain
/// ASCII `type` and `by`, times as `YYYY-MM-DDTHH:MM:SS` with `Z` or `±HH:MM`). Anything else is nil
/// and goes through the journal's own decoder (`RecordLines.decode`); where this parser answers, its
/// values are the ones that decoder gives (CopyEncodingTests compares them line by line).
struct RecordLineFields {
    var seq: UInt64
    var id: uuid_t
    var type: Range<Int>
    var version: Int
    /// Seconds since 1970 (whole: the journal writes no fractions).
    var at: Int64
    var recorded: Int64
    var by: Range<Int>
    /// The raw JSON object of `data`.
    var data: Range<Int>
    /// The 64 hex digits of the chain hash.
    var hash: Range<Int>

    /// 0…15 for `0-9a-f` (the journal's lowercase hex), 0xFF for any other byte.
    @inline(__always) static func hexValue(_ c: UInt8) -> UInt8 {
        let digit = c &- 48, letter = c &- 97
        return digit < 10 ? digit : letter < 6 ? letter + 10 : 0xFF
    }

    static func parse(_ line: UnsafeRawBufferPointer) -> RecordLineFields? {
        let n = line.count
        let tail = 75  // ,"hash":"<64 hex>"}
        guard n > 7 + tail, let base = line.baseAddress else { return nil }
        let p = base.assumingMemoryBound(to: UInt8.self)
        let end = n - tail  // where `data`'s object ends
        func literal(_ at: inout Int, _ s: StaticString) -> Bool {
            let k = s.utf8CodeUnitCount
            guard at + k <= end, memcmp(p + at, s.utf8Start, k) == 0 else { return false }
            at += k
            return true
        }
        func unsigned(_ at: inout Int) -> UInt64? {
            var value: UInt64 = 0
            let start = at
            while at < end, p[at] >= 48, p[at] <= 57 {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(UInt64(p[at] - 48))
                guard !o1, !o2 else { return nil }
                value = a
                at += 1
            }
            guard at > start, at - start == 1 || p[start] != 48 else { return nil }
            return value
        }
        /// A string of ASCII bytes without escapes, up to its closing quote.
        func plain(_ at: inout Int) -> Range<Int>? {
            let start = at
            while at < end, p[at] != 34 {
                guard p[at] < 0x80, p[at] != 92 else { return nil }
                at += 1
            }
            guard at < end else { return nil }
            defer { at += 1 }
            return start..<at
        }
        func time(_ at: inout Int) -> Int64? {
            var stop = at
            while stop < end, p[stop] != 34 { stop += 1 }
            guard stop < end else { return nil }
            let t = p + at
            let count = stop - at
            at = stop
            guard count == 20 || count == 25 else { return nil }
            func two(_ i: Int) -> Int64? {
                let a = t[i] &- 48, b = t[i + 1] &- 48
                return a < 10 && b < 10 ? Int64(a) * 10 + Int64(b) : nil
            }
            guard let y1 = two(0), let y2 = two(2), t[4] == 45, let mo = two(5), t[7] == 45, let day = two(8),
                  t[10] == 84, let h = two(11), t[13] == 58, let mi = two(14), t[16] == 58, let s = two(17),
                  (1...12).contains(mo), day >= 1, day <= RFC3339.daysInMonth(y1 * 100 + y2, mo), h < 24, mi < 60, s < 61
            else { return nil }
            var offset: Int64 = 0
            if count == 20 {
                guard t[19] == 90 else { return nil }
            } else {
                guard t[19] == 43 || t[19] == 45, let oh = two(20), t[22] == 58, let om = two(23) else { return nil }
                offset = (oh * 3600 + om * 60) * (t[19] == 45 ? -1 : 1)
            }
            return RFC3339.daysFromCivil(y1 * 100 + y2, mo, day) * 86400 + h * 3600 + mi * 60 + s - offset
        }

        let seqKey: StaticString = #"{"seq":"#, hashKey: StaticString = #","hash":""#
        guard memcmp(p, seqKey.utf8Start, 7) == 0, memcmp(p + end, hashKey.utf8Start, 9) == 0, p[n - 2] == 34, p[n - 1] == 125
        else { return nil }
        var at = 7
        guard let seq = unsigned(&at), literal(&at, #","id":""#), at + 36 <= end else { return nil }
        var id: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let ok = withUnsafeMutableBytes(of: &id) { raw -> Bool in
            var k = 0
            var bad: UInt8 = 0
            while k < 16 {
                if k == 4 || k == 6 || k == 8 || k == 10 {
                    guard p[at] == 45 else { return false }
                    at += 1
                }
                let hi = hexValue(p[at]), lo = hexValue(p[at + 1])
                bad |= hi | lo
                raw[k] = hi << 4 | lo
                k += 1
                at += 2
            }
            return bad & 0xF0 == 0
        }
        guard ok, literal(&at, #"","type":""#), let type = plain(&at), literal(&at, #","v":"#) else { return nil }
        var negative = false
        if at < end, p[at] == 45 { negative = true; at += 1 }
        guard let magnitude = unsigned(&at), magnitude <= UInt64(Int.max),
              literal(&at, #","at":""#), let atSeconds = time(&at), literal(&at, #"","recorded":""#),
              let recorded = time(&at), literal(&at, #"","by":""#), let by = plain(&at), literal(&at, #","data":"#),
              at < end, p[at] == 123, p[end - 1] == 125
        else { return nil }
        return RecordLineFields(seq: seq, id: id, type: type, version: negative ? -Int(magnitude) : Int(magnitude),
                                at: atSeconds, recorded: recorded, by: by, data: at..<end, hash: (n - 66)..<(n - 2))
    }
}

/// Binary COPY tuples for `jingwu.records`, for `BatchWriter` and `ParallelBatchWriter`, written
/// straight from the record line's bytes (`RecordLineFields.parse`; a line off its path through
/// `RecordLines.decode`): the same values `JournalRecord` would give, without building one.
final class CopyTupleEncoder {
    let journalUUID: uuid_t
    let officeBytes: [UInt8]

    init(journalID: UUID, office: String) {
        journalUUID = journalID.uuid
        officeBytes = Array(office.utf8)
    }

    static func header(into buffer: CopyBuffer) {
        buffer.reserve(19)
        for b in "PGCOPY\n".utf8 { buffer.u8(b) }
        buffer.u8(0xFF); buffer.u8(0x0D); buffer.u8(0x0A); buffer.u8(0x00)
        buffer.int32(0)
        buffer.int32(0)
    }

    static func trailer(into buffer: CopyBuffer) {
        buffer.reserve(2)
        buffer.int16(-1)
    }

    /// Appends the tuple of `line` (a record line a chain check has accepted, shape included).
    /// Returns where its hash's 64 hex digits are in `buffer`, or nil when the line does not decode.
    func append(line: UnsafeRawBufferPointer, into buffer: CopyBuffer) -> Int? {
        guard let f = RecordLineFields.parse(line) else {
            guard let record = RecordLines.decode(line) else { return nil }
            return append(record, line: line, into: buffer)
        }
        // Type, by, data and hash are inside the line.
        buffer.reserve(2 * line.count + officeBytes.count + 128)
        return tuple(seq: f.seq, id: f.id, type: UnsafeRawBufferPointer(rebasing: line[f.type]), version: f.version,
                     at: BatchWriter.micros(Date(timeIntervalSince1970: Double(f.at))),
                     recorded: BatchWriter.micros(Date(timeIntervalSince1970: Double(f.recorded))),
                     by: UnsafeRawBufferPointer(rebasing: line[f.by]), data: UnsafeRawBufferPointer(rebasing: line[f.data]),
                     hash: UnsafeRawBufferPointer(rebasing: line[f.hash]), line: line, into: buffer)
    }

    /// The same tuple from the journal's decoded record (any line `RecordLines.decode` reads).
    func append(_ record: JournalRecord, line: UnsafeRawBufferPointer, into buffer: CopyBuffer) -> Int {
        var type = record.type, by = record.by, hash = record.hash
        buffer.reserve(line.count + type.utf8.count + by.utf8.count + record.data.count + hash.utf8.count
                       + officeBytes.count + 128)
        return type.withUTF8 { type in
            by.withUTF8 { by in
                hash.withUTF8 { hash in
                    record.data.withUnsafeBytes { data in
                        tuple(seq: record.seq, id: record.id.uuid, type: UnsafeRawBufferPointer(type), version: record.version,
                              at: BatchWriter.micros(record.at), recorded: BatchWriter.micros(record.recorded),
                              by: UnsafeRawBufferPointer(by), data: data, hash: UnsafeRawBufferPointer(hash), line: line,
                              into: buffer)
                    }
                }
            }
        }
    }

    /// One tuple of the 12 columns (room reserved by the caller); where the hash's bytes are.
    private func tuple(seq: UInt64, id: uuid_t, type: UnsafeRawBufferPointer, version: Int, at: Int64, recorded: Int64,
                       by: UnsafeRawBufferPointer, data: UnsafeRawBufferPointer, hash: UnsafeRawBufferPointer,
                       line: UnsafeRawBufferPointer, into buffer: CopyBuffer) -> Int {
        buffer.int16(12)
        buffer.int32(16)
        withUnsafeBytes(of: journalUUID) { buffer.raw($0) }
        buffer.int32(8); buffer.int64(Int64(bitPattern: seq))
        buffer.int32(16)
        withUnsafeBytes(of: id) { buffer.raw($0) }
        officeBytes.withUnsafeBytes { buffer.field($0) }
        buffer.field(type)
        buffer.int32(4); buffer.int32(Int32(truncatingIfNeeded: version))
        buffer.int32(8); buffer.int64(at)
        buffer.int32(8); buffer.int64(recorded)
        buffer.field(by)
        if BatchWriter.queryable(data) {
            buffer.field(data)  // json's binary format is its text: the line's `data` as written
        } else {
            buffer.int32(-1)
        }
        buffer.int32(Int32(hash.count))
        let hashAt = buffer.count
        buffer.raw(hash)
        buffer.field(line)
        return hashAt
    }
}
