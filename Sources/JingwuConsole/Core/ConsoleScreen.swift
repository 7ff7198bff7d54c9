import JingwuTerminal

/// What a key handler changed, so the loop knows what to redraw or do next.
///
/// Handlers return this instead of drawing; the loop redraws only when something
/// visible changed (`.redraw`), refreshes every screen's cached rows after a write
/// (`.data`), and acts on navigation and quitting.
public struct Effects: OptionSet, Hashable, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// The key was used; nobody else gets it.
    public static let handled = Effects(rawValue: 1 << 0)
    /// Something on screen changed.
    public static let redraw = Effects(rawValue: 1 << 1)
    /// The journal was written: every screen's projection is stale.
    public static let data = Effects(rawValue: 1 << 2)
    /// `session.pendingNavigation` names a screen (and maybe a record) to open.
    public static let navigate = Effects(rawValue: 1 << 3)
    /// Leave the console.
    public static let quit = Effects(rawValue: 1 << 4)

    /// Used, and visible.
    public static let updated: Effects = [.handled, .redraw]
    /// A write happened.
    public static let wrote: Effects = [.handled, .redraw, .data]
}

/// A name for what a key does; each screen declares its own (`ScreenAction("checkin")`).
public struct ScreenAction: Hashable, Sendable, ExpressibleByStringLiteral {
    public let name: String
    public init(_ name: String) { self.name = name }
    public init(stringLiteral value: String) { self.name = value }
}

/// The key table every screen and the frame speak: one table drives dispatch, help and hints.
public typealias ConsoleKeyTable = KeyTable<ScreenAction>

/// One screen of the console: one file conforms, one line in `ConsoleTab.makeScreen` lists it.
///
/// A screen draws from the office state plus its own UI state (selection, form draft)
/// and never writes the terminal outside the rectangle it is given.
public protocol ConsoleScreen: AnyObject {
    /// Which tab it sits under.
    var tab: ConsoleTab { get }
    /// The keys that work right now (they may change with the screen's mode: list, form…).
    /// Dispatch, the help overlay and the hint line all read this table.
    func keys(_ session: ConsoleSession) -> ConsoleKeyTable
    /// True while the operator is typing into a field: single-character global keys
    /// (digits, `q`, `?`) then go to the screen, not the frame.
    var capturesText: Bool { get }
    /// True when a form holds input that would be lost; `q` then asks first.
    var hasUnsavedInput: Bool { get }
    /// Draws the main area.
    func render(into screen: Screen, rect: Rect, session: ConsoleSession)
    /// Does what a row of `keys(session)` names, for the key that chose it (a move key, a
    /// character typed into a field); return `[]` to let the frame have the key after all.
    /// Only `handle` calls it, so a key the table does not list reaches no screen code.
    func perform(_ action: ScreenAction, key: Key, session: ConsoleSession) -> Effects
    /// Opens the screen on a record (from the overview or another screen); nil: as it was.
    func open(_ target: String?, session: ConsoleSession)
    /// The journal changed (a write here or elsewhere): rebuild cached rows.
    func reload(_ session: ConsoleSession)
    /// Hides every whole number a recorded reveal shows (an ID number, a phone): the console
    /// locked, so the reveal's time is over whoever signs in next.
    func endReveals()
}

extension ConsoleScreen {
    /// The one dispatch of every screen: the table that draws help and hints picks the action.
    public func handle(_ key: Key, session: ConsoleSession) -> Effects {
        guard let action = keys(session).action(for: key) else { return [] }
        // The station's read-only copy: a recording key says why, and opens nothing.
        if let refusal = session.readOnlyCopy, ReadOnlyCopyKeys.isRecording(action, on: tab) {
            session.say(.error, refusal)
            return .updated
        }
        return perform(action, key: key, session: session)
    }

    public var capturesText: Bool { false }
    public var hasUnsavedInput: Bool { false }
    public func open(_ target: String?, session: ConsoleSession) {}
    public func reload(_ session: ConsoleSession) {}
    public func endReveals() {}
}
