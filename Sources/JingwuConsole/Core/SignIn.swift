import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuTerminal

/// The sign-in gate in front of the console: badge and PIN at opening and after the idle
/// lock. While it is locked nothing of the office is drawn and the office refuses writes
/// (the operator is signed out of `Office`). Wrong PINs wait longer and longer (policy
/// `failureDelays`, timed on an injectable monotonic clock) and each is a journal event.
/// The count is kept per terminal (this console process) as well as per badge, so typing
/// another badge between guesses does not bring the next try any closer.
public final class SignInGate {
    /// What a key at the gate led to.
    public enum Outcome: Equatable {
        /// Still at the gate (`wrote`: a failed attempt was written to the journal).
        case stay(wrote: Bool)
        /// Signed in; `sameOperator` is true when the one who was locked out came back.
        case signedIn(sameOperator: Bool)
        case quit
    }

    let session: ConsoleSession
    let policy: AccessPolicy
    let clock: () -> TimeInterval
    /// True while the gate covers the console.
    public private(set) var isLocked = false
    /// The operator signed in when the lock came down (their drafts wait for them).
    public private(set) var lockedOperator: String?
    /// Failed tries that drive the wait: the larger of this terminal's failures in a row
    /// (whatever badges were typed) and the typed badge's own.
    public private(set) var failures = 0
    /// Failed tries in a row at this terminal, any badge: alternating badges does not
    /// reset the wait. Back to 0 when someone signs in.
    public private(set) var terminalFailures = 0
    /// Failed tries per badge since that badge last signed in here: another officer
    /// signing in (say, the one guessing) does not reset a badge's own count.
    private var badgeFailures: [String: Int] = [:]
    private var notBefore: TimeInterval = 0
    var badge = TextField(maxLength: 16)
    /// The PIN as typed; drawn as dots, dropped after every try.
    private var pin: [Character] = []
    var pinHasFocus = false
    /// The last refusal, without the wait (which counts down as the gate is drawn).
    private var refusal: String?
    /// What the gate says under the form: the refusal and, while a wait after wrong PINs runs,
    /// the seconds left, counted down each time the gate is drawn (the console draws the
    /// locked gate once a second while `isWaiting`).
    var error: String? {
        get {
            let left = notBefore - clock()
            guard left > 0 else { return refusal }
            let wait = session.t("access.signin.wait", ["seconds": String(Int(left.rounded(.up)))])
            return refusal.map { $0 + "  " + wait } ?? wait
        }
        set { refusal = newValue }
    }
    /// Whether a wait after wrong PINs is running, or was when the gate was last drawn: what
    /// the gate shows changes with the clock, down to the wait's end.
    var isWaiting: Bool { notBefore > clock() || drewWait }
    private var drewWait = false

    public init(session: ConsoleSession, policy: AccessPolicy = .load(), clock: @escaping () -> TimeInterval = IdleLock.uptime) {
        self.session = session
        self.policy = policy
        self.clock = clock
    }

    /// True when the office has PINs, so the console needs a signed-in operator.
    /// Not on the station's read-only copy of an office (`ConsoleSession.readOnlyCopy`): nobody signs in to it.
    public var isRequired: Bool { session.state.access.requiresSignIn && session.readOnlyCopy == nil }

    /// True when the console may show the office now.
    public var operatorIsSignedIn: Bool {
        guard isRequired else { return true }
        guard let badge = session.operatorBadge else { return false }
        return session.office.signedIn.contains(badge)
    }

    /// Covers the console: signs the operator out of the office and asks again.
    /// `prefill`: the badge to offer (`--as` at opening).
    /// Why the console is covered: the idle timer, the officer's own key, or a shift change.
    public enum LockReason: Equatable, Sendable { case idle, asked, handover(String) }
    public private(set) var reason: LockReason = .idle

    public func lock(prefill: String? = nil, reason: LockReason = .idle) {
        cover(reason)
        offer(lockedOperator ?? prefill ?? "")
    }

    /// Covers the console to hand it to `badge` (another officer, e.g. the incoming
    /// one at a handover): their badge is offered, and the signed-in operator's
    /// unsaved drafts are dropped when they sign in, as with any other officer.
    public func handOver(to badge: String) {
        cover(.handover(badge))
        offer(badge)
    }

