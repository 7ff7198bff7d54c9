import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources

/// 群防群治 (issue 19): 联户长 points and their month's settlement, 义警 and patrol teams and
/// their tasks, tips. Each a write like the office's others (`OfficeCommands.spec`): refused
/// (exit 65) with the field named and nothing written, or one durable append.
enum CommunityCommands {
    static func itemList() -> String {
        Policy.load().community.items.map { "\($0.code) \($0.zh)（\($0.range.lowerBound)–\($0.range.upperBound)）" }
            .joined(separator: " | ")
    }

    static func taskKinds() -> String {
        Policy.load().community.taskKinds.map { "\($0.code) \($0.zh)" }.joined(separator: " | ")
    }

    static let all: [CommandSpec] = [
        OfficeCommands.spec(["points", "award"], "points_award",
                            "--leader B --item CODE --points N --reason TEXT [--community NAME]", [("item", itemList())],
                            [.value("leader", required: true), .value("item", required: true),
                             .value("points", required: true), .value("reason", required: true), .value("community")],
                            reasonIsBackdate: false) { _, p in
            AwardLeaderPoints(leader: OfficeCommands.required(p, "leader"), item: OfficeCommands.required(p, "item"),
                              points: try OfficeCommands.int(p, "points") ?? 0, reason: OfficeCommands.required(p, "reason"),
                              community: p.value("community"))
        },
        OfficeCommands.spec(["points", "settle"], "points_settle", "--month YYYY-MM [--community NAME]", [],
                            [.value("month", required: true), .value("community")]) { _, p in
            SettleLeaderSubsidy(month: OfficeCommands.required(p, "month"), community: p.value("community"))
        },
        OfficeCommands.spec(["team", "add"], "team_add", "--name N --kind KIND --members B,B",
                            [("kind", OfficeCommands.codes(TeamKind.self))],
                            [.value("name", required: true), .value("kind", required: true),
                             .value("members", required: true, repeatable: true)]) { _, p in
            FormTeam(name: OfficeCommands.required(p, "name"), kind: try OfficeCommands.code(p, "kind", TeamKind.self),
                     members: OfficeCommands.commaList(p, "members"))
        },
        OfficeCommands.spec(["task", "issue"], "task_issue", "--team ID --kind KIND --due YYYY-MM-DD --description TEXT",
                            [("kind", taskKinds())],
                            [.value("team", required: true), .value("kind", required: true), .value("due", required: true),
                             .value("description", required: true)]) { _, p in
            IssueTeamTask(team: OfficeCommands.required(p, "team"), kind: OfficeCommands.required(p, "kind"),
                          due: OfficeCommands.required(p, "due"), description: OfficeCommands.required(p, "description"))
        },
        OfficeCommands.spec(["task", "close"], "task_close", "--task ID (--done | --not-done) --note TEXT", [],
                            [.value("task", required: true), .flag("done"), .flag("not-done"),
                             .value("note", required: true)]) { _, p in
            // One of the two, and only one: a report back says which.
            guard p.has("done") != p.has("not-done") else { throw DomainError(.required, field: "done") }
            return CloseTeamTask(task: OfficeCommands.required(p, "task"), done: p.has("done"),
                                 note: OfficeCommands.required(p, "note"))
        },
        OfficeCommands.spec(["tip", "add"], "tip_add", "--source SRC --from B|NAME --channel HOW --what TEXT [--cell C]",
                            [("source", OfficeCommands.codes(TipSource.self)), ("channel", OfficeCommands.codes(TipChannel.self))],
                            [.value("source", required: true), .value("from", required: true),
                             .value("channel", required: true), .value("what", required: true), .value("cell")]) { _, p in
            ReceiveTip(source: try OfficeCommands.code(p, "source", TipSource.self), from: OfficeCommands.required(p, "from"),
                       channel: try OfficeCommands.code(p, "channel", TipChannel.self),
                       what: OfficeCommands.required(p, "what"), cell: p.value("cell"))
        },
        OfficeCommands.spec(["tip", "link"], "tip_link", "--tip ID --record ID", [],
                            [.value("tip", required: true), .value("record", required: true)]) { _, p in
            LinkTip(tip: OfficeCommands.required(p, "tip"), record: OfficeCommands.required(p, "record"))
        },
        OfficeCommands.spec(["person", "control"], "person_control",
                            "--person ID --basis TEXT --control-level LEVEL --helpers \"officer:NAME;security:NAME;family:NAME\"",
                            [("control-level", OfficeCommands.codes(ControlLevel.self)), ("helpers", OfficeCommands.codes(HelperRole.self))],
                            [.value("person", required: true), .value("basis", required: true), .value("control-level", required: true),
                             .value("helpers", required: true, repeatable: true)]) { _, p in
            SetPersonControl(person: OfficeCommands.required(p, "person"), basis: OfficeCommands.required(p, "basis"),
                             level: try OfficeCommands.code(p, "control-level", ControlLevel.self),
                             helpers: OfficeCommands.semicolonList(p, "helpers"))
        },
    ]
}
