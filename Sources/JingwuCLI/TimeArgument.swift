import Foundation
import JingwuJournal
import JingwuResources

/// Times as an officer types them on the command line, read in the office's zone by
/// `TimeEntry` (the console's time fields read with the same parser): any RFC 3339 time
/// (`2026-11-23T09:30+08:00`), `2026-11-23 09:30`, `2026-11-23` (start of that day),
/// `09:30` (today), `11-23 09:30`, `now`, and `-30m`, `-2h`, `-3d` (that long before now).
///
/// Overflow-safe: any amount, however many digits, and any `now` give either a time in
/// the years 0001–9999 (what the journal can hold) or nil, which the caller reports as
/// the field's error; never a trap.
enum TimeArgument {
    /// The times a journal record may carry (RecordEncoder's bounds: years 0001–9999, a day's margin).
    static let earliest = TimeEntry.earliest
    static let latest = TimeEntry.latest

    static func parse(_ text: String, now: Date) -> Date? {
        guard case .success(let date?) = TimeEntry.parse(text, now: now, utcOffsetSeconds: RFC3339.defaultOffsetSeconds,
                                                         dialect: .commandLine)
        else { return nil }
        return date
    }
}
