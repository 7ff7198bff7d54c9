import Foundation
import JingwuDomain
import JingwuTerminal

/// 交接班: the shift on duty and its handover draft (generated from the journal for the
/// shift's window), handing over, acknowledging (with objections), opening a shift from a
/// template or by hand, and the review of past handovers as they stood when made.
final class HandoverScreen: ConsoleScreen {
    let tab = ConsoleTab.handover

    enum FormKind { case open, handover, acknowledge, addressObjection }

    enum Mode {
        /// The shift on duty and its draft.
        case draft
        case form(FormKind, Form)
        /// F10 on the handover form: asked once more, since a handover is never edited afterwards.
        case confirmHandover(Form, ConfirmDialog)
        /// Past handovers, newest first.
        case history
        /// Typing the history filter.
        case filter(TextField)
        /// One past handover as it stood, and what changed since.
        case review(String)
    }

    private(set) var mode: Mode = .draft
    private var offset = 0
    private var pageHeight = 18
    /// Width of the text area at the last draw (long lines wrap to it).
    private var pageWidth = 80
    private var table = Table(columns: [])
    private var entries: [HandoverEntry] = []
    private(set) var filterText = ""
    /// The last review built (one journal pass each; rebuilt when the head moves).
    private var reviewCache: HandoverReviewResult?
    /// The shift whose objection the handling form records (`x` on its review).
    private var addressing: String?
    /// The printed handover's preview (`p`), while it is open.
    private(set) var printPreview: PrintPreview?
    /// The shift `p` prints on the draft: the one on duty, else the last one.
    private func draftShift(_ session: ConsoleSession) -> String? {
        (session.state.shifts.current ?? session.state.shifts.shifts.last(where: { !$0.voided }))?.id
    }

    // MARK: Keys

    func keys(_ session: ConsoleSession) -> ConsoleKeyTable {
        func t(_ key: String, _ args: [String: String] = [:]) -> String { session.t(key, args) }
        if let printPreview { return printPreview.keys(session) }
        switch mode {
        case .draft:
            var rows: [KeyBinding<ScreenAction>] = []
            if session.state.shifts.current != nil {
                rows.append(KeyBinding("handover", keys: [.character("h")], label: t("console.handover.key.handover")))
            } else {
                rows.append(KeyBinding("open", keys: [.character("o")], label: t("console.handover.key.open")))
            }
            if session.state.shifts.current != nil {
                // A shift is open: `o` says so (and whose), rather than nothing.
                rows.append(CasesKit.refused("refusedOpen", .character("o"), label: t("console.handover.key.open")))
            }
            if !session.state.unacknowledgedHandovers.isEmpty {
                rows.append(KeyBinding("ack", keys: [.character("a")], label: t("console.handover.key.ack")))
            }
            rows.append(KeyBinding("history", keys: [.character("l")], label: t("console.handover.key.history")))
            if draftShift(session) != nil {
                rows.append(KeyBinding("print", keys: [.character("p")], label: t("console.print.key.print")))
            }
            rows.append(KeyBinding("scroll", keys: [.up, .down, .pageUp, .pageDown], label: t("console.key.move"),
                                   showsInHints: false, quietKeys: [.home, .end]))
            return ConsoleKeyTable(rows)
        case .form:
            return FormKit.keys(session)
        case .confirmHandover:
            return FormKit.confirmKeys(session)
        case .history:
            return ConsoleKeyTable([
                KeyBinding("review", keys: [.enter], label: t("console.handover.key.review")),
                KeyBinding("filter", keys: [.character("/")], label: t("console.handover.key.filter")),
                KeyBinding("back", keys: [.escape], label: t("console.key.back")),
                KeyBinding("move", keys: [.up, .down, .pageUp, .pageDown], label: t("console.key.move"), showsInHints: false,
                           quietKeys: [.home, .end]),
            ])
        case .filter:
            return ConsoleKeyTable([
                KeyBinding("apply", keys: [.enter], label: t("console.handover.key.apply")),
                KeyBinding("cancel", keys: [.escape], label: t("console.key.cancel")),
                FormKit.edit,
            ])
        case .review(let id):
            var rows: [KeyBinding<ScreenAction>] = []
            if session.state.shifts.shift(id)?.hasOpenObjection == true {
                rows.append(KeyBinding("address", keys: [.character("x")], label: t("console.handover.key.address")))
            }
            return ConsoleKeyTable(rows + [
                KeyBinding("print", keys: [.character("p")], label: t("console.print.key.print")),
                KeyBinding("back", keys: [.escape], label: t("console.key.back")),
                KeyBinding("scroll", keys: [.up, .down, .pageUp, .pageDown], label: t("console.key.move"),
                           quietKeys: [.home, .end]),
            ])
        }
    }

