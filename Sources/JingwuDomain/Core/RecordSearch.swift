import Foundation

// The console's search (`/`) and jump (`#`), issue 17: which records match what the officer
// typed. Here rather than in the console so that it runs optimised (this module is built with
// -O in debug builds too): a station's journal holds tens of thousands of records, searched at
// every key typed.

/// What the officer typed, read once: a name (or any text), a whole number (an 18-digit ID
/// number, a phone) or the number of a record (`7` finds K0007, P0007, D2026-0007).
///
/// A whole number matches only a whole number in a record, never a part of one, and text is
/// matched against the masked text: typing digits cannot probe what the mask hides.
public struct RecordQuery: Sendable {
    /// Control characters stripped, trimmed.
    public let text: String
    /// The digits (and a final X) when the query is a number: spaces and dashes dropped.
    public let number: String?
    /// The text for the fast case-insensitive search on UTF-8 bytes (`FoldedNeedle`), nil where
    /// only Foundation's comparison answers (or the query is a number).
    private let folded: FoldedNeedle?
    private let holdsMask: Bool
    /// The text case-folded, as bytes, when that is ASCII (`k0007`); nil when it is not, and then
    /// it equals no ASCII id however its case is taken (`王`, `Ｋ0007`).
    private let foldedID: [UInt8]?
    /// The text with full-width letters, digits and dashes as ASCII: what an id is compared with.
    private let idText: String


    public init?(_ raw: String) {
        let cleaned = CleanText.strip(raw).trimmingCharacters(in: .whitespaces)
        guard !cleaned.isEmpty else { return nil }
        text = cleaned
        // An input method in full-width mode (全角) types `Ｋ０００７` and `１３８…`: letters, digits and
        // the dash read as ASCII for the number and the id (text is matched as typed).
        let halfWidth = CleanText.halfWidth(cleaned)
        idText = halfWidth
        let packed = halfWidth.filter { $0 != " " && $0 != "-" }.uppercased()
        let isNumber = !packed.isEmpty && packed.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "X") }
            && packed.contains(where: \.isNumber)
        number = isNumber ? packed : nil
        folded = isNumber ? nil : FoldedNeedle(cleaned)
        holdsMask = cleaned.contains("*")
        let caseFolded = halfWidth.folding(options: .caseInsensitive, locale: nil)
        foldedID = caseFolded.utf8.allSatisfy { $0 < 0x80 } ? caseFolded.utf8.map(FoldedNeedle.lower) : nil
    }

    /// A whole number long enough to be an ID number or a phone (7 digits or more).
    public var isWholeNumber: Bool { (number?.count ?? 0) >= 7 }

    /// The record's number part (`K0007` → 7, `D2026-0007` → 7) equals the typed one, or its id
    /// is what was typed (`k0007`, `d2026-0007`).
    public func matchesID(_ id: String) -> Bool {
        if equalsIgnoringCase(id) { return true }
        guard let number, !isWholeNumber, let typed = Int(number) else { return false }
        var value = 0
        var place = 1
        var digits = 0
        for c in id.utf8.reversed() {
            guard c >= 48 && c <= 57 else { break }
            value += Int(c - 48) * place
            place *= 10
            digits += 1
            if digits > 12 { return false }
        }
        return digits > 0 && value == typed
    }

    /// `id` is the typed text (full-width letters and digits as ASCII), case aside
    /// (`caseInsensitiveCompare`). Every record's id is tried at
    /// every key typed on 总览, so an ASCII id (every id the office makes) is compared on its bytes
    /// against the folded text; Foundation answers for any other.
    func equalsIgnoringCase(_ id: String) -> Bool {
        var id = id
        let answer: Bool? = id.withUTF8 { bytes in
            guard let foldedID else {
                // The text folds to something beyond ASCII: no ASCII id equals it.
                return bytes.allSatisfy { $0 < 0x80 } ? false : nil
            }
            guard bytes.count == foldedID.count else {
                return bytes.allSatisfy { $0 < 0x80 } ? false : nil
            }
            for (b, f) in zip(bytes, foldedID) {
                if b >= 0x80 { return nil }
                if FoldedNeedle.lower(b) != f { return false }
            }
            return true
        }
        return answer ?? (id.caseInsensitiveCompare(idText) == .orderedSame)
    }

    /// Text (a name, a word of a summary) found in the masked `value`; never for a number.
    public func matchesText(_ value: String) -> Bool {
        guard number == nil else { return false }
        // Plain text (ASCII, Chinese, their punctuation) on both sides: compared on the bytes,
        // ASCII case folded, with Foundation's answer (a keystroke searches every record).
        if let folded {
            if !holdsMask, let found = folded.found(in: value), !found { return false }
            if let found = folded.found(in: Privacy.maskNumbers(in: value)) { return found }
        }
        // Masking only turns digits into `*`: text not in the record is not in its masked text
        // either (unless the query holds a `*`), so most records are passed over unmasked.
        if !text.contains("*") && value.range(of: text, options: .caseInsensitive) == nil { return false }
        return Privacy.maskNumbers(in: value).range(of: text, options: .caseInsensitive) != nil
    }

    /// The typed whole number is one of the numbers written in `value` (a phone inside a summary,
    /// an ID number): compared whole, spaces and dashes between its digits allowed.
    public func matchesNumber(in value: String) -> Bool {
        guard isWholeNumber, let number else { return false }
        var run = ""
        for c in value.uppercased() {
            if c.isASCII && (c.isNumber || c == "X") {
                run.append(c)
            } else if (c == " " || c == "-") && !run.isEmpty {
                continue
            } else {
                if run == number { return true }
                run = ""
            }
        }
        return run == number
    }
}

