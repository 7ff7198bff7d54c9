import Foundation

// 反诈预警 (anti-fraud warnings), DOMAIN.md §6: the station pushes a risk warning
// (level 高/中/低) about a person or household and a phone number; the office acts on
// it with a dissuasion (劝阻) and records the outcome. A warning with no dissuasion, or
// whose last attempt did not reach anyone, still needs action and shows on the overview.

// MARK: Codes

/// Risk level of a warning (高/中/低 风险预警).
public enum FraudLevel: String, DomainCode {
    case high, medium, low
    public static let codeKind = "fraud_level"
    /// Sort rank: high first.
    public var rank: Int {
        switch self {
        case .high: 0
        case .medium: 1
        case .low: 2
        }
    }
}

/// How the dissuasion was made.
public enum DissuasionMethod: String, DomainCode {
    case home, phone, other
    public static let codeKind = "dissuasion_method"
}

/// What the dissuasion achieved.
public enum DissuasionOutcome: String, DomainCode {
    case dissuaded, unreachable, defrauded
    public static let codeKind = "dissuasion_outcome"
}

// MARK: Events

/// A risk warning reached the office.
public struct FraudWarningReceived: EventPayload {
    public static let type = "FraudWarningReceived"
    public static let version = 1
    /// Short id, `F0004`.
    public var warning: String
    public var level: FraudLevel
    /// The person or household warned about (name, or household and address).
    public var target: String
    /// The listed key person, when the warning is about one.
    public var person: String?
    /// The phone number the warning names (digits; stored whole, shown masked).
    public var phone: String
    public var cell: String?
    public var note: String?
    public init(warning: String, level: FraudLevel, target: String, person: String? = nil, phone: String,
                cell: String? = nil, note: String? = nil) {
        self.warning = warning; self.level = level; self.target = target; self.person = person; self.phone = phone
        self.cell = cell; self.note = note
    }
    public var asEvent: DomainEvent { .fraudWarningReceived(self) }
}

/// A dissuasion (劝阻) was made on a warning.
public struct FraudDissuasionRecorded: EventPayload {
    public static let type = "FraudDissuasionRecorded"
    public static let version = 1
    public var warning: String
    /// Badge of who made it (民警, 巡防队, 联户长, 义警 on the roster).
    public var by: String
    public var method: DissuasionMethod
    public var outcome: DissuasionOutcome
    public var note: String?
    public init(warning: String, by: String, method: DissuasionMethod, outcome: DissuasionOutcome, note: String? = nil) {
        self.warning = warning; self.by = by; self.method = method; self.outcome = outcome; self.note = note
    }
    public var asEvent: DomainEvent { .fraudDissuasionRecorded(self) }
}

// MARK: Projection

/// One dissuasion attempt.
public struct Dissuasion: Sendable, Equatable {
    public var by: String
    public var method: DissuasionMethod
    public var outcome: DissuasionOutcome
    public var note: String?
    public var at: Date
    public var event: UUID
    public var voided = false
}

/// Where a warning stands.
public enum FraudWarningStatus: String, Sendable, CaseIterable {
    /// Nobody has acted on it yet.
    case pending
    /// Tried, but nobody was reached: still to do.
    case unreachable
    case dissuaded
    case defrauded
    /// Still needs someone to act.
    public var needsAction: Bool { self == .pending || self == .unreachable }
}

/// An anti-fraud warning and what was done about it.
public struct FraudWarning: Sendable, Equatable, KeyedItem, ClosableRecord {
    public var id: String
    public var level: FraudLevel
    public var target: String
    public var person: String?
    public var phone: String
    public var cell: String?
    public var note: String?
    public var at: Date
    public var event: UUID
    public var voided = false
    public var dissuasions: [Dissuasion] = []

