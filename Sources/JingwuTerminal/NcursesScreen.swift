import CNcursesw
import Glibc

/// Why the real terminal could not be opened.
public enum TerminalError: Error, Equatable, Sendable {
    /// stdin or stdout is not a terminal, or TERM is unknown.
    case notATerminal
}

/// The real terminal through ncursesw.
///
/// Not thread-safe on purpose: ncurses keeps global state, so the console creates one
/// `NcursesScreen` and calls it only from the thread that created it (debug builds check).
/// The terminal is restored by `close()`, on exit, and on SIGINT/SIGTERM/SIGHUP and
/// runtime traps (SIGILL/SIGTRAP/SIGABRT/SIGSEGV) through handlers installed at open.
public final class NcursesScreen: Screen {
    public private(set) var size: Size
    public let usesColor: Bool
    public var cursor: (row: Int, col: Int)?
    private var looks: [Style: (attrs: attr_t, pair: Int16)] = [:]
    private var closed = false
    private let owner = pthread_self()

    /// Escape sequences are decoded by `KeyDecoder` from the characters read (keypad is off).
    private var decoder = KeyDecoder()
    /// Keys decoded but not yet returned.
    private var pending: [Key] = []
    /// What this frame has put in each cell, as ncurses needs to know it: `.wideStart` for the
    /// first column of a double-width character, `.wideRest` for its second. ncurses fills the
    /// orphaned half when a wide character is written over part of another, but not when a
    /// single-width one lands on a wide character's second half: it would then keep the wide
    /// character and the new one side by side, print both, and every cell after them on that
    /// row would stand one column to the right (a popup's border over 「定点守候」). `put`
    /// blanks the other half itself.
    private var widths: [[CellWidth]] = []
    private enum CellWidth: UInt8 { case single, wideStart, wideRest }

