import Foundation
import JingwuJournal
import JingwuResources
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// Issue 19, part A: the grid level (网格 above the patrol points), places and households,
/// residents with the four-way status, rentals and 暂住登记, 联户长 assignment. Each rule
/// and each refusal (field named, journal unchanged).
@Suite(.serialized) final class PopulationTests {
    static let leader = "L0001"
    static let leader2 = "L0002"

    /// The fixture's office with two 网格, 联户长 on the roster, a building with 3 units and households.
    private func placed() throws -> Fixture {
        let f = try Fixture()
        try f.run(EnrollOfficer(badge: Self.leader, name: "孙联户", role: .householdLeader))
        try f.run(EnrollOfficer(badge: Self.leader2, name: "钱联户", role: .householdLeader))
        try f.run(AddGrid(code: "G01", name: "花园网格", community: "戴花园社区", worker: Fixture.auxiliary))
        try f.run(AddGrid(code: "G02", name: "东村网格", community: "戴花园社区", workerName: "周网格"))
        try f.run(AddCell(code: "C02", name: "花园二区", community: "戴花园社区", kind: .compound, grid: "g01"))
        try f.run(AddBuilding(name: "花园二区3号楼", cell: "C02", units: 3))
        for (unit, door) in [(1, "101"), (1, "102"), (2, "201"), (3, "301")] {
            try f.run(AddHousehold(building: "B0001", unit: unit, door: door, address: "花园路12号花园二区3号楼\(unit)单元\(door)"))
        }
        return f
    }

    // MARK: The grid level

    @Test func test_a_grid_has_its_worker_and_points_name_their_grid_the_others_fall_in_the_default_one() throws {
        let f = try placed()
        XCTAssertEqual(f.state.population.grid("G01")?.worker, Fixture.auxiliary)
        XCTAssertEqual(f.state.population.grid("G02")?.workerName, "周网格")
        XCTAssertEqual(f.state.cells.cell("C02")?.grid, "G01")
        let grids = f.state.grids()
        XCTAssertEqual(grids.map(\.ref.code), ["G01", "G02", nil])
        XCTAssertEqual(grids.map { $0.points.map(\.code) }, [["C02"], [], ["ST01", "C01", "V01"]])
        // Moving a point by amending its CellAdded (how an older journal's points leave the default 网格).
        let added = try XCTUnwrap(f.state.cells.cell("V01")?.event)
        try f.run(AmendEntry(event: added, reason: "划入东村网格", changes: ["grid": "g02"]))
        XCTAssertEqual(f.state.grids().map { $0.points.map(\.code) }, [["C02"], ["V01"], ["ST01", "C01"]])
        f.assertRefused(AmendEntry(event: added, reason: "错", changes: ["grid": "G09"]), .unknownRecord, field: "grid")
    }

    @Test func test_grid_and_point_refusals_name_the_field_and_leave_the_journal_unchanged() throws {
        let f = try placed()
        f.assertRefused(AddGrid(code: "g01", name: "重复", community: "戴花园社区"), .duplicate, field: "code")
        f.assertRefused(AddGrid(code: "C01", name: "与点位同号", community: "戴花园社区"), .duplicate, field: "code")
        f.assertRefused(AddGrid(code: "G03", name: " ", community: "戴花园社区"), .required, field: "name")
        f.assertRefused(AddGrid(code: "G03", name: "西区", community: ""), .required, field: "community")
        f.assertRefused(AddGrid(code: "G03", name: "西区", community: "戴花园社区", worker: "999"), .unknownOfficer, field: "worker")
        f.assertRefused(AddCell(code: "C09", name: "别处", community: "幸福社区", kind: .street, grid: "G01"),
                        .otherCommunity, field: "grid")
        f.assertRefused(AddCell(code: "C09", name: "别处", community: "戴花园社区", kind: .street, grid: "G09"),
                        .unknownRecord, field: "grid")
        f.assertRefused(AddCell(code: "G02", name: "与网格同号", community: "戴花园社区", kind: .street), .duplicate, field: "code")
        XCTAssertEqual(DomainError(.otherCommunity, field: "grid", value: "G01", ["community": "戴花园社区", "expected": "幸福社区"])
            .screenMessage(Strings(.zh)), "网格：G01 属于 戴花园社区，不是 幸福社区")
    }

