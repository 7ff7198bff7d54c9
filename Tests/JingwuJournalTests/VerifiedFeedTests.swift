import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuJournal

/// `FileJournal(path:feeding:)`: the opening scan hands over exactly the records it
/// verified, in order, whatever it finds after them; the open itself is unchanged.
@Suite(.serialized) final class VerifiedFeedTests {
    /// `FileJournal(path:feeding:)` on a thread of its own; the feed is finished when the open returns.
    private final class Opening: @unchecked Sendable {
        struct TimedOut: Error { var seconds: Double }
        private var result: Result<FileJournal, Error>?
        private let done = DispatchSemaphore(value: 0)

        init(_ path: String, feeding feed: VerifiedFeed) {
            Thread { [self] in
                result = Result { try FileJournal(path: path, clock: FixedClock(fixedNow), feeding: feed) }
                feed.finish()
                done.signal()
            }.start()
        }

        /// The opened journal, once the open has returned (throws what it threw, or a timeout).
        func journal(within seconds: Double = 600) throws -> FileJournal {
            guard done.wait(timeout: .now() + seconds) == .success else { throw TimedOut(seconds: seconds) }
            return try result!.get()
        }
    }

    /// Opens `path` on another thread feeding small blocks through a small queue (so the scan
    /// waits for the reader), reads the feed here; returns what came through and the journal.
    private func openFeeding(_ path: String) throws -> (records: [JournalRecord], error: Error?, journal: FileJournal) {
        let feed = VerifiedFeed(blockSize: 7, capacity: 2)
        let opening = Opening(path, feeding: feed)
        var records: [JournalRecord] = []
        var failure: Error?
        do {
            while let block = try feed.next() {
                records += block
                usleep(200)  // a slower reader: the scan fills the queue and waits
            }
        } catch {
            failure = error
            feed.cancel()
        }
        return (records, failure, try opening.journal())
    }

    private func replayed(_ journal: FileJournal) throws -> [JournalRecord] {
        var all: [JournalRecord] = []
        try journal.replayAll { all.append($0) }
        return all
    }

    @Test func test_an_intact_journal_feeds_every_record_as_replay_reads_it() throws {
        let dir = makeTempDirectory()
        let path = try makeFileJournal(in: dir, count: 100)
        let (records, error, journal) = try openFeeding(path)
        XCTAssertNil(error)
        XCTAssertEqual(records.count, 101)
        XCTAssertEqual(records, try replayed(journal))
        XCTAssertEqual(journal.report, try FileJournal(path: path).report)
    }

    @Test func test_damage_ends_the_feed_before_the_damaged_record_and_the_open_is_read_only_as_without_a_feed() throws {
        let dir = makeTempDirectory()
        let path = try makeFileJournal(in: dir, count: 60)
        var content = bytes(path)
        let starts = lineStarts(content)
        content[starts[30] + 40] ^= 1  // inside record 30's line; later records remain
        write(content, to: path)
        let (records, error, journal) = try openFeeding(path)
        XCTAssertNil(error)
        XCTAssertEqual(records.map(\.seq), Array(0..<30))
        XCTAssertEqual(records, try replayed(journal))
        XCTAssertTrue(journal.isReadOnly)
        XCTAssertEqual(journal.report.damaged?.seq, 30)
        XCTAssertEqual(journal.report, try FileJournal(path: path).report)
    }

