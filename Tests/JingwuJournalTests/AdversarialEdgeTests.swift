import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuJournal

/// Odd files and odd records: empty, header only, CRLF, huge lines, bytes
/// that are not UTF-8, and drafts the reader could not read back.
@Suite(.serialized) final class AdversarialEdgeTests {
    private var dir = ""

    init() { dir = makeTempDirectory() }
    deinit { try? FileManager.default.removeItem(atPath: dir) }

    private func assertRefusedUntouched(_ content: [UInt8], _ label: String) throws {
        let path = caseDirectory(dir, "case") + "/journal.jsonl"
        write(content, to: path)
        XCTAssertThrowsError(try FileJournal(path: path), label) { error in
            XCTAssertEqual(error as? JournalError, .damaged(path: path, seq: 0, line: 1), label)
        }
        XCTAssertEqual(try JournalInspector.verify(path: path).damaged?.seq, 0, label)
        XCTAssertTrue(bytes(path) == content, label)
        XCTAssertEqual(sideFiles(of: path), [], label)
    }

    @Test func test_an_empty_file_or_a_torn_header_is_refused_and_left_alone() throws {
        let header = bytes(try makeFileJournal(in: dir, count: 0))
        try assertRefusedUntouched([], "empty")
        try assertRefusedUntouched([10], "one newline")
        // Every cut but the one just before the header's newline: that header is whole
        // and is completed (TrustFilesTests.test_a_header_missing_only_its_newline_is_completed).
        for cut in stride(from: 1, to: header.count, by: 7) where cut != header.count - 1 {
            try assertRefusedUntouched(Array(header[0..<cut]), "header cut at \(cut)")
        }
        try assertRefusedUntouched(header.filter { $0 != 10 } + [13, 10], "header with CRLF")
    }

    @Test func test_a_header_only_journal_opens_and_appends() throws {
        let path = try makeFileJournal(in: dir, count: 0)
        let journal = try FileJournal(path: path, clock: FixedClock(fixedNow))
        XCTAssertEqual(journal.headSeq, 0)
        XCTAssertEqual(try journal.append { _ in [draft(1)] }.first?.seq, 1)
        XCTAssertTrue(try JournalInspector.verify(path: path).isIntact)
    }

    @Test func test_crlf_line_endings_from_some_record_on_are_damage_not_a_torn_tail() throws {
        let original = bytes(try makeVariedJournal(in: dir, count: 5))
        let starts = lineStarts(original)
        for k in 1..<(starts.count - 1) {
            var content = Array(original[0..<starts[k]])
            for line in ReferenceReader.lines(original[starts[k]...]).complete { content += line + [13, 10] }
            let path = caseDirectory(dir, "crlf") + "/journal.jsonl"
            write(content, to: path)
            let journal = try FileJournal(path: path)
            XCTAssertTrue(journal.isReadOnly, "CRLF from record \(k)")
            XCTAssertEqual(journal.notices.last, .damaged(seq: UInt64(k), line: k + 1))
            XCTAssertTrue(bytes(path) == content, "CRLF from record \(k)")
        }
    }

