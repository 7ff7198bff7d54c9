import Foundation
import JingwuJournal

// MARK: Officers and cells

/// `officer add`: enrol an officer or helper.
public struct EnrollOfficer: OfficeCommand {
    public static let leastRole: LeastRole = .police(action: "enrol-officer", field: "badge")
    public var badge: String
    public var name: String
    public var role: OfficerRole
    public init(badge: String, name: String, role: OfficerRole) { self.badge = badge; self.name = name; self.role = role }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let badge = try CleanText.code(badge, field: "badge")
        // Badges are read in capitals too (f101 is F101): two that differ only in case would be one.
        let capitals = badge.uppercased()
        // Looked for among the badges first (a district enrols hundreds of 联户长: building every
        // officer's record and two capitalised copies per officer made each enrolment cost the roster);
        // only a badge found is looked up again in enrolment order, to name the same one as ever.
        if state.officers.byBadge.contains(where: { !$0.value.voided && Self.sameInCapitals($0.key, capitals) }),
           let existing = state.officers.all.first(where: { $0.badge.uppercased() == capitals }) {
            throw DomainError(.duplicate, field: "badge", value: existing.badge)
        }
        let name = try CleanText.required(name, field: "name", max: TextLimit.name)
        if state.officers.isEmpty {
            // The office's first person enrols themselves, and is a police officer: only police
            // enrol the others and reset PINs, so an office must never be left without one.
            guard role == .police else { throw DomainError(.firstOfficerPolice, field: "role", value: role.code) }
            if let operatorBadge = context.operatorBadge, operatorBadge != badge {
                throw DomainError(.firstOfficerSelf, field: "as", value: operatorBadge, ["badge": badge])
            }
        }
        return Decision([OfficerEnrolled(badge: badge, name: name, role: role)], entityID: badge)
    }

    /// Whether `badge` in capitals is `capitals` (`badge.uppercased() == capitals`), without
    /// making the capitalised copy when both are ASCII.
    static func sameInCapitals(_ badge: String, _ capitals: String) -> Bool {
        let a = badge.utf8, b = capitals.utf8
        guard a.allSatisfy({ $0 < 0x80 }), b.allSatisfy({ $0 < 0x80 }) else { return badge.uppercased() == capitals }
        return a.count == b.count && zip(a, b).allSatisfy { x, y in (x >= 0x61 && x <= 0x7A ? x - 0x20 : x) == y }
    }
}

/// `cell add`: define a grid cell.
public struct AddCell: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var code: String
    public var name: String
    public var community: String
    public var kind: CellKind
    public var windowHours: Int?
    public var x: Int?
    public var y: Int?
    public var keySite: Bool
    /// The 网格 the point is in (optional: else its community's default 网格).
    public var grid: String?
    public init(code: String, name: String, community: String, kind: CellKind, windowHours: Int? = nil,
                x: Int? = nil, y: Int? = nil, keySite: Bool = false, grid: String? = nil) {
        self.code = code; self.name = name; self.community = community; self.kind = kind
        self.windowHours = windowHours; self.x = x; self.y = y; self.keySite = keySite; self.grid = grid
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let code = try CleanText.code(code, field: "code")
        // Codes are read in capitals too (c07 is C07): two that differ only in case would be one.
        if let existing = state.cells.all.first(where: { $0.code.uppercased() == code.uppercased() }) {
            throw DomainError(.duplicate, field: "code", value: existing.code)
        }
        let name = try CleanText.required(name, field: "name", max: TextLimit.name)
        let community = try CleanText.required(community, field: "community", max: TextLimit.name)
        let window = try windowHours.map { try Validate.int($0, field: "window-hours", range: 1...(24 * 31)) }
        // A place on the coverage map: inside the 78-column map, both or neither, and not
        // the very place of another cell (which would hide one of them).
        let x = try x.map { try Validate.int($0, field: "x", range: 0...(CoverageMap.width - 2)) }
        let y = try y.map { try Validate.int($0, field: "y", range: 0...CoverageMap.maxRow) }
        if (x == nil) != (y == nil) { throw DomainError(.required, field: x == nil ? "x" : "y") }
        if let x, let y, let other = state.cells.all.first(where: { $0.x == x && $0.y == y }) {
            throw DomainError(.positionTaken, field: "x", value: "\(x),\(y)", ["cell": other.code])
        }
        // A point's 网格 is one of its own community.
        let grid = try CleanText.optional(grid, field: "grid", max: TextLimit.name).map { try Validate.grid($0, field: "grid", state) }
        if let grid, grid.community != community {
            throw DomainError(.otherCommunity, field: "grid", value: grid.code, ["community": grid.community, "expected": community])
        }
        if state.population.grids.all.contains(where: { $0.code.uppercased() == code.uppercased() }) {
            throw DomainError(.duplicate, field: "code", value: code)
        }
        return Decision([CellAdded(code: code, name: name, community: community, kind: kind, windowHours: window,
                                   x: x, y: y, keySite: keySite, grid: grid?.code)], entityID: code)
    }
}
