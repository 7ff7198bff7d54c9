import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// Every screen, in every mode, does what its key table says and nothing else: each key the
/// table lists is handled, each key it does not list changes nothing, and the rows help does
/// not show are the few kinds documented here (typing, PgUp/PgDn/Home/End, refusals that say
/// why, dialog buttons).
@Suite(.serialized) final class KeyDispatchTests {
    /// One mode of one screen: who operates, the keys that reach it from the overview, and a
    /// row its table must have (so a setup that stopped short fails loudly).
    struct Scenario {
        var name: String
        var badge = "031245"
        var keys: [Key]
        var expect: ScreenAction
    }

    static let scenarios: [Scenario] = {
        let c = { (s: String) in s.map { Key.character($0) } }
        return [
            Scenario(name: "overview", keys: [], expect: "open"),
            Scenario(name: "patrols list, patrol out", keys: c("2"), expect: "checkin"),
            Scenario(name: "patrols list, patrol ended", keys: c("2") + [.down], expect: "typeCellRefused"),
            Scenario(name: "patrols check-in", keys: c("2c"), expect: "save"),
            Scenario(name: "patrols form", keys: c("2n"), expect: "next"),
            Scenario(name: "patrols timeline", keys: c("2t"), expect: "back"),
            Scenario(name: "patrols hazards", keys: c("2o"), expect: "clear"),
            Scenario(name: "coverage map", keys: c("3"), expect: "gap"),
            Scenario(name: "coverage detail", keys: c("3") + [.enter], expect: "back"),
            Scenario(name: "coverage form", keys: c("3a"), expect: "save"),
            Scenario(name: "persons list", keys: c("4"), expect: "visit"),
            Scenario(name: "persons file, police", keys: c("4") + [.enter], expect: "reveal"),
            Scenario(name: "persons file, auxiliary", badge: "031246", keys: c("4") + [.enter], expect: "refusedReveal"),
            Scenario(name: "persons form", keys: c("4n"), expect: "save"),
            Scenario(name: "disputes list", keys: c("5"), expect: "open"),
            Scenario(name: "disputes file, police", keys: c("5") + [.enter], expect: "resolve"),
            Scenario(name: "disputes file, auxiliary", badge: "031246", keys: c("5") + [.enter], expect: "refusedConclude"),
            Scenario(name: "disputes form", keys: c("5n"), expect: "save"),
            Scenario(name: "incidents list", keys: c("6"), expect: "close"),
            Scenario(name: "incidents fraud list", keys: c("6f"), expect: "dissuade"),
            Scenario(name: "incidents file", keys: c("6") + [.enter], expect: "link"),
            Scenario(name: "incidents fraud file", keys: c("6f") + [.enter], expect: "dissuade"),
            Scenario(name: "incidents form", keys: c("6n"), expect: "save"),
            Scenario(name: "handover draft", keys: c("7"), expect: "refusedOpen"),
            Scenario(name: "handover history", keys: c("7l"), expect: "review"),
            Scenario(name: "handover filter", keys: c("7l/"), expect: "apply"),
            Scenario(name: "handover review", keys: c("7l") + [.enter], expect: "scroll"),
            Scenario(name: "handover form", keys: c("7h"), expect: "save"),
            Scenario(name: "journal list", keys: c("8"), expect: "undo"),
            Scenario(name: "journal detail, police", keys: c("8") + [.enter], expect: "back"),
            Scenario(name: "journal detail, auxiliary", badge: "031246", keys: c("8") + [.enter], expect: "refusedAmend"),
            Scenario(name: "journal filter", keys: c("8/"), expect: "save"),
            Scenario(name: "journal confirm", keys: c("8u"), expect: "yes"),
            Scenario(name: "reports view", keys: c("9"), expect: "export"),
            Scenario(name: "reports export", keys: c("9x"), expect: "save"),
            // Issue 17: the roster (key 0) and the purpose asked before a reveal.
            Scenario(name: "roster list, police", keys: c("0"), expect: "void"),
            Scenario(name: "roster list, auxiliary", badge: "031246", keys: c("0") + [.up], expect: "refusedEnrol"),
            Scenario(name: "roster enrol form", keys: c("0n"), expect: "save"),
            Scenario(name: "roster pin form", keys: c("0p"), expect: "save"),
            Scenario(name: "persons reveal purpose", keys: c("4") + [.enter] + c("r"), expect: "save"),
            Scenario(name: "incidents phone reveal purpose", keys: c("6f") + [.enter] + c("r"), expect: "save"),
            // Issue 19: the 网格 screen's 网格 and households, its filter, a form and a report.
            Scenario(name: "grid list", keys: c("3w"), expect: "open"),
            Scenario(name: "grid buildings", keys: c("3w") + [.enter], expect: "add"),
            Scenario(name: "grid filter", keys: c("3w/"), expect: "apply"),
            Scenario(name: "grid building form", keys: c("3w") + [.enter] + c("a"), expect: "save"),
            Scenario(name: "grid report preview", keys: c("3ws"), expect: "html"),
            // Session 11 (hP): the 网格 add form, 统计's 更多报表 and a record report's number.
            Scenario(name: "grid add form", keys: c("3wa"), expect: "save"),
            Scenario(name: "reports more", keys: c("9m"), expect: "open"),
            Scenario(name: "reports more record", keys: c("9m") + [.down, .enter], expect: "save"),
        ]
    }()

