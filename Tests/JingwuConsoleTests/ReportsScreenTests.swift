import Foundation
import JingwuDomain
import JingwuJournal
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// 统计: charts on screen and export into the documents folder, as the print export writes, never over anything.
@Suite(.serialized) final class ReportsScreenTests {
    private func harness() throws -> ConsoleHarness {
        try ConsoleHarness(seed: { office, clock in
            try office.execute(LogIncident(cell: "A02", kind: .theft, summary: "电动车被盗"), as: "031245")
            clock.advance(minutes: 60)
            try office.execute(LogIncident(cell: "A02", kind: .theft, summary: "手机被盗"), as: "031245")
            try office.execute(LogIncident(cell: "A03", kind: .fight, summary: "酒后斗殴"), as: "031245")
            let p = try office.execute(StartPatrol(mode: .foot, lead: "031245"), as: "031245").entityID!
            clock.advance(minutes: 30)
            try office.execute(CheckInPatrol(patrol: p, cell: "A01"), as: "031245")
            try office.execute(EndPatrol(patrol: p), as: "031245")
        })
    }

    @Test func test_bulletin_shows_figures_an_hour_strip_and_bars_by_kind() throws {
        let h = try harness()
        h.press(.character("9"))
        XCTAssertTrue(h.trimmed[2].hasPrefix(" 警情公告  巡逻  点位覆盖  走访  矛盾纠纷"), h.trimmed[2])
        // Eleven tabs leave no room for the period on the tab line: the title names it.
        XCTAssertTrue(h.trimmed[3].hasPrefix("警情公告（近 7 天）"), h.trimmed[3])
        XCTAssertTrue(h.trimmed[4].hasPrefix("警情 3 "), h.trimmed[4])
        let strip = try XCTUnwrap(h.row(containing: "警情/时"))
        XCTAssertTrue(strip.contains("██"), strip)  // 09:00 and 10:00 (two) are the busiest hours
        XCTAssertNotNil(h.row(containing: "▌按警情类别"))
        let theft = try XCTUnwrap(h.row(containing: " 盗窃"))
        let fight = try XCTUnwrap(h.row(containing: " 打架斗殴"))
        XCTAssertGreaterThan(theft.filter { $0 == "█" }.count, fight.filter { $0 == "█" }.count)
        XCTAssertTrue(theft.hasSuffix(" 2") && fight.hasSuffix(" 1"), theft + "\n" + fight)
        // A breakdown charted whole is not printed again as a table below the charts.
        XCTAssertEqual(h.trimmed.filter { $0.contains("按警情类别") }.count, 1, h.screen.text)
        XCTAssertNil(h.trimmed.first { $0.hasPrefix("■ 按警情类别") }, h.screen.text)
        h.press(.right)
        XCTAssertNotNil(h.row(containing: "巡逻分钟/时"))
    }

