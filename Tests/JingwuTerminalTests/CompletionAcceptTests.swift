import Foundation
import JingwuTestSupport
import Testing

@testable import JingwuTerminal

/// Issue 15: a completion field is filled only by an explicit choice (Enter on a highlighted
/// suggestion). Tab, Shift-Tab, the arrows and F10 never fill it, and typing over an accepted
/// value replaces it.
@Suite(.serialized) final class CompletionAcceptTests {
    private let cells = [
        CompletionItem(code: "C01-1", name: "东门社区"), CompletionItem(code: "C05-2", name: "西关村"),
        CompletionItem(code: "C12", name: "火车站广场"),
    ]

    /// 单位 (text), 网格 (completion, required), 情况 (text); the form refuses an empty 网格 by its label.
    private func makeForm(cell: String = "") -> Form {
        var form = Form(title: "受理", fields: [
            FormField(id: "unit", label: "单位", editor: .text(TextField())),
            FormField(id: "cell", label: "网格", editor: .completion(CompletionField(items: cells, text: cell))),
            FormField(id: "note", label: "情况", editor: .text(TextField())),
        ], discard: ConfirmDialog(title: "?", message: "?", yesLabel: "y", noLabel: "n"))
        let codes = Set(cells.map(\.code))
        form.validate = { field in
            guard field.id == "cell" else { return nil }
            if field.value.isEmpty { return "网格:必填" }
            return codes.contains(field.value) ? nil : "网格:没有编号为 \(field.value) 的巡逻点位"
        }
        return form
    }

    private func rows(_ form: Form) -> [String] {
        let screen = VirtualScreen(rows: 8, columns: 40)
        form.render(into: screen, rect: Rect(row: 0, col: 0, width: 40, height: 8))
        return screen.rows()
    }

    private func pad(_ s: String) -> String { TestText.pad(s, 40) }

    @Test func test_tab_past_an_empty_completion_field_leaves_it_empty_and_f10_is_refused() {
        var form = makeForm()
        _ = form.handle(.tab)
        XCTAssertEqual(form.focus, 1)
        // Focused and empty: the list is offered, nothing in it is highlighted.
        var screen = rows(form)
        XCTAssertEqual(Array(screen[2...6]), [
            pad(" 单位"),
            pad(">网格"),
            pad("         C01-1  东门社区"),
            pad("         C05-2  西关村"),
            pad("         C12    火车站广场"),
        ])
        XCTAssertEqual(form.handle(.tab), .updated)
        XCTAssertEqual(form.focus, 2)
        XCTAssertEqual(form.values["cell"], "", "Tab filled in a suggestion")
        screen = rows(form)
        XCTAssertEqual(Array(screen[2...5]), [
            pad(" 单位"),
            pad(" 网格"),
            pad("        网格:必填"),
            pad(">情况"),
        ])
        // Shift-Tab back and forth, and F10 from another field: still empty, refused at its label.
        _ = form.handle(.backTab)
        _ = form.handle(.backTab)
        XCTAssertEqual(form.focus, 0)
        _ = form.handle(.tab)
        _ = form.handle(.tab)
        XCTAssertEqual(form.values["cell"], "")
        XCTAssertEqual(form.handle(.f(10)), .updated, "an empty required 网格 is not saved")
        XCTAssertEqual(form.focus, 1)
        XCTAssertEqual(form.field("cell")?.message, "网格:必填")
    }

    @Test func test_arrows_and_enter_on_an_empty_field_pick_nothing_until_a_suggestion_is_highlighted() {
        var form = makeForm()
        _ = form.handle(.down)  // 单位 → 网格
        XCTAssertEqual(form.focus, 1)
        // ↑ with nothing highlighted is the form's: back to 单位, nothing filled.
        _ = form.handle(.up)
        XCTAssertEqual(form.focus, 0)
        XCTAssertEqual(form.values["cell"], "")
        // Enter with nothing highlighted moves on as on any field.
        _ = form.handle(.tab)
        _ = form.handle(.enter)
        XCTAssertEqual(form.focus, 2)
        XCTAssertEqual(form.values["cell"], "")
        // ↓ highlights; ↑ from the first suggestion leaves the list; Tab then moves on empty.
        _ = form.handle(.backTab)
        _ = form.handle(.down)
        XCTAssertEqual(form.focus, 1)
        var screen = VirtualScreen(rows: 8, columns: 40)
        form.render(into: screen, rect: Rect(row: 0, col: 0, width: 40, height: 8))
        // 网格 carries its message (left empty by Enter): the list opens below it.
        XCTAssertEqual(screen.row(4), pad("        网格:必填"))
        XCTAssertEqual(screen.row(5), pad("         C01-1  东门社区"))
        XCTAssertEqual(screen.style(5, 9), .selected)
        _ = form.handle(.up)
        screen = VirtualScreen(rows: 8, columns: 40)
        form.render(into: screen, rect: Rect(row: 0, col: 0, width: 40, height: 8))
        XCTAssertEqual(screen.row(5), pad("         C01-1  东门社区"))
        XCTAssertNotEqual(screen.style(5, 9), .selected)
        _ = form.handle(.down)
        _ = form.handle(.down)
        _ = form.handle(.tab)
        XCTAssertEqual(form.values["cell"], "", "a highlighted suggestion is not taken by Tab")
        // Enter on a highlighted suggestion takes it: the only way in.
        _ = form.handle(.backTab)
        _ = form.handle(.down)
        _ = form.handle(.down)
        XCTAssertEqual(form.handle(.enter), .edited.union(.redraw))
        XCTAssertEqual(form.values["cell"], "C05-2")
        XCTAssertEqual(form.focus, 1)
        screen = VirtualScreen(rows: 8, columns: 40)
        form.render(into: screen, rect: Rect(row: 0, col: 0, width: 40, height: 8))
        XCTAssertEqual(Array(screen.rows()[3...4]), [pad(">网格   C05-2            西关村"), pad(" 情况")])
        XCTAssertEqual(form.handle(.f(10)), [.handled, .redraw, .submit])
    }

