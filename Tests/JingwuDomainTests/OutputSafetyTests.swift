import Foundation
import JingwuResources
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// Issue 14: what a record holds is made safe when it is printed, in every format.
@Suite(.serialized) final class OutputSafetyTests {
    /// One character of every class that must never reach an output as itself.
    static let unsafe: [Unicode.Scalar] = [
        "\u{0}", "\u{7}", "\u{8}", "\u{1B}", "\u{1F}", "\u{7F}", "\u{80}", "\u{9B}", "\u{9F}",  // C0, ESC, DEL, C1
        "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}",  // embeddings, overrides
        "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}", "\u{200E}", "\u{200F}", "\u{61C}",  // isolates, marks
        "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}",  // zero-width
        "\u{2028}", "\u{2029}",  // line and paragraph separators
    ]

    @Test func test_every_unsafe_class_is_neutralised_and_ordinary_text_is_untouched() {
        for scalar in Self.unsafe {
            XCTAssertTrue(SafeText.isUnsafe(scalar), String(format: "U+%04X", scalar.value))
            let line = SafeText.line("甲" + String(scalar) + "乙")
            XCTAssertFalse(line.unicodeScalars.contains(where: SafeText.isUnsafe), String(format: "U+%04X", scalar.value))
            XCTAssertEqual(line.unicodeScalars.count, 3)
            XCTAssertFalse(SafeText.lines("甲" + String(scalar) + "乙").unicodeScalars.contains { $0 != "\n" && SafeText.isUnsafe($0) })
        }
        XCTAssertEqual(SafeText.line("a\tb\r\nc"), "a b  c")
        XCTAssertEqual(SafeText.lines("a\r\nb\rc\u{2028}d"), "a\nb\nc\nd")
        XCTAssertEqual(SafeText.line("\u{1B}[2J清屏"), "\u{FFFD}[2J清屏")
        let plain = "张三 K0001 2026-11-23 09:30 ①②③ 😀 é"
        XCTAssertEqual(SafeText.line(plain), plain)
        for scalar in plain.unicodeScalars { XCTAssertFalse(SafeText.isUnsafe(scalar)) }
    }

    /// A document whose free text holds a whole ID and phone, an ESC sequence, a bidi override,
    /// HTML, a formula and a negative count.
    static func hostileDocument() -> ReportDocument {
        let hostile = "=HYPERLINK(\"x\")张三110101199003071234x\u{1B}[31m\u{202E}tel+86 138-0013-8000<script>|# a"
        var document = ReportDocument(kind: "test", title: "测试", heading: "站\u{1B}]0;t\u{7}", from: nil, to: nil,
                                      periodText: "-1 day")
        document.figures = [ReportFigure("delta", "变化", .int(-3)), ReportFigure("note", "备注", .text("@SUM(A1)"))]
        document.notes = [(label: "交接", text: hostile)]
        document.sections = [ReportSection(key: "rows", title: "记录", columns: [
            ReportColumn("summary", "摘要", maxWidth: 12), ReportColumn("count", "数", numeric: true),
            ReportColumn("minutes", "分钟", numeric: true),
        ], rows: [[.text(hostile), .int(-3), .number(-1.5)], [.text("+1"), .int(4), .number(2)]], emptyText: "无")]
        return document
    }

    @Test func test_no_format_prints_a_whole_number_or_an_unsafe_character() {
        for format in ReportOutputFormat.allCases {
            let out = ReportRenderer.render(Self.hostileDocument(), as: format)
            XCTAssertFalse(out.contains("19900307"), "\(format): \(out)")
            XCTAssertFalse(out.contains("0013"), "\(format): \(out)")
            let allowed: Set<UInt32> = format == .csv ? [0x0A, 0x0D, 0xFEFF] : [0x0A]
            let bad = out.unicodeScalars.filter { SafeText.isUnsafe($0) && !allowed.contains($0.value) }
                .map { String(format: "U+%04X", $0.value) }
            XCTAssertEqual(bad, [], "\(format)")
            if format == .csv { XCTAssertTrue(out.hasPrefix("\u{FEFF}")) }
        }
        // Text output cuts the summary to 12 columns: the number was masked before it was cut.
        let text = ReportRenderer.render(Self.hostileDocument(), as: .text)
        XCTAssertFalse(text.contains("1101011"), text)
    }

    @Test func test_csv_guards_text_that_would_be_a_formula_and_keeps_numbers_numbers() {
        let csv = ReportRenderer.render(Self.hostileDocument(), as: .csv)
        let lines = csv.dropFirst().components(separatedBy: "\r\n")
        XCTAssertTrue(lines.contains("变化,-3"), csv)
        XCTAssertTrue(lines.contains("备注,'@SUM(A1)"), csv)
        XCTAssertTrue(lines.contains("'-1 day"), csv)
        XCTAssertTrue(lines.contains { $0.hasPrefix("\"'=HYPERLINK(\"\"x\"\")张三110101********1234x") }, csv)
        XCTAssertTrue(lines.contains { $0.hasSuffix(",-3,-1.5") }, csv)
        XCTAssertTrue(lines.contains("'+1,4,2.0"), csv)
        XCTAssertEqual(ReportRenderer.csvCell(.text("-3")), "'-3")
        XCTAssertEqual(ReportRenderer.csvCell(.int(-3)), "-3")
        XCTAssertEqual(ReportRenderer.csvCell(.text("\tx")), "'\tx")
        XCTAssertEqual(ReportRenderer.csvCell(.text("普通")), "普通")
    }

    @Test func test_markdown_escapes_html_and_table_structure() {
        let md = ReportRenderer.render(Self.hostileDocument(), as: .md)
        XCTAssertFalse(md.contains("<script>"), md)
        XCTAssertTrue(md.contains("&lt;script&gt;\\|# a"), md)
        XCTAssertTrue(md.contains("\n\\-1 day\n"), md)
        // Every table row keeps its three cells.
        for line in md.split(separator: "\n") where line.hasPrefix("| ") {
            let bars = line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
            XCTAssertEqual(bars, 4, String(line))
        }
        XCTAssertEqual(ReportRenderer.md("# 标题", lineStart: true), "\\# 标题")
        XCTAssertEqual(ReportRenderer.md("a&b"), "a&amp;b")
    }

    @Test func test_json_masks_numbers_and_escapes_controls_and_bidi() {
        let json = ReportRenderer.render(Self.hostileDocument(), as: .json)
        XCTAssertTrue(json.contains("\\u001b[31m\\u202e"), json)
        // Notes too: JSON keeps the data exact (escaped), only masked.
        XCTAssertTrue(json.contains("\"text\":\"=HYPERLINK(\\\"x\\\")张三110101********1234x\\u001b[31m\\u202e"), json)
        XCTAssertTrue(json.contains("110101********1234x"), json)
        XCTAssertTrue(json.contains("\"count\":-3"), json)
    }
}
