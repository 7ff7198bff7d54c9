import Foundation
import JingwuDomain
import JingwuTerminal

/// 总览: what the duty officer looks at first — shift, patrols out, cells past their
/// window, overdue visits, open disputes, today's incidents. Enter opens an item's screen.
final class OverviewScreen: ConsoleScreen {
    let tab = ConsoleTab.overview

    /// One line of the overview; lines with a target can be selected and opened.
    struct Line: Equatable {
        var text: String
        var style: Style
        var target: (tab: ConsoleTab, id: String)?
        static func == (a: Line, b: Line) -> Bool { a.text == b.text && a.style == b.style }
    }

    private var lines: [Line] = []
    private var selected: Int?
    private var offset = 0
    /// Rows drawn last time: PgUp/PgDn move the selection by about that many.
    private var height = 20
    /// How many of each list the overview shows before "…".
    private let worst = 4

    func keys(_ session: ConsoleSession) -> ConsoleKeyTable {
        ConsoleKeyTable([
            KeyBinding("open", keys: [.enter], label: session.t("console.key.open")),
            KeyBinding("move", keys: [.up, .down], label: session.t("console.key.move"), quietKeys: CasesKit.pageKeys),
        ])
    }

    func reload(_ session: ConsoleSession) {
        lines = build(session)
        let selectable = lines.indices.filter { lines[$0].target != nil }
        if let s = selected, selectable.contains(s) { return }
        selected = selectable.first
    }

    func perform(_ action: ScreenAction, key: Key, session: ConsoleSession) -> Effects {
        let selectable = lines.indices.filter { lines[$0].target != nil }
        switch action {
        case "move":
            guard let current = selected, let at = selectable.firstIndex(of: current) else { return .handled }
            let page = max(1, height - 1)
            let next: Int
            switch key {
            case .up: next = max(0, at - 1)
            case .home: next = 0
            case .end: next = selectable.count - 1
            // A page: the last item at most a screen above (below) the selected line, and at least one item on.
            case .pageUp: next = min(max(0, at - 1), selectable.firstIndex { $0 >= current - page } ?? 0)
            case .pageDown: next = max(min(selectable.count - 1, at + 1), selectable.lastIndex { $0 <= current + page } ?? 0)
            default: next = min(selectable.count - 1, at + 1)
            }
            selected = selectable[next]
            return .updated
        case "open":
            guard let s = selected, let target = lines[s].target else { return .handled }
            return session.navigate(to: target.tab, target: target.id)
        default:
            return []
        }
    }

    func render(into screen: Screen, rect: Rect, session: ConsoleSession) {
        lines = build(session)  // cheap: the clock moves elapsed times
        height = rect.height
        // Journal notices first, wrapped whole: the operator must be able to read every word.
        var rows: [Line] = session.notices.flatMap { notice in
            TextWidth.wrap("! " + notice, width: max(10, rect.width - 2)).map { Line(text: $0, style: .warn, target: nil) }
        }
        let shift = rows.count
        rows += lines
        if let s = selected {
            let row = s + shift
            if row < offset { offset = row }
            if row >= offset + rect.height { offset = row - rect.height + 1 }
        }
        for n in 0..<rect.height {
            let index = offset + n
            guard index < rows.count else { break }
            let isSelected = selected.map { $0 + shift == index } ?? false
            screen.put(" " + rows[index].text, in: rect, line: n, style: isSelected ? .selected : rows[index].style)
        }
    }

