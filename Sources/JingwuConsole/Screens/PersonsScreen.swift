import Foundation
import JingwuDomain
import JingwuTerminal

/// 重点人员: listed key persons with their visit schedule (overdue ones stand out),
/// filters, the person's file (一人一档) with every visit, and the forms to list a
/// person, record a visit, change status and delist.
///
/// ID numbers show masked (`110101********0011`) everywhere; the whole number shows
/// only in the file after `r` and a purpose, which first writes an IDNumberRevealed event;
/// it is hidden again when the file is left or the console locks.
final class PersonsScreen: CaseScreen {
    let tab = ConsoleTab.persons

    enum FormKind { case add, visit, status, delist, filter, reveal }

    /// What the list shows.
    struct Filter: Equatable {
        var category: PersonCategory?
        var officer: String?
        var cell: String?
        var overdueOnly = false
        var isActive: Bool { category != nil || officer != nil || cell != nil || overdueOnly }
    }

    var mode: CaseMode<FormKind> = .list
    private(set) var filter = Filter()
    private var table = StyledTable(columns: [], emptyText: "")
    var page = FilePage()
    /// The person whose whole ID number was revealed (recorded) while the file is open.
    private(set) var revealed: String?
    /// The form to go back to after a form opened from the file.
    private var formReturnsToFile: String?

    var selectedID: String? { table.selectedID }

    // MARK: Keys

    func keys(_ session: ConsoleSession) -> ConsoleKeyTable {
        func t(_ key: String, _ args: [String: String] = [:]) -> String { session.t(key, args) }
        switch mode {
        case .list:
            var rows: [KeyBinding<ScreenAction>] = [
                KeyBinding("new", keys: [.character("n")], label: t("console.persons.key.new", [:])),
            ]
            if selectedID != nil {
                rows += [
                    KeyBinding("open", keys: [.enter], label: t("console.persons.key.file", [:])),
                    KeyBinding("visit", keys: [.character("v")], label: t("console.persons.key.visit", [:])),
                ]
            }
            rows += [
                KeyBinding("filter", keys: [.character("f")], label: t("console.persons.key.filter", [:])),
                KeyBinding("overdue", keys: [.character("o")], label: t("console.persons.key.overdue", [:])),
            ]
            if filter.isActive {
                rows.append(KeyBinding("clear", keys: [.escape], label: t("console.persons.key.clear", [:])))
            }
            rows.append(KeyBinding("move", keys: [.up, .down], label: t("console.key.move", [:]), showsInHints: false,
                                   quietKeys: CasesKit.pageKeys))
            return ConsoleKeyTable(rows)
        case .file(let id):
            let listed = session.state.persons.person(id)?.isListed == true
            var rows: [KeyBinding<ScreenAction>] = []
            if listed {
                rows += [
                    KeyBinding("visit", keys: [.character("v")], label: t("console.persons.key.visit", [:])),
                    KeyBinding("status", keys: [.character("s")], label: t("console.persons.key.status", [:])),
                ]
                if session.may(DelistPerson(person: id, reason: "")) {
                    rows.append(KeyBinding("delist", keys: [.character("d")], label: t("console.persons.key.delist", [:])))
                }
            }
            if revealed != id && session.may(RevealIDNumber(person: id)) {
                rows.append(KeyBinding("reveal", keys: [.character("r")], label: t("console.persons.key.reveal", [:])))
            }
            // Keys not offered to this operator say why instead of doing nothing.
            if revealed != id && !session.may(RevealIDNumber(person: id)) {
                rows.append(CasesKit.refused("refusedReveal", .character("r"), label: t("console.persons.key.reveal", [:])))
            }
            if listed && !session.may(DelistPerson(person: id, reason: "")) {
                rows.append(CasesKit.refused("refusedDelist", .character("d"), label: t("console.persons.key.delist", [:])))
            }
            return ConsoleKeyTable(rows + CasesKit.fileKeys(session))
        case .form:
            return FormKit.keys(session)
        }
    }

    /// The filter form is not input to lose; a reveal's purpose changed or its note typed is
    /// (as on the fraud warning's page): Ctrl-C and `q` ask first.
    var hasUnsavedInput: Bool {
        if case .form(let kind, let form) = mode, kind != .filter { return form.isDirty }
        return false
    }

