import Foundation
import JingwuJournal
import JingwuResources
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// 隐患整改: hazard ids, clearing, refusals, corrections, the checkpoint and the handover.
@Suite(.serialized) final class HazardTests {
    @Test func test_hazards_get_short_ids_in_order_and_stay_open_until_cleared() throws {
        let f = try Fixture()
        let first = try f.run(ReportHazard(patrol: nil, cell: "C01", category: .fireLane, note: "私家车占用消防通道"))
        XCTAssertEqual(first.entityID, "H0001")
        XCTAssertEqual(try f.run(ReportHazard(patrol: nil, cell: "ST01", note: "井盖缺失")).entityID, "H0002")
        XCTAssertEqual(f.state.openHazards(at: f.clock.now()).map(\.id), ["H0001", "H0002"], "found this minute counts")
        f.clock.advance(hours: 2)
        let cleared = try f.run(ClearHazard(hazard: "h0001", note: "车主已挪车"))
        XCTAssertEqual(cleared.entityID, "H0001")
        let hazard = try XCTUnwrap(f.state.hazard("H0001"))
        XCTAssertEqual(hazard.clearance?.by, Fixture.officer, "by defaults to the operator")
        XCTAssertEqual(hazard.clearance?.note, "车主已挪车")
        XCTAssertFalse(hazard.isOpen)
        XCTAssertEqual(f.state.openHazards(at: f.clock.now()).map(\.id), ["H0002"], "cleared this minute counts")
    }

    @Test func test_clearing_an_unknown_or_already_cleared_hazard_is_refused_and_writes_nothing() throws {
        let f = try Fixture()
        f.assertRefused(ClearHazard(hazard: "H0001", note: "已整改"), .unknownRecord, field: "hazard")
        try f.run(ReportHazard(patrol: nil, cell: "C01", note: "楼道堆物"))
        f.assertRefused(ClearHazard(hazard: "", note: "已整改"), .required, field: "hazard")
        f.assertRefused(ClearHazard(hazard: "H0001", note: "  "), .required, field: "note")
        f.assertRefused(ClearHazard(hazard: "H0001", by: "999", note: "已整改"), .unknownOfficer, field: "by")
        try f.run(ClearHazard(hazard: "H0001", note: "已清理"))
        f.assertRefused(ClearHazard(hazard: "H0001", note: "再次清理"), .closed, field: "hazard")
    }

    @Test func test_auxiliaries_may_clear_hazards_and_volunteers_may_not_write() throws {
        let f = try Fixture()
        try f.run(ReportHazard(patrol: nil, cell: "C01", note: "电动车楼道充电"), as: Fixture.auxiliary)
        XCTAssertTrue(Roles.allows(ClearHazard(hazard: "H0001", note: "x"), by: Fixture.auxiliary, state: f.state))
        XCTAssertFalse(Roles.allows(ClearHazard(hazard: "H0001", note: "x"), by: Fixture.volunteer, state: f.state))
        try f.run(ClearHazard(hazard: "H0001", note: "已移出楼道"), as: Fixture.auxiliary)
        XCTAssertEqual(f.state.hazard("H0001")?.clearance?.by, Fixture.auxiliary)
    }

    @Test func test_voiding_a_clearance_reopens_the_hazard_and_amending_changes_its_note() throws {
        let f = try Fixture()
        try f.run(ReportHazard(patrol: nil, cell: "C01", note: "楼道堆物"))
        let clear = try XCTUnwrap(try f.run(ClearHazard(hazard: "H0001", note: "已清理")).record?.id)
        try f.run(AmendEntry(event: clear, reason: "补充", changes: ["note": "物业已清理,复查无误"]))
        XCTAssertEqual(f.state.hazard("H0001")?.clearance?.note, "物业已清理,复查无误")
        try f.run(VoidEntry(event: clear, reason: "复查发现仍未清理"))
        XCTAssertTrue(try XCTUnwrap(f.state.hazard("H0001")).isOpen)
        try f.run(ClearHazard(hazard: "H0001", note: "第二次清理"))
        XCTAssertEqual(f.state.hazard("H0001")?.clearance?.note, "第二次清理")
        let found = try XCTUnwrap(f.state.hazard("H0001")?.event)
        try f.run(VoidEntry(event: found, reason: "录重了"))
        XCTAssertNil(f.state.hazard("H0001"))
        f.assertRefused(ClearHazard(hazard: "H0001", note: "x"), .unknownRecord, field: "hazard")
    }

