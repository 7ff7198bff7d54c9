/// Text made safe to print, at print time.
///
/// Input is cleaned when it is typed (`CleanText` in JingwuDomain), but a journal may hold
/// records written by an older version or forged by hand: every text, Markdown and CSV
/// output and the console pass their strings through here, so that nothing in a record can
/// put an escape sequence on a terminal, reorder what a reader sees, or hide characters.
public enum SafeText {
    /// The mark shown in place of a character that may not be printed.
    public static let replacement: Unicode.Scalar = "\u{FFFD}"

    /// Whether a character may never reach an output as itself: C0 controls (tab, line
    /// feed and carriage return included: callers decide what they become), ESC, DEL, C1
    /// controls (U+0080–U+009F), bidirectional marks, embeddings, overrides and isolates
    /// (U+200E/F, U+061C, U+202A–U+202E, U+2066–U+2069), zero-width characters (U+200B–U+200D,
    /// U+2060, U+FEFF) and the line and paragraph separators (U+2028, U+2029).
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 || (0x7F...0x9F).contains(v) { return true }
        if v < 0x61C { return false }
        return v == 0x61C || v == 0x200E || v == 0x200F || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
            || (0x200B...0x200D).contains(v) || v == 0x2060 || v == 0xFEFF || v == 0x2028 || v == 0x2029
    }

    /// One line: tabs, line breaks and line/paragraph separators become a space, every
    /// other unsafe character U+FFFD (visible, so a forged record shows that something was there).
    public static func line(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D, 0x2028, 0x2029: out.append(" ")
            default: out.append(isUnsafe(scalar) ? replacement : scalar)
            }
        }
        return String(out)
    }

    /// Text that may run over several lines: line breaks (CR LF, CR, U+2028, U+2029) become
    /// `\n`, a tab a space, every other unsafe character U+FFFD.
    public static func lines(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var out = String.UnicodeScalarView()
        var previousCR = false
        for scalar in text.unicodeScalars {
            defer { previousCR = scalar == "\r" }
            switch scalar.value {
            case 0x0A: if !previousCR { out.append("\n") }
            case 0x0D, 0x2028, 0x2029: out.append("\n")
            case 0x09: out.append(" ")
            default: out.append(isUnsafe(scalar) ? replacement : scalar)
            }
        }
        return String(out)
    }
}
