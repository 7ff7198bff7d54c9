import Foundation
import JingwuDomain
import JingwuTerminal

/// Building blocks for the console's forms: field ids are the command-line names of
/// the fields (`cell`, `lead`, `at`), so a refusal from the domain lands at its field.
enum FormKit {
    static func text(_ id: String, _ session: ConsoleSession, value: String = "", max: Int = 200,
                     placeholder: String = "") -> FormField {
        FormField(id: id, label: label(id, session), editor: .text(TextField(text: value, maxLength: max)),
                  placeholder: placeholder)
    }

    /// A choice among the display names of a domain code list. Choices the operator may not
    /// make (`forbidden`: a police decision, for an auxiliary) are marked 「（须民警）」: the
    /// domain refuses them at save, naming the field.
    static func choice<C: DomainCode>(_ id: String, _ type: C.Type, _ session: ConsoleSession, selected: C? = nil,
                                      forbidden: (C) -> Bool = { _ in false }) -> FormField
    {
        let all = Array(C.allCases)
        let index = selected.flatMap { s in all.firstIndex(of: s) } ?? 0
        let options = all.map { forbidden($0) ? session.name($0) + session.t("console.form.police_only") : session.name($0) }
        return FormField(id: id, label: label(id, session),
                         editor: .choice(ChoiceList(options: options, selected: index)))
    }

    /// False, with the first field whose text is not a whole number refused at that field (the
    /// text as typed named: 「来访人数：取值无效：二」), focus on it; true when every one is empty
    /// or a whole number. Checked before the command is built, so what was typed is what is named.
    static func wholeNumbers(_ ids: [String], in form: inout Form, _ session: ConsoleSession) -> Bool {
        for id in ids {
            let text = (form.values[id] ?? "").trimmingCharacters(in: .whitespaces)
            if text.isEmpty || Int(text) != nil { continue }
            form.setMessage(DomainError(.invalid, field: id, value: text).screenMessage(session.strings), for: id)
            form.focus(on: id)
            return false
        }
        return true
    }

    /// The chosen code of a choice field.
    static func chosen<C: DomainCode>(_ form: Form, _ id: String, _ type: C.Type) -> C {
        let all = Array(C.allCases)
        if case .choice(let list)? = form.field(id)?.editor, all.indices.contains(list.selected) { return all[list.selected] }
        return all[0]
    }

    static func officers(_ id: String, _ session: ConsoleSession, value: String = "",
                         where include: (Officer) -> Bool = { _ in true }) -> FormField {
        let items = session.state.officers.all.filter(include).map { CompletionItem(code: $0.badge, name: $0.name) }
        return FormField(id: id, label: label(id, session), editor: .completion(CompletionField(items: items, text: value)))
    }

    static func cells(_ id: String, _ session: ConsoleSession, value: String = "") -> FormField {
        FormField(id: id, label: label(id, session),
                  editor: .completion(CompletionField(items: cellItems(session), text: value)))
    }

    static func cellItems(_ session: ConsoleSession) -> [CompletionItem] {
        session.state.cells.all.map { CompletionItem(code: $0.code, name: $0.name) }
    }

    /// "When it happened" and "why back-dated": every entry form ends with these two. The time's
    /// label is 发生时间 unless the form names its own (`labelKey`: 出发时间 for a patrol's start,
    /// 列管时间 for a listing — TERMS.md).
    static func timeFields(_ session: ConsoleSession, labelKey: String? = nil) -> [FormField] {
        [FormField(id: "at", label: labelKey.map { session.t($0) } ?? label("at", session), editor: .dateTime(DateTimeField()),
                   placeholder: session.t("console.form.at_placeholder")),
         text("reason", session, placeholder: session.t("console.form.reason_placeholder"))]
    }

