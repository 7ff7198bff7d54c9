import Foundation
import JingwuJournal

extension OfficeState {
    /// The state folded from the records `each` hands over, in order (for read-only
    /// inspections such as `verify`); a record this build cannot decode is skipped.
    public static func fold(policy: Policy = .standard,
                            _ each: ((JournalRecord) throws -> Void) throws -> Void) rethrows -> OfficeState {
        var fold = InspectionFold(policy: policy)
        try each { fold.fold($0) }
        return fold.finish()
    }
}

/// The read-only fold of `OfficeState.fold`, one record at a time, from the empty state or from a
/// checkpoint's (records up to its own are not folded again): for an inspection that reads the
/// journal once and folds as it goes.
public struct InspectionFold {
    public private(set) var state: OfficeState
    private let decoder = JSONDecoder()

    public init(policy: Policy = .standard) { state = OfficeState(policy: policy) }
    public init(from state: consuming OfficeState) { self.state = state }

    /// Folds `record` in, as `OfficeState.fold` does (a record this build cannot decode is skipped).
    public mutating func fold(_ record: JournalRecord) {
        if let event = try? EventRegistry.decode(record, decoder: decoder) {
            state.apply(event, Envelope(record))
        } else {
            state.skip(record.seq)
        }
    }

    /// The state, handed over (the fold is done).
    public consuming func finish() -> OfficeState { state }
}
