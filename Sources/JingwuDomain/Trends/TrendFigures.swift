import Foundation

// 趋势研判 (issue 20): 同比 and 环比 for incidents by kind, anti-fraud warnings and the frauds
// stopped, disputes and outreach; 到场时长 (接处警); patrol presence per point (a 见警率 proxy);
// the anti-fraud household sweep (「一轮全覆盖」). Every formula is written where it is
// computed, and in the README ("Figures").

/// A count in the period and on its comparison bases.
public struct TrendCount: Sendable, Equatable {
    public var now: Int
    /// 环比 base: the period before (nil when the office's records do not reach back to it).
    public var previous: Int?
    /// 同比 base: the same dates a year earlier (nil without records then, or for a shift).
    public var lastYear: Int?

    public init(now: Int, previous: Int?, lastYear: Int?) { self.now = now; self.previous = previous; self.lastYear = lastYear }

    /// (now − base) ÷ base; nil with no base or a base of 0 (a rise from nothing has no rate).
    public static func change(_ now: Int, _ base: Int?) -> Double? {
        guard let base, base > 0 else { return nil }
        return Double(now - base) / Double(base)
    }
    public var previousChange: Double? { Self.change(now, previous) }
    public var lastYearChange: Double? { Self.change(now, lastYear) }
}

/// 到场时长 over the incidents received (logged) in a period.
public struct ArrivalFigures: Sendable, Equatable {
    /// Live incidents received in the period.
    public var incidents: Int
    /// Of those, with an arrival recorded by the period's end (a later one is not counted).
    public var arrived: Int
    /// Median minutes from the call to the arrival over `arrived` (the mean of the two middle values
    /// for an even count); nil with none.
    public var medianMinutes: Double?
    /// Of `arrived`, reached within `withinMinutes` (at most that many whole minutes).
    public var within: Int
    public var withinMinutes: Int

    /// The median of whole minutes: the middle value, or the mean of the two middle ones.
    public static func median(_ minutes: [Int]) -> Double? {
        guard !minutes.isEmpty else { return nil }
        let sorted = minutes.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? Double(sorted[mid]) : Double(sorted[mid - 1] + sorted[mid]) / 2
    }
}

/// Patrol presence at one point (见警率 proxy): of the clock hours in the presence window that
/// start in the period, those with at least one check-in at the point.
public struct PresenceLine: Sendable, Equatable {
    public var cell: String
    public var hours: Int
    public var hoursWithCheckIn: Int
}

/// The anti-fraud household sweep of one community (「一轮全覆盖」): households reached by visits and
/// outreach over the households there.
public struct SweepLine: Sendable, Equatable {
    public var community: String
    /// The denominator (`OfficeState.householdCount(community:)`).
    public var households: Int
    /// Distinct key persons of the community visited in the period (one household each).
    public var visited: Int
    /// Households reached by the community's outreach sessions in the period (their sum).
    public var outreach: Int
    /// min(households, visited + outreach): the sessions' households may overlap the visits'; the
    /// sum is an upper bound, so the share is at most what was reached, and never above 100%.
    public var reached: Int { min(households, visited + outreach) }
}

/// 趋势研判 for a period.
public struct TrendsReport: Sendable {
    public var from: Date
    public var to: Date
    public var previous: (from: Date, to: Date)
    public var lastYear: (from: Date, to: Date)?
    /// Every incident kind, in the code list's order.
    public var incidentsByKind: [(kind: IncidentKind, count: TrendCount)]
    public var incidents: TrendCount
    /// 反诈预警 received; 劝阻成功 (frauds stopped: 「成功阻止电信网络诈骗案件16起」 counts cases,
    /// the journal records no sums of money); 已受骗.
    public var fraudWarnings: TrendCount
    public var fraudStopped: TrendCount
    public var fraudDefrauded: TrendCount
    /// Disputes opened; disputes settled (调处成功) in the period.
    public var disputesOpened: TrendCount
    public var disputesResolved: TrendCount
    /// 反诈宣传 sessions held, and the people they reached.
    public var outreachSessions: TrendCount
    public var outreachAttendees: TrendCount
    public var arrival: ArrivalFigures
    /// Every point, lowest presence first.
    public var presence: [PresenceLine]
    public var sweep: [SweepLine]
    public var presenceWindow: String
    public var recordsBegin: Date?
}

extension OfficeState {
    /// The households of a community: the sweep's denominator. The households registered in its
    /// buildings (实有人口, issue 19) once there are any; before that `policy/trends.json`'s figure.
    /// The one place that says where it comes from.
    public func householdCount(community: String, policy: TrendsPolicy = .current) -> Int {
        var communityOfBuilding: [String: String] = [:]
        for building in population.allBuildings {
            communityOfBuilding[building.id] = cells.cell(building.cell)?.community
        }
        let registered = population.allHouseholds.filter { communityOfBuilding[$0.building] == community }.count
        if registered > 0 { return registered }
        return policy.households[community] ?? policy.defaultHouseholds
    }

    /// 到场时长 over the live incidents received in `[from, to)`.
    public func arrivalFigures(from: Date, to: Date, withinMinutes: Int) -> ArrivalFigures {
        let list = incidents(from: from, to: to)
        let minutes = list.compactMap { n in (n.arrivedAt.map { $0 <= to } ?? false) ? n.minutesToArrive : nil }
        return ArrivalFigures(incidents: list.count, arrived: minutes.count, medianMinutes: ArrivalFigures.median(minutes),
                              within: minutes.filter { $0 <= withinMinutes }.count, withinMinutes: withinMinutes)
    }

