import Foundation
import JingwuJournal
import JingwuResources
import JingwuStation
import JingwuTestSupport
import Testing
@testable import JingwuCLI

/// The station as the chain's external witness: a journal whose past changed is refused and
/// recorded; `station verify` re-checks the stored bytes; `station status` shows it all.
@Suite(.serialized) final class StationWitnessTests: StationTestCase {
    @Test(.initialisedStation) func test_a_journal_rewritten_with_a_recomputed_chain_is_refused_naming_the_first_differing_seq() throws {
        let journal = try makeJournal(count: 30)
        XCTAssertEqual(run(["sync", "--batch", "4"]).0, 0)
        let stationHash = journal.headHash
        try rewriteWithRecomputedChain(journalPath(), seq: 17)
        // More records after it: none of them may reach the station.
        let reopened = try FileJournal(path: journalPath())
        try append(reopened, count: 3, from: 30)
        XCTAssertEqual(try JournalInspector.verify(path: journalPath()).isIntact, true)
        let before = FileManager.default.contents(atPath: journalPath())

        let (status, out, err) = run(["sync"])
        XCTAssertEqual(status, 65)
        XCTAssertEqual(out, "")
        XCTAssertEqual(err, "jingwu：东门警务室的日志与派出所所存不一致：第 17 号记录起不同（被改写或重算校验码）；派出所已存至第 30 号。"
            + "没有同步任何记录，已在派出所记为冲突，请交负责人核查\n")
        XCTAssertEqual(FileManager.default.contents(atPath: journalPath()), before)
        XCTAssertEqual(try count("SELECT head_seq FROM jingwu.journals"), 30)
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.records"), 31)
        let db = try connect()
        let conflict = try db.exec(
            "SELECT kind, first_differing_seq, station_head_seq, station_head_hash, office_head_seq FROM jingwu.conflicts")
        XCTAssertEqual(conflict.rowCount, 1)
        XCTAssertEqual(conflict.string(0, 0), "rewritten")
        XCTAssertEqual(conflict.int(0, 1), 17)
        XCTAssertEqual(conflict.int(0, 2), 30)
        XCTAssertEqual(conflict.string(0, 3), stationHash)
        XCTAssertEqual(conflict.int(0, 4), 33)

        // Status shows the conflict; the station's own copy still verifies.
        let (_, statusOut, _) = run(["station", "status"])
        let rows = statusOut.split(separator: "\n").map(String.init)
        XCTAssertEqual(rows.count, 4, statusOut)
        XCTAssertTrue(rows[1].hasPrefix("东门警务室（城关派出所，日志 "), rows[1])
        XCTAssertTrue(rows[1].contains("）：存至第 30 号（"), rows[1])
        XCTAssertTrue(rows[1].contains(" 记录），校验码 \(stationHash.prefix(16))…；最后同步 "), rows[1])
        XCTAssertTrue(rows[1].hasSuffix("（新增 31 条），距今 不到 1 分钟；冲突 1 次"), rows[1])
        XCTAssertEqual(rows[2], "冲突记录（1 条，新的在前）：")
        XCTAssertTrue(rows[3].hasSuffix("）：第 17 号记录起与派出所所存不一致（被改写或重算校验码）；派出所存至第 30 号"), rows[3])
        XCTAssertEqual(run(["station", "verify"]).0, 0)
    }

