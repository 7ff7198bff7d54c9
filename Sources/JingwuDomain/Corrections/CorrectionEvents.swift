import Foundation
import JingwuJournal

// MARK: Corrections

/// Named fields of an earlier event are corrected; the original stays in the journal.
public struct EntryAmended: EventPayload {
    public static let type = "EntryAmended"
    public static let version = 1
    /// Id of the event corrected.
    public var event: UUID
    public var reason: String
    /// Field name → new value, as the command line spells them (codes for categories).
    public var changes: [String: String]
    public init(event: UUID, reason: String, changes: [String: String]) {
        self.event = event; self.reason = reason; self.changes = changes
    }
    public var asEvent: DomainEvent { .entryAmended(self) }
}

/// An earlier event is struck out; the original stays in the journal.
public struct EntryVoided: EventPayload {
    public static let type = "EntryVoided"
    public static let version = 1
    public var event: UUID
    public var reason: String
    public init(event: UUID, reason: String) { self.event = event; self.reason = reason }
    public var asEvent: DomainEvent { .entryVoided(self) }
}

extension EntryAmended {
    public static let voiding = Voiding.nothing
    /// A correction is corrected by another amendment of the event it corrected.
    public static let amendable: [AmendableField] = []
}

extension EntryVoided {
    public static let voiding = Voiding.nothing
    public static let amendable: [AmendableField] = []
}
