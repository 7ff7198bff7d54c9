import Foundation
import JingwuResources

// 警号 belongs to police officers only (TERMS.md): an auxiliary has a 辅警编号, the others on
// the roster (巡防队员, 义警, 联户长) a 人员编号. Where the person is not known yet (a badge
// being typed), the label names both: 警号/编号.

extension OfficerRole {
    /// The key of the name of this role's number: `domain.badge_label.police` (警号),
    /// `.auxiliary` (辅警编号), `.other` (人员编号).
    public var numberLabelKey: String {
        switch self {
        case .police: return "domain.badge_label.police"
        case .auxiliary: return "domain.badge_label.auxiliary"
        case .patroller, .volunteer, .householdLeader, .gridWorker, .securityDirector, .mediator: return "domain.badge_label.other"
        }
    }

    /// The name of this role's number in the operator's language (警号, 辅警编号, 人员编号).
    public func numberLabel(_ strings: Strings) -> String { strings.text(numberLabelKey) }
}

extension OfficerRoster {
    /// The name of `badge`'s number: by the role of the person on the roster, else 警号/编号.
    public func numberLabel(of badge: String?, _ strings: Strings) -> String {
        guard let badge, let officer = officer(badge) else { return strings.text(Self.anyNumberLabelKey) }
        return officer.role.numberLabel(strings)
    }

    /// The key of the label of a number typed before anyone knows whose it is: 警号/编号.
    public static let anyNumberLabelKey = "domain.badge_label.any"
}
