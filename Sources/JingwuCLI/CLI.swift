import Foundation
import JingwuJournal
import JingwuResources
import JingwuStation

/// One subcommand: its path of words, its options, and what it does.
public struct CommandSpec: Sendable {
    /// The words that name it: `["patrol", "start"]`.
    public var path: [String]
    /// Key into `Strings` for the one-line description shown by `jingwu help`.
    public var summaryKey: String
    /// Usage after the path, shown by help (`--station NAME --office NAME`).
    public var usage: String { usageText() }
    /// Built only when help asks: some usages list every code by its Chinese name,
    /// which would load the string tables for every command run.
    private let usageText: @Sendable () -> String
    public var options: [OptionSpec]
    /// True when extra positional words are allowed (e.g. `import FILE`).
    public var takesPositionals: Bool
    public var run: @Sendable (CommandContext, ParsedArguments) throws -> Int32

    public init(
        _ path: [String], summaryKey: String, usage: @autoclosure @escaping @Sendable () -> String = "",
        options: [OptionSpec] = [],
        takesPositionals: Bool = false,
        run: @escaping @Sendable (CommandContext, ParsedArguments) throws -> Int32
    ) {
        self.path = path
        self.summaryKey = summaryKey
        self.usageText = usage
        self.options = options
        self.takesPositionals = takesPositionals
        self.run = run
    }
}

/// The command line: parses, dispatches, and turns every error into one line
/// in the operator's language and a sysexits status.
public enum CLI {
    /// Every subcommand. Each group lives in its own file under `Commands/`;
    /// adding a group is one line here.
    public static let commands: [CommandSpec] =
        JournalCommands.all
        + OfficeCommands.all
        + FraudCommands.all
        + HazardCommands.all
        + AccessCommands.all
        + StationCommands.all
        + StationReportCommands.all
        + StationRoleCommands.all
        + BundleCommands.all
        + StationLinkCommands.all
        + HelpCommands.all
        + CaseworkCommands.all
        + CommunityCommands.all

    /// Set by the `jingwu` executable, which exits right after `run`: the office a
    /// command opened is then kept instead of freed (at station scale freeing it
    /// item by item takes longer than the command's own work). In-process callers
    /// (tests) leave it off.
    nonisolated(unsafe) public static var exitsAfterRun = false
    nonisolated(unsafe) static var keptUntilExit: [AnyObject] = []

    /// Keeps `object` alive until the process exits, when `exitsAfterRun`.
    static func keepUntilExit(_ object: AnyObject) {
        if exitsAfterRun { keptUntilExit.append(object) }
    }

    /// Runs the command line and returns the exit status. Output goes to the
    /// context's sinks, so tests can run it in-process.
    public static func run(_ arguments: [String], environment: [String: String], output: OutputSink) -> Int32 {
        var strings = Strings(Language(code: environment["JINGWU_LANG"] ?? "") ?? .zh)
        Trace.mark("strings loaded")
        do {
            let (global, words, pairs) = try ArgumentParser.split(arguments)
            if let code = global.lang {
                guard let language = Language(code: code) else {
                    throw UsageError("cli.usage.bad_lang", ["value": code])
                }
                strings = Strings(language)
            }
            let clock = try makeClock(global.now ?? environment["JINGWU_NOW"])
            let context = CommandContext(global: global, strings: strings, clock: clock, environment: environment, output: output)
            if words.isEmpty {
                if global.help { return HelpCommands.printOverview(context) }
                // `jingwu --station URL --office X`: the station's read-only copy of an office.
                if pairs.contains(where: { $0.0 == "station" }) { return try StationRoleCommands.openConsole(context, pairs) }
                return try ConsoleLauncher.open(context)
            }
            guard let spec = match(words) else {
                throw UsageError("cli.usage.unknown_command", ["command": words.joined(separator: " ")])
            }
            if global.help { return HelpCommands.printCommand(spec, context) }
            var parsed = ParsedArguments(global: global)
            try ArgumentParser.bind(pairs, words: Array(words.dropFirst(spec.path.count)), spec: spec.options, into: &parsed)
            if !spec.takesPositionals, let extra = parsed.words.first {
                throw UsageError("cli.usage.unexpected_word", ["word": extra])
            }
            // Every station command: a password on the command line is refused before anything is touched.
            if parsed.values("db").contains(where: StationURL.holdsPassword) {
                throw StationError.passwordOnCommandLine(option: "--db")
            }
            Trace.mark("arguments parsed")
            return try spec.run(context, parsed)
        } catch let error as OperatorError {
            // One printable line whatever the message carries (a path typed, a name from a bundle or a
            // record, a server's words): no escape sequence or line break of theirs reaches the terminal.
            output.error(strings.text("cli.error_prefix") + SafeText.line(error.message(strings)))
            // A station's error (an address refused: 64 too) is one line; help would not help with it.
            if error.exitCode == ExitCode.usage, !(error is StationError) {
                output.error(strings.text("cli.usage.see_help"))
            }
            return error.exitCode
        } catch {
            output.error(strings.text("cli.error_prefix") + SafeText.line(String(describing: error)))
            return ExitCode.ioError
        }
    }

