import Foundation
import JingwuJournal
import JingwuResources
@testable import JingwuStation
import JingwuTestSupport
import Testing
@testable import JingwuCLI

/// A sync loading batches over two connections at once: the station ends with the same lines, byte
/// for byte; stopped or cut anywhere, it holds whole batches from the start, contiguous (a batch never
/// commits before its predecessor), and the next sync continues from there.
@Suite(.serialized) final class ParallelSyncTests: StationTestCase {
    /// The batch a test waits for before cutting the next one did not commit within a minute.
    struct BatchNeverCommitted: Error {}

    func options(batch: Int, second: (() throws -> PGConnection)? = nil) -> StationSync.Options {
        var options = StationSync.Options()
        options.batchRecords = batch
        let url = dbURL
        options.secondConnection = second ?? { try PGConnection(url: url) }
        return options
    }

    /// `afterBatch` runs in commit order, one at a time: the next batch commits only after it
    /// returned. (The wait was on the commit count alone, so a batch whose COPY ended while its
    /// predecessor's `afterBatch` ran went on to commit and run its own beside it; a test
    /// querying one connection from both hung in libpq.)
    @Test(.initialisedStation) func test_after_batch_runs_one_at_a_time_and_the_next_commit_waits_for_it() throws {
        _ = try makeJournal(count: 60)
        let lock = NSLock()
        var inside = 0, most = 0
        var seen: [Int] = []
        var heads: [Int64] = []
        let watcher = try connect()
        var opts = options(batch: 5)
        // Every second batch ends its COPY late, so it comes to wait for its predecessor while that
        // one's afterBatch runs (after its commit).
        opts.insideBatch = { n in if n % 2 == 0 { usleep(30_000) } }
        opts.afterBatch = { n in
            lock.withLock { inside += 1; most = max(most, inside); seen.append(n) }
            usleep(80_000)
            let head = try watcher.exec("SELECT head_seq FROM jingwu.journals").int(0, 0) ?? -9
            lock.withLock { heads.append(head); inside -= 1 }
        }
        let result = try StationSync(db: connect(), journalPath: journalPath(), options: opts).run()
        XCTAssertEqual(result.pushed, 61)
        XCTAssertEqual(most, 1, "two afterBatch at once")
        XCTAssertEqual(seen, Array(1...13))
        // Each saw the head its own commit left: no later batch had committed meanwhile.
        XCTAssertEqual(heads, Array(stride(from: 4, through: 59, by: 5)).map(Int64.init) + [60])
    }

    @Test(.initialisedStation) func test_two_connections_push_every_line_exactly_as_written_in_order() throws {
        let journal = try makeJournal(count: 100)
        var heads: [Int64] = []
        var opts = options(batch: 7)
        let watcher = try connect()
        opts.afterBatch = { _ in heads.append(try watcher.exec("SELECT head_seq FROM jingwu.journals").int(0, 0) ?? -9) }
        let result = try StationSync(db: connect(), journalPath: journalPath(), options: opts).run()
        XCTAssertEqual(result.pushed, 101)
        XCTAssertEqual(result.batches, 15)
        XCTAssertEqual(result.headSeq, 100)
        XCTAssertEqual(result.headHash, journal.headHash)
        // Each commit moved the head by one whole batch, in order.
        XCTAssertEqual(heads, Array(stride(from: 6, through: 97, by: 7)).map(Int64.init) + [100])
        XCTAssertEqual(try stationLines(), lines(journalPath()))
        // More records later: the same path continues from the head.
        try append(journal, count: 30, from: 100)
        let again = try StationSync(db: connect(), journalPath: journalPath(), options: options(batch: 7)).run()
        XCTAssertEqual(again.pushed, 30)
        XCTAssertEqual(try stationLines(), lines(journalPath()))
        XCTAssertEqual(try count("SELECT count(DISTINCT event_id) FROM jingwu.records"), 131)
    }

