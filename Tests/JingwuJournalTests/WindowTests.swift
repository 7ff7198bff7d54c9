import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuJournal

/// `replay(from:through:types:)`: a page of the journal, on the file (index jumps) and in memory.
@Suite(.serialized) final class WindowTests {
    /// 9000 events across three index blocks; every third is a `PatrolEnded`.
    private func drafts() -> [EventDraft] {
        (1...9000).map { draft($0, type: $0 % 3 == 0 ? "PatrolEnded" : "PatrolStarted") }
    }

    private func check(_ journal: Journal) throws {
        var all: [JournalRecord] = []
        try journal.replayAll { all.append($0) }
        XCTAssertEqual(all.count, 9001)
        for (from, last) in [(0, 0), (0, 10), (4090, 4100), (4096, 4096), (8190, 9000), (8999, 20000), (5000, 4999)] {
            var got: [JournalRecord] = []
            try journal.replay(from: UInt64(from), through: UInt64(last)) { got.append($0) }
            let want = all.filter { $0.seq >= UInt64(from) && $0.seq <= UInt64(last) }
            XCTAssertEqual(got, want, "\(from)…\(last)")
        }
        var ended: [UInt64] = []
        try journal.replay(from: 4000, through: 8200, types: ["PatrolEnded"]) { ended.append($0.seq) }
        XCTAssertEqual(ended, all.filter { $0.seq >= 4000 && $0.seq <= 8200 && $0.type == "PatrolEnded" }.map(\.seq))
        XCTAssertEqual(journal.record(seq: 4097), all[4097])
        XCTAssertNil(journal.record(seq: 9001))
    }

    @Test func test_a_window_of_the_file_journal_is_exactly_those_records_and_types_filter_them() throws {
        let dir = makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/journal.jsonl"
        let journal = try FileJournal.create(path: path, station: "城关派出所", office: "东门警务室",
                                             clock: FixedClock(fixedNow), by: "1001")
        var pending = drafts()[...]
        try journal.appendBulk { pending.popFirst() }
        try check(journal)
        try check(try FileJournal(path: path))  // reopened: the index is rebuilt by the scan
    }

    @Test func test_a_window_of_the_memory_journal_is_exactly_those_records() throws {
        let journal = MemoryJournal(station: "城关派出所", office: "东门警务室", clock: FixedClock(fixedNow))
        var pending = drafts()[...]
        try journal.appendBulk { pending.popFirst() }
        try check(journal)
    }
}
