import Foundation
import JingwuJournal
import JingwuResources
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// 接处警 (issue 20): the caller, the arrival, the dispositions a station uses, and 到场时长.
@Suite(.serialized) final class IncidentResponseTests {
    static func at(_ hhmm: String) -> String { "2026-11-23T\(hhmm):00+08:00" }

    /// An office at 09:00 with one incident received at 08:20 (entered afterwards).
    func fixture() throws -> Fixture {
        let f = try Fixture(now: Self.at("09:00"))
        try f.run(LogIncident(cell: "C01", kind: .fight, summary: "两人推搡", caller: " 刘女士 ", callerPhone: "+86 138-0013-8000"),
                  at: Self.at("08:20"), reason: "补录")
        return f
    }

    @Test func test_the_caller_is_kept_and_the_phone_stored_whole_and_shown_masked() throws {
        let f = try fixture()
        let n = try XCTUnwrap(f.state.incidents.incident("I0001"))
        XCTAssertEqual(n.caller, "刘女士")
        XCTAssertEqual(n.callerPhone, "13800138000")
        XCTAssertEqual(Privacy.maskPhone(try XCTUnwrap(n.callerPhone)), "138****8000", "masked as a warning's phone is")
        f.assertRefused(LogIncident(cell: "C01", kind: .help, summary: "求助", callerPhone: "138ab"), .invalid, field: "caller-phone")
        f.assertRefused(LogIncident(cell: "C01", kind: .help, summary: "求助", caller: String(repeating: "名", count: 200)),
                        .tooLong, field: "caller")
    }

