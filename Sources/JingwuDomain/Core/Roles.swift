import Foundation

// What each role may do, checked for every write (console, command line, demo).
//
// - 民警 police: everything.
// - 辅警 auxiliary: patrols, check-ins, hazards (recording them and recording them put
//   right: whoever walks past sees a cleared fire lane as well as a police officer does),
//   stop-checks, visits, incidents, opening disputes and the rest of the day's recording, but NOT: resolve, refer or close a
//   dispute; delist a key person; record a 盘查 outcome of 带回/移交 or an incident closed as 受案 or
//   警情不实 (police decisions; entries written before this rule stay valid: replay does not re-check it); amend or void an entry someone else wrote; enrol
//   officers or set another officer's PIN; see a whole ID number.
// - 巡防队员, 义警, 联户长, 网格员, 治保主任, 人民调解员 (patroller, volunteer, household-leader,
//   grid-worker, security-director, mediator): on the roster as data (members of patrols and
//   teams, mediators, leaders of household groups, a 三位一体 team); they never sign in or write.

/// The rules of who may run which command: each command's `leastRole`, and the exceptions
/// that depend on its values (below).
public enum Roles {
    /// What an auxiliary may not do, by the command that does it (the action code names the message).
    static func auxiliaryForbidden(_ command: any OfficeCommand, by: String, state: OfficeState) -> (action: String, field: String)? {
        // What the command itself says (`OfficeCommand.leastRole`), then what depends on its values.
        if case .police(let action, let field) = type(of: command).leastRole { return (action, field) }
        switch command {
        case let command as SetPin:
            return CleanText.strip(command.badge) == by ? nil : ("reset-pin", "badge")
        // Police decisions (issue 15): taking someone in or handing them over from a 盘查, and
        // the incident dispositions 受案 and 警情不实. An auxiliary records every other outcome.
        case let command as RecordStopCheck where policeOnly(command.outcome):
            return ("stop-check-outcome", "outcome")
        case let command as CloseIncident where policeOnly(command.disposition):
            return ("incident-disposition", "disposition")
        case let command as AmendEntry:
            guard state.author(of: command.event) == by else { return ("correct-other", "event") }
            // Nor by amending one's own entry into one.
            return policeOnlyAmendment(command, state)
        case let command as VoidEntry:
            return state.author(of: command.event) == by ? nil : ("correct-other", "event")
        // A correction by a record's id (`grid amend`, `leader void` …) is held to its correction's rules;
        // one that finds no record is refused by its own decision.
        case let command as any CorrectionShortcut:
            guard let correction = try? command.correction(state) else { return nil }
            return auxiliaryForbidden(correction, by: by, state: state)
        default: return nil
        }
    }

    /// Stop-check outcomes only a police officer records: 带回/移交.
    public static func policeOnly(_ outcome: StopCheckOutcome) -> Bool { outcome == .handedOver }
    /// Incident dispositions only a police officer records: 受案, 警情不实, 治安调解 (a police power
    /// under the 治安管理处罚法; 现场调解 on the spot an auxiliary may record).
    public static func policeOnly(_ disposition: IncidentDisposition) -> Bool {
        disposition == .caseFiled || disposition == .unfounded || disposition == .securityMediation
    }

    static func policeOnlyAmendment(_ command: AmendEntry, _ state: OfficeState) -> (action: String, field: String)? {
        let type = state.eventTypes[command.event]
        for (field, value) in command.changes {
            let field = CleanText.strip(field).lowercased()
            if type == StopCheckConducted.type, field == "outcome",
               let outcome = try? StopCheckOutcome.parse(value, field: field), policeOnly(outcome) {
                return ("stop-check-outcome", "outcome")
            }
            if type == IncidentClosed.type, field == "disposition",
               let disposition = try? IncidentDisposition.parse(value, field: field), policeOnly(disposition) {
                return ("incident-disposition", "disposition")
            }
        }
        return nil
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
