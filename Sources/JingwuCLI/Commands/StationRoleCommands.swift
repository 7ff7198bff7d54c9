import Foundation
import JingwuConsole
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuStation

/// The station's roles (`station grant`) and its read-only console (`jingwu --station URL --office X`).
enum StationRoleCommands {
    static let all: [CommandSpec] = [
        CommandSpec(["station", "grant"], summaryKey: "station.cli.grant",
                    usage: "(--office NAME --role ROLE | --leadership ROLE) [--print] [--db URL]",
                    options: [.value("db"), .value("office"), .value("role"), .value("leadership"), .flag("print")],
                    run: grant),
        CommandSpec(["station", "revoke"], summaryKey: "station.cli.revoke", usage: "--role ROLE [--print] [--db URL]",
                    options: [.value("db"), .value("role"), .flag("print")], run: revoke),
    ]

    // MARK: station revoke

    /// Takes a role's office (or leadership) and its privileges away; with `--print`, prints the
    /// SQL instead, touching nothing. The role itself and what it synced stay.
    static func revoke(_ context: CommandContext, _ parsed: ParsedArguments) throws -> Int32 {
        guard let role = parsed.value("role") else { throw UsageError("station.revoke.need_role") }
        try StationRoles.checkRoleName(role)
        if parsed.has("print") {
            context.output.write("-- jingwu station revoke: run as the owner of schema jingwu")
            context.output.write("BEGIN;")
            context.output.write("DELETE FROM jingwu.roles WHERE role_name = \(StationRoles.literal(role));")
            for statement in StationRoles.revokeSQL(role: role) { context.output.write(statement + ";") }
            context.output.write("COMMIT;")
            return ExitCode.ok
        }
        let db = try StationCommands.connect(context, parsed)
        let revoked = try StationRoles.revoke(db, role: role)
        if context.global.json {
            context.output.write("{\"role\":\(JSONValue.quote(role)),\"office\":\(revoked.office.map(JSONValue.quote) ?? "null"),"
                + "\"leadership\":\(revoked.office == nil)}")
            return ExitCode.ok
        }
        if let office = revoked.office {
            context.say("station.revoke.office", ["role": SafeText.line(role), "office": SafeText.line(office)])
        } else {
            context.say("station.revoke.leadership", ["role": SafeText.line(role)])
        }
        return ExitCode.ok
    }

    // MARK: station grant

    /// Maps a database role to an office (or the leadership) and grants its privileges; with
    /// `--print`, prints the SQL instead (for whoever holds the rights), touching nothing.
    static func grant(_ context: CommandContext, _ parsed: ParsedArguments) throws -> Int32 {
        let what: StationRoles.Grant
        let role: String
        switch (parsed.value("office"), parsed.value("role"), parsed.value("leadership")) {
        case (let office?, let r?, nil):
            what = .office(office)
            role = r
        case (nil, nil, let r?):
            what = .leadership
            role = r
        default:
            throw UsageError("station.grant.need_one")
        }
        try StationRoles.checkRoleName(role)
        if parsed.has("print") {
            if case .office(let office) = what, office.isEmpty { throw StationRoleError.badOffice(office: office) }
            let existing = "SELECT 1 FROM pg_roles WHERE rolname = \(StationRoles.literal(role))"
            context.output.write("-- jingwu station grant: run as the owner of schema jingwu (with CREATEROLE for the role)")
            context.output.write("-- CREATE ROLE only when this finds nothing: \(existing);")
            context.output.write("BEGIN;")
            for statement in StationRoles.script(what, role: role, createRole: true) { context.output.write(statement + ";") }
            context.output.write("COMMIT;")
            context.output.write("-- then set the role's password with psql: \\password \(StationRoles.identifier(role))")
            return ExitCode.ok
        }
        let db = try StationCommands.connect(context, parsed)
        let result = try StationRoles.grant(db, what, role: role)
        if context.global.json {
            let office: String
            if case .office(let name) = what { office = JSONValue.quote(name) } else { office = "null" }
            context.output.write("{\"role\":\(JSONValue.quote(role)),\"office\":\(office),"
                + "\"leadership\":\(what == .leadership),\"createdRole\":\(result.createdRole),\"unchanged\":\(result.unchanged)}")
            return ExitCode.ok
        }
        let safeRole = SafeText.line(role)
        if result.unchanged {
            context.say("station.grant.unchanged", ["role": safeRole])
        } else if case .office(let office) = what {
            context.say("station.grant.office", ["role": safeRole, "office": SafeText.line(office)])
        } else {
            context.say("station.grant.leadership", ["role": safeRole])
        }
        if result.createdRole { context.say("station.grant.created_role", ["role": safeRole]) }
        return ExitCode.ok
    }

    // MARK: the read-only console

