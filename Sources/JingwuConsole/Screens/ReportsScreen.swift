import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuTerminal

/// 统计: the weekly 警情公告 bulletin, patrols by officer, mode and hour of day, coverage
/// over time, visits, disputes and anti-fraud (反诈), with bar charts and hour-of-day strips;
/// any of them exported (`x`) as the print export writes (`PrintExport`): a page to print (HTML),
/// Markdown, or CSV as a folder of one-table files, named for the report and its period, in the
/// officer's documents folder (0700; files 0600), never over anything already there.
///
/// The period is each report's default until the officer picks one: `p` (`P` backwards) steps
/// through the named periods (本班, 今日, 本周, 本月, 上月, 近 N 天), `r` types a range. The figures and
/// tables are the same `ReportDocument`s `jingwu report` prints for the same period.
final class ReportsScreen: ConsoleScreen {
    let tab = ConsoleTab.reports

    /// The reports this screen offers, in tab order: `ReportCatalogue`'s, as `jingwu report` has them.
    static let kinds = ReportCatalogue.onScreen

    /// One block of the view: a line of text, a bar, or an hour-of-day strip (two rows).
    enum Block: Equatable {
        case text(String, Style)
        case bar(label: String, value: Int, top: Int, labelWidth: Int, shown: String)
        case strip(label: String, counts: [Int])
        var height: Int { if case .strip = self { return 2 }; return 1 }
    }

    enum Mode {
        case view
        case export(Form)
        /// Typing a period: 起始时间 and 截止时间.
        case range(Form)
    }

    private(set) var kind: ReportKind = ReportsScreen.kinds[0]
    /// The period the officer picked; nil: each report's own default (`ReportKind.defaultPeriod`).
    private(set) var chosen: ReportPeriod?
    private(set) var mode: Mode = .view
    private var offset = 0
    private var pageHeight = 17
    /// Width of the text area at the last draw: tables are fitted to it.
    private var pageWidth = 80

    func keys(_ session: ConsoleSession) -> ConsoleKeyTable {
        func t(_ key: String, _ args: [String: String] = [:]) -> String { session.t(key, args) }
        switch mode {
        case .view:
            return ConsoleKeyTable([
                KeyBinding("kind", keys: [.left, .right], label: t("console.reports.key.kind")),
                KeyBinding("period", keys: [.character("p"), .character("P")], label: t("console.reports.key.period")),
                KeyBinding("range", keys: [.character("r")], label: t("console.reports.key.range")),
                KeyBinding("export", keys: [.character("x")], label: t("console.reports.key.export")),
                KeyBinding("scroll", keys: [.up, .down, .pageUp, .pageDown], label: t("console.key.move"), showsInHints: false,
                           quietKeys: [.home, .end]),
            ])
        case .export, .range:
            return FormKit.keys(session)
        }
    }

    var capturesText: Bool {
        if case .view = mode { return false }
        return true
    }

    var hasUnsavedInput: Bool {
        if case .export(let form) = mode { return form.isDirty }
        if case .range(let form) = mode { return form.isDirty }
        return false
    }

    // MARK: The document

    /// The period shown: the one picked, else the report's default.
    var period: ReportPeriod { chosen ?? kind.defaultPeriod }

    /// The period's window now.
    func window(_ session: ConsoleSession) -> ReportWindow { period.window(session.state, now: session.now) }

    /// The report of the current kind over the current period.
    func report(_ session: ConsoleSession) -> ReportOutput {
        let state = session.state
        let now = session.now
        let header = session.office.journal.header
        let builder = ReportBuilder(state: state, strings: session.strings, heading: header.station + " " + header.office,
                                    now: now)
        let request = ReportRequest(from: nil, to: now, toGiven: false, now: now, period: period)
        // The screen's reports take no record, so none is unknown: building cannot fail.
        return (try? kind.build(state, builder, request))
            ?? ReportOutput(document: ReportDocument(kind: kind.id, title: "", from: nil, to: now, periodText: ""))
    }

