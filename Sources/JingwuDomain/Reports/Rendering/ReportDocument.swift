import Foundation
import JingwuJournal
import JingwuResources

/// One value of a report: what a person reads (`display`) and what a program reads (`json`).
public struct ReportValue: Sendable, Equatable {
    /// Text for text, Markdown and CSV output, in the operator's language.
    public var display: String
    /// The value for JSON output: codes instead of names, numbers as numbers, times as RFC 3339.
    public var json: JSONValue
    /// A shorter form for a table that must fit a narrow screen (`11-19` for `2026-11-19`).
    public var short: String?
    /// The value for a spreadsheet (CSV), when it is not `display`: a time in full
    /// (`2026-11-19 08:30`); numbers are taken from `json` (see `ReportRenderer.csvCell`).
    public var cell: String?
    /// The unit a spreadsheet's number is in, added to its column header or figure label
    /// (`（分钟）` for a duration shown as `1小时05分` but written to CSV as `65`).
    public var unit: String?

    public init(display: String, json: JSONValue, short: String? = nil, cell: String? = nil, unit: String? = nil) {
        self.display = display; self.json = json; self.short = short; self.cell = cell; self.unit = unit
    }

    public static func text(_ text: String?) -> ReportValue {
        ReportValue(display: text ?? "", json: text.map(JSONValue.string) ?? .null)
    }
    public static func int(_ value: Int) -> ReportValue { ReportValue(display: String(value), json: .int(value)) }
    public static func code<C: DomainCode>(_ value: C?, _ strings: Strings) -> ReportValue {
        guard let value else { return .text(nil) }
        return ReportValue(display: value.name(strings), json: .string(value.code))
    }
    /// A time shown as `MM-DD HH:MM` (or with the year when `withYear`; without it on a narrow screen).
    public static func time(_ date: Date?, withYear: Bool = false) -> ReportValue {
        guard let date else { return .text(nil) }
        return ReportValue(display: ReportFormat.short(date, withYear: withYear), json: .string(RFC3339.format(date)),
                           short: withYear ? ReportFormat.short(date) : nil, cell: ReportFormat.short(date, withYear: true))
    }
    /// A day shown as `YYYY-MM-DD` (`MM-DD` on a narrow screen), for what falls due on a day.
    public static func day(_ date: Date?) -> ReportValue {
        guard let date else { return .text(nil) }
        let day = String(ReportFormat.short(date, withYear: true).prefix(10))
        return ReportValue(display: day, json: .string(RFC3339.format(date)), short: String(day.dropFirst(5)), cell: day)
    }
    public static func list(_ items: [String]) -> ReportValue {
        ReportValue(display: items.joined(separator: "、"), json: .array(items.map(JSONValue.string)))
    }
    public static func number(_ value: Double?, digits: Int = 1) -> ReportValue {
        guard let value else { return ReportValue(display: "—", json: .null, cell: "") }
        return ReportValue(display: String(format: "%.\(digits)f", value), json: .double(value))
    }
}

/// A small JSON tree, written with sorted keys so output is stable.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    /// Keys kept in the given order.
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.serialized() == b.serialized() }

    /// Compact JSON text.
    public func serialized() -> String {
        var out = ""
        write(into: &out)
        return out
    }

    func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += d.isFinite ? String(format: "%.4f", d) : "null"
        case .string(let s): out += JSONValue.quote(s)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(into: &out)
            }
            out += "]"
        case .object(let pairs):
            out += "{"
            for (i, pair) in pairs.enumerated() {
                if i > 0 { out += "," }
                out += JSONValue.quote(pair.0) + ":"
                pair.1.write(into: &out)
            }
            out += "}"
        }
    }

    /// A JSON string literal (UTF-8 kept, controls escaped).
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                // Controls, DEL, C1 and the bidirectional and zero-width characters are escaped:
                // the data is kept exactly, and a terminal showing the JSON never acts on them.
                if scalar.value < 0x20 || SafeText.isUnsafe(scalar) {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// A column of a report table.
public struct ReportColumn: Sendable {
    /// Stable ASCII key (JSON field name).
    public var key: String
    /// Header in the operator's language.
    public var header: String
    /// Numbers are right-aligned in text output.
    public var numeric: Bool
    /// Widest a text cell may be in terminal output before it is cut with `…` (0 = no limit).
    public var maxWidth: Int
    /// May be left out of a table fitted to a narrow screen (the export keeps it).
    public var optional: Bool

    public init(_ key: String, _ header: String, numeric: Bool = false, maxWidth: Int = 0, optional: Bool = false) {
        self.key = key; self.header = header; self.numeric = numeric; self.maxWidth = maxWidth; self.optional = optional
    }
}

/// One table of a report (a section), possibly empty.
public struct ReportSection: Sendable {
    public var key: String
    public var title: String
    public var columns: [ReportColumn]
    public var rows: [[ReportValue]]
    /// Shown instead of the table when there are no rows (`无`).
    public var emptyText: String
    /// Optional bar chart of one numeric column (terminal and Markdown).
    public var barColumn: Int?

    public init(key: String, title: String, columns: [ReportColumn], rows: [[ReportValue]], emptyText: String,
                barColumn: Int? = nil) {
        self.key = key; self.title = title; self.columns = columns; self.rows = rows; self.emptyText = emptyText
        self.barColumn = barColumn
    }
}

/// A labelled figure at the top of a report.
public struct ReportFigure: Sendable {
    public var key: String
    public var label: String
    public var value: ReportValue
    public init(_ key: String, _ label: String, _ value: ReportValue) { self.key = key; self.label = label; self.value = value }
}

/// A report ready to render: a title, the period, figures and tables.
public struct ReportDocument: Sendable {
    /// `handover`, `patrols`, …
    public var kind: String
    public var title: String
    /// Station and office names, when known.
    public var heading: String?
    public var from: Date?
    public var to: Date?
    /// The period as the operator reads it.
    public var periodText: String
    /// The named period's code (`week`, `last-month`, `7d`; `range` for a typed one), when the
    /// title names it: JSON's `period`.
    public var periodCode: String?
    public var figures: [ReportFigure]
    public var sections: [ReportSection]
    /// Free lines printed after the figures (handover notes).
    public var notes: [(label: String, text: String)]
    /// A picture drawn in characters (the coverage map), shown in text and Markdown only.
    public var map: [String] = []
    /// Between a note's label and its text (`：` in Chinese, `: ` in English).
    public var colon = "："
    /// How a section title shows its row count; `{n}` is the count.
    public var countFormat = "（{n}）"

    public init(kind: String, title: String, heading: String? = nil, from: Date?, to: Date?, periodText: String,
                figures: [ReportFigure] = [], sections: [ReportSection] = [], notes: [(label: String, text: String)] = []) {
        self.kind = kind; self.title = title; self.heading = heading; self.from = from; self.to = to
        self.periodText = periodText; self.figures = figures; self.sections = sections; self.notes = notes
    }
}

/// Time formats used in reports (the office's zone).
public enum ReportFormat {
    /// `11-23 09:30`, or `2026-11-23 09:30`.
    public static func short(_ date: Date, withYear: Bool = false) -> String {
        let full = RFC3339.format(date)  // 2026-11-23T09:30:00+08:00
        let chars = Array(full)
        let start = withYear ? 0 : 5
        let day = String(chars[start..<10])
        let time = String(chars[11..<16])
        return day + " " + time
    }

    /// `2026-11-23 09:30 — 2026-11-24 09:30`.
    public static func period(_ from: Date, _ to: Date) -> String {
        short(from, withYear: true) + " — " + short(to, withYear: true)
    }
}
