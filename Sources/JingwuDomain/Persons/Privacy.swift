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

    /// Text with every personal number in it masked, wherever it stands: glued to letters or
    /// Chinese (`tel13800138000`, `张三110101199003071234x`) as well as between spaces.
    ///
    /// - 18-character resident ID numbers (17 digits and a digit or `X`/`x`) and 15-digit
    ///   first-generation ones: `110101********0011`.
    /// - Mainland mobile numbers, 11 digits starting with `1`, also written with a `+86`/`86`
    ///   prefix or in groups with spaces or dashes (`+86 138-0013-8000`): `+86 138****8000`.
    /// - Any other run of 12 or more digits (a number with a digit too many, two numbers
    ///   written together, a bank card) keeps only its last 4 digits: nothing of a number in
    ///   it may leak because it does not have the expected length.
    /// Full-width digits (０–９, typed by a Chinese input method) count as digits.
    /// Event ids (UUIDs) and hashes (32, 40, 64 or 128 hex characters holding a letter) are
    /// left whole: they are not personal and `jingwu log` must print them exactly.
    /// Masking is idempotent; mask before cutting text to a width, never after.
    public static func maskNumbers(in text: String) -> String {
        var ignored: [(masked: String, whole: String)] = []
        return mask(text, replacements: &ignored, collect: false)
    }

    /// `edited` with every masked number of `original` put back whole: a form prefilled with
    /// masked text, partly retyped, must not store the mask in place of the number.
    public static func restoring(_ edited: String, from original: String) -> String {
        var replacements: [(masked: String, whole: String)] = []
        _ = mask(original, replacements: &replacements, collect: true)
        var out = edited
        for r in replacements.sorted(by: { $0.masked.count > $1.masked.count }) where r.masked != r.whole {
            out = out.replacingOccurrences(of: r.masked, with: r.whole)
        }
        return out
    }

    /// As `maskNumbers`, without the quick test for a long run of digits: what that test must
    /// never change (`PrivacyTests`).
    static func maskNumbersReadingEveryRun(in text: String) -> String {
        var ignored: [(masked: String, whole: String)] = []
        return mask(text, replacements: &ignored, collect: false, checkRuns: false)
    }

    private static func mask(_ text: String, replacements: inout [(masked: String, whole: String)], collect: Bool,
                             checkRuns: Bool = true) -> String {
        // Fast path, before anything is allocated: fewer than 11 digits cannot hold a number worth masking.
        // Counted on the UTF-8 bytes (as `mayHoldNumber`): an ASCII digit, or a full-width one
        // (U+FF10–FF19: EF BC 90–99), exactly the digits `digitValue` knows.
        guard holdsElevenDigits(text) else { return text }
        // Nor can a text whose digits never stand 11 in one run of groups (digits joined by one
        // separator each, as the loop below reads them): dates and times, `2025-12-30 14:05`, are
        // the rule in a report's cells. Everything masked is a run of at least 11 digits (a whole
        // number of 11, 13, 15, 17 or 18, or a run of 12 or more): the text comes back as it was.
        guard !checkRuns || holdsLongDigitRun(text) else { return text }
        let s = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < s.count {
            if let end = identifierEnd(s, i) {
                out.append(contentsOf: s[i..<end])
                i = end
                continue
            }
            guard digitValue(s[i]) != nil else {
                out.append(s[i])
                i += 1
                continue
            }
            // Groups of digits joined by one space or dash each: `138 0013 8000`, `110101-19900307-1234`.
            var groups: [Range<Int>] = []
            var j = i
            while true {
                var k = j
                while k < s.count, digitValue(s[k]) != nil { k += 1 }
                groups.append(j..<k)
                guard k + 1 < s.count, isSeparator(s[k]), digitValue(s[k + 1]) != nil else { break }
                j = k + 1
            }
            // The longest leading run of groups that is a whole number; else the first group alone.
            var masked: (text: String.UnicodeScalarView, end: Int)?
            for count in stride(from: groups.count, through: 1, by: -1) {
                masked = maskWhole(s, groups[0].lowerBound..<groups[count - 1].upperBound, joined: count > 1)
                if masked != nil { break }
            }
            let start = i
            if let masked {
                out.append(contentsOf: masked.text)
                i = masked.end
                if collect { replacements.append((String(masked.text), String(String.UnicodeScalarView(s[start..<i])))) }
            } else {
                let run = maskRun(s, groups[0])
                out.append(contentsOf: run)
                i = groups[0].upperBound
                if collect { replacements.append((String(run), String(String.UnicodeScalarView(s[start..<i])))) }
            }
        }
        return String(out)
    }

    /// True when `text` holds at least 11 digits (ASCII or full-width), wherever they stand.
    private static func holdsElevenDigits(_ text: String) -> Bool {
        guard text.utf8.count >= 11 else { return false }
        var digits = 0
        var before: UInt8 = 0, last: UInt8 = 0
        for byte in text.utf8 {
            if (0x30...0x39).contains(byte) || (before == 0xEF && last == 0xBC && (0x90...0x99).contains(byte)) {
                digits += 1
                if digits >= 11 { return true }
            }
            before = last
            last = byte
        }
        return false
    }

    /// True when some run of digit groups in `text` (ASCII or full-width digits, groups joined by
    /// exactly one separator — space, dash or ideographic space — with a digit after it) holds
    /// at least 11 digits: the only places `mask` changes anything. No allocation.
    static func holdsLongDigitRun(_ text: String) -> Bool {
        var run = 0
        var afterDigit = false
        var afterSeparator = false
        for c in text.unicodeScalars {
            if digitValue(c) != nil {
                run = afterDigit || afterSeparator ? run + 1 : 1
                if run >= 11 { return true }
                afterDigit = true
                afterSeparator = false
            } else if afterDigit, isSeparator(c) {
                afterDigit = false
                afterSeparator = true
            } else {
                afterDigit = false
                afterSeparator = false
                run = 0
            }
        }
        return false
    }

    /// False when UTF-8 text holds fewer than 11 digits (ASCII or full-width): nothing in it can be masked.
    public static func mayHoldNumber(_ utf8: Data) -> Bool {
        var digits = 0
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in utf8 {
            // ASCII 0-9, or the last byte of a full-width digit (EF BC 90–99).
            if (0x30...0x39).contains(byte) || (previous == (0xEF, 0xBC) && (0x90...0x99).contains(byte)) {
                digits += 1
                if digits >= 11 { return true }
            }
            previous = (previous.1, byte)
        }
        return false
    }

    /// The masked form of `s[range]` when its digits (separators dropped) are a whole ID or
    /// mobile number, and where the number ends (after a final `X`). Digits written in groups
    /// (`joined`) count as a mobile number only when they start with 13–19, so that counts and
    /// dates written side by side are not taken for one.
    private static func maskWhole(_ s: [Unicode.Scalar], _ range: Range<Int>, joined: Bool)
        -> (text: String.UnicodeScalarView, end: Int)? {
        let chars = String.UnicodeScalarView(s[range].filter { digitValue($0) != nil })
        let digits = chars.map { digitValue($0)! }
        let kept = String(chars)
        // In groups, an ID number is written region first (`110101 19900307 1234`).
        let sizes = joined ? groupSizes(s, range) : []
        let idShaped = !joined || (sizes.first == 6 && sizes.allSatisfy { $0 >= 3 })
        if digits.count == 17, idShaped, range.upperBound < s.count, s[range.upperBound] == "X" || s[range.upperBound] == "x" {
            return (maskIDNumber(kept + String(s[range.upperBound])).unicodeScalars, range.upperBound + 1)
        }
        if digits.count == 18 || (digits.count == 15 && !joined), idShaped {
            return (maskIDNumber(kept).unicodeScalars, range.upperBound)
        }
        // In groups, a mobile number starts 13–19 and no group is shorter than 3 (`86` aside).
        let phoneShaped = !joined || sizes.drop(while: { $0 == 2 }).allSatisfy { $0 >= 3 }
        func mobile(_ d: ArraySlice<UInt32>) -> Bool {
            d.first == 1 && phoneShaped && (!joined || d.dropFirst().first! >= 3)
        }
        if digits.count == 11, mobile(digits[...]) { return (maskPhone(kept).unicodeScalars, range.upperBound) }
        if digits.count == 13, digits[0] == 8, digits[1] == 6, mobile(digits.dropFirst(2)) {
            let text = String(String.UnicodeScalarView(chars.prefix(2)))
                + maskPhone(String(String.UnicodeScalarView(chars.dropFirst(2))))
            return (text.unicodeScalars, range.upperBound)
        }
        return nil
    }

    /// One run of digits that is not a whole number: 12 or more digits keep their last 4.
    private static func maskRun(_ s: [Unicode.Scalar], _ run: Range<Int>) -> String.UnicodeScalarView {
        guard run.count >= 12 else { return String.UnicodeScalarView(s[run]) }
        var out = String.UnicodeScalarView(repeating: "*", count: run.count - 4)
        out.append(contentsOf: s[(run.upperBound - 4)..<run.upperBound])
        return out
    }

    /// The digit counts of the groups in `s[range]`.
    private static func groupSizes(_ s: [Unicode.Scalar], _ range: Range<Int>) -> [Int] {
        s[range].split(whereSeparator: isSeparator).map(\.count)
    }

    /// 0–9 for an ASCII or full-width digit.
    private static func digitValue(_ c: Unicode.Scalar) -> UInt32? {
        if (0x30...0x39).contains(c.value) { return c.value - 0x30 }
        if (0xFF10...0xFF19).contains(c.value) { return c.value - 0xFF10 }
        return nil
    }

    private static func isSeparator(_ c: Unicode.Scalar) -> Bool { c == " " || c == "-" || c == "\u{3000}" }

    private static func isHex(_ c: Unicode.Scalar) -> Bool {
        (0x30...0x39).contains(c.value) || (0x41...0x46).contains(c.value) || (0x61...0x66).contains(c.value)
    }

    /// The end of an event id or a hash starting at `i` (not in the middle of a longer hex word), else nil.
    private static func identifierEnd(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        guard isHex(s[i]), i == 0 || !(isHex(s[i - 1]) || s[i - 1] == "-") else { return nil }
        var end = i
        while end < s.count, isHex(s[end]) || s[end] == "-" { end += 1 }
        let word = s[i..<end]
        let groups = word.split(separator: "-", omittingEmptySubsequences: false).map(\.count)
        if groups == [8, 4, 4, 4, 12] { return end }
        guard groups.count == 1, [32, 40, 64, 128].contains(word.count),
              word.contains(where: { $0.value >= 0x41 }), word.contains(where: { $0.value < 0x3A }) else { return nil }
        return end
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

/// Shows a key person's (or a registered resident's, `R0001`) whole ID number: records the look
/// first, then the caller shows it. One rule and one record for both: residents' numbers are
/// masked and revealed exactly as key persons' are.
public struct RevealIDNumber: OfficeCommand {
    public static let leastRole: LeastRole = .police(action: "reveal-id", field: "person")
    public var person: String
    public var purpose: String?
    public init(person: String, purpose: String? = nil) { self.person = person; self.purpose = purpose }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        // Delisted persons keep their file; only a voided listing has none.
        let id = try state.population.resident(CleanText.strip(person).uppercased())?.id
            ?? Validate.record(person, field: "person", state.persons.person).id
        let purpose = try CleanText.optional(purpose, field: "purpose", max: TextLimit.short)
        try Validate.now(context)
        return Decision([IDNumberRevealed(person: id, purpose: purpose)], entityID: id)
    }
}

extension OfficeState {
    mutating func fold(_ e: IDNumberRevealed, _ envelope: Envelope) {
        reveals.add(IDReveal(person: e.person, by: envelope.by, purpose: e.purpose, at: envelope.at, event: envelope.id))
        targets[envelope.id] = .reveal(reveals.reveals.count - 1)
    }
}

extension IDNumberRevealed {
    public static let voiding = Voiding.nothing
    /// A look at an ID number stays on record as it was.
    public static let amendable: [AmendableField] = []
}
