import Foundation
import JingwuJournal

/// 群防群治 in the demo district (issue 19), at the seeds' ratios, per office:
/// - 10 义警 teams of 14–16 (「10支共150余人的义警队伍」, 004): 140 more 义警 enrolled beside the
///   district's 10, plus one patrol team of its 巡防队员; 3 网格员.
/// - Tasks: each team about one a week (「定期向义警发布工作任务」), of the four kinds, due in 3–7
///   days; most reported done, some not done, a few left overdue.
/// - 联户长 points: about 8 awards a day over the office's ~200 leaders for what they found or did,
///   about 1.2 a leader a month (000: 500+ findings and 1,500+ suggestions a month for 1,579
///   leaders), plus the month's basic work (visits, the meeting) scored on its last day; each
///   month settled on the 2nd by the community officer.
/// - Tips: about 2 a day (000: 「联户长发现问题……平均每月500余人次」 for 1,579 leaders, scaled),
///   mostly from 联户长; about 40% turned into a hazard, a dispute, an incident or a key-person note.
/// - Key persons: 刑满释放人员, 社区矫正 and 吸毒人员 get a 列管依据, 管控级别 and 三位一体 team.
/// Its own random stream (seed, office, day), so the rest of the district draws as before.
public enum DemoCommunity {
    /// What the district tells about one office.
    public struct Office: Sendable {
        public var number: Int
        public var community: String
        public var police: String
        public var auxiliaries: [String]
        public var volunteers: [String]
        public var patrollers: [String]
        public var leaders: [String]
        public var cells: [String]
        /// Listed persons (id, category) as the district listed them.
        public var persons: [(String, PersonCategory)]
        public init(number: Int, community: String, police: String, auxiliaries: [String], volunteers: [String],
                    patrollers: [String], leaders: [String], cells: [String], persons: [(String, PersonCategory)]) {
            self.number = number; self.community = community; self.police = police; self.auxiliaries = auxiliaries
            self.volunteers = volunteers; self.patrollers = patrollers; self.leaders = leaders; self.cells = cells
            self.persons = persons
        }
    }

    /// One write of the plan: when, what, by whom.
    public struct Step {
        public var at: Int64
        public var command: any OfficeCommand
        public var by: String
    }

    /// 义警 beyond the district's own ten, per office.
    static let moreVolunteers = 140
    static let teamNames = ["第一", "第二", "第三", "第四", "第五", "第六", "第七", "第八", "第九", "第十"]

    /// The office's 义警: the district's, then the ones enrolled here.
    static func volunteers(_ office: Office) -> [String] {
        office.volunteers + (1...moreVolunteers).map { String(format: "Y\(office.number + 1)%03d", 100 + $0) }
    }
    /// `戴花园社区第一义警队`: the community's name keeps the station's seven offices' teams apart.
    static func teamName(_ office: Office, _ i: Int) -> String { office.community + teamNames[i] + "义警队" }
    static func gridWorkers(_ office: Office) -> [String] { (1...3).map { "W\(office.number + 1)0\($0)" } }

