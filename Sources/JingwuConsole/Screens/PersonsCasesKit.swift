import Foundation
import JingwuDomain
import JingwuTerminal

/// A table whose rows carry their own style (overdue visits, 民转刑 risk, high-level
/// fraud warnings stand out), used by the persons, disputes and incidents screens.
/// Each row is one record, named by `ids`, so a rebuilt table can keep the selection.
struct StyledTable {
    var columns: [TableColumn]
    private(set) var rows: [[String]] = []
    private(set) var styles: [Style] = []
    /// The record of each row (`K0001`, `D2026-0001`).
    private(set) var ids: [String] = []
    private(set) var selected = 0
    private var offset = 0
    var emptyText: String
    /// Columns sized to their widest cell, title included (short names, codes), instead of
    /// their declared width; when the row is too wide they give back columns, widest first.
    var fitted: Set<Int>

    init(columns: [TableColumn], emptyText: String, fitted: Set<Int> = []) {
        self.columns = columns
        self.emptyText = emptyText
        self.fitted = fitted
    }

    mutating func setRows(_ rows: [[String]], styles: [Style], ids: [String]) {
        // Cells hold records' free text: numbers in it are masked before a column cuts them.
        self.rows = maskedRows(rows)
        self.styles = styles
        self.ids = ids
        select(selected)
    }

    mutating func select(_ index: Int) { selected = rows.isEmpty ? 0 : min(max(0, index), rows.count - 1) }

    /// The record on the selected row.
    var selectedID: String? { ids.indices.contains(selected) ? ids[selected] : nil }

    /// Selects the row of a record, when it is listed.
    mutating func select(id: String?) {
        if let id, let index = ids.firstIndex(of: id) { select(index) }
    }

    /// Takes a rebuilt table's columns and rows, keeping the selected record when it is still listed.
    mutating func replace(with table: StyledTable) {
        let keep = selectedID
        self = table
        select(id: keep)
    }

    /// ↑↓ PgUp PgDn Home End move the selection.
    mutating func handle(_ key: Key, pageSize: Int) -> Bool {
        switch key {
        case .up: select(selected - 1)
        case .down: select(selected + 1)
        case .pageUp: select(selected - max(1, pageSize))
        case .pageDown: select(selected + max(1, pageSize))
        case .home: select(0)
        case .end: select(rows.count - 1)
        default: return false
        }
        return true
    }

    /// Display columns per column: fitted ones to their content, then the declared widths.
    func columnWidths(total: Int) -> [Int] {
        guard !fitted.isEmpty else { return Table(columns: columns).columnWidths(total: total) }
        var sized = columns
        var floors: [Int: Int] = [:]
        for index in fitted where sized.indices.contains(index) {
            let cells = rows.map { index < $0.count ? $0[index] : "" }
            sized[index].width = .fixed(([sized[index].title] + cells).map(TextWidth.columns(of:)).max() ?? 0)
            floors[index] = min(4, TextWidth.columns(of: sized[index].title))
        }
        var widths = Table(columns: sized).columnWidths(total: total)
        var excess = widths.reduce(0, +) + max(0, widths.count - 1) - total
        while excess > 0, let widest = floors.keys.filter({ widths[$0] > floors[$0]! }).max(by: {
            (widths[$0], -$0) < (widths[$1], -$1)
        }) {
            widths[widest] -= 1
            excess -= 1
        }
        return widths
    }

    /// Draws one line (a summary, the filters) above the table.
    mutating func render(into screen: Screen, rect: Rect, heading: String, style: Style) {
        let (top, body) = rect.splitTop(1)
        screen.put(heading, in: top, style: style)
        render(into: screen, rect: body)
    }

