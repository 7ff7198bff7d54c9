import Foundation
import JingwuJournal

/// What a command is given besides the state: the time, who writes, and a back-dating.
public struct WriteContext: Sendable {
    /// Now, from the injected clock.
    public var now: Date
    /// Badge of the operator (`--as`); nil only while the roster is empty.
    public var operatorBadge: String?
    /// When it happened, if not now (`--at`).
    public var at: Date?
    /// Why it is back-dated (required when `at` is earlier than now beyond the tolerance).
    public var reason: String?

    public init(now: Date, operatorBadge: String? = nil, at: Date? = nil, reason: String? = nil) {
        self.now = now; self.operatorBadge = operatorBadge; self.at = at; self.reason = reason
    }

    /// The time the entry records.
    public var when: Date { at ?? now }
}

/// A command's verdict: the events to write and the short id of what it created.
public struct Decision: Sendable {
    public var events: [any EventPayload]
    /// The new entity's short id (`P0007`, `D2026-0003`, a badge or cell code), if any.
    public var entityID: String?
    public init(_ events: [any EventPayload], entityID: String? = nil) {
        self.events = events; self.entityID = entityID
    }
}

/// A write the office can be asked to make. `decide` validates against the state
/// and returns the events, or throws a `DomainError` naming the field; it never writes.
public protocol OfficeCommand: Sendable {
    func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision
}

/// Shared checks, each throwing a `DomainError` naming the field.
public enum Validate {
    public static func officer(_ badge: String, field: String, _ state: OfficeState) throws -> Officer {
        let cleaned = CleanText.strip(badge)
        guard !cleaned.isEmpty else { throw DomainError(.required, field: field) }
        // Badges and cell codes are read as typed or in capitals (f101 is F101), and a
        // name that only one person on the roster has stands for their badge: what is
        // stored is always the roster's own badge.
        if let officer = state.officers.officer(cleaned) ?? state.officers.officer(cleaned.uppercased()) { return officer }
        let named = state.officers.all.filter { $0.name == cleaned }
        if named.count > 1 {
            throw DomainError(.ambiguousName, field: field, value: cleaned,
                              ["badges": named.map(\.badge).joined(separator: "、")])
        }
        guard let officer = named.first else { throw DomainError(.unknownOfficer, field: field, value: cleaned) }
        return officer
    }

    /// A police officer (民警) from the roster: where the record names the one responsible
    /// (带班民警, a key person's 责任民警), an auxiliary or helper is refused (exit 65).
    public static func police(_ badge: String, field: String, _ state: OfficeState) throws -> Officer {
        let officer = try officer(badge, field: field, state)
        guard officer.role == .police else {
            throw DomainError(.policeRequired, field: field, value: officer.badge, ["role": officer.role.code])
        }
        return officer
    }

    public static func officers(_ badges: [String], field: String, _ state: OfficeState) throws -> [String] {
        guard badges.count <= TextLimit.listItems else {
            throw DomainError(.tooLong, field: field, value: String(badges.count), ["max": String(TextLimit.listItems)])
        }
        var seen = Set<String>()
        return try badges.map { try officer($0, field: field, state).badge }.filter { seen.insert($0).inserted }
    }

    public static func cell(_ code: String, field: String, _ state: OfficeState) throws -> Cell {
        let cleaned = CleanText.strip(code)
        guard !cleaned.isEmpty else { throw DomainError(.required, field: field) }
        guard let cell = state.cells.cell(cleaned) ?? state.cells.cell(cleaned.uppercased()) else {
            throw DomainError(.unknownCell, field: field, value: cleaned)
        }
        return cell
    }

    public static func cells(_ codes: [String], field: String, _ state: OfficeState) throws -> [String] {
        var seen = Set<String>()
        return try codes.map { try cell($0, field: field, state).code }.filter { seen.insert($0).inserted }
    }

    /// Items of free text: cleaned, empty ones dropped, each of sane length.
    public static func list(_ items: [String], field: String, required: Bool, max: Int = TextLimit.name) throws -> [String] {
        let cleaned = items.map(CleanText.strip).filter { !$0.isEmpty }
        if required, cleaned.isEmpty { throw DomainError(.required, field: field) }
        guard cleaned.count <= TextLimit.listItems else {
            throw DomainError(.tooLong, field: field, value: String(cleaned.count), ["max": String(TextLimit.listItems)])
        }
        for item in cleaned where item.count > max {
            throw DomainError(.tooLong, field: field, value: String(item.prefix(20)) + "…", ["max": String(max)])
        }
        return cleaned
    }