    @Test func test_typing_over_an_accepted_value_replaces_it() {
        var form = makeForm()
        _ = form.handle(.tab)
        for c in "c0" { _ = form.handle(.character(c)) }
        _ = form.handle(.enter)
        XCTAssertEqual(form.values["cell"], "C01-1")
        _ = form.handle(.tab)
        _ = form.handle(.backTab)
        // Back in the field the accepted code shows selected: what is typed replaces it.
        var screen = VirtualScreen(rows: 8, columns: 40)
        form.render(into: screen, rect: Rect(row: 0, col: 0, width: 40, height: 8))
        XCTAssertEqual(screen.row(3), pad(">网格   C01-1            东门社区"))
        XCTAssertEqual((8..<13).map { screen.style(3, $0) }, Array(repeating: .selected, count: 5))
        for c in "C05-2" { _ = form.handle(.character(c)) }
        XCTAssertEqual(form.values["cell"], "C05-2", "never C01-1C05-2")
        screen = VirtualScreen(rows: 8, columns: 40)
        form.render(into: screen, rect: Rect(row: 0, col: 0, width: 40, height: 8))
        XCTAssertEqual(screen.style(3, 8), .fieldFocused, "typed, no longer a selection")
        XCTAssertEqual(rows(form)[3], pad(">网格   C05-2            西关村"))
        // A code typed in full and left is an accepted value too (C01-1 then 锦绣 on return: 锦绣).
        var typed = makeForm()
        _ = typed.handle(.tab)
        for c in "C01-1" { _ = typed.handle(.character(c)) }
        _ = typed.handle(.tab)
        _ = typed.handle(.backTab)
        for c in "锦绣" { _ = typed.handle(.character(c)) }
        XCTAssertEqual(typed.values["cell"], "锦绣")
        // While still in the field, typing on extends what is typed (C12 is a code, C120 may be one).
        var extended = makeForm()
        _ = extended.handle(.tab)
        for c in "C12" { _ = extended.handle(.character(c)) }
        _ = extended.handle(.character("0"))
        XCTAssertEqual(extended.values["cell"], "C120")
        // A prefilled code is an accepted value too; a paste replaces it the same way.
        var prefilled = makeForm(cell: "C01-1")
        _ = prefilled.handle(.tab)
        _ = prefilled.handle(.paste("C12"))
        XCTAssertEqual(prefilled.values["cell"], "C12")
        // Moving the cursor or deleting edits the value instead of replacing it.
        var edited = makeForm(cell: "C01-1")
        _ = edited.handle(.tab)
        _ = edited.handle(.backspace)
        XCTAssertEqual(edited.values["cell"], "C01-")
        _ = edited.handle(.character("9"))
        XCTAssertEqual(edited.values["cell"], "C01-9")
        var moved = makeForm(cell: "C12")
        _ = moved.handle(.tab)
        _ = moved.handle(.home)
        _ = moved.handle(.character("X"))
        XCTAssertEqual(moved.values["cell"], "XC12")
    }

    @Test func test_a_chinese_name_typed_is_matched_but_only_enter_takes_the_suggestion() {
        var form = makeForm()
        _ = form.handle(.tab)
        _ = form.handle(.character("西"))
        var screen = rows(form)
        XCTAssertEqual(Array(screen[3...4]), [pad(">网格   西"), pad("         C05-2  西关村")])
        XCTAssertEqual(form.handle(.tab), .updated)
        XCTAssertEqual(form.values["cell"], "西", "Tab keeps what was typed")
        XCTAssertEqual(form.field("cell")?.message, "网格:没有编号为 西 的巡逻点位")
        _ = form.handle(.backTab)
        _ = form.handle(.enter)
        XCTAssertEqual(form.values["cell"], "C05-2")
        screen = rows(form)
        XCTAssertEqual(screen[3], pad(">网格   C05-2            西关村"))
        // Typing a name over the accepted value replaces it, too.
        _ = form.handle(.character("火"))
        XCTAssertEqual(form.values["cell"], "火")
        _ = form.handle(.enter)
        XCTAssertEqual(form.values["cell"], "C12")
    }
}
