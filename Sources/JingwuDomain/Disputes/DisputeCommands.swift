import Foundation
import JingwuJournal

// MARK: Disputes

/// `dispute open`: take in a dispute; its id carries the year of opening. With `incident`, a 纠纷
/// incident opens its case in one step: the case is linked to it (IncidentLinked), and takes its
/// cell and summary when none are given.
public struct OpenDispute: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var category: DisputeCategory
    public var parties: [String]
    public var source: DisputeSource
    public var cell: String
    public var summary: String
    public var risk: DisputeRisk
    /// 涉及人数; at least the number of parties named.
    public var personsCount: Int?
    public var flags: [DisputeRiskFlag]
    /// 化解时限; `policy.resolutionDays` after opening when nil.
    public var deadline: Date?
    /// 责任人 (a badge or a name on the roster); the operator when nil.
    public var responsible: String?
    /// The incident (警情) the case comes from.
    public var incident: String?
    public init(category: DisputeCategory, parties: [String], source: DisputeSource = .walkIn, cell: String,
                summary: String, risk: DisputeRisk = .normal, personsCount: Int? = nil, flags: [DisputeRiskFlag] = [],
                deadline: Date? = nil, responsible: String? = nil, incident: String? = nil) {
        self.category = category; self.parties = parties; self.source = source; self.cell = cell
        self.summary = summary; self.risk = risk; self.personsCount = personsCount; self.flags = flags
        self.deadline = deadline; self.responsible = responsible; self.incident = incident
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        var from: Incident?
        if let incident, !CleanText.strip(incident).isEmpty {
            let found = try Validate.record(incident, field: "incident", state.incidents.incident)
            if let linked = found.dispute, state.disputes.dispute(linked) != nil {
                throw DomainError(.duplicate, field: "incident", value: "\(found.id) → \(linked)")
            }
            try Validate.notBefore(found.at, context, what: found.id)
            from = found
        }
        let parties = try Validate.list(parties, field: "parties", required: true)
        let cell = try Validate.cell(CleanText.strip(cell).isEmpty ? (from?.cell ?? "") : cell, field: "cell", state)
        let summary = try CleanText.required(CleanText.strip(summary).isEmpty ? (from?.summary ?? "") : summary,
                                             field: "summary", max: TextLimit.long)
        if let personsCount {
            _ = try Validate.int(personsCount, field: "persons-count", range: 1...100_000)
            guard personsCount >= parties.count else {
                throw DomainError(.personsBelowParties, field: "persons-count", value: String(personsCount),
                                  ["parties": String(parties.count)])
            }
        }
        let deadline = deadline ?? context.when.addingTimeInterval(Double(state.policy.resolutionDays) * 86400)
        guard deadline > context.when else {
            let (due, opened) = OfficeTime.readable(deadline, context.when)
            throw DomainError(.deadlineNotAfter, field: "deadline", value: due, ["start": opened])
        }
        let responsibleText = CleanText.strip(responsible ?? "").isEmpty ? (context.operatorBadge ?? "") : responsible ?? ""
        let responsible = try Validate.officer(responsibleText, field: "responsible", state).badge
        let given = self.flags, givenRisk = self.risk
        let flagsWritten = DisputeRiskFlag.allCases.filter { given.contains($0) || ($0 == .civilToCriminal && givenRisk == .escalation) }
        let riskWritten: DisputeRisk = flagsWritten.contains(.civilToCriminal) ? .escalation : .normal
        let year = OfficeTime.year(context.when)
        let id = "D\(year)-" + ShortID.make("", (state.disputes.countByYear[year] ?? 0) + 1)
        var events: [any EventPayload] = [
            DisputeOpened(dispute: id, category: category, parties: parties, source: source, cell: cell.code, summary: summary,
                          risk: riskWritten, personsCount: personsCount, flags: flagsWritten.isEmpty ? nil : flagsWritten,
                          deadline: RFC3339.format(deadline), responsible: responsible),
        ]
        if let from { events.append(IncidentLinked(incident: from.id, dispute: id)) }
        return Decision(events, entityID: id)
    }
}

