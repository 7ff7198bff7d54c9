import Foundation
import JingwuTestSupport
import Testing

@testable import JingwuTerminal

@Suite(.serialized) final class TextWidthTests {
    @Test func test_chinese_characters_take_two_columns_and_latin_one() {
        XCTAssertEqual(TextWidth.columns(of: "张伟"), 4)
        XCTAssertEqual(TextWidth.columns(of: "ab张"), 4)
        XCTAssertEqual(TextWidth.columns(of: "ＡＢ"), 4, "fullwidth Latin is wide")
        XCTAssertEqual(TextWidth.columns(of: "，。"), 4, "CJK punctuation is wide")
        XCTAssertEqual(TextWidth.columns(of: "😀"), 2)
    }

    @Test func test_combining_marks_take_no_column() {
        XCTAssertEqual(TextWidth.columns(of: "e\u{301}"), 1)
        // Issue 14: a zero-width space is drawn as U+FFFD (hidden characters are shown), one column.
        XCTAssertEqual(TextWidth.columns(of: "a\u{200B}b"), 3, "zero-width space")
    }

    @Test func test_invalid_bytes_become_replacement_character() {
        let text = TextWidth.decode([0x41, 0xFF, 0xE5, 0xBC, 0xA0])
        XCTAssertEqual(text, "A\u{FFFD}张")
        XCTAssertEqual(TextWidth.columns(of: text), 4)
    }

    @Test func test_control_characters_never_reach_the_screen() {
        XCTAssertEqual(TextWidth.displayable("a\u{1B}[31mb\tc"), "a\u{FFFD}[31mb c")
    }

    @Test func test_truncate_ends_with_ellipsis_within_budget() {
        XCTAssertEqual(TextWidth.truncate("张伟张伟", to: 5), "张伟…")
        XCTAssertEqual(TextWidth.truncate("张伟张伟", to: 6), "张伟…")
        XCTAssertEqual(TextWidth.truncate("张伟张伟", to: 8), "张伟张伟")
        XCTAssertEqual(TextWidth.truncate("abcdef", to: 4), "abc…")
    }

    @Test func test_fit_pads_when_a_wide_character_does_not_fit() {
        XCTAssertEqual(TextWidth.fit("张伟张伟", to: 6), "张伟… ")
        XCTAssertEqual(TextWidth.fit("张", to: 4, align: .right), "  张")
        XCTAssertEqual(TextWidth.fit("张", to: 4, align: .center), " 张 ")
        XCTAssertEqual(TextWidth.columns(of: TextWidth.fit("李小明abc", to: 7)), 7)
    }

    @Test func test_wrap_breaks_by_columns_not_characters() {
        XCTAssertEqual(TextWidth.wrap("张伟张伟a", width: 5), ["张伟", "张伟a"])
        XCTAssertEqual(TextWidth.wrap("ab\n张", width: 5), ["ab", "张"])
    }

    // Issue 16: one width for the whole product (JingwuResources' `TextWidth`, which the report
    // renderers in JingwuDomain use too). Where the two copies disagreed, the screen's rule won.

    @Test func test_emoji_take_two_columns_with_their_modifiers_and_flags_are_one_cluster() {
        XCTAssertEqual(TextWidth.columns(of: "👍🏽"), 2, "skin-tone modifier joins the emoji")
        XCTAssertEqual(TextWidth.columns(of: "🇨🇳"), 2, "a flag is two regional indicators, one cluster")
        XCTAssertEqual(TextWidth.columns(of: "🚓警"), 4)
        XCTAssertEqual(TextWidth.columns(of: "❤\u{FE0F}"), 1, "text-presentation symbol stays narrow, as wcwidth")
        // A zero-width joiner is a hidden character: drawn as U+FFFD, so measured as one column each.
        let family = "👨\u{200D}👩\u{200D}👧"
        XCTAssertEqual(TextWidth.columns(of: family), 8)
        XCTAssertEqual(TextWidth.columns(of: family), TextWidth.columns(of: TextWidth.displayable(family)))
    }

    @Test func test_controls_count_as_the_replacement_they_are_drawn_as() {
        XCTAssertEqual(TextWidth.columns(of: "\u{1B}"), 1)
        XCTAssertEqual(TextWidth.columns(of: "a\u{7}b"), 3)
        XCTAssertEqual(TextWidth.columns(of: "a\u{85}b"), 3, "C1 control")
        XCTAssertEqual(TextWidth.columns(of: "a\u{202E}b"), 3, "bidirectional override")
        for text in ["a\u{1B}[31m", "x\u{7F}y", "\u{200F}张"] {
            XCTAssertEqual(TextWidth.columns(of: text), TextWidth.columns(of: TextWidth.displayable(text)), text)
        }
    }

    @Test func test_combining_marks_and_joining_jamo_add_nothing() {
        XCTAssertEqual(TextWidth.columns(of: "e\u{301}\u{302}"), 1)
        XCTAssertEqual(TextWidth.columns(of: "\u{301}"), 0, "a lone combining mark")
        XCTAssertEqual(TextWidth.columns(of: "\u{1100}\u{1161}"), 2, "a Hangul syllable in jamo")
        XCTAssertEqual(TextWidth.columns(of: "张\u{20DD}"), 2, "an enclosing mark on a wide character")
    }

