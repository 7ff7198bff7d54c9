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
    public init(code: String, name: String, community: String, kind: CellKind, windowHours: Int? = nil,
                x: Int? = nil, y: Int? = nil, keySite: Bool = false) {
        self.code = code; self.name = name; self.community = community; self.kind = kind
        self.windowHours = windowHours; self.x = x; self.y = y; self.keySite = keySite
    }
    public var asEvent: DomainEvent { .cellAdded(self) }
}
