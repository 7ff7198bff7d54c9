import Foundation

/// Times as an officer types them: the one parser of the command line's time options
/// (`TimeArgument` in JingwuCLI) and the console's time fields (`DateTimeField` in
/// JingwuTerminal), in the lowest layer both reach.
///
/// Accepted, in the office's zone (`utcOffsetSeconds`):
/// - a word meaning now (`now`, `现在`);
/// - `-30m`, `-2h`, `-3d` (that long before now) and `+30m` … (after);
/// - `HH:MM` or `HH:MM:SS` (today), `MM-DD HH:MM` (this year);
/// - `YYYY-MM-DD HH:MM[:SS]`, with `T` or a space, optionally with fractional seconds and
///   an offset (`Z`, `+08:00`): any RFC 3339 time;
/// - `YYYY-MM-DD` (the start of that day).
///
/// Overflow-safe: any amount, however many digits, and any `now` give either a time in the
/// years 0001–9999 (what the journal can hold) or a refusal; never a trap. The two places
/// differ only in the `Dialect` they read with.
public enum TimeEntry {
    /// Why an entry was not accepted (the caller words the message).
    public enum Refusal: Error, Equatable, Sendable {
        /// Not one of the accepted forms.
        case unrecognized
        /// The right form but no such date or time (month 13, 02-30, 25:00), or one outside
        /// the years a journal record may carry.
        case noSuchDateTime
    }

    /// What differs between where an entry is typed.
    public struct Dialect: Sendable, Equatable {
        /// Full-width digits and punctuation from a Chinese input method read as ASCII (in a
        /// console field; on the command line they are refused, as the shell passed them).
        public var fullWidth: Bool
        /// The largest relative amount (`-30m`): beyond it the entry is `unrecognized`.
        public var maxAmount: Int
        /// Words meaning now (any case).
        public var nowWords: [String]

        public init(fullWidth: Bool, maxAmount: Int, nowWords: [String]) {
            self.fullWidth = fullWidth
            self.maxAmount = maxAmount
            self.nowWords = nowWords
        }

        /// A console time field: 100,000 units at most (a field is typed by hand).
        public static func console(nowWords: [String] = ["now", "现在"]) -> Dialect {
            Dialect(fullWidth: true, maxAmount: 100_000, nowWords: nowWords)
        }

        /// A command-line time option: up to 12 digits (more than 10,000 years in minutes),
        /// then the years bound refuses.
        public static let commandLine = Dialect(fullWidth: false, maxAmount: 999_999_999_999, nowWords: ["now", "现在"])
    }

    /// The times a journal record may carry (RecordEncoder's bounds: years 0001–9999, a day's margin).
    public static let earliest = Date(timeIntervalSince1970: -62_135_596_800 + 86_400)
    public static let latest = Date(timeIntervalSince1970: 253_402_300_799 - 86_400)

    /// The entry as a date; `.success(nil)` when it is empty (the caller decides whether that is allowed).
    public static func parse(_ raw: String, now: Date, utcOffsetSeconds: Int, dialect: Dialect)
        -> Result<Date?, Refusal>
    {
        let text = (dialect.fullWidth ? normalize(raw) : raw).trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return .success(nil) }
        if dialect.nowWords.contains(where: { $0.lowercased() == text.lowercased() }) { return .success(now) }

        if let sign = text.first, sign == "-" || sign == "+", let unit = text.last {
            let digits = text.dropFirst().dropLast()
            guard !digits.isEmpty, digits.count <= 12, digits.allSatisfy(\.isASCIIDigit), let n = Int(digits),
                  n <= dialect.maxAmount
            else { return .failure(.unrecognized) }
            let unitSeconds: Int
            switch unit {
            case "m": unitSeconds = 60
            case "h": unitSeconds = 3600
            case "d": unitSeconds = 86_400
            default: return .failure(.unrecognized)
            }
            guard now.timeIntervalSince1970.isFinite else { return .failure(.noSuchDateTime) }
            let seconds = Double(n * unitSeconds)  // at most 10^12 × 86,400: no overflow
            return checked(now.addingTimeInterval(sign == "-" ? -seconds : seconds))
        }

