import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources

/// Sign-in for headless writes and `jingwu officer pin`.
///
/// Once any officer of the office has a PIN, `--as` alone is not enough: the operator's
/// PIN comes from `JINGWU_PIN`, or is asked for on the terminal without echo. A wrong or
/// missing PIN exits 77 with nothing written. PINs never appear in output or errors.
enum AccessCommands {
    static let all: [CommandSpec] = [
        CommandSpec(["officer", "pin"], summaryKey: "access.cli.officer_pin", usage: "--badge B [--new-pin-env VAR]",
                    options: [.value("badge", required: true), .value("new-pin-env")], run: runPin),
    ]

    /// Signs the operator in when the office has PINs (a no-op before the first PIN).
    static func authenticate(_ office: Office, _ context: CommandContext) throws {
        guard office.state.access.requiresSignIn,
              let typed = context.operatorBadge, let badge = office.state.officers.badge(for: typed)
        else { return }  // no operator, or an unknown one: execute names that
        guard office.state.access.hasPin(badge) else { return }  // Roles says who must set it
        // Named only when something is shown (a prompt, a throttle's wait): the label's string
        // table is not loaded for a PIN given in `JINGWU_PIN` that checks.
        let number = { office.state.officers.numberLabel(of: badge, context.strings) }
        guard let pin = context.environment["JINGWU_PIN"] ?? prompt(context, "access.cli.pin_prompt", badge: badge, number: number()) else {
            throw OfficeCommands.refusal(DomainError(.signInRequired, field: "pin", value: badge), context)
        }
        do {
            // Throttled across processes (PinThrottle.swift): too early a try exits 75 unchecked.
            try PinThrottle(journalPath: context.journalPath).guarding(badge, warn: { path in
                context.output.error(context.strings.text("access.cli.pin_failures_unusable", ["path": path]))
            }) {
                try office.signIn(badge: badge, pin: pin)
            }
        } catch var wait as PinThrottle.Wait {
            wait.number = number()
            throw wait
        } catch let error as DomainError {
            throw OfficeCommands.refusal(error, context)
        }
    }

    /// `officer pin --badge B`: first PIN, own change, or a police officer's reset of someone else's.
    static func runPin(_ context: CommandContext, _ parsed: ParsedArguments) throws -> Int32 {
        let office = try OfficeCommands.openOffice(context)
        let badge = CleanText.strip(parsed.value("badge") ?? "")
        try authenticate(office, context)
        let newPin: String
        if let name = parsed.value("new-pin-env") {
            guard let value = context.environment[name] else {
                throw UsageError("access.cli.env_missing", ["name": name])
            }
            newPin = value
        } else if let first = prompt(context, "access.cli.new_pin_prompt", badge: badge,
                                     number: office.state.officers.numberLabel(of: badge, context.strings)) {
            guard prompt(context, "access.cli.new_pin_again", badge: badge, number: "") == first else {
                throw UsageError("access.cli.pin_mismatch")
            }
            newPin = first
        } else {
            throw UsageError("access.cli.no_new_pin")
        }
        do {
            // Check who may before spending time on the hash; the write checks again.
            _ = try office.preview(SetPin(badge: badge, pin: placeholderHash), as: context.operatorBadge)
            let result = try office.setPin(badge: badge, pin: newPin, as: context.operatorBadge)
            let type = result.record?.type ?? PinSet.type
            if context.global.json {
                context.output.write("{\"seq\":\(result.record?.seq ?? 0),\"event\":\(JSONValue.quote(type)),"
                                     + "\"id\":\(JSONValue.quote(badge))}")
            } else {
                context.say("access.cli.pin_done", ["badge": badge, "what": context.strings.text("access.cli.what." + type)])
            }
            return ExitCode.ok
        } catch let error as DomainError {
            throw OfficeCommands.refusal(error, context)
        }
    }

    /// A well-formed hash standing in for the real one while asking whether the write is allowed.
    static let placeholderHash = PinHash(iterations: 1_000, salt: String(repeating: "0", count: 32),
                                         hash: String(repeating: "0", count: 64))

    /// Records that a report naming key persons (or a case file) left the office, when an
    /// operator is known or required. Before any PIN exists and with no `--as`, nothing
    /// identifies who asked, and the report prints without a record.
    static func recordAccess(_ office: Office, _ context: CommandContext, _ command: RecordAccess) throws {
        let badge = context.operatorBadge.map(CleanText.strip) ?? ""
        guard !badge.isEmpty || office.state.access.requiresSignIn else { return }
        try authenticate(office, context)
        do {
            try office.execute(command, as: context.operatorBadge)
        } catch let error as DomainError {
            throw OfficeCommands.refusal(error, context)
        }
    }

    /// Asks on the controlling terminal with echo off; nil when there is no terminal (scripts, tests).
    /// `number`: what the badge is called (警号, 辅警编号: the holder's role).
    static func prompt(_ context: CommandContext, _ key: String, badge: String, number: String) -> String? {
        guard context.output is StandardOutput, isatty(0) != 0 else { return nil }
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let question = Array(context.strings.text(key, ["badge": badge, "number": number]).utf8)
        _ = question.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { return nil }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        quiet.c_lflag |= tcflag_t(ECHONL)
        _ = tcsetattr(fd, TCSAFLUSH, &quiet)
        defer { _ = tcsetattr(fd, TCSAFLUSH, &saved) }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(fd, &byte, 1) == 1, byte != 10, byte != 13, bytes.count < 64 { bytes.append(byte) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
