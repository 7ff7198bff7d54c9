import Foundation
import JingwuJournal
import JingwuResources

/// A category value with a stable ASCII code (written into the journal) and a Chinese name.
///
/// Display names in either language come from `Resources/strings/*/domain.json`
/// under `domain.code.<codeKind>.<code>`.
public protocol DomainCode: RawRepresentable, CaseIterable, Codable, Sendable, Hashable where RawValue == String {
    /// The list this code belongs to (`patrol_mode`), used in string keys.
    static var codeKind: String { get }
    /// The Chinese name officers use (步巡).
    var chineseName: String { get }
}

extension DomainCode {
    /// The stable ASCII code (`foot`).
    public var code: String { rawValue }
    /// Key of the display name in `Strings`.
    public var nameKey: String { "domain.code.\(Self.codeKind).\(rawValue)" }
    /// The display name in the operator's language.
    public func name(_ strings: Strings) -> String { strings.text(nameKey) }

    /// Reads a code as an operator types it: the ASCII code, the Chinese name, the name
    /// without its bracketed part (小区 for 小区(院落)), or a part of one name only (诈骗
    /// for 电信网络诈骗). A part that several names share is refused with the list.
    public static func parse(_ text: String, field: String) throws -> Self {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let value = Self(rawValue: trimmed.lowercased()) { return value }
        if let value = allCases.first(where: { $0.chineseName == trimmed }) { return value }
        if !trimmed.isEmpty {
            func bare(_ name: String) -> String {
                String(name.prefix { $0 != "(" && $0 != "（" }).trimmingCharacters(in: .whitespaces)
            }
            if let value = allCases.first(where: { bare($0.chineseName) == trimmed }) { return value }
            let containing = allCases.filter { $0.chineseName.contains(trimmed) }
            if containing.count == 1 { return containing[0] }
        }
        throw DomainError(.unknownCode, field: field, value: trimmed,
                          ["allowed": allCases.map { "\($0.rawValue) \($0.chineseName)" }.joined(separator: "|")])
    }
}

/// A refusal from a command (or a record the domain cannot read), naming the field at fault.
///
/// `field` is the name the command line uses for the option (`id-number`, `cell`);
/// the message key is `domain.error.<reason>`. Validation failures exit 65: nothing was written.
public struct DomainError: OperatorError, Equatable, CustomStringConvertible {
    /// Why the command was refused.
    public enum Reason: String, Sendable, CaseIterable {
        case required, tooLong, invalid, unknownCode
        case idNumberFormat, idNumberBirthDate, idNumberCheckDigit
        case unknownOfficer, unknownCell, unknownRecord, duplicate, positionTaken
        case inFuture, beforeStart, backdateNeedsReason, tooFarBack
        // The same patrol at the same cell again within minutes (a double Enter): policy repeatCheckInMinutes.
        case repeatCheckIn
        case closed, busy, wrongRole, notAmendable, notVoidable, unchanged
        // A field that names the police officer responsible (带班民警, 责任民警) names someone else.
        case policeRequired
        // A follow-up call before the case is concluded; a status change that names no change.
        case notConcluded, statusChangeEmpty
        // Handovers: to oneself, to someone who cannot sign in, acknowledged by someone else;
        // a shift opened while one is still open.
        case handOverToSelf, cannotTakeOver, notTheIncoming, shiftStillOpen, noOpenShift, nothingToAcknowledge
        // Only the duty officer (or a police officer) hands a shift over; only the incoming
        // officer, signed in as themselves, acknowledges it.
        case handOverByAnother, acknowledgeForAnother
        // Handling of a handover objection: the handover has none; only police or the objector record it.
        case noObjection, objectionByAnother
        // A name several people on the roster share, typed where a badge goes.
        case ambiguousName
        case operatorRequired, operatorUnknown
        // The roster always keeps a police officer, from the first enrolment on.
        case firstOfficerPolice, firstOfficerSelf, lastPoliceOfficer
        case unknownEventType, newerEventVersion, unreadableEvent
        // Sign-in and roles (Access.swift, Roles.swift): exit 77, nothing written.
        case forbidden, notOperator, signInRequired, pinWrong, pinFormat, pinNotSet
        // Issue 20 (casework): a 零报告 for a week with findings; 涉及人数 below the parties named; a
        // community the cells do not name; a deadline not after the record it belongs to; a reception
        // day on another weekday than policy gives.
        case screeningHasFindings, personsBelowParties, unknownCommunity, deadlineNotAfter, notReceptionDay
        // 接处警 (issue 20): an arrival before the call was received, or after the incident was disposed of.
        case arrivedBeforeCall, arrivedAfterDisposal
        // 反诈宣传: more households reached than people present.
        case outreachHouseholdsOverAttendees
        // 群防群治 (issue 19): points outside an item's range, a settled month, a person of another
        // role, a task due before it was issued, a population status offered as a key-person category.
        case outOfRange, monthSettled, roleRequired, dueBeforeIssue, populationStatus, helperMissing
        // Population (issue 19): a record of another community, an end before its start, a 联户长 who is not one.
        case otherCommunity, endBeforeStart, notHouseholdLeader
        // Population corrections (issue 19, session 12): a 网格员 cleared that the 网格 does not have; a
        // unit or 户 with no live 联户长 assignment to void; a 联户长 who does not lead that unit.
        case nothingToClear, noAssignment, notLeaderOf

