import Foundation

// The anti-fraud report's figures (反诈统计, issue 17): warnings by level, dissuasions by
// outcome and by who made them, the warnings still needing action at the period's end, and
// 环比 / 同比 against the period before and the same dates a year earlier.

/// The counts a period is compared on (README "Figures").
public struct FraudCounts: Sendable, Equatable {
    /// Live warnings received in the period.
    public var received = 0
    /// Live dissuasion attempts made in the period, whatever their outcome.
    public var dissuasions = 0
    /// Of those attempts, 劝阻成功.
    public var dissuaded = 0
    /// Of those attempts, 已受骗 (reached, but the person had already been defrauded).
    public var defrauded = 0

    public init(received: Int = 0, dissuasions: Int = 0, dissuaded: Int = 0, defrauded: Int = 0) {
        self.received = received; self.dissuasions = dissuasions; self.dissuaded = dissuaded; self.defrauded = defrauded
    }
}

/// One risk level's line: warnings received in the period and where those stood at its end.
public struct FraudLevelLine: Sendable, Equatable {
    public var level: FraudLevel
    public var received: Int
    /// Of those received, 劝阻成功 by the period's end.
    public var dissuadedByEnd: Int
    /// Of those received, still needing action at the period's end.
    public var pendingAtEnd: Int
}

/// Dissuasions in the period by the person who made them.
public struct FraudOfficerLine: Sendable, Equatable {
    public var badge: String
    public var attempts: Int
    public var dissuaded: Int
    public var unreachable: Int
    public var defrauded: Int
}

/// A comparison base: its window and its counts; nil counts when the office's records do not
/// reach back to its start (a comparison with days nobody recorded would be invented).
public struct FraudComparison: Sendable, Equatable {
    public var from: Date
    public var to: Date
    public var counts: FraudCounts?
}

/// 反诈统计 for `[from, to)`.
public struct FraudReport: Sendable {
    public var from: Date
    public var to: Date
    public var counts: FraudCounts
    /// Every level, high first.
    public var byLevel: [FraudLevelLine]
    /// Attempts in the period per outcome (every outcome listed).
    public var byOutcome: [(outcome: DissuasionOutcome, count: Int)]
    /// Per person, most attempts first (then badge).
    public var byOfficer: [FraudOfficerLine]
    /// Warnings received by `to` that needed action then, whenever received: high level first, then oldest.
    public var pending: [FraudWarning]
    /// Of the warnings received in the period, those 劝阻成功 by `to` (the completion rate's numerator).
    public var receivedDissuadedByEnd: Int
    /// 环比 base.
    public var previous: FraudComparison
    /// 同比 base, when the period has one.
    public var lastYear: FraudComparison?
    /// Where the office's records begin (its first enrolment): no comparison reaches before it.
    public var recordsBegin: Date?
}

extension OfficeState {
    /// Where the office's records begin: the first officer's enrolment (voided ones included).
    public var recordsBegin: Date? { officers.byBadge.values.map(\.enrolledAt).min() }

    /// The counts of `[from, to)`.
    public func fraudCounts(from: Date, to: Date) -> FraudCounts {
        var counts = FraudCounts(received: fraudWarnings(from: from, to: to).count)
        for warning in fraud.warnings where !warning.voided {
            for d in warning.liveDissuasions where d.at >= from && d.at < to {
                counts.dissuasions += 1
                if d.outcome == .dissuaded { counts.dissuaded += 1 }
                if d.outcome == .defrauded { counts.defrauded += 1 }
            }
        }
        return counts
    }

    /// The anti-fraud report of `window`, compared with the period before it and, when it has one,
    /// the same dates a year earlier.
    public func fraudReport(_ window: ReportWindow) -> FraudReport {
        let from = window.from, to = window.to
        let received = fraudWarnings(from: from, to: to)
        var levels: [FraudLevelLine] = FraudLevel.allCases.sorted { $0.rank < $1.rank }.map {
            FraudLevelLine(level: $0, received: 0, dissuadedByEnd: 0, pendingAtEnd: 0)
        }
        var receivedDissuaded = 0
        for warning in received {
            guard let i = levels.firstIndex(where: { $0.level == warning.level }) else { continue }
            levels[i].received += 1
            let status = warning.status(at: to)
            if status == .dissuaded { levels[i].dissuadedByEnd += 1; receivedDissuaded += 1 }
            if status.needsAction { levels[i].pendingAtEnd += 1 }
        }
        var outcomes: [DissuasionOutcome: Int] = [:]
        var people: [String: FraudOfficerLine] = [:]
        for warning in fraud.warnings where !warning.voided {
            for d in warning.liveDissuasions where d.at >= from && d.at < to {
                outcomes[d.outcome, default: 0] += 1
                var line = people[d.by] ?? FraudOfficerLine(badge: d.by, attempts: 0, dissuaded: 0, unreachable: 0, defrauded: 0)
                line.attempts += 1
                switch d.outcome {
                case .dissuaded: line.dissuaded += 1
                case .unreachable: line.unreachable += 1
                case .defrauded: line.defrauded += 1
                }
                people[d.by] = line
            }
        }
        let begin = recordsBegin
        func base(_ span: (from: Date, to: Date)) -> FraudComparison {
            let covered = begin.map { $0 <= span.from } ?? false
            return FraudComparison(from: span.from, to: span.to, counts: covered ? fraudCounts(from: span.from, to: span.to) : nil)
        }
        return FraudReport(
            from: from, to: to, counts: fraudCounts(from: from, to: to), byLevel: levels,
            byOutcome: DissuasionOutcome.allCases.map { ($0, outcomes[$0] ?? 0) },
            byOfficer: people.values.sorted { ($1.attempts, $0.badge) < ($0.attempts, $1.badge) },
            pending: fraudWarningsNeedingAction(at: to), receivedDissuadedByEnd: receivedDissuaded,
            previous: base(window.previous), lastYear: window.lastYear.map(base), recordsBegin: begin)
    }
}

extension FraudReport {
    /// Key persons the report names (pending warnings about one).
    public var namedPersons: [String] {
        var seen = Set<String>()
        return pending.compactMap(\.person).filter { seen.insert($0).inserted }
    }
}
