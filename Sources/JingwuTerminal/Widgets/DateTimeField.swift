import Foundation

/// Why a date-time entry was not accepted (the caller words the message).
public enum DateTimeEntryError: Error, Equatable, Sendable {
    /// Not one of the accepted forms.
    case unrecognized
    /// The right form but no such date or time (month 13, 02-30, 25:00).
    case noSuchDateTime
}

/// A date-time field: a text field that understands "now", relative entries like
/// `-30m`, `-2h`, `-1d`, and `HH:MM`, `MM-DD HH:MM`, `YYYY-MM-DD HH:MM`.
///
/// It has no clock of its own: `parse(now:utcOffsetSeconds:)` takes the current time and
/// the local offset from the caller, so tests and replays are deterministic.
public struct DateTimeField: Equatable, Sendable {
    public var input: TextField
    /// Words meaning "now" (any case), e.g. ["now", "现在"].
    public var nowWords: [String]

    public init(text: String = "", nowWords: [String] = ["now", "现在"]) {
        input = TextField(text: text, maxLength: 20)
        self.nowWords = nowWords
    }

    public var text: String { input.text }

    public mutating func handle(_ key: Key) -> KeyResult { input.handle(key) }

    public func render(into screen: Screen, rect: Rect, focused: Bool, placeholder: String = "") {
        input.render(into: screen, rect: rect, focused: focused, placeholder: placeholder)
    }

    /// The entry as a date; nil when empty (the caller decides whether that is allowed).
    public func parse(now: Date, utcOffsetSeconds: Int) -> Result<Date?, DateTimeEntryError> {
        Self.parse(text, now: now, utcOffsetSeconds: utcOffsetSeconds, nowWords: nowWords)
    }

    /// Sets the text to a date in the field's full form.
    public mutating func set(_ date: Date, utcOffsetSeconds: Int) {
        input.setText(Self.format(date, utcOffsetSeconds: utcOffsetSeconds))
    }

    /// "YYYY-MM-DD HH:MM" in the given offset.
    public static func format(_ date: Date, utcOffsetSeconds: Int) -> String {
        let local = clampedSeconds(date) + utcOffsetSeconds
        let days = Int((Double(local) / 86_400).rounded(.down))
        let secondsOfDay = local - days * 86_400
        let (y, m, d) = civil(fromDays: days)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(y)-\(two(m))-\(two(d)) \(two(secondsOfDay / 3600)):\(two(secondsOfDay % 3600 / 60))"
    }

    /// Parses an entry; see the type's summary for the accepted forms.
    public static func parse(
        _ raw: String, now: Date, utcOffsetSeconds: Int, nowWords: [String] = ["now", "现在"]
    ) -> Result<Date?, DateTimeEntryError> {
        let text = normalize(raw)
        if text.isEmpty { return .success(nil) }
        if nowWords.contains(where: { $0.lowercased() == text.lowercased() }) { return .success(now) }

        if let sign = text.first, sign == "-" || sign == "+", let unit = text.last {
            let digits = text.dropFirst().dropLast()
            guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), let n = Int(digits), n <= 100_000 else {
                return .failure(.unrecognized)
            }
            let seconds: Int
            switch unit {
            case "m": seconds = n * 60
            case "h": seconds = n * 3600
            case "d": seconds = n * 86_400
            default: return .failure(.unrecognized)
            }
            return checked(now.addingTimeInterval(TimeInterval(sign == "-" ? -seconds : seconds)))
        }

        let localNow = clampedSeconds(now) + utcOffsetSeconds
        let today = civil(fromDays: Int((Double(localNow) / 86_400).rounded(.down)))
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "T" }).map(String.init)
        let datePart: String?
        let timePart: String
        switch parts.count {
        case 1: (datePart, timePart) = (nil, parts[0])
        case 2: (datePart, timePart) = (parts[0], parts[1])
        default: return .failure(.unrecognized)
        }
        guard let time = numbers(timePart, separator: ":"), time.count == 2 || time.count == 3 else {
            return .failure(.unrecognized)
        }
        var (year, month, day) = today
        if let datePart {
            guard let date = numbers(datePart, separator: "-") else { return .failure(.unrecognized) }
            switch date.count {
            case 2: (month, day) = (date[0], date[1])
            case 3:
                guard datePart.split(separator: "-")[0].count == 4 else { return .failure(.unrecognized) }
                (year, month, day) = (date[0], date[1], date[2])
            default: return .failure(.unrecognized)
            }
        }
        let (hour, minute, second) = (time[0], time[1], time.count == 3 ? time[2] : 0)
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
            (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second)
        else { return .failure(.noSuchDateTime) }
        let local = days(fromCivil: year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
        return checked(Date(timeIntervalSince1970: TimeInterval(local - utcOffsetSeconds)))
    }

    /// The times a journal record may carry: years 0001–9999 (a day's margin at each end).
    static let range = Date(timeIntervalSince1970: -62_135_596_800 + 86_400)...Date(timeIntervalSince1970: 253_402_300_799 - 86_400)

    /// A parsed time the journal can hold, or the field's error (never a time no record may carry).
    private static func checked(_ date: Date) -> Result<Date?, DateTimeEntryError> {
        range.contains(date) ? .success(date) : .failure(.noSuchDateTime)
    }

    /// Whole seconds since the epoch, clamped to the journal's years, so no date (however
    /// far off, or not finite) can overflow the arithmetic.
    static func clampedSeconds(_ date: Date) -> Int {
        let t = date.timeIntervalSince1970
        guard t.isFinite else { return 0 }
        let bounded = min(max(t, range.lowerBound.timeIntervalSince1970), range.upperBound.timeIntervalSince1970)
        return Int(bounded.rounded(.down))
    }

    /// Fullwidth digits and punctuation from a Chinese input method become ASCII.
    static func normalize(_ raw: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in raw.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E: scalars.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0x3000: scalars.append(" ")
            default: scalars.append(scalar)
            }
        }
        return String(scalars).trimmingCharacters(in: .whitespaces)
    }

    private static func numbers(_ text: String, separator: Character) -> [Int]? {
        let pieces = text.split(separator: separator, omittingEmptySubsequences: false)
        var result: [Int] = []
        for piece in pieces {
            guard !piece.isEmpty, piece.count <= 4, piece.allSatisfy(\.isASCIIDigit), let n = Int(piece) else {
                return nil
            }
            result.append(n)
        }
        return result
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date for a count of days since 1970-01-01.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