    public static func int(_ text: String, field: String, range: ClosedRange<Int>) throws -> Int {
        guard let value = Int(CleanText.strip(text)) else { throw DomainError(.invalid, field: field, value: text) }
        return try int(value, field: field, range: range)
    }

    public static func int(_ value: Int, field: String, range: ClosedRange<Int>) throws -> Int {
        guard range.contains(value) else {
            throw DomainError(.invalid, field: field, value: String(value),
                              ["min": String(range.lowerBound), "max": String(range.upperBound)])
        }
        return value
    }

    public static func bool(_ text: String, field: String) throws -> Bool {
        switch CleanText.strip(text).lowercased() {
        case "true", "yes", "1", "y", "是": return true
        case "false", "no", "0", "n", "否": return false
        default: throw DomainError(.invalid, field: field, value: text)
        }
    }

    /// The entry's time must not be before `earliest` (the thing it belongs to began then).
    public static func notBefore(_ earliest: Date, _ context: WriteContext, what: String) throws {
        guard context.when >= earliest else {
            let (when, start) = OfficeTime.readable(context.when, earliest)  // 20:43:05 before 20:43:40
            throw DomainError(.beforeStart, field: "at", value: when, ["earliest": start, "record": what])
        }
    }

    static func activePatrol(_ id: String, field: String, _ state: OfficeState) throws -> Patrol {
        let cleaned = CleanText.strip(id).uppercased()
        guard !cleaned.isEmpty else { throw DomainError(.required, field: field) }
        guard let patrol = state.patrols.patrol(cleaned) else { throw DomainError(.unknownRecord, field: field, value: cleaned) }
        guard patrol.isActive else { throw DomainError(.closed, field: field, value: cleaned, ["status": "ended"]) }
        return patrol
    }

    static func dispute(_ id: String, field: String, _ state: OfficeState) throws -> Dispute {
        let cleaned = CleanText.strip(id).uppercased()
        guard !cleaned.isEmpty else { throw DomainError(.required, field: field) }
        guard let dispute = state.disputes.dispute(cleaned) else { throw DomainError(.unknownRecord, field: field, value: cleaned) }
        return dispute
    }

    static func openDispute(_ id: String, field: String, _ state: OfficeState) throws -> Dispute {
        let dispute = try dispute(id, field: field, state)
        guard !dispute.status.isConcluded else {
            throw DomainError(.closed, field: field, value: dispute.id, ["status": dispute.status.rawValue])
        }
        return dispute
    }

    static func listedPerson(_ id: String, field: String, _ state: OfficeState) throws -> KeyPerson {
        let cleaned = CleanText.strip(id).uppercased()
        guard !cleaned.isEmpty else { throw DomainError(.required, field: field) }
        guard let person = state.persons.person(cleaned) else { throw DomainError(.unknownRecord, field: field, value: cleaned) }
        guard person.isListed else { throw DomainError(.closed, field: field, value: cleaned, ["status": "delisted"]) }
        return person
    }
}