    @Test func test_a_torn_tail_is_moved_aside_and_the_feed_holds_every_whole_record() throws {
        let dir = makeTempDirectory()
        let path = try makeFileJournal(in: dir, count: 40)
        write(bytes(path) + Array(#"{"seq":41,"id":"00000000-0000-4000-8000-0000"#.utf8), to: path)
        let (records, error, journal) = try openFeeding(path)
        XCTAssertNil(error)
        XCTAssertEqual(records.count, 41)
        XCTAssertEqual(records, try replayed(journal))
        XCTAssertTrue(journal.notices.contains { if case .tornTailRecovered = $0 { return true } else { return false } })
        XCTAssertFalse(journal.isReadOnly)
    }

    @Test func test_a_last_record_without_its_newline_is_completed_and_fed() throws {
        let dir = makeTempDirectory()
        let path = try makeFileJournal(in: dir, count: 20)
        write(Array(bytes(path).dropLast()), to: path)
        let (records, error, journal) = try openFeeding(path)
        XCTAssertNil(error)
        XCTAssertEqual(records.map(\.seq), Array(0...20))
        XCTAssertEqual(records, try replayed(journal))
    }

    @Test func test_a_reader_that_stops_does_not_stop_the_open() throws {
        let dir = makeTempDirectory()
        let path = try makeFileJournal(in: dir, count: 100)
        let feed = VerifiedFeed(blockSize: 3, capacity: 1)
        let opening = Opening(path, feeding: feed)
        XCTAssertEqual(try feed.next()?.count, 3)
        feed.cancel()
        XCTAssertEqual(try opening.journal(within: 30).headSeq, 100)
    }
    /// `prepare` runs on the scan's thread over each block before it is queued; what it made
    /// travels with that block, in order, and only verified records ever reach it.
    @Test func test_what_prepare_makes_of_a_block_travels_with_it_and_sees_only_verified_records() throws {
        let dir = makeTempDirectory()
        let path = try makeFileJournal(in: dir, count: 60)
        var content = bytes(path)
        content[lineStarts(content)[45] + 40] ^= 1  // damage at record 45; records follow
        write(content, to: path)
        let feed = VerifiedFeed(blockSize: 7, capacity: 2) { records in records.map(\.seq) }
        let opening = Opening(path, feeding: feed)
        var seqs: [UInt64] = []
        while let block = try feed.nextBlock() {
            XCTAssertEqual(block.prepared as? [UInt64], block.records.map(\.seq))
            seqs += block.records.map(\.seq)
        }
        XCTAssertEqual(seqs, Array(0..<45))
        XCTAssertTrue(try opening.journal().isReadOnly)
    }

    /// The decoding goes to whichever side has time: a slow reader leaves it to the scan (which
    /// prepares queued blocks instead of waiting for room), a fast one does it itself. Either
    /// way every block is prepared exactly once, and what was made of it travels with it; blocks
    /// given back are freed on the scan's side without changing what the reader gets.
    @Test func test_each_block_is_prepared_once_by_whichever_side_has_time() throws {
        let dir = makeTempDirectory()
        let path = try makeFileJournal(in: dir, count: 300)
        for slowReader in [true, false] {
            final class Calls: @unchecked Sendable {
                let lock = NSLock()
                var seqs: [[UInt64]] = []
                var onReader = 0
                let reader = Thread.current
            }
            let calls = Calls()
            let feed = VerifiedFeed(blockSize: 5, capacity: 3) { records in
                let seqs = records.map(\.seq)
                calls.lock.withLock {
                    calls.seqs.append(seqs)
                    if Thread.current == calls.reader { calls.onReader += 1 }
                }
                return seqs
            }
            let opening = Opening(path, feeding: feed)
            var seqs: [UInt64] = []
            var blocks = 0
            while let block = try feed.nextBlock() {
                XCTAssertEqual(block.prepared as? [UInt64], block.records.map(\.seq))
                seqs += block.records.map(\.seq)
                blocks += 1
                feed.giveBack(block)
                if slowReader { usleep(2000) }
            }
            XCTAssertEqual(seqs, Array(0...300))
            XCTAssertTrue(try !opening.journal().isReadOnly)
            calls.lock.withLock {
                XCTAssertEqual(calls.seqs.count, blocks, "each block prepared once")
                XCTAssertEqual(calls.seqs.flatMap { $0 }.sorted(), Array(0...300))
                if slowReader { XCTAssertLessThan(calls.onReader, blocks, "the scan prepared while the reader was slow") }
            }
        }
    }
}
