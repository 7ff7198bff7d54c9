import Foundation
import JingwuJournal

/// A key person's visit schedule.
public struct VisitDue: Sendable, Equatable {
    public var person: KeyPerson
    public var lastVisit: Date?
    public var intervalDays: Int
    /// Last visit (or listing) plus the interval.
    public var nextDue: Date
    /// Whole days past `nextDue` (0 when not overdue).
    public var daysOverdue: Int
    public var isOverdue: Bool { daysOverdue > 0 }
}

extension OfficeState {
    // MARK: Key persons and visits

    /// Listed persons, in listing order.
    public var listedPersons: [KeyPerson] { persons.persons.filter(\.isListed) }

    /// Persons on the list at `date` (listed before it, not delisted before it), in listing order.
    public func listedPersons(at date: Date) -> [KeyPerson] {
        persons.persons.filter { !$0.voided && $0.listedAt <= date && ($0.delistedAt.map { $0 > date } ?? true) }
    }

    /// A person's last live visit at or before `date`.
    public func lastVisit(_ person: KeyPerson, atOrBefore date: Date) -> Visit? {
        for i in person.visits.reversed() where !persons.visits[i].voided && persons.visits[i].at <= date {
            return persons.visits[i]
        }
        return nil
    }

    /// The visit interval that applies to a person.
    public func visitInterval(of person: KeyPerson) -> Int { person.intervalDays ?? policy.visitInterval(person.category) }

    /// A listed person's visit schedule at `now` (visits after `now` not counted).
    public func visitDue(_ person: KeyPerson, now: Date) -> VisitDue {
        let last = lastVisit(person, atOrBefore: now)?.at
        let interval = visitInterval(of: person)
        let next = (last ?? person.listedAt).addingTimeInterval(Double(interval) * 86400)
        let overdue = now > next ? max(1, OfficeTime.days(from: next, to: now)) : 0
        return VisitDue(person: person, lastVisit: last, intervalDays: interval, nextDue: next, daysOverdue: overdue)
    }

    /// The schedule of every person listed at `now`, soonest due first.
    public func visitSchedule(now: Date) -> [VisitDue] {
        listedPersons(at: now).map { visitDue($0, now: now) }.sorted { ($0.nextDue, $0.person.id) < ($1.nextDue, $1.person.id) }
    }

    /// Listed persons past their visit date, most overdue first.
    public func overdueVisits(now: Date) -> [VisitDue] { visitSchedule(now: now).filter(\.isOverdue) }

    /// Live visits in `[from, to)`, oldest first.
    public func visits(from: Date, to: Date) -> [Visit] {
        persons.visits.filter { !$0.voided && $0.at >= from && $0.at < to && persons.person($0.person) != nil }
            .sorted { $0.at < $1.at }
    }
}
