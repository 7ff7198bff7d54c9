import Foundation
import JingwuJournal
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// The demo follows the police/auxiliary rules and its text never contradicts its data
/// (issue 15): handover notes, patrol logs, visit findings and stop-check notes say what
/// the records say; police decisions are made by police; every shift has a 民警 on duty or on call.
@Suite(.serialized) final class DemoConsistencyTests {
    private let now = RFC3339.parse("2026-11-23T09:30:00+08:00")!

    /// The district and every draft it wrote, in order (generated once per test process, shared:
    /// see `DemoFixture`, which also checks that no command was refused). No test here looks at the
    /// communities' registers: `registers` is false where no other test needs that district with them.
    private func generate(days: Int, seed: UInt64, offices: Int = 1, registers: Bool) throws -> (DemoDistrict, [EventDraft]) {
        let fixture = try DemoFixture.shared(days: days, seed: seed, offices: offices, registers: registers)
        return (fixture.district, fixture.drafts)
    }

    private func decode(_ draft: EventDraft) throws -> DomainEvent? {
        try EventRegistry.decode(type: draft.type, version: draft.version, data: draft.data, decoder: JSONDecoder())
    }

    @Test func test_handover_notes_claim_all_incidents_handled_only_when_none_is_open() throws {
        // Three seeds, districts other tests take too (none generated for this test alone).
        for (days, seed, registers): (Int, UInt64, Bool) in [(30, 3, false), (30, 5, true), (40, 11, true)] {
            let (district, drafts) = try generate(days: days, seed: seed, registers: registers)
            var open = Set<String>()
            var claims = 0, reported = 0
            for draft in drafts {
                switch try decode(draft) {
                case .incidentLogged(let e)?: open.insert(e.incident)
                case .incidentClosed(let e)?: open.remove(e.incident)
                case .shiftHandedOver(let e)?:
                    if e.notes.contains("均已处置") {
                        claims += 1
                        XCTAssertTrue(open.isEmpty, "seed \(seed) \(e.shift): 「\(e.notes)」 while \(open.sorted()) open")
                    } else {
                        reported += 1
                        // Any other note names every open incident's count.
                        XCTAssertFalse(open.isEmpty, "seed \(seed) \(e.shift): 「\(e.notes)」 with none open")
                        XCTAssertTrue(e.notes.contains("未结警情\(open.count)起"), "seed \(seed) \(e.shift): 「\(e.notes)」 \(open.count)")
                    }
                default: break
                }
            }
            XCTAssertGreaterThan(claims + reported, 50)
            _ = district
        }
    }

    @Test func test_patrol_logs_say_what_the_patrol_recorded() throws {
        let (district, _) = try generate(days: 30, seed: 5, registers: true)
        let state = district.writer.state
        var night = 0
        for patrol in state.patrols.patrols where !patrol.voided {
            guard let summary = patrol.summary else { continue }
            let hazards = patrol.hazards.map { state.patrols.hazards[$0] }.filter { !$0.voided }
            let checks = patrol.stopChecks.map { state.patrols.stopChecks[$0] }.filter { !$0.voided }
            if summary.contains("夜间") {
                night += 1
                XCTAssertTrue(state.policy.isNight(patrol.startedAt), "\(patrol.id) 「\(summary)」 started \(patrol.startedAt)")
            }
            XCTAssertEqual(summary.contains("隐患"), !hazards.isEmpty, "\(patrol.id) 「\(summary)」 \(hazards.count) hazards")
            XCTAssertEqual(summary.contains("盘查"), !checks.isEmpty, "\(patrol.id) 「\(summary)」 \(checks.count) stop-checks")
            XCTAssertFalse(summary.contains("已处置") && hazards.contains { $0.clearance == nil && $0.at < patrol.endedAt! },
                           "\(patrol.id) claims hazards handled")
        }
        XCTAssertGreaterThan(night, 0)
    }

    @Test func test_visit_findings_fit_the_method_and_the_category() throws {
        let (district, _) = try generate(days: 60, seed: 5, registers: true)
        let state = district.writer.state
        let visits = state.persons.visits.filter { !$0.voided }
        XCTAssertGreaterThan(visits.count, 30)
        for visit in visits {
            let text = visit.findings
            switch visit.method {
            case .phone:
                for word in ["见到", "见面", "上门", "家中无人", "在家", "到警务室"] {
                    XCTAssertFalse(text.contains(word), "phone visit to \(visit.person): 「\(text)」")
                }
            case .home, .workplace, .office:
                XCTAssertFalse(text.contains("电话"), "\(visit.method) visit to \(visit.person): 「\(text)」")
            }
            let category = state.persons.person(visit.person)?.category
            if text.contains("服药") { XCTAssertEqual(category, .mentalHealth, "「\(text)」 for \(visit.person)") }
            if text.contains("按时报到") { XCTAssertEqual(category, .correction, "「\(text)」 for \(visit.person)") }
        }
    }

