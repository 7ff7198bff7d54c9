import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources

/// `init`, `verify`, `log`, `salvage`: the commands that work on the journal itself.
enum JournalCommands {
    static let all: [CommandSpec] = [
        CommandSpec(
            ["init"], summaryKey: "journal.init.summary", usage: "--station NAME --office NAME",
            options: [.value("station", required: true), .value("office", required: true)], run: runInit),
        CommandSpec(["verify"], summaryKey: "journal.verify.summary", run: runVerify),
        CommandSpec(
            ["log"], summaryKey: "journal.log.summary", usage: "[--since T] [--until T] [--type T] [--by B]",
            options: [.value("since"), .value("until"), .value("type", repeatable: true), .value("by", repeatable: true)],
            run: runLog),
        CommandSpec(["salvage"], summaryKey: "journal.salvage.summary", usage: "[--out DIR]", options: [.value("out")], run: runSalvage),
    ]

    /// Opens the journal for any command, printing its notices (torn tail
    /// moved aside, loose permissions, damage) on stderr, one line each.
    static func open(_ context: CommandContext) throws -> FileJournal {
        let journal = try FileJournal(path: context.journalPath, clock: context.clock)
        printNotices(journal.notices, context)
        return journal
    }

    static func printNotices(_ notices: [JournalNotice], _ context: CommandContext) {
        for notice in notices {
            switch notice {
            case .tornTailRecovered(let bytes, let side):
                context.output.error(context.strings.text("journal.notice.torn", ["bytes": String(bytes), "side": side]))
            case .permissionsTooOpen(let path, let mode):
                context.output.error(
                    context.strings.text("journal.notice.permissions", ["path": path, "mode": String(mode, radix: 8)]))
            case .damaged(let seq, let line):
                context.output.error(context.strings.text("journal.notice.damaged", ["seq": String(seq), "line": String(line)]))
            }
        }
    }

    // MARK: init

    static func runInit(_ context: CommandContext, _ parsed: ParsedArguments) throws -> Int32 {
        let station = parsed.value("station") ?? ""
        let office = parsed.value("office") ?? ""
        for (name, value) in [("--station", station), ("--office", office)]
        where value.trimmingCharacters(in: .whitespaces).isEmpty || value.unicodeScalars.contains(where: { $0.value < 32 }) {
            throw UsageError("cli.usage.missing_value", ["option": name])
        }
        let journal = try FileJournal.create(
            path: context.journalPath, station: station, office: office, clock: context.clock,
            by: context.operatorBadge ?? "system")
        printNotices(journal.notices, context)
        if context.global.json {
            context.output.write(
                "{\"path\":\(journalJSONString(journal.path)),\"journal\":\"\(journal.header.journalID.uuidString.lowercased())\","
                    + "\"seq\":0,\"hash\":\"\(journal.headHash)\"}")
        } else {
            context.say("journal.init.created", [
                "path": journal.path, "journal": journal.header.journalID.uuidString.lowercased(),
                "station": station, "office": office,
            ])
        }
        return ExitCode.ok
    }

    // MARK: verify

    static func runVerify(_ context: CommandContext, _ parsed: ParsedArguments) throws -> Int32 {
        // Read-only, always: an inspector's check never changes the file it checks. A torn tail
        // is reported here and moved aside only by the next open for writing (`jingwu log` does it too).
        let report = try JournalInspector.verify(path: context.journalPath)
        for case .permissionsTooOpen(let path, let mode) in FileJournal.permissionNotices(path: context.journalPath) {
            context.output.error(context.strings.text("journal.notice.permissions", ["path": path, "mode": String(mode, radix: 8)]))
        }
        // The intact records folded, read-only: entries their author could not have written
        // (the fold refuses them) are a finding of their own, not chain damage.
        let count = report.damaged.map { Int($0.seq) } ?? report.count
        let state = try OfficeState.fold { body in try JournalInspector.readRecords(path: context.journalPath, count: count, body) }
        let unauthorized = state.access.unauthorized
        if context.global.json {
            var text = "{\"ok\":\(report.isIntact),\"records\":\(report.count),\"headSeq\":\(report.headSeq),"
                + "\"headHash\":\"\(report.headHash)\",\"tornBytes\":\(report.tornBytes)"
            if let damaged = report.damaged {
                text += ",\"damaged\":{\"seq\":\(damaged.seq),\"line\":\(damaged.line)},\"laterRecordsValid\":\(report.laterRecordsValid)"
            }
            if !unauthorized.isEmpty {
                text += ",\"unauthorized\":[" + unauthorized.map { u in
                    "{\"seq\":\(u.seq),\"id\":\"\(u.event.uuidString.lowercased())\",\"type\":\(jsonString(u.type)),"
                        + "\"by\":\(jsonString(u.by)),\"action\":\(jsonString(u.action))}"
                }.joined(separator: ",") + "]"
            }
            context.output.write(text + "}")
        } else if let damaged = report.damaged {
            context.say("journal.verify.damaged", [
                "seq": String(damaged.seq), "line": String(damaged.line), "count": String(report.count),
                "hash": report.headHash,
            ])
            context.say(report.laterRecordsValid ? "journal.verify.later_valid" : "journal.verify.later_invalid")
            context.say("journal.verify.next")
        } else {
            context.say("journal.verify.ok", ["count": String(report.count), "seq": String(report.headSeq), "hash": report.headHash])
            context.say("journal.verify.ok_hint")
            if report.tornBytes > 0 { context.say("journal.verify.torn", ["bytes": String(report.tornBytes)]) }
        }
        if !context.global.json, !unauthorized.isEmpty {
            context.say("journal.verify.unauthorized", ["count": String(unauthorized.count)])
            for u in unauthorized {
                context.say("journal.verify.unauthorized_entry", [
                    "seq": String(u.seq), "type": context.strings.text("console.journal.type." + u.type),
                    "by": state.officerLabel(u.by), "action": context.strings.text("access.action." + u.action),
                ])
            }
            context.say("journal.verify.unauthorized_next")
        }
        if !report.isIntact { return ExitCode.damageFound }
        return unauthorized.isEmpty ? ExitCode.ok : ExitCode.unauthorizedFound
    }

