import Foundation
import JingwuResources

/// The rules of 群防群治 from `Resources/policy/community.json` (issue 19). The seed (000) gives
/// the three categories and that there are 13 items, not the items, their ranges or the
/// subsidy's amount rule: every one of those is a design assumption, marked `_note` there.
public struct CommunityPolicy: Sendable, Equatable {
    /// One scoring item of 「三大类13项积分」.
    public struct PointItem: Sendable, Equatable {
        public var code: String
        public var category: PointsCategory
        /// Its name in Chinese and in English (communities write their own, so not in the strings).
        public var zh: String
        public var en: String
        /// The points one award of it may give.
        public var range: ClosedRange<Int>
        public init(code: String, category: PointsCategory, zh: String, en: String, range: ClosedRange<Int>) {
            self.code = code; self.category = category; self.zh = zh; self.en = en; self.range = range
        }
        public func name(_ chinese: Bool) -> String { chinese ? zh : en }
    }

    /// One kind of task issued to a team (APP推广, 随访, 安保执勤, 防范宣传).
    public struct TaskKind: Sendable, Equatable {
        public var code: String
        public var zh: String
        public var en: String
        public init(code: String, zh: String, en: String) { self.code = code; self.zh = zh; self.en = en }
        public func name(_ chinese: Bool) -> String { chinese ? zh : en }
    }

    /// The items every community scores by, unless it has its own.
    public var items: [PointItem]
    /// A community's own items (by community name), as 000 says communities adapt the scoring.
    public var itemsByCommunity: [String: [PointItem]] = [:]
    /// The subsidy: yuan per point, at least `floorYuan` once a leader has any point, at most `capYuan`.
    public var yuanPerPoint: Int
    public var floorYuan: Int
    public var capYuan: Int
    public var taskKinds: [TaskKind]

    /// The items of `community`: its own, else the default.
    public func items(for community: String) -> [PointItem] { itemsByCommunity[community] ?? items }

    /// The item `code` names (as typed, any case) for `community`.
    public func item(_ code: String, community: String) -> PointItem? {
        let typed = code.trimmingCharacters(in: .whitespaces)
        return items(for: community).first { $0.code.uppercased() == typed.uppercased() || $0.zh == typed }
    }

    public func taskKind(_ code: String) -> TaskKind? {
        let typed = code.trimmingCharacters(in: .whitespaces)
        return taskKinds.first { $0.code == typed.lowercased() || $0.zh == typed }
    }

    /// The month's subsidy for `points` points.
    public func subsidy(points: Int) -> Int {
        guard points > 0 else { return 0 }
        return min(capYuan, max(floorYuan, points * yuanPerPoint))
    }

    /// The same values as the shipped policy file.
    public static let standard = CommunityPolicy(
        items: [
            PointItem(code: "B01", category: .basic, zh: "入户走访", en: "Household visits", range: 1...5),
            PointItem(code: "B02", category: .basic, zh: "信息采集（一标三实）", en: "Base information collected", range: 1...5),
            PointItem(code: "B03", category: .basic, zh: "参加例会培训", en: "Meetings and training attended", range: 1...3),
            PointItem(code: "B04", category: .basic, zh: "流动人口管理", en: "Floating population reported", range: 1...5),
            PointItem(code: "B05", category: .basic, zh: "参与巡逻防控", en: "Patrols joined", range: 1...5),
            PointItem(code: "R01", category: .results, zh: "发现报告隐患", en: "Hazard found and reported", range: 1...10),
            PointItem(code: "R02", category: .results, zh: "化解矛盾纠纷", en: "Dispute settled", range: 2...10),
            PointItem(code: "R03", category: .results, zh: "提供线索", en: "Tip given", range: 1...10),
            PointItem(code: "R04", category: .results, zh: "反诈宣传劝阻", en: "Anti-fraud publicity and dissuasion", range: 1...5),
            PointItem(code: "R05", category: .results, zh: "提出意见建议", en: "Suggestion made", range: 1...3),
            PointItem(code: "M01", category: .model, zh: "见义勇为", en: "Act of bravery", range: 5...20),
            PointItem(code: "M02", category: .model, zh: "志愿服务", en: "Volunteer service", range: 1...5),
            PointItem(code: "M03", category: .model, zh: "获得表彰", en: "Commendation received", range: 5...15),
        ],
        yuanPerPoint: 15, floorYuan: 0, capYuan: 240,
        taskKinds: [
            TaskKind(code: "app-promotion", zh: "反诈APP推广", en: "Anti-fraud app promotion"),
            TaskKind(code: "follow-up", zh: "排查随访", en: "Follow-up visits"),
            TaskKind(code: "security-duty", zh: "安保执勤", en: "Security duty"),
            TaskKind(code: "prevention-publicity", zh: "防范宣传", en: "Prevention publicity"),
        ])

    /// The policy from `policy/community.json`, else `standard`; a file that does not read keeps the default.
    public static func load() -> CommunityPolicy {
        var policy = CommunityPolicy.standard
        guard let data = ResourceFiles.data("policy/community.json"),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return policy }
        func items(_ list: Any?) -> [PointItem]? {
            guard let list = list as? [[String: Any]] else { return nil }
            let parsed = list.compactMap { entry -> PointItem? in
                guard let code = entry["code"] as? String, !code.isEmpty,
                      let category = (entry["category"] as? String).flatMap(PointsCategory.init(rawValue:)),
                      let zh = entry["zh"] as? String, let en = entry["en"] as? String,
                      let min = entry["min"] as? Int, let max = entry["max"] as? Int, min >= 0, min <= max else { return nil }
                return PointItem(code: code, category: category, zh: zh, en: en, range: min...max)
            }
            return parsed.count == list.count && !parsed.isEmpty ? parsed : nil
        }
        if let points = object["points"] as? [String: Any] {
            if let list = items(points["items"]) { policy.items = list }
            if let own = points["communities"] as? [String: Any] {
                for (name, list) in own where !name.hasPrefix("_") {
                    if let list = items(list) { policy.itemsByCommunity[name] = list }
                }
            }
        }
        if let subsidy = object["subsidy"] as? [String: Any] {
            func value(_ key: String) -> Int? {
                (subsidy[key] as? Int) ?? ((subsidy[key] as? [String: Any])?["value"] as? Int)
            }
            if let v = value("yuanPerPoint"), v >= 0 { policy.yuanPerPoint = v }
            if let v = value("floorYuan"), v >= 0 { policy.floorYuan = v }
            if let v = value("capYuan"), v >= policy.floorYuan { policy.capYuan = v }
        }
        if let kinds = object["taskKinds"] as? [[String: Any]] {
            let parsed = kinds.compactMap { entry -> TaskKind? in
                guard let code = entry["code"] as? String, !code.isEmpty, let zh = entry["zh"] as? String,
                      let en = entry["en"] as? String else { return nil }
                return TaskKind(code: code, zh: zh, en: en)
            }
            if !parsed.isEmpty { policy.taskKinds = parsed }
        }
        return policy
    }
}
