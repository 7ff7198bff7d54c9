import Foundation
import JingwuJournal

/// Bounds of the place records.
public enum PopulationLimits {
    /// 单元 per 楼栋.
    public static let units = 12
}

/// A 网格 (governance grid) of a community.
public struct Grid: KeyedItem {
    public var code: String
    public var name: String
    public var community: String
    /// 网格员 on the roster (badge).
    public var worker: String?
    /// 网格员 by name, when not on the roster.
    public var workerName: String?
    public var addedAt: Date
    public var event: UUID
    public var voided = false
    public var id: String { code }
}

/// A 楼栋 at a patrol point.
public struct Building: KeyedItem {
    public var id: String
    public var name: String
    public var cell: String
    public var units: Int
    public var addedAt: Date
    public var event: UUID
    public var voided = false
}

/// A household (户).
public struct Household: KeyedItem {
    public var id: String
    public var building: String
    public var unit: Int
    public var door: String
    public var address: String
    public var addedAt: Date
    public var event: UUID
    public var voided = false
    /// `B0001-2`: the unit it is in.
    public var unitKey: String { UnitKey.make(building, unit) }
}

/// A person registered in a household.
public struct Resident: KeyedItem {
    public var id: String
    public var household: String
    public var name: String
    public var idNumber: String
    public var status: Residency
    public var stayFrom: Date?
    public var stayUntil: Date?
    public var addedAt: Date
    public var event: UUID
    public var voided = false
}

/// One inspection of a rental.
public struct RentalInspection: Sendable, Equatable {
    public var at: Date
    public var by: String
    public var conditions: String
    public var tenants: Int?
    public var event: UUID
    public var voided = false
}

/// Rental housing (出租屋).
public struct Rental: KeyedItem {
    public var id: String
    public var household: String
    public var landlord: String
    public var landlordPhone: String?
    public var inspections: [RentalInspection] = []
    public var addedAt: Date
    public var event: UUID
    public var voided = false
    /// The last live inspection.
    public var lastInspection: RentalInspection? { inspections.last { !$0.voided } }
}

/// One `HouseholdLeaderAssigned`.
public struct LeaderAssignment: Sendable, Equatable {
    public var leader: String
    public var units: [String]
    public var households: [String]
    public var at: Date
    public var event: UUID
    public var voided = false
}

/// A local day as the journal writes it (`2026-12-01`), for the 暂住登记's dates.
public enum LocalDay {
    public static func format(_ date: Date) -> String { String(RFC3339.format(date).prefix(10)) }
    /// `2026-12-01` → local midnight of that day; nil when it is not such a day.
    public static func parse(_ text: String) -> Date? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let y = Int64(parts[0]), let m = Int64(parts[1]), let d = Int64(parts[2]),
              (1...12).contains(m), d >= 1, d <= RFC3339.daysInMonth(y, m) else { return nil }
        return Date(timeIntervalSince1970: Double(RFC3339.daysFromCivil(y, m, d) * 86400 - Int64(OfficeTime.offset)))
    }
}

/// `B0001-2`: a building's unit.
public enum UnitKey {
    public static func make(_ building: String, _ unit: Int) -> String { "\(building)-\(unit)" }
    /// `B0001-2` → (`B0001`, 2).
    public static func parse(_ key: String) -> (building: String, unit: Int)? {
        guard let dash = key.lastIndex(of: "-"), let unit = Int(key[key.index(after: dash)...]) else { return nil }
        return (String(key[..<dash]), unit)
    }
}

/// A keyed list with the look-ups the population book needs.
struct PopulationList<Item: KeyedItem>: KeyedBook, Sendable, Equatable {
    var list = KeyedList<Item>()
    /// The live record with this id (as stored, in capitals).
    func item(_ id: String) -> Item? { list.live(id) }
    /// Every live record in the order they were made.
    var all: [Item] { list.items.filter { !$0.voided } }
    /// Records ever made, voided ones included (the next short id's number).
    var count: Int { list.count }
}

/// 网格 and 实有人口: grids, buildings, households, residents, rentals, 联户长 assignments.
public struct PopulationBook: Sendable, Equatable {
    var grids = PopulationList<Grid>()
    var buildings = PopulationList<Building>()
    var households = PopulationList<Household>()
    var residents = PopulationList<Resident>()
    var rentals = PopulationList<Rental>()
    /// The live records of each list, in the order they were made.
    public var allGrids: [Grid] { grids.all }
    public var allBuildings: [Building] { buildings.all }
    public var allHouseholds: [Household] { households.all }
    public var allResidents: [Resident] { residents.all }
    public var allRentals: [Rental] { rentals.all }
    public internal(set) var assignments: [LeaderAssignment] = []
    /// Unit key → leader badge, and household id → leader badge (live assignments, the last one wins).
    public internal(set) var unitLeader: [String: String] = [:]
    public internal(set) var householdLeader: [String: String] = [:]
    /// Household id → its residents' ids; building id → its households' ids; household id → rental id.
    var residentsByHousehold: [String: [String]] = [:]
    var householdsByBuilding: [String: [String]] = [:]
    var rentalByHousehold: [String: String] = [:]
    /// ID number → resident id (live residents).
    public internal(set) var residentByIDNumber: [String: String] = [:]

    public init() {}

    public func grid(_ code: String) -> Grid? { grids.item(code) }
    public func building(_ id: String) -> Building? { buildings.item(id) }
    public func household(_ id: String) -> Household? { households.item(id) }
    public func resident(_ id: String) -> Resident? { residents.item(id) }
    public func rental(_ id: String) -> Rental? { rentals.item(id) }

