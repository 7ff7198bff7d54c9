import Foundation
import JingwuJournal

// 网格 and 实有人口 (issue 19, part A): the governance grid, the places (楼栋, 单元), the
// households (户) with their address, everyone registered in them with the four-way status,
// rental housing (出租屋) with its inspections, and the 联户长 who cover the units.
//
// The grid: a 网格 is the governance grid (a few per 社区, each with its 网格员); the
// patrol cells (`CellAdded`) are its points (巡逻点位 / 必巡点). A cell names its 网格 in
// `CellAdded.grid` (or a later `event amend --set grid=G01`); a cell that names none — every
// cell of a journal written before the grid level — is a point of its community's default
// 网格 (`GridRef.fallback`), so old journals fold to the same state and the same coverage.

/// A 网格 of a community is defined, with its 网格员.
public struct GridAdded: EventPayload {
    public static let type = "GridAdded"
    public static let version = 1
    /// Its code (`G01`; `grid add --code`).
    public var grid: String
    public var name: String
    public var community: String
    /// 网格员 on the roster (a badge), or nil.
    public var worker: String?
    /// 网格员 not on the roster: a name as written.
    public var workerName: String?
    public init(grid: String, name: String, community: String, worker: String? = nil, workerName: String? = nil) {
        self.grid = grid; self.name = name; self.community = community; self.worker = worker; self.workerName = workerName
    }
    public var asEvent: DomainEvent { .gridAdded(self) }
}

/// A building (楼栋) at a patrol point, with its stairwell units (单元 1…units).
public struct BuildingAdded: EventPayload {
    public static let type = "BuildingAdded"
    public static let version = 1
    public var building: String
    public var name: String
    public var cell: String
    public var units: Int
    public init(building: String, name: String, cell: String, units: Int) {
        self.building = building; self.name = name; self.cell = cell; self.units = units
    }
    public var asEvent: DomainEvent { .buildingAdded(self) }
}

/// A household (户) at an address in a building's unit.
public struct HouseholdAdded: EventPayload {
    public static let type = "HouseholdAdded"
    public static let version = 1
    public var household: String
    public var building: String
    public var unit: Int
    /// 门牌 / 室号 (`301`).
    public var door: String
    /// The standard address (标准地址), required.
    public var address: String
    public init(household: String, building: String, unit: Int, door: String, address: String) {
        self.household = household; self.building = building; self.unit = unit; self.door = door; self.address = address
    }
    public var asEvent: DomainEvent { .householdAdded(self) }
}

/// A person registered in a household, with the four-way status (人在户在 …, DOMAIN §4.2).
public struct ResidentRegistered: EventPayload {
    public static let type = "ResidentRegistered"
    public static let version = 1
    public var resident: String
    public var household: String
    public var name: String
    public var idNumber: String
    public var status: Residency
    /// 暂住登记: from and until, local days `2026-12-01` (temporary residents only).
    public var stayFrom: String?
    public var stayUntil: String?
    public init(resident: String, household: String, name: String, idNumber: String, status: Residency,
                stayFrom: String? = nil, stayUntil: String? = nil) {
        self.resident = resident; self.household = household; self.name = name; self.idNumber = idNumber
        self.status = status; self.stayFrom = stayFrom; self.stayUntil = stayUntil
    }
    public var asEvent: DomainEvent { .residentRegistered(self) }
}

/// A household is rental housing (出租屋), with its landlord.
public struct RentalRegistered: EventPayload {
    public static let type = "RentalRegistered"
    public static let version = 1
    public var rental: String
    public var household: String
    public var landlord: String
    public var landlordPhone: String?
    public init(rental: String, household: String, landlord: String, landlordPhone: String? = nil) {
        self.rental = rental; self.household = household; self.landlord = landlord; self.landlordPhone = landlordPhone
    }
    public var asEvent: DomainEvent { .rentalRegistered(self) }
}

/// 出租屋检查: a rental was inspected.
public struct RentalInspected: EventPayload {
    public static let type = "RentalInspected"
    public static let version = 1
    public var rental: String
    public var conditions: String
    /// Tenants found living there.
    public var tenants: Int?
    public init(rental: String, conditions: String, tenants: Int? = nil) {
        self.rental = rental; self.conditions = conditions; self.tenants = tenants
    }
    public var asEvent: DomainEvent { .rentalInspected(self) }
}

/// A 联户长 (roster role household-leader) takes units (`B0001-2`) and/or single households.
/// A later assignment of the same unit or household replaces its leader.
public struct HouseholdLeaderAssigned: EventPayload {
    public static let type = "HouseholdLeaderAssigned"
    public static let version = 1
    public var leader: String
    public var units: [String]
    public var households: [String]
    public init(leader: String, units: [String] = [], households: [String] = []) {
        self.leader = leader; self.units = units; self.households = households
    }
    public var asEvent: DomainEvent { .householdLeaderAssigned(self) }
}

// MARK: Corrections: what may be amended, what voiding undoes

