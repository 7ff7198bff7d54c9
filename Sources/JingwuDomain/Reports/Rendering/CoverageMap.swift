import Foundation

/// The coverage map in characters: each cell with a position is drawn at (x, y)
/// as a status mark and its code, so the report shows where the gaps are.
public enum CoverageMap {
    /// Mark of a status: covered `#`, due soon `+`, gap `!`, never `?` (ASCII, one column each).
    public static func mark(_ status: CoverageStatus) -> Character {
        switch status {
        case .covered: "#"
        case .dueSoon: "+"
        case .gap: "!"
        case .never: "?"
        }
    }

    /// Lines of the map (empty when no cell has a position), the legend last.
    /// Columns of the map as reports print it; cells are placed at x below it.
    public static let width = 78
    /// The last row a cell may be placed on.
    public static let maxRow = 49

    public static func lines(_ cells: [CellCoverage], legend: String, width: Int = CoverageMap.width) -> [String] {
        let placed = cells.filter { $0.cell.x != nil && $0.cell.y != nil }
        guard !placed.isEmpty else { return [] }
        let height = (placed.map { $0.cell.y! }.max() ?? 0) + 1
        var grid = [[Character]](repeating: [Character](repeating: " ", count: width), count: height)
        for c in placed {
            let label = [mark(c.status)] + Array(c.cell.code)
            let y = c.cell.y!
            for (i, ch) in label.enumerated() where c.cell.x! + i < width { grid[y][c.cell.x! + i] = ch }
        }
        var out = grid.map { row -> String in
            var line = String(row)
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
        out.append(legend)
        return out
    }
}
