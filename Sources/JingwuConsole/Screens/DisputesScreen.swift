import Foundation
import JingwuDomain
import JingwuTerminal

/// 矛盾纠纷: the statistics (resolved ÷ handled with both counts, by category, average
/// days to resolution, follow-ups due and overdue), the list by status, category, risk
/// and age, and the case file (一事一档) with its mediation, conclusion and follow-up forms.
final class DisputesScreen: CaseScreen {
    let tab = ConsoleTab.disputes

    enum FormKind { case open, mediate, resolve, refer, close, followUp, screening, reception }

    /// Which disputes the list shows.
    enum StatusFilter: Equatable {
        case pending
        case all
        case only(DisputeStatus)
    }

    /// Days of disputes counted in the statistics (the same default as `jingwu report disputes`).
    static let statisticsDays = 182.0

    var mode: CaseMode<FormKind> = .list
    private(set) var status: StatusFilter = .pending
    private(set) var category: DisputeCategory?
    private(set) var riskOnly = false
    /// Oldest first (by age) instead of risk first.
    private(set) var byAge = false
    private var table = StyledTable(columns: [], emptyText: "")
    var page = FilePage()
    /// The case file's print preview (`p` on an open file), while it is open.
    private(set) var printPreview: PrintPreview?
    /// The reception register (接访日登记, `j`) shows instead of the disputes (session 11).
    private(set) var register = false
    private var registerTable = StyledTable(columns: [], emptyText: "")

    var selectedID: String? { table.selectedID }

    // MARK: Keys

    func keys(_ session: ConsoleSession) -> ConsoleKeyTable {
        func t(_ key: String, _ args: [String: String] = [:]) -> String { session.t(key, args) }
        if let printPreview { return printPreview.keys(session) }
        switch mode {
        case .list where register:
            // The reception register: record a day, open a case taken in, back to the disputes.
            var rows: [KeyBinding<ScreenAction>] = [
                KeyBinding("reception", keys: [.character("n")], label: t("console.disputes.key.reception_new", [:])),
            ]
            if let id = registerTable.selectedID, session.state.disputes.dispute(id) != nil {
                rows.append(KeyBinding("open", keys: [.enter], label: t("console.disputes.key.file", [:])))
            }
            rows += [
                KeyBinding("register", keys: [.character("j"), .escape], label: t("console.disputes.key.register_back", [:])),
                KeyBinding("move", keys: [.up, .down], label: t("console.key.move", [:]), showsInHints: false,
                           quietKeys: CasesKit.pageKeys),
            ]
            return ConsoleKeyTable(rows)
        case .list:
            var rows: [KeyBinding<ScreenAction>] = [
                KeyBinding("new", keys: [.character("n")], label: t("console.disputes.key.new", [:])),
            ]
            if selectedID != nil {
                rows.append(KeyBinding("open", keys: [.enter], label: t("console.disputes.key.file", [:])))
            }
            rows += [
                KeyBinding("status", keys: [.character("s")], label: t("console.disputes.key.status", [:])),
                KeyBinding("category", keys: [.character("c")], label: t("console.disputes.key.category", [:])),
                KeyBinding("risk", keys: [.character("k")], label: t("console.disputes.key.risk", [:])),
                KeyBinding("age", keys: [.character("a")], label: t("console.disputes.key.age", [:])),
                // Issue 20: the weekly 排查 of a community, and a reception day (接访日) held.
                KeyBinding("screening", keys: [.character("w")], label: t("console.disputes.key.screening", [:])),
                KeyBinding("register", keys: [.character("j")], label: t("console.disputes.key.reception", [:])),
                KeyBinding("move", keys: [.up, .down], label: t("console.key.move", [:]), showsInHints: false,
                           quietKeys: CasesKit.pageKeys),
            ]
            return ConsoleKeyTable(rows)
        case .file(let id):
            var rows: [KeyBinding<ScreenAction>] = []
            if let dispute = session.state.disputes.dispute(id) {
                if !dispute.status.isConcluded {
                    rows.append(KeyBinding("mediate", keys: [.character("m")], label: t("console.disputes.key.mediate", [:])))
                    // Concluding a dispute is for police: an auxiliary is not offered the keys.
                    if Self.mayConclude(id, session) {
                        rows += [
                            KeyBinding("resolve", keys: [.character("r")], label: t("console.disputes.key.resolve", [:])),
                            KeyBinding("refer", keys: [.character("t")], label: t("console.disputes.key.refer", [:])),
                            KeyBinding("close", keys: [.character("x")], label: t("console.disputes.key.close", [:])),
                        ]
                    } else {
                        // Not offered to this operator: the keys say why instead of doing nothing.
                        rows += [("r", "resolve"), ("t", "refer"), ("x", "close")].map { key, name in
                            CasesKit.refused("refusedConclude", .character(key), label: t("console.disputes.key.\(name)", [:]))
                        }
                    }
                } else {
                    rows.append(KeyBinding("followUp", keys: [.character("f")], label: t("console.disputes.key.follow_up", [:])))
                }
            }
            rows.append(KeyBinding("print", keys: [.character("p")], label: t("console.print.key.print")))
            return ConsoleKeyTable(rows + CasesKit.fileKeys(session))
        case .form:
            return FormKit.keys(session)
        }
    }

