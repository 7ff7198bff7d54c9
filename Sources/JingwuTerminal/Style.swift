/// What a piece of text means on screen; a `Theme` decides how that looks.
///
/// Widgets and screens name roles, never colours, so the monochrome fallback and
/// colour themes stay consistent.
public enum Style: Int, CaseIterable, Hashable, Sendable {
    case normal
    case title
    case tab
    case tabActive
    case header
    case hint
    case hintKey
    case selected
    case field
    case fieldFocused
    case error
    case ok
    case warn
    case danger
    case muted
    case border
    case bar
    case mapCovered
    case mapDueSoon
    case mapOverdue
    case mapNever
    case shade1
    case shade2
    case shade3
    case shade4
}

/// Monochrome attributes (also added on top of colours).
public struct TextAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = TextAttributes(rawValue: 1)
    public static let reverse = TextAttributes(rawValue: 2)
    public static let underline = TextAttributes(rawValue: 4)
    public static let dim = TextAttributes(rawValue: 8)
}

/// The eight basic terminal colours, plus the terminal's own default.
public enum TerminalColor: Int16, Sendable {
    case `default` = -1
    case black = 0, red, green, yellow, blue, magenta, cyan, white
}

/// How one style looks in colour and without colour.
public struct StyleLook: Equatable, Sendable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var attributes: TextAttributes
    public var mono: TextAttributes

    public init(
        _ foreground: TerminalColor = .default, on background: TerminalColor = .default,
        _ attributes: TextAttributes = [], mono: TextAttributes = []
    ) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
        self.mono = mono
    }
}

/// Maps every style to colours and to monochrome attributes.
public struct Theme: Sendable {
    public var looks: [Style: StyleLook]

    public init(looks: [Style: StyleLook]) { self.looks = looks }

    public func look(_ style: Style) -> StyleLook { looks[style] ?? StyleLook() }

    /// Colours that read on dark and light backgrounds: the terminal's own foreground and
    /// background for text, the basic colours only for accents and as backgrounds under
    /// black or white text.
    public static let standard = Theme(looks: [
        .normal: StyleLook(),
        .title: StyleLook(.white, on: .blue, .bold, mono: [.reverse, .bold]),
        .tab: StyleLook(mono: []),
        .tabActive: StyleLook(.black, on: .cyan, .bold, mono: [.reverse, .bold]),
        .header: StyleLook(.default, on: .default, [.bold, .underline], mono: [.bold, .underline]),
        .hint: StyleLook(mono: []),
        .hintKey: StyleLook(.cyan, on: .default, .bold, mono: .bold),
        .selected: StyleLook(.black, on: .cyan, mono: .reverse),
        .field: StyleLook(.default, on: .default, .underline, mono: .underline),
        .fieldFocused: StyleLook(.black, on: .white, mono: [.reverse]),
        .error: StyleLook(.red, on: .default, .bold, mono: [.bold, .underline]),
        .ok: StyleLook(.green, on: .default, .bold, mono: .bold),
        .warn: StyleLook(.yellow, on: .default, .bold, mono: .bold),
        .danger: StyleLook(.white, on: .red, .bold, mono: [.reverse, .bold]),
        .muted: StyleLook(.default, on: .default, .dim, mono: .dim),
        .border: StyleLook(.cyan, on: .default, mono: []),
        .bar: StyleLook(.cyan, on: .default, mono: []),
        .mapCovered: StyleLook(.black, on: .green, mono: []),
        .mapDueSoon: StyleLook(.black, on: .yellow, mono: .bold),
        .mapOverdue: StyleLook(.white, on: .red, .bold, mono: [.reverse, .bold]),
        .mapNever: StyleLook(.white, on: .magenta, mono: .underline),
        .shade1: StyleLook(.black, on: .cyan, mono: []),
        .shade2: StyleLook(.black, on: .green, mono: []),
        .shade3: StyleLook(.black, on: .yellow, mono: .bold),
        .shade4: StyleLook(.white, on: .red, .bold, mono: [.bold, .reverse]),
    ])
}
