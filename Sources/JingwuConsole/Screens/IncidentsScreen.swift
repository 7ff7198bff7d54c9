import Foundation
import JingwuDomain
import JingwuResources
import JingwuTerminal

/// 警情: today's and open incidents; log one, link it to a key person or dispute, close
/// it with a disposition. `f` switches to the anti-fraud warnings (反诈预警): receive a
/// warning, record the dissuasion (劝阻) and its outcome. Phone numbers show masked; a
/// warning's page shows its whole number after `r` and a purpose (电话劝阻), written first as
/// an access record, until the page is left or the console locks; an incident's page does the
/// same for its caller's (报警人) phone, by the same path (`RevealCallerPhone`, session 11).
final class IncidentsScreen: CaseScreen {
    let tab = ConsoleTab.incidents

    enum FormKind { case log, link, close, warn, dissuade, revealPhone, arrive, outreach }
    /// Which list is showing.
    enum View: Equatable { case today, open, all, fraud, outreach }

    var mode: CaseMode<FormKind> = .list
    private(set) var view: View = .today
    /// The incidents view to go back to from the fraud view.
    private var incidentView: View = .today
    private var table = StyledTable(columns: [], emptyText: "")
    var page = FilePage()
    /// The record a form or detail belongs to.
    private var current: String?
    /// The warning (or incident: its caller's) whose whole phone number was revealed (recorded) while its page is open.
    private(set) var revealedPhone: String?

    var selectedID: String? { table.selectedID }
    /// The anti-fraud views: the warnings, or the outreach sessions (反诈宣传, `s` there).
    private var isFraud: Bool { view == .fraud || view == .outreach }

    // MARK: Keys

    func keys(_ session: ConsoleSession) -> ConsoleKeyTable {
        func t(_ key: String, _ args: [String: String] = [:]) -> String { session.t(key, args) }
        switch mode {
        case .list:
            var rows: [KeyBinding<ScreenAction>] = []
            if view == .outreach {
                // The outreach sessions held (反诈宣传): record one, back to the warnings or the incidents.
                rows.append(KeyBinding("outreach", keys: [.character("o")], label: t("console.fraud.key.outreach", [:])))
                rows.append(KeyBinding("warnings", keys: [.character("s")], label: t("console.outreach.key.warnings", [:])))
                rows.append(KeyBinding("incidents", keys: [.character("f")], label: t("console.fraud.key.incidents", [:])))
            } else if isFraud {
                rows.append(KeyBinding("new", keys: [.character("n")], label: t("console.fraud.key.new", [:])))
                rows.append(KeyBinding("outreach", keys: [.character("o")], label: t("console.fraud.key.outreach", [:])))
                if let id = selectedID, session.state.fraud.warning(id)?.status.needsAction == true {
                    rows.append(KeyBinding("dissuade", keys: [.character("d")], label: t("console.fraud.key.dissuade", [:])))
                }
                if selectedID != nil {
                    rows.append(KeyBinding("open", keys: [.enter], label: t("console.key.open", [:])))
                }
                rows.append(KeyBinding("sessions", keys: [.character("s")], label: t("console.outreach.key.sessions", [:])))
                rows.append(KeyBinding("incidents", keys: [.character("f")], label: t("console.fraud.key.incidents", [:])))
            } else {
                rows.append(KeyBinding("new", keys: [.character("n")], label: t("console.incidents.key.new", [:])))
                if let id = selectedID {
                    rows.append(KeyBinding("open", keys: [.enter], label: t("console.key.open", [:])))
                    rows.append(KeyBinding("link", keys: [.character("l")], label: t("console.incidents.key.link", [:])))
                    if awaitsArrival(id, session) {
                        rows.append(KeyBinding("arrive", keys: [.character("a")], label: t("console.incidents.key.arrive", [:])))
                    }
                    if session.state.incidents.incident(id)?.isOpen == true {
                        rows.append(KeyBinding("close", keys: [.character("c")], label: t("console.incidents.key.close", [:])))
                    }
                }
                rows.append(KeyBinding("view", keys: [.character("t")], label: t("console.incidents.key.view", [:])))
                rows.append(KeyBinding("fraud", keys: [.character("f")], label: t("console.incidents.key.fraud", [:])))
            }
            rows.append(KeyBinding("move", keys: [.up, .down], label: t("console.key.move", [:]), showsInHints: false,
                                   quietKeys: CasesKit.pageKeys))
            return ConsoleKeyTable(rows)
        case .file(let id):
            var rows: [KeyBinding<ScreenAction>] = []
            if id.hasPrefix("F") {
                if session.state.fraud.warning(id)?.status.needsAction == true {
                    rows.append(KeyBinding("dissuade", keys: [.character("d")], label: t("console.fraud.key.dissuade", [:])))
                }
                if revealedPhone != id { rows.append(revealKey(id, session)) }
            } else {
                rows.append(KeyBinding("link", keys: [.character("l")], label: t("console.incidents.key.link", [:])))
                // The caller's whole number, as a warning's (asked why, recorded first).
                if session.state.incidents.incident(id)?.callerPhone != nil, revealedPhone != id {
                    rows.append(revealKey(id, session))
                }
                if awaitsArrival(id, session) {
                    rows.append(KeyBinding("arrive", keys: [.character("a")], label: t("console.incidents.key.arrive", [:])))
                }
                if session.state.incidents.incident(id)?.isOpen == true {
                    rows.append(KeyBinding("close", keys: [.character("c")], label: t("console.incidents.key.close", [:])))
                }
            }
            rows.append(KeyBinding("back", keys: [.escape], label: t("console.key.back", [:])))
            // The page scrolls as a person's or a dispute's does; help has never named it here.
            rows.append(KeyBinding("scroll", keys: [], label: t("console.persons.key.scroll", [:]), showsInHints: false,
                                   quietKeys: [.up, .down] + CasesKit.pageKeys, showsInHelp: false))
            return ConsoleKeyTable(rows)
        case .form:
            return FormKit.keys(session)
        }
    }

