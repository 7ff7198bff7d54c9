import Foundation

// Handover notes are several lines (issue 17): the console's notes field takes Enter as a new
// line, and the event keeps the lines as typed. Everything else CleanText.strip removes
// (escape sequences, other controls, bidi overrides) is removed from each line alike.

extension CleanText {
    /// Cleaned text of several lines: each line as `strip` leaves it (tabs a space, controls and
    /// escape sequences dropped, trimmed), joined by `\n`; CR LF, CR, U+2028, U+2029 (every
    /// `Character.isNewline`) are line breaks; blank lines at the start and end are dropped and
    /// runs of blank lines kept to one.
    public static func lines(_ text: String) -> String {
        var out: [String] = []
        // A Character that is a line break: LF, CR, CR LF (one Character), NEL, U+2028, U+2029, VT, FF.
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = strip(String(raw))
            if line.isEmpty && (out.isEmpty || out.last?.isEmpty == true) { continue }
            out.append(line)
        }
        while out.last?.isEmpty == true { out.removeLast() }
        return out.joined(separator: "\n")
    }

    /// Several lines (as `lines` cleans them) that must be present and at most `max` characters long.
    public static func requiredLines(_ text: String?, field: String, max: Int) throws -> String {
        try present(lines(text ?? ""), field: field, max: max)
    }
}
