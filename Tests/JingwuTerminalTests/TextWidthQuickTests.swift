import Foundation
import JingwuTestSupport
import Testing

@testable import JingwuResources

/// `TextWidth.columns(of: String)` measures a text of printable ASCII and common wide characters
/// without breaking it into grapheme clusters (session 14, a report's tables): the same number,
/// for every such text, as the cluster-by-cluster sum.
@Suite(.serialized) final class TextWidthQuickTests {
    /// The cluster-by-cluster measure (`columns(of: String)` before the quick path).
    func slow(_ text: String) -> Int { text.reduce(0) { $0 + TextWidth.columns(of: $1) } }

    @Test func test_every_character_the_quick_path_counts_as_wide_is_wide_and_a_cluster_of_its_own() {
        for range in [0x3000...0x3011, 0x4E00...0x9FFF, 0xFF01...0xFF5E] {
            for v in range {
                let scalar = Unicode.Scalar(UInt32(v))!
                XCTAssertEqual(TextWidth.columns(of: scalar), 2, "U+\(String(v, radix: 16))")
                // Next to ASCII and to each other, still one cluster each.
                let text = "a" + String(Character(scalar)) + String(Character(scalar)) + "b"
                XCTAssertEqual(text.count, 4, "U+\(String(v, radix: 16))")
                XCTAssertEqual(TextWidth.quickColumns(of: text), 6)
                XCTAssertEqual(slow(text), 6)
            }
        }
        for v in 0x20..<0x7F {
            XCTAssertEqual(TextWidth.columns(of: Character(Unicode.Scalar(UInt8(v)))), 1)
        }
    }

    @Test func test_quick_and_cluster_by_cluster_measures_agree_and_other_text_is_measured_by_clusters() {
        let pieces = ["a", "Z", " ", "~", "张", "伟", "，", "。", "\u{3000}", "【", "】", "１", "…", "é", "e\u{301}", "😀",
                      "\u{FE0F}", "\u{200D}", "\t", "\n", "\u{200B}", "한", "\u{302A}", "·", "\u{FF61}", "\u{9FFF}", "\u{4E00}"]
        var random: UInt64 = 16
        var quick = 0
        for n in 0..<20_000 {
            var text = ""
            for _ in 0..<(1 + n % 12) {
                random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text += pieces[Int((random >> 33) % UInt64(pieces.count))]
            }
            XCTAssertEqual(TextWidth.columns(of: text), slow(text), text.debugDescription)
            if TextWidth.quickColumns(of: text) != nil { quick += 1 }
        }
        // Both paths were taken.
        XCTAssertGreaterThan(quick, 500)
        XCTAssertLessThan(quick, 19_500)
        XCTAssertNil(TextWidth.quickColumns(of: "e\u{301}"))
        XCTAssertNil(TextWidth.quickColumns(of: "张\u{FE0F}"))
        XCTAssertEqual(TextWidth.quickColumns(of: "交接班 2025-12-30，共 3 项"), 26)
    }
}