    /// `r`: the whole phone number of a warning or of an incident's caller, or why not.
    private func revealKey(_ id: String, _ session: ConsoleSession) -> KeyBinding<ScreenAction> {
        let label = session.t("console.fraud.key.reveal")
        return session.may(revealCommand(id, purpose: "-"))
            ? KeyBinding("revealPhone", keys: [.character("r")], label: label)
            : CasesKit.refused("refusedReveal", .character("r"), label: label)
    }

    /// The look at a whole phone number: a warning's (F…) or an incident caller's (I…).
    private func revealCommand(_ id: String, purpose: String) -> any OfficeCommand {
        id.hasPrefix("F") ? RevealPhone(warning: id, purpose: purpose) : RevealCallerPhone(incident: id, purpose: purpose)
    }

    private func revealKind(_ id: String) -> RevealPurpose.Kind { id.hasPrefix("F") ? .phone : .callerPhone }

    // MARK: State

    /// An open incident with no arrival on record yet (到场 may be recorded).
    private func awaitsArrival(_ id: String, _ session: ConsoleSession) -> Bool {
        guard let n = session.state.incidents.incident(id) else { return false }
        return n.isOpen && n.arrivedAt == nil
    }

    func incidents(_ session: ConsoleSession) -> [Incident] {
        let state = session.state
        switch view {
        case .today: return state.incidentsToday(now: session.now).reversed()
        case .open: return state.openIncidents.reversed()
        case .all, .fraud, .outreach: return state.incidents.incidents.filter { !$0.voided }.reversed()
        }
    }

    func reload(_ session: ConsoleSession) {
        if view == .outreach { reloadOutreach(session) } else if isFraud { reloadFraud(session) } else { reloadIncidents(session) }
    }

