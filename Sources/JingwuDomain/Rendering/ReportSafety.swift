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
    public func forOutput() -> ReportValue {
        ReportValue(display: Self.safe(display), json: json.masked(), short: short.map(Self.safe))
    }

    static func safe(_ text: String) -> String { SafeText.lines(Privacy.maskNumbers(in: text)) }
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
    public func forOutput() -> ReportSection {
        var copy = self
        copy.title = ReportValue.safe(title)
        copy.emptyText = ReportValue.safe(emptyText)
        copy.columns = columns.map { column in
            var column = column
            column.header = ReportValue.safe(column.header)
            return column
        }
        copy.rows = rows.map { $0.map { $0.forOutput() } }
        return copy
    }
}

extension ReportDocument {
    /// The document with every string masked and made safe to print.
    public func forOutput() -> ReportDocument {
        var copy = self
        copy.title = ReportValue.safe(title)
        copy.heading = heading.map(ReportValue.safe)
        copy.periodText = ReportValue.safe(periodText)
        copy.figures = figures.map { ReportFigure($0.key, ReportValue.safe($0.label), $0.value.forOutput()) }
        copy.notes = notes.map { (label: ReportValue.safe($0.label), text: ReportValue.safe($0.text)) }
        copy.map = map.map { SafeText.line(Privacy.maskNumbers(in: $0)) }
        copy.sections = sections.map { $0.forOutput() }
        return copy
    }
}