/// A record the search found.
public enum RecordMatch: Sendable {
    case person(KeyPerson)
    case dispute(Dispute)
    case incident(Incident)
    case fraudWarning(FraudWarning)
    case patrol(Patrol)
    case cell(Cell)
    // Session 11 (issue 20's registers): a reception day, a rectification notice, a hazard.
    case receptionDay(ReceptionDay)
    case notice(RectificationNotice)
    case hazard(Hazard)
}

/// Which records a search looks at.
public struct RecordKinds: OptionSet, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let persons = RecordKinds(rawValue: 1 << 0)
    /// Disputes by party (and id).
    public static let disputeParties = RecordKinds(rawValue: 1 << 1)
    /// Disputes by party, summary and id.
    public static let disputes = RecordKinds(rawValue: 1 << 2)
    public static let incidents = RecordKinds(rawValue: 1 << 3)
    public static let fraudWarnings = RecordKinds(rawValue: 1 << 4)
    public static let patrols = RecordKinds(rawValue: 1 << 5)
    public static let cells = RecordKinds(rawValue: 1 << 6)
    /// Reception days (接访日) by host, note and the cases taken in (session 11).
    public static let receptionDays = RecordKinds(rawValue: 1 << 7)
    /// Rectification notices (整改通知书) by id, party, items and hazard (session 11).
    public static let notices = RecordKinds(rawValue: 1 << 8)
    /// Hazards (隐患) by id, note and point (session 11).
    public static let hazards = RecordKinds(rawValue: 1 << 9)
}

