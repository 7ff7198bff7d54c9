import Foundation
import JingwuTestSupport
import Testing
import JingwuJournal
@testable import JingwuStation

/// The sync's binary COPY tuples, written straight from a record line (`RecordLineFields`), are
/// byte for byte the tuples of the encoder before it (built from `RecordLines.decode`'s record):
/// for every line of a journal, and for lines that take the decoder's path or decode to nothing.
@Suite(.serialized) final class CopyEncodingTests {
    let journalID = UUID(uuidString: "09e28874-8d67-4d4a-b7dc-b8a1727658a9")!
    let office = "东门警务室"

    /// The tuple as the encoder of sessions 8–12 wrote it, from the decoded record (a reference kept here),
    /// with `data` as schema version 3 takes it.
    func referenceTuple(_ line: [UInt8]) -> [UInt8]? {
        guard let record = line.withUnsafeBytes({ RecordLines.decode($0) }) else { return nil }
        var out: [UInt8] = []
        func int16(_ v: Int16) { withUnsafeBytes(of: v.bigEndian) { out.append(contentsOf: $0) } }
        func int32(_ v: Int32) { withUnsafeBytes(of: v.bigEndian) { out.append(contentsOf: $0) } }
        func int64(_ v: Int64) { withUnsafeBytes(of: v.bigEndian) { out.append(contentsOf: $0) } }
        func text(_ s: String) { int32(Int32(s.utf8.count)); out.append(contentsOf: s.utf8) }
        int16(12)
        int32(16); withUnsafeBytes(of: journalID.uuid) { out.append(contentsOf: $0) }
        int32(8); int64(Int64(bitPattern: record.seq))  // (it trapped past Int64.max; the server's CHECK refuses it now)
        int32(16); withUnsafeBytes(of: record.id.uuid) { out.append(contentsOf: $0) }
        text(office)
        text(record.type)
        int32(4); int32(Int32(truncatingIfNeeded: record.version))
        int32(8); int64(Int64(((record.at.timeIntervalSince1970 - 946_684_800) * 1_000_000).rounded()))
        int32(8); int64(Int64(((record.recorded.timeIntervalSince1970 - 946_684_800) * 1_000_000).rounded()))
        text(record.by)
        // Schema version 3: `data` is json, whose binary format is its text (before, jsonb: a
        // version byte 1 then the text); NULL for data with a \u0000 escape, as before.
        if BatchWriter.queryable(record.data) {
            int32(Int32(record.data.count)); out.append(contentsOf: record.data)
        } else {
            int32(-1)
        }
        text(record.hash)
        int32(Int32(line.count)); out.append(contentsOf: line)
        return out
    }

    /// The tuple the sync writes now, and where it says the hash is.
    func tuple(_ line: [UInt8]) -> (bytes: [UInt8], hash: String)? {
        let encoder = CopyTupleEncoder(journalID: journalID, office: office)
        let buffer = CopyBuffer(capacity: 64)  // small: the tuple must make its own room
        guard let at = line.withUnsafeBytes({ encoder.append(line: $0, into: buffer) }) else { return nil }
        let bytes = Array(buffer.bytes)
        return (bytes, String(decoding: bytes[at..<(at + 64)], as: UTF8.self))
    }

    func fastPath(_ line: [UInt8]) -> Bool {
        line.withUnsafeBytes { RecordLineFields.parse($0) } != nil
    }

    let hash = "8add29cbbdf2eaa5ce35b19e4b4f5f973876e01040c0c25e2871b5f2b9a1a135"

