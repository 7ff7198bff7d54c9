import Foundation
import JingwuJournal

/// Times as an officer types them on the command line, read in the office's zone:
/// `2026-11-23T09:30+08:00` (any RFC 3339), `2026-11-23 09:30`, `2026-11-23` (start of
/// that day), `09:30` (today), and `-30m`, `-2h`, `-3d` (that long before now).
enum TimeArgument {
    static func parse(_ text: String, now: Date) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.count == 10, let day = RFC3339.parse(trimmed + "T00:00") { return day }
        if let full = RFC3339.parse(trimmed) { return full }
        if trimmed.count == 5, trimmed.dropFirst(2).first == ":" {
            let today = String(RFC3339.format(now).prefix(10))
            return RFC3339.parse(today + "T" + trimmed)
        }
        if trimmed.hasPrefix("-"), let unit = trimmed.last, let amount = Int(trimmed.dropFirst().dropLast()), amount >= 0 {
            let seconds: Int
            switch unit {
            case "m": seconds = 60
            case "h": seconds = 3600
            case "d": seconds = 86400
            default: return nil
            }
            return now.addingTimeInterval(-Double(amount * seconds))
        }
        return nil
    }
}
