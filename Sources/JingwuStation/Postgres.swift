import CLibpq
import Foundation
import JingwuResources

/// Where the station's database is: `--db`, else `$JINGWU_STATION_DB`, else libpq's own
/// environment (`PGHOST`, `PGDATABASE`, …) and `~/.pgpass` (an empty connection string).
///
/// A password may come from `$JINGWU_STATION_DB` (never from the command line, where others see it:
/// `holdsPassword`), and never reaches output: `redacted` is the address shown in messages, and
/// `secrets` are what a message from libpq must not repeat (it quotes a malformed address's parts).
public enum StationURL {
    public static func resolve(option: String?, environment: [String: String]) -> String {
        if let option, !option.isEmpty { return option }
        if let url = environment["JINGWU_STATION_DB"], !url.isEmpty { return url }
        return ""
    }

    /// The connection string with any password removed, for messages: the user-info password of
    /// a URL (`postgresql://user:secret@host/db`), a `password=` query parameter (its name
    /// percent-encoded or not), a `password` keyword of the key=value form (`password = 'x y'`).
    /// Whatever follows a point where the key=value form cannot be read is shown as `…` (an
    /// unquoted password with a space leaves its second half there). An empty string (libpq's
    /// environment) is shown as such.
    public static func redacted(_ url: String) -> String {
        if url.isEmpty { return "(PGHOST/PGDATABASE …)" }
        return parse(url).shown
    }

    /// True when the address holds a password, even an empty one: a user-info `:` of a URL,
    /// a `password` query parameter or keyword (what `station connect` and the command line refuse).
    public static func holdsPassword(_ url: String) -> Bool {
        !url.isEmpty && parse(url).holdsPassword
    }

    /// Every password the address holds, as typed and percent-decoded (unquoted, unescaped), and
    /// for a URL whatever stands where a password could be: no message may contain any of them.
    public static func secrets(_ url: String) -> [String] {
        url.isEmpty ? [] : parse(url).secrets.filter { !$0.isEmpty }
    }

    struct Parsed {
        var shown: String
        var holdsPassword = false
        var secrets: [String] = []
    }

    static let uriPrefixes = ["postgresql://", "postgres://"]

    static func parse(_ url: String, depth: Int = 0) -> Parsed {
        // libpq takes a URI only when the string starts with one of its two prefixes (case matters).
        if let prefix = uriPrefixes.first(where: { url.hasPrefix($0) }) {
            return parseURI(url, prefix: prefix)
        }
        return parseKeywords(url, depth: depth)
    }

    private static func parseURI(_ url: String, prefix: String) -> Parsed {
        let scalars = Array(url.unicodeScalars)
        let start = prefix.unicodeScalars.count
        var result = Parsed(shown: "")
        // The user info ends at an `@`: libpq's own reading (the first `@` before any `/`), and to be
        // safe with an unescaped `/` in a password, the last `@` before the query.
        var ends: [Int] = []
        if let first = scalars[start...].firstIndex(where: { $0 == "@" || $0 == "/" }), scalars[first] == "@" {
            ends.append(first)
        }
        let queryStart = scalars[start...].firstIndex(of: "?") ?? scalars.count
        if let last = scalars[start..<queryStart].lastIndex(of: "@") { ends.append(last) }
        var kept = scalars
        if let at = ends.max() {
            if let colon = scalars[start..<at].firstIndex(of: ":") {
                result.holdsPassword = true
                // Every reading's password, from the colon to each candidate `@`.
                for end in Set(ends).sorted() where end > colon {
                    let typed = String(String.UnicodeScalarView(scalars[(colon + 1)..<end]))
                    result.secrets += [typed, percentDecoded(typed)]
                }
                kept.removeSubrange(colon..<at)
            }
        }
        var text = String(String.UnicodeScalarView(kept))
        // password=… among the query parameters (its name may be percent-encoded: libpq decodes it).
        if let query = text.firstIndex(of: "?") {
            let head = text[..<query]
            var params: [Substring] = []
            for param in text[text.index(after: query)...].split(separator: "&", omittingEmptySubsequences: false) {
                let parts = param.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = percentDecoded(String(parts[0])).trimmingCharacters(in: .whitespaces).lowercased()
                if key == "password" {
                    result.holdsPassword = true
                    if parts.count == 2 { result.secrets += [String(parts[1]), percentDecoded(String(parts[1]))] }
                    continue
                }
                params.append(param)
            }
            text = String(head) + (params.isEmpty ? "" : "?" + params.joined(separator: "&"))
        }
        result.shown = text
        return result
    }