    /// Signs everyone out and covers the console, remembering who was signed in and why.
    private func cover(_ why: LockReason) {
        if !isLocked {
            reason = why
            lockedOperator = operatorIsSignedIn ? session.operatorBadge : lockedOperator
        }
        isLocked = true
        session.office.signOut()
    }

    private func offer(_ offered: String) {
        badge = TextField(text: offered, maxLength: 16)
        pin = []
        pinHasFocus = !offered.isEmpty
        error = nil
    }

    /// The gate's keys: the same table dispatches them and draws the hint line.
    public func keys() -> ConsoleKeyTable {
        let t = session.t
        return ConsoleKeyTable([
            KeyBinding("signIn", keys: [.enter], label: t("access.signin.key.submit", [:])),
            KeyBinding("field", keys: [.tab], label: t("access.signin.key.field", [:]),
                       quietKeys: [.backTab, .up, .down]),
            KeyBinding("clear", keys: [.escape], label: t("access.signin.key.clear", [:]), showsInHints: false),
            KeyBinding("quit", keys: [.ctrl("x")], label: t("console.key.quit", [:]), quietKeys: [.ctrl("c")]),
            // Typing into the badge field, or the PIN (characters, Backspace, Ctrl-U).
            FormKit.edit,
        ])
    }

    /// Handles one key while locked: a key the table does not list changes nothing.
    public func handle(_ key: Key) -> Outcome {
        guard let action = keys().action(for: key) else { return .stay(wrote: false) }
        return perform(action, key: key)
    }

    /// Does what a row of `keys()` names.
    func perform(_ action: ScreenAction, key: Key) -> Outcome {
        switch action {
        case "quit":
            return .quit
        case "field":
            pinHasFocus.toggle()
        case "signIn":
            if !pinHasFocus {
                pinHasFocus = true
                return .stay(wrote: false)
            }
            return submit()
        case "clear":
            pin = []
            error = nil
        default:  // "edit"
            switch key {
            case .backspace:
                if pinHasFocus { if !pin.isEmpty { pin.removeLast() } } else { _ = badge.handle(key) }
            case .ctrl("u"):
                // Clears what is left of the cursor, as in every other field.
                if pinHasFocus { pin = [] } else { _ = badge.handle(key) }
            case .character(let c):
                if pinHasFocus { if pin.count < 32 { pin.append(c) } } else { _ = badge.handle(key) }
            default:
                if !pinHasFocus { _ = badge.handle(key) }
            }
        }
        return .stay(wrote: false)
    }

    /// Tries the badge and PIN typed.
    func submit() -> Outcome {
        let typedBadge = CleanText.strip(badge.text)
        let typedPin = String(pin)
        pin = []
        // Enter on an empty PIN is not an attempt: nothing is recorded and no wait grows.
        guard !typedPin.isEmpty else {
            error = session.t("access.signin.pin_empty")
            return .stay(wrote: false)
        }
        let now = clock()
        // Still waiting: refused before the PIN is checked; the countdown shown says how long.
        if now < notBefore { return .stay(wrote: false) }
        let signedInBadge: String
        do {
            signedInBadge = try session.office.signIn(badge: typedBadge, pin: typedPin).badge
        } catch {
            // Counted per terminal and per badge: changing the badge typed does not reset the wait,
            // and one officer's sign-in does not reset another badge's count.
            terminalFailures += 1
            let key = typedBadge.uppercased()
            if badgeFailures[key] == nil, badgeFailures.count >= 256 { badgeFailures.removeAll() }
            badgeFailures[key, default: 0] += 1
            failures = max(terminalFailures, badgeFailures[key] ?? 0)
            // The journal records the badge's own count (its `attempt`); the wait follows `failures`.
            let wrote = (try? session.office.recordSignInFailure(badge: typedBadge, attempt: badgeFailures[key] ?? 1)) != nil
            let delay = policy.delay(afterFailures: failures)
            notBefore = now + TimeInterval(delay)
            var text: String
            if let error = error as? DomainError, error.reason != .pinWrong {
                text = error.screenMessage(session.strings, fieldLabel: session.t("access.signin.badge"))
                // The badge is what is wrong: the cursor goes back to it, not on to the PIN.
                if error.field == "badge" { pinHasFocus = false }
            } else {
                text = session.t("access.signin.wrong", ["n": String(failures)])
            }
            self.error = text  // the wait, if any, is added as the gate is drawn
            return .stay(wrote: wrote)
        }
        failures = 0
        terminalFailures = 0
        badgeFailures[signedInBadge.uppercased()] = nil
        notBefore = 0
        _ = session.setOperator(signedInBadge)
        let same = lockedOperator == nil || lockedOperator == signedInBadge
        lockedOperator = nil
        isLocked = false
        error = nil
        return .signedIn(sameOperator: same)
    }

