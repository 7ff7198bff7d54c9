import Foundation
import JingwuJournal
import JingwuResources
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// CSV for WPS and Excel (issue 17): numbers as numbers (minutes, counts, rates as fractions),
/// full dates and times, one table per file with the title in the file's name, a BOM, and
/// text that would be a formula kept as text.
@Suite(.serialized) final class CsvFormatTests {
    private static let at = RFC3339.parse("2026-12-02T08:30:00+08:00")!

    /// A report as the builder makes them: a duration shown in words, a rate, a time, a day.
    private func document() -> ReportDocument {
        let minutes = ReportValue(display: "1小时05分", json: .int(65), unit: "（分钟）")
        let rate = ReportValue(display: "29 / 30 = 96.7%", json: .double(29.0 / 30.0))
        let section = ReportSection(
            key: "patrols", title: "巡逻明细",
            columns: [ReportColumn("patrol", "巡逻"), ReportColumn("started", "开始"), ReportColumn("due", "应于"),
                      ReportColumn("minutes", "时长", numeric: true), ReportColumn("checkins", "打卡", numeric: true),
                      ReportColumn("summary", "小结")],
            rows: [[.text("P0001"), .time(Self.at), .day(Self.at), minutes, .int(3), .text("=HYPERLINK(\"x\")")],
                   [.text("P0002"), .time(nil), .day(nil), ReportValue(display: "0小时00分", json: .int(0), unit: "（分钟）"),
                    .int(0), .text("-1 天")]],
            emptyText: "无")
        let empty = ReportSection(key: "hazards", title: "隐患", columns: [ReportColumn("hazard", "隐患")], rows: [],
                                  emptyText: "无")
        return ReportDocument(kind: "patrols", title: "巡逻统计", heading: "城关派出所 东街警务室", from: nil, to: nil,
                              periodText: "统计时段：2026-12-01 08:00 — 2026-12-02 08:00",
                              figures: [ReportFigure("totalMinutes", "巡逻时长", minutes), ReportFigure("rate", "调处成功率", rate),
                                        ReportFigure("average", "平均天数", .number(3.5)), ReportFigure("none", "空", .number(nil))],
                              sections: [section, empty])
    }

    private let labels = ReportRenderer.CSVLabels(figures: "概况", item: "项目", value: "数值")

    @Test func test_a_cell_is_what_a_spreadsheet_reads_numbers_fractions_and_full_times() {
        XCTAssertEqual(ReportRenderer.csvCell(ReportValue(display: "1小时05分", json: .int(65))), "65")
        XCTAssertEqual(ReportRenderer.csvCell(ReportValue(display: "29 / 30 = 96.7%", json: .double(29.0 / 30.0))), "0.9667")
        XCTAssertEqual(ReportRenderer.csvCell(ReportValue(display: "3 / 4 = 75.0%", json: .double(0.75))), "0.75")
        XCTAssertEqual(ReportRenderer.csvCell(ReportValue(display: "1 / 1 = 100.0%", json: .double(1))), "1")
        XCTAssertEqual(ReportRenderer.csvCell(.number(2.0)), "2.0", "a number shown as a number stays as shown")
        XCTAssertEqual(ReportRenderer.csvCell(.number(nil)), "", "no value is an empty cell, not a dash")
        XCTAssertEqual(ReportRenderer.csvCell(.int(-3)), "-3")
        XCTAssertEqual(ReportRenderer.csvCell(.time(Self.at)), "2026-12-02 08:30", "the year is never left out")
        XCTAssertEqual(ReportRenderer.csvCell(.time(Self.at, withYear: true)), "2026-12-02 08:30")
        XCTAssertEqual(ReportRenderer.csvCell(.day(Self.at)), "2026-12-02")
        XCTAssertEqual(ReportRenderer.csvCell(.text("=SUM(A1)")), "'=SUM(A1)")
        XCTAssertEqual(ReportRenderer.csvCell(.text("@cmd")), "'@cmd")
        XCTAssertEqual(ReportRenderer.csvCell(.text("+86")), "'+86")
        XCTAssertEqual(ReportRenderer.csvCell(.text("-1 天")), "'-1 天")
    }

    @Test func test_one_table_per_file_titled_by_its_name_with_units_in_the_header() throws {
        let files = ReportRenderer.csvFiles(document(), labels: labels)
        XCTAssertEqual(files.map(\.name), ["巡逻统计 - 概况.csv", "巡逻统计 - 巡逻明细.csv", "巡逻统计 - 隐患.csv"])
        for file in files {
            XCTAssertTrue(file.text.hasPrefix("\u{FEFF}"), file.name)
            XCTAssertTrue(file.text.hasSuffix("\r\n"), file.name)
            XCTAssertFalse(file.text.dropFirst().hasPrefix("巡逻统计"), "the title is in the name, not the first row: \(file.text)")
        }
        let table = files[1].text.dropFirst().components(separatedBy: "\r\n")
        XCTAssertEqual(table[0], "巡逻,开始,应于,时长（分钟）,打卡,小结", "the header is the first row")
        XCTAssertEqual(table[1], "P0001,2026-12-02 08:30,2026-12-02,65,3,\"'=HYPERLINK(\"\"x\"\")\"")
        XCTAssertEqual(table[2], "P0002,,,0,0,'-1 天")
        XCTAssertEqual(table.count, 4, "header, two rows, the empty end")
        let figures = files[0].text.dropFirst().components(separatedBy: "\r\n")
        XCTAssertEqual(figures[0], "项目,数值")
        XCTAssertTrue(figures.contains("巡逻时长（分钟）,65"), "\(figures)")
        XCTAssertTrue(figures.contains("调处成功率,0.9667"), "\(figures)")
        XCTAssertTrue(figures.contains("平均天数,3.5"), "\(figures)")
        XCTAssertTrue(figures.contains("空,"), "\(figures)")
        XCTAssertEqual(files[2].text, "\u{FEFF}隐患\r\n", "an empty table is its header alone")
    }

    @Test func test_file_names_hold_no_separator_reserved_or_control_character() {
        XCTAssertEqual(ReportRenderer.fileName("一事一档 D2026-0001"), "一事一档 D2026-0001")
        XCTAssertEqual(ReportRenderer.fileName("../a/b:c*?\"<>|\u{1B}[2J"), "_a_b_c" + String(repeating: "_", count: 7) + "[2J")
        XCTAssertEqual(ReportRenderer.fileName("..."), "_")
        XCTAssertEqual(ReportRenderer.fileName(String(repeating: "长", count: 100)).count, 80)
    }

    /// The stream of `jingwu report --format csv` (one file, every table) takes the same cells.
    @Test func test_the_single_csv_stream_writes_the_same_cells() {
        let lines = ReportRenderer.csv(document()).dropFirst().components(separatedBy: "\r\n")
        XCTAssertTrue(lines.contains("巡逻时长（分钟）,65"), "\(lines)")
        XCTAssertTrue(lines.contains("巡逻,开始,应于,时长（分钟）,打卡,小结"), "\(lines)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("P0001,2026-12-02 08:30,2026-12-02,65,3,") }, "\(lines)")
    }
}
