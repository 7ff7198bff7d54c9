import Foundation
import JingwuJournal
import JingwuResources
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// What an auxiliary (辅警) may and may not do, at the command level: every refusal names
/// why, exits 77 and leaves the journal byte-for-byte unchanged.
@Suite(.serialized) final class RolesTests {
    /// A fixture with a listed person, an open dispute, and one entry by the officer and one by the auxiliary.
    func makeFixture() throws -> (Fixture, officerEntry: UUID, auxiliaryEntry: UUID) {
        let f = try Fixture()
        try f.run(ListPerson(name: "张某", idNumber: Fixture.idNumber(), category: .released, residency: .presentRegistered,
                             cell: "C01", officer: Fixture.officer))
        try f.run(OpenDispute(category: .neighbour, parties: ["甲", "乙"], cell: "C01", summary: "噪音"))
        let officerEntry = try XCTUnwrap(try f.run(ReportHazard(patrol: nil, cell: "C01", note: "电动车楼道充电")).record?.id)
        let auxiliaryEntry = try XCTUnwrap(
            try f.run(ReportHazard(patrol: nil, cell: "ST01", note: "路灯不亮"), as: Fixture.auxiliary).record?.id)
        return (f, officerEntry, auxiliaryEntry)
    }

    func assertForbidden(_ f: Fixture, _ command: some OfficeCommand, action: String, field: String,
                         file: StaticString = #filePath, line: UInt = #line) {
        let before = f.journal.fileBytes
        let state = f.state
        XCTAssertThrowsError(try f.run(command, as: Fixture.auxiliary), file: file, line: line) { error in
            guard let error = error as? DomainError else { return XCTFail("\(error)", file: file, line: line) }
            XCTAssertEqual(error.reason, .forbidden, file: file, line: line)
            XCTAssertEqual(error.field, field, file: file, line: line)
            XCTAssertEqual(error.detail["action"], action, file: file, line: line)
            XCTAssertEqual(error.exitCode, 77, file: file, line: line)
            let zh = error.localizedMessage(Strings(.zh))
            XCTAssertTrue(zh.contains(Strings(.zh).text("access.action." + action)), zh, file: file, line: line)
            XCTAssertTrue(zh.contains("辅警") && zh.contains("民警"), zh, file: file, line: line)
            let en = error.localizedMessage(Strings(.en))
            XCTAssertTrue(en.contains(Strings(.en).text("access.action." + action)), en, file: file, line: line)
        }
        XCTAssertEqual(f.journal.fileBytes, before, "the journal changed", file: file, line: line)
        XCTAssertEqual(f.state, state, "the state changed", file: file, line: line)
    }

    @Test func test_an_auxiliary_may_not_resolve_refer_or_close_a_dispute_and_nothing_is_written() throws {
        let (f, _, _) = try makeFixture()
        assertForbidden(f, ResolveDispute(dispute: "D2026-0001", agreement: "和解"), action: "resolve-dispute", field: "dispute")
        assertForbidden(f, ReferDispute(dispute: "D2026-0001", to: .court, notes: "起诉"), action: "refer-dispute",
                        field: "dispute")
        assertForbidden(f, CloseDispute(dispute: "D2026-0001", reason: "撤回"), action: "close-dispute", field: "dispute")
    }

    @Test func test_an_auxiliary_may_not_delist_a_person_enrol_an_officer_or_see_a_whole_id_number() throws {
        let (f, _, _) = try makeFixture()
        assertForbidden(f, DelistPerson(person: "K0001", reason: "迁出"), action: "delist-person", field: "person")
        assertForbidden(f, EnrollOfficer(badge: "031299", name: "新人", role: .police), action: "enrol-officer", field: "badge")
        assertForbidden(f, RevealIDNumber(person: "K0001", purpose: "核对"), action: "reveal-id", field: "person")
        XCTAssertTrue(f.state.reveals.reveals.isEmpty)
    }

    @Test func test_an_auxiliary_may_not_amend_or_void_someone_elses_entry_but_may_correct_their_own() throws {
        let (f, officerEntry, auxiliaryEntry) = try makeFixture()
        assertForbidden(f, AmendEntry(event: officerEntry, reason: "写错", changes: ["note": "改"]), action: "correct-other",
                        field: "event")
        assertForbidden(f, VoidEntry(event: officerEntry, reason: "重复"), action: "correct-other", field: "event")
        XCTAssertEqual(f.state.author(of: officerEntry), Fixture.officer)
        XCTAssertEqual(f.state.author(of: auxiliaryEntry), Fixture.auxiliary)
        try f.run(AmendEntry(event: auxiliaryEntry, reason: "补充", changes: ["note": "路灯不亮两盏"]), as: Fixture.auxiliary)
        try f.run(VoidEntry(event: auxiliaryEntry, reason: "重复"), as: Fixture.auxiliary)
        XCTAssertTrue(f.state.voided.contains(auxiliaryEntry))
    }

