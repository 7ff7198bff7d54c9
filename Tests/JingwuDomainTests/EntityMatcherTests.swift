import Foundation
import JingwuJournal
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// Issue 15: `jingwu log --entity` and the journal browser find every short id; a hazard written
/// before `HazardFound` carried its id is found by its number in journal order.
@Suite(.serialized) final class EntityMatcherTests {
    @Test func test_an_old_hazard_without_its_id_is_found_by_its_place_and_so_is_its_correction() throws {
        let f = try Fixture()
        let patrol = try XCTUnwrap(f.run(StartPatrol(mode: .foot, lead: Fixture.officer)).entityID)
        // Two hazards as an older version wrote them (no `hazard` key): H0001 and H0002 by place.
        for note in ["旧版隐患一", "旧版隐患二"] {
            let data = try JSONSerialization.data(withJSONObject: ["cell": "C01", "category": "fire", "note": note,
                                                                   "patrol": patrol])
            _ = try f.journal.append { _ in
                [EventDraft(type: HazardFound.type, version: 1, at: f.clock.now(), by: Fixture.officer, data: data)]
            }
        }
        let reopened = try Office(journal: f.journal, clock: f.clock, policy: .standard)
        XCTAssertEqual(reopened.state.hazard("H0002")?.note, "旧版隐患二")
        let second = try XCTUnwrap(reopened.state.hazard("H0002")?.event)
        XCTAssertEqual(reopened.state.creatingEvent(ofShortID: "h0002"), second)
        try reopened.execute(VoidEntry(event: second, reason: "重复登记"), as: Fixture.officer)
        try reopened.execute(ReportHazard(patrol: patrol, cell: "ST01", note: "新版隐患"), as: Fixture.officer)  // H0003

        func matching(_ id: String) throws -> [String] {
            var matcher = EntityMatcher(id)
            var found: [String] = []
            try f.journal.replay(from: 1) { record in
                if matcher.matches(type: record.type, id: record.id, data: record.data) { found.append(record.type) }
            }
            return found
        }
        XCTAssertEqual(try matching("h0002"), ["HazardFound", "EntryVoided"])
        XCTAssertEqual(try matching("H0001"), ["HazardFound"])
        XCTAssertEqual(try matching("H0003"), ["HazardFound"])
        // The void corrects a hazard the patrol found: it is listed with the patrol too.
        XCTAssertEqual(try matching(patrol.lowercased()),
                       ["PatrolStarted", "HazardFound", "HazardFound", "EntryVoided", "HazardFound"])
        XCTAssertEqual(try matching(""), [])
    }

    @Test func test_a_badge_named_only_as_a_shifts_lead_police_is_found() throws {
        let f = try Fixture()
        // The auxiliary is on duty; 031288 is named only as the shift's 带班民警.
        try f.run(OpenShift(duty: Fixture.auxiliary, leadPolice: Fixture.nextOfficer), as: Fixture.auxiliary)
        var matcher = EntityMatcher(Fixture.nextOfficer)
        var found: [String] = []
        try f.journal.replay(from: 1) { record in
            if matcher.matches(type: record.type, id: record.id, data: record.data) { found.append(record.type) }
        }
        XCTAssertEqual(found, ["OfficerEnrolled", "ShiftOpened"])
    }
}
