import Foundation
import JingwuJournal
import JingwuResources
@testable import JingwuStation
import JingwuTestSupport
import Testing
@testable import JingwuCLI

/// The console's background sync against the real server: rounds after appends (coalesced), a
/// station that cannot be reached or never answers (the office goes on recording; the lag is made
/// up when it is back), a conflict (said once, recorded once, no more rounds), and the office's
/// setting file as hostile input.
@Suite(.serialized) final class BackgroundSyncTests: StationTestCase {
    /// The test server's socket folder (the `host` of the admin URL).
    func serverSocketDirectory() throws -> String {
        let components = URLComponents(string: try TestPostgres.adminURL())!
        return try XCTUnwrap(components.queryItems?.first { $0.name == "host" }?.value)
    }

    /// `dbURL` with its host pointed at `folder` (a socket folder this test controls).
    func url(host folder: String) -> String {
        var components = URLComponents(string: dbURL)!
        var items = components.queryItems ?? []
        items.removeAll { $0.name == "host" }
        items.append(URLQueryItem(name: "host", value: folder))
        components.queryItems = items
        return components.string!
    }

    func makeSocketFolder() throws -> String {
        let folder = dir + "/sock"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// The station's lines for the journal equal the journal's, byte for byte.
    func assertStationHoldsTheJournal(file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try stationLines(), lines(journalPath()), file: file, line: line)
    }

    @Test(.initialisedStation) func test_rounds_push_after_each_append_and_nudges_during_a_round_coalesce() throws {
        let journal = try makeJournal(count: 10)
        let sync = BackgroundStationSync(url: dbURL, journalPath: journalPath(), every: 3600)
        sync.start()
        defer { sync.stop() }
        XCTAssertTrue(sync.waitForRounds(1, timeout: 60))
        var status = sync.status()
        XCTAssertEqual(status.state, .synced)
        XCTAssertEqual(status.stationHead, 10)
        XCTAssertNotNil(status.lastSynced)
        try assertStationHoldsTheJournal()

        try append(journal, count: 5, from: 10)
        // Five nudges while the round they start is held (another writer of this journal holds the
        // sync's lock, so the round waits for it): however the nudges and the round interleave, they
        // make at most two rounds, never five. (Nudged freely, a round can finish between two nudges
        // on a busy machine, each making a round of its own: the old check failed that way in CI.)
        let holder = try PGConnection(url: dbURL)
        let journalID = try JournalIdentity.read(path: journalPath()).journalID.uuidString.lowercased()
        try StationSync.lock(holder, journalID)
        for _ in 0..<5 { sync.nudge() }
        Thread.sleep(forTimeInterval: 0.2)
        XCTAssertEqual(sync.status().rounds, 1, "a round finished while the lock was held")
        StationSync.unlock(holder, journalID)
        XCTAssertTrue(sync.waitForRounds(2, timeout: 60))
        status = sync.status()
        XCTAssertEqual(status.state, .synced)
        XCTAssertEqual(status.stationHead, 15)
        try assertStationHoldsTheJournal()
        Thread.sleep(forTimeInterval: 0.5)
        XCTAssertLessThanOrEqual(sync.status().rounds, 3)
        XCTAssertEqual(try count("SELECT count(DISTINCT event_id) FROM jingwu.records"), 16)
    }

    @Test(.initialisedStation)
    func test_a_station_that_cannot_be_reached_leaves_the_office_recording_and_the_lag_is_made_up_when_it_is_back() throws {
        let journal = try makeJournal(count: 3)
        let folder = try makeSocketFolder()  // no server there yet
        let sync = BackgroundStationSync(url: url(host: folder), journalPath: journalPath(), every: 3600, retryAfter: 3600)
        sync.start()
        defer { sync.stop() }
        XCTAssertTrue(sync.waitForRounds(1, timeout: 60))
        guard case .failed(let failure) = sync.status().state else { return XCTFail("\(sync.status())") }
        XCTAssertEqual(failure.messageKey, "station.error.cannot_connect")
        XCTAssertEqual(failure.exitCode, 69)
        XCTAssertNil(sync.status().stationHead)
        // The office goes on recording; a nudge tries again, and fails again.
        try append(journal, count: 7, from: 3)
        sync.nudge()
        XCTAssertTrue(sync.waitForRounds(2, timeout: 60))
        guard case .failed = sync.status().state else { return XCTFail("\(sync.status())") }
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.records"), 0)

        // The server is back (its socket appears where the setting points).
        XCTAssertEqual(symlink(try serverSocketDirectory() + "/.s.PGSQL.5432", folder + "/.s.PGSQL.5432"), 0)
        try append(journal, count: 2, from: 10)
        sync.nudge()
        XCTAssertTrue(sync.waitForRounds(3, timeout: 60))
        XCTAssertEqual(sync.status().state, .synced)
        XCTAssertEqual(sync.status().stationHead, 12)
        try assertStationHoldsTheJournal()
    }

