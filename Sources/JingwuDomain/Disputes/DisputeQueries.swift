import Foundation
import JingwuJournal

/// A dispute that should be followed up (回访).
public struct FollowUpDue: Sendable, Equatable {
    public var dispute: Dispute
    public var due: Date
    public var isOverdue: Bool
}

/// Counts of one dispute category.
public struct CategoryCount: Sendable, Equatable {
    public var handled = 0
    public var resolved = 0
}

/// Disputes by age (0–7, 8–30, 31–90, >90 days).
public struct AgeBucket: Sendable, Equatable {
    /// Inclusive bounds in days; `upper` nil for the last bucket.
    public var lower: Int
    public var upper: Int?
    public var count: Int
    /// `0–7`, `8–30`, `31–90`, `>90`.
    public var label: String { upper.map { "\(lower)–\($0)" } ?? ">\(lower - 1)" }
}

/// Dispute figures for a period: DOMAIN.md §5.3's rate is resolved ÷ handled, both shown.
public struct DisputeStatistics: Sendable, Equatable {
    public var from: Date
    public var to: Date
    /// Disputes on the books in the period (排查调处): carried over open from before it, or opened in it.
    public var handled: Int
    /// Of those, settled in the period (调处成功).
    public var resolved: Int
    /// `handled` by status at the period's end.
    public var byStatus: [DisputeStatus: Int]
    public var byCategory: [DisputeCategory: CategoryCount]
    /// Disputes open or mediating at the period's end, by age then.
    public var pendingByAge: [AgeBucket]
    /// Mean days from opening to settlement, over the resolved ones.
    public var averageDaysToResolve: Double?
    /// Of `handled`, those flagged 民转刑 risk.
    public var escalationRisk: Int
    /// Of `handled`, those opened in the period (the rest were carried over from before it).
    public var opened: Int = 0
    /// resolved ÷ handled (nil when none handled).
    public var resolutionRate: Double? { handled == 0 ? nil : Double(resolved) / Double(handled) }
}

extension OfficeState {
    // MARK: Disputes

    /// Live disputes, optionally of one status, oldest first.
    public func disputeList(status: DisputeStatus? = nil) -> [Dispute] {
        disputes.disputes.filter { !$0.voided && (status == nil || $0.status == status) }
    }

    /// Days a dispute has been open at `now` (to its conclusion, if concluded before `now`).
    public func ageInDays(_ dispute: Dispute, now: Date) -> Int {
        let end = dispute.conclusion.map { $0.at < now ? $0.at : now } ?? now
        return max(0, OfficeTime.days(from: dispute.openedAt, to: end))
    }

    /// Live disputes open or mediating at `date` (opened by then, not concluded by then), oldest first.
    public func disputesOpen(at date: Date) -> [Dispute] {
        disputes.disputes.filter { $0.isOpen(at: date) }.sorted { ($0.openedAt, $0.id) < ($1.openedAt, $1.id) }
    }

    /// The disputes on the books during the period: opened by `to` and not concluded before `from`
    /// (those carried over from before the period and those opened in it), oldest first.
    public func disputesHandled(from: Date, to: Date) -> [Dispute] {
        disputes.disputes.filter { d in
            !d.voided && d.openedAt <= to && !(d.conclusion.map { $0.at < from } ?? false)
        }.sorted { ($0.openedAt, $0.id) < ($1.openedAt, $1.id) }
    }

    /// Dispute figures for `[from, to)` (README "Figures"): every dispute on the books in the
    /// period (carried over or opened in it), by its status at `to`; settled = settled in the
    /// period; the open ones by age at `to` (or at `now`, when the period ends later than that).
    public func disputeStatistics(from: Date, to: Date, now: Date) -> DisputeStatistics {
        let handled = disputesHandled(from: from, to: to)
        var byStatus = Dictionary(uniqueKeysWithValues: DisputeStatus.allCases.map { ($0, 0) })
        var byCategory: [DisputeCategory: CategoryCount] = [:]
        var resolveDays: [Double] = []
        for dispute in handled {
            let status = dispute.status(at: to)
            byStatus[status, default: 0] += 1
            byCategory[dispute.category, default: CategoryCount()].handled += 1
            if status == .resolved, let conclusion = dispute.conclusion {
                byCategory[dispute.category, default: CategoryCount()].resolved += 1
                resolveDays.append(conclusion.at.timeIntervalSince(dispute.openedAt) / 86400)
            }
        }
        let bounds = policy.ageBuckets
        var buckets: [AgeBucket] = []
        var lower = 0
        for upper in bounds { buckets.append(AgeBucket(lower: lower, upper: upper, count: 0)); lower = upper + 1 }
        buckets.append(AgeBucket(lower: lower, upper: nil, count: 0))
        for dispute in handled where !dispute.status(at: to).isConcluded {
            let age = ageInDays(dispute, now: min(to, now))
            if let i = buckets.firstIndex(where: { age >= $0.lower && ($0.upper.map { age <= $0 } ?? true) }) { buckets[i].count += 1 }
        }
        return DisputeStatistics(
            from: from, to: to, handled: handled.count, resolved: byStatus[.resolved] ?? 0, byStatus: byStatus,
            byCategory: byCategory, pendingByAge: buckets,
            averageDaysToResolve: resolveDays.isEmpty ? nil : resolveDays.reduce(0, +) / Double(resolveDays.count),
            escalationRisk: handled.filter { $0.risk == .escalation }.count,
            opened: handled.filter { $0.openedAt >= from }.count)
    }

