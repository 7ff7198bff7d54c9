import Foundation
import JingwuTestSupport
import Testing

@testable import JingwuTerminal

@Suite(.serialized) final class FormTests {
    private func makeForm(limitMessage: (@Sendable (Int) -> String)? = nil) -> Form {
        var form = Form(
            title: "走访登记",
            fields: [
                FormField(id: "name", label: "姓名", editor: .text(TextField(maxLength: 10))),
                FormField(id: "kind", label: "类别", editor: .choice(ChoiceList(options: ["居民", "访客"]))),
                FormField(id: "time", label: "时间", editor: .dateTime(DateTimeField())),
            ],
            discard: ConfirmDialog(title: "放弃修改？", message: "有未保存的内容", yesLabel: "放弃", noLabel: "继续"))
        if let limitMessage { form.limitMessage = limitMessage }
        form.validate = { field in
            if field.id == "name" && field.value.isEmpty { return "姓名必填" }
            return nil
        }
        return form
    }

    @Test func test_tab_and_arrows_move_between_fields_in_order() {
        var form = makeForm()
        XCTAssertEqual(form.focus, 0)
        _ = form.handle(.character("张"))
        XCTAssertEqual(form.handle(.tab), .updated)
        XCTAssertEqual(form.focus, 1)
        _ = form.handle(.down)
        XCTAssertEqual(form.focus, 2)
        _ = form.handle(.backTab)
        XCTAssertEqual(form.focus, 1)
        _ = form.handle(.up)
        XCTAssertEqual(form.focus, 0)
    }

    @Test func test_typing_on_at_a_full_field_says_so_and_keeps_what_fits() {
        var form = makeForm()
        for c in "欧阳欧阳欧阳欧阳欧阳" { _ = form.handle(.character(c)) }
        XCTAssertNil(form.fields[0].message)
        _ = form.handle(.character("明"))
        XCTAssertEqual(form.fields[0].value, "欧阳欧阳欧阳欧阳欧阳")
        XCTAssertEqual(form.fields[0].message, "max 10")
        _ = form.handle(.backspace)
        XCTAssertNil(form.fields[0].message, "the message goes with the next change")
    }

    /// The message is each form's own (the console gives its forms the operator's language): two
    /// forms in one process, each in its language, never take each other's.
    @Test func test_a_full_field_says_so_in_its_own_forms_words() {
        var zh = makeForm(limitMessage: { "已到上限：最多 \($0) 字" })
        var en = makeForm(limitMessage: { "Full: at most \($0) characters" })
        for c in "欧阳欧阳欧阳欧阳欧阳明" { _ = zh.handle(.character(c)); _ = en.handle(.character(c)) }
        XCTAssertEqual(zh.fields[0].message, "已到上限：最多 10 字")
        XCTAssertEqual(en.fields[0].message, "Full: at most 10 characters")
    }

    @Test func test_leaving_an_invalid_field_shows_the_message_inline_under_it() {
        var form = makeForm()
        _ = form.handle(.tab)
        XCTAssertEqual(form.field("name")?.message, "姓名必填")
        let screen = VirtualScreen()
        form.render(into: screen, rect: FrameLayout(size: screen.size).main)
        XCTAssertEqual(Array(screen.rows()[2...7]), [
            TestText.pad("走访登记"),
            TestText.pad(""),
            TestText.pad(" 姓名"),
            TestText.pad("        姓名必填"),
            TestText.pad(">类别   < 居民 >"),
            TestText.pad(" 时间"),
        ])
        XCTAssertEqual(screen.style(5, 8), .error)
        XCTAssertEqual(screen.cursor?.row, 6)
        XCTAssertEqual(screen.cursor?.col, 10)
        // Typing into the field again clears its message.
        _ = form.handle(.backTab)
        _ = form.handle(.character("李"))
        XCTAssertNil(form.field("name")?.message)
    }

