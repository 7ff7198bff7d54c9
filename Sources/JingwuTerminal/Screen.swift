/// A surface the console draws on: the real terminal or an in-memory grid for tests.
///
/// Coordinates are (row, col) in display columns from the top-left corner. Drawing is
/// clipped to the screen; a double-width character that would cross the right edge is
/// drawn as a space. Nothing appears until `flush()`.
public protocol Screen: AnyObject {
    /// The current size; changes after a `.resize` key.
    var size: Size { get }
    /// Whether colours are in use (false under NO_COLOR or on a monochrome terminal).
    var usesColor: Bool { get }
    /// Draws text starting at (row, col); control characters are shown as U+FFFD.
    /// Returns the column after the last one written.
    @discardableResult
    func put(_ text: String, row: Int, col: Int, style: Style) -> Int
    /// Fills a rectangle with spaces in a style.
    func fill(_ rect: Rect, style: Style)
    /// Blanks the whole screen.
    func clear()
    /// Where the visible cursor goes at the next flush; nil hides it.
    var cursor: (row: Int, col: Int)? { get set }
    /// Makes everything drawn since the last flush visible.
    func flush()
    /// At the next flush, rewrite every line rather than only what changed: after an
    /// overlay closes, where the terminal may still hold halves of wide characters.
    func repaintAll()
    /// Waits up to `timeoutMilliseconds` (negative: forever) for a key.
    func readKey(timeoutMilliseconds: Int) -> Key
}

extension Screen {
    /// In memory there is nothing to repair.
    public func repaintAll() {}

    /// Draws text fitted to exactly `width` columns (truncated with "…" or padded).
    @discardableResult
    public func put(
        _ text: String, row: Int, col: Int, width: Int, style: Style, align: TextWidth.Alignment = .left
    ) -> Int {
        guard width > 0 else { return col }
        return put(TextWidth.fit(text, to: width, align: align), row: row, col: col, style: style)
    }

    /// Draws text fitted to one row of a rectangle.
    @discardableResult
    public func put(
        _ text: String, in rect: Rect, line: Int = 0, style: Style, align: TextWidth.Alignment = .left
    ) -> Int {
        guard line >= 0 && line < rect.height else { return rect.col }
        return put(text, row: rect.row + line, col: rect.col, width: rect.width, style: style, align: align)
    }

    /// Draws a single-line box border around a rectangle, with an optional title.
    public func box(_ rect: Rect, title: String = "", style: Style = .border) {
        guard rect.width >= 2 && rect.height >= 2 else { return }
        let inner = rect.width - 2
        put("┌" + String(repeating: "─", count: inner) + "┐", row: rect.row, col: rect.col, style: style)
        for r in (rect.row + 1)..<(rect.bottom - 1) {
            put("│", row: r, col: rect.col, style: style)
            put("│", row: r, col: rect.right - 1, style: style)
        }
        put("└" + String(repeating: "─", count: inner) + "┘", row: rect.bottom - 1, col: rect.col, style: style)
        if !title.isEmpty && inner > 2 {
            let t = TextWidth.truncate(" " + title + " ", to: inner)
            put(t, row: rect.row, col: rect.col + 1, style: .title)
        }
    }
}
