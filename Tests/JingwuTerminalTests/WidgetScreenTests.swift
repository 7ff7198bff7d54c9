import Foundation
import JingwuTestSupport
import Testing

@testable import JingwuTerminal

/// Whole-row screen tests at 80×24 against the virtual screen.
@Suite(.serialized) final class WidgetScreenTests {
    private func pad(_ s: String, _ width: Int = 80) -> String { TestText.pad(s, width) }

    @Test func test_frame_layout_at_80x24_and_after_resize() {
        let layout = FrameLayout(size: Size(rows: 24, columns: 80))
        XCTAssertEqual(layout.title, Rect(row: 0, col: 0, width: 80, height: 1))
        XCTAssertEqual(layout.tabs, Rect(row: 1, col: 0, width: 80, height: 1))
        XCTAssertEqual(layout.main, Rect(row: 2, col: 0, width: 80, height: 20))
        XCTAssertEqual(layout.message, Rect(row: 22, col: 0, width: 80, height: 1))
        XCTAssertEqual(layout.hints, Rect(row: 23, col: 0, width: 80, height: 1))
        let bigger = FrameLayout(size: Size(rows: 30, columns: 100))
        XCTAssertEqual(bigger.main, Rect(row: 2, col: 0, width: 100, height: 26))
        XCTAssertEqual(bigger.hints.row, 29)
    }

    @Test func test_title_line_with_chinese_and_over_long_text() {
        let screen = VirtualScreen()
        let layout = FrameLayout(size: screen.size)
        TitleLine.render(left: "城关派出所 东门警务室 值班: 张伟", right: "2026-03-01 08:30", into: screen, rect: layout.title)
        XCTAssertEqual(screen.row(0), pad(" 城关派出所 东门警务室 值班: 张伟", 63) + "2026-03-01 08:30 ")
        XCTAssertEqual(screen.style(0, 0), .title)
        XCTAssertEqual(screen.style(0, 79), .title)

        let narrow = VirtualScreen(rows: 1, columns: 30)
        TitleLine.render(left: "城关派出所 东门警务室 值班: 张伟", right: "08:30", into: narrow, rect: Rect(narrow.size))
        // Left budget 30 - 5 - 2 = 23 columns, a gap, "08:30", one trailing space.
        XCTAssertEqual(narrow.row(0), " 城关派出所 东门警务室… 08:30 ")
    }

    @Test func test_tab_bar_spaces_tabs_generously_when_there_is_room() {
        let screen = VirtualScreen()
        let tabs = TabBar(titles: ["总览", "巡逻", "网格"], selected: 0)
        tabs.render(into: screen, rect: FrameLayout(size: screen.size).tabs)
        XCTAssertEqual(screen.row(1), pad(" 1 总览  2 巡逻  3 网格 "))
        XCTAssertEqual(screen.styleRow(1, legend: [.tab: "-", .tabActive: "A"]).prefix(10), "AAAAAAAA--")
    }

    @Test func test_tab_bar_marks_the_active_tab_and_shares_room_when_too_narrow() {
        let screen = VirtualScreen()
        var tabs = TabBar(titles: ["总览", "巡逻", "网格", "重点人员", "矛盾纠纷", "警情", "交接班", "日志", "统计"], selected: 1)
        tabs.render(into: screen, rect: FrameLayout(size: screen.size).tabs)
        XCTAssertEqual(
            screen.row(1),
            pad(" 1 总览 2 巡逻 3 网格 4 重点人员 5 矛盾纠纷 6 警情 7 交接班 8 日志 9 统计"))
        XCTAssertEqual(screen.style(1, 7), .tabActive)
        XCTAssertEqual(screen.style(1, 6), .tab)
        XCTAssertEqual(screen.style(1, 1), .tab)
        XCTAssertEqual(tabs.handle(.right), .edited)
        XCTAssertEqual(tabs.selected, 2)

        let narrow = VirtualScreen(rows: 1, columns: 40)
        tabs.render(into: narrow, rect: Rect(narrow.size))
        // 9 tabs in 40 columns: 4 columns each, the rest blank.
        XCTAssertEqual(narrow.row(0), " 1 …" + " 2 …" + " 3 …" + " 4 …" + " 5 …" + " 6 …" + " 7 …" + " 8 …" + " 9 …" + "    ")
    }