    /// The outreach sessions (反诈宣传), newest first: when, where, how, to whom, how many.
    private func reloadOutreach(_ session: ConsoleSession) {
        let list = session.state.outreach.sessions.filter { !$0.voided }.reversed()
        var newTable = StyledTable(columns: [
            TableColumn(session.t("console.outreach.col.id"), width: .fixed(5)),
            TableColumn(session.t("console.outreach.col.time"), width: .fixed(11)),
            TableColumn(session.t("console.fraud.col.cell"), width: .fixed(6)),
            TableColumn(session.t("console.outreach.col.form"), width: .fixed(10)),
            TableColumn(session.t("console.outreach.col.audience"), width: .fixed(6)),
            TableColumn(session.t("console.outreach.col.attendees"), width: .fixed(4), align: .right),
            TableColumn(session.t("console.outreach.col.households"), width: .fixed(4), align: .right),
            TableColumn(session.t("console.outreach.col.place"), width: .flexible(min: 8)),
        ], emptyText: session.t("console.outreach.empty"), fitted: [3, 4, 5, 6])  // as wide as the words (zh or en)
        newTable.setRows(list.map { o in
            [o.id, session.dayClock(o.at), o.cell, session.name(o.form), session.name(o.audience), String(o.attendees),
             String(o.households), o.place + (o.topic.map { " · " + $0 } ?? "")]
        }, styles: list.map { _ in .normal }, ids: list.map(\.id))
        table.replace(with: newTable)
    }

    private func reloadIncidents(_ session: ConsoleSession) {
        let list = incidents(session)
        var newTable = StyledTable(columns: [
            TableColumn(session.t("console.incidents.col.id"), width: .fixed(5)),
            TableColumn(session.t("console.incidents.col.time"), width: .fixed(11)),
            TableColumn(session.t("console.incidents.col.kind"), width: .fixed(8)),
            TableColumn(session.t("console.incidents.col.cell"), width: .fixed(6)),
            TableColumn(session.t("console.incidents.col.link"), width: .fixed(10)),
            TableColumn(session.t("console.incidents.col.state"), width: .fixed(8)),
            TableColumn(session.t("console.incidents.col.summary"), width: .flexible(min: 10)),
        ], emptyText: session.emptyListText("console.incidents.empty"))
        newTable.setRows(list.map { n in
            [n.id, session.dayClock(n.at), session.name(n.kind), n.cell,
             [n.person, n.dispute].compactMap { $0 }.joined(separator: " "),
             n.disposition.map { session.name($0) } ?? session.t("console.incident.open"), n.summary]
        }, styles: list.map { $0.isOpen ? .normal : .muted }, ids: list.map(\.id))
        table.replace(with: newTable)
    }

    private func reloadFraud(_ session: ConsoleSession) {
        let list = session.state.fraudWarnings
        var newTable = StyledTable(columns: [
            TableColumn(session.t("console.fraud.col.id"), width: .fixed(5)),
            TableColumn(session.t("console.fraud.col.time"), width: .fixed(11)),
            TableColumn(session.t("console.fraud.col.level"), width: .fixed(4)),
            TableColumn(session.t("console.fraud.col.target"), width: .flexible(min: 8)),
            TableColumn(session.t("console.fraud.col.phone"), width: .fixed(11)),
            TableColumn(session.t("console.fraud.col.cell"), width: .fixed(6)),
            TableColumn(session.t("console.fraud.col.status"), width: .fixed(8)),
        ], emptyText: session.emptyListText("console.fraud.empty"))
        newTable.setRows(list.map { w in
            [w.id, session.dayClock(w.at), session.name(w.level), w.target, Privacy.maskPhone(w.phone), w.cell ?? "",
             session.t("domain.fraud_status." + w.status.rawValue)]
        }, styles: list.map { w in
            guard w.status.needsAction else { return .muted }
            return w.level == .high ? .danger : .warn
        }, ids: list.map(\.id))
        table.replace(with: newTable)
    }

