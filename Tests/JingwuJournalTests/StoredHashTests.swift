import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuJournal

/// A record's `hash` is kept as its 32 bytes (`StoredHash`) when it is 64 lowercase hex digits, as text
/// otherwise: it reads back as the very text it was given, and two records' hashes are equal exactly
/// when their texts are.
@Suite(.serialized) final class StoredHashTests {
    private func record(hash: String) -> JournalRecord {
        JournalRecord(seq: 1, id: UUID(uuidString: "019ae648-76a0-7094-bdf7-ad0779de9328")!, type: "PatrolCheckedIn",
                      version: 1, at: Date(timeIntervalSince1970: 0), recorded: Date(timeIntervalSince1970: 0), by: "031245",
                      data: Data("{}".utf8), hash: hash)
    }

    /// Random lowercase hex hashes, and texts near them that are not one: upper case, one digit short or
    /// over, a letter past `f`, empty, Chinese.
    private func texts() -> [String] {
        var rng = SystemRandomNumberGenerator()
        var out: [String] = []
        for _ in 0..<100 {
            let hex = String((0..<64).map { _ in Array("0123456789abcdef")[Int(rng.next() % 16)] })
            out.append(hex)
            out.append(hex.uppercased())
            out.append(String(hex.dropLast()))
            out.append(hex + "0")
            out.append(String(hex.dropLast()) + "g")
        }
        out += ["", "0", String(repeating: "0", count: 64), String(repeating: "f", count: 64), String(repeating: "哈", count: 64)]
        return out
    }

    @Test func test_a_hash_reads_back_as_the_text_it_was_given() {
        for text in texts() {
            var r = record(hash: text)
            XCTAssertEqual(r.hash, text)
            r.hash = text.uppercased()
            XCTAssertEqual(r.hash, text.uppercased())
        }
    }

    @Test func test_hashes_are_equal_exactly_when_their_texts_are() {
        let all = texts()
        var equalPairs = 0
        for (i, a) in all.enumerated() {
            // Each text against itself, a fresh copy of itself, and its neighbours (mostly near misses).
            for b in [a, String(decoding: Array(a.utf8), as: UTF8.self)] + all[max(0, i - 5)..<min(all.count, i + 5)] {
                XCTAssertEqual(record(hash: a) == record(hash: b), a == b, "\(a) against \(b)")
                if a == b { equalPairs += 1 }
            }
        }
        XCTAssertGreaterThan(equalPairs, all.count)
    }

    /// A record read back from a journal: its `hash` is the line's hash field, byte for byte.
    @Test func test_a_record_read_from_a_line_carries_the_lines_hash() throws {
        let dir = makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/journal.jsonl"
        let journal = try FileJournal.create(path: path, station: "S", office: "O", clock: FixedClock(fixedNow))
        for i in 0..<20 {
            try journal.append { _ in [draft(i)] }
        }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        var seen = 0
        try FileJournal(path: path, clock: FixedClock(fixedNow)).replayAll { record in
            let line = lines[Int(record.seq)]
            XCTAssertTrue(line.hasSuffix(#","hash":"\#(record.hash)"}"#), "seq \(record.seq)")
            seen += 1
        }
        XCTAssertEqual(seen, 21)
    }
}
