import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuStation

/// `station connect` / `station disconnect`: the office's setting for the console's background sync
/// (`<journal>.station`, see `StationSetting`). No password is ever stored: libpq reads ~/.pgpass.
enum StationLinkCommands {
    static let all: [CommandSpec] = [
        CommandSpec(["station", "connect"], summaryKey: "station.cli.connect", usage: "[--db URL] [--every MINUTES]",
                    options: [.value("db"), .value("every")], run: connect),
        CommandSpec(["station", "disconnect"], summaryKey: "station.cli.disconnect", run: disconnect),
    ]

    static func connect(_ context: CommandContext, _ parsed: ParsedArguments) throws -> Int32 {
        var every = StationSetting.defaultEvery
        if let text = parsed.value("every") {
            guard let n = Int(text), StationSetting.everyRange.contains(n) else {
                throw UsageError("station.usage.bad_every", ["value": text])
            }
            every = n
        }
        let url = StationURL.resolve(option: parsed.value("db"), environment: context.environment)
        guard !url.isEmpty else { throw UsageError("station.usage.connect_needs_db") }
        // A password would be kept in a file in the office folder: refused, before anything is touched.
        guard !StationURL.holdsPassword(url) else { throw StationError.passwordNotStored }
        // The journal first, then the station: a setting is written only for a station that answers and has its schema.
        let identity = try JournalIdentity.read(path: context.journalPath)
        let db = try PGConnection(url: url, connectTimeout: 10)
        try StationSchema.require(db)
        try StationSetting(url: url, everyMinutes: every).write(journalPath: context.journalPath)
        if context.global.json {
            context.output.write("{\"setting\":\(JSONValue.quote(StationSetting.path(forJournal: context.journalPath))),"
                + "\"db\":\(JSONValue.quote(db.displayURL)),\"every\":\(every)}")
        } else {
            context.say("station.connect.done", ["office": identity.office, "url": db.displayURL, "every": String(every),
                                                 "path": StationSetting.path(forJournal: context.journalPath)])
        }
        return ExitCode.ok
    }

    static func disconnect(_ context: CommandContext, _ parsed: ParsedArguments) throws -> Int32 {
        let removed = try StationSetting.remove(journalPath: context.journalPath)
        if context.global.json {
            context.output.write("{\"removed\":\(removed)}")
        } else {
            context.say(removed ? "station.disconnect.done" : "station.disconnect.none",
                        ["path": StationSetting.path(forJournal: context.journalPath)])
        }
        return ExitCode.ok
    }
}