extension OfficeState {
    /// The records of `kinds` that `query` finds, newest first within a kind (persons and cells in
    /// list order), at most `limit` of them, and how many there are in all. With `idsOnly` (the
    /// jump) only records whose number or id is what was typed.
    public func search(_ query: RecordQuery, in kinds: RecordKinds, idsOnly: Bool = false, limit: Int)
        -> (matches: [RecordMatch], total: Int) {
        var out: [RecordMatch] = []
        var total = 0
        func add(_ match: @autoclosure () -> RecordMatch) {
            total += 1
            if out.count < limit { out.append(match()) }
        }
        // Every record of a kind is tried at every key typed: the texts are tried one by one (no
        // array made per record) and the records read in place (a record is copied only when found).
        func wanted(_ id: String, text: () -> Bool, numbers: () -> Bool) -> Bool {
            if query.matchesID(id) { return true }
            if idsOnly { return false }
            if query.number == nil { return text() }
            return query.isWholeNumber && numbers()
        }
        func text(_ values: String...) -> Bool { values.contains(where: query.matchesText) }
        if kinds.contains(.persons) {
            let list = persons.persons
            for i in list.indices where !list[i].voided
                && wanted(list[i].id, text: { query.matchesText(list[i].name) },
                          numbers: { query.matchesNumber(in: list[i].idNumber) }) {
                add(.person(list[i]))
            }
        }
        if !kinds.isDisjoint(with: [.disputes, .disputeParties]) {
            let summaries = kinds.contains(.disputes)
            let list = disputes.disputes
            for i in list.indices.reversed() where !list[i].voided
                && wanted(list[i].id,
                          text: { list[i].parties.contains(where: query.matchesText)
                                  || (summaries && query.matchesText(list[i].summary)) },
                          numbers: { list[i].parties.contains(where: query.matchesNumber(in:))
                                     || query.matchesNumber(in: list[i].summary) }) {
                add(.dispute(list[i]))
            }
        }
        if kinds.contains(.incidents) {
            let list = incidents.incidents
            for i in list.indices.reversed() where !list[i].voided
                && wanted(list[i].id, text: { query.matchesText(list[i].summary) || query.matchesText(list[i].cell) },
                          numbers: { query.matchesNumber(in: list[i].summary) }) {
                add(.incident(list[i]))
            }
        }
        if kinds.contains(.fraudWarnings) {
            let list = fraud.warnings
            for i in list.indices.reversed() where !list[i].voided
                && wanted(list[i].id, text: { query.matchesText(list[i].target) },
                          numbers: { query.matchesNumber(in: list[i].phone) || query.matchesNumber(in: list[i].target) }) {
                add(.fraudWarning(list[i]))
            }
        }
        if kinds.contains(.patrols) {
            func name(_ badge: String) -> String { officers.byBadge[badge]?.name ?? badge }
            let list = patrols.patrols
            for i in list.indices.reversed() where !list[i].voided
                && wanted(list[i].id,
                          text: { query.matchesText(name(list[i].lead)) || list[i].members.contains { query.matchesText(name($0)) }
                                  || list[i].plannedCells.contains(where: query.matchesText) },
                          numbers: { false }) {
                add(.patrol(list[i]))
            }
        }
        if kinds.contains(.cells) {
            for cell in cells.all where wanted(cell.code, text: { text(cell.code, cell.name, cell.community) }, numbers: { false }) {
                add(.cell(cell))
            }
        }
        searchCasework(query, in: kinds, idsOnly: idsOnly, wanted: wanted, add: { add($0) })
        return (out, total)
    }

    /// Reception days, notices and hazards (session 11), newest first within a kind. A reception day
    /// has no number of its own: it is found by its host, note and cases, never by the jump.
    private func searchCasework(_ query: RecordQuery, in kinds: RecordKinds, idsOnly: Bool,
                                wanted: (String, () -> Bool, () -> Bool) -> Bool, add: (RecordMatch) -> Void) {
        if kinds.contains(.receptionDays), !idsOnly {
            let list = casework.receptionDays
            for i in list.indices.reversed() where !list[i].voided {
                let found: Bool
                if query.number == nil {
                    let day = list[i]
                    let host = day.host == .officer ? (officers.byBadge[day.hostName]?.name ?? day.hostName) : day.hostName
                    found = query.matchesText(host) || query.matchesText(day.note ?? "") || day.disputes.contains(where: query.matchesText)
                } else {
                    found = list[i].disputes.contains(where: query.matchesID)
                        || (query.isWholeNumber && query.matchesNumber(in: list[i].note ?? ""))
                }
                if found { add(.receptionDay(list[i])) }
            }
        }
        if kinds.contains(.notices) {
            let list = casework.notices
            for i in list.indices.reversed() where !list[i].voided
                && wanted(list[i].id,
                          { query.matchesText(list[i].party) || query.matchesText(list[i].items) || query.matchesText(list[i].hazard) },
                          { query.matchesNumber(in: list[i].party) || query.matchesNumber(in: list[i].items) }) {
                add(.notice(list[i]))
            }
        }
        if kinds.contains(.hazards) {
            let list = patrols.hazards
            for i in list.indices.reversed() where !list[i].voided
                && wanted(list[i].id, { query.matchesText(list[i].note) || query.matchesText(list[i].cell) },
                          { query.matchesNumber(in: list[i].note) }) {
                add(.hazard(list[i]))
            }
        }
    }
}