    /// libpq's key=value form (`conninfo_parse`): blanks around `=`, a value quoted in `'…'` or not,
    /// a backslash escaping the next character in either.
    private static func parseKeywords(_ url: String, depth: Int) -> Parsed {
        var result = Parsed(shown: "")
        var shown: [String] = []
        let chars = Array(url.unicodeScalars)
        func isBlank(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0B}" || c == "\u{0C}" }
        var i = 0
        var broken = false
        while i < chars.count {
            while i < chars.count, isBlank(chars[i]) { i += 1 }
            guard i < chars.count else { break }
            let tokenStart = i
            var key = ""
            while i < chars.count, chars[i] != "=", !isBlank(chars[i]) { key.unicodeScalars.append(chars[i]); i += 1 }
            while i < chars.count, isBlank(chars[i]) { i += 1 }
            guard i < chars.count, chars[i] == "=" else { broken = true; break }
            i += 1
            while i < chars.count, isBlank(chars[i]) { i += 1 }
            let valueStart = i
            var value = ""
            if i < chars.count, chars[i] == "'" {
                i += 1
                var closed = false
                while i < chars.count {
                    if chars[i] == "\\", i + 1 < chars.count { value.unicodeScalars.append(chars[i + 1]); i += 2; continue }
                    if chars[i] == "'" { closed = true; i += 1; break }
                    value.unicodeScalars.append(chars[i]); i += 1
                }
                if !closed {
                    if key.lowercased() == "password" {
                        result.holdsPassword = true
                        result.secrets += [String(String.UnicodeScalarView(chars[valueStart...])), value]
                    }
                    broken = true
                    break
                }
            } else {
                while i < chars.count, !isBlank(chars[i]) {
                    if chars[i] == "\\", i + 1 < chars.count { value.unicodeScalars.append(chars[i + 1]); i += 2; continue }
                    value.unicodeScalars.append(chars[i]); i += 1
                }
            }
            let typed = String(String.UnicodeScalarView(chars[valueStart..<i]))
            let token = String(String.UnicodeScalarView(chars[tokenStart..<i]))
            switch key.lowercased() {
            case "password":
                result.holdsPassword = true
                result.secrets += [typed, value]
            case "dbname" where depth == 0 && (value.contains("=") || uriPrefixes.contains { value.hasPrefix($0) }):
                // libpq may read a dbname as a connection string of its own.
                let inner = parse(value, depth: 1)
                result.holdsPassword = result.holdsPassword || inner.holdsPassword
                result.secrets += inner.secrets
                shown.append(inner.holdsPassword ? "dbname=…" : token)
            default:
                shown.append(token)
            }
        }
        if broken { shown.append("…") }
        result.shown = shown.joined(separator: " ")
        return result
    }

