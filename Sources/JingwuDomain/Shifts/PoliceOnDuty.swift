import Foundation

// Issue 15: who is a police officer (民警) in a shift. A shift has its person on duty
// (值班人员, police or auxiliary), its team, and its 带班民警 (`leadPolice`, police, on duty
// or on call). When none of them is police, the handover says 「本班无民警在岗」.

extension OfficeState {
    /// True when `badge` is a police officer on the roster.
    public func isPolice(_ badge: String?) -> Bool {
        guard let badge else { return false }
        return officers.officer(badge)?.role == .police
    }

    /// True when a police officer is on duty in `shift` (the person on duty or one of the
    /// team) or named as its 带班民警.
    public func hasPoliceOnDuty(_ shift: Shift) -> Bool {
        isPolice(shift.duty) || isPolice(shift.leadPolice) || shift.team.contains(where: isPolice)
    }
}
