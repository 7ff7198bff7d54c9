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
