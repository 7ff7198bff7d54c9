import Foundation
import JingwuDomain
import JingwuTerminal

/// The question before a whole number is shown (an ID number, a fraud warning's phone):
/// why it is needed. A purpose is chosen from the usual ones, with a note beside it; the
/// last choice, 其他, needs the note. The answer goes into the record of the look, which is
/// written before the number is shown.
enum RevealPurpose {
    /// What is revealed: its usual purposes are keys `console.reveal.purpose.<kind>.<n>`.
    enum Kind: String {
        case idNumber = "id"
        case phone
        /// An incident caller's (报警人) phone, to call them back (session 11).
        case callerPhone = "caller"

        /// The usual purposes, most common first; `console.reveal.purpose.other` comes last.
        var purposeKeys: [String] {
            switch self {
            case .idNumber: return (1...3).map { "console.reveal.purpose.id.\($0)" }
            case .phone: return (1...2).map { "console.reveal.purpose.phone.\($0)" }
            case .callerPhone: return (1...2).map { "console.reveal.purpose.caller.\($0)" }
            }
        }
    }

    /// The form: a choice of purpose and a note (needed for 其他).
    static func form(_ kind: Kind, title: String, _ session: ConsoleSession) -> Form {
        let options = kind.purposeKeys.map { session.t($0) } + [session.t("console.reveal.purpose.other")]
        return Form(title: title, fields: [
            FormField(id: "purpose", label: session.t("console.reveal.field.purpose"),
                      editor: .choice(ChoiceList(options: options, selected: 0))),
            FormField(id: "purpose-note", label: session.t("console.reveal.field.note"),
                      editor: .text(TextField(maxLength: 100)), placeholder: session.t("console.reveal.note_placeholder")),
        ], discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    /// Enter anywhere in the question answers it (the note is one line): `r` Enter reveals
    /// with the usual purpose, as `r` alone did before a purpose was asked.
    /// (Not while the form asks whether to discard a typed note: Enter answers that.)
    static func answers(_ key: Key, _ form: Form) -> Bool { key == .enter && form.cancelConfirm == nil }

    /// The purpose to record (`电话劝阻`, `电话劝阻：再次回拨`, or the note alone for 其他); nil
    /// with the message at the note when 其他 was chosen without one.
    static func purpose(_ kind: Kind, _ form: inout Form, _ session: ConsoleSession) -> String? {
        let note = CleanText.strip(form.values["purpose-note"] ?? "")
        var chosen = 0
        if case .choice(let list)? = form.field("purpose")?.editor { chosen = list.selected }
        guard kind.purposeKeys.indices.contains(chosen) else {
            guard !note.isEmpty else {
                let label = form.field("purpose-note")?.label.trimmingCharacters(in: .whitespaces) ?? ""
                let message = DomainError(.required, field: "purpose-note").screenMessage(session.strings, fieldLabel: label)
                form.setMessage(message, for: "purpose-note")
                form.focus(on: "purpose-note")
                session.say(.error, message)
                return nil
            }
            return note
        }
        let name = session.t(kind.purposeKeys[chosen])
        return note.isEmpty ? name : name + session.t("console.reveal.purpose.joiner") + note
    }
}
