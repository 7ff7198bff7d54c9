/// Horizontal bars with labels (Chinese labels measured in columns) and values.
public enum BarChart {
    /// One bar.
    public struct Item: Equatable, Sendable {
        public var label: String
        public var value: Int
        public init(_ label: String, _ value: Int) {
            self.label = label
            self.value = value
        }
    }

    /// Draws one item per row: label, bar scaled to the largest value, value.
    public static func render(_ items: [Item], into screen: Screen, rect: Rect, barGlyph: Character = "█") {
        guard rect.height > 0, rect.width > 0 else { return }
        screen.fill(rect, style: .normal)
        let labelWidth = min(items.map { TextWidth.columns(of: $0.label) }.max() ?? 0, max(4, rect.width / 3))
        let valueWidth = items.map { String($0.value).count }.max() ?? 1
        let barSpace = max(0, rect.width - labelWidth - valueWidth - 2)
        let top = max(1, items.map(\.value).max() ?? 1)
        for (n, item) in items.enumerated() where n < rect.height {
            let row = rect.row + n
            screen.put(item.label, row: row, col: rect.col, width: labelWidth, style: .normal)
            let length = item.value <= 0 ? 0 : max(1, (item.value * barSpace + top / 2) / top)
            let bar = String(repeating: barGlyph, count: min(length, barSpace))
            screen.put(bar, row: row, col: rect.col + labelWidth + 1, style: .bar)
            screen.put(String(item.value), row: row, col: rect.right - valueWidth, width: valueWidth, style: .normal,
                       align: .right)
        }
    }
}

/// Twenty-four cells, one per hour, shaded by count, with an hour axis below.
public enum HourStrip {
    /// Glyphs from none to most (the glyph tells the level even without colour).
    public static let defaultGlyphs: [Character] = ["·", "░", "▒", "▓", "█"]

    /// Draws the strip on the first row of `rect` (after `label`) and the axis on the second.
    public static func render(
        counts: [Int], label: String = "", into screen: Screen, rect: Rect, glyphs: [Character] = defaultGlyphs
    ) {
        guard rect.height > 0, rect.width > 0 else { return }
        let labelWidth = label.isEmpty ? 0 : TextWidth.columns(of: label) + 1
        let cellWidth = rect.width - labelWidth >= 48 ? 2 : 1
        let start = rect.col + labelWidth
        screen.fill(rect.line(0), style: .normal)
        if labelWidth > 0 { screen.put(label, row: rect.row, col: rect.col, width: labelWidth - 1, style: .normal) }
        let top = max(1, counts.max() ?? 1)
        let levels: [Style] = [.muted, .shade1, .shade2, .shade3, .shade4]
        for hour in 0..<24 {
            let count = hour < counts.count ? counts[hour] : 0
            let level = count <= 0 ? 0 : min(4, 1 + (count * 4 - 1) / top)
            let glyph = glyphs[min(level, glyphs.count - 1)]
            screen.put(String(repeating: glyph, count: cellWidth), row: rect.row, col: start + hour * cellWidth,
                       style: levels[level])
        }
        guard rect.height > 1 else { return }
        screen.fill(rect.line(1), style: .normal)
        for hour in stride(from: 0, to: 24, by: cellWidth == 2 ? 3 : 6) {
            screen.put(String(hour), row: rect.row + 1, col: start + hour * cellWidth, style: .muted)
        }
    }
}

/// A map of cells placed at grid positions, coloured by state, with a legend that also
/// reads without colour (each state has its own glyph).
public struct CellMap: Equatable, Sendable {
    /// One state a cell can be in (e.g. covered, due soon, overdue, never visited).
    public struct State: Equatable, Sendable {
        public var glyph: Character
        public var label: String
        public var style: Style
        public init(glyph: Character, label: String, style: Style) {
            self.glyph = glyph
            self.label = label
            self.style = style
        }
    }

