import Foundation
import JingwuJournal
import JingwuResources
@testable import JingwuStation
import JingwuTestSupport
import Testing
@testable import JingwuCLI

/// Issue 18, security: per-office roles under row-level security, against the real server.
/// Roles are the cluster's, shared by every database: each test makes its own names.
@Suite(.serialized) final class StationRolesTests: StationTestCase {
    var officeA = ""
    var officeB = ""
    var leadership = ""

    override init() throws {
        try super.init()
        let tag = UUID().uuidString.prefix(8).lowercased()
        officeA = "jw_a_\(tag)"
        officeB = "jw_b_\(tag)"
        leadership = "jw_lead_\(tag)"
    }

    /// The test database's URL as `role`.
    func url(as role: String) -> String { TestPostgres.url(dbURL, database: databaseName, user: role) }

    func connect(as role: String) throws -> PGConnection { try PGConnection(url: url(as: role)) }

    func run(as role: String, _ args: [String], journal: String? = nil, lang: String = "zh") -> (Int32, String, String) {
        let output = CapturedOutput()
        let status = CLI.run(args + ["--journal", journal ?? journalPath(), "--lang", lang],
                             environment: ["JINGWU_STATION_DB": url(as: role)], output: output)
        return (status, output.stdout, output.stderr)
    }

    /// Two offices' journals and the three roles set up by the owner, on the schema the test starts
    /// with (`.initialisedStation`, on every test of this class).
    func setUpStation(aRecords: Int = 30, bRecords: Int = 12) throws {
        XCTAssertTrue(startsInitialised, "a test calling setUpStation is marked @Test(.initialisedStation)")
        try makeJournal("a", office: "东门警务室", count: aRecords)
        try makeJournal("b", office: "西关警务室", count: bRecords)
        XCTAssertEqual(run(["station", "grant", "--office", "东门警务室", "--role", officeA]).0, 0)
        XCTAssertEqual(run(["station", "grant", "--office", "西关警务室", "--role", officeB]).0, 0)
        XCTAssertEqual(run(["station", "grant", "--leadership", leadership]).0, 0)
    }

    /// Expects `sql` refused by the server for lack of privilege or by a policy (SQLSTATE 42501).
    func assertRefused(_ db: PGConnection, _ sql: String, _ parameters: [String?] = [], file: StaticString = #filePath,
                       line: UInt = #line) {
        XCTAssertThrowsError(try db.exec(sql, parameters), sql, file: file, line: line) { error in
            guard case StationError.server(let sqlstate, _) = error else {
                return XCTFail("\(sql): \(error)", file: file, line: line)
            }
            XCTAssertEqual(sqlstate, "42501", "\(sql): \(error)", file: file, line: line)
        }
    }

    @Test(.initialisedStation) func test_sync_as_an_office_role_works_in_batches_and_incrementally() throws {
        try setUpStation()
        let (status, out, err) = run(as: officeA, ["sync", "--batch", "7"], journal: journalPath("a"))
        XCTAssertEqual(status, 0, err)
        XCTAssertEqual(out, "已同步东门警务室：新增 31 条记录（分 5 批）；派出所已存至第 30 号，校验码 "
            + (try FileJournal(path: journalPath("a")).headHash) + "\n")
        // Incremental: ten more records, pushed after the head the role reads back.
        let journal = try FileJournal(path: journalPath("a"))
        try append(journal, count: 10, from: 1000)
        let (again, out2, err2) = run(as: officeA, ["sync", "--batch", "4"], journal: journalPath("a"))
        XCTAssertEqual(again, 0, err2)
        XCTAssertTrue(out2.hasPrefix("已同步东门警务室：新增 10 条记录（分 3 批）；派出所已存至第 40 号，"), out2)
        // The station holds the journal's lines byte for byte, and the owner's verify agrees.
        XCTAssertEqual(try stationLines(), lines(journalPath("a")))
        let (verified, _, _) = run(["station", "verify"])
        XCTAssertEqual(verified, 0)
        // Nothing left to push: the quick path and the full one both work under the role.
        XCTAssertEqual(run(as: officeA, ["sync"], journal: journalPath("a")).0, 0)
        XCTAssertEqual(run(as: officeA, ["sync", "--full"], journal: journalPath("a")).0, 0)
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.records"), 41)
    }

