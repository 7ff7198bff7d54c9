/// A terminal size in rows and columns.
public struct Size: Equatable, Sendable {
    public var rows: Int
    public var columns: Int
    public init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
    }
}

/// A rectangle of cells on the screen; widgets draw only inside the one they are given.
public struct Rect: Equatable, Sendable {
    public var row: Int
    public var col: Int
    public var width: Int
    public var height: Int

    public init(row: Int, col: Int, width: Int, height: Int) {
        self.row = row
        self.col = col
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// The whole screen.
    public init(_ size: Size) {
        self.init(row: 0, col: 0, width: size.columns, height: size.rows)
    }

    public var isEmpty: Bool { width <= 0 || height <= 0 }
    public var bottom: Int { row + height }
    public var right: Int { col + width }

    /// The rectangle shrunk by `by` cells on every side.
    public func inset(_ by: Int) -> Rect {
        Rect(row: row + by, col: col + by, width: width - 2 * by, height: height - 2 * by)
    }

    /// One row of this rectangle (relative index), zero-height if outside.
    public func line(_ index: Int) -> Rect {
        guard index >= 0 && index < height else { return Rect(row: row + index, col: col, width: width, height: 0) }
        return Rect(row: row + index, col: col, width: width, height: 1)
    }

    /// The top `rows` rows and the rest.
    public func splitTop(_ rows: Int) -> (top: Rect, rest: Rect) {
        let n = min(max(0, rows), height)
        return (Rect(row: row, col: col, width: width, height: n),
                Rect(row: row + n, col: col, width: width, height: height - n))
    }

    /// The bottom `rows` rows and the rest.
    public func splitBottom(_ rows: Int) -> (rest: Rect, bottom: Rect) {
        let n = min(max(0, rows), height)
        return (Rect(row: row, col: col, width: width, height: height - n),
                Rect(row: row + height - n, col: col, width: width, height: n))
    }

    /// The left `columns` columns and the rest.
    public func splitLeft(_ columns: Int) -> (left: Rect, rest: Rect) {
        let n = min(max(0, columns), width)
        return (Rect(row: row, col: col, width: n, height: height),
                Rect(row: row, col: col + n, width: width - n, height: height))
    }

    /// A rectangle of at most the given size centred in this one.
    public func centered(width w: Int, height h: Int) -> Rect {
        let cw = min(w, width)
        let ch = min(h, height)
        return Rect(row: row + (height - ch) / 2, col: col + (width - cw) / 2, width: cw, height: ch)
    }
}

/// The standard console frame: title, tabs, main area, message line, key-hint line.
///
/// Computed from the current size every frame, so a resize reflows everything.
public struct FrameLayout: Equatable, Sendable {
    public var title: Rect
    public var tabs: Rect
    public var main: Rect
    public var message: Rect
    public var hints: Rect

    public init(size: Size) {
        let all = Rect(size)
        let (title, afterTitle) = all.splitTop(1)
        let (tabs, afterTabs) = afterTitle.splitTop(1)
        let (aboveHints, hints) = afterTabs.splitBottom(1)
        let (main, message) = aboveHints.splitBottom(1)
        self.title = title
        self.tabs = tabs
        self.main = main
        self.message = message
        self.hints = hints
    }
}