    /// Issue 17: a message wider than the line wraps onto the rows above it (three at most),
    /// and only what is longer still is cut with "…".
    @Test func test_message_line_wraps_over_long_text() {
        let screen = VirtualScreen()
        let text = "已保存走访记录：" + String(repeating: "张伟", count: 30)
        MessageLine.render(Message(.ok, text), into: screen, rect: FrameLayout(size: screen.size).message)
        func trimmed(_ row: Int) -> String { String(screen.row(row).reversed().drop { $0 == " " }.reversed()) }
        XCTAssertEqual(trimmed(21), " 已保存走访记录：" + String(repeating: "张伟", count: 15) + "张")
        XCTAssertEqual(trimmed(22), " 伟" + String(repeating: "张伟", count: 14))
        XCTAssertEqual(trimmed(20), "", "two lines are enough")
        XCTAssertEqual(TestText.columns(screen.row(21)), 80)
        XCTAssertEqual(TestText.columns(screen.row(22)), 80)
        XCTAssertEqual(screen.style(21, 1), .ok)
        XCTAssertEqual(screen.style(22, 1), .ok)

        let longer = VirtualScreen()
        MessageLine.render(Message(.error, String(repeating: "张伟", count: 80)), into: longer,
                           rect: FrameLayout(size: longer.size).message)
        XCTAssertEqual(longer.row(19).trimmingCharacters(in: .whitespaces), "", "three lines at most")
        XCTAssertEqual(longer.row(20), " " + String(repeating: "张伟", count: 19) + "张 ")
        XCTAssertTrue(longer.row(22).hasSuffix("…"), longer.row(22))
        XCTAssertEqual(TestText.columns(longer.row(22)), 80)
    }

    @Test func test_table_with_chinese_names_aligns_exactly() {
        let screen = VirtualScreen()
        let table = Table(
            columns: [
                TableColumn("编号", width: .fixed(6)), TableColumn("姓名", width: .fixed(10)),
                TableColumn("网格", width: .flexible(min: 8)), TableColumn("次数", width: .fixed(4), align: .right),
            ],
            rows: [
                ["P001", "张伟", "东门社区", "12"],
                ["P002", "欧阳娜娜", "西关村", "3"],
                ["P003", "Li Ming", "南街菜市场", "7"],
                ["P004", "买买提·艾力江", "火车站广场", "125"],
            ],
            emptyText: "没有记录")
        table.render(into: screen, rect: FrameLayout(size: screen.size).main)
        // Widths: 6 + 1 + 10 + 1 + flexible (80 - 3 - 20 = 57) + 1 + 4.
        let rows = screen.rows()
        XCTAssertEqual(rows[2], "编号   姓名       网格" + String(repeating: " ", count: 54) + "次数")
        XCTAssertEqual(rows[3], "P001   张伟       " + pad("东门社区", 57) + "   12")
        XCTAssertEqual(rows[4], "P002   欧阳娜娜   " + pad("西关村", 57) + "    3")
        XCTAssertEqual(rows[5], "P003   Li Ming    " + pad("南街菜市场", 57) + "    7")
        // 买买提·艾力江 is 13 columns: cut to 9 + "…"; "·" is one column.
        XCTAssertEqual(rows[6], "P004   买买提·艾… " + pad("火车站广场", 57) + "  125")
        XCTAssertEqual(rows[7], pad(""))
        // Every row is exactly 80 columns and the name column starts at column 7 in each.
        for index in 2...6 { XCTAssertEqual(TestText.columns(rows[index]), 80, "row \(index)") }
        XCTAssertEqual(screen.style(3, 0), .selected)
        XCTAssertEqual(screen.style(4, 0), .normal)
        XCTAssertEqual(screen.style(2, 0), .header)
    }

    @Test func test_table_scrolls_to_keep_selection_visible_and_shows_sort_indicator() {
        let screen = VirtualScreen(rows: 5, columns: 20)
        var table = Table(
            columns: [TableColumn("名", width: .fixed(6)), TableColumn("数", width: .flexible(min: 4), align: .right)],
            rows: (1...10).map { ["居民\($0)", "\($0)"] })
        let rect = Rect(screen.size)
        for _ in 0..<5 { _ = table.handle(.down, pageSize: 4) }
        XCTAssertEqual(table.selected, 5)
        table.render(into: screen, rect: rect)
        XCTAssertEqual(screen.rows(), [
            "名                数",
            "居民3              3",
            "居民4              4",
            "居民5              5",
            "居民6              6",
        ])
        XCTAssertEqual(screen.style(4, 0), .selected)
        table.toggleSort(column: 1)
        table.toggleSort(column: 1)
        table.render(into: screen, rect: rect)
        XCTAssertEqual(screen.row(0), "名               数↓")
        XCTAssertEqual(table.rows.first, ["居民10", "10"], "numbers sort as numbers")
        XCTAssertEqual(table.handle(.enter, pageSize: 4), [.handled, .submit])
    }