    func render(into screen: Screen, rect: Rect, session: ConsoleSession) {
        if let printPreview { return printPreview.render(into: screen, rect: rect, session: session) }
        switch mode {
        case .form(_, let form): form.render(into: screen, rect: rect)
        case .file(let id): page.show(fileLines(id, session, width: rect.width), into: screen, rect: rect)
        case .list where register: renderRegister(into: screen, rect: rect, session: session)
        case .list: renderList(into: screen, rect: rect, session: session)
        }
    }

    // MARK: State

    /// The disputes the filters let through, in the list's order.
    func visible(_ session: ConsoleSession) -> [Dispute] {
        let state = session.state
        let now = session.now
        let list = state.disputeList().filter { d in
            switch status {
            case .pending: if d.status.isConcluded { return false }
            case .all: break
            case .only(let s): if d.status != s { return false }
            }
            if let category, d.category != category { return false }
            if riskOnly && d.risk != .escalation { return false }
            return true
        }
        if byAge {
            return list.sorted { (state.ageInDays($0, now: now), $1.id) > (state.ageInDays($1, now: now), $0.id) }
        }
        // Risk first, then open before concluded, then newest.
        return list.sorted { a, b in
            let ka = (a.risk == .escalation && !a.status.isConcluded ? 0 : 1, a.status.isConcluded ? 1 : 0)
            let kb = (b.risk == .escalation && !b.status.isConcluded ? 0 : 1, b.status.isConcluded ? 1 : 0)
            if ka != kb { return ka < kb }
            return (a.openedAt, a.id) > (b.openedAt, b.id)
        }
    }

    func statistics(_ session: ConsoleSession) -> DisputeStatistics {
        session.state.disputeStatistics(from: session.now.addingTimeInterval(-Self.statisticsDays * 86400),
                                        to: session.now.addingTimeInterval(1), now: session.now)
    }

    func reload(_ session: ConsoleSession) {
        let disputes = visible(session)
        var newTable = StyledTable(columns: [
            TableColumn(session.t("console.disputes.col.id"), width: .fixed(10)),
            TableColumn(session.t("console.disputes.col.category"), width: .fixed(8)),
            TableColumn(session.t("console.disputes.col.parties"), width: .flexible(min: 10)),
            TableColumn(session.t("console.disputes.col.status"), width: .fixed(10)),
            TableColumn(session.t("console.disputes.col.age"), width: .fixed(4), align: .right),
            TableColumn(session.t("console.disputes.col.risk"), width: .fixed(8)),
            TableColumn(session.t("console.disputes.col.cell"), width: .fixed(6)),
        ], emptyText: session.emptyListText("console.disputes.empty"))
        let state = session.state
        newTable.setRows(disputes.map { d in
            [d.id, session.name(d.category), d.parties.joined(separator: "、"), statusName(d.status, session),
             String(state.ageInDays(d, now: session.now)),
             d.risk == .escalation ? "⚠" + session.t("console.disputes.risk_short")
                : d.riskFlags.first.map { "⚠" + session.t("console.disputes.flag_short." + $0.code) } ?? "", d.cell]
        }, styles: disputes.map { d in
            if d.risk == .escalation && !d.status.isConcluded { return .danger }
            if d.isOverdue(state.policy, now: session.now) { return .error }  // past its 化解时限 (issue 20)
            return d.status.isConcluded ? .muted : .normal
        }, ids: disputes.map(\.id))
        table.replace(with: newTable)
    }

