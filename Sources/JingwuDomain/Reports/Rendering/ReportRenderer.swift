import Foundation
import JingwuJournal
import JingwuResources

/// The output formats of `jingwu report`.
public enum ReportOutputFormat: String, Sendable, CaseIterable {
    /// Aligned columns for a terminal (CJK counted as two columns).
    case text
    /// Markdown tables, for printing on paper.
    case md
    /// UTF-8 with BOM, CRLF, RFC 4180 quoting: opens in WPS and Excel with Chinese intact.
    case csv
    /// Machine-readable: codes, numbers and RFC 3339 times.
    case json
    /// A page to print (A4), every text escaped: `PrintablePage`.
    case html
}

/// Renders a `ReportDocument` in one of the output formats.
public enum ReportRenderer {
    public static func render(_ document: ReportDocument, as format: ReportOutputFormat) -> String {
        switch format {
        case .text: return text(document)
        case .md: return markdown(document)
        case .csv: return csv(document)
        case .json: return json(document).serialized() + "\n"
        case .html: return PrintablePage.html(document)
        }
    }

    // MARK: text

    /// Terminal text: columns padded by display width, long cells cut with `…`.
    /// With `maxWidth`, every table is fitted to that many columns (see `textTable`).
    public static func text(_ document: ReportDocument, maxWidth: Int? = nil) -> String {
        // Masked once, here (its tables are not masked again); text never prints a value's JSON
        // (a bar's length reads only its number), so that is not masked.
        let document = document.forOutput(json: false)
        var lines: [String] = []
        let title = [document.heading, document.title].compactMap { $0 }.joined(separator: " · ")
        lines.append(title)
        lines.append(String(repeating: "═", count: min(78, max(TextWidth.columns(of: title), 20))))
        if !document.periodText.isEmpty { lines.append(document.periodText) }
        if !document.figures.isEmpty {
            let width = document.figures.map { TextWidth.columns(of: $0.label) }.max() ?? 0
            for figure in document.figures {
                lines.append("  " + TextWidth.pad(figure.label, to: width) + "  " + figure.value.display)
            }
        }
        for note in document.notes {
            lines.append("  " + note.label + document.colon + note.text.replacingOccurrences(of: "\n", with: " "))
        }
        if !document.map.isEmpty {
            lines.append("")
            lines.append(contentsOf: document.map.map { "  " + $0 })
        }
        for section in document.sections {
            lines.append("")
            lines.append("■ " + section.title + (section.rows.isEmpty ? ""
                : document.countFormat.replacingOccurrences(of: "{n}", with: String(section.rows.count))))
            if section.rows.isEmpty {
                lines.append("  " + section.emptyText)
                continue
            }
            lines.append(contentsOf: textTable(masked: section, maxWidth: maxWidth))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The rows of one table, header first, each line starting with two spaces. With
    /// `maxWidth`, the widest text columns give up room (their cells cut with "…", never
    /// narrower than their header) until a line fits, so the last columns — often the
    /// status — stay on screen. When even that is too wide, values take their short
    /// form (dates without the year), optional columns are left out (last first), and
    /// text columns may be cut down to 8.
    public static func textTable(_ section: ReportSection, maxWidth: Int? = nil) -> [String] {
        // Masked before any cell is cut to its width: a cut number would escape the mask.
        textTable(masked: section.forOutput(json: false), maxWidth: maxWidth)
    }

    /// `text` with every line feed a space (a table's cell is one line). Swift's own scalars, not
    /// Foundation's `replacingOccurrences` (through NSString, a tenth of `report handover`'s text).
    static func oneLine(_ text: String) -> String {
        guard text.utf8.contains(0x0A) else { return text }
        var out = String.UnicodeScalarView()
        for c in text.unicodeScalars { out.append(c == "\n" ? " " : c) }
        return String(out)
    }

    /// As `textTable`, for a section already masked and made safe (`forOutput`).
    static func textTable(masked section: ReportSection, maxWidth: Int?) -> [String] {
        var columns = section.columns
        var rows = section.rows
        func cellTexts(short: Bool) -> [[String]] {
            rows.map { row in
                row.enumerated().map { index, value in
                    let limit = index < columns.count ? columns[index].maxWidth : 0
                    let flat = oneLine((short ? value.short : nil) ?? value.display)
                    return limit > 0 ? TextWidth.truncate(flat, to: limit) : flat
                }
            }
        }
        var cells = cellTexts(short: false)
        var widths: [Int] = []
        func measure() {
            widths = columns.map { TextWidth.columns(of: $0.header) }
            for row in cells {
                for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], TextWidth.columns(of: cell)) }
            }
        }
        measure()
        if let maxWidth {
            let barRoom = section.barColumn == nil ? 0 : 22
            func total() -> Int { 2 + widths.reduce(0, +) + 2 * max(0, widths.count - 1) + barRoom }
            // A column keeps its header and at least 11 columns of its text ("11-30 16:03",
            // "J01 花园路"); past that the screen cuts the line at its edge.
            // Ids and codes (short ASCII without spaces) and times keep their whole width: cut,
            // a "D2026-0…" or "11-30 2…" reads as another record or time.
            func keeps(_ i: Int) -> Bool {
                !rows.isEmpty && rows.allSatisfy { row in
                    guard i < row.count else { return false }
                    let text = row[i].display
                    return row[i].short != nil || text.isEmpty
                        || (text.count <= 12 && text.allSatisfy { $0.isASCII && $0 != " " })
                }
            }
            func floors(_ least: Int = 11) -> [Int] {
                widths.indices.map { keeps($0) ? widths[$0] : max(TextWidth.columns(of: columns[$0].header), min(widths[$0], least)) }
            }
            func totalAtFloors() -> Int {
                let f = floors()
                return 2 + widths.indices.map { columns[$0].numeric ? widths[$0] : f[$0] }.reduce(0, +)
                    + 2 * max(0, widths.count - 1) + barRoom
            }
            // Too wide even cut down: dates lose their year, then optional columns go (last first).
            if totalAtFloors() > maxWidth {
                cells = cellTexts(short: true)
                measure()
            }
            while totalAtFloors() > maxWidth, let drop = columns.indices.last(where: { columns[$0].optional }),
                  section.barColumn.map({ $0 != drop }) ?? true {
                columns.remove(at: drop)
                rows = rows.map { row in var row = row; if drop < row.count { row.remove(at: drop) }; return row }
                cells = cells.map { row in var row = row; if drop < row.count { row.remove(at: drop) }; return row }
                measure()
            }
            // Still too wide: text columns may go down to 8 (a name and the start of a badge).
            var floor = floors()
            if totalAtFloors() > maxWidth { floor = floors(8) }
            while total() > maxWidth {
                let giving = widths.indices.filter { !columns[$0].numeric && widths[$0] > floor[$0] }
                guard let widest = giving.max(by: { widths[$0] < widths[$1] }) else { break }
                widths[widest] -= 1
            }
            cells = cells.map { row in
                row.enumerated().map { i, cell in
                    i < widths.count && TextWidth.columns(of: cell) > widths[i] ? TextWidth.truncate(cell, to: widths[i]) : cell
                }
            }
        }
        var bars: [String]?
        if let barColumn = section.barColumn {
            let numbers = section.rows.map { row -> Double in
                if case .int(let v) = row[barColumn].json { return Double(v) }
                if case .double(let v) = row[barColumn].json { return v }
                return 0
            }
            let top = numbers.max() ?? 0
            bars = numbers.map { top > 0 ? String(repeating: "█", count: Int(($0 / top * 20).rounded())) : "" }
        }
        func line(_ row: [String], bar: String?) -> String {
            var parts: [String] = []
            for (i, cell) in row.enumerated() where i < widths.count {
                let last = i == widths.count - 1 && bar == nil
                let numeric = columns[i].numeric
                parts.append(last && !numeric ? cell : TextWidth.pad(cell, to: widths[i], align: numeric ? .right : .left))
            }
            if let bar { parts.append(bar) }
            var text = "  " + parts.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        var out = [line(columns.map(\.header), bar: bars == nil ? nil : "")]
        out.append("  " + widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
        for (i, row) in cells.enumerated() { out.append(line(row, bar: bars?[i])) }
        return out
    }

    // MARK: Markdown

    public static func markdown(_ document: ReportDocument) -> String {
        let document = document.forOutput()
        var lines: [String] = []
        lines.append("# " + md([document.heading, document.title].compactMap { $0 }.joined(separator: " · ")))
        lines.append("")
        if !document.periodText.isEmpty { lines.append(md(document.periodText, lineStart: true)); lines.append("") }
        for figure in document.figures { lines.append("- **" + md(figure.label) + "**" + document.colon + md(figure.value.display)) }
        for note in document.notes { lines.append("- **" + md(note.label) + "**" + document.colon + md(note.text)) }
        if !document.map.isEmpty {
            lines.append("")
            lines.append("```")
            lines.append(contentsOf: document.map.map { $0.replacingOccurrences(of: "`", with: "'") })
            lines.append("```")
        }
        for section in document.sections {
            lines.append("")
            lines.append("## " + md(section.title))
            lines.append("")
            if section.rows.isEmpty {
                lines.append(md(section.emptyText, lineStart: true))
                continue
            }
            lines.append("| " + section.columns.map { md($0.header) }.joined(separator: " | ") + " |")
            lines.append("|" + section.columns.map { $0.numeric ? " ---: |" : " --- |" }.joined())
            for row in section.rows {
                lines.append("| " + row.map { md($0.display) }.joined(separator: " | ") + " |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Escapes what would break a Markdown table cell or change the page's structure: HTML
    /// (`<`, `>`, `&` as entities: a record's text never becomes a tag), `|`, code and link
    /// brackets, and, for text that starts a line (`lineStart`), a leading `#`, `-`, `+` or `=`
    /// (a heading, a list, a rule). Emphasis (`*`, `_`) is left alone: it changes no word, and
    /// masked numbers (`138****8000`) stay readable.
    static func md(_ text: String, lineStart: Bool = false) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\\", "|", "`", "[", "]": out += "\\" + String(character)
            case "\r\n", "\n", "\r": out += "<br>"
            default: out.append(character)
            }
        }
        if lineStart, let first = out.first, "#-+=".contains(first) { out = "\\" + out }
        return out
    }

    // MARK: CSV

    /// RFC 4180 with a UTF-8 BOM and CRLF line ends. Figures come first as
    /// label,value rows; each table follows after a blank line and its title.
    public static func csv(_ document: ReportDocument) -> String {
        let document = document.forOutput()
        var rows: [[String]] = []
        let text = { (s: String) in csvCell(.text(s)) }
        rows.append([text([document.heading, document.title].compactMap { $0 }.joined(separator: " · "))])
        if !document.periodText.isEmpty { rows.append([text(document.periodText)]) }
        rows += figureRows(document)
        for section in document.sections {
            rows.append([])
            rows.append([text(section.title)])
            if section.rows.isEmpty {
                rows.append([text(section.emptyText)])
                continue
            }
            rows.append(csvHeaders(section))
            for row in section.rows { rows.append(row.map(csvCell)) }
        }
        return csvText(rows)
    }

    /// BOM, then the rows as RFC 4180 fields with CRLF line ends.
    static func csvText(_ rows: [[String]]) -> String {
        "\u{FEFF}" + rows.map { $0.map(csvField).joined(separator: ",") + "\r\n" }.joined()
    }

    /// Figures and notes as label,value rows; a figure's unit goes with its label (`巡逻时长（分钟）,65`).
    static func figureRows(_ document: ReportDocument) -> [[String]] {
        let text = { (s: String) in csvCell(.text(s)) }
        var rows: [[String]] = []
        for figure in document.figures { rows.append([text(figure.label + (figure.value.unit ?? "")), csvCell(figure.value)]) }
        for note in document.notes { rows.append([text(note.label), text(note.text)]) }
        return rows
    }

    /// A table's headers, each with the unit its numbers are in.
    static func csvHeaders(_ section: ReportSection) -> [String] {
        section.columns.enumerated().map { index, column in
            let unit = section.rows.lazy.compactMap { index < $0.count ? $0[index].unit : nil }.first
            return csvCell(.text(column.header + (unit ?? "")))
        }
    }

    /// The names of what `csvFiles` writes, besides the tables' titles.
    public struct CSVLabels: Sendable {
        /// The file of figures and notes (`概况`).
        public var figures: String
        /// Its two headers (`项目`, `数值`).
        public var item: String
        public var value: String
        public init(figures: String, item: String, value: String) {
            self.figures = figures; self.item = item; self.value = value
        }
    }

    /// One table per file, for WPS and Excel: the figures and notes as a two-column table,
    /// then each section as its own table, header first. The title is in the file's name
    /// (`交接班报告 - 本班警情.csv`), never in a row above the header; each file is UTF-8
    /// with a BOM and CRLF line ends, numbers as numbers, times in full.
    public static func csvFiles(_ document: ReportDocument, labels: CSVLabels) -> [(name: String, text: String)] {
        let document = document.forOutput()
        let text = { (s: String) in csvCell(.text(s)) }
        var files: [(name: String, text: String)] = []
        let title = document.title
        let figures = figureRows(document)
        if !figures.isEmpty || !document.periodText.isEmpty {
            var rows = [[text(labels.item), text(labels.value)]]
            if let heading = document.heading { rows.append([text(heading), ""]) }
            if !document.periodText.isEmpty { rows.append([text(document.periodText), ""]) }
            files.append((fileName(title + " - " + labels.figures) + ".csv", csvText(rows + figures)))
        }
        var used = Set(files.map(\.name))
        for section in document.sections {
            var name = fileName(title + " - " + section.title) + ".csv"
            var n = 2
            while used.contains(name) { name = fileName(title + " - " + section.title) + "-\(n).csv"; n += 1 }
            used.insert(name)
            let rows = [csvHeaders(section)] + section.rows.map { $0.map(csvCell) }
            files.append((name, csvText(rows)))
        }
        return files
    }

    /// A name that is one file name on Linux, Windows and macOS: no separators, no
    /// reserved characters (`/ \ : * ? " < > |`), no controls, no leading dot, at most
    /// 80 characters.
    public static func fileName(_ text: String) -> String {
        var out = ""
        for scalar in SafeText.line(text).unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F || "/\\:*?\"<>|\u{FFFD}".unicodeScalars.contains(scalar) {
                out += "_"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        while out.hasPrefix(".") || out.hasPrefix(" ") { out.removeFirst() }
        while out.hasSuffix(".") || out.hasSuffix(" ") { out.removeLast() }
        if out.count > 80 { out = String(out.prefix(80)) }
        return out.isEmpty ? "_" : out
    }

    /// A cell's text for CSV: a text cell that WPS or Excel would read as a formula (it starts
    /// with `=`, `+`, `-`, `@`, a tab or a CR) gets a leading `'` and stays text. Numbers
    /// (values whose JSON is a number) are left as they are, so `-3` is still a number.
    ///
    /// What a spreadsheet reads: a number stays a number even when it is shown in words
    /// (`1小时05分` is written `65`, its unit in the header; a rate `3 / 4 = 75.0%` is the
    /// fraction `0.75`); a time is written in full (`2026-11-23 09:30`, `ReportValue.cell`).
    public static func csvCell(_ value: ReportValue) -> String {
        switch value.json {
        case .int(let number): return Double(value.display) == nil ? String(number) : value.display
        case .double(let number):
            guard Double(value.display) == nil else { return value.display }
            return number.isFinite ? decimal(number) : ""
        default: break
        }
        let text = value.cell ?? value.display
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else {
            return text
        }
        return "'" + text
    }

    /// A fraction or other decimal with at most four places and no trailing zeros (`0.9667`, `0.5`, `1`).
    static func decimal(_ number: Double) -> String {
        var text = String(format: "%.4f", number)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// One CSV field, quoted when it holds a comma, quote, CR or LF (or edge spaces).
    public static func csvField(_ text: String) -> String {
        let needs = text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            || text.hasPrefix(" ") || text.hasSuffix(" ")
        guard needs else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // MARK: JSON

    public static func json(_ document: ReportDocument) -> JSONValue {
        // Masked; control and bidi characters are kept exactly and escaped by the serializer.
        let document = document.forOutput(sanitise: false)
        var pairs: [(String, JSONValue)] = [("report", .string(document.kind))]
        pairs.append(("from", document.from.map { .string(RFC3339.format($0)) } ?? .null))
        pairs.append(("to", document.to.map { .string(RFC3339.format($0)) } ?? .null))
        if let code = document.periodCode { pairs.append(("period", .string(code))) }
        pairs.append(("figures", .object(document.figures.map { ($0.key, $0.value.json) })))
        if !document.notes.isEmpty {
            pairs.append(("notes", .array(document.notes.map { .object([("label", .string($0.label)), ("text", .string($0.text))]) })))
        }
        var sections: [(String, JSONValue)] = []
        for section in document.sections {
            let rows = section.rows.map { row in
                JSONValue.object(zip(section.columns, row).map { ($0.key, $1.json) })
            }
            sections.append((section.key, .array(rows)))
        }
        pairs.append(("sections", .object(sections)))
        return .object(pairs)
    }
}
