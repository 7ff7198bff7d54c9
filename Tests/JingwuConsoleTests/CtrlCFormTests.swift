import Foundation
import JingwuDomain
import JingwuJournal
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// Ctrl-C (issue 17): the terminal is in raw mode, so Ctrl-C is a key, never a signal that kills
/// the console. In a form with input it asks before discarding, as Esc does; in an empty form it
/// closes the form; on a question it answers no; outside forms it quits as `q` does (asking first
/// when some form holds unsaved input); at a locked console holding a draft it does nothing.
@Suite(.serialized) final class CtrlCFormTests {
    @Test func test_ctrl_c_in_a_form_with_input_asks_and_no_keeps_the_input() throws {
        let h = try ConsoleHarness()
        h.press(.character("2"), .character("n"), .tab, .tab, .tab)
        h.type("031246")
        let before = h.journal.headHash
        h.press(.ctrl("c"))
        XCTAssertFalse(h.app.isQuitting)
        XCTAssertTrue(h.screen.text.contains("表单中有未保存的内容，确定放弃吗？"), h.screen.text)
        // Ctrl-C again on the question is no: the input stays.
        h.press(.ctrl("c"))
        XCTAssertFalse(h.screen.text.contains("放弃输入"), h.screen.text)
        XCTAssertEqual(h.trimmed[7], ">队员       031246", h.screen.text)
        h.press(.ctrl("c"), .character("y"))
        XCTAssertFalse(h.app.isQuitting)
        XCTAssertFalse(h.app.currentScreen.capturesText, "the form is closed: " + h.screen.text)
        XCTAssertEqual(h.journal.headHash, before, "nothing written")
    }

    @Test func test_ctrl_c_in_a_form_without_input_closes_it_at_once() throws {
        let h = try ConsoleHarness()
        h.press(.character("5"))
        let list = h.screen.text
        h.press(.character("n"))
        XCTAssertTrue(h.app.currentScreen.capturesText, h.screen.text)
        h.press(.ctrl("c"))
        XCTAssertFalse(h.app.isQuitting)
        XCTAssertFalse(h.app.isAskingToQuit)
        XCTAssertFalse(h.app.currentScreen.capturesText, h.screen.text)
        XCTAssertEqual(h.screen.text, list, "back on the list as it was")
    }

    @Test func test_ctrl_c_with_a_suggestion_list_open_still_asks_at_once() throws {
        let h = try ConsoleHarness()
        h.press(.character("2"), .character("n"), .tab, .tab, .ctrl("u"))
        h.type("李")  // a suggestion list opens under 带队
        XCTAssertNotNil(h.row(containing: "李娜"), "the suggestion is listed")
        h.press(.ctrl("c"))
        XCTAssertTrue(h.screen.text.contains("表单中有未保存的内容，确定放弃吗？"), h.screen.text)
    }

    @Test func test_ctrl_c_while_typing_a_check_in_is_esc_there_and_never_quits() throws {
        let h = try ConsoleHarness()
        h.press(.character("2"), .character("n"), .f(10))
        h.type("A0")
        h.press(.ctrl("c"))
        XCTAssertFalse(h.app.isQuitting)
        XCTAssertFalse(h.app.isAskingToQuit)
    }

    @Test func test_ctrl_c_outside_a_form_quits_as_q_does() throws {
        let quiet = try ConsoleHarness()
        quiet.press(.character("2"), .ctrl("c"))
        XCTAssertTrue(quiet.app.isQuitting, "no form holds input: it quits at once")

        XCTAssertFalse(quiet.app.isAskingToQuit)
    }

    @Test func test_ctrl_c_in_the_handover_notes_asks_and_keeps_them() throws {
        let h = try ConsoleHarness()
        h.press(.character("7"), .character("o"), .f(10))  // a shift to hand over
        h.press(.character("h"))
        h.type("031246")
        h.press(.tab)
        h.type("平稳")
        XCTAssertTrue(h.app.currentScreen.hasUnsavedInput)
        h.press(.ctrl("c"))  // in the form: asks to discard
        XCTAssertTrue(h.screen.text.contains("放弃输入"), h.screen.text)
        h.press(.character("n"))
        XCTAssertFalse(h.app.isQuitting)
        XCTAssertEqual(h.trimmed[5], ">交班说明   平稳", h.screen.text)
    }

    @Test func test_ctrl_c_at_a_locked_console_holding_a_draft_does_not_end_it() throws {
        let c = try SignedConsole()
        c.signIn("031245", "246810")
        c.press(.character("5"), .character("n"))
        c.type("邻里")
        c.press(.f(12))
        XCTAssertTrue(c.app.gate.isLocked)
        c.press(.ctrl("c"))
        XCTAssertFalse(c.app.isQuitting, "the draft is kept for its officer")
        c.signIn("031245", "246810")
        XCTAssertTrue(c.app.currentScreen.hasUnsavedInput, c.text)
    }
}
