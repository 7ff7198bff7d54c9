import Foundation
import JingwuJournal

// MARK: The grid

/// `grid add`: define a 网格 of a community, with its 网格员 (on the roster, or by name).
public struct AddGrid: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var code: String
    public var name: String
    public var community: String
    public var worker: String?
    public var workerName: String?
    public init(code: String, name: String, community: String, worker: String? = nil, workerName: String? = nil) {
        self.code = code; self.name = name; self.community = community; self.worker = worker; self.workerName = workerName
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let code = try CleanText.code(code, field: "code")
        // Codes are read in capitals too (g01 is G01); a grid's code is not a point's either.
        if let existing = state.population.grids.all.first(where: { $0.code.uppercased() == code.uppercased() }) {
            throw DomainError(.duplicate, field: "code", value: existing.code)
        }
        if let cell = state.cells.all.first(where: { $0.code.uppercased() == code.uppercased() }) {
            throw DomainError(.duplicate, field: "code", value: cell.code)
        }
        let name = try CleanText.required(name, field: "name", max: TextLimit.name)
        let community = try CleanText.required(community, field: "community", max: TextLimit.name)
        let badge = try CleanText.optional(worker, field: "worker", max: TextLimit.name)
            .map { try Validate.officer($0, field: "worker", state).badge }
        let workerName = try CleanText.optional(workerName, field: "worker-name", max: TextLimit.name)
        return Decision([GridAdded(grid: code, name: name, community: community, worker: badge,
                                   workerName: badge == nil ? workerName : nil)], entityID: code)
    }
}

extension Validate {
    /// A live 网格 by its code (as typed or in capitals).
    public static func grid(_ code: String, field: String, _ state: OfficeState) throws -> Grid {
        try Validate.code(code, field: field, unknown: .unknownRecord, state.population.grid)
    }

    /// A unit `B0001-2` of a live building.
    static func unit(_ key: String, field: String, _ state: OfficeState) throws -> (Building, Int) {
        let cleaned = CleanText.strip(key).uppercased()
        guard !cleaned.isEmpty else { throw DomainError(.required, field: field) }
        guard let (id, unit) = UnitKey.parse(cleaned), let building = state.population.building(id),
              (1...building.units).contains(unit) else { throw DomainError(.unknownRecord, field: field, value: cleaned) }
        return (building, unit)
    }
}

// MARK: Places and households

/// `building add`: a 楼栋 at a patrol point, with its number of 单元.
public struct AddBuilding: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var name: String
    public var cell: String
    public var units: Int
    public init(name: String, cell: String, units: Int) { self.name = name; self.cell = cell; self.units = units }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let name = try CleanText.required(name, field: "name", max: TextLimit.name)
        let cell = try Validate.cell(cell, field: "cell", state)
        if let existing = state.population.buildings.all.first(where: { $0.cell == cell.code && $0.name == name }) {
            throw DomainError(.duplicate, field: "name", value: name, ["record": existing.id])
        }
        let units = try Validate.int(units, field: "units", range: 1...PopulationLimits.units)
        let id = ShortID.make("B", state.population.buildings.count + 1)
        return Decision([BuildingAdded(building: id, name: name, cell: cell.code, units: units)], entityID: id)
    }
}

/// `household add`: a 户 in a building's unit, with its address (required).
public struct AddHousehold: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var building: String
    public var unit: Int
    public var door: String
    public var address: String
    public init(building: String, unit: Int, door: String, address: String) {
        self.building = building; self.unit = unit; self.door = door; self.address = address
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let building = try Validate.record(building, field: "building", state.population.building)
        let unit = try Validate.int(unit, field: "unit", range: 1...building.units)
        let door = try CleanText.required(door, field: "door", max: TextLimit.name)
        let address = try CleanText.required(address, field: "address", max: TextLimit.short)
        if let existing = state.population.households(in: building.id).first(where: { $0.unit == unit && $0.door == door }) {
            throw DomainError(.duplicate, field: "door", value: door, ["record": existing.id])
        }
        let id = ShortID.make("HH", state.population.households.count + 1)
        return Decision([HouseholdAdded(household: id, building: building.id, unit: unit, door: door, address: address)],
                        entityID: id)
    }
}

