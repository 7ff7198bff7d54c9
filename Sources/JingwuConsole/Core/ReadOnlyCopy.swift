import JingwuTerminal

/// The keys that record something, by tab: on the station's read-only copy of an office
/// (`ConsoleSession.readOnlyCopy`, `jingwu --station URL --office X`) they are left out of the hint
/// line and the help, and pressing one says why nothing can be recorded here instead of opening a
/// form. Looking keys (moving, opening a record, filters, periods, the journal's verify) work as
/// ever. A write that comes another way is refused all the same (`ConsoleSession.execute`, and the
/// copy's journal refuses every append).
enum ReadOnlyCopyKeys {
    static let recording: [ConsoleTab: Set<String>] = [
        .patrols: ["new", "checkin", "hazard", "stop", "end", "backdate", "save", "typeCell", "clear", "notice", "complete"],
        .coverage: ["add", "rental", "amendGrid", "movePoint", "leader", "voidLeader", "inspect", "status"],
        .persons: ["new", "status", "delist", "visit", "reveal"],
        .disputes: ["new", "followUp", "mediate", "refer", "resolve", "close", "screening", "reception"],
        .incidents: ["new", "close", "link", "dissuade", "revealPhone", "arrive", "outreach"],
        .handover: ["open", "handover", "ack", "address"],
        .journal: ["amend", "void", "undo"],
        .roster: ["enrol", "void", "pin"],
    ]

    static func isRecording(_ action: ScreenAction, on tab: ConsoleTab) -> Bool {
        recording[tab]?.contains(action.name) ?? false
    }

    /// `table` without the recording rows when the session shows a read-only copy.
    static func shown(_ table: ConsoleKeyTable, tab: ConsoleTab, session: ConsoleSession) -> ConsoleKeyTable {
        guard session.readOnlyCopy != nil else { return table }
        return ConsoleKeyTable(table.bindings.filter { !isRecording($0.action, on: tab) })
    }
}
