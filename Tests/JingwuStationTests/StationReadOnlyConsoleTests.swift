import Foundation
@testable import JingwuConsole
import JingwuDomain
import JingwuJournal
import JingwuResources
@testable import JingwuStation
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuCLI

/// Issue 18: the read-only console on one office's records fetched from the station
/// (`jingwu --station URL --office X`), on a virtual 80×24 screen, whole rows compared.
@Suite(.serialized) final class StationReadOnlyConsoleTests: StationTestCase {
    static let now = "2026-05-04T15:00:00+08:00"
    var leadership = ""
    var office = ""

    /// The demo office's journal (two days) as `jingwu demo` writes it, made once per test process
    /// (the same seed and --now give the same bytes) and copied, with its checkpoint, for each test.
    nonisolated(unsafe) static var demoFolder: String?

    /// The demo office's journal, made once per test process (see `demoFolder`).
    static func demoJournal() throws -> String {
        if demoFolder == nil {
            let folder = NSTemporaryDirectory() + "jingwu-readonly-demo-\(getpid())"
            try? FileManager.default.removeItem(atPath: folder)
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            let output = CapturedOutput()
            XCTAssertEqual(CLI.run(["demo", "--days", "2", "--journal", folder + "/office.jsonl", "--now", now],
                                   environment: [:], output: output), 0, output.stderr)
            demoFolder = folder
            atexit { if let folder = StationReadOnlyConsoleTests.demoFolder { try? FileManager.default.removeItem(atPath: folder) } }
        }
        return demoFolder! + "/office.jsonl"
    }

    /// The station as `station init` and the office's `sync` leave it: the same for every test, so
    /// made once per test process in a template database (by those commands, on the demo's journal,
    /// which `sync` only reads) and copied by the server for each test.
    override func makeDatabase() throws -> String {
        let made = try Self.demoJournal()
        return try TestPostgres.freshDatabase(databaseName, copying: "jw_template_readonly_office") { template in
            for command in [["station", "init"], ["sync"]] {
                let output = CapturedOutput()
                XCTAssertEqual(CLI.run(command + ["--journal", made, "--lang", "zh"], environment: ["JINGWU_STATION_DB": template],
                                       output: output), 0, "\(command) \(output.stderr)")
            }
        }
    }

    /// A demo office's journal (two days), synced to the station by the owner (`makeDatabase`); a leadership role.
    override init() throws {
        try super.init()
        leadership = "jw_lead_" + UUID().uuidString.prefix(8).lowercased()
        let made = try Self.demoJournal()
        try FileManager.default.copyItem(atPath: made, toPath: journalPath())
        if FileManager.default.fileExists(atPath: made + ".checkpoint") {
            try FileManager.default.copyItem(atPath: made + ".checkpoint", toPath: journalPath() + ".checkpoint")
        }
        office = try FileJournal(path: journalPath()).header.office
        XCTAssertEqual(run(["station", "grant", "--leadership", leadership]).0, 0)
    }

    var leadershipURL: String { TestPostgres.url(dbURL, database: databaseName, user: leadership) }

    /// This test's folders for the station cache and the checkpoint key.
    var environment: [String: String] { ["XDG_CACHE_HOME": dir + "/cache", "XDG_CONFIG_HOME": dir + "/config", "HOME": dir] }

    func context(_ language: Language = .zh) -> CommandContext {
        CommandContext(global: GlobalOptions(), strings: Strings(language), clock: FixedClock(RFC3339.parse(Self.now)!),
                       environment: environment, output: CapturedOutput())
    }