    @Test func test_empty_table_shows_the_callers_empty_text() {
        let screen = VirtualScreen()
        let table = Table(columns: [TableColumn("姓名", width: .flexible(min: 4))], emptyText: "没有记录")
        table.render(into: screen, rect: FrameLayout(size: screen.size).main)
        XCTAssertEqual(screen.row(2), pad("姓名"))
        XCTAssertEqual(screen.row(3), pad(String(repeating: " ", count: 36) + "没有记录"))
        XCTAssertEqual(screen.style(3, 36), .muted)
    }

    @Test func test_key_hint_line_drops_whole_hints_that_do_not_fit_but_keeps_the_last() {
        let screen = VirtualScreen()
        let hints = (1...12).map { KeyHint(keys: "F\($0)", label: "功能\($0)") }
        KeyHintLine.render(hints, into: screen, rect: FrameLayout(size: screen.size).hints)
        // Each hint "Fn 功能n" is 2/3 + 1 + 5/6 columns; all twelve do not fit even one
        // column apart, so hints before the last (quit, by convention) are dropped.
        XCTAssertEqual(
            screen.row(23),
            pad("F1 功能1 F2 功能2 F3 功能3 F4 功能4 F5 功能5 F6 功能6 F7 功能7 F12 功能12"))
        XCTAssertEqual(screen.style(23, 0), .hintKey)
        XCTAssertEqual(screen.style(23, 3), .hint)
    }

    @Test func test_wrapping_keeps_codes_whole_and_indentation() {
        let lines = TextWidth.wrapWords("  网格 C01-1 C01-2 C09-1 C09-2 C10-1", width: 20)
        XCTAssertEqual(lines, ["  网格 C01-1 C01-2", "C09-1 C09-2 C10-1"])
        XCTAssertTrue(lines.allSatisfy { TextWidth.columns(of: $0) <= 20 })
        // No space late enough: between characters, as before.
        XCTAssertEqual(TextWidth.wrapWords("交班说明东街路灯坏了两盏已报修", width: 10), ["交班说明东", "街路灯坏了", "两盏已报修"])
    }

    @Test func test_key_hint_line_closes_up_to_one_space_before_dropping_anything() {
        let screen = VirtualScreen()
        let hints = (1...9).map { KeyHint(keys: "F\($0)", label: "功能\($0)") }
        KeyHintLine.render(hints, into: screen, rect: FrameLayout(size: screen.size).hints)
        XCTAssertEqual(screen.row(23), pad("F1 功能1 F2 功能2 F3 功能3 F4 功能4 F5 功能5 F6 功能6 F7 功能7 F8 功能8 F9 功能9"))
        let few = (1...3).map { KeyHint(keys: "F\($0)", label: "功能\($0)") }
        KeyHintLine.render(few, into: screen, rect: FrameLayout(size: screen.size).hints)
        XCTAssertEqual(screen.row(23), pad("F1 功能1  F2 功能2  F3 功能3"))
    }

    @Test func test_inline_choice_and_choice_list() {
        let screen = VirtualScreen()
        var choice = ChoiceList(options: ["居民", "访客", "重点人员"])
        XCTAssertEqual(choice.handle(.right), .edited)
        choice.renderInline(into: screen, rect: Rect(row: 5, col: 10, width: 20, height: 1), focused: true)
        XCTAssertEqual(screen.row(5), pad(String(repeating: " ", count: 10) + "< 访客 >"))
        XCTAssertEqual(choice.handle(.character("重")), .edited)
        XCTAssertEqual(choice.selectedOption, "重点人员")
        XCTAssertEqual(choice.handle(.down), [], "inline: ↑/↓ belong to the form")
        XCTAssertEqual(choice.handle(.up, list: true), .edited)
        choice.renderList(into: screen, rect: Rect(row: 7, col: 0, width: 80, height: 4), focused: true)
        XCTAssertEqual(Array(screen.rows()[7...10]), [pad("  居民"), pad("> 访客"), pad("  重点人员"), pad("")])
        XCTAssertEqual(screen.style(8, 0), .selected)
    }

