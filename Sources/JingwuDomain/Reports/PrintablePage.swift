import Foundation
import JingwuResources

/// A report as a page to print (issue 17): one HTML file with its own style, A4 by `@page`,
/// that a browser prints as the officers sign it (the case file 一事一档, the handover).
///
/// Nothing is cut short: every cell and note wraps (long words too), tables repeat their
/// header on each page and a row is not split across pages. Every text from a record is
/// masked (ID and mobile numbers, as on screen) and made safe (`ReportDocument.forOutput`:
/// controls and bidirectional marks as U+FFFD), then escaped for HTML, so a record's text
/// never becomes markup. The page loads nothing: no script, no link, no image.
public enum PrintablePage {
    /// The section whose rows are signature lines (`ReportBuilder.disputeFile`, `printable`).
    public static let signaturesKey = "signatures"

    public static func html(_ document: ReportDocument) -> String {
        let document = document.forOutput()
        let title = [document.heading, document.title].compactMap { $0 }.joined(separator: " · ")
        var out = """
            <!DOCTYPE html>
            <html lang="\(document.colon == "：" ? "zh-CN" : "en")">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <title>\(escape(title))</title>
            <style>
            \(style)
            </style>
            </head>
            <body>

            """
        if let heading = document.heading { out += "<p class=\"heading\">\(escape(heading))</p>\n" }
        out += "<h1>\(escape(document.title))</h1>\n"
        if !document.periodText.isEmpty { out += "<p class=\"period\">\(escape(document.periodText))</p>\n" }
        if !document.figures.isEmpty || !document.notes.isEmpty {
            out += "<table class=\"figures\">\n"
            for figure in document.figures {
                out += "<tr><th>\(escape(figure.label))</th><td>\(escape(figure.value.display))</td></tr>\n"
            }
            for note in document.notes {
                out += "<tr class=\"note\"><th>\(escape(note.label))</th><td>\(escape(note.text))</td></tr>\n"
            }
            out += "</table>\n"
        }
        if !document.map.isEmpty {
            out += "<pre class=\"map\">" + document.map.map { escape($0, breaks: false) }.joined(separator: "\n") + "</pre>\n"
        }
        for section in document.sections {
            let signatures = section.key == signaturesKey
            let count = section.rows.isEmpty || signatures ? ""
                : document.countFormat.replacingOccurrences(of: "{n}", with: String(section.rows.count))
            out += "<section class=\"\(signatures ? "signatures" : "table")\">\n"
            out += "<h2>\(escape(section.title + count))</h2>\n"
            if section.rows.isEmpty {
                out += "<p class=\"empty\">\(escape(section.emptyText))</p>\n</section>\n"
                continue
            }
            out += "<table>\n<thead><tr>"
            for column in section.columns {
                out += "<th\(column.numeric ? " class=\"num\"" : "")>\(escape(column.header))</th>"
            }
            out += "</tr></thead>\n<tbody>\n"
            for row in section.rows {
                out += "<tr>"
                for (index, value) in row.enumerated() {
                    let numeric = index < section.columns.count && section.columns[index].numeric
                    // A signature line is left empty, to be signed on paper.
                    let blank = signatures && value.json == .null && value.display.allSatisfy { $0 == "_" }
                    out += "<td\(numeric ? " class=\"num\"" : "")>\(blank ? "" : escape(value.display))</td>"
                }
                out += "</tr>\n"
            }
            out += "</tbody>\n</table>\n</section>\n"
        }
        out += "</body>\n</html>\n"
        return out
    }

    /// Text as HTML: `& < > " '` as entities, a line break as `<br>`; any control character
    /// left (there should be none after `forOutput`) as U+FFFD.
    public static func escape(_ text: String, breaks: Bool = true) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var previousCR = false
        for scalar in text.unicodeScalars {
            defer { previousCR = scalar == "\r" }
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n":
                if !previousCR { out += breaks ? "<br>" : "\n" }
            case "\r": out += breaks ? "<br>" : "\n"
            default:
                if SafeText.isUnsafe(scalar) {
                    out.unicodeScalars.append(SafeText.replacement)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// A4 portrait, black on white, Chinese fonts first; long text wraps, never overflows.
    static let style = """
        @page { size: A4 portrait; margin: 18mm 16mm 18mm 16mm; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", "Noto Sans CJK SC",
               "Microsoft YaHei", serif; font-size: 11pt; line-height: 1.5; color: #000; background: #fff; margin: 0; }
        .heading { text-align: center; margin: 0; font-size: 11pt; }
        h1 { text-align: center; font-size: 17pt; margin: 2mm 0 3mm 0; }
        h2 { font-size: 12.5pt; margin: 5mm 0 1.5mm 0; page-break-after: avoid; break-after: avoid; }
        .period { text-align: center; margin: 0 0 3mm 0; }
        table { width: 100%; border-collapse: collapse; table-layout: auto; }
        th, td { border: 0.6pt solid #000; padding: 1.2mm 1.8mm; vertical-align: top; text-align: left;
                 overflow-wrap: anywhere; word-break: break-word; white-space: normal; }
        thead { display: table-header-group; }
        tr { page-break-inside: avoid; break-inside: avoid; }
        th { font-weight: bold; background: #eee; }
        .figures th { width: 26%; }
        td.num, th.num { text-align: right; }
        .empty { margin: 0 0 0 2mm; }
        .signatures { page-break-inside: avoid; break-inside: avoid; }
        .signatures td { height: 13mm; vertical-align: bottom; }
        .signatures th:nth-child(1) { width: 16%; }
        .signatures th:nth-child(2) { width: 26%; }
        .signatures th:nth-child(4) { width: 20%; }
        pre.map { font-family: "Noto Sans Mono CJK SC", monospace; font-size: 8pt; white-space: pre-wrap; }
        """
}
