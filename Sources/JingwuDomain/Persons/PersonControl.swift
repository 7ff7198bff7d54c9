import Foundation
import JingwuJournal

// Key persons fixed to the seeds (issue 19, DOMAIN.md §4.1, §4.3): why a person is listed
// (列管依据), how closely (管控级别), and the 三位一体 help team — the community officer,
// the 治保 cadre and a family elder, as named people.

/// How closely a key person is kept (管控级别). [practice]: the sources name no levels.
public enum ControlLevel: String, DomainCode {
    case strict, focus, general
    public static let codeKind = "control_level"
}

/// A member's place in the 三位一体 help team (帮教小组, 001-B).
public enum HelperRole: String, DomainCode {
    case officer, security, family
    public static let codeKind = "helper_role"
}

/// A named member of a help team.
public struct Helper: Codable, Sendable, Equatable {
    public var role: HelperRole
    public var name: String
    public init(role: HelperRole, name: String) { self.role = role; self.name = name }
}

/// A key person's 列管依据, 管控级别 and help team, as last set.
public struct PersonControl: Sendable, Equatable {
    public var basis: String
    public var level: ControlLevel
    public var helpers: [Helper]
    public var at: Date
    public var event: UUID
    public var voided = false
}

extension PersonCategory {
    /// 流动人口 and 暂住人口 are population (residency) statuses, not reasons to list someone:
    /// new listings refuse them. Old journals' persons filed under them still read, named as
    /// the old category they are (`流动人口（原列管类别）`), and may be moved to a real one.
    public var isPopulationStatus: Bool { self == .floating || self == .temporary }
    /// The categories a person may be listed under now.
    public static var listable: [PersonCategory] { allCases.filter { !$0.isPopulationStatus } }

    /// Refuses a population status offered as a category.
    static func checkListable(_ category: PersonCategory, field: String) throws {
        if category.isPopulationStatus {
            throw DomainError(.populationStatus, field: field, value: category.code, ["personCategory": category.code])
        }
    }
}

/// 列管依据, 管控级别 and the 三位一体 help team are set (or set again) for a listed person.
public struct PersonControlSet: EventPayload {
    public static let type = "PersonControlSet"
    public static let version = 1
    public var person: String
    public var basis: String
    public var controlLevel: ControlLevel
    public var helpers: [Helper]
    public init(person: String, basis: String, controlLevel: ControlLevel, helpers: [Helper]) {
        self.person = person; self.basis = basis; self.controlLevel = controlLevel; self.helpers = helpers
    }
    public var asEvent: DomainEvent { .personControlSet(self) }
}

/// `person control`: sets 列管依据, 管控级别 and the help team (`--helpers "officer:张伟;security:李强;family:王父"`).
public struct SetPersonControl: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var person: String
    public var basis: String
    public var level: ControlLevel
    /// `role:name` each (role as its code or name: 社区民警, 治保干部, 家长).
    public var helpers: [String]
    public init(person: String, basis: String, level: ControlLevel, helpers: [String]) {
        self.person = person; self.basis = basis; self.level = level; self.helpers = helpers
    }

    static func helpers(_ items: [String]) throws -> [Helper] {
        let cleaned = try Validate.list(items, field: "helpers", required: true)
        let team = try cleaned.map { item -> Helper in
            let parts = item.split(maxSplits: 1, whereSeparator: { $0 == ":" || $0 == "：" }).map(String.init)
            guard parts.count == 2 else { throw DomainError(.invalid, field: "helpers", value: item) }
            let name = try CleanText.required(parts[1], field: "helpers", max: TextLimit.name)
            return Helper(role: try HelperRole.parse(parts[0], field: "helpers"), name: name)
        }
        // 三位一体: each of the three is there.
        for role in HelperRole.allCases where !team.contains(where: { $0.role == role }) {
            throw DomainError(.helperMissing, field: "helpers", value: role.code, ["helperRole": role.code])
        }
        return team
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let person = try Validate.open(person, field: "person", state.persons.person)
        let basis = try CleanText.required(basis, field: "basis", max: TextLimit.long)
        let helpers = try Self.helpers(helpers)
        try Validate.notBefore(person.listedAt, context, what: person.id)
        return Decision([PersonControlSet(person: person.id, basis: basis, controlLevel: level, helpers: helpers)], entityID: person.id)
    }
}

extension PersonRegister {
    /// The person's 列管依据, 管控级别 and help team, as last set (unvoided).
    public func control(_ person: String) -> PersonControl? {
        controls[person]?.last { !$0.voided }
    }
}

extension OfficeState {
    mutating func fold(_ e: PersonControlSet, _ envelope: Envelope) {
        let control = PersonControl(basis: e.basis, level: e.controlLevel, helpers: e.helpers, at: envelope.at, event: envelope.id)
        let position = persons.controls[e.person, default: []].count
        persons.controls[e.person, default: []].append(control)
        targets[envelope.id] = .personControl(e.person, position)
    }

    /// 社区矫正 persons listed as 户在人不在 at `date`: possibly out of supervision (可能脱管).
    public func possiblyAbsconding(at date: Date) -> [KeyPerson] {
        persons.persons.filter { person in
            guard person.listedAt <= date, !person.voided, person.delistedAt.map({ $0 > date }) ?? true else { return false }
            let changes = person.changes.filter { !$0.voided && $0.at <= date }
            let category = changes.last(where: { $0.category != nil })?.category ?? person.listedCategory
            let residency = changes.last(where: { $0.residency != nil })?.residency ?? person.listedResidency
            return category == .correction && residency == .registeredAbsent
        }
    }
}

extension PersonControlSet {
    public static let voiding = Voiding { s, t in
        guard case .personControl(let id, let position) = t, position < (s.persons.controls[id]?.count ?? 0) else { return }
        s.persons.controls[id]?[position].voided = true
    }
    public static let amendable: [AmendableField] = [
        .text("basis") { s, t, v in
            guard case .personControl(let id, let position) = t, position < (s.persons.controls[id]?.count ?? 0) else { return }
            s.persons.controls[id]?[position].basis = v
        },
        .code("control-level", ControlLevel.self) { s, t, v in
            guard case .personControl(let id, let position) = t, position < (s.persons.controls[id]?.count ?? 0) else { return }
            s.persons.controls[id]?[position].level = v
        },
    ]
}
