/// Something a completion field can pick: a stable code and a display name.
public struct CompletionItem: Equatable, Sendable {
    public var code: String
    public var name: String
    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

/// A text field that suggests items as you type: code prefix or name substring.
///
/// ↑/↓ move through the suggestions; Tab or Enter picks the highlighted one (the field
/// then holds its code). When nothing is left to pick, Tab and Enter are not handled so
/// a form moves on.
public struct CompletionField: Equatable, Sendable {
    public var input: TextField
    public var items: [CompletionItem]
    /// The chosen item; also set when the typed text equals a code exactly.
    public private(set) var picked: CompletionItem?
    /// Index into `matches` of the highlighted suggestion.
    public private(set) var highlighted = 0
    /// Most suggestions shown at once.
    public var maxSuggestions: Int

    public init(items: [CompletionItem], text: String = "", maxSuggestions: Int = 6) {
        self.items = items
        self.input = TextField(text: text, maxLength: 64)
        self.maxSuggestions = maxSuggestions
        updatePicked()
    }

    public var text: String { input.text }

    /// Items matching the text: code prefixes first, then names containing it (case-insensitive).
    public var matches: [CompletionItem] {
        let query = input.text.trimmingCharacters(in: .whitespaces).lowercased()
        if query.isEmpty { return items }
        let byCode = items.filter { $0.code.lowercased().hasPrefix(query) }
        let byName = items.filter { !$0.code.lowercased().hasPrefix(query) && $0.name.lowercased().contains(query) }
        return byCode + byName
    }

    /// Set by Esc: the list stays shut until the text changes.
    public private(set) var dismissed = false

    /// Whether suggestions are offered (something matches, it is not already picked, not dismissed).
    public var isOpen: Bool { picked == nil && !dismissed && !matches.isEmpty }

    /// How many suggestion rows `render` draws in `height` rows with `gap` rows left free.
    public func suggestionRows(height: Int, gap: Int = 0) -> Int {
        guard isOpen, height > 1 + gap else { return 0 }
        return min(matches.count, maxSuggestions, height - 1 - gap)
    }

    /// Picks an item: the field shows its code.
    public mutating func pick(_ item: CompletionItem) {
        input.setText(item.code)
        picked = item
        highlighted = 0
    }

    public mutating func handle(_ key: Key) -> KeyResult {
        let current = matches
        switch key {
        case .up where isOpen:
            highlighted = (highlighted + current.count - 1) % current.count
            return .updated
        case .down where isOpen:
            highlighted = (highlighted + 1) % current.count
            return .updated
        case .tab where isOpen, .enter where isOpen:
            pick(current[min(highlighted, current.count - 1)])
            return .edited
        case .escape where isOpen:
            // Esc shuts the list first; a second Esc reaches the form.
            dismissed = true
            return .updated
        default:
            let result = input.handle(key)
            if result.contains(.changed) {
                highlighted = 0
                dismissed = false
                updatePicked()
            }
            return result
        }
    }

    private mutating func updatePicked() {
        let query = input.text.trimmingCharacters(in: .whitespaces).lowercased()
        picked = items.first { $0.code.lowercased() == query && !query.isEmpty }
    }

    /// Draws the field on the first row of `rect` (with the picked item's name after it) and,
    /// when focused and open, the suggestions below it over whatever is there.
    /// `listGap`: rows left free between the field and its suggestions (for a message under it).
    public func render(into screen: Screen, rect: Rect, focused: Bool, fieldWidth: Int? = nil, placeholder: String = "",
                       listGap: Int = 0) {
        guard rect.height > 0, rect.width > 0 else { return }
        let width = min(fieldWidth ?? rect.width, rect.width)
        let savedCursor = screen.cursor
        input.render(into: screen, rect: Rect(row: rect.row, col: rect.col, width: width, height: 1),
                     focused: focused, placeholder: placeholder)
        let focusCursor = screen.cursor
        if width + 2 < rect.width {
            screen.put(" " + (picked?.name ?? ""), row: rect.row, col: rect.col + width, width: rect.width - width,
                       style: .muted)
        }
        if focused && isOpen && rect.height > 1 + listGap {
            let top = rect.row + 1 + listGap
            let shown = Array(matches.prefix(min(maxSuggestions, rect.height - 1 - listGap)))
            let first = max(0, highlighted - shown.count + 1)
            let visible = Array(matches[first..<min(matches.count, first + shown.count)])
            let codeWidth = visible.map { TextWidth.columns(of: $0.code) }.max() ?? 0
            let listWidth = min(rect.width, max(width, (visible.map { codeWidth + 2 + TextWidth.columns(of: $0.name) }.max() ?? 0) + 2))
            for (n, item) in visible.enumerated() {
                let style: Style = first + n == highlighted ? .selected : .fieldFocused
                let line = " " + TextWidth.pad(item.code, to: codeWidth) + "  " + item.name
                screen.put(line, row: top + n, col: rect.col, width: listWidth, style: style)
                // The rest of the row is blanked: half a field's text beside the list reads
                // as if it belonged to the suggestion.
                if listWidth < rect.width {
                    screen.fill(Rect(row: top + n, col: rect.col + listWidth, width: rect.width - listWidth, height: 1),
                                style: .normal)
                }
            }
        }
        screen.cursor = focused ? focusCursor : savedCursor
    }
}
