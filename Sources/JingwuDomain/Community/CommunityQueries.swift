import Foundation

/// One 联户长's line of a month's points and subsidy sheet.
public struct SubsidySheetLine: Sendable, Equatable {
    public var leader: String
    public var points: Int
    /// Points by category (基础工作, 工作成效, 模范引领).
    public var byCategory: [PointsCategory: Int]
    /// Awards counted.
    public var awards: Int
    public var yuan: Int
}

/// A community's month of 联户长 points: as reckoned now, or as settled.
public struct SubsidySheet: Sendable, Equatable {
    public var community: String
    public var month: String
    public var lines: [SubsidySheetLine]
    /// The settlement, once the month is settled (its amounts are the ones shown).
    public var settlement: SubsidySettlement?
    public var totalPoints: Int { lines.reduce(0) { $0 + $1.points } }
    public var totalYuan: Int { lines.reduce(0) { $0 + $1.yuan } }
}

/// A team's tasks over a period.
public struct TeamTaskLine: Sendable, Equatable {
    public var team: VolunteerTeam
    /// Issued in the period.
    public var issued: Int
    /// Of those, reported done / not done by the period's end.
    public var done: Int
    public var notDone: Int
    /// Tasks of the team (whenever issued) overdue at the period's end.
    public var overdue: Int
}

/// Tips from one source over a period.
public struct TipSourceLine: Sendable, Equatable {
    public var source: TipSource
    public var received: Int
    /// Of those, turned into a case by the period's end.
    public var turned: Int
}

extension OfficeState {
    /// The month's sheet for a community: every 联户长 with a point in it (by badge), or the settled lines.
    public func subsidySheet(community: String, month: String) -> SubsidySheet {
        let awards = self.community.allAwards.filter { !$0.voided && $0.community == community && $0.month == month }
        let items = policy.community.items(for: community)
        var byLeader: [String: SubsidySheetLine] = [:]
        for award in awards {
            var line = byLeader[award.leader] ?? SubsidySheetLine(leader: award.leader, points: 0, byCategory: [:], awards: 0, yuan: 0)
            line.points += award.points
            line.awards += 1
            let category = items.first { $0.code == award.item }?.category ?? .basic
            line.byCategory[category, default: 0] += award.points
            byLeader[award.leader] = line
        }
        let settlement = self.community.settlement(community: community, month: month)
        var lines = byLeader.values.map { line -> SubsidySheetLine in
            var line = line
            line.yuan = policy.community.subsidy(points: line.points)
            return line
        }
        if let settlement {
            // As paid: the settled amounts (and leaders settled with nothing awarded since voided stay listed).
            lines = settlement.lines.map { paid in
                var line = byLeader[paid.leader] ?? SubsidySheetLine(leader: paid.leader, points: paid.points, byCategory: [:],
                                                                     awards: 0, yuan: paid.yuan)
                line.points = paid.points
                line.yuan = paid.yuan
                return line
            }
        }
        lines.sort { $0.leader < $1.leader }
        return SubsidySheet(community: community, month: month, lines: lines, settlement: settlement)
    }

    /// Tasks not reported back and past their last day at `now`, oldest due first.
    public func overdueTasks(now: Date) -> [TeamTask] {
        community.tasks.filter { $0.isOverdue(at: now) }.sorted { ($0.due, $0.id) < ($1.due, $1.id) }
    }

    /// Tasks by team over `[from, to)`: issued, done, not done; overdue at `to`.
    public func tasksByTeam(from: Date, to: Date) -> [TeamTaskLine] {
        community.teams.map { team in
            let tasks = community.tasks.filter { $0.team == team.id }
            let issued = tasks.filter { $0.issuedAt >= from && $0.issuedAt < to }
            let closed = issued.compactMap(\.closure).filter { $0.at < to }
            return TeamTaskLine(team: team, issued: issued.count, done: closed.filter(\.done).count,
                                notDone: closed.filter { !$0.done }.count,
                                overdue: tasks.filter { $0.isOverdue(at: to) }.count)
        }
    }

    /// Tips received in `[from, to)`, by source (every source listed), with how many became a case by `to`.
    public func tipsBySource(from: Date, to: Date) -> [TipSourceLine] {
        let tips = tips(from: from, to: to)
        return TipSource.allCases.map { source in
            let mine = tips.filter { $0.source == source }
            return TipSourceLine(source: source, received: mine.count,
                                 turned: mine.filter { $0.liveLinks.contains { $0.at < to } }.count)
        }
    }

    /// Tips received in `[from, to)`, in order.
    public func tips(from: Date, to: Date) -> [Tip] {
        community.tips.filter { $0.at >= from && $0.at < to }
    }

    /// The tips a record was turned from (the other way of `TipLinked`): a hazard's, a dispute's,
    /// an incident's or a key person's short id.
    public func tips(for record: String) -> [Tip] {
        community.tips.filter { tip in tip.liveLinks.contains { $0.record == record } }
    }

    /// The name of a tip's giver: the roster's name for a badge, else the name as given.
    public func tipGiver(_ tip: Tip) -> String {
        tip.source.rosterRole == nil ? tip.from : officerLabel(tip.from)
    }
}
