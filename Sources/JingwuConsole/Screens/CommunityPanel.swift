import Foundation
import JingwuDomain
import JingwuResources
import JingwuTerminal

extension PageBuilder {
    /// The tips a record was turned from (`TipLinked`, the other way): on a key person's, a
    /// dispute's and an incident's page, one line each, nothing when there is none.
    mutating func tips(for record: String, _ session: ConsoleSession) {
        let state = session.state
        for tip in state.tips(for: record) {
            wrapped(session.t("console.persons.file.tip", ["tip": tip.id, "time": session.dayClock(tip.at),
                                                           "source": session.name(tip.source), "from": state.tipGiver(tip)]),
                    tip.what, .muted)
        }
    }
}

/// 群防群治 (issue 19), reached from 人员名册 (key `0`) by `g`: every number key is a screen
/// already. Four lists, `→` to the next (`←` back; `Tab` stays the frame's next screen): the 义警 and patrol teams, their tasks (overdue ones
/// stand out), this month's 联户长 points and subsidy, and tips with the cases they became.
/// `/` filters the list shown (ListFilter: the text a row shows, numbers masked; never an ID number); `Esc` goes back to the roster. Nothing here
/// writes: points, teams, tasks and tips are written by `jingwu points|team|task|tip` (README).
struct CommunityPanel {
    enum List: Int, CaseIterable {
        case teams, tasks, points, tips
        var key: String { ["teams", "tasks", "points", "tips"][rawValue] }
    }

    private(set) var list: List = .teams
    private(set) var filterText = ""
    /// The filter being typed, while it is.
    private(set) var filterField: TextField?
    private var table = StyledTable(columns: [], emptyText: "")

    var filtering: Bool { filterField != nil }

    func keys(_ session: ConsoleSession) -> ConsoleKeyTable {
        func t(_ key: String) -> String { session.t(key) }
        if filterField != nil {
            return ConsoleKeyTable([
                KeyBinding("apply", keys: [.enter], label: t("console.community.key.apply")),
                KeyBinding("cancel", keys: [.escape], label: t("console.key.cancel")),
                FormKit.edit,
            ])
        }
        return ConsoleKeyTable([
            // Tab is the frame's (the next screen): ←→ go through the lists.
            KeyBinding("next", keys: [.right], label: t("console.community.key.next")),
            KeyBinding("previous", keys: [.left], label: t("console.community.key.previous"), showsInHints: false),
            KeyBinding("filter", keys: [.character("/")], label: t("console.community.key.filter")),
            KeyBinding("back", keys: [.escape], label: t("console.community.key.back")),
            KeyBinding("move", keys: [.up, .down], label: t("console.key.move"), showsInHints: false,
                       quietKeys: CasesKit.pageKeys),
        ])
    }

    /// What a key the table listed does; `close` when the panel is to go.
    enum Outcome { case stay(Effects), close }

    mutating func perform(_ action: ScreenAction, key: Key, session: ConsoleSession) -> Outcome {
        if var field = filterField {
            switch action {
            case "cancel":
                filterField = nil
            case "apply":
                filterText = field.text.trimmingCharacters(in: .whitespaces)
                filterField = nil
                reload(session)
            case "edit":
                let result = field.handle(key)
                filterField = field
                return .stay(result.contains(.handled) ? .updated : [])
            default:
                return .stay([])
            }
            return .stay(.updated)
        }
        switch action {
        case "next", "previous":
            let step = action == "next" ? 1 : List.allCases.count - 1
            list = List(rawValue: (list.rawValue + step) % List.allCases.count)!
            reload(session)
        case "filter":
            filterField = TextField(text: filterText, maxLength: 40)
        case "back":
            return .close
        case "move":
            _ = table.handle(key, pageSize: 10)
        default:
            return .stay([])
        }
        return .stay(.updated)
    }

    // MARK: Lists

    mutating func reload(_ session: ConsoleSession) {
        let (columns, rows) = lines(list, session)
        var newTable = StyledTable(columns: columns, emptyText: session.t("console.community.empty." + list.key),
                                   fitted: Set(0..<columns.count))
        // ListFilter: names and text as shown (numbers masked), ids as `#` reads them; never an ID number.
        let shown = rows.filter { ListFilter.keeps(filterText, id: $0.id, cells: $0.cells) }
        newTable.setRows(shown.map(\.cells), styles: shown.map(\.style), ids: shown.map(\.id))
        table.replace(with: newTable)
    }