    @Test func test_cjk_and_fullwidth_punctuation_are_wide() {
        XCTAssertEqual(TextWidth.columns(of: "王建国（031245）"), 16)
        XCTAssertEqual(TextWidth.columns(of: "甲：乙，丙；"), 12)
        XCTAssertEqual(TextWidth.columns(of: "𠀀"), 2, "CJK extension B")
        XCTAssertEqual(TextWidth.columns(of: "ｱ"), 1, "halfwidth katakana is narrow")
    }

    @Test func test_a_wide_character_at_the_edge_is_never_split() {
        XCTAssertEqual(TextWidth.truncate("a张", to: 2), "a…")
        XCTAssertEqual(TextWidth.truncate("张张", to: 3), "张…")
        XCTAssertEqual(TextWidth.fit("张张", to: 3), "张…")
        XCTAssertEqual(TextWidth.fit("张", to: 1), "…")
        XCTAssertEqual(TextWidth.truncate("ab张", to: 3, ellipsis: false), "ab")
        XCTAssertEqual(TextWidth.fit("ab张", to: 3).count, 3)
        XCTAssertEqual(TextWidth.wrap("a张张", width: 2), ["a", "张", "张"])
        XCTAssertEqual(TextWidth.pad("张", to: 4, align: .right), "  张")
        XCTAssertEqual(TextWidth.pad("张张张", to: 4), "张张张", "pad never cuts")
    }
}

/// A number (an ID or phone number, whole or masked) that fits on a line is not split across two.
@Suite(.serialized) final class WrapNumbersTests {
    /// The message line's wrap: a path, a number or an English word whole; Chinese between
    /// characters; never a line starting with closing punctuation or ending with opening.
    @Test func test_wrap_words_keeps_ascii_runs_whole_and_breaks_chinese_between_characters() {
        // A path wider than what is left of the line starts the next one, whole; one wider than
        // a whole line is cut between characters, as nothing else can hold it.
        XCTAssertEqual(TextWidth.wrapWords("已导出到 /tmp/a.html", width: 12), ["已导出到", "/tmp/a.html"])
        XCTAssertEqual(TextWidth.wrapWords("已导出到 /tmp/a/b.html", width: 12), ["已导出到 /tm", "p/a/b.html"])
        // Chinese fills the line and breaks between characters, not at the last space.
        XCTAssertEqual(TextWidth.wrapWords("第 5 号记录起不同被改写", width: 12), ["第 5 号记录", "起不同被改写"])
        // A number or a case number that fits a line is never cut: it moves whole.
        XCTAssertEqual(TextWidth.wrapWords("档案 D2026-0001", width: 10), ["档案", "D2026-0001"])
        XCTAssertEqual(TextWidth.wrapWords("校验码84a4aa2a", width: 10), ["校验码", "84a4aa2a"])
        // Closing punctuation never starts a line: the character before it goes down too.
        XCTAssertEqual(TextWidth.wrapWords("请先填写姓名，再保存", width: 12), ["请先填写姓", "名，再保存"])
        // Two closing marks together (`）；`): both go down with the character before them.
        XCTAssertEqual(TextWidth.wrapWords("重算校验码）；派出所", width: 12), ["重算校验", "码）；派出所"])
        XCTAssertEqual(TextWidth.wrapWords("（被改写）。", width: 10), ["（被改", "写）。"])
        // A list of fields breaks where two spaces part two fields in the line's second half: the field
        // goes down with its label; one part in the first half does not count (the line fills instead).
        XCTAssertEqual(TextWidth.wrapWords("调解人：王芳  情况：=SUM(A1) 双方各让一步", width: 24),
                       ["调解人：王芳  情况：", "=SUM(A1) 双方各让一步"])
        XCTAssertEqual(TextWidth.wrapWords("时间：09:30  类型：人民调解  调解人：王芳", width: 34),
                       ["时间：09:30  类型：人民调解", "调解人：王芳"])
        // Opening punctuation never ends a line.
        XCTAssertEqual(TextWidth.wrapWords("记录员张伟（031245）", width: 12), ["记录员张伟", "（031245）"])
        // English words whole; the space at the break dropped.
        XCTAssertEqual(TextWidth.wrapWords("nothing can be recorded here", width: 12), ["nothing can", "be recorded", "here"])
        // Every line within the width, and nothing lost but the spaces at breaks.
        let text = "jingwu：东门警务室的日志与派出所所存不一致：第 200 号记录起不同（被改写或重算校验码）；派出所已存至第 40678 号"
        for width in 6...40 {
            let lines = TextWidth.wrapWords(text, width: width)
            XCTAssertTrue(lines.allSatisfy { TextWidth.columns(of: $0) <= width }, "\(width): \(lines)")
            XCTAssertEqual(lines.joined().replacingOccurrences(of: " ", with: ""), text.replacingOccurrences(of: " ", with: ""), "\(width)")
        }
    }

    @Test func test_a_masked_number_at_the_edge_starts_the_next_line() {
        XCTAssertEqual(TextWidth.wrapWords("当事人身份证110101********0015，电话139****5678", width: 20),
                       ["当事人身份证", "110101********0015，", "电话139****5678"])
        // As `wrap` where nothing is a number.
        XCTAssertEqual(TextWidth.wrapWords("楼上漏水双方争执不下", width: 8), TextWidth.wrap("楼上漏水双方争执不下", width: 8))
        // Wider than the line: split as `wrap` does; a paragraph break is kept.
        XCTAssertEqual(TextWidth.wrapWords("号12345678901234567890", width: 10), ["号12345678", "9012345678", "90"])
        XCTAssertEqual(TextWidth.wrapWords("甲\n乙", width: 10), ["甲", "乙"])
    }
}
