import Foundation
import JingwuJournal

// 接班异议的处理: the incoming officer's objection to a handover (`ShiftAcknowledged.objections`)
// stays on 总览 until someone records how it was dealt with (`HandoverObjectionAddressed`:
// which handover, what was done, by whom). Who may record it: a police officer (带班民警 or
// any police on the roster), or the officer who raised the objection, saying it is settled.
// The outgoing officer, whose handover the objection is about, may not close it themselves.

// MARK: Event

/// How an objection to a handover was dealt with (异议处理).
public struct HandoverObjectionAddressed: EventPayload {
    public static let type = "HandoverObjectionAddressed"
    public static let version = 1
    /// The shift whose handover was objected to, `S0003`.
    public var shift: String
    /// Badge of who dealt with it (the operator unless another is named).
    public var by: String
    /// What was done (处理情况).
    public var note: String
    public init(shift: String, by: String, note: String) {
        self.shift = shift; self.by = by; self.note = note
    }
    public var asEvent: DomainEvent { .handoverObjectionAddressed(self) }
}

// MARK: Projection

extension Shift {
    /// The objection the incoming officer wrote, if any (blank objections are none).
    public var objection: String? {
        guard let text = acknowledgement?.objections, !CleanText.strip(text).isEmpty else { return nil }
        return text
    }

    /// An objection nobody has yet recorded as dealt with (the shift not voided).
    public var hasOpenObjection: Bool { !voided && objection != nil && acknowledgement?.handling == nil }
}

extension OfficeState {
    /// Shifts whose handover carries an objection not yet dealt with, newest first.
    public var openObjections: [Shift] { shifts.shifts.reversed().filter(\.hasOpenObjection) }
}

// MARK: Command

/// `shift address-objection`: records how the objection to a handover was dealt with.
public struct AddressHandoverObjection: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var shift: String
    /// Who dealt with it; the operator when empty.
    public var by: String?
    public var note: String
    public init(shift: String, by: String? = nil, note: String) {
        self.shift = shift; self.by = by; self.note = note
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let found = try Validate.record(shift, field: "shift") { id in state.shifts.shift(id).flatMap { $0.voided ? nil : $0 } }
        guard let ack = found.acknowledgement, found.objection != nil else {
            throw DomainError(.noObjection, field: "shift", value: found.id)
        }
        if let handling = ack.handling {
            throw DomainError(.closed, field: "shift", value: found.id,
                              ["status": "addressed",
                               "since": RFC3339.format(handling.at).prefix(16).replacingOccurrences(of: "T", with: " ")
                                + " " + handling.by])
        }
        // A police officer, or the officer who objected; never the outgoing officer alone.
        if let operatorBadge = context.operatorBadge, operatorBadge != ack.by,
           state.officers.officer(operatorBadge)?.role != .police {
            // Names and badges apart: each language brackets a badge its own way.
            throw DomainError(.objectionByAnother, field: "as", value: operatorBadge,
                              ["shift": found.id, "objector": ack.by,
                               "objectorName": state.officers.officer(ack.by)?.name ?? ack.by,
                               "name": state.officers.officer(operatorBadge)?.name ?? operatorBadge])
        }
        let given = CleanText.strip(by ?? "")
        let badge = given.isEmpty ? (context.operatorBadge ?? "") : given
        let officer = try Validate.officer(badge, field: "by", state).badge
        let note = try CleanText.required(note, field: "note", max: TextLimit.long)
        try Validate.notBefore(ack.at, context, what: found.id)
        return Decision([HandoverObjectionAddressed(shift: found.id, by: officer, note: note)], entityID: found.id)
    }
}

// MARK: Fold

extension OfficeState {
    mutating func fold(_ e: HandoverObjectionAddressed, _ envelope: Envelope) {
        guard let shift = shifts.shift(e.shift), shift.acknowledgement != nil else { return }
        shifts.update(e.shift) {
            $0.acknowledgement?.handling = DealtWith(by: e.by, note: e.note, envelope)
        }
        targets[envelope.id] = .objectionHandling(e.shift)
    }
}

// MARK: Corrections: what may be amended, what voiding undoes (AmendableField.swift)

extension HandoverObjectionAddressed {
    /// Voiding the record puts the objection back on 总览.
    public static let voiding = Voiding { s, t in
        if case .objectionHandling(let id) = t { s.shifts.update(id) { $0.acknowledgement?.handling = nil } }
    }
    public static let amendable: [AmendableField] = [
        .text("note") { s, t, v in
            if case .objectionHandling(let id) = t { s.shifts.update(id) { $0.acknowledgement?.handling?.note = v } }
        },
    ]
}