    /// Draws the header and the rows that fit; the selected row stays visible.
    mutating func render(into screen: Screen, rect whole: Rect) {
        guard whole.height > 0, whole.width > 0 else { return }
        let rect = RowMark.body(whole, on: screen)
        let widths = columnWidths(total: rect.width)
        var col = rect.col
        for (index, column) in columns.enumerated() {
            let w = min(widths[index], rect.right - col)
            if w <= 0 { break }
            screen.put(column.title, row: rect.row, col: col, width: w, style: .header, align: column.align)
            col += w
            if col < rect.right { screen.put(" ", row: rect.row, col: col, style: .header); col += 1 }
        }
        let body = rect.height - 1
        guard body > 0 else { return }
        if rows.isEmpty {
            screen.put(emptyText, row: rect.row + 1, col: rect.col, width: rect.width, style: .muted, align: .center)
            return
        }
        if selected < offset { offset = selected }
        if selected >= offset + body { offset = selected - body + 1 }
        offset = max(0, min(offset, max(0, rows.count - body)))
        for line in 0..<body {
            let index = offset + line
            guard index < rows.count else { break }
            let style = index == selected ? Style.selected : styles[index]
            let row = rect.row + 1 + line
            screen.fill(Rect(row: row, col: rect.col, width: rect.width, height: 1), style: style)
            RowMark.draw(selected: index == selected, style: styles[index], row: row, before: rect, on: screen)
            var c = rect.col
            for (ci, column) in columns.enumerated() {
                let w = min(widths[ci], rect.right - c)
                if w <= 0 { break }
                screen.put(ci < rows[index].count ? rows[index][ci] : "", row: row, col: c, width: w, style: style,
                           align: column.align)
                c += w + 1
            }
        }
    }
}

/// A scrolling page of styled lines: a person's file, a case file, an incident.
struct FilePage {
    struct Line {
        var text: String
        var style: Style
    }
    private(set) var lines: [Line] = []
    private(set) var offset = 0

    mutating func set(_ lines: [Line]) {
        self.lines = lines
        offset = min(offset, max(0, lines.count - 1))
    }

    mutating func scroll(_ key: Key, height: Int) -> Bool {
        let last = max(0, lines.count - height)
        switch key {
        case .up: offset = max(0, offset - 1)
        case .down: offset = min(last, offset + 1)
        case .pageUp: offset = max(0, offset - max(1, height - 1))
        case .pageDown: offset = min(last, offset + max(1, height - 1))
        case .home: offset = 0
        case .end: offset = last
        default: return false
        }
        return true
    }

    /// Takes new lines (keeping the scroll position where it still fits) and draws them.
    mutating func show(_ lines: [Line], into screen: Screen, rect: Rect) {
        set(lines)
        render(into: screen, rect: rect)
    }

    func render(into screen: Screen, rect: Rect) {
        for n in 0..<rect.height {
            let index = offset + n
            guard index < lines.count else { break }
            screen.put(lines[index].text, in: rect, line: n, style: lines[index].style)
        }
    }
}

/// Table rows with the ID and mobile numbers in every cell masked (Privacy.maskNumbers), for
/// tables of records: the whole text is masked before a column cuts it to its width.
func maskedRows(_ rows: [[String]]) -> [[String]] { rows.map { $0.map { Privacy.maskNumbers(in: $0) } } }

/// Builds the lines of a page, wrapping long text under a hanging indent.
struct PageBuilder {
    var width: Int
    private(set) var lines: [FilePage.Line] = []

    init(width: Int) { self.width = max(20, width) }

    /// A line of the page, ID and mobile numbers in it masked (issue 14: free text may hold them).
    /// `verbatim` only for the whole ID number a recorded reveal shows.
    mutating func add(_ text: String, _ style: Style = .normal, verbatim: Bool = false) {
        lines.append(FilePage.Line(text: verbatim ? text : Privacy.maskNumbers(in: text), style: style))
    }
    mutating func blank() { if !(lines.last?.text.isEmpty ?? true) { add("") } }