    /// The writes of day `day` (0 the first) for `office`; `dayStart` is the day's local midnight.
    public static func plan(_ office: Office, day: Int, dayStart: Int64, seed: UInt64) -> [Step] {
        var rng = SplitMix64(seed: seed ^ 0x434F_4D4D_554E_4954 &+ UInt64(office.number) &* 0x9E37_79B9 &+ UInt64(day) &* 0x85EB_CA6B)
        func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
        func chance(_ p: Double) -> Bool { Double(rng.next() >> 11) / Double(1 << 53) < p }
        func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
        func name() -> String {
            pick(DemoNames.surnames) + pick(DemoNames.givenChars) + (chance(0.7) ? pick(DemoNames.givenChars) : "")
        }
        let h: Int64 = 3600, m: Int64 = 60
        var steps: [Step] = []
        func add(_ at: Int64, _ command: any OfficeCommand, _ by: String) { steps.append(Step(at: at, command: command, by: by)) }
        let volunteers = volunteers(office)
        let teams = (0..<10).map { i in Array(volunteers[(i * volunteers.count / 10)..<((i + 1) * volunteers.count / 10)]) }

        if day == 0 {
            // Enrolled and formed before the day's work.
            let t0 = dayStart + 6 * h + 30 * m
            for badge in volunteers.dropFirst(office.volunteers.count) {
                add(t0, EnrollOfficer(badge: badge, name: name(), role: .volunteer), office.police)
            }
            for badge in gridWorkers(office) { add(t0, EnrollOfficer(badge: badge, name: name(), role: .gridWorker), office.police) }
            for (i, members) in teams.enumerated() {
                add(t0 + 10 * m, FormTeam(name: teamName(office, i), kind: .volunteer, members: members), office.police)
            }
            add(t0 + 10 * m, FormTeam(name: office.community + "巡防队", kind: .patrol, members: office.patrollers), office.police)
            // 列管依据, 管控级别 and the 三位一体 team for the persons it matters most for.
            for (id, category) in office.persons where [.released, .correction, .drug].contains(category) {
                let basis: String, level: ControlLevel
                switch category {
                case .released: basis = pick(["刑满释放未满五年", "刑满释放，安置帮教期内"]); level = .focus
                case .correction: basis = pick(["判处缓刑，社区矫正期内", "假释，社区矫正期内", "暂予监外执行，社区矫正期内"]); level = .strict
                default: basis = pick(["吸毒人员，社区戒毒期内", "吸毒人员，社区康复期内"]); level = .focus
                }
                add(t0 + 20 * m, DemoPersonControl(person: id, basis: basis, level: level, officer: office.police,
                                                   security: name(), family: name()), office.police)
            }
        }

        // 联户长 points: about 8 awards a day, in office hours.
        let items: [(String, Int, [String])] = [
            ("B01", 30, ["走访本联户家庭，了解家庭变化", "入户走访独居老人"]),
            ("B02", 12, ["协助核对出租屋住户信息", "上报新入住家庭信息"]),
            ("B03", 6, ["参加社区联户长例会", "参加反诈宣传劝阻培训"]),
            ("B04", 10, ["上报新来暂住人员情况", "协助暂住登记"]),
            ("B05", 14, ["参与晚间巡逻防控", "参与节假日巡逻"]),
            ("R01", 10, ["发现楼道堆放杂物并报告", "发现电动车楼道充电并报告", "发现消防通道堵塞并报告"]),
            ("R02", 3, ["劝和邻里噪音纠纷", "协助调解物业费纠纷"]),
            ("R03", 4, ["提供可疑人员线索", "提供出租屋可疑情况线索"]),
            ("R04", 8, ["入户开展反诈宣传", "劝阻老人向陌生账户转账"]),
            ("R05", 6, ["提出加装楼道照明的建议", "提出小区门禁管理建议"]),
            ("M01", 1, ["协助制止盗窃"]),
            ("M02", 5, ["参加社区志愿服务"]),
            ("M03", 1, ["获评优秀联户长"]),
        ]
        let weightSum = items.reduce(0) { $0 + $1.1 }
        let policy = CommunityPolicy.standard
        for _ in 0..<int(5...11) {
            var roll = int(0...(weightSum - 1))
            let item = items.first { roll -= $0.1; return roll < 0 } ?? items[0]
            let range = policy.item(item.0, community: office.community)?.range ?? 1...1
            let points = item.0.hasPrefix("M") ? range.lowerBound : int(range.lowerBound...min(range.upperBound, range.lowerBound + 2))
            add(dayStart + 9 * h + Int64(int(0...(8 * 60))) * m,
                AwardLeaderPoints(leader: pick(office.leaders), item: item.0, points: points, reason: pick(item.2),
                                  community: office.community), pick(office.auxiliaries))
        }
        // The month's basic work, scored on its last day for most leaders: visits to their households
        // and the month's meeting (000: 「基础工作」 is the first of the three categories).
        let tomorrow = CommunityDay.of(Date(timeIntervalSince1970: Double(dayStart + 86400)))
        if tomorrow.hasSuffix("-01") {
            for leader in office.leaders {
                if chance(0.85) {
                    add(dayStart + 16 * h + Int64(int(0...90)) * m,
                        AwardLeaderPoints(leader: leader, item: "B01", points: int(2...5), reason: "本月走访联户家庭",
                                          community: office.community), pick(office.auxiliaries))
                }
                if chance(0.6) {
                    add(dayStart + 16 * h + Int64(int(0...90)) * m,
                        AwardLeaderPoints(leader: leader, item: "B03", points: int(1...3), reason: "参加本月联户长例会",
                                          community: office.community), pick(office.auxiliaries))
                }
            }
        }
        // The month before is settled on the 2nd.
        let today = CommunityDay.of(Date(timeIntervalSince1970: Double(dayStart)))
        if today.hasSuffix("-02"), day > 0 {
            let previous = CommunityDay.month(of: Date(timeIntervalSince1970: Double(dayStart - 2 * 86400)))
            add(dayStart + 10 * h + 30 * m, SettleLeaderSubsidy(month: previous, community: office.community), office.police)
        }

        // Team tasks: each team about once a week.
        let kinds: [(String, [String])] = [
            ("app-promotion", ["在小区门口推广安装国家反诈中心APP", "入户推广国家反诈中心APP"]),
            ("follow-up", ["随访本片独居老人", "随访新入住租户"]),
            ("security-duty", ["菜市场早高峰安保执勤", "学校放学时段护学执勤", "广场文艺演出安保执勤"]),
            ("prevention-publicity", ["张贴防盗防骗宣传海报", "在广场开展防范宣传"]),
        ]
        for (i, _) in teams.enumerated() where chance(1.0 / 7.0) {
            let kind = pick(kinds)
            let description = pick(kind.1)
            let issued = dayStart + 9 * h + Int64(int(0...120)) * m
            let dueDays = int(3...7)
            let dueDate = Date(timeIntervalSince1970: Double(issued + Int64(dueDays) * 86400))
            let due = CommunityDay.of(dueDate)
            add(issued, DemoTeamTask(team: teamName(office, i), kind: kind.0, due: due, description: description), office.police)
            let roll = int(1...100)
            if roll <= 85 {
                add(issued + Int64(int(1...dueDays)) * 86400 - Int64(int(1...6)) * h,
                    DemoCloseTask(team: teamName(office, i), description: description, done: true,
                                  note: pick(["已完成", "按时完成，反馈良好", "已完成，群众反映良好"])), pick(office.auxiliaries))
            } else if roll <= 93 {
                add(issued + Int64(dueDays) * 86400, DemoCloseTask(team: teamName(office, i), description: description,
                                                                   done: false, note: pick(["人员不足，未能完成", "因天气原因取消"])),
                    pick(office.auxiliaries))
            }
        }

        // Tips: about two a day, most from 联户长; some turned into cases the same day.
        let tipTexts: [(TipSource, [String], TipOutcome?)] = [
            (.householdLeader, ["楼道内电动车充电", "消防通道被车辆堵塞", "单元门禁损坏"], .hazard),
            (.householdLeader, ["两户因噪音发生争吵", "邻里因漏水产生矛盾"], .dispute),
            (.householdLeader, ["出租屋夜间人员进出频繁", "有陌生人在小区推销"], nil),
            (.volunteer, ["菜市场有人冒充客服行骗", "学校附近有可疑车辆"], .incident),
            (.gridWorker, ["社区矫正人员近期未见在家", "吸毒人员近期行为异常"], .person),
            (.resident, ["楼下有人深夜喧哗", "路灯损坏多日"], nil),
        ]
        for _ in 0..<int(0...4) {
            let (source, texts, outcome) = tipTexts[int(0...(tipTexts.count - 1))]
            let from: String = switch source {
            case .householdLeader: pick(office.leaders)
            case .volunteer: pick(volunteers)
            case .gridWorker: pick(gridWorkers(office))
            case .resident: name()
            }
            let what = pick(texts)
            let cell = pick(office.cells)
            let at = dayStart + 8 * h + Int64(int(0...(12 * 60))) * m
            add(at, ReceiveTip(source: source, from: from, channel: pick([.phone, .inPerson, .wechat, .wechat]), what: what,
                               cell: cell), pick(office.auxiliaries))
            guard let outcome, chance(0.6) else { continue }
            if outcome == .hazard {
                add(at + 40 * m, ReportHazard(patrol: nil, cell: cell, category: what.contains("消防") ? .fireLane : .other,
                                              note: "联户长反映：" + what), pick(office.auxiliaries))
            }
            add(at + 45 * m, DemoTurnTip(what: what, cell: cell, outcome: outcome, cells: office.cells), pick(office.auxiliaries))
        }
        return steps
    }
}