/// `dispute mediate`: a mediation session on a dispute not yet concluded. Mediators are named as
/// free text, or chosen from the roster by badge (`officers`): one not on the roster is refused.
public struct HoldMediation: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var dispute: String
    public var kind: MediationKind
    public var mediators: [String]
    public var notes: String
    public var result: MediationResult?
    public var officers: [String]
    public init(dispute: String, kind: MediationKind, mediators: [String], notes: String, result: MediationResult? = nil,
                officers: [String] = []) {
        self.dispute = dispute; self.kind = kind; self.mediators = mediators; self.notes = notes; self.result = result
        self.officers = officers
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let dispute = try Validate.open(dispute, field: "dispute", state.disputes.dispute)
        let officers = try Validate.officers(officers.map(CleanText.strip).filter { !$0.isEmpty }, field: "mediator-officers",
                                             state)
        let mediators = try Validate.list(mediators, field: "mediators", required: officers.isEmpty)
        let notes = try CleanText.required(notes, field: "notes", max: TextLimit.long)
        try Validate.notBefore(dispute.openedAt, context, what: dispute.id)
        return Decision([MediationHeld(dispute: dispute.id, kind: kind, mediators: mediators, notes: notes,
                                       result: result, officers: officers.isEmpty ? nil : officers)], entityID: dispute.id)
    }
}

/// `dispute resolve`: settled with an agreement (调处成功).
public struct ResolveDispute: OfficeCommand {
    public static let leastRole: LeastRole = .police(action: "resolve-dispute", field: "dispute")
    public var dispute: String
    public var agreement: String
    public init(dispute: String, agreement: String) { self.dispute = dispute; self.agreement = agreement }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        try .concluding(dispute, field: "dispute", state.disputes.dispute, since: \.openedAt,
                        text: agreement, field: "agreement", context) { DisputeResolved(dispute: $0, agreement: $1) }
    }
}

/// `dispute refer`: handed to another body.
public struct ReferDispute: OfficeCommand {
    public static let leastRole: LeastRole = .police(action: "refer-dispute", field: "dispute")
    public var dispute: String
    public var to: ReferralTarget
    public var notes: String
    public init(dispute: String, to: ReferralTarget, notes: String) { self.dispute = dispute; self.to = to; self.notes = notes }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        try .concluding(dispute, field: "dispute", state.disputes.dispute, since: \.openedAt,
                        text: notes, field: "notes", context) { DisputeReferred(dispute: $0, to: to, notes: $1) }
    }
}

/// `dispute close`: closed without settlement.
public struct CloseDispute: OfficeCommand {
    public static let leastRole: LeastRole = .police(action: "close-dispute", field: "dispute")
    public var dispute: String
    public var reason: String
    public init(dispute: String, reason: String) { self.dispute = dispute; self.reason = reason }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        try .concluding(dispute, field: "dispute", state.disputes.dispute, since: \.openedAt,
                        text: reason, field: "reason", context) { DisputeClosed(dispute: $0, reason: $1) }
    }
}

/// `dispute follow-up`: a follow-up (回访) once the dispute is concluded.
public struct FollowUpDispute: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var dispute: String
    public var note: String
    public init(dispute: String, note: String) { self.dispute = dispute; self.note = note }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let dispute = try Validate.record(dispute, field: "dispute", state.disputes.dispute)
        guard let conclusion = dispute.conclusion else {
            throw DomainError(.notConcluded, field: "dispute", value: dispute.id, ["status": dispute.status.rawValue])
        }
        let note = try CleanText.required(note, field: "note", max: TextLimit.long)
        try Validate.notBefore(conclusion.at, context, what: dispute.id)
        return Decision([DisputeFollowedUp(dispute: dispute.id, note: note)], entityID: dispute.id)
    }
}
