import Foundation
import JingwuJournal

// Issue 20's part of the demo district, per office and day (called from `DemoDistrict.planOffice`):
//
// - the weekly 排查 of the office's community, reported on Friday afternoon for its week: findings
//   (1–3, with the early signs noted) most weeks, a 零报告 about one week in four, and now and then
//   no report at all (a gap on 总览 and in the report);
// - the community officer's 接访日 on Tuesday morning and the secretary's on Thursday morning
//   (policy/casework.json), with the visitors, consultations and the cases taken in that morning;
// - disputes opened at the reception day (about 1.3 a month) and from the 排查 (about 0.5 a month),
//   on top of the district's own (about 1.7 a month): about 3.5 a month per community, DOMAIN.md
//   §9's rate; each with 涉及人数, risk flags where the kind calls for them, a 15-day 化解时限 and the
//   community officer as 责任人; mediated by the community officer and a 人民调解员 in office hours,
//   most settled (some after their time limit, a few left open past it: overdue on 总览);
// - 整改通知书 for hazards still open after a day (tried two weekdays in five), issued by the community officer
//   with a 3–7 day deadline, most complied with, some past due.
//
// Its own random stream (seeded by the district's seed, the office and the day), so the rest of
// the district is the same as before it. Every command decides at its run time (`DemoStep`),
// so none is refused for what happened in between.

/// One office's part, as the district plans it.
struct DemoCaseworkOffice {
    var index: Int
    var prefix: String
    var community: String
    var police: String
    var auxiliaries: [String]
    /// Cells where disputes arise (compounds).
    var compounds: [String]
}

enum DemoCasework {
    /// Plans office `office`'s casework for the day starting at `dayStart` (epoch seconds, local midnight).
    static func plan(_ office: DemoCaseworkOffice, day d: Int, dayStart: Int64, seed: UInt64,
                     schedule: (Int64, any OfficeCommand, String) -> Void) {
        var rng = SplitMix64(seed: seed ^ 0x4341_5345_574F_524B &+ UInt64(office.index) &* 0x9E37_79B9_7F4A_7C15
                             &+ UInt64(d) &* 0xBF58_476D_1CE4_E5B9)
        func chance(_ p: Double) -> Bool { Double(rng.next() >> 11) / Double(1 << 53) < p }
        func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
        func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
        let h: Int64 = 3600, m: Int64 = 60
        let weekday = OfficeWeek.weekday(Date(timeIntervalSince1970: Double(dayStart + 12 * h)))
        let police = office.police
        guard !office.compounds.isEmpty, let aux = office.auxiliaries.first else { return }

        /// A dispute opened at `t` and what follows it, all in office hours.
        func dispute(at t: Int64, source: DisputeSource) {
            let category = pick([DisputeCategory.neighbour, .neighbour, .family, .family, .other, .collective])
            let parties = category == .collective ? [pick(partiesA), pick(["物业服务中心", "市场管理方", "开发商"])]
                : [pick(partiesA), pick(partiesB)]
            var flags: [DisputeRiskFlag] = []
            if category == .collective && chance(0.5) { flags.append(.massPetition) }
            if category == .neighbour && chance(0.05) { flags.append(.groupFight) }
            let cell = pick(office.compounds)
            let opened = Date(timeIntervalSince1970: Double(t))
            let summary = pick(texts[category] ?? ["邻里矛盾"])
            schedule(t, OpenDispute(category: category, parties: parties, source: source, cell: cell, summary: summary,
                                    personsCount: parties.count + (category == .collective ? int(8...20) : int(0...2)),
                                    flags: flags, deadline: opened.addingTimeInterval(15 * 86400), responsible: police), police)
            let key = DemoStep.DisputeKey(openedAt: opened, cell: cell)
            // 人民调解 with the community officer and a 人民调解员, one to three days on, in the afternoon.
            var when = dayStartOf(t) + Int64(int(1...3)) * 86400 + 14 * h + Int64(int(0...150)) * m
            schedule(when, DemoStep(.mediate(key, kind: category == .neighbour && chance(0.3) ? .publicSecurity : .people,
                                             officers: [police], mediators: ["人民调解员" + pick(mediators)],
                                             notes: pick(mediationNotes))), police)
            if chance(0.85) {
                when = dayStartOf(when) + Int64(int(2...20)) * 86400 + 10 * h + Int64(int(0...300)) * m
                schedule(when, DemoStep(.resolve(key, agreement: pick(agreements))), police)
                when = dayStartOf(when) + Int64(int(3...7)) * 86400 + 15 * h + Int64(int(0...90)) * m
                schedule(when, DemoStep(.followUp(key, note: pick(followUps))), aux)
            }
        }

        switch weekday {
        case 2:  // Tuesday: the community officer's 接访日, 09:00–11:30.
            if chance(0.3) { dispute(at: dayStart + 9 * h + Int64(int(20...120)) * m, source: .receptionDay) }
            schedule(dayStart + 11 * h + 40 * m,
                     DemoStep(.receptionDay(prefix: office.prefix, host: .officer, hostName: police, visitors: int(2...7),
                                            consultations: int(1...4), note: pick(receptionNotes))), police)
        case 4:  // Thursday: the secretary's 接访日.
            schedule(dayStart + 11 * h + 35 * m,
                     DemoStep(.receptionDay(prefix: office.prefix, host: .secretary,
                                            hostName: secretaries[office.index % secretaries.count], visitors: int(2...9),
                                            consultations: int(1...6), note: pick(receptionNotes))), aux)
        case 5:  // Friday: the week's 排查, reported in the afternoon.
            let roll = Double(rng.next() >> 11) / Double(1 << 53)
            if roll < 0.04 { break }  // not reported: a gap
            let zero = roll < 0.29
            if !zero && chance(0.3) { dispute(at: dayStart + 14 * h + Int64(int(0...40)) * m, source: .screening) }
            schedule(dayStart + 15 * h + Int64(int(30...90)) * m,
                     DemoStep(.screening(community: office.community, found: zero ? 0 : int(1...3),
                                         signs: zero ? nil : pick(signs))), aux)
        default: break
        }
        // 整改通知书: on weekdays, now and then, for a hazard open a day or more; checked later.
        if (1...5).contains(weekday) {
            if chance(0.4) {
                schedule(dayStart + 10 * h + Int64(int(0...60)) * m,
                         DemoStep(.issueNotice(prefix: office.prefix, days: int(3...7))), police)
            }
            schedule(dayStart + 16 * h + Int64(int(0...40)) * m, DemoStep(.completeNotice(prefix: office.prefix)), aux)
        }
    }

