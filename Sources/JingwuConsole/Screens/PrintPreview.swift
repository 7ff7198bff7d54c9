import Foundation
import JingwuDomain
import JingwuJournal
import JingwuTerminal

/// 打印预览 (issue 17): what is printed to be signed — a dispute's case file (一事一档) or a
/// shift's handover — shown on screen as it will be on paper (every table row as its
/// fields, wrapped, nothing cut short; the signature lines with the officers' names), and
/// exported from it to the officer's documents (`PrintExport`): `h` a page to print (HTML,
/// A4), `m` Markdown, `c` CSV (a folder, one table per file). The path is shown after.
///
/// A screen holds one while it is open and hands it its keys (DisputesScreen, HandoverScreen).
final class PrintPreview {
    /// The document as printed (signature lines included); masked and made safe when drawn or written.
    let document: ReportDocument
    /// What exporting it leaves on record (AccessRecorded), written before the file; nil: nothing.
    let access: RecordAccess?
    let labels: ReportRenderer.CSVLabels
    /// Where exports go (the session's `documentsFolder`).
    let folder: String
    private(set) var closed = false
    /// The last file or folder written, shown above the page.
    private(set) var exported: String?
    private var offset = 0
    private var pageHeight = 18

    init(document: ReportDocument, access: RecordAccess?, labels: ReportRenderer.CSVLabels, folder: String) {
        self.document = document
        self.access = access
        self.labels = labels
        self.folder = folder
    }

    /// The case file of dispute `id` as printed, its 经办民警 the operator; nil when there is no such dispute.
    static func caseFile(_ id: String, _ session: ConsoleSession) -> PrintPreview? {
        guard let kind = ReportCatalogue.kind("dispute"), let output = build(kind, record: id, session),
              let caseFile = output.caseFile else { return nil }
        return PrintPreview(document: output.document, access: RecordAccess(kind: .print, subject: caseFile, format: nil),
                            labels: builder(session).csvLabels, folder: session.documentsFolder)
    }

    /// Rectification notice `id` (整改通知书, issue 20) as printed; nil when there is no such notice.
    static func notice(_ id: String, _ session: ConsoleSession) -> PrintPreview? {
        guard let kind = ReportCatalogue.kind("notice"), let output = build(kind, record: id, session) else { return nil }
        return PrintPreview(document: output.document, access: nil, labels: builder(session).csvLabels,
                            folder: session.documentsFolder)
    }

    /// The handover of shift `id` as printed, with its officers' signature lines; nil when there is no such shift.
    static func handover(_ id: String, _ session: ConsoleSession) -> PrintPreview? {
        guard let kind = ReportCatalogue.kind("handover"), let output = build(kind, record: id, session) else { return nil }
        let access = output.namedPersons.isEmpty ? nil
            : RecordAccess(kind: .export, subject: "report handover", format: nil, persons: output.namedPersons)
        let b = builder(session)
        return PrintPreview(document: b.printable(output.document), access: access, labels: b.csvLabels,
                            folder: session.documentsFolder)
    }

    /// A report of the catalogue as it stands now (the 网格 screen's 实有人口, 暂住到期, 联户长覆盖);
    /// exporting it records the residents it names, as a report naming key persons does.
    static func report(_ id: String, _ session: ConsoleSession) -> PrintPreview? {
        guard let kind = ReportCatalogue.kind(id), let output = build(kind, record: nil, session) else { return nil }
        let access = output.namedPersons.isEmpty ? nil
            : RecordAccess(kind: .export, subject: "report " + id, format: nil, persons: output.namedPersons)
        return PrintPreview(document: output.document, access: access, labels: builder(session).csvLabels,
                            folder: session.documentsFolder)
    }

    private static func builder(_ session: ConsoleSession) -> ReportBuilder {
        let header = session.office.journal.header
        var builder = ReportBuilder(state: session.state, strings: session.strings,
                                    heading: header.station + " " + header.office, now: session.now)
        builder.officer = session.operatorBadge.flatMap { session.state.officers.byBadge[$0] == nil ? nil : $0 }
        return builder
    }

    private static func build(_ kind: ReportKind, record: String?, _ session: ConsoleSession) -> ReportOutput? {
        let request = ReportRequest(from: nil, to: session.now, toGiven: false, now: session.now, record: record)
        return try? kind.build(session.state, builder(session), request)
    }

    // MARK: Keys

