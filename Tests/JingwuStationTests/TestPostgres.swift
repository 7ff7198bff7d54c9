import Foundation
import JingwuJournal
import JingwuStation
import JingwuTestSupport
import Testing

/// The real PostgreSQL the station's tests run against (never a mock): `$JINGWU_TEST_PG` when
/// `.ci/run` (or a person) started one, else a throwaway cluster this test process (Swift Testing's
/// run of `swift test`; XCTest's runs no station test) starts with `scripts/pg-test-server.sh` and
/// stops when it exits. With `CI` set and no server, the tests fail; elsewhere they are cancelled
/// (Swift Testing's skip), saying why on stderr.
enum TestPostgres {
    nonisolated(unsafe) static var startedDirectory: String?
    /// The password role's settings printed by the script this process ran (`JINGWU_TEST_PG_PWROLE`, `…_PWFILE`).
    nonisolated(unsafe) static var startedSettings: [String: String] = [:]

    static let admin: Result<String, TestPostgresUnavailable> = {
        if let url = ProcessInfo.processInfo.environment["JINGWU_TEST_PG"], !url.isEmpty { return .success(url) }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/pg-test-server.sh").path
        // popen, not Foundation's Process: its waitUntilExit can hang here once the script has
        // left a server running in the background.
        guard let pipe = popen("/bin/bash '\(script)' start 2>&1", "r") else {
            return .failure(TestPostgresUnavailable(reason: "cannot run \(script)"))
        }
        var text = ""
        var buffer = [CChar](repeating: 0, count: 4096)
        while fgets(&buffer, Int32(buffer.count), pipe) != nil {
            text += String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        let status = pclose(pipe)
        var settings: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            settings[String(parts[0])] = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "'"))
        }
        guard status == 0, let url = settings["JINGWU_TEST_PG"], let dir = settings["JINGWU_TEST_PG_DIR"] else {
            return .failure(TestPostgresUnavailable(reason: "scripts/pg-test-server.sh start failed: \(text)"))
        }
        startedDirectory = dir
        startedSettings = settings
        // Stopped when the test process exits.
        atexit { TestPostgres.stop() }
        return .success(url)
    }()

    static func stop() {
        guard let dir = startedDirectory else { return }
        startedDirectory = nil
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/pg-test-server.sh").path
        _ = system("/bin/bash '\(script)' stop '\(dir)' >/dev/null 2>&1")
    }

    /// The admin URL, or: fail under CI, skip (loudly: cancel the test) elsewhere.
    static func adminURL() throws -> String {
        switch admin {
        case .success(let url): return url
        case .failure(let unavailable):
            if ProcessInfo.processInfo.environment["CI"] != nil {
                XCTFail("CI is set and no PostgreSQL could be started: \(unavailable.reason)")
                throw unavailable
            }
            FileHandle.standardError.write(Data("SKIPPED station tests: no PostgreSQL (\(unavailable.reason))\n".utf8))
            try Test.cancel("no PostgreSQL: \(unavailable.reason)")
        }
    }

    /// The role that logs in with a password (scram-sha-256), its passfile and the password in it:
    /// `scripts/pg-test-server.sh` makes them. From the script this process ran, else from
    /// `$JINGWU_TEST_PG_PWROLE`/`$JINGWU_TEST_PG_PWFILE`, else `$JINGWU_TEST_PG_DIR/pgpass`. A
    /// cluster started by an older script has none: fail under CI, skip loudly elsewhere.
    static func passwordRole() throws -> PasswordRole {
        _ = try adminURL()
        let environment = ProcessInfo.processInfo.environment
        var role = startedSettings["JINGWU_TEST_PG_PWROLE"] ?? environment["JINGWU_TEST_PG_PWROLE"]
        var file = startedSettings["JINGWU_TEST_PG_PWFILE"] ?? environment["JINGWU_TEST_PG_PWFILE"]
        if file == nil, let dir = environment["JINGWU_TEST_PG_DIR"], FileManager.default.fileExists(atPath: dir + "/pgpass") {
            file = dir + "/pgpass"
            role = role ?? "jingwu_login"
        }
        // The passfile's one line: *:*:*:ROLE:PASSWORD.
        if let role, let file, let text = try? String(contentsOfFile: file, encoding: .utf8),
           let line = text.split(separator: "\n").first {
            let fields = line.split(separator: ":", maxSplits: 4, omittingEmptySubsequences: false)
            if fields.count == 5, fields[3] == Substring(role), !fields[4].isEmpty {
                return PasswordRole(role: role, passfile: file, password: String(fields[4]))
            }
        }
        let reason = "the test server has no password role (started by an older scripts/pg-test-server.sh? "
            + "export JINGWU_TEST_PG_PWROLE and JINGWU_TEST_PG_PWFILE from its output)"
        if environment["CI"] != nil {
            XCTFail("CI is set and \(reason)")
            throw TestPostgresUnavailable(reason: reason)
        }
        FileHandle.standardError.write(Data("SKIPPED password-login tests: \(reason)\n".utf8))
        try Test.cancel("\(reason)")
    }

    /// `url` pointing at database `name` (the same host, user and options).
    static func url(_ url: String, database name: String, user: String? = nil) -> String {
        var components = URLComponents(string: url)!
        components.path = "/" + name
        if let user {
            var items = components.queryItems ?? []
            items.removeAll { $0.name == "user" }
            items.append(URLQueryItem(name: "user", value: user))
            components.queryItems = items
        }
        return components.string!
    }

    /// One database made at a time (the suites run side by side; each makes its own).
    private static let creating = NSLock()

    /// A fresh, empty database for one test class (dropped first if a previous run left it).
    static func freshDatabase(_ name: String) throws -> String {
        let admin = try adminURL()
        creating.lock()
        defer { creating.unlock() }
        let db = try PGConnection(url: admin)
        try db.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
                    [name])
        try db.script("DROP DATABASE IF EXISTS \(name)")
        try db.script("CREATE DATABASE \(name)")
        return url(admin, database: name)
    }

    /// Template databases made by this process (see `freshDatabase(_:copying:prepare:)`), under `templateLock`.
    nonisolated(unsafe) private static var templates: Set<String> = []
    private static let templateLock = NSLock()

    /// A fresh database `name` that is a copy (`CREATE DATABASE … TEMPLATE`, made by the server) of
    /// database `template`, which `prepare` fills once per test process, given its URL: for a fixture
    /// that is the same for every test that uses it (a schema and offices synced to it), made once
    /// instead of once per test. `prepare` must close every connection it opens (a database with a
    /// connection cannot be copied); the template is never used otherwise, so each copy starts equal.
    static func freshDatabase(_ name: String, copying template: String, prepare: (String) throws -> Void) throws -> String {
        let admin = try adminURL()
        try templateLock.withLock {
            guard !templates.contains(template) else { return }
            // Made again by each process (a previous run's may be of other code or half made).
            let templateURL = try freshDatabase(template)
            try prepare(templateURL)
            templates.insert(template)
        }
        creating.lock()
        defer { creating.unlock() }
        let db = try PGConnection(url: admin)
        try db.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
                    [name])
        try db.script("DROP DATABASE IF EXISTS \(name)")
        try db.script("CREATE DATABASE \(name) TEMPLATE \(template)")
        return url(admin, database: name)
    }
}

struct PasswordRole {
    var role: String
    var passfile: String
    var password: String
}

struct TestPostgresUnavailable: Error {
    var reason: String
}