/// Short ids: `P0007`, `K0012`, `I0005`, `S0003`, `D2026-0003`.
public enum ShortID {
    public static func make(_ prefix: String, _ number: Int) -> String {
        let digits = String(number)
        return prefix + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

// MARK: Officers and cells

/// `officer add`: enrol an officer or helper.
public struct EnrollOfficer: OfficeCommand {
    public var badge: String
    public var name: String
    public var role: OfficerRole
    public init(badge: String, name: String, role: OfficerRole) { self.badge = badge; self.name = name; self.role = role }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let badge = try CleanText.code(badge, field: "badge")
        // Badges are read in capitals too (f101 is F101): two that differ only in case would be one.
        if let existing = state.officers.all.first(where: { $0.badge.uppercased() == badge.uppercased() }) {
            throw DomainError(.duplicate, field: "badge", value: existing.badge)
        }
        let name = try CleanText.required(name, field: "name", max: TextLimit.name)
        if state.officers.isEmpty {
            // The office's first person enrols themselves, and is a police officer: only police
            // enrol the others and reset PINs, so an office must never be left without one.
            guard role == .police else { throw DomainError(.firstOfficerPolice, field: "role", value: role.code) }
            if let operatorBadge = context.operatorBadge, operatorBadge != badge {
                throw DomainError(.firstOfficerSelf, field: "as", value: operatorBadge, ["badge": badge])
            }
        }
        return Decision([OfficerEnrolled(badge: badge, name: name, role: role)], entityID: badge)
    }
}

/// `cell add`: define a grid cell.
public struct AddCell: OfficeCommand {
    public var code: String
    public var name: String
    public var community: String
    public var kind: CellKind
    public var windowHours: Int?
    public var x: Int?
    public var y: Int?
    public var keySite: Bool
    public init(code: String, name: String, community: String, kind: CellKind, windowHours: Int? = nil,
                x: Int? = nil, y: Int? = nil, keySite: Bool = false) {
        self.code = code; self.name = name; self.community = community; self.kind = kind
        self.windowHours = windowHours; self.x = x; self.y = y; self.keySite = keySite
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let code = try CleanText.code(code, field: "code")
        // Codes are read in capitals too (c07 is C07): two that differ only in case would be one.
        if let existing = state.cells.all.first(where: { $0.code.uppercased() == code.uppercased() }) {
            throw DomainError(.duplicate, field: "code", value: existing.code)
        }
        let name = try CleanText.required(name, field: "name", max: TextLimit.name)
        let community = try CleanText.required(community, field: "community", max: TextLimit.name)
        let window = try windowHours.map { try Validate.int($0, field: "window-hours", range: 1...(24 * 31)) }
        // A place on the coverage map: inside the 78-column map, both or neither, and not
        // the very place of another cell (which would hide one of them).
        let x = try x.map { try Validate.int($0, field: "x", range: 0...(CoverageMap.width - 2)) }
        let y = try y.map { try Validate.int($0, field: "y", range: 0...CoverageMap.maxRow) }
        if (x == nil) != (y == nil) { throw DomainError(.required, field: x == nil ? "x" : "y") }
        if let x, let y, let other = state.cells.all.first(where: { $0.x == x && $0.y == y }) {
            throw DomainError(.positionTaken, field: "x", value: "\(x),\(y)", ["cell": other.code])
        }
        return Decision([CellAdded(code: code, name: name, community: community, kind: kind, windowHours: window,
                                   x: x, y: y, keySite: keySite)], entityID: code)
    }
}

// MARK: Shifts

/// `shift open`: the person on duty (值班人员) takes the shift (only when none is open),
/// naming the police officer responsible (带班民警, on duty or on call) if they are not one.
public struct OpenShift: OfficeCommand {
    public var duty: String
    public var team: [String]
    public var template: String?
    /// 带班民警: must be police; optional (a shift without one shows 「本班无民警在岗」
    /// unless a police officer is on duty in it).
    public var leadPolice: String?
    public init(duty: String, team: [String] = [], template: String? = nil, leadPolice: String? = nil) {
        self.duty = duty; self.team = team; self.template = template; self.leadPolice = leadPolice
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let duty = try Validate.officer(duty, field: "duty", state).badge
        let team = try Validate.officers(team, field: "team", state).filter { $0 != duty }
        var lead: String?
        if let leadPolice, !CleanText.strip(leadPolice).isEmpty {
            lead = try Validate.police(leadPolice, field: "lead-police", state).badge
        }
        if let current = state.shifts.current {
            throw DomainError(.shiftStillOpen, field: "duty", value: current.id, ["who": state.officerLabel(current.duty)])
        }
        var templateCode: String?
        if let template {
            let code = CleanText.strip(template)
            guard state.policy.shiftTemplates.contains(where: { $0.code == code }) else {
                throw DomainError(.unknownCode, field: "template", value: code,
                                  ["allowed": state.policy.shiftTemplates.map(\.code).joined(separator: "|")])
            }
            templateCode = code
        }
        let id = ShortID.make("S", state.shifts.count + 1)
        return Decision([ShiftOpened(shift: id, duty: duty, team: team, template: templateCode, leadPolice: lead)],
                        entityID: id)
    }
}

/// `shift handover`: the duty officer hands the open shift to the next officer.
public struct HandOverShift: OfficeCommand {
    public var to: String
    public var notes: String
    public var carried: [String]
    public init(to: String, notes: String, carried: [String] = []) { self.to = to; self.notes = notes; self.carried = carried }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        guard let shift = state.shifts.current else { throw DomainError(.noOpenShift, field: "shift") }
        // The duty officer hands over; a police officer may do it for an auxiliary on duty.
        if let operatorBadge = context.operatorBadge, operatorBadge != shift.duty,
           state.officers.officer(operatorBadge)?.role != .police {
            throw DomainError(.handOverByAnother, field: "as", value: operatorBadge,
                              ["shift": shift.id, "duty": state.officerLabel(shift.duty)])
        }
        let taker = try Validate.officer(to, field: "to", state)
        let to = taker.badge
        guard to != shift.duty else { throw DomainError(.handOverToSelf, field: "to", value: to) }
        // Only someone who can sign in and write can acknowledge and take the shift on.
        guard taker.role.isOperator else {
            throw DomainError(.cannotTakeOver, field: "to", value: to, ["takerRole": taker.role.code])
        }
        let notes = try CleanText.required(notes, field: "notes", max: TextLimit.long)
        let carried = try Validate.list(carried, field: "carried", required: false, max: TextLimit.short)
        try Validate.notBefore(shift.openedAt, context, what: shift.id)
        return Decision([ShiftHandedOver(shift: shift.id, from: shift.duty, to: to, notes: notes, carried: carried)],
                        entityID: shift.id)
    }
}

