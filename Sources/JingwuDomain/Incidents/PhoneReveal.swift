import Foundation
import JingwuJournal

// 电话劝阻: the officer who calls the person a fraud warning is about needs the whole
// number. Everywhere else it shows masked (`138****5678`). The look is an access record
// (`AccessRecorded`, kind `reveal-phone`, subject the warning, with its purpose), written
// before the number is shown, as an ID number's reveal is.

/// Shows a fraud warning's whole phone number: records the look first, then the caller shows it.
/// Auxiliaries make dissuasion calls too, so they may; a purpose is required.
public struct RevealPhone: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var warning: String
    public var purpose: String
    public init(warning: String, purpose: String) { self.warning = warning; self.purpose = purpose }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        // A dissuaded warning keeps its number on record; only a voided one has none.
        let found = try Validate.record(warning, field: "warning", state.fraud.warning)
        let purpose = try CleanText.required(purpose, field: "purpose", max: TextLimit.short)
        try Validate.now(context)
        return Decision([AccessRecorded(kind: .revealPhone, subject: found.id, persons: found.person.map { [$0] } ?? [],
                                        purpose: purpose)], entityID: found.id)
    }
}

extension AccessBook {
    /// The looks at one fraud warning's whole phone number, oldest first.
    public func phoneReveals(of warning: String) -> [AccessRecord] {
        records.filter { $0.kind == .revealPhone && $0.subject == warning }
    }
}

/// Shows an incident caller's (报警人) whole phone number, for calling them back: the same
/// access record as a warning's (`reveal-phone`), its subject the incident, written first.
public struct RevealCallerPhone: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var incident: String
    public var purpose: String
    public init(incident: String, purpose: String) { self.incident = incident; self.purpose = purpose }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let found = try Validate.record(incident, field: "incident", state.incidents.incident)
        guard found.callerPhone != nil else { throw DomainError(.required, field: "caller-phone") }
        let purpose = try CleanText.required(purpose, field: "purpose", max: TextLimit.short)
        try Validate.now(context)
        return Decision([AccessRecorded(kind: .revealPhone, subject: found.id, persons: [], purpose: purpose)],
                        entityID: found.id)
    }
}
