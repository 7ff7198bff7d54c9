import Foundation
import JingwuDomain
import JingwuTerminal

/// One line of a scrolling text view, with its style.
struct StyledLine: Equatable {
    var text: String
    var style: Style
    init(_ text: String, _ style: Style = .normal) { self.text = text; self.style = style }
}

/// Lines no wider than `width`: a longer one goes on over the next rows, indented
/// two columns further than it starts, so nothing an officer wrote is cut off.
func wrapped(_ lines: [StyledLine], width: Int) -> [StyledLine] {
    guard width > 8 else { return lines }
    var out: [StyledLine] = []
    for var line in lines {
        // Masked before it is wrapped or cut: handover notes are free text (issue 14).
        line.text = Privacy.maskNumbers(in: line.text)
        guard TextWidth.columns(of: line.text) > width else { out.append(line); continue }
        let indent = String(repeating: " ", count: min(8, line.text.prefix { $0 == " " }.count + 2))
        let first = TextWidth.wrapWords(line.text, width: width)[0]
        out.append(StyledLine(first, line.style))
        let rest = String(line.text.dropFirst(first.count)).trimmingCharacters(in: .whitespaces)
        for piece in TextWidth.wrapWords(rest, width: width - indent.count) where !piece.isEmpty {
            out.append(StyledLine(indent + piece, line.style))
        }
    }
    return out
}

/// How many rows `lines` take at `width` (what the scroll keys count).
func wrappedCount(_ lines: [StyledLine], width: Int) -> Int { wrapped(lines, width: width).count }

/// Draws lines (wrapped to the width of `rect`) from `offset` into `rect`; returns the offset actually used (clamped).
@discardableResult
func renderLines(_ lines: [StyledLine], offset: Int, into screen: Screen, rect: Rect) -> Int {
    let lines = wrapped(lines, width: rect.width)
    let first = max(0, min(offset, lines.count - rect.height))
    for n in 0..<rect.height where first + n < lines.count {
        let line = lines[first + n]
        screen.put(line.text, in: rect, line: n, style: line.style)
    }
    return first
}

/// Scroll keys shared by the text views: returns the new offset, or nil for other keys.
func scrolled(_ offset: Int, _ key: Key, count: Int, page: Int) -> Int? {
    let top = max(0, count - page)
    switch key {
    case .up: return max(0, min(offset, top) - 1)
    case .down: return min(top, offset + 1)
    case .pageUp: return max(0, min(offset, top) - page)
    case .pageDown: return min(top, offset + page)
    case .home: return 0
    case .end: return top
    default: return nil
    }
}

/// The handover report (交接班) as short lines for the screen: the draft the outgoing
/// officer reads and the report a reviewer opens. Built from `HandoverReport.sections`, the
/// list `jingwu report handover` prints: the same sections, titles, counts and items.
enum HandoverLines {
    /// The report's sections as lines; `state` names officers, cells and persons. `runsIn` and
    /// `runsOut` mark items carried in and out that have been carried over several shifts.
    static func lines(_ report: HandoverReport, state: OfficeState, session: ConsoleSession,
                      runsIn: [String: Int] = [:], runsOut: [String: Int] = [:]) -> [StyledLine] {
        func t(_ key: String, _ args: [String: String] = [:]) -> String { session.t(key, args) }
        let builder = ReportBuilder(state: state, strings: session.strings, now: report.to)
        var out: [StyledLine] = []
        // The shift's 带班民警, and 「本班无民警在岗」 when no police officer is on duty or on call (issue 15).
        if let lead = report.shift?.leadPolice {
            let name = state.officers.byBadge[lead]?.name ?? lead
            out.append(StyledLine(t("console.handover.lead_police", ["name": name, "badge": lead])))
        }
        if report.noPoliceOnDuty { out.append(StyledLine(t("console.handover.no_police"), .error)) }
        for section in report.sections {
            var header = t("console.handover.section", [
                "title": builder.handoverTitle(section.key), "count": String(section.items.count)])
            if section.key == .byMode {
                header += t("console.handover.section_patrols", [
                    "count": String(report.patrolsByMode.reduce(0) { $0 + $1.patrols }),
                    "time": session.duration(minutes: report.patrolsByMode.reduce(0) { $0 + $1.minutes }),
                    "stops": String(report.stopChecks)])
            }
            out.append(StyledLine(header, .header))
            out += items(section.key, report, state: state, session: session, runsIn: runsIn, runsOut: runsOut)
        }
        return out
    }

