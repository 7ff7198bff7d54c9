import Foundation
import JingwuJournal
import JingwuResources
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// A handover is two officers' record: once the incoming officer acknowledged it,
/// it cannot be voided (nor the shift it closed), and it goes only to someone who
/// can sign in and acknowledge.
@Suite(.serialized) final class HandoverRuleTests {
    /// 王建国 (031245) on duty, handing over to 陈接 (031288).
    private func handedOver() throws -> (Fixture, opened: UUID, handover: UUID) {
        let f = try Fixture()
        let opened = try f.run(OpenShift(duty: Fixture.officer)).record!.id
        f.clock.advance(hours: 1)
        let handover = try f.run(HandOverShift(to: Fixture.nextOfficer, notes: "东街路灯坏了两盏")).record!.id
        return (f, opened, handover)
    }

    @Test func test_an_acknowledged_handover_cannot_be_voided_nor_its_shift_but_its_notes_may_be_amended() throws {
        let (f, opened, handover) = try handedOver()
        try f.run(AcknowledgeShift(by: Fixture.nextOfficer, objections: "Z09 未巡"), as: Fixture.nextOfficer)
        f.assertRefused(VoidEntry(event: handover, reason: "撤销"), .closed, field: "event")
        f.assertRefused(VoidEntry(event: opened, reason: "误开"), .closed, field: "event")
        // Nor by voiding the acknowledgement first.
        let ack = try XCTUnwrap(f.state.shifts.shifts.first?.acknowledgement?.event)
        f.assertRefused(VoidEntry(event: ack, reason: "撤销"), .notVoidable, field: "event")
        let message = DomainError(.closed, field: "event", value: "x", ["status": "acknowledged", "since": "031288"])
            .localizedMessage(Strings(.zh))
        XCTAssertTrue(message.contains("已由接班人确认接班 031288"), message)
        // The acknowledgement and its objection stand; the notes may be amended (the review shows it).
        XCTAssertEqual(f.state.shifts.shifts.first?.acknowledgement?.objections, "Z09 未巡")
        try f.run(AmendEntry(event: handover, reason: "补充", changes: ["notes": "东街路灯坏了三盏"]))
        XCTAssertEqual(f.state.shifts.shifts.first?.handover?.notes, "东街路灯坏了三盏")
        XCTAssertNotNil(f.state.shifts.shifts.first?.acknowledgement)
    }

    @Test func test_a_handover_not_yet_acknowledged_may_still_be_voided_and_redone() throws {
        let (f, _, handover) = try handedOver()
        try f.run(VoidEntry(event: handover, reason: "交错了人"))
        XCTAssertNotNil(f.state.shifts.current, "the shift is open again")
        try f.run(HandOverShift(to: Fixture.auxiliary, notes: "改交李辅"))
        XCTAssertEqual(f.state.unacknowledgedHandovers.last?.handover?.to, Fixture.auxiliary)
    }

    @Test func test_a_shift_goes_only_to_someone_else_who_can_sign_in() throws {
        let f = try Fixture()
        try f.run(OpenShift(duty: Fixture.officer))
        f.assertRefused(HandOverShift(to: Fixture.officer, notes: "x"), .handOverToSelf, field: "to")
        f.assertRefused(HandOverShift(to: Fixture.volunteer, notes: "x"), .cannotTakeOver, field: "to")
        let message = DomainError(.cannotTakeOver, field: "to", value: Fixture.volunteer, ["takerRole": "volunteer"])
            .localizedMessage(Strings(.zh))
        XCTAssertTrue(message.contains("义警") && message.contains("民警或辅警"), message)
    }

    @Test func test_only_the_incoming_officer_acknowledges_and_the_refusal_says_who() throws {
        let (f, _, _) = try handedOver()
        f.assertRefused(AcknowledgeShift(by: Fixture.auxiliary), as: Fixture.auxiliary, .notTheIncoming, field: "by")
        do {
            _ = try f.run(AcknowledgeShift(by: Fixture.auxiliary), as: Fixture.auxiliary)
        } catch let error as DomainError {
            let text = error.localizedMessage(Strings(.zh))
            XCTAssertTrue(text.contains("S0001 是交给 陈接(031288) 的"), text)
        }
    }

    @Test func test_cell_codes_and_badges_typed_in_small_letters_are_stored_as_the_roster_spells_them() throws {
        let f = try Fixture()
        let patrol = try f.run(StartPatrol(mode: .foot, lead: "f1021", cells: ["st01", "c01"]), as: Fixture.auxiliary).entityID!
        XCTAssertEqual(f.state.patrols.patrol(patrol)?.lead, Fixture.auxiliary)
        XCTAssertEqual(f.state.patrols.patrol(patrol)?.plannedCells, ["ST01", "C01"])
        try f.run(CheckInPatrol(patrol: patrol, cell: "v01"), as: Fixture.auxiliary)
        XCTAssertEqual(f.state.patrols.checkIns.last?.cell, "V01")
        f.assertRefused(CheckInPatrol(patrol: patrol, cell: "zz9"), as: Fixture.auxiliary, .unknownCell, field: "cell")
    }

