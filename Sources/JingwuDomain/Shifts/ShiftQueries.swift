import Foundation
import JingwuJournal

extension OfficeState {
    // MARK: Shifts

    /// The shift on duty now.
    public var onDuty: Shift? { shifts.current }

    /// Live shifts overlapping `[from, to]` in order: the chain of handovers.
    public func handoverChain(from: Date, to: Date) -> [Shift] {
        shifts.shifts.filter { !$0.voided && $0.openedAt <= to && ($0.endedAt ?? .distantFuture) >= from }
    }

    /// Handovers the incoming officer has not yet acknowledged.
    public var unacknowledgedHandovers: [Shift] {
        shifts.shifts.filter { !$0.voided && $0.handover != nil && $0.acknowledgement == nil }
    }
}
