import Foundation

// The record format (one line per record, fixed key order, our own encoder):
//
//   {"seq":N,"id":"<uuid>","type":"T","v":1,"at":"<rfc3339>","recorded":"<rfc3339>","by":"B","data":{…},"hash":"<hex>"}\n
//
// hash = SHA-256(previous record's hash as 32 raw bytes — 32 zero bytes for
// seq 0 — followed by the line's bytes up to, not including, `,"hash":"`).
// Every line therefore ends with exactly 75 bytes `,"hash":"` + 64 hex + `"}`
// before its newline, which is what lets a byte-level scan verify the file
// without decoding any JSON.

/// Constants of the on-disk format.
public enum RecordFormat {
    /// Version written in the header's `data.format`.
    public static let version = 1
    /// Type of the header record (seq 0).
    public static let headerType = "JournalCreated"
    /// Bytes of `,"hash":"` + 64 hex + `"}` at the end of every line.
    static let tailLength = 75
    static let hashKey: [UInt8] = Array(#","hash":""#.utf8)
    static let seqKey: [UInt8] = Array(#"{"seq":"#.utf8)
    static let recordedKey: [UInt8] = Array(#","recorded":""#.utf8)
    static let zeroHash = [UInt8](repeating: 0, count: 32)
    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Lowercase hex of raw bytes.
    static func hex(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(hexDigits[Int(b >> 4)])
            out.append(hexDigits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Raw bytes of 64 lowercase hex digits, or nil.
    static func unhex(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count == 64 else { return nil }
        var out = [UInt8](repeating: 0, count: 32)
        for i in 0..<32 {
            guard let hi = nibble(chars[2 * i]), let lo = nibble(chars[2 * i + 1]) else { return nil }
            out[i] = hi << 4 | lo
        }
        return out
    }

    @inline(__always) static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 97...102: return c - 87
        default: return nil
        }
    }

    /// A hex digit in either case (JSON `\\u` escapes), or nil.
    @inline(__always) static func anyCaseNibble(_ c: UInt8) -> UInt8? {
        (65...70).contains(c) ? c - 55 : nibble(c)
    }

    /// True when `line` (without its newline) has the shape of a record: it
    /// starts `{"seq":` and ends with a well-formed hash field. A line with
    /// this shape that fails its check is damage, never a torn tail.
    static func hasRecordShape(_ line: UnsafeRawBufferPointer) -> Bool {
        let n = line.count
        guard n > seqKey.count + tailLength else { return false }
        for i in 0..<seqKey.count where line[i] != seqKey[i] { return false }
        let t = n - tailLength
        for i in 0..<hashKey.count where line[t + i] != hashKey[i] { return false }
        for i in (t + 9)..<(n - 2) where nibble(line[i]) == nil { return false }
        return line[n - 2] == 34 && line[n - 1] == 125
    }

    /// True when a complete line still resembles a record after some bytes of
    /// it changed: at least two of its four landmarks are in place — the
    /// `{"seq":` start, a `,"recorded":"` key, the `,"hash":"` key 75 bytes
    /// from the end, the closing `"}` (trailing CR, space or tab ignored).
    /// One changed byte breaks at most one landmark, and a newline put into a
    /// record leaves two on one of the halves, so an edited or bit-flipped
    /// record is never taken for a torn tail and moved aside; garbage, zeros
    /// and unfinished crash fragments still are.
    static func resemblesRecord(_ raw: UnsafeRawBufferPointer) -> Bool {
        var n = raw.count
        while n > 0, raw[n - 1] == 13 || raw[n - 1] == 32 || raw[n - 1] == 9 { n -= 1 }
        var landmarks = 0
        if n >= seqKey.count, (0..<seqKey.count).allSatisfy({ raw[$0] == seqKey[$0] }) { landmarks += 1 }
        if n >= recordedKey.count, (0...(n - recordedKey.count)).contains(where: { at in
            raw[at] == recordedKey[0] && (1..<recordedKey.count).allSatisfy { raw[at + $0] == recordedKey[$0] }
        }) { landmarks += 1 }
        if n >= tailLength, (0..<hashKey.count).allSatisfy({ raw[n - tailLength + $0] == hashKey[$0] }) { landmarks += 1 }
        if n >= 2, raw[n - 2] == 34, raw[n - 1] == 125 { landmarks += 1 }
        return landmarks >= 2
    }
}

/// Builds record lines. One encoder is reused across records (it owns a hasher
/// and scratch space), so encoding a million records stays cheap.
final class RecordEncoder {
    let offsetSeconds: Int
    private let hasher = SHA256Hasher()

    init(offsetSeconds: Int = RFC3339.defaultOffsetSeconds) {
        self.offsetSeconds = offsetSeconds
    }

    /// Checks a draft before anything is written: type and badge are sane
    /// strings, `data` is one compact JSON object with no raw control bytes.
    static func validate(_ draft: EventDraft) throws {
        guard !draft.type.isEmpty, draft.type.utf8.count <= 128,
              draft.type.utf8.allSatisfy({ $0 > 32 && $0 != 127 && $0 != 34 && $0 != 92 })
        else { throw JournalError.invalidField(field: "type", value: draft.type) }
        guard draft.by.utf8.count <= 64, draft.by.utf8.allSatisfy({ $0 >= 32 && $0 != 127 }) else {
            throw JournalError.invalidField(field: "by", value: draft.by)
        }
        // What the reader cannot parse back must never reach the file: a record
        // that verifies but does not decode would stop every later replay.
        guard draft.version >= 0 else { throw JournalError.invalidField(field: "v", value: String(draft.version)) }
        try checkTime(draft.at, field: "at")
        if let reason = JSONCheck.objectProblem(draft.data) {
            throw JournalError.invalidData(type: draft.type, reason: reason)
        }
    }

    /// Whole seconds from 0001-01-02 to 9999-12-30 UTC: four-digit years in any offset up to ±14 h.
    static let writableSeconds: ClosedRange<Double> = (-62_135_596_800 + 86_400)...(253_402_300_799 - 86_400)

    /// Refuses a time the RFC 3339 reader could not read back (NaN, infinity, a year outside 1…9999).
    static func checkTime(_ date: Date, field: String) throws {
        let t = date.timeIntervalSince1970
        guard t.isFinite, writableSeconds.contains(t) else {
            throw JournalError.invalidField(field: field, value: t.isFinite ? String(Int64(t.rounded(.down))) : String(t))
        }
    }

    /// Appends the record's line (with its newline) to `out` and returns its raw hash.
    func encode(
        seq: UInt64, id: UUID, type: String, version: Int, at: Date, recorded: Date, by: String, data: Data,
        previous: [UInt8], into out: inout [UInt8]
    ) -> [UInt8] {
        let start = out.count
        out.append(contentsOf: RecordFormat.seqKey)
        appendDecimal(seq, to: &out)
        appendASCII(#","id":""#, to: &out)
        appendUUID(id, to: &out)
        appendASCII(#"","type":"#, to: &out)
        JSONText.appendString(type, to: &out)
        appendASCII(#","v":"#, to: &out)
        if version < 0 { out.append(45) }
        appendDecimal(UInt64(version.magnitude), to: &out)
        appendASCII(#","at":""#, to: &out)
        appendTime(at, to: &out)
        appendASCII(#"","recorded":""#, to: &out)
        appendTime(recorded, to: &out)
        appendASCII(#"","by":"#, to: &out)
        JSONText.appendString(by, to: &out)
        appendASCII(#","data":"#, to: &out)
        out.append(contentsOf: data)
        var hash = [UInt8](repeating: 0, count: 32)
        out.withUnsafeBytes { raw in
            previous.withUnsafeBytes { prev in
                hash.withUnsafeMutableBytes { h in
                    hasher.chain(
                        previous: prev.baseAddress!, body: raw.baseAddress! + start, count: raw.count - start,
                        into: h.baseAddress!)
                }
            }
        }
        out.append(contentsOf: RecordFormat.hashKey)
        for b in hash {
            out.append(RecordFormat.hexDigits[Int(b >> 4)])
            out.append(RecordFormat.hexDigits[Int(b & 15)])
        }
        out.append(34)
        out.append(125)
        out.append(10)
        return hash
    }

    /// The header's `data` object.
    /// `forTests` adds `"purpose":"test"` (a journal for tests and demos); a real office's header has no such key.
    static func headerData(journalID: UUID, station: String, office: String, forTests: Bool = false) -> Data {
        var out = [UInt8]()
        out.append(contentsOf: Array(#"{"format":"#.utf8))
        out.append(contentsOf: Array(String(RecordFormat.version).utf8))
        out.append(contentsOf: Array(#","journal":""#.utf8))
        out.append(contentsOf: Array(journalID.uuidString.lowercased().utf8))
        out.append(contentsOf: Array(#"","station":"#.utf8))
        JSONText.appendString(station, to: &out)
        out.append(contentsOf: Array(#","office":"#.utf8))
        JSONText.appendString(office, to: &out)
        if forTests { out.append(contentsOf: Array(#","purpose":"test""#.utf8)) }
        out.append(125)
        return Data(out)
    }

    private func appendASCII(_ s: StaticString, to out: inout [UInt8]) {
        s.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    private func appendDecimal(_ value: UInt64, to out: inout [UInt8]) {
        if value == 0 { out.append(48); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var v = value
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while v > 0 {
                d[n] = UInt8(48 + v % 10)
                v /= 10
                n += 1
            }
            for i in stride(from: n - 1, through: 0, by: -1) { out.append(d[i]) }
        }
    }

    private func appendUUID(_ id: UUID, to out: inout [UInt8]) {
        withUnsafeBytes(of: id.uuid) { bytes in
            for i in 0..<16 {
                if i == 4 || i == 6 || i == 8 || i == 10 { out.append(45) }
                out.append(RecordFormat.hexDigits[Int(bytes[i] >> 4)])
                out.append(RecordFormat.hexDigits[Int(bytes[i] & 15)])
            }
        }
    }

    /// Same text as `RFC3339.format(date, offsetSeconds:)`, written straight into bytes.
    private func appendTime(_ date: Date, to out: inout [UInt8]) {
        let local = Int64(date.timeIntervalSince1970.rounded(.down)) + Int64(offsetSeconds)
        let (y, mo, d, h, mi, s) = RFC3339.civil(fromEpochSeconds: local)
        guard (0...9999).contains(y) else {
            out.append(contentsOf: Array(RFC3339.format(date, offsetSeconds: offsetSeconds).utf8))
            return
        }
        func two(_ v: Int64) { out.append(UInt8(48 + v / 10)); out.append(UInt8(48 + v % 10)) }
        two(y / 100); two(y % 100); out.append(45); two(mo); out.append(45); two(d)
        out.append(84); two(h); out.append(58); two(mi); out.append(58); two(s)
        if offsetSeconds == 0 {
            out.append(90)
        } else {
            out.append(offsetSeconds < 0 ? 45 : 43)
            let a = Int64(abs(offsetSeconds))
            two(a / 3600); out.append(58); two((a % 3600) / 60)
        }
    }
}

/// Reads the envelope of one record line with a hand parser of the fixed key
/// order; `data` stays raw bytes.
enum RecordDecoder {
    /// Decodes `line` (without its newline). Nil when it is not a record of our shape.
    /// `shapeChecked`: the caller has just found `RecordFormat.hasRecordShape(line)` true (the
    /// opening scan, which checks it for every line it verifies), so it is not checked twice.
    static func decode(_ line: UnsafeRawBufferPointer, shapeChecked: Bool = false) -> JournalRecord? {
        decode(line, shapeChecked: shapeChecked, hash: nil) { Data($0) }
    }

    /// As `decode(_:shapeChecked:)`, the record's `data` made by `makeData` from its bytes in the line
    /// (the opening scan's feed: one buffer for a block of records, `VerifiedFeed`), and its hash, when
    /// given, taken as it is (the opening scan's own, which it found equal to the line's hash field).
    @inline(__always)
    static func decode(_ line: UnsafeRawBufferPointer, shapeChecked: Bool, hash knownHash: StoredHash?,
                       data makeData: (UnsafeRawBufferPointer) -> Data) -> JournalRecord? {
        guard shapeChecked || RecordFormat.hasRecordShape(line) else { return nil }
        var c = Cursor(bytes: line, index: RecordFormat.seqKey.count, end: line.count - RecordFormat.tailLength)
        guard let seq = c.unsigned(),
              c.literal(#","id":""#), let id = c.uuid(), c.literal(#"","type":"#), let type = c.string(),
              c.literal(#","v":"#), let version = c.signed(),
              c.literal(#","at":""#), let at = c.time(), c.literal(#"","recorded":""#), let recorded = c.time(),
              c.literal(#"","by":"#), let by = c.string(), c.literal(#","data":"#),
              c.index < c.end, line[c.index] == 123, line[c.end - 1] == 125
        else { return nil }
        let data = makeData(UnsafeRawBufferPointer(rebasing: line[c.index..<c.end]))
        let hexStart = line.count - 66
        // Kept as its 32 bytes (`StoredHash`): no String for it unless someone asks for `hash`.
        let hash = knownHash ?? StoredHash(hex: UnsafeRawBufferPointer(rebasing: line[hexStart..<(hexStart + 64)]))
        return JournalRecord(
            seq: seq, id: id, type: type, version: version, at: at, recorded: recorded, by: by, data: data, storedHash: hash)
    }

    /// The `seq` of a line that starts `{"seq":N,`, or nil.
    static func seq(_ line: UnsafeRawBufferPointer) -> UInt64? {
        guard line.count > RecordFormat.seqKey.count else { return nil }
        for i in 0..<RecordFormat.seqKey.count where line[i] != RecordFormat.seqKey[i] { return nil }
        var c = Cursor(bytes: line, index: RecordFormat.seqKey.count, end: line.count)
        guard let value = c.unsigned(), c.index < c.end, line[c.index] == 44 else { return nil }
        return value
    }

    struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var index: Int
        let end: Int

        mutating func literal(_ s: StaticString) -> Bool {
            let n = s.utf8CodeUnitCount
            guard index + n <= end else { return false }
            let p = s.utf8Start
            for i in 0..<n where bytes[index + i] != p[i] { return false }
            index += n
            return true
        }

        mutating func unsigned() -> UInt64? {
            var value: UInt64 = 0
            let start = index
            while index < end, bytes[index] >= 48, bytes[index] <= 57 {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(UInt64(bytes[index] - 48))
                guard !o1, !o2 else { return nil }
                value = a
                index += 1
            }
            // No leading zeros: the encoder never writes them, so a line with them was edited.
            guard index > start, index - start == 1 || bytes[start] != 48 else { return nil }
            return value
        }

        mutating func signed() -> Int? {
            var negative = false
            if index < end, bytes[index] == 45 { negative = true; index += 1 }
            guard let magnitude = unsigned(), magnitude <= UInt64(Int.max) else { return nil }
            return negative ? -Int(magnitude) : Int(magnitude)
        }

        mutating func uuid() -> UUID? {
            guard index + 36 <= end else { return nil }
            // Into a fixed 16 bytes (not an array: no allocation for every record).
            var raw: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            var i = index
            let ok = withUnsafeMutableBytes(of: &raw) { raw -> Bool in
                var k = 0
                while k < 16 {
                    if k == 4 || k == 6 || k == 8 || k == 10 {
                        guard bytes[i] == 45 else { return false }
                        i += 1
                    }
                    guard let hi = RecordFormat.nibble(bytes[i]), let lo = RecordFormat.nibble(bytes[i + 1]) else { return false }
                    raw[k] = hi << 4 | lo
                    k += 1
                    i += 2
                }
                return true
            }
            guard ok else { return nil }
            index = i
            return UUID(uuid: raw)
        }

        /// A JSON string starting at the opening quote.
        mutating func string() -> String? {
            guard index < end, bytes[index] == 34 else { return nil }
            index += 1
            let start = index
            var plain = true
            while index < end, bytes[index] != 34 {
                if bytes[index] == 92 { plain = false; index += 2; continue }
                index += 1
            }
            guard index < end else { return nil }
            let body = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
            index += 1
            if plain { return String(decoding: body, as: UTF8.self) }
            return JSONText.unescape(body)
        }

        /// `YYYY-MM-DDTHH:MM:SS(Z|±HH:MM)` up to the closing quote.
        mutating func time() -> Date? {
            var stop = index
            while stop < end, bytes[stop] != 34 { stop += 1 }
            guard stop < end else { return nil }
            let text = UnsafeRawBufferPointer(rebasing: bytes[index..<stop])
            index = stop
            if let fast = Cursor.fastTime(text) { return fast }
            return RFC3339.parse(String(decoding: text, as: UTF8.self))
        }

        static func fastTime(_ t: UnsafeRawBufferPointer) -> Date? {
            guard t.count == 20 || t.count == 25 else { return nil }
            func d(_ i: Int) -> Int64? {
                let c = t[i]
                return c >= 48 && c <= 57 ? Int64(c - 48) : nil
            }
            func two(_ i: Int) -> Int64? {
                guard let a = d(i), let b = d(i + 1) else { return nil }
                return a * 10 + b
            }
            guard let y1 = two(0), let y2 = two(2), t[4] == 45, let mo = two(5), t[7] == 45, let day = two(8),
                  t[10] == 84, let h = two(11), t[13] == 58, let mi = two(14), t[16] == 58, let s = two(17),
                  (1...12).contains(mo), day >= 1, day <= RFC3339.daysInMonth(y1 * 100 + y2, mo), h < 24, mi < 60, s < 61
            else { return nil }
            var offset: Int64 = 0
            if t.count == 20 {
                guard t[19] == 90 else { return nil }
            } else {
                guard t[19] == 43 || t[19] == 45, let oh = two(20), t[22] == 58, let om = two(23) else { return nil }
                offset = (oh * 3600 + om * 60) * (t[19] == 45 ? -1 : 1)
            }
            let days = RFC3339.daysFromCivil(y1 * 100 + y2, mo, day)
            return Date(timeIntervalSince1970: Double(days * 86400 + h * 3600 + mi * 60 + s - offset))
        }
    }
}

/// JSON string escaping and unescaping for the envelope's string fields.
enum JSONText {
    /// Appends `s` as a JSON string literal: quotes, backslashes and control
    /// characters escaped, everything else raw UTF-8 (so Chinese stays readable).
    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(34)
        for b in s.utf8 {
            switch b {
            case 34: out.append(92); out.append(34)
            case 92: out.append(92); out.append(92)
            case 10: out.append(92); out.append(110)
            case 13: out.append(92); out.append(114)
            case 9: out.append(92); out.append(116)
            case 0..<32, 127:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(RecordFormat.hexDigits[Int(b >> 4)])
                out.append(RecordFormat.hexDigits[Int(b & 15)])
            default: out.append(b)
            }
        }
        out.append(34)
    }

    /// `s` as a JSON string literal.
    static func quoted(_ s: String) -> String {
        var out = [UInt8]()
        appendString(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes the body of a JSON string literal (between the quotes).
    static func unescape(_ body: UnsafeRawBufferPointer) -> String? {
        var out = [UInt8]()
        out.reserveCapacity(body.count)
        var i = 0
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= body.count else { return nil }
            var v: UInt32 = 0
            for k in 0..<4 {
                guard let n = RecordFormat.anyCaseNibble(body[at + k]) else { return nil }
                v = v << 4 | UInt32(n)
            }
            return v
        }
        while i < body.count {
            let b = body[i]
            guard b == 92 else { out.append(b); i += 1; continue }
            guard i + 1 < body.count else { return nil }
            let e = body[i + 1]
            i += 2
            switch e {
            case 34, 92, 47: out.append(e)
            case 98: out.append(8)
            case 102: out.append(12)
            case 110: out.append(10)
            case 114: out.append(13)
            case 116: out.append(9)
            case 117:
                guard var scalar = hex4(i) else { return nil }
                i += 4
                if (0xD800..<0xDC00).contains(scalar) {
                    guard i + 6 <= body.count, body[i] == 92, body[i + 1] == 117, let low = hex4(i + 2),
                          (0xDC00..<0xE000).contains(low)
                    else { return nil }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                guard let u = Unicode.Scalar(scalar) else { return nil }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default: return nil
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// A strict, allocation-free JSON syntax check for event `data`.
enum JSONCheck {
    /// Nil when `data` is one JSON object with no raw control bytes and valid
    /// UTF-8; otherwise a short reason naming the problem.
    static func objectProblem(_ data: Data) -> String? {
        data.withUnsafeBytes { raw -> String? in
            var p = Parser(b: raw, i: 0)
            guard raw.count > 0, raw[0] == 123 else { return "data must be a JSON object starting with {" }
            if let problem = p.value(depth: 0) { return problem }
            guard p.i == raw.count else { return "data has bytes after its closing } at offset \(p.i)" }
            return nil
        }
    }

    struct Parser {
        let b: UnsafeRawBufferPointer
        var i: Int

        mutating func skipSpace() {
            while i < b.count, b[i] == 32 { i += 1 }
        }

        mutating func value(depth: Int) -> String? {
            guard depth < 64 else { return "data nests deeper than 64 levels" }
            skipSpace()
            guard i < b.count else { return "data ends early" }
            switch b[i] {
            case 123: return object(depth: depth)
            case 91: return array(depth: depth)
            case 34: return string()
            case 116: return word("true")
            case 102: return word("false")
            case 110: return word("null")
            case 45, 48...57: return number()
            default: return problemAt("unexpected byte")
            }
        }

        func problemAt(_ what: String) -> String {
            i < b.count && b[i] < 32 ? "data has a raw control character (\(b[i])) at offset \(i)" : "data: \(what) at offset \(i)"
        }

        mutating func object(depth: Int) -> String? {
            i += 1
            skipSpace()
            if i < b.count, b[i] == 125 { i += 1; return nil }
            while true {
                skipSpace()
                guard i < b.count, b[i] == 34 else { return problemAt("expected a key") }
                if let p = string() { return p }
                skipSpace()
                guard i < b.count, b[i] == 58 else { return problemAt("expected :") }
                i += 1
                if let p = value(depth: depth + 1) { return p }
                skipSpace()
                guard i < b.count else { return "data ends early" }
                if b[i] == 44 { i += 1; continue }
                if b[i] == 125 { i += 1; return nil }
                return problemAt("expected , or }")
            }
        }

        mutating func array(depth: Int) -> String? {
            i += 1
            skipSpace()
            if i < b.count, b[i] == 93 { i += 1; return nil }
            while true {
                if let p = value(depth: depth + 1) { return p }
                skipSpace()
                guard i < b.count else { return "data ends early" }
                if b[i] == 44 { i += 1; continue }
                if b[i] == 93 { i += 1; return nil }
                return problemAt("expected , or ]")
            }
        }

        mutating func string() -> String? {
            i += 1
            while i < b.count {
                let c = b[i]
                if c == 34 { i += 1; return nil }
                if c < 32 || c == 127 { return problemAt("raw control character in a string") }
                if c == 92 {
                    guard i + 1 < b.count else { return "data ends early" }
                    let e = b[i + 1]
                    if e == 117 {
                        guard let unit = escape(at: i) else { return problemAt("bad \\u escape") }
                        i += 6
                        // UTF-16 surrogates only in pairs: a lone half is no character at all.
                        if (0xDC00..<0xE000).contains(unit) { return problemAt("lone \\u surrogate") }
                        if (0xD800..<0xDC00).contains(unit) {
                            guard let low = escape(at: i), (0xDC00..<0xE000).contains(low) else {
                                return problemAt("lone \\u surrogate")
                            }
                            i += 6
                        }
                    } else {
                        guard [34, 92, 47, 98, 102, 110, 114, 116].contains(e) else { return problemAt("bad escape") }
                        i += 2
                    }
                    continue
                }
                if c < 0x80 { i += 1; continue }
                // Multi-byte UTF-8: a lead byte and the right number of continuation bytes.
                // The second byte's range also rules out overlong forms, surrogates and code points past U+10FFFF.
                let n: Int
                var second: ClosedRange<UInt8> = 0x80...0xBF
                switch c {
                case 0xC2...0xDF: n = 1
                case 0xE0: n = 2; second = 0xA0...0xBF
                case 0xED: n = 2; second = 0x80...0x9F
                case 0xE1...0xEF: n = 2
                case 0xF0: n = 3; second = 0x90...0xBF
                case 0xF4: n = 3; second = 0x80...0x8F
                case 0xF1...0xF3: n = 3
                default: return problemAt("invalid UTF-8")
                }
                guard i + n < b.count else { return "data ends early" }
                guard second.contains(b[i + 1]) else { return problemAt("invalid UTF-8") }
                for k in 1...n where b[i + k] & 0xC0 != 0x80 { return problemAt("invalid UTF-8") }
                i += n + 1
            }
            return "data ends inside a string"
        }

        /// The code unit of a `\\uXXXX` escape starting at `at`, or nil.
        func escape(at: Int) -> UInt32? {
            guard at + 6 <= b.count, b[at] == 92, b[at + 1] == 117 else { return nil }
            var unit: UInt32 = 0
            for k in 2..<6 {
                guard let n = RecordFormat.anyCaseNibble(b[at + k]) else { return nil }
                unit = unit << 4 | UInt32(n)
            }
            return unit
        }

        mutating func word(_ w: StaticString) -> String? {
            let n = w.utf8CodeUnitCount
            guard i + n <= b.count else { return "data ends early" }
            for k in 0..<n where b[i + k] != w.utf8Start[k] { return problemAt("unexpected word") }
            i += n
            return nil
        }

        mutating func number() -> String? {
            // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, as JSON (RFC 8259) has it.
            let start = i
            func digits() -> Int {
                let from = i
                while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1 }
                return i - from
            }
            if b[i] == 45 { i += 1 }
            let leadingZero = i < b.count && b[i] == 48
            let whole = digits()
            guard whole > 0, !(leadingZero && whole > 1) else { return "data: bad number at offset \(start)" }
            if i < b.count, b[i] == 46 {
                i += 1
                guard digits() > 0 else { return "data: bad number at offset \(start)" }
            }
            if i < b.count, b[i] == 101 || b[i] == 69 {
                i += 1
                if i < b.count, b[i] == 43 || b[i] == 45 { i += 1 }
                guard digits() > 0 else { return "data: bad number at offset \(start)" }
            }
            return nil
        }
    }
}

extension JournalRecord {
    /// The record as one compact JSON object in the journal's key order —
    /// for a record read from a journal written at this offset, exactly its line.
    public func jsonLine(offsetSeconds: Int = RFC3339.defaultOffsetSeconds) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(300 + data.count)
        out.append(contentsOf: Array("{\"seq\":\(seq),\"id\":\"\(id.uuidString.lowercased())\",\"type\":".utf8))
        JSONText.appendString(type, to: &out)
        out.append(contentsOf: Array(",\"v\":\(version),\"at\":\"\(RFC3339.format(at, offsetSeconds: offsetSeconds))\",\"recorded\":\"".utf8))
        out.append(contentsOf: Array("\(RFC3339.format(recorded, offsetSeconds: offsetSeconds))\",\"by\":".utf8))
        JSONText.appendString(by, to: &out)
        out.append(contentsOf: Array(",\"data\":".utf8))
        out.append(contentsOf: data)
        out.append(contentsOf: Array(",\"hash\":\"\(hash)\"}".utf8))
        return String(decoding: out, as: UTF8.self)
    }
}

/// JSON string literal for output that is not a record (`jingwu verify --json`).
public func journalJSONString(_ s: String) -> String { JSONText.quoted(s) }
