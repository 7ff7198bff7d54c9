import Foundation
import JingwuDomain
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// The coverage map: states by window, legend without colour, gaps worst first, toggles, detail.
@Suite(.serialized) final class CoverageScreenTests {
    /// A01 checked in 2 h ago, A02 20 h ago (due soon), A03 30 h ago (overdue), A04 never.
    private func harness(usesColor: Bool = true) throws -> ConsoleHarness {
        try ConsoleHarness(now: "2026-05-05T12:00:00+08:00", seed: { office, clock in
            let now = clock.date
            clock.date = now.addingTimeInterval(-31 * 3600)
            try office.execute(StartPatrol(mode: .foot, lead: "031245"), as: "031245")
            for (code, hoursAgo) in [("A03", 30.0), ("A02", 20.0), ("A01", 2.0)] {
                clock.date = now.addingTimeInterval(-hoursAgo * 3600)
                try office.execute(CheckInPatrol(patrol: "P0001", cell: code), as: "031245")
            }
            clock.date = now
        })
    }

    @Test func test_map_marks_each_cell_by_its_window_and_lists_gaps_worst_first() throws {
        let h = try harness()
        h.press(.character("3"))
        // The legend carries the marks, so the map reads without colour; the marks are the report's.
        XCTAssertEqual(h.trimmed[2], "时段[p] 24小时  只看夜间[n] 否              # 已覆盖  + 即将超时  ! 逾期  ? 从未")
        XCTAssertEqual(h.trimmed[3], "#A01 +A02 │A04 学校路：从未签到，上次 —，时限 24h，24小时签到 0")
        XCTAssertEqual(h.trimmed[4], "!A03 ?A04 │巡逻空白 2：逾期 1，从未 1（最差在前）")
        XCTAssertEqual(h.trimmed[5], "          │ A04 学校路 从未签到")
        XCTAssertEqual(h.trimmed[6], "          │ A03 菜市场 30h/24h")
        XCTAssertEqual(h.screen.style(3, 0), .mapCovered)
        XCTAssertEqual(h.screen.style(3, 5), .mapDueSoon)
        XCTAssertEqual(h.screen.style(4, 0), .mapOverdue)
        XCTAssertEqual(h.screen.style(4, 5), .selected, "the worst gap starts selected")
        XCTAssertEqual(h.office.state.coverageGaps(now: h.clock.date).map(\.cell.code), ["A04", "A03"])
        // Arrows move over the map.
        h.press(.up)
        XCTAssertEqual(h.trimmed[3], "#A01 +A02 │A02 东街：即将超时，上次 05-04 16:00，时限 24h，24小时签到 1")
    }

    @Test func test_night_only_and_period_toggles() throws {
        let h = try harness()
        h.press(.character("3"), .character("n"))
        XCTAssertTrue(h.trimmed[2].hasPrefix("时段[p] 24小时  只看夜间[n] 是"), h.trimmed[2])
        // 12:00 now; no check-in fell in 22:00–06:00 of the last 24 h, so every cell is "never" at night.
        XCTAssertTrue(h.trimmed[3].hasPrefix("?A01 ?A02"), h.trimmed[3])
        XCTAssertTrue(h.trimmed[4].hasPrefix("?A03 ?A04"), h.trimmed[4])
        // In words, "?" here is no night check-in in the period, not "never checked in".
        XCTAssertNotNil(h.row(containing: "A01 幸福小区 本时段无夜间签到"), h.screen.text)
        XCTAssertFalse(h.screen.text.contains("从未"), h.screen.text)
        XCTAssertNotNil(h.row(containing: "夜间空白 4：逾期 0，本时段无夜间签到 4"), h.screen.text)
        XCTAssertTrue(h.trimmed[2].hasSuffix("? 夜间未巡"), h.trimmed[2])
        h.press(.character("p"))
        // Over 7 days A03's check-in at 06:00 is outside the night window too (it ends at 06:00).
        XCTAssertTrue(h.trimmed[2].hasPrefix("时段[p] 7天"), h.trimmed[2])
        h.press(.character("n"))
        XCTAssertTrue(h.trimmed[3].hasPrefix("#A01 +A02"), h.trimmed[3])
    }

    @Test func test_cell_detail_shows_history_and_hour_strip() throws {
        let h = try harness()
        h.press(.character("3"), .character("g"), .enter)  // the worst gap (A04) is selected first; g moves to A03
        XCTAssertEqual(h.trimmed[2], "A03 菜市场 · 东街社区 · 街巷 · 时限 24 小时")
        XCTAssertEqual(h.trimmed[3], "逾期未巡  上次签到 2026-05-04 06:00  到期 05-05 06:00")
        XCTAssertTrue(h.trimmed[5].hasPrefix("签到时段（24小时）"), h.trimmed[5])
        XCTAssertTrue(h.trimmed[8].hasPrefix("签到记录"), h.trimmed[8])
        XCTAssertEqual(h.trimmed[9], "  2026-05-04 06:00  P0001  步巡 张伟")
        h.press(.escape)
        XCTAssertTrue(h.trimmed[2].contains("时段[p]"))
    }

    @Test func test_add_cell_refuses_a_duplicate_code_at_its_field() throws {
        let h = try harness()
        h.press(.character("3"), .character("a"))
        h.type("A01")
        h.press(.tab)
        h.type("新村")
        h.press(.tab)
        h.type("东街社区")
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "PatrolCheckedIn")
        XCTAssertTrue(h.trimmed.contains { $0.contains("点位编号：A01 已存在") }, h.screen.text)
        h.press(.backTab, .backTab, .backspace)
        h.type("5")
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "CellAdded")
        XCTAssertEqual(h.office.state.cells.cell("A05")?.name, "新村")
    }
}
