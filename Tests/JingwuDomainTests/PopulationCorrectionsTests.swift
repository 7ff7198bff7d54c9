import Foundation
import JingwuJournal
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// Issue 19's last gaps (session 12): a 网格's 网格员 cleared, a 暂住登记's dates corrected, a 联户长
/// assignment voided — each an `EntryAmended` / `EntryVoided` of the record's own event (no new event
/// type), by `AmendEntry` directly or by the record's id (`AmendGrid`, `AmendResident`,
/// `VoidLeaderAssignment`); what makes no sense refused naming the field, the journal unchanged.
@Suite(.serialized) final class PopulationCorrectionsTests {
    /// G01 with a 网格员 by name, G02 with one on the roster (F1021), none on G03; C01 in G01 with
    /// B0001 (2 units): HH0001, HH0002 in 1单元, HH0003 in 2单元; R0001 暂住 in HH0001 until 12-10.
    /// 联户长 L0001 and L0002.
    private func fixture() throws -> Fixture {
        let f = try Fixture()
        try f.run(EnrollOfficer(badge: "L0001", name: "孙联户", role: .householdLeader))
        try f.run(EnrollOfficer(badge: "L0002", name: "钱联户", role: .householdLeader))
        try f.run(AddGrid(code: "G01", name: "花园网格", community: "戴花园社区", workerName: "周网格"))
        try f.run(AddGrid(code: "G02", name: "东村网格", community: "戴花园社区", worker: Fixture.auxiliary))
        try f.run(AddGrid(code: "G03", name: "学校网格", community: "戴花园社区"))
        let point = try XCTUnwrap(f.state.cells.cell("C01"))
        try f.run(AmendEntry(event: point.event, reason: "划入花园网格", changes: ["grid": "G01"]))
        try f.run(AddBuilding(name: "锦绣花园1号楼", cell: "C01", units: 2))
        try f.run(AddHousehold(building: "B0001", unit: 1, door: "101", address: "花园路12号1号楼1单元101"))
        try f.run(AddHousehold(building: "B0001", unit: 1, door: "102", address: "花园路12号1号楼1单元102"))
        try f.run(AddHousehold(building: "B0001", unit: 2, door: "201", address: "花园路12号1号楼2单元201"))
        try f.run(RegisterResident(household: "HH0001", name: "刘二", idNumber: Fixture.idNumber(), status: .temporary,
                                   stayFrom: time("2026-11-20T09:00:00+08:00"), stayUntil: time("2026-12-10T00:00:00+08:00")))
        return f
    }

    private func day(_ date: Date?) -> String? { date.map(LocalDay.format) }

    private func records(_ f: Fixture) throws -> [JournalRecord] {
        var all: [JournalRecord] = []
        try f.journal.replay(from: 0) { all.append($0) }
        return all
    }

    // MARK: 网格员 cleared

