import Foundation
import JingwuJournal
import JingwuResources

/// The office's clock face: days and hours in the office's zone
/// (`RFC3339.defaultOffsetSeconds`, +08:00 unless `JINGWU_UTC_OFFSET` says otherwise).
public enum OfficeTime {
    public static var offset: Int { RFC3339.defaultOffsetSeconds }

    /// Days since 1970-01-01 of the local date of `date`.
    public static func dayNumber(_ date: Date) -> Int64 {
        let local = Int64(date.timeIntervalSince1970.rounded(.down)) + Int64(offset)
        return local >= 0 ? local / 86400 : (local - 86399) / 86400
    }

    /// Local hour of day, 0–23.
    public static func hour(_ date: Date) -> Int {
        Int(minuteOfDay(date) / 60)
    }

    /// Local minutes since midnight, 0–1439.
    public static func minuteOfDay(_ date: Date) -> Int {
        let local = Int64(date.timeIntervalSince1970.rounded(.down)) + Int64(offset)
        var rem = local % 86400
        if rem < 0 { rem += 86400 }
        return Int(rem / 60)
    }

    /// Local year of `date`.
    public static func year(_ date: Date) -> Int {
        let local = Int64(date.timeIntervalSince1970.rounded(.down)) + Int64(offset)
        return Int(RFC3339.civil(fromEpochSeconds: local).0)
    }

    /// Local midnight that starts the day of `date`.
    public static func startOfDay(_ date: Date) -> Date {
        Date(timeIntervalSince1970: Double(dayNumber(date) * 86400 - Int64(offset)))
    }

    /// Whole days from `from` to `to` (fractions dropped; negative when `to` is earlier).
    public static func days(from: Date, to: Date) -> Int {
        Int((to.timeIntervalSince(from) / 86400).rounded(.down))
    }

    /// "2026-11-30 17:44" in the office's zone: how a refusal names a time.
    public static func readable(_ date: Date, seconds: Bool = false) -> String {
        let local = RFC3339.format(date)  // 2026-11-30T17:44:24+08:00 in the office's offset
        let parts = local.split(separator: "T", maxSplits: 1)
        guard parts.count == 2 else { return local }
        return parts[0] + " " + parts[1].prefix(seconds ? 8 : 5)
    }

    /// Two times as a message compares them: with seconds when the minutes alone are equal.
    public static func readable(_ a: Date, _ b: Date) -> (String, String) {
        let seconds = readable(a) == readable(b)
        return (readable(a, seconds: seconds), readable(b, seconds: seconds))
    }
}

/// The rules of the writing clock, from `Resources/policy/clock.json`.
public struct ClockPolicy: Sendable, Equatable {
    /// How far a write's clock may lie behind the journal's last `recorded` (NTP steps,
    /// two terminals a little apart) before the write is refused.
    public var behindToleranceSeconds: Double

    public static let standard = ClockPolicy(behindToleranceSeconds: 300)

    public static func load() -> ClockPolicy {
        var policy = standard
        guard let data = ResourceFiles.data("policy/clock.json"),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return policy }
        let entry = object["behindToleranceSeconds"]
        let value = (entry as? Double) ?? ((entry as? [String: Any])?["value"] as? Double)
        if let value, value.isFinite, value >= 0, value <= 7 * 86400 { policy.behindToleranceSeconds = value }
        return policy
    }
}

/// A write refused because of its clock. Nothing was written.
public enum ClockRefusal: OperatorError, Equatable {
    /// `--now` / `JINGWU_NOW` pinned the clock and the journal is a real office's (exit 64).
    case pinnedOnRealOffice(pinned: Date)
    /// The clock is behind the journal's last `recorded` by more than the policy allows (exit 65).
    case behindJournal(now: Date, last: Date, lastSeq: UInt64)

    public var messageKey: String {
        switch self {
        case .pinnedOnRealOffice: return "domain.clock.pinned_real_office"
        case .behindJournal: return "domain.clock.behind_journal"
        }
    }

    public var messageArgs: [String: String] {
        switch self {
        case .pinnedOnRealOffice(let pinned):
            return ["now": OfficeTime.readable(pinned)]
        case .behindJournal(let now, let last, let seq):
            let (a, b) = OfficeTime.readable(now, last)
            return ["now": a, "last": b, "seq": String(seq)]
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .pinnedOnRealOffice: return ExitCode.usage
        case .behindJournal: return ExitCode.dataError
        }
    }
}
