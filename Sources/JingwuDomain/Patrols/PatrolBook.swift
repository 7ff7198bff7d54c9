import Foundation
import JingwuJournal

/// A patrol.
public struct Patrol: Sendable, Equatable, ClosableRecord {
    public var id: String
    public var mode: PatrolMode
    public var dress: Dress
    public var lead: String
    public var members: [String]
    public var plannedCells: [String]
    public var shift: String?
    public var startedAt: Date
    public var event: UUID
    public var voided = false
    public var endedAt: Date?
    public var summary: String?
    public var endEvent: UUID?
    /// Indexes into `PatrolBook.checkIns`, `.hazards`, `.stopChecks`.
    public var checkIns: [Int] = []
    public var hazards: [Int] = []
    public var stopChecks: [Int] = []
    public var isActive: Bool { endedAt == nil && !voided }
    var closedStatus: String? { isActive ? nil : "ended" }
    /// Minutes out, up to `now` for a patrol still active.
    public func minutes(now: Date) -> Int {
        max(0, Int((endedAt ?? now).timeIntervalSince(startedAt) / 60))
    }
}

/// A patrol's check-in to a cell.
public struct CheckIn: Sendable, Equatable {
    public var patrol: String
    public var cell: String
    public var note: String?
    public var at: Date
    public var event: UUID
    public var voided = false
}

/// A hazard found (安全隐患).
public struct Hazard: Sendable, Equatable {
    public var patrol: String?
    public var cell: String
    public var category: HazardCategory
    public var note: String
    public var at: Date
    public var event: UUID
    public var voided = false
    /// Short id, `H0001` (Hazards.swift).
    public var id: String = ""
    /// Set once the hazard was put right (HazardCleared).
    public var clearance: DealtWith? = nil
}

/// A stop-and-check (盘查).
public struct StopCheck: Sendable, Equatable {
    public var patrol: String
    public var cell: String?
    public var subject: StopCheckSubject
    public var outcome: StopCheckOutcome
    public var note: String?
    public var at: Date
    public var event: UUID
    public var voided = false
}

/// A cell's check-ins, in order of time, and their hour-of-day counts.
public struct CellTrail: Sendable, Equatable {
    /// Indexes into `PatrolBook.checkIns`, sorted by time (voided ones included).
    public var checkIns: [Int] = []
    /// Live check-ins per local hour of day, 0–23.
    public var hourCounts = [Int](repeating: 0, count: 24)
}

/// Patrols with their check-ins, hazards and stop-checks; per-cell coverage trails.
public struct PatrolBook: Sendable, Equatable {
    public internal(set) var patrols = PatrolList()
    public internal(set) var checkIns = CheckInList()
    var lazyHazards = Lazy<[Hazard]>([])
    var lazyStopChecks = Lazy<[StopCheck]>([])
    public internal(set) var hazards: [Hazard] {
        get { lazyHazards.value }
        _modify { yield &lazyHazards.value }
    }
    public internal(set) var stopChecks: [StopCheck] {
        get { lazyStopChecks.value }
        _modify { yield &lazyStopChecks.value }
    }
    /// Per-cell check-in trail (coverage).
    public internal(set) var trails = TrailMap()
    /// Ids of the patrols out now.
    public internal(set) var active: Set<String> = []

    public func patrol(_ id: String) -> Patrol? {
        guard let i = patrols.position(of: id) else { return nil }
        let patrol = patrols[i]
        return patrol.voided ? nil : patrol
    }
    /// Patrols ever started (numbering `P0001`…).
    public var count: Int { patrols.count }

    mutating func reserveCapacity(_ n: Int) { patrols.reserveCapacity(n) }

    mutating func add(_ patrol: Patrol) {
        patrols.append(patrol)
        if patrol.isActive { active.insert(patrol.id) }
    }
    mutating func update(_ id: String, _ change: (inout Patrol) -> Void) {
        guard let i = patrols.position(of: id) else { return }
        // Changed and asked in place: reading `patrols[i]` again would copy the patrol (its lists and strings).
        if Self.change(&patrols[i], change) { active.insert(id) } else { active.remove(id) }
    }

    /// Applies `change` to `patrol`; whether it is active after.
    private static func change(_ patrol: inout Patrol, _ change: (inout Patrol) -> Void) -> Bool {
        change(&patrol)
        return patrol.isActive
    }

    /// Adds a check-in to its cell's trail, keeping the trail in time order.
    mutating func track(_ checkInIndex: Int) {
        // One look-up, the trail changed in place through the dictionary: copying it out
        // and back would copy its whole array on every check-in (quadratic over a year).
        Self.insert(checkInIndex, into: &trails[checkIns.cell(checkInIndex), default: CellTrail()], checkIns: checkIns)
    }