    private func build(_ session: ConsoleSession) -> [Line] {
        let state = session.state
        let now = session.now
        var out: [Line] = []
        func header(_ key: String, _ count: Int) {
            if !out.isEmpty { out.append(Line(text: "", style: .normal, target: nil)) }
            out.append(Line(text: session.t(key, ["count": String(count)]), style: .header, target: nil))
        }
        func more(_ count: Int) {
            if count > worst { out.append(Line(text: "   " + session.t("console.overview.more", ["count": String(count - worst)]),
                                              style: .muted, target: nil)) }
        }

        // Shift and duty officer.
        if let shift = state.shifts.current {
            out.append(Line(text: session.t("console.overview.shift", [
                "shift": shift.id, "name": session.officerName(shift.duty), "badge": shift.duty,
                "since": session.dayClock(shift.openedAt), "team": String(shift.team.count),
            ]), style: .header, target: nil))
            // Nobody on duty or on call is a police officer (issue 15): say so where the shift is shown.
            if !state.hasPoliceOnDuty(shift) {
                out.append(Line(text: "   " + session.t("console.handover.no_police"), style: .warn, target: nil))
            }
        } else {
            out.append(Line(text: session.t("console.overview.no_shift"), style: .warn, target: nil))
        }

        let active = state.activePatrols
        header("console.overview.active", active.count)
        for patrol in active.prefix(worst) {
            out.append(Line(text: "   " + session.t("console.overview.patrol", [
                "id": patrol.id, "mode": session.name(patrol.mode), "lead": session.officerName(patrol.lead),
                "elapsed": session.duration(minutes: patrol.minutes(now: now)),
                "checkins": String(patrol.checkIns.filter { !state.patrols.checkIns[$0].voided }.count),
            ]), style: .normal, target: (.patrols, patrol.id)))
        }
        more(active.count)

        let gaps = state.coverageGaps(now: now)
        header("console.overview.gaps", gaps.count)
        for gap in gaps.prefix(worst) {
            out.append(Line(text: "   " + CoverageScreen.gapText(gap, session), style: gap.status == .never ? .warn : .error,
                            target: (.coverage, gap.cell.code)))
        }
        more(gaps.count)

        let overdue = state.overdueVisits(now: now)
        header("console.overview.visits", overdue.count)
        for due in overdue.prefix(worst) {
            out.append(Line(text: "   " + session.t("console.overview.visit", [
                "id": due.person.id, "name": due.person.name, "category": session.name(due.person.category),
                "days": String(due.daysOverdue),
            ]), style: .normal, target: (.persons, due.person.id)))
        }
        more(overdue.count)

        let disputes = state.disputeList().filter { !$0.status.isConcluded }
            .sorted { ($0.risk == .escalation ? 0 : 1, $0.openedAt) < ($1.risk == .escalation ? 0 : 1, $1.openedAt) }
        header("console.overview.disputes", disputes.count)
        for dispute in disputes.prefix(worst) {
            let risk = dispute.risk == .escalation ? "  ⚠ " + session.name(dispute.risk) : ""
            out.append(Line(text: "   " + session.t("console.overview.dispute", [
                "id": dispute.id, "category": session.name(dispute.category),
                "days": String(state.ageInDays(dispute, now: now)), "status": session.t("console.dispute.\(dispute.status.rawValue)"),
            ]) + risk, style: dispute.risk == .escalation ? .danger : .normal, target: (.disputes, dispute.id)))
        }
        more(disputes.count)

        let incidents = state.incidentsToday(now: now)
        header("console.overview.incidents", incidents.count)
        for incident in incidents.reversed().prefix(worst) {
            out.append(Line(text: "   " + session.t("console.overview.incident", [
                "time": session.clock(incident.at), "id": incident.id, "kind": session.name(incident.kind),
                "cell": incident.cell,
                "state": session.t(incident.isOpen ? "console.incident.open" : "console.incident.closed"),
            ]), style: .normal, target: (.incidents, incident.id)))
        }
        more(incidents.count)

        // 反诈预警 not yet acted on (or nobody reached): high level first.
        let warnings = state.fraudWarningsNeedingAction
        header("console.overview.fraud", warnings.count)
        for warning in warnings.prefix(worst) {
            out.append(Line(text: "   " + session.t("console.overview.fraud_line", [
                "id": warning.id, "level": session.name(warning.level), "target": Privacy.maskNumbers(in: warning.target),
                "phone": Privacy.maskPhone(warning.phone), "time": session.dayClock(warning.at),
                "status": session.t("domain.fraud_status." + warning.status.rawValue),
            ]), style: warning.level == .high ? .danger : .warn, target: (.incidents, warning.id)))
        }
        more(warnings.count)
        return out
    }
}