        /// Refusals for who is asking rather than what was typed.
        public var isAccess: Bool {
            switch self {
            case .forbidden, .notOperator, .signInRequired, .pinWrong, .pinNotSet, .handOverByAnother,
                 .acknowledgeForAnother, .objectionByAnother:
                return true
            default: return false
            }
        }
    }

    public var reason: Reason
    public var field: String
    public var value: String
    public var detail: [String: String]

    public init(_ reason: Reason, field: String, value: String = "", _ detail: [String: String] = [:]) {
        self.reason = reason
        self.field = field
        self.value = value
        self.detail = detail
    }

    public var messageKey: String { "domain.error.\(reason.rawValue)" }
    public var messageArgs: [String: String] {
        var args = detail
        args["field"] = field
        args["value"] = value
        return args
    }
    public var exitCode: Int32 { reason.isAccess ? ExitCode.noPermission : ExitCode.dataError }

    /// The message with the field's display name (`身份证号码 (id-number)`: the command
    /// line's option in brackets) instead of its bare name; with `fieldLabel`, that
    /// label alone (a console form names the field as its own label does).
    public func localizedMessage(_ strings: Strings, fieldLabel: String? = nil) -> String {
        var args = messageArgs
        let labelKey = "domain.field.\(field)"
        if let fieldLabel {
            args["field"] = fieldLabel
        } else if let key = detail["labelKey"], strings.has(key) {
            // A field whose option name means something else elsewhere (`to` of a report's period).
            args["field"] = strings.text(key) + " (" + field + ")"
        } else if strings.has(labelKey) {
            args["field"] = strings.text(labelKey) + " (" + field + ")"
        }
        return render(strings, args)
    }

    /// The message as a screen shows it, in the operator's language only: the field named by
    /// its label alone (`fieldLabel`, else its `domain.field.` name; never the command line's
    /// option, never its ASCII key), the fields of a correction by their names, codes offered
    /// by their names alone (Chinese), and an event id as the short lower-case prefix the
    /// journal browser finds it by.
    public func screenMessage(_ strings: Strings, fieldLabel: String? = nil) -> String {
        var args = messageArgs
        func label(_ name: String) -> String? {
            // A payload's key (`idNumber`) is named by its option's label (`id-number`).
            let kebab = name.reduce(into: "") { out, c in out += c.isUppercase ? "-" + c.lowercased() : String(c) }
            return [name, kebab].map { "domain.field." + $0 }.first(where: strings.has).map { strings.text($0) }
        }
        if let fieldLabel {
            args["field"] = fieldLabel
        } else if let key = detail["labelKey"], strings.has(key) {
            args["field"] = strings.text(key)
        } else {
            args["field"] = label(field) ?? strings.text("domain.field.unnamed")
        }
        if reason == .notAmendable {
            // The fields of a correction are keys (`summary`): name them as the 更正 form does.
            args["value"] = label(value) ?? value
            if let fields = detail["fields"] {
                args["fields"] = fields.components(separatedBy: "、").map { label($0) ?? $0 }.joined(separator: "、")
            }
        }
        if let allowed = detail["allowed"], strings.language == .zh {
            // `foot 步巡|bicycle 自行车巡`: the names, which a field takes as well as the codes.
            args["allowed"] = allowed.split(separator: "|").map { entry in
                entry.split(separator: " ", maxSplits: 1).last.map(String.init) ?? String(entry)
            }.joined(separator: "、")
        }
        for (key, text) in args where UUID(uuidString: text) != nil {
            args[key] = String(text.lowercased().prefix(8))
        }
        // A refusal whose command-line wording names an option or a command has its own for screens.
        let screenKey = messageKey + ".screen"
        return render(strings, args, key: strings.has(screenKey) ? screenKey : messageKey)
    }