    func open(_ target: String?, session: ConsoleSession) {
        mode = .list
        guard let target else { reload(session); return }
        if target.hasPrefix("F") {
            view = .fraud
        } else if target.hasPrefix("O") {
            view = .outreach
        } else {
            view = session.state.incidentsToday(now: session.now).contains(where: { $0.id == target }) ? .today : .all
            incidentView = view
        }
        reload(session)
        table.select(id: target)
    }

    // MARK: Keys

    func perform(_ action: ScreenAction, key: Key, session: ConsoleSession) -> Effects {
        switch mode {
        case .list: return performList(action, key, session)
        case .file(let id):
            switch action {
            case "back":
                revealedPhone = nil  // the whole number never outlives the warning's page
                mode = .list
                return .updated
            case "revealPhone":
                return startForm(.revealPhone, id, session)
            case "refusedReveal":
                return session.explainRefusal(revealCommand(id, purpose: "-"))
            case "dissuade":
                return startForm(.dissuade, id, session)
            case "link":
                return startForm(.link, id, session)
            case "arrive":
                return startForm(.arrive, id, session)
            case "close":
                return startForm(.close, id, session)
            case "scroll":
                return page.scroll(key, height: 16) ? .updated : []
            default:
                return []
            }
        case .form(.revealPhone, var form) where RevealPurpose.answers(key, form):
            return revealPhone(current ?? "", &form, session)
        case .form(let kind, let form):
            return formKey(key, kind, form, cancel: { leaveForm(kind) }, save: { save(kind, &$0, session) })
        }
    }

    private func performList(_ action: ScreenAction, _ key: Key, _ session: ConsoleSession) -> Effects {
        switch action {
        case "move":
            _ = table.handle(key, pageSize: 10)
            return .updated
        case "new":
            return startForm(isFraud ? .warn : .log, nil, session)
        case "open":
            guard let id = selectedID else { return .handled }
            page = FilePage()
            revealedPhone = nil
            mode = .file(id)
            return .updated
        case "dissuade":
            guard let id = selectedID else { return .handled }
            return startForm(.dissuade, id, session)
        case "link":
            guard let id = selectedID else { return .handled }
            return startForm(.link, id, session)
        case "arrive":
            guard let id = selectedID, awaitsArrival(id, session) else { return .handled }
            return startForm(.arrive, id, session)
        case "outreach":
            return startForm(.outreach, nil, session)
        case "close":
            guard let id = selectedID, session.state.incidents.incident(id)?.isOpen == true else { return .handled }
            return startForm(.close, id, session)
        case "view":
            let order: [View] = [.today, .open, .all]
            view = order[((order.firstIndex(of: view) ?? 0) + 1) % order.count]
            incidentView = view
        case "incidents", "fraud":
            view = isFraud ? incidentView : .fraud
            table = StyledTable(columns: [], emptyText: "")
        case "sessions", "warnings":
            view = action == "sessions" ? .outreach : .fraud
            table = StyledTable(columns: [], emptyText: "")
        default:
            return []
        }
        reload(session)
        return .updated
    }