    /// The keys sent at every mode: printable ASCII, two characters an input method gives,
    /// F1–F12, the cursor and editing keys, Ctrl-letters, Alt with a letter, a digit and a
    /// Chinese character (what `ESC x` decodes to), and a paste.
    static let universe: [Key] = {
        var keys = (0x20...0x7E).map { Key.character(Character(Unicode.Scalar($0)!)) }
        keys += [.character("中"), .character("É")]
        keys += (1...12).map { Key.f($0) }
        keys += [.up, .down, .left, .right, .home, .end, .pageUp, .pageDown,
                 .tab, .backTab, .enter, .escape, .backspace, .delete, .insert, .paste("A0")]
        keys += "abcdefghijklmnopqrstuvwxyz".map { Key.ctrl($0) }
        keys += [.alt("x"), .alt("q"), .alt("n"), .alt("1"), .alt("["), .alt("中")]
        return keys
    }()

    /// The rows help does not show, by action, and the keys each may answer to besides its
    /// named ones (a class of keys is described by one of its members). A new quiet row, or a
    /// quiet key added to a row, fails here until it is documented.
    static let quiet: [ScreenAction: Set<Key>] = {
        let page: Set<Key> = [.pageUp, .pageDown, .home, .end]
        return [
            "move": page, "scroll": page.union([.up, .down]), "back": [.character("t")],
            "edit": [.character("x"), .right], "typeCell": [.character("A"), .character("中"), .paste("A0"), .character("a")],
            "typeCellRefused": [.character("A"), .character("a")],
            "refusedReveal": [.character("r")], "refusedDelist": [.character("d")],
            "refusedConclude": [.character("r"), .character("t"), .character("x")],
            "refusedOpen": [.character("o")], "refusedAmend": [.character("m")], "refusedVoid": [.character("d")],
            "refusedEnrol": [.character("n")], "refusedPin": [.character("p")], "refusedVoidEnrolment": [.character("x")],
            // Ctrl-C is Esc in a form, a question's no, and closes help (issue 17).
            "yes": [.character("Y")], "no": [.character("N"), .ctrl("c")], "cancel": [.ctrl("c")], "close": [.ctrl("c")],
            "button": [.enter, .left, .right, .tab, .backTab], "suggestion": [.up, .down],
            // The sign-in gate: Shift-Tab and ↑/↓ move between badge and PIN too; Ctrl-C leaves as Ctrl-X does.
            "field": [.backTab, .up, .down], "quit": [.ctrl("c")],
        ]
    }()