    // MARK: State

    /// The listed persons the filter lets through, soonest due first (overdue at the top).
    func schedule(_ session: ConsoleSession) -> [VisitDue] {
        session.state.visitSchedule(now: session.now).filter { due in
            if let c = filter.category, due.person.category != c { return false }
            if let o = filter.officer, due.person.officer != o { return false }
            if let c = filter.cell, due.person.cell != c { return false }
            if filter.overdueOnly && !due.isOverdue { return false }
            return true
        }
    }

    func reload(_ session: ConsoleSession) {
        let due = schedule(session)
        var newTable = StyledTable(columns: [
            TableColumn(session.t("console.persons.col.id"), width: .fixed(5)),
            TableColumn(session.t("console.persons.col.name"), width: .fixed(8)),
            TableColumn(session.t("console.persons.col.category"), width: .fixed(10)),
            TableColumn(session.t("console.persons.col.residency"), width: .fixed(10)),
            TableColumn(session.t("console.persons.col.cell"), width: .fixed(6)),
            TableColumn(session.t("console.persons.col.officer"), width: .fixed(6)),
            TableColumn(session.t("console.persons.col.last"), width: .fixed(5)),
            TableColumn(session.t("console.persons.col.next"), width: .fixed(5)),
            TableColumn(session.t("console.persons.col.overdue"), width: .fixed(6), align: .right),
        ], emptyText: filter.isActive ? session.t("console.persons.empty_filtered") : session.emptyListText("console.persons.empty"),
           // Names are 2–4 characters: name, category, residency and officer take what their text needs.
           fitted: [1, 2, 3, 5])
        func short(_ kind: String, _ code: String) -> String { session.t("console.persons.short.\(kind).\(code)") }
        newTable.setRows(due.map { d in
            [d.person.id, d.person.name, short("category", d.person.category.rawValue),
             short("residency", d.person.residency.rawValue), d.person.cell,
             session.officerName(d.person.officer), CasesKit.day(d.lastVisit, session), CasesKit.day(d.nextDue, session),
             d.isOverdue ? session.t("console.persons.days", ["days": String(d.daysOverdue)]) : ""]
        }, styles: due.map { $0.isOverdue ? .error : .normal }, ids: due.map(\.person.id))
        table.replace(with: newTable)
        if case .file(let id) = mode { page.set(fileLines(id, session, width: 78)) }
    }

    func open(_ target: String?, session: ConsoleSession) {
        mode = .list
        reload(session)
        guard let target else { return }
        if !table.ids.contains(target), session.state.persons.person(target) != nil {
            filter = Filter()  // the person asked for must be visible
            reload(session)
        }
        table.select(id: target)
        if session.state.persons.person(target) != nil { openFile(target, session) }
    }

    private func openFile(_ id: String, _ session: ConsoleSession) {
        revealed = nil
        page = FilePage()
        mode = .file(id)
        page.set(fileLines(id, session, width: 78))
    }

    // MARK: Keys

    func perform(_ action: ScreenAction, key: Key, session: ConsoleSession) -> Effects {
        switch mode {
        case .list: return performList(action, key, session)
        case .file(let id): return performFile(action, key, id, session)
        case .form(.reveal, var form) where RevealPurpose.answers(key, form):
            return reveal(formReturnsToFile ?? "", &form, session)
        case .form(let kind, let form):
            return formKey(key, kind, form, cancel: { leaveForm(session) },
                           edited: { form, result in
                               if kind == .add, result.contains(.changed) { checkIDNumber(&form, session) }
                           },
                           save: { save(kind, &$0, session) })
        }
    }

    private func performList(_ action: ScreenAction, _ key: Key, _ session: ConsoleSession) -> Effects {
        switch action {
        case "move":
            _ = table.handle(key, pageSize: 10)
            return .updated
        case "new":
            formReturnsToFile = nil
            mode = .form(.add, addForm(session))
            return .updated
        case "open":
            guard let id = selectedID else { return .handled }
            openFile(id, session)
            return .updated
        case "visit":
            guard let id = selectedID else { return .handled }
            formReturnsToFile = nil
            mode = .form(.visit, visitForm(id, session))
            return .updated
        case "filter":
            mode = .form(.filter, filterForm(session))
            return .updated
        case "overdue":
            filter.overdueOnly.toggle()
            reload(session)
            return .updated
        case "clear":
            filter = Filter()
            reload(session)
            return .updated
        default:
            return []
        }
    }