    @Test func test_a_name_only_one_person_has_stands_for_their_badge_and_a_shared_one_is_refused() throws {
        let f = try Fixture()
        let patrol = try f.run(StartPatrol(mode: .foot, lead: "王建国", members: ["李辅"])).entityID!
        XCTAssertEqual(f.state.patrols.patrol(patrol)?.lead, Fixture.officer)
        XCTAssertEqual(f.state.patrols.patrol(patrol)?.members, [Fixture.auxiliary])
        try f.run(EnrollOfficer(badge: "031299", name: "王建国", role: .police))
        f.assertRefused(StartPatrol(mode: .foot, lead: "王建国"), .ambiguousName, field: "lead")
        let message = DomainError(.ambiguousName, field: "lead", value: "王建国", ["badges": "031245、031299"])
            .localizedMessage(Strings(.zh))
        XCTAssertTrue(message.contains("不止一人叫 王建国（031245、031299），请填警号"), message)
    }

    /// An acknowledgement is written by the incoming officer themselves; the refusal
    /// names both people and exits as a permission refusal; nothing is written.
    @Test func test_no_one_acknowledges_a_handover_for_the_incoming_officer() throws {
        let f = try Fixture()
        try f.run(OpenShift(duty: Fixture.officer))
        try f.run(HandOverShift(to: Fixture.nextOfficer, notes: "平稳"))
        f.assertRefused(AcknowledgeShift(by: Fixture.nextOfficer), as: Fixture.officer, .acknowledgeForAnother, field: "by")
        f.assertRefused(AcknowledgeShift(by: Fixture.nextOfficer), as: Fixture.auxiliary, .acknowledgeForAnother,
                        field: "by")
        let error = DomainError(.acknowledgeForAnother, field: "by", value: "陈接(031288)", ["operator": "王建国(031245)"])
        XCTAssertEqual(error.exitCode, 77)
        XCTAssertEqual(error.localizedMessage(Strings(.zh), fieldLabel: "接班人"),
                       "接班人：接班须由 陈接(031288) 本人登录确认，不能由 王建国(031245) 代为确认")
        // Typed in small letters, the operator is still the incoming officer.
        try f.run(AcknowledgeShift(by: Fixture.nextOfficer), as: Fixture.nextOfficer.lowercased())
        XCTAssertNotNil(f.state.shifts.shifts.first?.acknowledgement)
    }

    /// The duty officer hands over; a police officer may do it for an auxiliary on duty;
    /// an auxiliary may not hand over someone else's shift.
    @Test func test_only_the_duty_officer_or_a_police_officer_hands_a_shift_over() throws {
        let f = try Fixture()
        try f.run(OpenShift(duty: Fixture.officer))
        f.assertRefused(HandOverShift(to: Fixture.nextOfficer, notes: "代交"), as: Fixture.auxiliary, .handOverByAnother,
                        field: "as")
        try f.run(HandOverShift(to: Fixture.auxiliary, notes: "平稳"), as: Fixture.officer)
        try f.run(AcknowledgeShift(by: Fixture.auxiliary), as: Fixture.auxiliary)
        XCTAssertEqual(f.state.shifts.current?.duty, Fixture.auxiliary)
        try f.run(HandOverShift(to: Fixture.nextOfficer, notes: "民警代辅警交班"), as: Fixture.officer)
        XCTAssertEqual(f.state.unacknowledgedHandovers.last?.handover?.from, Fixture.auxiliary)
        // With nothing open there is nothing to hand over, and the refusal says so.
        try f.run(AcknowledgeShift(by: Fixture.nextOfficer, openNext: false), as: Fixture.nextOfficer)
        f.assertRefused(HandOverShift(to: Fixture.auxiliary, notes: "x"), .noOpenShift, field: "shift")
        f.assertRefused(AcknowledgeShift(by: Fixture.nextOfficer), as: Fixture.nextOfficer, .nothingToAcknowledge,
                        field: "by")
    }

    /// Refusals name event types and roles in the operator's language.
    @Test func test_refusals_name_event_types_and_roles_in_chinese() {
        let strings = Strings(.zh)
        let void = DomainError(.notVoidable, field: "event", value: "x", ["type": "ShiftAcknowledged"])
        XCTAssertTrue(void.localizedMessage(strings).contains("接班确认"), void.localizedMessage(strings))
        let role = DomainError(.wrongRole, field: "lead", value: "X2001", ["role": "patroller"])
        XCTAssertFalse(role.localizedMessage(strings).contains("patroller"), role.localizedMessage(strings))
    }
}
