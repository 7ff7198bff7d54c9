import Foundation
import JingwuJournal

// MARK: Shifts (交接班)

/// A duty officer takes a shift.
public struct ShiftOpened: EventPayload {
    public static let type = "ShiftOpened"
    /// Version 2 adds the optional `leadPolice` (带班民警).
    public static let version = 2
    /// Short id, `S0003`.
    public var shift: String
    /// The person on duty (值班人员): a police officer or an auxiliary.
    public var duty: String
    public var team: [String]
    /// Shift template code from policy (`day`, `night`), if any.
    public var template: String?
    /// The police officer responsible for the shift (带班民警), on duty or on call;
    /// none in version 1 records (version 2).
    public var leadPolice: String?
    public init(shift: String, duty: String, team: [String] = [], template: String? = nil, leadPolice: String? = nil) {
        self.shift = shift; self.duty = duty; self.team = team; self.template = template; self.leadPolice = leadPolice
    }
    public var asEvent: DomainEvent { .shiftOpened(self) }
}

/// The outgoing duty officer hands the shift over.
public struct ShiftHandedOver: EventPayload {
    public static let type = "ShiftHandedOver"
    public static let version = 1
    public var shift: String
    public var from: String
    public var to: String
    public var notes: String
    /// Things handed over in person (keys, devices, case files).
    public var carried: [String]
    public init(shift: String, from: String, to: String, notes: String, carried: [String] = []) {
        self.shift = shift; self.from = from; self.to = to; self.notes = notes; self.carried = carried
    }
    public var asEvent: DomainEvent { .shiftHandedOver(self) }
}

/// The incoming officer accepts a handover, possibly with objections.
public struct ShiftAcknowledged: EventPayload {
    public static let type = "ShiftAcknowledged"
    public static let version = 1
    /// The shift that was handed over.
    public var shift: String
    public var by: String
    public var objections: String?
    public init(shift: String, by: String, objections: String? = nil) {
        self.shift = shift; self.by = by; self.objections = objections
    }
    public var asEvent: DomainEvent { .shiftAcknowledged(self) }
}

// MARK: Corrections: what may be amended, what voiding undoes (AmendableField.swift)


extension ShiftOpened {
    /// A shift handed over may not be voided: the handover rests on it (void the handover first,
    /// while it is not acknowledged).
    public static let voiding = Voiding(refusal: { event, target, state in
        guard case .shift(let id) = target, let shift = state.shifts.shift(id), let handover = shift.handover,
              !state.voided.contains(handover.event) else { return nil }
        return DomainError(.closed, field: "event", value: event.uuidString.lowercased(),
                           ["status": "handed_over", "since": handover.to])
    }) { s, t in
        if case .shift(let id) = t { s.shifts.update(id) { $0.voided = true } }
    }
    /// A shift is corrected by voiding it (and opening the right one).
    public static let amendable: [AmendableField] = []
}

extension ShiftHandedOver {
    /// A handover the incoming officer acknowledged is theirs too: it may not be voided (their
    /// acknowledgement and objections would go with it). Its notes may still be amended: the
    /// handover review shows the report as handed over and every change since, by whom.
    public static let voiding = Voiding(refusal: { event, target, state in
        guard case .handover(let id) = target, let shift = state.shifts.shift(id), let ack = shift.acknowledgement,
              !state.voided.contains(ack.event) else { return nil }
        return DomainError(.closed, field: "event", value: event.uuidString.lowercased(),
                           ["status": "acknowledged", "since": ack.by])
    }) { s, t in
        if case .handover(let id) = t { s.shifts.update(id) { $0.handover = nil; $0.acknowledgement = nil } }
    }
    public static let amendable: [AmendableField] = [
        // Several lines, as `shift handover` wrote them: an amendment keeps its line breaks.
        .lines("notes") { s, t, v in if case .handover(let id) = t { s.shifts.update(id) { $0.handover?.notes = v } } },
    ]
}

extension ShiftAcknowledged {
    /// An acknowledgement is the incoming officer's signature: its objections may be amended,
    /// never struck out (nor, with it, the handover it settled).
    public static let voiding = Voiding(mayBeVoided: false) { s, t in
        if case .acknowledgement(let id) = t { s.shifts.update(id) { $0.acknowledgement = nil } }
    }
    public static let amendable: [AmendableField] = [
        .text("objections") { s, t, v in
            if case .acknowledgement(let id) = t { s.shifts.update(id) { $0.acknowledgement?.objections = v } }
        },
    ]
}