    func statusName(_ status: DisputeStatus, _ session: ConsoleSession) -> String {
        session.t("domain.dispute_status." + status.rawValue)
    }

    func open(_ target: String?, session: ConsoleSession) {
        printPreview = nil
        mode = .list
        register = false
        // A reception day (from a search, by its record's id): the register with that day selected.
        if let target, session.state.casework.receptionDays.contains(where: { $0.event.uuidString == target }) {
            register = true
            reloadRegister(session)
            registerTable.select(id: target)
            return
        }
        reload(session)
        guard let target, session.state.disputes.dispute(target) != nil else { return }
        if !table.ids.contains(target) {
            status = .all; category = nil; riskOnly = false
            reload(session)
        }
        table.select(id: target)
        openFile(target)
    }

    private func openFile(_ id: String) {
        page = FilePage()
        mode = .file(id)
    }

    // MARK: Keys

    func perform(_ action: ScreenAction, key: Key, session: ConsoleSession) -> Effects {
        if let preview = printPreview {
            let effects = preview.perform(action, key: key, session: session)
            if preview.closed { printPreview = nil }
            return effects
        }
        switch mode {
        case .list where register: return performRegister(action, key, session)
        case .list: return performList(action, key, session)
        case .file(let id): return performFile(action, key, id, session)
        case .form(let kind, let form):
            return formKey(key, kind, form,
                           cancel: { mode = [.open, .screening, .reception].contains(kind) ? .list : .file(currentFile ?? "") },
                           save: { save(kind, &$0, session) })
        }
    }

    /// The dispute whose file a form belongs to.
    private var currentFile: String?

    private func performList(_ action: ScreenAction, _ key: Key, _ session: ConsoleSession) -> Effects {
        switch action {
        case "move":
            _ = table.handle(key, pageSize: 10)
            return .updated
        case "new":
            mode = .form(.open, openForm(session))
            return .updated
        case "open":
            guard let id = selectedID else { return .handled }
            openFile(id)
            return .updated
        case "status":
            let order: [StatusFilter] = [.pending, .all] + DisputeStatus.allCases.map { .only($0) }
            let index = order.firstIndex(of: status) ?? 0
            status = order[(index + 1) % order.count]
        case "category":
            let all = DisputeCategory.allCases.map { Optional($0) }
            let order: [DisputeCategory?] = [nil] + all
            let index = order.firstIndex(of: category) ?? 0
            category = order[(index + 1) % order.count]
        case "risk":
            riskOnly.toggle()
        case "age":
            byAge.toggle()
        case "screening":
            mode = .form(.screening, screeningForm(session))
            return .updated
        case "register":
            register = true
            reloadRegister(session)
            registerTable.select(0)
            return .updated
        default:
            return []
        }
        reload(session)
        return .updated
    }

    private func performRegister(_ action: ScreenAction, _ key: Key, _ session: ConsoleSession) -> Effects {
        switch action {
        case "move":
            _ = registerTable.handle(key, pageSize: 10)
            return .updated
        case "reception":
            mode = .form(.reception, receptionForm(session))
            return .updated
        case "open":
            guard let id = registerTable.selectedID, session.state.disputes.dispute(id) != nil else { return .handled }
            openFile(id)
            return .updated
        case "register":
            register = false
            reload(session)
            return .updated
        default:
            return []
        }
    }

