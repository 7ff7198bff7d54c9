import Foundation
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// The quick tests in front of a report's text (session 14): `Privacy.maskNumbers` returns a text
/// unchanged when no run of digit groups holds 11 digits, and a table's cell has its line feeds
/// made spaces without Foundation. Neither may change one character of what was printed before.
@Suite struct ReportTextFastPathTests {
    /// A text of `count` pieces drawn from what masking reads: ASCII and full-width digits, the three
    /// separators, the `X` of an ID number, hex letters, CJK, colons and line feeds.
    static func text(_ random: inout UInt64, count: Int) -> String {
        let pieces = ["1", "3", "8", "0", "9", "5", "6", "2", " ", "-", "\u{3000}", "１", "８", "０", "X", "x", "a", "F",
                      ":", "年", "\n", "  ", "--", "138", "0013", "8000", "110101", "19900307", "1234", "86", "2025-12-30 "]
        var out = ""
        for _ in 0..<count {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            out += pieces[Int((random >> 33) % UInt64(pieces.count))]
        }
        return out
    }

    @Test func test_masking_with_the_quick_run_test_is_masking_without_it() {
        var random: UInt64 = 14
        var masked = 0
        for n in 0..<20_000 {
            let text = Self.text(&random, count: 3 + n % 30)
            let quick = Privacy.maskNumbers(in: text)
            #expect(quick == Privacy.maskNumbersReadingEveryRun(in: text), "\(text.debugDescription)")
            if quick != text { masked += 1 }
        }
        // Both kinds were met: texts that mask and texts that do not.
        #expect(masked > 1_000)
        #expect(masked < 19_000)
        let fixed = ["138 0013 8000", "110101 19900307 1234", "86 138 0013 8000", "电话13812345678。", "11010519491231002X",
                     "2025-12-30 14:05", "2025-12-30 2025-12-31", "1234567890123456789", "１３８００１３８０００",
                     "8504d77b-f4ec-44e4-9ca5-11823885164d", "12345 678901", "12345  678901", "12345- 678901"]
        for text in fixed {
            #expect(Privacy.maskNumbers(in: text) == Privacy.maskNumbersReadingEveryRun(in: text), "\(text)")
        }
    }

    @Test func test_the_quick_run_test_passes_dates_and_times_and_stops_at_numbers() {
        #expect(!Privacy.holdsLongDigitRun("2025-12-30 14:05"))
        #expect(!Privacy.holdsLongDigitRun("2025-12-30 14:05:59 至 2025-12-31 08:00"))
        #expect(!Privacy.holdsLongDigitRun("12345  678901"))  // two separators end a run
        #expect(Privacy.holdsLongDigitRun("138 0013 8000"))
        #expect(Privacy.holdsLongDigitRun("１３８００１３８０００"))
        #expect(Privacy.holdsLongDigitRun("110101\u{3000}19900307\u{3000}1234"))
        #expect(Privacy.maskNumbers(in: "2025-12-30 14:05") == "2025-12-30 14:05")
        #expect(Privacy.maskNumbers(in: "138 0013 8000") != "138 0013 8000")
    }

    @Test func test_a_cell_is_one_line_as_foundation_made_it() {
        for text in ["", "无", "甲\n乙", "\n", "a\n\nb\n", "电话 138****8000\n已核实", "no line feed at all"] {
            #expect(ReportRenderer.oneLine(text) == text.replacingOccurrences(of: "\n", with: " "))
        }
        #expect(ReportRenderer.oneLine("甲\n乙") == "甲 乙")
    }
}
