import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuStation

/// The station (派出所) side: `station init`, `sync`, `station status`, `station verify`.
/// The database comes from `--db`, else `$JINGWU_STATION_DB`, else libpq's environment and ~/.pgpass.
enum StationCommands {
    static let all: [CommandSpec] = [
        CommandSpec(["station", "init"], summaryKey: "station.cli.init", usage: "[--db URL]",
                    options: [.value("db")], run: initialize),
        CommandSpec(["sync"], summaryKey: "station.cli.sync", usage: "[--db URL] [--batch N] [--full] [--connections 1|2]",
                    options: [.value("db"), .value("batch"), .flag("full"), .value("connections")], run: sync),
        CommandSpec(["station", "status"], summaryKey: "station.cli.status", usage: "[--db URL]",
                    options: [.value("db")], run: status),
        CommandSpec(["station", "verify"], summaryKey: "station.cli.verify", usage: "[--db URL]",
                    options: [.value("db")], run: verify),
    ]

    static func connect(_ context: CommandContext, _ parsed: ParsedArguments) throws -> PGConnection {
        try PGConnection(url: StationURL.resolve(option: parsed.value("db"), environment: context.environment))
    }

    /// True when progress may be drawn: stderr is a terminal of this very process.
    static func showsProgress(_ context: CommandContext) -> Bool {
        context.output is StandardOutput && isatty(2) == 1
    }

    // MARK: station init

    static func initialize(_ context: CommandContext, _ parsed: ParsedArguments) throws -> Int32 {
        let db = try connect(context, parsed)
        let result = try StationSchema.initialize(db)
        if context.global.json {
            context.output.write("{\"before\":\(result.before),\"version\":\(result.after),"
                + "\"applied\":[\(result.applied.map(String.init).joined(separator: ","))]}")
        } else if result.applied.isEmpty {
            context.say("station.init.unchanged", ["version": String(result.after), "url": db.displayURL])
        } else if result.before == 0 {
            context.say("station.init.created", ["version": String(result.after), "url": db.displayURL])
        } else {
            context.say("station.init.upgraded", ["before": String(result.before), "after": String(result.after),
                                                  "url": db.displayURL])
        }
        return ExitCode.ok
    }

    // MARK: sync

    static func sync(_ context: CommandContext, _ parsed: ParsedArguments) throws -> Int32 {
        var options = StationSync.Options()
        if let text = parsed.value("batch") {
            guard let n = Int(text), (1...1_000_000).contains(n) else {
                throw UsageError("station.usage.bad_batch", ["value": text])
            }
            options.batchRecords = n
        }
        options.full = parsed.has("full")
        // The journal first: a missing one is named before any network is touched.
        _ = try JournalIdentity.read(path: context.journalPath)
        let db = try connect(context, parsed)
        // Batches loaded over two connections at once (the server's insert is most of the time).
        if let text = parsed.value("connections"), text != "2" {
            guard text == "1" else { throw UsageError("station.usage.bad_connections", ["value": text]) }
        } else {
            options.secondConnection = { try connect(context, parsed) }
        }
        let progress = showsProgress(context) ? ProgressLine(context.strings) : nil
        if let progress { options.progress = { progress.show($0) } }
        let result = try ProgressLine.around(progress) {
            try StationSync(db: db, journalPath: context.journalPath, options: options).run()
        }
        if context.global.json {
            context.output.write("{\"journal\":\"\(result.identity.journalID.uuidString.lowercased())\","
                + "\"office\":\(JSONValue.quote(result.identity.office)),\"pushed\":\(result.pushed),"
                + "\"batches\":\(result.batches),\"headSeq\":\(result.headSeq),\"headHash\":\"\(result.headHash)\""
                + (result.localDamageSeq.map { ",\"localDamageSeq\":\($0)" } ?? "") + "}")
        } else {
            let args = ["office": result.identity.office, "count": String(result.pushed), "batches": String(result.batches),
                        "seq": String(result.headSeq), "hash": result.headHash]
            context.say(result.pushed == 0 ? "station.sync.nothing" : "station.sync.done", args)
        }
        if let seq = result.localDamageSeq {
            context.output.error(context.strings.text("station.sync.local_damage", ["seq": String(seq)]))
            return ExitCode.damageFound
        }
        return ExitCode.ok
    }

    // MARK: station status

