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
/// Only an explicit choice fills the field: Enter on the highlighted suggestion. Tab never
/// picks (it moves on, leaving what was typed, even nothing). With nothing typed no suggestion
/// is highlighted until ↓ is pressed, so Enter on an empty field is not a choice either; once
/// text is typed the first match is highlighted and Enter takes it. ↑ from the first suggestion
/// leaves the list (nothing highlighted), and ↑ with nothing highlighted is the form's.
///
/// A value that was picked (or prefilled with a code, or typed in full and left) is replaced
/// by what is typed next, as a selected value is: typing `C05-2` over `C01-1` gives `C05-2`,
/// never `C01-1C05-2`. Moving the cursor or deleting a character edits the value instead.
public struct CompletionField: Equatable, Sendable {
    public var input: TextField
    public var items: [CompletionItem]
    /// The chosen item; also set when the typed text equals a code exactly.
    public private(set) var picked: CompletionItem?
    /// Index into `matches` of the highlighted suggestion; nil when none is.
    public private(set) var highlighted: Int?
    /// Most suggestions shown at once.
    public var maxSuggestions: Int
    /// Whether the text is a whole accepted value that the next typed text replaces.
    public private(set) var replacesOnType = false

    public init(items: [CompletionItem], text: String = "", maxSuggestions: Int = 6) {
        self.items = items
        self.input = TextField(text: text, maxLength: 64)
        self.maxSuggestions = maxSuggestions
        updatePicked()
        replacesOnType = picked != nil
        highlighted = nil
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

    /// The suggestion Enter would take, if any.
    public var highlightedItem: CompletionItem? {
        guard isOpen, let highlighted else { return nil }
        let current = matches
        return current.indices.contains(highlighted) ? current[highlighted] : nil
    }

    /// How many suggestion rows `render` draws in `height` rows with `gap` rows left free.
    public func suggestionRows(height: Int, gap: Int = 0) -> Int {
        guard isOpen, height > 1 + gap else { return 0 }
        return min(matches.count, maxSuggestions, height - 1 - gap)
    }

    /// Picks an item: the field shows its code (and the next typed text replaces it).
    public mutating func pick(_ item: CompletionItem) {
        input.setText(item.code)
        picked = item
        highlighted = nil
        replacesOnType = true
    }

    public mutating func handle(_ key: Key) -> KeyResult {
        let current = matches
        switch key {
        case .up where isOpen:
            guard let h = highlighted else { return [] }  // nothing highlighted: ↑ is the form's
            highlighted = h == 0 ? nil : min(h, current.count) - 1
            return .updated
        case .down where isOpen:
            highlighted = highlighted.map { min($0 + 1, current.count - 1) } ?? 0
            return .updated
        case .enter where highlightedItem != nil:
            pick(highlightedItem!)
            return .edited
        case .escape where isOpen:
            // Esc shuts the list first; a second Esc reaches the form.
            dismissed = true
            return .updated
        case .tab, .backTab, .enter:
            // Tab never accepts a suggestion: it (and Enter with nothing highlighted) is the form's.
            return []
        default:
            if replacesOnType {
                switch key {
                case .character, .paste:
                    // An accepted value is replaced by what is typed over it, as a selection is.
                    input.setText("")
                    replacesOnType = false
                    let result = input.handle(key)
                    afterEdit()
                    return result.union(.edited)
                default:
                    break
                }
            }
            let result = input.handle(key)
            if result.contains(.handled) { replacesOnType = false }
            if result.contains(.changed) { afterEdit() }
            return result
        }
    }

    private mutating func afterEdit() {
        dismissed = false
        updatePicked()
        resetHighlight()
    }

    /// Highlights what typing would: the first match of typed text, nothing for an empty field.
    private mutating func resetHighlight() {
        highlighted = input.text.trimmingCharacters(in: .whitespaces).isEmpty || !isOpen ? nil : 0
    }

    /// A form calls it when focus leaves the field: the list starts afresh on return, and a
    /// whole code (picked or typed in full) is then an accepted value that typing replaces.
    public mutating func leave() {
        resetHighlight()
        if picked != nil { replacesOnType = true }
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
        // An accepted value that typing replaces shows as selected, as a selection would.
        let columns = TextWidth.columns(of: input.text)
        if focused && replacesOnType && columns > 0 && columns < width {
            screen.put(input.text, row: rect.row, col: rect.col, width: columns, style: .selected)
        }
        if width + 2 < rect.width {
            screen.put(" " + (picked?.name ?? ""), row: rect.row, col: rect.col + width, width: rect.width - width,
                       style: .muted)
        }
        if focused && isOpen && rect.height > 1 + listGap {
            let top = rect.row + 1 + listGap
            let shown = Array(matches.prefix(min(maxSuggestions, rect.height - 1 - listGap)))
            let first = max(0, (highlighted ?? 0) - shown.count + 1)
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
