/// Removes what must never be stored or drawn from typed or pasted text.
enum InputCleaner {
    /// Drops control characters and bidi overrides; newlines become spaces unless kept.
    static func clean(_ text: String, keepNewlines: Bool) -> [Character] {
        var result: [Character] = []
        for character in text {
            if character == "\n" || character == "\r\n" || character == "\r" {
                result.append(keepNewlines ? "\n" : " ")
                continue
            }
            if character == "\t" {
                result.append(" ")
                continue
            }
            let bad = character.unicodeScalars.contains { scalar in
                TextWidth.isControl(scalar) || (0x202A...0x202E).contains(scalar.value)
                    || (0x2066...0x2069).contains(scalar.value)
            }
            if !bad { result.append(character) }
        }
        return result
    }
}

/// A one-line text field: the cursor moves by character and sits at the right column
/// even after double-width characters.
public struct TextField: Equatable, Sendable {
    /// The text as user-perceived characters (what the cursor steps over).
    public private(set) var characters: [Character]
    /// Cursor position as a character index, 0…characters.count.
    public private(set) var cursor: Int
    /// Maximum number of characters; nil for no limit.
    public var maxLength: Int?
    /// A secret (PIN, password) draws one `•` per character; the buffer still holds the text.
    public var secret: Bool

    /// The mark drawn in place of each character of a secret field.
    public static let secretMark: Character = "\u{2022}"

    public init(text: String = "", maxLength: Int? = nil, secret: Bool = false) {
        var chars = InputCleaner.clean(text, keepNewlines: false)
        if let maxLength, chars.count > maxLength { chars = Array(chars.prefix(maxLength)) }
        characters = chars
        cursor = chars.count
        self.maxLength = maxLength
        self.secret = secret
    }

    public var text: String { String(characters) }
    public var isEmpty: Bool { characters.isEmpty }

    /// Display columns from the start of the text to the cursor (as drawn: one per mark when secret).
    public var cursorColumn: Int {
        secret ? cursor : characters[..<cursor].reduce(0) { $0 + TextWidth.columns(of: $1) }
    }

    /// What is drawn: the text itself, or one mark per character for a secret.
    var shown: [Character] {
        secret ? Array(repeating: TextField.secretMark, count: characters.count) : characters
    }

    /// Replaces the whole text; the cursor goes to the end.
    public mutating func setText(_ text: String) {
        self = TextField(text: text, maxLength: maxLength, secret: secret)
    }

    /// Inserts text at the cursor (cleaned, cut at the length limit). Returns whether anything changed.
    @discardableResult
    public mutating func insert(_ text: String) -> Bool {
        var changed = false
        for character in InputCleaner.clean(text, keepNewlines: false) {
            // A combining mark typed on its own belongs to the character before it.
            if TextWidth.columns(of: character) == 0, cursor > 0 {
                let joined = String(characters[cursor - 1]) + String(character)
                if joined.count == 1 {
                    characters[cursor - 1] = Character(joined)
                    changed = true
                    continue
                }
            }
            if let maxLength, characters.count >= maxLength { break }
            characters.insert(character, at: cursor)
            cursor += 1
            changed = true
        }
        return changed
    }

    /// Editing keys; keys it does not use (Enter, Tab, Esc, ↑↓, F-keys) return `[]`.
    public mutating func handle(_ key: Key) -> KeyResult {
        switch key {
        case .character(let c):
            return insert(String(c)) ? .edited : .handled
        case .paste(let text):
            return insert(text) ? .edited : .handled
        case .left:
            guard cursor > 0 else { return .handled }
            cursor -= 1
        case .right:
            guard cursor < characters.count else { return .handled }
            cursor += 1
        case .home, .ctrl("a"):
            cursor = 0
        case .end, .ctrl("e"):
            cursor = characters.count
        case .backspace, .ctrl("h"):
            guard cursor > 0 else { return .handled }
            characters.remove(at: cursor - 1)
            cursor -= 1
            return .edited
        case .delete, .ctrl("d"):
            guard cursor < characters.count else { return .handled }
            characters.remove(at: cursor)
            return .edited
        case .ctrl("u"):
            guard cursor > 0 else { return .handled }
            characters.removeSubrange(0..<cursor)
            cursor = 0
            return .edited
        case .ctrl("k"):
            guard cursor < characters.count else { return .handled }
            characters.removeSubrange(cursor...)
            return .edited
        default:
            return []
        }
        return .updated
    }