    private func startForm(_ kind: FormKind, _ id: String?, _ session: ConsoleSession) -> Effects {
        current = id
        func t(_ key: String, _ args: [String: String] = [:]) -> String { session.t(key, args) }
        let form: Form
        switch kind {
        case .log:
            form = Form(title: t("console.incidents.form.log"), fields: [
                FormKit.choice("kind", IncidentKind.self, session),
                FormKit.choice("source", IncidentSource.self, session),
                FormKit.cells("cell", session),
                CasesKit.labelled(FormKit.text("summary", session, max: 2000), "console.incidents.field.summary", session),
                CasesKit.persons("person", session),
                CasesKit.disputes("dispute", session),
                FormKit.text("caller", session, max: 40),
                FormKit.text("caller-phone", session, max: 20),
            ] + FormKit.timeFields(session), discard: session.discardDialog, limitMessage: session.limitMessage)
        case .arrive:
            let n = session.state.incidents.incident(id ?? "")
            form = Form(title: t("console.incidents.form.arrive", ["id": id ?? "", "summary": n?.summary ?? "",
                                                                   "time": n.map { session.fullTime($0.at) } ?? ""]), fields: [
                FormKit.officers("arrived-by", session, value: session.operatorBadge ?? ""),
            ] + FormKit.timeFields(session), discard: session.discardDialog, limitMessage: session.limitMessage)
        case .outreach:
            form = Form(title: t("console.fraud.form.outreach"), fields: [
                FormKit.cells("cell", session),
                FormKit.text("place", session, max: 80),
                FormKit.choice("form", OutreachForm.self, session),
                FormKit.choice("audience", OutreachAudience.self, session),
                FormKit.text("attendees", session, max: 6),
                FormKit.text("households", session, max: 6),
                FormKit.text("topic", session, max: 80),
            ] + FormKit.timeFields(session), discard: session.discardDialog, limitMessage: session.limitMessage)
        case .link:
            let n = session.state.incidents.incident(id ?? "")
            form = Form(title: t("console.incidents.form.link", ["id": id ?? "", "summary": n?.summary ?? ""]), fields: [
                CasesKit.persons("person", session, value: n?.person ?? ""),
                CasesKit.disputes("dispute", session, value: n?.dispute ?? ""),
            ], discard: session.discardDialog, limitMessage: session.limitMessage)
        case .close:
            let n = session.state.incidents.incident(id ?? "")
            form = Form(title: t("console.incidents.form.close", ["id": id ?? "", "summary": n?.summary ?? ""]), fields: [
                FormKit.choice("disposition", IncidentDisposition.self, session) {
                    !session.may(CloseIncident(incident: id ?? "", disposition: $0))
                },
                FormKit.text("note", session, max: 2000),
            ] + FormKit.timeFields(session), discard: session.discardDialog, limitMessage: session.limitMessage)
        case .warn:
            form = Form(title: t("console.fraud.form.warn"), fields: [
                FormKit.choice("level", FraudLevel.self, session),
                FormKit.text("target", session, max: 80, placeholder: t("console.fraud.target_placeholder")),
                CasesKit.persons("person", session),
                FormKit.text("phone", session, max: 20),
                FormKit.cells("cell", session),
                FormKit.text("note", session, max: 2000),
            ] + FormKit.timeFields(session), discard: session.discardDialog, limitMessage: session.limitMessage)
        case .revealPhone:
            let w = session.state.fraud.warning(id ?? "")
            // Whose number: the warning's target, or the incident's caller.
            let whose = w.map(\.target) ?? session.state.incidents.incident(id ?? "")?.caller ?? ""
            form = RevealPurpose.form(revealKind(id ?? ""), title: t("console.fraud.form.reveal", [
                "id": id ?? "", "target": Privacy.maskNumbers(in: whose)]), session)
        case .dissuade:
            let w = session.state.fraud.warning(id ?? "")
            // Opened from the page where the number was revealed: the caller sees it while recording.
            let phone = w.map { revealedPhone == $0.id ? SafeText.line($0.phone) : Privacy.maskPhone($0.phone) } ?? ""
            form = Form(title: t("console.fraud.form.dissuade", [
                "id": id ?? "", "target": w.map { Privacy.maskNumbers(in: $0.target) } ?? "", "phone": phone,
                "level": w.map { session.name($0.level) } ?? ""]), fields: [
                FormKit.officers("by", session, value: session.operatorBadge ?? ""),
                FormKit.choice("method", DissuasionMethod.self, session),
                FormKit.choice("outcome", DissuasionOutcome.self, session),
                FormKit.text("note", session, max: 2000),
            ] + FormKit.timeFields(session), discard: session.discardDialog, limitMessage: session.limitMessage)
        }
        mode = .form(kind, form)
        return .updated
    }

