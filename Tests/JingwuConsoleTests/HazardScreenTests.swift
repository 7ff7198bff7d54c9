import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// 巡逻 `o`: hazards still open (from any shift), `x` records one put right; refusals at their field.
@Suite(.serialized) final class HazardScreenTests {
    private func harness() throws -> ConsoleHarness {
        try ConsoleHarness(seed: { office, clock in
            try office.execute(ReportHazard(patrol: nil, cell: "A02", category: .fireLane, note: "私家车占用消防通道"),
                               as: "031246")
            clock.advance(minutes: 60 * 26)  // the next day, 11:00: found on an earlier shift
            try office.execute(OpenShift(duty: "031245", team: ["031246"], template: "day"), as: "031245")
            try office.execute(ReportHazard(patrol: nil, cell: "A03", category: .clutter, note: "楼道堆放杂物"), as: "031245")
            clock.advance(minutes: 30)
        })
    }

    @Test func test_open_hazards_list_shows_both_shifts_and_clearing_one_writes_hazard_cleared() throws {
        let h = try harness()
        h.press(.character("2"), .character("o"))
        XCTAssertEqual(h.trimmed[2], "未整改隐患 2 处（含往班发现）")
        XCTAssertEqual(h.row(containing: "H0001"), "H0001 05-04 09:00    1 A02 东街       占用消防通道 私家车占用消防通道")
        XCTAssertNotNil(h.row(containing: "H0002 05-05 11:00    0 A03 菜市场"))
        h.press(.character("x"))
        XCTAssertNotNil(h.row(containing: "隐患整改完毕（H0001 A02 私家车占用消防通道）"))
        h.type("车主已挪车")  // the form opens at the note
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "HazardCleared")
        XCTAssertEqual(h.lastData()["hazard"] as? String, "H0001")
        XCTAssertEqual(h.lastData()["by"] as? String, "031245")
        XCTAssertEqual(h.lastData()["note"] as? String, "车主已挪车")
        XCTAssertEqual(h.trimmed[2], "未整改隐患 1 处（含往班发现）")
        XCTAssertNil(h.trimmed[2...21].first { $0.contains("H0001") }, "no longer listed")
        XCTAssertTrue(h.trimmed[22].contains("隐患 H0001 已整改"), h.screen.text)
    }

    @Test func test_an_empty_note_or_an_already_cleared_hazard_is_refused_at_its_field_and_nothing_is_written() throws {
        let h = try harness()
        try h.office.execute(ClearHazard(hazard: "H0002", note: "已清理"), as: "031245")
        let before = h.journal.fileBytes
        h.press(.character("2"), .character("o"), .character("x"), .f(10))
        XCTAssertEqual(h.journal.fileBytes, before)
        XCTAssertNotNil(h.row(containing: "必须填写"))
        // Typing the id of the hazard already put right: refused at the hazard field.
        h.press(.backTab)
        h.press(.ctrl("u"))
        h.type("H0002")
        h.press(.tab)
        h.type("再次清理")
        h.press(.f(10))
        XCTAssertEqual(h.journal.fileBytes, before, "nothing written")
        let rows = h.trimmed
        let field = try XCTUnwrap(rows.firstIndex { $0.contains(">隐患") }, h.screen.text)
        XCTAssertTrue(rows[field + 1].contains("H0002 已结束"), h.screen.text)
    }

    @Test func test_handover_draft_carries_the_hazard_open_from_the_day_before() throws {
        let h = try harness()
        h.press(.character("7"))
        XCTAssertNotNil(h.row(containing: "■ 交班时未整改隐患（含往班发现） 2"))
        XCTAssertNotNil(h.row(containing: "H0001 05-04 09:00 A02 东街 占用消防通道 私家车占用消防通道（已 1 天）"))
    }
}