    @Test(.initialisedStation) func test_an_office_role_reads_and_appends_only_its_own_office() throws {
        try setUpStation()
        XCTAssertEqual(run(as: officeA, ["sync"], journal: journalPath("a")).0, 0)
        XCTAssertEqual(run(as: officeB, ["sync"], journal: journalPath("b")).0, 0)
        let a = try connect(as: officeA)
        // SELECT returns nothing of office B, in every table.
        XCTAssertEqual(try a.exec("SELECT count(*), count(DISTINCT office), min(office) FROM jingwu.records").string(0, 0), "31")
        XCTAssertEqual(try a.exec("SELECT min(office), max(office) FROM jingwu.records").string(0, 1), "东门警务室")
        XCTAssertEqual(try a.exec("SELECT count(*) FROM jingwu.records WHERE office = '西关警务室'").int(0, 0), 0)
        XCTAssertEqual(try a.exec("SELECT string_agg(office, ',') FROM jingwu.journals").string(0, 0), "东门警务室")
        XCTAssertEqual(try a.exec("SELECT count(*) FROM jingwu.roles").int(0, 0), 1)
        // `station status` as the role shows its own office only.
        let (_, status, _) = run(as: officeA, ["station", "status"])
        XCTAssertTrue(status.contains("共 1 本警务室日志"), status)
        XCTAssertFalse(status.contains("西关"), status)

        let bJournal = try XCTUnwrap(try connect().exec(
            "SELECT journal_id::text FROM jingwu.journals WHERE office = '西关警务室'").string(0, 0))
        let aJournal = try XCTUnwrap(try connect().exec(
            "SELECT journal_id::text FROM jingwu.journals WHERE office = '东门警务室'").string(0, 0))
        let row = """
            INSERT INTO jingwu.records (journal_id, seq, event_id, office, type, v, at, recorded, by, data, hash, line)
            VALUES ($1::uuid, 999, gen_random_uuid(), $2, 'NoteAdded', 1, now(), now(), '031245', '{}', repeat('0', 64), 'x')
            """
        // INSERT refused: B's rows, and A's office name into B's journal (it would take B's next seqs).
        assertRefused(a, row, [bJournal, "西关警务室"])
        assertRefused(a, row, [bJournal, "东门警务室"])
        // A conflict for B, a journal registered under B's name: refused.
        assertRefused(a, """
            INSERT INTO jingwu.conflicts (journal_id, office, kind, first_differing_seq, station_head_seq, station_head_hash,
                office_head_seq, office_head_hash) VALUES ($1::uuid, '西关警务室', 'rewritten', 1, 1, 'x', 1, 'x')
            """, [bJournal])
        assertRefused(a, """
            INSERT INTO jingwu.journals (journal_id, station, office, created, head_seq, head_hash)
            VALUES (gen_random_uuid(), '城关派出所', '西关警务室', now(), -1, repeat('0', 64))
            """)
        // B's head: not visible, so not moved.
        XCTAssertEqual(try a.exec("UPDATE jingwu.journals SET head_offset = 1 WHERE journal_id = $1::uuid", [bJournal]).affectedRows, 0)
        // Its own records: no UPDATE, no DELETE, no TRUNCATE.
        assertRefused(a, "UPDATE jingwu.records SET type = 'x' WHERE seq = 1")
        assertRefused(a, "DELETE FROM jingwu.records WHERE seq = 1")
        assertRefused(a, "TRUNCATE jingwu.records")
        assertRefused(a, "DELETE FROM jingwu.journals")
        // Its own journal: its identity never changes, its head never moves back nor past what is held.
        assertRefused(a, "UPDATE jingwu.journals SET office = '西关警务室' WHERE journal_id = $1::uuid", [aJournal])
        assertRefused(a, "UPDATE jingwu.journals SET head_seq = 5 WHERE journal_id = $1::uuid", [aJournal])
        assertRefused(a, "UPDATE jingwu.journals SET head_seq = 40 WHERE journal_id = $1::uuid", [aJournal])
        // Nothing of it happened: B's journal at the station is what B pushed.
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.records WHERE office = '西关警务室'"), 13)
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.records"), 44)
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.journals"), 2)
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.conflicts"), 0)
        XCTAssertEqual(try count("SELECT max(head_seq) FROM jingwu.journals WHERE office = '东门警务室'"), 30)
    }

