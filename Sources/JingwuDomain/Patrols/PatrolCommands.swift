import Foundation
import JingwuJournal

// MARK: Patrols

/// `patrol start`: a patrol goes out, led by a police officer or auxiliary (公安干警牵头).
public struct StartPatrol: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var mode: PatrolMode
    public var dress: Dress
    public var lead: String
    public var members: [String]
    public var cells: [String]
    public init(mode: PatrolMode, dress: Dress = .uniformed, lead: String, members: [String] = [], cells: [String] = []) {
        self.mode = mode; self.dress = dress; self.lead = lead; self.members = members; self.cells = cells
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let leader = try Validate.officer(lead, field: "lead", state)
        guard leader.role == .police || leader.role == .auxiliary else {
            throw DomainError(.wrongRole, field: "lead", value: leader.badge, ["role": leader.role.code])
        }
        let members = try Validate.officers(members, field: "members", state).filter { $0 != leader.badge }
        let cells = try Validate.cells(cells, field: "cells", state)
        for id in state.patrols.active.sorted() {
            guard let patrol = state.patrols.patrol(id) else { continue }
            let busy = Set([patrol.lead] + patrol.members)
            if let clash = ([leader.badge] + members).first(where: busy.contains) {
                throw DomainError(.busy, field: clash == leader.badge ? "lead" : "members", value: clash, ["record": id])
            }
        }
        let id = ShortID.make("P", state.patrols.count + 1)
        return Decision([PatrolStarted(patrol: id, mode: mode, dress: dress, lead: leader.badge, members: members,
                                       cells: cells, shift: state.shifts.current?.id)], entityID: id)
    }
}

/// `patrol checkin`: an active patrol reports presence in a cell.
public struct CheckInPatrol: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var patrol: String
    public var cell: String
    public var note: String?
    public init(patrol: String, cell: String, note: String? = nil) { self.patrol = patrol; self.cell = cell; self.note = note }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let patrol = try Validate.open(patrol, field: "patrol", state.patrols.patrol)
        let cell = try Validate.cell(cell, field: "cell", state)
        let note = try CleanText.optional(note, field: "note", max: TextLimit.long)
        try Validate.notBefore(patrol.startedAt, context, what: patrol.id)
        try Self.notRepeated(patrol, cell: cell.code, at: context.when, state)
        return Decision([PatrolCheckedIn(patrol: patrol.id, cell: cell.code, note: note)], entityID: patrol.id)
    }

    /// Refuses a check-in less than `repeatCheckInMinutes` from one this patrol has at this cell,
    /// before or after it (a back-dated one counts; a voided one does not), naming the earlier one.
    static func notRepeated(_ patrol: Patrol, cell: String, at when: Date, _ state: OfficeState) throws {
        let window = state.policy.repeatCheckInMinutes * 60
        guard window > 0 else { return }
        // The nearest such check-in, read column by column (a long patrol has many check-ins).
        let list = state.patrols.checkIns
        var near: Int?
        var nearest = window
        for i in patrol.checkIns.reversed() {
            let apart = abs(list.at(i).timeIntervalSince(when))
            guard apart < nearest, !list.isVoided(i), list.cell(i) == cell else { continue }
            near = i
            nearest = apart
        }
        guard let near = near.map({ list[$0] }) else { return }
        let minutes = state.policy.repeatCheckInMinutes
        throw DomainError(.repeatCheckIn, field: "cell", value: cell, [
            // The clock time (with seconds: a double Enter is seconds apart); the date too on another day.
            "patrol": patrol.id,
            "earlier": OfficeTime.dayNumber(near.at) == OfficeTime.dayNumber(when)
                ? String(OfficeTime.readable(near.at, seconds: true).suffix(8)) : OfficeTime.readable(near.at, seconds: true),
            "minutes": minutes == minutes.rounded() ? String(Int(minutes)) : String(minutes),
        ])
    }
}

/// `patrol hazard`: a hazard found by an active patrol (or reported without one).
public struct ReportHazard: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var patrol: String?
    public var cell: String
    public var category: HazardCategory
    public var note: String
    public init(patrol: String?, cell: String, category: HazardCategory = .other, note: String) {
        self.patrol = patrol; self.cell = cell; self.category = category; self.note = note
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        var patrolID: String?
        if let patrol, !CleanText.strip(patrol).isEmpty {
            let found = try Validate.open(patrol, field: "patrol", state.patrols.patrol)
            try Validate.notBefore(found.startedAt, context, what: found.id)
            patrolID = found.id
        }
        let cell = try Validate.cell(cell, field: "cell", state)
        let note = try CleanText.required(note, field: "note", max: TextLimit.long)
        // Hazards are numbered in journal order, voided ones included (Hazards.swift).
        let id = ShortID.make("H", state.patrols.hazards.count + 1)
        return Decision([HazardFound(patrol: patrolID, cell: cell.code, category: category, note: note, hazard: id)],
                        entityID: id)
    }
}

/// A stop-and-check (盘查) by an active patrol.
public struct RecordStopCheck: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var patrol: String
    public var cell: String?
    public var subject: StopCheckSubject
    public var outcome: StopCheckOutcome
    public var note: String?
    public init(patrol: String, cell: String? = nil, subject: StopCheckSubject, outcome: StopCheckOutcome, note: String? = nil) {
        self.patrol = patrol; self.cell = cell; self.subject = subject; self.outcome = outcome; self.note = note
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let patrol = try Validate.open(patrol, field: "patrol", state.patrols.patrol)
        var cellCode: String?
        if let cell, !CleanText.strip(cell).isEmpty { cellCode = try Validate.cell(cell, field: "cell", state).code }
        let note = try CleanText.optional(note, field: "note", max: TextLimit.long)
        try Validate.notBefore(patrol.startedAt, context, what: patrol.id)
        return Decision([StopCheckConducted(patrol: patrol.id, cell: cellCode, subject: subject, outcome: outcome,
                                            note: note)], entityID: patrol.id)
    }
}

/// `patrol end`: the patrol returns.
public struct EndPatrol: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var patrol: String
    public var summary: String?
    public init(patrol: String, summary: String? = nil) { self.patrol = patrol; self.summary = summary }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let patrol = try Validate.open(patrol, field: "patrol", state.patrols.patrol)
        let summary = try CleanText.optional(summary, field: "summary", max: TextLimit.long)
        try Validate.notBefore(patrol.startedAt, context, what: patrol.id)
        if let last = patrol.checkIns.map({ state.patrols.checkIns[$0] }).filter({ !$0.voided }).map(\.at).max() {
            try Validate.notBefore(last, context, what: patrol.id)
        }
        return Decision([PatrolEnded(patrol: patrol.id, summary: summary)], entityID: patrol.id)
    }
}