    @Test func test_suggestions_cover_whole_rows_and_open_below_the_fields_message() {
        var form = Form(title: "", fields: [
            FormField(id: "cell", label: "网格", editor: .completion(CompletionField(items: [
                CompletionItem(code: "G01", name: "东门社区"), CompletionItem(code: "G02", name: "西关村")]))),
            FormField(id: "note", label: "情况", editor: .text(TextField(text: "楼道堆放杂物多处需要清理"))),
        ], discard: ConfirmDialog(title: "?", message: "?", yesLabel: "y", noLabel: "n"))
        _ = form.handle(.character("g"))
        let screen = VirtualScreen(rows: 6, columns: 40)
        form.render(into: screen, rect: Rect(row: 0, col: 0, width: 40, height: 6))
        // Nothing of the field under the list shows beside a suggestion.
        XCTAssertTrue(screen.row(1).contains("G01  东门社区"), screen.text)
        XCTAssertFalse(screen.rows()[1...2].contains { $0.contains("清理") || $0.contains("杂物") }, screen.text)
        XCTAssertFalse(screen.row(1).contains("情况"), "the label beside a suggestion is blanked: \(screen.text)")
        // Esc shuts the list first (the form stays); the next Esc is the form's.
        XCTAssertFalse(form.handle(.escape).contains(.cancel))
        form.render(into: screen, rect: Rect(row: 0, col: 0, width: 40, height: 6))
        XCTAssertTrue(screen.row(1).contains("情况"), screen.text)
        _ = form.handle(.character("0"))
        form.setMessage("网格:没有编号为 g 的巡逻点位", for: "cell")
        form.render(into: screen, rect: Rect(row: 0, col: 0, width: 40, height: 6))
        XCTAssertTrue(screen.row(1).contains("没有编号为 g 的巡逻点位"), screen.text)
        XCTAssertTrue(screen.row(2).contains("G01  东门社区"), screen.text)
        // Issue 15: Tab never picks a suggestion (it used to take the highlighted one): it moves on
        // and the field keeps what was typed. Enter is the choice.
        _ = form.handle(.tab)
        XCTAssertEqual(form.values["cell"], "g0")
        XCTAssertEqual(form.focus, 1)
        _ = form.handle(.backTab)
        _ = form.handle(.enter)
        XCTAssertEqual(form.values["cell"], "G01")
        XCTAssertEqual(form.focus, 0, "Enter that picked stays in the field")
    }

    @Test func test_completion_suggests_by_code_prefix_and_name_and_picks_with_enter() {
        var field = CompletionField(items: [
            CompletionItem(code: "G01", name: "东门社区"), CompletionItem(code: "G02", name: "西关村"),
            CompletionItem(code: "G12", name: "火车站广场"), CompletionItem(code: "X01", name: "东关小学"),
        ])
        _ = field.handle(.character("g"))
        _ = field.handle(.character("0"))
        XCTAssertEqual(field.matches.map(\.code), ["G01", "G02"])
        field.input.setText("")
        _ = field.handle(.character("东"))
        XCTAssertEqual(field.matches.map(\.code), ["G01", "X01"])
        XCTAssertEqual(field.handle(.down), .updated)

        let screen = VirtualScreen()
        field.render(into: screen, rect: Rect(row: 4, col: 8, width: 40, height: 5), focused: true, fieldWidth: 10)
        XCTAssertEqual(Array(screen.rows()[4...7]), [
            pad("        东"),
            pad("         G01  东门社区"),
            pad("         X01  东关小学"),
            pad(""),
        ])
        XCTAssertEqual(screen.style(6, 8), .selected)
        XCTAssertEqual(screen.cursor?.col, 10)

        XCTAssertEqual(field.handle(.tab), [], "Tab is never a choice (issue 15): the form's")
        XCTAssertEqual(field.text, "东")
        XCTAssertEqual(field.handle(.enter), .edited)
        XCTAssertEqual(field.text, "X01")
        XCTAssertEqual(field.picked?.name, "东关小学")
        XCTAssertEqual(field.handle(.enter), [], "nothing left to pick: Enter is the form's")
        screen.clear()
        field.render(into: screen, rect: Rect(row: 4, col: 8, width: 40, height: 5), focused: false, fieldWidth: 10)
        XCTAssertEqual(screen.row(4), pad("        X01        东关小学"))
    }