    /// A harness with something in every screen: a shift handed over (and not yet
    /// acknowledged), a patrol out with a check-in and an open hazard, an ended patrol, a
    /// listed person, an open dispute, an open incident and a fraud warning to act on.
    static func office() throws -> ConsoleHarness {
        try ConsoleHarness(seed: { o, clock in
            let me = "031245"
            try o.execute(OpenShift(duty: me), as: me)
            let foot = try o.execute(StartPatrol(mode: .foot, lead: me, cells: ["A01", "A02"]), as: me).entityID!
            clock.advance(minutes: 10)
            try o.execute(CheckInPatrol(patrol: foot, cell: "A01"), as: me)
            try o.execute(ReportHazard(patrol: foot, cell: "A01", category: .fire, note: "消防通道堵塞"), as: me)
            let car = try o.execute(StartPatrol(mode: .vehicle, lead: "031246"), as: me).entityID!
            clock.advance(minutes: 10)
            try o.execute(EndPatrol(patrol: car, summary: "正常"), as: me)
            try o.execute(ListPerson(name: "赵某", idNumber: HandoverScreenTests.idNumber(1), category: .released,
                                     residency: .presentRegistered, cell: "A01", officer: me), as: me)
            try o.execute(OpenDispute(category: .neighbour, parties: ["王某", "李某"], cell: "A03", summary: "楼上漏水"), as: me)
            try o.execute(LogIncident(cell: "A02", kind: .theft, summary: "电动车被盗", source: .call), as: me)
            try o.execute(ReceiveFraudWarning(level: .high, target: "王某", phone: "13800001234", cell: "A01"), as: me)
            clock.advance(minutes: 10)
            try o.execute(HandOverShift(to: "031246", notes: "夜间注意菜市场", carried: []), as: me)
            try o.execute(OpenShift(duty: "031246"), as: "031246")
        })
    }

    /// A console over the harness's office, brought to the scenario's mode.
    final class Console {
        let session: ConsoleSession
        let app: ConsoleApp
        let screen = VirtualScreen(rows: 24, columns: 80)
        let journal: MemoryJournal

        init(_ h: ConsoleHarness, _ scenario: Scenario, draw: Bool = true) {
            journal = h.journal
            session = ConsoleSession(office: h.office, strings: Strings(.zh), operatorBadge: scenario.badge)
            session.documentsFolder = ConsoleHarness.documentsFolder
            app = ConsoleApp(session: session)
            for key in scenario.keys { app.handle(key) }
            if draw { app.render(into: screen) }
        }

        /// The frame's state and the mode's table, without drawing.
        var state: String {
            let rows = app.currentScreen.keys(session).bindings.map { $0.action.name + " " + $0.label }
            return "\(app.current.rawValue) \(app.isQuitting) \(app.isAskingToQuit) \(journal.headSeq) "
                + (session.message?.text ?? "") + rows.joined(separator: ",")
        }

        /// What an operator could see or the journal could hold.
        var snapshot: String {
            app.render(into: screen)
            return "\(app.current) \(app.isQuitting) \(app.isAskingToQuit) \(journal.headSeq) \(String(describing: session.message))\n"
                + screen.text
        }
    }

    @Test func test_every_mode_reached_its_table() throws {
        let h = try Self.office()
        for scenario in Self.scenarios {
            let console = Console(h, scenario)
            let actions = console.app.currentScreen.keys(console.session).bindings.map(\.action)
            XCTAssertTrue(actions.contains(scenario.expect), "\(scenario.name): no \(scenario.expect.name) in \(actions)")
        }
    }

    /// Every key handled is listed: a key no row of the screen's or the frame's table answers
    /// to changes nothing on screen, in the journal, or in the frame. Each key is checked at
    /// once against what the frame reports and the mode's table; the screen is drawn before
    /// and after them all (and key by key only to name the culprit).
    @Test func test_a_key_the_table_does_not_list_does_nothing() throws {
        let h = try Self.office()
        for scenario in Self.scenarios {
            var console = Console(h, scenario)
            let unlisted = Self.universe.filter { console.app.keyTable().action(for: $0) == nil }
            let start = console.snapshot
            var before = console.state
            for key in unlisted {
                let effects = console.app.handle(key)
                let after = console.state
                if effects.contains(.handled) || before != after {
                    XCTFail("\(scenario.name): \(key) is in no row of the table yet did something (\(effects)):\n\(after)")
                    console = Console(h, scenario)
                }
                before = console.state
            }
            guard console.snapshot != start else { continue }
            let again = Console(h, scenario)
            var shown = again.snapshot
            for key in unlisted {
                _ = again.app.handle(key)
                let now = again.snapshot
                if now != shown { XCTFail("\(scenario.name): \(key) is in no row of the table yet changed the screen:\n\(now)") }
                shown = now
            }
        }
    }