/// `shift ack`: the incoming officer accepts the handover and, by default, opens their shift.
public struct AcknowledgeShift: OfficeCommand {
    public var by: String
    public var objections: String?
    /// Also open the acknowledging officer's own shift (with this team and template).
    public var openNext: Bool
    public var team: [String]
    public var template: String?
    /// 带班民警 of the shift it opens.
    public var leadPolice: String?
    public init(by: String, objections: String? = nil, openNext: Bool = true, team: [String] = [], template: String? = nil,
                leadPolice: String? = nil) {
        self.by = by; self.objections = objections; self.openNext = openNext; self.team = team; self.template = template
        self.leadPolice = leadPolice
    }

    /// The refusal for `by` acknowledging when the waiting handover went to someone else
    /// (it says to whom), or nil when it went to `by` or none waits.
    public static func notTheIncoming(_ by: String, _ state: OfficeState) -> DomainError? {
        guard let pending = state.unacknowledgedHandovers.last, let to = pending.handover?.to, to != by else { return nil }
        return DomainError(.notTheIncoming, field: "by", value: by, ["shift": pending.id, "to": state.officerLabel(to)])
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let by = try Validate.officer(by, field: "by", state).badge
        let objections = try CleanText.optional(objections, field: "objections", max: TextLimit.long)
        guard let shift = state.shifts.shifts.last(where: { !$0.voided && $0.handover?.to == by && $0.acknowledgement == nil }),
              let handover = shift.handover
        else { throw Self.notTheIncoming(by, state) ?? DomainError(.nothingToAcknowledge, field: "by", value: by) }
        // An acknowledgement is the incoming officer's own word: written as them, not for them.
        if let operatorBadge = context.operatorBadge, operatorBadge != by {
            throw DomainError(.acknowledgeForAnother, field: "by", value: state.officerLabel(by),
                              ["operator": state.officerLabel(operatorBadge)])
        }
        try Validate.notBefore(handover.at, context, what: shift.id)
        var events: [any EventPayload] = [ShiftAcknowledged(shift: shift.id, by: by, objections: objections)]
        var entity = shift.id
        if openNext, state.shifts.current == nil {
            let opened = try OpenShift(duty: by, team: team, template: template, leadPolice: leadPolice).decide(state, context)
            events += opened.events
            entity = opened.entityID ?? entity
        }
        return Decision(events, entityID: entity)
    }
}

// MARK: Patrols