    static func dayStartOf(_ t: Int64) -> Int64 {
        Int64(OfficeTime.startOfDay(Date(timeIntervalSince1970: Double(t))).timeIntervalSince1970)
    }

    static let partiesA = ["王桂兰", "刘建军", "陈秀英", "张国平", "李淑珍", "赵志强", "孙丽娟", "周海涛"]
    static let partiesB = ["杨文静", "吴德明", "徐春梅", "马建华", "胡晓燕", "郭永刚", "何玉梅", "高振东"]
    static let mediators = ["陈某", "林某", "黄某", "郑某"]
    static let secretaries = ["刘桂芳", "张建华", "王秀英", "李国强", "陈玉兰", "杨志刚", "赵丽华"]
    static let texts: [DisputeCategory: [String]] = [
        .neighbour: ["楼上漏水，楼下要求赔偿", "装修噪音扰民，双方争吵", "楼道堆物占道，邻里口角"],
        .family: ["赡养老人费用分担争议", "夫妻感情不和，经常争吵", "兄弟分家房屋归属争议"],
        .other: ["车位使用争议", "小区商铺油烟扰民"],
        .collective: ["物业费上涨，业主集体反映", "小区停车收费调整，业主联名反映"],
    ]
    static let mediationNotes = ["听取双方陈述，释法说理", "双方同意进一步协商，约定下次调解时间", "讲解相关法律规定，双方情绪平稳"]
    static let agreements = ["双方达成协议，当场履行", "一方赔偿维修费用，双方签字确认", "约定轮流承担费用，双方和解"]
    static let followUps = ["回访：协议已履行，双方无新矛盾", "回访：双方关系缓和，未再发生争执"]
    static let receptionNotes = ["法律咨询为主，当场答复", "反映小区停车和噪音问题，已转社区协调", "咨询户籍和居住证办理"]
    static let signs = ["个别住户因停车问题有矛盾苗头，已提醒物业", "一户家庭矛盾有激化苗头，已上门劝解", "租户与房东押金争议苗头，已约谈"]
}

/// A demo command that decides what to write when it runs, from the state then (a reception day's
/// cases, the dispute a mediation belongs to, the hazard a notice is for): never refused for what
/// changed since it was planned; nothing written when there is nothing to do.
struct DemoStep: OfficeCommand {
    static let leastRole: LeastRole = .auxiliary

    /// A dispute the demo opened, found again by when and where it was opened.
    struct DisputeKey: Sendable {
        var openedAt: Date
        var cell: String
    }