    private func performFile(_ action: ScreenAction, _ key: Key, _ id: String, _ session: ConsoleSession) -> Effects {
        guard let dispute = session.state.disputes.dispute(id) else {
            mode = .list
            return .updated
        }
        currentFile = id
        switch action {
        case "back":
            mode = .list
            if register { reloadRegister(session) } else { reload(session) }
            return .updated
        case "mediate":
            mode = .form(.mediate, mediateForm(dispute, session))
        case "resolve":
            mode = .form(.resolve, simpleForm("console.disputes.form.resolve", dispute, [FormKit.text("agreement", session, max: 2000)], session))
        case "refer":
            mode = .form(.refer, simpleForm("console.disputes.form.refer", dispute, [
                FormKit.choice("to", ReferralTarget.self, session), FormKit.text("notes", session, max: 2000)], session))
        case "close":
            mode = .form(.close, simpleForm("console.disputes.form.close", dispute, [
                CasesKit.labelled(FormKit.text("reason", session, max: 2000), "console.disputes.field.close_reason", session)],
                session, whenOnly: true))
        case "refusedConclude":
            return session.explainRefusal(ResolveDispute(dispute: dispute.id, agreement: "-"))
        case "print":
            printPreview = PrintPreview.caseFile(id, session)
        case "followUp":
            mode = .form(.followUp, simpleForm("console.disputes.form.follow_up", dispute, [FormKit.text("note", session, max: 2000)], session))
        case "scroll":
            return page.scroll(key, height: 16) ? .updated : []
        default:
            return []
        }
        return .updated
    }

    // MARK: Writes