    public var liveDissuasions: [Dissuasion] { dissuasions.filter { !$0.voided } }
    public var status: FraudWarningStatus {
        switch liveDissuasions.last?.outcome {
        case nil: return .pending
        case .unreachable: return .unreachable
        case .dissuaded: return .dissuaded
        case .defrauded: return .defrauded
        }
    }
    /// Closed to more dissuasions once someone was reached.
    var closedStatus: String? { status.needsAction ? nil : status.rawValue }
}

/// The office's anti-fraud warnings.
public struct FraudBook: Sendable, Equatable, KeyedBook {
    var list = KeyedList<FraudWarning>()
    /// Every warning ever received, voided ones included, in order.
    public var warnings: [FraudWarning] { list.items }

    public func warning(_ id: String) -> FraudWarning? { list.live(id) }
    /// Warnings ever received (numbering `F0001`…).
    public var count: Int { list.count }
}

// MARK: Commands

/// Phone numbers as officers type them: digits, with `+86`, spaces and dashes allowed.
public enum PhoneNumber {
    /// The digits of a phone number (7–15 of them; a leading +86 or 0086 dropped), or a refusal at `field`.
    public static func validate(_ text: String, field: String = "phone") throws -> String {
        let cleaned = CleanText.strip(text)
        guard !cleaned.isEmpty else { throw DomainError(.required, field: field) }
        var digits = ""
        for (offset, c) in cleaned.enumerated() {
            if c.isASCII && c.isNumber {
                digits.append(c)
            } else if c == " " || c == "-" || (c == "+" && offset == 0) {
                continue
            } else {
                throw DomainError(.invalid, field: field, value: cleaned)
            }
        }
        if cleaned.hasPrefix("+86") || cleaned.hasPrefix("0086") {
            digits = String(digits.dropFirst(cleaned.hasPrefix("+") ? 2 : 4))
        }
        guard (7...15).contains(digits.count) else { throw DomainError(.invalid, field: field, value: cleaned) }
        // A mainland mobile number is 11 digits starting with 1.
        if digits.hasPrefix("1"), digits.count != 11 { throw DomainError(.invalid, field: field, value: cleaned) }
        return digits
    }
}

/// `fraud warn`: a risk warning is received.
public struct ReceiveFraudWarning: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var level: FraudLevel
    public var target: String
    public var person: String?
    public var phone: String
    public var cell: String?
    public var note: String?
    public init(level: FraudLevel, target: String, person: String? = nil, phone: String, cell: String? = nil,
                note: String? = nil) {
        self.level = level; self.target = target; self.person = person; self.phone = phone; self.cell = cell
        self.note = note
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        var personID: String?
        var targetText = CleanText.strip(target)
        if let person, !CleanText.strip(person).isEmpty {
            let found = try Validate.open(person, field: "person", state.persons.person)
            personID = found.id
            if targetText.isEmpty { targetText = found.name }
        }
        let target = try CleanText.required(targetText, field: "target", max: TextLimit.short)
        let phone = try PhoneNumber.validate(phone)
        var cellCode: String?
        if let cell, !CleanText.strip(cell).isEmpty { cellCode = try Validate.cell(cell, field: "cell", state).code }
        let note = try CleanText.optional(note, field: "note", max: TextLimit.long)
        let id = ShortID.make("F", state.fraud.count + 1)
        return Decision([FraudWarningReceived(warning: id, level: level, target: target, person: personID, phone: phone,
                                              cell: cellCode, note: note)], entityID: id)
    }
}

/// `fraud dissuade`: a dissuasion on a warning still needing action.
public struct RecordDissuasion: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var warning: String
    public var by: String
    public var method: DissuasionMethod
    public var outcome: DissuasionOutcome
    public var note: String?
    public init(warning: String, by: String, method: DissuasionMethod, outcome: DissuasionOutcome, note: String? = nil) {
        self.warning = warning; self.by = by; self.method = method; self.outcome = outcome; self.note = note
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let found = try Validate.open(warning, field: "warning", state.fraud.warning)
        let by = try Validate.officer(by, field: "by", state).badge
        let note = try CleanText.optional(note, field: "note", max: TextLimit.long)
        try Validate.notBefore(found.at, context, what: found.id)
        return Decision([FraudDissuasionRecorded(warning: found.id, by: by, method: method, outcome: outcome, note: note)],
                        entityID: found.id)
    }
}