    // MARK: Writes

    /// Esc from a form: the reveal's question goes back to the warning's page, the rest to the list.
    private func leaveForm(_ kind: FormKind) {
        if kind == .revealPhone, let id = current {
            mode = .file(id)
        } else {
            revealedPhone = nil
            mode = .list
        }
    }

    /// Records the look, with its purpose, first; only a written record shows the number.
    private func revealPhone(_ id: String, _ form: inout Form, _ session: ConsoleSession) -> Effects {
        guard let purpose = RevealPurpose.purpose(revealKind(id), &form, session) else { return keep(.revealPhone, form) }
        switch session.execute(revealCommand(id, purpose: purpose)) {
        case .success:
            revealedPhone = id
            mode = .file(id)
            session.say(.warn, session.t("console.fraud.revealed", [
                "id": id, "badge": session.operatorBadge ?? "", "time": session.clock(session.now)]))
            return .wrote
        case .failure(let refusal):
            FormKit.refuse(refusal, &form, fallback: "purpose-note", session)
            return keep(.revealPhone, form)
        }
    }

    /// The console locked: the whole number is hidden for whoever signs in.
    func endReveals() { revealedPhone = nil }

    private func save(_ kind: FormKind, _ form: inout Form, _ session: ConsoleSession) -> Effects {
        if kind == .revealPhone { return revealPhone(current ?? "", &form, session) }
        let v = form.values
        let id = current ?? ""
        func blankIsNil(_ text: String?) -> String? {
            let trimmed = (text ?? "").trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : trimmed
        }
        let command: any OfficeCommand
        let fallback: String
        switch kind {
        case .log:
            fallback = "summary"
            command = LogIncident(
                cell: v["cell"] ?? "", kind: FormKit.chosen(form, "kind", IncidentKind.self), summary: v["summary"] ?? "",
                source: FormKit.chosen(form, "source", IncidentSource.self), person: blankIsNil(v["person"]),
                dispute: blankIsNil(v["dispute"]), caller: blankIsNil(v["caller"]), callerPhone: blankIsNil(v["caller-phone"]))
        case .arrive:
            fallback = "at"  // 到场时间 is the time field's: a refusal about it shows there
            command = RecordArrival(incident: id, officer: blankIsNil(v["arrived-by"]))
        case .outreach:
            fallback = "place"
            // A count that is not a whole number is refused by the domain as a count of 0 would be.
            func count(_ field: String) -> Int { Int((v[field] ?? "").trimmingCharacters(in: .whitespaces)) ?? 0 }
            command = RecordOutreach(
                cell: v["cell"] ?? "", place: v["place"] ?? "", form: FormKit.chosen(form, "form", OutreachForm.self),
                audience: FormKit.chosen(form, "audience", OutreachAudience.self), attendees: count("attendees"),
                households: count("households"), topic: blankIsNil(v["topic"]))
        case .link:
            fallback = "person"
            command = LinkIncident(incident: id, person: blankIsNil(v["person"]), dispute: blankIsNil(v["dispute"]))
        case .close:
            fallback = "note"
            command = CloseIncident(
                incident: id, disposition: FormKit.chosen(form, "disposition", IncidentDisposition.self), note: v["note"])
        case .warn:
            fallback = "target"
            command = ReceiveFraudWarning(
                level: FormKit.chosen(form, "level", FraudLevel.self), target: v["target"] ?? "",
                person: blankIsNil(v["person"]), phone: v["phone"] ?? "", cell: blankIsNil(v["cell"]), note: v["note"])
        case .dissuade:
            fallback = "outcome"
            command = RecordDissuasion(
                warning: id, by: v["by"] ?? "", method: FormKit.chosen(form, "method", DissuasionMethod.self),
                outcome: FormKit.chosen(form, "outcome", DissuasionOutcome.self), note: v["note"])
        case .revealPhone:
            return .updated
        }
        guard let result = write(kind, &form, session, command, fallback: fallback) else { return .updated }
        let saved = result.entityID ?? id
        let key: String
        switch kind {
        case .log: key = "console.incidents.logged"
        case .link: key = "console.incidents.linked"
        case .close: key = "console.incidents.closed"
        case .warn: key = "console.fraud.received"
        case .dissuade: key = "console.fraud.dissuaded"
        case .revealPhone: key = ""
        case .arrive: key = "console.incidents.arrived"
        case .outreach: key = "console.fraud.outreach_recorded"
        }
        session.say(.ok, session.t(key, ["id": saved, "time": session.clock(result.record?.at ?? session.now)]))
        revealedPhone = nil
        mode = .list
        if kind == .log, view == .open || isFraud { view = .today }
        if kind == .outreach { view = .outreach }  // the session just recorded, in the list of sessions
        reload(session)
        table.select(id: saved)
        return .wrote
    }

