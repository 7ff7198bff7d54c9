import Foundation
import JingwuResources

/// Turns the domain's report structs into `ReportDocument`s in the operator's language.
///
/// Every label comes from `Resources/strings/*/reports.json` (`report.…` keys).
public struct ReportBuilder {
    public let state: OfficeState
    public let strings: Strings
    /// `station · office`, shown above the title.
    public let heading: String?
    public let now: Date
    /// The badge of whoever prints a case file (the operator): named on its 经办民警 line.
    public var officer: String?

    public init(state: OfficeState, strings: Strings, heading: String? = nil, now: Date) {
        self.state = state; self.strings = strings; self.heading = heading; self.now = now
    }

    func t(_ key: String, _ args: [String: String] = [:]) -> String { strings.text("report." + key, args) }
    /// A column labelled by `report.col.<key>`; its JSON key is the same name in camelCase
    /// (`cells_covered` → `cellsCovered`), the one key style of report output and event data.
    func col(_ key: String, numeric: Bool = false, max: Int = 0) -> ReportColumn {
        ReportColumn(Self.camelCase(key), t("col." + key), numeric: numeric, maxWidth: max)
    }
    /// `cells_covered` → `cellsCovered`.
    static func camelCase(_ key: String) -> String {
        let parts = key.split(separator: "_")
        guard let first = parts.first else { return key }
        return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
    func optional(_ column: ReportColumn) -> ReportColumn {
        var column = column
        column.optional = true
        return column
    }
    var none: String { t("none") }

    /// The document with the operator's punctuation (full-width in Chinese, ASCII in English).
    public func punctuate(_ document: ReportDocument) -> ReportDocument {
        var out = document
        out.colon = t("colon")
        out.countFormat = t("count")
        return out
    }

    /// Items joined the operator's way (`甲、乙` or `A, B`).
    func list(_ items: [String]) -> ReportValue {
        ReportValue(display: items.joined(separator: t("list_separator")), json: .array(items.map(JSONValue.string)))
    }

    /// `王建国(031245)`.
    func officer(_ badge: String) -> String {
        guard let name = state.officers.byBadge[badge]?.name else { return badge }
        return "\(name)(\(badge))"
    }
    func officerValue(_ badge: String?) -> ReportValue {
        guard let badge else { return .text(nil) }
        return ReportValue(display: officer(badge), json: .string(badge))
    }
    /// As `officerValue`, naming the role when it is not police (`钟勇凤(F101 辅警)`):
    /// for 值班人员, 走访人, and a 责任民警 recorded before only police could be one.
    func staffValue(_ badge: String?) -> ReportValue {
        guard let badge, let person = state.officers.byBadge[badge], person.role != .police else { return officerValue(badge) }
        return ReportValue(display: "\(person.name)(\(badge) \(person.role.name(strings)))", json: .string(badge))
    }
    func cellValue(_ code: String?) -> ReportValue {
        guard let code else { return .text(nil) }
        let name = state.cells.byCode[code]?.name
        return ReportValue(display: name.map { "\(code) \($0)" } ?? code, json: .string(code))
    }
    func period(_ from: Date, _ to: Date) -> String { t("period", ["period": ReportFormat.period(from, to)]) }
    func minutesText(_ minutes: Int) -> ReportValue {
        ReportValue(display: t("minutes", ["h": String(minutes / 60), "m": String(format: "%02d", minutes % 60)]),
                    json: .int(minutes), unit: t("unit.minutes"))
    }
    func rate(_ part: Int, _ whole: Int) -> ReportValue {
        // No rate: an empty cell in a spreadsheet (`0 / 0` there would be text, or a date).
        guard whole > 0 else { return ReportValue(display: "\(part) / \(whole)", json: .null, cell: "") }
        let value = Double(part) / Double(whole)
        return ReportValue(display: String(format: "%d / %d = %.1f%%", part, whole, value * 100), json: .double(value))
    }

    // MARK: Sections shared by several reports

    func patrolsByModeSection(_ lines: [ModeLine]) -> ReportSection {
        ReportSection(
            key: "byMode", title: t("section.by_mode"),
            columns: [col("mode"), col("patrols", numeric: true), col("minutes", numeric: true), col("cells_covered", max: 30)],
            rows: lines.map { [.code($0.mode, strings), .int($0.patrols), minutesText($0.minutes), list($0.cellsCovered)] },
            emptyText: none, barColumn: 2)
    }

    /// Patrols of a period: minutes and check-ins inside `[from, to)`; the end and summary only if
    /// it ended by `to` (one still out then shows no end, whatever happened later).
    func patrolListSection(_ key: String, _ title: String, _ patrols: [Patrol], from: Date, to: Date) -> ReportSection {
        ReportSection(
            key: key, title: title,
            columns: [col("patrol"), col("mode"), col("dress"), col("lead", max: 16), col("members", numeric: true),
                      col("started"), col("ended"), col("minutes", numeric: true), col("checkins", numeric: true),
                      col("summary", max: 24)],
            rows: patrols.map { p in
                let checkIns = p.checkIns.filter {
                    let c = state.patrols.checkIns[$0]
                    return !c.voided && c.at >= from && c.at < to
                }.count
                let ended = p.endedAt.map { $0 <= to } ?? false
                return [.text(p.id), .code(p.mode, strings), .code(p.dress, strings), officerValue(p.lead),
                        .int(p.members.count), .time(p.startedAt), .time(ended ? p.endedAt : nil),
                        minutesText(state.minutes(of: p, from: from, to: to, now: min(now, to))), .int(checkIns),
                        .text(ended ? p.summary : nil)]
            }, emptyText: none)
    }

    func coverageSection(_ key: String, _ title: String, _ cells: [CellCoverage]) -> ReportSection {
        ReportSection(
            key: key, title: title,
            columns: [col("cell", max: 20), col("kind"), col("key_site"), col("window_hours", numeric: true),
                      col("last_checkin"), col("hours_since", numeric: true), col("status")],
            rows: cells.map { c in
                [cellValue(c.cell.code), .code(c.cell.kind, strings),
                 ReportValue(display: c.cell.keySite ? t("yes") : "", json: .bool(c.cell.keySite)),
                 .int(c.windowHours), .time(c.lastCheckIn), .number(c.hoursSince),
                 ReportValue(display: t("coverage." + c.status.rawValue), json: .string(c.status.rawValue))]
            }, emptyText: none)
    }

    func hazardSection(_ hazards: [Hazard]) -> ReportSection {
        ReportSection(
            key: "hazards", title: t("section.hazards"),
            columns: [col("hazard"), col("time"), col("cell", max: 20), col("category"), col("patrol"), col("note", max: 36)],
            rows: hazards.map {
                [.text($0.id), .time($0.at), cellValue($0.cell), .code($0.category, strings), .text($0.patrol), .text($0.note)]
            },
            emptyText: none)
    }

    /// Hazards still open at the end of the window, from this shift or earlier (未整改隐患).
    func openHazardSection(_ hazards: [Hazard], at end: Date) -> ReportSection {
        ReportSection(
            key: "hazardsOpen", title: t("section.hazards_open"),
            columns: [col("hazard"), col("time"), col("age_days", numeric: true), col("cell", max: 20), col("category"),
                      col("note", max: 36)],
            rows: hazards.map {
                [.text($0.id), .time($0.at), .int(max(0, OfficeTime.days(from: $0.at, to: end))), cellValue($0.cell),
                 .code($0.category, strings), .text($0.note)]
            }, emptyText: none)
    }

    /// Hazards put right in the window (本班已整改).
    func clearedHazardSection(_ hazards: [Hazard]) -> ReportSection {
        ReportSection(
            key: "hazardsCleared", title: t("section.hazards_cleared"),
            columns: [col("hazard"), col("cleared_at"), col("cell", max: 20), col("category"), col("cleared_by", max: 16),
                      col("note", max: 36)],
            rows: hazards.map {
                [.text($0.id), .time($0.clearance?.at), cellValue($0.cell), .code($0.category, strings),
                 officerValue($0.clearance?.by), .text($0.clearance?.note)]
            }, emptyText: none)
    }

    func visitSection(_ key: String, _ title: String, _ visits: [Visit]) -> ReportSection {
        ReportSection(
            key: key, title: title,
            columns: [col("time"), col("person"), col("name"), col("method"),
                      // 走访人: whoever made the visit, police or auxiliary (the JSON key stays `officer`).
                      ReportColumn("officer", t("col.visitor"), maxWidth: 16),
                      col("participants", max: 16), col("findings", max: 30)],
            rows: visits.map { v in
                [.time(v.at), .text(v.person), .text(state.persons.person(v.person)?.name), .code(v.method, strings),
                 staffValue(v.officer), list(v.participants), .text(v.findings)]
            }, emptyText: none)
    }

    func visitDueSection(_ key: String, _ title: String, _ due: [VisitDue]) -> ReportSection {
        ReportSection(
            key: key, title: title,
            // On a narrow screen the residency and the interval give way to the dates that matter.
            columns: [col("person"), col("name"), col("category"), optional(col("residency")), col("cell", max: 16),
                      col("officer", max: 16), col("last_visit"), optional(col("interval_days", numeric: true)),
                      col("next_due"), col("days_overdue", numeric: true)],
            rows: due.map { d in
                [.text(d.person.id), .text(d.person.name), .code(d.person.category, strings),
                 .code(d.person.residency, strings), cellValue(d.person.cell), staffValue(d.person.officer),
                 .day(d.lastVisit), .int(d.intervalDays), .day(d.nextDue), .int(d.daysOverdue)]
            }, emptyText: none)
    }

    func disputeSection(_ key: String, _ title: String, _ disputes: [Dispute], at: Date) -> ReportSection {
        ReportSection(
            key: key, title: title,
            columns: [col("dispute"), col("opened"), col("category"), col("cell", max: 16), col("parties", max: 18),
                      col("status"), col("age_days", numeric: true), col("risk"), col("summary", max: 28)],
            rows: disputes.map { d in
                [.text(d.id), .time(d.openedAt, withYear: true), .code(d.category, strings), cellValue(d.cell),
                 list(d.parties), statusValue(d.status(at: at)), .int(state.ageInDays(d, now: at)), .code(d.risk, strings),
                 .text(d.summary)]
            }, emptyText: none)
    }

    func statusValue(_ status: DisputeStatus) -> ReportValue {
        ReportValue(display: strings.text("domain.dispute_status." + status.rawValue), json: .string(status.rawValue))
    }

    func followUpSection(_ due: [FollowUpDue]) -> ReportSection {
        ReportSection(
            key: "followUpsDue", title: t("section.follow_ups_due"),
            columns: [col("dispute"), col("category"), col("resolved_at"), col("due"), col("overdue")],
            rows: due.map { f in
                [.text(f.dispute.id), .code(f.dispute.category, strings), .time(f.dispute.conclusion?.at, withYear: true),
                 .time(f.due, withYear: true), ReportValue(display: f.isOverdue ? t("yes") : "", json: .bool(f.isOverdue))]
            }, emptyText: none)
    }

    /// Incidents with their disposition as at `at` (one closed later shows as open).
    func incidentSection(_ key: String, _ title: String, _ incidents: [Incident], at: Date) -> ReportSection {
        ReportSection(
            key: key, title: title,
            columns: [col("incident"), col("time"), col("cell", max: 18), col("kind"), col("source"), col("disposition"),
                      col("summary", max: 30)],
            rows: incidents.map { n in
                [.text(n.id), .time(n.at), cellValue(n.cell), .code(n.kind, strings), .code(n.source, strings),
                 n.disposition(at: at).map { ReportValue.code($0, strings) } ?? ReportValue(display: t("open"), json: .null),
                 .text(n.summary)]
            }, emptyText: none)
    }

    // MARK: The reports

    /// 交接班报告.
    public func handover(_ report: HandoverReport) -> ReportDocument {
        var figures: [ReportFigure] = []
        if let shift = report.shift {
            figures.append(ReportFigure("shift", t("fig.shift"), .text(shift.id)))
            figures.append(ReportFigure("duty", t("fig.duty"), staffValue(shift.duty)))
            if let lead = shift.leadPolice { figures.append(ReportFigure("leadPolice", t("fig.lead_police"), officerValue(lead))) }
            if report.noPoliceOnDuty {
                figures.append(ReportFigure("noPoliceOnDuty", t("fig.police_on_duty"),
                                            ReportValue(display: t("no_police_on_duty"), json: .bool(true))))
            }
            if !shift.team.isEmpty {
                figures.append(ReportFigure("team", t("fig.team"),
                                            ReportValue(display: shift.team.map(officer).joined(separator: t("list_separator")),
                                                        json: .array(shift.team.map(JSONValue.string)))))
            }
            if let template = shift.template {
                figures.append(ReportFigure("template", t("fig.template"),
                                            ReportValue(display: t("template." + template), json: .string(template))))
            }
            if let handover = shift.handover {
                figures.append(ReportFigure("handedOverTo", t("fig.handed_over_to"), officerValue(handover.to)))
                figures.append(ReportFigure("handedOverAt", t("fig.handed_over_at"), .time(handover.at, withYear: true)))
            }
            if let ack = shift.acknowledgement {
                figures.append(ReportFigure("acknowledgedBy", t("fig.acknowledged_by"),
                                            ReportValue(display: officer(ack.by) + " " + ReportFormat.short(ack.at),
                                                        json: .string(ack.by))))
            } else if shift.handover != nil {
                figures.append(ReportFigure("acknowledgedBy", t("fig.acknowledged_by"),
                                            ReportValue(display: t("not_acknowledged"), json: .null)))
            }
            // The incoming officer's objection, and how it was dealt with (or that nothing says so yet).
            if let objection = shift.objection, let ack = shift.acknowledgement {
                figures.append(ReportFigure("objections", t("fig.objections"), .text(objection)))
                if let handling = ack.handling {
                    figures.append(ReportFigure("objectionHandling", t("fig.objection_handling"),
                                                ReportValue(display: t("objection_handled", [
                                                    "note": handling.note, "by": officer(handling.by),
                                                    "time": ReportFormat.short(handling.at)]),
                                                            json: .string(handling.note))))
                } else {
                    figures.append(ReportFigure("objectionHandling", t("fig.objection_handling"),
                                                ReportValue(display: t("objection_not_handled"), json: .null)))
                }
            }
        }
        let totalPatrols = report.patrolsByMode.reduce(0) { $0 + $1.patrols }
        let totalMinutes = report.patrolsByMode.reduce(0) { $0 + $1.minutes }
        figures.append(ReportFigure("patrols", t("fig.patrols"), .int(totalPatrols)))
        figures.append(ReportFigure("patrolMinutes", t("fig.patrol_minutes"), minutesText(totalMinutes)))
        figures.append(ReportFigure("stopChecks", t("fig.stop_checks"), .int(report.stopChecks)))
        figures.append(ReportFigure("hazards", t("fig.hazards"), .int(report.hazards.count)))
        figures.append(ReportFigure("hazardsOpen", t("fig.hazards_open"), .int(report.hazardsOpen.count)))
        figures.append(ReportFigure("hazardsCleared", t("fig.hazards_cleared"), .int(report.hazardsCleared.count)))
        figures.append(ReportFigure("cellsPastWindow", t("fig.cells_past_window"), .int(report.cellsPastWindow.count)))
        figures.append(ReportFigure("visits", t("fig.visits_done"), .int(report.visitsDone.count)))
        figures.append(ReportFigure("visitsOverdue", t("fig.visits_overdue"), .int(report.visitsOverdue.count)))
        figures.append(ReportFigure("incidents", t("fig.incidents"), .int(report.incidents.count)))
        figures.append(ReportFigure("openIncidents", t("fig.open_incidents"), .int(report.openIncidents.count)))
        figures.append(ReportFigure("disputesPending", t("fig.disputes_pending"), .int(report.disputesPending.count)))
        figures.append(ReportFigure("fraudPending", t("fig.fraud_pending"), .int(report.fraudPending.count)))
        var notes: [(label: String, text: String)] = []
        if let text = report.notes { notes.append((t("fig.notes"), text)) }
        // The sections, in the one order and with the one content the console shows (HandoverReport.sections).
        let sections = report.sections.map { handoverSection($0, report) }
        return ReportDocument(kind: "handover", title: t("title.handover"), heading: heading, from: report.from,
                              to: report.to, periodText: period(report.from, report.to), figures: figures,
                              sections: sections, notes: notes)
    }

    /// The title of a handover section, shared with the console (`report.section.ho.*`).
    public func handoverTitle(_ key: HandoverSection.Key) -> String { t("section.ho." + key.rawValue) }

    /// One section of the handover, from the same list the console draws.
    func handoverSection(_ section: HandoverSection, _ report: HandoverReport) -> ReportSection {
        let title = handoverTitle(section.key)
        var out: ReportSection
        switch section.key {
        case .byMode: out = patrolsByModeSection(report.patrolsByMode.filter { $0.patrols > 0 })
        case .activePatrols:
            out = patrolListSection("activePatrols", title, report.activePatrols, from: report.from, to: report.to)
        case .cellsPastWindow: out = coverageSection("cellsPastWindow", title, report.cellsPastWindow)
        case .hazards: out = hazardSection(report.hazards)
        case .hazardsOpen: out = openHazardSection(report.hazardsOpen, at: report.to)
        case .hazardsCleared: out = clearedHazardSection(report.hazardsCleared)
        case .visitsDone: out = visitSection("visitsDone", title, report.visitsDone)
        case .visitsOverdue: out = visitDueSection("visitsOverdue", title, report.visitsOverdue)
        case .disputesOpened: out = disputeSection("disputesOpened", title, report.disputesOpened, at: report.to)
        case .disputesMediated: out = disputeSection("disputesMediated", title, report.disputesMediated, at: report.to)
        case .disputesPending: out = disputeSection("disputesPending", title, report.disputesPending, at: report.to)
        case .followUpsDue: out = followUpSection(report.followUpsDue)
        case .disputesConcluded:
            out = disputeSection("disputesConcluded", title, report.disputesConcluded, at: report.to)
        case .followUpsDone:
            out = ReportSection(
                key: "followUpsDone", title: title,
                columns: [col("dispute"), col("category"), col("time"), col("note", max: 40)],
                rows: report.followUpsDone.map { f in
                    [.text(f.dispute.id), .code(f.dispute.category, strings), .time(f.followUp.at), .text(f.followUp.note)]
                }, emptyText: none)
        case .incidents: out = incidentSection("incidents", title, report.incidents, at: report.to)
        case .openIncidents: out = incidentSection("openIncidents", title, report.openIncidents, at: report.to)
        case .awaitingArrival: out = incidentSection("awaitingArrival", title, report.awaitingArrival, at: report.to)
        case .fraudPending:
            out = ReportSection(
                key: "fraudPending", title: title,
                columns: [col("warning"), col("time"), col("level"), col("target", max: 16), col("cell", max: 18),
                          col("status")],
                rows: report.fraudPending.map { w in
                    let status = w.status(at: report.to)
                    return [.text(w.id), .time(w.at), .code(w.level, strings), .text(w.target), cellValue(w.cell),
                            ReportValue(display: strings.text("domain.fraud_status." + status.rawValue),
                                        json: .string(status.rawValue))]
                }, emptyText: none)
        case .disputesOverdue: out = overdueDisputeSection(report.disputesOverdue)
        case .noticesPastDue: out = noticeSection("noticesPastDue", title, report.noticesPastDue, at: report.to)
        case .bulletinsDue: out = bulletinsDueSection(report.bulletinsDue)
        case .possiblyAbsconding:
            out = ReportSection(
                key: "possiblyAbsconding", title: title,
                columns: [col("person"), col("name", max: 12), col("category", max: 16), col("residency"), col("cell", max: 18),
                          col("officer", max: 20)],
                rows: report.possiblyAbsconding.map { p in
                    [.text(p.id), .text(p.name), .code(p.category, strings), .code(p.residency, strings), cellValue(p.cell),
                     staffValue(p.officer)]
                }, emptyText: none)
        case .overdueTasks:
            out = ReportSection(
                key: "overdueTasks", title: title,
                columns: [col("task"), col("team", max: 16), col("task_kind", max: 12), col("due"), col("task_text", max: 40)],
                rows: report.overdueTasks.map { task in
                    [.text(task.id), teamValue(task.team), taskKindValue(task.kind), .text(task.due), .text(task.description)]
                }, emptyText: none)
        case .carriedIn, .carriedOut:
            let items = section.key == .carriedIn ? report.carriedIn : report.carried
            out = ReportSection(key: section.key.rawValue, title: title, columns: [col("item", max: 60)],
                                rows: items.map { [.text($0)] }, emptyText: none)
        case .gridsPastWindow:
            out = gridCoverageSection("gridsPastWindow", title, (report.gridsPastWindow ?? []).filter { $0.gaps > 0 })
        }
        out.key = section.key.rawValue
        out.title = title
        return out
    }

    /// 巡逻统计.
    public func patrols(_ report: PatrolReport) -> ReportDocument {
        let figures = [
            ReportFigure("patrols", t("fig.patrols"), .int(report.patrols.count)),
            ReportFigure("totalMinutes", t("fig.patrol_minutes"), minutesText(report.totalMinutes)),
            ReportFigure("nightMinutes", t("fig.night_minutes", ["window": nightWindow]), minutesText(report.nightMinutes)),
            ReportFigure("uniformedMinutes", t("fig.uniformed_minutes"), minutesText(report.minutesByDress[.uniformed] ?? 0)),
            ReportFigure("plainMinutes", t("fig.plain_minutes"), minutesText(report.minutesByDress[.plain] ?? 0)),
            ReportFigure("stopChecks", t("fig.stop_checks"), .int(report.stopChecks)),
            ReportFigure("hazards", t("fig.hazards"), .int(report.hazards)),
        ]
        let shifts = report.minutesByShift.sorted { $0.key < $1.key }
        let sections = [
            patrolsByModeSection(report.byMode),
            ReportSection(
                key: "byOfficer", title: t("section.by_officer"),
                // Police, auxiliaries and volunteers alike (the role column says which): not headed 民警.
                columns: [ReportColumn("officer", t("col.patroller"), maxWidth: 20), col("role"), col("patrols", numeric: true),
                          col("minutes", numeric: true)],
                rows: report.byOfficer.map { line in
                    [officerValue(line.badge), .code(state.officers.byBadge[line.badge]?.role, strings), .int(line.patrols),
                     minutesText(line.minutes)]
                }, emptyText: none, barColumn: 3),
            ReportSection(
                key: "byShift", title: t("section.by_shift"),
                columns: [col("shift"), col("duty", max: 20), col("minutes", numeric: true)],
                rows: shifts.map { entry in
                    let duty = state.shifts.shift(entry.key)?.duty
                    return [ReportValue(display: entry.key.isEmpty ? t("no_shift") : entry.key, json: .string(entry.key)),
                            staffValue(duty), minutesText(entry.value)]
                }, emptyText: none, barColumn: 2),
            patrolListSection("patrols", t("section.patrols"), report.patrols, from: report.from, to: report.to),
        ]
        return ReportDocument(kind: "patrols", title: t("title.patrols"), heading: heading, from: report.from, to: report.to,
                              periodText: period(report.from, report.to), figures: figures, sections: sections)
    }

    var nightWindow: String {
        func hhmm(_ m: Int) -> String { String(format: "%02d:%02d", m / 60, m % 60) }
        return hhmm(state.policy.nightStartMinute) + "–" + hhmm(state.policy.nightEndMinute)
    }

    /// 网格覆盖.
    public func coverage(_ report: CoverageReport) -> ReportDocument {
        let covered = report.cells.filter { $0.status == .covered }.count
        let nightByCell = Dictionary(report.night.map { ($0.cell.code, $0) }, uniquingKeysWith: { a, _ in a })
        let noNight = report.night.filter { $0.nightCheckIns == 0 }
        let figures = [
            ReportFigure("cells", t("fig.cells"), .int(report.cells.count)),
            ReportFigure("covered", t("fig.covered"), .int(covered)),
            ReportFigure("dueSoon", t("fig.due_soon"), .int(report.dueSoon.count)),
            ReportFigure("gaps", t("fig.gaps"), .int(report.gaps.count)),
            ReportFigure("nightWindow", t("fig.night_window"), .text(report.nightStart + "–" + report.nightEnd)),
            ReportFigure("noNightCheckIn", t("fig.no_night_checkin"), .int(noNight.count)),
        ]
        // The points' coverage rolled up by 网格 (a point naming none is in its community's default 网格).
        let byGrid = gridCoverageSection("byGrid", t("section.by_grid"), state.rollUp(report.cells))
        var all = coverageSection("cells", t("section.all_cells"), report.cells)
        all.columns.append(col("night_checkins", numeric: true))
        for (i, c) in report.cells.enumerated() { all.rows[i].append(.int(nightByCell[c.cell.code]?.nightCheckIns ?? 0)) }
        let sections = [
            byGrid,
            coverageSection("gaps", t("section.gaps"), report.gaps),
            coverageSection("dueSoon", t("section.due_soon"), report.dueSoon),
            ReportSection(
                key: "noNightCheckIn", title: t("section.no_night_checkin", ["window": report.nightStart + "–" + report.nightEnd]),
                columns: [col("cell", max: 24), col("kind"), col("key_site")],
                rows: noNight.map { n in
                    [cellValue(n.cell.code), .code(n.cell.kind, strings),
                     ReportValue(display: n.cell.keySite ? t("yes") : "", json: .bool(n.cell.keySite))]
                }, emptyText: none),
            all,
        ]
        var document = ReportDocument(kind: "coverage", title: t("title.coverage"), heading: heading, from: report.from,
                                      to: report.to, periodText: period(report.from, report.to), figures: figures,
                                      sections: sections)
        document.map = CoverageMap.lines(report.cells, legend: t("map.legend"))
        return document
    }

    /// 重点人员走访.
    public func visits(_ report: VisitsReport) -> ReportDocument {
        let figures = [
            ReportFigure("listed", t("fig.listed"), .int(report.schedule.count)),
            ReportFigure("visits", t("fig.visits_done"), .int(report.visits.count)),
            ReportFigure("overdue", t("fig.visits_overdue"), .int(report.overdue.count)),
        ]
        let sections = [
            ReportSection(
                key: "byCategory", title: t("section.by_category"),
                columns: [col("category"), col("persons", numeric: true), col("interval_days", numeric: true)],
                rows: PersonCategory.allCases.compactMap { c in
                    guard let n = report.byCategory[c] else { return nil }
                    return [.code(c, strings), .int(n), .int(state.policy.visitInterval(c))]
                }, emptyText: none, barColumn: 1),
            ReportSection(
                key: "byResidency", title: t("section.by_residency"),
                columns: [col("residency"), col("persons", numeric: true)],
                rows: Residency.allCases.map { [.code($0, strings), .int(report.byResidency[$0] ?? 0)] },
                emptyText: none, barColumn: 1),
            visitDueSection("overdue", t("section.visits_overdue"), report.overdue),
            visitSection("visits", t("section.visits_done"), report.visits),
            visitDueSection("schedule", t("section.schedule"), report.schedule.filter { !$0.isOverdue }),
        ]
        return ReportDocument(kind: "visits", title: t("title.visits"), heading: heading, from: report.from, to: report.to,
                              periodText: period(report.from, report.to), figures: figures, sections: sections)
    }

    /// 矛盾纠纷统计.
    public func disputes(_ report: DisputeReport) -> ReportDocument {
        let s = report.statistics
        let figures = [
            // README "Figures": the period's caseload (carried over + opened), settled in it, open at its end.
            ReportFigure("handled", t("fig.handled"), .int(s.handled)),
            ReportFigure("opened", t("fig.opened_in_period"), .int(s.opened)),
            ReportFigure("resolved", t("fig.resolved"), .int(s.resolved)),
            ReportFigure("resolutionRate", t("fig.resolution_rate"), rate(s.resolved, s.handled)),
            ReportFigure("averageDaysToResolve", t("fig.average_days"), .number(s.averageDaysToResolve)),
            ReportFigure("escalationRisk", t("fig.escalation_risk"), .int(s.escalationRisk)),
            ReportFigure("pending", t("fig.disputes_pending_end"), .int(report.pending.count)),
        ]
        let sections = [
            ReportSection(
                key: "byStatus", title: t("section.by_status"),
                columns: [col("status"), col("disputes", numeric: true)],
                rows: DisputeStatus.allCases.map { [statusValue($0), .int(s.byStatus[$0] ?? 0)] }, emptyText: none, barColumn: 1),
            ReportSection(
                key: "byCategory", title: t("section.by_category"),
                columns: [col("category"), col("handled", numeric: true), col("resolved", numeric: true), col("rate", numeric: true)],
                rows: DisputeCategory.allCases.compactMap { c in
                    guard let count = s.byCategory[c] else { return nil }
                    return [.code(c, strings), .int(count.handled), .int(count.resolved), rate(count.resolved, count.handled)]
                }, emptyText: none),
            ReportSection(
                key: "pendingByAge", title: t("section.pending_by_age"),
                columns: [col("age_days"), col("disputes", numeric: true)],
                rows: s.pendingByAge.map { [ReportValue(display: $0.label, json: .string($0.label)), .int($0.count)] },
                emptyText: none, barColumn: 1),
            disputeSection("pending", t("section.disputes_pending"), report.pending, at: s.to),
            disputeSection("disputes", t("section.disputes_opened"), report.disputes, at: s.to),
            followUpSection(report.followUpsDue),
        ]
        let casework = disputeCasework(from: s.from, to: s.to)  // issue 20: 排查 weeks, risk flags, overdue
        return ReportDocument(kind: "disputes", title: t("title.disputes"), heading: heading, from: s.from, to: s.to,
                              periodText: period(s.from, s.to), figures: figures + casework.figures,
                              sections: sections + casework.sections)
    }

    /// 警情公告 (weekly).
    public func bulletin(_ report: Bulletin) -> ReportDocument {
        let closedInPeriod = state.incidents.incidents.filter {
            !$0.voided && ($0.closedAt.map { $0 >= report.from && $0 < report.to } ?? false)
        }
        let caseFiled = closedInPeriod.filter { $0.disposition == .caseFiled }.count
        let figures = [
            ReportFigure("incidents", t("fig.incidents"), .int(report.incidents.count)),
            ReportFigure("closed", t("fig.closed"), .int(report.closed)),
            ReportFigure("open", t("fig.open"), .int(report.open)),
            ReportFigure("closedInPeriod", t("fig.closed_in_period"), .int(closedInPeriod.count)),
            ReportFigure("caseFiled", t("fig.case_filed"), .int(caseFiled)),
        ]
        let byCell = report.byCell.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
        var byDisposition: [IncidentDisposition: Int] = [:]
        for n in closedInPeriod { if let d = n.disposition { byDisposition[d, default: 0] += 1 } }
        let sections = [
            ReportSection(
                key: "byKind", title: t("section.by_kind"),
                columns: [col("kind"), col("incidents", numeric: true)],
                rows: IncidentKind.allCases.compactMap { k in
                    report.byKind[k].map { [.code(k, strings), .int($0)] }
                }, emptyText: none, barColumn: 1),
            ReportSection(
                key: "byCell", title: t("section.by_cell"),
                columns: [col("cell", max: 24), col("incidents", numeric: true)],
                rows: byCell.map { [cellValue($0.key), .int($0.value)] }, emptyText: none, barColumn: 1),
            ReportSection(
                key: "closedByDisposition", title: t("section.closed_by_disposition"),
                columns: [col("disposition"), col("incidents", numeric: true)],
                rows: IncidentDisposition.allCases.compactMap { d in byDisposition[d].map { [.code(d, strings), .int($0)] } },
                emptyText: none),
            incidentSection("incidents", t("section.incidents"), report.incidents, at: report.to),
        ]
        return ReportDocument(kind: "bulletin", title: t("title.bulletin"), heading: heading, from: report.from,
                              to: report.to, periodText: period(report.from, report.to), figures: figures,
                              sections: sections)
    }

    /// 一事一档: the case file of one dispute.
    public func disputeFile(_ d: Dispute) -> ReportDocument {
        var figures = [
            ReportFigure("dispute", t("col.dispute"), .text(d.id)),
            ReportFigure("status", t("col.status"), statusValue(d.status)),
            ReportFigure("category", t("col.category"), .code(d.category, strings)),
            ReportFigure("source", t("col.source"), .code(d.source, strings)),
            ReportFigure("risk", t("col.risk"), .code(d.risk, strings)),
            ReportFigure("cell", t("col.cell"), cellValue(d.cell)),
            ReportFigure("parties", t("col.parties"), list(d.parties)),
            ReportFigure("opened", t("col.opened"), .time(d.openedAt, withYear: true)),
            ReportFigure("ageDays", t("col.age_days"), .int(state.ageInDays(d, now: now))),
        ]
        if let c = d.conclusion {
            figures.append(ReportFigure("concluded", t("fig.concluded"), .time(c.at, withYear: true)))
            if let to = c.referredTo { figures.append(ReportFigure("referredTo", t("fig.referred_to"), .code(to, strings))) }
        }
        var notes: [(label: String, text: String)] = [(t("col.summary"), d.summary)]
        if let c = d.conclusion { notes.append((t("conclusion." + c.kind.rawValue), c.text)) }
        // 回访: when the settled case is to be followed up (Resources/policy/disputes.json).
        if let due = state.followUpsDue(now: now).first(where: { $0.dispute.id == d.id }) {
            notes.append((t("note.follow_up_due"), ReportValue.time(due.due, withYear: true).display
                          + (due.isOverdue ? " " + t("note.overdue") : "")))
        }
        // Lines for the paper file: every party, every mediator, the officer in charge.
        let blank = ReportValue(display: "__________", json: .null)
        var signers = d.parties.map { (t("signer.party"), $0) }
        var seen = Set<String>()
        for name in d.liveMediations.flatMap(\.mediators) where seen.insert(name).inserted {
            signers.append((t("signer.mediator"), name))
        }
        signers.append((t("signer.officer"), officer.map { staffValue($0).display } ?? ""))
        let signatures = ReportSection(
            key: "signatures", title: t("section.signatures"),
            columns: [col("signer_role"), col("signer", max: 24), col("signature"), col("sign_date")],
            rows: signers.map { [.text($0.0), .text($0.1), blank, blank] }, emptyText: none)
        let sections = [
            ReportSection(
                key: "mediations", title: t("section.mediations"),
                columns: [col("time"), col("mediation_kind"), col("mediators", max: 24), col("result"), col("notes", max: 40)],
                rows: d.liveMediations.map { m in
                    [.time(m.at, withYear: true), .code(m.kind, strings), list(m.mediators), .code(m.result, strings),
                     .text(m.notes)]
                }, emptyText: none),
            ReportSection(
                key: "followUps", title: t("section.follow_ups"),
                columns: [col("time"), col("note", max: 60)],
                rows: d.liveFollowUps.map { [.time($0.at, withYear: true), .text($0.note)] }, emptyText: none),
            signatures,
        ]
        return ReportDocument(kind: "dispute", title: t("title.dispute_file", ["id": d.id]), heading: heading,
                              from: d.openedAt, to: d.conclusion?.at, periodText: "", figures: figures,
                              sections: sections, notes: notes)
    }
}