    /// `%XX` sequences decoded (as libpq does); a malformed one is left as it is.
    static func percentDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var i = 0
        func hex(_ b: UInt8) -> UInt8? {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "%"), i + 2 < utf8.count, let high = hex(utf8[i + 1]), let low = hex(utf8[i + 2]) {
                bytes.append(high << 4 | low)
                i += 3
            } else {
                bytes.append(utf8[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `detail` (libpq's words), or, when it repeats any of the address's passwords, a note that it was left out.
    public static func scrubbed(_ detail: String, secrets: [String]) -> String {
        for secret in secrets where !secret.isEmpty && detail.contains(secret) { return withheldDetail }
        return detail
    }

    /// Put in place of libpq's words when they might repeat a password (see `StationError.detailText`).
    public static let withheldDetail = "\u{1}withheld"
}

/// What went wrong talking to the station, each with its own exit status and a one-line
/// message in the operator's language (`station.json`). Messages never hold a password.
public enum StationError: OperatorError, Equatable {
    /// The connection string itself is malformed (libpq could not parse it).
    case badURL(url: String, detail: String)
    /// The server could not be reached (no such host or socket, refused, down).
    case cannotConnect(url: String, detail: String)
    /// This machine has no libpq (`libpq.so.5`, loaded when the station is first used).
    case clientLibraryMissing(url: String)
    /// The server refused the login (password, role, pg_hba).
    case loginRefused(url: String, detail: String)
    /// The connection dropped during the work: nothing of the batch in flight was kept.
    case connectionLost(detail: String)
    /// The server is out of disk space (SQLSTATE class 53): nothing of the batch was kept.
    case serverFull(detail: String)
    /// Any other refusal by the server.
    case server(sqlstate: String, detail: String)
    /// `station init` has not been run on this database.
    case notInitialized(url: String)
    /// The database's schema is newer than this program knows.
    case schemaTooNew(found: Int, known: Int)
    /// The journal's past does not match what the station holds (recorded as a conflict).
    case conflict(office: String, journal: String, seq: UInt64, stationHead: UInt64, officeHead: UInt64, kind: String)
    /// The same journal's head moved at the station during this sync (another writer without the lock).
    case headMoved(journal: String)
    /// `--db` (or `--station`) on the command line holds a password, where others can see it: refused
    /// before anything is touched (~/.pgpass, PGPASSWORD or `$JINGWU_STATION_DB` hold it instead).
    case passwordOnCommandLine(option: String)
    /// `station connect` was given an address with a password (from `$JINGWU_STATION_DB`): the
    /// setting file stores none.
    case passwordNotStored

    public var messageKey: String {
        switch self {
        case .badURL(_, let detail): return "station.error.bad_url" + StationError.withheldSuffix(detail)
        case .cannotConnect(_, let detail): return "station.error.cannot_connect" + StationError.withheldSuffix(detail)
        case .clientLibraryMissing: return "station.error.no_libpq"
        case .loginRefused(_, let detail): return "station.error.login_refused" + StationError.withheldSuffix(detail)
        case .connectionLost: return "station.error.connection_lost"
        case .serverFull: return "station.error.server_full"
        case .server: return "station.error.server"
        case .notInitialized: return "station.error.not_initialized"
        case .schemaTooNew: return "station.error.schema_too_new"
        case .conflict(_, _, _, _, _, let kind): return "station.error.conflict." + kind
        case .headMoved: return "station.error.head_moved"
        case .passwordOnCommandLine: return "station.error.password_on_command_line"
        case .passwordNotStored: return "station.usage.connect_password"
        }
    }

    /// The message without libpq's words when they were withheld (`StationURL.scrubbed`).
    static func withheldSuffix(_ detail: String) -> String { detail == StationURL.withheldDetail ? "_withheld" : "" }

    public var messageArgs: [String: String] {
        switch self {
        case .badURL(let url, let detail), .cannotConnect(let url, let detail), .loginRefused(let url, let detail):
            return ["url": url, "detail": detail]
        case .connectionLost(let detail), .serverFull(let detail):
            return ["detail": detail]
        case .server(let sqlstate, let detail):
            return ["sqlstate": sqlstate, "detail": detail]
        case .notInitialized(let url), .clientLibraryMissing(let url):
            return ["url": url]
        case .schemaTooNew(let found, let known):
            return ["found": String(found), "known": String(known)]
        case .conflict(let office, let journal, let seq, let stationHead, let officeHead, _):
            return ["office": office, "journal": journal, "seq": String(seq),
                    "station_head": String(stationHead), "office_head": String(officeHead)]
        case .headMoved(let journal):
            return ["journal": journal]
        case .passwordOnCommandLine(let option):
            return ["option": option]
        case .passwordNotStored:
            return [:]
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .badURL, .passwordOnCommandLine, .passwordNotStored: return ExitCode.usage
        case .cannotConnect: return StationExit.unavailable
        case .clientLibraryMissing: return StationExit.osFile
        case .loginRefused: return StationExit.noPermission
        case .connectionLost, .headMoved: return ExitCode.tempFail
        case .serverFull: return ExitCode.ioError
        case .server: return StationExit.protocolError
        case .notInitialized, .schemaTooNew: return StationExit.config
        case .conflict: return ExitCode.dataError
        }
    }
}

/// The sysexits statuses the station adds to `ExitCode`.
public enum StationExit {
    /// EX_UNAVAILABLE: the station's server cannot be reached.
    public static let unavailable: Int32 = 69
    /// EX_OSFILE: a library the station needs (libpq) is not on this machine.
    public static let osFile: Int32 = 72
    /// EX_PROTOCOL: the server refused a statement for a reason not listed elsewhere.
    public static let protocolError: Int32 = 76
    /// EX_NOPERM: the server refused the login.
    public static let noPermission: Int32 = 77
    /// EX_CONFIG: the station's schema is missing or newer than this program.
    public static let config: Int32 = 78
}

/// One result of a statement: rows of text (or binary, when asked) values.
public final class PGResult {
    let handle: OpaquePointer

    init(_ handle: OpaquePointer) { self.handle = handle }
    deinit { jw_PQclear(handle) }

    public var rowCount: Int { Int(jw_PQntuples(handle)) }
    public var columnCount: Int { Int(jw_PQnfields(handle)) }

    /// Rows an INSERT/UPDATE/DELETE touched, or a COPY inserted (0 when the tag gives none).
    public var affectedRows: Int { Int(String(cString: jw_PQcmdTuples(handle))) ?? 0 }

    public func isNull(_ row: Int, _ column: Int) -> Bool { jw_PQgetisnull(handle, Int32(row), Int32(column)) == 1 }

    /// The value as text (nil for NULL).
    public func string(_ row: Int, _ column: Int) -> String? {
        guard !isNull(row, column), let value = jw_PQgetvalue(handle, Int32(row), Int32(column)) else { return nil }
        return String(cString: value)
    }

    public func int(_ row: Int, _ column: Int) -> Int64? { string(row, column).flatMap { Int64($0) } }

    /// The value's bytes (binary results: the raw bytes of a bytea).
    public func withBytes<T>(_ row: Int, _ column: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let length = Int(jw_PQgetlength(handle, Int32(row), Int32(column)))
        let value = jw_PQgetvalue(handle, Int32(row), Int32(column))
        return try body(UnsafeRawBufferPointer(start: value.map { UnsafeRawPointer($0) }, count: length))
    }
}

/// A connection to the station's PostgreSQL through libpq. Values always travel as parameters
/// (`PQexecParams`), never inside the statement's text.
public final class PGConnection {
    let handle: OpaquePointer
    /// The connection string without its password, for messages.
    public let displayURL: String
    /// The address's passwords (`StationURL.secrets`): no message from libpq that repeats one is shown.
    let secrets: [String]

    /// `connectTimeout` (seconds) bounds the connection's set-up, and with it TCP keepalives end a
    /// connection whose peer went silent (the console's background sync: never waits unbounded to connect).
    public init(url: String, connectTimeout: Int? = nil) throws {
        displayURL = StationURL.redacted(url)
        let secrets = StationURL.secrets(url)
        self.secrets = secrets
        // libpq parses the string itself: a URL (postgresql://…), key=value pairs, or "" for its environment.
        var connected: OpaquePointer?
        if let connectTimeout {
            // The string expanded as dbname; the keywords after it override what it says.
            let keywords = ["dbname", "connect_timeout", "keepalives_idle", "keepalives_interval", "keepalives_count",
                            "tcp_user_timeout"]
            let values = [url, String(max(2, connectTimeout)), "15", "5", "3", "30000"]
            connected = PGConnection.withCStrings(keywords) { k in
                PGConnection.withCStrings(values) { v in jw_PQconnectdbParams(k, v, 1) }
            }
        } else {
            connected = jw_PQconnectdb(url)
        }
        guard let handle = connected else {
            // libpq is loaded at the first connection (see CLibpq's shim): a machine without it says so here.
            if jw_pq_unavailable() != nil { throw StationError.clientLibraryMissing(url: displayURL) }
            throw StationError.cannotConnect(url: displayURL, detail: "out of memory")
        }
        self.handle = handle
        if jw_PQstatus(handle) != CONNECTION_OK {
            let detail = PGConnection.oneLine(jw_PQerrorMessage(handle))
            // Fully initialised: the deinit finishes the handle (finishing it here too would free it twice).
            throw PGConnection.classifyConnectFailure(detail, url: displayURL, secrets: secrets,
                                                      holdsPassword: StationURL.holdsPassword(url))
        }
        // Notices (e.g. "schema already exists, skipping") are not the operator's business.
        jw_PQsetNoticeProcessor(handle, { _, _ in }, nil)
    }

    deinit { jw_PQfinish(handle) }

    /// A NULL-terminated array of C strings for libpq's keyword/value calls.
    static func withCStrings<T>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> T) -> T {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } } + [nil]
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    /// What a failed connection stands for. libpq quotes the parts of an address it cannot read
    /// (`invalid percent-encoded token: "se%zz"`, a password's half taken for a port): for an address
    /// holding a password its words are left out of a malformed address's message, and any message
    /// repeating one of `secrets` is shown without them.
    static func classifyConnectFailure(_ raw: String, url: String, secrets: [String] = [],
                                       holdsPassword: Bool = false) -> StationError {
        let lowered = raw.lowercased()
        let detail = StationURL.scrubbed(raw, secrets: secrets)
        if lowered.contains("invalid uri") || lowered.contains("invalid connection option")
            || lowered.contains("missing \"=\"") || lowered.contains("invalid integer value")
            || lowered.contains("unterminated quoted string") || lowered.contains("invalid percent-encoded")
            || lowered.contains("invalid sslmode") || lowered.contains("extra key/value separator")
            || lowered.contains("missing key/value separator") {
            return .badURL(url: url, detail: holdsPassword ? StationURL.withheldDetail : detail)
        }
        if lowered.contains("authentication failed") || lowered.contains("password")
            || lowered.contains("pg_hba.conf") || lowered.contains("role \"") && lowered.contains("does not exist")
            || lowered.contains("permission denied for database") || lowered.contains("not permitted to log in") {
            return .loginRefused(url: url, detail: detail)
        }
        return .cannotConnect(url: url, detail: detail)
    }

    /// A libpq message on one line, trimmed, without the "FATAL:"/"ERROR:" prefixes.
    static func oneLine(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "" }
        let lines = String(cString: message).split(whereSeparator: \.isNewline).map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
        return lines.map { line -> String in
            for prefix in ["FATAL:  ", "ERROR:  ", "FATAL: ", "ERROR: "] where line.hasPrefix(prefix) {
                return String(line.dropFirst(prefix.count))
            }
            return line
        }.joined(separator: "; ")
    }

    /// The error a failed result (or a broken connection) stands for.
    func error(from result: OpaquePointer?) -> StationError {
        let detail = result.map { PGConnection.oneLine(jw_PQresultErrorMessage($0)) } ?? ""
        var message = detail.isEmpty ? PGConnection.oneLine(jw_PQerrorMessage(handle)) : detail
        if StationURL.scrubbed(message, secrets: secrets) != message { message = "…" }
        if jw_PQstatus(handle) != CONNECTION_OK {
            return .connectionLost(detail: message)
        }
        let sqlstate = result.flatMap { jw_PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) } ?? ""
        if sqlstate.hasPrefix("53") { return .serverFull(detail: message) }
        // 57P01 admin shutdown (pg_terminate_backend), 08xxx connection exceptions.
        if sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03" || sqlstate.hasPrefix("08") {
            return .connectionLost(detail: message)
        }
        return .server(sqlstate: sqlstate, detail: message)
    }

    /// Runs one statement with its values as text parameters; returns its rows (or none).
    @discardableResult
    public func exec(_ sql: String, _ parameters: [String?] = [], binaryResult: Bool = false) throws -> PGResult {
        let result = withParameters(parameters) { values, lengths in
            jw_PQexecParams(handle, sql, Int32(parameters.count), nil, values, lengths, nil, binaryResult ? 1 : 0)
        }
        guard let result else { throw error(from: nil) }
        let status = jw_PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let failure = error(from: result)
            jw_PQclear(result)
            throw failure
        }
        return PGResult(result)
    }

    /// Runs statements with no parameters (schema scripts): `PQexec` accepts several at once.
    public func script(_ sql: String) throws {
        guard let result = jw_PQexec(handle, sql) else { throw error(from: nil) }
        defer { jw_PQclear(result) }
        let status = jw_PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else { throw error(from: result) }
    }

    /// Streams the rows of a query one at a time (libpq's single-row mode), binary when asked:
    /// a chain of a million records is checked without holding it in memory.
    public func stream(_ sql: String, _ parameters: [String?] = [], binaryResult: Bool = false,
                       _ body: (PGResult) throws -> Void) throws {
        let sent = withParameters(parameters) { values, lengths in
            jw_PQsendQueryParams(handle, sql, Int32(parameters.count), nil, values, lengths, nil, binaryResult ? 1 : 0)
        }
        guard sent == 1 else { throw error(from: nil) }
        guard jw_PQsetSingleRowMode(handle) == 1 else { throw error(from: nil) }
        var failure: Error?
        while let result = jw_PQgetResult(handle) {
            let status = jw_PQresultStatus(result)
            if failure != nil {
                jw_PQclear(result)
                continue
            }
            if status == PGRES_SINGLE_TUPLE {
                let row = PGResult(result)
                do { try body(row) } catch { failure = error }
            } else if status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK {
                jw_PQclear(result)
            } else {
                failure = error(from: result)
                jw_PQclear(result)
            }
        }
        if let failure { throw failure }
        if jw_PQstatus(handle) != CONNECTION_OK { throw error(from: nil) }
    }

    private func withParameters<T>(_ parameters: [String?],
                                   _ body: (UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?) throws -> T) rethrows -> T {
        var storage: [UnsafeMutablePointer<CChar>?] = parameters.map { $0.map { strdup($0)! } }
        defer { for pointer in storage { free(pointer) } }
        return try storage.withUnsafeMutableBufferPointer { buffer in
            try buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: max(1, parameters.count)) {
                try body(parameters.isEmpty ? nil : UnsafePointer($0), nil)
            }
        }
    }

    // MARK: Transactions

    /// Runs `body` inside BEGIN … COMMIT; any error rolls back and is rethrown.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try exec("BEGIN")
        do {
            let value = try body()
            try exec("COMMIT")
            return value
        } catch {
            if jw_PQstatus(handle) == CONNECTION_OK { _ = try? exec("ROLLBACK") }
            throw error
        }
    }

    // MARK: COPY

    /// Starts `COPY … FROM STDIN`; send the data with `copyData`, end with `copyEnd`.
    public func copyBegin(_ sql: String) throws {
        guard let result = jw_PQexec(handle, sql) else { throw error(from: nil) }
        defer { jw_PQclear(result) }
        guard jw_PQresultStatus(result) == PGRES_COPY_IN else { throw error(from: result) }
    }

    public func copyData(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        let sent = jw_PQputCopyData(handle, bytes.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
        guard sent == 1 else { throw error(from: nil) }
    }

    /// Ends the COPY and returns how many rows the server inserted (its command tag); throws what
    /// the server found wrong with the data (the transaction is then aborted).
    @discardableResult
    public func copyEnd() throws -> Int {
        guard jw_PQputCopyEnd(handle, nil) == 1 else { throw error(from: nil) }
        var failure: StationError?
        var copied = 0
        while let raw = jw_PQgetResult(handle) {
            let result = PGResult(raw)
            if jw_PQresultStatus(raw) != PGRES_COMMAND_OK {
                if failure == nil { failure = error(from: raw) }
            } else {
                copied = result.affectedRows
            }
        }
        if let failure { throw failure }
        if jw_PQstatus(handle) != CONNECTION_OK { throw error(from: nil) }
        return copied
    }

    /// The server process's id (tests end it with `pg_terminate_backend`).
    public var backendPID: Int32 { jw_PQbackendPID(handle) }
}
