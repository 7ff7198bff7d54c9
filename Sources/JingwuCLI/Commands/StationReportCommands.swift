import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuStation

/// `jingwu station report coverage|patrols|visits|disputes|bulletin|handover|fraud`: the office
/// reports across the offices the station holds. Each office's state is the office's own fold
/// of the station's copy of its journal (`StationCache`: a local journal file of the station's
/// lines, opened by `Office.open` with its authenticated checkpoint), and each office's report is
/// built by the same `ReportCatalogue` entry as `jingwu report`: a station report for one office
/// (`--office X`) is that office's own report, byte for byte. Across several offices it is one
/// document: a table of each office's figures with the station's totals, then each of the
/// report's tables with the office named on every row.
enum StationReportCommands {
    /// The reports offered across offices, in `jingwu help`'s order.
    static let kinds = ["coverage", "patrols", "visits", "disputes", "bulletin", "handover", "fraud"]

    static let all: [CommandSpec] = ReportCatalogue.all.filter { kinds.contains($0.id) }.map { kind in
        CommandSpec(["station", "report", kind.id], summaryKey: "station.cli.report_" + kind.id,
                    usage: "[--db URL] [--office NAME|JOURNAL-ID] [--cache FOLDER] " + ReportCommands.formatUsage,
                    options: [.value("db"), .value("office"), .value("cache")] + ReportCommands.common,
                    run: { context, parsed in try StationReportCommands.run(kind, context, parsed) })
    }

    static func run(_ kind: ReportKind, _ context: CommandContext, _ parsed: ParsedArguments) throws -> Int32 {
        let (format, request) = try ReportCommands.request(kind, context, parsed,
                                                            defaultFormat: context.global.json ? "json" : "text")
        let db = try StationCommands.connect(context, parsed)
        guard let root = parsed.value("cache") ?? StationCache.defaultRoot(environment: context.environment) else {
            throw UsageError("station.report.usage.no_cache")
        }
        let office = parsed.value("office").map { $0.trimmingCharacters(in: .whitespaces) }
        let heads = try StationCache.journals(db, office: office).filter { $0.headSeq >= 0 }
        guard !heads.isEmpty else {
            throw StationReportError.noOffice(office: office ?? "", url: db.displayURL)
        }
        let cache = StationCache(root: root)
        var parts: [(office: String, station: String, output: ReportOutput, builder: ReportBuilder)] = []
        for head in heads {
            let part = try cache.locked(head) { () -> (ReportOutput, ReportBuilder, JournalHeader) in
                let opened = try open(head, cache: cache, db: db, context: context)
                let state = opened.state
                let header = opened.journal.header
                var builder = ReportBuilder(state: state, strings: context.strings,
                                            heading: header.station + " " + header.office, now: request.now)
                builder.officer = context.operatorBadge.map(CleanText.strip).flatMap {
                    state.officers.byBadge[$0] == nil ? nil : $0
                }
                do {
                    return (try kind.build(state, builder, request), builder, header)
                } catch let error as DomainError {
                    throw OfficeCommands.refusal(error, context)
                }
            }
            parts.append((part.2.office, part.2.station, part.0, part.1))
        }
        let document: ReportDocument
        if parts.count == 1 {
            document = parts[0].output.document
        } else {
            document = merge(parts.map { ($0.office, $0.output.document) }, station: parts[0].station, kind: kind,
                             strings: context.strings)
        }
        let builder = parts[0].builder
        let printed = format == .html ? builder.printable(document) : document
        if let folder = parsed.value("out") {
            let path = try PrintExport.target(printed, as: format, folder: folder, stamp: request.now)
            try PrintExport.write(printed, as: format, labels: builder.csvLabels, to: path)
            context.output.write(context.strings.text("report.cli.written", ["path": path]))
            return ExitCode.ok
        }
        var text = ReportRenderer.render(printed, as: format)
        // The sink ends each write with "\n": drop ours so CSV keeps exact CRLF line ends.
        if format == .csv {
            if text.hasSuffix("\r\n") { text.removeLast(); text += "\r" }
        } else if text.hasSuffix("\n") {
            text.removeLast()
        }
        context.output.write(text)
        return ExitCode.ok
    }