    private func save(_ kind: FormKind, _ form: inout Form, _ session: ConsoleSession) -> Effects {
        let v = form.values
        let id = currentFile ?? ""
        // Names of parties or mediators: any separator an input method gives (;；、，,).
        func items(_ text: String?) -> [String] {
            (text ?? "").split(whereSeparator: { ";；、，,".contains($0) }).map(String.init)
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let command: any OfficeCommand
        let fallback: String
        switch kind {
        case .open:
            fallback = "summary"
            command = OpenDispute(
                category: FormKit.chosen(form, "category", DisputeCategory.self), parties: items(v["parties"]),
                source: FormKit.chosen(form, "source", DisputeSource.self), cell: v["cell"] ?? "",
                summary: v["summary"] ?? "", risk: FormKit.chosen(form, "risk", DisputeRisk.self))
        case .mediate:
            fallback = "notes"
            command = HoldMediation(
                dispute: id, kind: FormKit.chosen(form, "kind", MediationKind.self), mediators: items(v["mediators"]),
                notes: v["notes"] ?? "", result: CasesKit.optionalChosen(form, "result", MediationResult.self))
        case .resolve:
            fallback = "agreement"
            command = ResolveDispute(dispute: id, agreement: v["agreement"] ?? "")
        case .refer:
            fallback = "notes"
            command = ReferDispute(dispute: id, to: FormKit.chosen(form, "to", ReferralTarget.self), notes: v["notes"] ?? "")
        case .close:
            fallback = "reason"
            command = CloseDispute(dispute: id, reason: v["reason"] ?? "")
        case .followUp:
            fallback = "note"
            command = FollowUpDispute(dispute: id, note: v["note"] ?? "")
        case .screening:
            guard FormKit.wholeNumbers(["found"], in: &form, session) else { mode = .form(kind, form); return .updated }
            fallback = "found"
            let zero = FormKit.chosen(form, "zero-report", YesNo.self) == .yes
            command = RecordScreening(community: v["community"] ?? "", found: number(v["found"], zero: zero),
                                      disputes: items(v["disputes"]), signs: v["signs"], zeroReport: zero)
        case .reception:
            guard FormKit.wholeNumbers(["visitors", "consultations"], in: &form, session) else {
                mode = .form(kind, form)
                return .updated
            }
            fallback = "visitors"
            command = HoldReceptionDay(host: FormKit.chosen(form, "host", ReceptionHost.self), hostName: v["host-name"],
                                       visitors: number(v["visitors"], zero: false), consultations: number(v["consultations"], zero: true),
                                       disputes: items(v["disputes"]), note: v["note"])
        }
        guard let result = write(kind, &form, session, command, fallback: fallback) else { return .updated }
        if kind == .screening || kind == .reception {
            session.say(.ok, session.t(kind == .screening ? "console.disputes.screening_saved" : "console.disputes.reception_saved",
                                       ["what": result.entityID ?? "", "time": session.clock(result.record?.at ?? session.now)]))
            mode = .list
            if kind == .reception {
                // The day just recorded, selected in the register.
                register = true
                reloadRegister(session)
                registerTable.select(id: session.state.casework.receptionDays.last?.event.uuidString)
            } else {
                reload(session)
            }
            return .wrote
        }
        let saved = result.entityID ?? id
        let key: String
        switch kind {
        case .screening, .reception: key = ""
        case .open: key = "console.disputes.opened"
        case .mediate: key = "console.disputes.mediation_saved"
        case .resolve: key = "console.disputes.resolved"
        case .refer: key = "console.disputes.referred"
        case .close: key = "console.disputes.closed"
        case .followUp: key = "console.disputes.follow_up_saved"
        }
        let count = session.state.disputes.dispute(saved)?.liveMediations.count ?? 0
        session.say(.ok, session.t(key, ["id": saved, "count": String(count),
                                         "time": session.clock(result.record?.at ?? session.now)]))
        if kind == .open {
            status = .pending; category = nil; riskOnly = false
        }
        reload(session)
        table.select(id: saved)
        currentFile = saved
        openFile(saved)
        return .wrote
    }

    // MARK: Forms

    private func openForm(_ session: ConsoleSession) -> Form {
        Form(title: session.t("console.disputes.form.open"), fields: [
            FormKit.choice("category", DisputeCategory.self, session),
            FormKit.text("parties", session, placeholder: session.t("console.disputes.parties_placeholder")),
            FormKit.choice("source", DisputeSource.self, session, selected: .walkIn),
            FormKit.cells("cell", session),
            CasesKit.labelled(FormKit.text("summary", session, max: 2000), "console.disputes.field.summary", session),
            FormKit.choice("risk", DisputeRisk.self, session),
        ] + FormKit.timeFields(session), discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    /// A number as typed; empty is 0 where 0 is allowed, else -1 (the domain then names the field).
    private func number(_ text: String?, zero: Bool) -> Int {
        let cleaned = (text ?? "").trimmingCharacters(in: .whitespaces)
        if cleaned.isEmpty { return zero ? 0 : -1 }
        return Int(cleaned) ?? -1
    }

    /// The weekly 排查 (issue 20): a community, what was found, or a 零报告.
    private func screeningForm(_ session: ConsoleSession) -> Form {
        let communities = session.state.communities
        return Form(title: session.t("console.disputes.form.screening"), fields: [
            FormField(id: "community", label: FormKit.label("community", session),
                      editor: .completion(CompletionField(items: communities.map { CompletionItem(code: $0, name: "") },
                                                          text: communities.count == 1 ? communities[0] : ""))),
            FormKit.choice("zero-report", YesNo.self, session),
            FormKit.text("found", session, placeholder: session.t("console.disputes.found_placeholder")),
            FormKit.text("disputes", session, placeholder: session.t("console.disputes.disputes_placeholder")),
            FormKit.text("signs", session, max: 2000),
        ] + FormKit.timeFields(session), discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    /// A reception day (接访日, issue 20): who sat, how many came, what they asked, the cases taken in.
    private func receptionForm(_ session: ConsoleSession) -> Form {
        let host: ReceptionHost = OfficeWeek.weekday(session.now) == session.state.policy.receptionWeekdays["secretary"]
            ? .secretary : .officer
        return Form(title: session.t("console.disputes.form.reception"), fields: [
            FormKit.choice("host", ReceptionHost.self, session, selected: host),
            FormKit.text("host-name", session, placeholder: session.t("console.disputes.host_placeholder")),
            FormKit.text("visitors", session),
            FormKit.text("consultations", session),
            FormKit.text("disputes", session, placeholder: session.t("console.disputes.disputes_placeholder")),
            FormKit.text("note", session, max: 2000),
        ] + FormKit.timeFields(session), discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    private func mediateForm(_ dispute: Dispute, _ session: ConsoleSession) -> Form {
        let title = session.t("console.disputes.form.mediate", [
            "id": dispute.id, "n": String(dispute.liveMediations.count + 1)])
        return Form(title: title, fields: [
            FormKit.choice("kind", MediationKind.self, session, selected: dispute.liveMediations.last?.kind ?? .people),
            FormKit.text("mediators", session, placeholder: session.t("console.disputes.mediators_placeholder")),
            FormKit.text("notes", session, max: 2000),
            CasesKit.optionalChoice("result", MediationResult.self, session, none: session.t("console.persons.not_noted")),
        ] + FormKit.timeFields(session), discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    private func simpleForm(_ titleKey: String, _ dispute: Dispute, _ fields: [FormField], _ session: ConsoleSession,
                            whenOnly: Bool = false) -> Form {
        Form(title: session.t(titleKey, ["id": dispute.id, "parties": dispute.parties.joined(separator: "、")]),
             fields: fields + (whenOnly ? CasesKit.whenOnly(session) : FormKit.timeFields(session)),
             discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    // MARK: The case file (一事一档)

    func fileLines(_ id: String, _ session: ConsoleSession, width: Int) -> [FilePage.Line] {
        let state = session.state
        guard let d = state.disputes.dispute(id) else { return [] }
        func t(_ key: String, _ args: [String: String] = [:]) -> String { session.t(key, args) }
        var b = PageBuilder(width: width)
        var head = t("console.disputes.file.headline", [
            "id": d.id, "category": session.name(d.category), "status": statusName(d.status, session),
            "days": String(state.ageInDays(d, now: session.now)),
        ])
        if d.risk == .escalation { head += "  ⚠ " + session.name(d.risk) }
        b.add(head, d.risk == .escalation && !d.status.isConcluded ? .danger : .header)
        b.add(t("console.disputes.file.opened", [
            "time": session.fullTime(d.openedAt), "source": session.name(d.source), "cell": d.cell,
            "cellName": state.cells.byCode[d.cell]?.name ?? "",
        ]))
        b.wrapped(t("console.disputes.file.parties"), d.parties.joined(separator: "、"))
        b.wrapped(t("console.disputes.file.summary"), d.summary)
        // Issue 20: 涉及人数 and risk flags; while it is open, 化解时限 and 责任人, marked when past.
        if d.personsCount != nil || !d.riskFlags.isEmpty {
            b.add(t("console.disputes.file.persons_flags", [
                "count": d.personsCount.map(String.init) ?? "—",
                "flags": d.riskFlags.isEmpty ? "—" : d.riskFlags.map { session.name($0) }.joined(separator: "、")]),
                  d.riskFlags.isEmpty ? .normal : .warn)
        }
        let deadline = d.deadline(state.policy)
        let overdue = d.isOverdue(state.policy, now: session.now)
        if !d.status.isConcluded { b.add(t(overdue ? "console.disputes.file.deadline_over" : "console.disputes.file.deadline", [
            "deadline": String(session.fullTime(deadline).prefix(16)),
            "days": String(max(0, OfficeTime.days(from: deadline, to: session.now))),
            "responsible": d.responsible.map { "\(session.officerName($0))（\($0)）" } ?? "—"]), overdue ? .error : .normal) }
        b.tips(for: d.id, session)
        b.blank()
        let sessions = d.liveMediations
        b.add(t("console.disputes.file.mediations", ["count": String(sessions.count)]), .header)
        if sessions.isEmpty { b.add("  " + t("console.persons.file.none"), .muted) }
        for (n, m) in sessions.enumerated() {
            var line = "  \(n + 1). " + session.fullTime(m.at) + "  " + session.name(m.kind) + "  "
                + t("console.disputes.file.mediators", ["names": (m.officers.map(session.officerName) + m.mediators).joined(separator: "、")])
            if let result = m.result { line += "  " + session.name(result) }
            b.add(line)
            b.wrapped("      ", m.notes, .muted)
        }
        if let c = d.conclusion {
            b.blank()
            let label = t("console.disputes.file.conclusion." + c.kind.rawValue, [
                "time": session.fullTime(c.at), "to": c.referredTo.map { session.name($0) } ?? ""])
            b.add(label, c.kind == .resolved ? .ok : .header)
            b.wrapped("  ", c.text)
        }
        if d.conclusion != nil {
            b.blank()
            let follow = d.liveFollowUps
            b.add(t("console.disputes.file.follow_ups", ["count": String(follow.count)]), .header)
            for f in follow { b.wrapped("  " + session.fullTime(f.at) + "  ", f.note) }
            if let due = state.followUpsDue(now: session.now).first(where: { $0.dispute.id == d.id }) {
                b.add("  " + t(due.isOverdue ? "console.disputes.file.follow_up_overdue" : "console.disputes.file.follow_up_due",
                               ["due": String(session.fullTime(due.due).prefix(10))]), due.isOverdue ? .error : .warn)
            }
        }
        let incidents = state.incidents(ofDispute: d.id)
        if !incidents.isEmpty {
            b.blank()
            b.add(t("console.persons.file.incidents"), .header)
            for n in incidents { b.add("  " + n.id + "  " + session.fullTime(n.at) + "  " + session.name(n.kind) + "  " + n.summary) }
        }
        return b.lines
    }

    // MARK: The reception register (接访日登记, session 11)

    /// Reception days, newest first, each followed by the disputes taken in on it (Enter opens one's file).
    private func reloadRegister(_ session: ConsoleSession) {
        let state = session.state
        var rows: [[String]] = []
        var styles: [Style] = []
        var ids: [String] = []
        for day in state.casework.receptionDays.filter({ !$0.voided }).sorted(by: { $0.at > $1.at }) {
            let weekday = session.t("domain.weekday.\(OfficeWeek.weekday(day.at))")
            let host = day.host == .officer ? session.officerName(day.hostName) : day.hostName
            rows.append([String(session.dayClock(day.at).prefix(5)) + " " + weekday, session.name(day.host), host,
                         String(day.visitors), String(day.consultations), String(day.disputes.count), day.note ?? ""])
            styles.append(.normal)
            ids.append(day.event.uuidString)
            for id in day.disputes {
                let d = state.disputes.dispute(id)
                rows.append(["", "", "", "", "", "", "└ " + [id, d.map { session.name($0.category) } ?? "",
                                                          d?.parties.joined(separator: "、") ?? "",
                                                          d.map { statusName($0.status, session) } ?? ""].joined(separator: " ")])
                styles.append(d?.status.isConcluded == true ? .muted : .normal)
                ids.append(id)
            }
        }
        var table = StyledTable(columns: [
            TableColumn(session.t("console.reception.col.day"), width: .fixed(10)),
            TableColumn(session.t("console.reception.col.host"), width: .fixed(8)),
            TableColumn(session.t("console.reception.col.name"), width: .fixed(8)),
            TableColumn(session.t("console.reception.col.visitors"), width: .fixed(4), align: .right),
            TableColumn(session.t("console.reception.col.consultations"), width: .fixed(4), align: .right),
            TableColumn(session.t("console.reception.col.disputes"), width: .fixed(4), align: .right),
            TableColumn(session.t("console.reception.col.note"), width: .flexible(min: 10)),
        ], emptyText: session.emptyListText("console.reception.empty"), fitted: [0, 1, 2, 3, 4, 5])  // as wide as the words (zh or en)
        table.setRows(rows, styles: styles, ids: ids)
        registerTable.replace(with: table)
    }

    private func renderRegister(into screen: Screen, rect: Rect, session: ConsoleSession) {
        reloadRegister(session)
        let state = session.state
        let now = session.now
        let recent = state.receptionDays(from: now.addingTimeInterval(-30 * 86400), to: now.addingTimeInterval(1))
        func next(_ host: ReceptionHost) -> String {
            var day = state.nextReceptionDay(host, now: now)
            // Today's already held and recorded: the next one is a week on.
            if OfficeTime.dayNumber(day) == OfficeTime.dayNumber(now),
               state.casework.receptionDays.contains(where: { !$0.voided && $0.host == host
                   && OfficeTime.dayNumber($0.at) == OfficeTime.dayNumber(now) }) {
                day = state.nextReceptionDay(host, now: day.addingTimeInterval(86400))
            }
            return String(session.dayClock(day).prefix(5)) + " " + session.t("domain.weekday.\(OfficeWeek.weekday(day))")
        }
        let (top, body) = rect.splitTop(min(3, max(0, rect.height - 3)))
        screen.put(session.t("console.reception.title", [
            "days": String(recent.count), "visitors": String(recent.reduce(0) { $0 + $1.visitors }),
            "consultations": String(recent.reduce(0) { $0 + $1.consultations }),
            "disputes": String(recent.reduce(0) { $0 + $1.disputes.count })]), in: top, line: 0, style: .header)
        screen.put(session.t("console.reception.next", ["officer": next(.officer), "secretary": next(.secretary)]),
                   in: top, line: 1, style: .normal)
        registerTable.render(into: screen, rect: body)
    }

    // MARK: Drawing

    func renderList(into screen: Screen, rect: Rect, session: ConsoleSession) {
        reload(session)
        let stats = statisticsLines(session, width: rect.width)
        let (top, body) = rect.splitTop(min(stats.count + 1, max(0, rect.height - 4)))
        for (n, line) in stats.enumerated() { screen.put(line.text, in: top, line: n, style: line.style) }
        screen.put(filterLine(session), in: top, line: stats.count, style: .muted)
        table.render(into: screen, rect: body)
    }

    /// The statistics block: rate with both counts, average days, follow-ups, by category.
    func statisticsLines(_ session: ConsoleSession, width: Int) -> [FilePage.Line] {
        let s = statistics(session)
        func t(_ key: String, _ args: [String: String] = [:]) -> String { session.t(key, args) }
        let rate = s.resolutionRate.map { String(format: "%.1f%%", $0 * 100) } ?? "—"
        let average = s.averageDaysToResolve.map { String(format: "%.1f", $0) } ?? "—"
        let follow = session.state.followUpsDue(now: session.now)
        var lines = [FilePage.Line(text: t("console.disputes.stats.rate", [
            "resolved": String(s.resolved), "handled": String(s.handled), "rate": rate, "average": average,
            "days": String(Int(Self.statisticsDays)),
        ]), style: .header)]
        lines.append(FilePage.Line(text: t("console.disputes.stats.follow_ups", [
            "due": String(follow.filter { !$0.isOverdue }.count), "overdue": String(follow.filter(\.isOverdue).count),
            "risk": String(s.escalationRisk),
        ]), style: follow.contains(where: \.isOverdue) ? .warn : .normal))
        let parts = DisputeCategory.allCases.compactMap { c -> String? in
            guard let count = s.byCategory[c] else { return nil }
            return session.name(c) + " \(count.resolved)/\(count.handled)"
        }
        let byCategory = t("console.disputes.stats.by_category") + (parts.isEmpty ? "—" : parts.joined(separator: "  "))
        lines.append(FilePage.Line(text: TextWidth.truncate(byCategory, to: width), style: .normal))
        return lines
    }

    private func filterLine(_ session: ConsoleSession) -> String {
        let statusText: String
        switch status {
        case .pending: statusText = session.t("console.disputes.filter.pending")
        case .all: statusText = session.t("console.disputes.filter.all")
        case .only(let s): statusText = statusName(s, session)
        }
        return session.t("console.disputes.filter", [
            "status": statusText, "category": category.map { session.name($0) } ?? session.t("console.persons.all"),
            "risk": riskOnly ? " · ⚠" + session.t("console.disputes.risk_short") : "",
            "order": session.t(byAge ? "console.disputes.order.age" : "console.disputes.order.risk"),
            "count": String(table.ids.count),
        ])
    }
}

extension DisputesScreen {
    /// Whether the operator may resolve, refer or close a dispute (the three go together in Roles).
    static func mayConclude(_ id: String, _ session: ConsoleSession) -> Bool {
        session.may(ResolveDispute(dispute: id, agreement: "")) && session.may(CloseDispute(dispute: id, reason: ""))
    }
}
