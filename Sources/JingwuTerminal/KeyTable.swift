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
///
/// `keys` are named in help (and the first of them in the hint line). A row may also answer
/// to `quietKeys` (PgUp/PgDn/Home/End beside ↑/↓) and to a class of keys (`typing`: what a
/// text field takes) that help describes by the row's label rather than key by key. A key
/// no row answers to reaches no screen code.
public struct KeyBinding<Action: Hashable & Sendable>: Sendable {
    public var action: Action
    public var keys: [Key]
    /// The help text, in the operator's language (given by the caller).
    public var label: String
    /// Whether the bottom key-hint line shows it (the help overlay shows every row it may).
    public var showsInHints: Bool
    /// Whether the help overlay shows it (rows for typing into a field do not).
    public var showsInHelp: Bool
    /// Keys the row answers to that help does not name.
    public var quietKeys: [Key]
    /// A class of keys the row answers to (typing), if any.
    public var typing: KeyClass?

    public init(_ action: Action, keys: [Key], label: String, showsInHints: Bool = true,
                quietKeys: [Key] = [], typing: KeyClass? = nil, showsInHelp: Bool = true) {
        self.action = action
        self.keys = keys
        self.label = label
        self.showsInHints = showsInHints
        self.showsInHelp = showsInHelp
        self.quietKeys = quietKeys
        self.typing = typing
    }

    /// Whether this row answers to a key.
    public func matches(_ key: Key) -> Bool {
        keys.contains(key) || quietKeys.contains(key) || (typing?.contains(key) ?? false)
    }
}

/// A class of keys a row answers to as a whole, described by a predicate.
public struct KeyClass: Sendable {
    public let name: String
    private let test: @Sendable (Key) -> Bool
    public init(_ name: String, _ test: @escaping @Sendable (Key) -> Bool) {
        self.name = name
        self.test = test
    }
    public func contains(_ key: Key) -> Bool { test(key) }

    /// What a text, choice, date or completion field does with a key besides the form's own
    /// keys: characters, pastes, the cursor keys and the line-editing Ctrl keys.
    public static let fieldEditing = KeyClass("fieldEditing") { key in
        switch key {
        case .character, .paste, .left, .right, .home, .end, .pageUp, .pageDown, .backspace, .delete:
            return true
        case .ctrl(let c): return "aehduk".contains(c)
        default: return false
        }
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
        for binding in bindings where binding.matches(key) { return binding.action }
        return nil
    }

    /// Every row for the help overlay, keys joined with "/".
    public var helpRows: [KeyHint] {
        bindings.filter(\.showsInHelp).map { KeyHint(keys: Self.keyNames($0.keys), label: $0.label) }
    }

    /// The rows for the bottom hint line (first key only, to save room).
    public var hints: [KeyHint] {
        bindings.filter { $0.showsInHints && $0.showsInHelp }.compactMap { binding in
            binding.keys.first.map { KeyHint(keys: $0.displayName, label: binding.label) }
        }
    }

    static func keyNames(_ keys: [Key]) -> String {
        keys.map(\.displayName).joined(separator: "/")
    }
}
