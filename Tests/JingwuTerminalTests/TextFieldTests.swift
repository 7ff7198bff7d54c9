import Foundation
import JingwuTestSupport
import Testing

@testable import JingwuTerminal

@Suite(.serialized) final class TextFieldTests {
    @Test func test_typing_moving_inserting_and_deleting_chinese_keeps_buffer_and_cursor_column_right() {
        var field = TextField()
        XCTAssertEqual(field.handle(.character("张")), .edited)
        XCTAssertEqual(field.text, "张")
        XCTAssertEqual(field.cursor, 1)
        XCTAssertEqual(field.cursorColumn, 2)

        _ = field.handle(.character("伟"))
        XCTAssertEqual(field.text, "张伟")
        XCTAssertEqual(field.cursor, 2)
        XCTAssertEqual(field.cursorColumn, 4)

        XCTAssertEqual(field.handle(.left), .updated)
        XCTAssertEqual(field.text, "张伟")
        XCTAssertEqual(field.cursor, 1)
        XCTAssertEqual(field.cursorColumn, 2)

        _ = field.handle(.character("小"))
        XCTAssertEqual(field.text, "张小伟")
        XCTAssertEqual(field.cursor, 2)
        XCTAssertEqual(field.cursorColumn, 4)

        XCTAssertEqual(field.handle(.backspace), .edited)
        XCTAssertEqual(field.text, "张伟")
        XCTAssertEqual(field.cursor, 1)
        XCTAssertEqual(field.cursorColumn, 2)

        XCTAssertEqual(field.handle(.delete), .edited)
        XCTAssertEqual(field.text, "张")
        XCTAssertEqual(field.cursor, 1)
        XCTAssertEqual(field.cursorColumn, 2)
    }

    @Test func test_screen_cursor_sits_after_wide_characters_at_every_step() {
        let screen = VirtualScreen()
        var field = TextField()
        let rect = Rect(row: 3, col: 10, width: 20, height: 1)
        func check(_ text: String, cursorCol: Int, line: UInt = #line) {
            screen.clear()
            field.render(into: screen, rect: rect, focused: true)
            XCTAssertEqual(screen.row(3), String(repeating: " ", count: 10) + TestText.pad(text, 20) + String(repeating: " ", count: 50), line: line)
            XCTAssertEqual(screen.cursor?.row, 3, line: line)
            XCTAssertEqual(screen.cursor?.col, cursorCol, line: line)
        }
        screen.type("张伟")
        while case let key = screen.readKey(timeoutMilliseconds: 0), key != .timeout { _ = field.handle(key) }
        check("张伟", cursorCol: 14)
        _ = field.handle(.left)
        check("张伟", cursorCol: 12)
        _ = field.handle(.character("小"))
        check("张小伟", cursorCol: 14)
        _ = field.handle(.backspace)
        check("张伟", cursorCol: 12)
        _ = field.handle(.home)
        check("张伟", cursorCol: 10)
        _ = field.handle(.end)
        _ = field.handle(.character("a"))
        check("张伟a", cursorCol: 15)
    }

    @Test func test_mixed_latin_and_chinese_moves_by_character() {
        var field = TextField(text: "A张b")
        XCTAssertEqual(field.cursorColumn, 4)
        _ = field.handle(.left)
        XCTAssertEqual(field.cursorColumn, 3)
        _ = field.handle(.left)
        XCTAssertEqual(field.cursorColumn, 1)
        _ = field.handle(.character("李"))
        XCTAssertEqual(field.text, "A李张b")
        XCTAssertEqual(field.cursorColumn, 3)
    }

    @Test func test_length_limit_stops_typing_and_cuts_paste() {
        var field = TextField(maxLength: 3)
        _ = field.handle(.paste("欧阳娜娜"))
        XCTAssertEqual(field.text, "欧阳娜")
        XCTAssertEqual(field.handle(.character("x")), .handled, "key used but nothing changed")
        XCTAssertEqual(field.text, "欧阳娜")
    }

    @Test func test_control_and_escape_characters_are_removed_from_input() {
        var field = TextField()
        _ = field.handle(.paste("张\u{1B}[31m伟\u{7}\n李\u{202E}"))
        XCTAssertEqual(field.text, "张[31m伟 李")
    }

    @Test func test_combining_mark_typed_alone_joins_previous_character() {
        var field = TextField()
        _ = field.handle(.character("e"))
        _ = field.handle(.character("\u{301}"))
        XCTAssertEqual(field.characters.count, 1)
        XCTAssertEqual(field.cursorColumn, 1)
    }

    @Test func test_over_long_text_scrolls_so_cursor_stays_visible() {
        let screen = VirtualScreen(rows: 1, columns: 10)
        let field = TextField(text: "一二三四五六七八")  // 16 columns in a 10-column field
        field.render(into: screen, rect: Rect(row: 0, col: 0, width: 10, height: 1), focused: true)
        // Cursor at column 16 → first shown column 7, which cuts 四 (cols 6–7) in half.
        XCTAssertEqual(screen.row(0), " 五六七八 ")
        XCTAssertEqual(screen.cursor?.col, 9)
    }

    @Test func test_keys_the_field_does_not_use_are_left_for_the_form() {
        var field = TextField(text: "x")
        XCTAssertEqual(field.handle(.enter), [])
        XCTAssertEqual(field.handle(.tab), [])
        XCTAssertEqual(field.handle(.escape), [])
        XCTAssertEqual(field.handle(.up), [])
    }

    @Test func test_note_field_wraps_by_columns_and_moves_between_lines() {
        var note = NoteField(text: "", wrapWidth: 7)
        _ = note.handle(.paste("张伟李娜王"))  // 10 columns, wraps after 6 (last column kept for the cursor)
        let screen = VirtualScreen(rows: 3, columns: 7)
        note.render(into: screen, rect: Rect(row: 0, col: 0, width: 7, height: 3), focused: true)
        XCTAssertEqual(screen.rows(), ["张伟李 ", "娜王   ", "       "])
        XCTAssertEqual(screen.cursor?.row, 1)
        XCTAssertEqual(screen.cursor?.col, 4)
        XCTAssertEqual(note.handle(.up), .updated)
        XCTAssertEqual(note.cursor, 2)
        XCTAssertEqual(note.handle(.up), [], "first line: left for the form")
        _ = note.handle(.end)
        _ = note.handle(.enter)
        XCTAssertEqual(note.text, "张伟李\n娜王")
    }
}

/// Expected-text helpers that do not use the code under test.
enum TestText {
    /// Columns by a plain rule: CJK ideographs, CJK punctuation and fullwidth forms are 2.
    static func columns(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { total, scalar in
            let v = scalar.value
            let wide = (0x4E00...0x9FFF).contains(v) || (0x3000...0x303F).contains(v) || (0xFF00...0xFF60).contains(v)
            return total + (wide ? 2 : 1)
        }
    }

    /// Pads with spaces to `width` columns (80 by default: a whole screen row).
    static func pad(_ s: String, _ width: Int = 80) -> String {
        s + String(repeating: " ", count: max(0, width - columns(s)))
    }
}
