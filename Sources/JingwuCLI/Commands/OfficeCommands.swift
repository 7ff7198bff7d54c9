import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources

/// The writes of the office (officer, cell, shift, patrol, person, visit, dispute,
/// incident, event): each one domain command, validated against the journal's
/// current state and written as one durable append, or refused (exit 65) with
/// nothing written.
enum OfficeCommands {
    static let all: [CommandSpec] = roster + shifts + patrols + persons + disputes + incidents + corrections
        + ReportCommands.all + DemoCommands.all + PopulationCommands.all

    // MARK: Shared

    /// Options every write accepts: `--at T` back-dates, `--at-reason TEXT` says why.
    static let backdate: [OptionSpec] = [.value("at"), .value("at-reason")]
    static let backdateUsage = "[--at T --at-reason TEXT]"

    /// `code 中文名 | …` for help.
    static func codes<C: DomainCode>(_ type: C.Type) -> String {
        C.allCases.map { "\($0.code) \($0.chineseName)" }.joined(separator: " | ")
    }

    /// Usage with a line per code list, so `jingwu help patrol start` lists the codes.
    static func usage(_ line: String, _ lists: [(String, String)] = []) -> String {
        ([line + " " + backdateUsage] + lists.map { "\n    --\($0.0): \($0.1)" }).joined()
    }

    static func spec(_ path: [String], _ summary: String, _ usageLine: String,
                     _ lists: @autoclosure @escaping @Sendable () -> [(String, String)] = [],
                     _ options: [OptionSpec], reasonIsBackdate: Bool = true,
                     run: @escaping @Sendable (CommandContext, ParsedArguments) throws -> any OfficeCommand) -> CommandSpec {
        var all = options + backdate
        if reasonIsBackdate { all.append(.value("reason")) }
        return CommandSpec(path, summaryKey: "report.cli." + summary, usage: usage(usageLine, lists()), options: all) {
            context, parsed in
            let reason = parsed.value("at-reason") ?? (reasonIsBackdate ? parsed.value("reason") : nil)
            return try write(context, parsed, backdateReason: reason) { try run(context, parsed) }
        }
    }

    /// The operator's message for a domain refusal, with the field's display name.
    struct Refusal: OperatorError {
        var error: DomainError
        var text: String
        var messageKey: String { "report.cli.refused" }
        var messageArgs: [String: String] { ["message": text] }
        var exitCode: Int32 { error.exitCode }
    }

    static func refusal(_ error: DomainError, _ context: CommandContext) -> Refusal {
        Refusal(error: error, text: error.localizedMessage(context.strings))
    }

    /// Records after the checkpoint beyond which a command saves a new one.
    static let checkpointEvery: UInt64 = 10_000

    /// Opens the journal and its office, from the checkpoint beside it when one
    /// matches, and saves a new checkpoint when the tail since it has grown long.
    static func openOffice(_ context: CommandContext) throws -> Office {
        do {
            Trace.mark("opening office")
            // Mapped: a command reads few of the checkpoint's blocks and is gone in a moment. A PIN
            // given up front is derived while the checkpoint is decoded and checked (`PinAhead`).
            let office = try Office.open(path: context.journalPath, clock: context.clock, mapCheckpoint: true,
                                         checkpointKey: context.checkpointKey, pinAhead: context.pinAhead)
            CLI.keepUntilExit(office)
            Trace.mark("office folded")
            JournalCommands.printNotices(office, context)
            // Only a cache: a failed save costs the next start-up time, never this command.
            office.autoCheckpointEvery = checkpointEvery
            _ = try? office.saveCheckpointIfDue(every: checkpointEvery)
            return office
        } catch let error as DomainError {
            throw refusal(error, context)
        }
    }

    static func time(_ text: String, field: String, now: Date, _ detail: [String: String] = [:]) throws -> Date {
        guard let date = TimeArgument.parse(text, now: now) else {
            throw DomainError(.invalid, field: field, value: text, detail)
        }
        return date
    }

