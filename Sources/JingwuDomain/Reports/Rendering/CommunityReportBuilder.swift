import Foundation

// 群防群治 reports (issue 19): the month's 联户长 points and subsidy sheet, 义警 tasks by team,
// tips by source and outcome. Built from `OfficeState`'s community queries (CommunityQueries.swift).

extension ReportBuilder {
    var chinese: Bool { strings.language == .zh }

    /// A team by its name, its id in JSON.
    func teamValue(_ id: String) -> ReportValue {
        ReportValue(display: state.community.team(id).map { "\(id) \($0.name)" } ?? id, json: .string(id))
    }

    /// A task kind by its name (the policy's), its code in JSON.
    func taskKindValue(_ code: String) -> ReportValue {
        ReportValue(display: state.policy.community.taskKind(code)?.name(chinese) ?? code, json: .string(code))
    }

    /// A roster person by name and badge, the badge in JSON.
    func personValue(_ badge: String) -> ReportValue {
        ReportValue(display: officer(badge), json: .string(badge))
    }

    /// The months `[from, to)` touches, `2026-11`…, at most twelve (the last ones).
    static func months(from: Date, to: Date) -> [String] {
        var out: [String] = []
        var month = CommunityDay.month(of: from)
        let last = CommunityDay.month(of: to.addingTimeInterval(-1))
        while out.count < 240 {
            out.append(month)
            if month >= last { break }
            guard let window = CommunityDay.window(ofMonth: month) else { break }
            month = CommunityDay.month(of: window.to)
        }
        return Array(out.suffix(12))
    }

    /// 联户长积分与补贴: each community's sheet for each month of the period, printable, with a
    /// column for the leader's signature on receipt.
    public func leaderPoints(from: Date, to: Date) -> ReportDocument {
        let months = Self.months(from: from, to: to)
        let sheets = state.communities.flatMap { community in
            months.map { state.subsidySheet(community: community, month: $0) }
        }
        let figures = [
            ReportFigure("leaders", t("fig.community_leaders"),
                         .int(Set(sheets.flatMap { $0.lines.map(\.leader) }).count)),
            ReportFigure("points", t("fig.community_points"), .int(sheets.reduce(0) { $0 + $1.totalPoints })),
            ReportFigure("yuan", t("fig.community_yuan"), .int(sheets.reduce(0) { $0 + $1.totalYuan })),
            ReportFigure("settled", t("fig.community_settled"),
                         ReportValue(display: "\(sheets.filter { $0.settlement != nil }.count)/\(sheets.count)",
                                     json: .int(sheets.filter { $0.settlement != nil }.count))),
        ]
        let sections = sheets.map { sheet in
            let status = sheet.settlement.map { t("community.settled_at", ["at": ReportFormat.short($0.at, withYear: true)]) }
                ?? t("community.not_settled")
            return ReportSection(
                key: "sheet", title: t("section.community_sheet", ["community": sheet.community, "month": sheet.month,
                                                                    "status": status]),
                columns: [col("leader", max: 20), col("points_basic", numeric: true), col("points_results", numeric: true),
                          col("points_model", numeric: true), col("awards", numeric: true), col("points", numeric: true),
                          col("yuan", numeric: true), col("signature")],
                rows: sheet.lines.map { line in
                    [personValue(line.leader), .int(line.byCategory[.basic] ?? 0), .int(line.byCategory[.results] ?? 0),
                     .int(line.byCategory[.model] ?? 0), .int(line.awards), .int(line.points), .int(line.yuan),
                     ReportValue(display: "", json: .null, cell: "")]
                }, emptyText: none)
        }
        let policy = state.policy.community
        let items = policy.items.map { "\($0.code) \($0.name(chinese))（\($0.range.lowerBound)–\($0.range.upperBound)）" }
        let notes = [
            (t("community.rule_label"), t("community.rule", ["perPoint": String(policy.yuanPerPoint),
                                                              "floor": String(policy.floorYuan), "cap": String(policy.capYuan)])),
            (t("community.items_label"), items.joined(separator: t("list_separator"))),
        ]
        return ReportDocument(kind: "leader-points", title: t("title.leader_points"), heading: heading, from: from, to: to,
                              periodText: period(from, to), figures: figures, sections: sections, notes: notes)
    }

