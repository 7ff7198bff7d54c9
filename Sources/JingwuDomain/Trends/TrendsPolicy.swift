import Foundation
import JingwuResources

/// The numbers the trend figures, bulletins and 接处警 figures use, from
/// `Resources/policy/trends.json`; every one is a design assumption (no seed gives it), marked
/// there. Kept apart from `Policy` so that the feature is one folder.
public struct TrendsPolicy: Sendable, Equatable {
    /// 到场时长: the share of arrivals within this many minutes of the call.
    public var arrivalWithinMinutes = 10
    /// 见警率 proxy: the local clock hours counted, `[start, end)` as minutes after midnight.
    public var presenceStartMinute = 7 * 60
    public var presenceEndMinute = 22 * 60
    /// The public bulletin's 发案特点 and 防范提示 name this many kinds, most frequent first.
    public var bulletinTopKinds = 3
    /// Households per community (社区 name); others take `defaultHouseholds`.
    public var households: [String: Int] = [:]
    public var defaultHouseholds = 2221

    public init() {}

    public static let standard = TrendsPolicy()

    /// The policy as the embedded (or `$JINGWU_RESOURCES`) file gives it; a value out of range
    /// keeps the standard one.
    public static func load() -> TrendsPolicy {
        var policy = TrendsPolicy()
        guard let data = ResourceFiles.data("policy/trends.json"),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return policy }
        func value(_ name: String) -> Any? {
            let entry = (object["settings"] as? [String: Any])?[name]
            return (entry as? [String: Any])?["value"] ?? entry
        }
        if let n = value("arrivalWithinMinutes") as? Int, (1...240).contains(n) { policy.arrivalWithinMinutes = n }
        if let s = (value("presenceStart") as? String).flatMap(Policy.minutes),
           let e = (value("presenceEnd") as? String).flatMap(Policy.minutes), s < e {
            policy.presenceStartMinute = s
            policy.presenceEndMinute = e
        }
        if let n = value("bulletinTopKinds") as? Int, (1...IncidentKind.allCases.count).contains(n) { policy.bulletinTopKinds = n }
        if let households = object["households"] as? [String: Any] {
            if let n = households["default"] as? Int, n > 0 { policy.defaultHouseholds = n }
            for (community, n) in households["byCommunity"] as? [String: Any] ?? [:] {
                if let n = n as? Int, n > 0 { policy.households[community] = n }
            }
        }
        return policy
    }

    /// Loaded once per process.
    public static let current = load()

    /// The presence window as `07:00–22:00`.
    public var presenceWindowText: String {
        String(format: "%02d:%02d–%02d:%02d", presenceStartMinute / 60, presenceStartMinute % 60,
               presenceEndMinute / 60, presenceEndMinute % 60)
    }
}
