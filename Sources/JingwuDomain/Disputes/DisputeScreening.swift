import Foundation
import JingwuJournal

// 排查 (issue 20, DOMAIN.md §5.2, seed 002: 「每周对包村（社区）开展矛盾纠纷排查」): once a week per
// community the office reports what its screening found — the number of disputes and early signs
// (苗头性、倾向性问题), the cases opened from it — or a 零报告 when it found nothing. A week with
// neither is a gap (总览, the disputes report). A 零报告 for a week that already has findings is
// refused; findings after a 零报告 stand, and the week counts as one with findings.

// MARK: Weeks

/// Weeks in the office's zone, Monday to Sunday, named by their Monday's day number
/// (`OfficeTime.dayNumber`) or its date `2026-11-30`.
public enum OfficeWeek {
    /// 1 = Monday … 7 = Sunday, in the office's zone.
    public static func weekday(_ date: Date) -> Int { weekday(ofDay: OfficeTime.dayNumber(date)) }

    static func weekday(ofDay day: Int64) -> Int { Int(((day + 3) % 7 + 7) % 7) + 1 }

    /// Day number of the Monday that starts the week of `date`.
    public static func monday(_ date: Date) -> Int64 {
        let day = OfficeTime.dayNumber(date)
        return day - Int64(weekday(ofDay: day) - 1)
    }

    /// Local midnight starting day `day`.
    public static func start(ofDay day: Int64) -> Date {
        Date(timeIntervalSince1970: Double(day * 86400 - Int64(OfficeTime.offset)))
    }

    /// `2026-11-30` for day `day`.
    public static func label(_ day: Int64) -> String {
        let (y, m, d, _, _, _) = RFC3339.civil(fromEpochSeconds: day * 86400)
        return String(format: "%04lld-%02lld-%02lld", y, m, d)
    }

    /// The day number of `2026-11-30`, or nil.
    public static func day(_ label: String) -> Int64? {
        let parts = label.split(separator: "-")
        guard parts.count == 3, let y = Int64(parts[0]), let m = Int64(parts[1]), let d = Int64(parts[2]),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        return RFC3339.daysFromCivil(y, m, d)
    }
}

// MARK: Event

/// The weekly 排查 of one community: what it found, or a 零报告.
public struct DisputeScreeningDone: EventPayload {
    public static let type = "DisputeScreeningDone"
    public static let version = 1
    /// The community (社区) screened, as the cells name it.
    public var community: String
    /// The week screened: its Monday, `2026-11-30`.
    public var week: String
    /// Disputes and early signs found (0 for a 零报告).
    public var found: Int
    /// Dispute cases opened from what was found.
    public var disputes: [String]?
    /// 苗头性、倾向性问题 noted.
    public var signs: String?
    /// 零报告: nothing found this week.
    public var zeroReport: Bool
    public init(community: String, week: String, found: Int, disputes: [String]? = nil, signs: String? = nil,
                zeroReport: Bool) {
        self.community = community; self.week = week; self.found = found; self.disputes = disputes; self.signs = signs
        self.zeroReport = zeroReport
    }
    public var asEvent: DomainEvent { .disputeScreeningDone(self) }
}

extension DisputeScreeningDone {
    public static let voiding = Voiding { s, t in
        if case .screening(let i) = t, i < s.disputes.screenings.count { s.disputes.screenings[i].voided = true }
    }
    public static let amendable: [AmendableField] = [
        .text("signs") { s, t, v in
            if case .screening(let i) = t, i < s.disputes.screenings.count { s.disputes.screenings[i].signs = v }
        },
    ]
}

// MARK: Projection

/// One community's 排查 report for one week.
public struct Screening: Sendable, Equatable {
    public var community: String
    /// The week's Monday (day number).
    public var week: Int64
    public var found: Int
    public var disputes: [String]
    public var signs: String?
    public var zeroReport: Bool
    public var by: String
    public var at: Date
    public var event: UUID
    public var voided = false
}

/// Where one community's 排查 stands for one week.
public enum ScreeningStatus: Sendable, Equatable {
    /// Findings reported (the total found over the week's reports).
    case findings(Int)
    /// 零报告.
    case zero
    /// Neither, and the week is over: a gap.
    case gap
    /// Neither yet, and the week is not over.
    case pending
}

/// One community × one week.
public struct ScreeningWeek: Sendable, Equatable {
    public var community: String
    /// The Monday (day number).
    public var week: Int64
    public var status: ScreeningStatus
    public var weekLabel: String { OfficeWeek.label(week) }
}

// MARK: Command