    private func performFile(_ action: ScreenAction, _ key: Key, _ id: String, _ session: ConsoleSession) -> Effects {
        switch action {
        case "back":
            revealed = nil  // the whole number never outlives the file
            mode = .list
            reload(session)
            return .updated
        case "reveal":
            // Why first: the purpose goes into the record of the look (as `person reveal --purpose`).
            formReturnsToFile = id
            let name = session.state.persons.person(id)?.name ?? ""
            mode = .form(.reveal, RevealPurpose.form(.idNumber, title: session.t("console.reveal.form.id", [
                "id": id, "name": name]), session))
            return .updated
        case "visit":
            formReturnsToFile = id
            mode = .form(.visit, visitForm(id, session))
            return .updated
        case "status":
            formReturnsToFile = id
            mode = .form(.status, statusForm(id, session))
            return .updated
        case "delist":
            formReturnsToFile = id
            mode = .form(.delist, delistForm(id, session))
            return .updated
        case "refusedReveal":
            return session.explainRefusal(RevealIDNumber(person: id))
        case "refusedDelist":
            return session.explainRefusal(DelistPerson(person: id, reason: "-"))
        case "scroll":
            return page.scroll(key, height: 16) ? .updated : []
        default:
            return []
        }
    }

    /// Records the look, with its purpose, first; only a written event shows the number.
    private func reveal(_ id: String, _ form: inout Form, _ session: ConsoleSession) -> Effects {
        guard let purpose = RevealPurpose.purpose(.idNumber, &form, session) else { return keep(.reveal, form) }
        switch session.execute(RevealIDNumber(person: id, purpose: purpose)) {
        case .success:
            revealed = id
            formReturnsToFile = nil
            mode = .file(id)
            session.say(.warn, session.t("console.persons.revealed", [
                "id": id, "badge": session.operatorBadge ?? "", "time": session.clock(session.now)]))
            page.set(fileLines(id, session, width: 78))
            return .wrote
        case .failure(let refusal):
            FormKit.refuse(refusal, &form, fallback: "purpose-note", session)
            return keep(.reveal, form)
        }
    }

    /// The whole number is hidden again (the console locked: whoever signs in sees it masked).
    func endReveals() { revealed = nil }

    private func leaveForm(_ session: ConsoleSession) {
        if let back = formReturnsToFile, session.state.persons.person(back) != nil {
            mode = .file(back)
            page.set(fileLines(back, session, width: 78))
        } else {
            mode = .list
        }
        formReturnsToFile = nil
    }

    /// "Checked as you type": a whole number gets its check digit verified at once.
    private func checkIDNumber(_ form: inout Form, _ session: ConsoleSession) {
        guard form.fields.indices.contains(form.focus), form.fields[form.focus].id == "id-number" else { return }
        form.setMessage(Self.idNumberMessage(form.values["id-number"] ?? "", session), for: "id-number")
    }

    /// Nil while the number may still be right; a refusal once it cannot be.
    static func idNumberMessage(_ typed: String, _ session: ConsoleSession) -> String? {
        let text = typed.uppercased()
        let badCharacter = text.enumerated().contains { offset, c in
            !(c.isASCII && c.isNumber) && !(offset == 17 && c == "X")
        }
        guard badCharacter || text.count >= 18 else { return nil }
        do {
            _ = try ResidentID.validate(text, today: session.now)
            return nil
        } catch let error as DomainError {
            // Under the field: its own name, not the command line's option beside it.
            return error.screenMessage(session.strings, fieldLabel: session.t("domain.field.id-number"))
        } catch {
            return nil
        }
    }

    // MARK: Writes

