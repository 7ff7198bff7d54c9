import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuTerminal

/// The console's entry point for the command line: opens the real terminal, shows the
/// first-run screen when there is no office yet, runs the loop, and always gives the
/// terminal back (the terminal layer also restores it on signals and traps).
public enum Console {
    /// Why the console could not start.
    public enum StartError: Error, Equatable { case notATerminal }

    /// How the console decodes its office's checkpoint: mapped, the sections its first frame does
    /// not read decoded after that frame on a thread of their own (`ConsoleApp.run`).
    public static let checkpointDecoding = CheckpointDecoding.sectionsOnFirstUse

    /// Records folded since the last checkpoint after which the console saves a new one.
    public static let checkpointEvery: UInt64 = 5_000

    /// Runs the console until the operator quits.
    ///
    /// - Parameters:
    ///   - office: the opened office, or nil to show the first-run screen.
    ///   - notices: journal notices in the operator's language, shown on the first screen.
    ///   - station: makes the background sync to the station for the opened office, when it has one set
    ///     (started once the office is open; stopped when the console closes).
    ///   - stationCopy: the read-only copy's refresh from the station (with `readOnlyCopy`; stopped when
    ///     the console closes).
    public static func run(
        office: Office?, path: String, strings: Strings, clock: JournalClock, explicitOperator: String?,
        notices: [String], makers: FirstRunScreen.Makers, readOnlyCopy: String? = nil,
        station: ((Office) -> StationLink?)? = nil, stationCopy: StationCopyLink? = nil
    ) throws {
        let screen: NcursesScreen
        do {
            screen = try NcursesScreen()
        } catch {
            throw StartError.notATerminal
        }
        defer { screen.close() }
        var opened = office
        if opened == nil {
            opened = FirstRunScreen(path: path, strings: strings, clock: clock, makers: makers).run(on: screen)
        }
        guard let opened else { return }
        let app = makeApp(office: opened, strings: strings, explicitOperator: explicitOperator, notices: notices,
                          readOnlyCopy: readOnlyCopy)
        // The station's read-only copy keeps no checkpoint (it is fetched afresh each time).
        if readOnlyCopy == nil { scheduleCheckpoints(opened) }
        // The background sync to the station, when the office has one set (never for the station's copy).
        let link = readOnlyCopy == nil ? station?(opened) : nil
        app.station = link
        app.stationCopy = stationCopy
        defer { link?.stop(); stationCopy?.stop() }
        app.run(on: screen)
        // The terminal is given back first: what the exit still waits for is no keystroke's.
        screen.close()
        if readOnlyCopy == nil { saveOnExit(opened) }
    }

    /// The console's loop on an opened office (tests run it on a virtual screen). With `readOnlyCopy`
    /// (the station's copy of an office) nobody operates it: no badge, no sign-in, every write refused.
    public static func makeApp(office: Office, strings: Strings, explicitOperator: String?, notices: [String],
                               readOnlyCopy: String? = nil) -> ConsoleApp {
        let session = ConsoleSession(
            office: office, strings: strings,
            operatorBadge: readOnlyCopy != nil ? nil : ConsoleSession.resolveOperator(explicit: explicitOperator, state: office.state))
        session.notices = notices
        session.readOnlyCopy = readOnlyCopy
        if let first = notices.first { session.say(.warn, first) }
        return ConsoleApp(session: session)
    }

    /// Checkpoints (a cache: a failed save only costs the next start-up time) are saved on a
    /// background queue, never on a keystroke: every few thousand records while running.
    public static func scheduleCheckpoints(_ office: Office) {
        office.autoCheckpointEvery = checkpointEvery
        office.autoCheckpointInBackground = true
    }

    /// A clean exit waits for a save that is running. It saves itself only when the last
    /// checkpoint is a saving interval or more behind, or this process has none (opened
    /// without one): fewer records after the checkpoint cost the next start a short replay
    /// (milliseconds), a save at station scale half a second with the screen still up.
    public static func saveOnExit(_ office: Office) {
        office.waitForCheckpointSave()
        // Never a checkpoint for a journal found damaged: it would vouch for the damaged prefix again.
        guard office.damageFound == nil else { return }
        _ = try? office.saveCheckpointIfDue(every: office.checkpointSeq == nil ? 1 : checkpointEvery)
    }
}
