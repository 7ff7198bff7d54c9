import Foundation
import JingwuJournal
import JingwuResources
@testable import JingwuStation
import JingwuTestSupport
import Testing
@testable import JingwuCLI

/// The station's own defences, each shown by a batch or a statement it must refuse: the server's
/// check of a batch (`BatchWriter.checkOnServer`: the first record chains from the head the station
/// holds, the seqs are exactly those after it), a head moved under a sync (`headMoved`), the
/// table's keys (one row per (journal, seq), one per event id), the time columns as the record
/// holds them, and a schema newer than the binary refused by `station import` and `station report`
/// before anything is written.
@Suite(.serialized) final class StationFaultTests: StationTestCase {
    /// Everything the station holds: the records (count and a digest of every line, in order) and
    /// each journal's head row. Equal before and after a refused batch means nothing of it stayed.
    func heldState() throws -> String {
        try connect().exec("""
            SELECT (SELECT count(*) FROM jingwu.records)::text || ' '
                || coalesce((SELECT md5(string_agg(line, '\\x0a'::bytea ORDER BY journal_id, seq)) FROM jingwu.records), '-')
                || ' ' || coalesce((SELECT string_agg(journal_id::text || ':' || head_seq || ':' || head_hash || ':'
                    || coalesce(head_offset::text, '') || ':' || last_sync_records, ',' ORDER BY journal_id)
                    FROM jingwu.journals), '-')
            """).string(0, 0) ?? ""
    }

    /// Hands the station one batch through the sync's own writer (`BatchWriter`: binary COPY into
    /// the records, the server's check, the head moved, in one transaction), as `StationSync.run`
    /// hands it the lines it has read: from the head the station holds for the journal of `path`'s
    /// header, and abandoned (rolled back) when anything throws. `batch`: each line with the seq the
    /// sync would give it. No advisory lock: a writer that bypasses the sync's serialisation.
    func push(_ batch: [(line: Data, seq: UInt64)], journal path: String, db: PGConnection? = nil) throws {
        let db = try db ?? connect()
        let identity = try JournalIdentity.read(path: path)
        let journal = identity.journalID.uuidString.lowercased()
        let head = try StationSync.stationHead(db, journal)
        var options = StationSync.Options()
        options.batchRecords = 1000
        let writer = BatchWriter(db: db, identity: identity, journal: journal, options: options)
        writer.expectedHeadSeq = head.seq
        writer.expectedHeadHash = head.hash
        do {
            var offset = 0
            for (line, seq) in batch {
                offset += line.count + 1
                try line.withUnsafeBytes { try writer.add($0, seq: seq, endOffset: offset) }
            }
            try writer.finish()
        } catch {
            writer.abandon()
            throw error
        }
    }

    /// `lines` of `path` with their own seqs (line k is record k).
    func records(_ path: String, _ seqs: [Int]) -> [(line: Data, seq: UInt64)] {
        let all = lines(path)
        return seqs.map { (all[$0], UInt64($0)) }
    }

    /// The refusal of the server's check: exit 76 (EX_PROTOCOL), naming the batch's records.
    func expectCheckRefused(_ batch: [(line: Data, seq: UInt64)], journal path: String, _ what: String) throws {
        let before = try heldState()
        XCTAssertThrowsError(try push(batch, journal: path), what) { error in
            let station = error as? StationError
            XCTAssertEqual(station?.messageKey, "station.error.server", "\(what): \(error)")
            XCTAssertEqual(station?.exitCode, 76, "\(what): \(error)")
            guard case .server(_, let detail)? = station else { return XCTFail("\(what): \(error)") }
            XCTAssertEqual(detail, "the station's check of records \(batch[0].seq)–\(batch.last!.seq) failed", what)
        }
        // Rolled back: no record of the batch, the head where it was.
        XCTAssertEqual(try heldState(), before, what)
    }

    @Test(.initialisedStation) func test_the_server_refuses_a_batch_that_does_not_chain_from_its_head_or_has_a_seq_gap() throws {
        try makeJournal("a", count: 30)
        // Another journal: its records have the same seqs and data, but each chains from its own predecessor.
        try makeJournal("b", count: 30)
        let a = journalPath("a")
        // The seam itself: the journal's own records go in through it, as a sync's batches do.
        try push(records(a, Array(0...10)), journal: a)
        try push(records(a, Array(11...15)), journal: a)
        XCTAssertEqual(try count("SELECT head_seq FROM jingwu.journals"), 15)
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.records"), 16)

        // Record 16 of another chain: its seq follows the head, its hash does not follow the head's.
        try expectCheckRefused(records(journalPath("b"), [16, 17, 18]), journal: a, "another chain's records")
        // Only the first differs: the rest would chain from it, so the first alone is refused.
        try expectCheckRefused(records(journalPath("b"), [16]) + records(a, [17, 18]), journal: a, "a first record of another chain")
        // The journal's own records with one left out.
        try expectCheckRefused(records(a, [16, 17, 19]), journal: a, "a gap in the seqs")
        // The journal's own records from one past the head (given the seqs a sync would give them).
        try expectCheckRefused([(lines(a)[17], 16), (lines(a)[18], 17)], journal: a, "a batch starting past the head")

        // The right batch still goes in, and the station's copy is the journal's.
        try push(records(a, Array(16...30)), journal: a)
        XCTAssertEqual(try stationLines(), lines(a))
        let (verified, _, err) = run(["station", "verify"], journal: a)
        XCTAssertEqual(verified, 0, err)
    }

