import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuJournal

/// Opening trusting a checkpoint's prefix: only the header, record N and the
/// tail are verified; anything that does not match falls back to the full scan;
/// the tail keeps every guarantee of a full open; `verify` still sees everything.
@Suite(.serialized) final class TrustedPrefixTests {
    private var dir = ""
    private var path = ""

    init() throws {
        dir = makeTempDirectory()
        path = try makeFileJournal(in: dir, count: 40)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// The prefix a checkpoint at `seq` would record, read from a full open.
    private func prefix(at seq: UInt64) throws -> TrustedPrefix {
        let journal = try FileJournal(path: path)
        var hash = ""
        try journal.replay(from: seq) { if $0.seq == seq { hash = $0.hash } }
        return TrustedPrefix(seq: seq, hash: hash, offset: lineStarts(bytes(path))[Int(seq) + 1])
    }

    private func records(_ journal: FileJournal) throws -> [JournalRecord] {
        var out: [JournalRecord] = []
        try journal.replayAll { out.append($0) }
        return out
    }

    /// Flips one character of record `seq`'s note (same length: no line moves).
    private func tamper(seq: Int) {
        var content = bytes(path)
        let starts = lineStarts(content)
        let line = String(decoding: content[starts[seq]..<starts[seq + 1]], as: UTF8.self)
        let changed = Array(line.replacingOccurrences(of: "\"ok", with: "\"OK").utf8)
        XCTAssertEqual(changed.count, starts[seq + 1] - starts[seq])
        XCTAssertNotEqual(changed, Array(content[starts[seq]..<starts[seq + 1]]))
        content.replaceSubrange(starts[seq]..<starts[seq + 1], with: changed)
        write(content, to: path)
    }

    @Test func test_a_matching_prefix_is_trusted_and_the_journal_reads_as_after_a_full_open() throws {
        let full = try FileJournal(path: path)
        let trusted = try FileJournal(path: path, trusting: try prefix(at: 25))
        XCTAssertNil(full.trustedPrefix)
        XCTAssertEqual(trusted.trustedPrefix?.seq, 25)
        XCTAssertEqual(trusted.header, full.header)
        XCTAssertEqual(trusted.headSeq, full.headSeq)
        XCTAssertEqual(trusted.headHash, full.headHash)
        XCTAssertEqual(trusted.headOffset, full.headOffset)
        XCTAssertEqual(try records(trusted), try records(full))
        var tail: [UInt64] = []
        try trusted.replay(from: 25) { tail.append($0.seq) }
        XCTAssertEqual(tail, Array(25...40))
        // Appends chain on from the real head; the whole file still verifies.
        let written = try trusted.append { _ in [draft(100)] }
        XCTAssertEqual(written.first?.seq, 41)
        let report = try JournalInspector.verify(path: path)
        XCTAssertTrue(report.isIntact)
        XCTAssertEqual(report.headSeq, 41)
        XCTAssertEqual(report.headHash, trusted.headHash)
    }

    @Test func test_a_prefix_at_the_head_or_right_after_the_header_is_trusted() throws {
        for seq: UInt64 in [1, 40] {
            let journal = try FileJournal(path: path, trusting: try prefix(at: seq))
            XCTAssertEqual(journal.trustedPrefix?.seq, seq)
            XCTAssertEqual(journal.headSeq, 40)
        }
    }

    @Test func test_a_prefix_that_does_not_match_falls_back_to_the_full_scan() throws {
        let good = try prefix(at: 20)
        let full = try FileJournal(path: path)
        var wrongHash = good
        wrongHash.hash = String(repeating: "0", count: 64)
        var wrongOffset = good
        wrongOffset.offset -= 1
        var shiftedOffset = good
        shiftedOffset.offset = lineStarts(bytes(path))[22]
        var beyond = good
        beyond.offset = bytes(path).count + 100
        var wrongSeq = good
        wrongSeq.seq = 19
        var header = good
        header.seq = 0
        for (label, bad) in [("hash", wrongHash), ("offset", wrongOffset), ("other line", shiftedOffset),
                             ("beyond end", beyond), ("seq", wrongSeq), ("seq 0", header)] {
            let journal = try FileJournal(path: path, trusting: bad)
            XCTAssertNil(journal.trustedPrefix, label)
            XCTAssertEqual(journal.headHash, full.headHash, label)
            XCTAssertEqual(try records(journal), try records(full), label)
        }
    }

    @Test func test_a_changed_record_N_falls_back_and_the_full_scan_reports_the_damage() throws {
        let good = try prefix(at: 20)
        let before = bytes(path)
        tamper(seq: 20)
        let journal = try FileJournal(path: path, trusting: good)
        XCTAssertNil(journal.trustedPrefix)
        XCTAssertTrue(journal.isReadOnly)
        XCTAssertEqual(journal.report.damaged?.seq, 20)
        XCTAssertThrowsError(try journal.append { _ in [draft(100)] })
        XCTAssertEqual(bytes(path).count, before.count, "nothing cut or added")
    }

    @Test func test_a_changed_predecessor_of_N_falls_back_and_the_full_scan_reports_it() throws {
        let good = try prefix(at: 20)
        tamper(seq: 19)
        // Record 19's body changed but its stored hash did not: record 20 still chains
        // from that stored hash, so the prefix check passes; the full scan is what
        // would see 19. This pins what a trusted open does and does not check.
        let trusted = try FileJournal(path: path, trusting: good)
        XCTAssertEqual(trusted.trustedPrefix?.seq, 20)
        XCTAssertFalse(trusted.isReadOnly)
        XCTAssertEqual(try JournalInspector.verify(path: path).damaged?.seq, 19)
        XCTAssertEqual(try FileJournal(path: path).report.damaged?.seq, 19)
    }

    /// Tampering before N is not caught by a trusted open (it does not re-hash the
    /// prefix), but `verify` reports it, a full open goes read-only on it, and
    /// nothing of the file is lost: later appends only add after the head.
    @Test func test_tampering_before_N_is_left_to_verify_and_never_loses_data() throws {
        let good = try prefix(at: 30)
        tamper(seq: 10)
        let tampered = bytes(path)
        let trusted = try FileJournal(path: path, trusting: good)
        XCTAssertEqual(trusted.trustedPrefix?.seq, 30)
        XCTAssertFalse(trusted.isReadOnly)
        try trusted.append { _ in [draft(100)] }
        let after = bytes(path)
        XCTAssertEqual(Array(after[0..<tampered.count]), tampered, "every byte before the append is still there")
        let report = try JournalInspector.verify(path: path)
        XCTAssertEqual(report.damaged?.seq, 10)
        XCTAssertEqual(report.damaged?.line, 11)
        XCTAssertTrue(report.laterRecordsValid)
        let full = try FileJournal(path: path)
        XCTAssertTrue(full.isReadOnly)
        XCTAssertEqual(full.report.damaged?.seq, 10)
    }

    @Test func test_a_changed_header_falls_back_and_refuses_as_a_full_open_does() throws {
        let good = try prefix(at: 20)
        var content = bytes(path)
        let starts = lineStarts(content)
        let header = String(decoding: content[0..<starts[1]], as: UTF8.self)
        let changed = Array(header.replacingOccurrences(of: "城关", with: "城西").utf8)
        content.replaceSubrange(0..<starts[1], with: changed)
        write(content, to: path)
        XCTAssertThrowsError(try FileJournal(path: path, trusting: good))
        XCTAssertThrowsError(try FileJournal(path: path))
    }

    @Test func test_a_torn_tail_after_N_is_moved_aside_as_after_a_full_open() throws {
        let good = try prefix(at: 20)
        let intact = bytes(path)
        let torn = Array(#"{"seq":41,"id":"00000000-0000-4000-8000-0000000000"#.utf8)
        write(intact + torn, to: path)
        let journal = try FileJournal(path: path, trusting: good)
        XCTAssertEqual(journal.trustedPrefix?.seq, 20)
        XCTAssertEqual(journal.headSeq, 40)
        XCTAssertFalse(journal.isReadOnly)
        guard case .tornTailRecovered(let count, let side)? = journal.notices.first(where: {
            if case .tornTailRecovered = $0 { return true } else { return false }
        }) else { return XCTFail("no torn-tail notice: \(journal.notices)") }
        XCTAssertEqual(count, torn.count)
        XCTAssertEqual(bytes(side), torn)
        XCTAssertEqual(bytes(path), intact)
    }

    @Test func test_damage_in_the_tail_after_N_opens_read_only_naming_the_record() throws {
        let good = try prefix(at: 20)
        tamper(seq: 33)
        let before = bytes(path)
        let journal = try FileJournal(path: path, trusting: good)
        XCTAssertEqual(journal.trustedPrefix?.seq, 20)
        XCTAssertTrue(journal.isReadOnly)
        XCTAssertEqual(journal.report.damaged?.seq, 33)
        XCTAssertEqual(journal.report.damaged?.line, 34)
        XCTAssertEqual(journal.notices, [.damaged(seq: 33, line: 34)])
        XCTAssertEqual(bytes(path), before)
    }

    @Test func test_a_journal_cut_before_N_falls_back_to_the_full_scan() throws {
        let good = try prefix(at: 30)
        let content = bytes(path)
        write(Array(content[0..<lineStarts(content)[25]]), to: path)
        let journal = try FileJournal(path: path, trusting: good)
        XCTAssertNil(journal.trustedPrefix)
        XCTAssertEqual(journal.headSeq, 24)
    }

    /// A window before the trusted record N (the journal browser paging back, a
    /// correction's target) is found by bisecting the file, not by reading it from
    /// the start, and reads exactly what a fully opened journal reads.
    @Test func test_windows_before_the_trusted_record_match_a_full_open_and_read_little() throws {
        let big = dir + "/big.jsonl"
        let journal = try FileJournal.create(
            path: big, station: "城关派出所", office: "东门警务室", clock: FixedClock(fixedNow), by: "1001",
            journalID: UUID(uuidString: "11111111-2222-4333-8444-555555555556")!)
        for batch in 0..<20 { _ = try journal.append { _ in (0..<1000).map { draft(batch * 1000 + $0) } } }
        let full = try FileJournal(path: big)
        var hash = ""
        try full.replay(from: 19_500) { if $0.seq == 19_500 { hash = $0.hash } }
        let starts = lineStarts(bytes(big))
        let io = FaultyIO()
        let trusted = try FileJournal(path: big, io: io, trusting: TrustedPrefix(seq: 19_500, hash: hash,
                                                                                 offset: starts[19_501]))
        XCTAssertEqual(trusted.trustedPrefix?.seq, 19_500)
        let size = starts.last!
        var random = SeededRandom(seed: 3)
        for _ in 0..<40 {
            let first = UInt64(random.next() % 19_990) + 1
            let last = first + UInt64(random.next() % 40)
            var expected: [JournalRecord] = []
            try full.replay(from: first, through: last) { expected.append($0) }
            var got: [JournalRecord] = []
            io.bytesRead = 0
            try trusted.replay(from: first, through: last) { got.append($0) }
            XCTAssertEqual(got, expected, "window \(first)…\(last)")
            XCTAssertLessThan(io.bytesRead, size / 4, "window \(first)…\(last) read \(io.bytesRead) of \(size) bytes")
        }
        var fromOld: [UInt64] = []
        try trusted.replay(from: 19_995) { fromOld.append($0.seq) }
        XCTAssertEqual(fromOld, Array(19_995...20_000))
    }
}
