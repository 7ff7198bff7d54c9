import Foundation
import JingwuDomain
import JingwuTerminal

/// The console: the frame, the nine screens, the modal overlays and the one loop.
///
/// All terminal calls happen on the thread that calls `run`. Keys are read with a
/// one-second timeout so the clock in the title line moves and appends made by
/// another terminal are folded in.
public final class ConsoleApp {
    public let session: ConsoleSession
    public private(set) var current: ConsoleTab = .overview
    private var screens: [ConsoleTab: ConsoleScreen] = [:]
    /// The frame's pop-ups (Core/FramePopups.swift: their key tables and dispatch).
    var help: HelpOverlay?
    var quitConfirm: ConfirmDialog?
    var operatorPrompt: (field: TextField, error: String?)?
    /// `/` search and `#` jump (Core/SearchKit.swift).
    var search: SearchPopup?
    /// Where to go once the officer the console was handed to has signed in.
    private var afterSignIn: ConsoleTab?
    /// What the last frame showed (tab, form, overlays): a change repaints every line.
    private var lastShape = ""
    private var needsRedraw = true
    private var shownMinute = -1
    var quitting = false
    /// The message line as the last tick saw it, and since when (for confirmations to fade).
    private var shownMessage: Message?
    private var shownSince: TimeInterval = 0
    static let confirmationSeconds: TimeInterval = 20
    /// Sign-in at opening and after the idle lock (Core/SignIn.swift): an office with no PIN needs none.
    public let gate: SignInGate
    /// Seconds without a key before the lock (Core/IdleLock.swift).
    public let idle: IdleLock
    /// The full verify of a journal opened from a checkpoint (Core/BackgroundVerify.swift).
    let verify = BackgroundVerify()
    /// Whether the checkpoint's remaining sections were handed to their decoding thread (once).
    private var checkpointDecodeStarted = false
    /// The background sync to the station, when the office has one set (Core/StationLink.swift).
    public var station: StationLink? {
        didSet { stationShown = station?.status() }
    }
    /// The link's status as the title line last showed it.
    private var stationShown: StationLinkStatus?
    /// The conflict already told to the officer (it is said once, then kept on the overview and the title).
    private var stationConflictTold = false
    /// The read-only copy's refresh from the station (`jingwu --station URL --office X`; Core/StationLink.swift).
    public var stationCopy: StationCopyLink? {
        didSet { stationCopyShown = stationCopy?.status() }
    }
    /// Its status as the title line last showed it.
    private var stationCopyShown: StationCopyStatus?
    /// The station's copy found changed, already told (once, then kept on the overview and the title).
    private var stationCopyDivergedTold = false
    /// The refresh's failure last said on the message line (said again only when it changes).
    private var stationCopyFailureTold: String?

    public init(session: ConsoleSession, idle: IdleLock? = nil, gate: SignInGate? = nil) {
        self.session = session
        self.idle = idle ?? IdleLock(timeout: IdleLock.configuredTimeout())
        self.gate = gate ?? SignInGate(session: session, clock: self.idle.clock)
        for tab in ConsoleTab.allCases {
            let screen = tab.makeScreen()
            screen.reload(session)
            screens[tab] = screen
        }
        if !self.gate.operatorIsSignedIn { self.gate.lock(prefill: session.operatorBadge) }
    }

    /// The screen of a tab (tests use it to look at UI state).
    public func screen(_ tab: ConsoleTab) -> ConsoleScreen { screens[tab]! }
    public var currentScreen: ConsoleScreen { screens[current]! }
    public var isQuitting: Bool { quitting }
    public var isAskingToQuit: Bool { quitConfirm != nil }

    // MARK: The loop

    /// Reads keys and redraws until the operator quits. With `stopWhenIdle` (tests on a
    /// virtual screen) it also returns when no key is waiting.
    public func run(on screen: Screen, stopWhenIdle: Bool = false) {
        render(into: screen)
        // After the first frame: the officer sees the office at once while the file is hashed
        // and the checkpoint's other sections are decoded.
        if !checkpointDecodeStarted {
            checkpointDecodeStarted = true
            session.office.decodeCheckpointInBackground()
        }
        startBackgroundVerify()
        startFirstCheckpoint()
        while !quitting {
            let key = screen.readKey(timeoutMilliseconds: 1000)
            if key == .timeout {
                if stopWhenIdle { return }
                tick()
            } else {
                let effects = handle(key)
                if effects.contains(.redraw) || key == .resize { needsRedraw = true }
            }
            if key == .resize { screen.clear() }
            if needsRedraw || OfficeTime.minuteOfDay(session.now) != shownMinute { render(into: screen) }
        }
    }

