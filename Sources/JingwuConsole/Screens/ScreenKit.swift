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
