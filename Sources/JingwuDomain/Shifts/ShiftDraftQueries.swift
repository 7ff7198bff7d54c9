import Foundation

// What the handover draft lists besides the figures (issue 17): the disputes concluded in the
// shift and the follow-ups (回访) done in it, each dated in the window [from, to).

/// A follow-up (回访) recorded on a concluded dispute.
public struct FollowUpDone: Sendable, Equatable {
    public var dispute: Dispute
    public var followUp: FollowUp
}

extension OfficeState {
    /// Live disputes whose conclusion (调处成功, referral, 终止调解) is dated in `[from, to)`, in that order.
    public func disputesConcluded(from: Date, to: Date) -> [Dispute] {
        disputes.disputes.filter { dispute in
            guard !dispute.voided, let conclusion = dispute.conclusion else { return false }
            return conclusion.at >= from && conclusion.at < to
        }.sorted { ($0.conclusion!.at, $0.id) < ($1.conclusion!.at, $1.id) }
    }

    /// Live follow-ups of live disputes dated in `[from, to)`, oldest first.
    public func followUpsDone(from: Date, to: Date) -> [FollowUpDone] {
        var out: [FollowUpDone] = []
        for dispute in disputes.disputes where !dispute.voided {
            for followUp in dispute.liveFollowUps where followUp.at >= from && followUp.at < to {
                out.append(FollowUpDone(dispute: dispute, followUp: followUp))
            }
        }
        return out.sorted { ($0.followUp.at, $0.dispute.id) < ($1.followUp.at, $1.dispute.id) }
    }

    /// The shift on duty at `date`: the newest live shift opened at or before it and not handed over
    /// before it (an entry written in the minute of the handover is the outgoing shift's).
    public func shift(at date: Date) -> Shift? {
        shifts.shifts.last { shift in
            !shift.voided && shift.openedAt <= date && (shift.endedAt.map { date <= $0 } ?? true)
        }
    }
}
