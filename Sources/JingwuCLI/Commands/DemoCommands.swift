import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources

/// `jingwu demo`: a synthetic district written into a new journal in one bulk append.
enum DemoCommands {
    static let all: [CommandSpec] = [
        CommandSpec(["demo"], summaryKey: "report.cli.demo", usage: "[--days N] [--seed N] [--scale office|station] [--out FOLDER]",
                    options: [.value("days"), .value("seed"), .value("scale"), .value("out")], run: run),
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
        if let folder = parsed.value("out") {
            guard scale == "station" else { throw UsageError("station.demo.out_needs_station") }
            return try runStation(context, folder: folder, days: dayCount, seed: seed)
        }
        let offices = scale == "station" ? 7 : 1
        let started = Date()
        let now = context.clock.now()
        let written = try writeJournal(path: context.journalPath, station: scale == "station" ? "城关派出所" : "花园派出所",
                                office: scale == "station" ? "七个警务室" : "戴花园警务室",
                                options: DemoOptions(days: dayCount, seed: seed, offices: offices, now: now), context: context)
        let summary = written.summary
        let path = context.journalPath
        let size = written.size
        let seconds = Date().timeIntervalSince(started)
        if context.global.json {
            context.output.write("{\"path\":\(JSONValue.quote(path)),\"events\":\(summary.events),"
                + "\"bytes\":\(size),\"seconds\":\(String(format: "%.2f", seconds)),\"refused\":\(summary.refused),"
                + "\"headHash\":\"\(written.headHash)\"}")
        } else {
            sayDone(context, path: path, summary: summary, size: size, seconds: seconds)
            context.say("access.demo.pin", ["pin": DemoDistrict.demoPin, "badge": DemoDistrict.demoOperator])
        }
        if summary.refused > 0 {
            context.output.error(context.strings.text("report.cli.demo_refused",
                                                      ["count": String(summary.refused), "last": summary.lastRefusal ?? ""]))
        }
        return ExitCode.ok
    }