    @Test(.initialisedStation)
    func test_a_socket_that_never_answers_ends_the_round_at_the_connect_timeout_and_appends_go_on_meanwhile() throws {
        let journal = try makeJournal(count: 2)
        let folder = try makeSocketFolder()
        // A listening socket nobody accepts on: the connection is queued, the server's answer never comes.
        let socketPath = folder + "/.s.PGSQL.5432"
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(socketPath.utf8)
            for (i, b) in bytes.enumerated() { raw[i] = b }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        XCTAssertEqual(bound, 0)
        XCTAssertEqual(listen(fd, 4), 0)

        let sync = BackgroundStationSync(url: url(host: folder), journalPath: journalPath(), every: 3600, retryAfter: 3600,
                                         connectTimeout: 2)
        sync.start()
        defer { sync.stop() }
        // While the round waits on the silent socket, the office appends as usual.
        var sawRunning = false
        for i in 0..<20 {
            try append(journal, count: 1, from: 2 + i)
            if sync.status().runningSince != nil { sawRunning = true }
        }
        XCTAssertTrue(sync.waitForRounds(1, timeout: 60))
        XCTAssertTrue(sawRunning || sync.status().rounds == 1)
        guard case .failed(let failure) = sync.status().state else { return XCTFail("\(sync.status())") }
        XCTAssertEqual(failure.messageKey, "station.error.cannot_connect")
        XCTAssertTrue(failure.messageArgs["detail"]?.contains("timeout") ?? false, "\(failure.messageArgs)")
        XCTAssertNil(sync.status().runningSince)
        XCTAssertEqual(journal.headSeq, 22)

        // The real server behind the same path: the next round pushes all 22.
        XCTAssertEqual(unlink(socketPath), 0)
        XCTAssertEqual(symlink(try serverSocketDirectory() + "/.s.PGSQL.5432", socketPath), 0)
        sync.nudge()
        XCTAssertTrue(sync.waitForRounds(2, timeout: 60))
        XCTAssertEqual(sync.status().state, .synced)
        XCTAssertEqual(sync.status().stationHead, 22)
        try assertStationHoldsTheJournal()
    }

    @Test(.initialisedStation) func test_a_conflict_is_recorded_once_and_stops_the_rounds() throws {
        let journal = try makeJournal(count: 20)
        XCTAssertEqual(run(["sync"]).0, 0)
        try rewriteRecomputingTheChain(journalPath(), from: 12)
        _ = journal
        let sync = BackgroundStationSync(url: dbURL, journalPath: journalPath(), every: 3600, retryAfter: 0)
        sync.start()
        defer { sync.stop() }
        XCTAssertTrue(sync.waitForRounds(1, timeout: 60))
        guard case .conflict(let failure, let seq) = sync.status().state else { return XCTFail("\(sync.status())") }
        XCTAssertEqual(seq, 12)
        XCTAssertEqual(failure.messageKey, "station.error.conflict.rewritten")
        XCTAssertEqual(failure.exitCode, 65)
        for _ in 0..<5 { sync.nudge() }
        // No round follows a conflict, however often it is nudged (or the retry time passes).
        XCTAssertFalse(sync.waitForRounds(2, timeout: 1.5))
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.conflicts"), 1)
        XCTAssertEqual(try count("SELECT max(seq) FROM jingwu.records"), 20)
    }

    /// Rewrites the text of record `seq` and recomputes the chain from there: it verifies locally.
    func rewriteRecomputingTheChain(_ path: String, from seq: Int) throws {
        var all = lines(path)
        all[seq] = Data(String(decoding: all[seq], as: UTF8.self).replacingOccurrences(of: "第", with: "弟").utf8)
        let checker = ChainChecker()
        var out = Data()
        for (i, line) in all.enumerated() {
            var bytes = [UInt8](line)
            if i >= seq {
                let expected = bytes.withUnsafeBytes { checker.expectedHash($0) }!
                bytes.replaceSubrange((bytes.count - 66)..<(bytes.count - 2), with: Array(expected.utf8))
            }
            XCTAssertTrue(bytes.withUnsafeBytes { checker.accept($0) })
            out.append(contentsOf: bytes)
            out.append(10)
        }
        try out.write(to: URL(fileURLWithPath: path))
    }

    // MARK: The setting file