    /// Starts the full verify of a journal opened from a checkpoint (a no-op otherwise).
    @discardableResult
    public func startBackgroundVerify() -> Bool { verify.start(for: session.office) }

    /// An office opened without a checkpoint (a first start, an upgrade, one discarded) gets one
    /// at once, saved in the background when the console saves so (`Console.scheduleCheckpoints`),
    /// rather than at the first write or at exit.
    private func startFirstCheckpoint() {
        let office = session.office
        guard office.autoCheckpointInBackground, office.checkpointSeq == nil, office.damageFound == nil else { return }
        office.saveCheckpointInBackgroundIfDue(every: 1)
    }

    /// Waits for the background verify to finish (tests). True when it did within `timeout` seconds.
    public func waitForBackgroundVerify(timeout: TimeInterval = 30) -> Bool { verify.wait(timeout: timeout) }

    /// Damage the background verify found: the console turns read-only and says why.
    private func takeBackgroundVerify() {
        guard let damage = verify.takeDamage(), session.office.damageFound == nil else { return }
        session.office.markDamaged(seq: damage.seq, line: damage.line)
        // The checkpoint vouched for the damaged prefix: without it every later command
        // (and the next start) opens the journal in full and finds the damage too.
        if let path = session.office.checkpointPath { _ = unlink(path) }
        let text = session.t("console.notice.damaged_background", ["seq": String(damage.seq), "line": String(damage.line)])
        session.say(.error, text)
        // Kept on the overview too: the message line is cleared by the next action.
        session.notices.insert(text, at: 0)
        reloadAll()
        needsRedraw = true
    }

    /// Once a second: fold in what other terminals wrote.
    func tick() {
        takeBackgroundVerify()
        if let records = try? session.office.refresh(), !records.isEmpty {
            reloadAll()
            needsRedraw = true
            station?.nudge()
        }
        takeStationStatus()
        takeStationCopyStatus()
        // A confirmation ("已新建网格 J09") fades after a while; warnings and errors stay until
        // the next action, which clears them.
        let now = idle.clock()
        if session.message != shownMessage {
            shownMessage = session.message
            shownSince = now
        } else if let message = session.message, message.kind == .ok || message.kind == .info,
                  now - shownSince >= Self.confirmationSeconds {
            session.message = nil
            shownMessage = nil
            needsRedraw = true
        }
        // The wait after wrong PINs counts down on the gate.
        if gate.isLocked, gate.isWaiting { needsRedraw = true }
        if gate.isRequired, !gate.isLocked, idle.hasExpired || !gate.operatorIsSignedIn {
            gate.lock()
            needsRedraw = true
        }
    }

    private func reloadAll() {
        for screen in screens.values { screen.reload(session) }
        search?.refresh(session)
    }

    // MARK: Keys

    /// The frame's own keys; they follow the screen's in the help overlay.
    func globalKeys() -> ConsoleKeyTable {
        let t = session.t
        // While a field takes typing, digits, `?` and `q` are text and Tab moves between
        // fields: the table (and so the help) lists only what still works then.
        if currentScreen.capturesText {
            return ConsoleKeyTable([
                KeyBinding("help", keys: [.f(1)], label: t("console.key.help", [:])),
                KeyBinding("redraw", keys: [.ctrl("l")], label: t("console.key.redraw", [:]), showsInHints: false),
                KeyBinding("lock", keys: [.f(12), .ctrl("o")], label: t("access.key.lock", [:]), showsInHints: false),
                KeyBinding("quit", keys: [.ctrl("x")], label: t("console.key.quit", [:])),
                // Ctrl-C while typing never quits: where the screen does not take it, it is Esc there
                // (a form with input asks before discarding, an empty one closes; issue 17).
                KeyBinding("cancel", keys: [], label: t("console.key.cancel", [:]), quietKeys: [.ctrl("c")], showsInHelp: false),
            ])
        }
        return ConsoleKeyTable([
            KeyBinding("help", keys: [.f(1), .character("?")], label: t("console.key.help", [:])),
        ] + searchKeys() + [
            KeyBinding("tab", keys: (0...9).map { Key.character(Character(String($0))) },
                       label: t("console.key.tab", [:]), showsInHints: false),
            KeyBinding("nextTab", keys: [.tab, .backTab], label: t("console.key.next_tab", [:]), showsInHints: false),
            KeyBinding("redraw", keys: [.ctrl("l")], label: t("console.key.redraw", [:]), showsInHints: false),
            KeyBinding("lock", keys: [.f(12), .ctrl("o")], label: t("access.key.lock", [:]), showsInHints: false),
            // Ctrl-C outside a form quits as `q` does: it asks first when a form holds unsaved input.
            KeyBinding("quit", keys: [.character("q"), .ctrl("x")], label: t("console.key.quit", [:]), quietKeys: [.ctrl("c")]),
        ])
    }

