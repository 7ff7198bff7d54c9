import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuJournal

/// Deliberate edits by someone with access to the file: each is either
/// reported naming the right record, or (for a full re-hash) changes the head
/// hash a supervisor wrote down.
@Suite(.serialized) final class AdversarialTamperTests {
    private var dir = ""
    private var original: [UInt8] = []
    private var lines: [[UInt8]] = []
    private var writtenDownHead = ""

    init() throws {
        dir = makeTempDirectory()
        original = bytes(try makeVariedJournal(in: dir, count: 6))
        lines = ReferenceReader.lines(original[...]).complete
        writtenDownHead = try JournalInspector.verify(path: dir + "/journal.jsonl").headHash
    }

    deinit {
        try? FileManager.default.removeItem(atPath: dir)
    }

    private func file(_ lines: [[UInt8]]) -> [UInt8] { lines.flatMap { $0 + [10] } }

    /// Re-hashes `lines` from `from` on, as a forger with the format description would.
    private func rehash(_ lines: [[UInt8]], from: Int = 0) -> [[UInt8]] {
        var out = lines
        var previous = RecordFormat.zeroHash
        for i in out.indices {
            let body = Array(out[i][0..<(out[i].count - 75)])
            let hash = body.withUnsafeBytes { SHA256Hasher().chain(previous: previous, body: $0) }
            if i >= from { out[i] = body + Array(#","hash":"\#(RecordFormat.hex(hash))"}"#.utf8) }
            previous = hash
        }
        return out
    }

    private func replacing(_ line: [UInt8], _ old: String, _ new: String) -> [UInt8] {
        Array(String(decoding: line, as: UTF8.self).replacingOccurrences(of: old, with: new).utf8)
    }

    /// The file is reported damaged at `seq` by verify and by open, and opening changes nothing.
    private func assertDamaged(_ content: [UInt8], at seq: Int, _ label: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let path = caseDirectory(dir, "case") + "/journal.jsonl"
        write(content, to: path)
        let report = try JournalInspector.verify(path: path)
        XCTAssertEqual(report.damaged?.seq, UInt64(seq), label, file: file, line: line)
        XCTAssertEqual(report.damaged?.line, seq + 1, label, file: file, line: line)
        if seq > 0 {
            let journal = try FileJournal(path: path)
            XCTAssertTrue(journal.isReadOnly, label, file: file, line: line)
            XCTAssertThrowsError(try journal.append { _ in [draft(1)] }, label, file: file, line: line)
        } else {
            XCTAssertThrowsError(try FileJournal(path: path), label, file: file, line: line)
        }
        XCTAssertTrue(bytes(path) == content, "file changed: " + label, file: file, line: line)
        XCTAssertEqual(sideFiles(of: path), [], label, file: file, line: line)
    }

    @Test func test_removing_duplicating_or_swapping_a_line_is_damage_at_that_record() throws {
        for k in 1..<(lines.count - 1) {
            var removed = lines
            removed.remove(at: k)
            try assertDamaged(file(removed), at: k, "removed line \(k)")
            var duplicated = lines
            duplicated.insert(lines[k], at: k)
            try assertDamaged(file(duplicated), at: k + 1, "duplicated line \(k)")
            var swapped = lines
            swapped.swapAt(k, k + 1)
            try assertDamaged(file(swapped), at: k, "swapped lines \(k), \(k + 1)")
        }
        var noHeader = lines
        noHeader.removeFirst()
        try assertDamaged(file(noHeader), at: 0, "header removed")
    }

    @Test func test_a_forged_line_hashed_from_the_wrong_predecessor_is_damage() throws {
        for k in 1..<lines.count {
            // A copy of record k-1 with seq k and new data, hashed as if k-2 came before it.
            var forged = replacing(lines[k - 1], #"{"seq":\#(k - 1),"#, #"{"seq":\#(k),"#)
            forged = replacing(forged, #""n":"#, #""n":99,"forged":"#)
            var withForgery = Array(lines[0..<(k - 1)]) + [forged]
            withForgery = rehash(withForgery, from: k - 1)
            var content = Array(lines[0..<k]) + [withForgery.last!] + Array(lines[k...])
            try assertDamaged(file(content), at: k, "forged line at \(k)")
            // Renumbering the rest without re-hashing does not help either.
            content = Array(lines[0..<k]) + [withForgery.last!]
                + lines[k...].enumerated().map { i, line in replacing(line, #"{"seq":\#(k + i),"#, #"{"seq":\#(k + i + 1),"#) }
            try assertDamaged(file(content), at: k, "forged line at \(k), rest renumbered")
        }
    }

    @Test func test_changed_seq_numbers_are_damage_even_when_that_line_is_rehashed() throws {
        for k in 1..<lines.count {
            for newSeq in ["\(k + 1)", "\(k - 1)", "0\(k)", "\(k)0", "-\(k)", "\(UInt64.max)", "18446744073709551616"] {
                var edited = lines
                edited[k] = replacing(lines[k], #"{"seq":\#(k),"#, #"{"seq":\#(newSeq),"#)
                try assertDamaged(file(rehash(edited)), at: k, "seq \(k) -> \(newSeq), all re-hashed")
            }
        }
    }

    @Test func test_a_full_rehash_after_an_edit_verifies_but_changes_the_head_hash_written_down_before() throws {
        for k in 0..<lines.count {
            var edited = lines
            edited[k] = k == 0 ? replacing(lines[k], "东门警务室", "西门警务室") : replacing(lines[k], #""n":\#(k - 1),"#, #""n":7\#(k),"#)
            XCTAssertNotEqual(edited[k], lines[k])
            let content = file(rehash(edited))
            let path = caseDirectory(dir, "rehash") + "/journal.jsonl"
            write(content, to: path)
            let report = try JournalInspector.verify(path: path)
            XCTAssertTrue(report.isIntact, "record \(k)")
            XCTAssertEqual(report.count, lines.count, "record \(k)")
            XCTAssertNotEqual(report.headHash, writtenDownHead, "a re-hashed edit of record \(k) kept the old head hash")
            XCTAssertEqual(try FileJournal(path: path).headHash, report.headHash)
        }
    }

    @Test func test_removing_the_last_records_verifies_but_the_head_hash_and_count_change() throws {
        for keep in 1..<lines.count {
            let path = caseDirectory(dir, "cut") + "/journal.jsonl"
            write(file(Array(lines[0..<keep])), to: path)
            let report = try JournalInspector.verify(path: path)
            XCTAssertTrue(report.isIntact)
            XCTAssertEqual(report.count, keep)
            XCTAssertNotEqual(report.headHash, writtenDownHead, "keeping \(keep) of \(lines.count) records")
        }
    }

    @Test func test_a_record_from_another_journal_with_the_same_header_fields_does_not_fit() throws {
        // Same station, office and events, but a different journal id: records are not interchangeable.
        let otherDir = caseDirectory(dir, "other")
        let otherPath = otherDir + "/journal.jsonl"
        let other = try FileJournal.create(
            path: otherPath, station: "城关派出所", office: "东门警务室", clock: FixedClock(fixedNow), by: "1001",
            journalID: UUID(uuidString: "99999999-2222-4333-8444-555555555555")!)
        try other.append { _ in [draft(0)] }
        let otherLines = ReferenceReader.lines(bytes(otherPath)[...]).complete
        var mixed = lines
        mixed[1] = otherLines[1]
        try assertDamaged(file(mixed), at: 1, "record 1 from another journal")
    }
}
