import Foundation
import JingwuJournal
import JingwuResources
@testable import JingwuStation
import JingwuTestSupport
import Testing
@testable import JingwuCLI

/// What the station report tests share: the demo station of seven offices (made once per test process
/// and copied for each test), the command line with each test's folders, the reports. Its suites
/// (`StationReportTests`, `StationReportTotalsTests`) run side by side, each test on its own folders
/// and database.
class StationReportFixture: StationTestCase {
    static let now = "2026-11-30T20:00:00+08:00"
    static let kinds = ["coverage", "patrols", "visits", "disputes", "bulletin", "handover", "fraud"]
    static let offices = ["戴花园警务室", "东关警务室", "文化路警务室", "北园警务室", "新华警务室", "铁西警务室", "南湖警务室"]
    static let files = ["daihuayuan", "dongguan", "wenhualu", "beiyuan", "xinhua", "tiexi", "nanhu"]

    var demo: String { dir + "/demo" }
    var cache: String { dir + "/cache" }

    /// The command line with this test's folders for the key, the cache and the PIN of every demo operator.
    func cli(_ args: [String], journal: String? = nil, lang: String = "zh",
             environment extra: [String: String] = [:]) -> (Int32, String, String) {
        let output = CapturedOutput()
        var environment = ["JINGWU_STATION_DB": dbURL, "XDG_CONFIG_HOME": dir + "/config", "XDG_CACHE_HOME": dir + "/xdg-cache",
                           "HOME": dir, "JINGWU_PIN": "123456"]
        environment.merge(extra) { $1 }
        var all = args + ["--lang", lang, "--now", Self.now]
        if let journal { all += ["--journal", journal] }
        let status = CLI.run(all, environment: environment, output: output)
        return (status, output.stdout, output.stderr)
    }

    func officePath(_ index: Int) -> String { demo + "/" + Self.files[index] + ".jsonl" }
    func badge(_ index: Int) -> String { "03\(index + 1)2" + String(format: "%02d", 45 + index) }

    /// The station's seven offices, `days` days each, one journal each.
    func makeDemo(days: Int) throws {
        let (status, out, err) = cli(["demo", "--scale", "station", "--days", String(days), "--out", demo])
        XCTAssertEqual(status, 0, err)
        XCTAssertTrue(out.contains("已生成城关派出所的 7 个警务室演示日志"), out)
        // No command of the generator refused (it would say so on stderr).
        XCTAssertEqual(err, "")
    }

    /// The station demo of `days` days, made once per test process (as `demo --scale station --out`
    /// makes it, in a folder of its own with a checkpoint key of its own beside it) and shared:
    /// each test copies the seven journals and their checkpoints into its own folder, and the key
    /// into its own configuration, so that its office commands open each journal from its
    /// checkpoint as they open the demo's own (`makeDemo`'s) — not by folding it again for every
    /// report. Without the communities' registers (~6,000 records an office, whatever the days),
    /// which none of these reports reads; `makeDemo`'s journals, synced whole, have them.
    nonisolated(unsafe) static var madeDemos: [Int: String] = [:]

    /// Held while the shared demo is looked up or made: the fixture's suites run side by side.
    static let demosLock = NSLock()

