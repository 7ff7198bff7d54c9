import Foundation
import JingwuResources

/// Why a date-time entry was not accepted (the caller words the message): `TimeEntry`'s refusal.
public typealias DateTimeEntryError = TimeEntry.Refusal

/// A date-time field: a text field that understands "now", relative entries like
/// `-30m`, `-2h`, `-1d`, and `HH:MM`, `MM-DD HH:MM`, `YYYY-MM-DD HH:MM` — read by
/// `TimeEntry`, the same parser as the command line's time options.
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
        TimeEntry.format(date, utcOffsetSeconds: utcOffsetSeconds)
    }

    /// Parses an entry (`TimeEntry`, in the console's dialect: full-width digits from an input
    /// method read as ASCII, relative amounts up to 100,000).
    public static func parse(
        _ raw: String, now: Date, utcOffsetSeconds: Int, nowWords: [String] = ["now", "现在"]
    ) -> Result<Date?, DateTimeEntryError> {
        TimeEntry.parse(raw, now: now, utcOffsetSeconds: utcOffsetSeconds, dialect: .console(nowWords: nowWords))
    }
}
