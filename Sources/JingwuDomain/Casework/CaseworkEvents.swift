import Foundation
import JingwuJournal

// Casework (issue 20): reception days (接访日) and rectification notices (整改通知书).

/// A reception day was held (接访日): who sat, how many came, what they asked, the disputes taken in.
public struct ReceptionDayHeld: EventPayload {
    public static let type = "ReceptionDayHeld"
    public static let version = 1
    public var host: ReceptionHost
    /// The officer's badge (社区民警) or the secretary's name (书记).
    public var hostName: String
    /// 来访人数.
    public var visitors: Int
    /// 法律咨询等 consultations answered.
    public var consultations: Int
    /// Dispute cases taken in (opened from the day).
    public var disputes: [String]?
    public var note: String?
    public init(host: ReceptionHost, hostName: String, visitors: Int, consultations: Int, disputes: [String]? = nil,
                note: String? = nil) {
        self.host = host; self.hostName = hostName; self.visitors = visitors; self.consultations = consultations
        self.disputes = disputes; self.note = note
    }
    public var asEvent: DomainEvent { .receptionDayHeld(self) }
}

/// A rectification notice (整改通知书) was issued for a hazard.
public struct RectificationNoticeIssued: EventPayload {
    public static let type = "RectificationNoticeIssued"
    public static let version = 1
    /// Short id, `R0001`.
    public var notice: String
    /// The hazard it is about, `H0003`.
    public var hazard: String
    public var partyKind: NoticeParty
    /// The unit or person responsible (被通知单位/个人).
    public var party: String
    /// What is to be put right (整改事项).
    public var items: String
    /// 整改期限, RFC 3339.
    public var deadline: String
    public init(notice: String, hazard: String, partyKind: NoticeParty, party: String, items: String, deadline: String) {
        self.notice = notice; self.hazard = hazard; self.partyKind = partyKind; self.party = party; self.items = items
        self.deadline = deadline
    }
    public var asEvent: DomainEvent { .rectificationNoticeIssued(self) }
}

/// What a rectification notice asked for was done (整改完毕), checked by an officer.
public struct RectificationCompleted: EventPayload {
    public static let type = "RectificationCompleted"
    public static let version = 1
    public var notice: String
    /// Badge of who checked it (复查人).
    public var by: String
    /// 复查情况.
    public var note: String
    public init(notice: String, by: String, note: String) { self.notice = notice; self.by = by; self.note = note }
    public var asEvent: DomainEvent { .rectificationCompleted(self) }
}

// MARK: Corrections: what may be amended, what voiding undoes (AmendableField.swift)

extension ReceptionDayHeld {
    public static let voiding = Voiding { s, t in
        if case .receptionDay(let i) = t, i < s.casework.receptionDays.count { s.casework.receptionDays[i].voided = true }
    }
    private static func day(_ s: inout OfficeState, _ t: EventTarget, _ change: (inout ReceptionDay) -> Void) {
        if case .receptionDay(let i) = t, i < s.casework.receptionDays.count { change(&s.casework.receptionDays[i]) }
    }
    public static let amendable: [AmendableField] = [
        .int("visitors", 0...10_000) { s, t, v in day(&s, t) { $0.visitors = v ?? $0.visitors } },
        .int("consultations", 0...10_000) { s, t, v in day(&s, t) { $0.consultations = v ?? $0.consultations } },
        .text("note") { s, t, v in day(&s, t) { $0.note = v } },
    ]
}

extension RectificationNoticeIssued {
    public static let voiding = Voiding { s, t in
        if case .notice(let id) = t { s.casework.update(id) { $0.voided = true } }
    }
    public static let amendable: [AmendableField] = [
        .text("party", max: TextLimit.name) { s, t, v in if case .notice(let id) = t { s.casework.update(id) { $0.party = v } } },
        .text("items") { s, t, v in if case .notice(let id) = t { s.casework.update(id) { $0.items = v } } },
        AmendableField("deadline", normalise: { value, _, _ in
            guard let date = RFC3339.parse(CleanText.strip(value)) else { throw DomainError(.invalid, field: "deadline", value: value) }
            return RFC3339.format(date)
        }, apply: { s, t, v in
            if case .notice(let id) = t, let date = RFC3339.parse(v) { s.casework.update(id) { $0.deadline = date } }
        }),
    ]
}

extension RectificationCompleted {
    public static let voiding = Voiding { s, t in
        if case .noticeCompletion(let id) = t { s.casework.update(id) { $0.completion = nil } }
    }
    public static let amendable: [AmendableField] = [
        .text("note") { s, t, v in if case .noticeCompletion(let id) = t { s.casework.update(id) { $0.completion?.note = v } } },
    ]
}
