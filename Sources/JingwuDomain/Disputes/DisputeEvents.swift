import Foundation
import JingwuJournal

// MARK: Disputes (矛盾纠纷)

/// A dispute is taken in (一事一档: one file per case).
public struct DisputeOpened: EventPayload {
    public static let type = "DisputeOpened"
    /// Version 2 (issue 20) adds the optional `personsCount`, `flags`, `deadline` and `responsible`;
    /// a version 1 line has none of them and reads as before.
    public static let version = 2
    /// Short id, `D2026-0003` (year of opening).
    public var dispute: String
    public var category: DisputeCategory
    public var parties: [String]
    public var source: DisputeSource
    public var cell: String
    public var summary: String
    public var risk: DisputeRisk
    /// 涉及人数 (version 2): at least the number of named parties.
    public var personsCount: Int?
    /// Escalations it risks (version 2): 群体性上访, 群体性械斗, 民转刑.
    public var flags: [DisputeRiskFlag]?
    /// 化解时限 (version 2), RFC 3339.
    public var deadline: String?
    /// 责任人 (version 2): badge of the officer answering for it.
    public var responsible: String?
    public init(dispute: String, category: DisputeCategory, parties: [String], source: DisputeSource, cell: String,
                summary: String, risk: DisputeRisk = .normal, personsCount: Int? = nil, flags: [DisputeRiskFlag]? = nil,
                deadline: String? = nil, responsible: String? = nil) {
        self.dispute = dispute; self.category = category; self.parties = parties; self.source = source
        self.cell = cell; self.summary = summary; self.risk = risk
        self.personsCount = personsCount; self.flags = flags; self.deadline = deadline; self.responsible = responsible
    }
    public var asEvent: DomainEvent { .disputeOpened(self) }
}

/// A mediation session was held.
public struct MediationHeld: EventPayload {
    public static let type = "MediationHeld"
    /// Version 2 (issue 20) adds the optional `officers`: mediators chosen from the roster.
    public static let version = 2
    public var dispute: String
    public var kind: MediationKind
    /// Mediators named as free text (may be empty when `officers` names them all).
    public var mediators: [String]
    public var notes: String
    public var result: MediationResult?
    /// Mediators chosen from the roster, by badge (version 2).
    public var officers: [String]?
    public init(dispute: String, kind: MediationKind, mediators: [String], notes: String,
                result: MediationResult? = nil, officers: [String]? = nil) {
        self.dispute = dispute; self.kind = kind; self.mediators = mediators; self.notes = notes; self.result = result
        self.officers = officers
    }
    public var asEvent: DomainEvent { .mediationHeld(self) }
}

/// A dispute was settled (调处成功) with an agreement.
public struct DisputeResolved: EventPayload {
    public static let type = "DisputeResolved"
    public static let version = 1
    public var dispute: String
    public var agreement: String
    public init(dispute: String, agreement: String) { self.dispute = dispute; self.agreement = agreement }
    public var asEvent: DomainEvent { .disputeResolved(self) }
}

/// A dispute was handed to another body.
public struct DisputeReferred: EventPayload {
    public static let type = "DisputeReferred"
    public static let version = 1
    public var dispute: String
    public var to: ReferralTarget
    public var notes: String
    public init(dispute: String, to: ReferralTarget, notes: String) {
        self.dispute = dispute; self.to = to; self.notes = notes
    }
    public var asEvent: DomainEvent { .disputeReferred(self) }
}

/// A dispute was closed without settlement.
public struct DisputeClosed: EventPayload {
    public static let type = "DisputeClosed"
    public static let version = 1
    public var dispute: String
    public var reason: String
    public init(dispute: String, reason: String) { self.dispute = dispute; self.reason = reason }
    public var asEvent: DomainEvent { .disputeClosed(self) }
}

/// A follow-up call or visit (回访) after a dispute was concluded.
public struct DisputeFollowedUp: EventPayload {
    public static let type = "DisputeFollowedUp"
    public static let version = 1
    public var dispute: String
    public var note: String
    public init(dispute: String, note: String) { self.dispute = dispute; self.note = note }
    public var asEvent: DomainEvent { .disputeFollowedUp(self) }
}

// MARK: Corrections: what may be amended, what voiding undoes (AmendableField.swift)


