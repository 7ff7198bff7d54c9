import Foundation
import JingwuJournal
import JingwuResources
@testable import JingwuStation
import JingwuTestSupport
import Testing
@testable import JingwuCLI

/// The station's address, its login and the lines its errors print, against the real server:
/// a password never on the command line and never in output (not even where libpq quotes a
/// malformed address), a real scram-sha-256 login (the test server's `jingwu_login` role) with its
/// password from a passfile, and every station error as exactly one line in zh and en.
@Suite(.serialized) final class StationAddressTests: StationTestCase {
    /// One line on stderr, nothing on stdout.
    func assertOneLine(_ out: String, _ err: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(out, "", what, file: file, line: line)
        XCTAssertEqual(err.filter { $0 == "\n" }.count, 1, "\(what): \(err)", file: file, line: line)
        XCTAssertTrue(err.hasSuffix("\n"), "\(what): \(err)", file: file, line: line)
    }

    /// Runs the command line with `environment` (no `JINGWU_STATION_DB` unless given).
    func run(_ args: [String], environment: [String: String], lang: String) -> (Int32, String, String) {
        let output = CapturedOutput()
        let status = CLI.run(args + ["--journal", journalPath(), "--lang", lang], environment: environment, output: output)
        return (status, output.stdout, output.stderr)
    }

    /// The test database's address with user-info and query parts of the caller's choosing.
    var socketFolder: String {
        URLComponents(string: dbURL)!.queryItems!.first { $0.name == "host" }!.value!
    }

    // MARK: 1. A password never on the command line

