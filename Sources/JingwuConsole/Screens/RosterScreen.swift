import Foundation
import JingwuDomain
import JingwuResources
import JingwuTerminal

/// 人员名册 (key `0`): who is on the office's roster, with their role and whether they have a
/// PIN. Police enrol people (`n`), set or reset another officer's PIN (`p`) and void an
/// enrolment (`x`); everyone changes their own PIN (`p` on their own row). The same domain
/// commands as `jingwu officer add`, `officer pin` and `event void`, so the same rules: an
/// auxiliary may neither enrol, void nor set another's PIN, the last police officer's
/// enrolment cannot be voided, and every refusal names its field. A PIN is typed twice,
/// drawn as dots, and only its hash is written; changing or setting one asks the operator's
/// own PIN first, as the command line does, and three wrong answers lock the console.
final class RosterScreen: CaseScreen {
    let tab = ConsoleTab.roster

    enum FormKind: Equatable {
        case enrol
        /// Set, reset or change the PIN of this badge.
        case pin(String)
        /// Void this badge's enrolment.
        case void(String)
    }

    var mode: CaseMode<FormKind> = .list
    var page = FilePage()
    private var table = StyledTable(columns: [], emptyText: "")
    /// Wrong answers in a row to "your PIN" in the PIN form.
    private(set) var wrongPins = 0
    /// At this many wrong answers the console locks (the sign-in gate's waits then apply).
    static let wrongPinLimit = 3
    /// The operator whose own row the selection was put on (another one signing in moves it).
    private var placedFor: String?
    /// 群防群治 (`g`, issue 19): teams, tasks, 联户长 points and tips, shown instead of the roster while open.
    private(set) var community: CommunityPanel?

    /// The roster's forms, and the 群防群治 filter while it is typed.
    var capturesText: Bool { activeForm != nil || community?.filtering == true }

    var selectedID: String? { table.selectedID }

    /// A well-formed hash standing in for the real one while asking whether a PIN write is
    /// allowed (the real one costs 100,000 rounds, spent only once the answer is yes).
    static let placeholderHash = PinHash(iterations: 1_000, salt: String(repeating: "0", count: 32),
                                         hash: String(repeating: "0", count: 64))

    // MARK: Keys

    func keys(_ session: ConsoleSession) -> ConsoleKeyTable {
        func t(_ key: String) -> String { session.t(key) }
        if case .list = mode, let community { return community.keys(session) }
        switch mode {
        case .list:
            var rows: [KeyBinding<ScreenAction>] = []
            // Keys not offered to this operator say why (the domain's refusal) instead of doing nothing.
            if session.may(EnrollOfficer(badge: "-", name: "-", role: .auxiliary)) {
                rows.append(KeyBinding("enrol", keys: [.character("n")], label: t("console.roster.key.enrol")))
            } else {
                rows.append(CasesKit.refused("refusedEnrol", .character("n"), label: t("console.roster.key.enrol")))
            }
            if let badge = selectedID, let officer = session.state.officers.officer(badge) {
                if officer.role.isOperator {
                    let label = t(pinLabelKey(officer, session))
                    rows.append(session.may(SetPin(badge: badge, pin: Self.placeholderHash))
                        ? KeyBinding("pin", keys: [.character("p")], label: label)
                        : CasesKit.refused("refusedPin", .character("p"), label: label))
                }
                rows.append(session.may(VoidEntry(event: officer.event, reason: "-"))
                    ? KeyBinding("void", keys: [.character("x")], label: t("console.roster.key.void"))
                    : CasesKit.refused("refusedVoidEnrolment", .character("x"), label: t("console.roster.key.void")))
            }
            rows.append(KeyBinding("community", keys: [.character("g")], label: t("console.community.key.open")))
            rows.append(KeyBinding("move", keys: [.up, .down], label: t("console.key.move"), showsInHints: false,
                                   quietKeys: CasesKit.pageKeys))
            return ConsoleKeyTable(rows)
        case .file:
            return ConsoleKeyTable(CasesKit.fileKeys(session))
        case .form:
            return FormKit.keys(session)
        }
    }

    private func pinLabelKey(_ officer: Officer, _ session: ConsoleSession) -> String {
        if officer.badge == session.operatorBadge { return "console.roster.key.pin_own" }
        return session.state.access.hasPin(officer.badge) ? "console.roster.key.pin_reset" : "console.roster.key.pin_set"
    }