    @Test func test_an_auxiliary_may_not_set_another_officers_pin_but_may_set_their_own() throws {
        let (f, _, _) = try makeFixture()
        let hash = try Pin.derive("864213", iterations: 1_000)
        assertForbidden(f, SetPin(badge: Fixture.officer, pin: hash), action: "reset-pin", field: "badge")
        try f.run(SetPin(badge: Fixture.auxiliary, pin: hash), as: Fixture.auxiliary)
        XCTAssertTrue(f.state.access.hasPin(Fixture.auxiliary))
    }

    @Test func test_an_auxiliary_records_patrols_checkins_hazards_visits_incidents_and_opens_disputes() throws {
        let (f, _, _) = try makeFixture()
        let a = Fixture.auxiliary
        let patrol = try XCTUnwrap(try f.run(StartPatrol(mode: .foot, lead: a), as: a).entityID)
        try f.run(CheckInPatrol(patrol: patrol, cell: "ST01"), as: a)
        try f.run(ReportHazard(patrol: patrol, cell: "ST01", note: "井盖缺失"), as: a)
        try f.run(EndPatrol(patrol: patrol), as: a)
        try f.run(RecordVisit(person: "K0001", method: .home, officer: a, findings: "在家"), as: a)
        try f.run(LogIncident(cell: "C01", kind: .dispute, summary: "邻里争吵"), as: a)
        try f.run(OpenDispute(category: .neighbour, parties: ["丙", "丁"], cell: "C01", summary: "漏水"), as: a)
        XCTAssertEqual(f.state.disputes.dispute("D2026-0002")?.status, .open)
    }

    @Test func test_the_police_officer_may_do_what_the_auxiliary_may_not() throws {
        let (f, _, auxiliaryEntry) = try makeFixture()
        try f.run(AmendEntry(event: auxiliaryEntry, reason: "核实", changes: ["note": "路灯坏"]))
        try f.run(ResolveDispute(dispute: "D2026-0001", agreement: "和解"))
        try f.run(DelistPerson(person: "K0001", reason: "迁出"))
        try f.run(EnrollOfficer(badge: "031299", name: "新人", role: .auxiliary))
    }

    @Test func test_volunteers_patrol_members_and_household_leaders_cannot_write_anything() throws {
        let f = try Fixture()
        try f.run(EnrollOfficer(badge: "X0101", name: "巡防", role: .patroller))
        try f.run(EnrollOfficer(badge: "L0101", name: "联户", role: .householdLeader))
        // Issue 19: 网格员, 治保主任 and 人民调解员 are on the roster as data too.
        try f.run(EnrollOfficer(badge: "G0101", name: "网格", role: .gridWorker))
        try f.run(EnrollOfficer(badge: "Z0101", name: "治保", role: .securityDirector))
        try f.run(EnrollOfficer(badge: "M0101", name: "调解", role: .mediator))
        XCTAssertEqual(["G0101", "Z0101", "M0101"].map { f.state.officers.officer($0)?.role.code },
                       ["grid-worker", "security-director", "mediator"])
        XCTAssertEqual([OfficerRole.gridWorker, .securityDirector, .mediator].map(\.chineseName), ["网格员", "治保主任", "人民调解员"])
        for badge in [Fixture.volunteer, "X0101", "L0101", "G0101", "Z0101", "M0101"] {
            let before = f.journal.fileBytes
            XCTAssertThrowsError(try f.run(ReportHazard(patrol: nil, cell: "C01", note: "隐患"), as: badge)) { error in
                XCTAssertEqual((error as? DomainError)?.reason, .notOperator)
                XCTAssertEqual((error as? DomainError)?.field, "as")
                XCTAssertEqual((error as? DomainError)?.exitCode, 77)
            }
            XCTAssertEqual(f.journal.fileBytes, before)
            XCTAssertThrowsError(try f.office.signIn(badge: badge, pin: "123456")) { error in
                XCTAssertEqual((error as? DomainError)?.reason, .notOperator)
            }
        }
        XCTAssertFalse(Roles.allows(ReportHazard(patrol: nil, cell: "C01", note: "x"), by: "L0101", state: f.state))
        XCTAssertTrue(Roles.allows(ReportHazard(patrol: nil, cell: "C01", note: "x"), by: Fixture.auxiliary, state: f.state))
        XCTAssertFalse(Roles.allows(CloseDispute(dispute: "D", reason: "x"), by: Fixture.auxiliary, state: f.state))
    }

    @Test func test_authors_survive_a_checkpoint_round_trip() throws {
        let (f, officerEntry, auxiliaryEntry) = try makeFixture()
        let bytes = f.state.checkpointBytes()
        let restored = try bytes.withUnsafeBytes { try OfficeState(checkpointBytes: $0, policy: .standard) }
        XCTAssertEqual(restored, f.state)
        XCTAssertEqual(restored.author(of: officerEntry), Fixture.officer)
        XCTAssertEqual(restored.author(of: auxiliaryEntry), Fixture.auxiliary)
    }
}
