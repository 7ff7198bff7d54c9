import JingwuJournal
import JingwuResources

/// `init`, `verify`, `log`, `salvage`: the commands that work on the journal itself.
enum JournalCommands {
    static let all: [CommandSpec] = []
}