    @Test func test_a_hazard_written_before_ids_is_numbered_in_journal_order_and_can_be_cleared() throws {
        var state = OfficeState()
        func env(_ seq: UInt64) -> Envelope {
            Envelope(id: UUID(), seq: seq, at: time("2026-11-23T09:00:00+08:00").addingTimeInterval(Double(seq) * 60),
                     recorded: time("2026-11-23T09:00:00+08:00"), by: "031245")
        }
        let old = try XCTUnwrap(try EventRegistry.decode(type: "HazardFound", version: 1,
                                                         data: Data(#"{"category":"fire","cell":"C01","note":"旧"}"#.utf8),
                                                         decoder: JSONDecoder()))
        state.apply(old, env(1))
        state.apply(HazardFound(patrol: nil, cell: "C01", category: .noise, note: "新", hazard: "H0002").asEvent, env(2))
        state.apply(old, env(3))
        XCTAssertEqual(state.patrols.hazards.map(\.id), ["H0001", "H0002", "H0003"])
        state.apply(HazardCleared(hazard: "H0003", by: "031245", note: "已整改").asEvent, env(4))
        XCTAssertEqual(state.openHazards(at: .distantFuture).map(\.id), ["H0001", "H0002"])
    }

    @Test func test_ids_and_clearances_survive_a_checkpoint_round_trip() throws {
        let f = try Fixture()
        try f.run(ReportHazard(patrol: nil, cell: "C01", note: "楼道堆物"))
        try f.run(ReportHazard(patrol: nil, cell: "ST01", note: "路灯不亮"))
        let clear = try XCTUnwrap(try f.run(ClearHazard(hazard: "H0002", note: "已报修")).record?.id)
        let bytes = f.state.checkpointBytes()
        let loaded = try bytes.withUnsafeBytes { try OfficeState(checkpointBytes: $0, policy: .standard) }
        XCTAssertEqual(loaded.patrols, f.state.patrols)
        XCTAssertEqual(loaded.targets[clear], .hazardClear(1))
        XCTAssertEqual(loaded, f.state)
    }

    @Test func test_handover_carries_hazards_open_from_earlier_shifts_and_lists_those_cleared_in_the_window() throws {
        let f = try Fixture()
        try f.run(ReportHazard(patrol: nil, cell: "C01", category: .fireLane, note: "消防通道堵塞"))  // 08:00, day before
        try f.run(ReportHazard(patrol: nil, cell: "ST01", note: "井盖缺失"))
        f.clock.set("2026-11-24T09:00:00+08:00")
        let from = time("2026-11-24T08:00:00+08:00")
        try f.run(ReportHazard(patrol: nil, cell: "V01", category: .clutter, note: "柴草堆放"))
        try f.run(ClearHazard(hazard: "H0002", note: "已补盖"))
        f.clock.set("2026-11-24T12:00:00+08:00")
        let report = f.state.handoverReport(from: from, to: f.clock.now(), now: f.clock.now())
        XCTAssertEqual(report.hazards.map(\.id), ["H0003"], "found in the window")
        XCTAssertEqual(report.hazardsOpen.map(\.id), ["H0001", "H0003"], "open, whichever shift found them")
        XCTAssertEqual(report.hazardsCleared.map(\.id), ["H0002"])
        // A window that ended before the clearing still shows H0002 open.
        let before = f.state.handoverReport(from: time("2026-11-23T08:00:00+08:00"), to: from, now: f.clock.now())
        XCTAssertEqual(before.hazardsOpen.map(\.id), ["H0001", "H0002"])
        XCTAssertTrue(before.hazardsCleared.isEmpty)
        let text = ReportRenderer.text(ReportBuilder(state: f.state, strings: Strings(.zh), now: f.clock.now()).handover(report))
        XCTAssertTrue(text.contains("未整改隐患（含往班发现）"), text)
        XCTAssertTrue(text.contains("已补盖"), text)
    }
}
