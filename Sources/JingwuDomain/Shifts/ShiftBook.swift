import Foundation
import JingwuJournal

/// A shift handover (交班).
public struct Handover: Sendable, Equatable {
    public var from: String
    public var to: String
    public var notes: String
    public var carried: [String]
    public var at: Date
    public var event: UUID
}

/// The incoming officer's acknowledgement (接班).
public struct Acknowledgement: Sendable, Equatable {
    public var by: String
    public var objections: String?
    public var at: Date
    public var event: UUID
    /// How the objection was dealt with (`HandoverObjectionAddressed`), once recorded.
    public var handling: DealtWith? = nil
}

/// A duty shift.
public struct Shift: Sendable, Equatable, KeyedItem {
    public var id: String
    public var duty: String
    public var team: [String]
    public var template: String?
    /// 带班民警: the police officer responsible, on duty or on call (none on old records).
    public var leadPolice: String? = nil
    public var openedAt: Date
    public var event: UUID
    public var voided = false
    public var handover: Handover?
    public var acknowledgement: Acknowledgement?
    /// A shift is open until it is handed over.
    public var isOpen: Bool { handover == nil && !voided }
    /// When it ended (its handover), if it has.
    public var endedAt: Date? { handover?.at }
}

/// Shifts and the chain of handovers.
public struct ShiftBook: Sendable, Equatable, KeyedBook {
    var list = KeyedList<Shift>()
    /// Every shift ever opened, voided ones included, in order.
    public var shifts: [Shift] { list.items }
    /// Shifts ever opened (numbering `S0001`…, voided ones included).
    public internal(set) var count = 0

    public func shift(_ id: String) -> Shift? { list.live(id) }
    /// The shift on duty now: the latest open one.
    public var current: Shift? { shifts.last(where: { $0.isOpen }) }

    mutating func add(_ shift: Shift) {
        count += 1
        list.add(shift)
    }
}

// MARK: Fold

extension OfficeState {
    mutating func fold(_ e: ShiftOpened, _ envelope: Envelope) {
        shifts.add(Shift(id: e.shift, duty: e.duty, team: e.team, template: e.template, leadPolice: e.leadPolice,
                         openedAt: envelope.at, event: envelope.id))
        targets[envelope.id] = .shift(e.shift)
    }

    mutating func fold(_ e: ShiftHandedOver, _ envelope: Envelope) {
        shifts.update(e.shift) {
            $0.handover = Handover(from: e.from, to: e.to, notes: e.notes, carried: e.carried, at: envelope.at,
                                   event: envelope.id)
        }
        targets[envelope.id] = .handover(e.shift)
    }

    mutating func fold(_ e: ShiftAcknowledged, _ envelope: Envelope) {
        shifts.update(e.shift) {
            $0.acknowledgement = Acknowledgement(by: e.by, objections: e.objections, at: envelope.at, event: envelope.id)
        }
        targets[envelope.id] = .acknowledgement(e.shift)
    }
}