    private func render(_ strings: Strings, _ arguments: [String: String], key: String? = nil) -> String {
        var args = arguments
        // Access refusals name the operator's role and the action in the operator's language.
        if let role = detail["operatorRole"] { args["operatorRole"] = strings.text("domain.code.officer_role." + role) }
        if let role = detail["takerRole"] { args["takerRole"] = strings.text("domain.code.officer_role." + role) }
        if let role = detail["role"], strings.has("domain.code.officer_role." + role) {
            args["role"] = strings.text("domain.code.officer_role." + role)
        }
        // The roles a field asks for (issue 19: a 联户长, a 义警 or 巡防队员), by their names.
        if let required = detail["required"] {
            args["required"] = required.split(separator: "|")
                .map { strings.text("domain.code.officer_role." + $0) }.joined(separator: strings.text("domain.or"))
        }
        // Codes a refusal names (issue 19): a help team's missing member, a population status offered as a category.
        // A community's scoring item: its name is the policy's, in each language.
        if let name = detail["itemName"] {
            args["itemName"] = strings.language == .zh ? name : (detail["itemNameEn"] ?? name)
        }
        if let role = detail["helperRole"] { args["helperRole"] = strings.text("domain.code.helper_role." + role) }
        if let category = detail["personCategory"] { args["personCategory"] = strings.text("domain.code.person_category." + category) }
        // A badge is named 警号, 辅警编号 or 人员编号 by its holder's role, 警号/编号 when unknown (TERMS.md).
        let numberKey = detail["numberRole"].flatMap(OfficerRole.init(rawValue:))?.numberLabelKey
            ?? OfficerRoster.anyNumberLabelKey
        args["number"] = strings.text(numberKey)
        if let action = detail["action"], strings.has("access.action." + action) {
            args["action"] = strings.text("access.action." + action)
        }
        // An event type is named as the journal browser names it (接班确认, not ShiftAcknowledged).
        if let type = args["type"], strings.has("console.journal.type." + type) {
            args["type"] = strings.text("console.journal.type." + type)
        }
        // A closed record's status is a code ("ended", "resolved", …): name it in the operator's language,
        // followed by when and by whom where the refusal knows it.
        if let status = args["status"] {
            let keys = ["domain.closed_status.", "domain.dispute_status.", "domain.fraud_status."].map { $0 + status }
            if let key = keys.first(where: strings.has) { args["status"] = strings.text(key) }
            if let since = args["since"], !since.isEmpty { args["status", default: ""] += " " + since }
        }
        // A detail `nameKey` holding a string key is shown as that string under `name` (a weekday, a code's name).
        for (name, key) in detail where name.hasSuffix("Key") && name != "labelKey" && strings.has(key) {
            args[String(name.dropLast(3))] = strings.text(key)
        }
        return strings.text(key ?? messageKey, args)
    }

    public var description: String { "DomainError(\(reason.rawValue), field: \(field), value: \(value))" }
}