    /// `demo --scale station --out FOLDER`: one journal per office of the demo's station (seven
    /// 警务室 of 城关派出所, each its own community, people and grid), `FOLDER/<office>.jsonl`, each
    /// with its checkpoint. Refuses before writing anything when any of them is there already.
    /// `registers: false` (tests only; `jingwu demo` always writes them) leaves out the communities'
    /// registers (`DemoOptions.registers`).
    static func runStation(_ context: CommandContext, folder: String, days: Int, seed: UInt64,
                           registers: Bool = true) throws -> Int32 {
        let started = Date()
        let now = context.clock.now()
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } else if !isDirectory.boolValue {
            throw JournalError.notRegularFile(path: folder)
        }
        let paths = stationFileNames.map { folder + "/" + $0 + ".jsonl" }
        for path in paths where FileManager.default.fileExists(atPath: path) { throw JournalError.alreadyExists(path: path) }
        var rows: [String] = []
        var refused = 0
        // On a terminal, a progress line on stderr (records, rate, time left), erased when done.
        let progress = StationCommands.showsProgress(context)
        var recordsDone = 0
        var lastOffice = 0
        var lastDrawn = Date.distantPast
        defer { if progress { drawProgress(nil) } }
        for (index, path) in paths.enumerated() {
            var options = DemoOptions(days: days, seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15, offices: 1, now: now)
            options.officeIndex = index
            options.registers = registers
            let officeStarted = Date()
            // An office's size: the last one's, else about 350 records a day.
            let expected = max(1, lastOffice > 0 ? lastOffice : days * 350)
            let written = try writeJournal(path: path, station: DemoDistrict.stationName, office: DemoDistrict.stationOffices[index],
                                    options: options, context: context) { count in
                guard progress, Date().timeIntervalSince(lastDrawn) >= 0.25 else { return }
                lastDrawn = Date()
                let elapsed = lastDrawn.timeIntervalSince(started)
                let fraction = min(0.99, (Double(index) + min(1, Double(count) / Double(expected))) / Double(paths.count))
                drawProgress(context.strings.text("station.demo.progress", [
                    "office": DemoDistrict.stationOffices[index], "done": String(index + 1), "count": String(paths.count),
                    "records": String(recordsDone + count), "rate": String(Int(Double(recordsDone + count) / max(elapsed, 0.001))),
                    "left": String(Int((elapsed * (1 - fraction) / max(fraction, 0.001)).rounded(.up))),
                ]))
            }
            recordsDone += written.summary.events
            lastOffice = written.summary.events
            if progress { drawProgress(nil) }
            refused += written.summary.refused
            if written.summary.refused > 0 {
                context.output.error(context.strings.text("report.cli.demo_refused", [
                    "count": String(written.summary.refused), "last": written.summary.lastRefusal ?? "",
                ]))
            }
            let seconds = Date().timeIntervalSince(officeStarted)
            if context.global.json {
                rows.append("{\"office\":\(JSONValue.quote(DemoDistrict.stationOffices[index])),\"path\":\(JSONValue.quote(path)),"
                    + "\"events\":\(written.summary.events),\"bytes\":\(written.size),\"operator\":\"\(DemoDistrict.communityOfficer(office: index))\","
                    + "\"seconds\":\(String(format: "%.2f", seconds)),\"refused\":\(written.summary.refused),"
                    + "\"headHash\":\"\(written.headHash)\"}")
            } else {
                context.say("station.demo.office", [
                    "office": DemoDistrict.stationOffices[index], "path": path, "events": String(written.summary.events),
                    "mb": String(format: "%.1f", Double(written.size) / 1_048_576),
                    "badge": DemoDistrict.communityOfficer(office: index),
                ])
            }
        }
        let seconds = Date().timeIntervalSince(started)
        if context.global.json {
            context.output.write("{\"station\":\(JSONValue.quote(DemoDistrict.stationName)),\"folder\":\(JSONValue.quote(folder)),"
                + "\"seconds\":\(String(format: "%.2f", seconds)),\"refused\":\(refused),\"offices\":[\(rows.joined(separator: ","))]}")
        } else {
            context.say("station.demo.done", ["station": DemoDistrict.stationName, "count": String(paths.count),
                                              "folder": folder, "seconds": String(format: "%.1f", seconds),
                                              "pin": DemoDistrict.demoPin])
        }
        return ExitCode.ok
    }

    /// Draws `text` as the progress line on stderr (a terminal), or erases it (nil).
    static func drawProgress(_ text: String?) {
        let bytes = Array(("\r\u{1B}[K" + (text ?? "")).utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress!, $0.count) }
    }

    /// The file names of the station demo's journals, one per office (the office's name in pinyin).
    static let stationFileNames = ["daihuayuan", "dongguan", "wenhualu", "beiyuan", "xinhua", "tiexi", "nanhu"]

    /// Writes one demo journal at `path` (which must not exist): built under a temporary name beside
    /// it and given its name only when whole, with its checkpoint.
    static func writeJournal(path: String, station: String, office: String, options: DemoOptions, context: CommandContext,
                      progress: ((Int) -> Void)? = nil) throws -> (summary: DemoSummary, size: Int, headHash: String) {
        let now = options.now
        // The journal's id comes from the seed too, so the same seed and --now give the same bytes.
        var ids = SplitMix64(seed: options.seed ^ 0x6A69_6E67_7775)
        // Built under a temporary name beside the journal and given its name only when
        // whole: a demo killed half-way leaves no half-made journal that a rerun would
        // refuse to replace. The name is checked first so a refusal comes at once.
        removeStaleTemporaries(for: path)
        if FileManager.default.fileExists(atPath: path) { throw JournalError.alreadyExists(path: path) }
        let temporary = temporaryPath(for: path)
        let journal = try FileJournal.create(
            path: temporary, station: station, office: office, clock: FixedClock(now), by: "demo",
            journalID: ids.uuid(), forTests: true)
        let office = try Office(journal: journal, clock: FixedClock(now))
        let writer = DemoWriter(state: office.state, firstSeq: journal.headSeq + 1, recorded: now, idSeed: ids.next())
        let district = DemoDistrict(options: options, writer: writer)
        // One bulk append (one fdatasync); the generator refills the queue a day at a time.
        var generator = DemoDrafts(district: district)
        var drafted = 0
        try journal.appendBulk {
            drafted += 1
            if drafted % 2_000 == 0 { progress?(drafted) }
            return try generator.next()
        }
        // The generator folded every event it wrote: its state is the checkpoint (a cache; failure only costs time).
        _ = try? Office.saveCheckpoint(writer.state, of: journal, key: .key(CheckpointKey.load(
            environment: context.environment, journalPath: path)))
        do {
            try FileJournal.publish(temporary: temporary, as: path)
        } catch {
            _ = unlink(temporary)
            _ = unlink(temporary + ".checkpoint")
            throw error
        }
        district.countWritten()
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return (district.summary, size, journal.headHash)
    }

    static func sayDone(_ context: CommandContext, path: String, summary: DemoSummary, size: Int, seconds: Double) {
        context.say("report.cli.demo_done", [
            "path": path, "events": String(summary.events), "officers": String(summary.officers),
            "cells": String(summary.cells), "persons": String(summary.persons), "patrols": String(summary.patrols),
            "incidents": String(summary.incidents), "disputes": String(summary.disputes),
            "warnings": String(summary.fraudWarnings), "dissuasions": String(summary.dissuasions),
            "hazards": String(summary.hazards), "cleared": String(summary.hazardsCleared),
            "mb": String(format: "%.1f", Double(size) / 1_048_576), "seconds": String(format: "%.1f", seconds),
        ])
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
