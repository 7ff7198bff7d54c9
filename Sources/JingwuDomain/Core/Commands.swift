import Foundation
import JingwuJournal

/// What a command is given besides the state: the time, who writes, and a back-dating.
public struct WriteContext: Sendable {
    /// Now, from the injected clock.
    public var now: Date
    /// Badge of the operator (`--as`); nil only while the roster is empty.
    public var operatorBadge: String?
    /// When it happened, if not now (`--at`).
    public var at: Date?
    /// Why it is back-dated (required when `at` is earlier than now beyond the tolerance).
    public var reason: String?

    public init(now: Date, operatorBadge: String? = nil, at: Date? = nil, reason: String? = nil) {
        self.now = now; self.operatorBadge = operatorBadge; self.at = at; self.reason = reason
    }

    /// The time the entry records.
    public var when: Date { at ?? now }
}

/// A command's verdict: the events to write and the short id of what it created.
public struct Decision: Sendable {
    public var events: [any EventPayload]
    /// The new entity's short id (`P0007`, `D2026-0003`, a badge or cell code), if any.
    public var entityID: String?
    public init(_ events: [any EventPayload], entityID: String? = nil) {
        self.events = events; self.entityID = entityID
    }
}

extension Decision {
    /// The decision of a command that concludes an open record with one required text (`dispute
    /// close --reason`, `person delist --reason`): the record `id` names must be open, the text is
    /// required (long text), and the write may not be dated before the record began (`since`); then
    /// the one event `event` makes of the record's id and the clean text. Checked in that order, as
    /// the commands that check one by one do, so a refusal names the same field.
    static func concluding<Record: ClosableRecord & KeyedItem>(
        _ id: String, field: String, _ find: (String) -> Record?, since: KeyPath<Record, Date>,
        text: String, field textField: String, _ context: WriteContext,
        event: (_ id: String, _ text: String) -> any EventPayload
    ) throws -> Decision {
        let record = try Validate.open(id, field: field, find)
        let text = try CleanText.required(text, field: textField, max: TextLimit.long)
        try Validate.notBefore(record[keyPath: since], context, what: record.id)
        return Decision([event(record.id, text)], entityID: record.id)
    }
}

/// A write the office can be asked to make. `decide` validates against the state
/// and returns the events, or throws a `DomainError` naming the field; it never writes.
public protocol OfficeCommand: Sendable {
    /// The least role that may run it (Roles.swift). No default: a command that does not
    /// say is a command that does not compile.
    static var leastRole: LeastRole { get }
    func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision
}

/// The least operator role a command needs. An auxiliary (辅警) may run an `.auxiliary`
/// command unless `Roles` refuses it for its values (own PIN, own entries, police-only
/// outcomes and dispositions); a `.police` command names the action and field its refusal
/// names, so an auxiliary is told what was refused.
public enum LeastRole: Sendable, Equatable {
    case auxiliary
    case police(action: String, field: String)
}

/// A record a command may need still open: an active patrol, a listed person, a dispute not
/// concluded, an incident not closed, a fraud warning still needing action.
protocol ClosableRecord {
    /// Nil while open; else the status word a refusal names (`ended`, `delisted`, `resolved`…).
    var closedStatus: String? { get }
}

/// Shared checks, each throwing a `DomainError` naming the field.
public enum Validate {
    public static func officer(_ badge: String, field: String, _ state: OfficeState) throws -> Officer {
        let cleaned = CleanText.strip(badge)
        guard !cleaned.isEmpty else { throw DomainError(.required, field: field) }
        // Badges and cell codes are read as typed or in capitals (f101 is F101), and a
        // name that only one person on the roster has stands for their badge: what is
        // stored is always the roster's own badge.
        if let officer = state.officers.officer(cleaned) ?? state.officers.officer(cleaned.uppercased()) { return officer }
        let named = state.officers.all.filter { $0.name == cleaned }
        if named.count > 1 {
            throw DomainError(.ambiguousName, field: field, value: cleaned,
                              ["badges": named.map(\.badge).joined(separator: "、")])
        }
        guard let officer = named.first else { throw DomainError(.unknownOfficer, field: field, value: cleaned) }
        return officer
    }

    /// A police officer (民警) from the roster: where the record names the one responsible
    /// (带班民警, a key person's 责任民警), an auxiliary or helper is refused (exit 65).
    public static func police(_ badge: String, field: String, _ state: OfficeState) throws -> Officer {
        let officer = try officer(badge, field: field, state)
        guard officer.role == .police else {
            throw DomainError(.policeRequired, field: field, value: officer.badge, ["role": officer.role.code])
        }
        return officer
    }

    public static func officers(_ badges: [String], field: String, _ state: OfficeState) throws -> [String] {
        guard badges.count <= TextLimit.listItems else {
            throw DomainError(.tooLong, field: field, value: String(badges.count), ["max": String(TextLimit.listItems)])
        }
        var seen = Set<String>()
        return try badges.map { try officer($0, field: field, state).badge }.filter { seen.insert($0).inserted }
    }

