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
///
/// The tab line is full at 80 columns: `m` (更多报表) lists the catalogue's other reports (those
/// with no tab: `ReportCatalogue.offScreen`, the same list `jingwu report` serves), Enter opens
/// one in the same view, with its period, `p`/`P`/`r` and `x` as on a tab. A report about one
/// record (a dispute's file, a 整改通知书) asks for its number first; ←→ go back to the tabs.
final class ReportsScreen: ConsoleScreen {
    let tab = ConsoleTab.reports

    /// The reports this screen offers, in tab order: `ReportCatalogue`'s, as `jingwu report` has them.
    static let kinds = ReportCatalogue.onScreen
    /// The reports `m` lists: every other report of the catalogue, in its order.
    static let more = ReportCatalogue.offScreen

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
        /// 更多报表: the reports with no tab, the selected one's index.
        case picker(Int)
        /// The number of the record the picked report is about (its index in `more`).
        case record(Int, Form)
    }

    private(set) var kind: ReportKind = ReportsScreen.kinds[0]
    /// The period the officer picked; nil: each report's own default (`ReportKind.defaultPeriod`).
    private(set) var chosen: ReportPeriod?
    private(set) var mode: Mode = .view
    /// The record the report shown is about (a dispute, a notice), for the reports that take one.
    private(set) var record: String?
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
                KeyBinding("more", keys: [.character("m")], label: t("console.reports.key.more")),
                KeyBinding("scroll", keys: [.up, .down, .pageUp, .pageDown], label: t("console.key.move"), showsInHints: false,
                           quietKeys: [.home, .end]),
            ])
        case .export, .range, .record:
            return FormKit.keys(session)
        case .picker:
            return ConsoleKeyTable([
                KeyBinding("open", keys: [.enter], label: t("console.key.open")),
                KeyBinding("close", keys: [.escape], label: t("console.key.close")),
                KeyBinding("move", keys: [.up, .down], label: t("console.key.move"), quietKeys: [.home, .end]),
            ])
        }
    }

    var capturesText: Bool {
        switch mode {
        case .view, .picker: return false
        default: return true
        }
    }

    var hasUnsavedInput: Bool {
        if case .export(let form) = mode { return form.isDirty }
        if case .range(let form) = mode { return form.isDirty }
        if case .record(_, let form) = mode { return form.isDirty }
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
        let request = ReportRequest(from: nil, to: now, toGiven: false, now: now, record: kind.record == nil ? nil : record,
                                    period: period)
        // A tab's report takes no record, so none is unknown; a record picked in 更多报表 was
        // checked when it was typed (a record voided since shows an empty report).
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
            for line in TextWidth.wrapWords(note.label + doc.colon + note.text, width: max(20, pageWidth)) {
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
                if let index = all.firstIndex(of: kind) {
                    kind = all[(index + (key == .right ? 1 : all.count - 1)) % all.count]
                } else {
                    // From a report of 更多报表: → the first tab, ← the last.
                    kind = key == .right ? all[0] : all[all.count - 1]
                    record = nil
                }
                offset = 0
                return .updated
            case "more":
                mode = .picker(Self.more.firstIndex(of: kind) ?? 0)
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
        case .picker(let selected):
            switch action {
            case "close":
                mode = .view
            case "move":
                let last = Self.more.count - 1
                switch key {
                case .up: mode = .picker(max(0, selected - 1))
                case .down: mode = .picker(min(last, selected + 1))
                case .home: mode = .picker(0)
                case .end: mode = .picker(last)
                default: return []
                }
            case "open":
                let picked = Self.more[selected]
                if let option = picked.record, option.required {
                    mode = .record(selected, recordForm(picked, session))
                } else {
                    show(picked, record: nil)
                }
            default:
                return []
            }
            return .updated
        case .record(let index, var form):
            let result = form.handle(key)
            if result.contains(.cancel) { mode = .picker(index); return .updated }
            if result.contains(.submit) {
                let picked = Self.more[index]
                let typed = (form.values["record"] ?? "").trimmingCharacters(in: .whitespaces)
                if let refusal = Self.recordRefusal(picked, typed, session) {
                    form.setMessage(refusal, for: "record")
                    form.focus(on: "record")
                    mode = .record(index, form)
                } else {
                    show(picked, record: typed)
                }
                return .updated
            }
            mode = .record(index, form)
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

    /// Shows a report of 更多报表 at its own default period.
    private func show(_ picked: ReportKind, record: String?) {
        kind = picked
        self.record = record
        chosen = nil
        offset = 0
        mode = .view
    }

    /// The number of the record a report is about (`--dispute`, `--notice`).
    private func recordForm(_ picked: ReportKind, _ session: ConsoleSession) -> Form {
        let name = picked.record?.name ?? "record"
        return Form(title: session.t(picked.nameKey), fields: [
            FormField(id: "record", label: session.t("domain.field." + name), editor: .text(TextField(text: "", maxLength: 20))),
        ], discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    /// Why the report cannot be made about the record typed (none typed, none such), else nil:
    /// the report's own refusal, as `jingwu report` words it.
    static func recordRefusal(_ picked: ReportKind, _ typed: String, _ session: ConsoleSession) -> String? {
        let name = picked.record?.name ?? "record"
        if typed.isEmpty { return DomainError(.required, field: name).screenMessage(session.strings) }
        let header = session.office.journal.header
        let builder = ReportBuilder(state: session.state, strings: session.strings, heading: header.station + " " + header.office,
                                    now: session.now)
        do {
            _ = try picked.build(session.state, builder, ReportRequest(from: nil, to: session.now, toGiven: false,
                                                                       now: session.now, record: typed))
            return nil
        } catch let error as DomainError {
            return error.screenMessage(session.strings)
        } catch {
            return describe(error, session)
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
                    ], discard: session.discardDialog, limitMessage: session.limitMessage)
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
                          editor: .text(TextField(text: session.documentsFolder, maxLength: 400))),
             ], discard: session.discardDialog, limitMessage: session.limitMessage)
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
        // A report naming key persons leaves a record of who took it, written before the file (issue 8);
        // a case file (更多报表 → 纠纷档案) its print record, as `jingwu report dispute` does.
        var recorded = false
        var access: RecordAccess?
        if let id = output.caseFile {
            access = RecordAccess(kind: .print, subject: id, format: format.rawValue, destination: path)
        } else if !output.namedPersons.isEmpty {
            access = RecordAccess(kind: .export, subject: "report " + kind.id, format: format.rawValue,
                                  persons: output.namedPersons, destination: path)
        }
        if let access {
            switch session.execute(access) {
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
            let builder = ReportBuilder(state: session.state, strings: session.strings,
                                        heading: header.station + " " + header.office, now: session.now)
            // Printed (a page) as `jingwu report --format html` prints it: a handover with its signature lines.
            let document = format == .html ? builder.printable(output.document) : output.document
            try PrintExport.write(document, as: format, labels: builder.csvLabels, to: path)
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
        if case .record(_, let form) = mode {
            form.render(into: screen, rect: rect)
            return
        }
        if case .picker(let selected) = mode {
            renderPicker(selected, into: screen, rect: rect, session: session)
            return
        }
        let (top, body) = rect.splitTop(1)
        var col = top.col
        // Ten reports may not fit on one line (English): the line starts late enough that the
        // report shown is on it.
        // A report of 更多报表 is shown as one more tab at the end (「更多：实有人口」).
        let shown = Self.kinds.contains(kind) ? Self.kinds : Self.kinds + [kind]
        let labels = shown.map {
            " " + (Self.kinds.contains($0) ? session.t($0.nameKey)
                : session.t("console.reports.more_tab", ["report": session.t($0.nameKey)])) + " "
        }
        let widths = labels.map { TextWidth.columns(of: $0) }
        let active = shown.firstIndex(of: kind) ?? 0
        var first = 0
        while first < active, widths[first...active].reduce(0, +) > top.width { first += 1 }
        for (k, label) in zip(shown, labels).dropFirst(first) where col < top.right {
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
    /// 更多报表: a heading, then each report with no tab, its name and what it is (the line
    /// `jingwu help` gives it), the selected one marked.
    func renderPicker(_ selected: Int, into screen: Screen, rect: Rect, session: ConsoleSession) {
        let (top, body) = rect.splitTop(2)
        screen.put(session.t("console.reports.more_title", ["count": String(Self.more.count)]), in: top, style: .header)
        let names = Self.more.map { session.t($0.nameKey) }
        let nameWidth = min(24, names.map { TextWidth.columns(of: $0) }.max() ?? 0)
        let first = max(0, selected - body.height + 1)
        for (row, i) in zip(body.row..<body.bottom, first..<Self.more.count) {
            let line = (i == selected ? ">" : " ") + TextWidth.fit(names[i], to: nameWidth) + "  "
                + session.t(Self.more[i].summaryKey)
            screen.put(line, row: row, col: body.col, width: body.width, style: i == selected ? .selected : .normal)
        }
    }

    /// An error's one line in the operator's language.
    static func describe(_ error: Error, _ session: ConsoleSession) -> String {
        if let error = error as? OperatorError { return error.message(session.strings) }
        return error.localizedDescription
    }
}