    /// Every key listed is handled: each key of each row of the screen's table, and at least
    /// one documented member of a class of keys, is taken on a console just brought to the mode.
    /// The frame's own rows are checked over a list and over a form.
    @Test func test_every_key_the_table_lists_is_handled() throws {
        let h = try Self.office()
        for scenario in Self.scenarios {
            let first = Console(h, scenario)
            var rows = first.app.currentScreen.keys(first.session).bindings
            if scenario.name == "overview" || scenario.name == "patrols form" { rows += first.app.globalKeys().bindings }
            func handled(_ key: Key) -> Bool { Console(h, scenario, draw: false).app.handle(key).contains(.handled) }
            for row in rows {
                for key in row.keys + row.quietKeys {
                    XCTAssertTrue(handled(key), "\(scenario.name): \(key) (\(row.action.name)) not handled")
                }
                if let typing = row.typing {
                    let members = (Self.quiet[row.action] ?? []).filter(typing.contains).sorted { $0.displayName < $1.displayName }
                    XCTAssertTrue(members.contains(where: handled),
                                  "\(scenario.name): none of \(members) (\(row.action.name)) handled")
                }
                XCTAssertFalse(row.keys.isEmpty && row.quietKeys.isEmpty && row.typing == nil,
                               "\(scenario.name): row \(row.action.name) answers to no key")
            }
        }
    }

    /// Every key handled is listed in help, or is one of the documented quiet keys.
    @Test func test_keys_help_does_not_show_are_the_documented_quiet_ones() throws {
        let h = try Self.office()
        for scenario in Self.scenarios {
            let console = Console(h, scenario)
            let table = console.app.keyTable()
            for row in table.bindings {
                let quiet = Self.quiet[row.action] ?? []
                let named = row.showsInHelp ? Set(row.keys) : []
                XCTAssertTrue(row.showsInHelp || Self.quiet[row.action] != nil,
                              "\(scenario.name): row \(row.action.name) is not in help and not documented")
                for key in row.keys where !row.showsInHelp {
                    XCTAssertTrue(quiet.contains(key), "\(scenario.name): \(key) of \(row.action.name) is not in help")
                }
                for key in row.quietKeys where !named.contains(key) {
                    XCTAssertTrue(quiet.contains(key), "\(scenario.name): quiet key \(key) of \(row.action.name) is undocumented")
                }
                // A class of keys: every key of the universe it takes must be of the documented kind.
                if let typing = row.typing {
                    let taken = Self.universe.filter(typing.contains)
                    XCTAssertTrue(quiet.contains { typing.contains($0) },
                                  "\(scenario.name): keys \(typing.name) of \(row.action.name) are undocumented")
                    XCTAssertFalse(taken.contains { [.f(1), .f(10), .escape, .enter, .tab, .ctrl("x"), .ctrl("l")].contains($0) },
                                   "\(scenario.name): \(typing.name) swallows a frame or form key")
                }
            }
        }
    }

    /// The first-run screen, its choice and its form: a key its table does not list changes
    /// nothing, and each key it lists does something (`q`/Esc on the choice leave: the run ends).
    @Test func test_first_run_dispatches_through_its_table() throws {
        let clock = StepClock("2026-05-04T09:00:00+08:00")
        func firstRun(form: Bool) -> (FirstRunScreen, VirtualScreen) {
            let first = FirstRunScreen(path: "/tmp/none/journal.jsonl", strings: Strings(.zh), clock: clock, makers: .init(
                create: { station, office in MemoryJournal(station: station, office: office, clock: clock) }))
            let screen = VirtualScreen()
            if form { first.handle(.character("s")) }
            first.render(into: screen)
            return (first, screen)
        }
        for form in [false, true] {
            let (first, screen) = firstRun(form: form)
            let table = first.keys()
            let start = screen.text
            for key in Self.universe where table.action(for: key) == nil {
                first.handle(key)
                first.render(into: screen)
                XCTAssertEqual(screen.text, start, "first run (form \(form)): \(key) is in no row yet changed the screen")
            }
            for row in table.bindings where row.action != "quit" {
                // A class of keys: a character typed into the empty first field.
                let typed: [Key] = row.typing?.contains(.character("x")) == true ? [.character("x")] : []
                for key in row.keys + row.quietKeys + typed {
                    let (fresh, shown) = firstRun(form: form)
                    if row.action == "previous" {  // from the second field: on the first there is no previous one
                        fresh.handle(.tab)
                        fresh.render(into: shown)
                    }
                    let before = shown.text
                    fresh.handle(key)
                    fresh.render(into: shown)
                    // Enter on the form's first field moves on; F10 refuses the empty form at its field.
                    XCTAssertNotEqual(shown.text, before, "first run (form \(form)): \(key) (\(row.action.name)) did nothing")
                }
            }
        }
        let (first, screen) = firstRun(form: false)
        screen.feed([.character("q")])
        XCTAssertNil(first.run(on: screen, stopWhenIdle: false), "q leaves the first-run screen")
    }