    /// The office on the station's copy of `head`'s journal, refreshed to the station's head and
    /// checked to end there; a copy that will not open or does not end there is made again once.
    /// `readOnlyCopy`: for the read-only console, a long-lived process: the journal wrapped so that
    /// every write is refused, the checkpoint read into memory rather than mapped.
    static func open(_ head: StationJournalHead, cache: StationCache, db: PGConnection,
                     context: CommandContext, readOnlyCopy: Bool = false) throws -> Office {
        func attempt(rebuild: Bool) throws -> Office {
            let refreshed = try cache.refresh(db, head, rebuild: rebuild)
            Trace.mark("station cache \(head.office): \(refreshed.fetched) records fetched\(refreshed.rebuilt ? " (made afresh)" : "")")
            // The installation's checkpoint key, as for the office's own journal (never a weaker path).
            let key = CheckpointKey.load(environment: context.environment, journalPath: refreshed.path)
            let office: Office
            if readOnlyCopy {
                let file = try FileJournal(path: refreshed.path, clock: context.clock)
                // Its lock lets the console go on from a copy made again under it (StationCopyJournal.refresh).
                let copy = StationCopyJournal(file, office: head.office, lockPath: cache.folder(head) + "/lock",
                                              clock: context.clock)
                office = try Office.open(journal: copy, clock: context.clock,
                                         checkpointPath: CheckpointFile.path(forJournal: refreshed.path),
                                         checkpointKey: .key(key))
            } else {
                office = try Office.open(path: refreshed.path, clock: context.clock, mapCheckpoint: true,
                                         checkpointKey: .key(key))
            }
            CLI.keepUntilExit(office)
            let damaged = office.damageFound != nil || office.journal.notices.contains {
                if case .damaged = $0 { return true } else { return false }
            }
            if damaged { throw StationCacheError.copyDiffers(office: head.office, journal: head.journalID) }
            try StationCache.confirm(head, headSeq: office.journal.headSeq, headHash: office.journal.headHash)
            Trace.mark("station cache \(head.office): folded to \(office.journal.headSeq)")
            // Saved whenever records were folded after it, so the next report folds nothing old.
            // Only a cache: a failed save costs the next report time, never this one.
            if office.checkpointSeq != office.journal.headSeq { _ = try? office.saveCheckpoint() }
            return office
        }
        do {
            return try attempt(rebuild: false)
        } catch let error as StationError {
            throw error
        } catch let error as StationCacheError {
            if case .chainBroken = error { throw error }
            Trace.mark("station cache \(head.office): \(error); made again")
            return try attempt(rebuild: true)
        } catch {
            Trace.mark("station cache \(head.office): \(error); made again")
            return try attempt(rebuild: true)
        }
    }