    @Test(.initialisedStation) func test_the_server_s_check_counts_the_rows_the_statement_inserted() throws {
        try makeJournal("a", count: 12)
        let a = journalPath("a")
        try push(records(a, Array(0...9)), journal: a)
        let db = try connect()
        let journal = try JournalIdentity.read(path: a).journalID.uuidString.lowercased()
        let zero = String(repeating: "0", count: 64)
        func check(lastSeq: UInt64, count: Int, inserted: Int) throws {
            try BatchWriter.checkOnServer(db, journal: journal, afterSeq: -1, afterHash: zero, firstSeq: 0, lastSeq: lastSeq,
                                          count: count, inserted: inserted)
        }
        // The ten rows held, checked as the batch a statement has just inserted: they pass.
        try check(lastSeq: 9, count: 10, inserted: 10)
        // The range whole, but the statement inserted a row more (one outside the range: past it, or
        // another journal's): refused, though the range alone would pass.
        XCTAssertThrowsError(try check(lastSeq: 9, count: 10, inserted: 11)) { error in
            XCTAssertEqual((error as? StationError)?.exitCode, 76, "\(error)")
        }
        // A range longer than the rows held (record 10 missing): refused.
        XCTAssertThrowsError(try check(lastSeq: 10, count: 11, inserted: 11))
        // A range that does not end where the count says: refused.
        XCTAssertThrowsError(try check(lastSeq: 9, count: 9, inserted: 9))
    }

