import Foundation

// EntryAmended and EntryVoided as folds: they find what the corrected event
// created (via `OfficeState.targets`) and change it in place. What may be
// amended, how a new value is checked and how it is applied, each payload
// declares (`EventPayload.amendable`, AmendableField.swift); `Corrections`
// reads those declarations for the AmendEntry command, the fold and the
// journal browser.

/// What may be corrected, and how new values are read.
public enum Corrections {
    /// Fields that `event amend --set FIELD=VALUE` may change, per event type (each payload's
    /// `amendable`, by name).
    public static let amendableFields: [String: [String]] = Dictionary(uniqueKeysWithValues:
        EventRegistry.entries.filter { !$0.amendable.isEmpty }.map { ($0.type, $0.amendable.map(\.name)) })

    /// The fields of `type` that may be amended, as its payload declares them.
    public static func fields(of type: String) -> [AmendableField] { EventRegistry.byType[type]?.amendable ?? [] }

    /// The declared field `field` of `type`, if it may be amended.
    static func field(_ field: String, of type: String) -> AmendableField? { fields(of: type).first { $0.name == field } }

    /// Event types that may not be voided (amend them, or void what they corrected): those
    /// whose payload's `Voiding` says so (corrections, ID-number reveals, PINs, failed
    /// sign-ins and access records stay as written; an acknowledgement is the incoming
    /// officer's signature).
    public static let unvoidableTypes: Set<String> = Set(EventRegistry.entries.filter { !$0.voiding.mayBeVoided }.map(\.type))

    /// True when `event` may be voided now, whoever asks (screens offer the key only then).
    public static func mayVoid(_ event: UUID, _ state: OfficeState) -> Bool {
        guard let type = state.eventTypes[event], state.targets[event] != nil else { return false }
        return !unvoidableTypes.contains(type) && !state.voided.contains(event)
            && settledByVoidingLaterRecord(event, state) == nil
    }

    /// The refusal for voiding `event` when another officer's later record rests on it, else
    /// nil: its payload's `Voiding.refusal` (a handover once acknowledged, the shift it closed,
    /// the last police officer on the roster).
    static func settledByVoidingLaterRecord(_ event: UUID, _ state: OfficeState) -> DomainError? {
        guard let target = state.targets[event], let type = state.eventTypes[event] else { return nil }
        return EventRegistry.byType[type]?.voiding.refusal(event, target, state)
    }

    /// `value` as an amendment of `field` would store it (`诈骗` → `fraud`), or nil when it
    /// would be refused: screens compare what was typed with what is there by this.
    public static func storedValue(type: String, field: String, value: String, state: OfficeState, today: Date) -> String? {
        try? normalise(type: type, field: field, value: value, state: state, today: today)
    }

    /// Checks one new value against the state and returns it as it will be stored.
    static func normalise(type: String, field: String, value: String, state: OfficeState, today: Date) throws -> String {
        guard let declared = Self.field(field, of: type) else {
            let allowed = amendableFields[type] ?? []
            throw DomainError(.notAmendable, field: "set", value: field,
                              ["type": type, "fields": allowed.isEmpty ? "—" : allowed.joined(separator: "、")])
        }
        return try declared.normalise(value, state, today)
    }
}

extension OfficeState {
    mutating func fold(_ e: EntryAmended, _ envelope: Envelope) {
        targets[envelope.id] = .correction
        if let target = targets[e.event], holds(target), !voided.contains(e.event) { amend(e.event, target, e.changes) }
    }

    mutating func fold(_ e: EntryVoided, _ envelope: Envelope) {
        targets[envelope.id] = .correction
        if let target = targets[e.event], holds(target), !voided.contains(e.event) {
            voided.insert(e.event)
            void(e.event, target)
        }
    }

    /// Applies the changes of an EntryAmended to what the event created, each by the field its
    /// payload declares (a field it does not declare changes nothing).
    mutating func amend(_ event: UUID, _ target: EventTarget, _ changes: [String: String]) {
        let fields = Corrections.fields(of: targets.type(of: event) ?? "")
        for (name, value) in changes.sorted(by: { $0.key < $1.key }) {
            fields.first { $0.name == name }?.apply(&self, target, value)
        }
    }

    /// Whether the item `target` names by index is there (always, in a state folded from a
    /// journal; not necessarily in one loaded from a checkpoint written wrong).
    func holds(_ target: EventTarget) -> Bool {
        switch target {
        case .checkIn(let i): return i >= 0 && i < patrols.checkIns.count
        case .hazard(let i), .hazardClear(let i): return i >= 0 && i < patrols.hazards.count
        case .stopCheck(let i): return i >= 0 && i < patrols.stopChecks.count
        case .visit(let i): return i >= 0 && i < persons.visits.count
        case .screening(let i): return i >= 0 && i < disputes.screenings.count
        case .receptionDay(let i): return i >= 0 && i < casework.receptionDays.count
        case .leaderAssignment(let i): return i >= 0 && i < population.assignments.count
        default: return true
        }
    }

    /// Strikes out what an event created or undoes what it changed, as its payload declares.
    mutating func void(_ event: UUID, _ target: EventTarget) {
        EventRegistry.byType[targets.type(of: event) ?? ""]?.voiding.undo(&self, target)
    }
}