    enum Kind: Sendable {
        case mediate(DisputeKey, kind: MediationKind, officers: [String], mediators: [String], notes: String)
        case resolve(DisputeKey, agreement: String)
        case followUp(DisputeKey, note: String)
        case receptionDay(prefix: String, host: ReceptionHost, hostName: String, visitors: Int, consultations: Int, note: String)
        case screening(community: String, found: Int, signs: String?)
        case issueNotice(prefix: String, days: Int)
        case completeNotice(prefix: String)
    }

    var kind: Kind
    init(_ kind: Kind) { self.kind = kind }

    func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let now = context.when
        func dispute(_ key: DisputeKey) -> Dispute? {
            state.disputes.disputes.last { !$0.voided && $0.openedAt == key.openedAt && $0.cell == key.cell }
        }
        let nothing = Decision([])
        switch kind {
        case .mediate(let key, let kind, let officers, let mediators, let notes):
            guard let d = dispute(key), !d.status.isConcluded else { return nothing }
            return try HoldMediation(dispute: d.id, kind: kind, mediators: mediators, notes: notes, result: .partial,
                                     officers: officers).decide(state, context)
        case .resolve(let key, let agreement):
            guard let d = dispute(key), !d.status.isConcluded else { return nothing }
            return try ResolveDispute(dispute: d.id, agreement: agreement).decide(state, context)
        case .followUp(let key, let note):
            guard let d = dispute(key), d.status == .resolved else { return nothing }
            return try FollowUpDispute(dispute: d.id, note: note).decide(state, context)
        case .receptionDay(let prefix, let host, let hostName, let visitors, let consultations, let note):
            let today = OfficeTime.dayNumber(now)
            let taken = host == .officer ? state.disputes.disputes.filter {
                !$0.voided && $0.source == .receptionDay && $0.cell.hasPrefix(prefix) && OfficeTime.dayNumber($0.openedAt) == today
            }.map(\.id) : []
            let came = max(visitors, taken.count)
            return try HoldReceptionDay(host: host, hostName: hostName, visitors: came, consultations: min(consultations, came),
                                        disputes: taken, note: note).decide(state, context)
        case .screening(let community, let found, let signs):
            let monday = OfficeWeek.monday(now)
            let opened = state.disputes.disputes.filter {
                !$0.voided && $0.source == .screening && OfficeWeek.monday($0.openedAt) == monday
                    && state.cells.cell($0.cell)?.community == community
            }.map(\.id)
            let total = max(found, opened.count)
            if total == 0, state.screenings(community: community, week: monday).contains(where: { $0.found > 0 || $0.zeroReport }) {
                return nothing
            }
            return try RecordScreening(community: community, found: total, disputes: opened,
                                       signs: total == 0 ? nil : signs ?? "排查发现矛盾苗头", zeroReport: total == 0)
                .decide(state, context)
        case .issueNotice(let prefix, let days):
            let noticed = Set(state.liveNotices.filter { $0.completion == nil }.map(\.hazard))
            guard let hazard = state.openHazards(at: now).first(where: {
                $0.cell.hasPrefix(prefix) && !noticed.contains($0.id) && now.timeIntervalSince($0.at) >= 86400
            }) else { return nothing }
            let (kind, party): (NoticeParty, String) = hazard.category == .fireLane || hazard.category == .clutter
                ? (.unit, "物业服务中心") : hazard.category == .noise ? (.person, "相关住户") : (.unit, "责任单位")
            let deadline = Date(timeIntervalSince1970: Double(DemoCasework.dayStartOf(Int64(now.timeIntervalSince1970))
                + Int64(days) * 86400 + 18 * 3600))
            return try IssueRectificationNotice(hazard: hazard.id, partyKind: kind, party: party,
                                                items: DemoStep.items[hazard.category] ?? "按要求整改隐患，整改后报警务室复查",
                                                deadline: deadline).decide(state, context)
        case .completeNotice(let prefix):
            // Most notices are complied with two days or more after issue; about one in five is not (past due).
            guard let notice = state.liveNotices.first(where: { n in
                n.completion == nil && state.hazard(n.hazard)?.cell.hasPrefix(prefix) == true
                    && now.timeIntervalSince(n.issuedAt) >= 2 * 86400 && now <= n.deadline.addingTimeInterval(2 * 86400)
                    && (Int(n.id.dropFirst()) ?? 0) % 5 != 0
            }) else { return nothing }
            return try CompleteRectification(notice: notice.id, note: "复查：已按通知书要求整改完毕").decide(state, context)
        }
    }

    static let items: [HazardCategory: String] = [
        .fireLane: "三日内清理消防通道，设置禁停标识",
        .clutter: "清理楼道堆放杂物，保持疏散通道畅通",
        .fire: "更换过期灭火器，整改电气线路私拉乱接",
        .noise: "夜间停止施工作业，控制噪音",
    ]
}
