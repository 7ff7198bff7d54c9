import Foundation
import JingwuJournal

// 群防群治 (issue 19): the code lists of 联户长 points, 义警 and patrol teams, and tips (线索).
// The 13 scoring items and the task kinds are not code lists: communities adapt them, so they
// live in `Resources/policy/community.json` (CommunityPolicy.swift).

/// The three categories of 「三大类13项积分」 (DOMAIN.md §7.4): 基础工作, 工作成效, 模范引领.
public enum PointsCategory: String, DomainCode {
    case basic, results, model
    public static let codeKind = "points_category"
}

/// What kind of team: 义警队 or 巡防队.
public enum TeamKind: String, DomainCode {
    case volunteer, patrol
    public static let codeKind = "team_kind"
}

/// Who gave a tip (线索): a 联户长, a 义警, a 网格员 or a resident.
public enum TipSource: String, DomainCode {
    case householdLeader = "household-leader", volunteer, gridWorker = "grid-worker", resident
    public static let codeKind = "tip_source"

    /// The roster role a source from the roster must have; nil for a resident (named, not on the roster).
    public var rosterRole: OfficerRole? {
        switch self {
        case .householdLeader: return .householdLeader
        case .volunteer: return .volunteer
        case .gridWorker: return .gridWorker
        case .resident: return nil
        }
    }
}

/// How a tip came in.
public enum TipChannel: String, DomainCode {
    case inPerson = "in-person", phone, wechat, patrol
    public static let codeKind = "tip_channel"
}

/// What a tip was turned into: a hazard, a dispute, an incident or a key-person note.
public enum TipOutcome: String, DomainCode {
    case hazard, dispute, incident, person
    public static let codeKind = "tip_outcome"
}