        let parts = text.split(whereSeparator: { $0 == " " || $0 == "T" || $0 == "t" }).map(String.init)
        let datePart: String?
        var timePart: String?
        switch parts.count {
        case 1 where parts[0].contains(":"): (datePart, timePart) = (nil, parts[0])
        case 1: (datePart, timePart) = (parts[0], nil)
        case 2: (datePart, timePart) = (parts[0], parts[1])
        default: return .failure(.unrecognized)
        }
        // An offset ends the time (`09:30+08:00`, `09:30Z`); without one, the office's zone.
        var offset = utcOffsetSeconds
        if let time = timePart, let mark = time.firstIndex(where: { $0 == "Z" || $0 == "z" || $0 == "+" || $0 == "-" }) {
            guard datePart != nil, let parsed = parseOffset(time[mark...]) else { return .failure(.unrecognized) }
            offset = parsed
            timePart = String(time[..<mark])
        }
        var (hour, minute, second, fraction) = (0, 0, 0, 0.0)
        if let timePart {
            var clock = Substring(timePart)
            if let dot = clock.firstIndex(of: ".") {
                let digits = clock[clock.index(after: dot)...]
                guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy(\.isASCIIDigit) else {
                    return .failure(.unrecognized)
                }
                fraction = Double("0." + digits) ?? 0
                clock = clock[..<dot]
            }
            guard let time = numbers(String(clock), separator: ":"), time.count == 2 || time.count == 3,
                  fraction == 0 || time.count == 3
            else { return .failure(.unrecognized) }
            (hour, minute, second) = (time[0], time[1], time.count == 3 ? time[2] : 0)
        }
        var year: Int, month: Int, day: Int
        if let datePart {
            guard let date = numbers(datePart, separator: "-") else { return .failure(.unrecognized) }
            switch date.count {
            case 2 where timePart != nil:
                guard let today = today(now, utcOffsetSeconds) else { return .failure(.noSuchDateTime) }
                (year, month, day) = (today.year, date[0], date[1])
            case 3:
                guard datePart.split(separator: "-")[0].count == 4 else { return .failure(.unrecognized) }
                (year, month, day) = (date[0], date[1], date[2])
            default: return .failure(.unrecognized)
            }
        } else {
            // A time of today needs a today the journal can hold.
            guard let today = today(now, utcOffsetSeconds) else { return .failure(.noSuchDateTime) }
            (year, month, day) = today
        }
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
              (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second)
        else { return .failure(.noSuchDateTime) }
        let local = days(fromCivil: year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
        return checked(Date(timeIntervalSince1970: TimeInterval(local - offset) + fraction))
    }

    /// "YYYY-MM-DD HH:MM" in the given offset (the console's full form of a time).
    public static func format(_ date: Date, utcOffsetSeconds: Int) -> String {
        let local = clampedSeconds(date) + utcOffsetSeconds
        let days = Int((Double(local) / 86_400).rounded(.down))
        let secondsOfDay = local - days * 86_400
        let (y, m, d) = civil(fromDays: days)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(y)-\(two(m))-\(two(d)) \(two(secondsOfDay / 3600)):\(two(secondsOfDay % 3600 / 60))"
    }

    /// A parsed time the journal can hold, or the refusal (never a time no record may carry).
    private static func checked(_ date: Date) -> Result<Date?, Refusal> {
        (earliest...latest).contains(date) ? .success(date) : .failure(.noSuchDateTime)
    }

    /// Today's date in the office's zone, or nil when `now` is outside the journal's years.
    private static func today(_ now: Date, _ utcOffsetSeconds: Int) -> (year: Int, month: Int, day: Int)? {
        guard now >= earliest, now <= latest else { return nil }
        let local = clampedSeconds(now) + utcOffsetSeconds
        return civil(fromDays: Int((Double(local) / 86_400).rounded(.down)))
    }

    /// Whole seconds since the epoch, clamped to the journal's years, so no date (however
    /// far off, or not finite) can overflow the arithmetic.
    static func clampedSeconds(_ date: Date) -> Int {
        let t = date.timeIntervalSince1970
        guard t.isFinite else { return 0 }
        let bounded = min(max(t, earliest.timeIntervalSince1970), latest.timeIntervalSince1970)
        return Int(bounded.rounded(.down))
    }

    /// `Z`, or `+08:00`, `+0800`, `+08`: seconds east of UTC (at most 14 hours).
    private static func parseOffset(_ text: Substring) -> Int? {
        if text == "Z" || text == "z" { return 0 }
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        let digits = text.dropFirst().filter { $0 != ":" }
        guard digits.count == 2 || digits.count == 4, digits.allSatisfy(\.isASCIIDigit) else { return nil }
        let values = digits.compactMap(\.wholeNumberValue)
        let hours = values[0] * 10 + values[1]
        let minutes = values.count == 4 ? values[2] * 10 + values[3] : 0
        guard hours <= 14, minutes < 60 else { return nil }
        return (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
    }

    /// Full-width digits and punctuation from a Chinese input method become ASCII.
    static func normalize(_ raw: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in raw.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E: scalars.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0x3000: scalars.append(" ")
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
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