    /// Runs one write: builds the command (its parse errors are refusals too), executes, prints the id.
    static func write(_ context: CommandContext, _ parsed: ParsedArguments, backdateReason: String?,
                      _ make: () throws -> any OfficeCommand) throws -> Int32 {
        // A reason for back-dating with nothing back-dated would be dropped without a word.
        if parsed.value("at-reason") != nil && parsed.value("at") == nil {
            throw UsageError("cli.usage.at_reason_without_at")
        }
        do {
            let at = try parsed.value("at").map { try time($0, field: "at", now: context.clock.now()) }
            let command = try make()
            let office = try openOffice(context)
            Trace.mark("office open")
            try AccessCommands.authenticate(office, context)
            Trace.mark("authenticated")
            let result = try office.execute(command, as: context.operatorBadge, at: at, reason: backdateReason)
            Trace.mark("executed (validated, appended, folded)")
            guard let record = result.record else { return ExitCode.ok }
            let id = result.entityID ?? record.id.uuidString.lowercased()
            if context.global.json {
                context.output.write("{\"seq\":\(record.seq),\"event\":\(JSONValue.quote(record.type)),\"id\":\(JSONValue.quote(id))}")
            } else {
                context.output.write(id)
            }
            return ExitCode.ok
        } catch let error as DomainError {
            throw refusal(error, context)
        }
    }

    static func required(_ parsed: ParsedArguments, _ name: String) -> String { parsed.value(name) ?? "" }

