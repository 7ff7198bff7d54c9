import Foundation
import JingwuJournal
import JingwuResources
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// The page to print (issue 17): A4, every record's text masked and escaped, nothing cut
/// short, no control character, signature lines left blank to sign with the names filled.
@Suite(.serialized) final class PrintableCaseFileTests {
    static let id = "110101199001010015"
    static let longText = "楼上漏水，双方争执。" + String(repeating: "卫生间防水层老化渗漏，", count: 60)
        + "当事人身份证号\(id)，电话13800138000，<script>alert('x')</script>&\u{1B}[2J\u{202E}末尾结语双方同意下周再谈"

    private func caseFile() -> ReportDocument {
        let blank = ReportValue(display: "__________", json: .null)
        let signatures = ReportSection(
            key: "signatures", title: "签字确认",
            columns: [ReportColumn("signerRole", "身份"), ReportColumn("signer", "姓名", maxWidth: 24),
                      ReportColumn("signature", "签名"), ReportColumn("signDate", "日期")],
            rows: [[.text("当事人"), .text("张三"), blank, blank], [.text("经办民警"), .text("张伟(031245)"), blank, blank]],
            emptyText: "无")
        let mediations = ReportSection(
            key: "mediations", title: "调解记录",
            columns: [ReportColumn("time", "时间"), ReportColumn("notes", "情况", maxWidth: 40)],
            rows: [[.time(RFC3339.parse("2026-12-02T08:30:00+08:00")!, withYear: true), .text(Self.longText)]],
            emptyText: "无")
        var document = ReportDocument(
            kind: "dispute", title: "矛盾纠纷档案 D2026-0001（一事一档）", heading: "城关派出所 东街警务室", from: nil, to: nil,
            periodText: "", figures: [ReportFigure("parties", "当事人", .list(["张三", "李四<b>"]))],
            sections: [mediations, signatures], notes: [(label: "摘要", text: "第一行\n第二行 " + Self.longText)])
        document.countFormat = "（{n}）"
        return document
    }

    @Test func test_the_page_is_a4_and_loads_nothing() {
        let html = PrintablePage.html(caseFile())
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh-CN\">"), html)
        XCTAssertTrue(html.contains("@page { size: A4 portrait;"), "A4 by @page")
        XCTAssertTrue(html.contains("<meta charset=\"utf-8\">"))
        XCTAssertTrue(html.contains("default-src 'none'"), "nothing is fetched, no script runs")
        XCTAssertFalse(html.contains("<script"), "a record's <script> is text")
        XCTAssertFalse(html.contains("<link") || html.contains("<img") || html.contains("src="))
        XCTAssertTrue(html.contains("overflow-wrap: anywhere"), "long words wrap")
        XCTAssertTrue(html.contains("thead { display: table-header-group; }"), "headers repeat on every page")
    }

    @Test func test_record_text_is_masked_escaped_and_never_cut() {
        let html = PrintablePage.html(caseFile())
        XCTAssertFalse(html.contains(Self.id), "no whole ID number on the page")
        XCTAssertFalse(html.contains("13800138000"), "no whole mobile number")
        XCTAssertTrue(html.contains("110101********0015") && html.contains("138****8000"), "masked as on screen")
        XCTAssertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;"), "escaped, not markup")
        XCTAssertTrue(html.contains("李四&lt;b&gt;"))
        XCTAssertTrue(html.contains("末尾结语双方同意下周再谈"), "the long text's last words are there: nothing cut")
        XCTAssertFalse(html.contains("…"), "no cell is shortened")
        XCTAssertEqual(html.components(separatedBy: String(repeating: "卫生间防水层老化渗漏，", count: 60)).count, 3,
                       "the note and the mediation each in full")
        XCTAssertTrue(html.contains("第一行<br>第二行"), "a line break stays one")
        let controls = html.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value)
            || $0.value == 0x202E }
        XCTAssertEqual(controls.count, 0, "no control or bidi character reaches the page")
        XCTAssertTrue(html.contains("\u{FFFD}[2J"), "a forged escape shows as a mark")
    }

    @Test func test_signature_lines_carry_names_and_blanks_to_sign() {
        let html = PrintablePage.html(caseFile())
        XCTAssertTrue(html.contains("<section class=\"signatures\">\n<h2>签字确认</h2>"), html)
        XCTAssertTrue(html.contains("<tr><td>经办民警</td><td>张伟(031245)</td><td></td><td></td></tr>"), html)
        XCTAssertTrue(html.contains("<tr><td>当事人</td><td>张三</td><td></td><td></td></tr>"))
        XCTAssertFalse(html.contains("__________"), "the blank is a space to sign, not underscores")
        XCTAssertTrue(html.contains("<h2>调解记录（1）</h2>"))
    }

    @Test func test_escape_turns_every_markup_character_into_an_entity() {
        XCTAssertEqual(PrintablePage.escape("a&b<c>d\"e'f\r\ng\u{7}"), "a&amp;b&lt;c&gt;d&quot;e&#39;f<br>g\u{FFFD}")
    }
}