    /// `x`: the formats the print export offers, into the documents folder (0700), a file 0600
    /// named for the report and its period; CSV a folder of one-table files; never over anything.
    @Test func test_export_writes_into_the_documents_folder_named_for_the_report_and_period_never_over_anything() throws {
        // A path of the same length on every run (no pid): where the message wraps depends on it.
        let documents = NSTemporaryDirectory() + "jingwu-reports-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: documents, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: documents) }
        let folder = documents + "/jingwu"
        func mode(_ path: String) throws -> Int {
            try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
        }
        let h = try harness()
        h.session.documentsFolder = folder
        h.press(.character("9"), .character("x"))
        XCTAssertEqual(Array(h.trimmed[2...5]), [
            "导出 警情公告",
            "",
            ">格式           < 打印页（HTML） >",
            " 保存到文件夹   " + folder,
        ], h.screen.text)
        h.press(.f(10))
        let name = "警情公告（近 7 天） 20260427-1030_20260504-1030"
        let page = folder + "/" + name + ".html"
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), [name + ".html"])
        XCTAssertEqual(h.trimmed[21] + " " + h.trimmed[22].dropFirst(), " 已导出（html）到 " + page)  // wrapped at the space
        XCTAssertEqual(try mode(folder), 0o700)
        XCTAssertEqual(try mode(page), 0o600, "an export may name key persons: owner only, like the journal")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        XCTAssertTrue(html.contains("<html") && html.contains("电动车被盗"), html)

        // The same period again: a new name, the first file as it was.
        try "mine".write(toFile: page, atomically: false, encoding: .utf8)
        h.press(.character("x"), .f(10))
        XCTAssertEqual(try String(contentsOfFile: page, encoding: .utf8), "mine")
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/" + name + "-2.html"))
        // A symlink planted at the next name is stepped over, never followed.
        let elsewhere = documents + "/elsewhere.md"
        try FileManager.default.createSymbolicLink(atPath: folder + "/" + name + ".md", withDestinationPath: elsewhere)
        h.press(.character("x"), .right, .f(10))
        XCTAssertFalse(FileManager.default.fileExists(atPath: elsewhere))
        let md = try String(contentsOfFile: folder + "/" + name + "-2.md", encoding: .utf8)
        XCTAssertTrue(md.contains("警情公告"), md)

        // CSV: a folder of that name, one table per file, the title in each file's name.
        h.press(.character("x"), .right, .right, .f(10))
        let csvFolder = folder + "/" + name
        XCTAssertEqual(try mode(csvFolder), 0o700)
        let files = try FileManager.default.contentsOfDirectory(atPath: csvFolder).sorted()
        XCTAssertEqual(files, ["警情公告（近 7 天） - 概况.csv", "警情公告（近 7 天） - 本期办结（按处置结果）.csv",
                               "警情公告（近 7 天） - 按点位.csv", "警情公告（近 7 天） - 按警情类别.csv",
                               "警情公告（近 7 天） - 警情.csv"].sorted())
        let table = try Data(contentsOf: URL(fileURLWithPath: csvFolder + "/警情公告（近 7 天） - 按警情类别.csv"))
        XCTAssertEqual(Array(table.prefix(3)), [0xEF, 0xBB, 0xBF], "CSV starts with a BOM for WPS and Excel")
        let firstRow = String(decoding: table.dropFirst(3), as: UTF8.self).split(separator: "\r\n").first.map(String.init)
        XCTAssertEqual(firstRow, "类型,起数", "the header first, no title row")
        XCTAssertEqual(try mode(csvFolder + "/" + files[0]), 0o600)
    }

    @Test func test_an_export_folder_that_cannot_be_made_is_said_at_its_field_and_nothing_is_written() throws {
        let h = try harness()
        let blocker = NSTemporaryDirectory() + "jingwu-reports-file-\(getpid())-\(UUID().uuidString.prefix(8))"
        try "x".write(toFile: blocker, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: blocker) }
        h.press(.character("9"), .character("x"), .tab, .ctrl("u"))
        h.type(blocker + "/sub")
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[2], "导出 警情公告", "the form stays open")
        XCTAssertTrue(h.screen.text.contains(blocker), h.screen.text)
        h.press(.tab, .ctrl("u"), .f(10))
        XCTAssertTrue(h.screen.text.contains("请输入保存的文件夹"), h.screen.text)
    }

    /// A breakdown with more rows than bars charts its largest values (and says so);
    /// the whole breakdown follows as a table.
    @Test func test_a_long_breakdown_charts_its_largest_rows_and_says_how_many_there_are() throws {
        let h = try harness()
        let counts = [3, 9, 1, 12, 5, 7, 2, 8, 4, 11, 6, 10, 9]
        let rows = counts.enumerated().map { [ReportValue.text("民警\($0.offset)"), ReportValue.int($0.element)] }
        let section = ReportSection(key: "by_officer", title: "按人员", columns: [ReportColumn("officer", "人员"),
                                    ReportColumn("count", "次数", numeric: true)], rows: rows, emptyText: "无", barColumn: 1)
        let doc = ReportDocument(kind: "patrols", title: "巡逻", from: nil, to: nil, periodText: "", sections: [section])
        let blocks = ReportsCharts.blocks(try XCTUnwrap(ReportCatalogue.kind("disputes")), doc: doc, session: h.session)
        XCTAssertEqual(blocks.first, .text("▌按人员（最多的 10 项，共 13 项，全表在下）", .header))
        let bars = blocks.compactMap { block -> String? in
            if case .bar(let label, _, _, _, let shown) = block { return label + "=" + shown }
            return nil
        }
        // Largest first; the two 9s in the report's order; 1, 2 and 3 left out.
        XCTAssertEqual(bars, ["民警3=12", "民警9=11", "民警11=10", "民警1=9", "民警12=9", "民警7=8", "民警5=7", "民警10=6",
                              "民警4=5", "民警8=4"])
        XCTAssertFalse(ReportsCharts.chartsWhole(section))
        // A short one is charted whole, in the report's order, under its own title.
        let short = ReportSection(key: "k", title: "按类别", columns: section.columns, rows: Array(rows.prefix(3)),
                                  emptyText: "无", barColumn: 1)
        let shortBlocks = ReportsCharts.blocks(try XCTUnwrap(ReportCatalogue.kind("disputes")), doc: ReportDocument(kind: "x", title: "x", from: nil, to: nil,
                                                                               periodText: "", sections: [short]),
                                               session: h.session)
        XCTAssertEqual(shortBlocks.first, .text("▌按类别", .header))
        XCTAssertTrue(ReportsCharts.chartsWhole(short))
    }

    /// Issue 15: disputes opened before the period and still open are counted once, the same way, by
    /// the open figure, the by-status chart and the ageing chart (they said 在办纠纷 2 against zeros).
    @Test func test_disputes_opened_before_the_period_agree_in_figure_status_and_ageing() throws {
        let h = try ConsoleHarness(now: "2026-04-20T09:00:00+08:00", seed: { office, clock in
            for (n, category) in [DisputeCategory.neighbour, .family].enumerated() {
                let id = try office.execute(OpenDispute(category: category, parties: ["甲\(n)", "乙\(n)"], cell: "A01",
                                                        summary: "纠纷\(n)"), as: "031245").entityID!
                if n == 1 {
                    clock.advance(minutes: 60)
                    try office.execute(HoldMediation(dispute: id, kind: .people, mediators: ["调解员"], notes: "首次"),
                                       as: "031245")
                }
            }
            clock.date = RFC3339.parse("2026-05-04T09:00:00+08:00")!  // 14 days on: the 7-day period starts after both
        })
        h.press(.character("9"), .right, .right, .right, .right)
        // The disputes report's own default is 近 182 天 (issue 17); this test is about 近 7 天:
        // p steps 本班, 今日, 本周, 本月, 上月, 近 7 天.
        for _ in 0..<6 { h.press(.character("p")) }
        XCTAssertTrue(h.trimmed[2].hasPrefix(" 警情公告  巡逻  点位覆盖  走访  矛盾纠纷"), h.screen.text)
        XCTAssertTrue(h.trimmed[3].hasPrefix("矛盾纠纷调处统计（近 7 天）"), h.trimmed[3])
        XCTAssertNotNil(h.row(containing: "本期办理（含上期结转） 2"))
        XCTAssertNotNil(h.row(containing: "期末在办纠纷 2"))
        XCTAssertNotNil(h.row(containing: "▌按状态（本期办理的纠纷，期末状态）"))
        let open = try XCTUnwrap(h.row(containing: " 待调处"))
        let mediating = try XCTUnwrap(h.row(containing: " 调解中"))
        XCTAssertTrue(open.hasSuffix(" 1") && mediating.hasSuffix(" 1"), open + "\n" + mediating)
        XCTAssertNotNil(h.row(containing: "▌期末在办纠纷办理天数"))
        let ageing = try XCTUnwrap(h.row(containing: " 8–30"))
        XCTAssertTrue(ageing.hasSuffix(" 2"), ageing + "\n" + h.screen.text)
    }
}