/// `patrol start`: a patrol goes out, led by a police officer or auxiliary (公安干警牵头).
public struct StartPatrol: OfficeCommand {
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
    public var patrol: String
    public var cell: String
    public var note: String?
    public init(patrol: String, cell: String, note: String? = nil) { self.patrol = patrol; self.cell = cell; self.note = note }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let patrol = try Validate.activePatrol(patrol, field: "patrol", state)
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
            let found = try Validate.activePatrol(patrol, field: "patrol", state)
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
    public var patrol: String
    public var cell: String?
    public var subject: StopCheckSubject
    public var outcome: StopCheckOutcome
    public var note: String?
    public init(patrol: String, cell: String? = nil, subject: StopCheckSubject, outcome: StopCheckOutcome, note: String? = nil) {
        self.patrol = patrol; self.cell = cell; self.subject = subject; self.outcome = outcome; self.note = note
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let patrol = try Validate.activePatrol(patrol, field: "patrol", state)
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
    public var patrol: String
    public var summary: String?
    public init(patrol: String, summary: String? = nil) { self.patrol = patrol; self.summary = summary }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let patrol = try Validate.activePatrol(patrol, field: "patrol", state)
        let summary = try CleanText.optional(summary, field: "summary", max: TextLimit.long)
        try Validate.notBefore(patrol.startedAt, context, what: patrol.id)
        if let last = patrol.checkIns.map({ state.patrols.checkIns[$0] }).filter({ !$0.voided }).map(\.at).max() {
            try Validate.notBefore(last, context, what: patrol.id)
        }
        return Decision([PatrolEnded(patrol: patrol.id, summary: summary)], entityID: patrol.id)
    }
}

// MARK: Key persons and visits

/// `person add`: list a key person.
public struct ListPerson: OfficeCommand {
    public var name: String
    public var idNumber: String
    public var category: PersonCategory
    public var residency: Residency
    public var cell: String
    public var officer: String
    public var intervalDays: Int?
    public init(name: String, idNumber: String, category: PersonCategory, residency: Residency, cell: String,
                officer: String, intervalDays: Int? = nil) {
        self.name = name; self.idNumber = idNumber; self.category = category; self.residency = residency
        self.cell = cell; self.officer = officer; self.intervalDays = intervalDays
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let name = try CleanText.required(name, field: "name", max: TextLimit.name)
        let number = try ResidentID.validate(idNumber, field: "id-number", today: context.now)
        if let existing = state.persons.listedByIDNumber[number] {
            // Masked: a refusal must not print a whole (valid) ID number either.
            throw DomainError(.duplicate, field: "id-number", value: Privacy.maskIDNumber(number), ["record": existing])
        }
        let cell = try Validate.cell(cell, field: "cell", state)
        // 责任民警 is a police officer (TERMS.md); records written before this rule stay as they are.
        let officer = try Validate.police(officer, field: "officer", state)
        let interval = try intervalDays.map { try Validate.int($0, field: "interval-days", range: 1...366) }
        let id = ShortID.make("K", state.persons.count + 1)
        return Decision([PersonListed(person: id, name: name, idNumber: number, category: category, residency: residency,
                                      cell: cell.code, officer: officer.badge, intervalDays: interval)], entityID: id)
    }
}

/// A listed person's residency (or category) changed.
public struct ChangePersonStatus: OfficeCommand {
    public var person: String
    public var residency: Residency?
    public var category: PersonCategory?
    public var note: String?
    public init(person: String, residency: Residency? = nil, category: PersonCategory? = nil, note: String? = nil) {
        self.person = person; self.residency = residency; self.category = category; self.note = note
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let person = try Validate.listedPerson(person, field: "person", state)
        guard residency != nil || category != nil else { throw DomainError(.statusChangeEmpty, field: "residency") }
        // Only what actually changes is recorded; a change to the same values is no change at all.
        let newResidency = residency == person.residency ? nil : residency
        let newCategory = category == person.category ? nil : category
        guard newResidency != nil || newCategory != nil else {
            throw DomainError(.unchanged, field: residency != nil ? "residency" : "category", value: person.id)
        }
        let note = try CleanText.optional(note, field: "note", max: TextLimit.long)
        try Validate.notBefore(person.listedAt, context, what: person.id)
        return Decision([PersonStatusChanged(person: person.id, residency: newResidency, category: newCategory, note: note)],
                        entityID: person.id)
    }
}