    /// The console on the fetched copy, as `Console.run` makes it, on a virtual screen.
    func open(_ language: Language = .zh) throws -> (StationRoleCommands.Copy, ConsoleApp, VirtualScreen) {
        let copy = try StationRoleCommands.fetchCopy(context(language), url: leadershipURL, office: office)
        XCTAssertNil(copy.folder, "the station cache's copy, not a temporary one")
        let app = Console.makeApp(office: copy.office, strings: Strings(language), explicitOperator: nil,
                                  notices: [copy.notice], readOnlyCopy: copy.refusal)
        let screen = VirtualScreen(rows: 24, columns: 80)
        app.render(into: screen)
        return (copy, app, screen)
    }

    /// The screen's rows, each whole but for the padding after its last character.
    func trimmed(_ screen: VirtualScreen) -> [String] {
        screen.rows().map { String($0.reversed().drop { $0 == " " }.reversed()) }
    }

    func press(_ app: ConsoleApp, _ screen: VirtualScreen, _ keys: Key...) {
        screen.feed(keys)
        app.run(on: screen, stopWhenIdle: true)
    }

    @Test func test_the_copy_holds_the_offices_lines_byte_for_byte_and_opens_read_only() throws {
        let (copy, app, screen) = try open()
        XCTAssertEqual(FileManager.default.contents(atPath: copy.fetched.path), FileManager.default.contents(atPath: journalPath()))
        XCTAssertTrue(copy.office.journal.isReadOnly)
        let head = try FileJournal(path: journalPath()).headSeq
        XCTAssertEqual(copy.office.journal.headSeq, head)
        let rows = trimmed(screen)
        XCTAssertEqual(rows[0], " 花园派出所  戴花园警务室  【只读】  值班：汪梓              S0003  05-04 15:00")
        // One notice over two rows (where it wraps depends on the record count's digits and the time's).
        let notice = "! 只读：派出所所存戴花园警务室的记录，存至第 \(head) 号，最后同步 \(copy.fetched.lastSynced)；所有录入键均不可用"
        XCTAssertEqual(Array(rows[2...3]), TextWidth.wrapWords(notice, width: 78).map { " " + $0 })
        XCTAssertTrue(rows[2].hasPrefix(" ! 只读：派出所所存戴花园警务室的记录，存至第 \(head) 号，最后同步 "), rows[2])
        XCTAssertEqual(head, 6810)
        // No badge on the title, no sign-in asked: the station's database role is the access control.
        XCTAssertNil(app.session.operatorBadge)
        XCTAssertFalse(app.gate.isLocked)
    }

