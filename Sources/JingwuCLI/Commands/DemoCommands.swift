import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources

/// `jingwu demo`: a synthetic district written into a new journal in one bulk append.
enum DemoCommands {
    static let all: [CommandSpec] = [
        CommandSpec(["demo"], summaryKey: "report.cli.demo", usage: "[--days N] [--seed N] [--scale office|station]",
                    options: [.value("days"), .value("seed"), .value("scale")], run: run),
    ]

    static func run(_ context: CommandContext, _ parsed: ParsedArguments) throws -> Int32 {
        let days = parsed.value("days") ?? "30"
        guard let dayCount = Int(days), (1...3660).contains(dayCount) else {
            throw UsageError("report.cli.bad_days", ["value": days])
        }
        let seedText = parsed.value("seed") ?? "1"
        guard let seed = UInt64(seedText) else { throw UsageError("report.cli.bad_seed", ["value": seedText]) }
        let scale = parsed.value("scale") ?? "office"
        guard scale == "office" || scale == "station" else { throw UsageError("report.cli.bad_scale", ["value": scale]) }
        let offices = scale == "station" ? 7 : 1
        let started = Date()
        let now = context.clock.now()
        // The journal's id comes from the seed too, so the same seed and --now give the same bytes.
        var ids = SplitMix64(seed: seed ^ 0x6A69_6E67_7775)
        // Built under a temporary name beside the journal and given its name only when
        // whole: a demo killed half-way leaves no half-made journal that a rerun would
        // refuse to replace. The name is checked first so a refusal comes at once.
        let path = context.journalPath
        removeStaleTemporaries(for: path)
        if FileManager.default.fileExists(atPath: path) { throw JournalError.alreadyExists(path: path) }
        let temporary = temporaryPath(for: path)
        let journal = try FileJournal.create(
            path: temporary, station: scale == "station" ? "城关派出所" : "花园派出所",
            office: scale == "station" ? "七个警务室" : "戴花园警务室", clock: FixedClock(now), by: "demo",
            journalID: ids.uuid(), forTests: true)
        let office = try Office(journal: journal, clock: FixedClock(now))
        let writer = DemoWriter(state: office.state, firstSeq: journal.headSeq + 1, recorded: now, idSeed: ids.next())
        let district = DemoDistrict(options: DemoOptions(days: dayCount, seed: seed, offices: offices, now: now), writer: writer)
        // One bulk append (one fdatasync); the generator refills the queue a day at a time.
        var generator = DemoDrafts(district: district)
        try journal.appendBulk { try generator.next() }
        // The generator folded every event it wrote: its state is the checkpoint (a cache; failure only costs time).
        _ = try? Office.saveCheckpoint(writer.state, of: journal, key: context.checkpointKey)
        do {
            try FileJournal.publish(temporary: temporary, as: path)
        } catch {
            _ = unlink(temporary)
            _ = unlink(temporary + ".checkpoint")
            throw error
        }
        district.countWritten()
        let summary = district.summary
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let seconds = Date().timeIntervalSince(started)
        if context.global.json {
            context.output.write("{\"path\":\(JSONValue.quote(path)),\"events\":\(summary.events),"
                + "\"bytes\":\(size),\"seconds\":\(String(format: "%.2f", seconds)),\"refused\":\(summary.refused),"
                + "\"headHash\":\"\(journal.headHash)\"}")
        } else {
            context.say("report.cli.demo_done", [
                "path": path, "events": String(summary.events), "officers": String(summary.officers),
                "cells": String(summary.cells), "persons": String(summary.persons), "patrols": String(summary.patrols),
                "incidents": String(summary.incidents), "disputes": String(summary.disputes),
                "warnings": String(summary.fraudWarnings), "dissuasions": String(summary.dissuasions),
                "hazards": String(summary.hazards), "cleared": String(summary.hazardsCleared),
                "mb": String(format: "%.1f", Double(size) / 1_048_576), "seconds": String(format: "%.1f", seconds),
            ])
            context.say("access.demo.pin", ["pin": DemoDistrict.demoPin, "badge": DemoDistrict.demoOperator])
        }
        if summary.refused > 0 {
            context.output.error(context.strings.text("report.cli.demo_refused",
                                                      ["count": String(summary.refused), "last": summary.lastRefusal ?? ""]))
        }
        return ExitCode.ok
    }

    /// `dir/.name.demo-PID`: where this process builds the demo journal for `path`.
    static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(
            "." + url.lastPathComponent + ".demo-\(getpid())").path
    }

    /// Removes what demos for `path` killed half-way left behind (their process is gone).
    static func removeStaleTemporaries(for path: String) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let prefix = "." + url.lastPathComponent + ".demo-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            let pidText = rest.hasSuffix(".checkpoint") ? rest.dropLast(".checkpoint".count) : rest
            guard let pid = Int32(pidText), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            _ = unlink(directory + "/" + name)
        }
    }
}
