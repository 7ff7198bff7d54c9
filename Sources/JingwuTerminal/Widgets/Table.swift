/// A column of a table: title, width in display columns, alignment.
public struct TableColumn: Equatable, Sendable {
    public enum Width: Equatable, Sendable {
        /// Exactly this many columns.
        case fixed(Int)
        /// Shares what the fixed columns leave, at least `min`.
        case flexible(min: Int)
    }

    public var title: String
    public var width: Width
    public var align: TextWidth.Alignment

    public init(_ title: String, width: Width, align: TextWidth.Alignment = .left) {
        self.title = title
        self.width = width
        self.align = align
    }
}

/// Without colour (`NO_COLOR`, a monochrome terminal) a row's state is also a mark in two columns
/// of its own before the first, so it survives a terminal that drops bold, underline or reverse:
/// `>` on the selected row, `!` on a row that stands out (overdue, high risk, voided).
public enum RowMark {
    public static let width = 2

    public static func text(selected: Bool, style: Style) -> String {
        (selected ? ">" : " ") + ([.error, .danger, .warn].contains(style) ? "!" : " ")
    }

    /// The area left for the columns: all of it in colour, less the marks' columns without.
    public static func body(_ rect: Rect, on screen: Screen) -> Rect {
        guard !screen.usesColor, rect.width > width else { return rect }
        return Rect(row: rect.row, col: rect.col + width, width: rect.width - width, height: rect.height)
    }

    /// Draws a row's mark before `body` (nothing in colour).
    public static func draw(selected: Bool, style: Style, row: Int, before body: Rect, on screen: Screen) {
        guard !screen.usesColor, body.col >= width else { return }
        screen.put(text(selected: selected, style: style), row: row, col: body.col - width, style: selected ? .selected : style)
    }
}

/// A scrolling table with a selected row, a sort indicator and an empty state.
///
/// Cells are text already formatted by the caller; widths are display columns, so
/// Chinese names align exactly.
public struct Table: Equatable, Sendable {
    public var columns: [TableColumn]
    public private(set) var rows: [[String]]
    /// Index of the selected row (clamped to the rows).
    public private(set) var selected: Int = 0
    /// First row shown; kept so the selected row stays visible.
    public private(set) var offset: Int = 0
    /// Column showing the sort indicator and the direction.
    public var sortColumn: Int?
    public var sortAscending = true
    /// Shown when there are no rows (in the operator's language).
    public var emptyText: String

    public init(columns: [TableColumn], rows: [[String]] = [], emptyText: String = "") {
        self.columns = columns
        self.rows = rows
        self.emptyText = emptyText
    }

    /// Replaces the rows, keeping the selection in range.
    public mutating func setRows(_ newRows: [[String]]) {
        rows = newRows
        select(selected)
    }

    /// Selects a row by index (clamped).
    public mutating func select(_ index: Int) {
        selected = rows.isEmpty ? 0 : min(max(0, index), rows.count - 1)
    }

    /// Sorts the rows by a column (numbers compare as numbers), or reverses the order
    /// when already sorted by it.
    public mutating func toggleSort(column: Int) {
        guard column >= 0 && column < columns.count else { return }
        sortAscending = sortColumn == column ? !sortAscending : true
        sortColumn = column
        let ascending = sortAscending
        rows.sort { a, b in
            let x = column < a.count ? a[column] : ""
            let y = column < b.count ? b[column] : ""
            let less: Bool
            if let dx = Double(x), let dy = Double(y) { less = dx < dy } else { less = x < y }
            let greater: Bool
            if let dx = Double(x), let dy = Double(y) { greater = dx > dy } else { greater = x > y }
            return ascending ? less : greater
        }
        select(selected)
    }

    /// Arrows, PgUp/PgDn, Home/End move the selection; Enter submits.
    /// `pageSize` is the number of body rows on screen.
    public mutating func handle(_ key: Key, pageSize: Int) -> KeyResult {
        let page = max(1, pageSize)
        let before = selected
        switch key {
        case .up: select(selected - 1)
        case .down: select(selected + 1)
        case .pageUp: select(selected - page)
        case .pageDown: select(selected + page)
        case .home: select(0)
        case .end: select(rows.count - 1)
        case .enter: return rows.isEmpty ? .handled : [.handled, .submit]
        default: return []
        }
        offset = Self.visibleOffset(offset: offset, selected: selected, height: page, count: rows.count)
        return before == selected ? .handled : .edited
    }

    /// Widths of the columns for a total width, one space between columns.
    public func columnWidths(total: Int) -> [Int] {
        let gaps = max(0, columns.count - 1)
        var widths = columns.map { column -> Int in
            if case .fixed(let w) = column.width { return w }
            if case .flexible(let m) = column.width { return m }
            return 0
        }
        let flexible = columns.indices.filter { if case .flexible = columns[$0].width { return true } else { return false } }
        var spare = total - gaps - widths.reduce(0, +)
        if spare > 0 && !flexible.isEmpty {
            let each = spare / flexible.count
            for (n, index) in flexible.enumerated() {
                widths[index] += each + (n < spare % flexible.count ? 1 : 0)
            }
            spare = 0
        }
        return widths
    }

    /// Draws header and visible rows into `rect` (first row is the header).
    public func render(into screen: Screen, rect whole: Rect, focused: Bool = true) {
        guard whole.height > 0, whole.width > 0 else { return }
        screen.fill(whole, style: .normal)
        let rect = RowMark.body(whole, on: screen)
        let widths = columnWidths(total: rect.width)
        var col = rect.col
        for (index, column) in columns.enumerated() {
            var title = column.title
            if sortColumn == index { title += sortAscending ? "↑" : "↓" }
            let w = min(widths[index], rect.right - col)
            if w <= 0 { break }
            screen.put(title, row: rect.row, col: col, width: w, style: .header, align: column.align)
            col += w
            if col < rect.right && index < columns.count - 1 {
                screen.put(" ", row: rect.row, col: col, style: .header)
                col += 1
            }
        }
        let bodyHeight = rect.height - 1
        guard bodyHeight > 0 else { return }
        if rows.isEmpty {
            screen.put(emptyText, row: rect.row + 1, col: rect.col, width: rect.width, style: .muted, align: .center)
            return
        }
        let first = Self.visibleOffset(offset: offset, selected: selected, height: bodyHeight, count: rows.count)
        for line in 0..<bodyHeight {
            let index = first + line
            guard index < rows.count else { break }
            let style: Style = (index == selected && focused) ? .selected : .normal
            let row = rect.row + 1 + line
            if style != .normal { screen.fill(Rect(row: row, col: rect.col, width: rect.width, height: 1), style: style) }
            RowMark.draw(selected: index == selected && focused, style: .normal, row: row, before: rect, on: screen)
            var c = rect.col
            for (ci, column) in columns.enumerated() {
                let w = min(widths[ci], rect.right - c)
                if w <= 0 { break }
                let text = ci < rows[index].count ? rows[index][ci] : ""
                screen.put(text, row: row, col: c, width: w, style: style, align: column.align)
                c += w + 1
            }
        }
    }

    /// The first visible row so that `selected` is on screen.
    static func visibleOffset(offset: Int, selected: Int, height: Int, count: Int) -> Int {
        guard height > 0 else { return 0 }
        var first = min(offset, max(0, count - height))
        if selected < first { first = selected }
        if selected >= first + height { first = selected - height + 1 }
        return max(0, first)
    }
}