    /// Everything the current screen and the frame answer to: the help overlay shows it.
    public func keyTable() -> ConsoleKeyTable {
        ReadOnlyCopyKeys.shown(currentScreen.keys(session), tab: current, session: session).merged(with: globalKeys())
    }

    /// Handles one key and reports what changed. An error left on the message line
    /// from before the key goes once the officer moves on: another tab, or a form
    /// opened or closed. It belonged to what they were doing then.
    @discardableResult
    public func handle(_ key: Key) -> Effects {
        let before = session.message
        let tab = current
        let typing = currentScreen.capturesText
        let effects = dispatch(key)
        if let before, before.kind == .error || before.kind == .warn, session.message == before,
           current != tab || currentScreen.capturesText != typing {
            session.message = nil
        }
        // Typing in a form after a refusal is the correction: the message line lets go (the
        // message under the field stays until that field changes).
        if let before, before.kind == .error, session.message == before, typing, currentScreen.capturesText,
           isEditKey(key) {
            session.message = nil
        }
        return effects
    }

    private func dispatch(_ key: Key) -> Effects {
        if key == .resize { return .updated }
        if key == .timeout { return [] }
        if gate.isLocked { return handleLocked(key) }
        idle.touch()
        if let table = popupKeys() { return handlePopup(key, table: table) }

        let screen = currentScreen
        if screen.capturesText {
            let effects = screen.handle(key, session: session)
            if effects.contains(.handled) { return finish(effects) }
        }
        if let action = globalKeys().action(for: key), !(screen.capturesText && isTypingKey(key)) {
            switch action {
            case "help":
                help = HelpOverlay(title: session.t("console.help.title", ["screen": tabTitle(current)]),
                                   table: keyTable())
                return .updated
            case "tab":
                if case .character(let c) = key, let n = c.wholeNumberValue, let tab = ConsoleTab(rawValue: n) {
                    switchTo(tab, target: nil)
                }
                return .updated
            case "nextTab":
                // In tab order, the roster (key 0) after 统计.
                let order = ConsoleTab.allCases
                let step = key == .tab ? 1 : order.count - 1
                switchTo(order[(order.firstIndex(of: current)! + step) % order.count], target: nil)
                return .updated
            case "redraw":
                return .updated
            case "search", "jump":
                if let scope = SearchScope.of(current) {
                    search = SearchPopup(kind: action == "jump" ? .jump : .search, scope: scope)
                }
                return .updated
            case "lock":
                // 换人: cover the console now, for the next officer or a break.
                if gate.isRequired { gate.lock(reason: .asked) }
                return .updated
            case "quit":
                requestQuit()
                return .updated
            case "cancel":
                return finish(screen.handle(.escape, session: session))
            default:
                break
            }
        }
        if screen.capturesText { return [] }
        return finish(screen.handle(key, session: session))
    }

    private func isEditKey(_ key: Key) -> Bool {
        switch key {
        case .character, .backspace, .delete, .paste: return true
        default: return false
        }
    }

    private func isTypingKey(_ key: Key) -> Bool {
        if case .character = key { return true }
        return key == .tab || key == .backTab
    }

    private func finish(_ effects: Effects) -> Effects {
        if effects.contains(.data) {
            reloadAll()
            // Never waits: the sync runs on its own thread and coalesces nudges.
            station?.nudge()
        }
        if effects.contains(.navigate), let target = session.pendingNavigation {
            session.pendingNavigation = nil
            switchTo(target.tab, target: target.target)
        }
        if effects.contains(.quit) { requestQuit() }
        if session.wantsOperatorPrompt && operatorPrompt == nil {
            operatorPrompt = (TextField(maxLength: 16), nil)
        }
        if session.wantsLock {
            // A screen asks to cover the console (three wrong PINs in the roster's PIN form).
            session.wantsLock = false
            if gate.isRequired { gate.lock(reason: .asked) }
        }
        if let request = session.wantsSignIn {
            session.wantsSignIn = nil
            afterSignIn = request.then
            gate.handOver(to: request.badge)
        }
        return effects.union(.redraw)
    }

