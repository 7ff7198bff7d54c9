import Foundation
import JingwuJournal

/// A 网格 as the roll-ups name it: a defined one, or a community's default 网格 (`code` nil),
/// which holds that community's points that name no 网格 — every point of a journal written
/// before the grid level.
public struct GridRef: Hashable, Sendable, Comparable {
    public var community: String
    public var code: String?
    public init(community: String, code: String?) { self.community = community; self.code = code }
    public var isDefault: Bool { code == nil }
    public static func < (a: GridRef, b: GridRef) -> Bool {
        (a.community, a.code ?? "\u{10FFFF}") < (b.community, b.code ?? "\u{10FFFF}")
    }
}

/// Coverage of one 网格: its points' coverage (kept by point), counted.
public struct GridCoverage: Sendable, Equatable {
    public var ref: GridRef
    public var grid: Grid?
    public var points: [CellCoverage]
    public func count(_ status: CoverageStatus) -> Int { points.filter { $0.status == status }.count }
    /// Points covered or due soon (inside their window).
    public var inWindow: Int { points.filter { !$0.status.isGap }.count }
    public var gaps: Int { points.filter(\.status.isGap).count }
}

/// Residents by status in one place (a 网格 or one of its points).
public struct PopulationLine: Sendable, Equatable {
    public var grid: GridRef
    /// The point; nil on the 网格's own total line.
    public var cell: String?
    public var households: Int
    public var byStatus: [Residency: Int]
    public var residents: Int { byStatus.values.reduce(0, +) }
}

/// A 暂住登记 running out.
public struct ExpiringStay: Sendable, Equatable {
    public var resident: Resident
    public var household: Household
    public var rental: Rental?
    public var daysLeft: Int
}

/// 联户长 coverage of one unit.
public struct UnitCoverage: Sendable, Equatable {
    public var building: Building
    public var unit: Int
    public var households: Int
    /// Leaders of the unit's households (the unit's own and single households'), in badge order.
    public var leaders: [String]
    public var key: String { UnitKey.make(building.id, unit) }
}

/// One 联户长's span.
public struct LeaderSpan: Sendable, Equatable {
    public var leader: String
    public var households: Int
    public var units: Int
}

extension OfficeState {
    // MARK: The grid

    /// The community a building is in (its point's).
    public func community(ofBuilding building: Building) -> String {
        cells.byCode[building.cell]?.community ?? ""
    }

    /// The 网格 a point belongs to: the live 网格 it names in its community, else the community's default.
    public func gridRef(of cell: Cell) -> GridRef {
        if let code = cell.grid, let grid = population.grid(code), grid.community == cell.community {
            return GridRef(community: cell.community, code: grid.code)
        }
        return GridRef(community: cell.community, code: nil)
    }

    /// Every 网格 with its points: per community (in order of first appearance), the defined
    /// 网格 in order, then the default one when some points name none.
    public func grids() -> [(ref: GridRef, grid: Grid?, points: [Cell])] {
        var communities: [String] = []
        var seen = Set<String>()
        for c in cells.all.map(\.community) + population.grids.all.map(\.community) where seen.insert(c).inserted {
            communities.append(c)
        }
        var byRef: [GridRef: [Cell]] = [:]
        for cell in cells.all { byRef[gridRef(of: cell), default: []].append(cell) }
        var out: [(ref: GridRef, grid: Grid?, points: [Cell])] = []
        for community in communities {
            for grid in population.grids.all where grid.community == community {
                let ref = GridRef(community: community, code: grid.code)
                out.append((ref, grid, byRef[ref] ?? []))
            }
            let fallback = GridRef(community: community, code: nil)
            if let points = byRef[fallback] { out.append((fallback, nil, points)) }
        }
        return out
    }

    /// Coverage rolled up by 网格: each point's coverage exactly as `coverage(now:)` gives it.
    public func coverageByGrid(now: Date) -> [GridCoverage] {
        rollUp(coverage(now: now))
    }

    /// Point coverage (as given, e.g. the night-only colours of the map) grouped by 网格.
    public func rollUp(_ coverage: [CellCoverage]) -> [GridCoverage] {
        let byCode = Dictionary(coverage.map { ($0.cell.code, $0) }, uniquingKeysWith: { a, _ in a })
        return grids().map { g in
            GridCoverage(ref: g.ref, grid: g.grid, points: g.points.compactMap { byCode[$0.code] })
        }
    }