    /// The lag: how long since the station last heard from each office (a sync with or without
    /// records), and when the newest record it holds was recorded.
    @Test(.initialisedStation) func test_status_shows_each_office_s_lag_and_its_newest_record() throws {
        try makeJournal(count: 12)
        XCTAssertEqual(run(["sync"]).0, 0)
        let db = try connect()
        let recorded = try db.exec("""
            SELECT to_char(recorded AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') FROM jingwu.records
                WHERE seq = (SELECT head_seq FROM jingwu.journals)
            """).string(0, 0) ?? "?"
        // Heard from 3 h 5 min ago (give the clock a few seconds: the figure is whole minutes).
        try db.exec("UPDATE jingwu.journals SET last_synced = now() - interval '3 hours 5 minutes 10 seconds'")
        var (status, out, _) = run(["station", "status"])
        XCTAssertEqual(status, 0)
        var row = out.split(separator: "\n").map(String.init)[1]
        XCTAssertTrue(row.contains("）：存至第 12 号（\(recorded) 记录），校验码 "), row)
        XCTAssertTrue(row.hasSuffix("（新增 13 条），距今 3 小时 5 分钟；冲突 0 次"), row)
        (_, out, _) = run(["station", "status"], lang: "en")
        row = out.split(separator: "\n").map(String.init)[1]
        XCTAssertTrue(row.contains("up to seq 12 (recorded \(recorded)), check code "), row)
        XCTAssertTrue(row.hasSuffix("(13 new), 3 h 5 min ago; 0 conflicts"), row)
        let (_, json, _) = run(["station", "status", "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let journal = (object?["journals"] as? [[String: Any]])?.first
        let lag = journal?["lagSeconds"] as? Int ?? -1
        XCTAssertTrue((3 * 3600 + 5 * 60 + 10..<3 * 3600 + 6 * 60 + 10).contains(lag), "\(lag)")
        XCTAssertEqual(journal?["newestRecorded"] as? String, recorded)
        // Two days and more: days and hours. A sync with nothing new is heard from too: the lag starts again.
        try db.exec("UPDATE jingwu.journals SET last_synced = now() - interval '2 days 4 hours 30 minutes'")
        (_, out, _) = run(["station", "status"])
        XCTAssertTrue(out.split(separator: "\n").map(String.init)[1].hasSuffix("，距今 2 天 4 小时；冲突 0 次"), out)
        XCTAssertEqual(run(["sync"]).0, 0)
        (_, out, _) = run(["station", "status"])
        XCTAssertTrue(out.split(separator: "\n").map(String.init)[1].hasSuffix("（新增 0 条），距今 不到 1 分钟；冲突 0 次"), out)
    }

    @Test(.initialisedStation) func test_a_journal_cut_back_to_an_old_backup_is_refused_as_truncated() throws {
        try makeJournal(count: 20)
        XCTAssertEqual(run(["sync"]).0, 0)
        let all = lines(journalPath())
        var backup = Data()
        for line in all.prefix(11) { backup.append(line); backup.append(10) }
        try backup.write(to: URL(fileURLWithPath: journalPath()))
        let (status, _, err) = run(["sync"], lang: "en")
        XCTAssertEqual(status, 65)
        XCTAssertEqual(err, "jingwu: 东门警务室's journal ends at seq 10 but the station holds up to seq 20: missing from record 11 on "
            + "(cut or restored from an old backup). Nothing was synced; the conflict is recorded at the station: "
            + "have a supervisor look into it\n")
        let (_, json, _) = run(["station", "status", "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let conflicts = object?["conflicts"] as? [[String: Any]]
        XCTAssertEqual(conflicts?.count, 1)
        XCTAssertEqual(conflicts?.first?["kind"] as? String, "truncated")
        XCTAssertEqual(conflicts?.first?["firstDifferingSeq"] as? Int, 11)
        XCTAssertEqual(conflicts?.first?["officeHeadSeq"] as? Int, 10)
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.records"), 21)
    }

    @Test(.initialisedStation) func test_a_later_sync_reads_only_what_follows_the_head_and_full_rereads_everything() throws {
        let journal = try makeJournal(count: 20)
        XCTAssertEqual(run(["sync"]).0, 0)
        try append(journal, count: 4, from: 20)
        let next = try StationSync(db: connect(), journalPath: journalPath()).run()
        XCTAssertEqual(next.pushed, 4)
        XCTAssertTrue(next.scannedFromHead)
        // Record 5 edited in place without recomputing anything: its stored hash no longer matches
        // its bytes. The head's line is untouched, so the quick path does not look before it;
        // --full does, and refuses the journal as one that differs from the station's copy at 5.
        var bytes = [UInt8](FileManager.default.contents(atPath: journalPath())!)
        let fifth = lines(journalPath()).prefix(5).reduce(0) { $0 + $1.count + 1 }
        let data = Data(bytes[fifth...]).range(of: Data(#"{"i":4"#.utf8))!
        bytes[fifth + data.upperBound - 1] = UInt8(ascii: "6")
        try Data(bytes).write(to: URL(fileURLWithPath: journalPath()))
        let quick = try StationSync(db: connect(), journalPath: journalPath()).run()
        XCTAssertEqual(quick.pushed, 0)
        XCTAssertTrue(quick.scannedFromHead)
        let (status, _, err) = run(["sync", "--full"])
        XCTAssertEqual(status, 65)
        XCTAssertTrue(err.contains("第 5 号记录起不同"), err)
        XCTAssertEqual(try count("SELECT first_differing_seq FROM jingwu.conflicts WHERE kind = 'rewritten'"), 5)
        XCTAssertEqual(try stationLines().count, 25)
    }

    @Test(.initialisedStation) func test_station_verify_rechecks_the_stored_bytes_and_names_the_altered_record() throws {
        try makeJournal("a", office: "东门警务室", count: 12)
        try makeJournal("b", office: "西关警务室", count: 5)
        XCTAssertEqual(run(["sync"], journal: journalPath("a")).0, 0)
        XCTAssertEqual(run(["sync"], journal: journalPath("b")).0, 0)
        let (ok, okOut, _) = run(["station", "verify"])
        XCTAssertEqual(ok, 0)
        XCTAssertTrue(okOut.hasSuffix("复核通过：2 本日志全部完好\n"), okOut)
        // Someone with the server's superuser rights lifts the trigger and edits a stored line.
        let db = try connect()
        try db.script("ALTER TABLE jingwu.records DISABLE TRIGGER records_append_only")
        try db.exec("""
            UPDATE jingwu.records SET line = overlay(line PLACING '9'::bytea FROM 10 FOR 1)
            WHERE seq = 7 AND office = '东门警务室'
            """)
        try db.script("ALTER TABLE jingwu.records ENABLE TRIGGER records_append_only")
        let (status, out, _) = run(["station", "verify"])
        XCTAssertEqual(status, 1)
        let rows = out.split(separator: "\n").map(String.init)
        XCTAssertEqual(rows.count, 3, out)
        XCTAssertTrue(rows[0].hasPrefix("东门警务室（日志 "), rows[0])
        XCTAssertTrue(rows[0].hasSuffix("）：第 7 号记录的校验码与前一条接不上（内容被改动）；此前 7 条完好"), rows[0])
        XCTAssertTrue(rows[1].hasPrefix("西关警务室（日志 "), rows[1])
        XCTAssertTrue(rows[1].contains("）：6 条记录复核通过，最新序号 5，校验码 "), rows[1])
        XCTAssertEqual(rows[2], "复核失败：2 本日志中有 1 本发现问题")
    }

    @Test func test_bad_addresses_refused_logins_and_missing_journals_each_get_their_own_status_and_no_password() throws {
        try makeJournal(count: 2)
        let before = FileManager.default.contents(atPath: journalPath())
        // The addresses come from JINGWU_STATION_DB: one holding a password on the command line is refused (StationAddressTests).
        func attempt(_ url: String, _ args: [String] = ["station", "status"]) -> (Int32, String) {
            let output = CapturedOutput()
            let status = CLI.run(args + ["--journal", journalPath(), "--lang", "en"], environment: ["JINGWU_STATION_DB": url],
                                 output: output)
            return (status, output.stderr)
        }
        let (bad, badErr) = attempt("postgresql://%zz@/x")
        XCTAssertEqual(bad, 64, badErr)
        XCTAssertTrue(badErr.hasPrefix("jingwu: The station database address "), badErr)
        let (down, downErr) = attempt("postgresql://clerk:sekret-pw@/jw?host=/nonexistent-dir", ["sync"])
        XCTAssertEqual(down, 69, downErr)
        XCTAssertTrue(downErr.hasPrefix("jingwu: Cannot reach the station database postgresql://clerk@/jw?host=/nonexistent-dir: "),
                      downErr)
        XCTAssertFalse(downErr.contains("sekret"), downErr)
        let (refused, refusedErr) = attempt(TestPostgres.url(dbURL, database: databaseName, user: "no_such_clerk") + "&password=sekret-pw")
        XCTAssertEqual(refused, 77, refusedErr)
        XCTAssertTrue(refusedErr.contains("refused the login"), refusedErr)
        XCTAssertFalse(refusedErr.contains("sekret"), refusedErr)
        let output = CapturedOutput()
        XCTAssertEqual(CLI.run(["sync", "--db", dbURL, "--journal", dir + "/none.jsonl"], environment: [:], output: output), 66)
        XCTAssertEqual(FileManager.default.contents(atPath: journalPath()), before)
    }

    @Test func test_passwords_are_removed_from_every_form_of_address() {
        XCTAssertEqual(StationURL.redacted("postgresql://u:p%40ss@host:5432/db?sslmode=require"),
                       "postgresql://u@host:5432/db?sslmode=require")
        XCTAssertEqual(StationURL.redacted("postgres://host/db?user=u&password=x&sslmode=disable"),
                       "postgres://host/db?user=u&sslmode=disable")
        XCTAssertEqual(StationURL.redacted("host=h dbname=d password='a b\\'c' user=u"), "host=h dbname=d user=u")
        XCTAssertEqual(StationURL.redacted("postgresql:///db?host=/tmp/s"), "postgresql:///db?host=/tmp/s")
        XCTAssertEqual(StationURL.redacted(""), "(PGHOST/PGDATABASE …)")
        XCTAssertEqual(StationURL.resolve(option: nil, environment: ["JINGWU_STATION_DB": "postgresql:///x"]), "postgresql:///x")
        XCTAssertEqual(StationURL.resolve(option: "postgresql:///y", environment: ["JINGWU_STATION_DB": "postgresql:///x"]),
                       "postgresql:///y")
        XCTAssertEqual(StationURL.resolve(option: nil, environment: [:]), "")
    }
}