    var capturesText: Bool {
        switch mode {
        case .form, .confirmHandover, .filter: return true
        default: return false
        }
    }

    var hasUnsavedInput: Bool {
        switch mode {
        case .form(_, let form), .confirmHandover(let form, _): return form.isDirty
        default: return false
        }
    }

    func reload(_ session: ConsoleSession) {
        let keep = entries.indices.contains(table.selected) ? entries[table.selected].shift.id : nil
        let all = HandoverReview.entries(session.state)
        let needle = filterText.lowercased()
        entries = needle.isEmpty ? all : all.filter { entry in
            [entry.shift.id, entry.handover.from, entry.handover.to, session.officerName(entry.handover.from),
             session.officerName(entry.handover.to), session.fullTime(entry.handover.at)]
                .contains { $0.lowercased().contains(needle) }
        }
        var newTable = Table(columns: [
            TableColumn(session.t("console.handover.col.shift"), width: .fixed(5)),
            TableColumn(session.t("console.handover.col.at"), width: .fixed(16)),
            TableColumn(session.t("console.handover.col.from"), width: .flexible(min: 6)),
            TableColumn(session.t("console.handover.col.to"), width: .flexible(min: 6)),
            TableColumn(session.t("console.handover.col.ack"), width: .fixed(12)),
            TableColumn(session.t("console.handover.col.carried"), width: .fixed(8)),
        ], emptyText: session.t("console.handover.history_empty"))
        newTable.setRows(maskedRows(entries.map { entry in
            let ack: String
            if let a = entry.shift.acknowledgement {
                ack = session.t(a.objections == nil ? "console.handover.acked"
                                : a.handling == nil ? "console.handover.acked_objection" : "console.handover.acked_addressed")
            } else {
                ack = session.t("console.handover.never_acked")
            }
            let long = entry.longCarried.count
            let carried = String(entry.handover.carried.count) + (long > 0 ? " !" + String(long) : "")
            return [entry.shift.id, session.fullTime(entry.handover.at), session.officerName(entry.handover.from),
                    session.officerName(entry.handover.to), ack, carried]
        }))
        if let keep, let index = entries.firstIndex(where: { $0.shift.id == keep }) { newTable.select(index) }
        table = newTable
    }

    func open(_ target: String?, session: ConsoleSession) {
        printPreview = nil
        reload(session)
        if let target, session.state.shifts.shift(target)?.handover != nil {
            offset = 0
            mode = .review(target)
        }
    }

    // MARK: Handling