    /// `text` as a JSON string literal.
    private static func jsonString(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text], options: [])) ?? Data("[\"\"]".utf8)
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }

    // MARK: log

    static func runLog(_ context: CommandContext, _ parsed: ParsedArguments) throws -> Int32 {
        func time(_ option: String) throws -> Date? {
            guard let text = parsed.value(option) else { return nil }
            guard let date = TimeArgument.parse(text, now: context.clock.now()) else {
                throw UsageError("journal.log.bad_time", ["option": "--" + option, "value": text])
            }
            return date
        }
        let since = try time("since")
        let until = try time("until")
        let types = Set(parsed.values("type").flatMap { $0.split(separator: ",").map(String.init) })
        // A type no build has written would silently list nothing: name the known ones instead.
        let known = Set(EventRegistry.entries.map(\.type) + [RecordFormat.headerType])
        if let unknown = types.sorted().first(where: { !known.contains($0) }) {
            throw UsageError("journal.log.bad_type", ["value": unknown, "known": known.sorted().joined(separator: " ")])
        }
        let badges = Set(parsed.values("by").flatMap { $0.split(separator: ",").map(String.init) })
        let journal = try open(context)
        try journal.replayAll { record in
            if let since, record.at < since { return }
            if let until, record.at > until { return }
            if !types.isEmpty, !types.contains(record.type) { return }
            if !badges.isEmpty, !badges.contains(record.by) { return }
            // ID and mobile numbers are masked in every listing (DESIGN: privacy); `person reveal` shows one, recorded.
            context.output.write(Privacy.maskNumbers(in: context.global.json ? record.jsonLine() : textLine(record)))
        }
        return ExitCode.ok
    }

    /// One record as a line of text: seq, when it happened, who, type, data.
    /// `typeName` lets a caller show a translated name for the type.
    static func textLine(_ record: JournalRecord, typeName: (String) -> String = { $0 }) -> String {
        let seq = String(record.seq)
        let paddedSeq = String(repeating: " ", count: max(0, 7 - seq.count)) + seq
        let data = String(decoding: record.data, as: UTF8.self)
        return "\(paddedSeq)  \(RFC3339.format(record.at))  \(record.by)  \(typeName(record.type))  \(data)"
    }

    // MARK: salvage

    static func runSalvage(_ context: CommandContext, _ parsed: ParsedArguments) throws -> Int32 {
        let path = context.journalPath
        let report = try JournalInspector.verify(path: path)
        if report.isIntact && report.tornBytes == 0 {
            context.say("journal.salvage.intact", ["path": path, "count": String(report.count)])
            return ExitCode.ok
        }
        let directory = parsed.value("out") ?? (path as NSString).deletingLastPathComponent
        let result = try JournalInspector.salvage(
            path: path, into: directory.isEmpty ? "." : directory, clock: context.clock)
        if context.global.json {
            context.output.write(
                "{\"journal\":\(journalJSONString(result.journalPath)),\"remainder\":\(journalJSONString(result.remainderPath)),"
                    + "\"records\":\(result.validCount),\"remainderBytes\":\(result.remainderBytes)}")
        } else {
            context.say("journal.salvage.done", [
                "count": String(result.validCount), "journal": result.journalPath, "bytes": String(result.remainderBytes),
                "remainder": result.remainderPath, "path": path,
            ])
            context.say("journal.salvage.next", ["remainder": result.remainderPath, "journal": result.journalPath])
        }
        return ExitCode.ok
    }
}