    @Test func test_a_password_in_db_is_refused_by_every_station_command_in_one_line_and_nothing_is_written() throws {
        try makeJournal(count: 3)
        let journalBefore = FileManager.default.contents(atPath: journalPath())
        let bundle = dir + "/b.jwb"
        XCTAssertEqual(run(["export", "--out", bundle]).0, 0)
        let password = "Hunter2xyz"
        // Every form libpq reads a password from, each pointing at this (trust) server: were it let
        // through, the command would run (the trust line ignores the password) and init would write.
        let forms = [
            "postgresql://jingwu:\(password)@/\(databaseName)?host=\(socketFolder)",
            "postgres://jingwu:\(password)@/\(databaseName)?host=\(socketFolder)",
            dbURL + "&password=\(password)",
            dbURL + "&PASSWORD=\(password)",
            dbURL + "&pass%77ord=\(password)",
            "host=\(socketFolder) dbname=\(databaseName) user=jingwu password=\(password)",
            "host=\(socketFolder) dbname=\(databaseName) user=jingwu password = '\(password) x'",
            "dbname='postgresql://jingwu:\(password)@/\(databaseName)?host=\(socketFolder)'",
            "postgresql://jingwu:@/\(databaseName)?host=\(socketFolder)",
        ]
        let commands: [[String]] = [
            ["station", "init"], ["sync"], ["station", "import", bundle], ["import", bundle], ["station", "status"],
            ["station", "verify"], ["station", "report", "patrols"], ["station", "grant", "--office", "东门警务室", "--role", "clerk_x"],
            ["station", "revoke", "--role", "clerk_x"], ["station", "connect"],
        ]
        for lang in ["zh", "en"] {
            for form in forms {
                for command in commands {
                    let (status, out, err) = run(command + ["--db", form], environment: [:], lang: lang)
                    let what = "\(command) \(form) \(lang)"
                    XCTAssertEqual(status, 64, what)
                    assertOneLine(out, err, what)
                    XCTAssertFalse((out + err).contains(password), what)
                    XCTAssertEqual(err, lang == "zh"
                        ? "jingwu：--db 不能含密码（命令行上的密码别人看得见）：请去掉地址中的密码，把它写进 ~/.pgpass（权限 0600）或设在环境变量 PGPASSWORD 中；什么也没有改动\n"
                        : "jingwu: --db must not hold a password (others can see a command line): remove it from the address and put it in ~/.pgpass (mode 0600) or in PGPASSWORD; nothing was changed\n",
                        what)
                }
                // The station's read-only console: --station URL.
                let (status, out, err) = run(["--station", form, "--office", "东门警务室"], environment: [:], lang: lang)
                XCTAssertEqual(status, 64, form)
                assertOneLine(out, err, form)
                XCTAssertTrue(err.contains("--station"), err)
                XCTAssertFalse((out + err).contains(password), form)
            }
        }
        // Nothing written: no schema, no role, no setting file, the journal as it was.
        XCTAssertEqual(try count("SELECT count(*) FROM pg_namespace WHERE nspname = 'jingwu'"), 0)
        XCTAssertEqual(try count("SELECT count(*) FROM pg_roles WHERE rolname = 'clerk_x'"), 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: StationSetting.path(forJournal: journalPath())))
        XCTAssertEqual(FileManager.default.contents(atPath: journalPath()), journalBefore)
        // The same address without the password runs (the refusal is the password's, not the address's).
        XCTAssertEqual(run(["station", "init", "--db", "postgresql://jingwu@/\(databaseName)?host=\(socketFolder)"],
                           environment: [:], lang: "en").0, 0)
    }

    @Test func test_a_password_in_jingwu_station_db_is_used_and_never_printed() throws {
        try makeJournal(count: 5)
        let password = "Hunter3xyz"
        for address in [dbURL + "&password=\(password)", "postgresql://jingwu:\(password)@/\(databaseName)?host=\(socketFolder)"] {
            let environment = ["JINGWU_STATION_DB": address]
            for command in [["station", "init"], ["sync"], ["station", "status"], ["station", "verify"]] {
                for lang in ["zh", "en"] {
                    let (status, out, err) = run(command, environment: environment, lang: lang)
                    XCTAssertEqual(status, 0, "\(command) \(err)")
                    XCTAssertFalse((out + err).contains(password), "\(command): \(out)\(err)")
                }
            }
            // status names the address it read, without the password.
            let (_, out, _) = run(["station", "status"], environment: environment, lang: "en")
            XCTAssertTrue(out.contains(StationURL.redacted(address)), out)
            // station connect would store it: refused, one line, nothing written.
            let (refused, refusedOut, refusedErr) = run(["station", "connect"], environment: environment, lang: "zh")
            XCTAssertEqual(refused, 64)
            assertOneLine(refusedOut, refusedErr, "connect")
            XCTAssertEqual(refusedErr, "jingwu：派出所数据库地址含密码：设置文件不保存密码，请去掉地址中的密码，把它写进 ~/.pgpass（权限 0600）\n")
            XCTAssertFalse(FileManager.default.fileExists(atPath: StationSetting.path(forJournal: journalPath())))
        }
        XCTAssertEqual(try stationLines(), lines(journalPath()))
    }

    // MARK: libpq's words about a malformed address

    @Test func test_a_malformed_address_holding_a_password_never_repeats_it_and_one_without_keeps_libpqs_words() throws {
        try makeJournal(count: 2)
        let before = FileManager.default.contents(atPath: journalPath())
        // Each malformed, each holding the password (or a part of it) where libpq would quote it.
        let forms: [(String, [String])] = [
            ("postgresql://clerk:se%zzkret@/jw?host=/nonexistent-hA", ["kret", "se%zz"]),
            ("postgresql:///jw?host=/nonexistent-hA&password=se%zzkret", ["kret", "se%zz"]),
            ("postgresql:///jw?host=/nonexistent-hA&pass%77ord=se%zzkret", ["kret", "se%zz"]),
            ("postgresql://clerk:se/kret@h/jw", ["kret", "se/"]),
            ("host=/nonexistent-hA password=se kret", ["kret"]),
            ("host=/nonexistent-hA password='se kret", ["kret"]),
            ("password=sekret host=/nonexistent-hA port=notaport", ["kret"]),
        ]
        for (form, fragments) in forms {
            for lang in ["zh", "en"] {
                let (status, out, err) = run(["sync"], environment: ["JINGWU_STATION_DB": form], lang: lang)
                XCTAssertEqual(status, 64, "\(form): \(err)")
                assertOneLine(out, err, form)
                for fragment in fragments { XCTAssertFalse((out + err).contains(fragment), "\(form) \(lang): \(err)") }
                XCTAssertTrue(err.hasPrefix(lang == "zh" ? "jingwu：派出所数据库地址 " : "jingwu: The station database address "), err)
                XCTAssertTrue(err.hasSuffix(lang == "zh" ? "无法识别（地址含密码，libpq 的说明可能复述它，故不显示）\n"
                                                         : "(libpq's explanation is not shown: the address holds a password it may repeat)\n"),
                              err)
            }
        }
        // Without a password, libpq's own words stay (they name what is wrong).
        let (status, out, err) = run(["sync"], environment: ["JINGWU_STATION_DB": "postgresql://%zz@/x"], lang: "en")
        XCTAssertEqual(status, 64)
        assertOneLine(out, err, "%zz")
        XCTAssertTrue(err.contains("invalid percent-encoded token: \"%zz\""), err)
        XCTAssertEqual(FileManager.default.contents(atPath: journalPath()), before)
        // A libpq message that repeats a password, whatever the failure, is shown without it.
        XCTAssertEqual(PGConnection.classifyConnectFailure("could not translate host name \"sekret9\"", url: "u",
                                                           secrets: ["sekret9"]).messageKey,
                       "station.error.cannot_connect_withheld")
        XCTAssertEqual(PGConnection.classifyConnectFailure("password authentication failed for user \"sekret9\"", url: "u",
                                                           secrets: ["sekret9"]).messageKey,
                       "station.error.login_refused_withheld")
        XCTAssertEqual(PGConnection.classifyConnectFailure("could not translate host name \"h\"", url: "u", secrets: ["sekret9"]),
                       .cannotConnect(url: "u", detail: "could not translate host name \"h\""))
    }

    @Test func test_the_address_forms_libpq_reads_are_redacted_and_their_passwords_found() {
        // URL: user info, query (any case, the name percent-encoded), an unescaped / or ? in the password.
        XCTAssertEqual(StationURL.redacted("postgresql://u:p%40ss@host:5432/db?sslmode=require"), "postgresql://u@host:5432/db?sslmode=require")
        XCTAssertEqual(StationURL.secrets("postgresql://u:p%40ss@host:5432/db"), ["p%40ss", "p@ss"])
        XCTAssertEqual(StationURL.redacted("postgresql://u:pa/ss@h/db"), "postgresql://u@h/db")
        XCTAssertTrue(StationURL.secrets("postgresql://u:pa/ss@h/db").contains("pa/ss"))
        XCTAssertEqual(StationURL.redacted("postgresql://u:p?w@h/db"), "postgresql://u@h/db")
        XCTAssertEqual(StationURL.redacted("postgres://h/db?user=u&Pass%77ord=x%20y&sslmode=disable"), "postgres://h/db?user=u&sslmode=disable")
        XCTAssertEqual(StationURL.secrets("postgres://h/db?password=x%20y"), ["x%20y", "x y"])
        // A user name with @ in the query is no password.
        XCTAssertFalse(StationURL.holdsPassword("postgresql://h:5432/db?user=name@server"))
        XCTAssertEqual(StationURL.redacted("postgresql://h:5432/db?user=name@server"), "postgresql://h:5432/db?user=name@server")
        XCTAssertTrue(StationURL.holdsPassword("postgresql://u:@h/db"))
        // key=value: blanks around =, quotes and escapes, a nested dbname, a password cut by a blank.
        XCTAssertEqual(StationURL.redacted("host=h dbname=d password='a b\\'c' user=u"), "host=h dbname=d user=u")
        XCTAssertEqual(StationURL.secrets("host=h password='a b\\'c'"), ["'a b\\'c'", "a b'c"])
        XCTAssertEqual(StationURL.redacted("host = h  password =  x  user=u"), "host = h user=u")
        XCTAssertEqual(StationURL.secrets("host = h  password =  x  user=u"), ["x", "x"])
        XCTAssertEqual(StationURL.redacted("host=h password=my secret user=u"), "host=h …")
        XCTAssertEqual(StationURL.redacted("host=h password='my secret"), "host=h …")
        XCTAssertEqual(StationURL.redacted("dbname='postgresql://u:pw@h/db' host=h"), "dbname=… host=h")
        XCTAssertTrue(StationURL.secrets("dbname='postgresql://u:pw@h/db' host=h").contains("pw"))
        XCTAssertEqual(StationURL.redacted("postgresql:///db?host=/tmp/s"), "postgresql:///db?host=/tmp/s")
        XCTAssertFalse(StationURL.holdsPassword("host=/tmp/s dbname=password_log passfile=/x/pgpass"))
        XCTAssertEqual(StationURL.redacted(""), "(PGHOST/PGDATABASE …)")
        XCTAssertFalse(StationURL.holdsPassword(""))
    }

    // MARK: 2. One line

    @Test(.initialisedStation) func test_every_station_error_is_one_line_in_zh_and_en() throws {
        let journal = try makeJournal(count: 20)
        let bundle = dir + "/all.jwb"
        XCTAssertEqual(run(["export", "--out", bundle]).0, 0)
        let bytes = bundleBytes(bundle)
        let notABundle = dir + "/not.jwb"
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: notABundle))
        let truncated = dir + "/cut.jwb"
        try Data(bytes[0..<(bytes.count / 2)]).write(to: URL(fileURLWithPath: truncated))
        let altered = dir + "/altered.jwb"
        var changed = bytes
        let middle = bytes.count / 2
        changed[middle] = changed[middle] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
        try Data(changed).write(to: URL(fileURLWithPath: altered))
        try append(journal, count: 10, from: 20)
        let later = dir + "/later.jwb"
        XCTAssertEqual(run(["export", "--since-seq", "25", "--out", later]).0, 0)
        let uninitialised = try TestPostgres.freshDatabase(databaseName + "_bare")
        let cases: [(Int32, [String], [String: String])] = [
            (64, ["station", "status"], ["JINGWU_STATION_DB": "postgresql://%zz@/x"]),
            (64, ["station", "status", "--db", "postgresql://%zz@/x"], [:]),
            (64, ["sync", "--db", "host=/x port=notaport"], [:]),
            (69, ["sync"], ["JINGWU_STATION_DB": "postgresql:///jw?host=/nonexistent-hA"]),
            (77, ["station", "status"], ["JINGWU_STATION_DB": TestPostgres.url(dbURL, database: databaseName, user: "no_such_clerk")]),
            (78, ["station", "status"], ["JINGWU_STATION_DB": uninitialised]),
            (79, ["station", "import", notABundle], ["JINGWU_STATION_DB": dbURL]),
            (80, ["station", "import", truncated], ["JINGWU_STATION_DB": dbURL]),
            (81, ["station", "import", altered], ["JINGWU_STATION_DB": dbURL]),
            (83, ["station", "import", later], ["JINGWU_STATION_DB": dbURL]),
        ]
        for (want, command, environment) in cases {
            for lang in ["zh", "en"] {
                let (status, out, err) = run(command, environment: environment, lang: lang)
                XCTAssertEqual(status, want, "\(command): \(err)")
                assertOneLine(out, err, "\(want) \(command) \(lang)")
            }
        }
        // 84: imported already; 65: a journal whose past changed.
        XCTAssertEqual(run(["station", "import", bundle]).0, 0)
        for lang in ["zh", "en"] {
            let (status, out, err) = run(["station", "import", bundle], environment: ["JINGWU_STATION_DB": dbURL], lang: lang)
            XCTAssertEqual(status, 84, err)
            assertOneLine(out, err, "84 \(lang)")
        }
        try rewriteWithRecomputedChain(journalPath(), seq: 7)
        for lang in ["zh", "en"] {
            let (status, out, err) = run(["sync"], environment: ["JINGWU_STATION_DB": dbURL], lang: lang)
            XCTAssertEqual(status, 65, err)
            assertOneLine(out, err, "65 \(lang)")
        }
    }

    /// Every fault's message, rendered as the command line prints it, is one line in zh and en with
    /// every placeholder filled; libpq's several-line messages are joined; the bundle faults' codes
    /// (79–84) are each their own. (The CLI test above runs the faults a test can cause in-process;
    /// 74 is StationDiskFullTests', 72 e2e-station.sh's.)
    @Test func test_every_station_and_bundle_fault_message_is_one_line_with_a_code_of_its_own() {
        let libpq = "connection to server on socket \"/x/.s.PGSQL.5432\" failed: FATAL:  terminating connection due to administrator command"
        let station: [StationError] = [
            .badURL(url: "postgresql://u@h/db", detail: "invalid URI query parameter: \"x\""),
            .badURL(url: "postgresql://u@h/db", detail: StationURL.withheldDetail),
            .cannotConnect(url: "host=h …", detail: libpq), .cannotConnect(url: "u", detail: StationURL.withheldDetail),
            .clientLibraryMissing(url: "u"), .loginRefused(url: "u", detail: libpq), .loginRefused(url: "u", detail: StationURL.withheldDetail),
            .connectionLost(detail: libpq), .serverFull(detail: "could not extend file: No space left on device"),
            .server(sqlstate: "42501", detail: "permission denied for table records"), .notInitialized(url: "u"),
            .schemaTooNew(found: 9, known: 3),
            .conflict(office: "东门警务室", journal: "j", seq: 7, stationHead: 9, officeHead: 12, kind: "rewritten"),
            .conflict(office: "东门警务室", journal: "j", seq: 7, stationHead: 9, officeHead: 5, kind: "truncated"),
            .headMoved(journal: "j"), .passwordOnCommandLine(option: "--db"), .passwordOnCommandLine(option: "--station"),
            .passwordNotStored,
        ]
        let bundle: [BundleError] = [
            .missing(path: "/x"), .notRegularFile(path: "/x", kind: "fifo"), .notRegularFile(path: "/x", kind: "symlink"),
            .notRegularFile(path: "/x", kind: "directory"), .notRegularFile(path: "/x", kind: "other"), .io(path: "/x", errno: EIO),
            .notABundle(path: "/x"), .truncated(path: "/x"), .altered(path: "/x", part: "checksum", seq: 0),
            .altered(path: "/x", part: "header", seq: 0), .altered(path: "/x", part: "end", seq: 0),
            .altered(path: "/x", part: "record", seq: 4), .anotherJournal(path: "/x", claimed: "a", found: "b"),
            .gap(office: "东门警务室", firstSeq: 9, stationHead: 4), .gap(office: "东门警务室", firstSeq: 9, stationHead: -1),
            .conflict(office: "东门警务室", seq: 3, stationHead: 9, before: true), .conflict(office: "东门警务室", seq: 3, stationHead: 9, before: false),
            .alreadyImported(office: "东门\u{1B}[2J警务室", firstSeq: 4, lastSeq: 12, stationHead: 15),
            .nothingToExport(since: 9, head: 4), .outExists(path: "/x"),
        ]
        let errors: [OperatorError] = station + bundle
        for language in Language.allCases {
            let strings = Strings(language)
            for error in errors {
                let text = error.message(strings)
                XCTAssertNotEqual(text, error.messageKey, "\(error)")
                XCTAssertFalse(text.contains("\n") || text.contains("\r"), "\(error): \(text)")
                XCTAssertFalse(text.contains("{") || text.contains("}"), "\(error): \(text)")
                XCTAssertFalse(text.contains("\u{1B}"), "\(error): \(text)")
            }
        }
        let codes = [BundleExit.notABundle, BundleExit.truncated, BundleExit.altered, BundleExit.anotherJournal, BundleExit.gap,
                     BundleExit.alreadyImported]
        XCTAssertEqual(codes, [79, 80, 81, 82, 83, 84])
        XCTAssertEqual(BundleError.alreadyImported(office: "o", firstSeq: 0, lastSeq: 1, stationHead: 1).exitCode, 84)
        // libpq's message over several lines (FATAL, DETAIL, HINT) is one line.
        let joined = "FATAL:  password authentication failed for user \"x\"\nDETAIL:  Role \"x\" does not exist.\n"
            .withCString { PGConnection.oneLine($0) }
        XCTAssertEqual(joined, "password authentication failed for user \"x\"; DETAIL:  Role \"x\" does not exist.")
    }

    // MARK: 3. A real password login

    /// This test's database handed to the password role, and its address for that role.
    func passwordStation(_ role: PasswordRole, passfile: String?) throws -> String {
        let admin = try PGConnection(url: TestPostgres.adminURL())
        try admin.script("ALTER DATABASE \(databaseName) OWNER TO \(role.role)")
        var components = URLComponents(string: TestPostgres.url(dbURL, database: databaseName, user: role.role))!
        if let passfile { components.queryItems!.append(URLQueryItem(name: "passfile", value: passfile)) }
        return components.string!
    }

    @Test func test_a_wrong_or_missing_password_is_refused_with_77_in_one_line_and_never_echoed() throws {
        let role = try TestPostgres.passwordRole()
        try makeJournal(count: 3)
        let before = FileManager.default.contents(atPath: journalPath())
        let wrong = "Wr0ngPassXyz"
        let wrongFile = dir + "/wrong.pgpass"
        XCTAssertTrue(FileManager.default.createFile(atPath: wrongFile, contents: Data("*:*:*:\(role.role):\(wrong)\n".utf8),
                                                     attributes: [.posixPermissions: 0o600]))
        let attempts: [(String, [String: String], [String])] = [
            ("a passfile with the wrong password", [:], ["--db", try passwordStation(role, passfile: wrongFile)]),
            ("the wrong password in JINGWU_STATION_DB", ["JINGWU_STATION_DB": try passwordStation(role, passfile: nil) + "&password=\(wrong)"], []),
            ("no password at all", [:], ["--db", try passwordStation(role, passfile: dir + "/none.pgpass")]),
        ]
        for (what, environment, db) in attempts {
            for lang in ["zh", "en"] {
                let (status, out, err) = run(["sync"] + db, environment: environment, lang: lang)
                XCTAssertEqual(status, 77, "\(what): \(err)")
                assertOneLine(out, err, what)
                XCTAssertTrue(err.hasPrefix(lang == "zh" ? "jingwu：派出所数据库 " : "jingwu: The station database "), err)
                XCTAssertTrue(err.contains(lang == "zh" ? " 拒绝登录：" : " refused the login: "), err)
                XCTAssertFalse(err.contains(wrong), "\(what): \(err)")
                XCTAssertFalse(err.contains(role.password), "\(what): \(err)")
            }
        }
        XCTAssertEqual(FileManager.default.contents(atPath: journalPath()), before)
        XCTAssertEqual(try count("SELECT count(*) FROM pg_namespace WHERE nspname = 'jingwu'"), 0)
    }

    @Test func test_the_right_password_from_a_passfile_lets_init_and_sync_run() throws {
        let role = try TestPostgres.passwordRole()
        let journal = try makeJournal(count: 30)
        let station = try passwordStation(role, passfile: role.passfile)
        for (command, lang) in [(["station", "init"], "zh"), (["sync", "--batch", "7"], "en")] {
            let (status, out, err) = run(command + ["--db", station], environment: [:], lang: lang)
            XCTAssertEqual(status, 0, "\(command): \(err)")
            XCTAssertFalse((out + err).contains(role.password))
        }
        XCTAssertEqual(try stationLines(), lines(journalPath()))
        // The records are the role's: it made the schema and wrote them, logged in with its password.
        let asRole = try PGConnection(url: station)
        XCTAssertEqual(try asRole.exec("SELECT current_user").string(0, 0), role.role)
        XCTAssertEqual(try asRole.exec("SELECT tableowner FROM pg_tables WHERE schemaname = 'jingwu' AND tablename = 'records'").string(0, 0),
                       role.role)
        try append(journal, count: 4, from: 30)
        let (status, out, err) = run(["sync", "--db", station, "--json"], environment: [:], lang: "zh")
        XCTAssertEqual(status, 0, err)
        XCTAssertTrue(out.contains("\"pushed\":4,"), out)
        XCTAssertEqual(try stationLines(), lines(journalPath()))
        // A role that may not make roles: the server refuses the grant (76), one line, the password not in it.
        for lang in ["zh", "en"] {
            let (status, out, err) = run(["station", "grant", "--office", "东门警务室", "--role", "jw_address_newrole", "--db", station],
                                         environment: [:], lang: lang)
            XCTAssertEqual(status, 76, err)
            assertOneLine(out, err, "76 \(lang)")
            XCTAssertTrue(err.contains("（42501）") || err.contains("(42501)"), err)
            XCTAssertFalse(err.contains(role.password))
        }
    }
}