    /// Disputes settled by `now` with no follow-up between their settlement and `now` (both at or
    /// before `now`: nothing later counts); due `followUpDays` after the settlement.
    public func followUpsDue(now: Date) -> [FollowUpDue] {
        disputes.disputes.compactMap { dispute -> FollowUpDue? in
            guard !dispute.voided, let conclusion = dispute.conclusion, conclusion.kind == .resolved, conclusion.at <= now,
                  !dispute.liveFollowUps.contains(where: { $0.at >= conclusion.at && $0.at <= now })
            else { return nil }
            let due = conclusion.at.addingTimeInterval(Double(policy.followUpDays) * 86400)
            return FollowUpDue(dispute: dispute, due: due, isOverdue: now > due)
        }.sorted { $0.due < $1.due }
    }
}

// MARK: State as at a moment (README "Figures": what stood at the end of a period, events dated
// at or before it; what happened in a period is what is dated in [from, to))

extension Dispute {
    /// The status at `date`: concluded by a conclusion at or before it, mediating after a mediation at or before it.
    public func status(at date: Date) -> DisputeStatus {
        if let conclusion, conclusion.at <= date { return status }
        return liveMediations.contains { $0.at <= date } ? .mediating : .open
    }
    /// Live, opened at or before `date` and not concluded by then.
    public func isOpen(at date: Date) -> Bool {
        !voided && openedAt <= date && !(conclusion.map { $0.at <= date } ?? false)
    }
}

// MARK: 化解时限, 责任人, risk flags (issue 20)

/// A dispute past its 化解时限 and not concluded.
public struct DisputeOverdue: Sendable, Equatable {
    public var dispute: Dispute
    public var deadline: Date
    /// Whole days past the deadline at `now`.
    public var daysOver: Int
}

extension Dispute {
    /// The escalations it risks: the flags written, plus 民转刑 for the old `risk: escalation`.
    public var riskFlags: [DisputeRiskFlag] {
        DisputeRiskFlag.allCases.filter { flags.contains($0) || ($0 == .civilToCriminal && risk == .escalation) }
    }

    /// The 化解时限 that applies: the one written, else `resolutionDays` after opening (a case opened
    /// before version 2 of DisputeOpened).
    public func deadline(_ policy: Policy) -> Date {
        deadline ?? openedAt.addingTimeInterval(Double(policy.resolutionDays) * 86400)
    }

    /// Not concluded by `now` and past its 化解时限.
    public func isOverdue(_ policy: Policy, now: Date) -> Bool {
        !voided && !(conclusion.map { $0.at <= now } ?? false) && openedAt <= now && now > deadline(policy)
    }
}

extension OfficeState {
    /// Live disputes past their 化解时限 at `now` and not concluded, most overdue first.
    public func disputesOverdue(now: Date) -> [DisputeOverdue] {
        disputes.disputes.filter { $0.isOverdue(policy, now: now) }.map {
            let deadline = $0.deadline(policy)
            return DisputeOverdue(dispute: $0, deadline: deadline, daysOver: max(0, OfficeTime.days(from: deadline, to: now)))
        }.sorted { ($0.deadline, $0.dispute.id) < ($1.deadline, $1.dispute.id) }
    }

    /// Of the disputes handled in `[from, to)`, how many carry each risk flag, and the people they involve
    /// (涉及人数, the named parties where no count was given): seed 003/1 counts 「7件13人」.
    public func disputeRiskCounts(from: Date, to: Date) -> [(flag: DisputeRiskFlag, cases: Int, persons: Int)] {
        let handled = disputesHandled(from: from, to: to)
        return DisputeRiskFlag.allCases.map { flag in
            let flagged = handled.filter { $0.riskFlags.contains(flag) }
            return (flag, flagged.count, flagged.reduce(0) { $0 + ($1.personsCount ?? $1.parties.count) })
        }
    }
}
