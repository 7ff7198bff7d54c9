import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuTerminal

/// Issue 14: whatever a string holds, drawing it never puts a control, escape, bidirectional
/// or zero-width character on the terminal, and the columns counted are the columns drawn.
@Suite(.serialized) final class DrawSafetyTests {
    static let unsafe: [Unicode.Scalar] = [
        "\u{0}", "\u{7}", "\u{1B}", "\u{7F}", "\u{85}", "\u{9B}", "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}",
        "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}", "\u{200E}", "\u{200F}", "\u{61C}", "\u{200B}", "\u{200C}", "\u{200D}",
        "\u{2060}", "\u{FEFF}", "\u{2028}", "\u{2029}",
    ]

    @Test func test_no_unsafe_character_survives_displayable_or_reaches_a_cell() {
        for scalar in Self.unsafe {
            let text = "甲" + String(scalar) + "乙"
            let shown = TextWidth.displayable(text)
            XCTAssertFalse(shown.unicodeScalars.contains { TextWidth.isControl($0) || TextWidth.isHidden($0) },
                           String(format: "U+%04X", scalar.value))
            XCTAssertEqual(TextWidth.columns(of: text), TextWidth.columns(of: shown), String(format: "U+%04X", scalar.value))
            let screen = VirtualScreen(rows: 1, columns: 10)
            let end = screen.put(text, row: 0, col: 0, style: .normal)
            XCTAssertEqual(end, 5)
            XCTAssertFalse(screen.row(0).unicodeScalars.contains { TextWidth.isControl($0) || TextWidth.isHidden($0) })
        }
        XCTAssertEqual(TextWidth.displayable("a\u{202E}cba\u{2028}b"), "a\u{FFFD}cba b")
        XCTAssertEqual(TextWidth.fit("\u{1B}]0;x\u{7}标题", to: 8), "\u{FFFD}]0;x\u{FFFD}… ")
    }
}