    func keys(_ session: ConsoleSession) -> ConsoleKeyTable {
        ConsoleKeyTable([
            KeyBinding("html", keys: [.character("h")], label: session.t("console.print.key.html")),
            KeyBinding("md", keys: [.character("m")], label: session.t("console.print.key.md")),
            KeyBinding("csv", keys: [.character("c")], label: session.t("console.print.key.csv")),
            KeyBinding("back", keys: [.escape], label: session.t("console.key.back")),
            KeyBinding("scroll", keys: [.up, .down, .pageUp, .pageDown], label: session.t("console.key.move"),
                       showsInHints: false, quietKeys: [.home, .end]),
        ])
    }

    func perform(_ action: ScreenAction, key: Key, session: ConsoleSession) -> Effects {
        switch action {
        case "back":
            closed = true
            return .updated
        case "scroll":
            offset = scrolled(offset, key, count: lineCount, page: pageHeight) ?? offset
            return .updated
        case "html": return export(.html, session)
        case "md": return export(.md, session)
        case "csv": return export(.csv, session)
        default: return []
        }
    }

    private var lineCount = 0

    /// Writes the export: the access record first (when the document calls for one), then the file.
    private func export(_ format: ReportOutputFormat, _ session: ConsoleSession) -> Effects {
        let path: String
        do {
            path = try PrintExport.target(document, as: format, folder: folder, stamp: session.now)
        } catch {
            session.say(.error, session.t("console.print.export_failed", ["path": folder, "error": Self.describe(error, session)]))
            return .updated
        }
        var wrote = false
        if var access {
            access.format = format.rawValue
            access.destination = path
            switch session.execute(access) {
            case .success: wrote = true
            case .failure(let refusal):
                session.say(.error, refusal.message)
                return .updated
            }
        }
        do {
            try PrintExport.write(document, as: format, labels: labels, to: path)
            exported = path
            session.say(.ok, session.t("console.print.exported", ["format": format.rawValue, "path": path]))
        } catch {
            session.say(.error, session.t("console.print.export_failed", ["path": path, "error": Self.describe(error, session)]))
        }
        return wrote ? .wrote : .updated
    }

    static func describe(_ error: Error, _ session: ConsoleSession) -> String {
        if let error = error as? OperatorError { return error.message(session.strings) }
        return String(describing: error)
    }

    // MARK: Drawing

    /// The page as lines: title, period, figures and notes as `label：text`, each table row as
    /// its fields (`header：value`, empty ones left out), signature lines with a blank to sign.
    func lines(_ session: ConsoleSession) -> [StyledLine] {
        let d = document.forOutput()
        var out: [StyledLine] = []
        if let exported {
            out.append(StyledLine(session.t("console.print.exported_to", ["path": exported]), .ok))
        } else {
            out.append(StyledLine(session.t("console.print.folder", ["folder": folder]), .muted))
        }
        out.append(StyledLine([d.heading, d.title].compactMap { $0 }.joined(separator: " · "), .header))
        if !d.periodText.isEmpty { out.append(StyledLine(d.periodText)) }
        for figure in d.figures { out.append(StyledLine("  " + figure.label + d.colon + figure.value.display)) }
        for note in d.notes {
            let text = note.text.split(separator: "\n", omittingEmptySubsequences: false)
            for (n, part) in text.enumerated() {
                out.append(StyledLine("  " + (n == 0 ? note.label + d.colon : "    ") + part))
            }
        }
        for section in d.sections {
            out.append(StyledLine(""))
            let count = section.rows.isEmpty || section.key == PrintablePage.signaturesKey ? ""
                : d.countFormat.replacingOccurrences(of: "{n}", with: String(section.rows.count))
            out.append(StyledLine("■ " + section.title + count, .header))
            if section.rows.isEmpty { out.append(StyledLine("  " + section.emptyText, .muted)) }
            for (n, row) in section.rows.enumerated() {
                let fields = zip(section.columns, row).compactMap { column, value -> String? in
                    let text = value.display.replacingOccurrences(of: "\n", with: " ")
                    return text.isEmpty ? nil : column.header + d.colon + text
                }
                out.append(StyledLine("  \(n + 1). " + fields.joined(separator: "  ")))
            }
        }
        return out
    }

    func render(into screen: Screen, rect: Rect, session: ConsoleSession) {
        guard rect.height > 1 else { return }
        let (top, body) = rect.splitTop(1)
        screen.put(session.t("console.print.title"), in: top, style: .header)
        let all = lines(session)
        pageHeight = body.height
        lineCount = wrappedCount(all, width: body.width)
        offset = renderLines(all, offset: offset, into: screen, rect: body)
    }
}