    public static func cell(_ code: String, field: String, _ state: OfficeState) throws -> Cell {
        try self.code(code, field: field, unknown: .unknownCell, state.cells.cell)
    }

    /// What `find` finds by a code as typed or else in capitals (a point, a 网格), full-width
    /// letters and digits read as ASCII (`Ａ０１` is A01); refused as required when blank, as
    /// `unknown` (naming what was typed) when not found.
    static func code<Found>(_ code: String, field: String, unknown: DomainError.Reason,
                            _ find: (String) -> Found?) throws -> Found {
        let cleaned = CleanText.strip(code)
        guard !cleaned.isEmpty else { throw DomainError(.required, field: field) }
        let half = CleanText.halfWidth(cleaned)
        guard let found = find(cleaned) ?? find(cleaned.uppercased())
                ?? (half == cleaned ? nil : find(half) ?? find(half.uppercased())) else {
            throw DomainError(unknown, field: field, value: cleaned)
        }
        return found
    }

    public static func cells(_ codes: [String], field: String, _ state: OfficeState) throws -> [String] {
        var seen = Set<String>()
        return try codes.map { try cell($0, field: field, state).code }.filter { seen.insert($0).inserted }
    }

    /// Items of free text: cleaned, empty ones dropped, each of sane length.
    public static func list(_ items: [String], field: String, required: Bool, max: Int = TextLimit.name) throws -> [String] {
        let cleaned = items.map(CleanText.strip).filter { !$0.isEmpty }
        if required, cleaned.isEmpty { throw DomainError(.required, field: field) }
        guard cleaned.count <= TextLimit.listItems else {
            throw DomainError(.tooLong, field: field, value: String(cleaned.count), ["max": String(TextLimit.listItems)])
        }
        for item in cleaned { _ = try CleanText.withinLimit(item, field: field, max: max) }
        return cleaned
    }

    public static func int(_ text: String, field: String, range: ClosedRange<Int>) throws -> Int {
        guard let value = Int(CleanText.strip(text)) else { throw DomainError(.invalid, field: field, value: text) }
        return try int(value, field: field, range: range)
    }

    public static func int(_ value: Int, field: String, range: ClosedRange<Int>) throws -> Int {
        guard range.contains(value) else {
            throw DomainError(.invalid, field: field, value: String(value),
                              ["min": String(range.lowerBound), "max": String(range.upperBound)])
        }
        return value
    }

    public static func bool(_ text: String, field: String) throws -> Bool {
        switch CleanText.strip(text).lowercased() {
        case "true", "yes", "1", "y", "是": return true
        case "false", "no", "0", "n", "否": return false
        default: throw DomainError(.invalid, field: field, value: text)
        }
    }

    /// A record named by its short id as typed (any case: `d2026-0003`, `k0012`): required, and
    /// found by `find` (given the id in capitals), or refused as an unknown record.
    static func record<Record>(_ id: String, field: String, _ find: (String) -> Record?) throws -> Record {
        try record(id, field: field, find, closed: { _ in nil })
    }

    /// A record as `record` finds it that must still be open, or refused as closed with its status.
    static func open<Record: ClosableRecord>(_ id: String, field: String, _ find: (String) -> Record?) throws -> Record {
        try record(id, field: field, find, closed: { $0.closedStatus })
    }

    private static func record<Record>(_ id: String, field: String, _ find: (String) -> Record?,
                                       closed: (Record) -> String?) throws -> Record {
        let cleaned = CleanText.strip(id).uppercased()
        guard !cleaned.isEmpty else { throw DomainError(.required, field: field) }
        guard let found = find(cleaned) else { throw DomainError(.unknownRecord, field: field, value: cleaned) }
        if let status = closed(found) { throw DomainError(.closed, field: field, value: cleaned, ["status": status]) }
        return found
    }

    /// The entry's time must not be before `earliest` (the thing it belongs to began then).
    public static func notBefore(_ earliest: Date, _ context: WriteContext, what: String) throws {
        guard context.when >= earliest else {
            let (when, start) = OfficeTime.readable(context.when, earliest)  // 20:43:05 before 20:43:40
            throw DomainError(.beforeStart, field: "at", value: when, ["earliest": start, "record": what])
        }
    }

    /// What is recorded as it happens (a PIN set, a look at a whole number, an export): a
    /// back-dated write (`--at`) is refused, naming the time asked for.
    public static func now(_ context: WriteContext) throws {
        guard context.at == nil else { throw DomainError(.invalid, field: "at", value: RFC3339.format(context.when)) }
    }
}

/// Short ids: `P0007`, `K0012`, `I0005`, `S0003`, `D2026-0003`.
public enum ShortID {
    public static func make(_ prefix: String, _ number: Int) -> String {
        let digits = String(number)
        return prefix + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
