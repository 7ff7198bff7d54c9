import Foundation
import JingwuJournal
import JingwuResources
@testable import JingwuStation
import JingwuTestSupport
import Testing
@testable import JingwuCLI

/// A journal on disk and helpers to run the command line against the test database.
/// A Swift Testing suite (see `Tests/JingwuTestSupport/Checks.swift`): one instance per test, made (`init`, XCTest's
/// `setUp`) before it and released (`deinit`: the teardown blocks, last added first, then the
/// test's folder removed) after it. Each suite is `.serialized` on a database of its own (the
/// class's name), made afresh for each of its tests; suites run side by side.
class StationTestCase {
    var dir = ""
    var dbURL = ""
    var databaseName: String { "jw_" + String(describing: type(of: self)).lowercased() }
    private var teardownBlocks: [() -> Void] = []

    init() throws {
        dir = NSTemporaryDirectory() + "jingwu-station-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        dbURL = try makeDatabase()
    }

    /// This test's database, made before it: empty here, or for a test marked `.initialisedStation` a
    /// copy of the schema `station init` made once per test process; a class whose every test starts
    /// from the same station overrides it to copy a template of its own
    /// (`TestPostgres.freshDatabase(_:copying:prepare:)`).
    func makeDatabase() throws -> String {
        guard startsInitialised else {
            return try TestPostgres.freshDatabase(databaseName)
        }
        return try TestPostgres.freshDatabase(databaseName, copying: "jw_template_initialised") { template in
            let output = CapturedOutput()
            let status = CLI.run(["station", "init", "--db", template, "--lang", "en"], environment: [:], output: output)
            guard status == 0 else {
                XCTFail("station init of the template database: \(status) \(output.stderr)")
                throw InitialisedStation.Failed()
            }
        }
    }

    /// The test is marked `.initialisedStation`: its database starts with the schema.
    var startsInitialised: Bool { Test.current?.traits.contains { $0 is InitialisedStation } ?? false }

    /// Run when the test ends, passed or failed (as XCTest's are, last added first).
    func addTeardownBlock(_ block: @escaping () -> Void) { teardownBlocks.append(block) }

    deinit {
        for block in teardownBlocks.reversed() { block() }
        try? FileManager.default.removeItem(atPath: dir)
    }

    func journalPath(_ name: String = "office") -> String { dir + "/\(name).jsonl" }

    /// A journal for tests with `count` records after its header.
    @discardableResult
    func makeJournal(_ name: String = "office", office: String = "东门警务室", count: Int) throws -> FileJournal {
        let journal = try FileJournal.create(path: journalPath(name), station: "城关派出所", office: office, forTests: true)
        try append(journal, count: count)
        return journal
    }

