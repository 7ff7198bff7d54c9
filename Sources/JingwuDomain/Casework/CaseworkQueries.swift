import Foundation
import JingwuJournal

extension OfficeState {
    /// Live reception days held in `[from, to)`, oldest first.
    public func receptionDays(from: Date, to: Date) -> [ReceptionDay] {
        casework.receptionDays.filter { !$0.voided && $0.at >= from && $0.at < to }.sorted { $0.at < $1.at }
    }

    /// The next reception day of `host` on or after the day of `now` (its local midnight).
    public func nextReceptionDay(_ host: ReceptionHost, now: Date) -> Date {
        let expected = policy.receptionWeekdays[host.code] ?? (host == .officer ? 2 : 4)
        let today = OfficeTime.dayNumber(now)
        let ahead = (expected - OfficeWeek.weekday(ofDay: today) + 7) % 7
        return OfficeWeek.start(ofDay: today + Int64(ahead))
    }

    /// Live rectification notices, in order of issue.
    public var liveNotices: [RectificationNotice] { casework.notices.filter { !$0.voided } }

    /// Live notices about hazard `id`, in order of issue.
    public func notices(ofHazard id: String) -> [RectificationNotice] { liveNotices.filter { $0.hazard == id } }

    /// Notices not completed by `now` and past their deadline, longest past first.
    public func noticesPastDue(now: Date) -> [RectificationNotice] {
        liveNotices.filter { $0.isPastDue(now: now) }.sorted { ($0.deadline, $0.id) < ($1.deadline, $1.id) }
    }
}