    func copyDemo(days: Int) throws {
        let shared: String
        Self.demosLock.lock()
        defer { Self.demosLock.unlock() }
        if let made = Self.madeDemos[days] {
            shared = made
        } else {
            shared = NSTemporaryDirectory() + "jingwu-station-demo-\(getpid())-d\(days)"
            try? FileManager.default.removeItem(atPath: shared)
            try? FileManager.default.removeItem(atPath: shared + "-config")
            let output = CapturedOutput()
            let context = CommandContext(global: GlobalOptions(), strings: Strings(.zh),
                                         clock: FixedClock(RFC3339.parse(Self.now)!),
                                         environment: ["XDG_CONFIG_HOME": shared + "-config", "HOME": dir], output: output)
            XCTAssertEqual(try DemoCommands.runStation(context, folder: shared, days: days, seed: 1, registers: false), 0,
                           output.stderr)
            XCTAssertEqual(output.stderr, "")
            Self.madeDemos[days] = shared
            atexit {
                for folder in StationReportFixture.madeDemos.values {
                    try? FileManager.default.removeItem(atPath: folder)
                    try? FileManager.default.removeItem(atPath: folder + "-config")
                }
            }
        }
        try FileManager.default.createDirectory(atPath: demo, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        for (index, file) in Self.files.enumerated() {
            try FileManager.default.copyItem(atPath: shared + "/" + file + ".jsonl", toPath: officePath(index))
            try FileManager.default.copyItem(atPath: shared + "/" + file + ".jsonl.checkpoint", toPath: officePath(index) + ".checkpoint")
        }
        let keyFolder = dir + "/config/jingwu"
        try FileManager.default.createDirectory(atPath: keyFolder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        try FileManager.default.copyItem(atPath: shared + "-config/jingwu/checkpoint.key", toPath: keyFolder + "/checkpoint.key")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyFolder + "/checkpoint.key")
    }

    /// The station's seven offices, `days` days each, synced (`fresh`: made by this test's own `demo`,
    /// synced onto the schema the test starts with, `.initialisedStation`).
    ///
    /// Not fresh, the station is the shared demo's (`copyDemo`) as `station init` and `sync` of each
    /// of its seven journals leave it, made once per test process in a template database and copied
    /// by the server for each test (`TestPostgres.freshDatabase(_:copying:prepare:)`): the same
    /// rows as this test's own init and syncs would write, the copies' journals being the same bytes.
    func makeStation(days: Int = 4, fresh: Bool = false) throws {
        if fresh {
            XCTAssertTrue(startsInitialised, "a test calling makeStation(fresh: true) is marked @Test(.initialisedStation)")
            try makeDemo(days: days)
            for i in 0..<7 {
                let (synced, _, syncErr) = cli(["sync"], journal: officePath(i))
                XCTAssertEqual(synced, 0, syncErr)
            }
            return
        }
        try copyDemo(days: days)
        dbURL = try TestPostgres.freshDatabase(databaseName, copying: "jw_template_station_demo_d\(days)") { template in
            let station = ["JINGWU_STATION_DB": template]
            XCTAssertEqual(cli(["station", "init"], environment: station).0, 0)
            for i in 0..<7 {
                let (synced, _, syncErr) = cli(["sync"], journal: officePath(i), environment: station)
                XCTAssertEqual(synced, 0, syncErr)
            }
        }
    }

    func stationReport(_ kind: String, _ options: [String] = [], office: String? = nil) -> (Int32, String, String) {
        cli(["station", "report", kind, "--cache", cache] + (office.map { ["--office", $0] } ?? []) + options)
    }

    func officeReport(_ kind: String, _ index: Int, _ options: [String] = []) -> (Int32, String, String) {
        cli(["report", kind, "--as", badge(index)] + options, journal: officePath(index))
    }

    /// Whether a journal's `bytes` (text, no NUL) hold `text`'s UTF-8 bytes: C's strstr over megabytes,
    /// where `String.contains` through Foundation took a tenth of this class's time.
    func holds(_ bytes: Data, _ text: String) -> Bool {
        var haystack = [UInt8](bytes)
        XCTAssertNil(memchr(haystack, 0, haystack.count), "a NUL in the journal")
        haystack.append(0)
        return haystack.withUnsafeBufferPointer { h in
            text.withCString { strstr(UnsafeRawPointer(h.baseAddress!).assumingMemoryBound(to: CChar.self), $0) != nil }
        }
    }
}

/// `station report …` against the real server: the demo's station (one journal per office,
/// `demo --scale station --out`) synced, and each office's report taken from the station equal,
/// byte for byte, to the office's own; the local copy refreshed incrementally and never trusted
/// when it does not match the station.
@Suite(.serialized) final class StationReportTests: StationReportFixture {
    @Test(.initialisedStation) func test_the_station_demo_writes_one_journal_per_office_with_its_own_people() throws {
        try makeStation(days: 2, fresh: true)
        var ids: Set<String> = []
        for i in 0..<7 {
            let header = try FileJournal(path: officePath(i)).header
            XCTAssertEqual(header.station, "城关派出所")
            XCTAssertEqual(header.office, Self.offices[i])
            ids.insert(header.journalID.uuidString)
            // Each office's own community officer keys in its roster (badges unique across the station).
            let text = try XCTUnwrap(FileManager.default.contents(atPath: officePath(i)))
            XCTAssertTrue(holds(text, "\"badge\":\"" + badge(i) + "\""), Self.offices[i])
            XCTAssertTrue(holds(text, "\"by\":\"" + badge(i) + "\""), Self.offices[i])
            XCTAssertTrue(holds(text, ["戴花园社区", "东关社区", "文化路社区", "北园社区", "新华社区", "铁西社区", "南湖社区"][i]))
            if i > 0 { XCTAssertFalse(holds(text, "\"badge\":\"" + badge(0) + "\""), Self.offices[i]) }
        }
        XCTAssertEqual(ids.count, 7)
        XCTAssertEqual(try count("SELECT count(DISTINCT office) FROM jingwu.journals"), 7)
        // Refused without writing: the journals are there already.
        let (again, _, err) = cli(["demo", "--scale", "station", "--days", "2", "--out", demo])
        XCTAssertEqual(again, 73, err)
        XCTAssertEqual(cli(["demo", "--scale", "office", "--out", dir + "/other"]).0, 64)
    }