    func document(_ session: ConsoleSession) -> ReportDocument { report(session).document }

    /// What the screen shows: figures, charts, then the report's tables as text.
    func blocks(_ session: ConsoleSession) -> [Block] {
        let doc = document(session)
        // The title names the period (「警情公告（本周）」), then its times.
        let times = doc.from.flatMap { from in doc.to.map { ReportFormat.period(from, $0) } } ?? doc.periodText
        let heading = doc.title + "  " + times
        var out: [Block] = TextWidth.columns(of: heading) <= pageWidth ? [.text(heading, .muted)]
            : [.text(doc.title, .muted), .text(times, .muted)]
        // Figures, two to a row.
        let figures = doc.figures.map { $0.label + " " + $0.value.display }
        var i = 0
        while i < figures.count {
            let left = figures[i]
            let right = i + 1 < figures.count ? figures[i + 1] : ""
            out.append(.text(TextWidth.fit(left, to: 38) + "  " + right, .normal))
            i += 2
        }
        // Notes (the anti-fraud report's comparison periods and formula), wrapped to the screen.
        for note in doc.forOutput().notes {
            for line in TextWidth.wrapAtSpaces(note.label + doc.colon + note.text, width: max(20, pageWidth)) {
                out.append(.text(line, .muted))
            }
        }
        out += ReportsCharts.blocks(kind, doc: doc, session: session)
        // The tables, as `jingwu report` prints them (cut at the screen's width), but for
        // those the charts above already show whole: the same breakdown twice only pushes
        // the rest off the screen. The export (x) keeps every table.
        var tables = doc
        tables.sections = doc.sections.filter { !ReportsCharts.chartsWhole($0) }
        let text = ReportRenderer.text(tables, maxWidth: pageWidth).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        if let start = text.firstIndex(where: { $0.hasPrefix("■") }) {
            for line in text[start...] {
                out.append(.text(line, line.hasPrefix("■") ? .header : .normal))
            }
        }
        return out
    }

    // MARK: Handling

    func perform(_ action: ScreenAction, key: Key, session: ConsoleSession) -> Effects {
        switch mode {
        case .view:
            switch action {
            case "kind":
                let all = Self.kinds
                let step = key == .right ? 1 : all.count - 1
                kind = all[((all.firstIndex(of: kind) ?? 0) + step) % all.count]
                offset = 0
                return .updated
            case "period":
                // p the next period, P the one before; from a period off the list (近 1 天, a typed
                // range) p starts at its first (本班) and P at its last.
                let cycle = ReportPeriod.cycle
                let step = key == .character("P") ? cycle.count - 1 : 1
                chosen = cycle.firstIndex(of: period).map { cycle[($0 + step) % cycle.count] }
                    ?? (step == 1 ? cycle[0] : cycle[cycle.count - 1])
                offset = 0
                return .updated
            case "range":
                mode = .range(rangeForm(session))
                return .updated
            case "export":
                mode = .export(exportForm(session))
                return .updated
            case "scroll":
                let count = blocks(session).reduce(0) { $0 + $1.height }
                if let next = scrolled(offset, key, count: count, page: pageHeight) { offset = next; return .updated }
                return []
            default:
                return []
            }
        case .export(var form):
            let result = form.handle(key)
            if result.contains(.cancel) { mode = .view; return .updated }
            if result.contains(.submit) { return export(&form, session) }
            mode = .export(form)
            return result.contains(.handled) ? .updated : []
        case .range(var form):
            let result = form.handle(key)
            if result.contains(.cancel) { mode = .view; return .updated }
            if result.contains(.submit) {
                if let range = Self.typedRange(&form, session) {
                    chosen = .range(range.from, range.to)
                    offset = 0
                    mode = .view
                } else {
                    mode = .range(form)
                }
                return .updated
            }
            mode = .range(form)
            return result.contains(.handled) ? .updated : []
        }
    }

