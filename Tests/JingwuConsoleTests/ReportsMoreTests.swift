import Foundation
import JingwuDomain
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// 统计's 更多报表 (`m`, session 11): the catalogue's reports that have no tab, listed from
/// `ReportCatalogue` itself, each opened in the same view with its period, `p` and `x`; a report
/// about one record asks for its number and refuses one that does not exist at the field.
@Suite(.serialized) final class ReportsMoreTests {
    private func harness() throws -> ConsoleHarness {
        try ConsoleHarness(seed: { office, _ in
            try office.execute(OpenDispute(category: .neighbour, parties: ["张三", "李四"], cell: "A01", summary: "噪音"),
                               as: "031245")
        })
    }

    @Test func test_the_picker_lists_every_report_with_no_tab_from_the_catalogue() {
        // One list serves the command line and the console: every report is a tab or in 更多报表.
        XCTAssertEqual(Set((ReportsScreen.kinds + ReportsScreen.more).map(\.id)), Set(ReportCatalogue.all.map(\.id)))
        XCTAssertEqual(ReportsScreen.more.map(\.id), ["handover", "dispute", "reception", "notices", "notice", "team-tasks",
                                                      "tips", "population", "stays", "leaders"])
    }

    @Test func test_m_lists_the_reports_enter_opens_one_with_its_period_and_arrows_go_back_to_the_tabs() throws {
        let h = try harness()
        h.press(.character("9"))
        XCTAssertTrue(h.trimmed[23].contains("m 更多报表"), h.trimmed[23])
        h.press(.character("m"))
        XCTAssertEqual(Array(h.trimmed[2...13]), [
            "更多报表（10）：Enter 打开，Esc 返回",
            "",
            ">交接班                  交接班报告（默认当前班次）",
            " 纠纷档案                一件纠纷的档案（一事一档）",
            " 接访日登记              接访日登记：来访人数、咨询、受理的纠纷（默认近 30 天）",
            " 整改通知书              整改通知书：逾期未整改、在整改、已整改完毕（默认近 30 …",
            " 整改通知书（单份打印）  打印一份整改通知书（--notice R0001）",
            " 队伍任务                义警、巡防队任务：按队伍统计下达、完成、未完成和逾期（…",
            " 线索                    线索统计：按来源的线索数和转为案事件的比例，按去向（默…",
            " 实有人口                实有人口按网格、巡逻点位的人户状态（截至 --to，默认现…",
            " 暂住到期                暂住登记到期（天数见 policy/population.json）",
            " 联户长覆盖              联户长覆盖：单元覆盖率、超户数的联户长、无联户长的单元",
        ], h.screen.text)
        XCTAssertEqual(h.trimmed[23], "F1 帮助  Enter 打开  Esc 关闭  ↑ 移动  q 退出", h.screen.text)
        for _ in 0..<7 { h.press(.down) }
        h.press(.enter)
        XCTAssertEqual(h.trimmed[2], " 点位覆盖  走访  矛盾纠纷  趋势  公告  处置  周报  联户长  反诈  更多：实有人口", h.screen.text)
        XCTAssertTrue(h.trimmed[3].hasPrefix("实有人口"), h.screen.text)
        // Export as on a tab.
        h.press(.character("x"))
        XCTAssertTrue(h.app.currentScreen.capturesText)
        h.press(.escape)
        h.press(.right)
        XCTAssertTrue(h.trimmed[2].hasPrefix(" 警情公告 "), h.screen.text)
        h.press(.character("m"), .escape)
        XCTAssertTrue(h.trimmed[2].hasPrefix(" 警情公告 "), h.screen.text)
    }

    @Test func test_a_report_about_one_record_asks_its_number_and_refuses_one_that_does_not_exist() throws {
        let h = try harness()
        h.press(.character("9"), .character("m"), .down, .enter)
        XCTAssertEqual(Array(h.trimmed[2...4]), ["纠纷档案", "", ">纠纷"], h.screen.text)
        let before = h.journal.fileBytes
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[5], "        纠纷：必须填写", h.screen.text)
        h.type("D2026-0099")
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[5], "        纠纷：找不到记录 D2026-0099", h.screen.text)
        XCTAssertEqual(h.journal.fileBytes, before)
        h.press(.ctrl("u"))
        h.type("d2026-0001")
        h.press(.f(10))
        XCTAssertTrue(h.trimmed[2].hasSuffix("更多：纠纷档案"), h.screen.text)
        XCTAssertTrue(h.screen.text.contains("张三"), h.screen.text)
        // Exported as `jingwu report dispute` prints it: the print record written first.
        let documents = NSTemporaryDirectory() + "jingwu-more-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: documents, withIntermediateDirectories: true)
        h.session.documentsFolder = documents + "/jingwu"
        defer { try? FileManager.default.removeItem(atPath: documents) }
        h.press(.character("x"), .f(10))
        XCTAssertEqual(h.eventTypes.last, "AccessRecorded", h.screen.text)
        XCTAssertEqual(h.lastData()["kind"] as? String, "print")
        XCTAssertEqual(h.lastData()["subject"] as? String, "D2026-0001")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: documents + "/jingwu").count, 1)
    }

    @Test func test_english_picker_and_tab() throws {
        let h = try ConsoleHarness(language: .en)
        h.press(.character("9"), .character("m"))
        XCTAssertEqual(Array(h.trimmed[2...4]), [
            "More reports (10): Enter opens, Esc goes back", "", ">Handover                  Handover report (the current shift by default)",
        ], h.screen.text)
        h.press(.end, .enter)
        XCTAssertTrue(h.trimmed[2].hasSuffix(" More: Leader coverage"), h.screen.text)
    }
}