    @Test func test_station_connect_writes_a_0600_setting_without_a_password_and_disconnect_removes_it() throws {
        try makeJournal(count: 1)
        let setting = StationSetting.path(forJournal: journalPath())
        // Before the schema: refused (78), nothing written.
        XCTAssertEqual(run(["station", "connect"]).0, 78)
        XCTAssertFalse(FileManager.default.fileExists(atPath: setting))
        XCTAssertEqual(run(["station", "init"]).0, 0)
        // A password in the address is never stored: on the command line it is refused as every
        // station command refuses it; from JINGWU_STATION_DB, because the setting would keep it.
        let withPassword = dbURL.replacingOccurrences(of: "postgresql://", with: "postgresql://jingwu:secret@")
        let (refused, _, err) = run(["station", "connect", "--db", withPassword])
        XCTAssertEqual(refused, 64)
        XCTAssertTrue(err.contains("--db 不能含密码"), err)
        XCTAssertFalse(err.contains("secret"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: setting))
        let output = CapturedOutput()
        XCTAssertEqual(CLI.run(["station", "connect", "--journal", journalPath()], environment: ["JINGWU_STATION_DB": withPassword],
                               output: output), 64)
        XCTAssertEqual(output.stderr, "jingwu：派出所数据库地址含密码：设置文件不保存密码，请去掉地址中的密码，把它写进 ~/.pgpass（权限 0600）\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: setting))
        // A station that cannot be reached: 69, nothing written.
        let folder = try makeSocketFolder()
        XCTAssertEqual(run(["station", "connect", "--db", url(host: folder)]).0, 69)
        XCTAssertFalse(FileManager.default.fileExists(atPath: setting))
        XCTAssertEqual(run(["station", "connect", "--every", "0"]).0, 64)

        let (status, out, _) = run(["station", "connect", "--every", "7"])
        XCTAssertEqual(status, 0)
        XCTAssertTrue(out.hasPrefix("已设置：东门警务室的值班台将在后台同步到派出所数据库 "), out)
        XCTAssertEqual(try StationSetting.read(journalPath: journalPath()), StationSetting(url: dbURL, everyMinutes: 7))
        let attributes = try FileManager.default.attributesOfItem(atPath: setting)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)

        XCTAssertEqual(run(["station", "disconnect"]).1, "已取消后台同步：删除了设置文件 \(setting)\n")
        XCTAssertNil(try StationSetting.read(journalPath: journalPath()))
        XCTAssertEqual(run(["station", "disconnect"]).0, 0)
    }

    @Test func test_a_setting_file_that_is_a_symlink_fifo_foreign_writable_big_malformed_or_holds_a_password_is_not_used() throws {
        try makeJournal(count: 1)
        let path = StationSetting.path(forJournal: journalPath())
        let good = #"{"db":"postgresql:///jw?host=/tmp","every":5}"#
        func plant(_ text: String, mode: Int = 0o600) throws {
            _ = unlink(path)
            XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(text.utf8),
                                                         attributes: [.posixPermissions: mode]))
        }
        func reason() -> StationSetting.Refusal.Reason? {
            do {
                _ = try StationSetting.read(journalPath: journalPath())
                return nil
            } catch let refusal as StationSetting.Refusal {
                return refusal.reason
            } catch {
                XCTFail("\(error)")
                return nil
            }
        }
        try plant(good)
        XCTAssertEqual(try StationSetting.read(journalPath: journalPath()), StationSetting(url: "postgresql:///jw?host=/tmp", everyMinutes: 5))

        try plant(good, mode: 0o666)
        XCTAssertEqual(reason(), .mode)
        try plant(good, mode: 0o620)
        XCTAssertEqual(reason(), .mode)
        try plant(#"{"db":"postgresql://u:pw@h/jw","every":5}"#)
        XCTAssertEqual(reason(), .password)
        try plant(#"{"db":"host=/tmp password=pw","every":5}"#)
        XCTAssertEqual(reason(), .password)
        try plant(#"{"db":"postgresql:///jw","every":0}"#)
        XCTAssertEqual(reason(), .malformed)
        try plant("not json")
        XCTAssertEqual(reason(), .malformed)
        try plant(good + String(repeating: " ", count: 5000))
        XCTAssertEqual(reason(), .tooBig)

        let elsewhere = dir + "/elsewhere.json"
        XCTAssertTrue(FileManager.default.createFile(atPath: elsewhere, contents: Data(good.utf8),
                                                     attributes: [.posixPermissions: 0o600]))
        _ = unlink(path)
        XCTAssertEqual(symlink(elsewhere, path), 0)
        XCTAssertEqual(reason(), .symlink)
        // Writing never goes through the symlink planted at the name.
        XCTAssertThrowsError(try StationSetting(url: "postgresql:///other").write(journalPath: journalPath()))
        XCTAssertEqual(String(decoding: FileManager.default.contents(atPath: elsewhere)!, as: UTF8.self), good)

        _ = unlink(path)
        XCTAssertEqual(mkfifo(path, 0o600), 0)
        XCTAssertEqual(reason(), .notRegular)  // and it did not block on the FIFO

        if geteuid() == 0 {
            _ = unlink(path)
            try plant(good)
            XCTAssertEqual(chown(path, 65534, 65534), 0)
            XCTAssertEqual(reason(), .owner)
        }

        // The console says why and starts nothing.
        var notices: [String] = []
        XCTAssertNil(ConsoleStationLink.make(journalPath: journalPath(), strings: Strings(.zh), notices: &notices))
        XCTAssertEqual(notices.count, 1)
        XCTAssertTrue(notices[0].hasPrefix("派出所同步设置文件 \(path) "), notices[0])
        XCTAssertTrue(notices[0].contains("未使用，后台同步没有启动"), notices[0])
    }
}
