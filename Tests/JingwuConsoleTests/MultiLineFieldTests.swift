import Foundation
import JingwuDomain
import JingwuJournal
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// The multi-line field (issue 17): Enter makes a new line inside it, Tab (or ↓ on its last line)
/// moves on, F10 saves; it wraps on screen; the lines reach the event whole, cleaned line by line.
@Suite(.serialized) final class MultiLineFieldTests {
    private func form() -> Form {
        Form(title: "交班", fields: [
            FormField(id: "notes", label: "交班说明", editor: .note(NoteField(maxLength: 500, wrapWidth: 16), height: 3),
                      placeholder: "Enter 换行"),
            FormField(id: "carried", label: "交接事项", editor: .text(TextField())),
        ], discard: ConfirmDialog(title: "放弃输入", message: "确定放弃吗？", yesLabel: "是", noLabel: "否"))
    }

    private func draw(_ form: Form) -> [String] {
        let screen = VirtualScreen(rows: 8, columns: 30)
        form.render(into: screen, rect: Rect(row: 0, col: 0, width: 30, height: 8))
        return screen.rows().map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
    }

    @Test func test_enter_makes_a_new_line_and_tab_moves_on() {
        var form = form()
        for c in "东街路灯坏了两盏" { _ = form.handle(.character(c)) }
        XCTAssertTrue(form.handle(.enter).contains(.handled))
        XCTAssertEqual(form.focus, 0, "Enter stays in the notes")
        for c in "菜市场注意防盗" { _ = form.handle(.character(c)) }
        // 东街路灯坏了两盏 is 16 columns: it wraps at 16 (the last column kept for the cursor).
        XCTAssertEqual(draw(form), [
            "交班",
            "",
            ">交班说明   东街路灯坏了两",
            "            盏",
            "            菜市场注意防盗",
            " 交接事项",
            "",
            "",
        ])
        XCTAssertEqual(form.values["notes"], "东街路灯坏了两盏\n菜市场注意防盗")
        _ = form.handle(.tab)
        XCTAssertEqual(form.focus, 1, "Tab moves on")
        _ = form.handle(.backTab)
        XCTAssertEqual(form.focus, 0)
        // ↓ on the last line moves on too; ↑ on a later line moves within the notes.
        _ = form.handle(.up)
        XCTAssertEqual(form.focus, 0)
        _ = form.handle(.down)
        _ = form.handle(.down)
        XCTAssertEqual(form.focus, 1)
        XCTAssertTrue(form.handle(.f(10)).contains(.submit), "F10 saves from anywhere")
    }

    @Test func test_line_editing_keys_work_in_the_notes() {
        var note = NoteField(text: "第一行\n第二行", wrapWidth: 40)
        _ = note.handle(.ctrl("a"))
        XCTAssertEqual(note.cursor, 4, "Ctrl-A: start of the line")
        _ = note.handle(.ctrl("e"))
        XCTAssertEqual(note.cursor, 7)
        _ = note.handle(.ctrl("h"))
        XCTAssertEqual(note.text, "第一行\n第二")
        _ = note.handle(.ctrl("u"))
        XCTAssertEqual(note.text, "", "Ctrl-U clears to the start of the field, as in a one-line field")
        note.insert("甲乙\n丙")
        _ = note.handle(.ctrl("a"))
        _ = note.handle(.ctrl("k"))
        XCTAssertEqual(note.text, "甲乙\n")
    }

    @Test func test_an_empty_notes_field_names_its_keys() {
        let screen = VirtualScreen(rows: 3, columns: 30)
        NoteField(wrapWidth: 30).render(into: screen, rect: Rect(row: 0, col: 0, width: 30, height: 3), focused: false,
                                        placeholder: "Enter 换行")
        XCTAssertEqual(screen.rows()[0].trimmingCharacters(in: .whitespaces), "Enter 换行")
        let focused = VirtualScreen(rows: 3, columns: 30)
        NoteField(wrapWidth: 30).render(into: focused, rect: Rect(row: 0, col: 0, width: 30, height: 3), focused: true,
                                        placeholder: "Enter 换行")
        XCTAssertEqual(focused.rows()[0].trimmingCharacters(in: .whitespaces), "")
        XCTAssertEqual(focused.rows()[1].trimmingCharacters(in: .whitespaces), "Enter 换行")
        XCTAssertEqual(focused.cursor?.row, 0)
    }

    @Test func test_lines_are_kept_and_cleaned_one_by_one() {
        XCTAssertEqual(CleanText.lines("  东街 \r\n\u{1B}[31m菜市场\u{1B}[0m\r\r\n\n\n  末行\t \n\n"), "东街\n菜市场\n\n末行")
        XCTAssertEqual(CleanText.lines("\n\n"), "")
        XCTAssertEqual(CleanText.lines("a\u{2028}b\u{202E}c"), "a\nbc")
    }

    @Test func test_the_handover_event_keeps_the_lines_and_a_refusal_names_the_field() throws {
        let h = try ConsoleHarness(seed: { o, _ in try o.execute(OpenShift(duty: "031245"), as: "031245") })
        let before = h.journal.headHash
        XCTAssertThrowsError(try h.office.execute(HandOverShift(to: "031246", notes: "\n \u{1B}[2J\n"), as: "031245")) { error in
            XCTAssertEqual((error as? DomainError)?.field, "notes")
        }
        XCTAssertEqual(h.journal.headHash, before, "refused: the journal is unchanged")
        try h.office.execute(HandOverShift(to: "031246", notes: "路灯\n\u{7}防盗"), as: "031245")
        XCTAssertEqual(h.lastData()["notes"] as? String, "路灯\n防盗")
    }
}