    /// The help overlay shows the rows of the table that dispatches, and the hint line too.
    @Test func test_help_overlay_and_hint_line_are_the_table() throws {
        let h = try ConsoleHarness()
        h.press(.character("2"), .f(1))
        for row in h.app.keyTable().helpRows {
            XCTAssertTrue(h.screen.text.contains(row.label), "help lacks \(row.label)\n\(h.screen.text)")
        }
        XCTAssertTrue(h.screen.text.contains("帮助：巡逻"))
        h.press(.escape)
        XCTAssertFalse(h.screen.text.contains("帮助：巡逻"))
        // `/` search and `#` jump (issue 17) are the frame's rows on every list screen.
        XCTAssertEqual(h.trimmed[23], "F1 帮助  n 新巡逻  o 未整改隐患  / 查找  # 跳到编号  q 退出")
    }

    // MARK: The sign-in gate and the frame's pop-ups

    /// The rows a table hides from help, or answers to quietly, are the documented ones.
    func assertQuietRowsDocumented(_ table: ConsoleKeyTable, _ name: String) {
        for row in table.bindings {
            let quiet = Self.quiet[row.action] ?? []
            XCTAssertTrue(row.showsInHelp || Self.quiet[row.action] != nil, "\(name): row \(row.action.name) undocumented")
            for key in row.quietKeys + (row.showsInHelp ? [] : row.keys) where !row.keys.contains(key) || !row.showsInHelp {
                XCTAssertTrue(quiet.contains(key), "\(name): \(key) of \(row.action.name) is not in help and undocumented")
            }
            if let typing = row.typing {
                XCTAssertTrue(quiet.contains { typing.contains($0) }, "\(name): keys \(typing.name) of \(row.action.name) undocumented")
            }
        }
    }

    /// The gate, with the PIN field focused and two digits typed: every key its table lists
    /// changes what the gate shows or holds (or leaves), every key it does not list changes nothing.
    @Test func test_sign_in_gate_dispatches_through_its_table() throws {
        func gate(onPin: Bool) throws -> SignedConsole {
            let c = try SignedConsole()
            XCTAssertTrue(c.app.gate.isLocked)
            if onPin { c.app.handle(.tab) }
            for key in "03".map({ Key.character($0) }) { c.app.handle(key) }
            c.app.render(into: c.screen)
            return c
        }
        func state(_ c: SignedConsole) -> String {
            c.app.render(into: c.screen)
            let g = c.app.gate
            return "\(g.isLocked) \(c.app.isQuitting) \(g.pinHasFocus) \(g.badge.text) \(g.error ?? "") \(c.h.journal.headSeq)\n"
                + c.screen.text.replacingOccurrences(of: "\u{0}", with: "")
        }
        for onPin in [false, true] {
            let c = try gate(onPin: onPin)
            let table = c.app.gate.keys()
            assertQuietRowsDocumented(table, "sign-in")
            let start = state(c)
            for key in Self.universe where table.action(for: key) == nil {
                XCTAssertFalse(c.app.handle(key).contains(.handled), "sign-in (PIN \(onPin)): \(key) is in no row yet was handled")
                if state(c) != start { XCTFail("sign-in (PIN \(onPin)): \(key) is in no row yet changed something") }
            }
            for row in table.bindings {
                let typed: [Key] = row.typing == nil ? [] : [.character("7"), .backspace, .ctrl("u")]
                XCTAssertFalse(row.keys.isEmpty && row.quietKeys.isEmpty && row.typing == nil)
                for key in row.keys + row.quietKeys + typed {
                    let fresh = try gate(onPin: onPin)
                    // Esc clears the PIN (and the error) from either field: give it a PIN to clear.
                    if row.action == "clear", !onPin { for k: Key in [.tab, .character("1"), .tab] { fresh.app.handle(k) } }
                    let before = state(fresh)
                    fresh.app.handle(key)
                    if state(fresh) == before { XCTFail("sign-in (PIN \(onPin)): \(key) (\(row.action.name)) did nothing") }
                }
            }
        }
    }

