import Foundation
import JingwuJournal

/// Times as an officer types them on the command line, read in the office's zone:
/// `2026-11-23T09:30+08:00` (any RFC 3339), `2026-11-23 09:30`, `2026-11-23` (start of
/// that day), `09:30` (today), and `-30m`, `-2h`, `-3d` (that long before now).
///
/// Overflow-safe: any amount, however many digits, and any `now` give either a time in
/// the years 0001–9999 (what the journal can hold) or nil, which the caller reports as
/// the field's error; never a trap.
enum TimeArgument {
    /// The times a journal record may carry (RecordEncoder's bounds: years 0001–9999, a day's margin).
    static let earliest = Date(timeIntervalSince1970: -62_135_596_800 + 86_400)
    static let latest = Date(timeIntervalSince1970: 253_402_300_799 - 86_400)

    static func parse(_ text: String, now: Date) -> Date? {
        guard let date = parseUnchecked(text, now: now), date >= earliest, date <= latest else { return nil }
        return date
    }

    private static func parseUnchecked(_ text: String, now: Date) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.count == 10, let day = RFC3339.parse(trimmed + "T00:00") { return day }
        if let full = RFC3339.parse(trimmed) { return full }
        if trimmed.count == 5, trimmed.dropFirst(2).first == ":" {
            guard now >= earliest, now <= latest else { return nil }
            let today = String(RFC3339.format(now).prefix(10))
            return RFC3339.parse(today + "T" + trimmed)
        }
        if trimmed.hasPrefix("-"), let unit = trimmed.last {
            let digits = trimmed.dropFirst().dropLast()
            // At most 12 digits (more than 10,000 years in minutes): anything longer is out of range anyway.
            guard !digits.isEmpty, digits.count <= 12, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let amount = Int(digits) else { return nil }
            let unitSeconds: Int
            switch unit {
            case "m": unitSeconds = 60
            case "h": unitSeconds = 3600
            case "d": unitSeconds = 86400
            default: return nil
            }
            let (seconds, overflow) = amount.multipliedReportingOverflow(by: unitSeconds)
            guard !overflow, now.timeIntervalSince1970.isFinite else { return nil }
            return now.addingTimeInterval(-Double(seconds))
        }
        return nil
    }
}