    // MARK: Detail

    func fileLines(_ id: String, _ session: ConsoleSession, width: Int) -> [FilePage.Line] {
        let state = session.state
        func t(_ key: String, _ args: [String: String] = [:]) -> String { session.t(key, args) }
        var b = PageBuilder(width: width)
        if let w = state.fraud.warning(id) {
            b.add(t("console.fraud.detail.headline", [
                "id": w.id, "level": session.name(w.level), "target": w.target,
                "status": t("domain.fraud_status." + w.status.rawValue)]),
                  w.status.needsAction && w.level == .high ? .danger : .header)
            if revealedPhone == w.id {
                // The whole number, only after its reveal was written (the rest of the line is not free text).
                b.add(t("console.fraud.detail.received", [
                    "time": session.fullTime(w.at), "phone": SafeText.line(w.phone), "cell": w.cell ?? "—"]), .warn,
                      verbatim: true)
                b.add(t("console.fraud.detail.phone_shown"), .warn)
            } else {
                b.add(t("console.fraud.detail.received", [
                    "time": session.fullTime(w.at), "phone": Privacy.maskPhone(w.phone), "cell": w.cell ?? "—"]))
                if session.may(RevealPhone(warning: w.id, purpose: "-")) { b.add(t("console.fraud.detail.phone_hint"), .muted) }
            }
            if let p = w.person, let person = state.persons.person(p) {
                b.add(t("console.fraud.detail.person", ["id": p, "name": person.name]))
            }
            if let note = w.note { b.wrapped(t("console.fraud.detail.note"), note) }
            b.blank()
            b.add(t("console.fraud.detail.dissuasions", ["count": String(w.liveDissuasions.count)]), .header)
            for d in w.liveDissuasions {
                b.add("  " + session.fullTime(d.at) + "  " + session.officerName(d.by) + "  " + session.name(d.method)
                      + "  " + session.name(d.outcome), d.outcome == .defrauded ? .error : .normal)
                if let note = d.note { b.wrapped("      ", note, .muted) }
            }
            revealLines(w.id, &b, session)
            return b.lines
        }
        guard let n = state.incidents.incident(id) else { return [] }
        b.add(t("console.incidents.detail.headline", [
            "id": n.id, "kind": session.name(n.kind), "source": session.name(n.source),
            "state": n.disposition.map { session.name($0) } ?? t("console.incident.open")]), .header)
        b.add(t("console.incidents.detail.when", [
            "time": session.fullTime(n.at), "cell": n.cell, "cellName": state.cells.byCode[n.cell]?.name ?? ""]))
        b.wrapped(t("console.incidents.detail.summary"), n.summary)
        if n.caller != nil || n.callerPhone != nil {
            // The phone masked, as a warning's is; whole only after `r` wrote its access record.
            if revealedPhone == n.id, let phone = n.callerPhone {
                b.add(t("console.incidents.detail.caller", [
                    "caller": Privacy.maskNumbers(in: SafeText.line(n.caller ?? "—")), "phone": SafeText.line(phone)]), .warn,
                      verbatim: true)
                b.add(t("console.fraud.detail.phone_shown"), .warn)
            } else {
                b.add(t("console.incidents.detail.caller", [
                    "caller": n.caller ?? "—", "phone": n.callerPhone.map(Privacy.maskPhone) ?? "—"]))
                if n.callerPhone != nil, session.may(RevealCallerPhone(incident: n.id, purpose: "-")) {
                    b.add(t("console.fraud.detail.phone_hint"), .muted)
                }
            }
        }
        if let arrived = n.arrivedAt {
            b.add(t("console.incidents.detail.arrived", [
                "time": session.fullTime(arrived), "minutes": String(n.minutesToArrive ?? 0),
                "officer": session.officerName(n.arrivedBy ?? "")]))
        } else if n.isOpen {
            b.add(t("console.incidents.detail.not_arrived"), .warn)
        }
        b.tips(for: n.id, session)
        if let p = n.person {
            b.add(t("console.incidents.detail.person", ["id": p, "name": state.persons.person(p)?.name ?? ""]))
        }
        if let d = n.dispute {
            let dispute = state.disputes.dispute(d)
            b.add(t("console.incidents.detail.dispute", [
                "id": d, "parties": dispute?.parties.joined(separator: "、") ?? ""]))
        }
        if let closed = n.closedAt {
            b.blank()
            b.wrapped(t("console.incidents.detail.closed", ["time": session.fullTime(closed)]), n.closeNote ?? "")
        }
        revealLines(n.id, &b, session)
        return b.lines
    }

