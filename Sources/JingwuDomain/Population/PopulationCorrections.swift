import Foundation
import JingwuJournal

// Session 12 (issue 19's last gaps): corrections of the population records by their own ids, as the
// console's forms make them — a 网格's 网格员 cleared, a 暂住登记's dates corrected, a 联户长's
// assignment voided. No new event type: each is an `EntryAmended` or `EntryVoided` of the record's
// own event, so the journal shows the correction, its reason and who made it, and voiding or
// amending it again works as for every correction. The commands here only find the event by the
// record's id (`grid amend --grid G01`, `resident amend --resident R0001`, `leader void --unit
// B0001-1`) and hand it to `AmendEntry` / `VoidEntry`, whose checks and role rules apply unchanged
// (`CorrectionShortcut`).

// MARK: What AmendEntry checks against the record

extension AmendEntry {
    /// The population records' rules that depend on the record amended, not only the value typed:
    /// run by `decide` after every value is normalised. May add to `changes` (a 暂住's start).
    static func checkPopulation(type: String, target: EventTarget?, changes: inout [String: String],
                                _ state: OfficeState, _ context: WriteContext) throws {
        switch (type, target) {
        case (GridAdded.type, .grid(let code)?):
            guard let grid = state.population.grid(code) else { return }
            // Clearing a 网格员 the 网格 does not have: nothing to clear (the field named).
            for (field, held) in [("worker", grid.worker), ("worker-name", grid.workerName)]
                where changes[field] == "" && held == nil {
                throw DomainError(.nothingToClear, field: field, value: grid.code)
            }
        case (ResidentRegistered.type, .resident(let id)?):
            guard let resident = state.population.resident(id) else { return }
            let touches = ["status", "stay-from", "stay-until"].contains { changes[$0] != nil }
            guard touches else { return }
            let status = changes["status"].flatMap(Residency.init(rawValue:)) ?? resident.status
            let datesGiven = ["stay-until", "stay-from"].filter { changes[$0] != nil }
            guard status == .temporary else {
                // Only a 暂住 resident has a 暂住登记 (as at `resident add`).
                if let field = datesGiven.first { throw DomainError(.invalid, field: field, value: status.code) }
                return
            }
            let until = changes["stay-until"].flatMap(LocalDay.parse) ?? resident.stayUntil
            // A 暂住登记 needs an expiry; its start is the day of the change unless given (as at registration).
            guard let until else { throw DomainError(.required, field: "stay-until") }
            var from = changes["stay-from"].flatMap(LocalDay.parse) ?? resident.stayFrom
            if from == nil {
                from = OfficeTime.startOfDay(context.when)
                changes["stay-from"] = LocalDay.format(from!)
            }
            if let from, until < from {
                // Named where the change was typed: the expiry when it was given, else the start.
                let field = changes["stay-until"] != nil ? "stay-until" : "stay-from"
                throw DomainError(.endBeforeStart, field: field, value: LocalDay.format(until), ["start": LocalDay.format(from)])
            }
        default:
            return
        }
    }
}

// MARK: Corrections by a record's id

/// A command that is a correction (`AmendEntry` or `VoidEntry`) of the event a record id names: it
/// decides as that correction and is held to the same role rules (an auxiliary corrects only their
/// own entries: `Roles`).
public protocol CorrectionShortcut: OfficeCommand {
    /// The correction it stands for, or a refusal naming the field at fault.
    func correction(_ state: OfficeState) throws -> any OfficeCommand
    /// The id the command line prints (the record corrected).
    func recordID(_ state: OfficeState) -> String?
}

extension CorrectionShortcut {
    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        var decision = try correction(state).decide(state, context)
        decision.entityID = recordID(state)
        return decision
    }
}

/// `grid amend`: a 网格's name, 网格员 or 网格员姓名 corrected, or its 网格员 cleared
/// (`--no-worker`), with a reason: `EntryAmended` of its `GridAdded`.
public struct AmendGrid: CorrectionShortcut {
    public static let leastRole: LeastRole = .auxiliary
    public var grid: String
    public var name: String?
    public var worker: String?
    public var workerName: String?
    /// Takes the 网格员 away (on the roster and by name): the 网格 then has none.
    public var clearWorker: Bool
    public var reason: String
    public init(grid: String, name: String? = nil, worker: String? = nil, workerName: String? = nil,
                clearWorker: Bool = false, reason: String) {
        self.grid = grid; self.name = name; self.worker = worker; self.workerName = workerName
        self.clearWorker = clearWorker; self.reason = reason
    }

    public func correction(_ state: OfficeState) throws -> any OfficeCommand {
        let found = try Validate.grid(grid, field: "grid", state)
        var changes: [String: String] = [:]
        if let name { changes["name"] = name }
        if clearWorker {
            // Cleared and named at once: which was meant? Asked, not guessed.
            if let given = worker ?? workerName {
                throw DomainError(.invalid, field: worker != nil ? "worker" : "worker-name", value: given)
            }
            guard found.worker != nil || found.workerName != nil else {
                throw DomainError(.nothingToClear, field: "worker", value: found.code)
            }
            if found.worker != nil { changes["worker"] = "" }
            if found.workerName != nil { changes["worker-name"] = "" }
        } else {
            if let worker { changes["worker"] = worker }
            if let workerName { changes["worker-name"] = workerName }
        }
        return AmendEntry(event: found.event, reason: reason, changes: changes)
    }