/// `dispute screen`: the weekly 排查 of a community, with what it found or a 零报告.
public struct RecordScreening: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var community: String
    /// A day in the week screened; the week of the entry's time when nil.
    public var week: Date?
    public var found: Int
    public var disputes: [String]
    public var signs: String?
    public var zeroReport: Bool
    public init(community: String, week: Date? = nil, found: Int = 0, disputes: [String] = [], signs: String? = nil,
                zeroReport: Bool = false) {
        self.community = community; self.week = week; self.found = found; self.disputes = disputes; self.signs = signs
        self.zeroReport = zeroReport
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let community = try Validate.community(community, field: "community", state)
        let monday = OfficeWeek.monday(week ?? context.when)
        // A week not begun by the entry's time cannot have been screened.
        guard monday <= OfficeWeek.monday(context.when) else {
            throw DomainError(.invalid, field: "week", value: OfficeWeek.label(monday))
        }
        let signs = try CleanText.optional(signs, field: "signs", max: TextLimit.long)
        var seen = Set<String>()
        let disputes = try disputes.map { try Validate.record($0, field: "disputes", state.disputes.dispute).id }
            .filter { seen.insert($0).inserted }
        let earlier = state.screenings(community: community, week: monday)
        if zeroReport {
            let already = earlier.reduce(0) { $0 + $1.found }
            let total = max(found, disputes.count) + already
            guard total == 0 else {
                throw DomainError(.screeningHasFindings, field: "zero-report", value: community,
                                  ["week": OfficeWeek.label(monday), "found": String(total)])
            }
            if earlier.contains(where: \.zeroReport) {
                throw DomainError(.duplicate, field: "week", value: "\(community) \(OfficeWeek.label(monday))")
            }
        } else {
            guard found >= 1 else { throw DomainError(.required, field: "found") }
            _ = try Validate.int(found, field: "found", range: max(1, disputes.count)...10_000)
        }
        return Decision([DisputeScreeningDone(community: community, week: OfficeWeek.label(monday), found: zeroReport ? 0 : found,
                                              disputes: disputes.isEmpty ? nil : disputes, signs: signs,
                                              zeroReport: zeroReport)], entityID: community)
    }
}

extension Validate {
    /// A community (社区) the cells name, matched as typed or ignoring case; refused naming those there are.
    static func community(_ text: String, field: String, _ state: OfficeState) throws -> String {
        let cleaned = CleanText.strip(text)
        guard !cleaned.isEmpty else { throw DomainError(.required, field: field) }
        let known = state.communities
        if let match = known.first(where: { $0 == cleaned }) ?? known.first(where: { $0.lowercased() == cleaned.lowercased() }) {
            return match
        }
        throw DomainError(.unknownCommunity, field: field, value: cleaned, ["allowed": known.joined(separator: "、")])
    }
}

// MARK: Fold and queries

extension OfficeState {
    mutating func fold(_ e: DisputeScreeningDone, _ envelope: Envelope) {
        let week = OfficeWeek.day(e.week) ?? OfficeWeek.monday(envelope.at)
        disputes.screenings.append(Screening(community: e.community, week: week, found: e.found, disputes: e.disputes ?? [],
                                             signs: e.signs, zeroReport: e.zeroReport, by: envelope.by, at: envelope.at,
                                             event: envelope.id))
        targets[envelope.id] = .screening(disputes.screenings.count - 1)
    }

    /// Live 排查 reports of `community` for the week starting on day `week`.
    public func screenings(community: String, week: Int64) -> [Screening] {
        disputes.screenings.filter { !$0.voided && $0.community == community && $0.week == week }
    }

    /// Every community × every week overlapping `[from, to)`, with its 排查 status at `now`
    /// (a week is a gap once it is over with no report; before that, pending). Communities
    /// sorted, weeks oldest first.
    public func screeningWeeks(from: Date, to: Date, now: Date) -> [ScreeningWeek] {
        let first = OfficeWeek.monday(from)
        let last = OfficeWeek.monday(to.addingTimeInterval(-1))
        guard first <= last else { return [] }
        var byKey: [String: [Int64: (found: Int, zero: Bool)]] = [:]
        for s in disputes.screenings where !s.voided && s.week >= first && s.week <= last {
            var entry = byKey[s.community, default: [:]][s.week] ?? (0, false)
            entry.found += s.found
            entry.zero = entry.zero || s.zeroReport
            byKey[s.community, default: [:]][s.week] = entry
        }
        let nowMonday = OfficeWeek.monday(now)
        var out: [ScreeningWeek] = []
        for community in communities {
            var week = first
            while week <= last {
                let entry = byKey[community]?[week]
                let status: ScreeningStatus
                if let entry, entry.found > 0 { status = .findings(entry.found) }
                else if let entry, entry.zero { status = .zero }
                else { status = week < nowMonday ? .gap : .pending }
                out.append(ScreeningWeek(community: community, week: week, status: status))
                week += 7
            }
        }
        return out
    }

    /// Communities with no 排查 report for the last week that is over at `now` (总览, the handover).
    public func screeningGaps(now: Date) -> [ScreeningWeek] {
        let lastWeek = OfficeWeek.start(ofDay: OfficeWeek.monday(now) - 7)
        return screeningWeeks(from: lastWeek, to: lastWeek.addingTimeInterval(7 * 86400), now: now)
            .filter { $0.status == .gap }
    }
}

// MARK: Checkpoint (inside the disputes section)

extension OfficeState {
    static func writeScreenings(_ w: inout CheckpointWriter, _ screenings: [Screening]) {
        w.array(screenings) { w, s in
            w.string(s.community); w.int(Int(s.week)); w.int(s.found); w.strings(s.disputes); w.optional(s.signs) { $0.string($1) }
            w.bool(s.zeroReport); w.string(s.by); w.date(s.at); w.uuid(s.event); w.bool(s.voided)
        }
    }

    static func readScreenings(_ r: inout CheckpointReader) throws -> [Screening] {
        try r.array { r in
            Screening(community: try r.string(), week: Int64(try r.int()), found: try r.int(), disputes: try r.strings(),
                      signs: try r.optional { try $0.string() }, zeroReport: try r.bool(), by: try r.string(),
                      at: try r.date(), event: try r.uuid(), voided: try r.bool())
        }
    }
}
