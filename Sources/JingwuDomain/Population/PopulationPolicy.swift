import Foundation
import JingwuResources

/// The population rules, from `Resources/policy/population.json` (design assumptions marked there).
public struct PopulationPolicy: Sendable, Equatable {
    /// 联户长 span: 10–12 households (seed 000); over the maximum is flagged.
    public var leaderMinHouseholds = 10
    public var leaderMaxHouseholds = 12
    /// 暂住登记 expiring within this many days are listed.
    public var stayExpiringDays = 30

    public static let standard = PopulationPolicy()

    static func load() -> PopulationPolicy {
        var policy = PopulationPolicy.standard
        guard let data = ResourceFiles.data("policy/population.json"),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let settings = object["settings"] as? [String: Any] else { return policy }
        func number(_ key: String) -> Int? {
            if let n = settings[key] as? Double { return Int(n) }
            return (settings[key] as? [String: Any])?["value"] as? Int
        }
        if let n = number("leaderMaxHouseholds"), n >= 1 { policy.leaderMaxHouseholds = n }
        if let n = number("leaderMinHouseholds"), n >= 1, n <= policy.leaderMaxHouseholds { policy.leaderMinHouseholds = n }
        if let n = number("stayExpiringDays"), n >= 1, n <= 366 { policy.stayExpiringDays = n }
        return policy
    }
}
