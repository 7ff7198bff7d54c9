import Foundation
import JingwuJournal
import JingwuResources
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// An objection to a handover stays open (总览) until someone records how it was dealt with
/// (`HandoverObjectionAddressed`): a police officer, or the officer who raised it; never the
/// outgoing auxiliary alone. Every refusal names its field and leaves the journal as it was.
@Suite(.serialized) final class ObjectionHandlingTests {
    /// 李辅 (auxiliary F1021) on duty hands over to 陈接 (police 031288), who objects.
    private func objected(_ objections: String? = "对讲机少一块电池") throws -> Fixture {
        let f = try Fixture()
        try f.run(OpenShift(duty: Fixture.auxiliary), as: Fixture.auxiliary)
        f.clock.advance(hours: 8)
        try f.run(HandOverShift(to: Fixture.nextOfficer, notes: "花园路路灯坏了"), as: Fixture.auxiliary)
        f.clock.advance(hours: 0.2)
        try f.run(AcknowledgeShift(by: Fixture.nextOfficer, objections: objections), as: Fixture.nextOfficer)
        f.clock.advance(hours: 1)
        return f
    }

    @Test func test_recording_the_handling_closes_the_objection_and_keeps_who_what_and_when() throws {
        let f = try objected()
        XCTAssertEqual(f.state.openObjections.map(\.id), ["S0001"])
        let result = try f.run(AddressHandoverObjection(shift: "s0001", note: "电池已补领，带班民警核实"))
        XCTAssertEqual(result.entityID, "S0001")
        XCTAssertEqual(result.record?.type, "HandoverObjectionAddressed")
        let handling = try XCTUnwrap(f.state.shifts.shift("S0001")?.acknowledgement?.handling)
        XCTAssertEqual(handling.by, Fixture.officer)
        XCTAssertEqual(handling.note, "电池已补领，带班民警核实")
        XCTAssertEqual(handling.at, f.clock.now())
        XCTAssertEqual(f.state.openObjections.map(\.id), [])
        // The objection itself stays on record.
        XCTAssertEqual(f.state.shifts.shift("S0001")?.acknowledgement?.objections, "对讲机少一块电池")
    }

    @Test func test_the_objector_may_record_it_and_name_who_dealt_with_it() throws {
        let f = try objected()
        try f.run(AddressHandoverObjection(shift: "S0001", by: Fixture.auxiliary, note: "李辅送来电池"), as: Fixture.nextOfficer)
        XCTAssertEqual(f.state.shifts.shift("S0001")?.acknowledgement?.handling?.by, Fixture.auxiliary)
    }

    @Test func test_bad_input_is_refused_naming_the_field_and_the_journal_is_unchanged() throws {
        let f = try objected()
        f.assertRefused(AddressHandoverObjection(shift: "S0001", note: "  "), .required, field: "note")
        f.assertRefused(AddressHandoverObjection(shift: "", note: "已处理"), .required, field: "shift")
        f.assertRefused(AddressHandoverObjection(shift: "S0009", note: "已处理"), .unknownRecord, field: "shift")
        f.assertRefused(AddressHandoverObjection(shift: "S0001", by: "999999", note: "已处理"), .unknownOfficer, field: "by")
        // The outgoing auxiliary may not close an objection about their own handover.
        f.assertRefused(AddressHandoverObjection(shift: "S0001", note: "我已补上"), as: Fixture.auxiliary,
                        .objectionByAnother, field: "as")
        do {
            _ = try f.office.preview(AddressHandoverObjection(shift: "S0001", note: "我已补上"), as: Fixture.auxiliary)
            XCTFail("not refused")
        } catch let error as DomainError {
            XCTAssertEqual(error.screenMessage(Strings(.zh)),
                           "操作人：班次 S0001 的接班异议由民警或提出异议的陈接（031288）记录处理，李辅（F1021）不能记录")
        }
        // Dealt with once: a second record is refused, saying when and by whom.
        try f.run(AddressHandoverObjection(shift: "S0001", note: "已补领"))
        f.assertRefused(AddressHandoverObjection(shift: "S0001", note: "再补"), .closed, field: "shift")
        do {
            _ = try f.office.preview(AddressHandoverObjection(shift: "S0001", note: "再补"), as: Fixture.officer)
            XCTFail("not refused")
        } catch let error as DomainError {
            XCTAssertEqual(error.screenMessage(Strings(.zh)),
                           "班次：S0001 已结束（异议已处理 2026-11-23 17:12 031245），不能再更改")
        }
    }

