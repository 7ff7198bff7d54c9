import Foundation
import JingwuResources
import JingwuTestSupport
import Testing

/// `Strings.text` fills `{placeholders}` in one pass (session 13). A key the tables lack is its own
/// template, so these tests pass the template as the key.
@Suite(.serialized) final class StringsFillTests {
    let strings = Strings(.zh)

    @Test func test_each_placeholder_is_filled_and_unknown_ones_and_lone_braces_stay() {
        XCTAssertEqual(strings.text("{a}、{b}和{a}", ["a": "甲", "b": "乙"]), "甲、乙和甲")
        XCTAssertEqual(strings.text("{a} {missing} {", ["a": "1"]), "1 {missing} {")
        XCTAssertEqual(strings.text("}{a}{", ["a": "x"]), "}x{")
        XCTAssertEqual(strings.text("{{a}}", ["a": "x"]), "{x}")
        XCTAssertEqual(strings.text("无占位", ["a": "x"]), "无占位")
        XCTAssertEqual(strings.text("{a}", [:]), "{a}")
        XCTAssertEqual(strings.text("{}", ["": "空"]), "空")
    }

    /// A value is never read again: a record's text holding `{count}` is shown as typed, whatever
    /// order the arguments come in. (The old loop replaced one placeholder after another in the
    /// dictionary's order; the same two keys iterate in one order in a process, so one of these
    /// two cases failed under it in every run.)
    @Test func test_a_value_that_holds_a_placeholder_is_kept_as_typed() {
        XCTAssertEqual(strings.text("{note}（{count} 次）", ["note": "备注{count}", "count": "3"]), "备注{count}（3 次）")
        XCTAssertEqual(strings.text("{count}：{note}", ["count": "{note}", "note": "x"]), "{note}：x")
    }
}