    /// `label text…` wrapped so that continuation lines start under the text.
    mutating func wrapped(_ label: String, _ text: String, _ style: Style = .normal) {
        let indent = TextWidth.columns(of: label)
        // Masked before it is wrapped: a number split over two lines would escape the mask; and
        // a (masked) number that fits on a line is kept on one, to be read whole.
        let parts = TextWidth.wrapWords(Privacy.maskNumbers(in: text), width: max(10, width - indent))
        for (n, part) in parts.enumerated() {
            add((n == 0 ? label : String(repeating: " ", count: indent)) + part, style)
        }
        if parts.isEmpty { add(label, style) }
    }
}

/// Small helpers shared by the case screens.
enum CasesKit {
    /// A choice whose first option means "none / unchanged", then the code's names.
    static func optionalChoice<C: DomainCode>(_ id: String, _ type: C.Type, _ session: ConsoleSession, none: String)
        -> FormField
    {
        FormField(id: id, label: FormKit.label(id, session),
                  editor: .choice(ChoiceList(options: [none] + C.allCases.map { session.name($0) }, selected: 0)))
    }

    /// The code chosen in an `optionalChoice`, or nil for the first option.
    static func optionalChosen<C: DomainCode>(_ form: Form, _ id: String, _ type: C.Type) -> C? {
        guard case .choice(let list)? = form.field(id)?.editor, list.selected > 0 else { return nil }
        let all = Array(C.allCases)
        return all.indices.contains(list.selected - 1) ? all[list.selected - 1] : nil
    }

    /// A completion field over listed persons (`K0001 张三`).
    static func persons(_ id: String, _ session: ConsoleSession, value: String = "") -> FormField {
        let items = session.state.listedPersons.map { CompletionItem(code: $0.id, name: $0.name) }
        return FormField(id: id, label: FormKit.label(id, session),
                         editor: .completion(CompletionField(items: items, text: value)))
    }

    /// A completion field over disputes (`D2026-0001 邻里 张三、李四`).
    static func disputes(_ id: String, _ session: ConsoleSession, value: String = "") -> FormField {
        let items = session.state.disputeList().map {
            CompletionItem(code: $0.id, name: session.name($0.category) + " " + $0.parties.joined(separator: "、"))
        }
        return FormField(id: id, label: FormKit.label(id, session),
                         editor: .completion(CompletionField(items: items, text: value)))
    }

    /// The keys every open file ends with: Esc back, ↑↓ scroll.
    static func fileKeys(_ session: ConsoleSession) -> [KeyBinding<ScreenAction>] {
        [KeyBinding("back", keys: [.escape], label: session.t("console.key.back")),
         KeyBinding("scroll", keys: [.up, .down], label: session.t("console.persons.key.scroll"), showsInHints: false,
                    quietKeys: CasesKit.pageKeys)]
    }

    /// Keys that move a list or scroll a page besides ↑↓ (help names only ↑/↓).
    static let pageKeys: [Key] = [.pageUp, .pageDown, .home, .end]

    /// A key not offered to this operator (`label`'s action) that says why instead of doing
    /// nothing: in the table, so it dispatches, but not in help or hints.
    static func refused(_ action: ScreenAction, _ key: Key, label: String) -> KeyBinding<ScreenAction> {
        KeyBinding(action, keys: [], label: label, quietKeys: [key], showsInHelp: false)
    }

    /// "MM-DD" in the office's zone.
    static func day(_ date: Date?, _ session: ConsoleSession) -> String {
        guard let date else { return "—" }
        return String(session.dayClock(date).prefix(5))
    }

    /// The same field under another label (shared field ids keep refusals landing right).
    static func labelled(_ field: FormField, _ key: String, _ session: ConsoleSession) -> FormField {
        var out = field
        out.label = session.t(key)
        return out
    }

    /// Only the "when" field: forms whose own `reason` field also explains a back-dating.
    static func whenOnly(_ session: ConsoleSession) -> [FormField] { Array(FormKit.timeFields(session).prefix(1)) }
}