/// The demo's task issue, by the team's name (its id is the journal's to give).
struct DemoTeamTask: OfficeCommand {
    static let leastRole: LeastRole = .auxiliary
    var team: String, kind: String, due: String, description: String
    func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let id = state.community.teams.first { $0.name == team }?.id ?? team
        return try IssueTeamTask(team: id, kind: kind, due: due, description: description).decide(state, context)
    }
}

/// The demo's report back on the open task it issued (found by team and description).
struct DemoCloseTask: OfficeCommand {
    static let leastRole: LeastRole = .auxiliary
    var team: String, description: String, done: Bool, note: String
    func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let teamID = state.community.teams.first { $0.name == team }?.id
        guard let task = state.community.tasks.last(where: { $0.team == teamID && $0.description == description && $0.closure == nil })
        else { return Decision([]) }
        return try CloseTeamTask(task: task.id, done: done, note: note).decide(state, context)
    }
}

/// The demo's turning of the tip just received into the case it led to: the hazard just
/// reported, an open dispute, a recent incident or a listed person of the office's cells.
struct DemoTurnTip: OfficeCommand {
    static let leastRole: LeastRole = .auxiliary
    var what: String, cell: String, outcome: TipOutcome, cells: [String]
    func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        guard let tip = state.community.tips.last(where: { $0.what == what && $0.cell == cell && $0.links.isEmpty })
        else { return Decision([]) }
        let inOffice = Set(cells)
        let record: String?
        switch outcome {
        case .hazard: record = state.patrols.hazards.last { !$0.voided && $0.cell == cell }?.id
        case .dispute: record = state.disputes.disputes.last { !$0.voided && inOffice.contains($0.cell) }?.id
        case .incident: record = state.incidents.incidents.last { !$0.voided && inOffice.contains($0.cell) }?.id
        case .person:
            // The person the tip is about: a 社区矫正 one for 社区矫正人员…, a 吸毒人员 for 吸毒人员….
            let category: PersonCategory = what.hasPrefix("社区矫正") ? .correction : .drug
            record = state.persons.persons.last { $0.isListed && $0.category == category && inOffice.contains($0.cell) }?.id
        }
        guard let record else { return Decision([]) }
        return try LinkTip(tip: tip.id, record: record).decide(state, context)
    }
}

/// The demo's 三位一体 team: the community officer by the roster's name, a 治保 cadre and a family elder.
struct DemoPersonControl: OfficeCommand {
    static let leastRole: LeastRole = .auxiliary
    var person: String, basis: String, level: ControlLevel, officer: String, security: String, family: String
    func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let name = state.officers.officer(officer)?.name ?? officer
        return try SetPersonControl(person: person, basis: basis, level: level,
                                    helpers: ["officer:" + name, "security:" + security, "family:" + family]).decide(state, context)
    }
}