    static func status(_ context: CommandContext, _ parsed: ParsedArguments) throws -> Int32 {
        let db = try connect(context, parsed)
        let (journals, conflicts) = try StationViews.status(db)
        if context.global.json {
            let rows = journals.map { j in
                "{\"journal\":\"\(j.journalID)\",\"station\":\(JSONValue.quote(j.station)),\"office\":\(JSONValue.quote(j.office)),"
                    + "\"headSeq\":\(j.headSeq),\"headHash\":\"\(j.headHash)\",\"records\":\(j.records),"
                    + "\"firstSynced\":\"\(j.firstSynced)\",\"lastSynced\":\"\(j.lastSynced)\","
                    + "\"lastSyncRecords\":\(j.lastSyncRecords),\"lagSeconds\":\(j.lagSeconds),"
                    + "\"newestRecorded\":\"\(j.newestRecorded)\",\"conflicts\":\(j.conflicts)}"
            }
            let found = conflicts.map { c in
                "{\"journal\":\"\(c.journalID)\",\"office\":\(JSONValue.quote(c.office)),\"detected\":\"\(c.detected)\","
                    + "\"kind\":\"\(c.kind)\",\"firstDifferingSeq\":\(c.firstDifferingSeq),"
                    + "\"stationHeadSeq\":\(c.stationHeadSeq),\"officeHeadSeq\":\(c.officeHeadSeq)}"
            }
            context.output.write("{\"journals\":[\(rows.joined(separator: ","))],\"conflicts\":[\(found.joined(separator: ","))]}")
            return ExitCode.ok
        }
        context.say("station.status.title", ["url": db.displayURL, "count": String(journals.count)])
        if journals.isEmpty { context.say("station.status.empty") }
        for j in journals {
            context.say("station.status.journal", [
                "office": SafeText.line(j.office), "station": SafeText.line(j.station), "journal": String(j.journalID.prefix(8)),
                "seq": String(j.headSeq), "hash": String(j.headHash.prefix(16)), "last": j.lastSynced,
                "added": String(j.lastSyncRecords), "conflicts": String(j.conflicts),
                "lag": lag(context, seconds: j.lagSeconds),
                "newest": j.newestRecorded.isEmpty ? "—" : j.newestRecorded,
            ])
        }
        if !conflicts.isEmpty {
            context.say("station.status.conflicts", ["count": String(conflicts.count)])
            for c in conflicts {
                context.say("station.status.conflict." + c.kind, [
                    "detected": c.detected, "office": SafeText.line(c.office), "journal": String(c.journalID.prefix(8)),
                    "seq": String(c.firstDifferingSeq), "station_head": String(c.stationHeadSeq),
                    "office_head": String(c.officeHeadSeq),
                ])
            }
        }
        return ExitCode.ok
    }

    /// How long ago the station last heard from an office: 「不到 1 分钟」, 「25 分钟」, 「3 小时 5 分钟」, 「2 天 4 小时」.
    static func lag(_ context: CommandContext, seconds: Int64) -> String {
        let minutes = seconds / 60
        if minutes < 1 { return context.strings.text("station.status.lag.now") }
        if minutes < 60 { return context.strings.text("station.status.lag.minutes", ["m": String(minutes)]) }
        if minutes < 1440 { return context.strings.text("station.status.lag.hours", ["h": String(minutes / 60), "m": String(minutes % 60)]) }
        return context.strings.text("station.status.lag.days", ["d": String(minutes / 1440), "h": String(minutes % 1440 / 60)])
    }

    // MARK: station verify

    static func verify(_ context: CommandContext, _ parsed: ParsedArguments) throws -> Int32 {
        let db = try connect(context, parsed)
        let progress = showsProgress(context) ? ProgressLine(context.strings) : nil
        let reports = try StationVerify.run(db) { checked in progress?.showChecked(checked) }
        progress?.end()
        let damaged = reports.filter { !$0.isIntact }
        if context.global.json {
            let rows = reports.map { r in
                "{\"journal\":\"\(r.journalID)\",\"office\":\(JSONValue.quote(r.office)),\"ok\":\(r.isIntact),"
                    + "\"checked\":\(r.checked),\"headSeq\":\(r.headSeq),\"headHash\":\"\(r.headHash)\""
                    + (r.problemSeq.map { ",\"problemSeq\":\($0),\"problem\":\"\(r.problem ?? "")\"" } ?? "") + "}"
            }
            context.output.write("{\"ok\":\(damaged.isEmpty),\"journals\":[\(rows.joined(separator: ","))]}")
        } else {
            for r in reports {
                let args = ["office": SafeText.line(r.office), "journal": String(r.journalID.prefix(8)),
                            "count": String(r.checked), "seq": String(r.problemSeq ?? r.headSeq), "hash": r.headHash]
                context.say(r.isIntact ? "station.verify.ok" : "station.verify.bad." + (r.problem ?? "hash"), args)
            }
            context.say(damaged.isEmpty ? "station.verify.all_ok" : "station.verify.some_bad",
                        ["count": String(reports.count), "bad": String(damaged.count)])
        }
        return damaged.isEmpty ? ExitCode.ok : ExitCode.damageFound
    }
}

/// A progress line on a terminal's stderr, redrawn in place a few times a second.
final class ProgressLine {
    let strings: Strings
    private var drawn = false

    init(_ strings: Strings) { self.strings = strings }

    /// `key`: the line's text (sync, or a bundle's import or export), with the same placeholders.
    func show(_ p: SyncProgress, key: String = "station.sync.progress") {
        let rate = p.elapsed > 0 ? Double(p.pushed) / p.elapsed : 0
        let fraction = p.totalBytes > 0 ? Double(p.scannedBytes) / Double(p.totalBytes) : 1
        let left = fraction > 0 ? p.elapsed * (1 - fraction) / fraction : 0
        draw(strings.text(key, [
            "count": String(p.pushed), "rate": String(Int(rate)), "left": String(Int(left.rounded(.up))),
            "percent": String(Int(fraction * 100)),
        ]))
    }

    func showChecked(_ count: Int64) {
        draw(strings.text("station.verify.progress", ["count": String(count)]))
    }

    private func draw(_ text: String) {
        let bytes = Array(("\r\u{1B}[K" + text).utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress!, $0.count) }
        drawn = true
    }

    /// Runs `body`, then erases the line (drawn by `body`'s progress reports), whether it
    /// returned or threw.
    static func around<T>(_ line: ProgressLine?, _ body: () throws -> T) rethrows -> T {
        defer { line?.end() }
        return try body()
    }

    func end() {
        guard drawn else { return }
        let bytes = Array("\r\u{1B}[K".utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress!, $0.count) }
        drawn = false
    }
}
