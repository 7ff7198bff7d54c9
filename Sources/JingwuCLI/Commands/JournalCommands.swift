import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources

/// `init`, `verify`, `log`, `salvage`: the commands that work on the journal itself.
enum JournalCommands {
    static let all: [CommandSpec] = [
        CommandSpec(
            ["init"], summaryKey: "journal.init.summary", usage: "--station NAME --office NAME [--test]",
            options: [.value("station", required: true), .value("office", required: true), .flag("test")], run: runInit),
        CommandSpec(["verify"], summaryKey: "journal.verify.summary", run: runVerify),
        CommandSpec(
            ["log"], summaryKey: "journal.log.summary", usage: "[--since T] [--until T] [--type T] [--by B] [--entity ID]",
            options: [.value("since"), .value("until"), .value("type", repeatable: true), .value("by", repeatable: true),
                      .value("entity")],
            run: runLog),
        CommandSpec(["salvage"], summaryKey: "journal.salvage.summary", usage: "[--out DIR]", options: [.value("out")], run: runSalvage),
    ]

    /// Opens the journal for any command, printing its notices (torn tail
    /// moved aside, loose permissions, damage) on stderr, one line each.
    static func open(_ context: CommandContext) throws -> FileJournal {
        // The checkpoint's header is read before the journal, so the journal is never older than what it says.
        let checkpointPath = CheckpointFile.path(forJournal: context.journalPath)
        var key: CheckpointKey?
        if case .key(let found) = context.checkpointKey { key = found }
        let witness = key.flatMap { CheckpointFile.readHeader(path: checkpointPath, key: $0) }
        let journal = try FileJournal(path: context.journalPath, clock: context.clock)
        printNotices(journal.notices, context)
        // As every command that opens the office: an authentic checkpoint this journal contradicts is said and kept.
        if let witness, let key, var contradiction = try? CheckpointWitness.contradiction(witness, journal: journal) {
            do {
                contradiction.sideFile = try CheckpointWitness.keep(contradiction, checkpointPath: checkpointPath, key: key,
                                                                    now: context.clock.now())
                printWitness(contradiction, moved: true, context)
            } catch {
                printWitness(contradiction, moved: false, context)
            }
        }
        return journal
    }

    /// An office's checkpoint notice (an authentic checkpoint its journal contradicts), on stderr.
    static func printNotices(_ office: Office, _ context: CommandContext) {
        printNotices(office.journal.notices, context)
        if case .contradicted(let contradiction) = office.checkpointUse {
            printWitness(contradiction, moved: office.checkpointPath != nil, context)
        }
    }

    static func printWitness(_ contradiction: CheckpointContradiction, moved: Bool, _ context: CommandContext) {
        context.output.error(witnessNotice(contradiction, moved: moved, context.strings))
    }

    /// The notice for an authentic checkpoint its journal contradicts, in the operator's language:
    /// what this terminal saw (record N, its hash, when), what the journal holds now, what it means and what to do.
    /// `moved`: false when the checkpoint could not be moved aside (nothing is saved over it).
    static func witnessNotice(_ c: CheckpointContradiction, moved: Bool, _ strings: Strings) -> String {
        let journal = c.journalHash.map {
            strings.text("journal.notice.witness.rewritten", [
                "seq": String(c.seq), "found": String($0.prefix(16)), "head": String(c.journalHeadSeq),
                "headHash": String(c.journalHeadHash.prefix(16)),
            ])
        } ?? strings.text("journal.notice.witness.ends_before", [
            "head": String(c.journalHeadSeq), "headHash": String(c.journalHeadHash.prefix(16)),
        ])
        let saved = c.saved.map { strings.text("journal.notice.witness.saved", ["saved": OfficeTime.readable($0)]) } ?? ""
        let kept = c.sideFile.map { strings.text("journal.notice.witness.kept", ["side": $0]) }
            ?? (moved ? "" : strings.text("journal.notice.witness.not_moved"))
        return strings.text("journal.notice.witness", [
            "seq": String(c.seq), "hash": String(c.hash.prefix(16)), "saved": saved, "journal": journal, "kept": kept,
        ]).trimmingCharacters(in: .whitespaces)
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
            case .newlineCompleted(let seq):
                context.output.error(context.strings.text("journal.notice.newline_completed", ["seq": String(seq)]))
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
        // A journal for tests and demos takes a pinned clock (`--now`); a real office's never does.
        let forTests = parsed.has("test")
        if context.clock.isPinned && !forTests {
            throw UsageError("journal.init.pinned_real_office", ["now": OfficeTime.readable(context.clock.now())])
        }
        let journal = try FileJournal.create(
            path: context.journalPath, station: station, office: office, clock: context.clock,
            by: context.operatorBadge ?? "system", forTests: forTests)
        printNotices(journal.notices, context)
        if context.global.json {
            context.output.write(
                "{\"path\":\(journalJSONString(journal.path)),\"journal\":\"\(journal.header.journalID.uuidString.lowercased())\","
                    + "\"seq\":0,\"hash\":\"\(journal.headHash)\",\"test\":\(forTests)}")
        } else {
            context.say("journal.init.created", [
                "path": journal.path, "journal": journal.header.journalID.uuidString.lowercased(),
                "station": station, "office": office,
            ])
            context.say(forTests ? "journal.init.for_tests" : "journal.init.real_office")
        }
        return ExitCode.ok
    }