    @Test(.initialisedStation) func test_an_office_role_cannot_sync_another_offices_journal() throws {
        try setUpStation()
        let before = FileManager.default.contents(atPath: journalPath("b"))
        let (status, out, err) = run(as: officeA, ["sync"], journal: journalPath("b"))
        XCTAssertEqual(status, 77)
        XCTAssertEqual(out, "")
        XCTAssertEqual(err, "jingwu：数据库角色 \(officeA) 只能同步东门警务室的日志，这本日志属于西关警务室：没有同步任何记录\n")
        let (_, _, en) = run(as: leadership, ["sync"], journal: journalPath("b"), lang: "en")
        XCTAssertEqual(en, "jingwu: database role \(leadership) stands for no office "
            + "(the station sets it up with jingwu station grant): nothing was synced\n")
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.records"), 0)
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.journals"), 0)
        XCTAssertEqual(FileManager.default.contents(atPath: journalPath("b")), before)
    }

    /// A bundle goes in by the sync's path under the role too: its own office's through the
    /// staging table (no COPY under row-level security), another office's refused, nothing kept.
    @Test(.initialisedStation) func test_an_office_role_imports_its_own_offices_bundle_only() throws {
        try setUpStation()
        let own = journalPath("a") + ".bundle", other = journalPath("b") + ".bundle"
        XCTAssertEqual(run(["export", "--since-seq", "0", "--out", own], journal: journalPath("a")).0, 0)
        XCTAssertEqual(run(["export", "--since-seq", "0", "--out", other], journal: journalPath("b")).0, 0)
        let (refused, _, err) = run(as: officeA, ["station", "import", other])
        XCTAssertEqual(refused, 77, err)
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.records"), 0)
        let (status, out, err2) = run(as: officeA, ["station", "import", own, "--batch", "7"])
        XCTAssertEqual(status, 0, err2)
        XCTAssertTrue(out.hasPrefix("已导入东门警务室的数据包（第 0–30 号）：新增 31 条记录（分 5 批）"), out)
        XCTAssertEqual(try stationLines(), lines(journalPath("a")))
    }

    /// `station revoke`: the role's office and privileges go in one step; it then reads nothing
    /// and syncs nothing; what it synced stays; a role mapped to nothing is refused, nothing changed.
    @Test(.initialisedStation) func test_a_revoked_office_role_reads_nothing_and_syncs_nothing_and_what_it_synced_stays() throws {
        try setUpStation()
        XCTAssertEqual(run(as: officeA, ["sync"], journal: journalPath("a")).0, 0)
        let (status, out, err) = run(["station", "revoke", "--role", officeA])
        XCTAssertEqual(status, 0, err)
        XCTAssertEqual(out, "已收回角色 \(officeA)：不再对应东门警务室，不能再读取或追加任何记录；已同步的记录保留\n")
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.records"), 31, "what it synced stays")
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.roles WHERE role_name = '\(officeA)'"), 0)
        // It reads nothing (no privilege left) and its sync is refused before anything is sent.
        let db = try connect(as: officeA)
        XCTAssertThrowsError(try db.exec("SELECT count(*) FROM jingwu.records"))
        let journal = try FileJournal(path: journalPath("a"))
        try append(journal, count: 3, from: 2000)
        XCTAssertNotEqual(run(as: officeA, ["sync"], journal: journalPath("a")).0, 0)
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.records"), 31)
        // Again: mapped to nothing — refused, nothing changed; the leadership's role revoked too.
        let (again, _, refusal) = run(["station", "revoke", "--role", officeA])
        XCTAssertEqual(again, 65)
        XCTAssertEqual(refusal, "jingwu：数据库角色 \(officeA) 没有对应任何警务室，也不是所领导的角色：没有做任何改动\n")
        let (lead, leadOut, _) = run(["station", "revoke", "--role", leadership], lang: "en")
        XCTAssertEqual(lead, 0)
        XCTAssertEqual(leadOut, "Role \(leadership) revoked: no longer the leadership's read-only role, reads nothing\n")
        XCTAssertThrowsError(try connect(as: leadership).exec("SELECT count(*) FROM jingwu.journals"))
        // --print touches nothing and names no password.
        let (printed, sql, _) = run(["station", "revoke", "--role", officeB, "--print"])
        XCTAssertEqual(printed, 0)
        XCTAssertTrue(sql.contains("DELETE FROM jingwu.roles WHERE role_name = '\(officeB)';"), sql)
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.roles WHERE role_name = '\(officeB)'"), 1)
    }