/// Text as it may be stored: control and escape sequences removed, whitespace tidied.
public enum CleanText {
    /// Removes terminal escape sequences (CSI, OSC, lone ESC), other C0/C1 controls,
    /// DEL and bidirectional overrides; turns each run of tabs and line breaks into one space; trims.
    public static func strip(_ text: String) -> String {
        // Most text holds nothing that the loop below removes or turns into a space (every such
        // scalar is one `changed` names): then its ends are all there is to tidy.
        if !text.unicodeScalars.contains(where: { changed($0.value) }) { return trimmed(text.unicodeScalars) }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let v = scalars[i].value
            if v == 0x1B {  // ESC: drop the whole sequence it starts
                i += 1
                guard i < scalars.count else { break }
                let next = scalars[i].value
                if next == 0x5B {  // CSI: parameters then a final byte 0x40–0x7E
                    i += 1
                    while i < scalars.count, !(0x40...0x7E).contains(scalars[i].value) { i += 1 }
                    i += 1
                } else if next == 0x5D || next == 0x50 || next == 0x5F || next == 0x5E {  // OSC, DCS, APC, PM
                    i += 1
                    while i < scalars.count {
                        let c = scalars[i].value
                        if c == 0x07 { i += 1; break }
                        if c == 0x1B { i += 2; break }
                        i += 1
                    }
                } else {
                    i += 1
                }
                continue
            }
            if v == 0x09 || v == 0x0A || v == 0x0D {
                if out.last != " " { out.append(" ") }
            } else if v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v)
                || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0xFEFF {
                // dropped
            } else {
                out.append(scalars[i])
            }
            i += 1
        }
        return trimmed(out)
    }

    /// Whether `strip` drops scalar `v` or changes it (ESC and the sequence it starts, tab and line
    /// breaks into a space, other C0 and C1 controls, DEL, bidirectional overrides and marks, BOM).
    static func changed(_ v: UInt32) -> Bool {
        v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
            || v == 0x200E || v == 0x200F || v == 0xFEFF
    }

    /// `text` without the white space (`CharacterSet.whitespaces`) at its ends: exactly what
    /// `trimmingCharacters(in: .whitespaces)` gives (the same for every Unicode scalar, at either
    /// end), an order of magnitude faster — every field of every command goes through `strip`.
    static func trimmed(_ text: String.UnicodeScalarView) -> String {
        let whitespace = CharacterSet.whitespaces
        var start = text.startIndex, end = text.endIndex
        while start < end, whitespace.contains(text[start]) { start = text.index(after: start) }
        while end > start, whitespace.contains(text[text.index(before: end)]) { end = text.index(before: end) }
        return String(text[start..<end])
    }

    /// Cleaned text that must be present and at most `max` characters long.
    public static func required(_ text: String?, field: String, max: Int) throws -> String {
        try present(strip(text ?? ""), field: field, max: max)
    }

    /// Cleaned text that may be absent (nil when empty) and is at most `max` characters long.
    public static func optional(_ text: String?, field: String, max: Int) throws -> String? {
        let cleaned = strip(text ?? "")
        return try cleaned.isEmpty ? nil : withinLimit(cleaned, field: field, max: max)
    }

    /// `cleaned` (text already cleaned, by `strip` or `lines`) when it is present and at most
    /// `max` characters long; refused as required or too long otherwise.
    static func present(_ cleaned: String, field: String, max: Int) throws -> String {
        guard !cleaned.isEmpty else { throw DomainError(.required, field: field) }
        return try withinLimit(cleaned, field: field, max: max)
    }

    /// `cleaned` when it is at most `max` characters long; too long names the field, its limit
    /// and the text's first 20 characters.
    static func withinLimit(_ cleaned: String, field: String, max: Int) throws -> String {
        guard cleaned.count <= max else {
            throw DomainError(.tooLong, field: field, value: String(cleaned.prefix(20)) + "…", ["max": String(max)])
        }
        return cleaned
    }

    /// Full-width letters, digits, the full-width hyphen-minus and the ideographic space as their
    /// ASCII forms; every other character as it is. An input method left in full-width mode (全角)
    /// types `Ａ０１` for a point's code and `Ｋ０００７` for a record's: looked up as `A01`, `K0007`.
    public static func halfWidth(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value >= 0x3000 }) else { return text }
        var out = String.UnicodeScalarView()
        for u in text.unicodeScalars {
            switch u.value {
            case 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A, 0xFF0D:
                out.append(Unicode.Scalar(u.value - 0xFEE0)!)
            case 0x3000: out.append(" ")
            default: out.append(u)
            }
        }
        return String(out)
    }

    /// A code or badge: letters, digits, `-` and `_`, 1 to `max` characters.
    public static func code(_ text: String?, field: String, max: Int = 16) throws -> String {
        let cleaned = strip(text ?? "")
        guard !cleaned.isEmpty else { throw DomainError(.required, field: field) }
        guard cleaned.count <= max,
              cleaned.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") })
        else { throw DomainError(.invalid, field: field, value: cleaned) }
        return cleaned
    }
}

/// Limits on text fields, in characters.
public enum TextLimit {
    public static let name = 40
    public static let short = 80
    public static let long = 2000
    public static let listItems = 30
}

/// The 18-character resident identity number (居民身份证号码) of GB 11643.
public enum ResidentID {
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    /// The check character (ISO 7064 MOD 11-2) for the first 17 digits.
    public static func checkCharacter(for first17: String) -> Character? {
        let digits = first17.compactMap(\.wholeNumberValue)
        guard digits.count == 17, first17.count == 17 else { return nil }
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkCharacters[sum % 11]
    }

    /// Validates a number: 17 digits and a check character, a real birth date
    /// not after `today`; returns it with an upper-case `X`.
    /// A refusal shows the number masked: a mistyped number is one digit from a real person's.
    public static func validate(_ text: String, field: String = "id-number", today: Date) throws -> String {
        let number = CleanText.strip(text).uppercased()
        guard number.count == 18,
              number.prefix(17).allSatisfy({ $0.isASCII && $0.isNumber }),
              let last = number.last, last.isNumber || last == "X"
        else { throw DomainError(.idNumberFormat, field: field, value: Privacy.maskIDNumber(number)) }
        let digits = number.prefix(17).compactMap(\.wholeNumberValue)
        let year = Int64(digits[6] * 1000 + digits[7] * 100 + digits[8] * 10 + digits[9])
        let month = Int64(digits[10] * 10 + digits[11])
        let day = Int64(digits[12] * 10 + digits[13])
        let todayDays = OfficeTime.dayNumber(today)
        guard year >= 1900, (1...12).contains(month), day >= 1, day <= daysIn(year, month),
              RFC3339.daysFromCivil(year, month, day) <= todayDays
        else { throw DomainError(.idNumberBirthDate, field: field, value: Privacy.maskIDNumber(number)) }
        guard checkCharacter(for: String(number.prefix(17))) == last else {
            throw DomainError(.idNumberCheckDigit, field: field, value: Privacy.maskIDNumber(number))
        }
        return number
    }

    static func daysIn(_ y: Int64, _ m: Int64) -> Int64 {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
