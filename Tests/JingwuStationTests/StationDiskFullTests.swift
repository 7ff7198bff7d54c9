import Foundation
import JingwuJournal
import JingwuResources
@testable import JingwuStation
import JingwuTestSupport
import Testing
@testable import JingwuCLI

/// The station's disk filling up, for real: the records table (and its indexes) moved into a
/// tablespace on a small tmpfs, then a journal bigger than that space synced (and imported from a
/// bundle). Expected: exit 74, one line in the operator's language naming the full disk, the station
/// holding whole committed batches only (its head row agrees with its records, `station verify`
/// passes), the office journal's bytes unchanged; once space is freed, the rerun completes with
/// nothing duplicated or lost.
///
/// Mounting needs root (CAP_SYS_ADMIN). Not root: skipped, said on stderr. Root but the kernel refuses
/// the mount with EPERM (a container without CAP_SYS_ADMIN): skipped, said on stderr, unless
/// `JINGWU_REQUIRE_DISK_FULL` is set and not 0 (then it fails; `.ci/run` sets it when run as root, so
/// CI on a machine like the project's runs these for real and cannot skip them unnoticed). Root and the mount fails for any other reason:
/// skipped outside CI, failed under CI. A server not on this machine (its data directory not here):
/// skipped, said on stderr.
@Suite(.serialized) final class StationDiskFullTests: StationTestCase {
    /// The tmpfs's size while "full": smaller than the journal's records, bigger than a few batches.
    static let fullSize = "3m"
    static let roomySize = "256m"
    static let records = 12_000
    static let batch = 1000

    var mountPoint = ""
    var tablespace = ""

    func skipOrFail(_ reason: String, mustFail: Bool) throws -> Never {
        FileHandle.standardError.write(Data("\(mustFail ? "FAILED" : "SKIPPED") StationDiskFullTests: \(reason)\n".utf8))
        if mustFail {
            XCTFail(reason)
            struct Failed: Error {}
            throw Failed()
        }
        try Test.cancel(Comment(rawValue: reason))
    }

    /// The server's data directory's owner (the cluster's OS user): the tmpfs must belong to it.
    func clusterOwner() throws -> (uid: uid_t, gid: gid_t) {
        let dataDirectory = try connect().exec("SHOW data_directory").string(0, 0) ?? ""
        var info = stat()
        guard stat(dataDirectory, &info) == 0 else {
            try skipOrFail("the server's data directory \(dataDirectory) is not on this machine (errno \(errno))", mustFail: false)
        }
        return (info.st_uid, info.st_gid)
    }