    @Test func test_confirm_dialog_renders_centered_and_defaults_to_no() {
        let screen = VirtualScreen()
        var dialog = ConfirmDialog(title: "作废", message: "作废你的上一条记录？", yesLabel: "是", noLabel: "否")
        dialog.render(into: screen, area: FrameLayout(size: screen.size).main)
        // Box 30 wide, 5 high, centred in rows 2…21: rows 9…13, columns 25…54.
        let rows = screen.rows()
        XCTAssertEqual(rows[9], pad(String(repeating: " ", count: 25) + "┌ 作废 ──────────────────────┐"))
        XCTAssertEqual(rows[10], pad(String(repeating: " ", count: 25) + "│ 作废你的上一条记录？       │"))
        XCTAssertEqual(rows[11], pad(String(repeating: " ", count: 25) + "│                            │"))
        XCTAssertEqual(rows[12], pad(String(repeating: " ", count: 25) + "│  [ 是 (y) ]   [ 否 (n) ]   │"))
        XCTAssertEqual(rows[13], pad(String(repeating: " ", count: 25) + "└────────────────────────────┘"))
        XCTAssertEqual(dialog.handle(.enter), [.handled, .cancel])
        XCTAssertEqual(dialog.handle(.left), .updated)
        XCTAssertEqual(dialog.handle(.enter), [.handled, .submit])
        XCTAssertEqual(dialog.handle(.character("n")), [.handled, .cancel])
    }

    @Test func test_bar_chart_scales_bars_and_aligns_chinese_labels() {
        let screen = VirtualScreen()
        BarChart.render(
            [BarChart.Item("东门社区", 40), BarChart.Item("Market", 10), BarChart.Item("南街菜市场东侧路口很长的名字", 20)],
            into: screen, rect: Rect(row: 2, col: 0, width: 80, height: 3))
        // Label column: min(widest label 28, 80 / 3 = 26) = 26; values 2 wide; bars up to 80 - 26 - 2 - 2 = 50.
        XCTAssertEqual(screen.row(2), pad("东门社区", 26) + " " + String(repeating: "█", count: 50) + " 40")
        XCTAssertEqual(screen.row(3), pad("Market", 26) + " " + pad(String(repeating: "█", count: 13), 50) + " 10")
        XCTAssertEqual(screen.row(4), pad("南街菜市场东侧路口很长的…", 26) + " " + pad(String(repeating: "█", count: 25), 50) + " 20")
        XCTAssertEqual(screen.style(2, 27), .bar)
    }

    @Test func test_hour_strip_shades_each_hour_by_count_with_axis() {
        let screen = VirtualScreen()
        var counts = Array(repeating: 0, count: 24)
        counts[8] = 1
        counts[9] = 2
        counts[20] = 8
        HourStrip.render(counts: counts, label: "警情", into: screen, rect: Rect(row: 5, col: 0, width: 80, height: 2))
        let cells = String(repeating: "··", count: 8) + "░░" + "░░" + String(repeating: "··", count: 10) + "██"
            + String(repeating: "··", count: 3)
        XCTAssertEqual(screen.row(5), pad("警情 " + cells))
        XCTAssertEqual(screen.row(6), pad("     0     3     6     9     12    15    18    21"))
        XCTAssertEqual(screen.style(5, 5 + 40), .shade4)
        XCTAssertEqual(screen.style(5, 5), .muted)
    }

    @Test func test_cell_map_places_cells_and_legend_reads_without_colour() {
        let screen = VirtualScreen(usesColor: false)
        let map = CellMap(
            states: [
                .init(glyph: "#", label: "已覆盖", style: .mapCovered), .init(glyph: "+", label: "将到期", style: .mapDueSoon),
                .init(glyph: "!", label: "已超期", style: .mapOverdue), .init(glyph: ".", label: "从未", style: .mapNever),
            ],
            cells: [
                CellMap.Cell(x: 0, y: 0, state: 0, tag: "东门"), CellMap.Cell(x: 1, y: 0, state: 2, tag: "G2"),
                CellMap.Cell(x: 3, y: 1, state: 3),
            ])
        map.render(into: screen, rect: FrameLayout(size: screen.size).main, focused: false)
        // A tag wider than the cell is cut like any text: "东门" in 3 columns is "东…".
        XCTAssertEqual(screen.row(2), pad("#东… !G2"))
        XCTAssertEqual(screen.row(3), pad("               ...."))
        XCTAssertEqual(screen.row(21), pad("## 已覆盖  ++ 将到期  !! 已超期  .. 从未"))
        XCTAssertEqual(screen.style(2, 5), .mapOverdue)
        XCTAssertEqual(screen.style(21, 0), .mapCovered)
    }

    @Test func test_put_clips_over_long_content_at_the_right_edge() {
        let screen = VirtualScreen()
        screen.put(String(repeating: "警务", count: 30), row: 0, col: 75, style: .normal)
        XCTAssertEqual(screen.row(0), String(repeating: " ", count: 75) + "警务 ")
    }
}
