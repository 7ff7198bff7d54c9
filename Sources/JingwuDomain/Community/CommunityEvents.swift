import Foundation
import JingwuJournal

// MARK: 联户长 points and subsidy (DOMAIN.md §7.4)

/// Points awarded to a 联户长 for one scoring item, with the reason.
public struct HouseholdLeaderPointsAwarded: EventPayload {
    public static let type = "HouseholdLeaderPointsAwarded"
    public static let version = 1
    /// Short id, `JF0001`.
    public var award: String
    /// Badge of the 联户长 (roster role household-leader).
    public var leader: String
    /// The community whose items and sheet it counts in.
    public var community: String
    /// The month it counts in, `2026-11` (office time).
    public var month: String
    /// The item's code in the community's list (`policy/community.json`).
    public var item: String
    public var points: Int
    public var reason: String
    public init(award: String, leader: String, community: String, month: String, item: String, points: Int, reason: String) {
        self.award = award; self.leader = leader; self.community = community; self.month = month; self.item = item
        self.points = points; self.reason = reason
    }
    public var asEvent: DomainEvent { .householdLeaderPointsAwarded(self) }
}

/// One line of a settled month: a 联户长's points and subsidy.
public struct SubsidyLine: Codable, Sendable, Equatable {
    public var leader: String
    public var points: Int
    public var yuan: Int
    public init(leader: String, points: Int, yuan: Int) { self.leader = leader; self.points = points; self.yuan = yuan }
}

/// A community's month of 联户长 points is settled: the sheet as paid, amounts kept as they were
/// reckoned (a later change of the policy's rule does not change a paid month).
public struct HouseholdLeaderSubsidySettled: EventPayload {
    public static let type = "HouseholdLeaderSubsidySettled"
    public static let version = 1
    public var community: String
    public var month: String
    public var lines: [SubsidyLine]
    public init(community: String, month: String, lines: [SubsidyLine]) {
        self.community = community; self.month = month; self.lines = lines
    }
    public var asEvent: DomainEvent { .householdLeaderSubsidySettled(self) }
}

// MARK: 义警 and patrol teams

/// A 义警 team or a patrol team is formed, with its members from the roster.
public struct VolunteerTeamFormed: EventPayload {
    public static let type = "VolunteerTeamFormed"
    public static let version = 1
    /// Short id, `TM01`.
    public var team: String
    public var name: String
    public var kind: TeamKind
    /// Badges of the members (义警 or 巡防队员 on the roster).
    public var members: [String]
    public init(team: String, name: String, kind: TeamKind, members: [String]) {
        self.team = team; self.name = name; self.kind = kind; self.members = members
    }
    public var asEvent: DomainEvent { .volunteerTeamFormed(self) }
}

/// A task is issued to a team, due by the end of a day.
public struct VolunteerTaskIssued: EventPayload {
    public static let type = "VolunteerTaskIssued"
    public static let version = 1
    /// Short id, `RW0001`.
    public var task: String
    public var team: String
    /// The task kind's code (`policy/community.json`).
    public var kind: String
    /// The last day, `2026-12-05` (office time): overdue after it ends.
    public var due: String
    public var description: String
    public init(task: String, team: String, kind: String, due: String, description: String) {
        self.task = task; self.team = team; self.kind = kind; self.due = due; self.description = description
    }
    public var asEvent: DomainEvent { .volunteerTaskIssued(self) }
}

/// A task is reported back: done or not done, with a note.
public struct VolunteerTaskClosed: EventPayload {
    public static let type = "VolunteerTaskClosed"
    public static let version = 1
    public var task: String
    public var done: Bool
    public var note: String
    public init(task: String, done: Bool, note: String) { self.task = task; self.done = done; self.note = note }
    public var asEvent: DomainEvent { .volunteerTaskClosed(self) }
}

// MARK: Tips (线索)

/// A tip comes in: from whom, how, and what it says.
public struct TipReceived: EventPayload {
    public static let type = "TipReceived"
    public static let version = 1
    /// Short id, `XS0001`.
    public var tip: String
    public var source: TipSource
    /// A badge on the roster for a 联户长, 义警 or 网格员; a resident's name as given.
    public var from: String
    public var channel: TipChannel
    public var what: String
    public var cell: String?
    public init(tip: String, source: TipSource, from: String, channel: TipChannel, what: String, cell: String? = nil) {
        self.tip = tip; self.source = source; self.from = from; self.channel = channel; self.what = what; self.cell = cell
    }
    public var asEvent: DomainEvent { .tipReceived(self) }
}

