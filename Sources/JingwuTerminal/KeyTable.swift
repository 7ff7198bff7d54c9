/// What a key handler did, so the loop knows what to redraw or do next.
public struct KeyResult: OptionSet, Hashable, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// The key was used; do not pass it on.
    public static let handled = KeyResult(rawValue: 1 << 0)
    /// Something visible changed.
    public static let redraw = KeyResult(rawValue: 1 << 1)
    /// The value (text, selection, choice) changed.
    public static let changed = KeyResult(rawValue: 1 << 2)
    /// The user asked to save / confirm / open (Enter, F10, y).
    public static let submit = KeyResult(rawValue: 1 << 3)
    /// The user asked to cancel / close / go back.
    public static let cancel = KeyResult(rawValue: 1 << 4)
    /// Focus should move to the next or previous element.
    public static let focusNext = KeyResult(rawValue: 1 << 5)
    public static let focusPrevious = KeyResult(rawValue: 1 << 6)

    /// Handled with a visible change.
    public static let updated: KeyResult = [.handled, .redraw]
    /// Handled, visible change, value changed.
    public static let edited: KeyResult = [.handled, .redraw, .changed]
}

/// One row of a key table: which keys do an action and how help describes it.
public struct KeyBinding<Action: Hashable & Sendable>: Sendable {
    public var action: Action
    public var keys: [Key]
    /// The help text, in the operator's language (given by the caller).
    public var label: String
    /// Whether the bottom key-hint line shows it (the help overlay shows every row).
    public var showsInHints: Bool

    public init(_ action: Action, keys: [Key], label: String, showsInHints: Bool = true) {
        self.action = action
        self.keys = keys
        self.label = label
        self.showsInHints = showsInHints
    }
}

/// A key and label pair as shown by the hint line and the help overlay.
public struct KeyHint: Equatable, Sendable {
    public var keys: String
    public var label: String
    public init(keys: String, label: String) {
        self.keys = keys
        self.label = label
    }
}

/// The one table that dispatches keys and describes them.
///
/// Dispatch (`action(for:)`), the help overlay (`helpRows`) and the hint line (`hints`)
/// all read these rows, so what help says is what the keys do.
public struct KeyTable<Action: Hashable & Sendable>: Sendable {
    public private(set) var bindings: [KeyBinding<Action>]

    public init(_ bindings: [KeyBinding<Action>]) { self.bindings = bindings }

    /// Adds a row at the end (a later row never steals a key from an earlier one).
    public mutating func add(_ binding: KeyBinding<Action>) { bindings.append(binding) }

    /// A table with another table's rows appended (screen keys plus global keys).
    public func merged(with other: KeyTable<Action>) -> KeyTable<Action> {
        KeyTable(bindings + other.bindings)
    }

    /// The action bound to a key, first row wins.
    public func action(for key: Key) -> Action? {
        for binding in bindings where binding.keys.contains(key) { return binding.action }
        return nil
    }

    /// Every row for the help overlay, keys joined with "/".
    public var helpRows: [KeyHint] {
        bindings.map { KeyHint(keys: Self.keyNames($0.keys), label: $0.label) }
    }

    /// The rows for the bottom hint line (first key only, to save room).
    public var hints: [KeyHint] {
        bindings.filter(\.showsInHints).compactMap { binding in
            binding.keys.first.map { KeyHint(keys: $0.displayName, label: binding.label) }
        }
    }

    static func keyNames(_ keys: [Key]) -> String {
        keys.map(\.displayName).joined(separator: "/")
    }
}