    // MARK: Drawing

    /// Draws the whole screen: the office's name, the form, nothing of its records.
    public func render(into screen: Screen) {
        screen.cursor = nil
        let layout = FrameLayout(size: screen.size)
        screen.fill(Rect(screen.size), style: .normal)
        let header = session.office.journal.header
        TitleLine.render(left: [header.station, header.office].filter { !$0.isEmpty }.joined(separator: "  "),
                         right: session.dayClock(session.now), into: screen, rect: layout.title)
        let area = Rect(row: layout.tabs.row, col: 0, width: screen.size.columns,
                        height: layout.main.height + layout.tabs.height)
        let box = area.centered(width: min(76, area.width), height: 9)
        screen.box(box, title: session.t(lockedOperator == nil ? "access.signin.title" : "access.signin.locked_title"))
        let inner = box.inset(1)
        var intro = session.t("access.signin.intro")
        if let who = lockedOperator {
            // Whole minutes, or seconds for an idle time under a minute (set short for drills and tests).
            let idle = Int(IdleLock.configuredTimeout())
            let span = idle >= 60 ? session.t("access.span.minutes", ["n": String(idle / 60)])
                                  : session.t("access.span.seconds", ["n": String(idle)])
            switch reason {
            case .idle:
                intro = session.t("access.signin.locked", ["name": session.officerName(who), "badge": who, "span": span])
            case .asked:
                intro = session.t("access.signin.locked_asked", ["name": session.officerName(who), "badge": who])
            case .handover(let next):
                intro = session.t("access.signin.locked_handover", ["name": session.officerName(next), "badge": next])
            }
        }
        screen.put(intro, row: inner.row, col: inner.col + 1, width: inner.width - 2, style: .normal)
        let badgeLabel = session.t("access.signin.badge")
        let pinLabel = session.t("access.signin.pin")
        let labelWidth = max(TextWidth.columns(of: badgeLabel), TextWidth.columns(of: pinLabel)) + 2
        screen.put(badgeLabel, row: inner.row + 2, col: inner.col + 1, style: .normal)
        screen.put(pinLabel, row: inner.row + 4, col: inner.col + 1, style: .normal)
        let fieldCol = inner.col + 1 + labelWidth
        let fieldWidth = max(1, min(18, inner.width - labelWidth - 2))
        badge.render(into: screen, rect: Rect(row: inner.row + 2, col: fieldCol, width: fieldWidth, height: 1),
                     focused: !pinHasFocus)
        let dots = String(repeating: "•", count: pin.count)
        screen.fill(Rect(row: inner.row + 4, col: fieldCol, width: fieldWidth, height: 1), style: .field)
        screen.put(dots, row: inner.row + 4, col: fieldCol, width: fieldWidth, style: .field)
        if pinHasFocus { screen.cursor = (inner.row + 4, fieldCol + min(pin.count, fieldWidth - 1)) }
        drewWait = notBefore > clock()
        if let error {
            // A refusal too long for its line takes the blank line above it too, then is cut.
            let lines = TextWidth.wrapWords(error, width: max(1, inner.width - 2))
            let top = lines.count > 1 ? inner.row + 5 : inner.row + 6
            for (n, line) in lines.prefix(2).enumerated() {
                screen.put(n == 1 && lines.count > 2 ? line + lines[2...].joined() : line,
                           row: top + n, col: inner.col + 1, width: inner.width - 2, style: .error)
            }
        }
        MessageLine.render(nil, into: screen, rect: layout.message)
        KeyHintLine.render(keys().hints, into: screen, rect: layout.hints)
        screen.flush()
    }
}