    /// The entry time and back-dating reason, or nil with a message at `at` when the time is unreadable.
    static func time(_ form: inout Form, _ session: ConsoleSession) -> (at: Date?, reason: String?)? {
        guard case .dateTime(let field)? = form.field("at")?.editor else { return (nil, nil) }
        switch field.parse(now: session.now, utcOffsetSeconds: OfficeTime.offset) {
        case .success(let date):
            let reason = form.values["reason"].flatMap { $0.isEmpty ? nil : $0 }
            return (date, reason)
        case .failure:
            form.setMessage(session.t("console.form.bad_time"), for: "at")
            form.focus(on: "at")
            return nil
        }
    }

    /// Shows a refusal at the field it names (or at `fallback` when the form has no such field).
    /// Shows a refusal at its field, worded with the field's label on this form
    /// (情况, not 备注 (note)); the message line gets the same words.
    static func show(_ refusal: Refusal, in form: inout Form, fallback: String, _ session: ConsoleSession) -> String {
        let id = form.field(refusal.field) != nil ? refusal.field : fallback
        var message = refusal.message
        if let error = refusal.error, let field = form.field(refusal.field) {
            message = error.screenMessage(session.strings, fieldLabel: field.label.trimmingCharacters(in: .whitespaces))
        }
        form.setMessage(message, for: id)
        form.focus(on: id)
        return message
    }

    /// Shows a refusal at its field and on the message line.
    static func refuse(_ refusal: Refusal, _ form: inout Form, fallback: String, _ session: ConsoleSession) {
        session.say(.error, show(refusal, in: &form, fallback: fallback, session))
    }

    /// The result of a write, or nil when it was refused: the refusal is then shown at its field.
    static func written(_ outcome: Result<WriteResult, Refusal>, _ form: inout Form, fallback: String,
                        _ session: ConsoleSession) -> WriteResult? {
        switch outcome {
        case .success(let result):
            return result
        case .failure(let refusal):
            refuse(refusal, &form, fallback: fallback, session)
            return nil
        }
    }

    /// The keys of every open form: the same table drives dispatch, help and hints.
    static func keys(_ session: ConsoleSession) -> ConsoleKeyTable {
        ConsoleKeyTable([
            KeyBinding("next", keys: [.tab, .down], label: session.t("console.key.next_field")),
            KeyBinding("previous", keys: [.backTab, .up], label: session.t("console.key.previous_field"), showsInHints: false),
            KeyBinding("save", keys: [.f(10), .enter], label: session.t("console.key.save")),
            // Ctrl-C as Esc: asks before discarding input, closes an empty form (issue 17).
            KeyBinding("cancel", keys: [.escape], label: session.t("console.key.cancel"), quietKeys: [.ctrl("c")]),
            edit,
        ])
    }

    /// The keys of a yes/no question (void, overwrite): y and n (Esc) in help; Enter answers
    /// with the focused button and ←→ Tab move the focus, as in every dialog.
    static func confirmKeys(_ session: ConsoleSession) -> ConsoleKeyTable {
        ConsoleKeyTable([
            KeyBinding("yes", keys: [.character("y")], label: session.t("console.yes"), quietKeys: [.character("Y")]),
            KeyBinding("no", keys: [.character("n"), .escape], label: session.t("console.no"),
                       quietKeys: [.character("N"), .ctrl("c")]),
            KeyBinding("button", keys: [], label: "", quietKeys: [.enter, .left, .right, .tab, .backTab], showsInHelp: false),
        ])
    }

    /// Typing into the focused field (characters, cursor and line-editing keys): every form's
    /// last row, and the check-in line's. Help describes fields by their labels, not this row.
    static let edit = KeyBinding<ScreenAction>("edit", keys: [], label: "", typing: .fieldEditing, showsInHelp: false)

    /// Splits "A01, A02 A03" into items.
    static func list(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "，" || $0 == "、" }).map(String.init)
    }

    static func label(_ id: String, _ session: ConsoleSession) -> String {
        let key = "console.field.\(id)"
        return session.strings.has(key) ? session.t(key) : session.t("domain.field.\(id)")
    }
}
