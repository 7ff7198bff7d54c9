/// One keystroke (or paste, or resize), decoded once from the terminal.
public enum Key: Hashable, Sendable {
    /// A printable character, including Chinese from an input method.
    case character(Character)
    case up, down, left, right
    case home, end, pageUp, pageDown
    /// F1 … F12.
    case f(Int)
    case tab, backTab, enter, escape, backspace, delete, insert
    /// Ctrl plus a letter, lowercased: Ctrl-A is `.ctrl("a")`.
    case ctrl(Character)
    /// Alt (Meta) plus a printable character, as terminals send it: `ESC` then the character.
    case alt(Character)
    /// Text pasted in one go (bracketed paste); may contain newlines, never escape sequences.
    case paste(String)
    /// The terminal changed size; read the new size from the screen.
    case resize
    /// Nothing arrived within the timeout.
    case timeout

    /// A short name for help and hint lines: "F1", "Enter", "↑", "Ctrl-S", "n".
    public var displayName: String {
        switch self {
        case .character(" "): return "Space"
        case .character(let c): return String(c)
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .f(let n): return "F\(n)"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .insert: return "Ins"
        case .ctrl(let c): return "Ctrl-\(String(c).uppercased())"
        case .alt(let c): return "Alt-\(String(c))"
        case .paste: return "Paste"
        case .resize: return "Resize"
        case .timeout: return ""
        }
    }

    /// Decodes a character that arrived as text (not as a key code) into a key.
    ///
    /// Control characters become the keys they stand for; nothing unprintable is
    /// ever returned as `.character`.
    public static func fromCharacter(_ scalar: Unicode.Scalar) -> Key? {
        switch scalar.value {
        case 0x09: return .tab
        case 0x0A, 0x0D: return .enter
        case 0x1B: return .escape
        case 0x08, 0x7F: return .backspace
        case 0x00: return .ctrl(" ")
        case 0x01...0x1A: return .ctrl(Character(Unicode.Scalar(scalar.value + 0x60)!))
        case 0x1C...0x1F, 0x80...0x9F: return nil
        default: return .character(Character(scalar))
        }
    }
}