    /// Draws the field on the first row of `rect`; when focused, puts the screen cursor in it.
    ///
    /// Text wider than the field scrolls so the cursor stays visible; `placeholder` shows
    /// (muted) when the field is empty and not focused.
    public func render(into screen: Screen, rect: Rect, focused: Bool, placeholder: String = "") {
        guard rect.height > 0, rect.width > 0 else { return }
        let style: Style = focused ? .fieldFocused : .field
        if characters.isEmpty && !focused && !placeholder.isEmpty {
            screen.put(placeholder, row: rect.row, col: rect.col, width: rect.width, style: .muted)
            return
        }
        let cursorCol = cursorColumn
        // Leave one column for the cursor after the last character.
        let start = max(0, cursorCol - (rect.width - 1))
        var line = ""
        var col = 0
        for character in shown {
            let w = TextWidth.columns(of: character)
            defer { col += w }
            if col + w <= start { continue }
            if col < start {
                line += String(repeating: " ", count: col + w - start)  // half of a wide character
                continue
            }
            if col + w - start > rect.width { break }
            line.append(character)
        }
        screen.put(line, row: rect.row, col: rect.col, width: rect.width, style: style)
        if focused { screen.cursor = (rect.row, rect.col + cursorCol - start) }
    }
}

/// A multi-line note: Enter starts a new line, lines wrap at the field width.
public struct NoteField: Equatable, Sendable {
    public private(set) var characters: [Character]
    public private(set) var cursor: Int
    public var maxLength: Int?
    /// Lines wrap at this many columns (or at the field width when narrower); ↑/↓ use it too.
    public var wrapWidth: Int

    public init(text: String = "", maxLength: Int? = nil, wrapWidth: Int = 40) {
        var chars = InputCleaner.clean(text, keepNewlines: true)
        if let maxLength, chars.count > maxLength { chars = Array(chars.prefix(maxLength)) }
        characters = chars
        cursor = chars.count
        self.maxLength = maxLength
        self.wrapWidth = wrapWidth
    }

    public var text: String { String(characters) }

    /// A visual line: character range [start, end) and whether it ends in a newline.
    struct VisualLine: Equatable {
        var start: Int
        var end: Int
    }

    /// The text broken into lines at newlines and at `width` columns.
    func visualLines(width: Int) -> [VisualLine] {
        let w = max(1, width)
        var lines: [VisualLine] = []
        var start = 0
        var used = 0
        var i = 0
        while i < characters.count {
            let c = characters[i]
            if c == "\n" {
                lines.append(VisualLine(start: start, end: i))
                start = i + 1
                used = 0
                i += 1
                continue
            }
            let cw = TextWidth.columns(of: c)
            if used + cw > w - 1 && used > 0 {
                // Keep the last column free for the cursor at a line end.
                lines.append(VisualLine(start: start, end: i))
                start = i
                used = 0
            }
            used += cw
            i += 1
        }
        lines.append(VisualLine(start: start, end: characters.count))
        return lines
    }

    /// (line, column) of the cursor in the wrapped text.
    func cursorPosition(width: Int) -> (line: Int, column: Int) {
        let lines = visualLines(width: width)
        for (n, line) in lines.enumerated() where cursor >= line.start && cursor <= line.end {
            // At a wrap boundary the cursor belongs to the next line.
            if cursor == line.end && n + 1 < lines.count && lines[n + 1].start == cursor { continue }
            let col = characters[line.start..<cursor].reduce(0) { $0 + TextWidth.columns(of: $1) }
            return (n, col)
        }
        return (max(0, lines.count - 1), 0)
    }

