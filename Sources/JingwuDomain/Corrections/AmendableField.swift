import Foundation

/// One field of an event that `event amend --set FIELD=VALUE` may change, as its payload
/// declares it (`EventPayload.amendable`): its name on the command line (the key of
/// `EntryAmended.changes`), its key in the event's journal data (the journal browser's amend
/// form reads the record by it), how a new value is checked and stored, and how the fold
/// applies a stored value to what the event created (its `EventTarget`). `Corrections` and
/// the journal browser take their lists from these declarations.
public struct AmendableField: Sendable {
    /// As the command line spells it: `window-hours`.
    public let name: String
    /// The event data's key for it: `windowHours`.
    public let key: String
    /// Checks a new value against the state; returns it as it will be stored (`诈骗` → `fraud`).
    let normalise: @Sendable (_ value: String, _ state: OfficeState, _ today: Date) throws -> String
    /// Applies a stored value to what the event created (a value it cannot read is ignored).
    let apply: @Sendable (_ state: inout OfficeState, _ target: EventTarget, _ value: String) -> Void
    /// Several lines, kept as typed (the handover's notes): a form edits it as a multi-line field.
    public let multiline: Bool

    init(_ name: String, key: String? = nil, multiline: Bool = false,
         normalise: @escaping @Sendable (_ value: String, _ state: OfficeState, _ today: Date) throws -> String,
         apply: @escaping @Sendable (_ state: inout OfficeState, _ target: EventTarget, _ value: String) -> Void) {
        self.name = name
        self.key = key ?? Self.camelCase(name)
        self.multiline = multiline
        self.normalise = normalise
        self.apply = apply
    }

    /// `window-hours` → `windowHours`: the journal's spelling of a command line field.
    static func camelCase(_ name: String) -> String {
        let parts = name.split(separator: "-")
        return parts.enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.capitalized }.joined()
    }
}

// The kinds of value a field holds, each with its check.
extension AmendableField {
    /// Required free text of at most `max` characters.
    static func text(_ name: String, max: Int = TextLimit.long,
                     _ apply: @escaping @Sendable (inout OfficeState, EventTarget, String) -> Void) -> Self {
        Self(name, normalise: { value, _, _ in try CleanText.required(value, field: name, max: max) }, apply: apply)
    }

    /// Required text of several lines, kept as typed (as the command that wrote it keeps them).
    static func lines(_ name: String, max: Int = TextLimit.long,
                      _ apply: @escaping @Sendable (inout OfficeState, EventTarget, String) -> Void) -> Self {
        Self(name, multiline: true, normalise: { value, _, _ in try CleanText.requiredLines(value, field: name, max: max) },
             apply: apply)
    }

    /// A code of list `C`, typed as its code or its name; applied only when the stored code is one of `C`'s.
    static func code<C: DomainCode>(_ name: String, _: C.Type,
                                    _ apply: @escaping @Sendable (inout OfficeState, EventTarget, C) -> Void) -> Self {
        Self(name, normalise: { value, _, _ in try C.parse(value, field: name).code },
             apply: { state, target, value in if let code = C(rawValue: value) { apply(&state, target, code) } })
    }

    /// A whole number in `range` (applied as `Int(value)`).
    static func int(_ name: String, _ range: ClosedRange<Int>,
                    _ apply: @escaping @Sendable (inout OfficeState, EventTarget, Int?) -> Void) -> Self {
        Self(name, normalise: { value, _, _ in String(try Validate.int(value, field: name, range: range)) },
             apply: { state, target, value in apply(&state, target, Int(value)) })
    }

    /// A local day `2027-04-30` (stored so; applied as that day's local midnight).
    static func day(_ name: String, _ apply: @escaping @Sendable (inout OfficeState, EventTarget, Date) -> Void) -> Self {
        Self(name, normalise: { value, _, _ in
            let text = CleanText.strip(value)
            guard !text.isEmpty else { throw DomainError(.required, field: name) }
            guard let day = LocalDay.parse(text) else { throw DomainError(.invalid, field: name, value: text) }
            return LocalDay.format(day)
        }, apply: { state, target, value in if let day = LocalDay.parse(value) { apply(&state, target, day) } })
    }

    /// Yes or no (stored `true`/`false`).
    static func bool(_ name: String, _ apply: @escaping @Sendable (inout OfficeState, EventTarget, Bool) -> Void) -> Self {
        Self(name, normalise: { value, _, _ in String(try Validate.bool(value, field: name)) },
             apply: { state, target, value in apply(&state, target, value == "true") })
    }

    /// A list of names separated by `;` (at least one).
    static func list(_ name: String, _ apply: @escaping @Sendable (inout OfficeState, EventTarget, [String]) -> Void) -> Self {
        Self(name, normalise: { value, _, _ in
            try Validate.list(value.split(separator: ";").map(String.init), field: name, required: true).joined(separator: ";")
        }, apply: { state, target, value in apply(&state, target, value.split(separator: ";").map(String.init)) })
    }

    /// A cell on the grid, by its code.
    static func cell(_ apply: @escaping @Sendable (inout OfficeState, EventTarget, String) -> Void) -> Self {
        Self("cell", normalise: { value, state, _ in try Validate.cell(value, field: "cell", state).code }, apply: apply)
    }

    /// An officer on the roster, by badge.
    static func officer(_ apply: @escaping @Sendable (inout OfficeState, EventTarget, String) -> Void) -> Self {
        Self("officer", normalise: { value, state, _ in try Validate.officer(value, field: "officer", state).badge },
             apply: apply)
    }
}

/// What voiding an event undoes in the state, as its payload declares it (`EventPayload.voiding`):
/// strikes out what it created, or takes back what it changed.
public struct Voiding: Sendable {
    let undo: @Sendable (_ state: inout OfficeState, _ target: EventTarget) -> Void
    /// The refusal for voiding `event` (which created `target`) now because another officer's
    /// later record rests on it, else nil (`VoidEntry`, and screens through `Corrections.mayVoid`).
    let refusal: @Sendable (_ event: UUID, _ target: EventTarget, _ state: OfficeState) -> DomainError?
    /// False when `event void` refuses it outright (`Corrections.unvoidableTypes`). The fold
    /// still undoes what `undo` says for an EntryVoided in the journal.
    public let mayBeVoided: Bool

    init(mayBeVoided: Bool = true,
         refusal: @escaping @Sendable (_ event: UUID, _ target: EventTarget, _ state: OfficeState) -> DomainError?
            = { _, _, _ in nil },
         _ undo: @escaping @Sendable (_ state: inout OfficeState, _ target: EventTarget) -> Void) {
        self.undo = undo
        self.refusal = refusal
        self.mayBeVoided = mayBeVoided
    }

    /// Stays on record as written: never voided, nothing to undo.
    public static let nothing = Voiding(mayBeVoided: false) { _, _ in }
}
