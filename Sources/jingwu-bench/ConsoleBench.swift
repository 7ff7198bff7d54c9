import Foundation
import JingwuConsole
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuTerminal

/// Console start to first frame: open the office (with or without its checkpoint),
/// build the session and render the overview into an in-memory screen. Then the
/// time from a keystroke to the redrawn screen on the coverage map and the journal
/// browser (each key fed to the loop, handled and the frame redrawn).
func benchConsole(path: String, useCheckpoint: Bool, keys: Bool, save: Bool = false) throws {
    let t0 = seconds()
    // As `jingwu` opens its console (`ConsoleLauncher`).
    let office = try Office.open(path: path, clock: SystemClock(), useCheckpoint: useCheckpoint,
                                 decoding: Console.checkpointDecoding)
    let session = ConsoleSession(office: office, strings: Strings(.zh),
                                 operatorBadge: ConsoleSession.resolveOperator(explicit: nil, state: office.state))
    let app = ConsoleApp(session: session)
    let screen = VirtualScreen(rows: 40, columns: 132)
    app.render(into: screen)
    let first = seconds() - t0
    say(String(format: "first_frame_s %.3f use %@", first, "\(office.checkpointUse)"))
    guard keys else { return }
    // An office with PINs opens on the sign-in screen: sign in as an officer would
    // (badge pre-filled, type the PIN, Enter), so the keys below reach the screens.
    if app.gate.isLocked {
        let pin = ProcessInfo.processInfo.environment["JINGWU_PIN"] ?? "123456"
        screen.feed(pin.map { Key.character($0) } + [.enter])
        app.run(on: screen, stopWhenIdle: true)
        guard !app.gate.isLocked else {
            say("signin_failed " + screen.rows().joined(separator: " | "))
            exit(1)
        }
    }
    func press(_ key: Key) -> Double {
        let t = seconds()
        screen.feed([key])
        app.run(on: screen, stopWhenIdle: true)
        return (seconds() - t) * 1000
    }
    let moves: [Key] = [.right, .down, .right, .down, .left, .up, .down, .right]
    for (name, tab) in [("coverage", "3"), ("journal", "8")] {
        let rssBefore = residentMB()
        let switchMs = press(.character(Character(tab)))
        say(String(format: "tab_rss_mb %@ before %.1f after %.1f", name, rssBefore, residentMB()))
        // Which screen the keys went to (the bench once timed a locked console's sign-in form).
        say("tab_title \(name) " + screen.row(2).trimmingCharacters(in: .whitespaces))
        var times: [Double] = []
        for _ in 0..<8 { for key in moves { times.append(press(key)) } }
        times.sort()
        say(String(format: "keystroke_%@_ms switch %.2f p50 %.2f max %.2f", name, switchMs, percentile(times, 0.5),
                   times.last ?? 0))
    }
    benchOverview(press: press)
    if save { try benchKeysWhileSaving(office: office, session: session, app: app, screen: screen, press: press) }
}