    func perform(_ action: ScreenAction, key: Key, session: ConsoleSession) -> Effects {
        if let preview = printPreview {
            let effects = preview.perform(action, key: key, session: session)
            if preview.closed { printPreview = nil }
            return effects
        }
        switch mode {
        case .draft:
            return performDraft(action, key, session)
        case .form(let kind, var form):
            let result = form.handle(key)
            if result.contains(.cancel) {
                // The handling form goes back to the review it was opened from.
                mode = kind == .addressObjection ? addressing.map { .review($0) } ?? .draft : .draft
                return .updated
            }
            if result.contains(.submit) {
                return kind == .handover ? confirmHandover(&form, session) : save(kind, &form, session)
            }
            mode = .form(kind, form)
            return result.contains(.handled) ? .updated : []
        case .confirmHandover(var form, var dialog):
            let result = dialog.handle(key)
            if result.contains(.submit) { return save(.handover, &form, session) }
            if result.contains(.cancel) {
                // Back to the form as it was: nothing written, nothing lost.
                mode = .form(.handover, form)
                session.say(.info, session.t("console.handover.confirm_no"))
                return .updated
            }
            mode = .confirmHandover(form, dialog)
            return .updated
        case .history:
            switch action {
            case "back": mode = .draft; return .updated
            case "filter": mode = .filter(TextField(text: filterText, maxLength: 40)); return .updated
            case "review":
                guard entries.indices.contains(table.selected) else { return .handled }
                offset = 0
                mode = .review(entries[table.selected].shift.id)
                return .updated
            case "move":
                return table.handle(key, pageSize: max(1, pageHeight - 1)).contains(.handled) ? .updated : []
            default:
                return []
            }
        case .filter(var field):
            switch action {
            case "cancel": mode = .history; return .updated
            case "apply":
                filterText = field.text.trimmingCharacters(in: .whitespaces)
                reload(session)
                mode = .history
                return .updated
            case "edit":
                let result = field.handle(key)
                mode = .filter(field)
                return result.contains(.handled) ? .updated : []
            default:
                return []
            }
        case .review(let id):
            switch action {
            case "back": mode = .history; reload(session); return .updated
            case "print": printPreview = PrintPreview.handover(id, session); return .updated
            case "address":
                addressing = id
                mode = .form(.addressObjection, addressForm(id, session))
                return .updated
            case "scroll":
                let count = wrappedCount(reviewLines(id, session), width: pageWidth)
                if let next = scrolled(offset, key, count: count, page: pageHeight) { offset = next; return .updated }
                return []
            default:
                return []
            }
        }
    }

    private func performDraft(_ action: ScreenAction, _ key: Key, _ session: ConsoleSession) -> Effects {
        switch action {
        case "handover":
            mode = .form(.handover, handoverForm(session))
            return .updated
        case "open":
            mode = .form(.open, openForm(session))
            return .updated
        case "refusedOpen":
            return session.explainRefusal(OpenShift(duty: session.operatorBadge ?? ""))
        case "ack":
            // The form the incoming officer filled in before signing in comes back as they left
            // it (their objection included), once they are the operator.
            if let waiting = session.waitingAcknowledgement, waiting.badge == session.operatorBadge {
                mode = .form(.acknowledge, waiting.form)
            } else {
                mode = .form(.acknowledge, acknowledgeForm(session))
            }
            session.waitingAcknowledgement = nil
            return .updated
        case "print":
            printPreview = draftShift(session).flatMap { PrintPreview.handover($0, session) }
            return .updated
        case "history":
            reload(session)
            table.select(0)  // newest first, and that is the one an officer opens the list for
            mode = .history
            return .updated
        case "scroll":
            let count = wrappedCount(draftLines(session), width: pageWidth)
            if let next = scrolled(offset, key, count: count, page: pageHeight) { offset = next; return .updated }
            return []
        default:
            return []
        }
    }

    /// After the incoming officer signed in to acknowledge: writes the acknowledgement they
    /// confirmed before signing in (objections and all), in their own name. Nil when no form
    /// waits for the officer now signed in; a refusal shows on the form, as at F10.
    func resumeAcknowledgement(_ session: ConsoleSession) -> Effects? {
        guard let waiting = session.waitingAcknowledgement, waiting.badge == session.operatorBadge,
              !session.state.unacknowledgedHandovers.isEmpty else { return nil }
        session.waitingAcknowledgement = nil
        var form = waiting.form
        return save(.acknowledge, &form, session)
    }

    // MARK: Forms

    private func templateChoice(_ session: ConsoleSession) -> FormField {
        let options = [session.t("console.handover.template_none")]
            + session.state.policy.shiftTemplates.map { template in
                session.t("console.handover.template", [
                    "name": session.strings.has("report.template." + template.code)
                        ? session.t("report.template." + template.code) : template.code,
                    "start": template.start, "end": template.end])
            }
        // Preselect the template whose hours hold the present time.
        let minute = OfficeTime.minuteOfDay(session.now)
        let index = session.state.policy.shiftTemplates.firstIndex { template in
            guard let s = Self.minutes(template.start), let e = Self.minutes(template.end) else { return false }
            return s <= e ? (minute >= s && minute < e) : (minute >= s || minute < e)
        }.map { $0 + 1 } ?? 0
        return FormField(id: "template", label: session.t("console.handover.field.template"),
                         editor: .choice(ChoiceList(options: options, selected: index)))
    }