    @Test(.initialisedStation) func test_a_conflict_is_recorded_under_the_office_role_and_seen_by_it_only() throws {
        try setUpStation(aRecords: 20)
        XCTAssertEqual(run(as: officeA, ["sync"], journal: journalPath("a")).0, 0)
        // The journal replaced by another one of the same office and id, shorter: truncated.
        let path = journalPath("a")
        let kept = lines(path).prefix(11)
        try (kept.map { $0 + Data([10]) }.reduce(Data(), +)).write(to: URL(fileURLWithPath: path))
        let (status, _, err) = run(as: officeA, ["sync"], journal: path)
        XCTAssertEqual(status, 65, err)
        XCTAssertTrue(err.contains("东门警务室的日志只到第 10 号，派出所已存至第 20 号"), err)
        XCTAssertEqual(try connect(as: officeA).exec("SELECT count(*) FROM jingwu.conflicts").int(0, 0), 1)
        XCTAssertEqual(try connect(as: officeB).exec("SELECT count(*) FROM jingwu.conflicts").int(0, 0), 0)
        XCTAssertEqual(try connect(as: leadership).exec("SELECT kind FROM jingwu.conflicts").string(0, 0), "truncated")
    }

    @Test(.initialisedStation) func test_the_leadership_reads_every_office_and_writes_nothing() throws {
        try setUpStation()
        XCTAssertEqual(run(as: officeA, ["sync"], journal: journalPath("a")).0, 0)
        XCTAssertEqual(run(as: officeB, ["sync"], journal: journalPath("b")).0, 0)
        let lead = try connect(as: leadership)
        XCTAssertEqual(try lead.exec("SELECT count(*) FROM jingwu.records").int(0, 0), 44)
        XCTAssertEqual(try lead.exec("SELECT string_agg(office, ',' ORDER BY office) FROM jingwu.journals").string(0, 0),
                       "东门警务室,西关警务室")
        let (verified, out, _) = run(as: leadership, ["station", "verify"])
        XCTAssertEqual(verified, 0)
        XCTAssertTrue(out.hasSuffix("复核通过：2 本日志全部完好\n"), out)
        let aJournal = try XCTUnwrap(try lead.exec(
            "SELECT journal_id::text FROM jingwu.journals WHERE office = '东门警务室'").string(0, 0))
        assertRefused(lead, """
            INSERT INTO jingwu.records (journal_id, seq, event_id, office, type, v, at, recorded, by, data, hash, line)
            VALUES ($1::uuid, 999, gen_random_uuid(), '东门警务室', 'NoteAdded', 1, now(), now(), '031245', '{}',
                repeat('0', 64), 'x')
            """, [aJournal])
        assertRefused(lead, "UPDATE jingwu.journals SET last_synced = now()")
        assertRefused(lead, "DELETE FROM jingwu.records")
        assertRefused(lead, """
            INSERT INTO jingwu.conflicts (journal_id, office, kind, first_differing_seq, station_head_seq, station_head_hash,
                office_head_seq, office_head_hash) VALUES ($1::uuid, '东门警务室', 'rewritten', 1, 1, 'x', 1, 'x')
            """, [aJournal])
        assertRefused(lead, "INSERT INTO jingwu.roles (role_name, kind) VALUES ('someone', 'leadership')")
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.records"), 44)
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.conflicts"), 0)
    }

    @Test(.initialisedStation) func test_a_role_with_no_mapping_sees_nothing_even_when_granted_select() throws {
        try setUpStation()
        XCTAssertEqual(run(as: officeA, ["sync"], journal: journalPath("a")).0, 0)
        let stranger = "jw_x_" + UUID().uuidString.prefix(8).lowercased()
        try connect().script("""
            CREATE ROLE \(stranger) LOGIN;
            GRANT USAGE ON SCHEMA jingwu TO \(stranger);
            GRANT SELECT ON jingwu.records, jingwu.journals, jingwu.conflicts, jingwu.roles TO \(stranger)
            """)
        let db = try connect(as: stranger)
        XCTAssertEqual(try db.exec("SELECT count(*) FROM jingwu.records").int(0, 0), 0)
        XCTAssertEqual(try db.exec("SELECT count(*) FROM jingwu.journals").int(0, 0), 0)
        XCTAssertEqual(try db.exec("SELECT count(*) FROM jingwu.roles").int(0, 0), 0)
    }

