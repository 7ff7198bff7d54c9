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
    let office = try Office.open(path: path, clock: SystemClock(), useCheckpoint: useCheckpoint)
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
    func write(_ command: some OfficeCommand) -> Double {
        let t = seconds()
        if case .failure(let refusal) = session.execute(command) { fail("save bench: \(refusal.message)") }
        app.run(on: screen, stopWhenIdle: true)
        return (seconds() - t) * 1000
    }
    // The first write starts the save.
    // The operator's own active patrol (the demo leaves some running), else a new one: the
    // console's first write, before any save (it builds the event-id table once, whatever saves).
    office.autoCheckpointEvery = nil
    var patrol = office.state.patrols.active.sorted().first { office.state.patrols.patrol($0)?.lead == badge } ?? ""
    let warm = patrol.isEmpty
        ? write(StartPatrol(mode: .foot, lead: badge))
        : write(CheckInPatrol(patrol: patrol, cell: cells[cells.count - 1], note: "bench"))
    say(String(format: "first_write_ms %.2f", warm))
    if patrol.isEmpty { patrol = office.state.patrols.active.sorted().first { office.state.patrols.patrol($0)?.lead == badge } ?? "" }
    office.autoCheckpointEvery = 1
    // This write starts the save.
    let first = write(CheckInPatrol(patrol: patrol, cell: cells[cells.count - 2], note: "bench"))
    let started = seconds()
    guard office.isSavingCheckpoint else { fail("save bench: no save started") }
    var writes: [Double] = [first]
    var moves: [Double] = []
    var n = 0
    let keys: [Key] = [.down, .up, .right]
    while office.isSavingCheckpoint, n < 2000 {
        writes.append(write(CheckInPatrol(patrol: patrol, cell: cells[n % cells.count], note: "bench")))
        for key in keys { moves.append(press(key)) }
        n += 1
    }
    let saveS = seconds() - started
    let all = (writes + moves).sorted()
    say(String(format: "save_keystroke_ms keys %d writes %d p50 %.2f max %.2f write_max %.2f save_s %.3f", all.count,
               writes.count, percentile(all, 0.5), all.last ?? 0, writes.max() ?? 0, saveS))
    say("save_writes_ms " + writes.prefix(12).map { String(format: "%.1f", $0) }.joined(separator: " "))
    // More writes, fewer than the console's saving interval, then a clean exit.
    office.autoCheckpointEvery = Console.checkpointEvery
    for i in 0..<20 { _ = write(CheckInPatrol(patrol: patrol, cell: cells[(n + i) % cells.count], note: "bench")) }
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
