import Foundation
import JingwuJournal

// The read side of the projections: what screens and reports ask of the state.
// These scan only what they report on; folding stays O(1) per event.

/// Where a cell stands against its coverage window.
public enum CoverageStatus: String, Sendable, CaseIterable {
    /// Checked in within its window, with time to spare.
    case covered
    /// Still within its window, but most of it has passed (`Policy.dueSoonFraction`).
    case dueSoon
    /// Its last check-in is older than its window: a gap.
    case gap
    /// No check-in ever.
    case never
    public var isGap: Bool { self == .gap || self == .never }
}

/// One cell's coverage at a moment.
public struct CellCoverage: Sendable, Equatable {
    public var cell: Cell
    public var windowHours: Int
    public var lastCheckIn: Date?
    /// Hours since the last check-in (nil when never).
    public var hoursSince: Double?
    public var status: CoverageStatus
    /// When the window runs out (nil when never checked in).
    public var dueAt: Date?
}

/// Check-ins of a cell during the night window of a period.
public struct NightCoverage: Sendable, Equatable {
    public var cell: Cell
    public var nightCheckIns: Int
    public var lastNightCheckIn: Date?
}

/// One line of a timeline of a patrol.
public struct PatrolTimelineEntry: Sendable, Equatable {
    public enum Kind: String, Sendable { case started, checkIn, hazard, stopCheck, ended }
    public var kind: Kind
    public var at: Date
    public var cell: String?
    public var text: String?
    public var event: UUID
}

/// Patrol time and counts of one mode.
public struct ModeLine: Sendable, Equatable {
    public var mode: PatrolMode
    public var patrols: Int
    public var minutes: Int
    /// Cells checked in by these patrols in the period, in code order.
    public var cellsCovered: [String]
}

/// Patrol time of one officer.
public struct OfficerMinutes: Sendable, Equatable {
    public var badge: String
    public var name: String
    public var patrols: Int
    public var minutes: Int
}

extension OfficeState {
    // MARK: Patrols

    /// Patrols out now, oldest first.
    public var activePatrols: [Patrol] {
        patrols.active.compactMap { patrols.patrol($0) }.sorted { $0.startedAt < $1.startedAt }
    }

    /// Live patrols overlapping `[from, to)`, oldest first.
    public func patrols(from: Date, to: Date) -> [Patrol] {
        patrols.patrols.live(overlapping: from, to)
    }

    /// Ended live patrols that ended in `[from, to)`.
    public func endedPatrols(from: Date, to: Date) -> [Patrol] {
        patrols.patrols.filter { !$0.voided && ($0.endedAt.map { $0 >= from && $0 < to } ?? false) }
    }

    /// Minutes a patrol spent inside `[from, to)` (up to `now` if still out).
    public func minutes(of patrol: Patrol, from: Date, to: Date, now: Date) -> Int {
        let start = max(patrol.startedAt, from)
        let end = min(patrol.endedAt ?? now, to)
        return max(0, Int(end.timeIntervalSince(start) / 60))
    }

    /// Patrol count, minutes and cells covered per mode in `[from, to)`; every mode listed.
    public func patrolsByMode(from: Date, to: Date, now: Date) -> [ModeLine] {
        var lines = Dictionary(uniqueKeysWithValues: PatrolMode.allCases.map { ($0, ModeLine(mode: $0, patrols: 0, minutes: 0, cellsCovered: [])) })
        var cells: [PatrolMode: Set<String>] = [:]
        for patrol in patrols(from: from, to: to) {
            lines[patrol.mode]!.patrols += 1
            lines[patrol.mode]!.minutes += minutes(of: patrol, from: from, to: to, now: now)
            for i in patrol.checkIns {
                let checkIn = self.patrols.checkIns[i]
                if !checkIn.voided, checkIn.at >= from, checkIn.at < to { cells[patrol.mode, default: []].insert(checkIn.cell) }
            }
        }
        return PatrolMode.allCases.map { mode in
            var line = lines[mode]!
            line.cellsCovered = (cells[mode] ?? []).sorted()
            return line
        }
    }

    /// Patrol minutes per officer (lead and members) in `[from, to)`, most first.
    public func patrolMinutesByOfficer(from: Date, to: Date, now: Date) -> [OfficerMinutes] {
        var table: [String: OfficerMinutes] = [:]
        for patrol in patrols(from: from, to: to) {
            let minutes = minutes(of: patrol, from: from, to: to, now: now)
            for badge in [patrol.lead] + patrol.members {
                var line = table[badge] ?? OfficerMinutes(badge: badge, name: officers.byBadge[badge]?.name ?? badge, patrols: 0, minutes: 0)
                line.patrols += 1
                line.minutes += minutes
                table[badge] = line
            }
        }
        return table.values.sorted { ($0.minutes, $1.badge) > ($1.minutes, $0.badge) }
    }