    /// `a,b，c` → items (badges, cell codes).
    static func commaList(_ parsed: ParsedArguments, _ name: String) -> [String] {
        parsed.values(name).flatMap { $0.split(whereSeparator: { $0 == "," || $0 == "，" }).map(String.init) }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// `甲;乙；丙` → items (names, free text).
    static func semicolonList(_ parsed: ParsedArguments, _ name: String) -> [String] {
        parsed.values(name).flatMap { $0.split(whereSeparator: { $0 == ";" || $0 == "；" }).map(String.init) }
    }

    static func code<C: DomainCode>(_ parsed: ParsedArguments, _ name: String, _ type: C.Type) throws -> C {
        try C.parse(parsed.value(name) ?? "", field: name)
    }

    static func optionalCode<C: DomainCode>(_ parsed: ParsedArguments, _ name: String, _ type: C.Type) throws -> C? {
        guard let text = parsed.value(name) else { return nil }
        return try C.parse(text, field: name)
    }

    static func int(_ parsed: ParsedArguments, _ name: String) throws -> Int? {
        guard let text = parsed.value(name) else { return nil }
        return try Validate.int(text, field: name, range: Int.min...Int.max)
    }

    // MARK: Officers and cells

    static let roster: [CommandSpec] = [
        spec(["officer", "add"], "officer_add", "--badge B --name N --role ROLE", [("role", codes(OfficerRole.self))],
             [.value("badge", required: true), .value("name", required: true), .value("role", required: true)]) { _, p in
            EnrollOfficer(badge: required(p, "badge"), name: required(p, "name"), role: try code(p, "role", OfficerRole.self))
        },
        spec(["cell", "add"], "cell_add",
             "--code C --name N --community N --kind KIND [--grid G] [--window-hours H] [--x X --y Y] [--key-site]",
             [("kind", codes(CellKind.self))],
             [.value("code", required: true), .value("name", required: true), .value("community", required: true),
              .value("kind", required: true), .value("window-hours"), .value("x"), .value("y"), .flag("key-site"),
              .value("grid")]) { _, p in
            AddCell(code: required(p, "code"), name: required(p, "name"), community: required(p, "community"),
                    kind: try code(p, "kind", CellKind.self), windowHours: try int(p, "window-hours"),
                    x: try int(p, "x"), y: try int(p, "y"), keySite: p.has("key-site"), grid: p.value("grid"))
        },
    ]

    // MARK: Shifts

    static let shifts: [CommandSpec] = [
        spec(["shift", "open"], "shift_open", "--duty B [--lead-police B] [--team B,B] [--template day|night]", [],
             [.value("duty", required: true), .value("lead-police"), .value("team", repeatable: true),
              .value("template")]) { _, p in
            OpenShift(duty: required(p, "duty"), team: commaList(p, "team"), template: p.value("template"),
                      leadPolice: p.value("lead-police"))
        },
        spec(["shift", "handover"], "shift_handover", "--to B --notes TEXT [--carried \"ITEM;ITEM\"]", [],
             [.value("to", required: true), .value("notes", required: true), .value("carried", repeatable: true)]) { _, p in
            HandOverShift(to: required(p, "to"), notes: required(p, "notes"), carried: semicolonList(p, "carried"))
        },
        spec(["shift", "ack"], "shift_ack",
             "--by B [--objections TEXT] [--no-open] [--lead-police B] [--team B,B] [--template day|night]", [],
             [.value("by", required: true), .value("objections"), .flag("no-open"), .value("lead-police"),
              .value("team", repeatable: true), .value("template")]) { _, p in
            AcknowledgeShift(by: required(p, "by"), objections: p.value("objections"), openNext: !p.has("no-open"),
                             team: commaList(p, "team"), template: p.value("template"), leadPolice: p.value("lead-police"))
        },
        // How the incoming officer's objection was dealt with: it leaves 总览 once recorded.
        spec(["shift", "address-objection"], "shift_address_objection", "--shift S --note TEXT [--by B]", [],
             [.value("shift", required: true), .value("note", required: true), .value("by")]) { _, p in
            AddressHandoverObjection(shift: required(p, "shift"), by: p.value("by"), note: required(p, "note"))
        },
    ]

    // MARK: Patrols

    static let patrols: [CommandSpec] = [
        spec(["patrol", "start"], "patrol_start",
             "--mode MODE --lead B [--members B,B] [--cells C,C] [--dress uniformed|plain]",
             [("mode", codes(PatrolMode.self)), ("dress", codes(Dress.self))],
             [.value("mode", required: true), .value("lead", required: true), .value("members", repeatable: true),
              .value("cells", repeatable: true), .value("dress")]) { _, p in
            StartPatrol(mode: try code(p, "mode", PatrolMode.self),
                        dress: try optionalCode(p, "dress", Dress.self) ?? .uniformed, lead: required(p, "lead"),
                        members: commaList(p, "members"), cells: commaList(p, "cells"))
        },
        spec(["patrol", "checkin"], "patrol_checkin", "--patrol ID --cell C [--note TEXT]", [],
             [.value("patrol", required: true), .value("cell", required: true), .value("note")]) { _, p in
            CheckInPatrol(patrol: required(p, "patrol"), cell: required(p, "cell"), note: p.value("note"))
        },
        spec(["patrol", "hazard"], "patrol_hazard", "[--patrol ID] --cell C --note TEXT [--category CAT]",
             [("category", codes(HazardCategory.self))],
             [.value("patrol"), .value("cell", required: true), .value("note", required: true), .value("category")]) { _, p in
            ReportHazard(patrol: p.value("patrol"), cell: required(p, "cell"),
                         category: try optionalCode(p, "category", HazardCategory.self) ?? .other, note: required(p, "note"))
        },
        spec(["patrol", "stop-check"], "patrol_stop_check",
             "--patrol ID --subject SUBJ --outcome OUT [--cell C] [--note TEXT]",
             [("subject", codes(StopCheckSubject.self)), ("outcome", codes(StopCheckOutcome.self))],
             [.value("patrol", required: true), .value("subject", required: true), .value("outcome", required: true),
              .value("cell"), .value("note")]) { _, p in
            RecordStopCheck(patrol: required(p, "patrol"), cell: p.value("cell"),
                            subject: try code(p, "subject", StopCheckSubject.self),
                            outcome: try code(p, "outcome", StopCheckOutcome.self), note: p.value("note"))
        },
        spec(["patrol", "end"], "patrol_end", "--patrol ID [--summary TEXT]", [],
             [.value("patrol", required: true), .value("summary")]) { _, p in
            EndPatrol(patrol: required(p, "patrol"), summary: p.value("summary"))
        },
    ]

    // MARK: Key persons and visits

    static let persons: [CommandSpec] = [
        spec(["person", "add"], "person_add",
             "--name N --id-number N --category CAT --residency RES --cell C --officer B [--interval-days D]",
             [("category", PersonCategory.listable.map { "\($0.code) \($0.chineseName)" }.joined(separator: " | ")), ("residency", codes(Residency.self))],
             [.value("name", required: true), .value("id-number", required: true), .value("category", required: true),
              .value("residency", required: true), .value("cell", required: true), .value("officer", required: true),
              .value("interval-days")]) { _, p in
            ListPerson(name: required(p, "name"), idNumber: required(p, "id-number"),
                       category: try code(p, "category", PersonCategory.self),
                       residency: try code(p, "residency", Residency.self), cell: required(p, "cell"),
                       officer: required(p, "officer"), intervalDays: try int(p, "interval-days"))
        },
        spec(["person", "status"], "person_status", "--person ID [--residency RES] [--category CAT] [--note TEXT]",
             [("residency", codes(Residency.self)), ("category", PersonCategory.listable.map { "\($0.code) \($0.chineseName)" }.joined(separator: " | "))],
             [.value("person", required: true), .value("residency"), .value("category"), .value("note")]) { _, p in
            ChangePersonStatus(person: required(p, "person"), residency: try optionalCode(p, "residency", Residency.self),
                               category: try optionalCode(p, "category", PersonCategory.self), note: p.value("note"))
        },
        spec(["person", "delist"], "person_delist", "--person ID --reason TEXT", [],
             [.value("person", required: true), .value("reason", required: true)], reasonIsBackdate: false) { _, p in
            DelistPerson(person: required(p, "person"), reason: required(p, "reason"))
        },
        spec(["visit", "add"], "visit_add",
             "--person ID --method METHOD --by B --finding TEXT [--with \"A;B\"] [--observed RES]",
             [("method", codes(VisitMethod.self)), ("observed", codes(Residency.self))],
             [.value("person", required: true), .value("method", required: true), .value("by", required: true),
              .value("finding", required: true), .value("with", repeatable: true), .value("observed")]) { _, p in
            RecordVisit(person: required(p, "person"), method: try code(p, "method", VisitMethod.self),
                        officer: required(p, "by"), participants: semicolonList(p, "with"),
                        findings: required(p, "finding"), observed: try optionalCode(p, "observed", Residency.self))
        },
    ]

    // MARK: Disputes

    static let disputes: [CommandSpec] = [
        spec(["dispute", "open"], "dispute_open",
             "--category CAT --parties \"A;B\" --cell C --summary TEXT [--source SRC] [--risk normal|escalation]"
                + " [--persons-count N] [--flags \"F;F\"] [--deadline T] [--responsible B] [--incident ID]",
             [("category", codes(DisputeCategory.self)), ("source", codes(DisputeSource.self)),
              ("risk", codes(DisputeRisk.self)), ("flags", codes(DisputeRiskFlag.self))],
             [.value("category", required: true), .value("parties", required: true), .value("cell"),
              .value("summary"), .value("source"), .value("risk"), .value("persons-count"), .value("flags"),
              .value("deadline"), .value("responsible"), .value("incident")]) { context, p in
            OpenDispute(category: try code(p, "category", DisputeCategory.self), parties: semicolonList(p, "parties"),
                        source: try optionalCode(p, "source", DisputeSource.self) ?? (p.value("incident") == nil ? .walkIn : .alarm110),
                        cell: required(p, "cell"), summary: required(p, "summary"),
                        risk: try optionalCode(p, "risk", DisputeRisk.self) ?? .normal,
                        personsCount: try int(p, "persons-count"),
                        flags: try semicolonList(p, "flags").map { try DisputeRiskFlag.parse($0, field: "flags") },
                        deadline: try p.value("deadline").map { try time($0, field: "deadline", now: context.clock.now()) },
                        responsible: p.value("responsible"), incident: p.value("incident"))
        },
        spec(["dispute", "mediate"], "dispute_mediate",
             "--dispute ID --kind KIND (--mediators \"A;B\" | --mediator-officers \"B;B\") --notes TEXT [--result RESULT]",
             [("kind", codes(MediationKind.self)), ("result", codes(MediationResult.self))],
             [.value("dispute", required: true), .value("kind", required: true), .value("mediators"),
              .value("mediator-officers"), .value("notes", required: true), .value("result")]) { _, p in
            HoldMediation(dispute: required(p, "dispute"), kind: try code(p, "kind", MediationKind.self),
                          mediators: semicolonList(p, "mediators"), notes: required(p, "notes"),
                          result: try optionalCode(p, "result", MediationResult.self),
                          officers: semicolonList(p, "mediator-officers"))
        },
        spec(["dispute", "resolve"], "dispute_resolve", "--dispute ID --agreement TEXT", [],
             [.value("dispute", required: true), .value("agreement", required: true)]) { _, p in
            ResolveDispute(dispute: required(p, "dispute"), agreement: required(p, "agreement"))
        },
        spec(["dispute", "refer"], "dispute_refer", "--dispute ID --to TARGET --notes TEXT",
             [("to", codes(ReferralTarget.self))],
             [.value("dispute", required: true), .value("to", required: true), .value("notes", required: true)]) { _, p in
            ReferDispute(dispute: required(p, "dispute"), to: try code(p, "to", ReferralTarget.self), notes: required(p, "notes"))
        },
        spec(["dispute", "close"], "dispute_close", "--dispute ID --reason TEXT", [],
             [.value("dispute", required: true), .value("reason", required: true)], reasonIsBackdate: false) { _, p in
            CloseDispute(dispute: required(p, "dispute"), reason: required(p, "reason"))
        },
        spec(["dispute", "follow-up"], "dispute_follow_up", "--dispute ID --note TEXT", [],
             [.value("dispute", required: true), .value("note", required: true)]) { _, p in
            FollowUpDispute(dispute: required(p, "dispute"), note: required(p, "note"))
        },
    ]

    // MARK: Incidents

    static let incidents: [CommandSpec] = [
        spec(["incident", "add"], "incident_add",
             "--cell C --kind KIND --summary TEXT [--source SRC] [--person ID] [--dispute ID] [--caller NAME] [--caller-phone N]",
             [("kind", codes(IncidentKind.self)), ("source", codes(IncidentSource.self))],
             [.value("cell", required: true), .value("kind", required: true), .value("summary", required: true),
              .value("source"), .value("person"), .value("dispute"), .value("caller"), .value("caller-phone")]) { _, p in
            LogIncident(cell: required(p, "cell"), kind: try code(p, "kind", IncidentKind.self), summary: required(p, "summary"),
                        source: try optionalCode(p, "source", IncidentSource.self) ?? .alarm110,
                        person: p.value("person"), dispute: p.value("dispute"), caller: p.value("caller"),
                        callerPhone: p.value("caller-phone"))
        },
        spec(["incident", "close"], "incident_close", "--incident ID --disposition DISP [--note TEXT]",
             [("disposition", codes(IncidentDisposition.self))],
             [.value("incident", required: true), .value("disposition", required: true), .value("note")]) { _, p in
            CloseIncident(incident: required(p, "incident"),
                          disposition: try code(p, "disposition", IncidentDisposition.self), note: p.value("note"))
        },
        spec(["incident", "arrive"], "incident_arrive", "--incident ID [--by B]", [],
             [.value("incident", required: true), .value("by")]) { _, p in
            RecordArrival(incident: required(p, "incident"), officer: p.value("by"))
        },
    ]

    // MARK: Corrections

    static let corrections: [CommandSpec] = [
        CommandSpec(["event", "amend"], summaryKey: "report.cli.event_amend",
                    usage: "--event ID|SEQ --reason TEXT --set FIELD=VALUE [--set …]",
                    options: [.value("event", required: true), .value("reason", required: true),
                              .value("set", required: true, repeatable: true)]) { context, parsed in
            try write(context, parsed, backdateReason: nil) {
                var changes: [String: String] = [:]
                for pair in parsed.values("set") {
                    guard let equals = pair.firstIndex(of: "=") else { throw DomainError(.invalid, field: "set", value: pair) }
                    let field = String(pair[..<equals])
                    // Two values for one field: which was meant? Asked, not guessed.
                    guard changes[field] == nil else { throw DomainError(.duplicate, field: "set", value: field) }
                    changes[field] = String(pair[pair.index(after: equals)...])
                }
                return AmendEntry(event: try eventID(context, required(parsed, "event")), reason: required(parsed, "reason"),
                                  changes: changes)
            }
        },
        CommandSpec(["event", "void"], summaryKey: "report.cli.event_void", usage: "--event ID|SEQ --reason TEXT",
                    options: [.value("event", required: true), .value("reason", required: true)]) { context, parsed in
            try write(context, parsed, backdateReason: nil) {
                VoidEntry(event: try eventID(context, required(parsed, "event")), reason: required(parsed, "reason"))
            }
        },
    ]

    /// An event named by its id (from `log --json`) or by its sequence number (from `log`).
    static func eventID(_ context: CommandContext, _ text: String) throws -> UUID {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let id = UUID(uuidString: trimmed) { return id }
        guard let seq = UInt64(trimmed), seq > 0 else { throw DomainError(.invalid, field: "event", value: text) }
        let journal = try JournalCommands.open(context)
        var found: UUID?
        if seq <= journal.headSeq {
            try journal.replay(from: seq) { record in
                if found == nil { found = record.id }
            }
        }
        guard let found else { throw DomainError(.unknownRecord, field: "event", value: text) }
        return found
    }
}

/// `jingwu hazard clear|list`: hazards (安全隐患) put right, and those still open.
enum HazardCommands {
    static let all: [CommandSpec] = [
        OfficeCommands.spec(["hazard", "clear"], "hazard_clear", "--hazard ID --note TEXT [--by B]", [],
                            [.value("hazard", required: true), .value("note", required: true), .value("by")]) { _, p in
            ClearHazard(hazard: OfficeCommands.required(p, "hazard"), by: p.value("by"),
                        note: OfficeCommands.required(p, "note"))
        },
        CommandSpec(["hazard", "list"], summaryKey: "report.cli.hazard_list", usage: "[--all]",
                    options: [.flag("all")], run: list),
    ]