    @Test func test_a_handover_without_an_objection_or_not_yet_acknowledged_has_nothing_to_record() throws {
        let f = try objected(nil)
        f.assertRefused(AddressHandoverObjection(shift: "S0001", note: "无"), .noObjection, field: "shift")
        XCTAssertEqual(DomainError(.noObjection, field: "shift", value: "S0001").screenMessage(Strings(.zh)),
                       "班次：班次 S0001 的接班没有异议，无需记录处理")
        // S0002 (陈接's shift) is open: nothing handed over, nothing acknowledged.
        f.assertRefused(AddressHandoverObjection(shift: "S0002", note: "无"), .noObjection, field: "shift")
    }

    @Test func test_voiding_the_record_puts_the_objection_back_and_its_note_may_be_amended() throws {
        let f = try objected()
        let event = try XCTUnwrap(try f.run(AddressHandoverObjection(shift: "S0001", note: "已补领")).record?.id)
        try f.run(AmendEntry(event: event, reason: "补充", changes: ["note": "已补领两块"]))
        XCTAssertEqual(f.state.shifts.shift("S0001")?.acknowledgement?.handling?.note, "已补领两块")
        try f.run(VoidEntry(event: event, reason: "记错班次"))
        XCTAssertNil(f.state.shifts.shift("S0001")?.acknowledgement?.handling)
        XCTAssertEqual(f.state.openObjections.map(\.id), ["S0001"])
    }

    @Test func test_the_handling_survives_a_checkpoint_and_a_replay() throws {
        let f = try objected()
        try f.run(AddressHandoverObjection(shift: "S0001", note: "已补领"))
        let replayed = try Office(journal: f.journal, clock: f.clock, policy: .standard)
        XCTAssertEqual(replayed.state.shifts.shift("S0001")?.acknowledgement?.handling?.note, "已补领")
        let bytes = f.state.checkpointBytes()
        let decoded = try bytes.withUnsafeBytes { try OfficeState(checkpointBytes: $0, policy: .standard) }
        XCTAssertEqual(decoded, f.state)
        XCTAssertNotNil(decoded.shifts.shift("S0001")?.acknowledgement?.handling)
        XCTAssertEqual(decoded.targets[f.state.shifts.shift("S0001")!.acknowledgement!.handling!.event], .objectionHandling("S0001"))
    }

    @Test func test_the_handover_report_shows_the_objection_and_its_handling() throws {
        let f = try objected()
        let strings = Strings(.zh)
        func figures() throws -> [String: String] {
            let report = try XCTUnwrap(f.state.handoverReport(shift: "S0001", now: f.clock.now()))
            let doc = ReportBuilder(state: f.state, strings: strings, now: f.clock.now()).handover(report)
            return Dictionary(doc.figures.map { ($0.key, $0.value.display) }, uniquingKeysWith: { a, _ in a })
        }
        XCTAssertEqual(try figures()["objections"], "对讲机少一块电池")
        XCTAssertEqual(try figures()["objectionHandling"], "未见处理记录")
        try f.run(AddressHandoverObjection(shift: "S0001", note: "已补领"))
        XCTAssertEqual(try figures()["objectionHandling"], "已补领（王建国(031245) 11-23 17:12）")
    }
}

/// `event amend --set notes=…` on a handover keeps the notes' lines, as `shift handover` does.
@Suite(.serialized) final class AmendNotesLinesTests {
    @Test func test_amended_handover_notes_keep_their_line_breaks() throws {
        let f = try Fixture()
        try f.run(OpenShift(duty: Fixture.officer))
        f.clock.advance(hours: 1)
        let handover = try XCTUnwrap(try f.run(HandOverShift(to: Fixture.nextOfficer, notes: "东街路灯\n花园路积水")).record?.id)
        try f.run(AmendEntry(event: handover, reason: "补充", changes: ["notes": "东街路灯\n花园路积水\n已报修"]))
        XCTAssertEqual(f.state.shifts.shift("S0001")?.handover?.notes, "东街路灯\n花园路积水\n已报修")
        f.assertRefused(AmendEntry(event: handover, reason: "清空", changes: ["notes": " \n "]), .required, field: "notes")
    }
}
