import Foundation
import JingwuJournal

/// Points awarded to a 联户长 for one item.
public struct PointsAward: Sendable, Equatable, KeyedItem {
    public var id: String
    public var leader: String
    public var community: String
    public var month: String
    public var item: String
    public var points: Int
    public var reason: String
    public var at: Date
    public var event: UUID
    public var voided = false
}

/// A community's settled month: the sheet as paid.
public struct SubsidySettlement: Sendable, Equatable, KeyedItem {
    /// `2026-11 幸福社区`: the month, then the community.
    public var id: String { Self.key(community: community, month: month) }
    public var community: String
    public var month: String
    public var lines: [SubsidyLine]
    public var at: Date
    public var event: UUID
    public var voided = false
    public var totalYuan: Int { lines.reduce(0) { $0 + $1.yuan } }
    static func key(community: String, month: String) -> String { month + " " + community }
}

/// A 义警 or patrol team.
public struct VolunteerTeam: Sendable, Equatable, KeyedItem {
    public var id: String
    public var name: String
    public var kind: TeamKind
    public var members: [String]
    public var formedAt: Date
    public var event: UUID
    public var voided = false
}

/// How a task was reported back.
public struct TaskClosure: Sendable, Equatable {
    public var done: Bool
    public var note: String
    public var at: Date
    public var event: UUID
}

/// A task issued to a team.
public struct TeamTask: Sendable, Equatable, KeyedItem {
    public var id: String
    public var team: String
    public var kind: String
    /// The last day, `2026-12-05`.
    public var due: String
    public var description: String
    public var issuedAt: Date
    public var event: UUID
    public var voided = false
    public var closure: TaskClosure?

    /// The moment it becomes overdue: the end of its last day (office time).
    public var dueEnd: Date { CommunityDay.end(of: due) ?? issuedAt }
    /// Not reported back and past its last day at `now`.
    public func isOverdue(at now: Date) -> Bool { (closure.map { $0.at > now } ?? true) && now >= dueEnd && issuedAt <= now }
}

/// A tip turned into a record.
public struct TipLink: Sendable, Equatable {
    public var outcome: TipOutcome
    public var record: String
    public var at: Date
    public var event: UUID
    public var voided = false
}

/// A tip (线索).
public struct Tip: Sendable, Equatable, KeyedItem {
    public var id: String
    public var source: TipSource
    public var from: String
    public var channel: TipChannel
    public var what: String
    public var cell: String?
    public var at: Date
    public var event: UUID
    public var voided = false
    public var links: [TipLink] = []
    public var liveLinks: [TipLink] { links.filter { !$0.voided } }
}

/// 群防群治: 联户长 points and settled months, teams and their tasks, tips.
public struct CommunityBook: Sendable, Equatable {
    var awards = KeyedList<PointsAward>()
    var settlements = KeyedList<SubsidySettlement>()
    var teamList = KeyedList<VolunteerTeam>()
    var taskList = KeyedList<TeamTask>()
    var tipList = KeyedList<Tip>()

    /// Every award ever made, voided ones included, in order.
    public var allAwards: [PointsAward] { awards.items }
    public var allSettlements: [SubsidySettlement] { settlements.items }
    public var teams: [VolunteerTeam] { teamList.items.filter { !$0.voided } }
    public var tasks: [TeamTask] { taskList.items.filter { !$0.voided } }
    public var tips: [Tip] { tipList.items.filter { !$0.voided } }
    /// Records ever made (numbering `JF0001`, `TM01`, `RW0001`, `XS0001`).
    public var awardCount: Int { awards.count }
    public var teamCount: Int { teamList.count }
    public var taskCount: Int { taskList.count }
    public var tipCount: Int { tipList.count }

    public func award(_ id: String) -> PointsAward? { awards.live(id) }
    public func team(_ id: String) -> VolunteerTeam? { teamList.live(id) }
    public func task(_ id: String) -> TeamTask? { taskList.live(id) }
    public func tip(_ id: String) -> Tip? { tipList.live(id) }
    public func settlement(community: String, month: String) -> SubsidySettlement? {
        settlements.live(SubsidySettlement.key(community: community, month: month))
    }

    mutating func updateAward(_ id: String, _ change: (inout PointsAward) -> Void) { awards.update(id, change) }
    mutating func updateSettlement(_ id: String, _ change: (inout SubsidySettlement) -> Void) { settlements.update(id, change) }
    mutating func updateTeam(_ id: String, _ change: (inout VolunteerTeam) -> Void) { teamList.update(id, change) }
    mutating func updateTask(_ id: String, _ change: (inout TeamTask) -> Void) { taskList.update(id, change) }
    mutating func updateTip(_ id: String, _ change: (inout Tip) -> Void) { tipList.update(id, change) }
}

