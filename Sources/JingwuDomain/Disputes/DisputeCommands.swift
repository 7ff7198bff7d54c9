import Foundation
import JingwuJournal

// MARK: Disputes

/// `dispute open`: take in a dispute; its id carries the year of opening.
public struct OpenDispute: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var category: DisputeCategory
    public var parties: [String]
    public var source: DisputeSource
    public var cell: String
    public var summary: String
    public var risk: DisputeRisk
    public init(category: DisputeCategory, parties: [String], source: DisputeSource = .walkIn, cell: String,
                summary: String, risk: DisputeRisk = .normal) {
        self.category = category; self.parties = parties; self.source = source; self.cell = cell
        self.summary = summary; self.risk = risk
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let parties = try Validate.list(parties, field: "parties", required: true)
        let cell = try Validate.cell(cell, field: "cell", state)
        let summary = try CleanText.required(summary, field: "summary", max: TextLimit.long)
        let year = OfficeTime.year(context.when)
        let id = "D\(year)-" + ShortID.make("", (state.disputes.countByYear[year] ?? 0) + 1)
        return Decision([DisputeOpened(dispute: id, category: category, parties: parties, source: source,
                                       cell: cell.code, summary: summary, risk: risk)], entityID: id)
    }
}

/// `dispute mediate`: a mediation session on a dispute not yet concluded.
public struct HoldMediation: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var dispute: String
    public var kind: MediationKind
    public var mediators: [String]
    public var notes: String
    public var result: MediationResult?
    public init(dispute: String, kind: MediationKind, mediators: [String], notes: String, result: MediationResult? = nil) {
        self.dispute = dispute; self.kind = kind; self.mediators = mediators; self.notes = notes; self.result = result
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let dispute = try Validate.open(dispute, field: "dispute", state.disputes.dispute)
        let mediators = try Validate.list(mediators, field: "mediators", required: true)
        let notes = try CleanText.required(notes, field: "notes", max: TextLimit.long)
        try Validate.notBefore(dispute.openedAt, context, what: dispute.id)
        return Decision([MediationHeld(dispute: dispute.id, kind: kind, mediators: mediators, notes: notes,
                                       result: result)], entityID: dispute.id)
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
