// The code lists. Codes are stable ASCII: they are written into the journal. Their names,
// Chinese and English, live once, in Resources/strings/*/ under `domain.code.<kind>.<code>`.

import Foundation
import JingwuResources

/// The Chinese names of every code, loaded once.
private let chineseStrings = Strings(.zh)

extension DomainCode {
    /// The Chinese name officers use (步巡), from the zh-Hans strings: one table for both.
    public var chineseName: String { chineseStrings.text(nameKey) }
}

/// An officer's role in the office (DOMAIN.md §1).
public enum OfficerRole: String, DomainCode {
    case police, auxiliary, patroller, volunteer, householdLeader = "household-leader"
    /// 网格员, 治保主任, 人民调解员 (issue 19): on the roster as data, like 联户长; they sign in to nothing.
    case gridWorker = "grid-worker", securityDirector = "security-director", mediator
    public static let codeKind = "officer_role"
}