extension DisputeOpened {
    public static let voiding = Voiding { s, t in
        if case .dispute(let id) = t { s.disputes.update(id) { $0.voided = true } }
    }
    public static let amendable: [AmendableField] = [
        .code("category", DisputeCategory.self) { s, t, v in
            if case .dispute(let id) = t { s.disputes.update(id) { $0.category = v } }
        },
        .code("source", DisputeSource.self) { s, t, v in if case .dispute(let id) = t { s.disputes.update(id) { $0.source = v } } },
        .code("risk", DisputeRisk.self) { s, t, v in if case .dispute(let id) = t { s.disputes.update(id) { $0.risk = v } } },
        .cell { s, t, v in if case .dispute(let id) = t { s.disputes.update(id) { $0.cell = v } } },
        .text("summary") { s, t, v in if case .dispute(let id) = t { s.disputes.update(id) { $0.summary = v } } },
        .list("parties") { s, t, v in if case .dispute(let id) = t { s.disputes.update(id) { $0.parties = v } } },
        .int("persons-count", 1...100_000) { s, t, v in
            if case .dispute(let id) = t { s.disputes.update(id) { $0.personsCount = v } }
        },
        AmendableField("deadline", normalise: { value, _, _ in
            guard let date = RFC3339.parse(CleanText.strip(value)) else { throw DomainError(.invalid, field: "deadline", value: value) }
            return RFC3339.format(date)
        }, apply: { s, t, v in if case .dispute(let id) = t { s.disputes.update(id) { $0.deadline = RFC3339.parse(v) } } }),
        AmendableField("responsible", normalise: { value, state, _ in
            try Validate.officer(value, field: "responsible", state).badge
        }, apply: { s, t, v in if case .dispute(let id) = t { s.disputes.update(id) { $0.responsible = v } } }),
    ]
}

extension MediationHeld {
    public static let voiding = Voiding { s, t in
        guard case .mediation(let id, let position) = t else { return }
        s.disputes.update(id, \.mediations, at: position) { $0.voided = true }
    }
    /// Changes the mediation at `target`, if it is one and there.
    private static func mediation(_ s: inout OfficeState, _ t: EventTarget, _ change: (inout Mediation) -> Void) {
        guard case .mediation(let id, let position) = t else { return }
        s.disputes.update(id, \.mediations, at: position, change)
    }

    public static let amendable: [AmendableField] = [
        .code("kind", MediationKind.self) { s, t, v in mediation(&s, t) { $0.kind = v } },
        .text("notes") { s, t, v in mediation(&s, t) { $0.notes = v } },
        // A result it cannot read clears the result.
        AmendableField("result", normalise: { value, _, _ in try MediationResult.parse(value, field: "result").code },
                       apply: { s, t, v in mediation(&s, t) { $0.result = MediationResult(rawValue: v) } }),
        .list("mediators") { s, t, v in mediation(&s, t) { $0.mediators = v } },
    ]
}

/// Voiding a conclusion (resolved, referred, closed) reopens the dispute.
private let conclusionVoiding = Voiding { s, t in if case .conclusion(let id) = t { s.disputes.update(id) { $0.conclusion = nil } } }

extension DisputeResolved {
    public static let voiding = conclusionVoiding
    public static let amendable: [AmendableField] = [
        .text("agreement") { s, t, v in if case .conclusion(let id) = t { s.disputes.update(id) { $0.conclusion?.text = v } } },
    ]
}

extension DisputeReferred {
    public static let voiding = conclusionVoiding
    public static let amendable: [AmendableField] = [
        .code("to", ReferralTarget.self) { s, t, v in
            if case .conclusion(let id) = t { s.disputes.update(id) { $0.conclusion?.referredTo = v } }
        },
        .text("notes") { s, t, v in if case .conclusion(let id) = t { s.disputes.update(id) { $0.conclusion?.text = v } } },
    ]
}

extension DisputeClosed {
    public static let voiding = conclusionVoiding
    public static let amendable: [AmendableField] = [
        .text("reason") { s, t, v in if case .conclusion(let id) = t { s.disputes.update(id) { $0.conclusion?.text = v } } },
    ]
}

extension DisputeFollowedUp {
    public static let voiding = Voiding { s, t in
        guard case .followUp(let id, let position) = t else { return }
        s.disputes.update(id, \.followUps, at: position) { $0.voided = true }
    }
    public static let amendable: [AmendableField] = [
        .text("note") { s, t, v in
            guard case .followUp(let id, let position) = t else { return }
            s.disputes.update(id, \.followUps, at: position) { $0.note = v }
        },
    ]
}
