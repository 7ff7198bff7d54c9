import Foundation
import JingwuJournal

/// A person on the office's roster.
public struct Officer: Sendable, Equatable {
    public var badge: String
    public var name: String
    public var role: OfficerRole
    public var enrolledAt: Date
    public var event: UUID
    public var voided = false
}

/// A grid cell (网格).
public struct Cell: Sendable, Equatable {
    public var code: String
    public var name: String
    public var community: String
    public var kind: CellKind
    /// Own coverage window in hours, when it differs from the kind's policy value.
    public var windowHours: Int?
    public var x: Int?
    public var y: Int?
    public var keySite: Bool
    public var addedAt: Date
    public var event: UUID
    public var voided = false
    /// The 网格 it names (nil: its community's default 网格; see `OfficeState.gridRef(of:)`).
    public var grid: String? = nil
}

/// The roster of officers and helpers.
public struct OfficerRoster: Sendable, Equatable {
    public internal(set) var byBadge: [String: Officer] = [:]
    public internal(set) var order: [String] = []

    /// The officer with this badge, unless voided.
    public func officer(_ badge: String) -> Officer? {
        guard let officer = byBadge[badge], !officer.voided else { return nil }
        return officer
    }
    /// The roster's own badge for `typed`, as typed or in capitals (f101 is F101), unless voided.
    public func badge(for typed: String) -> String? {
        let cleaned = CleanText.strip(typed)
        return (officer(cleaned) ?? officer(cleaned.uppercased()))?.badge
    }
    /// Every enrolled officer in order of enrolment.
    public var all: [Officer] { order.compactMap { officer($0) } }
    public var isEmpty: Bool { !byBadge.values.contains { !$0.voided } }

    mutating func add(_ officer: Officer) {
        if byBadge[officer.badge] == nil { order.append(officer.badge) }
        byBadge[officer.badge] = officer
    }
    mutating func update(_ badge: String, _ change: (inout Officer) -> Void) {
        if var officer = byBadge[badge] { change(&officer); byBadge[badge] = officer }
    }
}

/// The grid cells.
public struct CellRegistry: Sendable, Equatable {
    public internal(set) var byCode: [String: Cell] = [:]
    public internal(set) var order: [String] = []

    public func cell(_ code: String) -> Cell? {
        guard let cell = byCode[code], !cell.voided else { return nil }
        return cell
    }
    public var all: [Cell] { order.compactMap { cell($0) } }

    mutating func add(_ cell: Cell) {
        if byCode[cell.code] == nil { order.append(cell.code) }
        byCode[cell.code] = cell
    }
    mutating func update(_ code: String, _ change: (inout Cell) -> Void) {
        if var cell = byCode[code] { change(&cell); byCode[code] = cell }
    }
}

// MARK: Fold

extension OfficeState {
    mutating func fold(_ e: OfficerEnrolled, _ envelope: Envelope) {
        officers.add(Officer(badge: e.badge, name: e.name, role: e.role, enrolledAt: envelope.at, event: envelope.id))
        targets[envelope.id] = .officer(e.badge)
    }

    mutating func fold(_ e: CellAdded, _ envelope: Envelope) {
        cells.add(Cell(code: e.code, name: e.name, community: e.community, kind: e.kind, windowHours: e.windowHours,
                       x: e.x, y: e.y, keySite: e.keySite, addedAt: envelope.at, event: envelope.id, grid: e.grid))
        targets[envelope.id] = .cell(e.code)
    }
}