    /// The acceptance line: for every kind and every office, the station's report of that office
    /// is the office's own `report … --format json`, byte for byte.
    @Test func test_a_station_report_for_one_office_equals_the_offices_own_report_for_every_kind() throws {
        // Three days (the demo `test_across_offices…` shares): the --from/--to window below lies within them.
        try makeStation(days: 3)
        for kind in Self.kinds {
            for i in 0..<7 {
                // The station's first: an office report that names key persons records the access in the office journal.
                let station = stationReport(kind, ["--format", "json", "--as", badge(i)], office: Self.offices[i])
                let office = officeReport(kind, i, ["--format", "json"])
                XCTAssertEqual(station.0, 0, station.2)
                XCTAssertEqual(office.0, 0, office.2)
                XCTAssertTrue(station.1.hasPrefix("{\"report\":\"\(kind)\""), station.1)
                XCTAssertEqual(station.1, office.1, "\(kind) \(Self.offices[i])")
            }
        }
        // Every format, and the period options, for one office.
        for format in ["text", "md", "csv", "html", "json"] {
            for period in [[], ["--period", "month"], ["--from", "2026-11-28 08:00", "--to", "2026-11-30 08:00"]] {
                let station = stationReport("patrols", ["--format", format] + period, office: "东关警务室")
                let office = officeReport("patrols", 1, ["--format", format] + period)
                XCTAssertEqual(station.0, 0, station.2)
                XCTAssertEqual(station.1, office.1, "\(format) \(period)")
            }
        }
        // A journal id's start names the office too.
        let id = try FileJournal(path: officePath(3)).header.journalID.uuidString.lowercased()
        XCTAssertEqual(stationReport("bulletin", ["--json"], office: String(id.prefix(8))).1,
                       officeReport("bulletin", 3, ["--format", "json"]).1)
    }