    // MARK: verify

    static func runVerify(_ context: CommandContext, _ parsed: ParsedArguments) throws -> Int32 {
        // Read-only, always: an inspector's check never changes the file it checks. A torn tail
        // is reported here and moved aside only by the next open for writing (`jingwu log` does it too).
        // This terminal's checkpoint and any moved aside for contradicting the journal: authentic
        // headers only (under this installation's key), each naming a record N and its hash then.
        var witnesses: [(file: String, header: CheckpointHeader)] = []
        // The checkpoint's state, when it loads (of this build): entries up to its record N are taken
        // from it, and only the records after N folded, once record N is found to be what it says.
        var checkpoint: (header: CheckpointHeader, state: OfficeState)?
        if case .key(let key?) = context.checkpointKey {
            let path = CheckpointFile.path(forJournal: context.journalPath)
            for file in [path] + CheckpointFile.contradictedPaths(forJournal: context.journalPath) {
                if let header = CheckpointFile.readHeader(path: file, key: key) { witnesses.append((file, header)) }
            }
            if witnesses.first?.file == path {
                checkpoint = Office.inspectionCheckpoint(journalPath: context.journalPath, key: key)
            }
        }
        let wanted = Set(witnesses.map(\.header.seq))
        var hashes: [UInt64: String] = [:]
        var journalID: UUID?
        // One read of the file: each record of the intact prefix is hashed, and folded read-only as it
        // is met: entries their author could not have written (the fold refuses them) are a finding
        // of their own, not chain damage. Records up to the checkpoint's N are only hashed (those
        // wanted as witnesses, and N, decoded for their hash); N must carry the hash the checkpoint
        // stores, else the checkpoint is not used and everything is folded afresh below.
        var fold = InspectionFold()
        var from: UInt64?, expected: CheckpointHeader?
        if let taken = checkpoint.take() {
            // Moved in, not copied: a second reference would make the first record folded copy every array it touches.
            from = taken.header.seq
            expected = taken.header
            fold = InspectionFold(from: taken.state)
        }
        var anchored = from == nil
        let report = try JournalInspector.verify(
            path: context.journalPath, decoding: { seq in from.map { seq == 0 || seq >= $0 } ?? true || wanted.contains(seq) }
        ) { record in
            if record.seq == 0, let object = (try? JSONSerialization.jsonObject(with: record.data)) as? [String: Any] {
                journalID = (object["journal"] as? String).flatMap(UUID.init(uuidString:))
            }
            if wanted.contains(record.seq) { hashes[record.seq] = record.hash }
            if let from, record.seq <= from {
                if record.seq == from { anchored = record.hash == expected?.hash && journalID != nil && journalID == expected?.journalID }
                return
            }
            if anchored { fold.fold(record) }
        }
        for case .permissionsTooOpen(let path, let mode) in FileJournal.permissionNotices(path: context.journalPath) {
            context.output.error(context.strings.text("journal.notice.permissions", ["path": path, "mode": String(mode, radix: 8)]))
        }
        let count = report.damaged.map { Int($0.seq) } ?? report.count
        var state = fold.finish()
        // Another journal's checkpoint, its record N rewritten or not among the intact records: the whole fold, as without one.
        if !anchored {
            state = try OfficeState.fold { body in
                try JournalInspector.readRecords(path: context.journalPath, count: count, body)
            }
        }
        let unauthorized = state.access.unauthorized
        // Compared with the intact records only: a record past damage is not what the journal holds.
        let intactHead: UInt64 = count > 0 ? UInt64(count - 1) : 0
        let intactHeadHash = report.damaged == nil ? report.headHash : (hashes[intactHead] ?? report.headHash)
        let witnessed: [(file: String, header: CheckpointHeader, contradiction: CheckpointContradiction?)] =
            witnesses.compactMap { file, header in
                guard let journalID, header.journalID == journalID else { return nil }
                return (file, header, CheckpointWitness.contradiction(
                    header, journalID: journalID, headSeq: intactHead, headHash: intactHeadHash, hashAtSeq: hashes[header.seq]))
            }
        let contradicted = witnessed.contains { $0.contradiction != nil }
        if context.global.json {
            var text = "{\"ok\":\(report.isIntact),\"records\":\(report.count),\"headSeq\":\(report.headSeq),"
                + "\"headHash\":\"\(report.headHash)\",\"tornBytes\":\(report.tornBytes)"
            if report.missingNewline { text += ",\"missingNewline\":true" }
            if let damaged = report.damaged {
                text += ",\"damaged\":{\"seq\":\(damaged.seq),\"line\":\(damaged.line)},\"laterRecordsValid\":\(report.laterRecordsValid)"
            }
            if !unauthorized.isEmpty {
                text += ",\"unauthorized\":[" + unauthorized.map { u in
                    "{\"seq\":\(u.seq),\"id\":\"\(u.event.uuidString.lowercased())\",\"type\":\(jsonString(u.type)),"
                        + "\"by\":\(jsonString(u.by)),\"action\":\(jsonString(u.action))}"
                }.joined(separator: ",") + "]"
            }
            if !witnessed.isEmpty {
                text += ",\"witness\":{\"contradicted\":\(contradicted),\"checkpoints\":[" + witnessed.map { w in
                    "{\"file\":\(jsonString(w.file)),\"seq\":\(w.header.seq),\"hash\":\"\(w.header.hash)\","
                        + "\"saved\":\(w.header.saved.map { "\"" + RFC3339.format($0) + "\"" } ?? "null"),"
                        + "\"agrees\":\(w.contradiction == nil),"
                        + "\"journalHash\":\(w.contradiction.map { $0.journalHash.map { "\"" + $0 + "\"" } ?? "null" } ?? "\"\(w.header.hash)\"")}"
                }.joined(separator: ",") + "]}"
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
            if report.missingNewline { context.say("journal.verify.missing_newline", ["seq": String(report.headSeq)]) }
        }
        if !context.global.json {
            for w in witnessed {
                guard let c = w.contradiction else {
                    context.say("journal.verify.witness_ok", ["seq": String(w.header.seq), "hash": String(w.header.hash.prefix(16))])
                    continue
                }
                let journal = c.journalHash.map { context.strings.text("journal.verify.witness_rewritten", ["found": $0]) }
                    ?? context.strings.text("journal.verify.witness_ends_before", ["head": String(c.journalHeadSeq)])
                let saved = c.saved.map {
                    context.strings.text("journal.notice.witness.saved", ["saved": OfficeTime.readable($0)])
                } ?? ""
                context.say("journal.verify.witness_contradicted", [
                    "seq": String(c.seq), "file": w.file, "saved": saved, "hash": c.hash, "journal": journal,
                ])
            }
            if contradicted { context.say("journal.verify.witness_next") }
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
        // An authentic checkpoint the journal contradicts is a finding like damage: the file no longer
        // holds what this terminal acknowledged (exit 1, before unauthorized entries' 2).
        if !report.isIntact || contradicted { return ExitCode.damageFound }
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
        // --entity: records naming a short id, cell code or badge (any case), and their corrections (issue 15).
        var naming: Set<UInt64>?
        func wanted(_ record: JournalRecord) -> Bool {
            if let naming, !naming.contains(record.seq) { return false }
            if let since, record.at < since { return false }
            if let until, record.at > until { return false }
            if !types.isEmpty, !types.contains(record.type) { return false }
            if !badges.isEmpty, !badges.contains(record.by) { return false }
            return true
        }
        let journal = try open(context)
        // A damaged journal: say so first, list the valid prefix, exit 75.
        var damage: (seq: UInt64, line: Int)?
        for case .damaged(let seq, let line) in journal.notices where damage == nil { damage = (seq, line) }
        let status = ReportCommands.listingBanner(damage, context)
        if let entity = parsed.value("entity") {
            var matcher = EntityMatcher(entity)
            var seqs = Set<UInt64>()
            try journal.replayAll { record in
                if matcher.matches(type: record.type, id: record.id, data: record.data) { seqs.insert(record.seq) }
            }
            naming = seqs
        }
        // First pass: does the office have PINs, and which listed records name key persons?
        var hasPins = false
        var personal = Set<String>()  // ids of records holding a key person's particulars
        var persons: [String] = []
        var seenPersons = Set<String>()
        var head: UInt64 = 0
        try journal.replayAll { record in
            head = record.seq
            if RecordRedaction.pinTypes.contains(record.type) { hasPins = true }
            guard RecordRedaction.mayBePersonal(record.type),
                  let object = (try? JSONSerialization.jsonObject(with: record.data)) as? [String: Any],
                  RecordRedaction.isPersonal(type: record.type, object: object, personalRecords: personal)
            else { return }
            personal.insert(record.id.uuidString.lowercased())
            if wanted(record), let person = object["person"] as? String, seenPersons.insert(person).inserted {
                persons.append(person)
            }
        }
        // Key persons' particulars: on an office with PINs only to an operator signed in with
        // `--as` and the PIN, and the look is recorded first (AccessRecorded), as for the reports
        // that name them. Without sign-in they are listed with those fields withheld.
        let badge = context.operatorBadge.map(CleanText.strip) ?? ""
        let showPersonal = !hasPins || !badge.isEmpty
        if !badge.isEmpty, !persons.isEmpty {
            let office = try OfficeCommands.openOffice(context)
            try AccessCommands.recordAccess(office, context, RecordAccess(
                kind: .export, subject: "log", format: context.global.json ? "json" : "text", persons: persons))
        }
        var withheldCount = 0
        try journal.replayAll { record in
            guard record.seq <= head, wanted(record) else { return }
            let line = listing(record, personal: personal.contains(record.id.uuidString.lowercased()),
                               showPersonal: showPersonal, json: context.global.json)
            if line.withheld { withheldCount += 1 }
            // Records written by an older version, or forged, may hold controls: never printed raw.
            context.output.write(SafeText.line(line.text))
        }
        if withheldCount > 0 {
            context.output.error(context.strings.text("journal.log.withheld", ["count": String(withheldCount)]))
        }
        return status
    }

    /// One record as `log` prints it: PIN salts and hashes left out, a key person's particulars
    /// withheld unless `showPersonal`, ID and mobile numbers masked in every string (issue 14).
    /// A record with nothing to leave out or mask is printed exactly as stored.
    static func listing(_ record: JournalRecord, personal: Bool, showPersonal: Bool, json: Bool)
        -> (text: String, withheld: Bool) {
        var shown = record
        var withheld = false
        // Most records have nothing to hide: no PIN, no key person, too few digits for a number.
        if !personal, !RecordRedaction.pinTypes.contains(record.type), !Privacy.mayHoldNumber(record.data) {
            return (json ? record.jsonLine() : textLine(record), false)
        }
        if let object = (try? JSONSerialization.jsonObject(with: record.data)) as? [String: Any] {
            let redacted = RecordRedaction.redact(type: record.type, object: object, personal: personal,
                                                  showPersonal: showPersonal)
            var data = redacted.object
            if !redacted.withheld.isEmpty {
                data[RecordRedaction.withheldKey] = redacted.withheld
                withheld = true
            }
            let text = RecordRedaction.json(data)
            if text != RecordRedaction.json(object) { shown.data = Data(text.utf8) }
        } else {
            shown.data = Data(Privacy.maskNumbers(in: String(decoding: record.data, as: UTF8.self)).utf8)
        }
        return (json ? shown.jsonLine() : textLine(shown), withheld)
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
        // One read of the file, which is never opened for writing: every record's check and, among
        // the intact ones, the first whose data this build cannot read (it still stops the office:
        // the copy then ends before it).
        var firstUnreadable: UnreadableRecord?
        let decoder = JSONDecoder()
        let report = try JournalInspector.verify(path: path, decoding: { _ in true }) { record in
            if firstUnreadable == nil { firstUnreadable = UnreadableRecord.check(record, decoder: decoder) }
        }
        var unreadable: UnreadableRecord?
        if report.isIntact && report.tornBytes == 0 {
            unreadable = firstUnreadable
            guard unreadable != nil else {
                context.say("journal.salvage.intact", ["path": path, "count": String(report.count)])
                return ExitCode.ok
            }
        }
        if let unreadable { context.output.error(context.strings.text("cli.error_prefix") + unreadable.message(context.strings)) }
        let directory = parsed.value("out") ?? PathText.parent(of: path)
        let result = try JournalInspector.salvage(
            path: path, into: directory.isEmpty ? "." : directory, clock: context.clock, before: unreadable?.seq)
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
