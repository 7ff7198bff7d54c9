import Foundation
import JingwuJournal

extension OfficeState {
    /// The state folded from the records `each` hands over, in order (for read-only
    /// inspections such as `verify`); a record this build cannot decode is skipped.
    public static func fold(policy: Policy = .standard,
                            _ each: ((JournalRecord) throws -> Void) throws -> Void) rethrows -> OfficeState {
        var state = OfficeState(policy: policy)
        let decoder = JSONDecoder()
        try each { record in
            if let event = try? EventRegistry.decode(record, decoder: decoder) {
                state.apply(event, Envelope(record))
            } else {
                state.skip(record.seq)
            }
        }
        return state
    }
}