    /// A tmpfs of `size` at a new folder, owned by the cluster's user, with a tablespace in it holding
    /// jingwu.records and its indexes. Everything is undone at teardown, even when the test fails.
    func fillableStation() throws {
        guard getuid() == 0 else {
            try skipOrFail("not root (uid \(getuid())): cannot mount a small tmpfs to fill", mustFail: false)
        }
        let owner = try clusterOwner()
        mountPoint = "/tmp/jwfull-\(getpid())-\(UUID().uuidString.prefix(8))"
        guard mkdir(mountPoint, 0o700) == 0 else { throw JournalError.io(path: mountPoint, operation: "mkdir", errno: errno) }
        addTeardownBlock { [mountPoint] in _ = rmdir(mountPoint) }
        let options = "size=\(Self.fullSize),mode=0700,uid=\(owner.uid),gid=\(owner.gid)"
        if mount("tmpfs", mountPoint, "tmpfs", 0, options) != 0 {
            let code = errno
            let reason = "mount -t tmpfs -o \(options) tmpfs \(mountPoint) failed: \(String(cString: strerror(code)))"
            let env = ProcessInfo.processInfo.environment
            let required = !(env["JINGWU_REQUIRE_DISK_FULL"] ?? "").isEmpty && env["JINGWU_REQUIRE_DISK_FULL"] != "0"
            if code == EPERM {
                try skipOrFail(reason + " (no CAP_SYS_ADMIN here; JINGWU_REQUIRE_DISK_FULL=1 makes this a failure)",
                               mustFail: required)
            }
            try skipOrFail(reason, mustFail: env["CI"] != nil || required)
        }
        addTeardownBlock { [mountPoint] in
            if umount2(mountPoint, 0) != 0 { _ = umount2(mountPoint, Int32(MNT_DETACH)) }
        }
        tablespace = "jw_full_\(getpid())"
        let admin = try PGConnection(url: try TestPostgres.adminURL())
        try admin.script("CREATE TABLESPACE \(tablespace) LOCATION '\(mountPoint)'")
        // Its objects go first: the test database (and anything a failed run left in it).
        addTeardownBlock { [tablespace, databaseName] in
            guard let admin = try? PGConnection(url: try TestPostgres.adminURL()) else { return }
            _ = try? admin.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
                                [databaseName])
            _ = try? admin.script("DROP DATABASE IF EXISTS \(databaseName)")
            _ = try? admin.script("DROP TABLESPACE IF EXISTS \(tablespace)")
        }
        // The schema is the test's from the start (`.initialisedStation`).
        XCTAssertTrue(startsInitialised, "a test calling fillableStation is marked @Test(.initialisedStation)")
        let db = try connect()
        try db.script("ALTER TABLE jingwu.records SET TABLESPACE \(tablespace)")
        let indexes = try db.exec("SELECT indexname FROM pg_indexes WHERE schemaname = 'jingwu' AND tablename = 'records'")
        XCTAssertGreaterThanOrEqual(indexes.rowCount, 2)
        for row in 0..<indexes.rowCount {
            try db.script("ALTER INDEX jingwu.\(indexes.string(row, 0)!) SET TABLESPACE \(tablespace)")
        }
        XCTAssertEqual(try count("""
            SELECT count(*) FROM pg_class c JOIN pg_tablespace t ON t.oid = c.reltablespace
            WHERE t.spcname = $1 AND c.relname IN ('records', 'records_pkey', 'records_event_id_key')
            """, [tablespace]), 3)
    }

    /// Gives the station room: the same tmpfs, bigger.
    func freeSpace() throws {
        XCTAssertEqual(mount("tmpfs", mountPoint, "tmpfs", UInt(MS_REMOUNT), "size=\(Self.roomySize)"), 0,
                       String(cString: strerror(errno)))
    }

    /// The station holds whole batches from the start, its head row agrees, and verify passes.
    func assertWholeBatchesOnly(file: StaticString = #filePath, line: UInt = #line) throws -> Int64 {
        let held = try count("SELECT count(*) FROM jingwu.records")
        XCTAssertGreaterThan(held, 0, "no batch committed before the disk filled", file: file, line: line)
        XCTAssertLessThan(held, Int64(Self.records + 1), file: file, line: line)
        XCTAssertEqual(held % Int64(Self.batch), 0, "held \(held): not whole batches", file: file, line: line)
        XCTAssertEqual(try count("SELECT head_seq FROM jingwu.journals"), held - 1, file: file, line: line)
        XCTAssertEqual(try count("SELECT max(seq) FROM jingwu.records"), held - 1, file: file, line: line)
        XCTAssertEqual(try stationLines(), Array(lines(journalPath()).prefix(Int(held))), file: file, line: line)
        let (status, _, err) = run(["station", "verify"])
        XCTAssertEqual(status, 0, err, file: file, line: line)
        return held
    }

    func assertOneLine(_ err: String, _ prefix: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(err.hasPrefix(prefix), err, file: file, line: line)
        XCTAssertEqual(err.filter { $0 == "\n" }.count, 1, err, file: file, line: line)
        XCTAssertTrue(err.hasSuffix("\n"), err, file: file, line: line)
    }

    @Test(.initialisedStation)
    func test_sync_onto_a_full_disk_exits_74_keeps_whole_batches_and_the_rerun_completes_once_there_is_room() throws {
        try makeJournal(count: Self.records)
        try fillableStation()
        let journalBytes = FileManager.default.contents(atPath: journalPath())

        // Two connections (the command's default), then one.
        let (status, out, err) = run(["sync", "--batch", String(Self.batch)])
        XCTAssertEqual(status, 74, err)
        XCTAssertEqual(out, "")
        assertOneLine(err, "jingwu：派出所数据库磁盘已满：")
        XCTAssertTrue(err.contains("No space left on device"), err)
        XCTAssertTrue(err.hasSuffix("；正在传的这一批没有存入，请联系数据库管理员\n"), err)
        let held = try assertWholeBatchesOnly()

        let (enStatus, enOut, enErr) = run(["sync", "--batch", String(Self.batch), "--connections", "1"], lang: "en")
        XCTAssertEqual(enStatus, 74, enErr)
        XCTAssertEqual(enOut, "")
        assertOneLine(enErr, "jingwu: The station database's disk is full: ")
        XCTAssertTrue(enErr.hasSuffix("; the batch in flight was not kept. Ask the database administrator\n"), enErr)
        XCTAssertGreaterThanOrEqual(try assertWholeBatchesOnly(), held)
        XCTAssertEqual(FileManager.default.contents(atPath: journalPath()), journalBytes)

        try freeSpace()
        let heldBefore = try count("SELECT count(*) FROM jingwu.records")
        let (again, againOut, againErr) = run(["sync", "--batch", String(Self.batch), "--json"])
        XCTAssertEqual(again, 0, againErr)
        XCTAssertTrue(againOut.contains(#""pushed":\#(Int64(Self.records + 1) - heldBefore)"#), againOut)
        XCTAssertEqual(try stationLines(), lines(journalPath()))
        XCTAssertEqual(try count("SELECT count(DISTINCT event_id) FROM jingwu.records"), Int64(Self.records + 1))
        XCTAssertEqual(try count("SELECT head_seq FROM jingwu.journals"), Int64(Self.records))
        XCTAssertEqual(run(["station", "verify"]).0, 0)
        XCTAssertEqual(FileManager.default.contents(atPath: journalPath()), journalBytes)
    }

    @Test(.initialisedStation) func test_importing_a_bundle_onto_a_full_disk_exits_74_keeps_whole_batches_and_the_rerun_completes() throws {
        try makeJournal(count: Self.records)
        let bundle = dir + "/bundle.jwb"
        XCTAssertEqual(run(["export", "--out", bundle]).0, 0)
        let bundleBytes = FileManager.default.contents(atPath: bundle)
        let journalBytes = FileManager.default.contents(atPath: journalPath())
        try fillableStation()

        let (status, out, err) = run(["station", "import", bundle, "--batch", String(Self.batch)])
        XCTAssertEqual(status, 74, err)
        XCTAssertEqual(out, "")
        assertOneLine(err, "jingwu：派出所数据库磁盘已满：")
        let (enStatus, _, enErr) = run(["station", "import", bundle, "--batch", String(Self.batch)], lang: "en")
        XCTAssertEqual(enStatus, 74, enErr)
        assertOneLine(enErr, "jingwu: The station database's disk is full: ")
        _ = try assertWholeBatchesOnly()
        XCTAssertEqual(FileManager.default.contents(atPath: bundle), bundleBytes)
        XCTAssertEqual(FileManager.default.contents(atPath: journalPath()), journalBytes)

        try freeSpace()
        let (again, _, againErr) = run(["station", "import", bundle, "--batch", String(Self.batch)])
        XCTAssertEqual(again, 0, againErr)
        XCTAssertEqual(try stationLines(), lines(journalPath()))
        XCTAssertEqual(try count("SELECT count(DISTINCT event_id) FROM jingwu.records"), Int64(Self.records + 1))
        XCTAssertEqual(run(["station", "verify"]).0, 0)
    }

    @Test(.initialisedStation)
    func test_the_consoles_background_sync_says_the_disk_is_full_keeps_the_lag_and_makes_it_up_once_there_is_room() throws {
        let journal = try makeJournal(count: 499)
        try fillableStation()
        let sync = BackgroundStationSync(url: dbURL, journalPath: journalPath(), every: 3600, retryAfter: 3600)
        let link = ConsoleStationLink(engine: sync, strings: Strings(.zh))
        sync.start()
        defer { sync.stop() }
        XCTAssertTrue(sync.waitForRounds(1, timeout: 120))
        XCTAssertEqual(sync.status().state, .synced)
        XCTAssertEqual(sync.status().stationHead, 499)

        // The office goes on recording; the next round does not fit (one batch: nothing of it kept).
        try append(journal, count: Self.records - 499, from: 499)
        let journalBytes = FileManager.default.contents(atPath: journalPath())
        sync.nudge()
        XCTAssertTrue(sync.waitForRounds(2, timeout: 120))
        guard case .failed(let failure) = sync.status().state else { return XCTFail("\(sync.status())") }
        XCTAssertEqual(failure.messageKey, "station.error.server_full")
        XCTAssertEqual(failure.exitCode, 74)
        XCTAssertEqual(sync.status().stationHead, 499)
        guard case .diskFull(let detail) = link.status().state else { return XCTFail("\(link.status())") }
        XCTAssertTrue(detail.hasPrefix("派出所数据库磁盘已满："), detail)
        XCTAssertFalse(detail.contains("\n"), detail)
        XCTAssertEqual(link.status().stationHead, 499)
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.records"), 500)
        XCTAssertEqual(try count("SELECT head_seq FROM jingwu.journals"), 499)
        XCTAssertEqual(FileManager.default.contents(atPath: journalPath()), journalBytes)
        // A console opened now (no round of its own has succeeded) still knows the lag: the station answered.
        let fresh = BackgroundStationSync(url: dbURL, journalPath: journalPath(), every: 3600, retryAfter: 3600)
        fresh.start()
        XCTAssertTrue(fresh.waitForRounds(1, timeout: 120))
        fresh.stop()
        guard case .failed(let freshFailure) = fresh.status().state else { return XCTFail("\(fresh.status())") }
        XCTAssertEqual(freshFailure.messageKey, "station.error.server_full")
        XCTAssertEqual(fresh.status().stationHead, 499)

        try freeSpace()
        sync.nudge()
        XCTAssertTrue(sync.waitForRounds(3, timeout: 120))
        XCTAssertEqual(sync.status().state, .synced)
        XCTAssertEqual(sync.status().stationHead, Int64(Self.records))
        XCTAssertEqual(link.status().state, .synced)
        XCTAssertEqual(try stationLines(), lines(journalPath()))
        XCTAssertEqual(try count("SELECT count(DISTINCT event_id) FROM jingwu.records"), Int64(Self.records + 1))
    }
}