    @Test(.initialisedStation) func test_grant_refuses_a_second_office_for_a_role_and_prints_sql_without_a_password() throws {
        try setUpStation()
        let before = try connect().exec("SELECT string_agg(role_name || ':' || kind || ':' || coalesce(office, ''), ',' "
            + "ORDER BY role_name) FROM jingwu.roles").string(0, 0)
        let (status, _, err) = run(["station", "grant", "--office", "西关警务室", "--role", officeA])
        XCTAssertEqual(status, 64)
        XCTAssertEqual(err, "jingwu：角色 \(officeA) 已是东门警务室的角色；一个角色只对应一个警务室，没有做任何改动\n用法见 jingwu help\n")
        XCTAssertEqual(run(["station", "grant", "--leadership", officeB]).0, 64)
        XCTAssertEqual(run(["station", "grant", "--office", "东门警务室"]).0, 64)
        XCTAssertEqual(run(["station", "grant", "--office", "东门警务室", "--role", "a\u{7}b"]).0, 64)
        // Granting the same again: unchanged, said so.
        let (same, sameOut, _) = run(["station", "grant", "--office", "东门警务室", "--role", officeA])
        XCTAssertEqual(same, 0)
        XCTAssertEqual(sameOut, "角色 \(officeA) 原已如此设置，已重新授权，别无改动\n")
        let after = try connect().exec("SELECT string_agg(role_name || ':' || kind || ':' || coalesce(office, ''), ',' "
            + "ORDER BY role_name) FROM jingwu.roles").string(0, 0)
        XCTAssertEqual(after, before)
        // An office role may not grant: the server refuses (no CREATEROLE, no INSERT on jingwu.roles).
        let newcomer = "jw_n_" + UUID().uuidString.prefix(8).lowercased()
        let (refused, _, refusal) = run(as: officeA, ["station", "grant", "--leadership", newcomer])
        XCTAssertEqual(refused, 76, refusal)
        XCTAssertTrue(refusal.hasPrefix("jingwu：派出所数据库拒绝了操作（42501）："), refusal)
        XCTAssertEqual(try count("SELECT count(*) FROM pg_roles WHERE rolname = $1", [newcomer]), 0)

        // --print touches nothing and names no password.
        let (printed, sql, _) = run(["station", "grant", "--office", "南'门警务室", "--role", "jw\"odd", "--print"])
        XCTAssertEqual(printed, 0)
        let rows = sql.split(separator: "\n").map(String.init)
        XCTAssertEqual(Array(rows[2...4]), [
            "BEGIN;", "CREATE ROLE \"jw\"\"odd\" LOGIN;",
            "INSERT INTO jingwu.roles (role_name, kind, office) VALUES ('jw\"odd', 'office', '南''门警务室');",
        ])
        XCTAssertFalse(sql.lowercased().contains("password '"), sql)
        XCTAssertEqual(try count("SELECT count(*) FROM pg_roles WHERE rolname = 'jw\"odd'"), 0)
    }