/// A tip is turned into a case: a hazard, a dispute, an incident or a key-person note; the
/// record keeps the tip as the tip keeps the record (`OfficeState.tips(for:)`).
public struct TipLinked: EventPayload {
    public static let type = "TipLinked"
    public static let version = 1
    public var tip: String
    public var outcome: TipOutcome
    /// The record's short id: `H0003`, `D2026-0004`, `I0012`, `K0007`.
    public var record: String
    public init(tip: String, outcome: TipOutcome, record: String) { self.tip = tip; self.outcome = outcome; self.record = record }
    public var asEvent: DomainEvent { .tipLinked(self) }
}

// MARK: Corrections: what may be amended, what voiding undoes (AmendableField.swift)

extension HouseholdLeaderPointsAwarded {
    /// Not once its month is settled: the sheet was paid with it.
    public static let voiding = Voiding(refusal: { _, target, state in
        guard case .pointsAward(let id) = target, let award = state.community.award(id),
              state.community.settlement(community: award.community, month: award.month) != nil else { return nil }
        return DomainError(.monthSettled, field: "event", value: award.month, ["community": award.community])
    }) { s, t in if case .pointsAward(let id) = t { s.community.updateAward(id) { $0.voided = true } } }
    public static let amendable: [AmendableField] = [
        .text("reason") { s, t, v in if case .pointsAward(let id) = t { s.community.updateAward(id) { $0.reason = v } } },
    ]
}

extension HouseholdLeaderSubsidySettled {
    /// Taking a settlement back reopens the month for points.
    public static let voiding = Voiding { s, t in
        if case .subsidySettlement(let key) = t { s.community.updateSettlement(key) { $0.voided = true } }
    }
    public static let amendable: [AmendableField] = []
}

extension VolunteerTeamFormed {
    public static let voiding = Voiding { s, t in if case .team(let id) = t { s.community.updateTeam(id) { $0.voided = true } } }
    public static let amendable: [AmendableField] = [
        .text("name", max: TextLimit.name) { s, t, v in if case .team(let id) = t { s.community.updateTeam(id) { $0.name = v } } },
        AmendableField("members", normalise: { value, state, _ in
            let badges = value.split(whereSeparator: { $0 == ";" || $0 == "," || $0 == "，" }).map(String.init)
            return try FormTeam.members(badges, state).joined(separator: ";")
        }, apply: { s, t, v in
            if case .team(let id) = t { s.community.updateTeam(id) { $0.members = v.split(separator: ";").map(String.init) } }
        }),
    ]
}

extension VolunteerTaskIssued {
    public static let voiding = Voiding { s, t in if case .task(let id) = t { s.community.updateTask(id) { $0.voided = true } } }
    public static let amendable: [AmendableField] = [
        .text("description") { s, t, v in if case .task(let id) = t { s.community.updateTask(id) { $0.description = v } } },
        AmendableField("due", normalise: { value, _, _ in
            guard let day = CommunityDay.parse(value) else { throw DomainError(.invalid, field: "due", value: value) }
            return day
        }, apply: { s, t, v in if case .task(let id) = t { s.community.updateTask(id) { $0.due = v } } }),
    ]
}

extension VolunteerTaskClosed {
    public static let voiding = Voiding { s, t in if case .taskClose(let id) = t { s.community.updateTask(id) { $0.closure = nil } } }
    public static let amendable: [AmendableField] = [
        .text("note") { s, t, v in if case .taskClose(let id) = t { s.community.updateTask(id) { $0.closure?.note = v } } },
        .bool("done") { s, t, v in if case .taskClose(let id) = t { s.community.updateTask(id) { $0.closure?.done = v } } },
    ]
}

extension TipReceived {
    public static let voiding = Voiding { s, t in if case .tip(let id) = t { s.community.updateTip(id) { $0.voided = true } } }
    public static let amendable: [AmendableField] = [
        .text("what") { s, t, v in if case .tip(let id) = t { s.community.updateTip(id) { $0.what = v } } },
        .code("channel", TipChannel.self) { s, t, v in if case .tip(let id) = t { s.community.updateTip(id) { $0.channel = v } } },
    ]
}

extension TipLinked {
    public static let voiding = Voiding { s, t in
        guard case .tipLink(let id, let position) = t else { return }
        s.community.updateTip(id) { if position < $0.links.count { $0.links[position].voided = true } }
    }
    public static let amendable: [AmendableField] = []
}