    @Test func test_across_offices_each_office_has_its_row_and_the_station_its_totals() throws {
        // Three days (on two, the fraud report's completion rate is 1 in some office, and this
        // test's JSON reading takes a rate of 1 for a count to be summed).
        try makeStation(days: 3)
        for kind in ["patrols", "bulletin", "fraud"] {
            let (status, out, err) = stationReport(kind, ["--format", "json"])
            XCTAssertEqual(status, 0, err)
            let all = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
            let totals = try XCTUnwrap(all["figures"] as? [String: Any])
            let sections = try XCTUnwrap(all["sections"] as? [String: [[String: Any]]])
            let rows = try XCTUnwrap(sections["offices"])
            XCTAssertEqual(rows.count, 8)
            // By office name (as `station status` lists them), the station's totals last.
            let order = rows.prefix(7).compactMap { $0["office"] as? String }
            XCTAssertEqual(order, Self.offices.sorted())
            XCTAssertTrue(rows[7]["office"] is NSNull)
            var summed: [String: Int] = [:]
            var officeRows: [String: Int] = [:]
            for (row, name) in order.enumerated() {
                let i = try XCTUnwrap(Self.offices.firstIndex(of: name))
                let own = try XCTUnwrap(JSONSerialization.jsonObject(
                    with: Data(officeReport(kind, i, ["--format", "json"]).1.utf8)) as? [String: Any])
                for (key, value) in own["figures"] as? [String: Any] ?? [:] {
                    // The office's figures are its row, exactly.
                    XCTAssertEqual("\(rows[row][key] ?? "absent")", "\(value)", "\(kind) \(name) \(key)")
                    if let n = value as? Int { summed[key, default: 0] += n }
                }
                for (key, table) in own["sections"] as? [String: [Any]] ?? [:] { officeRows[key, default: 0] += table.count }
            }
            XCTAssertFalse(summed.isEmpty, kind)
            for (key, sum) in summed {
                XCTAssertEqual(totals[key] as? Int, sum, "\(kind) total \(key)")
                XCTAssertEqual(rows[7][key] as? Int, sum, "\(kind) totals row \(key)")
            }
            for (key, count) in officeRows {
                XCTAssertEqual(sections[key]?.count, count, "\(kind) section \(key)")
            }
        }
        // The text names each office and the station's total.
        let (_, text, _) = stationReport("bulletin")
        for office in Self.offices { XCTAssertTrue(text.contains(office), office) }
        XCTAssertTrue(text.contains("派出所合计"), text)
        XCTAssertTrue(text.hasPrefix("城关派出所 各警务室（7 个） · 警情公告（近 7 天）\n"), text)
    }

    /// Synced in two steps: the copy takes only what follows its head, and the checkpoint beside it
    /// is at the station's head after each report (a warm report folds nothing old).
    @Test(.initialisedStation) func test_the_local_copy_follows_the_station_with_only_the_new_records() throws {
        try copyDemo(days: 3)
        let full = officePath(0)
        let lines = self.lines(full)
        // A first part of the same journal (same id), synced first.
        let part = dir + "/part.jsonl"
        let half = lines.count / 2
        try Data(lines.prefix(half).map { $0 + Data([10]) }.joined()).write(to: URL(fileURLWithPath: part))
        XCTAssertEqual(cli(["sync"], journal: part).0, 0)
        XCTAssertEqual(stationReport("bulletin").0, 0)
        let id = try FileJournal(path: full).header.journalID.uuidString.lowercased()
        let copy = cache + "/" + id + "/journal.jsonl"
        XCTAssertEqual(FileManager.default.contents(atPath: copy), FileManager.default.contents(atPath: part))

        XCTAssertEqual(cli(["sync"], journal: full).0, 0)
        let db = try connect()
        let store = StationCache(root: cache)
        let head = try XCTUnwrap(StationCache.journals(db).first)
        XCTAssertEqual(head.headSeq, Int64(lines.count - 1))
        let refreshed = try store.locked(head) { try store.refresh(db, head) }
        XCTAssertEqual(refreshed, StationCacheRefresh(path: copy, fetched: lines.count - half, rebuilt: false))
        XCTAssertEqual(FileManager.default.contents(atPath: copy), FileManager.default.contents(atPath: full))

        let (status, out, err) = cli(["station", "report", "patrols", "--cache", cache, "--json"])
        XCTAssertEqual(status, 0, err)
        XCTAssertEqual(out, officeReport("patrols", 0, ["--format", "json"]).1)
        // The checkpoint beside the copy, under the installation's key, is at the station's head.
        let key = try XCTUnwrap(CheckpointKey.load(environment: ["XDG_CONFIG_HOME": dir + "/config"], journalPath: copy))
        let header = try XCTUnwrap(CheckpointFile.readHeader(path: copy + ".checkpoint", key: key))
        XCTAssertEqual(header.seq, UInt64(lines.count - 1))
        XCTAssertEqual(header.hash, head.headHash)
        // Nothing new: nothing fetched, nothing made again.
        XCTAssertEqual(try store.locked(head) { try store.refresh(db, head) },
                       StationCacheRefresh(path: copy, fetched: 0, rebuilt: false))
        XCTAssertEqual(try store.locked(head) { try store.refresh(db, head, rebuild: true) },
                       StationCacheRefresh(path: copy, fetched: lines.count, rebuilt: true))
        XCTAssertFalse(FileManager.default.fileExists(atPath: copy + ".checkpoint"))
    }

