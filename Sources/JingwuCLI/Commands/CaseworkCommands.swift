import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources

/// Issue 20's writes: the weekly 排查 (`dispute screen`), reception days (`reception record`) and
/// rectification notices (`notice issue|complete`). Their registers are reports (`jingwu report
/// reception`, `jingwu report notices`); a notice prints as `jingwu report notice --notice R0001`.
enum CaseworkCommands {
    static let all: [CommandSpec] = [
        OfficeCommands.spec(["dispute", "screen"], "dispute_screen",
                            "--community NAME [--week DATE] (--found N [--disputes \"D;D\"] [--signs TEXT] | --zero-report)",
                            [], [.value("community", required: true), .value("week"), .value("found"), .value("disputes"),
                                 .value("signs"), .flag("zero-report")]) { context, p in
            RecordScreening(community: OfficeCommands.required(p, "community"),
                            week: try p.value("week").map { try OfficeCommands.time($0, field: "week", now: context.clock.now()) },
                            found: try OfficeCommands.int(p, "found") ?? 0,
                            disputes: OfficeCommands.semicolonList(p, "disputes"), signs: p.value("signs"),
                            zeroReport: p.has("zero-report"))
        },
        OfficeCommands.spec(["reception", "record"], "reception_record",
                            "--host officer|secretary [--name NAME] --visitors N [--consultations N] [--disputes \"D;D\"] [--note TEXT]",
                            [("host", OfficeCommands.codes(ReceptionHost.self))],
                            [.value("host", required: true), .value("name"), .value("visitors", required: true),
                             .value("consultations"), .value("disputes"), .value("note")]) { _, p in
            HoldReceptionDay(host: try OfficeCommands.code(p, "host", ReceptionHost.self), hostName: p.value("name"),
                             visitors: try OfficeCommands.int(p, "visitors") ?? 0,
                             consultations: try OfficeCommands.int(p, "consultations") ?? 0,
                             disputes: OfficeCommands.semicolonList(p, "disputes"), note: p.value("note"))
        },
        OfficeCommands.spec(["notice", "issue"], "notice_issue",
                            "--hazard ID --party NAME [--party-kind unit|person] --items TEXT --deadline T",
                            [("party-kind", OfficeCommands.codes(NoticeParty.self))],
                            [.value("hazard", required: true), .value("party", required: true), .value("party-kind"),
                             .value("items", required: true), .value("deadline", required: true)]) { context, p in
            IssueRectificationNotice(hazard: OfficeCommands.required(p, "hazard"),
                                     partyKind: try OfficeCommands.optionalCode(p, "party-kind", NoticeParty.self) ?? .unit,
                                     party: OfficeCommands.required(p, "party"), items: OfficeCommands.required(p, "items"),
                                     deadline: try OfficeCommands.time(OfficeCommands.required(p, "deadline"), field: "deadline",
                                                                       now: context.clock.now(),
                                                                       ["labelKey": "domain.field.notice-deadline"]))
        },
        OfficeCommands.spec(["notice", "complete"], "notice_complete", "--notice ID --note TEXT [--by B]", [],
                            [.value("notice", required: true), .value("note", required: true), .value("by")]) { _, p in
            CompleteRectification(notice: OfficeCommands.required(p, "notice"), by: p.value("by"),
                                  note: OfficeCommands.required(p, "note"))
        },
    ]
}