    @discardableResult
    public mutating func insert(_ text: String) -> Bool {
        var changed = false
        for character in InputCleaner.clean(text, keepNewlines: true) {
            if let maxLength, characters.count >= maxLength { break }
            characters.insert(character, at: cursor)
            cursor += 1
            changed = true
        }
        return changed
    }

    /// Editing keys plus Enter (new line) and ↑/↓ between lines; ↑ on the first line and
    /// ↓ on the last are not handled, so a form can move focus.
    public mutating func handle(_ key: Key) -> KeyResult {
        switch key {
        case .character(let c): return insert(String(c)) ? .edited : .handled
        case .paste(let text): return insert(text) ? .edited : .handled
        case .enter: return insert("\n") ? .edited : .handled
        case .left:
            guard cursor > 0 else { return .handled }
            cursor -= 1
        case .right:
            guard cursor < characters.count else { return .handled }
            cursor += 1
        case .backspace, .ctrl("h"):
            guard cursor > 0 else { return .handled }
            characters.remove(at: cursor - 1)
            cursor -= 1
            return .edited
        case .delete, .ctrl("d"):
            guard cursor < characters.count else { return .handled }
            characters.remove(at: cursor)
            return .edited
        case .ctrl("u"):
            // As in a one-line field: clears to the start of the field.
            guard cursor > 0 else { return .handled }
            characters.removeSubrange(0..<cursor)
            cursor = 0
            return .edited
        case .ctrl("k"):
            guard cursor < characters.count else { return .handled }
            characters.removeSubrange(cursor...)
            return .edited
        case .home, .end, .ctrl("a"), .ctrl("e"), .up, .down:
            let lines = visualLines(width: wrapWidth)
            let (lineIndex, column) = cursorPosition(width: wrapWidth)
            switch key {
            case .home, .ctrl("a"): cursor = lines[lineIndex].start
            case .end, .ctrl("e"): cursor = lines[lineIndex].end
            case .up:
                guard lineIndex > 0 else { return [] }
                cursor = index(in: lines[lineIndex - 1], atColumn: column)
            default:
                guard lineIndex + 1 < lines.count else { return [] }
                cursor = index(in: lines[lineIndex + 1], atColumn: column)
            }
        default:
            return []
        }
        return .updated
    }

    private func index(in line: VisualLine, atColumn column: Int) -> Int {
        var col = 0
        var i = line.start
        while i < line.end {
            let w = TextWidth.columns(of: characters[i])
            if col + w > column { break }
            col += w
            i += 1
        }
        return i
    }

    /// Draws the wrapped text into `rect`, scrolled so the cursor line is visible. An empty
    /// field shows `placeholder` (muted): on its first row when not focused, under the cursor's
    /// row when focused and two rows high (so the keys it names are in view while typing).
    public func render(into screen: Screen, rect: Rect, focused: Bool, placeholder: String = "") {
        guard rect.height > 0, rect.width > 0 else { return }
        let style: Style = focused ? .fieldFocused : .field
        if characters.isEmpty && !placeholder.isEmpty && (!focused || rect.height > 1) {
            for n in 0..<rect.height { screen.put("", row: rect.row + n, col: rect.col, width: rect.width, style: style) }
            screen.put(placeholder, row: rect.row + (focused ? 1 : 0), col: rect.col, width: rect.width, style: .muted)
            if focused { screen.cursor = (rect.row, rect.col) }
            return
        }
        let width = min(wrapWidth, rect.width)
        let lines = visualLines(width: width)
        let (cursorLine, cursorCol) = cursorPosition(width: width)
        let first = max(0, cursorLine - rect.height + 1)
        for n in 0..<rect.height {
            let index = first + n
            let text = index < lines.count ? String(characters[lines[index].start..<lines[index].end]) : ""
            screen.put(text, row: rect.row + n, col: rect.col, width: rect.width, style: style)
        }
        if focused { screen.cursor = (rect.row + cursorLine - first, rect.col + cursorCol) }
    }
}