extension GridAdded {
    public static let voiding = Voiding { s, t in if case .grid(let c) = t { s.population.grids.update(c) { $0.voided = true } } }
    public static let amendable: [AmendableField] = [
        .text("name", max: TextLimit.name) { s, t, v in if case .grid(let c) = t { s.population.grids.update(c) { $0.name = v } } },
        // Session 12: an empty value clears the 网格员 (the 网格 then has none of that kind). Before,
        // an empty value was refused, so no older correction holds one: old journals fold the same.
        AmendableField("worker-name", normalise: { value, _, _ in
            CleanText.strip(value).isEmpty ? "" : try CleanText.required(value, field: "worker-name", max: TextLimit.name)
        }, apply: { s, t, v in
            if case .grid(let c) = t { s.population.grids.update(c) { $0.workerName = v.isEmpty ? nil : v } }
        }),
        AmendableField("worker", normalise: { value, state, _ in
            CleanText.strip(value).isEmpty ? "" : try Validate.officer(value, field: "worker", state).badge
        }, apply: { s, t, v in if case .grid(let c) = t { s.population.grids.update(c) { $0.worker = v.isEmpty ? nil : v } } }),
    ]
}

extension BuildingAdded {
    public static let voiding = Voiding { s, t in
        if case .building(let id) = t { s.population.buildings.update(id) { $0.voided = true } }
    }
    public static let amendable: [AmendableField] = [
        .text("name", max: TextLimit.name) { s, t, v in
            if case .building(let id) = t { s.population.buildings.update(id) { $0.name = v } }
        },
        .int("units", 1...PopulationLimits.units) { s, t, v in
            if case .building(let id) = t, let v { s.population.buildings.update(id) { $0.units = v } }
        },
    ]
}

extension HouseholdAdded {
    public static let voiding = Voiding { s, t in
        if case .household(let id) = t { s.population.households.update(id) { $0.voided = true } }
    }
    public static let amendable: [AmendableField] = [
        .text("door", max: TextLimit.name) { s, t, v in
            if case .household(let id) = t { s.population.households.update(id) { $0.door = v } }
        },
        .text("address", max: TextLimit.short) { s, t, v in
            if case .household(let id) = t, !v.isEmpty { s.population.households.update(id) { $0.address = v } }
        },
    ]
}

extension ResidentRegistered {
    public static let voiding = Voiding { s, t in
        if case .resident(let id) = t { s.population.residents.update(id) { $0.voided = true } }
    }
    public static let amendable: [AmendableField] = [
        .text("name", max: TextLimit.name) { s, t, v in
            if case .resident(let id) = t { s.population.residents.update(id) { $0.name = v } }
        },
        // The same check as a key person's number (Persons/Privacy: one rule for ID numbers).
        AmendableField("id-number", normalise: { value, _, today in
            try ResidentID.validate(value, field: "id-number", today: today)
        }, apply: { s, t, v in if case .resident(let id) = t { s.population.residents.update(id) { $0.idNumber = v } } }),
        .code("status", Residency.self) { s, t, v in
            if case .resident(let id) = t { s.population.residents.update(id) { $0.status = v } }
        },
        // Session 12: the 暂住登记's dates, local days as registration writes them (`2027-04-30`); that
        // the resident is 暂住 and the expiry is not before the start, `AmendEntry` checks against the
        // record (PopulationCorrections.swift).
        .day("stay-from") { s, t, d in if case .resident(let id) = t { s.population.residents.update(id) { $0.stayFrom = d } } },
        .day("stay-until") { s, t, d in if case .resident(let id) = t { s.population.residents.update(id) { $0.stayUntil = d } } },
    ]
}

extension RentalRegistered {
    public static let voiding = Voiding { s, t in
        if case .rental(let id) = t { s.population.rentals.update(id) { $0.voided = true } }
    }
    public static let amendable: [AmendableField] = [
        .text("landlord", max: TextLimit.name) { s, t, v in
            if case .rental(let id) = t, !v.isEmpty { s.population.rentals.update(id) { $0.landlord = v } }
        },
        .text("landlord-phone", max: TextLimit.name) { s, t, v in
            if case .rental(let id) = t { s.population.rentals.update(id) { $0.landlordPhone = v.isEmpty ? nil : v } }
        },
    ]
}

extension RentalInspected {
    public static let voiding = Voiding { s, t in
        if case .inspection(let id, let i) = t { s.population.rentals.update(id, \.inspections, at: i) { $0.voided = true } }
    }
    public static let amendable: [AmendableField] = [
        .text("conditions", max: TextLimit.long) { s, t, v in
            if case .inspection(let id, let i) = t, !v.isEmpty {
                s.population.rentals.update(id, \.inspections, at: i) { $0.conditions = v }
            }
        },
        .int("tenants", 0...999) { s, t, v in
            if case .inspection(let id, let i) = t { s.population.rentals.update(id, \.inspections, at: i) { $0.tenants = v } }
        },
    ]
}

extension HouseholdLeaderAssigned {
    /// Voiding an assignment gives its units and households back to whoever led them before.
    public static let voiding = Voiding { s, t in
        if case .leaderAssignment(let i) = t { s.population.voidAssignment(i) }
    }
    public static let amendable: [AmendableField] = []
}