    /// A PIN typed is never input worth keeping; an enrolment or a void's reason is.
    var hasUnsavedInput: Bool {
        guard case .form(let kind, let form) = mode else { return false }
        if case .pin = kind { return false }
        return form.isDirty
    }

    // MARK: State

    func reload(_ session: ConsoleSession) {
        let state = session.state
        let officers = state.officers.all
        var newTable = StyledTable(columns: [
            TableColumn(session.t("console.roster.col.badge"), width: .fixed(9)),
            TableColumn(session.t("console.roster.col.name"), width: .fixed(8)),
            TableColumn(session.t("console.roster.col.role"), width: .fixed(8)),
            TableColumn(session.t("console.roster.col.pin"), width: .fixed(8)),
            TableColumn(session.t("console.roster.col.enrolled"), width: .fixed(11)),
            TableColumn(session.t("console.roster.col.note"), width: .flexible(min: 4)),
        ], emptyText: session.emptyListText("console.roster.empty"), fitted: [1, 2])
        newTable.setRows(officers.map { o in
            let pin = !o.role.isOperator ? session.t("console.roster.pin.none_needed")
                : state.access.hasPin(o.badge) ? session.t("console.roster.pin.set") : session.t("console.roster.pin.unset")
            return [o.badge, o.name, session.name(o.role), pin, session.dayClock(o.enrolledAt),
                    o.badge == session.operatorBadge ? session.t("console.roster.self") : ""]
        }, styles: officers.map { o in
            o.role.isOperator && !state.access.hasPin(o.badge) && state.access.requiresSignIn ? .warn
                : o.role.isOperator ? .normal : .muted
        }, ids: officers.map(\.badge))
        table.replace(with: newTable)
        // First shown to an operator: on their own row, where `p` changes their PIN.
        if placedFor != session.operatorBadge, let op = session.operatorBadge, table.ids.contains(op) {
            table.select(id: op)
            placedFor = op
        }
    }

    func open(_ target: String?, session: ConsoleSession) {
        mode = .list
        community = nil
        reload(session)
        table.select(id: target)
    }

    func fileLines(_ id: String, _ session: ConsoleSession, width: Int) -> [FilePage.Line] { [] }

    // MARK: Actions

    func perform(_ action: ScreenAction, key: Key, session: ConsoleSession) -> Effects {
        if case .list = mode, var panel = community {
            switch panel.perform(action, key: key, session: session) {
            case .close:
                community = nil
                return .updated
            case .stay(let effects):
                community = panel
                return effects
            }
        }
        switch mode {
        case .list:
            return performList(action, key, session)
        case .file:
            mode = .list
            return .updated
        case .form(let kind, let form):
            return formKey(key, kind, form, cancel: { mode = .list },
                           edited: { form, result in
                               if kind == .enrol, result.contains(.changed) { labelBadge(&form, session) }
                           },
                           save: { save(kind, &$0, session) })
        }
    }

    private func performList(_ action: ScreenAction, _ key: Key, _ session: ConsoleSession) -> Effects {
        let officer = selectedID.flatMap { session.state.officers.officer($0) }
        switch action {
        case "move":
            _ = table.handle(key, pageSize: 10)
            return .updated
        case "enrol":
            mode = .form(.enrol, enrolForm(session))
            return .updated
        case "community":
            var panel = CommunityPanel()
            panel.reload(session)
            community = panel
            return .updated
        case "pin":
            guard let officer else { return .handled }
            mode = .form(.pin(officer.badge), pinForm(officer, session))
            return .updated
        case "void":
            guard let officer else { return .handled }
            mode = .form(.void(officer.badge), voidForm(officer, session))
            return .updated
        case "refusedEnrol":
            return session.explainRefusal(EnrollOfficer(badge: "-", name: "-", role: .auxiliary))
        case "refusedPin":
            guard let officer else { return .handled }
            return session.explainRefusal(SetPin(badge: officer.badge, pin: Self.placeholderHash))
        case "refusedVoidEnrolment":
            guard let officer else { return .handled }
            return session.explainRefusal(VoidEntry(event: officer.event, reason: "-"))
        default:
            return []
        }
    }