    /// The looks at a warning's or a caller's whole phone number, the last five (who, when, why).
    private func revealLines(_ id: String, _ b: inout PageBuilder, _ session: ConsoleSession) {
        let looks = session.state.access.phoneReveals(of: id)
        guard !looks.isEmpty else { return }
        b.blank()
        b.add(session.t("console.fraud.detail.reveals", ["count": String(looks.count)]), .header)
        for look in looks.suffix(5).reversed() {
            b.add("  " + session.fullTime(look.at) + "  " + session.officerName(look.by) + "（" + look.by + "）"
                  + (look.purpose.map { "  " + $0 } ?? ""), .muted)
        }
    }

    // MARK: Drawing

    func renderList(into screen: Screen, rect: Rect, session: ConsoleSession) {
        reload(session)
        table.render(into: screen, rect: rect, heading: summaryLine(session), style: .muted)
    }

    private func summaryLine(_ session: ConsoleSession) -> String {
        let state = session.state
        let pending = state.fraudWarningsNeedingAction
        if view == .outreach {
            let live = state.outreach.sessions.filter { !$0.voided }
            let month = state.outreachSessions(from: session.now.addingTimeInterval(-30 * 86400), to: session.now.addingTimeInterval(1))
            return session.t("console.outreach.summary", [
                "count": String(live.count), "attendees": String(live.reduce(0) { $0 + $1.attendees }),
                "households": String(live.reduce(0) { $0 + $1.households }), "recent": String(month.count)])
        }
        if isFraud {
            return session.t("console.fraud.summary", [
                "pending": String(pending.count), "high": String(pending.filter { $0.level == .high }.count),
                "count": String(state.fraudWarnings.count)])
        }
        let viewName: String
        switch view {
        case .today: viewName = session.t("console.incidents.view.today")
        case .open: viewName = session.t("console.incidents.view.open")
        default: viewName = session.t("console.incidents.view.all")
        }
        return session.t("console.incidents.summary", [
            "view": viewName, "today": String(state.incidentsToday(now: session.now).count),
            "open": String(state.openIncidents.count), "fraud": String(pending.count)])
    }
}
