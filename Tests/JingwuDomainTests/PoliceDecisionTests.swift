import Foundation
import JingwuJournal
import JingwuResources
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// Issue 15: police decisions need police (带回/移交, 受案, 警情不实), a shift names its
/// 带班民警 and a key person's 责任民警 is police. Refusals name the field, exit 77 (who asks)
/// or 65 (who is named), and leave the journal byte-for-byte unchanged; records written
/// before these rules still replay.
@Suite(.serialized) final class PoliceDecisionTests {
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
            XCTAssertTrue(zh.contains(Strings(.zh).text("domain.field." + field)), zh, file: file, line: line)
            XCTAssertTrue(zh.contains("辅警") && zh.contains("须由民警办理"), zh, file: file, line: line)
            let en = error.localizedMessage(Strings(.en))
            XCTAssertTrue(en.contains(Strings(.en).text("access.action." + action)), en, file: file, line: line)
        }
        XCTAssertEqual(f.journal.fileBytes, before, "the journal changed", file: file, line: line)
        XCTAssertEqual(f.state, state, "the state changed", file: file, line: line)
    }

    @Test func test_an_auxiliary_may_not_take_in_or_hand_over_from_a_stop_check_but_records_the_other_outcomes() throws {
        let f = try Fixture()
        let patrol = try XCTUnwrap(try f.run(StartPatrol(mode: .foot, lead: Fixture.auxiliary), as: Fixture.auxiliary).entityID)
        assertForbidden(f, RecordStopCheck(patrol: patrol, subject: .person, outcome: .handedOver, note: "身份存疑"),
                        action: "stop-check-outcome", field: "outcome")
        try f.run(RecordStopCheck(patrol: patrol, subject: .person, outcome: .released), as: Fixture.auxiliary)
        try f.run(RecordStopCheck(patrol: patrol, subject: .vehicle, outcome: .registered), as: Fixture.auxiliary)
        // The police officer records 带回 on the same patrol.
        try f.run(RecordStopCheck(patrol: patrol, subject: .person, outcome: .handedOver, note: "带回核查"))
        XCTAssertEqual(f.state.patrols.stopChecks.map(\.outcome), [.released, .registered, .handedOver])
        XCTAssertEqual(f.state.author(of: f.state.patrols.stopChecks[2].event), Fixture.officer)
    }

    @Test func test_an_auxiliary_may_not_close_an_incident_as_case_filed_or_unfounded_but_may_otherwise() throws {
        let f = try Fixture()
        for _ in 0..<4 { try f.run(LogIncident(cell: "C01", kind: .theft, summary: "电动车被盗"), as: Fixture.auxiliary) }
        assertForbidden(f, CloseIncident(incident: "I0001", disposition: .caseFiled), action: "incident-disposition",
                        field: "disposition")
        assertForbidden(f, CloseIncident(incident: "I0001", disposition: .unfounded), action: "incident-disposition",
                        field: "disposition")
        try f.run(CloseIncident(incident: "I0001", disposition: .handled), as: Fixture.auxiliary)
        try f.run(CloseIncident(incident: "I0002", disposition: .mediated), as: Fixture.auxiliary)
        try f.run(CloseIncident(incident: "I0003", disposition: .referred), as: Fixture.auxiliary)
        try f.run(CloseIncident(incident: "I0004", disposition: .caseFiled))
        XCTAssertEqual(f.state.incidents.incidents.map(\.disposition), [.handled, .mediated, .referred, .caseFiled])
    }

    @Test func test_an_auxiliary_may_not_amend_their_own_entry_into_a_police_decision() throws {
        let f = try Fixture()
        let patrol = try XCTUnwrap(try f.run(StartPatrol(mode: .foot, lead: Fixture.auxiliary), as: Fixture.auxiliary).entityID)
        let check = try XCTUnwrap(try f.run(RecordStopCheck(patrol: patrol, subject: .person, outcome: .released),
                                            as: Fixture.auxiliary).record?.id)
        try f.run(LogIncident(cell: "C01", kind: .help, summary: "求助"), as: Fixture.auxiliary)
        let closed = try XCTUnwrap(try f.run(CloseIncident(incident: "I0001", disposition: .handled), as: Fixture.auxiliary).record?.id)
        assertForbidden(f, AmendEntry(event: check, reason: "改", changes: ["outcome": "handed-over"]),
                        action: "stop-check-outcome", field: "outcome")
        assertForbidden(f, AmendEntry(event: closed, reason: "改", changes: ["disposition": "警情不实"]),
                        action: "incident-disposition", field: "disposition")
        // Other amendments of their own entries stay theirs to make; a police officer may make these.
        try f.run(AmendEntry(event: check, reason: "补充", changes: ["outcome": "registered"]), as: Fixture.auxiliary)
        try f.run(AmendEntry(event: closed, reason: "核实", changes: ["disposition": "unfounded"]))
        XCTAssertEqual(f.state.incidents.incident("I0001")?.disposition, .unfounded)
    }

    @Test func test_the_console_is_told_which_choices_an_auxiliary_may_make() throws {
        let f = try Fixture()
        let state = f.state
        XCTAssertFalse(Roles.allows(CloseIncident(incident: "I0001", disposition: .caseFiled), by: Fixture.auxiliary, state: state))
        XCTAssertTrue(Roles.allows(CloseIncident(incident: "I0001", disposition: .handled), by: Fixture.auxiliary, state: state))
        XCTAssertTrue(Roles.allows(CloseIncident(incident: "I0001", disposition: .caseFiled), by: Fixture.officer, state: state))
        XCTAssertFalse(Roles.allows(RecordStopCheck(patrol: "P0001", subject: .item, outcome: .handedOver),
                                    by: Fixture.auxiliary, state: state))
    }

    @Test func test_a_key_persons_responsible_officer_is_police_at_listing_and_at_a_change() throws {
        let f = try Fixture()
        f.assertRefused(ListPerson(name: "张某", idNumber: Fixture.idNumber(), category: .released, residency: .presentRegistered,
                                   cell: "C01", officer: Fixture.auxiliary), .policeRequired, field: "officer")
        f.assertRefused(ListPerson(name: "张某", idNumber: Fixture.idNumber(), category: .released, residency: .presentRegistered,
                                   cell: "C01", officer: Fixture.volunteer), .policeRequired, field: "officer")
        let listed = try XCTUnwrap(try f.run(ListPerson(name: "张某", idNumber: Fixture.idNumber(), category: .released,
                                                        residency: .presentRegistered, cell: "C01",
                                                        officer: Fixture.officer)).record?.id)
        f.assertRefused(AmendEntry(event: listed, reason: "换人", changes: ["officer": Fixture.auxiliary]), .policeRequired,
                        field: "officer")
        try f.run(AmendEntry(event: listed, reason: "换人", changes: ["officer": Fixture.nextOfficer]))
        XCTAssertEqual(f.state.persons.person("K0001")?.officer, Fixture.nextOfficer)
        let message = DomainError(.policeRequired, field: "officer", value: Fixture.auxiliary, ["role": "auxiliary"])
            .localizedMessage(Strings(.zh))
        XCTAssertTrue(message.contains("责任民警") && message.contains("辅警") && message.contains(Fixture.auxiliary), message)
    }

    @Test func test_a_shift_names_its_lead_police_officer_who_must_be_police() throws {
        let f = try Fixture()
        f.assertRefused(OpenShift(duty: Fixture.auxiliary, leadPolice: Fixture.volunteer), as: Fixture.auxiliary,
                        .policeRequired, field: "lead-police")
        try f.run(OpenShift(duty: Fixture.auxiliary, template: "night", leadPolice: "031245"), as: Fixture.auxiliary)
        let shift = try XCTUnwrap(f.state.shifts.current)
        XCTAssertEqual(shift.leadPolice, Fixture.officer)
        XCTAssertTrue(f.state.hasPoliceOnDuty(shift))
        // Handed over and acknowledged: the next shift names its own.
        try f.run(HandOverShift(to: Fixture.nextOfficer, notes: "平稳"), as: Fixture.auxiliary)
        try f.run(AcknowledgeShift(by: Fixture.nextOfficer), as: Fixture.nextOfficer)
        XCTAssertNil(f.state.shifts.current?.leadPolice)
        XCTAssertTrue(f.state.hasPoliceOnDuty(try XCTUnwrap(f.state.shifts.current)))  // on duty themselves
    }

    @Test func test_a_shift_with_no_police_on_duty_or_on_call_says_so() throws {
        let f = try Fixture()
        try f.run(OpenShift(duty: Fixture.auxiliary), as: Fixture.auxiliary)
        XCTAssertFalse(f.state.hasPoliceOnDuty(try XCTUnwrap(f.state.shifts.current)))
    }

    @Test func test_the_printed_handover_says_no_police_on_duty_in_every_format_and_names_the_lead_police_officer() throws {
        let f = try Fixture()
        try f.run(OpenShift(duty: Fixture.auxiliary, template: "night"), as: Fixture.auxiliary)
        let now = f.clock.now().addingTimeInterval(3600)
        func rendered(_ format: ReportOutputFormat) throws -> String {
            let shift = try XCTUnwrap(f.state.shifts.current)
            let report = try XCTUnwrap(f.state.handoverReport(shift: shift.id, now: now))
            return ReportRenderer.render(ReportBuilder(state: f.state, strings: Strings(.zh), now: now).handover(report), as: format)
        }
        // Text, Markdown and CSV say it in words; JSON carries it as a flag (its figures are codes).
        for format in ReportOutputFormat.allCases {
            let text = try rendered(format)
            XCTAssertTrue(text.contains(format == .json ? #""noPoliceOnDuty":true"# : "本班无民警在岗"), "\(format): \(text)")
            XCTAssertFalse(text.contains("带班民警"), "\(format)")
            XCTAssertFalse(text.contains("值班民警"), "\(format): an auxiliary on duty is not a 民警")
        }
        // The next shift names its 带班民警: the warning goes, the officer is named.
        try f.run(HandOverShift(to: Fixture.auxiliary2(f), notes: "平稳"), as: Fixture.auxiliary)
        try f.run(AcknowledgeShift(by: "F1022", leadPolice: "王建国"), as: "F1022")
        for format in ReportOutputFormat.allCases {
            let text = try rendered(format)
            XCTAssertFalse(text.contains("本班无民警在岗") || text.contains("noPoliceOnDuty"), "\(format): \(text)")
            XCTAssertTrue(format == .json ? text.contains(#""leadPolice":"031245""#)
                                          : text.contains("带班民警") && text.contains("王建国"), "\(format): \(text)")
        }
    }

    /// A journal written before these rules (a 辅警 责任民警, a 受案 by an auxiliary, a version 1
    /// ShiftOpened) still replays: the rules are checked at the write, not at replay.
    @Test func test_records_written_before_the_rules_still_replay() throws {
        let clock = TestClock("2026-11-23T08:00:00+08:00")
        let journal = MemoryJournal(station: "花园派出所", office: "戴花园警务室", clock: clock)
        func append(_ type: String, _ version: Int, _ by: String, _ json: String) throws {
            _ = try journal.append { _ in [EventDraft(type: type, version: version, at: clock.now(), by: by, data: Data(json.utf8))] }
        }
        try append("OfficerEnrolled", 1, "031245", #"{"badge":"031245","name":"王建国","role":"police"}"#)
        try append("OfficerEnrolled", 1, "031245", #"{"badge":"F1021","name":"李辅","role":"auxiliary"}"#)
        try append("CellAdded", 1, "031245", #"{"code":"C01","name":"一区","community":"戴花园社区","kind":"compound","keySite":false}"#)
        try append("ShiftOpened", 1, "F1021", #"{"shift":"S0001","duty":"F1021","team":[]}"#)
        try append("PersonListed", 1, "031245",
                   #"{"person":"K0001","name":"张某","idNumber":"\#(Fixture.idNumber())","category":"released","residency":"present-registered","cell":"C01","officer":"F1021"}"#)
        try append("IncidentLogged", 2, "F1021", #"{"incident":"I0001","cell":"C01","kind":"theft","summary":"被盗","source":"110"}"#)
        try append("IncidentClosed", 1, "F1021", #"{"incident":"I0001","disposition":"case-filed"}"#)
        let office = try Office(journal: journal, clock: clock, policy: .standard)
        XCTAssertEqual(office.state.persons.person("K0001")?.officer, "F1021")
        XCTAssertEqual(office.state.incidents.incident("I0001")?.disposition, .caseFiled)
        XCTAssertNil(office.state.shifts.current?.leadPolice)
        XCTAssertEqual(office.state.unknownRecords, 1)  // the header
    }
}

extension Fixture {
    /// A second auxiliary, F1022, enrolled on first use.
    static func auxiliary2(_ f: Fixture) throws -> String {
        if f.state.officers.officer("F1022") == nil {
            try f.run(EnrollOfficer(badge: "F1022", name: "赵辅", role: .auxiliary))
        }
        return "F1022"
    }
}
