/// A choice among fixed options: inline in a form ("< 男 >", ←/→/Space cycle) or as a
/// vertical list (↑/↓ move, Enter picks).
public struct ChoiceList: Equatable, Sendable {
    public var options: [String]
    public private(set) var selected: Int
    /// First option shown in list mode.
    public private(set) var offset = 0

    public init(options: [String], selected: Int = 0) {
        self.options = options
        self.selected = options.isEmpty ? 0 : min(max(0, selected), options.count - 1)
    }

    public var selectedOption: String? { options.indices.contains(selected) ? options[selected] : nil }

    public mutating func select(_ index: Int) {
        selected = options.isEmpty ? 0 : min(max(0, index), options.count - 1)
    }

    /// Inline mode: ←/→/Space cycle, a typed character jumps to the next option starting with it.
    /// List mode additionally: ↑/↓/Home/End/PgUp/PgDn move, Enter submits.
    public mutating func handle(_ key: Key, list: Bool = false, pageSize: Int = 10) -> KeyResult {
        guard !options.isEmpty else { return [] }
        let before = selected
        switch key {
        case .right, .character(" "):
            select((selected + 1) % options.count)
        case .left:
            select((selected + options.count - 1) % options.count)
        case .up where list: select(selected - 1)
        case .down where list: select(selected + 1)
        case .home where list: select(0)
        case .end where list: select(options.count - 1)
        case .pageUp where list: select(selected - pageSize)
        case .pageDown where list: select(selected + pageSize)
        case .enter where list: return [.handled, .submit]
        case .character(let c):
            let n = options.count
            let hit = (1...n).map { (selected + $0) % n }.first { options[$0].lowercased().hasPrefix(String(c).lowercased()) }
            guard let hit else { return [] }
            select(hit)
        default:
            return []
        }
        if list { offset = Table.visibleOffset(offset: offset, selected: selected, height: pageSize, count: options.count) }
        return before == selected ? .handled : .edited
    }

    /// Inline: "< option >" on one row.
    public func renderInline(into screen: Screen, rect: Rect, focused: Bool) {
        guard rect.height > 0, rect.width > 0 else { return }
        let style: Style = focused ? .fieldFocused : .field
        let text = "< " + (selectedOption ?? "") + " >"
        let width = min(rect.width, max(TextWidth.columns(of: text), 6))
        screen.put(text, row: rect.row, col: rect.col, width: width, style: style)
        if focused { screen.cursor = (rect.row, rect.col + 2) }
    }

    /// List: one option per row, the selected one marked and highlighted.
    public func renderList(into screen: Screen, rect: Rect, focused: Bool) {
        guard rect.height > 0, rect.width > 0 else { return }
        let first = Table.visibleOffset(offset: offset, selected: selected, height: rect.height, count: options.count)
        for line in 0..<rect.height {
            let index = first + line
            guard index < options.count else {
                screen.fill(rect.line(line), style: .normal)
                continue
            }
            let isSelected = index == selected
            let style: Style = isSelected ? (focused ? .selected : .header) : .normal
            screen.put((isSelected ? "> " : "  ") + options[index], in: rect, line: line, style: style)
        }
    }
}
