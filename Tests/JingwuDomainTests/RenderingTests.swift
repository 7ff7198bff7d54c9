import Foundation
import JingwuJournal
import JingwuResources
import JingwuTestSupport
import Testing

@testable import JingwuDomain

@Suite(.serialized) final class RenderingTests {
    private func document(_ rows: [[String]]) -> ReportDocument {
        let section = ReportSection(
            key: "t", title: "表", columns: [ReportColumn("cell", "网格"), ReportColumn("n", "次数", numeric: true),
                                             ReportColumn("note", "情况")],
            rows: rows.map { row in [.text(row[0]), .int(Int(row[1])!), .text(row[2])] }, emptyText: "无")
        return ReportDocument(kind: "t", title: "测试", from: nil, to: nil, periodText: "",
                              figures: [ReportFigure("a", "合计", .int(3))], sections: [section])
    }

    @Test func test_display_width_counts_cjk_as_two_columns_and_combining_marks_as_none() {
        XCTAssertEqual(TextWidth.columns(of: "abc"), 3)
        XCTAssertEqual(TextWidth.columns(of: "锦绣花园"), 8)
        XCTAssertEqual(TextWidth.columns(of: "C01 锦绣花园"), 12)
        XCTAssertEqual(TextWidth.columns(of: "e\u{301}"), 1)
        XCTAssertEqual(TextWidth.columns(of: "（３）"), 6)
        XCTAssertEqual(TextWidth.truncate("楼上漏水引发邻里纠纷", to: 9), "楼上漏水…")
        XCTAssertEqual(TextWidth.columns(of: TextWidth.truncate("楼上漏水引发邻里纠纷", to: 9)), 9)
    }

