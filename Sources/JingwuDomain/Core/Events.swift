import Foundation
import JingwuJournal

// The events of the office. Each is one Codable payload with a stable type name
// and a schema version; the payload is the journal record's `data`. The envelope
// (event id, seq, at, recorded, by) comes from the record, never from the payload.
//
// Changing a payload: add a field as optional (or with a default in a custom
// `init(from:)`), bump `version`, and keep decoding every older version; the
// golden file `Tests/JingwuDomainTests/Golden/events-v1.jsonl` fails otherwise.

/// The data of one event type.
public protocol EventPayload: Codable, Sendable, Equatable {
    /// Stable type name written into the journal (`PatrolStarted`).
    static var type: String { get }
    /// Current schema version of the payload.
    static var version: Int { get }
    /// The payload wrapped for the folds.
    var asEvent: DomainEvent { get }
    /// The fields `event amend` may change, in the order they are offered (none: the event
    /// is corrected only by voiding it, if at all). No default: a new event type says.
    static var amendable: [AmendableField] { get }
    /// What voiding the event undoes in the state (`.nothing` for one that stays on record).
    static var voiding: Voiding { get }
}