    /// Hazards still open, oldest first; `--all` adds the cleared ones.
    static func list(_ context: CommandContext, _ parsed: ParsedArguments) throws -> Int32 {
        let office = try OfficeCommands.openOffice(context)
        let state = office.state
        let strings = context.strings
        let status = ReportCommands.listingBanner(ReportCommands.damage(of: office), context)  // 75 when damaged
        let hazards = state.patrols.hazards.filter { parsed.has("all") ? !$0.voided : $0.isOpen }
        for h in hazards {
            let status = h.clearance.map { strings.text("patrols.hazard.cleared", ["time": RFC3339.format($0.at), "by": $0.by]) }
                ?? strings.text("patrols.hazard.open")
            if context.global.json {
                context.output.write("{\"id\":\(JSONValue.quote(h.id)),\"found\":\(JSONValue.quote(RFC3339.format(h.at))),"
                    + "\"cell\":\(JSONValue.quote(h.cell)),\"category\":\(JSONValue.quote(h.category.code)),"
                    + "\"note\":\(JSONValue.quote(Privacy.maskNumbers(in: h.note))),\"open\":\(h.isOpen),"
                    + "\"cleared\":\(h.clearance.map { JSONValue.quote(RFC3339.format($0.at)) } ?? "null")}")
            } else {
                // A note is free text: numbers masked, a forged record's controls never printed (issue 14).
                context.output.write(SafeText.line([h.id, RFC3339.format(h.at), h.cell, h.category.name(strings),
                                                    Privacy.maskNumbers(in: h.note), status].joined(separator: "  ")))
            }
        }
        return status
    }
}