    /// Patrol minutes per shift id (patrols started with no shift open are under "").
    public func patrolMinutesByShift(from: Date, to: Date, now: Date) -> [String: Int] {
        var table: [String: Int] = [:]
        for patrol in patrols(from: from, to: to) {
            table[patrol.shift ?? "", default: 0] += minutes(of: patrol, from: from, to: to, now: now)
        }
        return table
    }

    /// Everything that happened on a patrol, in order of time.
    public func timeline(ofPatrol id: String) -> [PatrolTimelineEntry] {
        guard let patrol = patrols.patrol(id) else { return [] }
        var out = [PatrolTimelineEntry(kind: .started, at: patrol.startedAt, cell: nil, text: nil, event: patrol.event)]
        for i in patrol.checkIns where !patrols.checkIns[i].voided {
            let c = patrols.checkIns[i]
            out.append(PatrolTimelineEntry(kind: .checkIn, at: c.at, cell: c.cell, text: c.note, event: c.event))
        }
        for i in patrol.hazards where !patrols.hazards[i].voided {
            let h = patrols.hazards[i]
            out.append(PatrolTimelineEntry(kind: .hazard, at: h.at, cell: h.cell, text: h.note, event: h.event))
        }
        for i in patrol.stopChecks where !patrols.stopChecks[i].voided {
            let s = patrols.stopChecks[i]
            out.append(PatrolTimelineEntry(kind: .stopCheck, at: s.at, cell: s.cell, text: s.note, event: s.event))
        }
        if let ended = patrol.endedAt, let event = patrol.endEvent {
            out.append(PatrolTimelineEntry(kind: .ended, at: ended, cell: nil, text: patrol.summary, event: event))
        }
        return out.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }

    /// Live hazards found in `[from, to)`.
    public func hazards(from: Date, to: Date) -> [Hazard] {
        patrols.hazards.filter { !$0.voided && $0.at >= from && $0.at < to }
    }

    /// Live stop-checks in `[from, to)`.
    public func stopChecks(from: Date, to: Date) -> [StopCheck] {
        patrols.stopChecks.filter { !$0.voided && $0.at >= from && $0.at < to }
    }

    // MARK: Coverage

    /// The coverage window of a cell in hours: its own, else its kind's policy value.
    public func windowHours(of cell: Cell) -> Int { cell.windowHours ?? policy.coverageWindow(cell.kind) }

    /// One cell's coverage at `now`.
    public func coverage(of cell: Cell, now: Date) -> CellCoverage {
        let window = windowHours(of: cell)
        guard let last = patrols.lastCheckIn(cell: cell.code, atOrBefore: now) else {
            return CellCoverage(cell: cell, windowHours: window, lastCheckIn: nil, hoursSince: nil, status: .never, dueAt: nil)
        }
        let hours = now.timeIntervalSince(last.at) / 3600
        let status: CoverageStatus =
            hours > Double(window) ? .gap : hours >= Double(window) * policy.dueSoonFraction ? .dueSoon : .covered
        return CellCoverage(cell: cell, windowHours: window, lastCheckIn: last.at, hoursSince: hours, status: status,
                            dueAt: last.at.addingTimeInterval(Double(window) * 3600))
    }

    /// Every cell's coverage at `now`, in cell order.
    public func coverage(now: Date) -> [CellCoverage] { cells.all.map { coverage(of: $0, now: now) } }

    /// Cells past their window or never checked in, worst first: never, then by the
    /// share of the window overrun, then key sites first, then code.
    public func coverageGaps(now: Date) -> [CellCoverage] { Self.gapsWorstFirst(coverage(now: now)) }

    /// The gaps among `coverage`, in `coverageGaps`'s order (the console's night-only map and its
    /// redraw order the coverage it already has so).
    public static func gapsWorstFirst(_ coverage: [CellCoverage]) -> [CellCoverage] {
        coverage.filter(\.status.isGap).sorted { a, b in
            let ra = a.hoursSince.map { $0 / Double(a.windowHours) } ?? .infinity
            let rb = b.hoursSince.map { $0 / Double(b.windowHours) } ?? .infinity
            if ra != rb { return ra > rb }
            if a.cell.keySite != b.cell.keySite { return a.cell.keySite }
            return a.cell.code < b.cell.code
        }
    }

    /// Cells still covered but close to the end of their window.
    public func coverageDueSoon(now: Date) -> [CellCoverage] {
        coverage(now: now).filter { $0.status == .dueSoon }.sorted { ($0.dueAt ?? now) < ($1.dueAt ?? now) }
    }

    /// Check-ins per cell during the policy's night window within `[from, to)`.
    public func nightCoverage(from: Date, to: Date) -> [NightCoverage] {
        cells.all.map { cell in
            let night = patrols.checkIns(cell: cell.code, from: from, to: to).filter { policy.isNight($0.at) }
            return NightCoverage(cell: cell, nightCheckIns: night.count, lastNightCheckIn: night.last?.at)
        }
    }

    /// Live check-ins of a cell per local hour of day (all time), 24 counts.
    public func checkInHours(cell code: String) -> [Int] {
        patrols.trails[code]?.hourCounts ?? [Int](repeating: 0, count: 24)
    }
}
