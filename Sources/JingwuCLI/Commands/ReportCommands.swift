import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources

/// `jingwu report …`: the domain's reports rendered as text, Markdown, CSV or JSON.
enum ReportCommands {
    static let kinds = ["handover", "patrols", "coverage", "visits", "disputes", "bulletin"]
    static let formatUsage = "[--from T] [--to T] [--format text|md|csv|json]"
    static let common: [OptionSpec] = [.value("from"), .value("to"), .value("format")]

    static let all: [CommandSpec] =
        [CommandSpec(["report", "handover"], summaryKey: "report.cli.report_handover", usage: "[--shift ID] " + formatUsage,
                     options: common + [.value("shift")], run: runner("handover"))]
        + kinds.dropFirst().map { kind in
            CommandSpec(["report", kind], summaryKey: "report.cli.report_" + kind, usage: formatUsage, options: common,
                        run: runner(kind))
        }
        + [CommandSpec(["report", "dispute"], summaryKey: "report.cli.report_dispute",
                       usage: "--dispute ID [--format text|md|csv|json]",
                       options: [.value("dispute", required: true), .value("format")], run: runner("dispute"))]

    /// Default period per report when `--from` is not given (days back from `--to`).
    static func defaultDays(_ kind: String) -> Double {
        switch kind {
        case "patrols": return 1
        case "visits": return 30
        case "disputes": return 182
        default: return 7
        }
    }

    static func runner(_ kind: String) -> @Sendable (CommandContext, ParsedArguments) throws -> Int32 {
        { context, parsed in try run(kind, context, parsed) }
    }

    static func run(_ kind: String, _ context: CommandContext, _ parsed: ParsedArguments) throws -> Int32 {
        let formatText = parsed.value("format") ?? "text"
        guard let format = ReportOutputFormat(rawValue: formatText.lowercased()) else {
            throw UsageError("report.cli.bad_format", ["value": formatText])
        }
        let now = context.clock.now()
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
        let office = try OfficeCommands.openOffice(context)
        let state = office.state
        let header = office.journal.header
        let builder = ReportBuilder(state: state, strings: context.strings, heading: header.station + " " + header.office,
                                    now: now)
        let start = from ?? to.addingTimeInterval(-defaultDays(kind) * 86400)
        let document: ReportDocument
        // Reports that name key persons, and case files, leave a record of who took them (AccessRecorded).
        var access: RecordAccess?
        func named(_ persons: [String]) {
            if !persons.isEmpty { access = RecordAccess(kind: .export, subject: "report " + kind, format: format.rawValue,
                                                        persons: persons) }
        }
        switch kind {
        case "handover":
            if let id = parsed.value("shift") {
                guard let report = state.handoverReport(shift: id.uppercased(), now: now) else {
                    throw OfficeCommands.refusal(DomainError(.unknownRecord, field: "shift", value: id), context)
                }
                named(report.namedPersons)
                document = builder.handover(report)
            } else if from == nil, parsed.value("to") == nil,
                      let shift = state.shifts.current ?? state.shifts.shifts.last(where: { !$0.voided }),
                      let report = state.handoverReport(shift: shift.id, now: now) {
                // The shift on duty (or the last one): what the next officer must know.
                named(report.namedPersons)
                document = builder.handover(report)
            } else {
                let report = state.handoverReport(from: from ?? to.addingTimeInterval(-12 * 3600), to: to, now: now)
                named(report.namedPersons)
                document = builder.handover(report)
            }
        case "patrols": document = builder.patrols(state.patrolReport(from: start, to: to, now: now))
        case "coverage": document = builder.coverage(state.coverageReport(from: start, to: to))
        case "visits":
            let report = state.visitsReport(from: start, to: to)
            named(report.namedPersons)
            document = builder.visits(report)
        case "disputes": document = builder.disputes(state.disputeReport(from: start, to: to))
        case "bulletin": document = builder.bulletin(state.bulletin(from: start, to: to))
        default:
            let id = (parsed.value("dispute") ?? "").trimmingCharacters(in: .whitespaces).uppercased()
            guard let dispute = state.disputes.dispute(id) else {
                throw OfficeCommands.refusal(DomainError(.unknownRecord, field: "dispute", value: id), context)
            }
            document = builder.disputeFile(dispute)
            access = RecordAccess(kind: .print, subject: dispute.id, format: format.rawValue)
        }
        if let access { try AccessCommands.recordAccess(office, context, access) }
        var text = ReportRenderer.render(builder.punctuate(document), as: format)
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
