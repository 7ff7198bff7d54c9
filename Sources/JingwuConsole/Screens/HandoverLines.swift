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
        let first = TextWidth.wrapAtSpaces(line.text, width: width)[0]
        out.append(StyledLine(first, line.style))
        let rest = String(line.text.dropFirst(first.count)).trimmingCharacters(in: .whitespaces)
        for piece in TextWidth.wrapAtSpaces(rest, width: width - indent.count) where !piece.isEmpty {
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
/// officer reads and the report a reviewer opens.
enum HandoverLines {
    /// The report's sections as lines; `state` names officers, cells and persons.
    static func lines(_ report: HandoverReport, state: OfficeState, session: ConsoleSession) -> [StyledLine] {
        func t(_ key: String, _ args: [String: String] = [:]) -> String { session.t(key, args) }
        func cell(_ code: String) -> String { code + " " + (state.cells.byCode[code]?.name ?? "") }
        func officer(_ badge: String) -> String { state.officers.byBadge[badge]?.name ?? badge }
        var out: [StyledLine] = []

        // The shift's 带班民警, and 「本班无民警在岗」 when no police officer is on duty or on call (issue 15).
        if let lead = report.shift?.leadPolice {
            out.append(StyledLine(t("console.handover.lead_police", ["name": officer(lead), "badge": lead])))
        }
        if report.noPoliceOnDuty { out.append(StyledLine(t("console.handover.no_police"), .error)) }

        // Patrols by mode with minutes and cells covered.
        let lines = report.patrolsByMode.filter { $0.patrols > 0 }
        let total = lines.reduce(0) { $0 + $1.minutes }
        out.append(StyledLine(t("console.handover.patrols", [
            "count": String(lines.reduce(0) { $0 + $1.patrols }), "time": session.duration(minutes: total),
            "stops": String(report.stopChecks), "active": String(report.activePatrols.count)]), .header))
        for line in lines {
            out.append(StyledLine("  " + t("console.handover.mode_line", [
                "mode": session.name(line.mode), "count": String(line.patrols),
                "time": session.duration(minutes: line.minutes),
                "cells": line.cellsCovered.isEmpty ? t("console.handover.none") : line.cellsCovered.joined(separator: " "),
            ])))
        }
        for patrol in report.activePatrols {
            out.append(StyledLine("  " + t("console.handover.active_patrol", [
                "patrol": patrol.id, "mode": session.name(patrol.mode), "lead": officer(patrol.lead),
                "start": session.clock(patrol.startedAt)]), .warn))
        }

        // Cells past their window.
        out.append(StyledLine(t("console.handover.cells_past", ["count": String(report.cellsPastWindow.count)]), .header))
        for gap in report.cellsPastWindow.prefix(12) {
            out.append(StyledLine("  " + CoverageScreen.gapText(gap, session), gap.status == .never ? .warn : .error))
        }
        if report.cellsPastWindow.count > 12 {
            out.append(StyledLine("  " + t("console.overview.more", ["count": String(report.cellsPastWindow.count - 12)]),
                                  .muted))
        }

        // Hazards still open at the end of the window, whichever shift found them, then those put right in it.
        let foundHere = report.hazardsOpen.filter { $0.at >= report.from }.count
        out.append(StyledLine(t("polish.handover.hazards_open", [
            "count": String(report.hazardsOpen.count), "found": String(foundHere)]), .header))
        for hazard in report.hazardsOpen {
            let days = OfficeTime.days(from: hazard.at, to: report.to)
            out.append(StyledLine(t("polish.handover.hazard_open", [
                "hazard": hazard.id, "time": hazard.at >= report.from ? session.clock(hazard.at) : session.dayClock(hazard.at),
                "cell": cell(hazard.cell), "category": session.name(hazard.category), "note": hazard.note,
                "age": days >= 1 ? t("polish.handover.hazard_open_age", ["days": String(days)]) : ""]),
                hazard.at >= report.from ? .warn : .error))
        }
        out.append(StyledLine(t("polish.handover.hazards_cleared", ["count": String(report.hazardsCleared.count)]),
                              .header))
        for hazard in report.hazardsCleared {
            guard let clearance = hazard.clearance else { continue }
            out.append(StyledLine(t("polish.handover.hazard_cleared", [
                "hazard": hazard.id, "time": session.clock(clearance.at), "cell": cell(hazard.cell),
                "category": session.name(hazard.category), "note": hazard.note, "clearNote": clearance.note,
                "by": officer(clearance.by)])))
        }

        // Visits done and overdue.
        out.append(StyledLine(t("console.handover.visits", [
            "done": String(report.visitsDone.count), "overdue": String(report.visitsOverdue.count)]), .header))
        for visit in report.visitsDone {
            out.append(StyledLine("  " + [session.clock(visit.at), visit.person,
                                          state.persons.persons.first { $0.id == visit.person }?.name ?? "",
                                          session.name(visit.method), officer(visit.officer)].joined(separator: " ")))
        }
        for due in report.visitsOverdue.prefix(8) {
            out.append(StyledLine("  " + t("console.handover.visit_overdue", [
                "person": due.person.id, "name": due.person.name, "days": String(due.daysOverdue),
                "officer": officer(due.person.officer)]), .error))
        }
        if report.visitsOverdue.count > 8 {
            out.append(StyledLine("  " + t("console.overview.more", ["count": String(report.visitsOverdue.count - 8)]),
                                  .muted))
        }

        // Disputes opened, mediated and pending with their next step.
        out.append(StyledLine(t("console.handover.disputes", [
            "opened": String(report.disputesOpened.count), "mediated": String(report.disputesMediated.count),
            "pending": String(report.disputesPending.count)]), .header))
        for dispute in report.disputesPending {
            out.append(StyledLine("  " + [dispute.id, session.name(dispute.category), cell(dispute.cell),
                                          t("console.handover.next", ["step": nextStep(dispute, at: report.to, session)])]
                .joined(separator: " "), dispute.risk == .escalation ? .warn : .normal))
        }
        for due in report.followUpsDue where !report.disputesPending.contains(where: { $0.id == due.dispute.id }) {
            out.append(StyledLine("  " + [due.dispute.id, session.name(due.dispute.category),
                                          t("console.handover.follow_up", ["due": session.dayClock(due.due)])]
                .joined(separator: " "), due.isOverdue ? .error : .normal))
        }

        // Incidents and their state.
        out.append(StyledLine(t("console.handover.incidents", [
            "count": String(report.incidents.count), "open": String(report.openIncidents.count)]), .header))
        var shown = Set<String>()
        for incident in report.incidents + report.openIncidents where shown.insert(incident.id).inserted {
            let closed = incident.closedAt.map { $0 < report.to } ?? false
            let status = closed ? (incident.disposition.map { session.name($0) } ?? t("console.handover.closed"))
                : t("console.handover.open")
            out.append(StyledLine("  " + [incident.id, session.dayClock(incident.at), cell(incident.cell),
                                          session.name(incident.kind), status].joined(separator: " "),
                                  closed ? .normal : .warn))
        }

        // Anti-fraud warnings received by then and not acted on (nobody reached, or nobody tried).
        let warnings = state.fraud.warnings.filter { warning in
            guard !warning.voided, warning.at < report.to else { return false }
            let outcome = warning.liveDissuasions.filter { $0.at < report.to }.last?.outcome
            return outcome == nil || outcome == .unreachable
        }
        out.append(StyledLine(t("console.handover.fraud", ["count": String(warnings.count)]), .header))
        for warning in warnings {
            let tried = warning.liveDissuasions.contains { $0.at < report.to }
            out.append(StyledLine("  " + [warning.id, session.dayClock(warning.at), session.name(warning.level),
                                          warning.target, warning.cell.map(cell) ?? "",
                                          t(tried ? "console.handover.fraud_unreachable" : "console.handover.fraud_pending")]
                .filter { !$0.isEmpty }.joined(separator: " "), .error))
        }
        return out
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
