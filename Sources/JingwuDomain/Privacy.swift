import Foundation
import JingwuJournal

// Resident ID numbers (居民身份证号码) and phone numbers are shown masked in every list,
// report and log. The whole ID number appears only in a person's file after an explicit
// key, and that look is itself an event (IDNumberRevealed: who looked, when, why).

/// Masking of personal numbers for display.
public enum Privacy {
    /// `110101********0011`: the region code (first 6) and the last 4 stay, the birth date
    /// and sequence are hidden.
    public static func maskIDNumber(_ number: String) -> String {
        let characters = Array(number)
        guard characters.count > 10 else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(6)) + String(repeating: "*", count: characters.count - 10)
            + String(characters.suffix(4))
    }

    /// `138****5678`: the first 3 and last 4 digits of a mobile number; shorter numbers keep their last 2.
    public static func maskPhone(_ phone: String) -> String {
        let characters = Array(phone)
        if characters.count >= 11 {
            return String(characters.prefix(3)) + String(repeating: "*", count: characters.count - 7)
                + String(characters.suffix(4))
        }
        guard characters.count > 2 else { return String(repeating: "*", count: characters.count) }
        return String(repeating: "*", count: characters.count - 2) + String(characters.suffix(2))
    }

    /// Text with every run of exactly 18 ID-number characters (17 digits and a digit or `X`)
    /// masked, and every run of exactly 11 digits starting with `1` (a mobile number) masked.
    /// Longer or shorter digit runs (sequence numbers, times) are left alone.
    public static func maskNumbers(in text: String) -> String {
        let characters = Array(text)
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var i = 0
        func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }
        while i < characters.count {
            guard isDigit(characters[i]) else {
                out.append(characters[i])
                i += 1
                continue
            }
            var j = i
            while j < characters.count, isDigit(characters[j]) { j += 1 }
            // An ID number may end in X.
            if j - i == 17, j < characters.count, characters[j] == "X" || characters[j] == "x",
               !(j + 1 < characters.count && (characters[j + 1].isLetter || isDigit(characters[j + 1]))) {
                j += 1
            }
            let run = String(characters[i..<j])
            // A run glued to a letter on either side is part of a code, an event id (UUID) or a hash,
            // not a person's number: masking it would silently alter ids in `jingwu log --json`.
            let letterBefore = i > 0 && characters[i - 1].isASCII && characters[i - 1].isLetter
            let letterAfter = j < characters.count && characters[j].isASCII && characters[j].isLetter
            let glued = letterBefore || letterAfter
            if run.count == 18 && !glued {
                out += maskIDNumber(run)
            } else if run.count == 11, run.hasPrefix("1"), !glued {
                out += maskPhone(run)
            } else {
                out += run
            }
            i = j
        }
        return out
    }
}

extension ResidentID {
    /// The masked form shown in lists (`110101********0011`).
    public static func mask(_ number: String) -> String { Privacy.maskIDNumber(number) }
}

// MARK: The reveal event

/// Someone looked at a key person's whole ID number (the `by` of the record says who).
public struct IDNumberRevealed: EventPayload {
    public static let type = "IDNumberRevealed"
    public static let version = 1
    public var person: String
    /// Why the number was needed (optional: the record of the look is what matters).
    public var purpose: String?
    public init(person: String, purpose: String? = nil) { self.person = person; self.purpose = purpose }
    public var asEvent: DomainEvent { .idNumberRevealed(self) }
}

/// One look at a whole ID number.
public struct IDReveal: Sendable, Equatable {
    public var person: String
    /// Badge of the operator who looked.
    public var by: String
    public var purpose: String?
    public var at: Date
    public var event: UUID
}

/// Every look at a whole ID number, in journal order.
public struct RevealLog: Sendable, Equatable {
    public internal(set) var reveals: [IDReveal] = []
    /// Indexes into `reveals` per person.
    var byPerson: [String: [Int]] = [:]

    /// The looks at one person's number, oldest first.
    public func reveals(of person: String) -> [IDReveal] { (byPerson[person] ?? []).map { reveals[$0] } }

    mutating func add(_ reveal: IDReveal) {
        byPerson[reveal.person, default: []].append(reveals.count)
        reveals.append(reveal)
    }
}

/// Shows a key person's whole ID number: records the look first, then the caller shows it.
public struct RevealIDNumber: OfficeCommand {
    public var person: String
    public var purpose: String?
    public init(person: String, purpose: String? = nil) { self.person = person; self.purpose = purpose }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let cleaned = CleanText.strip(person).uppercased()
        guard !cleaned.isEmpty else { throw DomainError(.required, field: "person") }
        // Delisted persons keep their file; only a voided listing has none.
        guard let found = state.persons.person(cleaned) else { throw DomainError(.unknownRecord, field: "person", value: cleaned) }
        let purpose = try CleanText.optional(purpose, field: "purpose", max: TextLimit.short)
        guard context.at == nil else { throw DomainError(.invalid, field: "at", value: RFC3339.format(context.when)) }
        return Decision([IDNumberRevealed(person: found.id, purpose: purpose)], entityID: found.id)
    }
}

extension OfficeState {
    mutating func applyReveal(_ e: IDNumberRevealed, _ envelope: Envelope) {
        reveals.add(IDReveal(person: e.person, by: envelope.by, purpose: e.purpose, at: envelope.at, event: envelope.id))
        targets[envelope.id] = .reveal(reveals.reveals.count - 1)
    }
}