    /// An old journal (the golden file: written before the grid level, its one CellAdded naming
    /// no 网格) folds to the same coverage by point as before, and the roll-up puts that point
    /// in its community's default 网格 with the same figures.
    @Test func test_an_old_journal_keeps_its_coverage_by_point_and_rolls_up_into_the_default_grid() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/events-v1.jsonl")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        var old = OfficeState(policy: .standard)
        var seq: UInt64 = 0
        let at = time("2026-11-23T09:00:00+08:00")
        // Only what a build before the grid level wrote: stop at the first new type.
        for line in lines {
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let type = try XCTUnwrap(object["type"] as? String)
            if type == GridAdded.type { break }
            let data = try JSONSerialization.data(withJSONObject: object["data"]!, options: [.sortedKeys])
            let event = try XCTUnwrap(try EventRegistry.decode(type: type, version: 1, data: data, decoder: JSONDecoder()))
            seq += 1
            old.apply(event, Envelope(id: UUID(), seq: seq, at: at.addingTimeInterval(Double(seq) * 60),
                                      recorded: at, by: "031245"))
        }
        let now = at.addingTimeInterval(6 * 3600)
        let byPoint = old.coverage(now: now)
        XCTAssertEqual(byPoint.map(\.cell.code), ["C01"])
        XCTAssertNil(byPoint[0].cell.grid)
        XCTAssertEqual(byPoint.map(\.status), [.covered])
        XCTAssertEqual(byPoint.map(\.windowHours), [24])
        let rolled = old.coverageByGrid(now: now)
        XCTAssertEqual(rolled.map(\.ref), [GridRef(community: "戴花园社区", code: nil)])
        XCTAssertEqual(rolled[0].points, byPoint)
        XCTAssertEqual([rolled[0].inWindow, rolled[0].gaps], [1, 0])
        // The whole golden file, new types included, folds without a refusal; G01 (from the file)
        // is listed, with no points (C01 names none), before the default 网格.
        var all = old
        for line in lines.dropFirst(Int(seq)) {
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let data = try JSONSerialization.data(withJSONObject: object["data"]!, options: [.sortedKeys])
            let event = try XCTUnwrap(try EventRegistry.decode(type: object["type"] as! String, version: 1, data: data,
                                                               decoder: JSONDecoder()))
            seq += 1
            all.apply(event, Envelope(id: UUID(), seq: seq, at: at, recorded: at, by: "031245"))
        }
        XCTAssertEqual(all.coverage(now: now), byPoint)
        XCTAssertEqual(all.coverageByGrid(now: now).map(\.ref.code), ["G01", nil])
        XCTAssertEqual(all.population.household("HH0001")?.address, "花园路12号花园一区3号楼2单元301")
        XCTAssertEqual(all.population.resident("R0001")?.stayUntil, time("2027-04-30T00:00:00+08:00"))
        XCTAssertEqual(all.population.leader(of: all.population.household("HH0001")!), "F1023")
    }

    @Test func test_a_demo_made_by_the_older_code_rolls_up_by_community_with_the_same_point_figures() throws {
        let demo = try DemoFixture.shared(days: 10, seed: 7)
        let state = demo.district.writer.state
        let now = state.patrols.checkIns.count > 0 ? state.patrols.checkIns[state.patrols.checkIns.count - 1].at : Date()
        let byPoint = state.coverage(now: now)
        let rolled = state.coverageByGrid(now: now)
        // Every point once, in some 网格 of its own community, with its coverage unchanged.
        let points = rolled.flatMap(\.points)
        XCTAssertEqual(points.count, byPoint.count)
        XCTAssertEqual(Set(points.map(\.cell.code)), Set(byPoint.map(\.cell.code)))
        for g in rolled {
            for p in g.points {
                XCTAssertEqual(p.cell.community, g.ref.community)
                XCTAssertEqual(p, byPoint.first { $0.cell.code == p.cell.code })
            }
        }
        XCTAssertEqual(rolled.map(\.inWindow).reduce(0, +), byPoint.filter { !$0.status.isGap }.count)
    }

    // MARK: Places and households

    @Test func test_households_need_an_address_and_a_unit_of_their_building() throws {
        let f = try placed()
        f.assertRefused(AddHousehold(building: "B0001", unit: 1, door: "103", address: "  "), .required, field: "address")
        f.assertRefused(AddHousehold(building: "B0001", unit: 4, door: "401", address: "花园路12号"), .invalid, field: "unit")
        f.assertRefused(AddHousehold(building: "B0009", unit: 1, door: "101", address: "花园路12号"), .unknownRecord,
                        field: "building")
        f.assertRefused(AddHousehold(building: "B0001", unit: 1, door: "101", address: "花园路12号"), .duplicate, field: "door")
        f.assertRefused(AddHousehold(building: "B0001", unit: 1, door: "", address: "花园路12号"), .required, field: "door")
        f.assertRefused(AddBuilding(name: "花园二区3号楼", cell: "C02", units: 2), .duplicate, field: "name")
        f.assertRefused(AddBuilding(name: "新楼", cell: "C99", units: 2), .unknownCell, field: "cell")
        f.assertRefused(AddBuilding(name: "新楼", cell: "C02", units: 0), .invalid, field: "units")
        XCTAssertEqual(f.state.population.households(in: "B0001").map(\.id), ["HH0001", "HH0002", "HH0003", "HH0004"])
    }

    @Test func test_residents_have_the_four_way_status_and_a_stay_ends_after_it_starts() throws {
        let f = try placed()
        try f.run(RegisterResident(household: "hh0001", name: "刘大", idNumber: Fixture.idNumber("11010519800101001"),
                                   status: .presentRegistered))
        try f.run(RegisterResident(household: "HH0001", name: "刘二", idNumber: Fixture.idNumber("11010519800101002"),
                                   status: .temporary, stayUntil: time("2026-12-10T00:00:00+08:00")))
        let stay = try XCTUnwrap(f.state.population.resident("R0002"))
        XCTAssertEqual(stay.stayFrom, time("2026-11-23T00:00:00+08:00"))
        XCTAssertEqual(stay.stayUntil, time("2026-12-10T00:00:00+08:00"))
        f.assertRefused(RegisterResident(household: "HH0001", name: "刘三", idNumber: Fixture.idNumber("11010519800101003"),
                                         status: .temporary, stayFrom: time("2026-11-20T00:00:00+08:00"),
                                         stayUntil: time("2026-11-19T00:00:00+08:00")), .endBeforeStart, field: "stay-until")
        f.assertRefused(RegisterResident(household: "HH0001", name: "刘三", idNumber: Fixture.idNumber("11010519800101003"),
                                         status: .temporary), .required, field: "stay-until")
        f.assertRefused(RegisterResident(household: "HH0001", name: "刘三", idNumber: Fixture.idNumber("11010519800101003"),
                                         status: .presentRegistered, stayUntil: time("2026-12-10T00:00:00+08:00")),
                        .invalid, field: "stay-until")
        f.assertRefused(RegisterResident(household: "HH0001", name: "刘三", idNumber: "110105198001010031",
                                         status: .presentRegistered), .idNumberCheckDigit, field: "id-number")
        f.assertRefused(RegisterResident(household: "HH0001", name: "刘三", idNumber: Fixture.idNumber("11010519800101001"),
                                         status: .presentRegistered), .duplicate, field: "id-number")
        f.assertRefused(RegisterResident(household: "HH0009", name: "刘三", idNumber: Fixture.idNumber("11010519800101003"),
                                         status: .presentRegistered), .unknownRecord, field: "household")
        XCTAssertEqual(DomainError(.endBeforeStart, field: "stay-until", value: "2026-11-19", ["start": "2026-11-20"])
            .screenMessage(Strings(.zh)), "暂住到期日：到期日 2026-11-19 早于起始日 2026-11-20")
        // The duplicate refusal shows the number masked, never whole.
        do {
            _ = try f.office.preview(RegisterResident(household: "HH0002", name: "刘三",
                                                      idNumber: Fixture.idNumber("11010519800101001"), status: .temporary),
                                     as: Fixture.officer)
            XCTFail("not refused")
        } catch let error as DomainError {
            XCTAssertEqual(error.value, Privacy.maskIDNumber(Fixture.idNumber("11010519800101001")))
        }
        // Expiring within 30 days: 刘二 (17 days left).
        let expiring = f.state.expiringStays(now: f.clock.now(), days: f.state.policy.population.stayExpiringDays)
        XCTAssertEqual(expiring.map(\.resident.id), ["R0002"])
        XCTAssertEqual(expiring.map(\.daysLeft), [17])
        XCTAssertEqual(f.state.expiringStays(now: f.clock.now(), days: 10).map(\.resident.id), [])
    }

    @Test func test_a_residents_whole_id_number_is_revealed_as_a_key_persons_is_an_access_record() throws {
        let f = try placed()
        let number = Fixture.idNumber("11010519800101001")
        try f.run(RegisterResident(household: "HH0001", name: "刘大", idNumber: number, status: .presentRegistered))
        let result = try f.run(RevealIDNumber(person: "r0001", purpose: "核对户籍"))
        XCTAssertEqual(result.entityID, "R0001")
        XCTAssertEqual(result.record?.type, IDNumberRevealed.type)
        XCTAssertEqual(f.state.reveals.reveals(of: "R0001").map(\.purpose), ["核对户籍"])
        // Auxiliaries may not (the key persons' rule), and a back-dated look is refused.
        f.assertRefused(RevealIDNumber(person: "R0001"), as: Fixture.auxiliary, .forbidden, field: "person")
        f.assertRefused(RevealIDNumber(person: "R0001"), at: "2026-11-23T07:00:00+08:00", reason: "补录", .invalid, field: "at")
        // The record of the registration is personal: its particulars are withheld from the journal listing.
        XCTAssertTrue(RecordRedaction.personalTypes.contains(ResidentRegistered.type))
    }

    @Test func test_rentals_have_a_landlord_and_inspections() throws {
        let f = try placed()
        XCTAssertEqual(try f.run(RegisterRental(household: "HH0004", landlord: "周房东", landlordPhone: "13800138000")).entityID,
                       "RT0001")
        f.clock.advance(hours: 2)
        try f.run(InspectRental(rental: "rt0001", conditions: "消防器材齐全", tenants: 2))
        let rental = try XCTUnwrap(f.state.population.rental(ofHousehold: "HH0004"))
        XCTAssertEqual(rental.lastInspection?.tenants, 2)
        XCTAssertEqual(rental.lastInspection?.by, Fixture.officer)
        f.assertRefused(RegisterRental(household: "HH0004", landlord: "又一个"), .duplicate, field: "household")
        f.assertRefused(RegisterRental(household: "HH0003", landlord: " "), .required, field: "landlord")
        f.assertRefused(InspectRental(rental: "RT0009", conditions: "无"), .unknownRecord, field: "rental")
        f.assertRefused(InspectRental(rental: "RT0001", conditions: ""), .required, field: "conditions")
        f.assertRefused(InspectRental(rental: "RT0001", conditions: "无", tenants: -1), .invalid, field: "tenants")
        // Voiding the inspection takes it back.
        let inspected = try XCTUnwrap(rental.lastInspection?.event)
        try f.run(VoidEntry(event: inspected, reason: "录错"))
        XCTAssertNil(f.state.population.rental("RT0001")?.lastInspection)
    }

    // MARK: 联户长

    @Test func test_a_leader_covers_units_and_households_and_the_coverage_counts_units() throws {
        let f = try placed()
        try f.run(AssignHouseholdLeader(leader: Self.leader, units: ["b0001-1", "B0001-2"]))
        XCTAssertEqual(f.state.unitCoverage().map(\.leaders), [[Self.leader], [Self.leader], []])
        XCTAssertEqual(f.state.unitCoverage().map(\.households), [2, 1, 1])
        try f.run(AssignHouseholdLeader(leader: Self.leader2, households: ["HH0004"]))
        XCTAssertEqual(f.state.unitCoverage().map(\.leaders), [[Self.leader], [Self.leader], [Self.leader2]])
        XCTAssertEqual(f.state.leaderSpans().map(\.leader), [Self.leader, Self.leader2])
        XCTAssertEqual(f.state.leaderSpans().map(\.households), [3, 1])
        // A later assignment of a unit replaces its leader; voiding it gives the unit back.
        let moved = try f.run(AssignHouseholdLeader(leader: Self.leader2, units: ["B0001-1"]))
        XCTAssertEqual(f.state.unitCoverage().map(\.leaders), [[Self.leader2], [Self.leader], [Self.leader2]])
        try f.run(VoidEntry(event: moved.record!.id, reason: "分错"))
        XCTAssertEqual(f.state.unitCoverage().map(\.leaders), [[Self.leader], [Self.leader], [Self.leader2]])
    }

    @Test func test_leader_refusals_another_community_not_a_leader_no_unit() throws {
        let f = try placed()
        try f.run(AddCell(code: "X01", name: "幸福小区", community: "幸福社区", kind: .compound))
        try f.run(AddBuilding(name: "幸福1号楼", cell: "X01", units: 2))
        try f.run(AddHousehold(building: "B0002", unit: 1, door: "101", address: "幸福路1号1单元101"))
        try f.run(AssignHouseholdLeader(leader: Self.leader, units: ["B0001-1"]))
        f.assertRefused(AssignHouseholdLeader(leader: Self.leader, units: ["B0002-1"]), .otherCommunity, field: "units")
        f.assertRefused(AssignHouseholdLeader(leader: Self.leader, households: ["HH0005"]), .otherCommunity, field: "households")
        f.assertRefused(AssignHouseholdLeader(leader: Self.leader2, units: ["B0001-3", "B0002-1"]), .otherCommunity, field: "units")
        f.assertRefused(AssignHouseholdLeader(leader: Fixture.auxiliary, units: ["B0001-3"]), .notHouseholdLeader, field: "leader")
        f.assertRefused(AssignHouseholdLeader(leader: Self.leader2), .required, field: "units")
        f.assertRefused(AssignHouseholdLeader(leader: Self.leader2, units: ["B0001-4"]), .unknownRecord, field: "units")
        f.assertRefused(AssignHouseholdLeader(leader: Self.leader2, households: ["HH0099"]), .unknownRecord, field: "households")
        XCTAssertEqual(DomainError(.notHouseholdLeader, field: "leader", value: "F1021", ["role": "auxiliary"])
            .screenMessage(Strings(.zh)), "联户长：F1021 的身份为 辅警，不是联户长")
    }

    // MARK: Checkpoint

    @Test func test_the_population_survives_the_checkpoint_exactly() throws {
        let f = try placed()
        try f.run(RegisterResident(household: "HH0001", name: "刘二", idNumber: Fixture.idNumber("11010519800101002"),
                                   status: .temporary, stayUntil: time("2026-12-10T00:00:00+08:00")))
        try f.run(RegisterRental(household: "HH0001", landlord: "周房东"))
        try f.run(InspectRental(rental: "RT0001", conditions: "正常", tenants: 1))
        try f.run(AssignHouseholdLeader(leader: Self.leader, units: ["B0001-1"], households: ["HH0004"]))
        let bytes = f.state.checkpointBytes()
        let decoded = try bytes.withUnsafeBytes { try OfficeState(checkpointBytes: $0, policy: .standard) }
        XCTAssertEqual(decoded, f.state)
        XCTAssertEqual(decoded.population.leader(of: decoded.population.household("HH0004")!), Self.leader)
        XCTAssertEqual(decoded.cells.cell("C02")?.grid, "G01")
        XCTAssertEqual(decoded.checkpointBytes(), bytes)
    }
}