/// The longest keystroke wait while the console saves a station-year checkpoint: the console's
/// own save scheduling (every `Console.checkpointEvery` records, lowered to 1 here so that the
/// first write starts one), then keys while it runs — a check-in written and the screen redrawn
/// (the write folds into the state the save was taken from), and three cursor moves — until it
/// is done. Then what a clean exit waits for (`Console.saveOnExit`).
func benchKeysWhileSaving(office: Office, session: ConsoleSession, app: ConsoleApp, screen: VirtualScreen,
                          press: (Key) -> Double) throws {
    guard let badge = session.operatorBadge else { fail("save bench: no operator") }
    Console.scheduleCheckpoints(office)
    let cells = office.state.cells.all.map(\.code)
    // Each check-in at a cell not used yet in this run: the office refuses a second check-in at a
    // cell within 5 minutes ("5 分钟内不重复签到"), and a run lasts less. Nil once all were used.
    var used = 0
    func nextCell() -> String? {
        guard used < cells.count else { return nil }
        defer { used += 1 }
        return cells[cells.count - 1 - used]
    }
    func cell() -> String {
        guard let cell = nextCell() else { fail("save bench: every one of the \(cells.count) cells used") }
        return cell
    }
    // Each write's wall time split by the thread's scheduler statistics: on the CPU, waiting for
    // a CPU (other threads and processes: this VM's two cores are shared), and the rest —
    // blocked, here mostly the append's fdatasync waiting for the disk.
    var splits: [ThreadSplit] = []
    // Each write's part before the redraw: the command checked, appended (fdatasync included) and folded.
    var executes: [Double] = []
    func write(_ command: some OfficeCommand) -> Double {
        let before = ThreadSplit.now()
        let t = seconds()
        if case .failure(let refusal) = session.execute(command) { fail("save bench: \(refusal.message)") }
        executes.append((seconds() - t) * 1000)
        app.run(on: screen, stopWhenIdle: true)
        let wall = (seconds() - t) * 1000
        splits.append(ThreadSplit.now().since(before, wallMs: wall))
        return wall
    }
    // The first write starts the save.
    // The operator's own active patrol (the demo leaves some running), else a new one: the
    // console's first write, before any save (it builds the event-id table once, whatever saves).
    office.autoCheckpointEvery = nil
    var patrol = office.state.patrols.active.sorted().first { office.state.patrols.patrol($0)?.lead == badge } ?? ""
    let warm = patrol.isEmpty
        ? write(StartPatrol(mode: .foot, lead: badge))
        : write(CheckInPatrol(patrol: patrol, cell: cell(), note: "bench"))
    // Its part before the redraw (checked, appended, folded); the rest is drawing the screen.
    say(String(format: "first_write_ms %.2f execute %.2f", warm, executes.last ?? 0))
    if patrol.isEmpty { patrol = office.state.patrols.active.sorted().first { office.state.patrols.patrol($0)?.lead == badge } ?? "" }
    // Writes with no save running: what a write costs on this machine at this moment.
    splits = []
    for _ in 0..<12 { _ = write(CheckInPatrol(patrol: patrol, cell: cell(), note: "bench")) }
    say("quiet_write_split_ms " + ThreadSplit.summary(splits))
    say("quiet_execute_ms " + executes.suffix(12).map { String(format: "%.1f", $0) }.joined(separator: " "))
    splits = []
    executes = []
    office.autoCheckpointEvery = 1
    // This write starts the save.
    let first = write(CheckInPatrol(patrol: patrol, cell: cell(), note: "bench"))
    let started = seconds()
    guard office.isSavingCheckpoint else { fail("save bench: no save started") }
    var writes: [Double] = [first]
    var moves: [Double] = []
    let keys: [Key] = [.down, .up, .right]
    // Until the save is done (or every cell has had its check-in: said below as fewer writes).
    while office.isSavingCheckpoint, let next = nextCell() {
        writes.append(write(CheckInPatrol(patrol: patrol, cell: next, note: "bench")))
        for key in keys { moves.append(press(key)) }
    }
    let saveS = seconds() - started
    let all = (writes + moves).sorted()
    say(String(format: "save_keystroke_ms keys %d writes %d p50 %.2f max %.2f write_max %.2f save_s %.3f", all.count,
               writes.count, percentile(all, 0.5), all.last ?? 0, writes.max() ?? 0, saveS))
    if office.isSavingCheckpoint { say("save_bench_note every cell had its check-in before the save ended (\(cells.count) cells)") }
    say("save_writes_ms " + writes.prefix(12).map { String(format: "%.1f", $0) }.joined(separator: " "))
    say("save_execute_ms " + executes.prefix(12).map { String(format: "%.1f", $0) }.joined(separator: " "))
    say("save_write_split_ms " + ThreadSplit.summary(splits))
    // More writes, fewer than the console's saving interval, then a clean exit.
    office.autoCheckpointEvery = Console.checkpointEvery
    for _ in 0..<20 { guard let next = nextCell() else { break }; _ = write(CheckInPatrol(patrol: patrol, cell: next, note: "bench")) }
    let t = seconds()
    Console.saveOnExit(office)
    say(String(format: "exit_save_ms %.2f", (seconds() - t) * 1000))
}

/// Resident memory now (VmRSS from /proc/self/status), in MB; 0 where there is no /proc.
func residentMB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
        return kb / 1024
    }
    return 0
}

/// Where a stretch of the calling thread's wall time went, from /proc/thread-self/schedstat
/// (nanoseconds on the CPU, nanoseconds runnable but waiting for a CPU).
struct ThreadSplit {
    var wallMs = 0.0, cpuMs = 0.0, queuedMs = 0.0
    /// Neither running nor waiting for a CPU: blocked (a disk sync, a lock).
    var blockedMs: Double { max(0, wallMs - cpuMs - queuedMs) }

