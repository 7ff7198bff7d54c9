import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuStation

/// Offline transport to the station: `export` writes a bundle of the journal's records,
/// `station import` (and `import`, the design contract's name) takes one in with the sync's checks.
enum BundleCommands {
    static let all: [CommandSpec] = [
        CommandSpec(["export"], summaryKey: "station.cli.export", usage: "[--since-seq N] --out FILE",
                    options: [.value("since-seq"), .value("out", required: true)], run: export),
        CommandSpec(["station", "import"], summaryKey: "station.cli.import", usage: "FILE [--db URL] [--batch N] [--connections 1|2]",
                    options: [.value("db"), .value("batch"), .value("connections")], takesPositionals: true, run: importBundle),
        CommandSpec(["import"], summaryKey: "station.cli.import", usage: "FILE [--db URL] [--batch N] [--connections 1|2]",
                    options: [.value("db"), .value("batch"), .value("connections")], takesPositionals: true, run: importBundle),
    ]

    // MARK: export

    static func export(_ context: CommandContext, _ parsed: ParsedArguments) throws -> Int32 {
        var since: UInt64 = 0
        if let text = parsed.value("since-seq") {
            guard let n = UInt64(text) else { throw UsageError("station.bundle.usage.bad_since", ["value": text]) }
            since = n
        }
        guard let out = parsed.value("out"), !out.isEmpty else {
            throw UsageError("station.bundle.usage.no_out")
        }
        let progress = StationCommands.showsProgress(context) ? ProgressLine(context.strings) : nil
        let result = try ProgressLine.around(progress) {
            try BundleExport.write(journalPath: context.journalPath, sinceSeq: since, to: out,
                                   progress: progress.map { line in { line.show($0, key: "station.bundle.export.progress") } })
        }
        if context.global.json {
            context.output.write("{\"out\":\(JSONValue.quote(out)),\"journal\":\"\(result.identity.journalID.uuidString.lowercased())\","
                + "\"office\":\(JSONValue.quote(result.identity.office)),\"firstSeq\":\(result.firstSeq),"
                + "\"lastSeq\":\(result.lastSeq),\"count\":\(result.count),\"headHash\":\"\(result.headHash)\","
                + "\"sha256\":\"\(result.sha256)\",\"bytes\":\(result.bytes)"
                + (result.localDamageSeq.map { ",\"localDamageSeq\":\($0)" } ?? "") + "}")
        } else {
            context.say("station.bundle.exported", [
                "office": SafeText.line(result.identity.office), "first": String(result.firstSeq), "last": String(result.lastSeq),
                "count": String(result.count), "path": SafeText.line(out), "hash": result.headHash,
            ])
        }
        if let seq = result.localDamageSeq {
            context.output.error(context.strings.text("station.bundle.local_damage", ["seq": String(seq)]))
            return ExitCode.damageFound
        }
        return ExitCode.ok
    }

    // MARK: station import

    static func importBundle(_ context: CommandContext, _ parsed: ParsedArguments) throws -> Int32 {
        guard parsed.words.count == 1, let path = parsed.words.first, !path.isEmpty else {
            throw UsageError("station.bundle.usage.one_file", ["count": String(parsed.words.count)])
        }
        var options = StationSync.Options()
        if let text = parsed.value("batch") {
            guard let n = Int(text), (1...1_000_000).contains(n) else {
                throw UsageError("station.usage.bad_batch", ["value": text])
            }
            options.batchRecords = n
        }
        // Batches loaded over two connections at once, as the sync's (`--connections 1`: one).
        let twoConnections: Bool
        if let text = parsed.value("connections"), text != "2" {
            guard text == "1" else { throw UsageError("station.usage.bad_connections", ["value": text]) }
            twoConnections = false
        } else {
            twoConnections = true
        }
        // The bundle first: a file that is not a whole bundle is named before any network is touched.
        let progress = StationCommands.showsProgress(context) ? ProgressLine(context.strings) : nil
        let bundle = try ProgressLine.around(progress) {
            try BundleFile(path: path, progress: progress.map { line in { line.show($0, key: "station.bundle.check.progress") } })
        }
        let db = try StationCommands.connect(context, parsed)
        if twoConnections { options.secondConnection = { try StationCommands.connect(context, parsed) } }
        if let progress { options.progress = { progress.show($0, key: "station.bundle.import.progress") } }
        let result = try ProgressLine.around(progress) { try BundleImport(db: db, bundle: bundle, options: options).run() }
        if context.global.json {
            context.output.write("{\"journal\":\"\(result.identity.journalID.uuidString.lowercased())\","
                + "\"office\":\(JSONValue.quote(result.identity.office)),\"firstSeq\":\(result.firstSeq),"
                + "\"lastSeq\":\(result.lastSeq),\"imported\":\(result.imported),\"batches\":\(result.batches),"
                + "\"headSeq\":\(result.headSeq),\"headHash\":\"\(result.headHash)\"}")
        } else {
            let args = ["office": SafeText.line(result.identity.office), "first": String(result.firstSeq),
                        "last": String(result.lastSeq), "count": String(result.imported), "batches": String(result.batches),
                        "seq": String(result.headSeq), "hash": result.headHash]
            context.say("station.bundle.import.done", args)
        }
        return ExitCode.ok
    }
}