    private func save(_ kind: FormKind, _ form: inout Form, _ session: ConsoleSession) -> Effects {
        if kind == .reveal { return reveal(formReturnsToFile ?? "", &form, session) }
        if kind == .filter {
            applyFilter(form, session)
            mode = .list
            reload(session)
            return .updated
        }
        let v = form.values
        let person = formReturnsToFile ?? selectedID ?? ""
        let command: any OfficeCommand
        let fallback: String
        switch kind {
        case .add:
            fallback = "name"
            var interval: Int?
            let intervalText = (v["interval-days"] ?? "").trimmingCharacters(in: .whitespaces)
            if !intervalText.isEmpty {
                guard let days = Int(intervalText) else {
                    form.setMessage(session.t("console.persons.bad_interval"), for: "interval-days")
                    form.focus(on: "interval-days")
                    return keep(kind, form)
                }
                interval = days
            }
            command = ListPerson(
                name: v["name"] ?? "", idNumber: v["id-number"] ?? "",
                category: FormKit.chosen(form, "category", PersonCategory.self),
                residency: FormKit.chosen(form, "residency", Residency.self), cell: v["cell"] ?? "",
                officer: v["officer"] ?? "", intervalDays: interval)
        case .visit:
            fallback = "finding"
            command = RecordVisit(
                person: person, method: FormKit.chosen(form, "method", VisitMethod.self), officer: v["by"] ?? "",
                participants: (v["with"] ?? "").split(whereSeparator: { $0 == ";" || $0 == "；" || $0 == "、" })
                    .map(String.init),
                findings: v["finding"] ?? "", observed: CasesKit.optionalChosen(form, "observed", Residency.self))
        case .status:
            fallback = "residency"
            command = ChangePersonStatus(
                person: person, residency: CasesKit.optionalChosen(form, "residency", Residency.self),
                category: CasesKit.optionalChosen(form, "category", PersonCategory.self), note: v["note"])
        case .delist:
            fallback = "reason"
            command = DelistPerson(person: person, reason: v["reason"] ?? "")
        case .filter, .reveal:
            return .updated
        }
        guard let result = write(kind, &form, session, command, fallback: fallback) else { return .updated }
        let id = result.entityID ?? person
        let name = session.state.persons.person(id)?.name ?? ""
        var args = ["id": id, "name": name, "time": session.clock(result.record?.at ?? session.now)]
        if let p = session.state.persons.person(id) {
            args["next"] = session.fullTime(session.state.visitDue(p, now: session.now).nextDue).prefix(10).description
        }
        let key: String
        switch kind {
        case .add: key = "console.persons.added"
        case .visit: key = "console.persons.visit_saved"
        case .status: key = "console.persons.status_saved"
        case .delist: key = "console.persons.delisted"
        case .filter, .reveal: key = ""
        }
        session.say(.ok, session.t(key, args))
        if kind == .add { filter = Filter() }
        reload(session)
        if kind == .delist {
            formReturnsToFile = nil
            mode = .list
        } else if kind == .add {
            mode = .list
            table.select(id: id)
        } else {
            leaveForm(session)
        }
        return .wrote
    }

