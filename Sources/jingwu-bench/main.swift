import Foundation
import JingwuJournal
import JingwuDomain
import JingwuResources

// jingwu-bench: helper program for scripts/bench-journal, scripts/crash-test.sh
// and scripts/e2e-journal.sh.
//
//   jingwu-bench append  --journal P --count N [--writer W]   N durable appends, one per line printed as "ack SEQ"
//   jingwu-bench bulk    --journal P --count N                create P (if missing) and bulk-append N events
//   jingwu-bench latency --dir D --count N                    p50/p99 of durable append vs bare write+fdatasync
//   jingwu-bench verify  --journal P                          time a full verify (byte scan)
//   jingwu-bench gen     --journal P [--days D] [--seed S] [--start T]   a station-year: the demo district (see StationYear.swift)
//   jingwu-bench profile --journal P                          where replay time goes (open, decode, apply)
//   jingwu-bench console --journal P [--checkpoint yes|no] [--keys yes] [--save yes]   first frame; keystroke to
//                                                             redraw; with --save, keys while a checkpoint is saved
//   jingwu-bench save-append --dir D [--mb M] [--rounds R]     durable appends while a big file is written beside them

/// One line straight to fd 1, unbuffered: a writer killed right after it still said it.
// As `jingwu` does first of all: libcrypto keeps its state until the process is gone.
CryptoLibrary.keepLoadedAtExit()

func say(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    var done = 0
    while done < bytes.count {
        let n = bytes.withUnsafeBytes { write(1, $0.baseAddress! + done, $0.count - done) }
        if n <= 0 { if errno == EINTR { continue }; return }
        done += n
    }
}

func option(_ name: String) -> String? {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: "--" + name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

func fail(_ message: String, status: Int32 = 1) -> Never {
    FileHandle.standardError.write(Data(("jingwu-bench: " + message + "\n").utf8))
    exit(status)
}

/// A plausible event: a patrol check-in with a short note, ~150 bytes of data.
func event(_ n: Int, writer: String) -> EventDraft {
    let cell = String(format: "G%03d", n % 240)
    let data = #"{"patrol":"P\#(n / 20)","cell":"\#(cell)","note":"巡查正常，商铺已关门 \#(writer)-\#(n)","lat":31.2\#(n % 97),"lon":121.4\#(n % 89)}"#
    return EventDraft(type: "PatrolCheckedIn", at: Date(), by: String(1000 + n % 40), data: Data(data.utf8))
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.down)))]
}

func openOrCreate(_ path: String) throws -> FileJournal {
    if FileManager.default.fileExists(atPath: path) { return try FileJournal(path: path) }
    do {
        return try FileJournal.create(path: path, station: "基准测试派出所", office: "基准警务室", by: "bench")
    } catch JournalError.alreadyExists {
        return try FileJournal(path: path)  // another writer created it first
    }
}

