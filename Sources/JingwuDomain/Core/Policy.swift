import Foundation
import JingwuResources

/// The office's tunable rules, from `Resources/policy/*.json` (values DOMAIN.md calls
/// design assumptions are marked there with `_note`). Missing files fall back to `standard`.
public struct Policy: Sendable, Equatable {
    /// Days between visits, per key-person category.
    public var visitIntervalDays: [PersonCategory: Int]
    /// Hours a check-in keeps a cell covered, per cell kind.
    public var coverageWindowHours: [CellKind: Int]
    /// A covered cell is "due soon" once this share of its window has passed.
    public var dueSoonFraction: Double
    /// The night window as local minutes after midnight; it may wrap (22:00–06:00).
    public var nightStartMinute: Int
    public var nightEndMinute: Int
    /// Shift templates, e.g. day 08:00–20:00 and night 20:00–08:00.
    public var shiftTemplates: [ShiftTemplate]
    /// Days after a dispute is concluded by which it should be followed up (回访).
    public var followUpDays: Int
    /// Upper bounds of the dispute age buckets in days: 0–7, 8–30, 31–90, >90.
    public var ageBuckets: [Int]
    /// How far in the future an entry's time may be (clock skew between terminals).
    public var futureToleranceSeconds: Double
    /// How far back an entry may be back-dated (补录), in days. Design assumption: a
    /// record older than a year belongs to the paper archive, not to a late entry; the
    /// bound also stops a typing slip (`-99999d`) from writing a record from 1753.
    public var maxBackdateDays: Int = 366
    /// A patrol's check-in at a cell it checked in at less than this many minutes before or after
    /// (a double Enter, a repeated command) is refused (issue 15). 0 turns the rule off.
    public var repeatCheckInMinutes: Double = 5
    /// 化解时限 of a dispute when none is given, in days after opening (issue 20; design assumption).
    public var resolutionDays: Int = 30
    /// Weekdays of the reception days (接访日, 1 = Monday): the community officer's (seed 004: Tuesday)
    /// and the community secretary's (Thursday). `policy/casework.json`.
    public var receptionWeekdays: [String: Int] = ["officer": 2, "secretary": 4]
    /// 群防群治: 联户长 scoring items and subsidy, the kinds of team task (issue 19, `policy/community.json`).
    public var community: CommunityPolicy = .standard
    /// 网格 and 实有人口 (policy/population.json).
    public var population = PopulationPolicy.standard

    /// A named shift of the rota.
    public struct ShiftTemplate: Sendable, Equatable, Codable {
        public var code: String
        public var start: String
        public var end: String
        public var startMinute: Int { Policy.minutes(start) ?? 0 }
        public var endMinute: Int { Policy.minutes(end) ?? 0 }
    }

    /// Built-in defaults, the same values the shipped policy files hold.
    public static let standard = Policy(
        visitIntervalDays: [
            .keyPopulation: 30, .released: 30, .correction: 30, .idleYouth: 60, .floating: 90, .temporary: 90,
            .mentalHealth: 30, .other: 90, .drug: 30, .petition: 30,
        ],
        coverageWindowHours: [.street: 24, .village: 168, .compound: 48, .site: 24],
        dueSoonFraction: 0.75, nightStartMinute: 22 * 60, nightEndMinute: 6 * 60,
        shiftTemplates: [ShiftTemplate(code: "day", start: "08:00", end: "20:00"),
                         ShiftTemplate(code: "night", start: "20:00", end: "08:00")],
        followUpDays: 7, ageBuckets: [7, 30, 90], futureToleranceSeconds: 300)

    /// The policy from the embedded (or `$JINGWU_RESOURCES`) files.
    public static func load() -> Policy {
        var policy = Policy.standard
        struct Valued: Decodable { var value: Double }
        func table(_ path: String, _ key: String) -> [String: Double] {
            guard let data = ResourceFiles.data(path),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let entries = object[key] as? [String: Any]
            else { return [:] }
            var out: [String: Double] = [:]
            for (name, entry) in entries where !name.hasPrefix("_") {
                if let number = entry as? Double { out[name] = number }
                if let nested = entry as? [String: Any], let number = nested["value"] as? Double { out[name] = number }
            }
            return out
        }
        for (code, days) in table("policy/visits.json", "intervalDays") {
            if let category = PersonCategory(rawValue: code), days >= 1 { policy.visitIntervalDays[category] = Int(days) }
        }
        for (code, hours) in table("policy/coverage.json", "windowHours") {
            if let kind = CellKind(rawValue: code), hours >= 1 { policy.coverageWindowHours[kind] = Int(hours) }
        }
        let coverage = table("policy/coverage.json", "settings")
        if let fraction = coverage["dueSoonFraction"], fraction > 0, fraction < 1 { policy.dueSoonFraction = fraction }
        if let minutes = coverage["repeatCheckInMinutes"], minutes >= 0, minutes <= 24 * 60 {
            policy.repeatCheckInMinutes = minutes
        }
        if let data = ResourceFiles.data("policy/coverage.json"),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
           let night = object["nightWindow"] as? [String: Any],
           let start = (night["start"] as? String).flatMap(minutes), let end = (night["end"] as? String).flatMap(minutes) {
            policy.nightStartMinute = start
            policy.nightEndMinute = end
        }
        if let data = ResourceFiles.data("policy/shifts.json"),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
           let templates = object["templates"] as? [[String: Any]] {
            let parsed = templates.compactMap { entry -> ShiftTemplate? in
                guard let code = entry["code"] as? String, let start = entry["start"] as? String,
                      let end = entry["end"] as? String, minutes(start) != nil, minutes(end) != nil else { return nil }
                return ShiftTemplate(code: code, start: start, end: end)
            }
            if !parsed.isEmpty { policy.shiftTemplates = parsed }
        }
        let disputes = table("policy/disputes.json", "settings")
        if let days = disputes["followUpDays"], days >= 1 { policy.followUpDays = Int(days) }
        if let days = disputes["resolutionDays"], days >= 1 { policy.resolutionDays = Int(days) }
        for (host, day) in table("policy/casework.json", "receptionWeekdays") where (1...7).contains(Int(day)) {
            policy.receptionWeekdays[host] = Int(day)
        }
        policy.community = CommunityPolicy.load()
        policy.population = PopulationPolicy.load()
        return policy
    }

    /// `HH:MM` → minutes after midnight.
    public static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m)
        else { return nil }
        return h * 60 + m
    }

    /// True when the local time of `date` falls in the night window.
    public func isNight(_ date: Date) -> Bool {
        let minute = OfficeTime.minuteOfDay(date)
        if nightStartMinute <= nightEndMinute { return minute >= nightStartMinute && minute < nightEndMinute }
        return minute >= nightStartMinute || minute < nightEndMinute
    }

    /// The visit interval for a category.
    public func visitInterval(_ category: PersonCategory) -> Int { visitIntervalDays[category] ?? 30 }

    /// The default coverage window for a cell kind.
    public func coverageWindow(_ kind: CellKind) -> Int { coverageWindowHours[kind] ?? 24 }
}