    @Test func test_a_recording_key_is_refused_on_the_message_line_and_absent_from_the_hints() throws {
        let (copy, app, screen) = try open()
        let before = FileManager.default.contents(atPath: copy.fetched.path)
        press(app, screen, .character("2"))
        // 新巡逻, 签到, 隐患, 盘查, 结束, 补录: not offered.
        XCTAssertEqual(trimmed(screen)[23], "F1 帮助  t 时间线  o 未整改隐患  / 查找  # 跳到编号  q 退出")
        // Nor the check-in line under an active patrol's timeline.
        XCTAssertFalse(screen.text.contains("签到点位>"), screen.text)
        press(app, screen, .character("n"))
        let rows = trimmed(screen)
        XCTAssertEqual(rows[21], " 这是派出所所存戴花园警务室记录的只读副本（供所领导审阅），不能录入；没有写入任")
        XCTAssertEqual(rows[22], " 何记录")
        XCTAssertFalse(app.currentScreen.capturesText, "no form opened")
        // The journal tab: its status says what the copy is; the verify key works on it.
        press(app, screen, .character("8"))
        XCTAssertEqual(trimmed(screen)[2], "校验：派出所所存记录的只读副本，取回时已逐条校验，可查询、不能录入  记录 6811 …")
        // 作废, 更正, 撤回: not offered (the screen offers them by role, and nobody may write here).
        XCTAssertEqual(trimmed(screen)[23], "F1 帮助  Enter 详情  / 筛选  c 清除筛选  v 校验  # 跳到编号  q 退出")
        press(app, screen, .character("d"), .character("m"))
        XCTAssertFalse(app.currentScreen.capturesText, "no form opened")
        // Looking still works: the verify key re-checks the copy.
        press(app, screen, .character("v"))
        XCTAssertEqual(trimmed(screen)[22], " 校验：完好，6811 条记录逐条通过（15:00）")
        // A write that comes another way is refused by the copy's journal: nothing written.
        XCTAssertThrowsError(try copy.office.journal.append { _ in
            [EventDraft(type: "NoteAdded", at: Date(), by: "F101", data: Data(#"{"text":"不该写入"}"#.utf8))]
        }) { error in
            XCTAssertEqual(error as? StationCopyRefusal, StationCopyRefusal(office: "戴花园警务室"))
        }
        XCTAssertEqual(FileManager.default.contents(atPath: copy.fetched.path), before)
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.records"), Int64(try FileJournal(path: journalPath()).headSeq) + 1)
    }

    @Test func test_english_title_and_refusal() throws {
        let (_, app, screen) = try open(.en)
        XCTAssertEqual(trimmed(screen)[0], " 花园派出所  戴花园警务室  [READ-ONLY]  On duty: 汪梓        S0003  05-04 15:00")
        press(app, screen, .character("2"), .character("n"))
        XCTAssertEqual(trimmed(screen)[21], " This is the station's read-only copy of the records of 戴花园警务室 (for the")
        XCTAssertEqual(trimmed(screen)[22], " leadership's review): nothing can be recorded here; nothing was written")
    }

    /// The copy is the station report's local copy: a second start fetches nothing and opens from
    /// its checkpoint; records synced since are fetched alone and folded after it.
    @Test func test_a_second_start_opens_the_kept_copy_from_its_checkpoint_and_fetches_only_what_is_new() throws {
        let first = try StationRoleCommands.fetchCopy(context(), url: leadershipURL, office: office)
        let head = first.office.journal.headSeq
        XCTAssertTrue(first.fetched.path.hasPrefix(dir + "/cache/jingwu/station/"), first.fetched.path)
        XCTAssertTrue(FileManager.default.fileExists(atPath: CheckpointFile.path(forJournal: first.fetched.path)))
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: first.fetched.path))

        let second = try StationRoleCommands.fetchCopy(context(), url: leadershipURL, office: office)
        XCTAssertEqual(second.office.checkpointUse, .loaded(seq: head, replayed: 0))
        XCTAssertEqual(FileManager.default.contents(atPath: second.fetched.path), bytes)
        XCTAssertEqual(second.office.state.patrols.count, first.office.state.patrols.count)
        XCTAssertTrue(second.office.journal.isReadOnly)

        // The office goes on: three more records, synced; the next start has them.
        let output = CapturedOutput()
        for cell in ["C01", "C02", "C03"] {
            let status = CLI.run(["cell", "add", "--code", cell + "X", "--name", "新网格" + cell, "--community", "戴花园社区", "--kind", "compound", "--journal", journalPath(),
                                  "--as", "031245", "--now", Self.now], environment: ["JINGWU_PIN": "123456"], output: output)
            XCTAssertEqual(status, 0, output.stderr)
        }
        XCTAssertEqual(run(["sync"]).0, 0)
        let third = try StationRoleCommands.fetchCopy(context(), url: leadershipURL, office: office)
        XCTAssertEqual(third.office.journal.headSeq, head + 3)
        XCTAssertEqual(third.office.checkpointUse, .loaded(seq: head, replayed: 3))
        XCTAssertEqual(FileManager.default.contents(atPath: third.fetched.path), FileManager.default.contents(atPath: journalPath()))
        XCTAssertNotNil(third.office.state.cells.cell("C03X"))
        XCTAssertThrowsError(try third.office.journal.append { _ in [] })
    }

    @Test func test_an_office_role_cannot_open_another_office_and_a_broken_chain_is_refused() throws {
        let other = "jw_o_" + UUID().uuidString.prefix(8).lowercased()
        XCTAssertEqual(run(["station", "grant", "--office", "西关警务室", "--role", other]).0, 0)
        let output = CapturedOutput()
        let status = CLI.run(["--station", TestPostgres.url(dbURL, database: databaseName, user: other), "--office", office],
                             environment: environment, output: output)
        XCTAssertEqual(status, 66)
        XCTAssertEqual(output.stderr, "jingwu：派出所数据库中没有戴花园警务室的记录（或本角色无权查看）："
            + "请核对警务室名称，或先在该室运行 jingwu sync\n")
        // Only one of --station and --office: usage.
        XCTAssertEqual(CLI.run(["--station", leadershipURL], environment: [:], output: CapturedOutput()), 64)

        // A stored line altered at the station (a superuser lifting the trigger): the copy is refused.
        let db = try connect()
        try db.script("ALTER TABLE jingwu.records DISABLE TRIGGER records_append_only")
        try db.exec("UPDATE jingwu.records SET line = overlay(line PLACING '9'::bytea FROM 10 FOR 1) WHERE seq = 7")
        try db.script("ALTER TABLE jingwu.records ENABLE TRIGGER records_append_only")
        XCTAssertThrowsError(try StationRoleCommands.fetchCopy(context(), url: leadershipURL, office: office)) { error in
            XCTAssertEqual(error as? StationCopyError, .chainBroken(office: "戴花园警务室", seq: 7))
        }
        let broken = CapturedOutput()
        XCTAssertEqual(CLI.run(["--station", leadershipURL, "--office", office], environment: environment, output: broken), 1)
        XCTAssertEqual(broken.stderr, "jingwu：派出所所存戴花园警务室的记录在第 7 号处校验不通过，不能打开：请运行 jingwu station verify\n")
    }

    /// Every key every tab offers, pressed on the copy: none opens a recording form or writes. A key that
    /// opens something to type into is one of the looking ones (filters, periods, an export's file name);
    /// a recording key says why not, on the message line.
    @Test func test_no_key_on_any_tab_opens_a_recording_form() throws {
        let (copy, app, screen) = try open()
        let before = FileManager.default.contents(atPath: copy.fetched.path)
        let looking: Set<String> = ["filter", "period", "range", "export", "timeline", "view", "open", "detail", "review",
                                    "history", "hazards", "incidents", "fraud", "jump"]
        var refused = 0
        for tab in ConsoleTab.allCases {
            let digit = Character(String(tab.rawValue))
            press(app, screen, .character(digit))
            XCTAssertEqual(app.current, tab)
            for binding in app.currentScreen.keys(app.session).bindings {
                guard let key = binding.keys.first, binding.action.name != "move", binding.action.name != "scroll" else { continue }
                app.session.message = nil
                press(app, screen, key)
                let name = binding.action.name
                if ReadOnlyCopyKeys.isRecording(binding.action, on: tab) {
                    XCTAssertEqual(app.session.message?.text, copy.refusal, "\(tab) \(name)")
                    refused += 1
                }
                if app.currentScreen.capturesText {
                    XCTAssertTrue(looking.contains(name), "\(tab): \(name) opened a form on the read-only copy")
                }
                press(app, screen, .escape, .escape)
                if app.current != tab { press(app, screen, .character(digit)) }
            }
        }
        XCTAssertGreaterThan(refused, 10)
        XCTAssertEqual(FileManager.default.contents(atPath: copy.fetched.path), before)
    }

    // MARK: the refresh while open (StationCopyFeed)

    /// Three more cells at the office, synced: the refresh started with the console (its interval an hour
    /// here: one round asked for) fetches them into the copy's file and the next tick folds them.
    func addCellsAndSync(_ codes: [String]) throws {
        let output = CapturedOutput()
        for cell in codes {
            let status = CLI.run(["cell", "add", "--code", cell, "--name", "新网格" + cell, "--community", "戴花园社区",
                                  "--kind", "compound", "--journal", journalPath(), "--as", "031245", "--now", Self.now],
                                 environment: ["JINGWU_PIN": "123456"], output: output)
            XCTAssertEqual(status, 0, output.stderr)
        }
        XCTAssertEqual(run(["sync"]).0, 0)
    }

    @Test func test_the_open_console_folds_what_the_station_received_since_and_says_when_it_fetched() throws {
        let (copy, app, screen) = try open()
        let link = try StationRoleCommands.makeFeed(context(), url: leadershipURL, copy: copy, every: 3600)
        defer { link.stop() }
        app.stationCopy = link
        app.render(into: screen)
        XCTAssertEqual(trimmed(screen)[0], " 花园派出所  戴花园警务室  【只读】  值班：汪梓  S0003  取回 15:00  05-04 15:00")
        let head = copy.office.journal.headSeq
        // Nothing new: a round fetches nothing, the copy and the screen unchanged.
        link.feed.fetchNow()
        XCTAssertTrue(link.feed.waitForRounds(1, timeout: 30))
        XCTAssertEqual(link.feed.status().state, .current)
        XCTAssertEqual(link.feed.status().fetched, 0)

        try addCellsAndSync(["C01X", "C02X", "C03X"])
        // Not folded before a round has fetched them.
        app.tick()
        XCTAssertNil(app.session.office.state.cells.cell("C03X"))
        link.feed.fetchNow()
        XCTAssertTrue(link.feed.waitForRounds(2, timeout: 30))
        XCTAssertEqual(link.feed.status().fetched, 3)
        XCTAssertEqual(link.feed.status().copyHead, Int64(head + 3))
        // The copy's file is the office's journal again, byte for byte; the tick folds the three.
        XCTAssertEqual(FileManager.default.contents(atPath: copy.fetched.path), FileManager.default.contents(atPath: journalPath()))
        app.tick()
        app.render(into: screen)
        XCTAssertEqual(app.session.office.journal.headSeq, head + 3)
        XCTAssertNotNil(app.session.office.state.cells.cell("C03X"))
        XCTAssertEqual(trimmed(screen)[0], " 花园派出所  戴花园警务室  【只读】  值班：汪梓  S0003  取回 15:00  05-04 15:00")
        // The journal tab counts the new records.
        press(app, screen, .character("8"))
        XCTAssertEqual(trimmed(screen)[2], "校验：派出所所存记录的只读副本，取回时已逐条校验，可查询、不能录入  记录 \(head + 4) …")
        // Still read-only: a recording key is refused, nothing written.
        let before = FileManager.default.contents(atPath: copy.fetched.path)
        press(app, screen, .character("2"), .character("n"))
        XCTAssertEqual(app.session.message?.text, copy.refusal)
        XCTAssertEqual(FileManager.default.contents(atPath: copy.fetched.path), before)
        // A second start opens the kept copy at the new head: nothing more to fetch.
        let again = try StationRoleCommands.fetchCopy(context(), url: leadershipURL, office: office)
        XCTAssertEqual(again.office.journal.headSeq, head + 3)
    }

    @Test func test_a_station_copy_that_no_longer_continues_the_chain_is_said_on_the_title_and_not_folded() throws {
        let (copy, app, screen) = try open()
        let link = try StationRoleCommands.makeFeed(context(), url: leadershipURL, copy: copy, every: 3600)
        defer { link.stop() }
        app.stationCopy = link
        let head = copy.office.journal.headSeq
        try addCellsAndSync(["C01X", "C02X"])
        // The station's copy of the second new record altered (a superuser lifting the trigger).
        let db = try connect()
        try db.script("ALTER TABLE jingwu.records DISABLE TRIGGER records_append_only")
        try db.exec("UPDATE jingwu.records SET line = overlay(line PLACING '9'::bytea FROM 10 FOR 1) WHERE seq = $1::bigint",
                    [String(head + 2)])
        try db.script("ALTER TABLE jingwu.records ENABLE TRIGGER records_append_only")
        let before = FileManager.default.contents(atPath: copy.fetched.path)
        link.feed.fetchNow()
        XCTAssertTrue(link.feed.waitForRounds(1, timeout: 30))
        XCTAssertEqual(link.feed.status().state, .diverged(seq: Int64(head + 2)))
        // Nothing of that round appended (not even the first new record, which chains): nothing folded.
        XCTAssertEqual(FileManager.default.contents(atPath: copy.fetched.path), before)
        app.tick()
        app.render(into: screen)
        XCTAssertEqual(app.session.office.journal.headSeq, head)
        XCTAssertNil(app.session.office.state.cells.cell("C01X"))
        let rows = trimmed(screen)
        XCTAssertEqual(rows[0], " 【派出所所存有变】  花园派出所  戴花园警务室  【只读】  值… S0003  05-04 15:00")
        XCTAssertEqual(rows[21] + rows[22].dropFirst(),
                       " 派出所所存戴花园警务室的记录自第 \(head + 2) 号起与已取回的接不上（派出所的副本有变），没有并入；"
                       + "屏幕上仍是 15:00 取回的记录：请运行 jingwu station verify")
        // No more rounds: the station's copy does not mend by itself.
        link.feed.fetchNow()
        XCTAssertFalse(link.feed.waitForRounds(2, timeout: 1))
    }

    @Test func test_a_station_that_cannot_be_reached_is_said_on_the_title_and_the_console_goes_on() throws {
        let (copy, app, screen) = try open(.en)
        let unreachable = "postgresql:///x?host=" + dir + "/no-server-here&connect_timeout=2"
        let link = try StationRoleCommands.makeFeed(context(.en), url: unreachable, copy: copy, every: 3600)
        defer { link.stop() }
        app.stationCopy = link
        link.feed.fetchNow()
        XCTAssertTrue(link.feed.waitForRounds(1, timeout: 30))
        guard case .failed(let failure) = link.feed.status().state else { return XCTFail("\(link.feed.status())") }
        XCTAssertEqual(failure.exitCode, 69)
        app.tick()
        app.render(into: screen)
        XCTAssertEqual(trimmed(screen)[0], " 花园派出所  戴花园警务… S0003  station unreachable, fetched 15:00  05-04 15:00")
        press(app, screen, .character("8"))
        XCTAssertEqual(app.current, .journal)
    }

    // MARK: session 12: failures said as what they are; a copy made again under the console

    /// One round asked for and waited on; the console's tick and a render after it.
    func round(_ link: ConsoleStationCopy, _ app: ConsoleApp, _ screen: VirtualScreen, _ count: Int) {
        link.feed.fetchNow()
        XCTAssertTrue(link.feed.waitForRounds(count, timeout: 30))
        app.tick()
        app.render(into: screen)
    }

    @Test func test_a_revoked_grant_a_refused_login_and_a_missing_office_each_read_as_what_they_are() throws {
        let (copy, app, screen) = try open()
        let link = try StationRoleCommands.makeFeed(context(), url: leadershipURL, copy: copy, every: 3600)
        defer { link.stop() }
        app.stationCopy = link
        // The grant revoked (`station revoke`): the role may no longer read; said as that, not 「连不上」.
        XCTAssertEqual(run(["station", "revoke", "--role", leadership]).0, 0)
        round(link, app, screen, 1)
        XCTAssertEqual(link.feed.status().state, .failed(BackgroundStationSync.Failure(StationCopyError.notPermitted(office: office))))
        var rows = trimmed(screen)
        // (At 80 columns the title's left part is cut to make room, as for 「派出所连不上」.)
        XCTAssertEqual(rows[0], " 花园派出所  戴花园警务室  【… S0003  本角色无权查看，取回于 15:00  05-04 15:00")
        XCTAssertEqual(rows[21] + rows[22].dropFirst(),
                       " 派出所数据库不再允许本角色查看戴花园警务室的记录（授权已收回）：屏幕上仍是此前取回的记录；重新授权（jingwu station grant）后自动继续取回")
        // Granted again: the next round fetches; the title says so.
        XCTAssertEqual(run(["station", "grant", "--leadership", leadership]).0, 0)
        round(link, app, screen, 2)
        XCTAssertEqual(link.feed.status().state, .current)
        XCTAssertEqual(trimmed(screen)[0], " 花园派出所  戴花园警务室  【只读】  值班：汪梓  S0003  取回 15:00  05-04 15:00")
        // Mended: the failure's words leave the message line.
        XCTAssertNil(app.session.message)
        XCTAssertFalse(screen.text.contains("授权已收回"), screen.text)
        // The login refused (the role may not log in any more).
        let db = try connect()
        try db.script("ALTER ROLE \(leadership) NOLOGIN")
        // Its open session ended (the refresh then reconnects, and is refused at the login).
        try db.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", [leadership])
        round(link, app, screen, 3)
        XCTAssertEqual(trimmed(screen)[0], " 花园派出所  戴花园警务室  【只… S0003  派出所连不上，取回于 15:00  05-04 15:00")
        round(link, app, screen, 4)
        rows = trimmed(screen)
        XCTAssertEqual(rows[0], " 花园派出所  戴花园警务室  【… S0003  派出所拒绝登录，取回于 15:00  05-04 15:00")
        // The message line: the station's own words for a refused login (its URL, which holds no password).
        let said = try XCTUnwrap(app.session.message?.text)
        XCTAssertTrue(said.hasPrefix("派出所数据库 postgresql:"), said)
        XCTAssertTrue(said.contains("&user=\(leadership) 拒绝登录："), said)
        XCTAssertTrue(said.hasSuffix("；请检查用户名、密码（~/.pgpass）和授权"), said)
        try db.script("ALTER ROLE \(leadership) LOGIN")
        round(link, app, screen, 5)
        XCTAssertEqual(link.feed.status().state, .current)
        // The office's journal not at the station (another database at the same address): said as that.
        let gone = StationCopyFeed(url: leadershipURL, journalID: UUID().uuidString.lowercased(), office: office,
                                   path: copy.fetched.path, lockPath: nil, copyHead: Int64(copy.office.journal.headSeq), every: 3600)
        try gone.start()
        defer { gone.stop() }
        gone.fetchNow()
        XCTAssertTrue(gone.waitForRounds(1, timeout: 30))
        XCTAssertEqual(gone.status().state, .failed(BackgroundStationSync.Failure(StationCopyError.officeGone(office: office))))
        let english = ConsoleStationCopy(feed: gone, office: office, strings: Strings(.en))
        XCTAssertEqual(english.status().state, .refused(.office, detail: "The station's database no longer holds the records of 戴花园警务室 "
            + "(it may have been made again or replaced): the screen still shows what was fetched before; check with jingwu station status"))
    }

    /// A `station report` that makes the cache's copy again (here: its file removed by whoever cleared the
    /// cache, then a report) no longer stops the open console: the refresh goes on from the new file, the
    /// console folds what follows what it shows, and 【派出所所存有变】 is not shown — the station's records
    /// did not change. A copy made again at an older head than the console shows (a report that read the
    /// station's head before the console's refresh moved the copy on) is caught up, not taken for a change.
    @Test func test_a_copy_made_again_by_a_station_report_is_followed_and_not_marked_changed() throws {
        let (copy, app, screen) = try open()
        let link = try StationRoleCommands.makeFeed(context(), url: leadershipURL, copy: copy, every: 3600)
        defer { link.stop() }
        app.stationCopy = link
        let head = copy.office.journal.headSeq
        try addCellsAndSync(["C01X", "C02X", "C03X"])
        // The cache cleared, then a station report: the copy is made again from record 0, at the new head.
        XCTAssertEqual(unlink(copy.fetched.path), 0)
        let report = CapturedOutput()
        XCTAssertEqual(CLI.run(["station", "report", "coverage", "--db", leadershipURL, "--office", office, "--format", "json"],
                               environment: environment, output: report), 0, report.stderr)
        XCTAssertEqual(FileManager.default.contents(atPath: copy.fetched.path), FileManager.default.contents(atPath: journalPath()))
        // The console's tick folds the three from the new file (the report's lock is free again).
        app.tick()
        XCTAssertEqual(app.session.office.journal.headSeq, head + 3)
        XCTAssertNotNil(app.session.office.state.cells.cell("C03X"))
        // The refresh notices the file made again, checks the station still holds what is shown, and goes on on it.
        round(link, app, screen, 1)
        XCTAssertEqual(link.feed.status().state, .current)
        XCTAssertEqual(link.feed.status().copyHead, Int64(head + 3))
        XCTAssertEqual(trimmed(screen)[0], " 花园派出所  戴花园警务室  【只读】  值班：汪梓  S0003  取回 15:00  05-04 15:00")
        try addCellsAndSync(["C04X"])
        round(link, app, screen, 2)
        XCTAssertEqual(link.feed.status().copyHead, Int64(head + 4))
        XCTAssertEqual(app.session.office.journal.headSeq, head + 4)
        XCTAssertNotNil(app.session.office.state.cells.cell("C04X"))
        XCTAssertEqual(FileManager.default.contents(atPath: copy.fetched.path), FileManager.default.contents(atPath: journalPath()))

        // Made again at an older head than the console shows (as a report that read the station's head first).
        try addCellsAndSync(["C05X"])
        let db = try connect()
        let cache = StationCache(root: dir + "/cache/jingwu/station")
        let stale = StationJournalHead(journalID: copy.fetched.journalID, station: "", office: office, headSeq: Int64(head + 2),
                                       headHash: try XCTUnwrap(try db.exec(
                                           "SELECT hash FROM jingwu.records WHERE seq = $1::bigint", [String(head + 2)]).string(0, 0)))
        _ = try cache.locked(stale) { try cache.refresh(db, stale, rebuild: true) }
        // Behind the console: nothing folded, nothing taken for a change.
        app.tick()
        XCTAssertEqual(app.session.office.journal.headSeq, head + 4)
        round(link, app, screen, 3)
        XCTAssertEqual(link.feed.status().state, .current)
        XCTAssertEqual(app.session.office.journal.headSeq, head + 5)
        XCTAssertNotNil(app.session.office.state.cells.cell("C05X"))
        XCTAssertEqual(FileManager.default.contents(atPath: copy.fetched.path), FileManager.default.contents(atPath: journalPath()))
        XCTAssertFalse(trimmed(screen)[0].contains("【派出所所存有变】"), trimmed(screen)[0])

        // The station's own record of what the console shows last altered, and the copy gone: that is a change.
        try db.script("ALTER TABLE jingwu.records DISABLE TRIGGER records_append_only")
        try db.exec("UPDATE jingwu.records SET hash = repeat('0', 64) WHERE seq = $1::bigint", [String(head + 5)])
        try db.script("ALTER TABLE jingwu.records ENABLE TRIGGER records_append_only")
        XCTAssertEqual(unlink(copy.fetched.path), 0)
        round(link, app, screen, 4)
        XCTAssertEqual(link.feed.status().state, .diverged(seq: Int64(head + 5)))
        XCTAssertTrue(trimmed(screen)[0].hasPrefix(" 【派出所所存有变】"), trimmed(screen)[0])
        XCTAssertEqual(app.session.office.journal.headSeq, head + 5)
    }
}
