import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources

/// `jingwu fraud warn|dissuade|list` (反诈预警 and 劝阻), `jingwu incident link`, and
/// `jingwu person reveal` (the whole ID number, after the look is recorded).
enum FraudCommands {
    static let all: [CommandSpec] = [
        OfficeCommands.spec(
            ["fraud", "warn"], "fraud_warn",
            "--level LEVEL --phone N (--target TEXT | --person ID) [--cell C] [--note TEXT]",
            [("level", OfficeCommands.codes(FraudLevel.self))],
            [.value("level", required: true), .value("phone", required: true), .value("target"), .value("person"),
             .value("cell"), .value("note")]) { _, p in
            ReceiveFraudWarning(level: try OfficeCommands.code(p, "level", FraudLevel.self),
                                target: p.value("target") ?? "", person: p.value("person"),
                                phone: OfficeCommands.required(p, "phone"), cell: p.value("cell"), note: p.value("note"))
        },
        OfficeCommands.spec(
            ["fraud", "dissuade"], "fraud_dissuade",
            "--warning ID --by B --method METHOD --outcome OUTCOME [--note TEXT]",
            [("method", OfficeCommands.codes(DissuasionMethod.self)),
             ("outcome", OfficeCommands.codes(DissuasionOutcome.self))],
            [.value("warning", required: true), .value("by", required: true), .value("method", required: true),
             .value("outcome", required: true), .value("note")]) { _, p in
            RecordDissuasion(warning: OfficeCommands.required(p, "warning"), by: OfficeCommands.required(p, "by"),
                             method: try OfficeCommands.code(p, "method", DissuasionMethod.self),
                             outcome: try OfficeCommands.code(p, "outcome", DissuasionOutcome.self), note: p.value("note"))
        },
        CommandSpec(["fraud", "list"], summaryKey: "report.cli.fraud_list", usage: "[--pending]",
                    options: [.flag("pending")], run: list),
        OfficeCommands.spec(
            ["incident", "link"], "incident_link", "--incident ID [--person ID] [--dispute ID]", [],
            [.value("incident", required: true), .value("person"), .value("dispute")]) { _, p in
            LinkIncident(incident: OfficeCommands.required(p, "incident"), person: p.value("person"),
                         dispute: p.value("dispute"))
        },
        CommandSpec(["person", "reveal"], summaryKey: "report.cli.person_reveal", usage: "--person ID [--purpose TEXT]",
                    options: [.value("person", required: true), .value("purpose")], run: reveal),
        CommandSpec(["fraud", "reveal"], summaryKey: "report.cli.fraud_reveal", usage: "--warning ID --purpose TEXT",
                    options: [.value("warning", required: true), .value("purpose", required: true)], run: revealPhone),
        OfficeCommands.spec(
            ["fraud", "outreach"], "fraud_outreach",
            "--cell C --place TEXT --form FORM --audience WHO --attendees N [--households N] [--topic TEXT]",
            [("form", OfficeCommands.codes(OutreachForm.self)), ("audience", OfficeCommands.codes(OutreachAudience.self))],
            [.value("cell", required: true), .value("place", required: true), .value("form", required: true),
             .value("audience", required: true), .value("attendees", required: true), .value("households"),
             .value("topic")]) { _, p in
            RecordOutreach(cell: OfficeCommands.required(p, "cell"), place: OfficeCommands.required(p, "place"),
                           form: try OfficeCommands.code(p, "form", OutreachForm.self),
                           audience: try OfficeCommands.code(p, "audience", OutreachAudience.self),
                           attendees: try OfficeCommands.int(p, "attendees") ?? 0,
                           households: try OfficeCommands.int(p, "households") ?? 0, topic: p.value("topic"))
        },
        CommandSpec(["incident", "reveal-phone"], summaryKey: "report.cli.incident_reveal_phone",
                    usage: "--incident ID --purpose TEXT",
                    options: [.value("incident", required: true), .value("purpose", required: true)], run: revealCallerPhone),
    ]