    @Test func test_a_grids_worker_is_cleared_by_an_empty_value_and_clearing_none_is_refused() throws {
        let f = try fixture()
        let g01 = try XCTUnwrap(f.state.population.grid("G01"))
        try f.run(AmendEntry(event: g01.event, reason: "网格员调走", changes: ["worker-name": ""]))
        XCTAssertNil(f.state.population.grid("G01")?.workerName)
        XCTAssertNil(f.state.population.grid("G01")?.worker)
        // Now there is none to clear: refused at the field, nothing written.
        f.assertRefused(AmendEntry(event: g01.event, reason: "再清", changes: ["worker-name": ""]), .nothingToClear, field: "worker-name")
        f.assertRefused(AmendEntry(event: g01.event, reason: "再清", changes: ["worker": " "]), .nothingToClear, field: "worker")
        // The roster 网格员 by the grid's code; then the by-id command with nothing left to clear.
        try f.run(AmendGrid(grid: "g02", clearWorker: true, reason: "不再担任网格员"))
        XCTAssertNil(f.state.population.grid("G02")?.worker)
        f.assertRefused(AmendGrid(grid: "G03", clearWorker: true, reason: "清除"), .nothingToClear, field: "worker")
        // Cleared and named at once: which was meant is asked, not guessed.
        f.assertRefused(AmendGrid(grid: "G02", worker: "031245", clearWorker: true, reason: "换人"), .invalid, field: "worker")
        f.assertRefused(AmendGrid(grid: "G99", clearWorker: true, reason: "清除"), .unknownRecord, field: "grid")
        // A name is still required: emptied, it is refused (only the 网格员 fields clear).
        f.assertRefused(AmendGrid(grid: "G02", name: "", reason: "改名"), .required, field: "name")
        // And a 网格员 can be given again afterwards.
        try f.run(AmendGrid(grid: "G01", worker: Fixture.auxiliary, reason: "新配网格员"))
        XCTAssertEqual(f.state.population.grid("G01")?.worker, Fixture.auxiliary)
        // The journal holds the clearing as written: an empty value.
        let amend = try XCTUnwrap(try records(f).last { $0.type == "EntryAmended" && String(decoding: $0.data, as: UTF8.self).contains("不再担任") })
        XCTAssertTrue(String(decoding: amend.data, as: UTF8.self).contains(#""changes":{"worker":""}"#), String(decoding: amend.data, as: UTF8.self))
    }

    @Test func test_an_auxiliary_clears_only_a_grid_they_recorded() throws {
        let f = try fixture()
        try f.run(AddGrid(code: "G04", name: "辅警网格", community: "戴花园社区", workerName: "吴网格"), as: Fixture.auxiliary)
        f.assertRefused(AmendGrid(grid: "G01", clearWorker: true, reason: "清除"), as: Fixture.auxiliary, .forbidden, field: "event")
        try f.run(AmendGrid(grid: "G04", clearWorker: true, reason: "清除"), as: Fixture.auxiliary)
        XCTAssertNil(f.state.population.grid("G04")?.workerName)
    }

    // MARK: 暂住 dates

    @Test func test_a_stays_dates_are_corrected_and_an_expiry_before_its_start_is_refused_naming_the_field() throws {
        let f = try fixture()
        try f.run(AmendResident(resident: "r0001", stayUntil: time("2027-05-31T12:00:00+08:00"), reason: "续办暂住登记"))
        XCTAssertEqual(day(f.state.population.resident("R0001")?.stayUntil), "2027-05-31")
        XCTAssertEqual(day(f.state.population.resident("R0001")?.stayFrom), "2026-11-20")
        let event = try XCTUnwrap(f.state.population.resident("R0001")?.event)
        // An expiry before the start, typed as the expiry: refused at stay-until.
        f.assertRefused(AmendEntry(event: event, reason: "改", changes: ["stay-until": "2026-11-19"]), .endBeforeStart, field: "stay-until")
        // A start after the expiry, typed as the start: refused at stay-from.
        f.assertRefused(AmendEntry(event: event, reason: "改", changes: ["stay-from": "2027-06-01"]), .endBeforeStart, field: "stay-from")
        // Both at once, the expiry first: named at the expiry.
        f.assertRefused(AmendEntry(event: event, reason: "改", changes: ["stay-from": "2027-01-02", "stay-until": "2027-01-01"]),
                        .endBeforeStart, field: "stay-until")
        f.assertRefused(AmendEntry(event: event, reason: "改", changes: ["stay-until": "2027-02-30"]), .invalid, field: "stay-until")
        f.assertRefused(AmendEntry(event: event, reason: "改", changes: ["stay-until": ""]), .required, field: "stay-until")
        // The same day as the start is a whole day's stay: taken.
        try f.run(AmendEntry(event: event, reason: "当天离开", changes: ["stay-until": "2026-11-20"]))
        XCTAssertEqual(day(f.state.population.resident("R0001")?.stayUntil), "2026-11-20")
        XCTAssertEqual(f.state.expiringStays(now: time("2026-11-23T08:00:00+08:00"), days: 30).map(\.resident.id), ["R0001"])
    }

    @Test func test_stay_dates_only_for_a_temporary_resident_and_a_change_to_temporary_needs_an_expiry() throws {
        let f = try fixture()
        try f.run(RegisterResident(household: "HH0002", name: "刘三", idNumber: Fixture.idNumber("11010519800101124"),
                                   status: .presentRegistered))
        let event = try XCTUnwrap(f.state.population.resident("R0002")?.event)
        f.assertRefused(AmendEntry(event: event, reason: "改", changes: ["stay-until": "2027-01-01"]), .invalid, field: "stay-until")
        f.assertRefused(AmendResident(resident: "R0002", status: .temporary, reason: "改为暂住"), .required, field: "stay-until")
        // To 暂住 with an expiry: the start is the day of the change (as at registration, the day registered).
        try f.run(AmendResident(resident: "R0002", status: .temporary, stayUntil: time("2027-05-22T00:00:00+08:00"), reason: "改为暂住"))
        let r = try XCTUnwrap(f.state.population.resident("R0002"))
        XCTAssertEqual(r.status, .temporary)
        XCTAssertEqual(day(r.stayFrom), "2026-11-23")
        XCTAssertEqual(day(r.stayUntil), "2027-05-22")
        // Back to 人在户在: a date given with it is refused; the status alone is taken.
        f.assertRefused(AmendResident(resident: "R0002", status: .presentRegistered, stayUntil: time("2027-06-01T00:00:00+08:00"),
                                      reason: "改回"), .invalid, field: "stay-until")
        try f.run(AmendResident(resident: "R0002", status: .presentRegistered, reason: "改回"))
        XCTAssertEqual(f.state.population.resident("R0002")?.status, .presentRegistered)
        f.assertRefused(AmendResident(resident: "R0099", stayUntil: time("2027-06-01T00:00:00+08:00"), reason: "改"),
                        .unknownRecord, field: "resident")
    }

    @Test func test_corrected_dates_fold_the_same_from_the_journal() throws {
        let f = try fixture()
        try f.run(AmendResident(resident: "R0001", stayFrom: time("2026-11-21T00:00:00+08:00"),
                                stayUntil: time("2027-03-01T00:00:00+08:00"), reason: "按证件更正"))
        let replayed = try Office(journal: f.journal, clock: f.clock, policy: .standard)
        XCTAssertEqual(replayed.state.population.resident("R0001"), f.state.population.resident("R0001"))
        XCTAssertEqual(day(replayed.state.population.resident("R0001")?.stayFrom), "2026-11-21")
        XCTAssertEqual(day(replayed.state.population.resident("R0001")?.stayUntil), "2027-03-01")
    }

    // MARK: 联户长 assignment voided

    @Test func test_voiding_an_assignment_gives_its_units_back_to_the_earlier_leader_or_none() throws {
        let f = try fixture()
        try f.run(AssignHouseholdLeader(leader: "L0001", units: ["B0001-1", "B0001-2"]))
        try f.run(AssignHouseholdLeader(leader: "L0002", units: ["B0001-1"]))
        XCTAssertEqual(f.state.population.unitLeader["B0001-1"], "L0002")
        XCTAssertEqual(f.state.leaderAssignments(unit: "B0001-1").map(\.leader), ["L0001", "L0002"])
        // The one in effect (L0002's) is voided: the unit goes back to L0001.
        try f.run(VoidLeaderAssignment(unit: "b0001-1", reason: "指定错了"))
        XCTAssertEqual(f.state.population.unitLeader["B0001-1"], "L0001")
        XCTAssertEqual(try records(f).last?.type, "EntryVoided")
        // L0001's by leader: both units now without one.
        try f.run(VoidLeaderAssignment(unit: "B0001-2", leader: "L0001", reason: "联户长辞任"))
        XCTAssertNil(f.state.population.unitLeader["B0001-1"])
        XCTAssertEqual(f.state.unitsWithoutLeader(["B0001-1", "B0001-2"]), ["B0001-1", "B0001-2"])
        // Nothing left to void: refused at the unit; an unknown unit, another leader, neither given.
        f.assertRefused(VoidLeaderAssignment(unit: "B0001-1", reason: "再作废"), .noAssignment, field: "units")
        f.assertRefused(VoidLeaderAssignment(unit: "B0001-9", reason: "作废"), .unknownRecord, field: "units")
        try f.run(AssignHouseholdLeader(leader: "L0001", households: ["HH0003"]))
        f.assertRefused(VoidLeaderAssignment(household: "HH0003", leader: "L0002", reason: "作废"), .notLeaderOf, field: "leader")
        f.assertRefused(VoidLeaderAssignment(household: "HH0002", reason: "作废"), .noAssignment, field: "household")
        f.assertRefused(VoidLeaderAssignment(reason: "作废"), .required, field: "units")
        f.assertRefused(VoidLeaderAssignment(household: "HH0003", reason: " "), .required, field: "reason")
        try f.run(VoidLeaderAssignment(household: "HH0003", reason: "作废"))
        XCTAssertNil(f.state.population.householdLeader["HH0003"])
    }

    @Test func test_an_auxiliary_voids_only_an_assignment_they_recorded() throws {
        let f = try fixture()
        try f.run(AssignHouseholdLeader(leader: "L0001", units: ["B0001-1"]))
        f.assertRefused(VoidLeaderAssignment(unit: "B0001-1", reason: "作废"), as: Fixture.auxiliary, .forbidden, field: "event")
        try f.run(AssignHouseholdLeader(leader: "L0002", units: ["B0001-2"]), as: Fixture.auxiliary)
        try f.run(VoidLeaderAssignment(unit: "B0001-2", reason: "作废"), as: Fixture.auxiliary)
        XCTAssertNil(f.state.population.unitLeader["B0001-2"])
    }
}
