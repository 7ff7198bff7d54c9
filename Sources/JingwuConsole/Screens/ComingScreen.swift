import JingwuTerminal

/// The panel a tab shows until its screen lands (issues 6 and 7 replace these).
final class ComingScreen: ConsoleScreen {
    let tab: ConsoleTab
    init(tab: ConsoleTab) { self.tab = tab }

    func keys(_ session: ConsoleSession) -> ConsoleKeyTable { ConsoleKeyTable([]) }

    func render(into screen: Screen, rect: Rect, session: ConsoleSession) {
        let box = rect.centered(width: min(rect.width, 56), height: 5)
        screen.box(box, title: session.t("console.tab.\(tab.name)"))
        screen.put(session.t("console.coming"), in: box.inset(1), line: 1, style: .muted, align: .center)
    }

    func handle(_ key: Key, session: ConsoleSession) -> Effects { [] }
}