    /// `jingwu --station URL --office X`: fetches the office's records from the station (each one
    /// chain-checked as it arrives), opens them as a journal in a private temporary folder, and runs
    /// the console on it read-only: 【只读】 in the title, every write refused, nothing kept afterwards.
    static func openConsole(_ context: CommandContext, _ pairs: [(String, String?)]) throws -> Int32 {
        var parsed = ParsedArguments(global: context.global)
        try ArgumentParser.bind(pairs, words: [], spec: [.value("station"), .value("office")], into: &parsed)
        if let extra = parsed.words.first { throw UsageError("cli.usage.unexpected_word", ["word": extra]) }
        guard let url = parsed.value("station"), let office = parsed.value("office") else {
            throw UsageError("station.readonly.need_both")
        }
        if parsed.values("station").contains(where: StationURL.holdsPassword) {
            throw StationError.passwordOnCommandLine(option: "--station")
        }
        let copy = try fetchCopy(context, url: url, office: office)
        defer { if let folder = copy.folder { try? FileManager.default.removeItem(atPath: folder) } }
        // What the station receives while the console is open: fetched in the background, folded at a tick.
        let feed = try makeFeed(context, url: url, copy: copy)
        do {
            try Console.run(office: copy.office, path: copy.fetched.path, strings: context.strings, clock: context.clock,
                            explicitOperator: nil, notices: [copy.notice],
                            makers: FirstRunScreen.Makers(create: { _, _ in throw StationCopyRefusal(office: office) },
                                                          demo: { throw StationCopyRefusal(office: office) }),
                            readOnlyCopy: copy.refusal, stationCopy: feed)
        } catch Console.StartError.notATerminal {
            context.output.error(context.strings.text("cli.error_prefix") + context.strings.text("console.error.terminal"))
            return ExitCode.usage
        }
        return ExitCode.ok
    }

    /// Seconds between the read-only console's looks at the station: each costs the station one small
    /// query when nothing is new.
    static let copyEvery: TimeInterval = 5

    /// The read-only console's refresh, started: its own connection (made on its thread, with a bounded
    /// connect time), appending to the copy's file under the copy's lock.
    static func makeFeed(_ context: CommandContext, url: String, copy: Copy,
                         every: TimeInterval? = nil) throws -> ConsoleStationCopy {
        let feed = StationCopyFeed(url: StationURL.resolve(option: url, environment: context.environment),
                                   journalID: copy.fetched.journalID, office: copy.fetched.office, path: copy.fetched.path,
                                   lockPath: copy.lockPath,
                                   copyHead: Int64(copy.office.journal.headSeq),
                                   every: every ?? copyEvery,
                                   clock: { [clock = context.clock] in clock.now() })
        try feed.start()
        return ConsoleStationCopy(feed: feed, office: copy.fetched.office, strings: context.strings)
    }

    /// Copies left by a console that was killed (its process is gone): nothing of an office's
    /// records stays in the temporary folder longer than the next start.
    static func removeAbandonedCopies() {
        let base = NSTemporaryDirectory()
        let prefix = "jingwu-station-copy-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [] where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count).prefix { $0 != "-" }), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { try? FileManager.default.removeItem(atPath: base + name) }
        }
    }

    /// What the read-only console opens.
    struct Copy {
        var office: Office
        var fetched: StationCopy.Fetched
        /// The temporary folder to remove at the end; nil for the station cache's copy, which stays.
        var folder: String?
        /// The station cache's lock for this journal (`station report` takes it too); nil for a temporary copy.
        var lockPath: String?
        var notice: String
        var refusal: String
    }

    /// Opens the station's copy of `office` (tests open the console on it in memory): the station
    /// report's local copy (`StationCache`, in `$XDG_CACHE_HOME/jingwu/station`), brought up to the
    /// station's head — only the records since the last look are fetched, and its checkpoint is
    /// used — or, with no cache folder to be had, a copy fetched whole into a private temporary
    /// folder that goes when the console ends.
    static func fetchCopy(_ context: CommandContext, url: String, office: String) throws -> Copy {
        let db = try PGConnection(url: StationURL.resolve(option: url, environment: context.environment))
        removeAbandonedCopies()
        let strings = context.strings
        guard let root = StationCache.defaultRoot(environment: context.environment) else {
            return try fetchTemporaryCopy(context, db: db, office: office)
        }
        let (head, lastSynced) = try StationCopy.find(db, office: office)
        let cache = StationCache(root: root)
        let opened: Office
        do {
            opened = try cache.locked(head) {
                try StationReportCommands.open(head, cache: cache, db: db, context: context, readOnlyCopy: true)
            }
        } catch StationCacheError.chainBroken(let name, _, let seq) {
            throw StationCopyError.chainBroken(office: name, seq: seq)
        }
        let path = cache.journalPath(head)
        let fetched = StationCopy.Fetched(journalID: head.journalID, office: head.office, headSeq: head.headSeq,
                                          lastSynced: lastSynced, path: path)
        let notice = strings.text("station.readonly.notice", [
            "office": SafeText.line(head.office), "seq": String(head.headSeq), "last": lastSynced])
        return Copy(office: opened, fetched: fetched, folder: nil, lockPath: cache.folder(head) + "/lock", notice: notice,
                    refusal: StationCopyRefusal(office: head.office).message(strings))
    }

    /// The whole journal fetched into a private temporary folder (`Copy.folder`, removed at the end).
    static func fetchTemporaryCopy(_ context: CommandContext, db: PGConnection, office: String) throws -> Copy {
        let folder = NSTemporaryDirectory() + "jingwu-station-copy-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        do {
            let progress = StationCommands.showsProgress(context) ? ProgressLine(context.strings) : nil
            let fetched = try StationCopy.fetch(db, office: office, to: folder + "/journal.jsonl") { count in
                progress?.showChecked(count)
            }
            progress?.end()
            let file = try FileJournal(path: fetched.path, clock: context.clock)
            let journal = StationCopyJournal(file, office: fetched.office)
            let opened = try Office(journal: journal, clock: context.clock)
            let strings = context.strings
            let notice = strings.text("station.readonly.notice", [
                "office": SafeText.line(fetched.office), "seq": String(fetched.headSeq), "last": fetched.lastSynced])
            let refusal = StationCopyRefusal(office: fetched.office).message(strings)
            return Copy(office: opened, fetched: fetched, folder: folder, lockPath: nil, notice: notice, refusal: refusal)
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
    }
}