    /// 自定时段: start and end, filled with the period shown.
    private func rangeForm(_ session: ConsoleSession) -> Form {
        let shown = window(session)
        var from = DateTimeField()
        from.set(shown.from, utcOffsetSeconds: OfficeTime.offset)
        var to = DateTimeField()
        to.set(shown.to, utcOffsetSeconds: OfficeTime.offset)
        return Form(title: session.t("console.reports.form.range"),
                    fields: [
                        FormField(id: "from", label: session.t("report.field.from"), editor: .dateTime(from),
                                  placeholder: session.t("console.reports.range_placeholder")),
                        FormField(id: "to", label: session.t("report.field.to"), editor: .dateTime(to),
                                  placeholder: session.t("console.reports.range_placeholder")),
                    ], discard: session.discardDialog)
    }

    /// The typed range, or nil with the message at the field at fault: a time that does not read,
    /// a start after now, an end not after the start or after now.
    static func typedRange(_ form: inout Form, _ session: ConsoleSession) -> (from: Date, to: Date)? {
        func time(_ id: String) -> Date? {
            guard case .dateTime(let field)? = form.field(id)?.editor,
                  case .success(let date?) = field.parse(now: session.now, utcOffsetSeconds: OfficeTime.offset)
            else {
                form.setMessage(session.t("console.reports.range.bad_time", ["field": session.t("report.field." + id)]),
                                for: id)
                form.focus(on: id)
                return nil
            }
            return date
        }
        guard let from = time("from"), let to = time("to") else { return nil }
        func refuse(_ id: String, _ key: String) -> (from: Date, to: Date)? {
            form.setMessage(session.t(key, ["from": OfficeTime.readable(from), "now": OfficeTime.readable(session.now)]),
                            for: id)
            form.focus(on: id)
            return nil
        }
        if from >= session.now { return refuse("from", "console.reports.range.from_future") }
        if to <= from { return refuse("to", "console.reports.range.to_before_from") }
        if to > session.now { return refuse("to", "console.reports.range.to_future") }
        return (from, to)
    }

    /// The formats as the print export offers them (a page to print first), and the folder.
    private func exportForm(_ session: ConsoleSession) -> Form {
        Form(title: session.t("console.reports.form.export", ["report": session.t(kind.nameKey)]),
             fields: [
                FormField(id: "format", label: session.t("console.reports.field.format"),
                          editor: .choice(ChoiceList(options: PrintExport.formats.map { session.t("console.reports.format." + $0.rawValue) }))),
                FormField(id: "folder", label: session.t("console.reports.field.folder"),
                          editor: .text(TextField(text: PrintExport.defaultFolder(), maxLength: 400))),
             ], discard: session.discardDialog)
    }

    /// Expands `~` and makes a relative path absolute (from the working directory).
    static func expand(_ path: String) -> String {
        var p = path.trimmingCharacters(in: .whitespaces)
        if p == "~" || p.hasPrefix("~/") { p = NSHomeDirectory() + p.dropFirst() }
        if !p.hasPrefix("/") { p = FileManager.default.currentDirectoryPath + "/" + p }
        return p
    }