    private func applyFilter(_ form: Form, _ session: ConsoleSession) {
        let v = form.values
        var next = Filter()
        next.category = CasesKit.optionalChosen(form, "category", PersonCategory.self)
        // A badge or a name (as the suggestion shows it): filtered by the badge it stands for.
        let officer = (v["officer"] ?? "").trimmingCharacters(in: .whitespaces)
        next.officer = officer.isEmpty ? nil
            : (try? Validate.officer(officer, field: "officer", session.state))?.badge ?? officer
        let cell = (v["cell"] ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        next.cell = cell.isEmpty ? nil : session.state.cells.all.first { $0.code.uppercased() == cell }?.code ?? cell
        if case .choice(let list)? = form.field("overdue")?.editor { next.overdueOnly = list.selected == 1 }
        filter = next
    }

    // MARK: Forms

    private func addForm(_ session: ConsoleSession) -> Form {
        Form(title: session.t("console.persons.form.add"), fields: [
            CasesKit.labelled(FormKit.text("name", session, max: 40), "console.persons.field.name", session),
            FormKit.text("id-number", session, max: 18, placeholder: session.t("console.persons.id_placeholder")),
            FormKit.choice("category", PersonCategory.self, session),
            FormKit.choice("residency", Residency.self, session),
            FormKit.cells("cell", session),
            // 责任民警 is police: only police are suggested, and an auxiliary operator is not preset.
            FormKit.officers("officer", session,
                             value: session.state.isPolice(session.operatorBadge) ? session.operatorBadge ?? "" : "") {
                $0.role == .police
            },
            FormKit.text("interval-days", session, max: 3, placeholder: session.t("console.persons.interval_placeholder")),
        ] + FormKit.timeFields(session, labelKey: "console.persons.field.at"), discard: session.discardDialog,
             limitMessage: session.limitMessage)
    }

    private func visitForm(_ id: String, _ session: ConsoleSession) -> Form {
        let person = session.state.persons.person(id)
        let title = session.t("console.persons.form.visit", ["id": id, "name": person?.name ?? ""])
        return Form(title: title, fields: [
            FormKit.choice("method", VisitMethod.self, session),
            FormKit.officers("by", session, value: session.operatorBadge ?? person?.officer ?? ""),
            FormKit.text("with", session, placeholder: session.t("console.persons.with_placeholder")),
            FormKit.text("finding", session, max: 2000),
            CasesKit.optionalChoice("observed", Residency.self, session, none: session.t("console.persons.not_noted")),
        ] + FormKit.timeFields(session), discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    private func statusForm(_ id: String, _ session: ConsoleSession) -> Form {
        let person = session.state.persons.person(id)
        return Form(title: session.t("console.persons.form.status", [
            "id": id, "name": person?.name ?? "",
            "residency": person.map { session.name($0.residency) } ?? "",
            "category": person.map { session.name($0.category) } ?? "",
        ]), fields: [
            CasesKit.optionalChoice("residency", Residency.self, session, none: session.t("console.persons.unchanged")),
            CasesKit.optionalChoice("category", PersonCategory.self, session, none: session.t("console.persons.unchanged")),
            FormKit.text("note", session),
        ] + FormKit.timeFields(session), discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    private func delistForm(_ id: String, _ session: ConsoleSession) -> Form {
        let person = session.state.persons.person(id)
        return Form(title: session.t("console.persons.form.delist", ["id": id, "name": person?.name ?? ""]), fields: [
            CasesKit.labelled(FormKit.text("reason", session), "console.persons.field.delist_reason", session),
        ] + CasesKit.whenOnly(session), discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    private func filterForm(_ session: ConsoleSession) -> Form {
        var category = CasesKit.optionalChoice("category", PersonCategory.self, session, none: session.t("console.persons.all"))
        if let c = filter.category, let index = PersonCategory.allCases.firstIndex(of: c),
           case .choice(var list) = category.editor {
            list.select(PersonCategory.allCases.distance(from: PersonCategory.allCases.startIndex, to: index) + 1)
            category.editor = .choice(list)
        }
        let overdue = FormField(id: "overdue", label: session.t("console.persons.filter.overdue"),
                                editor: .choice(ChoiceList(options: [session.t("console.persons.all"),
                                                                     session.t("console.persons.overdue_only")],
                                                           selected: filter.overdueOnly ? 1 : 0)))
        return Form(title: session.t("console.persons.form.filter"), fields: [
            category,
            FormKit.officers("officer", session, value: filter.officer ?? ""),
            FormKit.cells("cell", session, value: filter.cell ?? ""),
            overdue,
        ], discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    // MARK: The file (一人一档)

    func fileLines(_ id: String, _ session: ConsoleSession, width: Int) -> [FilePage.Line] {
        let state = session.state
        guard let person = state.persons.person(id) else { return [] }
        func t(_ key: String, _ args: [String: String] = [:]) -> String { session.t(key, args) }
        var b = PageBuilder(width: width)
        let cellName = state.cells.byCode[person.cell]?.name ?? ""
        b.add(t("console.persons.file.headline", [
            "id": person.id, "name": person.name, "category": session.name(person.category),
            "residency": session.name(person.residency), "cell": person.cell, "cellName": cellName,
        ]), .header)
        if revealed == person.id {
            b.add(t("console.persons.file.id_whole", ["number": person.idNumber]), .warn, verbatim: true)
        } else {
            // The reveal key is named only to whom it is offered (police).
            let key = session.may(RevealIDNumber(person: person.id)) ? "console.persons.file.id_masked"
                : "console.persons.file.id_masked_only"
            b.add(t(key, ["number": Privacy.maskIDNumber(person.idNumber)]))
        }
        if person.isListed {
            let due = state.visitDue(person, now: session.now)
            b.add(t("console.persons.file.schedule", [
                "officer": session.officerName(person.officer), "badge": person.officer,
                "interval": String(due.intervalDays), "last": due.lastVisit.map(session.fullTime) ?? "—",
                "next": String(session.fullTime(due.nextDue).prefix(10)),
            ]), due.isOverdue ? .error : .normal)
            if due.isOverdue {
                b.add(t("console.persons.file.overdue", ["days": String(due.daysOverdue)]), .error)
            }
        } else if let at = person.delistedAt {
            b.wrapped(t("console.persons.file.delisted", ["time": session.fullTime(at)]), person.delistReason ?? "", .muted)
        }
        b.add(t("console.persons.file.listed", ["time": session.fullTime(person.listedAt)]), .muted)
        // Issue 19: 列管依据, 管控级别, the 三位一体 team; 可能脱管; the tips that led here.
        if let control = state.persons.control(person.id) {
            b.wrapped(t("console.persons.file.control", ["level": session.name(control.level)]), control.basis)
            b.add(t("console.persons.file.helpers", [
                "helpers": control.helpers.map { session.name($0.role) + " " + $0.name }.joined(separator: "、")]))
        }
        if state.possiblyAbsconding(at: session.now).contains(where: { $0.id == person.id }) {
            b.add(t("persons.absconding"), .error)
        }
        b.tips(for: person.id, session)

        let visits = person.visits.map { state.persons.visits[$0] }.filter { !$0.voided }
        b.blank()
        b.add(t("console.persons.file.visits", ["count": String(visits.count)]), .header)
        if visits.isEmpty { b.add("  " + t("console.persons.file.none"), .muted) }
        for visit in visits.reversed() {
            var who = session.officerName(visit.officer)
            if !visit.participants.isEmpty { who += "、" + visit.participants.joined(separator: "、") }
            var head = "  " + session.fullTime(visit.at) + "  " + session.name(visit.method) + "  " + who
            if let observed = visit.observed { head += "  " + session.name(observed) }
            b.add(head)
            b.wrapped("      ", visit.findings, .muted)
        }
        let changes = person.changes.filter { !$0.voided }
        if !changes.isEmpty {
            b.blank()
            b.add(t("console.persons.file.changes"), .header)
            for change in changes.reversed() {
                let what = [change.residency.map { session.name($0) }, change.category.map { session.name($0) }]
                    .compactMap { $0 }.joined(separator: " · ")
                b.wrapped("  " + session.fullTime(change.at) + "  " + what + "  ", change.note ?? "")
            }
        }
        let incidents = state.incidents(ofPerson: person.id)
        if !incidents.isEmpty {
            b.blank()
            b.add(t("console.persons.file.incidents"), .header)
            for n in incidents.reversed() {
                b.add("  " + n.id + "  " + session.fullTime(n.at) + "  " + session.name(n.kind) + "  " + n.summary)
            }
        }
        let looks = state.reveals.reveals(of: person.id)
        if !looks.isEmpty {
            b.blank()
            b.add(t("console.persons.file.reveals", ["count": String(looks.count)]), .header)
            for look in looks.suffix(5).reversed() {
                let why = look.purpose.map { "  " + $0 } ?? ""
                b.add("  " + session.fullTime(look.at) + "  " + session.officerName(look.by) + "（" + look.by + "）" + why, .muted)
            }
        }
        return b.lines
    }

    // MARK: Drawing

    func renderList(into screen: Screen, rect: Rect, session: ConsoleSession) {
        reload(session)
        table.render(into: screen, rect: rect, heading: summaryLine(session), style: filter.isActive ? .warn : .muted)
    }

    private func summaryLine(_ session: ConsoleSession) -> String {
        let all = session.state.visitSchedule(now: session.now)
        var text = session.t("console.persons.summary", [
            "count": String(all.count), "overdue": String(all.filter(\.isOverdue).count), "shown": String(table.ids.count)])
        if filter.isActive {
            var parts: [String] = []
            if let c = filter.category { parts.append(session.name(c)) }
            if let o = filter.officer { parts.append(session.officerName(o)) }
            if let c = filter.cell { parts.append(c) }
            if filter.overdueOnly { parts.append(session.t("console.persons.overdue_only")) }
            text += "  " + session.t("console.persons.filtered", ["filter": parts.joined(separator: " · ")])
        }
        return text
    }
}
