import Foundation
import JingwuJournal

// MARK: 联户长 points and subsidy

/// `points award`: points to a 联户长 for one item of the community's list, with the reason.
public struct AwardLeaderPoints: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var leader: String
    public var item: String
    public var points: Int
    public var reason: String
    /// Needed only where the office's cells lie in more than one community.
    public var community: String?
    public init(leader: String, item: String, points: Int, reason: String, community: String? = nil) {
        self.leader = leader; self.item = item; self.points = points; self.reason = reason; self.community = community
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let leader = try Validate.role(leader, field: "leader", [.householdLeader], state)
        let community = try Validate.community(community, field: "community", state)
        let policy = state.policy.community
        guard let item = policy.item(item, community: community) else {
            throw DomainError(.unknownCode, field: "item", value: CleanText.strip(item),
                              ["allowed": policy.items(for: community).map { "\($0.code) \($0.zh)" }.joined(separator: "|")])
        }
        guard item.range.contains(points) else {
            throw DomainError(.outOfRange, field: "points", value: String(points),
                              ["min": String(item.range.lowerBound), "max": String(item.range.upperBound),
                               "item": item.code, "itemName": item.zh, "itemNameEn": item.en])
        }
        let reason = try CleanText.required(reason, field: "reason", max: TextLimit.long)
        let month = CommunityDay.month(of: context.when)
        if state.community.settlement(community: community, month: month) != nil {
            throw DomainError(.monthSettled, field: "month", value: month, ["community": community])
        }
        let id = ShortID.make("JF", state.community.awardCount + 1)
        return Decision([HouseholdLeaderPointsAwarded(award: id, leader: leader.badge, community: community, month: month,
                                                      item: item.code, points: points, reason: reason)], entityID: id)
    }
}

/// `points settle`: a community's month is settled and its subsidy sheet fixed; no more points for it.
public struct SettleLeaderSubsidy: OfficeCommand {
    public static let leastRole: LeastRole = .police(action: "settle-subsidy", field: "month")
    public var month: String
    public var community: String?
    public init(month: String, community: String? = nil) { self.month = month; self.community = community }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        guard let month = CommunityDay.parseMonth(month) else {
            throw DomainError(CleanText.strip(month).isEmpty ? .required : .invalid, field: "month", value: CleanText.strip(month))
        }
        let community = try Validate.community(community, field: "community", state)
        if state.community.settlement(community: community, month: month) != nil {
            throw DomainError(.monthSettled, field: "month", value: month, ["community": community])
        }
        // A month is settled once it has begun (paid in its first days or at its end), never ahead.
        if let window = CommunityDay.window(ofMonth: month), window.from > context.when {
            throw DomainError(.inFuture, field: "month", value: month, ["now": OfficeTime.readable(context.when)])
        }
        let sheet = state.subsidySheet(community: community, month: month)
        return Decision([HouseholdLeaderSubsidySettled(community: community, month: month,
                                                       lines: sheet.lines.map { SubsidyLine(leader: $0.leader, points: $0.points, yuan: $0.yuan) })],
                        entityID: SubsidySettlement.key(community: community, month: month))
    }
}

// MARK: Teams and tasks

/// `team add`: a 义警 team or a patrol team with its members.
public struct FormTeam: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var name: String
    public var kind: TeamKind
    public var members: [String]
    public init(name: String, kind: TeamKind, members: [String]) { self.name = name; self.kind = kind; self.members = members }

    /// Members are 义警 or 巡防队员 on the roster, each once.
    static func members(_ badges: [String], _ state: OfficeState) throws -> [String] {
        let cleaned = badges.map(CleanText.strip).filter { !$0.isEmpty }
        guard !cleaned.isEmpty else { throw DomainError(.required, field: "members") }
        guard cleaned.count <= TextLimit.listItems else {
            throw DomainError(.tooLong, field: "members", value: String(cleaned.count), ["max": String(TextLimit.listItems)])
        }
        var seen = Set<String>()
        return try cleaned.map { try Validate.role($0, field: "members", [.volunteer, .patroller], state).badge }
            .filter { seen.insert($0).inserted }
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let name = try CleanText.required(name, field: "name", max: TextLimit.name)
        if let existing = state.community.teams.first(where: { $0.name == name }) {
            throw DomainError(.duplicate, field: "name", value: name, ["record": existing.id])
        }
        let members = try Self.members(members, state)
        let id = ShortID.make("TM", state.community.teamCount + 1)
        return Decision([VolunteerTeamFormed(team: id, name: name, kind: kind, members: members)], entityID: id)
    }
}

