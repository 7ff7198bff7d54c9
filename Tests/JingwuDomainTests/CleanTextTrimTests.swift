import Foundation
import Testing

@testable import JingwuDomain

/// `CleanText.strip` trims its ends itself (`CleanText.trimmed`) instead of through
/// Foundation's `trimmingCharacters(in: .whitespaces)`: the same white space goes.
@Suite(.serialized) final class CleanTextTrimTests {
    @Test func test_strip_trims_every_space_separator_at_both_ends_as_foundation_does() {
        // Every Zs scalar (the ideographic space 　 typed by Chinese input methods among them), and
        // neighbours: the Mongolian vowel separator (Zs until Unicode 6.3), zero-width space
        // (white space to Foundation) and joiner, a combining mark after a space.
        let spaces: [Unicode.Scalar] = [" ", "\u{A0}", "\u{1680}", "\u{2000}", "\u{2001}", "\u{2002}", "\u{2003}",
                                        "\u{2004}", "\u{2005}", "\u{2006}", "\u{2007}", "\u{2008}", "\u{2009}",
                                        "\u{200A}", "\u{202F}", "\u{205F}", "\u{3000}"]
        let others: [Unicode.Scalar] = ["\u{180E}", "\u{200B}", "\u{200D}", "\u{2060}", "\u{301}", "\u{85}", "王", "a"]
        for scalar in spaces + others {
            let s = String(scalar)
            for text in [s + "王 建国" + s, s + s + "a" + s, s, " " + s + "x\u{301}" + s + " "] {
                let expected = text.trimmingCharacters(in: .whitespaces)
                XCTAssertEqual(CleanText.trimmed(text.unicodeScalars), expected, "U+\(String(scalar.value, radix: 16))")
            }
        }
        XCTAssertEqual(CleanText.strip("\u{3000}王建国\u{3000}"), "王建国")
        XCTAssertEqual(CleanText.strip("\u{A0}F1021\u{2003}"), "F1021")
        XCTAssertEqual(CleanText.strip(" F10\u{3000}21 "), "F10\u{3000}21")
    }
}