/// A day written `2026-12-05`, in office time.
public enum CommunityDay {
    /// The day typed as `2026-12-05` (or `2026-12-5`), checked to exist; nil otherwise.
    public static func parse(_ text: String) -> String? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (2000...2200).contains(y), (1...12).contains(m), d >= 1, d <= days(in: m, of: y) else { return nil }
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    /// The day of `date`, `2026-12-05`.
    public static func of(_ date: Date) -> String {
        let (y, m, d) = civil(OfficeTime.dayNumber(date))
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    /// The month of `date`, `2026-12`.
    public static func month(of date: Date) -> String { String(of(date).prefix(7)) }

    /// The month typed as `2026-12` (or `2026-12-05`), checked; nil otherwise.
    public static func parseMonth(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let day = parse(trimmed) { return String(day.prefix(7)) }
        return parse(trimmed + "-01").map { String($0.prefix(7)) }
    }

    /// Where month `2026-12` begins and ends (the next month's start), office time.
    public static func window(ofMonth month: String) -> (from: Date, to: Date)? {
        guard let first = start(of: month + "-01") else { return nil }
        let parts = month.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2 else { return nil }
        let next = parts[1] == 12 ? String(format: "%04d-01-01", parts[0] + 1) : String(format: "%04d-%02d-01", parts[0], parts[1] + 1)
        guard let end = start(of: next) else { return nil }
        return (first, end)
    }

    /// The moment `2026-12-05` begins in office time.
    public static func start(of day: String) -> Date? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        let number = dayNumber(parts[0], parts[1], parts[2])
        return Date(timeIntervalSince1970: Double(number * 86400 - Int64(OfficeTime.offset)))
    }

    /// The moment after `2026-12-05` ends.
    public static func end(of day: String) -> Date? { start(of: day).map { $0.addingTimeInterval(86400) } }

    // The calendar arithmetic is the journal's own (`RFC3339`), as `LocalDay` uses it.
    static func days(in month: Int, of year: Int) -> Int { Int(RFC3339.daysInMonth(Int64(year), Int64(month))) }

    /// Days since 1970-01-01 of a civil date.
    static func dayNumber(_ y: Int, _ m: Int, _ d: Int) -> Int64 { RFC3339.daysFromCivil(Int64(y), Int64(m), Int64(d)) }

    /// The civil date of a count of days since 1970-01-01.
    static func civil(_ number: Int64) -> (Int, Int, Int) {
        let (y, m, d, _, _, _) = RFC3339.civil(fromEpochSeconds: number * 86400)
        return (Int(y), Int(m), Int(d))
    }
}

// MARK: Fold

extension OfficeState {
    mutating func fold(_ e: HouseholdLeaderPointsAwarded, _ envelope: Envelope) {
        community.awards.add(PointsAward(id: e.award, leader: e.leader, community: e.community, month: e.month, item: e.item,
                                         points: e.points, reason: e.reason, at: envelope.at, event: envelope.id))
        targets[envelope.id] = .pointsAward(e.award)
    }

    mutating func fold(_ e: HouseholdLeaderSubsidySettled, _ envelope: Envelope) {
        let settlement = SubsidySettlement(community: e.community, month: e.month, lines: e.lines, at: envelope.at,
                                           event: envelope.id)
        community.settlements.add(settlement)
        targets[envelope.id] = .subsidySettlement(settlement.id)
    }

    mutating func fold(_ e: VolunteerTeamFormed, _ envelope: Envelope) {
        community.teamList.add(VolunteerTeam(id: e.team, name: e.name, kind: e.kind, members: e.members,
                                             formedAt: envelope.at, event: envelope.id))
        targets[envelope.id] = .team(e.team)
    }

    mutating func fold(_ e: VolunteerTaskIssued, _ envelope: Envelope) {
        community.taskList.add(TeamTask(id: e.task, team: e.team, kind: e.kind, due: e.due, description: e.description,
                                        issuedAt: envelope.at, event: envelope.id))
        targets[envelope.id] = .task(e.task)
    }

    mutating func fold(_ e: VolunteerTaskClosed, _ envelope: Envelope) {
        community.updateTask(e.task) { $0.closure = TaskClosure(done: e.done, note: e.note, at: envelope.at, event: envelope.id) }
        targets[envelope.id] = .taskClose(e.task)
    }

    mutating func fold(_ e: TipReceived, _ envelope: Envelope) {
        community.tipList.add(Tip(id: e.tip, source: e.source, from: e.from, channel: e.channel, what: e.what, cell: e.cell,
                                  at: envelope.at, event: envelope.id))
        targets[envelope.id] = .tip(e.tip)
    }

    mutating func fold(_ e: TipLinked, _ envelope: Envelope) {
        var position = 0
        community.updateTip(e.tip) {
            position = $0.links.count
            $0.links.append(TipLink(outcome: e.outcome, record: e.record, at: envelope.at, event: envelope.id))
        }
        targets[envelope.id] = .tipLink(e.tip, position)
    }
}