    @Test func test_old_incident_lines_decode_without_a_caller() throws {
        for (version, data) in [(1, #"{"cell":"C01","incident":"I0001","kind":"theft","source":"110","summary":"被盗"}"#),
                                (2, #"{"cell":"C01","incident":"I0001","kind":"theft","person":"K0001","source":"110","summary":"被盗"}"#)] {
            let event = try EventRegistry.decode(type: "IncidentLogged", version: version, data: Data(data.utf8),
                                                 decoder: JSONDecoder())
            guard case .incidentLogged(let logged)? = event else { return XCTFail("v\(version) did not decode") }
            XCTAssertNil(logged.caller)
            XCTAssertNil(logged.callerPhone)
            XCTAssertEqual(logged.summary, "被盗")
        }
    }

    @Test func test_an_arrival_is_timed_from_the_call_and_refused_before_it_naming_the_field() throws {
        let f = try fixture()
        f.assertRefused(RecordArrival(incident: "I0001", officer: Fixture.auxiliary), at: Self.at("08:19"), reason: "补录",
                        .arrivedBeforeCall, field: "arrived")
        f.assertRefused(RecordArrival(incident: "I0009"), .unknownRecord, field: "incident")
        f.assertRefused(RecordArrival(incident: "I0001", officer: "NOBODY"), .unknownOfficer, field: "arrived-by")
        try f.run(RecordArrival(incident: "i0001", officer: Fixture.auxiliary), at: Self.at("08:27"), reason: "补录")
        let n = try XCTUnwrap(f.state.incidents.incident("I0001"))
        XCTAssertEqual(n.minutesToArrive, 7)
        XCTAssertEqual(n.arrivedBy, Fixture.auxiliary)
        f.assertRefused(RecordArrival(incident: "I0001"), .duplicate, field: "arrived")
        // Disposed of before the officer got there: refused at the close's time.
        f.assertRefused(CloseIncident(incident: "I0001", disposition: .mediated), at: Self.at("08:26"), reason: "补录",
                        .beforeStart, field: "at")
        try f.run(CloseIncident(incident: "I0001", disposition: .mediated), at: Self.at("08:40"), reason: "补录")
        XCTAssertEqual(f.state.incidents.incident("I0001")?.disposition, .mediated)
    }

    @Test func test_an_arrival_after_the_disposal_is_refused_and_the_operator_is_the_default_officer() throws {
        let f = try fixture()
        try f.run(CloseIncident(incident: "I0001", disposition: .unfounded), at: Self.at("08:30"), reason: "补录")
        f.assertRefused(RecordArrival(incident: "I0001"), at: Self.at("08:31"), reason: "补录", .arrivedAfterDisposal,
                        field: "arrived")
        try f.run(RecordArrival(incident: "I0001"), at: Self.at("08:30"), reason: "补录")
        XCTAssertEqual(f.state.incidents.incident("I0001")?.arrivedBy, Fixture.officer)
    }

    @Test func test_voiding_an_arrival_takes_it_back_and_the_officer_may_be_amended() throws {
        let f = try fixture()
        let arrival = try f.run(RecordArrival(incident: "I0001", officer: Fixture.auxiliary), at: Self.at("08:30"), reason: "补录")
        try f.run(AmendEntry(event: try XCTUnwrap(arrival.record?.id), reason: "记错了人", changes: ["officer": Fixture.officer]))
        XCTAssertEqual(f.state.incidents.incident("I0001")?.arrivedBy, Fixture.officer)
        try f.run(VoidEntry(event: try XCTUnwrap(arrival.record?.id), reason: "误录"))
        XCTAssertNil(f.state.incidents.incident("I0001")?.arrivedAt)
        XCTAssertNil(f.state.incidents.incident("I0001")?.minutesToArrive)
        try f.run(RecordArrival(incident: "I0001"), at: Self.at("08:32"), reason: "补录")
        XCTAssertEqual(f.state.incidents.incident("I0001")?.minutesToArrive, 12)
    }

    @Test func test_the_station_dispositions_and_who_may_record_them() throws {
        XCTAssertEqual(Set(IncidentDisposition.allCases.map(\.code)),
                       ["handled", "case-filed", "referred", "mediated", "unfounded", "security-mediation", "other"])
        let f = try fixture()
        try f.run(LogIncident(cell: "C01", kind: .dispute, summary: "噪音"))
        f.assertRefused(CloseIncident(incident: "I0001", disposition: .securityMediation), as: Fixture.auxiliary, .forbidden,
                        field: "disposition")
        try f.run(CloseIncident(incident: "I0001", disposition: .mediated), as: Fixture.auxiliary)
        try f.run(CloseIncident(incident: "I0002", disposition: .securityMediation))
        XCTAssertEqual(f.state.incidents.incident("I0002")?.disposition, .securityMediation)
    }

    @Test func test_the_caller_phone_is_revealed_only_with_a_recorded_look() throws {
        let f = try fixture()
        f.assertRefused(RevealCallerPhone(incident: "I0001", purpose: " "), .required, field: "purpose")
        try f.run(RevealCallerPhone(incident: "I0001", purpose: "回访报警人"))
        let look = try XCTUnwrap(f.state.access.phoneReveals(of: "I0001").last)
        XCTAssertEqual(look.by, Fixture.officer)
        XCTAssertEqual(look.purpose, "回访报警人")
        try f.run(LogIncident(cell: "C01", kind: .help, summary: "求助"))
        f.assertRefused(RevealCallerPhone(incident: "I0002", purpose: "回访"), .required, field: "caller-phone")
        f.assertRefused(RevealCallerPhone(incident: "I0001", purpose: "回访"), at: Self.at("08:59"), reason: "补录", .invalid,
                        field: "at")
    }

    /// Hand-worked: five incidents received 08:00–08:40, four reached after 4, 12, 7 and 30 minutes,
    /// one not reached. Sorted 4, 7, 12, 30: median (7 + 12) ÷ 2 = 9.5; within 10 minutes: 4 and 7,
    /// 2 of 4 = 50%; arrived 4 of 5.
    @Test func test_arrival_figures_hand_worked() throws {
        let f = try Fixture(now: Self.at("10:00"))
        for (received, arrived) in [("08:00", "08:04"), ("08:10", "08:22"), ("08:20", "08:27"), ("08:30", "09:00"),
                                    ("08:40", nil)] as [(String, String?)] {
            let id = try XCTUnwrap(try f.run(LogIncident(cell: "C01", kind: .theft, summary: "被盗"), at: Self.at(received),
                                             reason: "补录").entityID)
            if let arrived { try f.run(RecordArrival(incident: id), at: Self.at(arrived), reason: "补录") }
        }
        let figures = f.state.arrivalFigures(from: time(Self.at("08:00")), to: time(Self.at("10:00")), withinMinutes: 10)
        XCTAssertEqual(figures, ArrivalFigures(incidents: 5, arrived: 4, medianMinutes: 9.5, within: 2, withinMinutes: 10))
        // An arrival after the period's end is not counted in it.
        let early = f.state.arrivalFigures(from: time(Self.at("08:00")), to: time(Self.at("08:45")), withinMinutes: 10)
        XCTAssertEqual(early.arrived, 3)
        XCTAssertEqual(early.medianMinutes, 7)
        XCTAssertNil(ArrivalFigures.median([]))
        XCTAssertEqual(ArrivalFigures.median([9, 1, 5]), 5)
    }

    /// The handover lists the incidents still open with nobody recorded at the scene (交班时未记录到场的警情).
    @Test func test_the_handover_lists_open_incidents_with_no_arrival() throws {
        let f = try fixture()
        try f.run(LogIncident(cell: "C01", kind: .help, summary: "求助"), at: Self.at("08:30"), reason: "补录")
        try f.run(LogIncident(cell: "C01", kind: .theft, summary: "被盗"), at: Self.at("08:40"), reason: "补录")
        try f.run(RecordArrival(incident: "I0002"), at: Self.at("08:45"), reason: "补录")
        try f.run(CloseIncident(incident: "I0003", disposition: .unfounded), at: Self.at("08:50"), reason: "补录")
        let report = f.state.handoverReport(from: time(Self.at("08:00")), to: time(Self.at("09:00")), now: time(Self.at("09:00")))
        XCTAssertEqual(report.openIncidents.map(\.id), ["I0001", "I0002"])
        XCTAssertEqual(report.awaitingArrival.map(\.id), ["I0001"])
        XCTAssertEqual(report.sections.first { $0.key == .awaitingArrival }?.items, ["I0001"])
        // As it stood at 08:42: I0002 was not yet reached.
        let earlier = f.state.handoverReport(from: time(Self.at("08:00")), to: time(Self.at("08:42")), now: time(Self.at("09:00")))
        XCTAssertEqual(earlier.awaitingArrival.map(\.id), ["I0001", "I0002", "I0003"])
        let text = ReportRenderer.render(ReportBuilder(state: f.state, strings: Strings(.zh), now: time(Self.at("09:00")))
            .handover(report), as: .text)
        XCTAssertTrue(text.contains("■ 交班时未记录到场的警情（1）"), text)
    }

    @Test func test_callers_arrivals_and_outreach_survive_a_checkpoint_round_trip() throws {
        let f = try fixture()
        try f.run(RecordArrival(incident: "I0001", officer: Fixture.auxiliary), at: Self.at("08:30"), reason: "补录")
        try f.run(RecordOutreach(cell: "C01", place: "社区活动室", form: .lecture, audience: .residents, attendees: 40,
                                 households: 35, topic: "冒充客服"))
        let bytes = f.state.checkpointBytes()
        let loaded = try bytes.withUnsafeBytes { try OfficeState(checkpointBytes: $0, policy: .standard) }
        XCTAssertEqual(loaded, f.state)
        XCTAssertEqual(loaded.incidents.incident("I0001")?.minutesToArrive, 10)
        XCTAssertEqual(loaded.outreach.session("O0001")?.households, 35)
    }
}