    /// One document of several offices' reports of the same kind: the station's totals as its
    /// figures (each whole-number figure summed; the others are in the offices' table only), a
    /// table of every office's figures with a totals row, then each table of the report with the
    /// office first on every row, and each office's notes under its name.
    static func merge(_ parts: [(office: String, document: ReportDocument)], station: String, kind: ReportKind,
                      strings: Strings) -> ReportDocument {
        let first = parts[0].document
        let sameTitle = parts.allSatisfy { $0.document.title == first.title }
        let samePeriod = parts.allSatisfy { $0.document.from == first.from && $0.document.to == first.to }
        var document = ReportDocument(
            kind: first.kind,
            title: sameTitle ? first.title : strings.text("station.report.title", ["report": strings.text(kind.nameKey)]),
            heading: strings.text("station.report.heading", ["station": station, "count": String(parts.count)]),
            from: samePeriod ? first.from : parts.compactMap { $0.document.from }.min(),
            to: samePeriod ? first.to : parts.compactMap { $0.document.to }.max(),
            periodText: first.periodText)
        if !samePeriod, let from = document.from, let to = document.to {
            // Reports of different periods (each office's shift on duty): the span they cover.
            document.periodText = strings.text("report.period", ["period": ReportFormat.period(from, to)])
        }
        document.periodCode = parts.allSatisfy({ $0.document.periodCode == first.periodCode }) ? first.periodCode : nil
        document.colon = first.colon
        document.countFormat = first.countFormat

        // Figures: the keys in the order the reports give them.
        var keys: [String] = []
        var labels: [String: String] = [:]
        var samples: [String: ReportValue] = [:]
        for part in parts {
            for figure in part.document.figures where labels[figure.key] == nil {
                keys.append(figure.key)
                labels[figure.key] = figure.label
                samples[figure.key] = figure.value
            }
        }
        func value(_ document: ReportDocument, _ key: String) -> ReportValue? {
            document.figures.first { $0.key == key }?.value
        }
        var totals: [String: ReportValue] = [:]
        for key in keys {
            let values = parts.map { value($0.document, key) }
            var sum = 0
            var summable = true
            for value in values {
                guard let value, case .int(let n) = value.json else { summable = false; break }
                sum += n
            }
            guard summable else { continue }
            if samples[key]?.unit != nil {
                // A duration in minutes: shown as the office shows one (`1小时05分`).
                totals[key] = ReportValue(display: strings.text("report.minutes", ["h": String(sum / 60),
                                                                                  "m": String(format: "%02d", sum % 60)]),
                                          json: .int(sum), unit: samples[key]?.unit)
            } else {
                totals[key] = .int(sum)
            }
        }
        document.figures = keys.compactMap { key in totals[key].map { ReportFigure(key, labels[key] ?? key, $0) } }

        let officeColumn = ReportColumn("office", strings.text("station.report.col.office"), maxWidth: 12)
        var columns = [officeColumn]
        for key in keys {
            var numeric = false
            if let sample = samples[key] {
                switch sample.json {
                case .int, .double: numeric = true
                default: numeric = false
                }
            }
            columns.append(ReportColumn(key, labels[key] ?? key, numeric: numeric, maxWidth: numeric ? 0 : 18))
        }
        var rows: [[ReportValue]] = parts.map { part in
            [.text(part.office)] + keys.map { value(part.document, $0) ?? .text(nil) }
        }
        rows.append([ReportValue(display: strings.text("station.report.total"), json: .null)]
                    + keys.map { totals[$0] ?? .text(nil) })
        var sections = [ReportSection(key: "offices", title: strings.text("station.report.section.offices"),
                                      columns: columns, rows: rows, emptyText: "")]

        // Each table of the report, every office's rows in turn.
        var order: [String] = []
        var merged: [String: ReportSection] = [:]
        for part in parts {
            for section in part.document.sections {
                let tagged = section.rows.map { [ReportValue.text(part.office)] + $0 }
                if merged[section.key] == nil {
                    order.append(section.key)
                    merged[section.key] = ReportSection(key: section.key, title: section.title,
                                                        columns: [officeColumn] + section.columns, rows: tagged,
                                                        emptyText: section.emptyText,
                                                        barColumn: section.barColumn.map { $0 + 1 })
                } else {
                    merged[section.key]?.rows += tagged
                }
            }
        }
        sections += order.compactMap { merged[$0] }
        document.sections = sections
        document.notes = parts.flatMap { part in
            part.document.notes.map { (label: part.office + " " + $0.label, text: $0.text) }
        }
        return document
    }
}

/// What `station report` cannot find.
enum StationReportError: OperatorError {
    /// No journal of that office (or none at all) is held with any record.
    case noOffice(office: String, url: String)

    var messageKey: String {
        switch self {
        case .noOffice(let office, _): return office.isEmpty ? "station.report.error.no_journals" : "station.report.error.no_office"
        }
    }

    var messageArgs: [String: String] {
        switch self {
        case .noOffice(let office, let url): return ["office": SafeText.line(office), "url": url]
        }
    }

    var exitCode: Int32 { ExitCode.noInput }
}