    /// The command whose path is the longest prefix of `words`.
    static func match(_ words: [String]) -> CommandSpec? {
        commands
            .filter { words.count >= $0.path.count && Array(words.prefix($0.path.count)) == $0.path }
            .max { $0.path.count < $1.path.count }
    }

    /// The system clock, or the time `--now` / `JINGWU_NOW` pins. A pinned clock is honoured
    /// by reads anywhere and by writes only on a journal made for tests and demos
    /// (`Office.pinnedClockRefusesWrites`; `recorded` is the system clock otherwise).
    static func makeClock(_ now: String?) throws -> JournalClock {
        guard let now, !now.isEmpty else { return SystemClock() }
        guard let date = RFC3339.parse(now), (TimeArgument.earliest...TimeArgument.latest).contains(date) else {
            throw UsageError("cli.usage.bad_now", ["value": now])
        }
        return PinnedClock(date)
    }
}

/// Where a command's output goes: the process's stdout/stderr, or a buffer in tests.
public protocol OutputSink: AnyObject, Sendable {
    func write(_ line: String)
    func error(_ line: String)
}

/// stdout and stderr of the process. Standard output is buffered (a `log`
/// of a year is a million lines); call `flush()` before the process exits.
public final class StandardOutput: OutputSink, @unchecked Sendable {
    private let lock = NSLock()
    private var buffer: [UInt8] = []

    public init() { buffer.reserveCapacity(1 << 16) }

    public func write(_ line: String) {
        lock.withLock {
            buffer.append(contentsOf: line.utf8)
            buffer.append(10)
            if buffer.count >= 1 << 16 { drain() }
        }
    }

    public func error(_ line: String) {
        lock.withLock {
            drain()
            StandardOutput.writeAll(2, Array((line + "\n").utf8))
        }
    }

    public func flush() { lock.withLock { drain() } }

    private func drain() {
        StandardOutput.writeAll(1, buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }  // stdout closed (e.g. `| head`): nothing more to say
                offset += n
            }
        }
    }
}

/// Collects output in memory (tests).
public final class CapturedOutput: OutputSink, @unchecked Sendable {
    private let lock = NSLock()
    private var outLines: [String] = []
    private var errLines: [String] = []
    public init() {}
    public func write(_ line: String) { lock.withLock { outLines.append(line) } }
    public func error(_ line: String) { lock.withLock { errLines.append(line) } }
    public var stdout: String { lock.withLock { outLines.map { $0 + "\n" }.joined() } }
    public var stderr: String { lock.withLock { errLines.map { $0 + "\n" }.joined() } }
}

/// What every command gets: the global options, the operator's strings, the
/// clock, the environment and the output.
public struct CommandContext: Sendable {
    public var global: GlobalOptions
    public var strings: Strings
    public var clock: JournalClock
    public var environment: [String: String]
    public var output: OutputSink

    /// The journal's path: `--journal`, else `$JINGWU_JOURNAL`, else
    /// `$XDG_DATA_HOME/jingwu/journal.jsonl`, else `~/.local/share/jingwu/journal.jsonl`.
    public var journalPath: String {
        if let path = global.journal, !path.isEmpty { return path }
        if let path = environment["JINGWU_JOURNAL"], !path.isEmpty { return path }
        if let base = environment["XDG_DATA_HOME"], !base.isEmpty { return base + "/jingwu/journal.jsonl" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/share/jingwu/journal.jsonl"
    }

    /// The operator's badge for headless writes (`--as`, else `$JINGWU_AS`).
    public var operatorBadge: String? {
        global.operatorBadge ?? environment["JINGWU_AS"]
    }

    /// One line of a message: every value put into it (a path the operator typed, a name a record
    /// or a bundle holds) made one printable line first, so no escape sequence or line break of
    /// theirs reaches the terminal.
    public func say(_ key: String, _ args: [String: String] = [:]) {
        output.write(strings.text(key, args.mapValues(SafeText.line)))
    }
}
