import Foundation
import JingwuJournal

/// `reception record`: a reception day (接访日) as held, on its weekday (`policy/casework.json`).
public struct HoldReceptionDay: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var host: ReceptionHost
    /// The officer (badge or name on the roster; the operator when empty) or the secretary's name.
    public var hostName: String?
    public var visitors: Int
    public var consultations: Int
    public var disputes: [String]
    public var note: String?
    public init(host: ReceptionHost, hostName: String? = nil, visitors: Int, consultations: Int = 0, disputes: [String] = [],
                note: String? = nil) {
        self.host = host; self.hostName = hostName; self.visitors = visitors; self.consultations = consultations
        self.disputes = disputes; self.note = note
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let expected = state.policy.receptionWeekdays[host.code] ?? (host == .officer ? 2 : 4)
        let weekday = OfficeWeek.weekday(context.when)
        guard weekday == expected else {
            throw DomainError(.notReceptionDay, field: "at", value: OfficeTime.readable(context.when),
                              ["weekdayKey": "domain.weekday.\(weekday)", "expectedKey": "domain.weekday.\(expected)",
                               "hostKey": host.nameKey])
        }
        let name: String
        switch host {
        case .officer:
            let given = CleanText.strip(hostName ?? "")
            name = try Validate.officer(given.isEmpty ? (context.operatorBadge ?? "") : given, field: "host-name", state).badge
        case .secretary:
            name = try CleanText.required(hostName, field: "host-name", max: TextLimit.name)
        }
        let visitors = try Validate.int(visitors, field: "visitors", range: 0...10_000)
        let consultations = try Validate.int(consultations, field: "consultations", range: 0...visitors)
        var seen = Set<String>()
        let disputes = try disputes.map { try Validate.record($0, field: "disputes", state.disputes.dispute).id }
            .filter { seen.insert($0).inserted }
        _ = try Validate.int(disputes.count, field: "disputes", range: 0...visitors)
        let note = try CleanText.optional(note, field: "note", max: TextLimit.long)
        let day = OfficeTime.dayNumber(context.when)
        // One register a host a day (a station's journal may hold several offices' hosts).
        if state.casework.receptionDays.contains(where: {
            !$0.voided && $0.host == host && $0.hostName == name && OfficeTime.dayNumber($0.at) == day
        }) {
            throw DomainError(.duplicate, field: "host", value: "\(host.chineseName) \(OfficeWeek.label(day))")
        }
        return Decision([ReceptionDayHeld(host: host, hostName: name, visitors: visitors, consultations: consultations,
                                          disputes: disputes.isEmpty ? nil : disputes, note: note)],
                        entityID: OfficeWeek.label(day))
    }
}

/// `notice issue`: a rectification notice (整改通知书) for a hazard still open, with a deadline after it.
public struct IssueRectificationNotice: OfficeCommand {
    public static let leastRole: LeastRole = .police(action: "issue-notice", field: "hazard")
    public var hazard: String
    public var partyKind: NoticeParty
    public var party: String
    public var items: String
    public var deadline: Date
    public init(hazard: String, partyKind: NoticeParty, party: String, items: String, deadline: Date) {
        self.hazard = hazard; self.partyKind = partyKind; self.party = party; self.items = items; self.deadline = deadline
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let found = try Validate.record(hazard, field: "hazard", state.hazard)
        if let clearance = found.clearance {
            throw DomainError(.closed, field: "hazard", value: found.id,
                              ["status": "cleared", "since": OfficeTime.readable(clearance.at) + " " + clearance.by])
        }
        if let open = state.casework.notices.first(where: { !$0.voided && $0.hazard == found.id && $0.completion == nil }) {
            throw DomainError(.duplicate, field: "hazard", value: "\(found.id) → \(open.id)")
        }
        let party = try CleanText.required(party, field: "party", max: TextLimit.name)
        let items = try CleanText.required(items, field: "items", max: TextLimit.long)
        guard deadline > context.when else {
            let (due, issued) = OfficeTime.readable(deadline, context.when)
            throw DomainError(.deadlineNotAfter, field: "deadline", value: due,
                              ["start": issued, "labelKey": "domain.field.notice-deadline"])
        }
        try Validate.notBefore(found.at, context, what: found.id)
        let id = "R" + ShortID.make("", state.casework.notices.count + 1)
        return Decision([RectificationNoticeIssued(notice: id, hazard: found.id, partyKind: partyKind, party: party, items: items,
                                                   deadline: RFC3339.format(deadline))], entityID: id)
    }
}

/// `notice complete`: what the notice asked for was done, as checked (复查).
public struct CompleteRectification: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var notice: String
    public var by: String?
    public var note: String
    public init(notice: String, by: String? = nil, note: String) { self.notice = notice; self.by = by; self.note = note }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let found = try Validate.open(notice, field: "notice", state.casework.notice)
        let given = CleanText.strip(by ?? "")
        let officer = try Validate.officer(given.isEmpty ? (context.operatorBadge ?? "") : given, field: "by", state).badge
        let note = try CleanText.required(note, field: "note", max: TextLimit.long)
        try Validate.notBefore(found.issuedAt, context, what: found.id)
        return Decision([RectificationCompleted(notice: found.id, by: officer, note: note)], entityID: found.id)
    }
}
