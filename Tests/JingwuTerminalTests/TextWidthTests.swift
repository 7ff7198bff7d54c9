import XCTest

@testable import JingwuTerminal

final class TextWidthTests: XCTestCase {
    func test_chinese_characters_take_two_columns_and_latin_one() {
        XCTAssertEqual(TextWidth.columns(of: "张伟"), 4)
        XCTAssertEqual(TextWidth.columns(of: "ab张"), 4)
        XCTAssertEqual(TextWidth.columns(of: "ＡＢ"), 4, "fullwidth Latin is wide")
        XCTAssertEqual(TextWidth.columns(of: "，。"), 4, "CJK punctuation is wide")
        XCTAssertEqual(TextWidth.columns(of: "😀"), 2)
    }

    func test_combining_marks_take_no_column() {
        XCTAssertEqual(TextWidth.columns(of: "e\u{301}"), 1)
        // Issue 14: a zero-width space is drawn as U+FFFD (hidden characters are shown), one column.
        XCTAssertEqual(TextWidth.columns(of: "a\u{200B}b"), 3, "zero-width space")
    }

    func test_invalid_bytes_become_replacement_character() {
        let text = TextWidth.decode([0x41, 0xFF, 0xE5, 0xBC, 0xA0])
        XCTAssertEqual(text, "A\u{FFFD}张")
        XCTAssertEqual(TextWidth.columns(of: text), 4)
    }

    func test_control_characters_never_reach_the_screen() {
        XCTAssertEqual(TextWidth.displayable("a\u{1B}[31mb\tc"), "a\u{FFFD}[31mb c")
    }

    func test_truncate_ends_with_ellipsis_within_budget() {
        XCTAssertEqual(TextWidth.truncate("张伟张伟", to: 5), "张伟…")
        XCTAssertEqual(TextWidth.truncate("张伟张伟", to: 6), "张伟…")
        XCTAssertEqual(TextWidth.truncate("张伟张伟", to: 8), "张伟张伟")
        XCTAssertEqual(TextWidth.truncate("abcdef", to: 4), "abc…")
    }

    func test_fit_pads_when_a_wide_character_does_not_fit() {
        XCTAssertEqual(TextWidth.fit("张伟张伟", to: 6), "张伟… ")
        XCTAssertEqual(TextWidth.fit("张", to: 4, align: .right), "  张")
        XCTAssertEqual(TextWidth.fit("张", to: 4, align: .center), " 张 ")
        XCTAssertEqual(TextWidth.columns(of: TextWidth.fit("李小明abc", to: 7)), 7)
    }

    func test_wrap_breaks_by_columns_not_characters() {
        XCTAssertEqual(TextWidth.wrap("张伟张伟a", width: 5), ["张伟", "张伟a"])
        XCTAssertEqual(TextWidth.wrap("ab\n张", width: 5), ["ab", "张"])
    }
}
