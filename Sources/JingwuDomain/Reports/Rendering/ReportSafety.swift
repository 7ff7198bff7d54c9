import Foundation
import JingwuResources

// Issue 14: every report, in every format, is masked and made safe when it is rendered, not
// only when its records were typed: a forged record, or one written by an older version,
// is in the journal as it is. Whole ID and mobile numbers typed into free text are masked
// (Privacy.maskNumbers, before any cutting to a width); control, escape, bidirectional and
// zero-width characters become U+FFFD (SafeText). Markdown and CSV add their own escapes
// (ReportRenderer.md, ReportRenderer.csvCell).

extension ReportValue {
    /// Masked and safe to print; JSON strings masked too (the serializer escapes the rest).
    /// `json` false: the JSON value left as it is, for a renderer that never prints it (text).
    public func forOutput(sanitise: Bool = true, json maskJSON: Bool = true) -> ReportValue {
        ReportValue(display: Self.safe(display, sanitise), json: maskJSON ? json.masked() : json,
                    short: short.map { Self.safe($0, sanitise) },
                    cell: cell.map { Self.safe($0, sanitise) }, unit: unit.map { Self.safe($0, sanitise) })
    }

    /// Masked, and (unless for JSON, whose serializer escapes them) with unsafe characters as U+FFFD.
    static func safe(_ text: String, _ sanitise: Bool = true) -> String {
        let masked = Privacy.maskNumbers(in: text)
        return sanitise ? SafeText.lines(masked) : masked
    }
}

extension JSONValue {
    /// Every string in the tree with its personal numbers masked.
    public func masked() -> JSONValue {
        switch self {
        case .string(let s): return .string(Privacy.maskNumbers(in: s))
        case .array(let items): return .array(items.map { $0.masked() })
        case .object(let pairs): return .object(pairs.map { ($0.0, $0.1.masked()) })
        default: return self
        }
    }
}

extension ReportSection {
    /// `json` false: the values' JSON left unmasked (see `ReportValue.forOutput`).
    public func forOutput(sanitise: Bool = true, json: Bool = true) -> ReportSection {
        var copy = self
        copy.title = ReportValue.safe(title, sanitise)
        copy.emptyText = ReportValue.safe(emptyText, sanitise)
        copy.columns = columns.map { column in
            var column = column
            column.header = ReportValue.safe(column.header, sanitise)
            return column
        }
        copy.rows = rows.map { $0.map { $0.forOutput(sanitise: sanitise, json: json) } }
        return copy
    }
}

extension ReportDocument {
    /// The document with every string masked and (unless `sanitise` is false, for JSON) made safe to print.
    /// `json` false: the values' JSON left unmasked, for a renderer that never prints it (text).
    public func forOutput(sanitise: Bool = true, json: Bool = true) -> ReportDocument {
        var copy = self
        func safe(_ text: String) -> String { ReportValue.safe(text, sanitise) }
        copy.title = safe(title)
        copy.heading = heading.map(safe)
        copy.periodText = safe(periodText)
        copy.figures = figures.map { ReportFigure($0.key, safe($0.label), $0.value.forOutput(sanitise: sanitise, json: json)) }
        copy.notes = notes.map { (label: safe($0.label), text: safe($0.text)) }
        copy.map = map.map { sanitise ? SafeText.line(Privacy.maskNumbers(in: $0)) : Privacy.maskNumbers(in: $0) }
        copy.sections = sections.map { $0.forOutput(sanitise: sanitise, json: json) }
        return copy
    }
}