    /// Warnings, newest first, phone numbers masked; `--pending` only those still to act on.
    static func list(_ context: CommandContext, _ parsed: ParsedArguments) throws -> Int32 {
        let office = try OfficeCommands.openOffice(context)
        let state = office.state
        let status = ReportCommands.listingBanner(ReportCommands.damage(of: office), context)  // 75 when damaged
        let warnings = parsed.has("pending") ? state.fraudWarningsNeedingAction : state.fraudWarnings
        let strings = context.strings
        for w in warnings {
            let status = strings.text("domain.fraud_status." + w.status.rawValue)
            // The target is free text: numbers typed into it are masked, and (a forged record's)
            // control characters never reach the terminal (issue 14).
            let target = Privacy.maskNumbers(in: w.target)
            if context.global.json {
                context.output.write("{\"id\":\(JSONValue.quote(w.id)),\"level\":\(JSONValue.quote(w.level.code)),"
                    + "\"target\":\(JSONValue.quote(target)),\"phone\":\(JSONValue.quote(Privacy.maskPhone(w.phone))),"
                    + "\"status\":\(JSONValue.quote(w.status.rawValue)),\"received\":\(JSONValue.quote(RFC3339.format(w.at)))}")
            } else {
                context.output.write(SafeText.line([w.id, RFC3339.format(w.at), w.level.name(strings), target,
                                                    Privacy.maskPhone(w.phone), w.cell ?? "-", status].joined(separator: "  ")))
            }
        }
        return status
    }

    /// Records the look at a warning's phone (AccessRecorded, `reveal-phone`, with its purpose),
    /// then prints the whole number: for the dissuasion call (电话劝阻), as the console's `r`.
    static func revealPhone(_ context: CommandContext, _ parsed: ParsedArguments) throws -> Int32 {
        let office = try OfficeCommands.openOffice(context)
        try AccessCommands.authenticate(office, context)
        do {
            let result = try office.execute(RevealPhone(warning: OfficeCommands.required(parsed, "warning"),
                                                        purpose: parsed.value("purpose") ?? ""),
                                            as: context.operatorBadge)
            guard let id = result.entityID, let warning = office.state.fraud.warning(id) else { return ExitCode.ok }
            let phone = SafeText.line(warning.phone)
            context.output.write(context.global.json
                ? "{\"warning\":\(JSONValue.quote(id)),\"phone\":\(JSONValue.quote(phone))}" : phone)
            return ExitCode.ok
        } catch let error as DomainError {
            throw OfficeCommands.refusal(error, context)
        }
    }

    /// Records the look at an incident caller's phone (AccessRecorded, `reveal-phone`, subject the
    /// incident), then prints the whole number, as `fraud reveal` does for a warning.
    static func revealCallerPhone(_ context: CommandContext, _ parsed: ParsedArguments) throws -> Int32 {
        let office = try OfficeCommands.openOffice(context)
        try AccessCommands.authenticate(office, context)
        do {
            let result = try office.execute(RevealCallerPhone(incident: OfficeCommands.required(parsed, "incident"),
                                                              purpose: parsed.value("purpose") ?? ""),
                                            as: context.operatorBadge)
            guard let id = result.entityID, let phone = office.state.incidents.incident(id)?.callerPhone else {
                return ExitCode.ok
            }
            let whole = SafeText.line(phone)
            context.output.write(context.global.json
                ? "{\"incident\":\(JSONValue.quote(id)),\"phone\":\(JSONValue.quote(whole))}" : whole)
            return ExitCode.ok
        } catch let error as DomainError {
            throw OfficeCommands.refusal(error, context)
        }
    }

    /// Records the look (IDNumberRevealed), then prints the whole number.
    static func reveal(_ context: CommandContext, _ parsed: ParsedArguments) throws -> Int32 {
        let office = try OfficeCommands.openOffice(context)
        try AccessCommands.authenticate(office, context)
        do {
            let result = try office.execute(RevealIDNumber(person: OfficeCommands.required(parsed, "person"),
                                                           purpose: parsed.value("purpose")),
                                            as: context.operatorBadge)
            // A key person's number, or a registered resident's (R0001): the same look, the same record.
            guard let id = result.entityID,
                  let number = office.state.persons.person(id)?.idNumber ?? office.state.population.resident(id)?.idNumber
            else { return ExitCode.ok }
            context.output.write(context.global.json
                ? "{\"person\":\(JSONValue.quote(id)),\"idNumber\":\(JSONValue.quote(number))}"
                : number)
            return ExitCode.ok
        } catch let error as DomainError {
            throw OfficeCommands.refusal(error, context)
        }
    }
}