    /// The points of a 网格, in cell order.
    public func points(of ref: GridRef) -> [Cell] { cells.all.filter { gridRef(of: $0) == ref } }

    // MARK: Places and households

    /// Live buildings at the points of a 网格, in the order they were added.
    public func buildings(of ref: GridRef) -> [Building] {
        let codes = Set(points(of: ref).map(\.code))
        return population.buildings.all.filter { codes.contains($0.cell) }
    }

    /// Residents by status per 网格 and per point: for each 网格 its total line, then a line per
    /// point that has households.
    public func populationByStatus() -> [PopulationLine] {
        var perCell: [String: PopulationLine] = [:]
        let cellOfBuilding = Dictionary(population.buildings.all.map { ($0.id, $0.cell) }, uniquingKeysWith: { a, _ in a })
        for household in population.households.all {
            guard let code = cellOfBuilding[household.building], let cell = cells.cell(code) else { continue }
            var line = perCell[code] ?? PopulationLine(grid: gridRef(of: cell), cell: code, households: 0, byStatus: [:])
            line.households += 1
            for resident in population.residents(of: household.id) { line.byStatus[resident.status, default: 0] += 1 }
            perCell[code] = line
        }
        var out: [PopulationLine] = []
        for g in grids() {
            let lines = g.points.compactMap { perCell[$0.code] }
            guard !lines.isEmpty else { continue }
            var total = PopulationLine(grid: g.ref, cell: nil, households: 0, byStatus: [:])
            for line in lines {
                total.households += line.households
                for (status, n) in line.byStatus { total.byStatus[status, default: 0] += n }
            }
            out.append(total)
            out += lines
        }
        return out
    }

    /// Live 暂住 residents whose 暂住登记 ends within `days` days of `now` (or has ended), soonest first.
    public func expiringStays(now: Date, days: Int) -> [ExpiringStay] {
        let today = OfficeTime.startOfDay(now)
        let limit = today.addingTimeInterval(Double(days) * 86400)
        return population.residents.all.compactMap { r -> ExpiringStay? in
            guard r.status == .temporary, let until = r.stayUntil, until <= limit,
                  let household = population.household(r.household) else { return nil }
            let left = Int((until.timeIntervalSince(today) / 86400).rounded())
            return ExpiringStay(resident: r, household: household, rental: population.rental(ofHousehold: household.id),
                                daysLeft: left)
        }.sorted { ($0.resident.stayUntil!, $0.resident.id) < ($1.resident.stayUntil!, $1.resident.id) }
    }

    // MARK: 联户长

    /// The community a 联户长 leads in (their first live assignment's), if any.
    public func leaderCommunity(_ badge: String) -> String? {
        for a in population.assignments where !a.voided && a.leader == badge {
            if let key = a.units.first, let (id, _) = UnitKey.parse(key), let b = population.building(id) {
                return community(ofBuilding: b)
            }
            if let h = a.households.first.flatMap(population.household), let b = population.building(h.building) {
                return community(ofBuilding: b)
            }
        }
        return nil
    }

    /// Every unit of every live building with its households and leaders, in building order.
    public func unitCoverage() -> [UnitCoverage] {
        population.buildings.all.flatMap { building -> [UnitCoverage] in
            let households = population.households(in: building.id)
            return (1...max(1, building.units)).map { unit in
                let here = households.filter { $0.unit == unit }
                var leaders = Set(here.compactMap { population.leader(of: $0) })
                if let own = population.unitLeader[UnitKey.make(building.id, unit)] { leaders.insert(own) }
                return UnitCoverage(building: building, unit: unit, households: here.count, leaders: leaders.sorted())
            }
        }
    }

    /// Each 联户长 with the households and units they lead, most households first.
    public func leaderSpans() -> [LeaderSpan] {
        var households: [String: Int] = [:]
        var units: [String: Set<String>] = [:]
        for household in population.households.all {
            guard let leader = population.leader(of: household) else { continue }
            households[leader, default: 0] += 1
            units[leader, default: []].insert(household.unitKey)
        }
        for (unit, leader) in population.unitLeader { units[leader, default: []].insert(unit) }
        return units.keys.map { LeaderSpan(leader: $0, households: households[$0] ?? 0, units: units[$0]?.count ?? 0) }
            .sorted { ($0.households, $1.leader) > ($1.households, $0.leader) }
    }
}