    @Test(.initialisedStation) func test_an_office_roles_sync_dropped_mid_batch_keeps_nothing_of_it_and_the_rerun_completes() throws {
        try setUpStation(aRecords: 30)
        let admin = try connect()
        let db = try connect(as: officeA)
        var options = StationSync.Options()
        options.batchRecords = 10
        // Dropped with the batch in the session's temporary table, before it reaches jingwu.records.
        options.insideBatch = { batch in
            if batch == 2 { try admin.exec("SELECT pg_terminate_backend($1::integer)", [String(db.backendPID)]) }
        }
        XCTAssertThrowsError(try StationSync(db: db, journalPath: journalPath("a"), options: options).run()) { error in
            XCTAssertEqual((error as? StationError)?.exitCode, 75, "\(error)")
        }
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.records"), 10)
        XCTAssertEqual(try count("SELECT head_seq FROM jingwu.journals"), 9)
        let (status, out, err) = run(as: officeA, ["sync", "--json"], journal: journalPath("a"))
        XCTAssertEqual(status, 0, err)
        XCTAssertTrue(out.contains(#""pushed":21"#), out)
        XCTAssertEqual(try stationLines(), lines(journalPath("a")))
    }

    @Test(.initialisedStation) func test_two_syncs_of_one_journal_at_once_as_the_office_role_serialise() throws {
        try setUpStation(aRecords: 400)
        final class Outcomes: @unchecked Sendable {
            let lock = NSLock()
            var pushed: [Int] = []
            var failures: [String] = []
        }
        let outcomes = Outcomes()
        let group = DispatchGroup()
        for _ in 0..<2 {
            group.enter()
            let path = journalPath("a"), url = url(as: officeA)
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
        XCTAssertEqual(try stationLines(), lines(journalPath("a")))
    }

    /// The README's SQL for the roles ("Roles (row-level security)"), run by hand as a DBA would, makes
    /// roles with exactly the privileges `station grant` gives, that work the same; its revoke leaves
    /// the role nothing. Ties the documented SQL to the program's.
    @Test(.initialisedStation) func test_the_readme_s_role_sql_gives_what_station_grant_gives() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let section = try XCTUnwrap(text.range(of: "### Roles (row-level security)"))
        let open = try XCTUnwrap(text.range(of: "```sql\n", range: section.upperBound..<text.endIndex))
        let close = try XCTUnwrap(text.range(of: "```", range: open.upperBound..<text.endIndex))
        // Its three parts, with this test's role names (roles are the cluster's) and office.
        let sql = String(text[open.upperBound..<close.lowerBound])
            .replacingOccurrences(of: "suo_lingdao", with: leadership)
            .replacingOccurrences(of: "dongguan", with: officeA)
            .replacingOccurrences(of: "东关警务室", with: "东门警务室")
        let parts = sql.components(separatedBy: "\n\n")
        XCTAssertEqual(parts.count, 3, sql)
        func statements(_ part: String) -> [String] {
            part.split(separator: "\n").map { line in
                line.range(of: "--").map { String(line[..<$0.lowerBound]) } ?? String(line)
            }.joined(separator: "\n").components(separatedBy: ";").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                .filter { !$0.isEmpty }
        }
        let owner = try connect()
        for statement in statements(parts[0]) + statements(parts[1]) { try owner.exec(statement) }
        // The same office's role made by the program, to compare with.
        try makeJournal("a", office: "东门警务室", count: 20)
        XCTAssertEqual(run(["station", "grant", "--office", "东门警务室", "--role", officeB]).0, 0)
        let privileges = """
            SELECT string_agg(t || ':' || p || '=' || has_table_privilege($1, 'jingwu.' || t, p)::text, ' ' ORDER BY t, p)
            FROM unnest(ARRAY['records', 'journals', 'conflicts', 'roles', 'schema_migrations']) t,
                 unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) p
            """
        let columns = """
            SELECT string_agg(c || '=' || has_column_privilege($1, 'jingwu.journals', c, 'UPDATE')::text, ' ' ORDER BY c)
            FROM unnest(ARRAY['journal_id', 'office', 'station', 'created', 'head_seq', 'head_hash', 'head_offset',
                              'last_synced', 'last_sync_records', 'first_synced']) c
            """
        for query in [privileges, columns] {
            let byHand = try owner.exec(query, [officeA]).string(0, 0)
            XCTAssertEqual(byHand, try owner.exec(query, [officeB]).string(0, 0), query)
        }
        XCTAssertTrue(try owner.exec(privileges, [officeA]).string(0, 0)?.contains("records:INSERT=true") == true)
        // It works as the program's does: the office syncs its own journal, the leadership reads it.
        let (status, out, err) = run(as: officeA, ["sync", "--batch", "6"], journal: journalPath("a"))
        XCTAssertEqual(status, 0, err)
        XCTAssertTrue(out.hasPrefix("已同步东门警务室：新增 21 条记录（分 4 批）"), out)
        let lead = try connect(as: leadership)
        XCTAssertEqual(try lead.exec("SELECT count(*) FROM jingwu.records").int(0, 0), 21)
        assertRefused(lead, "DELETE FROM jingwu.records WHERE seq = 1")
        XCTAssertEqual(try owner.exec(privileges, [leadership]).string(0, 0),
                       try owner.exec(privileges, [officeB]).string(0, 0)?
                           .replacingOccurrences(of: "INSERT=true", with: "INSERT=false"))
        // The README's revoke: the role reads nothing and syncs nothing; what it synced stays.
        for statement in statements(parts[2]) { try owner.exec(statement) }
        let (refused, _, _) = run(as: officeA, ["sync"], journal: journalPath("a"))
        XCTAssertNotEqual(refused, 0)
        XCTAssertThrowsError(try connect(as: officeA).exec("SELECT count(*) FROM jingwu.records"))
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.records"), 21)
    }
}