    /// The clock hours (their starts, as whole hours since 1970) that start in `[from, to)` and lie
    /// in the presence window.
    static func presenceHours(from: Date, to: Date, policy: TrendsPolicy) -> [Int] {
        var hour = Int((from.timeIntervalSince1970 / 3600).rounded(.up))
        var out: [Int] = []
        while Double(hour) * 3600 < to.timeIntervalSince1970 {
            let minute = OfficeTime.minuteOfDay(Date(timeIntervalSince1970: Double(hour) * 3600))
            if minute >= policy.presenceStartMinute && minute < policy.presenceEndMinute { out.append(hour) }
            hour += 1
        }
        return out
    }

    /// Presence per point over `[from, to)`, lowest share first (then code).
    public func presence(from: Date, to: Date, policy: TrendsPolicy = .current) -> [PresenceLine] {
        let hours = Self.presenceHours(from: from, to: to, policy: policy)
        let eligible = Set(hours)
        let start = hours.first.map { Date(timeIntervalSince1970: Double($0) * 3600) } ?? to
        return cells.all.map { cell in
            var seen = Set<Int>()
            for checkIn in patrols.checkIns(cell: cell.code, from: start, to: to) {
                let hour = Int((checkIn.at.timeIntervalSince1970 / 3600).rounded(.down))
                if eligible.contains(hour) { seen.insert(hour) }
            }
            return PresenceLine(cell: cell.code, hours: hours.count, hoursWithCheckIn: seen.count)
        }.sorted {
            let a = $0.hours > 0 ? Double($0.hoursWithCheckIn) / Double($0.hours) : 0
            let b = $1.hours > 0 ? Double($1.hoursWithCheckIn) / Double($1.hours) : 0
            return (a, $0.cell) < (b, $1.cell)
        }
    }

    /// The household sweep per community over `[from, to)` (communities of the roster's points).
    public func sweep(from: Date, to: Date, policy: TrendsPolicy = .current) -> [SweepLine] {
        var lines: [String: SweepLine] = [:]
        for cell in cells.all where lines[cell.community] == nil {
            lines[cell.community] = SweepLine(community: cell.community,
                                              households: householdCount(community: cell.community, policy: policy),
                                              visited: 0, outreach: 0)
        }
        var visited: [String: Set<String>] = [:]
        for visit in visits(from: from, to: to) {
            guard let person = persons.person(visit.person), let community = cells.byCode[person.cell]?.community else { continue }
            visited[community, default: []].insert(person.id)
        }
        for (community, people) in visited { lines[community]?.visited = people.count }
        for session in outreachSessions(from: from, to: to) {
            guard let community = cells.byCode[session.cell]?.community else { continue }
            lines[community]?.outreach += session.households
        }
        return lines.values.sorted { $0.community < $1.community }
    }

    /// Disputes settled (调处成功) in `[from, to)`.
    func disputesResolved(from: Date, to: Date) -> Int {
        disputes.disputes.filter { d in
            !d.voided && d.status(at: to) == .resolved && (d.conclusion.map { $0.at >= from && $0.at < to } ?? false)
        }.count
    }

    /// 趋势研判 of `window`: each count in it, the period before (环比) and a year earlier (同比).
    public func trendsReport(_ window: ReportWindow, policy: TrendsPolicy = .current) -> TrendsReport {
        let begin = recordsBegin
        func covered(_ span: (from: Date, to: Date)?) -> (from: Date, to: Date)? {
            guard let span, let begin, begin <= span.from else { return nil }
            return span
        }
        let spans = [(window.from, window.to), covered(window.previous), covered(window.lastYear)]
        func count(_ f: (Date, Date) -> Int) -> TrendCount {
            let values = spans.map { $0.map { f($0.0, $0.1) } }
            return TrendCount(now: values[0] ?? 0, previous: values[1], lastYear: values[2])
        }
        let byKind = IncidentKind.allCases.map { kind in
            (kind, count { incidents(from: $0, to: $1).filter { $0.kind == kind }.count })
        }
        return TrendsReport(
            from: window.from, to: window.to, previous: window.previous, lastYear: window.lastYear,
            incidentsByKind: byKind,
            incidents: count { incidents(from: $0, to: $1).count },
            fraudWarnings: count { fraudCounts(from: $0, to: $1).received },
            fraudStopped: count { fraudCounts(from: $0, to: $1).dissuaded },
            fraudDefrauded: count { fraudCounts(from: $0, to: $1).defrauded },
            disputesOpened: count { from, to in disputes.disputes.filter { !$0.voided && $0.openedAt >= from && $0.openedAt < to }.count },
            disputesResolved: count { disputesResolved(from: $0, to: $1) },
            outreachSessions: count { outreachSessions(from: $0, to: $1).count },
            outreachAttendees: count { outreachSessions(from: $0, to: $1).reduce(0) { $0 + $1.attendees } },
            arrival: arrivalFigures(from: window.from, to: window.to, withinMinutes: policy.arrivalWithinMinutes),
            presence: presence(from: window.from, to: window.to, policy: policy),
            sweep: sweep(from: window.from, to: window.to, policy: policy),
            presenceWindow: policy.presenceWindowText, recordsBegin: begin)
    }
}
