/// An in-memory screen for tests: a grid of cells that can be read back as text.
///
/// A double-width character fills its cell and marks the next one as its continuation;
/// overwriting either half blanks the other, as a real terminal does.
public final class VirtualScreen: Screen {
    /// One cell of the grid.
    public struct Cell: Equatable, Sendable {
        /// The character drawn here; empty for the right half of a wide character.
        public var text: String
        public var style: Style
        /// The character takes two columns (the next cell is its right half): kept when the cell is
        /// drawn, so overwriting it does not measure its text again.
        var isWide = false
        public var isContinuation: Bool { text.isEmpty }

        public static let blank = Cell(text: " ", style: .normal)
    }

    public private(set) var size: Size
    public var usesColor: Bool
    public var cursor: (row: Int, col: Int)?
    /// Keys that `readKey` returns, first first; `.timeout` when empty.
    public var pendingKeys: [Key] = []
    /// How many times `flush()` was called.
    public private(set) var flushCount = 0
    private var cells: [[Cell]]

    public init(rows: Int = 24, columns: Int = 80, usesColor: Bool = true) {
        size = Size(rows: rows, columns: columns)
        self.usesColor = usesColor
        cells = Array(repeating: Array(repeating: .blank, count: columns), count: rows)
    }

    /// Changes the size (contents are cleared) and queues a `.resize` key, like a terminal would.
    public func resize(rows: Int, columns: Int) {
        size = Size(rows: rows, columns: columns)
        cells = Array(repeating: Array(repeating: .blank, count: columns), count: rows)
        pendingKeys.append(.resize)
    }

    /// Queues keys for `readKey`.
    public func feed(_ keys: [Key]) { pendingKeys.append(contentsOf: keys) }

    /// Queues each character of a string as a `.character` key (as typed or from an IME).
    public func type(_ text: String) { pendingKeys.append(contentsOf: text.map { Key.character($0) }) }

    @discardableResult
    public func put(_ text: String, row: Int, col: Int, style: Style) -> Int {
        var c = col
        guard row >= 0 && row < size.rows else { return col + TextWidth.columns(of: text) }
        for character in TextWidth.displayable(text) {
            let w = TextWidth.columns(of: character)
            if w == 0 {
                // A lone combining mark joins the previous cell.
                if c > 0 && c - 1 < size.columns && c - 1 >= 0 { cells[row][c - 1].text.append(character) }
                continue
            }
            if c >= size.columns { c += w; continue }
            if c < 0 { c += w; continue }
            if w == 2 && c + 1 >= size.columns {
                set(row, c, Cell(text: " ", style: style))
                c += w
                continue
            }
            set(row, c, Cell(text: String(character), style: style, isWide: w == 2))
            if w == 2 { set(row, c + 1, Cell(text: "", style: style)) }
            c += w
        }
        return c
    }

    public func fill(_ rect: Rect, style: Style) {
        guard !rect.isEmpty else { return }
        let blank = Cell(text: " ", style: style)
        let lo = max(0, rect.col), hi = max(lo, min(size.columns, rect.right))
        guard lo < hi else { return }
        for r in max(0, rect.row)..<min(size.rows, rect.bottom) {
            // What `set` does cell by cell, a row's span at a time: only its two ends can break a
            // wide character that reaches outside it (inside, every cell becomes the blank).
            if cells[r][lo].isContinuation && lo > 0 {
                cells[r][lo - 1] = Cell(text: " ", style: cells[r][lo - 1].style)
            }
            if cells[r][hi - 1].isWide && hi < size.columns {
                cells[r][hi] = Cell(text: " ", style: cells[r][hi].style)
            }
            cells[r].replaceSubrange(lo..<hi, with: repeatElement(blank, count: hi - lo))
        }
    }

    public func clear() {
        cells = Array(repeating: Array(repeating: .blank, count: size.columns), count: size.rows)
    }

    public func flush() { flushCount += 1 }

    public func readKey(timeoutMilliseconds: Int) -> Key {
        pendingKeys.isEmpty ? .timeout : pendingKeys.removeFirst()
    }

    /// The screen as text, one string per row, each exactly `size.columns` columns wide.
    public func rows() -> [String] {
        cells.map { line in line.map(\.text).joined() }
    }

    /// One row as text.
    public func row(_ index: Int) -> String { cells[index].map(\.text).joined() }

    /// The whole screen as one string, rows joined by newlines (handy in failure messages).
    public var text: String { rows().joined(separator: "\n") }

    /// The cell at (row, col).
    public func cell(_ row: Int, _ col: Int) -> Cell { cells[row][col] }

    /// The style of the cell at (row, col).
    public func style(_ row: Int, _ col: Int) -> Style { cells[row][col].style }

    /// The styles of a row, one letter per column from `legend` (unlisted styles as "?"),
    /// so tests can compare styling of a whole row as text.
    public func styleRow(_ index: Int, legend: [Style: Character]) -> String {
        String(cells[index].map { legend[$0.style] ?? "?" })
    }

    private func set(_ r: Int, _ c: Int, _ cell: Cell) {
        // Breaking a wide character in half leaves a space in the other half.
        let old = cells[r][c]
        if old.isContinuation && c > 0 && !cell.isContinuation {
            cells[r][c - 1] = Cell(text: " ", style: cells[r][c - 1].style)
        }
        if old.isWide && c + 1 < size.columns {
            cells[r][c + 1] = Cell(text: " ", style: cells[r][c + 1].style)
        }
        cells[r][c] = cell
    }
}