    func line(seq: String = "5", id: String = "019ae63a-bb00-7643-8e84-9bc819cd9a62", type: String = #""NoteAdded""#,
              v: String = "1", at: String = "2025-12-04T06:00:00+08:00", recorded: String = "2026-12-03T23:56:03+08:00",
              by: String = #""031245""#, data: String = #"{"a":1}"#) -> [UInt8] {
        Array(#"{"seq":\#(seq),"id":"\#(id)","type":\#(type),"v":\#(v),"at":"\#(at)","recorded":"\#(recorded)","by":\#(by),"data":\#(data),"hash":"\#(hash)"}"#.utf8)
    }

    @Test func test_every_line_of_a_journal_takes_the_fast_path_and_gives_the_reference_tuple() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jingwu-copyenc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("office.jsonl").path
        let journal = try FileJournal.create(path: path, station: "城关派出所", office: office, forTests: true)
        var i = 0
        let types = ["NoteAdded", "PatrolCheckedIn", "VisitRecorded"]
        _ = try journal.appendBulk {
            guard i < 300 else { return nil }
            defer { i += 1 }
            // Times before 2000 and after, data with Chinese, escapes, numbers and a \u0000 (held as NULL).
            let data = i % 50 == 7 ? #"{"t":"a\u0000b"}"# : #"{"i":\#(i),"text":"巡逻\"记录\" \\ 第\#(i)条","n":-\#(i).5}"#
            return EventDraft(type: types[i % 3], version: 1 + i % 2,
                              at: Date(timeIntervalSince1970: -1_000_000_000 + Double(i) * 9_876_543), by: "0312\(i % 10)",
                              data: Data(data.utf8))
        }
        var checked = 0
        _ = try RecordLines.scanVerified(path: path) { raw, seq in
            let line = Array(raw)
            XCTAssertTrue(fastPath(line), "record \(seq)")
            let got = tuple(line)
            XCTAssertNotNil(got, "record \(seq)")
            XCTAssertEqual(got?.bytes, referenceTuple(line), "record \(seq)")
            XCTAssertEqual(got?.hash, line.withUnsafeBytes { RecordLines.decode($0)?.hash }, "record \(seq)")
            checked += 1
        }
        XCTAssertEqual(checked, 301)
    }

    @Test func test_lines_off_the_fast_path_give_the_reference_tuple_or_nothing() {
        // Fast path: the common shapes, a negative version, a Z time.
        for common in [line(), line(v: "-3"), line(at: "1999-12-31T23:59:59Z"), line(recorded: "2026-03-01T00:00:00-05:30"),
                       line(seq: "0"), line(seq: "18446744073709551615"), line(data: "{}")] {
            XCTAssertTrue(fastPath(common), String(decoding: common, as: UTF8.self))
            XCTAssertEqual(tuple(common)?.bytes, referenceTuple(common))
            XCTAssertNotNil(referenceTuple(common))
        }
        // The decoder's path: escapes and non-ASCII in type or by, a time with a fraction.
        for other in [line(by: #""\"张\"""#), line(by: #""张三""#), line(type: #""Note\u0041dded""#),
                      line(at: "2025-12-04T06:00:00.5+08:00")] {
            XCTAssertFalse(fastPath(other), String(decoding: other, as: UTF8.self))
            XCTAssertEqual(tuple(other)?.bytes, referenceTuple(other))
        }
        XCTAssertNotNil(referenceTuple(line(by: #""\"张\"""#)))
        // Nothing: what the decoder refuses (a leading zero, an uppercase or short id, a bad month, no data object).
        for bad in [line(seq: "05"), line(id: "019AE63A-bb00-7643-8e84-9bc819cd9a62"), line(id: "019ae63a-bb00-7643-8e84-9bc819cd9a6"),
                    line(at: "2025-13-04T06:00:00+08:00"), line(at: "2025-02-30T06:00:00+08:00"), line(data: "[1]"),
                    line(seq: "18446744073709551616"), line(v: "9223372036854775808"), Array(#"{"seq":1}"#.utf8)] {
            XCTAssertNil(tuple(bad), String(decoding: bad, as: UTF8.self))
            XCTAssertNil(referenceTuple(bad))
        }
    }

    @Test func test_a_buffer_grows_and_keeps_what_it_holds() {
        let buffer = CopyBuffer(capacity: 8)
        CopyTupleEncoder.header(into: buffer)
        buffer.reserve(4 + 1000)
        [UInt8](repeating: 7, count: 1000).withUnsafeBytes { buffer.field($0) }
        CopyTupleEncoder.trailer(into: buffer)
        let bytes = Array(buffer.bytes)
        XCTAssertEqual(bytes.count, 19 + 4 + 1000 + 2)
        XCTAssertEqual(Array(bytes[0..<11]), Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00])
        XCTAssertEqual(Array(bytes[19..<23]), [0, 0, 0x03, 0xE8])
        XCTAssertEqual(bytes[23..<1023].allSatisfy { $0 == 7 }, true)
        XCTAssertEqual(Array(bytes[1023...]), [0xFF, 0xFF])
        buffer.removeAll()
        XCTAssertEqual(buffer.count, 0)
    }
}
