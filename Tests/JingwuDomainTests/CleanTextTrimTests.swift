import Foundation
import JingwuTestSupport
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

    /// `strip` returns text that holds nothing it removes or changes trimmed only: on random text
    /// of escape sequences, controls, tabs and line breaks, bidirectional marks, spaces and Chinese,
    /// it gives what the scalar-by-scalar loop (copied here as it was) gives, by either path.
    @Test func test_strip_gives_what_the_scalar_loop_gives_on_random_text() {
        var rng = SplitMix64(seed: 20261204)
        let pieces = ["王", "建国", "a", "F1021", " ", "\u{3000}", "\u{A0}", "\t", "\n", "\r\n", "\u{1B}[31m", "\u{1B}]0;x\u{07}",
                      "\u{1B}P1\u{1B}\\", "\u{1B}", "\u{7F}", "\u{85}", "\u{9F}", "\u{202E}", "\u{2067}", "\u{200E}",
                      "\u{FEFF}", "\u{200B}", "e\u{301}", "，", "\u{1}", "[", "m"]
        var fast = 0
        for _ in 0..<5000 {
            let text = (0..<Int.random(in: 0...8, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            if !text.unicodeScalars.contains(where: { CleanText.changed($0.value) }) { fast += 1 }
            XCTAssertEqual(CleanText.strip(text), Self.loopStrip(text), text.debugDescription)
        }
        XCTAssertGreaterThan(fast, 100, "texts that take the quick path")
        XCTAssertLessThan(fast, 4900, "texts that take the loop")
    }

    /// `CleanText.strip` as it was before its quick path: the reference.
    private static func loopStrip(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let v = scalars[i].value
            if v == 0x1B {
                i += 1
                guard i < scalars.count else { break }
                let next = scalars[i].value
                if next == 0x5B {
                    i += 1
                    while i < scalars.count, !(0x40...0x7E).contains(scalars[i].value) { i += 1 }
                    i += 1
                } else if next == 0x5D || next == 0x50 || next == 0x5F || next == 0x5E {
                    i += 1
                    while i < scalars.count {
                        let c = scalars[i].value
                        if c == 0x07 { i += 1; break }
                        if c == 0x1B { i += 2; break }
                        i += 1
                    }
                } else {
                    i += 1
                }
                continue
            }
            if v == 0x09 || v == 0x0A || v == 0x0D {
                if out.last != " " { out.append(" ") }
            } else if v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v)
                || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0xFEFF {
            } else {
                out.append(scalars[i])
            }
            i += 1
        }
        return String(String.UnicodeScalarView(out)).trimmingCharacters(in: .whitespaces)
    }
}
