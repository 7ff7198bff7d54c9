import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuJournal

/// The same behaviour checks, run against `MemoryJournal` and `FileJournal`.
enum Conformance {
    static let journalID = UUID(uuidString: "11111111-2222-4333-8444-555555555555")!

    static func header_is_seq_zero_with_station_and_office(_ j: Journal) throws {
        XCTAssertEqual(j.headSeq, 0)
        XCTAssertEqual(j.header.station, "城关派出所")
        XCTAssertEqual(j.header.office, "东门警务室")
        XCTAssertEqual(j.header.journalID, journalID)
        var records: [JournalRecord] = []
        try j.replayAll { records.append($0) }
        XCTAssertEqual(records.map(\.seq), [0])
        XCTAssertEqual(records.first?.type, "JournalCreated")
        XCTAssertEqual(records.first?.hash, j.headHash)
        XCTAssertFalse(j.isReadOnly)
    }

    static func appends_get_consecutive_seqs_and_replay_returns_them(_ j: Journal) throws {
        let first = try j.append { newcomers in
            XCTAssertEqual(newcomers, [])
            return [draft(1), draft(2)]
        }
        let second = try j.append { _ in [draft(3)] }
        XCTAssertEqual(first.map(\.seq), [1, 2])
        XCTAssertEqual(second.map(\.seq), [3])
        XCTAssertEqual(j.headSeq, 3)
        XCTAssertEqual(j.headHash, second[0].hash)
        var replayed: [JournalRecord] = []
        try j.replay(from: 1) { replayed.append($0) }
        XCTAssertEqual(replayed, first + second)
        XCTAssertEqual(replayed[1].data, draft(2).data)
        XCTAssertEqual(replayed[1].by, "1001")
        XCTAssertEqual(replayed[1].at, fixedNow)
        XCTAssertEqual(replayed[1].recorded, fixedNow)
        var fromTwo: [UInt64] = []
        try j.replay(from: 2) { fromTwo.append($0.seq) }
        XCTAssertEqual(fromTwo, [2, 3])
    }

    static func build_that_throws_writes_nothing(_ j: Journal) throws {
        struct Refused: Error {}
        try j.append { _ in [draft(1)] }
        let head = (j.headSeq, j.headHash)
        XCTAssertThrowsError(try j.append { _ in throw Refused() }) { XCTAssertTrue($0 is Refused) }
        XCTAssertEqual(j.headSeq, head.0)
        XCTAssertEqual(j.headHash, head.1)
        let next = try j.append { _ in [draft(2)] }
        XCTAssertEqual(next.map(\.seq), [2])
    }

    static func bad_data_is_refused_and_nothing_is_written(_ j: Journal) throws {
        let bad: [Data] = [
            Data("{\"a\":\"line\nbreak\"}".utf8), Data("[1,2]".utf8), Data("{\"a\":1".utf8), Data("{\"a\":1}x".utf8),
            Data([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D]), Data(),
        ]
        for data in bad {
            var d = draft(9)
            d.data = data
            XCTAssertThrowsError(try j.append { _ in [draft(8), d] }) { error in
                XCTAssertEqual((error as? JournalError)?.exitCode, 65, "\(error)")
            }
            XCTAssertEqual(j.headSeq, 0)
        }
        var badType = draft(1)
        badType.type = "Patrol\nStarted"
        XCTAssertThrowsError(try j.append { _ in [badType] })
        XCTAssertEqual(j.headSeq, 0)
    }

    static func bulk_append_continues_the_chain(_ j: Journal) throws {
        var n = 0
        let count = try j.appendBulk {
            n += 1
            return n <= 100 ? draft(n) : nil
        }
        XCTAssertEqual(count, 100)
        XCTAssertEqual(j.headSeq, 100)
        let after = try j.append { _ in [draft(1000)] }
        XCTAssertEqual(after.first?.seq, 101)
        var seqs: [UInt64] = []
        try j.replayAll { seqs.append($0.seq) }
        XCTAssertEqual(seqs, Array(0...101))
    }

    static var all: [(String, (Journal) throws -> Void)] { [
        ("header", header_is_seq_zero_with_station_and_office),
        ("append", appends_get_consecutive_seqs_and_replay_returns_them),
        ("throwing build", build_that_throws_writes_nothing),
        ("bad data", bad_data_is_refused_and_nothing_is_written),
        ("bulk", bulk_append_continues_the_chain),
    ] }
}

@Suite(.serialized) final class MemoryJournalConformanceTests {
    @Test func test_memory_journal_passes_the_conformance_suite() throws {
        for (name, check) in Conformance.all {
            let j = MemoryJournal(
                station: "城关派出所", office: "东门警务室", clock: FixedClock(fixedNow), by: "1001", journalID: Conformance.journalID)
            XCTAssertNoThrow(try check(j), name)
        }
    }
}

@Suite(.serialized) final class FileJournalConformanceTests {
    @Test func test_file_journal_passes_the_conformance_suite() throws {
        let dir = makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (i, (name, check)) in Conformance.all.enumerated() {
            let j = try FileJournal.create(
                path: dir + "/j\(i).jsonl", station: "城关派出所", office: "东门警务室", clock: FixedClock(fixedNow),
                by: "1001", journalID: Conformance.journalID)
            XCTAssertNoThrow(try check(j), name)
            // And the same records read back by a fresh open.
            let reopened = try FileJournal(path: dir + "/j\(i).jsonl")
            XCTAssertEqual(reopened.headSeq, j.headSeq, name)
            XCTAssertEqual(reopened.headHash, j.headHash, name)
            XCTAssertEqual(reopened.notices, [], name)
        }
    }

    @Test func test_memory_and_file_journals_write_identical_bytes_and_hashes() throws {
        let dir = makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let memory = MemoryJournal(
            station: "城关派出所", office: "东门警务室", clock: FixedClock(fixedNow), by: "1001", journalID: Conformance.journalID)
        let path = try makeFileJournal(in: dir, count: 0)
        let file = try FileJournal(path: path, clock: FixedClock(fixedNow))
        for i in 0..<5 {
            try memory.append { _ in [draft(i)] }
            try file.append { _ in [draft(i)] }
        }
        XCTAssertEqual(memory.headHash, file.headHash)
        XCTAssertEqual(memory.fileBytes, bytes(path))
    }
}
