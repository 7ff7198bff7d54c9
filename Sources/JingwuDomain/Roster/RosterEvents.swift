import Foundation
import JingwuJournal

// MARK: Officers and cells

/// An officer or helper joins the office's roster.
public struct OfficerEnrolled: EventPayload {
    public static let type = "OfficerEnrolled"
    public static let version = 1
    public var badge: String
    public var name: String
    public var role: OfficerRole
    public init(badge: String, name: String, role: OfficerRole) {
        self.badge = badge; self.name = name; self.role = role
    }
    public var asEvent: DomainEvent { .officerEnrolled(self) }
}

/// A grid cell (网格) is defined: a compound, street, village or site.
public struct CellAdded: EventPayload {
    public static let type = "CellAdded"
    public static let version = 1
    public var code: String
    public var name: String
    public var community: String
    public var kind: CellKind
    /// Coverage window in hours; nil means the policy default for the kind.
    public var windowHours: Int?
    /// Position on the coverage map grid.
    public var x: Int?
    public var y: Int?
    /// 重点部位: a key site.
    public var keySite: Bool
    /// The 网格 this point is in (`GridAdded.code`); absent in journals written before the grid
    /// level: the point is then in its community's default 网格 (Population/PopulationQueries).
    public var grid: String?
    public init(code: String, name: String, community: String, kind: CellKind, windowHours: Int? = nil,
                x: Int? = nil, y: Int? = nil, keySite: Bool = false, grid: String? = nil) {
        self.code = code; self.name = name; self.community = community; self.kind = kind
        self.windowHours = windowHours; self.x = x; self.y = y; self.keySite = keySite; self.grid = grid
    }
    public var asEvent: DomainEvent { .cellAdded(self) }
}

// MARK: Corrections: what may be amended, what voiding undoes (AmendableField.swift)


extension OfficerEnrolled {
    /// Only police enrol people and reset PINs: the last one may not be struck off the roster.
    public static let voiding = Voiding(refusal: { _, target, state in
        guard case .officer(let badge) = target, let officer = state.officers.officer(badge), officer.role == .police,
              !state.officers.all.contains(where: { $0.role == .police && $0.badge != badge }) else { return nil }
        // Name and badge apart: each language brackets the badge its own way (张伟（031245）, 张伟 (031245)).
        return DomainError(.lastPoliceOfficer, field: "event", value: badge, ["name": officer.name])
    }) { s, t in
        if case .officer(let b) = t { s.officers.update(b) { $0.voided = true } }
    }
    public static let amendable: [AmendableField] = [
        .text("name", max: TextLimit.name) { s, t, v in if case .officer(let b) = t { s.officers.update(b) { $0.name = v } } },
        .code("role", OfficerRole.self) { s, t, v in if case .officer(let b) = t { s.officers.update(b) { $0.role = v } } },
    ]
}

extension CellAdded {
    public static let voiding = Voiding { s, t in if case .cell(let c) = t { s.cells.update(c) { $0.voided = true } } }
    public static let amendable: [AmendableField] = [
        .text("name", max: TextLimit.name) { s, t, v in if case .cell(let c) = t { s.cells.update(c) { $0.name = v } } },
        .text("community", max: TextLimit.name) { s, t, v in
            if case .cell(let c) = t { s.cells.update(c) { $0.community = v } }
        },
        .code("kind", CellKind.self) { s, t, v in if case .cell(let c) = t { s.cells.update(c) { $0.kind = v } } },
        .int("window-hours", 1...(24 * 31)) { s, t, v in if case .cell(let c) = t { s.cells.update(c) { $0.windowHours = v } } },
        .int("x", 0...999) { s, t, v in if case .cell(let c) = t { s.cells.update(c) { $0.x = v } } },
        .int("y", 0...999) { s, t, v in if case .cell(let c) = t { s.cells.update(c) { $0.y = v } } },
        .bool("key-site") { s, t, v in if case .cell(let c) = t { s.cells.update(c) { $0.keySite = v } } },
        // Moves the point into a 网格 (how the points of an older journal leave the default one), or,
        // given empty, back into its community's default 网格 (stored as "": no 网格 named).
        AmendableField("grid", normalise: { value, state, _ in
            CleanText.strip(value).isEmpty ? "" : try Validate.grid(value, field: "grid", state).code
        }, apply: { s, t, v in if case .cell(let c) = t { s.cells.update(c) { $0.grid = v.isEmpty ? nil : v } } }),
    ]
}
