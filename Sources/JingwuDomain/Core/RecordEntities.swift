import Foundation
import JingwuJournal

// MARK: The ids a record names

/// The short ids and codes a record's data names: what the journal browser's 对象编号 filter
/// looks for. Every short id the product issues is stored under one of these keys — 巡逻 `P`
/// (`patrol`), 班次 `S` (`shift`), 重点人员 `K` (`person`), 纠纷 `D2026-…` (`dispute`), 警情 `I`
/// (`incident`), 隐患 `H` (`hazard`), 反诈预警 `F` (`warning`) — and so are cell codes and badges.
/// Compared in any case (`h0019` finds `H0019`).
public enum RecordEntities {
    /// Keys whose value is one id or code.
    public static let keys = ["patrol", "shift", "person", "dispute", "incident", "hazard", "warning",
                              "cell", "code", "badge", "lead", "officer", "duty", "to", "from", "by",
                              "leadPolice"]
    /// Keys whose value is a list of ids or codes.
    public static let listKeys = ["cells", "members", "team"]

    /// The ids and codes named in a record's data object, as written.
    public static func names(_ object: [String: Any]) -> [String] {
        var out: [String] = []
        for key in keys { if let s = object[key] as? String { out.append(s) } }
        for key in listKeys { if let list = object[key] as? [String] { out += list } }
        return out
    }

    /// The ids and codes named in a record's data (none when it is no JSON object).
    public static func names(_ data: Data) -> [String] {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return [] }
        return names(object)
    }

    /// Whether `name` is `id` in any case (both trimmed).
    public static func same(_ name: String, _ id: String) -> Bool {
        name.trimmingCharacters(in: .whitespaces).uppercased() == id.trimmingCharacters(in: .whitespaces).uppercased()
    }
}

extension OfficeState {
    /// The event that created the record with short id `id` (any case), voided or not. A hazard
    /// found before `HazardFound` carried its id has it only by its place in the journal
    /// (Hazards.swift): this is how a search finds `H0019` there.
    public func creatingEvent(ofShortID id: String) -> UUID? {
        let id = CleanText.strip(id).uppercased()
        guard let prefix = id.first else { return nil }
        switch prefix {
        case "H": return patrols.hazardIndex(id).map { patrols.hazards[$0].event }
        case "P": return patrols.patrol(id)?.event
        case "S": return shifts.shift(id)?.event
        case "K": return persons.person(id)?.event
        case "D": return disputes.dispute(id)?.event
        case "I": return incidents.incident(id)?.event
        case "F": return fraud.list.position(of: id).map { fraud.warnings[$0].event }
        default: return nil
        }
    }
}

/// Which records of a journal, read from the start, name one id or code (`jingwu log --entity`):
/// records whose data names it, a hazard from before `HazardFound` carried its id by its number
/// in journal order, and the corrections of any of those.
public struct EntityMatcher {
    public let id: String
    private var hazards = 0
    private var matched = Set<UUID>()

    public init(_ id: String) { self.id = CleanText.strip(id).uppercased() }

    /// Feed every record in journal order; true when this one names the id.
    public mutating func matches(type: String, id event: UUID, data: Data) -> Bool {
        guard !id.isEmpty, let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            return false
        }
        var names = RecordEntities.names(object)
        if type == HazardFound.type {
            hazards += 1
            if object["hazard"] == nil { names.append(ShortID.make("H", hazards)) }
        }
        var hit = names.contains { RecordEntities.same($0, id) }
        if !hit, type == EntryAmended.type || type == EntryVoided.type,
           let target = (object["event"] as? String).flatMap(UUID.init(uuidString:)) {
            hit = matched.contains(target)
        }
        if hit { matched.insert(event) }
        return hit
    }
}