    @Test func test_enter_on_last_field_or_f10_saves_only_when_valid() {
        var form = makeForm()
        _ = form.handle(.tab)
        _ = form.handle(.tab)
        XCTAssertEqual(form.handle(.enter), .updated, "name is empty: no save")
        XCTAssertEqual(form.focus, 0, "focus jumps to the first invalid field")
        _ = form.handle(.paste("欧阳娜娜"))
        XCTAssertEqual(form.handle(.enter), .updated, "Enter on a field that is not last moves on")
        XCTAssertEqual(form.focus, 1)
        XCTAssertEqual(form.handle(.f(10)), [.handled, .redraw, .submit])
        XCTAssertEqual(form.values["name"], "欧阳娜娜")
        XCTAssertEqual(form.values["kind"], "居民")
    }

    @Test func test_escape_on_a_dirty_form_asks_before_discarding() {
        var form = makeForm()
        XCTAssertFalse(form.isDirty)
        _ = form.handle(.character("张"))
        XCTAssertTrue(form.isDirty)
        XCTAssertEqual(form.handle(.escape), .updated)
        XCTAssertNotNil(form.cancelConfirm)
        let screen = VirtualScreen()
        form.render(into: screen, rect: FrameLayout(size: screen.size).main)
        XCTAssertTrue(screen.text.contains("有未保存的内容"), screen.text)
        XCTAssertEqual(form.handle(.character("n")), .updated)
        XCTAssertNil(form.cancelConfirm)
        XCTAssertEqual(form.field("name")?.value, "张", "declining keeps the input")
        _ = form.handle(.escape)
        XCTAssertEqual(form.handle(.character("y")), [.handled, .redraw, .cancel])
    }

    @Test func test_escape_on_a_clean_form_cancels_at_once() {
        var form = makeForm()
        XCTAssertEqual(form.handle(.escape), [.handled, .cancel])
    }
}

@Suite(.serialized) final class DateTimeFieldTests {
    // 2026-03-01 08:30:00 in UTC+8 is 2026-03-01 00:30:00 UTC.
    private let now = Date(timeIntervalSince1970: 1_772_325_000)
    private let offset = 8 * 3600

    private func parsed(_ text: String) -> String? {
        switch DateTimeField.parse(text, now: now, utcOffsetSeconds: offset) {
        case .success(let date?): return DateTimeField.format(date, utcOffsetSeconds: offset)
        case .success(nil): return "empty"
        case .failure(let error): return "\(error)"
        }
    }

    @Test func test_now_and_relative_entries_count_from_the_given_clock() {
        XCTAssertEqual(DateTimeField.format(now, utcOffsetSeconds: offset), "2026-03-01 08:30")
        XCTAssertEqual(parsed("now"), "2026-03-01 08:30")
        XCTAssertEqual(parsed("现在"), "2026-03-01 08:30")
        XCTAssertEqual(parsed("-30m"), "2026-03-01 08:00")
        XCTAssertEqual(parsed("-2h"), "2026-03-01 06:30")
        XCTAssertEqual(parsed("-1d"), "2026-02-28 08:30")
        XCTAssertEqual(parsed("+15m"), "2026-03-01 08:45")
    }

    @Test func test_absolute_forms_fill_in_today_and_this_year() {
        XCTAssertEqual(parsed("07:05"), "2026-03-01 07:05")
        XCTAssertEqual(parsed("02-28 23:59"), "2026-02-28 23:59")
        XCTAssertEqual(parsed("2025-12-31 00:00"), "2025-12-31 00:00")
        XCTAssertEqual(parsed("２０２５－１２－３１　１０：００"), "2025-12-31 10:00", "fullwidth input from an IME")
        XCTAssertEqual(parsed(""), "empty")
    }

    @Test func test_impossible_and_malformed_entries_are_rejected() {
        XCTAssertEqual(parsed("25:00"), "noSuchDateTime")
        XCTAssertEqual(parsed("02-29 10:00"), "noSuchDateTime", "2026 is not a leap year")
        XCTAssertEqual(parsed("2024-02-29 10:00"), "2024-02-29 10:00")
        XCTAssertEqual(parsed("13-01 10:00"), "noSuchDateTime")
        XCTAssertEqual(parsed("yesterday"), "unrecognized")
        XCTAssertEqual(parsed("-30x"), "unrecognized")
        XCTAssertEqual(parsed("10:00:00:00"), "unrecognized")
        XCTAssertEqual(parsed("26-01-01 10:00"), "unrecognized", "a year needs four digits")
    }
}