/// A person is taken off the list, with a reason.
public struct DelistPerson: OfficeCommand {
    public var person: String
    public var reason: String
    public init(person: String, reason: String) { self.person = person; self.reason = reason }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let person = try Validate.listedPerson(person, field: "person", state)
        let reason = try CleanText.required(reason, field: "reason", max: TextLimit.long)
        try Validate.notBefore(person.listedAt, context, what: person.id)
        return Decision([PersonDelisted(person: person.id, reason: reason)], entityID: person.id)
    }
}

/// `visit add`: a visit or talk with a listed person.
public struct RecordVisit: OfficeCommand {
    public var person: String
    public var method: VisitMethod
    public var officer: String
    public var participants: [String]
    public var findings: String
    public var observed: Residency?
    public init(person: String, method: VisitMethod, officer: String, participants: [String] = [], findings: String,
                observed: Residency? = nil) {
        self.person = person; self.method = method; self.officer = officer; self.participants = participants
        self.findings = findings; self.observed = observed
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let person = try Validate.listedPerson(person, field: "person", state)
        let officer = try Validate.officer(officer, field: "by", state)
        let participants = try Validate.list(participants, field: "with", required: false)
        let findings = try CleanText.required(findings, field: "finding", max: TextLimit.long)
        try Validate.notBefore(person.listedAt, context, what: person.id)
        return Decision([VisitRecorded(person: person.id, method: method, officer: officer.badge,
                                       participants: participants, findings: findings, observed: observed)],
                        entityID: person.id)
    }
}

// MARK: Disputes

/// `dispute open`: take in a dispute; its id carries the year of opening.
public struct OpenDispute: OfficeCommand {
    public var category: DisputeCategory
    public var parties: [String]
    public var source: DisputeSource
    public var cell: String
    public var summary: String
    public var risk: DisputeRisk
    public init(category: DisputeCategory, parties: [String], source: DisputeSource = .walkIn, cell: String,
                summary: String, risk: DisputeRisk = .normal) {
        self.category = category; self.parties = parties; self.source = source; self.cell = cell
        self.summary = summary; self.risk = risk
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let parties = try Validate.list(parties, field: "parties", required: true)
        let cell = try Validate.cell(cell, field: "cell", state)
        let summary = try CleanText.required(summary, field: "summary", max: TextLimit.long)
        let year = OfficeTime.year(context.when)
        let id = "D\(year)-" + ShortID.make("", (state.disputes.countByYear[year] ?? 0) + 1)
        return Decision([DisputeOpened(dispute: id, category: category, parties: parties, source: source,
                                       cell: cell.code, summary: summary, risk: risk)], entityID: id)
    }
}

/// `dispute mediate`: a mediation session on a dispute not yet concluded.
public struct HoldMediation: OfficeCommand {
    public var dispute: String
    public var kind: MediationKind
    public var mediators: [String]
    public var notes: String
    public var result: MediationResult?
    public init(dispute: String, kind: MediationKind, mediators: [String], notes: String, result: MediationResult? = nil) {
        self.dispute = dispute; self.kind = kind; self.mediators = mediators; self.notes = notes; self.result = result
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let dispute = try Validate.openDispute(dispute, field: "dispute", state)
        let mediators = try Validate.list(mediators, field: "mediators", required: true)
        let notes = try CleanText.required(notes, field: "notes", max: TextLimit.long)
        try Validate.notBefore(dispute.openedAt, context, what: dispute.id)
        return Decision([MediationHeld(dispute: dispute.id, kind: kind, mediators: mediators, notes: notes,
                                       result: result)], entityID: dispute.id)
    }
}

/// `dispute resolve`: settled with an agreement (调处成功).
public struct ResolveDispute: OfficeCommand {
    public var dispute: String
    public var agreement: String
    public init(dispute: String, agreement: String) { self.dispute = dispute; self.agreement = agreement }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let dispute = try Validate.openDispute(dispute, field: "dispute", state)
        let agreement = try CleanText.required(agreement, field: "agreement", max: TextLimit.long)
        try Validate.notBefore(dispute.openedAt, context, what: dispute.id)
        return Decision([DisputeResolved(dispute: dispute.id, agreement: agreement)], entityID: dispute.id)
    }
}