    // MARK: Forms

    /// `李娜（辅警编号 F101）`: a person with their number named by their role.
    func who(_ badge: String, _ session: ConsoleSession) -> String {
        session.t("console.roster.who", ["name": session.officerName(badge), "badge": badge,
                                         "number": session.state.officers.numberLabel(of: badge, session.strings)])
    }

    private func enrolForm(_ session: ConsoleSession) -> Form {
        // Auxiliaries are the ones most often enrolled (一警两辅).
        var form = Form(title: session.t("console.roster.form.enrol"), fields: [
            FormKit.choice("role", OfficerRole.self, session, selected: .auxiliary),
            FormKit.text("badge", session, max: 16),
            CasesKit.labelled(FormKit.text("name", session, max: TextLimit.name), "console.field.officer-name", session),
        ], discard: session.discardDialog, limitMessage: session.limitMessage)
        labelBadge(&form, session)
        return form
    }

    /// The number field is named by the role chosen above it: 警号, 辅警编号, 人员编号.
    private func labelBadge(_ form: inout Form, _ session: ConsoleSession) {
        let role = FormKit.chosen(form, "role", OfficerRole.self)
        form.setLabel(role.numberLabel(session.strings), for: "badge")
    }

    private func pinForm(_ officer: Officer, _ session: ConsoleSession) -> Form {
        let own = officer.badge == session.operatorBadge
        let titleKey = own ? "console.roster.form.pin_own"
            : session.state.access.hasPin(officer.badge) ? "console.roster.form.pin_reset" : "console.roster.form.pin_set"
        var fields: [FormField] = []
        // The operator proves it is them (as `officer pin` asks for one's own PIN first).
        if let op = session.operatorBadge, session.state.access.hasPin(op) {
            fields.append(secret("current", own ? "console.roster.field.old_pin" : "console.roster.field.your_pin", session))
        }
        fields.append(secret("new-pin", "console.roster.field.new_pin", session))
        fields.append(secret("pin-again", "console.roster.field.pin_again", session))
        return Form(title: session.t(titleKey, ["who": who(officer.badge, session)]), fields: fields,
                    discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    private func secret(_ id: String, _ labelKey: String, _ session: ConsoleSession) -> FormField {
        FormField(id: id, label: session.t(labelKey), editor: .text(TextField(maxLength: Pin.lengths.upperBound, secret: true)))
    }

    private func voidForm(_ officer: Officer, _ session: ConsoleSession) -> Form {
        Form(title: session.t("console.roster.form.void", ["who": who(officer.badge, session)]), fields: [
            CasesKit.labelled(FormKit.text("reason", session, max: TextLimit.long), "console.roster.field.void_reason", session),
        ], discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    // MARK: Writes

    private func save(_ kind: FormKind, _ form: inout Form, _ session: ConsoleSession) -> Effects {
        switch kind {
        case .enrol: return enrol(&form, session)
        case .pin(let badge): return setPin(badge, &form, session)
        case .void(let badge): return void(badge, &form, session)
        }
    }

    private func enrol(_ form: inout Form, _ session: ConsoleSession) -> Effects {
        let role = FormKit.chosen(form, "role", OfficerRole.self)
        let command = EnrollOfficer(badge: form.values["badge"] ?? "", name: form.values["name"] ?? "", role: role)
        guard let result = FormKit.written(session.execute(command), &form, fallback: "badge", session) else {
            return keep(.enrol, form)
        }
        let badge = result.entityID ?? CleanText.strip(command.badge)
        reload(session)
        table.select(id: badge)
        guard role.isOperator, let officer = session.state.officers.officer(badge),
              session.may(SetPin(badge: badge, pin: Self.placeholderHash)) else {
            session.say(.ok, session.t("console.roster.enrolled", ["who": who(badge, session)]))
            mode = .list
            return .wrote
        }
        // Who signs in needs a first PIN: its form follows at once (Esc leaves it for later).
        session.say(.ok, session.t("console.roster.enrolled_pin", ["who": who(badge, session)]))
        mode = .form(.pin(badge), pinForm(officer, session))
        return .wrote
    }

    private func setPin(_ badge: String, _ form: inout Form, _ session: ConsoleSession) -> Effects {
        let state = session.state
        let op = session.operatorBadge
        func refuse(_ message: String, at field: String) -> Effects {
            form.setMessage(message, for: field)
            form.focus(on: field)
            session.say(.error, message)
            return keep(.pin(badge), form)
        }
        func label(_ id: String) -> String { form.field(id)?.label.trimmingCharacters(in: .whitespaces) ?? "" }
        // Who may, before anything is hashed; the write checks again.
        do {
            _ = try session.office.preview(SetPin(badge: badge, pin: Self.placeholderHash), as: op)
        } catch let error as DomainError {
            return refuse(error.screenMessage(session.strings), at: "new-pin")
        } catch {
            return refuse(String(describing: error), at: "new-pin")
        }
        let new = form.values["new-pin"] ?? ""
        do {
            try Pin.validate(new, field: "new-pin")
        } catch let error as DomainError {
            return refuse(error.screenMessage(session.strings, fieldLabel: label("new-pin")), at: "new-pin")
        } catch {}
        guard form.values["pin-again"] == new else {
            return refuse(session.t("console.roster.pin_mismatch", ["field": label("pin-again")]), at: "pin-again")
        }
        if form.field("current") != nil, let op, let stored = state.access.pins[op] {
            guard Pin.verify(form.values["current"] ?? "", against: stored) else {
                wrongPins += 1
                // Written like a wrong PIN at the gate; at the limit the console locks.
                _ = try? session.office.recordSignInFailure(badge: op, attempt: wrongPins)
                if wrongPins >= Self.wrongPinLimit {
                    wrongPins = 0
                    mode = .list
                    session.wantsLock = true
                    return .wrote
                }
                form.setEditor(.text(TextField(maxLength: Pin.lengths.upperBound, secret: true)), for: "current")
                _ = refuse(session.t("console.roster.wrong_pin", [
                    "field": label("current"), "left": String(Self.wrongPinLimit - wrongPins)]), at: "current")
                return .wrote
            }
        }
        wrongPins = 0
        do {
            let result = try session.office.setPin(badge: badge, pin: new, as: op)
            let type = result.record?.type ?? PinSet.type
            session.say(.ok, session.t("console.roster.pin_done", [
                "who": who(badge, session), "what": session.t("access.cli.what." + type)]))
            mode = .list
            reload(session)
            table.select(id: badge)
            return .wrote
        } catch let error as DomainError {
            let field = form.field(error.field) != nil ? error.field : "new-pin"
            return refuse(error.screenMessage(session.strings, fieldLabel: label(field)), at: field)
        } catch let error as OperatorError {
            return refuse(error.message(session.strings), at: "new-pin")
        } catch {
            return refuse(String(describing: error), at: "new-pin")
        }
    }

    private func void(_ badge: String, _ form: inout Form, _ session: ConsoleSession) -> Effects {
        guard let officer = session.state.officers.officer(badge) else {
            mode = .list
            return .updated
        }
        let name = who(badge, session)
        let command = VoidEntry(event: officer.event, reason: form.values["reason"] ?? "")
        guard FormKit.written(session.execute(command), &form, fallback: "reason", session) != nil else {
            return keep(.void(badge), form)
        }
        session.say(.ok, session.t("console.roster.voided", ["who": name]))
        mode = .list
        reload(session)
        return .wrote
    }

    // MARK: Drawing

    func renderList(into screen: Screen, rect: Rect, session: ConsoleSession) {
        if var panel = community {
            panel.render(into: screen, rect: rect, session: session)
            community = panel
            return
        }
        reload(session)
        table.render(into: screen, rect: rect, heading: summaryLine(session), style: .muted)
    }

    private func summaryLine(_ session: ConsoleSession) -> String {
        let state = session.state
        let all = state.officers.all
        let operators = all.filter(\.role.isOperator)
        var text = session.t("console.roster.summary", [
            "police": String(all.filter { $0.role == .police }.count),
            "auxiliary": String(all.filter { $0.role == .auxiliary }.count),
            "others": String(all.count - operators.count),
            "unset": String(operators.filter { !state.access.hasPin($0.badge) }.count)])
        if !session.may(EnrollOfficer(badge: "-", name: "-", role: .auxiliary)) {
            text += session.t("console.roster.police_only")
        }
        return text
    }
}