    /// `q`: asks first only when some form holds unsaved input.
    public func requestQuit() {
        if screens.values.contains(where: \.hasUnsavedInput) {
            quitConfirm = ConfirmDialog(title: session.t("console.quit.title"), message: session.t("console.quit.message"),
                                        yesLabel: session.t("console.yes"), noLabel: session.t("console.no"))
        } else {
            quitting = true
        }
    }

    public func switchTo(_ tab: ConsoleTab, target: String?) {
        current = tab
        if let target { screens[tab]!.open(target, session: session) }
    }

    // MARK: Sign-in and the idle lock

    /// Keys while the gate is down: they go to the sign-in form only.
    private func handleLocked(_ key: Key) -> Effects {
        // A key the gate's table does not list changes nothing (and the gate still takes it).
        guard gate.keys().action(for: key) != nil else { return [] }
        let hadDrafts = screens.values.contains(where: \.hasUnsavedInput)
        // Ctrl-C at the sign-in does not end a console that holds someone's unsaved input
        // (Ctrl-X, the documented quit, still does; issue 17).
        if key == .ctrl("c"), hadDrafts { return [] }
        switch gate.handle(key) {
        case .quit:
            quitting = true
            return [.handled, .quit]
        case .stay(let wrote):
            if wrote {
                reloadAll()
                // A failed sign-in is a record like any other: the station witnesses it soon.
                station?.nudge()
            }
            return .updated
        case .signedIn(let sameOperator):
            idle.touch()
            // A reveal ends with the lock (the idle time or F12), even for the officer who made it.
            for screen in screens.values { screen.endReveals() }
            if !sameOperator { discardDrafts() }
            reloadAll()
            let badge = session.operatorBadge ?? ""
            var key = !hadDrafts ? "access.signin.welcome"
                : sameOperator ? "access.signin.draft_kept" : "access.signin.draft_dropped"
            if let tab = afterSignIn {
                afterSignIn = nil
                switchTo(tab, target: nil)
                // The incoming officer signed in to acknowledge: the form they confirmed is written
                // now, in their name, with no second F10 (issue 17).
                if tab == .handover, let screen = screens[.handover] as? HandoverScreen,
                   let effects = screen.resumeAcknowledgement(session) {
                    if effects.contains(.data) { reloadAll() }
                    return .updated
                }
                if tab == .handover, !session.state.unacknowledgedHandovers.isEmpty { key = "console.handover.ack_now" }
            }
            session.say(.ok, session.t(key, ["badge": badge, "name": session.officerName(badge)]))
            return .updated
        }
    }

    /// Another officer signed in at a locked console: what the last one typed is dropped unseen.
    private func discardDrafts() {
        for tab in ConsoleTab.allCases {
            let screen = tab.makeScreen()
            screen.reload(session)
            screens[tab] = screen
        }
        current = .overview
        help = nil
        quitConfirm = nil
        operatorPrompt = nil
        search = nil
        session.message = nil
    }

    // MARK: Drawing

    func tabTitle(_ tab: ConsoleTab) -> String { session.t("console.tab.\(tab.name)") }

    /// Draws the whole frame from state (the terminal layer sends only what changed).
    public func render(into screen: Screen) {
        needsRedraw = false
        let now = session.now
        shownMinute = OfficeTime.minuteOfDay(now)
        if gate.isLocked { return gate.render(into: screen) }
        screen.cursor = nil
        // When an overlay, a form or a tab comes or goes, the terminal is told to rewrite
        // every line: a box drawn over half of a Chinese character can leave debris that
        // a changed-cells update would not repair.
        let shape = "\(current.rawValue) \(currentScreen.capturesText) \(help != nil) \(quitConfirm != nil) \(operatorPrompt != nil)"
            + " \(search != nil)"
        if shape != lastShape { screen.repaintAll() }
        lastShape = shape
        let layout = FrameLayout(size: screen.size)
        screen.fill(Rect(screen.size), style: .normal)
        TitleLine.render(left: titleLeft(), right: titleRight(now), into: screen, rect: layout.title)
        TabBar(titles: ConsoleTab.bar.map(tabTitle), selected: ConsoleTab.bar.firstIndex(of: current) ?? -1)
            .render(into: screen, rect: layout.tabs)
        currentScreen.render(into: screen, rect: layout.main, session: session)
        MessageLine.render(session.message, into: screen, rect: layout.message)
        let table = ReadOnlyCopyKeys.shown(currentScreen.keys(session), tab: current, session: session)
        let global = globalKeys()
        KeyHintLine.render(global.hints.prefix(1) + table.hints + global.hints.dropFirst(), into: screen,
                           rect: layout.hints)
        if search != nil { search?.render(into: screen, area: layout.main, session: session) }
        if let prompt = operatorPrompt { renderOperatorPrompt(prompt, into: screen, area: layout.main) }
        if let help { help.render(into: screen, area: layout.main) }
        if let quitConfirm { quitConfirm.render(into: screen, area: layout.main) }
        screen.flush()
    }

