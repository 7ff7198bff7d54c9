import Foundation
import JingwuJournal
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// 反诈预警 and 劝阻: commands, the fold, corrections and the checkpoint.
@Suite(.serialized) final class AntiFraudTests {
    @Test func test_a_warning_needs_action_until_a_dissuasion_reaches_someone() throws {
        let f = try Fixture()
        let id = try f.run(ReceiveFraudWarning(level: .high, target: "王大妈", phone: "+86 138-0013-8000", cell: "C01")).entityID
        XCTAssertEqual(id, "F0001")
        let warning = try XCTUnwrap(f.state.fraud.warning("F0001"))
        XCTAssertEqual(warning.phone, "13800138000")
        XCTAssertEqual(warning.status, .pending)
        XCTAssertEqual(f.state.fraudWarningsNeedingAction.map(\.id), ["F0001"])

        try f.run(RecordDissuasion(warning: "f0001", by: Fixture.volunteer, method: .phone, outcome: .unreachable))
        XCTAssertEqual(f.state.fraud.warning("F0001")?.status, .unreachable)
        XCTAssertEqual(f.state.fraudWarningsNeedingAction.count, 1, "nobody reached: still to do")

        try f.run(RecordDissuasion(warning: "F0001", by: Fixture.officer, method: .home, outcome: .dissuaded, note: "已讲解"))
        XCTAssertEqual(f.state.fraud.warning("F0001")?.status, .dissuaded)
        XCTAssertTrue(f.state.fraudWarningsNeedingAction.isEmpty)
        XCTAssertEqual(f.state.fraud.warning("F0001")?.liveDissuasions.map(\.by), [Fixture.volunteer, Fixture.officer])
    }

    @Test func test_a_settled_warning_refuses_another_dissuasion_and_writes_nothing() throws {
        let f = try Fixture()
        try f.run(ReceiveFraudWarning(level: .low, target: "李家", phone: "13800138000"))
        try f.run(RecordDissuasion(warning: "F0001", by: Fixture.officer, method: .home, outcome: .defrauded))
        let before = f.journal.headHash
        XCTAssertThrowsError(try f.run(RecordDissuasion(warning: "F0001", by: Fixture.officer, method: .home,
                                                         outcome: .dissuaded))) { error in
            XCTAssertEqual((error as? DomainError)?.reason, .closed)
            XCTAssertEqual((error as? DomainError)?.field, "warning")
        }
        XCTAssertEqual(f.journal.headHash, before)
    }

    @Test func test_every_bad_field_is_refused_by_name() throws {
        let f = try Fixture()
        let before = f.journal.headHash
        func refused(_ command: some OfficeCommand, _ field: String, _ reason: DomainError.Reason,
                     line: UInt = #line) {
            XCTAssertThrowsError(try f.run(command), line: line) { error in
                XCTAssertEqual((error as? DomainError)?.field, field, line: line)
                XCTAssertEqual((error as? DomainError)?.reason, reason, line: line)
            }
        }
        refused(ReceiveFraudWarning(level: .high, target: "王", phone: ""), "phone", .required)
        refused(ReceiveFraudWarning(level: .high, target: "王", phone: "1380013800"), "phone", .invalid)  // 10-digit mobile
        refused(ReceiveFraudWarning(level: .high, target: "王", phone: "138ab"), "phone", .invalid)
        refused(ReceiveFraudWarning(level: .high, target: "", phone: "13800138000"), "target", .required)
        refused(ReceiveFraudWarning(level: .high, target: "王", person: "K0404", phone: "13800138000"), "person", .unknownRecord)
        refused(ReceiveFraudWarning(level: .high, target: "王", phone: "13800138000", cell: "NOPE"), "cell", .unknownCell)
        refused(RecordDissuasion(warning: "F0009", by: Fixture.officer, method: .home, outcome: .dissuaded), "warning",
                .unknownRecord)
        try f.run(ReceiveFraudWarning(level: .medium, target: "王", phone: "0871-6543210"))
        let afterOne = f.journal.headHash
        refused(RecordDissuasion(warning: "F0001", by: "999", method: .home, outcome: .dissuaded), "by", .unknownOfficer)
        XCTAssertEqual(f.journal.headHash, afterOne)
        XCTAssertNotEqual(before, afterOne)
        XCTAssertEqual(f.state.fraud.warning("F0001")?.phone, "08716543210")
    }

    @Test func test_a_warning_about_a_listed_person_takes_the_name_when_no_target_is_given() throws {
        let f = try Fixture()
        try f.run(ListPerson(name: "张某", idNumber: Fixture.idNumber(), category: .released, residency: .presentRegistered,
                             cell: "C01", officer: Fixture.officer))
        try f.run(ReceiveFraudWarning(level: .high, target: "", person: "k0001", phone: "13800138000"))
        XCTAssertEqual(f.state.fraud.warning("F0001")?.target, "张某")
        XCTAssertEqual(f.state.fraud.warning("F0001")?.person, "K0001")
    }

    @Test func test_voiding_and_amending_a_warning_and_a_dissuasion() throws {
        let f = try Fixture()
        let warn = try f.run(ReceiveFraudWarning(level: .low, target: "李家", phone: "13800138000"))
        let dissuade = try f.run(RecordDissuasion(warning: "F0001", by: Fixture.officer, method: .home, outcome: .dissuaded))
        try f.run(AmendEntry(event: try XCTUnwrap(warn.record?.id), reason: "等级录错", changes: ["level": "高"]))
        XCTAssertEqual(f.state.fraud.warning("F0001")?.level, .high)
        try f.run(VoidEntry(event: try XCTUnwrap(dissuade.record?.id), reason: "记错了人"))
        XCTAssertEqual(f.state.fraud.warning("F0001")?.status, .pending)
        XCTAssertEqual(f.state.fraudWarningsNeedingAction.map(\.id), ["F0001"])
    }

    @Test func test_warnings_and_links_survive_a_checkpoint_round_trip() throws {
        let f = try Fixture()
        try f.run(ListPerson(name: "张某", idNumber: Fixture.idNumber(), category: .released, residency: .presentRegistered,
                             cell: "C01", officer: Fixture.officer))
        try f.run(OpenDispute(category: .neighbour, parties: ["甲", "乙"], cell: "C01", summary: "噪音"))
        try f.run(LogIncident(cell: "C01", kind: .fight, summary: "推搡", person: "K0001"))
        try f.run(LinkIncident(incident: "I0001", dispute: "D2026-0001"))
        try f.run(ReceiveFraudWarning(level: .high, target: "王", person: "K0001", phone: "13800138000", note: "退款"))
        try f.run(RecordDissuasion(warning: "F0001", by: Fixture.officer, method: .phone, outcome: .unreachable))
        try f.run(RevealIDNumber(person: "K0001", purpose: "核对"))
        let bytes = f.state.checkpointBytes()
        let loaded = try bytes.withUnsafeBytes { try OfficeState(checkpointBytes: $0, policy: .standard) }
        XCTAssertEqual(loaded.fraud, f.state.fraud)
        XCTAssertEqual(loaded.reveals, f.state.reveals)
        XCTAssertEqual(loaded.incidents, f.state.incidents)
        XCTAssertEqual(loaded.incidents.incident("I0001")?.person, "K0001")
        XCTAssertEqual(loaded.incidents.incident("I0001")?.dispute, "D2026-0001")
    }
}
