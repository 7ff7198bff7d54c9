import Foundation
import JingwuJournal

// MARK: Patrols (巡逻)

/// A patrol goes out.
public struct PatrolStarted: EventPayload {
    public static let type = "PatrolStarted"
    public static let version = 1
    /// Short id, `P0007`.
    public var patrol: String
    public var mode: PatrolMode
    public var dress: Dress
    public var lead: String
    public var members: [String]
    /// Cells the patrol plans to cover.
    public var cells: [String]
    /// The shift on duty when it started, if any.
    public var shift: String?
    public init(patrol: String, mode: PatrolMode, dress: Dress = .uniformed, lead: String, members: [String] = [],
                cells: [String] = [], shift: String? = nil) {
        self.patrol = patrol; self.mode = mode; self.dress = dress; self.lead = lead
        self.members = members; self.cells = cells; self.shift = shift
    }
    public var asEvent: DomainEvent { .patrolStarted(self) }
}

/// A patrol reports presence in a cell.
public struct PatrolCheckedIn: EventPayload {
    public static let type = "PatrolCheckedIn"
    public static let version = 1
    public var patrol: String
    public var cell: String
    public var note: String?
    public init(patrol: String, cell: String, note: String? = nil) {
        self.patrol = patrol; self.cell = cell; self.note = note
    }
    public var asEvent: DomainEvent { .patrolCheckedIn(self) }
}

/// A hazard (安全隐患) found in a cell, on patrol or reported.
public struct HazardFound: EventPayload {
    public static let type = "HazardFound"
    public static let version = 1
    public var patrol: String?
    public var cell: String
    public var category: HazardCategory
    public var note: String
    /// Short id, `H0001`; absent in hazards written before ids (numbered in journal order then).
    public var hazard: String?
    public init(patrol: String?, cell: String, category: HazardCategory, note: String, hazard: String? = nil) {
        self.patrol = patrol; self.cell = cell; self.category = category; self.note = note; self.hazard = hazard
    }
    public var asEvent: DomainEvent { .hazardFound(self) }
}

/// A stop-and-check (盘查) of a person, vehicle or item.
public struct StopCheckConducted: EventPayload {
    public static let type = "StopCheckConducted"
    public static let version = 1
    public var patrol: String
    public var cell: String?
    public var subject: StopCheckSubject
    public var outcome: StopCheckOutcome
    public var note: String?
    public init(patrol: String, cell: String? = nil, subject: StopCheckSubject, outcome: StopCheckOutcome,
                note: String? = nil) {
        self.patrol = patrol; self.cell = cell; self.subject = subject; self.outcome = outcome; self.note = note
    }
    public var asEvent: DomainEvent { .stopCheckConducted(self) }
}

/// A patrol returns, with its log (工作记载).
public struct PatrolEnded: EventPayload {
    public static let type = "PatrolEnded"
    public static let version = 1
    public var patrol: String
    public var summary: String?
    public init(patrol: String, summary: String? = nil) { self.patrol = patrol; self.summary = summary }
    public var asEvent: DomainEvent { .patrolEnded(self) }
}

// MARK: Corrections: what may be amended, what voiding undoes (AmendableField.swift)


extension PatrolStarted {
    /// Voiding a patrol voids everything it recorded.
    public static let voiding = Voiding { s, t in
        guard case .patrol(let id) = t, let patrol = s.patrols.patrol(id) else { return }
        for i in patrol.checkIns { s.patrols.setCheckInVoided(i, true) }
        for i in patrol.hazards { s.patrols.hazards[i].voided = true }
        for i in patrol.stopChecks { s.patrols.stopChecks[i].voided = true }
        s.patrols.update(id) { $0.voided = true }
    }
    public static let amendable: [AmendableField] = [
        .code("mode", PatrolMode.self) { s, t, v in if case .patrol(let id) = t { s.patrols.update(id) { $0.mode = v } } },
        .code("dress", Dress.self) { s, t, v in if case .patrol(let id) = t { s.patrols.update(id) { $0.dress = v } } },
    ]
}

extension PatrolCheckedIn {
    public static let voiding = Voiding { s, t in if case .checkIn(let i) = t { s.patrols.setCheckInVoided(i, true) } }
    public static let amendable: [AmendableField] = [
        .cell { s, t, v in
            // A check-in moved to another cell leaves the one trail for the other.
            guard case .checkIn(let i) = t, s.patrols.checkIns[i].cell != v else { return }
            s.patrols.untrack(i)
            s.patrols.checkIns[i].cell = v
            s.patrols.track(i)
        },
        .text("note") { s, t, v in if case .checkIn(let i) = t { s.patrols.checkIns[i].note = v } },
    ]
}

extension HazardFound {
    public static let voiding = Voiding { s, t in if case .hazard(let i) = t { s.patrols.hazards[i].voided = true } }
    public static let amendable: [AmendableField] = [
        .code("category", HazardCategory.self) { s, t, v in if case .hazard(let i) = t { s.patrols.hazards[i].category = v } },
        .text("note") { s, t, v in if case .hazard(let i) = t { s.patrols.hazards[i].note = v } },
        .cell { s, t, v in if case .hazard(let i) = t { s.patrols.hazards[i].cell = v } },
    ]
}

extension StopCheckConducted {
    public static let voiding = Voiding { s, t in
        if case .stopCheck(let i) = t { s.patrols.stopChecks[i].voided = true }
    }
    public static let amendable: [AmendableField] = [
        .code("subject", StopCheckSubject.self) { s, t, v in
            if case .stopCheck(let i) = t { s.patrols.stopChecks[i].subject = v }
        },
        .code("outcome", StopCheckOutcome.self) { s, t, v in
            if case .stopCheck(let i) = t { s.patrols.stopChecks[i].outcome = v }
        },
        .text("note") { s, t, v in if case .stopCheck(let i) = t { s.patrols.stopChecks[i].note = v } },
    ]
}

extension PatrolEnded {
    public static let voiding = Voiding { s, t in
        if case .patrolEnd(let id) = t { s.patrols.update(id) { $0.endedAt = nil; $0.summary = nil; $0.endEvent = nil } }
    }
    public static let amendable: [AmendableField] = [
        .text("summary") { s, t, v in if case .patrolEnd(let id) = t { s.patrols.update(id) { $0.summary = v } } },
    ]
}