    /// The background sync's status, read once a second: a change redraws the title line; a conflict
    /// is said on the message line and kept at the top of the overview, once.
    func takeStationStatus() {
        guard let station else { return }
        let status = station.status()
        // A round running past the no-answer time changes the title without a new status.
        if status != stationShown || status.runningSince != nil { needsRedraw = true }
        stationShown = status
        if case .conflict(_, let detail) = status.state, !stationConflictTold {
            stationConflictTold = true
            session.say(.error, detail)
            session.notices.insert(detail, at: 0)
            reloadAll()
        }
    }

    /// The read-only copy's refresh, read once a second: a change redraws the title line (what was
    /// fetched is folded by `tick`, from the copy's file); the station's copy found changed is said on the
    /// message line and kept at the top of the overview, once.
    func takeStationCopyStatus() {
        guard let stationCopy else { return }
        let status = stationCopy.status()
        if status != stationCopyShown { needsRedraw = true }
        stationCopyShown = status
        if case .diverged(_, let detail) = status.state, !stationCopyDivergedTold {
            stationCopyDivergedTold = true
            session.say(.error, detail)
            session.notices.insert(detail, at: 0)
            reloadAll()
        }
        // A failure says why on the message line, once each time its reason changes (the title keeps its kind).
        switch status.state {
        case .unreachable(let detail), .refused(_, let detail):
            if detail != stationCopyFailureTold {
                stationCopyFailureTold = detail
                session.say(.warn, detail)
            }
        case .current:
            // Mended: the failure's words leave the message line (anything said since stays).
            if let told = stationCopyFailureTold, session.message?.text == told {
                session.message = nil
                needsRedraw = true
            }
            stationCopyFailureTold = nil
        case .diverged:
            break
        }
    }

    private func titleLeft() -> String {
        let header = session.office.journal.header
        var parts = [header.station, header.office]
        // A conflict with the station comes first: it is never cut off.
        if case .conflict = stationShown?.state {
            parts.insert(session.t("console.station.title.conflict_mark"), at: 0)
        }
        // So does the station's copy found changed under the read-only console.
        if case .diverged = stationCopyShown?.state {
            parts.insert(session.t("console.station.copy.diverged_mark"), at: 0)
        }
        // Before the duty officer: at 80 columns the end of the title may be cut off.
        if session.office.journal.isReadOnly || session.office.damageFound != nil {
            parts.append(session.t("console.title.read_only"))
        }
        if let shift = session.state.shifts.current {
            parts.append(session.t("console.title.duty", ["name": session.officerName(shift.duty)]))
        } else {
            parts.append(session.t("console.title.no_duty"))
        }
        return parts.filter { !$0.isEmpty }.joined(separator: "  ")
    }

    private func titleRight(_ now: Date) -> String {
        var parts: [String] = []
        if let shift = session.state.shifts.current { parts.append(shift.id) }
        if let badge = session.operatorBadge {
            parts.append(session.t("console.title.operator", ["badge": badge]))
        }
        if let status = stationShown {
            parts.append(StationLinkText.title(status, localHead: session.office.journal.headSeq, now: now, session: session))
        }
        if let status = stationCopyShown, let text = StationLinkText.copyTitle(status, session: session) {
            parts.append(text)
        }
        parts.append(session.dayClock(now))
        return parts.joined(separator: "  ")
    }

    private func renderOperatorPrompt(_ prompt: (field: TextField, error: String?), into screen: Screen, area: Rect) {
        let box = area.centered(width: 50, height: prompt.error == nil ? 5 : 6)
        screen.fill(box, style: .normal)
        screen.box(box, title: session.t("console.operator.title"))
        let inner = box.inset(1)
        let label = session.t("console.operator.label")
        let labelWidth = TextWidth.columns(of: label) + 1
        screen.put(label, row: inner.row + 1, col: inner.col + 1, style: .normal)
        if let error = prompt.error {
            screen.put(error, row: inner.row + 2, col: inner.col + 1, width: inner.width - 2, style: .error)
        }
        prompt.field.render(into: screen, rect: Rect(row: inner.row + 1, col: inner.col + 1 + labelWidth,
                                                     width: max(1, min(16, inner.width - labelWidth - 2)), height: 1),
                            focused: true)
    }
}
