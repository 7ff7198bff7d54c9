/// Turns what a terminal sends into keys, escape sequences included.
///
/// ncurses' own decoding (`keypad`) knows only the sequences the terminfo entry lists, so
/// under tmux or screen with `TERM=xterm-256color` Home (`ESC [ 1 ~`) used to arrive as Esc,
/// `[`, `1`, `~`. This decoder reads every sequence itself, whatever the terminal family:
///
/// - CSI (`ESC [`): parameters 0x30–0x3F, intermediates 0x20–0x2F, one final byte
///   0x40–0x7E (ECMA-48). Arrows `A`–`D`, Home/End `H`/`F`, Shift-Tab `Z`, F1–F4 `P`–`S`
///   (xterm with modifiers, `ESC [ 1 ; 5 P`), and `~` with a number: 1/7 Home, 4/8 End,
///   2 Insert, 3 Delete, 5 PgUp, 6 PgDn, 11–15 F1–F5, 17–21 F6–F10, 23–24 F11–F12;
///   200 starts a bracketed paste. A modifier parameter (`ESC [ 1 ; 5 H`, Ctrl-Home) is
///   dropped: the key is the key (so are rxvt's `$`, `^` and `@` in place of `~`).
/// - The Linux console's F1–F5: `ESC [ [ A` … `ESC [ [ E`; its Shift-Tab `ESC Tab`.
/// - SS3 (`ESC O`): one final character (`P`–`S` F1–F4, `A`–`D` arrows, `H`/`F` Home/End,
///   `M` keypad Enter), after optional modifier digits.
/// - `ESC` and a character at once: Alt plus that character (Alt with a control key: nothing). `ESC` alone, when nothing
///   follows within the short wait, is Esc.
///
/// Any other sequence is ignored whole — read to its final byte and dropped, never split
/// into Esc and letters. A sequence cut off (nothing more within the wait, or a byte that
/// cannot belong to it) is dropped too, and the byte that cut it is read afresh.
///
/// The decoder is pure: the caller feeds it the characters read and tells it when the wait
/// ran out (`flush`), so every terminal family's bytes can be tested without a terminal.
public struct KeyDecoder: Sendable {
    /// How long to wait after `ESC` before taking it as Esc alone (ms).
    public static let escapeWaitMilliseconds = 25
    /// How long to wait for the rest of a sequence already begun (ms): a slow link may
    /// split one.
    public static let sequenceWaitMilliseconds = 200
    /// How long a bracketed paste may pause before it is taken as ended (ms).
    public static let pasteWaitMilliseconds = 500

    private enum State: Sendable {
        case ground
        /// `ESC` read.
        case escape
        /// `ESC [` and what followed it.
        case csi(params: String, intermediates: String)
        /// `ESC [ [` (the Linux console's F1–F5).
        case linuxFunction
        /// `ESC O` and any modifier digits.
        case ss3(params: String)
        /// Inside a bracketed paste: the text so far.
        case paste(String.UnicodeScalarView)
    }

    private var state: State = .ground

    public init() {}

    /// Whether a sequence (or a paste) is under way: the caller should wait only
    /// `waitMilliseconds` for more and then call `flush()`.
    public var isPending: Bool { waitMilliseconds != nil }

    /// How long to wait for the next character before calling `flush()`; nil when nothing is pending.
    public var waitMilliseconds: Int? {
        switch state {
        case .ground: return nil
        case .escape: return Self.escapeWaitMilliseconds
        case .paste: return Self.pasteWaitMilliseconds
        case .csi(let params, let intermediates):
            // `ESC [` alone may be Alt-[: wait no longer than for a lone Esc.
            return params.isEmpty && intermediates.isEmpty ? Self.escapeWaitMilliseconds : Self.sequenceWaitMilliseconds
        case .ss3(let params):
            return params.isEmpty ? Self.escapeWaitMilliseconds : Self.sequenceWaitMilliseconds
        case .linuxFunction: return Self.sequenceWaitMilliseconds
        }
    }

    /// Nothing more arrived within the wait: what is pending becomes keys (a lone Esc is
    /// Esc, `ESC [` is Alt-[, `ESC O` Alt-O, a paste ends) or is dropped (a cut-off sequence).
    public mutating func flush() -> [Key] {
        let pending = state
        state = .ground
        switch pending {
        case .ground: return []
        case .escape: return [.escape]
        case .csi(let params, let intermediates):
            return params.isEmpty && intermediates.isEmpty ? [.alt("[")] : []
        case .ss3(let params): return params.isEmpty ? [.alt("O")] : []
        case .linuxFunction: return []
        case .paste(let text): return [.paste(String(text))]
        }
    }

