import Foundation
import JingwuConsole
import JingwuDomain
import JingwuJournal
import JingwuResources

/// `jingwu` with no subcommand opens the console on the journal named by
/// `--journal` / `$JINGWU_JOURNAL` / the per-user default; with no journal there yet
/// the console shows its first-run screen. Journal notices (torn tail, loose
/// permissions, damage) show on the first screen and again on stderr after it closes.
enum ConsoleLauncher {
    static func open(_ context: CommandContext) throws -> Int32 {
        let path = context.journalPath
        var office: Office?
        do {
            office = try Office.open(path: path, clock: context.clock, decoding: Console.checkpointDecoding,
                                     checkpointKey: context.checkpointKey)
        } catch JournalError.missing {
            office = nil
        }
        var notices = (office?.journal.notices ?? []).map { describe($0, context.strings) }
        // An authentic checkpoint this journal contradicts: said on the first screen, and kept aside.
        if let office, case .contradicted(let contradiction) = office.checkpointUse {
            notices.append(JournalCommands.witnessNotice(contradiction, moved: office.checkpointPath != nil, context.strings))
        }
        // `--now` on a real office: the console opens to read; every write is refused, and says why.
        if let office, office.pinnedClockRefusesWrites {
            notices.insert(context.strings.text("console.notice.pinned_clock", ["now": OfficeTime.readable(context.clock.now())]),
                           at: 0)
        }
        // The office's station setting: the console syncs in the background (a refused file is said, not used).
        let station = ConsoleStationLink.make(journalPath: path, strings: context.strings, notices: &notices)
        let makers = FirstRunScreen.Makers(create: { station, officeName in
            // As `jingwu init`: a real office is never made under a pinned clock (its first
            // enrolment would be refused anyway); the demo below is a test journal and takes it.
            if context.clock.isPinned {
                throw UsageError("journal.init.pinned_real_office", ["now": OfficeTime.readable(context.clock.now())])
            }
            return try FileJournal.create(path: path, station: station, office: officeName, clock: context.clock,
                                   by: context.operatorBadge ?? "system")
        }, demo: {
            // The same generator as `jingwu demo --days 14`, its report kept off the screen.
            var parsed = ParsedArguments(global: context.global)
            parsed.options["days"] = ["14"]
            var quiet = context
            quiet.output = CapturedOutput()
            _ = try DemoCommands.run(quiet, parsed)
            return try FileJournal(path: path, clock: context.clock)
        })
        do {
            try Console.run(office: office, path: path, strings: context.strings, clock: context.clock,
                            explicitOperator: context.operatorBadge, notices: notices, makers: makers,
                            station: station.map { make in { _ in make() } })
        } catch Console.StartError.notATerminal {
            context.output.error(context.strings.text("cli.error_prefix") + context.strings.text("console.error.terminal"))
            return ExitCode.usage
        }
        for notice in notices { context.output.error(notice) }
        return ExitCode.ok
    }

    static func describe(_ notice: JournalNotice, _ strings: Strings) -> String {
        switch notice {
        case .tornTailRecovered(let bytes, let side):
            return strings.text("console.notice.torn", ["bytes": String(bytes), "side": side])
        case .permissionsTooOpen(let path, let mode):
            return strings.text("console.notice.permissions", ["path": path, "mode": String(mode, radix: 8)])
        case .damaged(let seq, let line):
            return strings.text("console.notice.damaged", ["seq": String(seq), "line": String(line)])
        case .newlineCompleted(let seq):
            return strings.text("journal.notice.newline_completed", ["seq": String(seq)])
        }
    }
}
