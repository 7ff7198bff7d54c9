/// A yes/no question in a box over the screen; destructive actions ask first.
public struct ConfirmDialog: Equatable, Sendable {
    public var title: String
    public var message: String
    public var yesLabel: String
    public var noLabel: String
    /// Which button Enter presses; starts on "no" so a stray Enter destroys nothing.
    public private(set) var yesFocused: Bool

    public init(title: String, message: String, yesLabel: String, noLabel: String, defaultYes: Bool = false) {
        self.title = title
        self.message = message
        self.yesLabel = yesLabel
        self.noLabel = noLabel
        self.yesFocused = defaultYes
    }

    /// `y` or Enter on yes → `.submit`; `n`, Esc, Ctrl-C or Enter on no → `.cancel`; ←/→/Tab switch.
    public mutating func handle(_ key: Key) -> KeyResult {
        switch key {
        case .character("y"), .character("Y"): return [.handled, .submit]
        case .character("n"), .character("N"), .escape, .ctrl("c"): return [.handled, .cancel]
        case .enter: return [.handled, yesFocused ? .submit : .cancel]
        case .left, .right, .tab, .backTab:
            yesFocused.toggle()
            return .updated
        default: return .handled  // modal: nothing else gets through
        }
    }

    public func render(into screen: Screen, area: Rect) {
        let buttons = "[ \(yesLabel) (y) ]   [ \(noLabel) (n) ]"
        // Line breaks in the message are kept (each paragraph made displayable on its own).
        let paragraphs = message.split(separator: "\n", omittingEmptySubsequences: false).map {
            TextWidth.displayable(String($0))
        }
        let widest = paragraphs.map { TextWidth.columns(of: $0) }.max() ?? 0
        let want = max(widest, TextWidth.columns(of: buttons), TextWidth.columns(of: title) + 4) + 4
        let width = min(area.width, max(30, want))
        let lines = paragraphs.flatMap { TextWidth.wrapWords($0, width: max(1, width - 4)) }
        let box = area.centered(width: width, height: lines.count + 4)
        guard box.width >= 4 && box.height >= 3 else { return }
        screen.fill(box, style: .normal)
        screen.box(box, title: title)
        for (n, line) in lines.enumerated() where n < box.height - 4 {
            screen.put(line, row: box.row + 1 + n, col: box.col + 2, width: box.width - 4, style: .normal)
        }
        let buttonRow = box.bottom - 2
        let yes = "[ \(yesLabel) (y) ]"
        let no = "[ \(noLabel) (n) ]"
        let total = TextWidth.columns(of: yes) + 3 + TextWidth.columns(of: no)
        var col = box.col + max(2, (box.width - total) / 2)
        col = screen.put(yes, row: buttonRow, col: col, style: yesFocused ? .selected : .normal)
        col = screen.put("   ", row: buttonRow, col: col, style: .normal)
        screen.put(no, row: buttonRow, col: col, style: yesFocused ? .normal : .selected)
        screen.cursor = nil
    }
}

/// The help overlay: every row of a key table, keys and what they do.
public struct HelpOverlay: Equatable, Sendable {
    public var title: String
    public var rows: [KeyHint]
    public private(set) var offset = 0

    /// Help for a key table (the same table that dispatches the keys).
    public init<Action>(title: String, table: KeyTable<Action>) {
        self.title = title
        self.rows = table.helpRows
    }

    public init(title: String, rows: [KeyHint]) {
        self.title = title
        self.rows = rows
    }

    /// ↑/↓/PgUp/PgDn scroll; Esc, Enter, q, F1 or ? close (`.cancel`).
    public mutating func handle(_ key: Key, pageSize: Int = 10) -> KeyResult {
        switch key {
        case .up: offset = max(0, offset - 1)
        case .down: offset = min(max(0, rows.count - 1), offset + 1)
        case .pageUp: offset = max(0, offset - pageSize)
        case .pageDown: offset = min(max(0, rows.count - 1), offset + pageSize)
        case .escape, .enter, .character("q"), .character("?"), .f(1): return [.handled, .cancel]
        default: return .handled
        }
        return .updated
    }

    public func render(into screen: Screen, area: Rect) {
        let keyWidth = min(24, rows.map { TextWidth.columns(of: $0.keys) }.max() ?? 0)
        let labelWidth = rows.map { TextWidth.columns(of: $0.label) }.max() ?? 0
        let box = area.centered(width: max(keyWidth + labelWidth + 7, TextWidth.columns(of: title) + 6, 30),
                                height: rows.count + 2)
        guard box.width >= 6 && box.height >= 3 else { return }
        screen.fill(box, style: .normal)
        screen.box(box, title: title)
        let inner = box.inset(1)
        let first = min(offset, max(0, rows.count - inner.height))
        for line in 0..<inner.height {
            let index = first + line
            guard index < rows.count else { break }
            let row = inner.row + line
            let keyCol = min(keyWidth, inner.width - 2)
            screen.put(rows[index].keys, row: row, col: inner.col + 1, width: keyCol, style: .hintKey)
            screen.put(rows[index].label, row: row, col: inner.col + keyCol + 3, width: max(0, inner.width - keyCol - 4),
                       style: .normal)
        }
        screen.cursor = nil
    }
}