    @Test func test_stop_check_notes_fit_the_subject_and_the_outcome() throws {
        let (district, _) = try generate(days: 30, seed: 5, registers: true)
        let checks = district.writer.state.patrols.stopChecks.filter { !$0.voided }
        XCTAssertGreaterThan(checks.count, 10)
        for check in checks {
            let note = check.note ?? ""
            if check.subject != .vehicle { XCTAssertFalse(note.contains("车辆") || note.contains("电动车"), "\(check.subject): 「\(note)」") }
            if check.subject == .vehicle { XCTAssertFalse(note.contains("身份"), "vehicle: 「\(note)」") }
            if check.outcome != .released { XCTAssertFalse(note.contains("放行") || note.contains("无异常"), "\(check.outcome): 「\(note)」") }
            if check.outcome != .handedOver { XCTAssertFalse(note.contains("带回") || note.contains("移交"), "\(check.outcome): 「\(note)」") }
        }
    }

    @Test func test_police_decisions_are_made_by_police_and_stop_checks_have_police_on_the_patrol() throws {
        let (district, drafts) = try generate(days: 30, seed: 7, registers: false)
        let state = district.writer.state
        func isPolice(_ badge: String) -> Bool { state.officers.officer(badge)?.role == .police }
        var handedOver = 0, policeDispositions = 0
        for draft in drafts {
            switch try decode(draft) {
            case .stopCheckConducted(let e)?:
                let patrol = try XCTUnwrap(state.patrols.patrol(e.patrol))
                XCTAssertTrue(([patrol.lead] + patrol.members).contains(where: isPolice), "\(e.patrol) stop-checks without a 民警")
                if e.outcome == .handedOver {
                    handedOver += 1
                    XCTAssertTrue(isPolice(draft.by), "带回/移交 on \(e.patrol) recorded by \(draft.by)")
                }
            case .incidentClosed(let e)?:
                if Roles.policeOnly(e.disposition) {
                    policeDispositions += 1
                    XCTAssertTrue(isPolice(draft.by), "\(e.incident) \(e.disposition) by \(draft.by)")
                }
            case .disputeResolved?, .disputeReferred?, .disputeClosed?, .personDelisted?:
                XCTAssertTrue(isPolice(draft.by), "\(draft.type) by \(draft.by)")
            case .personListed(let e)?:
                XCTAssertTrue(isPolice(e.officer), "\(e.person) 责任民警 \(e.officer)")
            default: break
            }
        }
        XCTAssertGreaterThan(policeDispositions, 0)
        _ = handedOver
    }

    @Test func test_every_shift_has_a_police_officer_on_duty_or_on_call_and_the_community_officer_keeps_off_the_desk() throws {
        for offices in [1, 7] {
            let (district, _) = try generate(days: offices == 1 ? 30 : 3, seed: 3, offices: offices, registers: false)
            let state = district.writer.state
            func isPolice(_ badge: String) -> Bool { state.officers.officer(badge)?.role == .police }
            let shifts = state.shifts.shifts.filter { !$0.voided }
            XCTAssertGreaterThan(shifts.count, offices == 1 ? 55 : 4)
            for shift in shifts {
                XCTAssertTrue(isPolice(shift.duty) || shift.leadPolice.map(isPolice) == true || shift.team.contains(where: isPolice),
                              "\(shift.id) has no 民警")
                // 「小區民警不參與派出所值班」: the community officer (the demo's operator) is never on desk duty.
                XCTAssertNotEqual(shift.duty, DemoDistrict.demoOperator, "\(shift.id)")
                if shift.template == "night" { XCTAssertNotNil(shift.leadPolice, "\(shift.id) night without on-call 民警") }
            }
        }
    }

    @Test func test_fraud_dissuasions_knock_on_no_door_at_night_and_their_notes_fit_the_method() throws {
        let (district, _) = try generate(days: 30, seed: 4, registers: false)
        let dissuasions = district.writer.state.fraud.warnings.flatMap(\.dissuasions).filter { !$0.voided }
        XCTAssertGreaterThan(dissuasions.count, 50)
        for d in dissuasions {
            let hour = OfficeTime.minuteOfDay(d.at) / 60
            let note = d.note ?? ""
            if d.method == .home { XCTAssertTrue((8..<21).contains(hour), "上门 at \(d.at): 「\(note)」") }
            if d.method == .phone { XCTAssertFalse(note.contains("上门"), "phone: 「\(note)」") }
            if d.method == .home { XCTAssertFalse(note.contains("电话"), "home: 「\(note)」") }
        }
    }

    @Test func test_mediations_and_hazard_clearances_happen_in_office_hours() throws {
        // The year DemoTests uses (generated once for both; a 120-day district of its own took 4 s).
        let (district, _) = try generate(days: 365, seed: 2, registers: false)
        let state = district.writer.state
        for dispute in state.disputes.disputes {
            for session in dispute.mediations {
                let hour = OfficeTime.minuteOfDay(session.at) / 60
                XCTAssertTrue((9...17).contains(hour), "\(dispute.id) mediation at \(session.at)")
            }
        }
        for hazard in state.patrols.hazards {
            guard let cleared = hazard.clearance else { continue }
            let hour = OfficeTime.minuteOfDay(cleared.at) / 60
            XCTAssertTrue((9...17).contains(hour), "\(hazard.id) cleared at \(cleared.at)")
        }
    }
}