    /// A cell at (x, y) with a state index and a short tag drawn in it (e.g. a cell code).
    public struct Cell: Equatable, Sendable {
        public var x: Int
        public var y: Int
        public var state: Int
        public var tag: String
        public init(x: Int, y: Int, state: Int, tag: String = "") {
            self.x = x
            self.y = y
            self.state = state
            self.tag = tag
        }
    }

    public var states: [State]
    public var cells: [Cell]
    /// Columns per cell on screen (2 keeps cells roughly square).
    public var cellWidth: Int
    /// Index of the selected cell, moved with the arrows.
    public private(set) var selected: Int?

    public init(states: [State], cells: [Cell], cellWidth: Int = 4) {
        self.states = states
        self.cells = cells
        self.cellWidth = max(1, cellWidth)
        self.selected = cells.isEmpty ? nil : 0
    }

    public var selectedCell: Cell? { selected.map { cells[$0] } }

    /// Arrows move to the nearest cell in that direction; Enter submits.
    public mutating func handle(_ key: Key) -> KeyResult {
        guard let current = selected else { return [] }
        let here = cells[current]
        let candidates: [Int]
        switch key {
        case .left: candidates = cells.indices.filter { cells[$0].y == here.y && cells[$0].x < here.x }
        case .right: candidates = cells.indices.filter { cells[$0].y == here.y && cells[$0].x > here.x }
        case .up: candidates = cells.indices.filter { cells[$0].y < here.y }
        case .down: candidates = cells.indices.filter { cells[$0].y > here.y }
        case .enter: return [.handled, .submit]
        default: return []
        }
        let best = candidates.min { a, b in
            let da = abs(cells[a].x - here.x) + abs(cells[a].y - here.y) * 2
            let db = abs(cells[b].x - here.x) + abs(cells[b].y - here.y) * 2
            return da < db
        }
        guard let best else { return .handled }
        selected = best
        return .edited
    }

    /// Draws the cells from the top-left of `rect` and the legend on its last row(s).
    public func render(into screen: Screen, rect: Rect, focused: Bool = true) {
        guard rect.height > 0, rect.width > 0 else { return }
        screen.fill(rect, style: .normal)
        let legend = legendLines(width: rect.width)
        let mapHeight = max(0, rect.height - legend.count - 1)
        for (index, cell) in cells.enumerated() {
            let row = rect.row + cell.y
            let col = rect.col + cell.x * (cellWidth + 1)
            guard cell.y < mapHeight, col + cellWidth <= rect.right, states.indices.contains(cell.state) else { continue }
            let state = states[cell.state]
            let fillText = TextWidth.columns(of: cell.tag) > 0
                ? TextWidth.fit(cell.tag, to: cellWidth)
                : String(repeating: state.glyph, count: cellWidth)
            let isSelected = focused && index == selected
            // The glyph at both ends keeps the state visible with a tag and without colour.
            var text = fillText
            if cellWidth >= 3 && !cell.tag.isEmpty {
                text = String(state.glyph) + TextWidth.fit(cell.tag, to: cellWidth - 1)
            }
            screen.put(text, row: row, col: col, style: isSelected ? .selected : state.style)
        }
        for (n, line) in legend.enumerated() {
            let row = rect.bottom - legend.count + n
            var col = rect.col
            for index in line {
                let state = states[index]
                col = screen.put(String(repeating: state.glyph, count: 2), row: row, col: col, style: state.style)
                col = screen.put(" " + state.label + "  ", row: row, col: col, style: .normal)
            }
        }
    }

    /// Legend entries grouped into rows that fit the width.
    private func legendLines(width: Int) -> [[Int]] {
        var lines: [[Int]] = [[]]
        var used = 0
        for (index, state) in states.enumerated() {
            let w = 2 + 1 + TextWidth.columns(of: state.label) + 2
            if used + w > width && !lines[lines.count - 1].isEmpty {
                lines.append([])
                used = 0
            }
            lines[lines.count - 1].append(index)
            used += w
        }
        return lines.filter { !$0.isEmpty }
    }
}