    /// Rewrites record `seq` of the file at `path` by `change`, recomputing the chain from it on
    /// (the file then verifies as a journal on its own).
    func rewrite(_ path: String, seq: Int, _ change: (String) -> String) throws {
        var all = lines(path)
        all[seq] = Data(change(String(decoding: all[seq], as: UTF8.self)).utf8)
        let checker = ChainChecker()
        var out = Data()
        for (i, line) in all.enumerated() {
            var bytes = [UInt8](line)
            if i >= seq {
                let expected = try XCTUnwrap(bytes.withUnsafeBytes { checker.expectedHash($0) })
                bytes.replaceSubrange((bytes.count - 66)..<(bytes.count - 2), with: Array(expected.utf8))
            }
            XCTAssertTrue(bytes.withUnsafeBytes { checker.accept($0) })
            out.append(contentsOf: bytes)
            out.append(10)
        }
        try out.write(to: URL(fileURLWithPath: path))
    }

    /// The copy is a file anyone with the folder can write: a rewritten copy (chain recomputed,
    /// with or without its checkpoint), one cut short, one with a torn last line, and a checkpoint
    /// of garbage or of another office are each found and replaced, and the report is the office's.
    @Test func test_a_tampered_local_copy_is_never_believed() throws {
        try makeStation(days: 3)
        let expected = officeReport("bulletin", 1, ["--format", "text"]).1
        XCTAssertTrue(expected.contains("城关派出所 东关警务室"), expected)
        func report() -> String {
            let (status, out, err) = stationReport("bulletin", ["--format", "text", "--as", badge(1)], office: "东关警务室")
            XCTAssertEqual(status, 0, err)
            return out
        }
        XCTAssertEqual(report(), expected)
        let id = try FileJournal(path: officePath(1)).header.journalID.uuidString.lowercased()
        let copy = cache + "/" + id + "/journal.jsonl"
        let checkpoint = copy + ".checkpoint"
        XCTAssertTrue(FileManager.default.fileExists(atPath: checkpoint))

        // The header's office renamed, the chain recomputed: the heading would say so if believed.
        try rewrite(copy, seq: 0) { $0.replacingOccurrences(of: "东关警务室", with: "西关警务室") }
        XCTAssertEqual(report(), expected)
        try rewrite(copy, seq: 0) { $0.replacingOccurrences(of: "东关警务室", with: "西关警务室") }
        try FileManager.default.removeItem(atPath: checkpoint)
        XCTAssertEqual(report(), expected)

        // Cut short at a record, and torn in the middle of one.
        let whole = try XCTUnwrap(FileManager.default.contents(atPath: copy))
        let cut = lines(copy).prefix(40).map { $0 + Data([10]) }.joined()
        try Data(cut).write(to: URL(fileURLWithPath: copy))
        XCTAssertEqual(report(), expected)
        try Data(whole.prefix(whole.count - 30)).write(to: URL(fileURLWithPath: copy))
        XCTAssertEqual(report(), expected)
        XCTAssertEqual(FileManager.default.contents(atPath: copy), whole)

        // A checkpoint of garbage, then another office's (authentic, but of another journal).
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: checkpoint))
        XCTAssertEqual(report(), expected)
        XCTAssertEqual(stationReport("bulletin", ["--format", "json"], office: "北园警务室").0, 0)
        let other = try FileJournal(path: officePath(3)).header.journalID.uuidString.lowercased()
        try FileManager.default.removeItem(atPath: checkpoint)
        try FileManager.default.copyItem(atPath: cache + "/" + other + "/journal.jsonl.checkpoint", toPath: checkpoint)
        XCTAssertEqual(report(), expected)
        // The other office's whole copy put in its place.
        try FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: cache + "/" + other + "/journal.jsonl", toPath: copy)
        XCTAssertEqual(report(), expected)
    }

    /// Under the station's roles (row-level security): the leadership's report is the owner's; an
    /// office role's report holds its own office only, and names no other.
    @Test func test_roles_the_leadership_reports_every_office_an_office_role_its_own() throws {
        try makeStation(days: 3)
        let tag = UUID().uuidString.prefix(8).lowercased()
        let office = "jw_rep_o_\(tag)", leadership = "jw_rep_l_\(tag)"
        XCTAssertEqual(cli(["station", "grant", "--office", "东关警务室", "--role", office]).0, 0)
        XCTAssertEqual(cli(["station", "grant", "--leadership", leadership]).0, 0)
        func url(_ role: String) -> String { TestPostgres.url(dbURL, database: databaseName, user: role) }
        let owner = stationReport("bulletin", ["--format", "json"])
        XCTAssertEqual(owner.0, 0, owner.2)
        let lead = cli(["station", "report", "bulletin", "--cache", dir + "/lead-cache", "--format", "json"],
                       environment: ["JINGWU_STATION_DB": url(leadership)])
        XCTAssertEqual(lead.0, 0, lead.2)
        XCTAssertEqual(lead.1, owner.1)
        let own = cli(["station", "report", "bulletin", "--cache", dir + "/office-cache", "--format", "json"],
                      environment: ["JINGWU_STATION_DB": url(office)])
        XCTAssertEqual(own.0, 0, own.2)
        XCTAssertEqual(own.1, officeReport("bulletin", 1, ["--format", "json"]).1)
        let other = cli(["station", "report", "bulletin", "--cache", dir + "/office-cache", "--office", "北园警务室"],
                        environment: ["JINGWU_STATION_DB": url(office)])
        XCTAssertEqual(other.0, 66, other.2)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/office-cache").count, 1)
    }

    @Test(.initialisedStation) func test_an_office_the_station_does_not_hold_is_named_and_nothing_is_made() throws {
        let (status, out, err) = stationReport("patrols")
        XCTAssertEqual(status, 66)
        XCTAssertEqual(out, "")
        XCTAssertTrue(err.hasPrefix("jingwu：派出所数据库 "), err)
        XCTAssertTrue(err.contains("中还没有任何警务室的记录：请先在各警务室运行 jingwu sync"), err)
        try makeStation(days: 3)
        let (missing, _, missingErr) = stationReport("patrols", office: "西关警务室")
        XCTAssertEqual(missing, 66)
        XCTAssertTrue(missingErr.contains("中没有“西关警务室”的日志记录"), missingErr)
        let (english, _, englishErr) = cli(["station", "report", "patrols", "--cache", cache, "--office", "West Gate"], lang: "en")
        XCTAssertEqual(english, 66)
        XCTAssertTrue(englishErr.contains("holds no records of \"West Gate\""), englishErr)
        // Nothing was fetched, so no local copy was begun.
        XCTAssertFalse(FileManager.default.fileExists(atPath: cache))
        let (bad, _, badErr) = stationReport("patrols", ["--format", "pdf"])
        XCTAssertEqual(bad, 64, badErr)
    }
}