    func append(_ journal: FileJournal, count: Int, from start: Int = 0) throws {
        var i = start
        try journal.appendBulk {
            guard i < start + count else { return nil }
            defer { i += 1 }
            return EventDraft(type: "NoteAdded", at: Date(timeIntervalSince1970: 1_790_000_000 + Double(i)), by: "031245",
                              data: Data(#"{"i":\#(i),"text":"巡逻\"记录\" \\ 第\#(i)条"}"#.utf8))
        }
    }

    func run(_ args: [String], journal: String? = nil, lang: String = "zh") -> (Int32, String, String) {
        let output = CapturedOutput()
        let status = CLI.run(args + ["--journal", journal ?? journalPath(), "--lang", lang],
                             environment: ["JINGWU_STATION_DB": dbURL], output: output)
        return (status, output.stdout, output.stderr)
    }

    func connect() throws -> PGConnection { try PGConnection(url: dbURL) }

    func lines(_ path: String) -> [Data] {
        FileManager.default.contents(atPath: path)!.split(separator: 10, omittingEmptySubsequences: false).dropLast().map { Data($0) }
    }

    /// The lines the station holds for every journal, by seq.
    func stationLines() throws -> [Data] {
        let db = try connect()
        var out: [Data] = []
        try db.stream("SELECT line FROM jingwu.records ORDER BY journal_id, seq", binaryResult: true) { row in
            out.append(row.withBytes(0, 0) { Data($0) })
        }
        return out
    }

    func count(_ sql: String, _ parameters: [String?] = []) throws -> Int64 {
        try connect().exec(sql, parameters).int(0, 0) ?? -1
    }
}

/// A test starting on a station database as `station init` leaves it (the schema at
/// `StationSchema.knownVersion`, nothing synced): `@Test(.initialisedStation)`. Its database is a copy
/// (`CREATE DATABASE … TEMPLATE`, made by the server) of one that the real `station init` made once per
/// test process, instead of running that command in every test: the same tables, triggers and
/// migration rows, owned by the same (test) superuser. For every test whose claim is not about
/// `station init` itself; those (and a test whose schema belongs to another role) run it on an empty
/// database, as an unmarked test's is.
struct InitialisedStation: TestTrait {
    struct Failed: Error {}
}

extension Trait where Self == InitialisedStation {
    static var initialisedStation: Self { Self() }
}

@Suite(.serialized) final class StationSyncTests: StationTestCase {
    @Test func test_init_creates_the_schema_and_running_it_again_changes_nothing() throws {
        let (status, out, err) = run(["station", "init"])
        XCTAssertEqual(status, 0, err)
        XCTAssertTrue(out.hasPrefix("派出所数据库已建好：结构版本 \(StationSchema.knownVersion)（"), out)
        let (again, out2, _) = run(["station", "init"], lang: "en")
        XCTAssertEqual(again, 0)
        XCTAssertTrue(out2.hasPrefix("Station schema already at version \(StationSchema.knownVersion); nothing changed ("), out2)
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.schema_migrations"), Int64(StationSchema.migrations.count))
    }

    @Test(.initialisedStation) func test_a_newer_schema_is_refused_by_init_and_sync_and_nothing_is_touched() throws {
        try makeJournal(count: 3)
        try connect().exec("INSERT INTO jingwu.schema_migrations (version, description) VALUES (99, 'future')")
        let before = FileManager.default.contents(atPath: journalPath())
        for command in [["station", "init"], ["sync"], ["station", "status"], ["station", "verify"]] {
            let (status, _, err) = run(command)
            XCTAssertEqual(status, 78, "\(command) \(err)")
            XCTAssertTrue(err.contains("结构版本为 99，比本程序认识的版本 \(StationSchema.knownVersion) 新"), err)
        }
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.records"), 0)
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.schema_migrations"), Int64(StationSchema.migrations.count) + 1)
        XCTAssertEqual(FileManager.default.contents(atPath: journalPath()), before)
    }

    @Test func test_sync_before_init_says_to_run_station_init() throws {
        try makeJournal(count: 1)
        let (status, _, err) = run(["sync"], lang: "en")
        XCTAssertEqual(status, 78)
        XCTAssertTrue(err.contains("run jingwu station init first"), err)
    }

    @Test(.initialisedStation) func test_sync_pushes_every_line_exactly_as_written_and_a_rerun_pushes_nothing() throws {
        let journal = try makeJournal(count: 40)
        let (status, out, err) = run(["sync", "--batch", "7"])
        XCTAssertEqual(status, 0, err)
        XCTAssertEqual(err, "")  // no progress line when stderr is not a terminal
        XCTAssertEqual(out, "已同步东门警务室：新增 41 条记录（分 6 批）；派出所已存至第 40 号，校验码 \(journal.headHash)\n")
        XCTAssertEqual(try stationLines(), lines(journalPath()))
        // Columns for queries beside the exact line.
        let db = try connect()
        let row = try db.exec("""
            SELECT office, type, v, by, data->>'text', hash, event_id::text FROM jingwu.records WHERE seq = 3
            """)
        var third: JournalRecord?
        try journal.replay(from: 3) { if $0.seq == 3 { third = $0 } }
        XCTAssertEqual(row.string(0, 0), "东门警务室")
        XCTAssertEqual(row.string(0, 1), "NoteAdded")
        XCTAssertEqual(row.string(0, 2), "1")
        XCTAssertEqual(row.string(0, 3), "031245")
        XCTAssertEqual(row.string(0, 4), #"巡逻"记录" \ 第2条"#)
        XCTAssertEqual(row.string(0, 5), third?.hash)
        XCTAssertEqual(row.string(0, 6), third?.id.uuidString.lowercased())

        let (again, out2, _) = run(["sync"])
        XCTAssertEqual(again, 0)
        XCTAssertEqual(out2, "东门警务室没有新记录需要同步；派出所已存至第 40 号，校验码 \(journal.headHash)\n")
        try append(journal, count: 5, from: 40)
        let (third3, out3, _) = run(["sync", "--json"])
        XCTAssertEqual(third3, 0)
        let object = try JSONSerialization.jsonObject(with: Data(out3.utf8)) as? [String: Any]
        XCTAssertEqual(object?["pushed"] as? Int, 5)
        XCTAssertEqual(object?["headSeq"] as? Int, 45)
        XCTAssertEqual(object?["headHash"] as? String, journal.headHash)
        XCTAssertEqual(try stationLines(), lines(journalPath()))
    }

    @Test(.initialisedStation) func test_a_journal_damaged_locally_pushes_only_its_intact_prefix_and_exits_1() throws {
        try makeJournal(count: 10)
        var bytes = [UInt8](FileManager.default.contents(atPath: journalPath())!)
        let sixth = lines(journalPath()).prefix(6).reduce(0) { $0 + $1.count + 1 }
        // Record 6's data is {"i":5,…}: make it {"i":7,…} without touching its stored hash.
        let data = Data(bytes[sixth...]).range(of: Data(#"{"i":5"#.utf8))!
        XCTAssertLessThan(data.lowerBound, lines(journalPath())[6].count)  // offsets from `sixth`
        bytes[sixth + data.upperBound - 1] = UInt8(ascii: "7")
        try Data(bytes).write(to: URL(fileURLWithPath: journalPath()))
        let (status, out, err) = run(["sync"], lang: "en")
        XCTAssertEqual(status, 1)
        XCTAssertTrue(out.hasPrefix("Synced 东门警务室: 6 new records in 1 batches; the station holds up to seq 5, "), out)
        XCTAssertEqual(err, "Note: the local journal is damaged from record 6 on; only the intact records before it were synced. "
            + "Run jingwu verify\n")
        XCTAssertEqual(try stationLines(), Array(lines(journalPath()).prefix(6)))
    }

    @Test(.initialisedStation) func test_data_is_held_as_written_and_null_where_the_json_operators_cannot_read_it() throws {
        let journal = try makeJournal(count: 2)
        try journal.append { _ in
            [EventDraft(type: "NoteAdded", at: Date(timeIntervalSince1970: 1_790_000_100), by: "031245",
                        data: Data(#"{"t":"a\u0000b","u":"c\\u0000d"}"#.utf8))]
        }
        XCTAssertEqual(run(["sync"]).0, 0)
        XCTAssertEqual(try stationLines(), lines(journalPath()))
        let db = try connect()
        // The data column holds the line's data byte for byte (json since schema version 3)…
        for (seq, line) in lines(journalPath()).enumerated() where seq != 3 {
            let written = line.withUnsafeBytes { RecordLines.decode($0)! }.data
            XCTAssertEqual(try db.exec("SELECT data::text FROM jingwu.records WHERE seq = $1::bigint", [String(seq)]).string(0, 0),
                           String(decoding: written, as: UTF8.self), "seq \(seq)")
        }
        XCTAssertEqual(try db.exec("SELECT pg_typeof(data)::text FROM jingwu.records WHERE seq = 2").string(0, 0), "json")
        XCTAssertEqual(try db.exec("SELECT data->>'i' FROM jingwu.records WHERE seq = 2").string(0, 0), "1")
        // …except data with a \u0000 escape, on which `->>` would fail for the whole query: NULL.
        XCTAssertEqual(try db.exec("SELECT data IS NULL FROM jingwu.records WHERE seq = 3").string(0, 0), "t")
        XCTAssertEqual(try db.exec("SELECT count(data->>'i') FROM jingwu.records").string(0, 0), "2")
        XCTAssertTrue(BatchWriter.queryable(Data(#"{"u":"c\\u0000d"}"#.utf8)))
        XCTAssertFalse(BatchWriter.queryable(Data(#"{"u":"\\\u0000"}"#.utf8)))
    }

    /// A station at schema version 2 (data as jsonb) upgraded by `station init`: every record kept,
    /// its data the same values (NULL where jsonb could not hold it), and the sync goes on after it.
    @Test func test_a_version_2_station_upgrades_to_json_data_and_the_sync_goes_on() throws {
        let journal = try makeJournal(count: 4)
        try journal.append { _ in
            [EventDraft(type: "NoteAdded", at: Date(timeIntervalSince1970: 1_790_000_100), by: "031245",
                        data: Data(#"{"t":"a\u0000b"}"#.utf8))]
        }
        let db = try connect()
        XCTAssertEqual(try StationSchema.initialize(db, upTo: 2).after, 2)
        // What a version-2 sync held: every record so far, data as jsonb.
        let header = journal.header
        let held = lines(journalPath())
        XCTAssertEqual(held.count, 6)
        for line in held {
            let record = line.withUnsafeBytes { RecordLines.decode($0)! }
            let data = String(decoding: record.data, as: UTF8.self)
            _ = try db.exec("""
                INSERT INTO jingwu.records (journal_id, seq, event_id, office, type, v, at, recorded, by, data, hash, line)
                VALUES ($1::uuid, $2::bigint, $3::uuid, $4, $5, $6::integer, $7::timestamptz, $8::timestamptz, $9,
                        $10::jsonb, $11, decode($12, 'hex'))
                """, [header.journalID.uuidString.lowercased(), String(record.seq), record.id.uuidString.lowercased(),
                      header.office, record.type, String(record.version), BatchWriter.iso(record.at),
                      BatchWriter.iso(record.recorded), record.by, BatchWriter.queryable(record.data) ? data : nil,
                      record.hash, line.map { String(format: "%02x", $0) }.joined()])
        }
        let last = held.last!.withUnsafeBytes { RecordLines.decode($0)! }
        _ = try db.exec("""
            INSERT INTO jingwu.journals (journal_id, station, office, created, head_seq, head_hash)
            VALUES ($1::uuid, $2, $3, now(), $4::bigint, $5)
            """, [header.journalID.uuidString.lowercased(), header.station, header.office, String(last.seq), last.hash])
        let before = try db.exec("SELECT seq, data::jsonb::text FROM jingwu.records ORDER BY seq")
        XCTAssertEqual(before.string(5, 1), nil)

        let (status, out, err) = run(["station", "init"])
        XCTAssertEqual(status, 0, err)
        XCTAssertTrue(out.hasPrefix("派出所数据库结构已升级：版本 2 → 3（"), out)
        let after = try connect().exec("SELECT seq, data::jsonb::text FROM jingwu.records ORDER BY seq")
        XCTAssertEqual(after.rowCount, 6)
        for row in 0..<6 {
            XCTAssertEqual(after.string(row, 1), before.string(row, 1), "seq \(row)")
        }
        XCTAssertEqual(try connect().exec("SELECT pg_typeof(data)::text FROM jingwu.records LIMIT 1").string(0, 0), "json")

        try append(journal, count: 3, from: 10)
        let (synced, syncOut, syncErr) = run(["sync", "--json"])
        XCTAssertEqual(synced, 0, syncErr)
        XCTAssertTrue(syncOut.contains(#""pushed":3,"#), syncOut)
        XCTAssertEqual(try stationLines(), lines(journalPath()))
        XCTAssertEqual(run(["station", "verify"]).0, 0)
    }

    @Test(.initialisedStation) func test_a_sync_stopped_after_any_batch_resumes_without_duplicates_or_gaps() throws {
        try makeJournal(count: 60)
        struct Stop: Error {}
        for stopAfter in [1, 3] {
            var options = StationSync.Options()
            options.batchRecords = 5
            options.afterBatch = { if $0 == stopAfter { throw Stop() } }
            XCTAssertThrowsError(try StationSync(db: connect(), journalPath: journalPath(), options: options).run())
        }
        // 1 batch, then 3 more: 20 records held, contiguous from 0.
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.records"), 20)
        XCTAssertEqual(try count("SELECT head_seq FROM jingwu.journals"), 19)
        let (status, out, _) = run(["sync", "--json"])
        XCTAssertEqual(status, 0)
        XCTAssertTrue(out.contains(#""pushed":41"#), out)
        XCTAssertEqual(try stationLines(), lines(journalPath()))
    }

    @Test(.initialisedStation) func test_a_connection_dropped_mid_batch_keeps_nothing_of_that_batch_and_the_rerun_completes() throws {
        try makeJournal(count: 30)
        let admin = try connect()
        let db = try connect()
        var options = StationSync.Options()
        options.batchRecords = 10
        options.insideBatch = { batch in
            if batch == 2 { try admin.exec("SELECT pg_terminate_backend($1::integer)", [String(db.backendPID)]) }
        }
        XCTAssertThrowsError(try StationSync(db: db, journalPath: journalPath(), options: options).run()) { error in
            XCTAssertEqual((error as? StationError)?.exitCode, 75, "\(error)")
            XCTAssertEqual((error as? StationError)?.messageKey, "station.error.connection_lost")
        }
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.records"), 10)
        XCTAssertEqual(try count("SELECT head_seq FROM jingwu.journals"), 9)
        let (status, out, _) = run(["sync", "--json"])
        XCTAssertEqual(status, 0)
        XCTAssertTrue(out.contains(#""pushed":21"#), out)
        XCTAssertEqual(try stationLines(), lines(journalPath()))
    }

    @Test(.initialisedStation) func test_two_syncs_of_one_journal_at_once_serialise() throws {
        try makeJournal(count: 400)
        let group = DispatchGroup()
        final class Outcomes: @unchecked Sendable {
            let lock = NSLock()
            var pushed: [Int] = []
            var failures: [String] = []
        }
        let outcomes = Outcomes()
        for _ in 0..<2 {
            group.enter()
            let path = journalPath(), url = dbURL
            Thread.detachNewThread {
                defer { group.leave() }
                do {
                    var options = StationSync.Options()
                    options.batchRecords = 20
                    let result = try StationSync(db: PGConnection(url: url), journalPath: path, options: options).run()
                    outcomes.lock.withLock { outcomes.pushed.append(result.pushed) }
                } catch {
                    outcomes.lock.withLock { outcomes.failures.append("\(error)") }
                }
            }
        }
        group.wait()
        XCTAssertEqual(outcomes.failures, [])
        XCTAssertEqual(outcomes.pushed.sorted(), [0, 401])
        XCTAssertEqual(try stationLines(), lines(journalPath()))
    }

    @Test func test_the_station_refuses_update_delete_and_truncate_on_records_by_trigger_and_by_privilege() throws {
        try makeJournal(count: 3)
        // The schema's owner is an ordinary role: its own privileges lack UPDATE, DELETE, TRUNCATE.
        let superuser = try connect()
        try superuser.script("DROP ROLE IF EXISTS jw_station_owner")
        try superuser.script("CREATE ROLE jw_station_owner LOGIN")
        try superuser.script("GRANT CREATE ON DATABASE \(databaseName) TO jw_station_owner")
        let ownerURL = TestPostgres.url(dbURL, database: databaseName, user: "jw_station_owner")
        let output = CapturedOutput()
        XCTAssertEqual(CLI.run(["station", "init", "--db", ownerURL], environment: [:], output: output), 0, output.stderr)
        XCTAssertEqual(CLI.run(["sync", "--db", ownerURL, "--journal", journalPath()], environment: [:], output: output), 0,
                       output.stderr)
        let owner = try PGConnection(url: ownerURL)
        for sql in ["UPDATE jingwu.records SET type = 'x' WHERE seq = 1", "DELETE FROM jingwu.records WHERE seq = 1",
                    "TRUNCATE jingwu.records", "TRUNCATE jingwu.conflicts"] {
            XCTAssertThrowsError(try owner.exec(sql), sql) { error in
                XCTAssertTrue("\(error)".contains("permission denied"), "\(error)")
            }
            // A superuser passes every privilege check; the trigger still refuses.
            XCTAssertThrowsError(try superuser.exec(sql), sql) { error in
                XCTAssertTrue("\(error)".contains("the station keeps records append-only"), "\(error)")
            }
        }
        XCTAssertEqual(try stationLines(), lines(journalPath()))
        try superuser.script("DROP OWNED BY jw_station_owner CASCADE")
        try superuser.script("DROP ROLE jw_station_owner")
    }
}
