import Foundation
import JingwuJournal

// MARK: Corrections

/// `event amend`: correct named fields of an earlier event, with a reason.
public struct AmendEntry: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var event: UUID
    public var reason: String
    /// Field → new value, as `--set FIELD=VALUE` gives them.
    public var changes: [String: String]
    public init(event: UUID, reason: String, changes: [String: String]) {
        self.event = event; self.reason = reason; self.changes = changes
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        guard let type = state.eventTypes[event], state.targets[event] != nil else {
            throw DomainError(.unknownRecord, field: "event", value: event.uuidString.lowercased())
        }
        guard !state.voided.contains(event) else {
            throw DomainError(.closed, field: "event", value: event.uuidString.lowercased(), ["status": "voided"])
        }
        let reason = try CleanText.required(reason, field: "reason", max: TextLimit.long)
        guard !changes.isEmpty else { throw DomainError(.required, field: "set") }
        let allowed = Corrections.amendableFields[type] ?? []
        var normalised: [String: String] = [:]
        for (field, value) in changes {
            let field = CleanText.strip(field).lowercased()
            guard allowed.contains(field) else {
                throw DomainError(.notAmendable, field: "set", value: field,
                                  ["type": type, "fields": allowed.isEmpty ? "—" : allowed.joined(separator: "、")])
            }
            normalised[field] = try Corrections.normalise(type: type, field: field, value: value, state: state,
                                                          today: context.now)
            // A key person's new 责任民警 is police, as at `person add`.
            if type == PersonListed.type, field == "officer" {
                _ = try Validate.police(value, field: "officer", state)
            }
            // A point moves only into a 网格 of its own community, as at `cell add --grid`.
            if type == CellAdded.type, field == "grid", case .cell(let code)? = state.targets[event],
               let cell = state.cells.byCode[code], let grid = state.population.grid(normalised[field] ?? ""),
               grid.community != cell.community {
                throw DomainError(.otherCommunity, field: "grid", value: grid.code,
                                  ["community": grid.community, "expected": cell.community])
            }
            // Back into the default 网格: only a point that is in a 网格 now.
            if type == CellAdded.type, field == "grid", normalised[field] == "", case .cell(let code)? = state.targets[event],
               let cell = state.cells.byCode[code], state.gridRef(of: cell).code == nil {
                throw DomainError(.nothingToClear, field: "grid", value: cell.code)
            }
        }
        // The population records' rules that read the record itself (a 网格员 to clear, a 暂住's dates).
        try Self.checkPopulation(type: type, target: state.targets[event], changes: &normalised, state, context)
        return Decision([EntryAmended(event: event, reason: reason, changes: normalised)])
    }
}

/// `event void`: strike out an earlier event, with a reason.
public struct VoidEntry: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var event: UUID
    public var reason: String
    public init(event: UUID, reason: String) { self.event = event; self.reason = reason }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        guard let type = state.eventTypes[event], state.targets[event] != nil else {
            throw DomainError(.unknownRecord, field: "event", value: event.uuidString.lowercased())
        }
        guard !Corrections.unvoidableTypes.contains(type) else {
            throw DomainError(.notVoidable, field: "event", value: event.uuidString.lowercased(), ["type": type])
        }
        guard !state.voided.contains(event) else {
            throw DomainError(.closed, field: "event", value: event.uuidString.lowercased(), ["status": "voided"])
        }
        if let settled = Corrections.settledByVoidingLaterRecord(event, state) { throw settled }
        let reason = try CleanText.required(reason, field: "reason", max: TextLimit.long)
        return Decision([EntryVoided(event: event, reason: reason)])
    }
}