    struct Row {
        var id: String
        var cells: [String]
        var style: Style = .normal
    }

    func lines(_ list: List, _ session: ConsoleSession) -> ([TableColumn], [Row]) {
        let state = session.state
        let now = session.now
        let zh = session.strings.language == .zh
        func col(_ key: String, _ width: Int = 4) -> TableColumn {
            TableColumn(session.t("console.community.col." + key), width: .fixed(width))
        }
        func team(_ id: String) -> String { state.community.team(id)?.name ?? id }
        switch list {
        case .teams:
            let rows = state.community.teams.map { t -> Row in
                let tasks = state.community.tasks.filter { $0.team == t.id }
                let overdue = tasks.filter { $0.isOverdue(at: now) }.count
                return Row(id: t.id, cells: [t.id, t.name, session.name(t.kind), String(t.members.count),
                                             String(tasks.count), String(tasks.filter { $0.closure?.done == true }.count),
                                             String(overdue)],
                           style: overdue > 0 ? .warn : .normal)
            }
            return ([col("team"), col("name"), col("kind"), col("members"), col("tasks"), col("done"), col("overdue")], rows)
        case .tasks:
            let rows = state.community.tasks.reversed().map { task -> Row in
                let status: String
                var style = Style.normal
                if let closure = task.closure {
                    status = session.t("domain.closed_status." + (closure.done ? "done" : "not-done"))
                    style = closure.done ? .muted : .normal
                } else if task.isOverdue(at: now) {
                    status = session.t("console.community.overdue")
                    style = .error
                } else {
                    status = session.t("console.community.open")
                }
                return Row(id: task.id, cells: [task.id, team(task.team),
                                                state.policy.community.taskKind(task.kind)?.name(zh) ?? task.kind,
                                                String(task.due.dropFirst(5)), status, task.description], style: style)
            }
            return ([col("task"), col("team"), col("kind"), col("due"), col("status"), col("text")], rows)
        case .points:
            let month = CommunityDay.month(of: now)
            let rows = state.communities.flatMap { community in
                state.subsidySheet(community: community, month: month).lines.map { line in
                    Row(id: line.leader, cells: [line.leader, session.officerName(line.leader), community,
                                                 String(line.byCategory[.basic] ?? 0), String(line.byCategory[.results] ?? 0),
                                                 String(line.byCategory[.model] ?? 0), String(line.points), String(line.yuan)])
                }
            }
            return ([col("leader"), col("name"), col("community"), col("basic"), col("results"), col("model"), col("points"),
                     col("yuan")], rows)
        case .tips:
            let rows = state.community.tips.reversed().map { tip -> Row in
                let records = tip.liveLinks.map(\.record).joined(separator: "、")
                return Row(id: tip.id, cells: [tip.id, session.dayClock(tip.at), session.name(tip.source),
                                               state.tipGiver(tip), session.name(tip.channel),
                                               records.isEmpty ? "—" : records, tip.what],
                           style: records.isEmpty ? .normal : .muted)
            }
            return ([col("tip"), col("time"), col("source"), col("from"), col("channel"), col("records"), col("text")], rows)
        }
    }

    /// The heading: which list, its count, the filter; the lists to come by `Tab`.
    func heading(_ session: ConsoleSession) -> String {
        let state = session.state
        let now = session.now
        return session.t("console.community.heading", [
            "list": session.t("console.community.list." + list.key), "count": String(table.rows.count),
            "teams": String(state.community.teams.count), "overdue": String(state.overdueTasks(now: now).count),
            "month": CommunityDay.month(of: now),
            "filter": filterText.isEmpty ? "" : session.t("console.community.filtered", ["text": GridDrillDown.shown(filterText)])])
    }

    mutating func render(into screen: Screen, rect: Rect, session: ConsoleSession) {
        reload(session)
        if let field = filterField {
            let (top, body) = rect.splitTop(1)
            let label = session.t("console.community.filter_label")
            let w = TextWidth.columns(of: label) + 1
            screen.put(label, in: top, style: .hintKey)
            field.render(into: screen, rect: Rect(row: top.row, col: top.col + w, width: top.width - w, height: 1), focused: true)
            table.render(into: screen, rect: body)
        } else {
            table.render(into: screen, rect: rect, heading: heading(session), style: .muted)
        }
    }
}
