import JingwuResources

/// `jingwu help [COMMAND…]`: generated from the same command table that dispatches.
enum HelpCommands {
    static let all: [CommandSpec] = [
        CommandSpec(["help"], summaryKey: "cli.help.summary", usage: "[COMMAND…]", takesPositionals: true) { context, parsed in
            if !parsed.words.isEmpty, let spec = CLI.match(parsed.words) {
                return printCommand(spec, context)
            }
            // `jingwu help dispute`: the commands of that group, not the whole list.
            let group = CLI.commands.filter { $0.path.starts(with: parsed.words) }
            if !parsed.words.isEmpty, group.isEmpty {
                throw UsageError("cli.usage.unknown_command", ["command": parsed.words.joined(separator: " ")])
            }
            return printOverview(context, only: parsed.words.isEmpty ? CLI.commands : group)
        },
    ]

    static func printOverview(_ context: CommandContext, only commands: [CommandSpec] = CLI.commands) -> Int32 {
        context.say("cli.help.title")
        context.output.write("")
        let lines = commands.map { spec in
            (("jingwu " + spec.path.joined(separator: " ")), context.strings.text(spec.summaryKey))
        }
        let width = lines.map { $0.0.count }.max() ?? 0
        for (name, summary) in lines {
            context.output.write("  " + name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + summary)
        }
        context.output.write("")
        context.say("cli.help.global")
        return ExitCode.ok
    }

    static func printCommand(_ spec: CommandSpec, _ context: CommandContext) -> Int32 {
        context.output.write("jingwu " + spec.path.joined(separator: " ") + (spec.usage.isEmpty ? "" : " " + spec.usage))
        context.output.write("  " + context.strings.text(spec.summaryKey))
        return ExitCode.ok
    }
}
