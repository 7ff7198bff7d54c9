import Foundation
import JingwuJournal

// MARK: Shifts

/// `shift open`: the person on duty (值班人员) takes the shift (only when none is open),
/// naming the police officer responsible (带班民警, on duty or on call) if they are not one.
public struct OpenShift: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var duty: String
    public var team: [String]
    public var template: String?
    /// 带班民警: must be police; optional (a shift without one shows 「本班无民警在岗」
    /// unless a police officer is on duty in it).
    public var leadPolice: String?
    public init(duty: String, team: [String] = [], template: String? = nil, leadPolice: String? = nil) {
        self.duty = duty; self.team = team; self.template = template; self.leadPolice = leadPolice
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let duty = try Validate.officer(duty, field: "duty", state).badge
        let team = try Validate.officers(team, field: "team", state).filter { $0 != duty }
        var lead: String?
        if let leadPolice, !CleanText.strip(leadPolice).isEmpty {
            lead = try Validate.police(leadPolice, field: "lead-police", state).badge
        }
        if let current = state.shifts.current {
            throw DomainError(.shiftStillOpen, field: "duty", value: current.id, ["who": state.officerLabel(current.duty)])
        }
        var templateCode: String?
        if let template {
            let code = CleanText.strip(template)
            guard state.policy.shiftTemplates.contains(where: { $0.code == code }) else {
                throw DomainError(.unknownCode, field: "template", value: code,
                                  ["allowed": state.policy.shiftTemplates.map(\.code).joined(separator: "|")])
            }
            templateCode = code
        }
        let id = ShortID.make("S", state.shifts.count + 1)
        return Decision([ShiftOpened(shift: id, duty: duty, team: team, template: templateCode, leadPolice: lead)],
                        entityID: id)
    }
}

/// `shift handover`: the duty officer hands the open shift to the next officer.
public struct HandOverShift: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var to: String
    public var notes: String
    public var carried: [String]
    public init(to: String, notes: String, carried: [String] = []) { self.to = to; self.notes = notes; self.carried = carried }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        guard let shift = state.shifts.current else { throw DomainError(.noOpenShift, field: "shift") }
        // The duty officer hands over; a police officer may do it for an auxiliary on duty.
        if let operatorBadge = context.operatorBadge, operatorBadge != shift.duty,
           state.officers.officer(operatorBadge)?.role != .police {
            throw DomainError(.handOverByAnother, field: "as", value: operatorBadge,
                              ["shift": shift.id, "duty": state.officerLabel(shift.duty)])
        }
        let taker = try Validate.officer(to, field: "to", state)
        let to = taker.badge
        guard to != shift.duty else { throw DomainError(.handOverToSelf, field: "to", value: to) }
        // Only someone who can sign in and write can acknowledge and take the shift on.
        guard taker.role.isOperator else {
            throw DomainError(.cannotTakeOver, field: "to", value: to, ["takerRole": taker.role.code])
        }
        // Several lines, kept as typed (the console's notes field takes Enter as a new line).
        let notes = try CleanText.requiredLines(notes, field: "notes", max: TextLimit.long)
        let carried = try Validate.list(carried, field: "carried", required: false, max: TextLimit.short)
        try Validate.notBefore(shift.openedAt, context, what: shift.id)
        return Decision([ShiftHandedOver(shift: shift.id, from: shift.duty, to: to, notes: notes, carried: carried)],
                        entityID: shift.id)
    }
}

/// `shift ack`: the incoming officer accepts the handover and, by default, opens their shift.
public struct AcknowledgeShift: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var by: String
    public var objections: String?
    /// Also open the acknowledging officer's own shift (with this team and template).
    public var openNext: Bool
    public var team: [String]
    public var template: String?
    /// 带班民警 of the shift it opens.
    public var leadPolice: String?
    public init(by: String, objections: String? = nil, openNext: Bool = true, team: [String] = [], template: String? = nil,
                leadPolice: String? = nil) {
        self.by = by; self.objections = objections; self.openNext = openNext; self.team = team; self.template = template
        self.leadPolice = leadPolice
    }

    /// The refusal for `by` acknowledging when the waiting handover went to someone else
    /// (it says to whom), or nil when it went to `by` or none waits.
    public static func notTheIncoming(_ by: String, _ state: OfficeState) -> DomainError? {
        guard let pending = state.unacknowledgedHandovers.last, let to = pending.handover?.to, to != by else { return nil }
        return DomainError(.notTheIncoming, field: "by", value: by, ["shift": pending.id, "to": state.officerLabel(to)])
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let by = try Validate.officer(by, field: "by", state).badge
        let objections = try CleanText.optional(objections, field: "objections", max: TextLimit.long)
        guard let shift = state.shifts.shifts.last(where: { !$0.voided && $0.handover?.to == by && $0.acknowledgement == nil }),
              let handover = shift.handover
        else { throw Self.notTheIncoming(by, state) ?? DomainError(.nothingToAcknowledge, field: "by", value: by) }
        // An acknowledgement is the incoming officer's own word: written as them, not for them.
        if let operatorBadge = context.operatorBadge, operatorBadge != by {
            throw DomainError(.acknowledgeForAnother, field: "by", value: state.officerLabel(by),
                              ["operator": state.officerLabel(operatorBadge)])
        }
        try Validate.notBefore(handover.at, context, what: shift.id)
        var events: [any EventPayload] = [ShiftAcknowledged(shift: shift.id, by: by, objections: objections)]
        var entity = shift.id
        if openNext, state.shifts.current == nil {
            let opened = try OpenShift(duty: by, team: team, template: template, leadPolice: leadPolice).decide(state, context)
            events += opened.events
            entity = opened.entityID ?? entity
        }
        return Decision(events, entityID: entity)
    }
}
