import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources

/// `jingwu report …`: the domain's reports rendered as text, Markdown, CSV, JSON or a page
/// to print (HTML; the case file and the handover with their signature lines filled).
enum ReportCommands {
    static let formatUsage =
        "[--period shift|today|week|month|last-month|Nd | --from T --to T] [--format text|md|csv|json|html] [--out FOLDER]"
    static let common: [OptionSpec] = [.value("from"), .value("to"), .value("period"), .value("format"), .value("out")]

    /// One command per report of `ReportCatalogue`, in its order.
    static let all: [CommandSpec] = ReportCatalogue.all.map { kind in
        switch kind.record {
        case .some(let record) where record.required:
            return CommandSpec(["report", kind.id], summaryKey: kind.summaryKey,
                               usage: "--\(record.name) ID [--format text|md|csv|json|html] [--out FOLDER]",
                               options: [.value(record.name, required: true), .value("format"), .value("out")],
                               run: runner(kind))
        case .some(let record):
            return CommandSpec(["report", kind.id], summaryKey: kind.summaryKey, usage: "[--\(record.name) ID] " + formatUsage,
                               options: common + [.value(record.name)], run: runner(kind))
        case .none:
            return CommandSpec(["report", kind.id], summaryKey: kind.summaryKey, usage: formatUsage, options: common,
                               run: runner(kind))
        }
    }

    static func runner(_ kind: ReportKind) -> @Sendable (CommandContext, ParsedArguments) throws -> Int32 {
        { context, parsed in try run(kind, context, parsed) }
    }

    /// The output format and the request a report command's options ask for (`report …` and
    /// `station report …` read them alike): `--format`, `--period` or `--from`/`--to`, and the
    /// record option when the report takes one.
    static func request(_ kind: ReportKind, _ context: CommandContext, _ parsed: ParsedArguments,
                        defaultFormat: String = "text") throws -> (ReportOutputFormat, ReportRequest) {
        let formatText = parsed.value("format") ?? defaultFormat
        guard let format = ReportOutputFormat(rawValue: formatText.lowercased()) else {
            throw UsageError("report.cli.bad_format", ["value": formatText])
        }
        let now = context.clock.now()
        // A named period (统计时段): one of ReportPeriod's codes; a typed range is --from/--to instead.
        var period: ReportPeriod?
        if let text = parsed.value("period") {
            guard let named = ReportPeriod.parse(text) else { throw UsageError("report.cli.bad_period", ["value": text]) }
            guard parsed.value("from") == nil, parsed.value("to") == nil else {
                throw UsageError("report.cli.period_with_range")
            }
            period = named
        }
        var from: Date?
        var to = now
        // A report's period, named as such (not as a handover's 接班人, which is also `to`).
        do {
            if let text = parsed.value("to") {
                to = try OfficeCommands.time(text, field: "to", now: now, ["labelKey": "report.field.to"])
            }
            if let text = parsed.value("from") {
                from = try OfficeCommands.time(text, field: "from", now: now, ["labelKey": "report.field.from"])
            }
            if let start = from, start >= to {
                throw DomainError(.beforeStart, field: "to", value: OfficeTime.readable(to),
                                  ["earliest": OfficeTime.readable(start), "record": "--from", "labelKey": "report.field.to"])
            }
        } catch let error as DomainError {
            throw OfficeCommands.refusal(error, context)
        }
        let request = ReportRequest(from: from, to: to, toGiven: parsed.value("to") != nil, now: now,
                                    record: kind.record.flatMap { parsed.value($0.name) }, period: period)
        return (format, request)
    }

