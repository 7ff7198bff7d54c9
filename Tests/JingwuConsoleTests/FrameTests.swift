import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// The frame: tabs, help from the key table, quitting, resizes, the first-run screen.
@Suite(.serialized) final class FrameTests {
    @Test func test_q_quits_at_once_when_no_form_holds_input() throws {
        let h = try ConsoleHarness()
        h.press(.character("2"), .character("n"), .escape)  // an untouched form closes without asking
        h.press(.character("q"))
        XCTAssertTrue(h.app.isQuitting)
        XCTAssertFalse(h.app.isAskingToQuit)
    }

    @Test func test_quit_asks_first_when_a_form_holds_unsaved_input() throws {
        let h = try ConsoleHarness()
        h.press(.character("2"), .character("n"), .tab, .tab, .tab)
        h.type("q")  // in a field, q is a letter
        XCTAssertFalse(h.app.isQuitting)
        h.press(.ctrl("x"))
        XCTAssertTrue(h.app.isAskingToQuit)
        XCTAssertTrue(h.screen.text.contains("有表单尚未保存"), h.screen.text)
        h.press(.character("n"))
        XCTAssertFalse(h.app.isQuitting)
        XCTAssertEqual(h.trimmed[7], ">队员       q")
        h.press(.ctrl("x"), .character("y"))
        XCTAssertTrue(h.app.isQuitting)
    }

    @Test func test_half_typed_checkin_also_counts_as_unsaved_input() throws {
        let h = try ConsoleHarness()
        h.press(.character("2"), .character("n"), .f(10))
        h.type("A0")
        h.press(.ctrl("x"))
        XCTAssertTrue(h.app.isAskingToQuit)
    }

    @Test func test_number_keys_switch_tabs_to_their_own_screens() throws {
        let h = try ConsoleHarness()
        h.press(.character("5"))
        XCTAssertEqual(h.app.current, .disputes)
        XCTAssertTrue(h.trimmed.contains { $0.hasPrefix("近 182 天：调处成功") }, h.screen.text)  // the disputes screen (issue 6)
        XCTAssertEqual(h.screen.style(1, 34), .tabActive)
        let en = try ConsoleHarness(language: .en)
        for tab in ConsoleTab.allCases {
            en.press(.character(Character(String(tab.rawValue))))
            XCTAssertEqual(en.app.current, tab)
        }
    }

    @Test func test_title_line_shows_station_office_duty_shift_and_clock() throws {
        let h = try ConsoleHarness(seed: { office, _ in
            try office.execute(OpenShift(duty: "031245"), as: "031245")
        })
        XCTAssertEqual(h.trimmed[0], " 城关派出所  东街警务室  值班：张伟           S0001  操作人 031245  05-04 09:00")
        XCTAssertEqual(h.trimmed[2], " 当班 S0001：张伟（031245），05-04 09:00 接班，班组 0 人")
    }

    @Test func test_clock_moves_on_the_title_line_without_a_key() throws {
        let h = try ConsoleHarness()
        h.clock.advance(minutes: 3)
        h.app.run(on: h.screen, stopWhenIdle: true)
        h.app.render(into: h.screen)
        XCTAssertTrue(h.trimmed[0].hasSuffix("05-04 09:03"))
    }

    @Test func test_resize_reflows_the_frame() throws {
        let h = try ConsoleHarness()
        h.screen.resize(rows: 30, columns: 100)
        h.press(.resize)
        XCTAssertEqual(TextWidth.columns(of: h.rows[0]), 100)
        XCTAssertTrue(h.trimmed[29].hasPrefix("F1 帮助"))
        h.screen.resize(rows: 24, columns: 80)
        h.press(.resize)
        XCTAssertTrue(h.trimmed[23].hasPrefix("F1 帮助"))
    }

    @Test func test_overview_enter_opens_the_cell_on_the_map() throws {
        let h = try ConsoleHarness()
        h.press(.down, .enter)  // A01 never checked in, then A02
        XCTAssertEqual(h.app.current, .coverage)
        XCTAssertEqual(h.trimmed[2], "A02 东街 · 东街社区 · 街巷 · 时限 24 小时")
    }

    @Test func test_operator_is_asked_on_first_write_when_unknown() throws {
        let h = try ConsoleHarness(operatorBadge: nil)
        h.press(.character("2"), .character("n"), .tab, .tab)
        h.type("031245")
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "CellAdded", "nothing written without an operator")
        XCTAssertTrue(h.screen.text.contains("您的警号"), h.screen.text)
        h.type("999")
        h.press(.enter)
        XCTAssertTrue(h.screen.text.contains("操作人 999 不在人员名册中"), h.screen.text)
        h.press(.backspace, .backspace, .backspace)
        h.type("031246")
        h.press(.enter, .f(10))
        XCTAssertEqual(h.eventTypes.last, "PatrolStarted")
        var by = ""
        try h.journal.replay(from: 1) { by = $0.by }
        XCTAssertEqual(by, "031246")
    }

    @Test func test_first_run_sets_up_the_office_and_its_first_officer() throws {
        let clock = StepClock("2026-05-04T09:00:00+08:00")
        var made: MemoryJournal?
        let first = FirstRunScreen(path: "/tmp/none/journal.jsonl", strings: Strings(.zh), clock: clock, makers: .init(
            create: { station, office in
                let journal = MemoryJournal(station: station, office: office, clock: clock)
                made = journal
                return journal
            }))
        let screen = VirtualScreen()
        first.render(into: screen)
        XCTAssertTrue(screen.text.contains("没有找到值班日志：/tmp/none/journal.jsonl"))
        screen.feed([.character("s")])
        screen.type("城关派出所")
        screen.feed([.tab])
        screen.type("东街警务室")
        screen.feed([.tab])
        screen.type("031245")
        screen.feed([.tab, .f(10)])  // name missing
        XCTAssertNil(first.run(on: screen, stopWhenIdle: true))
        XCTAssertNil(made, "nothing created while a field is refused")
        XCTAssertTrue(screen.text.contains("必须填写"), screen.text)
        screen.type("张伟")
        // The first officer's PIN, twice (issue 8); it is kept only as a hash.
        screen.feed([.tab, .tab])
        screen.type("246810")
        screen.feed([.tab])
        screen.type("246810")
        screen.feed([.f(10)])
        let office = try XCTUnwrap(first.run(on: screen, stopWhenIdle: true))
        XCTAssertEqual(office.journal.header.station, "城关派出所")
        XCTAssertEqual(office.state.officers.all.map(\.name), ["张伟"])
        XCTAssertTrue(office.state.access.hasPin("031245"))
        XCTAssertTrue(office.signedIn.contains("031245"), "the officer who set up is signed in")
        XCTAssertFalse(String(decoding: try XCTUnwrap(made).fileBytes, as: UTF8.self).contains("246810"))
        var byOfEnrolment: String?
        try office.journal.replayAll { if $0.type == "OfficerEnrolled" { byOfEnrolment = $0.by } }
        XCTAssertEqual(byOfEnrolment, "031245", "every record names its operator; the first officer enrols themself")
    }
}