/// `task issue`: a task to a team (APP推广, 随访, 安保执勤, 防范宣传), due by the end of a day.
public struct IssueTeamTask: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var team: String
    public var kind: String
    public var due: String
    public var description: String
    public init(team: String, kind: String, due: String, description: String) {
        self.team = team; self.kind = kind; self.due = due; self.description = description
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let team: VolunteerTeam
        do {
            team = try Validate.record(self.team, field: "team", state.community.team)
        } catch var error as DomainError {
            // `team` elsewhere is a shift's 同班人员: here it is a 义警 or patrol team.
            error.detail["labelKey"] = "community.field.team"
            throw error
        }
        let kinds = state.policy.community
        guard let kind = kinds.taskKind(kind) else {
            throw DomainError(.unknownCode, field: "kind", value: CleanText.strip(kind),
                              ["allowed": kinds.taskKinds.map { "\($0.code) \($0.zh)" }.joined(separator: "|")])
        }
        guard !CleanText.strip(due).isEmpty else { throw DomainError(.required, field: "due") }
        guard let day = CommunityDay.parse(due) else { throw DomainError(.invalid, field: "due", value: CleanText.strip(due)) }
        let issued = CommunityDay.of(context.when)
        guard day >= issued else { throw DomainError(.dueBeforeIssue, field: "due", value: day, ["issued": issued]) }
        let description = try CleanText.required(description, field: "description", max: TextLimit.long)
        let id = ShortID.make("RW", state.community.taskCount + 1)
        return Decision([VolunteerTaskIssued(task: id, team: team.id, kind: kind.code, due: day, description: description)],
                        entityID: id)
    }
}

extension TeamTask: ClosableRecord {
    var closedStatus: String? { closure.map { $0.done ? "done" : "not-done" } }
}

/// `task close`: a task reported back, done or not done, with a note.
public struct CloseTeamTask: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var task: String
    public var done: Bool
    public var note: String
    public init(task: String, done: Bool, note: String) { self.task = task; self.done = done; self.note = note }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let task = try Validate.open(task, field: "task", state.community.task)
        let note = try CleanText.required(note, field: "note", max: TextLimit.long)
        try Validate.notBefore(task.issuedAt, context, what: task.id)
        return Decision([VolunteerTaskClosed(task: task.id, done: done, note: note)], entityID: task.id)
    }
}

// MARK: Tips

/// `tip add`: a tip from a 联户长, 义警, 网格员 (by badge) or a resident (by name).
public struct ReceiveTip: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var source: TipSource
    public var from: String
    public var channel: TipChannel
    public var what: String
    public var cell: String?
    public init(source: TipSource, from: String, channel: TipChannel, what: String, cell: String? = nil) {
        self.source = source; self.from = from; self.channel = channel; self.what = what; self.cell = cell
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let from: String
        if let role = source.rosterRole {
            from = try Validate.role(self.from, field: "from", [role], state).badge
        } else {
            from = try CleanText.required(self.from, field: "from", max: TextLimit.name)
        }
        let what = try CleanText.required(what, field: "what", max: TextLimit.long)
        let cell = try cell.flatMap { CleanText.strip($0).isEmpty ? nil : try Validate.cell($0, field: "cell", state).code }
        let id = ShortID.make("XS", state.community.tipCount + 1)
        return Decision([TipReceived(tip: id, source: source, from: from, channel: channel, what: what, cell: cell)],
                        entityID: id)
    }
}

/// `tip link`: a tip turned into a hazard, a dispute, an incident or a key-person note (the record made first).
public struct LinkTip: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var tip: String
    public var record: String
    public init(tip: String, record: String) { self.tip = tip; self.record = record }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let tip = try Validate.record(tip, field: "tip", state.community.tip)
        let typed = CleanText.strip(record).uppercased()
        guard !typed.isEmpty else { throw DomainError(.required, field: "record") }
        let outcome: TipOutcome
        if state.hazard(typed) != nil { outcome = .hazard }
        else if state.disputes.dispute(typed) != nil { outcome = .dispute }
        else if state.incidents.incident(typed) != nil { outcome = .incident }
        else if state.persons.person(typed) != nil { outcome = .person }
        else { throw DomainError(.unknownRecord, field: "record", value: typed) }
        if tip.liveLinks.contains(where: { $0.record == typed }) {
            throw DomainError(.duplicate, field: "record", value: typed, ["record": tip.id])
        }
        try Validate.notBefore(tip.at, context, what: tip.id)
        return Decision([TipLinked(tip: tip.id, outcome: outcome, record: typed)], entityID: tip.id)
    }
}

// MARK: Shared checks

extension Validate {
    /// Someone on the roster with one of `roles` (a 联户长 for points, 义警 or 巡防队员 for a team).
    static func role(_ badge: String, field: String, _ roles: [OfficerRole], _ state: OfficeState) throws -> Officer {
        let officer = try officer(badge, field: field, state)
        guard roles.contains(officer.role) else {
            throw DomainError(.roleRequired, field: field, value: officer.badge,
                              ["role": officer.role.code, "required": roles.map(\.code).joined(separator: "|")])
        }
        return officer
    }

    /// A community of the office's cells, as typed; the office's only one when none is typed.
    static func community(_ typed: String?, field: String, _ state: OfficeState) throws -> String {
        let known = state.communities
        let cleaned = CleanText.strip(typed ?? "")
        if cleaned.isEmpty {
            if known.count == 1 { return known[0] }
            throw DomainError(.required, field: field)
        }
        guard known.contains(cleaned) else {
            throw DomainError(.unknownCode, field: field, value: cleaned, ["allowed": known.joined(separator: "|")])
        }
        return cleaned
    }
}

extension OfficeState {
    /// The communities of the office's cells, in order of first appearance.
    public var communities: [String] {
        var seen = Set<String>()
        return cells.all.map(\.community).filter { seen.insert($0).inserted }
    }
}