/// `dispute refer`: handed to another body.
public struct ReferDispute: OfficeCommand {
    public var dispute: String
    public var to: ReferralTarget
    public var notes: String
    public init(dispute: String, to: ReferralTarget, notes: String) { self.dispute = dispute; self.to = to; self.notes = notes }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let dispute = try Validate.openDispute(dispute, field: "dispute", state)
        let notes = try CleanText.required(notes, field: "notes", max: TextLimit.long)
        try Validate.notBefore(dispute.openedAt, context, what: dispute.id)
        return Decision([DisputeReferred(dispute: dispute.id, to: to, notes: notes)], entityID: dispute.id)
    }
}

/// `dispute close`: closed without settlement.
public struct CloseDispute: OfficeCommand {
    public var dispute: String
    public var reason: String
    public init(dispute: String, reason: String) { self.dispute = dispute; self.reason = reason }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let dispute = try Validate.openDispute(dispute, field: "dispute", state)
        let reason = try CleanText.required(reason, field: "reason", max: TextLimit.long)
        try Validate.notBefore(dispute.openedAt, context, what: dispute.id)
        return Decision([DisputeClosed(dispute: dispute.id, reason: reason)], entityID: dispute.id)
    }
}

/// `dispute follow-up`: a follow-up (回访) once the dispute is concluded.
public struct FollowUpDispute: OfficeCommand {
    public var dispute: String
    public var note: String
    public init(dispute: String, note: String) { self.dispute = dispute; self.note = note }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let dispute = try Validate.dispute(dispute, field: "dispute", state)
        guard let conclusion = dispute.conclusion else {
            throw DomainError(.notConcluded, field: "dispute", value: dispute.id, ["status": dispute.status.rawValue])
        }
        let note = try CleanText.required(note, field: "note", max: TextLimit.long)
        try Validate.notBefore(conclusion.at, context, what: dispute.id)
        return Decision([DisputeFollowedUp(dispute: dispute.id, note: note)], entityID: dispute.id)
    }
}

// MARK: Incidents

/// `incident add`: an incident (警情) reaches the office.
public struct LogIncident: OfficeCommand {
    public var cell: String
    public var kind: IncidentKind
    public var summary: String
    public var source: IncidentSource
    /// The key person or dispute it concerns (optional).
    public var person: String?
    public var dispute: String?
    public init(cell: String, kind: IncidentKind, summary: String, source: IncidentSource = .alarm110,
                person: String? = nil, dispute: String? = nil) {
        self.cell = cell; self.kind = kind; self.summary = summary; self.source = source
        self.person = person; self.dispute = dispute
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let cell = try Validate.cell(cell, field: "cell", state)
        let summary = try CleanText.required(summary, field: "summary", max: TextLimit.long)
        let person = try IncidentLinkCheck.person(person, state)
        let dispute = try IncidentLinkCheck.dispute(dispute, state)
        let id = ShortID.make("I", state.incidents.count + 1)
        return Decision([IncidentLogged(incident: id, cell: cell.code, kind: kind, summary: summary, source: source,
                                        person: person, dispute: dispute)], entityID: id)
    }
}

/// An incident is closed with its disposition.
public struct CloseIncident: OfficeCommand {
    public var incident: String
    public var disposition: IncidentDisposition
    public var note: String?
    public init(incident: String, disposition: IncidentDisposition, note: String? = nil) {
        self.incident = incident; self.disposition = disposition; self.note = note
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let cleaned = CleanText.strip(incident).uppercased()
        guard !cleaned.isEmpty else { throw DomainError(.required, field: "incident") }
        guard let incident = state.incidents.incident(cleaned) else {
            throw DomainError(.unknownRecord, field: "incident", value: cleaned)
        }
        guard incident.isOpen else { throw DomainError(.closed, field: "incident", value: cleaned, ["status": "closed"]) }
        let note = try CleanText.optional(note, field: "note", max: TextLimit.long)
        try Validate.notBefore(incident.at, context, what: incident.id)
        return Decision([IncidentClosed(incident: incident.id, disposition: disposition, note: note)], entityID: incident.id)
    }
}

// MARK: Corrections

/// `event amend`: correct named fields of an earlier event, with a reason.
public struct AmendEntry: OfficeCommand {
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
        }
        return Decision([EntryAmended(event: event, reason: reason, changes: normalised)])
    }
}

/// `event void`: strike out an earlier event, with a reason.
public struct VoidEntry: OfficeCommand {
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