    /// Reads one character; returns the keys it completes (none while a sequence is under way).
    public mutating func feed(_ scalar: Unicode.Scalar) -> [Key] {
        let v = scalar.value
        switch state {
        case .ground:
            switch v {
            case 0x1B: state = .escape; return []
            case 0x9B: state = .csi(params: "", intermediates: ""); return []  // 8-bit CSI
            case 0x8F: state = .ss3(params: ""); return []  // 8-bit SS3
            default: break
            }
            return Key.fromCharacter(scalar).map { [$0] } ?? []

        case .escape:
            switch v {
            case 0x5B:  // [
                state = .csi(params: "", intermediates: "")
                return []
            case 0x4F:  // O
                state = .ss3(params: "")
                return []
            case 0x1B:  // Esc twice: the first one alone, the second may begin something
                return [.escape]
            case 0x09:  // ESC Tab: Shift-Tab on the Linux console
                state = .ground
                return [.backTab]
            default:
                state = .ground
                if case .character(let c)? = Key.fromCharacter(scalar) { return [.alt(c)] }
                // Alt with a control key (Alt-Enter, Alt-Backspace) is no key: never Esc and
                // then the key, which would cancel a form.
                return []
            }

        case .csi(let params, let intermediates):
            switch v {
            case 0x30...0x3F where intermediates.isEmpty:
                state = .csi(params: params + String(scalar), intermediates: "")
                return []
            case 0x24 where intermediates.isEmpty && !params.isEmpty && params.allSatisfy(\.isNumber):
                // rxvt's Shift with a `~` key ends in `$` (`ESC [ 2 $`), which ECMA-48 would
                // read as an intermediate: take it as the end, the key without its modifier.
                state = .ground
                return Self.csiKey(params: params, final: "~")
            case 0x20...0x2F:
                state = .csi(params: params, intermediates: intermediates + String(scalar))
                return []
            case 0x5B where params.isEmpty && intermediates.isEmpty:  // ESC [ [: the Linux console
                state = .linuxFunction
                return []
            case 0x40...0x7E:
                state = .ground
                guard intermediates.isEmpty else { return [] }
                if scalar == "~" && params == "200" {  // a bracketed paste begins
                    state = .paste(String.UnicodeScalarView())
                    return []
                }
                return Self.csiKey(params: params, final: scalar)
            default:
                // Not part of any sequence: drop what was read, read this byte afresh.
                state = .ground
                return feed(scalar)
            }

        case .linuxFunction:
            state = .ground
            switch v {
            case 0x41...0x45: return [.f(Int(v - 0x41) + 1)]  // A–E: F1–F5
            case 0x40...0x7E: return []
            default: return feed(scalar)
            }

        case .ss3(let params):
            switch v {
            case 0x30...0x3F:
                state = .ss3(params: params + String(scalar))
                return []
            case 0x40...0x7E:
                state = .ground
                if scalar == "M" { return [.enter] }  // keypad Enter in application mode
                return Self.letterKey(scalar).map { [$0] } ?? []
            default:
                state = .ground
                return feed(scalar)
            }

        case .paste(var text):
            text.append(scalar)
            let end = "\u{1B}[201~".unicodeScalars
            if text.count >= end.count, text.suffix(end.count).elementsEqual(end) {
                state = .ground
                return [.paste(Self.cleanPaste(text.dropLast(end.count)))]
            }
            state = .paste(text)
            return []
        }
    }

    /// Reads a run of characters and then the end of input: the keys they make.
    /// (What a test sends as one burst: a trailing lone Esc is Esc.)
    public static func decode(_ text: String) -> [Key] {
        var decoder = KeyDecoder()
        var keys: [Key] = []
        for scalar in text.unicodeScalars { keys += decoder.feed(scalar) }
        return keys + decoder.flush()
    }

    /// Reads bytes as UTF-8 (as the terminal's locale decodes them), then the end of input.
    public static func decode(bytes: [UInt8]) -> [Key] {
        decode(String(decoding: bytes, as: UTF8.self))
    }

    /// The key a letter ends both a CSI and an SS3 sequence with: arrows, Home/End, F1–F4.
    private static func letterKey(_ final: Unicode.Scalar) -> Key? {
        switch final {
        case "A": return .up
        case "B": return .down
        case "C": return .right
        case "D": return .left
        case "H": return .home
        case "F": return .end
        case "P", "Q", "R", "S": return .f(Int(final.value - 0x50) + 1)
        default: return nil
        }
    }

    /// The key a complete CSI sequence stands for, if any.
    private static func csiKey(params: String, final: Unicode.Scalar) -> [Key] {
        // Private parameters (`<`, `=`, `>`, `?`: mouse reports, terminal answers) are no key.
        if let first = params.unicodeScalars.first, (0x3C...0x3F).contains(first.value) { return [] }
        let numbers = params.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        if let key = letterKey(final) { return [key] }
        switch final {
        case "Z": return [.backTab]
        case "~", "^", "@":  // rxvt ends a `~` key held with Ctrl in `^`, with Ctrl-Shift in `@`
            guard let number = numbers.first ?? nil else { return [] }
            switch number {
            case 1, 7: return [.home]
            case 4, 8: return [.end]
            case 2: return [.insert]
            case 3: return [.delete]
            case 5: return [.pageUp]
            case 6: return [.pageDown]
            case 11...15: return [.f(number - 10)]
            case 17...21: return [.f(number - 11)]
            case 23, 24: return [.f(number - 12)]
            default: return []
            }
        default: return []
        }
    }

    /// A paste's text as a field may take it: line breaks as `\n`, a tab as a space, and no
    /// control or hidden characters (so never an escape sequence).
    static func cleanPaste(_ text: some Sequence<Unicode.Scalar>) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text {
            if scalar == "\r" || scalar == "\n" {
                out.append("\n")
            } else if scalar == "\t" {
                out.append(" ")
            } else if !TextWidth.isControl(scalar) && !TextWidth.isHidden(scalar) {
                out.append(scalar)
            }
        }
        return String(out)
    }
}