    /// Live households of a building, in the order they were added.
    public func households(in building: String) -> [Household] {
        (householdsByBuilding[building] ?? []).compactMap { households.item($0) }
    }
    /// Live residents of a household.
    public func residents(of household: String) -> [Resident] {
        (residentsByHousehold[household] ?? []).compactMap { residents.item($0) }
    }
    /// The live rental of a household, if it is one.
    public func rental(ofHousehold household: String) -> Rental? { rentalByHousehold[household].flatMap { rentals.item($0) } }

    /// The 联户长 of a household: its own assignment, else its unit's.
    public func leader(of household: Household) -> String? {
        householdLeader[household.id] ?? unitLeader[household.unitKey]
    }

    /// Rebuilds the leader maps from the live assignments (after a void).
    mutating func voidAssignment(_ index: Int) {
        guard index < assignments.count else { return }
        assignments[index].voided = true
        unitLeader = [:]
        householdLeader = [:]
        for a in assignments where !a.voided { take(a) }
    }

    mutating func take(_ a: LeaderAssignment) {
        for unit in a.units { unitLeader[unit] = a.leader }
        for household in a.households { householdLeader[household] = a.leader }
    }

    /// Rebuilds the derived indexes from the lists (after a checkpoint is read).
    mutating func reindex() {
        residentsByHousehold = [:]; householdsByBuilding = [:]; rentalByHousehold = [:]; residentByIDNumber = [:]
        // Sized once (a station's book: ~15k households, ~21k residents), not grown by doubling.
        residentsByHousehold.reserveCapacity(households.list.count)
        householdsByBuilding.reserveCapacity(buildings.list.count)
        residentByIDNumber.reserveCapacity(residents.list.count)
        rentalByHousehold.reserveCapacity(rentals.list.count)
        for h in households.list.items { householdsByBuilding[h.building, default: []].append(h.id) }
        for r in residents.list.items {
            residentsByHousehold[r.household, default: []].append(r.id)
            if !r.voided { residentByIDNumber[r.idNumber] = r.id }
        }
        for r in rentals.list.items where !r.voided { rentalByHousehold[r.household] = r.id }
        unitLeader = [:]; householdLeader = [:]
        unitLeader.reserveCapacity(assignments.reduce(0) { $0 + ($1.voided ? 0 : $1.units.count) })
        householdLeader.reserveCapacity(assignments.reduce(0) { $0 + ($1.voided ? 0 : $1.households.count) })
        for a in assignments where !a.voided { take(a) }
    }
}

// MARK: Fold

extension OfficeState {
    mutating func fold(_ e: GridAdded, _ envelope: Envelope) {
        population.grids.add(Grid(code: e.grid, name: e.name, community: e.community, worker: e.worker,
                                  workerName: e.workerName, addedAt: envelope.at, event: envelope.id))
        targets[envelope.id] = .grid(e.grid)
    }

    mutating func fold(_ e: BuildingAdded, _ envelope: Envelope) {
        population.buildings.add(Building(id: e.building, name: e.name, cell: e.cell, units: e.units, addedAt: envelope.at,
                                          event: envelope.id))
        targets[envelope.id] = .building(e.building)
    }

    mutating func fold(_ e: HouseholdAdded, _ envelope: Envelope) {
        population.households.add(Household(id: e.household, building: e.building, unit: e.unit, door: e.door,
                                            address: e.address, addedAt: envelope.at, event: envelope.id))
        population.householdsByBuilding[e.building, default: []].append(e.household)
        targets[envelope.id] = .household(e.household)
    }

    mutating func fold(_ e: ResidentRegistered, _ envelope: Envelope) {
        population.residents.add(Resident(id: e.resident, household: e.household, name: e.name, idNumber: e.idNumber,
                                          status: e.status, stayFrom: e.stayFrom.flatMap(LocalDay.parse),
                                          stayUntil: e.stayUntil.flatMap(LocalDay.parse),
                                          addedAt: envelope.at, event: envelope.id))
        population.residentsByHousehold[e.household, default: []].append(e.resident)
        population.residentByIDNumber[e.idNumber] = e.resident
        targets[envelope.id] = .resident(e.resident)
    }

    mutating func fold(_ e: RentalRegistered, _ envelope: Envelope) {
        population.rentals.add(Rental(id: e.rental, household: e.household, landlord: e.landlord,
                                      landlordPhone: e.landlordPhone, addedAt: envelope.at, event: envelope.id))
        population.rentalByHousehold[e.household] = e.rental
        targets[envelope.id] = .rental(e.rental)
    }

    mutating func fold(_ e: RentalInspected, _ envelope: Envelope) {
        let position = population.rentals.append(
            RentalInspection(at: envelope.at, by: envelope.by, conditions: e.conditions, tenants: e.tenants, event: envelope.id),
            to: \.inspections, of: e.rental)
        targets[envelope.id] = .inspection(e.rental, position)
    }

    mutating func fold(_ e: HouseholdLeaderAssigned, _ envelope: Envelope) {
        let a = LeaderAssignment(leader: e.leader, units: e.units, households: e.households, at: envelope.at,
                                 event: envelope.id)
        population.assignments.append(a)
        population.take(a)
        targets[envelope.id] = .leaderAssignment(population.assignments.count - 1)
    }
}