    /// Opens the terminal: locale, raw input, no echo, colours. Raw, not cbreak: Ctrl-C (and
    /// Ctrl-\, Ctrl-Z) arrive as keys instead of signals, so a form with unsaved input asks
    /// before it is discarded rather than the console being killed (issue 17). SIGTERM and
    /// SIGHUP still end it, with the terminal restored. Keypad decoding stays off: ncurses
    /// knows only the sequences the terminfo entry lists, so every escape sequence is
    /// decoded by `KeyDecoder` instead (Home under tmux, the Linux console's F1–F5, Alt).
    ///
    /// - Parameters:
    ///   - theme: how styles look.
    ///   - forceMonochrome: use bold/reverse/underline only; also implied by a non-empty
    ///     `NO_COLOR` environment variable or a terminal without colours.
    ///   - bracketedPaste: ask the terminal to mark pastes so they arrive as one `.paste` key.
    public init(theme: Theme = .standard, forceMonochrome: Bool = false, bracketedPaste: Bool = true) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalError.notATerminal }
        jw_save_tty()
        jw_install_restore_handlers()
        setlocale(LC_ALL, "")
        guard jw_newterm() != nil else { throw TerminalError.notATerminal }
        raw()
        noecho()
        nonl()
        keypad(jw_stdscr(), false)
        intrflush(jw_stdscr(), false)
        leaveok(jw_stdscr(), false)

        let noColorEnv = getenv("NO_COLOR").map { String(cString: $0) } ?? ""
        var colour = !forceMonochrome && noColorEnv.isEmpty && has_colors()
        if colour {
            start_color()
            use_default_colors()
            colour = jw_colors() >= 8 && jw_color_pairs() > Style.allCases.count
        }
        usesColor = colour
        size = Size(rows: Int(jw_lines()), columns: Int(jw_cols()))
        for style in Style.allCases {
            let look = theme.look(style)
            if colour {
                let pair = Int16(style.rawValue + 1)
                init_pair(pair, look.foreground.rawValue, look.background.rawValue)
                looks[style] = (Self.attrs(look.attributes), pair)
            } else {
                looks[style] = (Self.attrs(look.mono), 0)
            }
        }
        if bracketedPaste { jw_write_raw("\u{1B}[?2004h") }
        jw_prepare_restore()
        erase()
        resetWidths()
        refresh()
    }

    private func resetWidths() {
        widths = Array(repeating: Array(repeating: .single, count: max(size.columns, 0)), count: max(size.rows, 0))
    }

    deinit { close() }

    /// Gives the terminal back to the shell (idempotent).
    public func close() {
        guard !closed else { return }
        closed = true
        jw_write_raw("\u{1B}[?2004l")
        endwin()
        jw_mark_closed()
    }

    @discardableResult
    public func put(_ text: String, row: Int, col: Int, style: Style) -> Int {
        checkThread()
        var c = col
        guard row >= 0 && row < size.rows else { return col + TextWidth.columns(of: text) }
        var run = ""
        var runStart = -1
        var written: [CellWidth] = []
        for character in TextWidth.displayable(text) {
            let w = TextWidth.columns(of: character)
            if w == 0 {
                if runStart >= 0 { run.append(character) }
                continue
            }
            if c >= 0 && c < size.columns {
                if runStart < 0 { runStart = c }
                // A wide character that would cross the right edge becomes a space.
                if w == 2 && c + 1 >= size.columns {
                    run.append(" "); written.append(.single)
                } else {
                    run.append(character)
                    written += w == 2 ? [.wideStart, .wideRest] : [.single]
                }
            }
            c += w
        }
        if runStart >= 0 {
            let look = looks[style] ?? (jw_a_normal(), 0)
            var start = runStart
            if row < widths.count, widths[row].count == size.columns {
                let end = runStart + written.count
                // The run begins on a wide character's second half: its first half becomes a space.
                if start > 0 && widths[row][start] == .wideRest {
                    run = " " + run; start -= 1; written.insert(.single, at: 0)
                }
                // The run ends on a wide character's first half: its second half becomes a space.
                if end < size.columns && widths[row][end] == .wideRest {
                    run += " "; written.append(.single)
                }
                widths[row].replaceSubrange(start..<(start + written.count), with: written)
            }
            _ = jw_put_utf8(Int32(row), Int32(start), run, look.attrs, look.pair)
        }
        return c
    }

    public func fill(_ rect: Rect, style: Style) {
        guard !rect.isEmpty else { return }
        let blank = String(repeating: " ", count: rect.width)
        for r in rect.row..<rect.bottom { put(blank, row: r, col: rect.col, style: style) }
    }

    public func clear() {
        checkThread()
        erase()
        resetWidths()
    }

    public func repaintAll() {
        checkThread()
        wredrawln(jw_stdscr(), 0, Int32(size.rows))
    }

    public func flush() {
        checkThread()
        if let cursor, cursor.row >= 0, cursor.row < size.rows, cursor.col >= 0, cursor.col < size.columns {
            curs_set(1)
            move(Int32(cursor.row), Int32(cursor.col))
        } else {
            curs_set(0)
        }
        refresh()
    }

    public func readKey(timeoutMilliseconds: Int) -> Key {
        checkThread()
        if !pending.isEmpty { return pending.removeFirst() }
        while true {
            var isKeyCode: Int32 = 0
            var value: Int32 = 0
            // Inside a sequence, wait only as long as the decoder says, then let it decide.
            let wait = decoder.waitMilliseconds ?? timeoutMilliseconds
            let result = jw_get_wch(Int32(clamping: wait), &isKeyCode, &value)
            if result == ERR {
                guard decoder.isPending else { return .timeout }
                pending += decoder.flush()
                if !pending.isEmpty { return pending.removeFirst() }
                continue
            }
            if isKeyCode == 1 {
                if value == KEY_RESIZE {
                    size = Size(rows: Int(jw_lines()), columns: Int(jw_cols()))
                    resetWidths()
                    return .resize
                }
                if let key = Self.decodeKeyCode(value) { return key }
                continue
            }
            guard let scalar = Unicode.Scalar(UInt32(bitPattern: value)) else { continue }
            pending += decoder.feed(scalar)
            if !pending.isEmpty { return pending.removeFirst() }
            // Part of a sequence, or an unprintable character with no meaning: read on.
        }
    }

    /// Maps an ncurses key code to a key.
    static func decodeKeyCode(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME, KEY_A1: return .home
        case KEY_END, KEY_C1: return .end
        case KEY_PPAGE, KEY_A3: return .pageUp
        case KEY_NPAGE, KEY_C3: return .pageDown
        case KEY_BTAB: return .backTab
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_IC: return .insert
        case KEY_RESIZE: return .resize
        default:
            for n in 1...12 where code == jw_key_f(Int32(n)) { return .f(n) }
            return nil
        }
    }

    private static func attrs(_ a: TextAttributes) -> attr_t {
        var result = jw_a_normal()
        if a.contains(.bold) { result |= jw_a_bold() }
        if a.contains(.reverse) { result |= jw_a_reverse() }
        if a.contains(.underline) { result |= jw_a_underline() }
        if a.contains(.dim) { result |= jw_a_dim() }
        return result
    }

    private func checkThread() {
        assert(pthread_equal(pthread_self(), owner) != 0, "ncurses called from a second thread")
    }
}