    @Test(.initialisedStation) func test_a_head_moved_under_a_sync_refuses_its_next_batch_and_a_rerun_completes() throws {
        try makeJournal(count: 40)
        let path = journalPath()
        let other = try connect()
        var options = StationSync.Options()
        options.batchRecords = 10
        var before = ""
        // After the first batch (records 0–9), another writer (no advisory lock) stores 10–14 and moves the head.
        options.afterBatch = { batch in
            guard batch == 1 else { return }
            try self.push(self.records(path, Array(10...14)), journal: path, db: other)
            before = try self.heldState()
        }
        XCTAssertThrowsError(try StationSync(db: connect(), journalPath: path, options: options).run()) { error in
            XCTAssertEqual((error as? StationError)?.messageKey, "station.error.head_moved", "\(error)")
            XCTAssertEqual((error as? StationError)?.exitCode, 75, "\(error)")
        }
        // Nothing of the refused batch: the other writer's records and head as it left them.
        XCTAssertEqual(try heldState(), before)
        XCTAssertEqual(try count("SELECT head_seq FROM jingwu.journals"), 14)
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.records"), 15)
        // The operator's line names what happened, in one line.
        let message = Strings(.zh).text(StationError.headMoved(journal: "j").messageKey, ["journal": "j"])
        XCTAssertEqual(message, "日志 j 在派出所的最新序号在同步中被改动；没有存入这一批，请重新运行 jingwu sync")
        let (status, out, err) = run(["sync", "--json"])
        XCTAssertEqual(status, 0, err)
        XCTAssertTrue(out.contains(#""pushed":26"#), out)
        XCTAssertEqual(try stationLines(), lines(path))
    }

    @Test(.initialisedStation) func test_a_duplicate_seq_or_event_id_inserted_by_sql_is_refused() throws {
        try makeJournal(count: 5)
        XCTAssertEqual(run(["sync"]).0, 0)
        let before = try heldState()
        let db = try connect()
        // Record 3 again, under a new event id: the same (journal, seq).
        XCTAssertThrowsError(try db.exec("""
            INSERT INTO jingwu.records (journal_id, seq, event_id, office, type, v, at, recorded, by, data, hash, line)
            SELECT journal_id, seq, gen_random_uuid(), office, type, v, at, recorded, by, data, hash, line
            FROM jingwu.records WHERE seq = 3
            """)) { error in
            XCTAssertEqual((error as? StationError)?.messageKey, "station.error.server", "\(error)")
            XCTAssertTrue("\(error)".contains("23505"), "\(error)")
            XCTAssertTrue("\(error)".contains("records_pkey"), "\(error)")
        }
        // Record 3's event id again, as a record 6.
        XCTAssertThrowsError(try db.exec("""
            INSERT INTO jingwu.records (journal_id, seq, event_id, office, type, v, at, recorded, by, data, hash, line)
            SELECT journal_id, 6, event_id, office, type, v, at, recorded, by, data, hash, line
            FROM jingwu.records WHERE seq = 3
            """)) { error in
            XCTAssertTrue("\(error)".contains("23505"), "\(error)")
            XCTAssertTrue("\(error)".contains("records_event_id_key"), "\(error)")
        }
        XCTAssertEqual(try heldState(), before)
    }

    @Test(.initialisedStation) func test_the_time_columns_of_a_synced_record_are_the_records_own() throws {
        try makeJournal(count: 12)
        XCTAssertEqual(run(["sync"]).0, 0)
        let journal = lines(journalPath())
        let db = try connect()
        let result = try db.exec("""
            SELECT seq, (extract(epoch FROM at) * 1000000)::bigint, (extract(epoch FROM recorded) * 1000000)::bigint
            FROM jingwu.records ORDER BY seq
            """)
        XCTAssertEqual(result.rowCount, journal.count)
        var differ = 0
        for row in 0..<result.rowCount {
            let seq = try XCTUnwrap(result.int(row, 0))
            let record = try XCTUnwrap(journal[Int(seq)].withUnsafeBytes { RecordLines.decode($0) })
            XCTAssertEqual(result.int(row, 1), Int64((record.at.timeIntervalSince1970 * 1_000_000).rounded()), "at of \(seq)")
            XCTAssertEqual(result.int(row, 2), Int64((record.recorded.timeIntervalSince1970 * 1_000_000).rounded()),
                           "recorded of \(seq)")
            if record.at != record.recorded { differ += 1 }
        }
        // The records' two times differ (the test's `at` is its own, `recorded` the clock's): a swap would show.
        XCTAssertTrue(differ >= 10, "\(differ)")
    }

    @Test(.initialisedStation) func test_a_newer_schema_is_refused_by_import_and_report_and_nothing_is_written() throws {
        let journal = try makeJournal(count: 5)
        XCTAssertEqual(run(["sync"]).0, 0)
        try append(journal, count: 5, from: 5)
        let bundle = dir + "/later.jwb"
        XCTAssertEqual(run(["export", "--since-seq", "6", "--out", bundle]).0, 0)
        try connect().exec("INSERT INTO jingwu.schema_migrations (version, description) VALUES (99, 'future')")
        let before = try heldState()
        let journalBytes = FileManager.default.contents(atPath: journalPath())
        let bundleBytes = FileManager.default.contents(atPath: bundle)
        let cache = dir + "/cache", out = dir + "/out"
        for (command, lang) in [(["station", "import", bundle], "zh"), (["station", "import", bundle], "en"),
                                (["station", "report", "patrols", "--cache", cache, "--out", out], "zh"),
                                (["station", "report", "bulletin", "--office", "东门警务室", "--cache", cache, "--format", "json"], "en")] {
            let (status, stdout, err) = run(command, lang: lang)
            XCTAssertEqual(status, 78, "\(command) \(err)")
            XCTAssertEqual(stdout, "", "\(command)")
            XCTAssertEqual(err.filter { $0 == "\n" }.count, 1, "\(command) \(err)")
            XCTAssertTrue(err.contains(lang == "zh" ? "结构版本为 99，比本程序认识的版本 \(StationSchema.knownVersion) 新"
                                                    : "schema is version 99, newer than the version \(StationSchema.knownVersion) this program knows"),
                          "\(command) \(err)")
        }
        XCTAssertEqual(try heldState(), before)
        XCTAssertFalse(FileManager.default.fileExists(atPath: cache), "the report made its local copy")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "the report wrote a file")
        XCTAssertEqual(FileManager.default.contents(atPath: journalPath()), journalBytes)
        XCTAssertEqual(FileManager.default.contents(atPath: bundle), bundleBytes)
    }
}

/// The report's local copy is made in a folder the operator names (`station report --cache FOLDER`),
/// relative or not, however short: its parents are found by `PathText.parent` (Foundation's
/// `deletingLastPathComponent` trapped on a one-character name, and `--cache c` crashed the report;
/// scripts/e2e-station-faults.sh runs that command; PathTextTests).
@Suite(.serialized) final class StationCacheFolderTests {
    @Test func test_a_folder_and_its_missing_parents_are_made_private() throws {
        let root = NSTemporaryDirectory() + "jingwu-cache-folder-\(getpid())-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try StationCache.makeFolder(root + "/a/b/c")
        for folder in [root, root + "/a", root + "/a/b", root + "/a/b/c"] {
            let mode = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: folder)[.posixPermissions] as? Int)
            XCTAssertEqual(mode & 0o777, 0o700, folder)
        }
        try StationCache.makeFolder(root + "/a/b/c/")  // there already: nothing to do
        XCTAssertTrue(FileManager.default.createFile(atPath: root + "/file", contents: Data()))
        XCTAssertThrowsError(try StationCache.makeFolder(root + "/file"))
    }
}
