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
    /// Columns drawn last time: the previous handover's notes wrap to them.
    private var width = 80
    /// How many of each list the overview shows before "…".
    private let worst = 4
    /// The lines last built and what they were built for: they change only with the journal
    /// (a new record), the clock's minute (elapsed times, days open, what is due today) and the
    /// width (notes wrap to it). A keystroke that only moves the selection, or a search typed
    /// over the overview, reuses them (at station scale a build walks every list: tens of ms).
    private var built: (key: BuildKey, lines: [Line])?
    private struct BuildKey: Equatable {
        var seq: UInt64
        var minute: Int64
        var width: Int
    }
    /// Each part as last made, and what it was made from: the minute and width, and how far the
    /// event index ran (its length and last id). After a write only the parts the new events can
    /// change are made again (`Part.changed(by:)`); a new minute or width, an event of a type not
    /// listed there, or an index that is not the one seen (another state) makes every part again.
    private var made: [Part: Made] = [:]
    private var madeFrom: (minute: Int64, width: Int, positions: Int, last: UUID?)?
    /// The parts made at the last build (tests: a write remade only what it changes).
    private(set) var remade: Set<Part> = []

    func keys(_ session: ConsoleSession) -> ConsoleKeyTable {
        ConsoleKeyTable([
            KeyBinding("open", keys: [.enter], label: session.t("console.key.open")),
            KeyBinding("move", keys: [.up, .down], label: session.t("console.key.move"), quietKeys: CasesKit.pageKeys),
        ])
    }

    func reload(_ session: ConsoleSession) {
        lines = current(session)
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
        width = rect.width
        lines = current(session)  // rebuilt when the journal, the minute or the width moved
        height = rect.height
        // Journal notices first, wrapped whole: the operator must be able to read every word.
        var rows: [Line] = session.notices.flatMap { notice in
            TextWidth.wrapWords("! " + notice, width: max(10, rect.width - 2)).map { Line(text: $0, style: .warn, target: nil) }
        }
        let shift = rows.count
        rows += lines
        if let s = selected {
            let row = s + shift
            if row < offset { offset = row }
            if row >= offset + rect.height { offset = row - rect.height + 1 }
            // On the last item the lines below it show too (the parts with nothing).
            if s == lines.indices.last(where: { lines[$0].target != nil }) {
                offset = max(offset, min(row, rows.count - rect.height))
            }
        }
        for n in 0..<rect.height {
            let index = offset + n
            guard index < rows.count else { break }
            let isSelected = selected.map { $0 + shift == index } ?? false
            screen.put(" " + rows[index].text, in: rect, line: n, style: isSelected ? .selected : rows[index].style)
        }
    }

    /// The overview's lines as of now: those built last while nothing they show has moved.
    private func current(_ session: ConsoleSession) -> [Line] {
        let key = BuildKey(seq: session.state.lastSeq, minute: Int64((session.now.timeIntervalSince1970 / 60).rounded(.down)),
                           width: width)
        if let built, built.key == key { return built.lines }
        let index = session.state.targets
        var redo = Set(Part.allCases)
        if let from = madeFrom, from.minute == key.minute, from.width == key.width, from.positions <= index.positions,
           from.positions == 0 || index.id(at: from.positions - 1) == from.last {
            redo = [.shift]
            for position in from.positions..<index.positions {
                guard let parts = index.typeName(at: position).flatMap({ Part.changed(by: $0) }) else {
                    redo = Set(Part.allCases)
                    break
                }
                redo.formUnion(parts)
            }
        }
        for part in Part.allCases where redo.contains(part) || made[part] == nil { made[part] = make(part, session) }
        remade = redo
        madeFrom = (key.minute, key.width, index.positions, index.positions > 0 ? index.id(at: index.positions - 1) : nil)
        let lines = assemble()
        built = (key, lines)
        return lines
    }

    /// The overview's parts, in the order listed: the shift (its line and the previous handover),
    /// then the parts that may have something to show.
    enum Part: CaseIterable {
        case shift, objections, fraud, absconding, tasks, patrols, hazards, followUps, visits, gaps, disputes, incidents,
             disputesOverdue, notices, screening

        /// The parts an event of `type` can change, nil for a type not listed (every part is made
        /// again). Each entry follows the type's fold: what it adds or changes, and which parts
        /// read that (a roster, cell, team or policy change, a correction, is not listed).
        static func changed(by type: String) -> Set<Part>? {
            switch type {
            case "PatrolStarted", "PatrolCheckedIn", "PatrolEnded", "StopCheckConducted": return [.patrols, .gaps]
            case "HazardFound": return [.hazards, .patrols]
            case "HazardCleared": return [.hazards, .notices]
            case "IncidentLogged", "IncidentArrived", "IncidentClosed", "IncidentLinked": return [.incidents]
            case "VisitRecorded": return [.visits]
            case "DisputeOpened", "MediationHeld", "DisputeResolved", "DisputeReferred", "DisputeClosed", "DisputeFollowedUp":
                return [.disputes, .followUps, .disputesOverdue, .screening]
            case "FraudWarningReceived", "FraudDissuasionRecorded": return [.fraud]
            case "RectificationNoticeIssued", "RectificationCompleted": return [.notices]
            // The access book only: nothing on the overview reads it.
            case "AccessRecorded", "IDNumberRevealed", "SignInFailed": return []
            default: return nil
            }
        }
    }

    /// What a part shows: lines above the sections (the shift's), and its sections (none when a
    /// part shown only when it has something has nothing).
    private struct Made {
        var head: [Line] = []
        var sections: [Section] = []
    }

    /// The parts with something, in order, then those with nothing: one line each.
    private func assemble() -> [Line] {
        var out: [Line] = []
        var sections: [Section] = []
        for part in Part.allCases {
            guard let m = made[part] else { continue }
            out += m.head
            sections += m.sections
        }
        for section in sections where section.count > 0 {
            out.append(Line(text: "", style: .normal, target: nil))
            out.append(Line(text: section.header, style: section.style, target: nil))
            out += section.lines
        }
        let empty = sections.filter { $0.count == 0 }
        if !empty.isEmpty {
            out.append(Line(text: "", style: .normal, target: nil))
            out += empty.map { Line(text: $0.header, style: .muted, target: nil) }
        }
        return out
    }

    /// One part of the overview: a header with its count and the items under it.
    private struct Section {
        var header: String
        var style: Style = .header
        var count: Int
        var lines: [Line] = []
    }

    /// The overview answers "what needs me now" (issue 17): the shift, then every part that has
    /// something, most urgent first (the previous handover's notes and objections, fraud warnings
    /// not yet dissuaded, patrols out, open hazards, 回访 due, visits overdue, cells past their
    /// window, open disputes, today's incidents), then the parts with nothing, one line each.
    private func make(_ part: Part, _ session: ConsoleSession) -> Made {
        let state = session.state
        let now = session.now
        var out: [Line] = []
        func item(_ text: String, _ style: Style = .normal, _ target: (ConsoleTab, String)?) -> Line {
            Line(text: "   " + text, style: style, target: target.map { (tab: $0.0, id: $0.1) })
        }
        // The first `worst` items' lines, then "…另有 N 项": only the lines shown are made (a
        // station's lists run to thousands, and the overview is built at every redraw).
        func capped<Items: Collection>(_ section: inout Section, _ items: Items, _ line: (Items.Element) -> Line) {
            section.lines = items.prefix(worst).map(line)
            if items.count > worst {
                section.lines.append(Line(text: "   " + session.t("console.overview.more", ["count": String(items.count - worst)]),
                                          style: .muted, target: nil))
            }
        }
        var sections: [Section] = []
        switch part {
        case .shift:
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
                // What the previous shift handed over: its notes and the items it carried.
                if let previous = state.shifts.shifts.last(where: {
                    !$0.voided && $0.id != shift.id && ($0.handover.map { $0.at <= shift.openedAt } ?? false)
                }), let handover = previous.handover {
                    var part = Section(header: session.t("console.overview.handover", [
                        "shift": previous.id, "name": session.officerName(handover.from), "time": session.dayClock(handover.at),
                    ]), count: 0)
                    let target = (ConsoleTab.handover, previous.id)
                    // Notes may hold several lines: each wrapped under the label, masked before it is cut.
                    let label = session.t("console.overview.handover_notes")
                    let indent = TextWidth.columns(of: label)
                    let noteLines = handover.notes.split(whereSeparator: \.isNewline).map { CleanText.strip(String($0)) }
                        .filter { !$0.isEmpty }
                        .flatMap { TextWidth.wrapWords(Privacy.maskNumbers(in: $0), width: max(20, width - 5 - indent)) }
                    for (n, text) in noteLines.enumerated() {
                        part.lines.append(item((n == 0 ? label : String(repeating: " ", count: indent)) + text, .normal, target))
                    }
                    for carried in handover.carried {
                        part.lines.append(item(session.t("console.overview.carried", ["item": Privacy.maskNumbers(in: carried)]),
                                               .normal, target))
                    }
                    part.count = part.lines.count
                    if !part.lines.isEmpty { sections.append(part) }
                }
            } else {
                out.append(Line(text: session.t("console.overview.no_shift"), style: .warn, target: nil))
            }
        case .objections:

            // 接班异议 until someone records how each was dealt with (Enter, then `x` on the review), newest first.
            let objections = state.openObjections
            var objectionPart = Section(header: session.t("console.overview.objections", ["count": String(objections.count)]),
                                        style: .warn, count: objections.count)
            capped(&objectionPart, objections) { shift in
                let ack = shift.acknowledgement!
                return item(session.t("console.overview.objection_line", [
                    "shift": shift.id, "name": session.officerName(ack.by), "time": session.dayClock(ack.at),
                    "text": Privacy.maskNumbers(in: CleanText.strip(ack.objections ?? "")),
                ]), .warn, (.handover, shift.id))
            }
            sections.append(objectionPart)
        case .fraud:

            // 反诈预警 not yet acted on (or nobody reached): high level first.
            let warnings = state.fraudWarningsNeedingAction
            var fraud = Section(header: session.t("console.overview.fraud", ["count": String(warnings.count)]), count: warnings.count)
            capped(&fraud, warnings) { warning in
                item(session.t("console.overview.fraud_line", [
                    "id": warning.id, "level": session.name(warning.level), "target": Privacy.maskNumbers(in: warning.target),
                    "phone": Privacy.maskPhone(warning.phone), "time": session.dayClock(warning.at),
                    "status": session.t("domain.fraud_status." + warning.status.rawValue),
                ]), warning.level == .high ? .danger : .warn, (.incidents, warning.id))
            }
            sections.append(fraud)
        case .absconding:

            // Issue 19, only when there is one: 社区矫正 persons 户在人不在 (可能脱管), team tasks past their day.
            let absconding = state.possiblyAbsconding(at: now)
            if !absconding.isEmpty {
                var part = Section(header: session.t("console.overview.absconding", ["count": String(absconding.count)]),
                                   style: .warn, count: absconding.count)
                capped(&part, absconding) { person in
                    item([person.id, person.name, session.name(person.category), session.name(person.residency), person.cell]
                        .joined(separator: " "), .error, (.persons, person.id))
                }
                sections.append(part)
            }
        case .tasks:
            let lateTasks = state.overdueTasks(now: now)
            if !lateTasks.isEmpty {
                var part = Section(header: session.t("console.overview.tasks_overdue", ["count": String(lateTasks.count)]),
                                   count: lateTasks.count)
                let zh = session.strings.language == .zh
                capped(&part, lateTasks) { task in
                    item([task.id, state.community.team(task.team)?.name ?? task.team,
                                  state.policy.community.taskKind(task.kind)?.name(zh) ?? task.kind,
                                  session.t("console.community.due", ["due": task.due])].joined(separator: " "), .warn, nil)
                }
                sections.append(part)
            }
        case .patrols:
            let active = state.activePatrols
            var patrols = Section(header: session.t("console.overview.active", ["count": String(active.count)]), count: active.count)
            capped(&patrols, active) { patrol in
                item(session.t("console.overview.patrol", [
                    "id": patrol.id, "mode": session.name(patrol.mode), "lead": session.officerName(patrol.lead),
                    "elapsed": session.duration(minutes: patrol.minutes(now: now)),
                    "checkins": String(patrol.checkIns.filter { !state.patrols.checkIns[$0].voided }.count),
                ]), .normal, (.patrols, patrol.id))
            }
            sections.append(patrols)
        case .hazards:

            // 未整改隐患, oldest first, with the days each has stood open.
            let hazards = state.openHazards(at: now)
            var hazardPart = Section(header: session.t("console.overview.hazards", ["count": String(hazards.count)]),
                                     count: hazards.count)
            capped(&hazardPart, hazards) { hazard in
                item(session.t("console.overview.hazard_line", [
                    "id": hazard.id, "category": session.name(hazard.category), "cell": hazard.cell,
                    "days": String(max(0, OfficeTime.days(from: hazard.at, to: now))),
                    "note": Privacy.maskNumbers(in: CleanText.strip(hazard.note)),
                ]), .warn, (.patrols, hazard.id))
            }
            sections.append(hazardPart)
        case .followUps:

            // 回访 due today or overdue, the most overdue first.
            let today = OfficeTime.dayNumber(now)
            let followUps = state.followUpsDue(now: now).filter { $0.isOverdue || OfficeTime.dayNumber($0.due) <= today }
            var followPart = Section(header: session.t("console.overview.follow_ups", [
                "count": String(followUps.count), "overdue": String(followUps.filter(\.isOverdue).count),
            ]), count: followUps.count)
            capped(&followPart, followUps) { due in
                let days = OfficeTime.days(from: due.due, to: now)
                return item(session.t(due.isOverdue && days > 0 ? "console.overview.follow_up_overdue" : "console.overview.follow_up_today", [
                    "id": due.dispute.id, "category": session.name(due.dispute.category),
                    "parties": Privacy.maskNumbers(in: due.dispute.parties.joined(separator: "、")), "days": String(days),
                ]), due.isOverdue && days > 0 ? .error : .normal, (.disputes, due.dispute.id))
            }
            sections.append(followPart)
        case .visits:

            let overdue = state.overdueVisits(now: now)
            var visits = Section(header: session.t("console.overview.visits", ["count": String(overdue.count)]), count: overdue.count)
            capped(&visits, overdue) { due in
                item(session.t("console.overview.visit", [
                    "id": due.person.id, "name": due.person.name, "category": session.name(due.person.category),
                    "days": String(due.daysOverdue),
                ]), .normal, (.persons, due.person.id))
            }
            sections.append(visits)
        case .gaps:

            let gaps = state.coverageGaps(now: now)
            var gapPart = Section(header: session.t("console.overview.gaps", ["count": String(gaps.count)]), count: gaps.count)
            capped(&gapPart, gaps) { gap in
                item(CoverageScreen.gapText(gap, session), gap.status == .never ? .warn : .error, (.coverage, gap.cell.code))
            }
            sections.append(gapPart)
        case .disputes:

            let disputes = state.disputeList().filter { !$0.status.isConcluded }
                .sorted { ($0.risk == .escalation ? 0 : 1, $0.openedAt) < ($1.risk == .escalation ? 0 : 1, $1.openedAt) }
            var disputePart = Section(header: session.t("console.overview.disputes", ["count": String(disputes.count)]),
                                      count: disputes.count)
            capped(&disputePart, disputes) { dispute in
                let risk = dispute.risk == .escalation ? "  ⚠ " + session.name(dispute.risk) : ""
                return item(session.t("console.overview.dispute", [
                    "id": dispute.id, "category": session.name(dispute.category),
                    "days": String(state.ageInDays(dispute, now: now)), "status": session.t("console.dispute.\(dispute.status.rawValue)"),
                ]) + risk, dispute.risk == .escalation ? .danger : .normal, (.disputes, dispute.id))
            }
            sections.append(disputePart)
        case .incidents:

            let incidents = state.incidentsToday(now: now)
            var incidentPart = Section(header: session.t("console.overview.incidents", ["count": String(incidents.count)]),
                                       count: incidents.count)
            capped(&incidentPart, incidents.reversed()) { incident in
                item(session.t("console.overview.incident", [
                    "time": session.clock(incident.at), "id": incident.id, "kind": session.name(incident.kind),
                    "cell": incident.cell,
                    "state": session.t(incident.isOpen ? "console.incident.open" : "console.incident.closed"),
                ]), .normal, (.incidents, incident.id))
            }
            sections.append(incidentPart)
        case .disputesOverdue:
            // Issue 20: disputes past their 化解时限, notices past their deadline, last week's 排查 not
            // reported (once the office keeps the 排查 in the journal at all). Shown when there is one.
            let overdueDisputes = state.disputesOverdue(now: now)
            var overduePart = Section(header: session.t("console.overview.disputes_overdue", ["count": String(overdueDisputes.count)]),
                                      style: .warn, count: overdueDisputes.count)
            capped(&overduePart, overdueDisputes) { o in
                item(session.t("console.overview.dispute_overdue", [
                    "id": o.dispute.id, "category": session.name(o.dispute.category), "deadline": session.dayClock(o.deadline),
                    "days": String(o.daysOver), "responsible": o.dispute.responsible.map(session.officerName) ?? "—",
                ]), .error, (.disputes, o.dispute.id))
            }
            if overduePart.count > 0 { sections.append(overduePart) }
        case .notices:
            let pastDue = state.noticesPastDue(now: now)
            var noticePart = Section(header: session.t("console.overview.notices_past_due", ["count": String(pastDue.count)]),
                                     style: .warn, count: pastDue.count)
            capped(&noticePart, pastDue) { n in
                item(session.t("console.overview.notice_past_due", [
                    "id": n.id, "hazard": n.hazard, "party": Privacy.maskNumbers(in: n.party), "deadline": session.dayClock(n.deadline),
                    "days": String(max(0, OfficeTime.days(from: n.deadline, to: now))),
                ]), .error, (.patrols, n.hazard))
            }
            if noticePart.count > 0 { sections.append(noticePart) }
        case .screening:
            let screeningGaps = state.disputes.screenings.isEmpty ? [] : state.screeningGaps(now: now)
            var screeningPart = Section(header: session.t("console.overview.screening_gaps", [
                "count": String(screeningGaps.count), "week": screeningGaps.first?.weekLabel ?? "",
            ]), style: .warn, count: screeningGaps.count)
            capped(&screeningPart, screeningGaps) { gap in item(gap.community, .warn, (.disputes, "")) }
            if screeningPart.count > 0 { sections.append(screeningPart) }
        }
        return Made(head: out, sections: sections)
    }
}
