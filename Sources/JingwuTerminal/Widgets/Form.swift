/// One field of a form: an id for the caller, a label, the editor, an inline message.
public struct FormField: Equatable, Sendable {
    /// The editor inside the field.
    public enum Editor: Equatable, Sendable {
        case text(TextField)
        /// A multi-line note taking `height` rows.
        case note(NoteField, height: Int)
        case choice(ChoiceList)
        case dateTime(DateTimeField)
        case completion(CompletionField)
    }

    public var id: String
    public var label: String
    public var editor: Editor
    /// The inline validation message under the field (nil: none), in the operator's language.
    public var message: String?
    /// Shown muted in an empty unfocused field (e.g. "HH:MM, -30m, now").
    public var placeholder: String

    public init(id: String, label: String, editor: Editor, placeholder: String = "") {
        self.id = id
        self.label = label
        self.editor = editor
        self.placeholder = placeholder
    }

    /// The field's value as text: typed text, chosen option, or picked code.
    public var value: String {
        switch editor {
        case .text(let f): return f.text
        case .note(let f, _): return f.text
        case .choice(let f): return f.selectedOption ?? ""
        case .dateTime(let f): return f.text
        case .completion(let f): return f.text
        }
    }

    var height: Int {
        if case .note(_, let h) = editor { return max(1, h) }
        return 1
    }

    /// The field's length limit, when its text has reached it.
    var fullAt: Int? {
        switch editor {
        case .text(let f): return f.maxLength.flatMap { f.characters.count >= $0 ? $0 : nil }
        case .note(let f, _): return f.maxLength.flatMap { f.characters.count >= $0 ? $0 : nil }
        default: return nil
        }
    }

    mutating func handle(_ key: Key) -> KeyResult {
        switch editor {
        case .text(var f):
            let r = f.handle(key)
            editor = .text(f)
            return r
        case .note(var f, let h):
            let r = f.handle(key)
            editor = .note(f, height: h)
            return r
        case .choice(var f):
            let r = f.handle(key)
            editor = .choice(f)
            return r
        case .dateTime(var f):
            let r = f.handle(key)
            editor = .dateTime(f)
            return r
        case .completion(var f):
            let r = f.handle(key)
            editor = .completion(f)
            return r
        }
    }

    func render(into screen: Screen, rect: Rect, focused: Bool) {
        switch editor {
        case .text(let f): f.render(into: screen, rect: rect, focused: focused, placeholder: placeholder)
        case .note(let f, _): f.render(into: screen, rect: rect, focused: focused, placeholder: placeholder)
        case .choice(let f): f.renderInline(into: screen, rect: rect, focused: focused)
        case .dateTime(let f): f.render(into: screen, rect: rect, focused: focused, placeholder: placeholder)
        case .completion(let f):
            // Suggestions open below the field's message, which stays readable.
            f.render(into: screen, rect: rect, focused: focused, fieldWidth: min(rect.width, 16), placeholder: placeholder,
                     listGap: message == nil ? 0 : 1)
        }
    }
}

/// A data-entry form: ordered fields, Tab/Shift-Tab/↑/↓ move, inline messages, dirty
/// tracking, save (Enter on the last field or F10) and cancel with a confirm when dirty.
///
/// The form does not decide what is valid: on `.submit` the caller checks the values
/// (per-field `validate` closures run first), writes messages with `setMessage`, and
/// saves only if none remain.
public struct Form: Sendable {
    /// What a full text field says when more is typed: the console gives its forms the operator's
    /// language (`ConsoleSession.limitMessage`). A property of each form, not of the process: two
    /// consoles in one process (the tests, side by side) each keep their own language.
    public var limitMessage: @Sendable (Int) -> String

    static func isTyping(_ key: Key) -> Bool {
        switch key {
        case .character, .paste: return true
        default: return false
        }
    }

    public var title: String
    public private(set) var fields: [FormField]
    public private(set) var focus = 0
    /// The "discard changes?" question while it is open.
    public private(set) var cancelConfirm: ConfirmDialog?
    /// Checks run on leaving a field and on save: field id → message or nil.
    public var validate: (@Sendable (FormField) -> String?)?
    private let initialValues: [String]
    private let discardDialog: ConfirmDialog

    /// - Parameter discard: the question asked on Esc when there are unsaved changes.
    public init(title: String, fields: [FormField], discard: ConfirmDialog,
                limitMessage: @escaping @Sendable (Int) -> String = { "max \($0)" }) {
        self.limitMessage = limitMessage
        self.title = title
        self.fields = fields
        self.initialValues = fields.map(\.value)
        self.discardDialog = discard
    }

    /// Whether any field differs from how the form started.
    public var isDirty: Bool { fields.map(\.value) != initialValues }

    /// Values by field id.
    public var values: [String: String] {
        Dictionary(fields.map { ($0.id, $0.value) }, uniquingKeysWith: { a, _ in a })
    }

    public func field(_ id: String) -> FormField? { fields.first { $0.id == id } }

    /// Sets or clears the inline message of a field.
    public mutating func setMessage(_ message: String?, for id: String) {
        guard let index = fields.firstIndex(where: { $0.id == id }) else { return }
        fields[index].message = message
    }

    /// Moves focus to a field (e.g. the first one with a message).
    public mutating func focus(on id: String) {
        if let index = fields.firstIndex(where: { $0.id == id }) { focus = index }
    }

    /// Replaces a field's editor (e.g. to prefill it).
    public mutating func setEditor(_ editor: FormField.Editor, for id: String) {
        guard let index = fields.firstIndex(where: { $0.id == id }) else { return }
        fields[index].editor = editor
    }