    private static func insert(_ i: Int, into trail: inout CellTrail, checkIns: CheckInList) {
        let at = checkIns.at(i)
        if trail.checkIns.last.map({ checkIns.at($0) <= at }) ?? true {
            trail.checkIns.append(i)
        } else {
            var position = trail.checkIns.count
            while position > 0, checkIns.at(trail.checkIns[position - 1]) > at { position -= 1 }
            trail.checkIns.insert(i, at: position)
        }
        if !checkIns.isVoided(i) { trail.hourCounts[OfficeTime.hour(at)] += 1 }
    }

    /// Removes a check-in from its cell's trail (before a move or a void).
    mutating func untrack(_ checkInIndex: Int) {
        let checkIn = checkIns[checkInIndex]
        guard let position = trails[checkIn.cell]?.checkIns.lastIndex(of: checkInIndex) else { return }
        trails[checkIn.cell]!.checkIns.remove(at: position)
        if !checkIn.voided { trails[checkIn.cell]!.hourCounts[OfficeTime.hour(checkIn.at)] -= 1 }
    }

    /// Voids or restores a check-in, keeping the hour counts right.
    mutating func setCheckInVoided(_ i: Int, _ voided: Bool) {
        guard checkIns[i].voided != voided else { return }
        untrack(i)
        checkIns[i].voided = voided
        track(i)
    }

    /// The latest live check-in of a cell at or before `date`.
    public func lastCheckIn(cell: String, atOrBefore date: Date = .distantFuture) -> CheckIn? {
        guard let trail = trails[cell] else { return nil }
        for i in trail.checkIns.reversed() {
            let checkIn = checkIns[i]
            if checkIn.voided || checkIn.at > date { continue }
            return checkIn
        }
        return nil
    }

    /// Live check-ins of a cell in `[from, to)`, oldest first.
    public func checkIns(cell: String, from: Date, to: Date) -> [CheckIn] {
        guard let trail = trails[cell] else { return [] }
        var out: [CheckIn] = []
        for i in trail.checkIns.reversed() {
            let checkIn = checkIns[i]
            if checkIn.at < from { break }
            if checkIn.voided || checkIn.at >= to { continue }
            out.append(checkIn)
        }
        return out.reversed()
    }
}

// MARK: Fold

extension OfficeState {
    mutating func fold(_ e: PatrolStarted, _ envelope: Envelope) {
        patrols.add(Patrol(id: e.patrol, mode: e.mode, dress: e.dress, lead: e.lead, members: e.members,
                           plannedCells: e.cells, shift: e.shift, startedAt: envelope.at, event: envelope.id))
        targets[envelope.id] = .patrol(e.patrol)
    }

    mutating func fold(_ e: PatrolCheckedIn, _ envelope: Envelope) {
        let i = patrols.checkIns.count
        patrols.checkIns.append(CheckIn(patrol: e.patrol, cell: e.cell, note: e.note, at: envelope.at, event: envelope.id))
        patrols.track(i)
        patrols.update(e.patrol) { $0.checkIns.append(i) }
        targets[envelope.id] = .checkIn(i)
    }

    mutating func fold(_ e: HazardFound, _ envelope: Envelope) {
        let i = patrols.hazards.count
        patrols.hazards.append(Hazard(patrol: e.patrol, cell: e.cell, category: e.category, note: e.note, at: envelope.at,
                                      event: envelope.id, id: e.hazard ?? ShortID.make("H", i + 1)))
        if let patrol = e.patrol { patrols.update(patrol) { $0.hazards.append(i) } }
        targets[envelope.id] = .hazard(i)
    }

    mutating func fold(_ e: StopCheckConducted, _ envelope: Envelope) {
        let i = patrols.stopChecks.count
        patrols.stopChecks.append(StopCheck(patrol: e.patrol, cell: e.cell, subject: e.subject, outcome: e.outcome,
                                            note: e.note, at: envelope.at, event: envelope.id))
        patrols.update(e.patrol) { $0.stopChecks.append(i) }
        targets[envelope.id] = .stopCheck(i)
    }

    mutating func fold(_ e: PatrolEnded, _ envelope: Envelope) {
        patrols.update(e.patrol) { $0.endedAt = envelope.at; $0.summary = e.summary; $0.endEvent = envelope.id }
        targets[envelope.id] = .patrolEnd(e.patrol)
    }
}
