/// The top line: what this console is (left) and the clock or shift (right).
public enum TitleLine {
    /// Draws `left` and `right` on one row; `left` is cut first when they do not both fit.
    public static func render(left: String, right: String, into screen: Screen, rect: Rect) {
        guard rect.height > 0, rect.width > 0 else { return }
        screen.fill(rect.line(0), style: .title)
        let rightText = TextWidth.truncate(TextWidth.displayable(right), to: rect.width)
        let rightWidth = TextWidth.columns(of: rightText)
        let leftBudget = rect.width - rightWidth - (rightWidth > 0 ? 2 : 0)
        if leftBudget > 0 {
            screen.put(" " + left, row: rect.row, col: rect.col, width: leftBudget, style: .title)
        }
        screen.put(rightText, row: rect.row, col: rect.right - rightWidth - (rightWidth < rect.width ? 1 : 0), style: .title)
    }
}

/// The row of screen tabs.
public struct TabBar: Equatable, Sendable {
    public var titles: [String]
    public var selected: Int

    public init(titles: [String], selected: Int = 0) {
        self.titles = titles
        self.selected = selected
    }

    /// Moves to the next or previous tab, wrapping.
    public mutating func handle(_ key: Key) -> KeyResult {
        guard !titles.isEmpty else { return [] }
        switch key {
        case .right, .tab:
            selected = (selected + 1) % titles.count
        case .left, .backTab:
            selected = (selected + titles.count - 1) % titles.count
        default:
            return []
        }
        return .edited
    }

    /// Draws " 1 总览 " style tabs; tighter (" 1 总览") when that does not fit at the width,
    /// and when even that does not fit, every tab gets an equal share.
    public func render(into screen: Screen, rect: Rect) {
        guard rect.height > 0, rect.width > 0 else { return }
        screen.fill(rect.line(0), style: .tab)
        var labels = titles.enumerated().map { " \($0.offset + 1) \($0.element) " }
        var total = labels.reduce(0) { $0 + TextWidth.columns(of: $1) }
        if total > rect.width {
            labels = titles.enumerated().map { " \($0.offset + 1) \($0.element)" }
            total = labels.reduce(0) { $0 + TextWidth.columns(of: $1) }
        }
        let share = labels.isEmpty ? 0 : max(3, rect.width / labels.count)
        var col = rect.col
        for (index, label) in labels.enumerated() {
            let budget = total <= rect.width ? TextWidth.columns(of: label) : share
            let width = min(budget, rect.right - col)
            if width <= 0 { break }
            let style: Style = index == selected ? .tabActive : .tab
            screen.put(label, row: rect.row, col: col, width: width, style: style)
            col += width
        }
    }
}

/// The bottom line of key hints for the current screen, generated from a key table.
public enum KeyHintLine {
    /// Draws the hints two columns apart ("F1 帮助  n 新建 …"), one apart when that
    /// does not fit; when even that does not fit, the last hint (quit) stays and
    /// those before it are dropped from the end, the rest being on F1. A hint is
    /// never cut in half.
    public static func render(_ hints: [KeyHint], into screen: Screen, rect: Rect) {
        guard rect.height > 0, rect.width > 0 else { return }
        screen.fill(rect.line(0), style: .hint)
        let items = hints.map { hint -> (keys: String, label: String, width: Int) in
            let keys = TextWidth.displayable(hint.keys)
            let label = TextWidth.displayable(hint.label)
            return (keys, label, TextWidth.columns(of: keys) + 1 + TextWidth.columns(of: label))
        }
        func width(_ list: ArraySlice<(keys: String, label: String, width: Int)>, gap: Int) -> Int {
            list.reduce(0) { $0 + $1.width } + gap * max(0, list.count - 1)
        }
        var shown = items[...]
        let gap = width(shown, gap: 2) <= rect.width ? 2 : 1
        if width(shown, gap: gap) > rect.width, let last = items.last, items.count > 1 {
            var kept = Array(items.dropLast())
            while !kept.isEmpty, width((kept + [last])[...], gap: gap) > rect.width { kept.removeLast() }
            shown = (kept + [last])[...]
        }
        var col = rect.col
        for item in shown {
            if col + item.width > rect.right { break }
            col = screen.put(item.keys, row: rect.row, col: col, style: .hintKey)
            col = screen.put(" " + item.label, row: rect.row, col: col, style: .hint)
            col += gap
        }
    }
}

/// A one-line message under the main area: result of the last action or an error.
public struct Message: Equatable, Sendable {
    public enum Kind: Sendable { case info, ok, warn, error }
    public var kind: Kind
    public var text: String

    public init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }

    public var style: Style {
        switch kind {
        case .info: return .normal
        case .ok: return .ok
        case .warn: return .warn
        case .error: return .error
        }
    }
}

/// Draws the message line (blank when there is no message).
///
/// A message wider than the line wraps as a reader expects (`TextWidth.wrapWords`: a path, a number
/// or an English word stays whole, Chinese breaks between characters, never before `，。）`): its
/// first lines take the rows just above the message
/// line (the bottom of the screen's main area, so draw it after the main area), up to
/// `maxLines` in all, the last one cut with "…" only if even that is not enough.
public enum MessageLine {
    public static let maxLines = 3

    public static func render(_ message: Message?, into screen: Screen, rect: Rect) {
        guard rect.height > 0 else { return }
        screen.fill(rect.line(0), style: .normal)
        guard let message else { return }
        let width = rect.width - 1
        var lines = width > 0 ? TextWidth.wrapWords(message.text, width: width) : []
        if lines.count > maxLines {
            lines = Array(lines.prefix(maxLines - 1)) + [lines[(maxLines - 1)...].joined()]
        }
        guard lines.count > 1 else {
            screen.put(" " + message.text, row: rect.row, col: rect.col, width: rect.width, style: message.style)
            return
        }
        let top = max(0, rect.row - (lines.count - 1))
        for (n, line) in lines.suffix(rect.row - top + 1).enumerated() {
            screen.put(" " + line, row: top + n, col: rect.col, width: rect.width, style: message.style)
        }
    }
}