/// `resident add`: someone registered in a household, with the four-way status; a 暂住
/// resident's 暂住登记 has an expiry (and a start, the day of registration unless given).
public struct RegisterResident: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var household: String
    public var name: String
    public var idNumber: String
    public var status: Residency
    public var stayFrom: Date?
    public var stayUntil: Date?
    public init(household: String, name: String, idNumber: String, status: Residency, stayFrom: Date? = nil,
                stayUntil: Date? = nil) {
        self.household = household; self.name = name; self.idNumber = idNumber; self.status = status
        self.stayFrom = stayFrom; self.stayUntil = stayUntil
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let household = try Validate.record(household, field: "household", state.population.household)
        let name = try CleanText.required(name, field: "name", max: TextLimit.name)
        // One rule for ID numbers, the key persons' (Persons/Privacy): validated, refused masked.
        let number = try ResidentID.validate(idNumber, field: "id-number", today: context.now)
        if let existing = state.population.residentByIDNumber[number], state.population.resident(existing) != nil {
            throw DomainError(.duplicate, field: "id-number", value: Privacy.maskIDNumber(number), ["record": existing])
        }
        var from: Date?
        var until: Date?
        if status == .temporary {
            guard let stayUntil else { throw DomainError(.required, field: "stay-until") }
            from = OfficeTime.startOfDay(stayFrom ?? context.when)
            until = OfficeTime.startOfDay(stayUntil)
            if until! < from! {
                throw DomainError(.endBeforeStart, field: "stay-until", value: LocalDay.format(until!),
                                  ["start": LocalDay.format(from!)])
            }
        } else if stayFrom != nil || stayUntil != nil {
            // Only a 暂住 resident has a 暂住登记.
            throw DomainError(.invalid, field: stayUntil != nil ? "stay-until" : "stay-from", value: status.code)
        }
        let id = ShortID.make("R", state.population.residents.count + 1)
        return Decision([ResidentRegistered(resident: id, household: household.id, name: name, idNumber: number,
                                            status: status, stayFrom: from.map(LocalDay.format),
                                            stayUntil: until.map(LocalDay.format))], entityID: id)
    }
}

/// `rental add`: a household is rental housing (出租屋), with its landlord.
public struct RegisterRental: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var household: String
    public var landlord: String
    public var landlordPhone: String?
    public init(household: String, landlord: String, landlordPhone: String? = nil) {
        self.household = household; self.landlord = landlord; self.landlordPhone = landlordPhone
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let household = try Validate.record(household, field: "household", state.population.household)
        if let existing = state.population.rental(ofHousehold: household.id) {
            throw DomainError(.duplicate, field: "household", value: household.id, ["record": existing.id])
        }
        let landlord = try CleanText.required(landlord, field: "landlord", max: TextLimit.name)
        let phone = try CleanText.optional(landlordPhone, field: "landlord-phone", max: TextLimit.name)
        let id = ShortID.make("RT", state.population.rentals.count + 1)
        return Decision([RentalRegistered(rental: id, household: household.id, landlord: landlord, landlordPhone: phone)],
                        entityID: id)
    }
}

/// `rental inspect`: 出租屋检查, with what was found and how many tenants live there.
public struct InspectRental: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var rental: String
    public var conditions: String
    public var tenants: Int?
    public init(rental: String, conditions: String, tenants: Int? = nil) {
        self.rental = rental; self.conditions = conditions; self.tenants = tenants
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let rental = try Validate.record(rental, field: "rental") { state.population.rental($0) }
        let conditions = try CleanText.required(conditions, field: "conditions", max: TextLimit.long)
        let tenants = try tenants.map { try Validate.int($0, field: "tenants", range: 0...999) }
        try Validate.notBefore(rental.addedAt, context, what: rental.id)
        return Decision([RentalInspected(rental: rental.id, conditions: conditions, tenants: tenants)], entityID: rental.id)
    }
}

// MARK: 联户长

/// `leader assign`: a 联户长 takes units and/or households, all in one community — the one
/// they already lead in, if any.
public struct AssignHouseholdLeader: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var leader: String
    public var units: [String]
    public var households: [String]
    public init(leader: String, units: [String] = [], households: [String] = []) {
        self.leader = leader; self.units = units; self.households = households
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let person = try Validate.officer(leader, field: "leader", state)
        guard person.role == .householdLeader else {
            throw DomainError(.notHouseholdLeader, field: "leader", value: person.badge, ["role": person.role.code])
        }
        guard !units.isEmpty || !households.isEmpty else { throw DomainError(.required, field: "units") }
        for (list, field) in [(units, "units"), (households, "households")] where list.count > 200 {
            throw DomainError(.tooLong, field: field, value: String(list.count), ["max": "200"])
        }
        // Where the leader already leads (their first live assignment), else the first unit's community.
        var community = state.leaderCommunity(person.badge)
        var seenUnits = Set<String>()
        var unitKeys: [String] = []
        for typed in units {
            let (building, unit) = try Validate.unit(typed, field: "units", state)
            let key = UnitKey.make(building.id, unit)
            let here = state.community(ofBuilding: building)
            if let community, here != community {
                throw DomainError(.otherCommunity, field: "units", value: key, ["community": here, "expected": community])
            }
            community = community ?? here
            if seenUnits.insert(key).inserted { unitKeys.append(key) }
        }
        var seenHouseholds = Set<String>()
        var householdIDs: [String] = []
        for typed in households {
            let household = try Validate.record(typed, field: "households", state.population.household)
            let here = state.population.building(household.building).map { state.community(ofBuilding: $0) } ?? ""
            if let community, here != community {
                throw DomainError(.otherCommunity, field: "households", value: household.id,
                                  ["community": here, "expected": community])
            }
            community = community ?? here
            if seenHouseholds.insert(household.id).inserted { householdIDs.append(household.id) }
        }
        return Decision([HouseholdLeaderAssigned(leader: person.badge, units: unitKeys, households: householdIDs)],
                        entityID: person.badge)
    }
}
