import Foundation
import JingwuTestSupport
import Testing

@testable import JingwuTerminal

@Suite(.serialized) final class TextFieldSecretTests {
    @Test func test_secret_field_draws_one_dot_per_character_and_keeps_the_text() {
        let screen = VirtualScreen(rows: 2, columns: 20)
        var field = TextField(maxLength: 12, secret: true)
        for c in "123456" { _ = field.handle(.character(c)) }
        XCTAssertEqual(field.text, "123456")
        field.render(into: screen, rect: Rect(row: 1, col: 4, width: 10, height: 1), focused: true)
        XCTAssertEqual(screen.rows(), [String(repeating: " ", count: 20), "    ••••••          "])
        XCTAssertEqual(screen.cursor?.row, 1)
        XCTAssertEqual(screen.cursor?.col, 10)
    }

    @Test func test_secret_cursor_follows_editing_keys_by_one_column_per_character() {
        let screen = VirtualScreen(rows: 1, columns: 12)
        var field = TextField(text: "2468", secret: true)
        let rect = Rect(row: 0, col: 2, width: 8, height: 1)
        _ = field.handle(.left)
        _ = field.handle(.left)
        field.render(into: screen, rect: rect, focused: true)
        XCTAssertEqual(screen.row(0), "  ••••      ")
        XCTAssertEqual(screen.cursor?.col, 4)
        _ = field.handle(.backspace)
        screen.clear()
        field.render(into: screen, rect: rect, focused: true)
        XCTAssertEqual(field.text, "268")
        XCTAssertEqual(screen.row(0), "  •••       ")
        XCTAssertEqual(screen.cursor?.col, 3)
    }

    @Test func test_secret_wide_characters_still_take_one_dot_each() {
        let field = TextField(text: "密码12", secret: true)
        XCTAssertEqual(field.cursorColumn, 4)
        let screen = VirtualScreen(rows: 1, columns: 8)
        field.render(into: screen, rect: Rect(row: 0, col: 0, width: 8, height: 1), focused: false)
        XCTAssertEqual(screen.row(0), "••••    ")
    }

    @Test func test_secret_longer_than_the_field_scrolls_and_never_shows_a_digit() {
        let screen = VirtualScreen(rows: 1, columns: 6)
        let field = TextField(text: "123456789012", secret: true)
        field.render(into: screen, rect: Rect(row: 0, col: 0, width: 6, height: 1), focused: true)
        XCTAssertEqual(screen.row(0), "••••• ")
        XCTAssertEqual(screen.cursor?.col, 5)
    }

    @Test func test_set_text_keeps_the_field_secret() {
        var field = TextField(secret: true)
        field.setText("9999")
        XCTAssertTrue(field.secret)
        let screen = VirtualScreen(rows: 1, columns: 6)
        field.render(into: screen, rect: Rect(row: 0, col: 0, width: 6, height: 1), focused: false)
        XCTAssertEqual(screen.row(0), "••••  ")
    }

    @Test func test_form_with_a_secret_field_shows_dots_in_its_row_and_values_hold_the_digits() {
        var form = Form(title: "", fields: [
            FormField(id: "badge", label: "警号", editor: .text(TextField())),
            FormField(id: "pin", label: "密码", editor: .text(TextField(maxLength: 12, secret: true))),
        ], discard: ConfirmDialog(title: "?", message: "?", yesLabel: "y", noLabel: "n"))
        for c in "031245" { _ = form.handle(.character(c)) }
        _ = form.handle(.tab)
        for c in "987654" { _ = form.handle(.character(c)) }
        XCTAssertEqual(form.values["pin"], "987654")
        let screen = VirtualScreen(rows: 3, columns: 24)
        form.render(into: screen, rect: Rect(row: 0, col: 0, width: 24, height: 3))
        XCTAssertEqual(screen.rows(), [
            " 警号   031245          ",
            ">密码   ••••••          ",
            "                        ",
        ])
        XCTAssertEqual(screen.cursor?.row, 1)
        XCTAssertEqual(screen.cursor?.col, 14)
        XCTAssertFalse(screen.rows().joined().contains("987654"))
    }
}