    /// Renames a field (a badge's label follows the role chosen beside it: 警号, 辅警编号).
    public mutating func setLabel(_ label: String, for id: String) {
        guard let index = fields.firstIndex(where: { $0.id == id }) else { return }
        fields[index].label = label
    }

    /// Runs `validate` on every field; returns whether all passed (focus goes to the first failure).
    @discardableResult
    public mutating func validateAll() -> Bool {
        guard let validate else { return true }
        var firstBad: Int?
        for index in fields.indices {
            fields[index].message = validate(fields[index])
            if fields[index].message != nil && firstBad == nil { firstBad = index }
        }
        if let firstBad { focus = firstBad }
        return firstBad == nil
    }

    public mutating func handle(_ key: Key) -> KeyResult {
        if var dialog = cancelConfirm {
            let result = dialog.handle(key)
            cancelConfirm = dialog
            if result.contains(.submit) {
                cancelConfirm = nil
                return [.handled, .redraw, .cancel]
            }
            if result.contains(.cancel) {
                cancelConfirm = nil
                return .updated
            }
            return result
        }
        switch key {
        case .f(10):
            return submit()
        case .escape, .ctrl("c"):
            // An open suggestion list shuts first on Esc; Ctrl-C goes straight to the form: with
            // input it asks (discard?), without it closes the form (issue 17).
            if key == .escape, case .completion(let f) = fields[focus].editor, f.isOpen { return fields[focus].handle(key) }
            if isDirty {
                cancelConfirm = discardDialog
                return .updated
            }
            return [.handled, .cancel]
        default:
            break
        }
        let result = fields[focus].handle(key)
        if result.contains(.handled) {
            if result.contains(.changed) && fields[focus].message != nil {
                fields[focus].message = nil  // the message described the old value
            }
            // Typing on at a full field: say so, rather than drop the characters silently.
            if !result.contains(.changed), let limit = fields[focus].fullAt, Self.isTyping(key) {
                fields[focus].message = limitMessage(limit)
                return result.union(.redraw)
            }
            return result.union(.redraw)
        }
        switch key {
        case .tab, .down:
            return move(by: 1)
        case .backTab, .up:
            return move(by: -1)
        case .enter:
            return focus == fields.count - 1 ? submit() : move(by: 1)
        default:
            return []
        }
    }

    private mutating func move(by step: Int) -> KeyResult {
        if let validate { fields[focus].message = validate(fields[focus]) }
        if case .completion(var f) = fields[focus].editor {
            f.leave()  // a suggestion highlighted before leaving is not the choice on return
            fields[focus].editor = .completion(f)
        }
        let next = focus + step
        guard next >= 0 && next < fields.count else { return .updated }
        focus = next
        return .updated
    }

    private mutating func submit() -> KeyResult {
        validateAll() ? [.handled, .redraw, .submit] : .updated
    }

    /// Draws the title, labels, fields and messages; the focused field gets the cursor.
    public func render(into screen: Screen, rect: Rect) {
        guard rect.height > 0, rect.width > 0 else { return }
        screen.fill(rect, style: .normal)
        let (titleRect, body) = rect.splitTop(title.isEmpty ? 0 : 2)
        if !title.isEmpty { screen.put(title, in: titleRect, style: .header) }
        let labelWidth = min(max(4, rect.width / 3), (fields.map { TextWidth.columns(of: $0.label) }.max() ?? 0) + 2)
        let fieldCol = body.col + labelWidth + 2
        let fieldWidth = max(1, body.right - fieldCol - 1)

        // Row of each field (messages take a row under their field).
        var tops: [Int] = []
        var y = 0
        for field in fields {
            tops.append(y)
            y += field.height + (field.message == nil ? 0 : 1)
        }
        let focusBottom = tops.isEmpty ? 0 : tops[focus] + fields[focus].height + (fields[focus].message == nil ? 0 : 1)
        let scroll = max(0, focusBottom - body.height)

        var focusedRect: Rect?
        for (index, field) in fields.enumerated() {
            let top = body.row + tops[index] - scroll
            guard top >= body.row, top + field.height <= body.bottom else { continue }
            let isFocused = index == focus && cancelConfirm == nil
            let marker = index == focus ? ">" : " "
            screen.put(marker + field.label, row: top, col: body.col, width: labelWidth + 1,
                       style: index == focus ? .hintKey : .normal)
            let fieldRect = Rect(row: top, col: fieldCol, width: fieldWidth, height: field.height)
            if isFocused {
                focusedRect = fieldRect
            } else {
                field.render(into: screen, rect: fieldRect, focused: false)
            }
            if let message = field.message, top + field.height < body.bottom {
                screen.put(message, row: top + field.height, col: fieldCol, width: fieldWidth, style: .error)
            }
        }
        // The focused field last: a completion list may overlay the fields below it.
        if let focusedRect {
            var area = focusedRect
            if case .completion = fields[focus].editor { area.height = max(1, body.bottom - focusedRect.row) }
            fields[focus].render(into: screen, rect: area, focused: true)
            // The labels beside an open list are blanked too: a suggestion beside another
            // field's label reads as that field's value.
            if case .completion(let f) = fields[focus].editor {
                let gap = fields[focus].message == nil ? 0 : 1
                for n in 0..<f.suggestionRows(height: area.height, gap: gap) {
                    screen.fill(Rect(row: area.row + 1 + gap + n, col: body.col, width: fieldCol - body.col, height: 1),
                                style: .normal)
                }
            }
        }
        if let cancelConfirm { cancelConfirm.render(into: screen, area: rect) }
    }
}