    /// The lines of one section, one an item, in the section's order.
    static func items(_ key: HandoverSection.Key, _ report: HandoverReport, state: OfficeState, session: ConsoleSession,
                      runsIn: [String: Int], runsOut: [String: Int]) -> [StyledLine] {
        func t(_ key: String, _ args: [String: String] = [:]) -> String { session.t(key, args) }
        func cell(_ code: String) -> String { code + " " + (state.cells.byCode[code]?.name ?? "") }
        func officer(_ badge: String) -> String { state.officers.byBadge[badge]?.name ?? badge }
        func when(_ date: Date) -> String { date >= report.from ? session.clock(date) : session.dayClock(date) }
        switch key {
        case .byMode:
            return report.patrolsByMode.filter { $0.patrols > 0 }.map { line in
                StyledLine("  " + t("console.handover.mode_line", [
                    "mode": session.name(line.mode), "count": String(line.patrols),
                    "time": session.duration(minutes: line.minutes),
                    "cells": line.cellsCovered.isEmpty ? t("console.handover.none") : line.cellsCovered.joined(separator: " "),
                ]))
            }
        case .activePatrols:
            return report.activePatrols.map { patrol in
                StyledLine("  " + t("console.handover.active_patrol", [
                    "patrol": patrol.id, "mode": session.name(patrol.mode), "lead": officer(patrol.lead),
                    "start": when(patrol.startedAt)]), .warn)
            }
        case .cellsPastWindow:
            return report.cellsPastWindow.map { gap in
                StyledLine("  " + CoverageScreen.gapText(gap, session), gap.status == .never ? .warn : .error)
            }
        case .hazards:
            return report.hazards.map { hazard in
                StyledLine(t("shifts.handover.hazard_open", [
                    "hazard": hazard.id, "time": when(hazard.at), "cell": cell(hazard.cell),
                    "category": session.name(hazard.category), "note": hazard.note, "age": ""]))
            }
        case .hazardsOpen:
            return report.hazardsOpen.map { hazard in
                let days = OfficeTime.days(from: hazard.at, to: report.to)
                return StyledLine(t("shifts.handover.hazard_open", [
                    "hazard": hazard.id, "time": when(hazard.at), "cell": cell(hazard.cell),
                    "category": session.name(hazard.category), "note": hazard.note,
                    "age": days >= 1 ? t("shifts.handover.hazard_open_age", ["days": String(days)]) : ""]),
                    hazard.at >= report.from ? .warn : .error)
            }
        case .hazardsCleared:
            return report.hazardsCleared.compactMap { hazard in
                guard let clearance = hazard.clearance else { return nil }
                return StyledLine(t("shifts.handover.hazard_cleared", [
                    "hazard": hazard.id, "time": session.clock(clearance.at), "cell": cell(hazard.cell),
                    "category": session.name(hazard.category), "note": hazard.note, "clearNote": clearance.note,
                    "by": officer(clearance.by)]))
            }
        case .visitsDone:
            return report.visitsDone.map { visit in
                StyledLine("  " + [session.clock(visit.at), visit.person,
                                   state.persons.persons.first { $0.id == visit.person }?.name ?? "",
                                   session.name(visit.method), officer(visit.officer)].joined(separator: " "))
            }
        case .visitsOverdue:
            return report.visitsOverdue.map { due in
                StyledLine("  " + t("console.handover.visit_overdue", [
                    "person": due.person.id, "name": due.person.name, "days": String(due.daysOverdue),
                    "officer": officer(due.person.officer)]), .error)
            }
        case .disputesOpened, .disputesMediated:
            let list = key == .disputesOpened ? report.disputesOpened : report.disputesMediated
            return list.map { dispute in
                StyledLine("  " + [dispute.id, session.name(dispute.category), cell(dispute.cell),
                                   session.t("console.dispute.\(dispute.status(at: report.to).rawValue)")]
                    .joined(separator: " "), dispute.risk == .escalation ? .warn : .normal)
            }
        case .disputesPending:
            return report.disputesPending.map { dispute in
                StyledLine("  " + [dispute.id, session.name(dispute.category), cell(dispute.cell),
                                   t("console.handover.next", ["step": nextStep(dispute, at: report.to, session)])]
                    .joined(separator: " "), dispute.risk == .escalation ? .warn : .normal)
            }
        case .disputesConcluded:
            // When and how each ended (调处成功 / 移交 / 终止调解).
            return report.disputesConcluded.map { dispute in
                StyledLine("  " + [dispute.id, dispute.conclusion.map { when($0.at) } ?? "", session.name(dispute.category),
                                   cell(dispute.cell), session.t("console.dispute.\(dispute.status(at: report.to).rawValue)")]
                    .joined(separator: " "))
            }
        case .followUpsDone:
            return report.followUpsDone.map { done in
                StyledLine("  " + [done.dispute.id, when(done.followUp.at), session.name(done.dispute.category),
                                   done.followUp.note].joined(separator: " "))
            }
        case .followUpsDue:
            return report.followUpsDue.map { due in
                StyledLine("  " + [due.dispute.id, session.name(due.dispute.category),
                                   t("console.handover.follow_up", ["due": session.dayClock(due.due)])]
                    .joined(separator: " "), due.isOverdue ? .error : .normal)
            }
        case .incidents, .openIncidents, .awaitingArrival:
            // The disposition as it stood at the end of the window: one closed later shows as open.
            let list = key == .incidents ? report.incidents : key == .openIncidents ? report.openIncidents
                : report.awaitingArrival
            return list.map { incident in
                let disposition = incident.disposition(at: report.to)
                let status = disposition.map { session.name($0) } ?? t("console.handover.open")
                return StyledLine("  " + [incident.id, session.dayClock(incident.at), cell(incident.cell),
                                          session.name(incident.kind), status].joined(separator: " "),
                                  disposition == nil ? .warn : .normal)
            }
        case .fraudPending:
            return report.fraudPending.map { warning in
                // Its status then, in the printed report's words (待劝阻 / 未联系上).
                let status = warning.status(at: report.to)
                return StyledLine("  " + [warning.id, session.dayClock(warning.at), session.name(warning.level),
                                          warning.target, warning.cell.map(cell) ?? "",
                                          t("domain.fraud_status." + status.rawValue)]
                    .filter { !$0.isEmpty }.joined(separator: " "), .error)
            }
        case .disputesOverdue:
            return report.disputesOverdue.map { o in
                StyledLine("  " + t("console.handover.dispute_overdue", [
                    "id": o.dispute.id, "category": session.name(o.dispute.category), "deadline": session.dayClock(o.deadline),
                    "days": String(o.daysOver), "responsible": o.dispute.responsible.map(officer) ?? "—"]), .error)
            }
        case .noticesPastDue:
            return report.noticesPastDue.map { n in
                StyledLine("  " + t("console.handover.notice_past_due", [
                    "id": n.id, "hazard": n.hazard, "party": n.party, "deadline": session.dayClock(n.deadline)]), .error)
            }
        case .bulletinsDue:
            // The week rule (no record of publishing): each week that ended in the window, its two bulletins.
            return report.bulletinsDue.flatMap { week -> [StyledLine] in
                let issue = t("report.notice.issue", ["year": String(week.issue.year), "week": String(week.issue.week)])
                let period = t("report.bulletins_due.period", [
                    "from": String(session.dayClock(week.from).prefix(5)),
                    "to": String(session.dayClock(week.to.addingTimeInterval(-1)).prefix(5))])
                return ["public", "solved"].map { kind in
                    StyledLine("  " + t("console.handover.bulletin_due", [
                        "title": t("report.title.\(kind)", ["issue": issue]), "period": period, "kind": kind]), .warn)
                }
            }
        case .carriedIn:
            return carriedLines(report.carriedIn, runs: runsIn, session: session)
        case .carriedOut:
            return carriedLines(report.carried, runs: runsOut, session: session)
        case .possiblyAbsconding:
            return report.possiblyAbsconding.map { person in
                StyledLine("  " + [person.id, person.name, session.name(person.category), session.name(person.residency),
                                   cell(person.cell)].joined(separator: " "), .error)
            }
        case .overdueTasks:
            return report.overdueTasks.map { task in
                StyledLine("  " + [task.id, session.state.community.team(task.team)?.name ?? task.team,
                                   session.state.policy.community.taskKind(task.kind)?.name(session.strings.language == .zh) ?? task.kind,
                                   t("console.community.due", ["due": task.due])].joined(separator: " "), .warn)
            }
        case .gridsPastWindow:
            return (report.gridsPastWindow ?? []).filter { $0.gaps > 0 }.map { g in
                StyledLine("  " + CoverageScreen.gridLine(g, session), .error)
            }
        }
    }

    /// What should happen next to a pending dispute (下一步).
    static func nextStep(_ dispute: Dispute, at: Date, _ session: ConsoleSession) -> String {
        if let last = dispute.liveMediations.filter({ $0.at < at }).last {
            return session.t("console.handover.step_continue", ["date": session.dayClock(last.at)])
        }
        return session.t("console.handover.step_mediate")
    }

    /// Carried items as lines, each with its run of shifts when it is long.
    static func carriedLines(_ items: [String], runs: [String: Int], session: ConsoleSession) -> [StyledLine] {
        items.map { item in
            let run = runs[HandoverReview.normalise(item)] ?? 1
            if run >= HandoverReview.longCarry {
                return StyledLine("  · " + item + "  " + session.t("console.handover.carried_run", ["n": String(run)]),
                                  .error)
            }
            return StyledLine("  · " + item)
        }
    }
}