    public func recordID(_ state: OfficeState) -> String? { state.population.grid(grid.uppercased())?.code ?? grid }
}

/// `resident amend`: a resident's 人户状态 or 暂住登记 dates corrected, with a reason:
/// `EntryAmended` of their `ResidentRegistered`.
public struct AmendResident: CorrectionShortcut {
    public static let leastRole: LeastRole = .auxiliary
    public var resident: String
    public var status: Residency?
    public var stayFrom: Date?
    public var stayUntil: Date?
    public var reason: String
    public init(resident: String, status: Residency? = nil, stayFrom: Date? = nil, stayUntil: Date? = nil, reason: String) {
        self.resident = resident; self.status = status; self.stayFrom = stayFrom; self.stayUntil = stayUntil
        self.reason = reason
    }

    public func correction(_ state: OfficeState) throws -> any OfficeCommand {
        let found = try Validate.record(resident, field: "resident", state.population.resident)
        var changes: [String: String] = [:]
        if let status { changes["status"] = status.code }
        if let stayFrom { changes["stay-from"] = LocalDay.format(OfficeTime.startOfDay(stayFrom)) }
        if let stayUntil { changes["stay-until"] = LocalDay.format(OfficeTime.startOfDay(stayUntil)) }
        return AmendEntry(event: found.event, reason: reason, changes: changes)
    }

    public func recordID(_ state: OfficeState) -> String? { state.population.resident(resident.uppercased())?.id ?? resident }
}

/// `leader void`: the 联户长 assignment in effect for a unit (or a single household) is voided, with a
/// reason; its units and households go back to whoever led them before (or to none). `leader`
/// picks that leader's assignment when several name the unit.
public struct VoidLeaderAssignment: CorrectionShortcut {
    public static let leastRole: LeastRole = .auxiliary
    public var unit: String?
    public var household: String?
    public var leader: String?
    public var reason: String
    public init(unit: String? = nil, household: String? = nil, leader: String? = nil, reason: String) {
        self.unit = unit; self.household = household; self.leader = leader; self.reason = reason
    }

    public func correction(_ state: OfficeState) throws -> any OfficeCommand {
        VoidEntry(event: try assignment(state).event, reason: reason)
    }

    /// The live assignment meant: the last one naming the unit or household (the one in effect), of the leader if given.
    public func assignment(_ state: OfficeState) throws -> LeaderAssignment {
        let field: String
        let key: String
        let found: [LeaderAssignment]
        if let unit = unit.flatMap({ CleanText.strip($0).isEmpty ? nil : $0 }) {
            if household.map({ !CleanText.strip($0).isEmpty }) == true {
                throw DomainError(.invalid, field: "household", value: household ?? "")
            }
            let (building, number) = try Validate.unit(unit, field: "units", state)
            field = "units"
            key = UnitKey.make(building.id, number)
            found = state.leaderAssignments(unit: key)
        } else if let household = household.flatMap({ CleanText.strip($0).isEmpty ? nil : $0 }) {
            let record = try Validate.record(household, field: "household", state.population.household)
            field = "household"
            key = record.id
            found = state.leaderAssignments(household: key)
        } else {
            throw DomainError(.required, field: "units")
        }
        var mine = found
        if let leader = leader.flatMap({ CleanText.strip($0).isEmpty ? nil : $0 }) {
            let person = try Validate.officer(leader, field: "leader", state)
            mine = found.filter { $0.leader == person.badge }
            guard let last = mine.last else {
                throw DomainError(.notLeaderOf, field: "leader", value: person.badge, ["record": key])
            }
            return last
        }
        guard let last = mine.last else { throw DomainError(.noAssignment, field: field, value: key) }
        return last
    }

    public func recordID(_ state: OfficeState) -> String? { (try? assignment(state))?.leader }
}

extension OfficeState {
    /// Live 联户长 assignments naming the unit `B0001-2` among their units, oldest first (the last is in effect).
    public func leaderAssignments(unit key: String) -> [LeaderAssignment] {
        population.assignments.filter { !$0.voided && $0.units.contains(key) }
    }

    /// Live 联户长 assignments naming the household among their households, oldest first.
    public func leaderAssignments(household id: String) -> [LeaderAssignment] {
        population.assignments.filter { !$0.voided && $0.households.contains(id) }
    }

    /// Live assignments naming the household or its unit, oldest first (the console's choice on a 户).
    public func leaderAssignments(forHousehold id: String) -> [LeaderAssignment] {
        guard let household = population.household(id) else { return [] }
        return population.assignments.filter { !$0.voided && ($0.households.contains(id) || $0.units.contains(household.unitKey)) }
    }

    /// Live assignments that lead some household of the unit or the unit itself: the unit's own, then
    /// its households' single ones, each once, oldest first (the console's choice when voiding one).
    public func leaderAssignments(touching unitKey: String) -> [LeaderAssignment] {
        guard let (building, unit) = UnitKey.parse(unitKey) else { return [] }
        let households = Set(population.households(in: building).filter { $0.unit == unit }.map(\.id))
        return population.assignments.filter { a in
            !a.voided && (a.units.contains(unitKey) || a.households.contains { households.contains($0) })
        }
    }

    /// Units of live buildings with no 联户长 among those `keys` names (after a void: what it left uncovered).
    public func unitsWithoutLeader(_ keys: [String]) -> [String] {
        let wanted = Set(keys)
        return unitCoverage().filter { wanted.contains($0.key) && $0.leaders.isEmpty }.map(\.key)
    }
}