    @Test func test_text_table_aligns_a_chinese_column_by_display_width() {
        let text = ReportRenderer.text(document([["C01 锦绣花园", "12", "正常"], ["J1", "3", "楼道杂物"],
                                                 ["Z05 汽车站广场东侧", "100", "x"]]))
        let lines = text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("  ") && !$0.contains("合计") }
        XCTAssertEqual(lines.count, 5, text)  // header, rule, three rows
        // The third column starts at the same display column on every line.
        let starts = lines.map { line -> Int in
            let marker = ["情况", "正常", "楼道杂物", "x", "──"].first { line.hasSuffix($0) || line.contains("  " + $0) }!
            let prefix = line.components(separatedBy: "  " + marker).dropLast().joined(separator: "  " + marker)
            return TextWidth.columns(of: prefix) + 2
        }
        XCTAssertEqual(Set(starts).count, 1, "\(starts)\n\(text)")
        // Numbers are right-aligned: the numeric column ends at the same display column.
        let numberEnds = lines.dropFirst(2).map { line -> Int in
            let upToNumber = line.prefix { !$0.isNumber || true }
            _ = upToNumber
            let digits = line.range(of: "[0-9]+(?=  )", options: .regularExpression, range: line.index(line.startIndex, offsetBy: 6)..<line.endIndex)!
            return TextWidth.columns(of: String(line[..<digits.upperBound]))
        }
        XCTAssertEqual(Set(numberEnds).count, 1, "\(numberEnds)\n\(text)")
    }

    @Test func test_csv_has_bom_crlf_and_rfc4180_quoting_of_chinese_with_commas_quotes_and_newlines() {
        let csv = ReportRenderer.csv(document([["锦绣花园,东区", "1", "他说\"没事\""], ["花园路", "2", "第一行\n第二行"]]))
        XCTAssertTrue(csv.hasPrefix("\u{FEFF}"))
        let bytes = Array(csv.utf8)
        let lf = bytes.enumerated().filter { $0.element == 0x0A }.map(\.offset)
        // Line ends are CRLF; the only bare LF is inside the quoted field.
        XCTAssertEqual(lf.filter { bytes[$0 - 1] != 0x0D }.count, 1)
        XCTAssertTrue(csv.contains("\"锦绣花园,东区\",1,\"他说\"\"没事\"\"\"\r\n"), csv)
        XCTAssertTrue(csv.contains("花园路,2,\"第一行\n第二行\"\r\n"), csv)
        XCTAssertEqual(ReportRenderer.csvField("正常"), "正常")
    }

    @Test func test_markdown_escapes_pipes_and_json_keeps_codes_and_numbers() throws {
        let md = ReportRenderer.markdown(document([["a|b", "1", "x"]]))
        XCTAssertTrue(md.contains("| a\\|b | 1 | x |"), md)
        XCTAssertTrue(md.contains("| --- | ---: | --- |"), md)
        let strings = Strings(.zh)
        let value = ReportValue.code(PatrolMode.bike, strings)
        XCTAssertEqual(value.display, "自行车巡")
        XCTAssertEqual(value.json, .string("bike"))
        let json = ReportRenderer.json(document([["C01", "7", "正常"]])).serialized()
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let rows = try XCTUnwrap((object["sections"] as? [String: Any])?["t"] as? [[String: Any]])
        XCTAssertEqual(rows.first?["n"] as? Int, 7)
        XCTAssertEqual((object["figures"] as? [String: Any])?["a"] as? Int, 3)
    }

    @Test func test_dispute_report_shows_the_rate_as_resolved_over_handled_with_both_counts() throws {
        let fixture = try Fixture()
        for i in 0..<5 {
            let id = try fixture.run(OpenDispute(category: .neighbour, parties: ["甲\(i)", "乙\(i)"], cell: "C01",
                                                 summary: "纠纷\(i)")).entityID!
            if i < 3 { try fixture.run(ResolveDispute(dispute: id, agreement: "和解")) }
        }
        let now = fixture.clock.now()
        let report = fixture.state.disputeReport(from: now.addingTimeInterval(-86400), to: now.addingTimeInterval(1))
        let document = ReportBuilder(state: fixture.state, strings: Strings(.zh), now: now).disputes(report)
        let text = ReportRenderer.text(document)
        XCTAssertTrue(text.contains("3 / 5 = 60.0%"), text)
        let rate = document.figures.first { $0.key == "resolutionRate" }?.value.json
        XCTAssertEqual(rate, .double(0.6))
    }

    @Test func test_coverage_map_places_cells_at_their_positions_with_status_marks() {
        let cell = { (code: String, x: Int, y: Int) in
            Cell(code: code, name: code, community: "c", kind: .street, x: x, y: y, keySite: false, addedAt: Date(),
                 event: UUID())
        }
        let lines = CoverageMap.lines([
            CellCoverage(cell: cell("J01", 0, 0), windowHours: 24, lastCheckIn: nil, hoursSince: nil, status: .never, dueAt: nil),
            CellCoverage(cell: cell("J02", 10, 1), windowHours: 24, lastCheckIn: Date(), hoursSince: 1, status: .covered,
                         dueAt: nil),
        ], legend: "legend")
        XCTAssertEqual(lines, ["?J01", "          #J02", "legend"])
    }

    /// 值班民警 labels a duty auxiliary too: the value names the role then, so the
    /// report never calls an auxiliary a police officer.
    @Test func test_a_duty_auxiliary_is_named_with_the_role_under_the_police_label() throws {
        let f = try Fixture()
        try f.run(OpenShift(duty: Fixture.auxiliary), as: Fixture.auxiliary)
        let shift = try XCTUnwrap(f.state.shifts.current)
        let now = f.clock.now().addingTimeInterval(3600)
        let report = try XCTUnwrap(f.state.handoverReport(shift: shift.id, now: now))
        let text = ReportRenderer.text(ReportBuilder(state: f.state, strings: Strings(.zh), now: now).handover(report))
        XCTAssertTrue(text.contains("李辅(F1021 辅警)"), text)
        try f.run(HandOverShift(to: Fixture.officer, notes: "平稳"), as: Fixture.auxiliary)
        try f.run(AcknowledgeShift(by: Fixture.officer), as: Fixture.officer)
        let next = try XCTUnwrap(f.state.shifts.current)
        let police = ReportRenderer.text(ReportBuilder(state: f.state, strings: Strings(.zh), now: now)
            .handover(try XCTUnwrap(f.state.handoverReport(shift: next.id, now: now))))
        XCTAssertTrue(police.contains("王建国(031245)"), police)
        XCTAssertFalse(police.contains("王建国(031245 "), police)
    }

    @Test func test_a_table_fitted_to_a_width_cuts_the_widest_text_column_and_keeps_the_last() {
        let section = ReportSection(
            key: "t", title: "表", columns: [ReportColumn("cell", "网格"), ReportColumn("last", "最近签到"),
                                             ReportColumn("status", "状态")],
            rows: [[.text("Z06 出租屋集中区东片南门"), .text("11-30 16:03"), .text("超时未巡")],
                   [.text("J01 花园路"), .text("11-30 11:03"), .text("已覆盖")]], emptyText: "无")
        let lines = ReportRenderer.textTable(section, maxWidth: 40)
        XCTAssertTrue(lines.allSatisfy { TextWidth.columns(of: $0) <= 40 }, lines.joined(separator: "\n"))
        XCTAssertTrue(lines[2].hasSuffix("11-30 16:03  超时未巡") && lines[2].contains("…"), lines[2])
        XCTAssertTrue(lines[3].contains("J01 花园路"), lines[3])
        XCTAssertEqual(ReportRenderer.textTable(section), ReportRenderer.textTable(section, maxWidth: 200))
    }

    /// Issue 16: the report table measures with the screen's `TextWidth`, so an emoji with its
    /// modifier, a control shown as U+FFFD or an accented letter lines up as the console draws it.
    @Test func test_a_text_table_lines_up_as_the_screen_measures() {
        let section = ReportSection(
            key: "t", title: "表", columns: [ReportColumn("note", "备注"), ReportColumn("n", "数", numeric: true)],
            rows: [[.text("👍🏽好"), .int(1)], [.text("cafe\u{301}"), .int(22)], [.text("a\u{1B}b"), .int(333)],
                   [.text("王建国"), .int(4)]], emptyText: "无")
        let lines = ReportRenderer.textTable(section)
        let widths = Set(lines.dropFirst(2).map { TextWidth.columns(of: $0) })
        XCTAssertEqual(widths.count, 1, lines.joined(separator: "\n"))
    }

    /// Too wide even cut down: dates drop their year, optional columns go, text goes down to 8;
    /// the export (no width) keeps everything.
    @Test func test_a_table_too_wide_for_the_screen_shortens_dates_and_leaves_out_optional_columns() {
        let due = Date(timeIntervalSince1970: 1_797_638_400)  // 2026-12-19 00:00 (UTC+8)
        var optionalColumn = ReportColumn("residency", "人户状态")
        optionalColumn.optional = true
        let section = ReportSection(
            key: "t", title: "表",
            columns: [ReportColumn("person", "编号"), ReportColumn("name", "姓名"), ReportColumn("category", "类别"),
                      optionalColumn, ReportColumn("cell", "网格"), ReportColumn("officer", "民警"),
                      ReportColumn("next", "应访日期"), ReportColumn("late", "逾期(天)", numeric: true)],
            rows: [[.text("K0026"), .text("严建琴"), .text("肇事肇祸精神病人"), .text("户在人不在"), .text("C11-1 翠柳社区"),
                    .text("卢强勇(031245)"), .day(due), .int(3)]], emptyText: "无")
        let lines = ReportRenderer.textTable(section, maxWidth: 66)
        XCTAssertTrue(lines.allSatisfy { TextWidth.columns(of: $0) <= 66 }, lines.joined(separator: "\n"))
        XCTAssertEqual(lines[0], "  编号   姓名    类别      网格      民警       应访日期  逾期(天)")
        XCTAssertEqual(lines[2], "  K0026  严建琴  肇事肇…   C11-1 …   卢强勇(0…  12-19            3")
        let whole = ReportRenderer.textTable(section)
        XCTAssertTrue(whole[2].contains("户在人不在") && whole[2].contains("2026-12-19"), whole[2])
    }

    /// Ids and times are never cut to make room: text gives way instead.
    @Test func test_a_narrow_table_keeps_ids_and_times_whole() {
        let opened = Date(timeIntervalSince1970: 1_795_000_000)
        let section = ReportSection(
            key: "t", title: "表",
            columns: [ReportColumn("dispute", "编号"), ReportColumn("opened", "受理"), ReportColumn("parties", "当事人"),
                      ReportColumn("summary", "案情")],
            rows: [[.text("D2026-0001"), .time(opened, withYear: true), .text("王强、李梅、张三、李四"),
                    .text("楼上漏水引起邻里争执,物业已到场查看")]], emptyText: "无")
        let lines = ReportRenderer.textTable(section, maxWidth: 50)
        XCTAssertTrue(lines[2].hasPrefix("  D2026-0001  " + ReportFormat.short(opened) + "  "), lines[2])
        XCTAssertTrue(lines[2].contains("…"), lines[2])
    }
}