    /// Writes the report as the print export does: a new file (CSV: a new folder of one-table
    /// files) named for the report and its period; the access record first when it names persons.
    private func export(_ form: inout Form, _ session: ConsoleSession) -> Effects {
        var format = PrintExport.formats[0]
        if case .choice(let list)? = form.field("format")?.editor, PrintExport.formats.indices.contains(list.selected) {
            format = PrintExport.formats[list.selected]
        }
        let raw = form.values["folder"] ?? ""
        guard !raw.trimmingCharacters(in: .whitespaces).isEmpty else {
            form.setMessage(session.t("console.reports.folder_required"), for: "folder")
            form.focus(on: "folder")
            mode = .export(form)
            return .updated
        }
        let folder = Self.expand(raw)
        let output = report(session)
        let path: String
        do {
            path = try PrintExport.target(output.document, as: format, folder: folder, stamp: session.now,
                                          name: PrintExport.periodName(output.document, stamp: session.now))
        } catch {
            form.setMessage(Self.describe(error, session), for: "folder")
            form.focus(on: "folder")
            mode = .export(form)
            return .updated
        }
        // A report naming key persons leaves a record of who took it, written before the file (issue 8).
        var recorded = false
        if !output.namedPersons.isEmpty {
            switch session.execute(RecordAccess(kind: .export, subject: "report " + kind.id, format: format.rawValue,
                                                persons: output.namedPersons, destination: path)) {
            case .success: recorded = true
            case .failure(let refusal):
                mode = .view
                session.say(.error, refusal.message)
                return .updated
            }
        }
        mode = .view
        do {
            let header = session.office.journal.header
            let labels = ReportBuilder(state: session.state, strings: session.strings,
                                       heading: header.station + " " + header.office, now: session.now).csvLabels
            try PrintExport.write(output.document, as: format, labels: labels, to: path)
            session.say(.ok, session.t("console.reports.exported", ["path": path, "format": format.rawValue]))
        } catch {
            session.say(.error, session.t("console.reports.export_failed", ["path": path,
                                                                            "error": Self.describe(error, session)]))
        }
        return recorded ? .wrote : .updated
    }

    // MARK: Drawing

    func render(into screen: Screen, rect: Rect, session: ConsoleSession) {
        if case .export(let form) = mode {
            form.render(into: screen, rect: rect)
            return
        }
        if case .range(let form) = mode {
            form.render(into: screen, rect: rect)
            return
        }
        let (top, body) = rect.splitTop(1)
        var col = top.col
        // Ten reports may not fit on one line (English): the line starts late enough that the
        // report shown is on it.
        let labels = Self.kinds.map { " " + session.t($0.nameKey) + " " }
        let widths = labels.map { TextWidth.columns(of: $0) }
        let active = Self.kinds.firstIndex(of: kind) ?? 0
        var first = 0
        while first < active, widths[first...active].reduce(0, +) > top.width { first += 1 }
        for (k, label) in zip(Self.kinds, labels).dropFirst(first) where col < top.right {
            col = screen.put(label, row: top.row, col: col, style: k == kind ? .tabActive : .tab)
        }
        // The period at the right, where it fits after the tabs (the title below names it too).
        let name = window(session).name(session.strings)
        if col + TextWidth.columns(of: name) <= top.right {
            screen.put(name, row: top.row, col: top.right - TextWidth.columns(of: name), style: .header)
        }
        pageHeight = body.height
        pageWidth = body.width
        let all = blocks(session)
        let total = all.reduce(0) { $0 + $1.height }
        offset = max(0, min(offset, total - body.height))
        var line = 0
        var row = body.row
        for block in all {
            defer { line += block.height }
            if line + block.height <= offset { continue }
            if row >= body.bottom { break }
            switch block {
            case .text(let text, let style):
                screen.put(text, row: row, col: body.col, width: body.width, style: style)
                row += 1
            case .bar(let label, let value, let top, let labelWidth, let shown):
                ReportsCharts.drawBar(label: label, value: value, top: top, labelWidth: labelWidth, shown: shown,
                                      into: screen, row: row, rect: body)
                row += 1
            case .strip(let label, let counts):
                let height = min(2, body.bottom - row)
                if line < offset {  // the strip's top row scrolled off: show its axis only as text
                    row += 1
                    continue
                }
                HourStrip.render(counts: counts, label: label, into: screen,
                                 rect: Rect(row: row, col: body.col, width: body.width, height: height))
                row += height
            }
        }
    }
}

extension ReportsScreen {
    /// An error's one line in the operator's language.
    static func describe(_ error: Error, _ session: ConsoleSession) -> String {
        if let error = error as? OperatorError { return error.message(session.strings) }
        return error.localizedDescription
    }
}