    @Test func test_records_larger_than_the_read_buffer_round_trip_and_verify() throws {
        let path = try makeFileJournal(in: dir, count: 1)
        let journal = try FileJournal(path: path, clock: FixedClock(fixedNow))
        var written: [JournalRecord] = []
        for size in [2 << 20, 9 << 20] {  // 2 MB, and more than twice the scanner's 4 MB chunk
            let text = String(repeating: "巡", count: size / 3)
            let data = Data(#"{"text":"\#(text)"}"#.utf8)
            written += try journal.append { _ in [EventDraft(type: "NoteAdded", at: fixedNow, by: "1001", data: data)] }
        }
        try journal.append { _ in [draft(3)] }
        let report = try JournalInspector.verify(path: path)
        XCTAssertTrue(report.isIntact)
        XCTAssertEqual(report.count, 5)
        let reopened = try FileJournal(path: path)
        var replayed: [JournalRecord] = []
        try reopened.replay(from: 2) { replayed.append($0) }
        XCTAssertEqual(replayed.map(\.seq), [2, 3, 4])
        XCTAssertEqual(Array(replayed.prefix(2)), written)
        // A huge record cut short is still a torn tail, and the big record before it stays.
        let content = bytes(path)
        write(Array(content[0..<(content.count - 1000)]), to: path)
        let cut = try FileJournal(path: path)
        XCTAssertEqual(cut.headSeq, 2)  // the last record and the end of the 9 MB one are cut off
        XCTAssertEqual(sideFiles(of: path).count, 1)
    }

    @Test func test_data_whose_text_contains_the_hash_key_round_trips() throws {
        let path = try makeFileJournal(in: dir, count: 0)
        let journal = try FileJournal(path: path, clock: FixedClock(fixedNow))
        let tricky = Data(#"{"a":",\"hash\":\"","b":",\"hash\":\"0000000000000000000000000000000000000000000000000000000000000000\"}"}"#.utf8)
        let written = try journal.append { _ in [EventDraft(type: "NoteAdded", at: fixedNow, by: "1001", data: tricky)] }
        XCTAssertEqual(written.first?.data, tricky)
        XCTAssertTrue(try JournalInspector.verify(path: path).isIntact)
        var replayed: [Data] = []
        try FileJournal(path: path).replay(from: 1) { replayed.append($0.data) }
        XCTAssertEqual(replayed, [tricky])
    }

    @Test func test_data_that_is_not_valid_json_or_utf8_is_refused_and_nothing_is_written() throws {
        let path = try makeFileJournal(in: dir, count: 0)
        let journal = try FileJournal(path: path, clock: FixedClock(fixedNow))
        let before = bytes(path)
        let bad: [[UInt8]] = [
            Array(#"{"a":"x"#.utf8) + [0] + Array(#"y"}"#.utf8),  // NUL
            Array(#"{"a":"x"#.utf8) + [0xFF] + Array(#""}"#.utf8),  // not UTF-8
            Array(#"{"a":""#.utf8) + [0xE0, 0x80, 0x80] + Array(#""}"#.utf8),  // overlong
            Array(#"{"a":""#.utf8) + [0xED, 0xA0, 0x80] + Array(#""}"#.utf8),  // UTF-16 surrogate
            Array(#"{"a":""#.utf8) + [0xF4, 0x90, 0x80, 0x80] + Array(#""}"#.utf8),  // past U+10FFFF
            Array(#"{"a":""#.utf8) + [0xC3] + Array(#""}"#.utf8),  // cut sequence
            Array(#"{"a":1-2}"#.utf8), Array(#"{"a":-}"#.utf8), Array(#"{"a":1..2}"#.utf8), Array(#"{"a":01}"#.utf8),
            Array(#"{"a":1e}"#.utf8), Array(#"{"a":.5}"#.utf8), Array(#"{"a":+1}"#.utf8),
            Array(#"{"a":"\ud800"}"#.utf8), Array(#"{"a":"\udc00x"}"#.utf8),
            Array("{\"a\":\"line\nbreak\"}".utf8), Array(#"{"a":1}{"b":2}"#.utf8), Array(#"["a"]"#.utf8), [],
        ]
        for data in bad {
            let label = String(decoding: data, as: UTF8.self)
            XCTAssertThrowsError(try journal.append { _ in [EventDraft(type: "NoteAdded", at: fixedNow, by: "1001", data: Data(data))] }, label) {
                XCTAssertEqual(($0 as? JournalError)?.exitCode, 65, label)
            }
        }
        XCTAssertTrue(bytes(path) == before)
        XCTAssertEqual(try journal.append { _ in [draft(1)] }.first?.seq, 1)
    }

    @Test func test_whatever_the_data_check_accepts_foundation_can_parse() throws {
        var random = SeededRandom(seed: 0x15_0A)
        let pieces: [[UInt8]] = [
            Array("\"".utf8), Array("\\".utf8), Array("\\u".utf8), Array("d8".utf8), Array("dc".utf8), Array("00".utf8),
            Array("{".utf8), Array("}".utf8), Array("[".utf8), Array("]".utf8), Array(":".utf8), Array(",".utf8),
            Array("-".utf8), Array("0".utf8), Array("1".utf8), Array(".".utf8), Array("e".utf8), Array("+".utf8),
            Array("true".utf8), Array("null".utf8), Array(" ".utf8), Array("巡".utf8), [0xE0], [0xA0], [0x80], [0xED],
            Array("\"k\":".utf8), Array("\"s\"".utf8),
        ]
        var accepted = 0
        for _ in 0..<20_000 {
            var data: [UInt8] = Array("{\"k\":".utf8)
            for _ in 0..<(1 + Int(random.next() % 8)) { data += pieces[Int(random.next() % UInt64(pieces.count))] }
            if random.next() % 2 == 0 { data += Array("}".utf8) }
            guard JSONCheck.objectProblem(Data(data)) == nil else { continue }
            accepted += 1
            XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(data)), String(decoding: data, as: UTF8.self))
            XCTAssertNotNil(String(validating: data, as: UTF8.self), "\(data)")
        }
        XCTAssertGreaterThan(accepted, 100)
    }

    @Test func test_a_draft_the_reader_could_not_read_back_is_refused_before_anything_is_written() throws {
        let path = try makeFileJournal(in: dir, count: 0)
        let journal = try FileJournal(path: path, clock: FixedClock(fixedNow))
        let before = bytes(path)
        let times = [1e12, -1e12, -62_135_596_800 - 86_400, 253_402_300_800 + 86_400, .nan, .infinity, -.infinity]
        for t in times {
            XCTAssertThrowsError(try journal.append { _ in [EventDraft(type: "NoteAdded", at: Date(timeIntervalSince1970: t), by: "1001", data: Data("{}".utf8))] }, "at \(t)") {
                XCTAssertEqual(($0 as? JournalError)?.exitCode, 65, "at \(t)")
            }
            var once = true
            XCTAssertThrowsError(try journal.appendBulk {
                defer { once = false }
                return once ? EventDraft(type: "X", at: Date(timeIntervalSince1970: t), by: "1", data: Data("{}".utf8)) : nil
            }, "bulk at \(t)")
        }
        XCTAssertThrowsError(try journal.append { _ in [EventDraft(type: "NoteAdded", version: Int.min, at: fixedNow, by: "1001", data: Data("{}".utf8))] })
        XCTAssertTrue(bytes(path) == before)
        // A clock gone wild is refused the same way.
        let wild = try FileJournal(path: path, clock: FixedClock(Date(timeIntervalSince1970: 1e13)))
        XCTAssertThrowsError(try wild.append { _ in [draft(1)] })
        XCTAssertTrue(bytes(path) == before)
        // Edge years that do fit are written and read back.
        for text in ["0001-01-03T00:00:00+08:00", "9999-12-30T23:59:59+08:00"] {
            let at = RFC3339.parse(text)!
            let record = try journal.append { _ in [EventDraft(type: "NoteAdded", at: at, by: "1001", data: Data("{}".utf8))] }
            XCTAssertEqual(record.first?.at, at, text)
        }
        XCTAssertTrue(try JournalInspector.verify(path: path).isIntact)
    }

    @Test func test_badge_and_type_with_quotes_backslashes_and_chinese_round_trip() throws {
        let path = try makeFileJournal(in: dir, count: 0)
        let journal = try FileJournal(path: path, clock: FixedClock(fixedNow))
        let written = try journal.append { _ in
            [EventDraft(type: "巡逻Started", at: fixedNow, by: #"10"01\x 警号"#, data: Data("{}".utf8))]
        }
        var replayed: [JournalRecord] = []
        try FileJournal(path: path).replay(from: 1) { replayed.append($0) }
        XCTAssertEqual(replayed, written)
        XCTAssertEqual(replayed.first?.by, #"10"01\x 警号"#)
    }
}