    /// The shift forms' own labels (the same field ids, so refusals still land on them).
    static func labelled(_ field: FormField, _ session: ConsoleSession) -> FormField {
        var out = field
        out.label = session.t("console.handover.field." + field.id)
        return out
    }

    static func minutes(_ hhmm: String) -> Int? {
        let parts = hhmm.split(separator: ":").compactMap { Int($0) }
        return parts.count == 2 ? parts[0] * 60 + parts[1] : nil
    }

    private func chosenTemplate(_ form: Form, _ session: ConsoleSession) -> String? {
        guard case .choice(let list)? = form.field("template")?.editor, list.selected > 0 else { return nil }
        let templates = session.state.policy.shiftTemplates
        return templates.indices.contains(list.selected - 1) ? templates[list.selected - 1].code : nil
    }

    /// 带班民警: the police officer responsible for the shift, on duty or on call (police only).
    static func leadPoliceField(_ session: ConsoleSession) -> FormField {
        var field = labelled(FormKit.officers("lead-police", session) { $0.role == .police }, session)
        field.placeholder = session.t("console.handover.lead_police_placeholder")
        return field
    }

    private func openForm(_ session: ConsoleSession) -> Form {
        Form(title: session.t("console.handover.form.open"), fields: [
            Self.labelled(FormKit.officers("duty", session, value: session.operatorBadge ?? ""), session),
            Self.labelled(FormKit.text("team", session, placeholder: session.t("console.form.badges_placeholder")), session),
            templateChoice(session),
            Self.leadPoliceField(session),
        ], discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    private func handoverForm(_ session: ConsoleSession) -> Form {
        let state = session.state
        let previous = state.shifts.current.flatMap { state.previousHandover(before: $0) }?.carried ?? []
        return Form(title: session.t("console.handover.form.handover", ["shift": state.shifts.current?.id ?? ""]), fields: [
            // Only someone who can sign in can take the shift on; not the one handing it over.
            Self.labelled(FormKit.officers("to", session) { [duty = session.state.shifts.current?.duty] officer in
                officer.role.isOperator && officer.badge != duty
            }, session),
            // Several lines: Enter starts a new line here, Tab (or ↓ on its last line) moves on.
            FormField(id: "notes", label: session.t("console.handover.field.notes"),
                      editor: .note(NoteField(maxLength: 500, wrapWidth: Self.notesWidth), height: 3),
                      placeholder: session.t("console.handover.notes_placeholder")),
            Self.labelled(FormKit.text("carried", session, value: previous.joined(separator: ";"), max: 500,
                                       placeholder: session.t("console.handover.carried_placeholder")), session),
        ], discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    private func acknowledgeForm(_ session: ConsoleSession) -> Form {
        let pending = session.state.unacknowledgedHandovers.last
        let title = pending.map { shift in
            session.t("console.handover.form.ack", [
                "shift": shift.id, "from": session.officerName(shift.handover?.from ?? ""),
                "to": session.officerName(shift.handover?.to ?? "")])
        } ?? ""
        return Form(title: title, fields: [
            Self.labelled(FormKit.officers("by", session, value: pending?.handover?.to ?? ""), session),
            Self.labelled(FormKit.text("objections", session, max: 500,
                                       placeholder: session.t("console.handover.objections_placeholder")), session),
            FormField(id: "open-next", label: session.t("console.handover.field.open_next"),
                      editor: .choice(ChoiceList(options: [session.t("console.yes"), session.t("console.no")]))),
            templateChoice(session),
            Self.leadPoliceField(session),
        ], discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    /// How the objection to shift `id`'s handover was dealt with: what was done, by whom.
    private func addressForm(_ id: String, _ session: ConsoleSession) -> Form {
        let ack = session.state.shifts.shift(id)?.acknowledgement
        var by = FormKit.officers("by", session, value: session.operatorBadge ?? "")
        by.label = session.t("console.handover.field.addressed_by")
        return Form(title: session.t("console.handover.form.address", [
            "shift": id, "name": session.officerName(ack?.by ?? ""),
            "text": Privacy.maskNumbers(in: CleanText.strip(ack?.objections ?? ""))]), fields: [
            // One line, as the event keeps it.
            FormField(id: "note", label: session.t("console.handover.field.handling"),
                      editor: .text(TextField(maxLength: 500)), placeholder: session.t("console.handover.handling_placeholder")),
            by,
        ], discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    /// Wrapping width of the notes field (its ↑ ↓ move by these rows); fits the form at 80 columns.
    static let notesWidth = 60

    /// The handover the form describes.
    static func handOver(_ form: Form) -> HandOverShift {
        let v = form.values
        let carried = (v["carried"] ?? "").split(whereSeparator: { $0 == ";" || $0 == "；" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return HandOverShift(to: v["to"] ?? "", notes: v["notes"] ?? "", carried: carried)
    }

    /// F10 on the handover form: checked as the write would be (a refusal shows at its field,
    /// nothing asked), then asked once more, naming who takes over — it cannot be edited after.
    private func confirmHandover(_ form: inout Form, _ session: ConsoleSession) -> Effects {
        let command = Self.handOver(form)
        do {
            _ = try session.office.preview(command, as: session.operatorBadge)
        } catch let error as DomainError {
            FormKit.refuse(Refusal(field: error.field, message: error.screenMessage(session.strings), error: error),
                           &form, fallback: "notes", session)
            mode = .form(.handover, form)
            return .updated
        } catch {
            // Anything else (no operator yet …) is met and said by the write itself.
            return save(.handover, &form, session)
        }
        let shift = session.state.shifts.current?.id ?? ""
        let to = (try? Validate.officer(command.to, field: "to", session.state))?.badge ?? command.to
        let dialog = ConfirmDialog(title: session.t("console.handover.confirm_title", ["shift": shift]),
                                   message: session.t("console.handover.confirm_message", [
                                       "shift": shift, "name": session.officerName(to)]),
                                   yesLabel: session.t("console.yes"), noLabel: session.t("console.no"))
        mode = .confirmHandover(form, dialog)
        return .updated
    }

    private func save(_ kind: FormKind, _ form: inout Form, _ session: ConsoleSession) -> Effects {
        let v = form.values
        let outcome: Result<WriteResult, Refusal>
        let fallback: String
        switch kind {
        case .open:
            fallback = "duty"
            outcome = session.execute(OpenShift(duty: v["duty"] ?? "", team: FormKit.list(v["team"] ?? ""),
                                                template: chosenTemplate(form, session), leadPolice: v["lead-police"]))
        case .handover:
            fallback = "notes"
            outcome = session.execute(Self.handOver(form))
        case .addressObjection:
            fallback = "note"
            outcome = session.execute(AddressHandoverObjection(shift: addressing ?? "", by: v["by"], note: v["note"] ?? ""))
        case .acknowledge:
            fallback = "by"
            // The incoming officer acknowledges in their own name: they become the operator.
            let typed = CleanText.strip(v["by"] ?? "")
            let by = (try? Validate.officer(typed, field: "by", session.state))?.badge ?? typed
            if session.state.officers.officer(by) != nil, let error = AcknowledgeShift.notTheIncoming(by, session.state) {
                // Only the officer it was handed to acknowledges: say so before anyone signs in.
                FormKit.refuse(Refusal(field: "by", message: error.screenMessage(session.strings), error: error),
                               &form, fallback: "by", session)
                mode = .form(kind, form)
                return .updated
            }
            if session.state.access.requiresSignIn, session.state.officers.officer(by) != nil,
               !session.office.signedIn.contains(by) {
                // On an office with PINs the incoming officer signs in here first; the
                // console then brings them back to this tab to confirm in their own name.
                session.wantsSignIn = (by, .handover)
                session.waitingAcknowledgement = (by, form)
                mode = .draft
                session.say(.info, session.t("console.handover.ack_sign_in", ["name": session.officerName(by)]))
                return [.handled, .redraw]
            }
            if session.state.officers.officer(by) != nil, by != session.operatorBadge, let refusal = session.setOperator(by) {
                outcome = .failure(refusal)
            } else {
                var openNext = true
                if case .choice(let list)? = form.field("open-next")?.editor { openNext = list.selected == 0 }
                let objections = (v["objections"] ?? "").trimmingCharacters(in: .whitespaces)
                outcome = session.execute(AcknowledgeShift(by: by, objections: objections.isEmpty ? nil : objections,
                                                           openNext: openNext, template: chosenTemplate(form, session),
                                                           leadPolice: v["lead-police"]))
            }
        }
        guard let result = FormKit.written(outcome, &form, fallback: fallback, session) else {
            mode = .form(kind, form)
            return .updated
        }
        if kind == .addressObjection, let id = addressing {
            // Back to the review, which now shows how it was dealt with; 总览 no longer lists it.
            mode = .review(id)
            offset = 0
            session.say(.ok, session.t("console.handover.addressed", ["shift": id]))
            return .wrote
        }
        mode = .draft
        offset = 0
        let id = result.entityID ?? ""
        switch kind {
        case .open:
            session.say(.ok, session.t("console.handover.opened", ["shift": id, "name": session.officerName(v["duty"] ?? "")]))
        case .handover:
            session.say(.ok, session.t("console.handover.handed_over", [
                "shift": id, "name": session.officerName(v["to"] ?? "")]))
        case .addressObjection:
            break
        case .acknowledge:
            let shift = result.records.first.flatMap { _ in session.state.shifts.current?.id } ?? id
            session.say(.ok, session.t(v["objections"]?.isEmpty == false ? "console.handover.acked_with" : "console.handover.acked_ok",
                                       ["name": session.officerName(v["by"] ?? ""), "shift": shift]))
        }
        return .wrote
    }

    // MARK: Lines

    /// Handover notes as typed: their first line after the label, each further line of its own
    /// under it (each wraps to the screen as every line does).
    static func notesLines(_ notes: String, _ session: ConsoleSession) -> [StyledLine] {
        let lines = notes.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var out = [StyledLine(session.t("console.handover.notes_line", ["text": lines.first ?? ""]))]
        out += lines.dropFirst().map { StyledLine("    " + $0) }
        return out
    }

    /// The shift on duty, its draft and the items carried from the previous handover.
    func draftLines(_ session: ConsoleSession) -> [StyledLine] {
        let state = session.state
        func t(_ key: String, _ args: [String: String] = [:]) -> String { session.t(key, args) }
        var out: [StyledLine] = []
        for shift in state.unacknowledgedHandovers {
            out.append(StyledLine(t("console.handover.pending", [
                "shift": shift.id, "from": session.officerName(shift.handover?.from ?? ""),
                "to": session.officerName(shift.handover?.to ?? ""),
                "at": session.dayClock(shift.handover?.at ?? session.now)]), .warn))
        }
        guard let shift = state.shifts.current, let report = state.handoverDraft(now: session.now) else {
            // Between shifts: what the incoming officer is asked to acknowledge, in full.
            if let pending = state.unacknowledgedHandovers.last, let handover = pending.handover {
                out += Self.notesLines(handover.notes, session)
                if !handover.carried.isEmpty {
                    out.append(StyledLine(t("console.handover.carried_pending", ["count": String(handover.carried.count)]),
                                          .header))
                    out += handover.carried.map { StyledLine("  " + $0) }
                }
                out.append(StyledLine(t("console.handover.review_hint", ["shift": pending.id]), .muted))
            } else {
                out.append(StyledLine(t("console.handover.no_shift"), .muted))
            }
            return out
        }
        var head = t("console.handover.draft_title", [
            "shift": shift.id, "name": session.officerName(shift.duty), "from": session.dayClock(shift.openedAt),
            "to": session.clock(session.now)])
        if let template = shift.template {
            head += "  " + (session.strings.has("report.template." + template) ? t("report.template." + template) : template)
        }
        out.append(StyledLine(head, .title))
        if !shift.team.isEmpty {
            out.append(StyledLine(t("console.handover.team", ["names": shift.team.map(session.officerName).joined(separator: "、")])))
        }
        // The same sections as `jingwu report handover` (HandoverReport.sections), carried-in items last.
        let runs = HandoverReview.entries(state).first?.carriedRuns ?? [:]
        out += HandoverLines.lines(report, state: state, session: session, runsIn: runs)
        return out
    }

    /// A past handover: header, the report as it stood, then what changed since.
    func reviewLines(_ id: String, _ session: ConsoleSession) -> [StyledLine] {
        func t(_ key: String, _ args: [String: String] = [:]) -> String { session.t(key, args) }
        guard let review = review(id, session) else { return [StyledLine(t("console.handover.review_missing"), .error)] }
        let now = session.state
        guard let shift = now.shifts.shift(id), let handover = shift.handover else { return [] }
        var out: [StyledLine] = []
        out.append(StyledLine(t("console.handover.review_title", [
            "shift": id, "from": session.officerName(handover.from), "to": session.officerName(handover.to),
            "opened": session.fullTime(shift.openedAt), "at": session.dayClock(handover.at)]), .title))
        if let ack = shift.acknowledgement {
            out.append(StyledLine(t("console.handover.ack_line", [
                "name": session.officerName(ack.by), "at": session.dayClock(ack.at)]), .ok))
            if let objections = ack.objections {
                out.append(StyledLine(t("console.handover.objections_line", ["text": objections]), .warn))
            }
            if shift.objection != nil {
                // How it was dealt with, or that nothing records it yet (`x` records it).
                if let handling = ack.handling {
                    out.append(StyledLine(t("console.handover.handling_line", [
                        "text": handling.note, "name": session.officerName(handling.by),
                        "at": session.dayClock(handling.at)]), .ok))
                } else {
                    out.append(StyledLine(t("console.handover.handling_none"), .warn))
                }
            }
        } else {
            out.append(StyledLine(t("console.handover.never_acked_line"), .error))
        }
        out.append(StyledLine(t("console.handover.as_it_stood", ["seq": String(review.seq)]), .header))
        let thenShift = review.stateThen.shifts.shift(id)
        out += Self.notesLines(thenShift?.handover?.notes ?? "", session)
        // What stood at the handover: the state folded up to it, every section as at its time.
        let entries = HandoverReview.entries(now)
        let index = entries.firstIndex { $0.shift.id == id }
        let runsOut = index.map { entries[$0].carriedRuns } ?? [:]
        let runsIn = index.flatMap { $0 + 1 < entries.count ? entries[$0 + 1].carriedRuns : nil } ?? [:]
        out += HandoverLines.lines(review.reportThen, state: review.stateThen, session: session,
                                   runsIn: runsIn, runsOut: runsOut)

        out.append(StyledLine(t("console.handover.since", ["count": String(review.changes.count)]), .title))
        if review.changes.isEmpty { out.append(StyledLine("  " + t("console.handover.no_changes"), .muted)) }
        for change in review.changes { out.append(changeLine(change, session)) }
        let diffs = figureDiffs(review, session)
        if !diffs.isEmpty {
            out.append(StyledLine(t("console.handover.figures_now"), .header))
            out += diffs.map { StyledLine("  " + $0, .warn) }
        }
        // Items the handover left open and dealt with since: their outcome here, never in the report above.
        let settled = HandoverReview.settledSince(review.reportThen, state: now)
        out.append(StyledLine(t("console.handover.settled_since", ["count": String(settled.count)]), .title))
        let builder = ReportBuilder(state: review.stateThen, strings: session.strings, now: review.reportThen.to)
        for item in settled {
            out.append(StyledLine("  " + t("console.handover.settled_line", [
                "item": item.item, "at": session.dayClock(item.at), "outcome": outcomeText(item, session),
                "section": builder.handoverTitle(item.section)])))
        }
        return out
    }

    /// The outcome of an item settled after the handover, in words.
    private func outcomeText(_ item: HandoverSettledSince, _ session: ConsoleSession) -> String {
        switch item.section {
        case .openIncidents:
            return IncidentDisposition(rawValue: item.outcome).map { session.name($0) } ?? item.outcome
        case .disputesPending: return session.t("console.dispute." + item.outcome)
        case .fraudPending: return session.t("domain.fraud_status." + item.outcome)
        default: return session.t("console.handover.outcome." + item.outcome)
        }
    }

    private func changeLine(_ change: HandoverChange, _ session: ConsoleSession) -> StyledLine {
        let r = change.record
        let type = JournalText.typeName(change.targetType ?? r.type, session)
        let who = r.by + " " + session.officerName(r.by)
        switch change.kind {
        case .amended:
            let fields = change.changes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            return StyledLine("  " + session.t("console.handover.change_amended", [
                "seq": String(r.seq), "at": session.dayClock(r.recorded), "who": who, "type": type, "fields": fields,
                "reason": change.reason ?? ""]), .warn)
        case .voided:
            return StyledLine("  " + session.t("console.handover.change_voided", [
                "seq": String(r.seq), "at": session.dayClock(r.recorded), "who": who, "type": type,
                "reason": change.reason ?? ""]), .warn)
        case .backdated:
            return StyledLine("  " + session.t("console.handover.change_backdated", [
                "seq": String(r.seq), "at": session.dayClock(r.recorded), "who": who, "type": type,
                "when": session.dayClock(r.at), "reason": change.reason ?? ""]), .warn)
        }
    }

    /// Figures that read differently with what is known now: "label then → now".
    func figureDiffs(_ review: HandoverReviewResult, _ session: ConsoleSession) -> [String] {
        let then = ReportBuilder(state: review.stateThen, strings: session.strings, now: review.reportThen.to)
            .handover(review.reportThen)
        let now = ReportBuilder(state: review.stateCorrected, strings: session.strings, now: review.reportThen.to)
            .handover(review.reportCorrected)
        let before = Dictionary(then.figures.map { ($0.key, $0.value.display) }, uniquingKeysWith: { a, _ in a })
        var out: [String] = []
        for figure in now.figures {
            guard let old = before[figure.key], old != figure.value.display else { continue }
            out.append(figure.label + " " + old + " → " + figure.value.display)
        }
        let notesThen = review.stateThen.shifts.shift(review.shiftID)?.handover?.notes
        let notesNow = review.stateCorrected.shifts.shift(review.shiftID)?.handover?.notes
        if let notesNow, notesThen != notesNow {
            out.append(session.t("console.handover.notes_now", ["text": notesNow.split(separator: "\n").joined(separator: " / ")]))
        }
        return out
    }

    private func review(_ id: String, _ session: ConsoleSession) -> HandoverReviewResult? {
        if let cached = reviewCache, cached.shiftID == id, cached.headSeq == session.office.journal.headSeq { return cached }
        reviewCache = try? HandoverReview.review(shift: id, journal: session.office.journal, policy: session.state.policy)
        return reviewCache
    }

    // MARK: Drawing

    func render(into screen: Screen, rect: Rect, session: ConsoleSession) {
        if let printPreview { return printPreview.render(into: screen, rect: rect, session: session) }
        pageHeight = rect.height
        pageWidth = rect.width
        switch mode {
        case .form(_, let form):
            form.render(into: screen, rect: rect)
        case .confirmHandover(let form, let dialog):
            form.render(into: screen, rect: rect)
            dialog.render(into: screen, area: rect)
        case .draft:
            offset = renderLines(draftLines(session), offset: offset, into: screen, rect: rect)
        case .history, .filter:
            let (top, body) = rect.splitTop(1)
            if case .filter(let field) = mode {
                let label = session.t("console.handover.filter_label")
                let w = TextWidth.columns(of: label) + 1
                screen.put(label, in: top, style: .hintKey)
                field.render(into: screen, rect: Rect(row: top.row, col: top.col + w, width: top.width - w, height: 1),
                             focused: true)
            } else {
                let never = entries.filter(\.neverAcknowledged).count
                let long = entries.filter { !$0.longCarried.isEmpty }.count
                screen.put(session.t("console.handover.history_title", [
                    "count": String(entries.count), "never": String(never), "long": String(long),
                    "filter": filterText.isEmpty ? "" : session.t("console.handover.filtered", ["text": filterText])]),
                           in: top, style: .header)
            }
            table.render(into: screen, rect: body)
        case .review(let id):
            offset = renderLines(reviewLines(id, session), offset: offset, into: screen, rect: rect)
        }
    }
}