// MARK: Fold and queries

extension OfficeState {
    mutating func fold(_ e: FraudWarningReceived, _ envelope: Envelope) {
        fraud.add(FraudWarning(id: e.warning, level: e.level, target: e.target, person: e.person, phone: e.phone,
                               cell: e.cell, note: e.note, at: envelope.at, event: envelope.id))
        targets[envelope.id] = .fraudWarning(e.warning)
    }

    mutating func fold(_ e: FraudDissuasionRecorded, _ envelope: Envelope) {
        let dissuasion = Dissuasion(by: e.by, method: e.method, outcome: e.outcome, note: e.note, at: envelope.at,
                                    event: envelope.id)
        let position = fraud.append(dissuasion, to: \.dissuasions, of: e.warning)
        targets[envelope.id] = .dissuasion(e.warning, position)
    }

    /// Live warnings, newest first.
    public var fraudWarnings: [FraudWarning] { fraud.warnings.filter { !$0.voided }.reversed() }

    /// Warnings nobody has acted on yet (or nobody was reached): high level first, then oldest.
    public var fraudWarningsNeedingAction: [FraudWarning] {
        fraud.warnings.filter { !$0.voided && $0.status.needsAction }
            .sorted { ($0.level.rank, $0.at, $0.id) < ($1.level.rank, $1.at, $1.id) }
    }

    /// Live warnings received in `[from, to)`.
    public func fraudWarnings(from: Date, to: Date) -> [FraudWarning] {
        fraud.warnings.filter { !$0.voided && $0.at >= from && $0.at < to }
    }
}

// MARK: Corrections: what may be amended, what voiding undoes (AmendableField.swift)


extension FraudWarningReceived {
    public static let voiding = Voiding { s, t in
        if case .fraudWarning(let id) = t { s.fraud.update(id) { $0.voided = true } }
    }
    public static let amendable: [AmendableField] = [
        .code("level", FraudLevel.self) { s, t, v in if case .fraudWarning(let id) = t { s.fraud.update(id) { $0.level = v } } },
        .text("target", max: TextLimit.short) { s, t, v in
            if case .fraudWarning(let id) = t { s.fraud.update(id) { $0.target = v } }
        },
        AmendableField("phone", normalise: { value, _, _ in try PhoneNumber.validate(value, field: "phone") },
                       apply: { s, t, v in if case .fraudWarning(let id) = t { s.fraud.update(id) { $0.phone = v } } }),
        .cell { s, t, v in if case .fraudWarning(let id) = t { s.fraud.update(id) { $0.cell = v } } },
        .text("note") { s, t, v in if case .fraudWarning(let id) = t { s.fraud.update(id) { $0.note = v } } },
    ]
}

extension FraudDissuasionRecorded {
    public static let voiding = Voiding { s, t in dissuasion(&s, t) { $0.voided = true } }
    /// Changes the dissuasion at `target`, if it is one and there.
    private static func dissuasion(_ s: inout OfficeState, _ t: EventTarget, _ change: (inout Dissuasion) -> Void) {
        guard case .dissuasion(let id, let position) = t else { return }
        s.fraud.update(id, \.dissuasions, at: position, change)
    }

    public static let amendable: [AmendableField] = [
        .code("method", DissuasionMethod.self) { s, t, v in dissuasion(&s, t) { $0.method = v } },
        .code("outcome", DissuasionOutcome.self) { s, t, v in dissuasion(&s, t) { $0.outcome = v } },
        .text("note") { s, t, v in dissuasion(&s, t) { $0.note = v } },
    ]
}