    static func run(_ kind: ReportKind, _ context: CommandContext, _ parsed: ParsedArguments) throws -> Int32 {
        let (format, request) = try self.request(kind, context, parsed)
        let now = request.now
        let office = try OfficeCommands.openOffice(context)
        // A report reads most of the checkpoint's sections: those it has not reached yet are
        // decoded on the other core meanwhile.
        office.decodeCheckpointInBackground()
        let state = office.state
        let header = office.journal.header
        var builder = ReportBuilder(state: state, strings: context.strings, heading: header.station + " " + header.office,
                                    now: now)
        // Who takes the case file is its 经办民警 (named on the signature line).
        builder.officer = context.operatorBadge.map(CleanText.strip).flatMap { state.officers.byBadge[$0] == nil ? nil : $0 }
        let output: ReportOutput
        do {
            output = try kind.build(state, builder, request)
        } catch let error as DomainError {
            throw OfficeCommands.refusal(error, context)
        }
        // Reports that name key persons, and case files, leave a record of who took them (AccessRecorded).
        var access: RecordAccess?
        if let id = output.caseFile {
            access = RecordAccess(kind: .print, subject: id, format: format.rawValue)
        } else if !output.namedPersons.isEmpty {
            access = RecordAccess(kind: .export, subject: "report " + kind.id, format: format.rawValue,
                                  persons: output.namedPersons)
        }
        // Printed (a page): the handover gets its signature lines.
        let document = format == .html ? builder.printable(output.document) : output.document
        // `--out FOLDER`: written there as a file named by its title and time (CSV: a folder of
        // one-table files), never over anything; the access record names it, written first.
        if let folder = parsed.value("out") {
            let path = try PrintExport.target(document, as: format, folder: folder, stamp: now)
            if var access {
                access.destination = path
                try AccessCommands.recordAccess(office, context, access)
            }
            try PrintExport.write(document, as: format, labels: builder.csvLabels, to: path)
            context.output.write(context.strings.text("report.cli.written", ["path": path]))
            return damage(of: office) == nil ? ExitCode.ok : ExitCode.tempFail
        }
        if let access { try AccessCommands.recordAccess(office, context, access) }
        var text = ReportRenderer.render(document, as: format)
        // The sink ends each write with "\n": drop ours so CSV keeps exact CRLF line ends.
        if format == .csv {
            if text.hasSuffix("\r\n") { text.removeLast(); text += "\r" }
        } else if text.hasSuffix("\n") {
            text.removeLast()
        }
        // A damaged journal: the report holds only the valid prefix, and says so where it is read.
        if let damage = damage(of: office) {
            let banner = context.strings.text("report.cli.damaged_banner", [
                "seq": String(damage.seq), "line": String(damage.line), "count": String(damage.seq),
            ])
            switch format {
            case .text: text = banner + "\n\n" + text
            case .md: text = "> **" + banner + "**\n\n" + text
            case .html:
                text = text.replacingOccurrences(of: "<body>\n", with: "<body>\n<p class=\"damaged\"><strong>"
                                                 + PrintablePage.escape(banner) + "</strong></p>\n")
            case .json:
                if text.hasPrefix("{") {
                    text = "{\"damaged\":true,\"damagedSeq\":\(damage.seq),\"damagedLine\":\(damage.line),"
                        + text.dropFirst()
                }
            case .csv: context.output.error(banner)  // a line above the header would break the table
            }
        }
        context.output.write(text)
        // 75, as for every command on a damaged journal (read-only because damaged); the text above still printed.
        return damage(of: office) == nil ? ExitCode.ok : ExitCode.tempFail
    }

    /// For a listing (`log`, `hazard list`, `fraud list`): prints the damaged-journal banner first
    /// (with `--json` a line `{"damaged":true,"damagedSeq":N,"damagedLine":L}`) and returns the
    /// exit status the listing ends with: 75 on a damaged journal, else 0.
    static func listingBanner(_ damage: (seq: UInt64, line: Int)?, _ context: CommandContext) -> Int32 {
        guard let damage else { return ExitCode.ok }
        context.output.write(context.global.json
            ? "{\"damaged\":true,\"damagedSeq\":\(damage.seq),\"damagedLine\":\(damage.line)}"
            : context.strings.text("report.cli.damaged_banner", [
                "seq": String(damage.seq), "line": String(damage.line), "count": String(damage.seq),
            ]))
        return ExitCode.tempFail
    }

    /// The first damaged record of the office's journal, when opening found one (or the office learnt of one since).
    static func damage(of office: Office) -> (seq: UInt64, line: Int)? {
        if let found = office.damageFound { return found }
        for case .damaged(let seq, let line) in office.journal.notices { return (seq, line) }
        return nil
    }
}
