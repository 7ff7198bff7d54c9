import Foundation
import JingwuTestSupport
import Testing

@testable import JingwuTerminal

@Suite(.serialized) final class KeyTableTests {
    enum Action: Hashable, Sendable { case help, new, filter, quit, void }

    private func baseTable() -> KeyTable<Action> {
        KeyTable([
            KeyBinding(.help, keys: [.f(1), .character("?")], label: "帮助"),
            KeyBinding(.new, keys: [.character("n")], label: "新建"),
            KeyBinding(.filter, keys: [.character("/")], label: "筛选", showsInHints: false),
            KeyBinding(.quit, keys: [.character("q")], label: "退出"),
        ])
    }

    @Test func test_a_binding_added_to_the_table_dispatches_and_appears_in_help_and_hint_line() {
        var table = baseTable()
        XCTAssertNil(table.action(for: .ctrl("z")))
        table.add(KeyBinding(.void, keys: [.ctrl("z")], label: "作废上一条"))

        XCTAssertEqual(table.action(for: .ctrl("z")), .void)

        let screen = VirtualScreen()
        var help = HelpOverlay(title: "帮助", table: table)
        help.render(into: screen, area: FrameLayout(size: screen.size).main)
        XCTAssertTrue(screen.rows().contains { $0.contains("Ctrl-Z") && $0.contains("作废上一条") }, screen.text)

        KeyHintLine.render(table.hints, into: screen, rect: FrameLayout(size: screen.size).hints)
        XCTAssertEqual(screen.row(23), TestText.pad("F1 帮助  n 新建  q 退出  Ctrl-Z 作废上一条"))
        XCTAssertEqual(help.handle(.escape), [.handled, .cancel])
    }

    @Test func test_help_overlay_lists_every_row_with_all_its_keys() {
        let screen = VirtualScreen()
        HelpOverlay(title: "帮助", table: baseTable()).render(into: screen, area: FrameLayout(size: screen.size).main)
        // 4 rows + border = 6 high centred in rows 2…21 → rows 9…14; 30 wide (the minimum) → columns 25…54.
        let left = String(repeating: " ", count: 25)
        func inner(_ s: String) -> String { "│" + TestText.pad(s, 28) + "│" }
        XCTAssertEqual(Array(screen.rows()[9...14]), [
            TestText.pad(left + "┌ 帮助 " + String(repeating: "─", count: 22) + "┐"),
            TestText.pad(left + inner(" F1/?  帮助")),
            TestText.pad(left + inner(" n     新建")),
            TestText.pad(left + inner(" /     筛选")),
            TestText.pad(left + inner(" q     退出")),
            TestText.pad(left + "└" + String(repeating: "─", count: 28) + "┘"),
        ])
    }

    @Test func test_first_row_wins_and_merged_tables_keep_screen_keys_first() {
        let screenKeys = KeyTable<Action>([KeyBinding(.new, keys: [.character("q")], label: "快速新建")])
        let merged = screenKeys.merged(with: baseTable())
        XCTAssertEqual(merged.action(for: .character("q")), .new)
        XCTAssertEqual(merged.action(for: .f(1)), .help)
        XCTAssertEqual(merged.helpRows.first, KeyHint(keys: "q", label: "快速新建"))
    }

    @Test func test_key_decoding_from_characters() {
        XCTAssertEqual(Key.fromCharacter("\t"), .tab)
        XCTAssertEqual(Key.fromCharacter("\r"), .enter)
        XCTAssertEqual(Key.fromCharacter("\u{1B}"), .escape)
        XCTAssertEqual(Key.fromCharacter("\u{7F}"), .backspace)
        XCTAssertEqual(Key.fromCharacter("\u{13}"), .ctrl("s"))
        XCTAssertEqual(Key.fromCharacter("张"), .character("张"))
        XCTAssertNil(Key.fromCharacter("\u{9B}"), "C1 control (CSI) is never a character")
        XCTAssertEqual(Key.ctrl("s").displayName, "Ctrl-S")
        XCTAssertEqual(Key.backTab.displayName, "Shift-Tab")
    }
}