    @Test(.initialisedStation) func test_stopped_after_any_batch_it_holds_whole_batches_from_the_start_and_resumes() throws {
        try makeJournal(count: 60)
        struct Stop: Error {}
        for stopAfter in [1, 3] {
            var opts = options(batch: 5)
            opts.afterBatch = { if $0 == stopAfter { throw Stop() } }
            XCTAssertThrowsError(try StationSync(db: connect(), journalPath: journalPath(), options: opts).run())
        }
        // 1 batch, then 3 more: 20 records held, contiguous from 0 (the batch loading beside the stopped one rolled back).
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.records"), 20)
        XCTAssertEqual(try count("SELECT head_seq FROM jingwu.journals"), 19)
        let (status, out, _) = run(["sync", "--json"])
        XCTAssertEqual(status, 0)
        XCTAssertTrue(out.contains(#""pushed":41"#), out)
        XCTAssertEqual(try stationLines(), lines(journalPath()))
    }

    @Test(.initialisedStation) func test_the_second_connection_dropped_mid_batch_keeps_nothing_of_it_or_after_it() throws {
        try makeJournal(count: 49)
        let admin = try connect()
        let url = dbURL
        final class Box: @unchecked Sendable { var pid: Int32 = 0 }
        let second = Box()
        var opts = options(batch: 10, second: {
            let db = try PGConnection(url: url)
            second.pid = db.backendPID
            return db
        })
        // Batches 1, 3, 5 go over the first connection, 2 and 4 over the second: batch 2's is ended
        // mid-COPY, once batch 1 has committed (a failure before its commit takes batch 1 too: whole
        // batches still, but none, which a loaded machine made happen here now and then).
        let firstCommitted = DispatchSemaphore(value: 0)
        opts.afterBatch = { if $0 == 1 { firstCommitted.signal() } }
        opts.insideBatch = { batch in
            guard batch == 2 else { return }
            guard firstCommitted.wait(timeout: .now() + 60) == .success else { throw BatchNeverCommitted() }
            try admin.exec("SELECT pg_terminate_backend($1::integer)", [String(second.pid)])
        }
        XCTAssertThrowsError(try StationSync(db: connect(), journalPath: journalPath(), options: opts).run()) { error in
            XCTAssertEqual((error as? StationError)?.exitCode, 75, "\(error)")
        }
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.records"), 10)
        XCTAssertEqual(try count("SELECT head_seq FROM jingwu.journals"), 9)
        let (status, out, _) = run(["sync", "--json", "--batch", "10"])
        XCTAssertEqual(status, 0)
        XCTAssertTrue(out.contains(#""pushed":40"#), out)
        XCTAssertEqual(try stationLines(), lines(journalPath()))
    }

    @Test(.initialisedStation) func test_connections_other_than_1_or_2_are_refused_at_the_option() throws {
        try makeJournal(count: 3)
        let (status, _, err) = run(["sync", "--connections", "3"])
        XCTAssertEqual(status, 64)
        XCTAssertTrue(err.contains("连接数（--connections）应为 1 或 2，而不是「3」"), err)
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.records"), 0)
        XCTAssertEqual(run(["sync", "--connections", "1"]).0, 0)
        XCTAssertEqual(try stationLines(), lines(journalPath()))
    }

    // MARK: station import over two connections (the same writer as the sync)

    @Test(.initialisedStation)
    func test_an_import_over_two_connections_stores_every_line_in_order_and_a_dropped_second_connection_keeps_whole_batches() throws {
        let journal = try makeJournal(count: 69)
        let bundle = dir + "/office.jwb"
        XCTAssertEqual(run(["export", "--out", bundle]).0, 0)
        let admin = try connect()
        let url = dbURL
        final class Box: @unchecked Sendable { var pid: Int32 = 0; var opened = 0 }
        let second = Box()
        var opts = options(batch: 10, second: {
            let db = try PGConnection(url: url)
            second.pid = db.backendPID
            second.opened += 1
            return db
        })
        // Batches 1, 3, 5 go over the first connection, 2 and 4 over the second: batch 4's is ended
        // mid-COPY, once batch 3 (loading beside it) has committed.
        let thirdCommitted = DispatchSemaphore(value: 0)
        opts.afterBatch = { if $0 == 3 { thirdCommitted.signal() } }
        opts.insideBatch = { batch in
            guard batch == 4 else { return }
            guard thirdCommitted.wait(timeout: .now() + 60) == .success else { throw BatchNeverCommitted() }
            try admin.exec("SELECT pg_terminate_backend($1::integer)", [String(second.pid)])
        }
        XCTAssertThrowsError(try BundleImport(db: connect(), bundle: BundleFile(path: bundle), options: opts).run()) { error in
            XCTAssertEqual((error as? StationError)?.exitCode, 75, "\(error)")
        }
        XCTAssertEqual(second.opened, 1)
        // Batches 1–3 committed, contiguous from record 0; nothing of 4 or after it.
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.records"), 30)
        XCTAssertEqual(try count("SELECT head_seq FROM jingwu.journals"), 29)
        XCTAssertEqual(try count("SELECT max(seq) FROM jingwu.records"), 29)
        // The rerun, from the command line (two connections by default), takes in the rest.
        let (status, out, err) = run(["station", "import", bundle, "--batch", "10"])
        XCTAssertEqual(status, 0, err)
        XCTAssertEqual(out, "已导入东门警务室的数据包（第 0–69 号）：新增 40 条记录（分 4 批）；派出所已存至第 69 号，校验码 \(journal.headHash)\n")
        XCTAssertEqual(try stationLines(), lines(journalPath()))
        XCTAssertEqual(try count("SELECT count(DISTINCT event_id) FROM jingwu.records"), 70)
        XCTAssertEqual(run(["station", "verify"]).0, 0)
    }

    @Test(.initialisedStation) func test_import_takes_connections_1_or_2_only() throws {
        try makeJournal(count: 12)
        let bundle = dir + "/office.jwb"
        XCTAssertEqual(run(["export", "--out", bundle]).0, 0)
        let (status, _, err) = run(["station", "import", bundle, "--connections", "3"])
        XCTAssertEqual(status, 64)
        XCTAssertTrue(err.contains("连接数（--connections）应为 1 或 2，而不是「3」"), err)
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.records"), 0)
        let (one, out, _) = run(["import", bundle, "--connections", "1", "--batch", "5", "--json"])
        XCTAssertEqual(one, 0)
        XCTAssertTrue(out.contains(#""imported":13,"batches":3"#), out)
        XCTAssertEqual(try stationLines(), lines(journalPath()))
    }
}