    static func now() -> ThreadSplit {
        guard let text = try? String(contentsOfFile: "/proc/thread-self/schedstat", encoding: .utf8) else { return ThreadSplit() }
        let fields = text.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard fields.count >= 2 else { return ThreadSplit() }
        return ThreadSplit(cpuMs: fields[0] / 1e6, queuedMs: fields[1] / 1e6)
    }

    func since(_ before: ThreadSplit, wallMs: Double) -> ThreadSplit {
        ThreadSplit(wallMs: wallMs, cpuMs: cpuMs - before.cpuMs, queuedMs: queuedMs - before.queuedMs)
    }

    /// "n N wall p50 X max X cpu max X queued max X blocked p50 X max X" (each column's own max).
    static func summary(_ all: [ThreadSplit]) -> String {
        func column(_ f: (ThreadSplit) -> Double) -> [Double] { all.map(f).sorted() }
        let wall = column(\.wallMs), cpu = column(\.cpuMs), queued = column(\.queuedMs), blocked = column(\.blockedMs)
        return String(format: "n %d wall p50 %.2f max %.2f cpu max %.2f queued max %.2f blocked p50 %.2f max %.2f", all.count,
                      percentile(wall, 0.5), wall.last ?? 0, cpu.last ?? 0, queued.last ?? 0, percentile(blocked, 0.5),
                      blocked.last ?? 0)
    }
}

/// The disk part of a keystroke's wait while a checkpoint is saved, without the checkpoint's
/// encoding (CPU) or the console: a file of `megabytes` (a station-year checkpoint is ~90 MB)
/// written with `AtomicFile` on a thread of its own, as the console's saver does, while this
/// thread appends to a journal in the same folder every 5 ms (keystrokes) and times each
/// append (wall, and the part blocked: neither on a CPU nor waiting for one). Then as many
/// appends with nothing written beside them. `rounds` times.
func benchAppendsWhileSaving(dir: String, megabytes: Int, rounds: Int) throws {
    let path = dir + "/save-append.jsonl"
    let big = dir + "/save-append.bin"
    try? FileManager.default.removeItem(atPath: path)
    try? FileManager.default.removeItem(atPath: big)
    defer {
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.removeItem(atPath: big)
    }
    let journal = try FileJournal.create(path: path, station: "基准测试派出所", office: "基准警务室", by: "bench")
    var generator = SystemRandomNumberGenerator()
    let payload = (0..<(megabytes << 17)).map { _ in generator.next() as UInt64 }
    var n = 0
    func append() throws -> ThreadSplit {
        let before = ThreadSplit.now()
        let t = seconds()
        _ = try journal.append { _ in [event(n, writer: "save-append")] }
        n += 1
        return ThreadSplit.now().since(before, wallMs: (seconds() - t) * 1000)
    }
    for _ in 0..<10 { _ = try append() }
    for round in 1...rounds {
        final class Box: @unchecked Sendable { var done = false; var seconds = 0.0; let lock = NSLock() }
        let box = Box()
        let thread = Thread {
            let t = seconds()
            try? payload.withUnsafeBytes { bytes in
                try AtomicFile.write(to: big, existing: .replace) { sink in try sink(bytes) }
            }
            box.lock.withLock { box.done = true; box.seconds = seconds() - t }
        }
        thread.start()
        var during: [ThreadSplit] = []
        var startedAt: [Double] = []
        let t0 = seconds()
        while !box.lock.withLock({ box.done }) {
            startedAt.append(seconds() - t0)
            during.append(try append())
            usleep(5000)
        }
        // When the longest blocked appends started (seconds into the save).
        let worst = during.indices.sorted { during[$0].blockedMs > during[$1].blockedMs }.prefix(3)
        say("save_append_worst " + worst.map { String(format: "%.1fms@%.3fs", during[$0].blockedMs, startedAt[$0]) }
            .joined(separator: " "))
        var quiet: [ThreadSplit] = []
        for _ in 0..<max(during.count, 20) {
            quiet.append(try append())
            usleep(5000)
        }
        say(String(format: "save_append round %d save_s %.3f", round, box.seconds))
        say("save_append_during " + ThreadSplit.summary(during))
        say("save_append_quiet " + ThreadSplit.summary(quiet))
    }
}
