import JingwuDomain
import JingwuTerminal

/// A screen whose only text input is one form at a time: keys go to the form while it is
/// open, and `q` asks first when the form holds edits.
protocol FormScreen: ConsoleScreen {
    /// The form being filled in, if any.
    var activeForm: Form? { get }
}

extension FormScreen {
    var capturesText: Bool { activeForm != nil }
    var hasUnsavedInput: Bool { activeForm?.isDirty ?? false }
}

/// What a case screen (persons, disputes, incidents) shows: its list, one record's page,
/// or a form with its draft.
enum CaseMode<FormKind> {
    case list
    case file(String)
    case form(FormKind, Form)
}

/// A screen made of a list, one record's page and the forms that write to it.
protocol CaseScreen: FormScreen {
    associatedtype FormKind
    var mode: CaseMode<FormKind> { get set }
    /// The open record's page (its scroll position).
    var page: FilePage { get set }
    /// The lines of a record's page (a person's file, a case file, an incident).
    func fileLines(_ id: String, _ session: ConsoleSession, width: Int) -> [FilePage.Line]
    /// Draws the list mode.
    func renderList(into screen: Screen, rect: Rect, session: ConsoleSession)
}

extension CaseScreen {
    func render(into screen: Screen, rect: Rect, session: ConsoleSession) {
        switch mode {
        case .form(_, let form):
            form.render(into: screen, rect: rect)
        case .file(let id):
            page.show(fileLines(id, session, width: rect.width), into: screen, rect: rect)
        case .list:
            renderList(into: screen, rect: rect, session: session)
        }
    }

    var activeForm: Form? {
        if case .form(_, let form) = mode { return form }
        return nil
    }

    /// Keeps a form open with its draft and redraws.
    func keep(_ kind: FormKind, _ form: Form) -> Effects {
        mode = .form(kind, form)
        return .updated
    }

    /// A key in the open form: Esc calls `cancel`, F10 or Enter calls `save`, anything else
    /// edits the draft (then `edited` may check it as typed).
    func formKey(_ key: Key, _ kind: FormKind, _ form: Form, cancel: () -> Void,
                 edited: (inout Form, KeyResult) -> Void = { _, _ in },
                 save: (inout Form) -> Effects) -> Effects {
        var form = form
        let result = form.handle(key)
        if result.contains(.cancel) {
            cancel()
            return .updated
        }
        if result.contains(.submit) { return save(&form) }
        edited(&form, result)
        mode = .form(kind, form)
        return result.contains(.handled) ? .updated : []
    }

    /// Writes a form's command at the form's time. Nil when the time is unreadable or the
    /// domain refuses: the form stays open with the message at its field (or at `fallback`).
    func write(_ kind: FormKind, _ form: inout Form, _ session: ConsoleSession, _ command: any OfficeCommand,
               fallback: String) -> WriteResult? {
        guard let (at, reason) = FormKit.time(&form, session),
              let result = FormKit.written(session.execute(command, at: at, reason: reason), &form,
                                           fallback: fallback, session)
        else {
            mode = .form(kind, form)
            return nil
        }
        return result
    }
}