    /// 义警任务: by team, tasks issued, done, not done in the period; overdue at its end, listed.
    public func teamTasks(from: Date, to: Date) -> ReportDocument {
        let lines = state.tasksByTeam(from: from, to: to)
        let overdue = state.overdueTasks(now: to)
        let issued = lines.reduce(0) { $0 + $1.issued }
        let done = lines.reduce(0) { $0 + $1.done }
        let figures = [
            ReportFigure("teams", t("fig.community_teams"), .int(lines.count)),
            ReportFigure("members", t("fig.community_members"), .int(lines.reduce(0) { $0 + $1.team.members.count })),
            ReportFigure("issued", t("fig.community_issued"), .int(issued)),
            ReportFigure("done", t("fig.community_done"), .int(done)),
            ReportFigure("doneRate", t("fig.community_done_rate"), rate(done, issued)),
            ReportFigure("overdue", t("fig.community_overdue"), .int(overdue.count)),
        ]
        let sections = [
            ReportSection(
                key: "byTeam", title: t("section.community_by_team"),
                columns: [col("team", max: 20), col("kind"), col("members", numeric: true), col("tasks_issued", numeric: true),
                          col("done", numeric: true), col("not_done", numeric: true), col("overdue", numeric: true)],
                rows: lines.map { line in
                    [teamValue(line.team.id), .code(line.team.kind, strings), .int(line.team.members.count), .int(line.issued),
                     .int(line.done), .int(line.notDone), .int(line.overdue)]
                }, emptyText: none, barColumn: 3),
            ReportSection(
                key: "overdue", title: t("section.community_overdue"),
                columns: [col("task"), col("team", max: 20), col("task_kind", max: 12), col("due"), col("task_text", max: 40)],
                rows: overdue.map { task in
                    [.text(task.id), teamValue(task.team), taskKindValue(task.kind), .text(task.due), .text(task.description)]
                }, emptyText: none),
        ]
        return ReportDocument(kind: "team-tasks", title: t("title.team_tasks"), heading: heading, from: from, to: to,
                              periodText: period(from, to), figures: figures, sections: sections, notes: [])
    }

    /// 线索统计: tips by source (线索提供率: how many became a case), by outcome, and the list.
    public func tips(from: Date, to: Date) -> ReportDocument {
        let bySource = state.tipsBySource(from: from, to: to)
        let tips = state.tips(from: from, to: to)
        let received = bySource.reduce(0) { $0 + $1.received }
        let turned = bySource.reduce(0) { $0 + $1.turned }
        var byOutcome: [TipOutcome: Int] = [:]
        for tip in tips {
            for link in tip.liveLinks where link.at < to { byOutcome[link.outcome, default: 0] += 1 }
        }
        let figures = [
            ReportFigure("received", t("fig.community_tips"), .int(received)),
            ReportFigure("turned", t("fig.community_tips_turned"), .int(turned)),
            ReportFigure("turnedRate", t("fig.community_tips_rate"), rate(turned, received)),
        ]
        let sections = [
            ReportSection(
                key: "bySource", title: t("section.community_tips_by_source"),
                columns: [col("source"), col("tips", numeric: true), col("turned", numeric: true), col("turned_rate", numeric: true)],
                rows: bySource.map { [.code($0.source, strings), .int($0.received), .int($0.turned), rate($0.turned, $0.received)] },
                emptyText: none, barColumn: 1),
            ReportSection(
                key: "byOutcome", title: t("section.community_tips_by_outcome"),
                columns: [col("outcome"), col("tips", numeric: true)],
                rows: TipOutcome.allCases.map { [.code($0, strings), .int(byOutcome[$0] ?? 0)] }, emptyText: none, barColumn: 1),
            ReportSection(
                key: "tips", title: t("section.community_tips"),
                columns: [col("tip"), col("time"), col("source"), col("giver", max: 16), col("channel"), col("tip_text", max: 40),
                          col("records")],
                rows: tips.map { tip in
                    [.text(tip.id), .time(tip.at), .code(tip.source, strings), .text(state.tipGiver(tip)),
                     .code(tip.channel, strings), .text(tip.what),
                     list(tip.liveLinks.filter { $0.at < to }.map(\.record))]
                }, emptyText: none),
        ]
        return ReportDocument(kind: "tips", title: t("title.tips"), heading: heading, from: from, to: to,
                              periodText: period(from, to), figures: figures, sections: sections, notes: [])
    }
}