    /// The gate's hint line is its table's, and reads as it did when it was one fixed string.
    @Test func test_sign_in_hint_line_is_the_table_with_the_same_text() throws {
        let h = try ConsoleHarness()
        for (language, line) in [(Language.zh, "Enter 登录  Tab 切换  Ctrl-X 退出"),
                                 (Language.en, "Enter sign in  Tab next field  Ctrl-X quit")] {
            let session = ConsoleSession(office: h.office, strings: Strings(language), operatorBadge: nil)
            session.documentsFolder = ConsoleHarness.documentsFolder
            let gate = SignInGate(session: session)
            gate.lock()
            let screen = VirtualScreen(rows: 24, columns: 80)
            gate.render(into: screen)
            let last = screen.text.split(separator: "\n", omittingEmptySubsequences: false)[23]
            XCTAssertEqual(last.replacingOccurrences(of: " +$", with: "", options: .regularExpression), line)
            XCTAssertEqual(gate.keys().hints.map { $0.keys + " " + $0.label }.joined(separator: "  "), line)
        }
    }

    /// Each of the frame's pop-ups (help, the quit question, the operator prompt): every key
    /// its table lists is handled, a key it does not list changes nothing and reaches no screen.
    @Test func test_frame_pop_ups_dispatch_through_their_tables() throws {
        let h = try Self.office()
        let c = { (s: String) in s.map { Key.character($0) } }
        let popups: [(name: String, scenario: Scenario, open: (Console) -> Void)] = [
            ("help", Scenario(name: "help", keys: c("2"), expect: "checkin"), { $0.app.handle(.f(1)) }),
            ("quit", Scenario(name: "quit", keys: c("2n") + [.tab, .tab, .tab] + c("q"), expect: "next"), { $0.app.handle(.ctrl("x")) }),
            ("operator", Scenario(name: "operator", keys: [], expect: "open"), {
                $0.session.wantsOperatorPrompt = true
                $0.app.handle(.down)
            }),
            // `/` on 总览 with 某 typed (赵某, the dispute of 王某、李某, the warning on 王某), on the
            // middle hit so that ↑ and ↓ both have somewhere to go.
            ("search", Scenario(name: "search", keys: [], expect: "open"), {
                $0.app.handle(.character("/"))
                $0.app.handle(.character("某"))
                $0.app.handle(.down)
            }),
        ]
        for popup in popups {
            func opened() -> Console {
                let console = Console(h, popup.scenario)
                popup.open(console)
                XCTAssertEqual(console.app.openPopup, popup.name, "\(popup.name) did not open")
                return console
            }
            func state(_ console: Console) -> String {
                "\(console.app.openPopup ?? "-") \(console.app.help?.offset ?? -1) \(console.session.wantsOperatorPrompt) "
                    + console.state + console.snapshot
            }
            let console = opened()
            let table = try XCTUnwrap(console.app.popupKeys())
            assertQuietRowsDocumented(table, popup.name)
            let start = state(console)
            for key in Self.universe where table.action(for: key) == nil {
                let effects = console.app.handle(key)
                XCTAssertFalse(effects.contains(.handled), "\(popup.name): \(key) is in no row yet was handled")
                XCTAssertEqual(state(console), start, "\(popup.name): \(key) is in no row yet changed something")
            }
            for row in table.bindings {
                let typed: [Key] = row.typing == nil ? [] : [.character("7"), .paste("03")]
                for key in row.keys + row.quietKeys + typed {
                    let fresh = opened()
                    // From the second row of help, ↑ and PgUp have somewhere to go.
                    if popup.name == "help" { fresh.app.handle(.down) }
                    let before = state(fresh)
                    let effects = fresh.app.handle(key)
                    XCTAssertTrue(effects.contains(.handled), "\(popup.name): \(key) (\(row.action.name)) not handled")
                    // Moving between the quit question's buttons shows only as a colour.
                    if row.action != "button" || key == .enter {
                        XCTAssertNotEqual(state(fresh), before, "\(popup.name): \(key) (\(row.action.name)) did nothing")
                    }
                }
            }
        }
    }
}
