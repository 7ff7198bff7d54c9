import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuJournal

/// Several instances on one file, and a file changed under an open instance.
@Suite(.serialized) final class AdversarialConcurrencyTests {
    private var dir = ""

    init() { dir = makeTempDirectory() }
    deinit { try? FileManager.default.removeItem(atPath: dir) }

    @Test func test_an_instance_catches_up_on_appends_by_others_before_writing_its_own() throws {
        let path = try makeFileJournal(in: dir, count: 1)
        let a = try FileJournal(path: path, clock: FixedClock(fixedNow))
        let b = try FileJournal(path: path, clock: FixedClock(fixedNow))
        for round in 0..<20 {
            let fromB = try b.append { _ in (0..<(round % 3 + 1)).map { draft(1000 + round * 10 + $0) } }
            var seen: [JournalRecord] = []
            let fromA = try a.append { newcomers in
                seen = newcomers
                return [draft(round)]
            }
            XCTAssertEqual(seen, fromB, "round \(round)")
            XCTAssertEqual(fromA.first?.seq, fromB.last!.seq + 1, "round \(round)")
            XCTAssertEqual(try b.refresh(), fromA, "round \(round)")
        }
        let report = try JournalInspector.verify(path: path)
        XCTAssertTrue(report.isIntact)
        XCTAssertEqual(report.headHash, a.headHash)
        XCTAssertEqual(report.headHash, b.headHash)
    }

    @Test func test_an_instance_opened_before_another_recovered_a_torn_tail_appends_after_the_others_records() throws {
        let path = try makeFileJournal(in: dir, count: 2)
        let early = try FileJournal(path: path, clock: FixedClock(fixedNow))
        let handle = FileHandle(forWritingAtPath: path)!
        handle.seekToEndOfFile()
        handle.write(Data(#"{"seq":3,"id":"torn by a crash"#.utf8))
        handle.closeFile()
        let recoverer = try FileJournal(path: path, clock: FixedClock(fixedNow))
        XCTAssertEqual(recoverer.notices.count, 1)
        let theirs = try recoverer.append { _ in [draft(30), draft(31)] }
        var seen: [JournalRecord] = []
        let mine = try early.append { newcomers in
            seen = newcomers
            return [draft(32)]
        }
        XCTAssertEqual(seen, theirs)
        XCTAssertEqual(mine.first?.seq, 5)
        let report = try JournalInspector.verify(path: path)
        XCTAssertTrue(report.isIntact && report.tornBytes == 0)
        XCTAssertEqual(report.count, 6)
    }

    /// The instance must not append after bytes that are no longer the records it saw.
    private func assertRefusesToWrite(_ journal: FileJournal, path: String, _ label: String) {
        let before = bytes(path)
        XCTAssertThrowsError(try journal.append { _ in [draft(99)] }, label) {
            XCTAssertEqual(($0 as? JournalError)?.exitCode, 75, "\(label): \($0)")
        }
        XCTAssertThrowsError(try journal.appendBulk { draft(98) }, label)
        XCTAssertTrue(bytes(path) == before, "\(label): written anyway")
        XCTAssertTrue(journal.isReadOnly, label)
    }

    @Test func test_a_file_cut_under_an_open_instance_is_not_written_to() throws {
        let path = try makeFileJournal(in: dir, count: 4)
        let journal = try FileJournal(path: path, clock: FixedClock(fixedNow))
        let content = bytes(path)
        let starts = lineStarts(content)
        XCTAssertEqual(truncate(path, off_t(starts[starts.count - 2])), 0)
        assertRefusesToWrite(journal, path: path, "last record cut")
        XCTAssertEqual(try journal.refresh(), [], "a read-only instance reports no newcomers")
    }

    @Test func test_a_file_cut_and_regrown_by_someone_else_is_not_written_to() throws {
        let path = try makeFileJournal(in: dir, count: 4)
        let journal = try FileJournal(path: path, clock: FixedClock(fixedNow))
        let content = bytes(path)
        let starts = lineStarts(content)
        // Someone cuts the last record and another instance appends a longer one in its place:
        // the file is longer than before, but the record this instance saw last is gone.
        XCTAssertEqual(truncate(path, off_t(starts[starts.count - 2])), 0)
        let other = try FileJournal(path: path, clock: FixedClock(fixedNow))
        let long = EventDraft(type: "NoteAdded", at: fixedNow, by: "1001", data: Data(#"{"text":"\#(String(repeating: "x", count: 500))"}"#.utf8))
        try other.append { _ in [long] }
        XCTAssertGreaterThan(bytes(path).count, content.count)
        assertRefusesToWrite(journal, path: path, "cut and regrown")
        XCTAssertTrue(try JournalInspector.verify(path: path).isIntact, "the other instance's records stay intact")
    }

    @Test func test_a_journal_replaced_under_an_open_instance_is_not_written_to() throws {
        let path = try makeFileJournal(in: dir, count: 3)
        let journal = try FileJournal(path: path, clock: FixedClock(fixedNow))
        // A restore from backup: the same bytes, moved into place as a new file.
        let copy = dir + "/restored.jsonl"
        write(bytes(path), to: copy)
        XCTAssertEqual(rename(copy, path), 0)
        assertRefusesToWrite(journal, path: path, "replaced by rename")
        // And a journal deleted under an open instance.
        let again = try FileJournal(path: path, clock: FixedClock(fixedNow))
        XCTAssertEqual(unlink(path), 0)
        XCTAssertThrowsError(try again.append { _ in [draft(1)] }) {
            XCTAssertEqual($0 as? JournalError, .changedUnderneath(path: path))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }

    @Test func test_the_last_record_rewritten_in_place_under_an_open_instance_is_not_written_after() throws {
        let path = try makeFileJournal(in: dir, count: 3)
        let journal = try FileJournal(path: path, clock: FixedClock(fixedNow))
        var content = bytes(path)
        content[content.count - 10] ^= 0x01  // a hex digit of the last record's hash
        let handle = FileHandle(forWritingAtPath: path)!
        handle.write(Data(content))
        handle.closeFile()
        assertRefusesToWrite(journal, path: path, "last record rewritten")
    }

    @Test func test_two_instances_in_one_process_interleaving_bulk_and_single_appends_keep_one_chain() throws {
        let path = try makeFileJournal(in: dir, count: 0)
        let group = DispatchGroup()
        let lock = NSLock()
        nonisolated(unsafe) var failures: [Error] = []
        for writer in 0..<3 {
            group.enter()
            Thread {
                defer { group.leave() }
                do {
                    let journal = try FileJournal(path: path, clock: FixedClock(fixedNow))
                    for i in 0..<60 {
                        if i % 10 == 0 {
                            var n = 0
                            try journal.appendBulk {
                                n += 1
                                return n <= 5 ? draft(writer * 10_000 + i * 10 + n) : nil
                            }
                        } else {
                            try journal.append { _ in [draft(writer * 10_000 + i * 10)] }
                        }
                    }
                } catch {
                    lock.withLock { failures.append(error) }
                }
            }.start()
        }
        group.wait()
        XCTAssertEqual(failures.count, 0, "\(failures)")
        let report = try JournalInspector.verify(path: path)
        XCTAssertTrue(report.isIntact && report.tornBytes == 0)
        XCTAssertEqual(report.count, 1 + 3 * (54 + 6 * 5))
    }
}
