import JingwuResources

/// `jingwu` with no subcommand opens the console.
enum ConsoleLauncher {
    static func open(_ context: CommandContext) throws -> Int32 {
        // The console screens arrive with the console issues; until then say so
        // plainly and show what the command line can do.
        context.output.error(context.strings.text("cli.console.not_yet"))
        return HelpCommands.printOverview(context)
    }
}
