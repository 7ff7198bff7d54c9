import Foundation
import JingwuJournal

/// One reception day (接访日) as held.
public struct ReceptionDay: Sendable, Equatable {
    public var host: ReceptionHost
    public var hostName: String
    public var visitors: Int
    public var consultations: Int
    public var disputes: [String]
    public var note: String?
    public var at: Date
    public var by: String
    public var event: UUID
    public var voided = false
}

/// How a rectification notice was completed.
public struct NoticeCompletion: Sendable, Equatable {
    public var by: String
    public var note: String
    public var at: Date
    public var event: UUID
}

/// A rectification notice (整改通知书).
public struct RectificationNotice: Sendable, Equatable, KeyedItem, ClosableRecord {
    public var id: String
    public var hazard: String
    public var partyKind: NoticeParty
    public var party: String
    public var items: String
    public var deadline: Date
    public var issuedAt: Date
    public var by: String
    public var event: UUID
    public var voided = false
    public var completion: NoticeCompletion?

    var closedStatus: String? { completion == nil ? nil : "completed" }
    /// Not completed by `now` and past its deadline.
    public func isPastDue(now: Date) -> Bool {
        !voided && issuedAt <= now && now > deadline && !(completion.map { $0.at <= now } ?? false)
    }
    /// Issued by `date` and not completed by then.
    public func isOpen(at date: Date) -> Bool {
        !voided && issuedAt <= date && !(completion.map { $0.at <= date } ?? false)
    }
}

/// Reception days and rectification notices.
public struct CaseworkBook: Sendable, Equatable, KeyedBook {
    public internal(set) var receptionDays: [ReceptionDay] = []
    var list = KeyedList<RectificationNotice>()
    /// Every notice ever issued, voided ones included, in order of issue.
    public var notices: [RectificationNotice] { list.items }
    public func notice(_ id: String) -> RectificationNotice? { list.live(id) }
}

// MARK: Fold

extension OfficeState {
    mutating func fold(_ e: ReceptionDayHeld, _ envelope: Envelope) {
        casework.receptionDays.append(ReceptionDay(host: e.host, hostName: e.hostName, visitors: e.visitors,
                                                   consultations: e.consultations, disputes: e.disputes ?? [], note: e.note,
                                                   at: envelope.at, by: envelope.by, event: envelope.id))
        targets[envelope.id] = .receptionDay(casework.receptionDays.count - 1)
    }

    mutating func fold(_ e: RectificationNoticeIssued, _ envelope: Envelope) {
        casework.add(RectificationNotice(id: e.notice, hazard: e.hazard, partyKind: e.partyKind, party: e.party, items: e.items,
                                         deadline: RFC3339.parse(e.deadline) ?? envelope.at, issuedAt: envelope.at,
                                         by: envelope.by, event: envelope.id))
        targets[envelope.id] = .notice(e.notice)
    }

    mutating func fold(_ e: RectificationCompleted, _ envelope: Envelope) {
        casework.update(e.notice) { $0.completion = NoticeCompletion(by: e.by, note: e.note, at: envelope.at, event: envelope.id) }
        targets[envelope.id] = .noticeCompletion(e.notice)
    }
}