let command = CommandLine.arguments.dropFirst().first ?? ""
do {
    switch command {
    case "append":
        guard let path = option("journal"), let count = option("count").flatMap(Int.init) else {
            fail("append needs --journal P --count N")
        }
        let writer = option("writer") ?? String(getpid())
        let journal = try openOrCreate(path)
        for i in 0..<count {
            let record = try journal.append { _ in [event(i, writer: writer)] }
            // Printed only after append returned, i.e. after fdatasync: an acknowledgement.
            say("ack \(record[0].seq) \(record[0].id.uuidString.lowercased())")
        }
    case "bulk":
        guard let path = option("journal"), let count = option("count").flatMap(Int.init) else {
            fail("bulk needs --journal P --count N")
        }
        let journal = try openOrCreate(path)
        var n = 0
        let start = Date()
        let written = try journal.appendBulk {
            n += 1
            return n <= count ? event(n, writer: "bulk") : nil
        }
        say("bulk \(written) records in \(String(format: "%.2f", Date().timeIntervalSince(start))) s, head \(journal.headSeq)")
    case "save-append":
        guard let dir = option("dir") else { fail("save-append needs --dir D") }
        try benchAppendsWhileSaving(dir: dir, megabytes: option("mb").flatMap(Int.init) ?? 90,
                                    rounds: option("rounds").flatMap(Int.init) ?? 3)
    case "latency":
        guard let dir = option("dir"), let count = option("count").flatMap(Int.init) else {
            fail("latency needs --dir D --count N")
        }
        let path = dir + "/bench-journal.jsonl"
        let barePath = dir + "/bench-bare.jsonl"
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.removeItem(atPath: barePath)
        let journal = try FileJournal.create(path: path, station: "基准测试派出所", office: "基准警务室", by: "bench")
        let fd = open(barePath, O_WRONLY | O_CREAT | O_APPEND | O_TRUNC, 0o600)
        guard fd >= 0 else { fail("cannot open \(barePath)") }
        // Drafts are built before timing; journal appends and bare writes of the
        // same line alternate, so both see the same disk at the same moment.
        let drafts = (0..<count).map { event($0, writer: "lat") }
        var journalTimes: [Double] = []
        var bareTimes: [Double] = []
        var totalBytes = 0
        for draft in drafts {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let record = try journal.append { _ in [draft] }
            journalTimes.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            let line = Array((record[0].jsonLine() + "\n").utf8)
            totalBytes += line.count
            let t1 = DispatchTime.now().uptimeNanoseconds
            let n = line.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
            guard n == line.count, fdatasync(fd) == 0 else { fail("bare write failed") }
            bareTimes.append(Double(DispatchTime.now().uptimeNanoseconds - t1) / 1e6)
        }
        close(fd)
        let avgBytes = totalBytes / max(1, count)
        journalTimes.sort()
        bareTimes.sort()
        say(String(format: "journal_append_ms p50 %.3f p99 %.3f", percentile(journalTimes, 0.5), percentile(journalTimes, 0.99)))
        say(String(format: "bare_write_fdatasync_ms p50 %.3f p99 %.3f", percentile(bareTimes, 0.5), percentile(bareTimes, 0.99)))
        say("record_bytes \(avgBytes)")
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.removeItem(atPath: barePath)
    case "verify":
        guard let path = option("journal") else { fail("verify needs --journal P") }
        let start = Date()
        let report = try JournalInspector.verify(path: path)
        say(String(format: "verify %d records intact=%@ in %.3f s", report.count, report.isIntact ? "yes" : "no", Date().timeIntervalSince(start)))
    case "gen":
        guard let path = option("journal") else { fail("gen needs --journal P") }
        let days = option("days").flatMap(Int.init) ?? 365
        let seed = option("seed").flatMap(UInt64.init) ?? 7
        let start = RFC3339.parse(option("start") ?? "2025-01-01T00:00:00+08:00")!
        let t0 = Date()
        let year = try generateStationYear(path: path, days: days, seed: seed, start: start)
        say(String(format: "gen %d records (%d cells, %d patrols, %d refused) in %.2f s", year.events, year.cells,
                   year.patrols, year.refused, Date().timeIntervalSince(t0)))
    case "ckload":
        guard let path = option("journal") else { fail("ckload needs --journal P") }
        let t0 = seconds()
        guard let key = Office.installationKey(journalPath: path),
              let (_, payload) = CheckpointFile.read(path: CheckpointFile.path(forJournal: path),
                                                     fingerprint: OfficeState.checkpointFingerprint, key: key)
        else { fail("no checkpoint") }
        let t1 = seconds()
        let state = try payload.withUnsafeBytes { try OfficeState(checkpointBytes: $0, policy: .standard) }
        say(String(format: "read %.3f s, decode %.3f s, seq %llu", t1 - t0, seconds() - t1, state.lastSeq))
    case "open":
        // One process, one open: --checkpoint no (full replay) | yes (use it) | save (full replay, then write it)
        // | serial (full replay after the journal's whole scan).
        guard let path = option("journal") else { fail("open needs --journal P") }
        let mode = option("checkpoint") ?? "yes"
        let t0 = seconds()
        // As the CLI and console open: the checkpoint first, so the journal can trust its prefix.
        // serial: the journal opened (whole scan) before the replay starts, as before the
        // parallel open (for comparing the two in one build).
        let office = mode == "serial"
            ? try Office.open(journal: FileJournal(path: path), clock: SystemClock(), useCheckpoint: false)
            : try Office.open(path: path, clock: SystemClock(), useCheckpoint: mode == "yes")
        let t1 = t0
        let t2 = seconds()
        var saved = 0.0
        if mode == "save" {
            try office.saveCheckpoint()
            saved = seconds() - t2
        }
        say(String(format: "open_s %.3f journal_s %.3f state_s %.3f save_s %.3f records %llu", t2 - t0, t1 - t0, t2 - t1,
                   saved, office.state.lastSeq) + " use \(office.checkpointUse)")
    case "reports":
        // Each report computed from an opened office (in-process: the figure a screen pays).
        guard let path = option("journal") else { fail("reports needs --journal P") }
        let office = try Office.open(journal: try FileJournal(path: path), clock: SystemClock())
        try timeReports(office.state)
    case "console":
        // jingwu-bench console --journal P [--checkpoint yes|no] [--keys yes]
        guard let path = option("journal") else { fail("console needs --journal P") }
        try benchConsole(path: path, useCheckpoint: (option("checkpoint") ?? "yes") == "yes",
                         keys: option("keys") == "yes" || option("save") == "yes", save: option("save") == "yes")
    case "profile":
        guard let path = option("journal") else { fail("profile needs --journal P") }
        try profileReplay(path: path)
    default:
        fail("usage: jingwu-bench append|bulk|latency|verify|gen|profile …")
    }
} catch let error as JournalError {
    // The journal's own sysexits code (75 for damaged/busy, 74 for I/O …), as jingwu would exit.
    fail(error.message(Strings(.en)), status: error.exitCode)
} catch {
    fail("\(error)")
}
