import Foundation

// What each role may do, checked for every write (console, command line, demo).
//
// - 民警 police: everything.
// - 辅警 auxiliary: patrols, check-ins, hazards (recording them and recording them put
//   right: whoever walks past sees a cleared fire lane as well as a police officer does),
//   stop-checks, visits, incidents, opening disputes and the rest of the day's recording, but NOT: resolve, refer or close a
//   dispute; delist a key person; amend or void an entry someone else wrote; enrol
//   officers or set another officer's PIN; see a whole ID number.
// - 巡防队员, 义警, 联户长 (patroller, volunteer, household-leader): on the roster as data
//   (members of patrols, mediators, leaders of household groups); they never sign in or write.

/// The rules of who may run which command.
public enum Roles {
    /// What an auxiliary may not do, by the command that does it (the action code names the message).
    static func auxiliaryForbidden(_ command: any OfficeCommand, by: String, state: OfficeState) -> (action: String, field: String)? {
        switch command {
        case is ResolveDispute: return ("resolve-dispute", "dispute")
        case is ReferDispute: return ("refer-dispute", "dispute")
        case is CloseDispute: return ("close-dispute", "dispute")
        case is DelistPerson: return ("delist-person", "person")
        case is EnrollOfficer: return ("enrol-officer", "badge")
        case is RevealIDNumber: return ("reveal-id", "person")
        case let command as SetPin:
            return CleanText.strip(command.badge) == by ? nil : ("reset-pin", "badge")
        case let command as AmendEntry:
            return state.author(of: command.event) == by ? nil : ("correct-other", "event")
        case let command as VoidEntry:
            return state.author(of: command.event) == by ? nil : ("correct-other", "event")
        default: return nil
        }
    }

    /// Throws unless operator `by` may run `command` now: signed in (once the office has
    /// PINs), an operator role, and allowed this action. Writes nothing either way.
    public static func check(_ command: any OfficeCommand, by: String, state: OfficeState,
                             signedIn: Set<String>) throws {
        // An empty roster: the first officer is being enrolled.
        guard !state.officers.isEmpty, let officer = state.officers.officer(by) else { return }
        guard officer.role.isOperator else {
            throw DomainError(.notOperator, field: "as", value: by, ["operatorRole": officer.role.code])
        }
        if state.access.requiresSignIn && !signedIn.contains(by) {
            guard state.access.hasPin(by) else { throw DomainError(.pinNotSet, field: "as", value: by) }
            throw DomainError(.signInRequired, field: "pin", value: by)
        }
        if officer.role == .auxiliary, let refusal = auxiliaryForbidden(command, by: by, state: state) {
            throw DomainError(.forbidden, field: refusal.field, value: by,
                              ["operatorRole": officer.role.code, "action": refusal.action])
        }
    }

    /// True when `role` may run `command` (for screens that hide or grey out a key); the
    /// domain still checks every write.
    public static func allows(_ command: any OfficeCommand, by: String, state: OfficeState) -> Bool {
        guard let officer = state.officers.officer(by) else { return state.officers.isEmpty }
        guard officer.role.isOperator else { return false }
        return officer.role == .police || auxiliaryForbidden(command, by: by, state: state) == nil
    }

    // MARK: At replay

    /// Why `by` could not have written `event` as the rules stood when it was written, or nil
    /// when they could (checked by the fold, before the event is applied: `state` is the office
    /// as of the record before it). Only the events that grant or use power are checked:
    /// enrolments, PINs, ID-number reveals, and amending or voiding an entry.
    ///
    /// The rules it applies are the ones every build that wrote such an entry enforced:
    /// roles arrived together with PINs (`PinSet`, `PinChanged`, `PinReset`), so PIN events
    /// are always checked; the older kinds (`OfficerEnrolled`, `IDNumberRevealed`,
    /// `EntryAmended`, `EntryVoided`) only once the office has a PIN — before that anyone
    /// could write as anyone with `--as`, and a journal from before roles stays valid.
    /// The office's very first enrolment (empty roster) is never refused here.
    static func replayRefusal(_ event: DomainEvent, by: String, state: OfficeState) -> String? {
        let target: String?
        switch event {
        case .pinSet(let e): target = e.badge
        case .pinChanged(let e): target = e.badge
        case .pinReset(let e): target = e.badge
        case .officerEnrolled, .idNumberRevealed, .entryAmended, .entryVoided:
            guard state.access.requiresSignIn else { return nil }
            target = nil
        default: return nil
        }
        guard !state.officers.isEmpty else { return nil }
        guard let author = state.officers.officer(by) else { return "operator-unknown" }
        guard author.role.isOperator else { return "not-operator" }
        if author.role == .police { return nil }
        switch event {
        case .officerEnrolled: return "enrol-officer"
        case .idNumberRevealed: return "reveal-id"
        case .pinSet, .pinChanged, .pinReset: return target == by ? nil : "reset-pin"
        case .entryAmended(let e): return state.author(of: e.event) == by ? nil : "correct-other"
        case .entryVoided(let e): return state.author(of: e.event) == by ? nil : "correct-other"
        default: return nil
        }
    }
}
