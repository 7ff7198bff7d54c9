import Foundation
import JingwuJournal
import JingwuResources
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// Issue 19, 群防群治: 联户长 points and the month's subsidy sheet, 义警 and patrol teams and their
/// tasks, tips turned into cases, and key persons fixed to the seeds. Each refusal names its field
/// and leaves the journal byte-for-byte unchanged (`Fixture.assertRefused`).
@Suite(.serialized) final class CommunityTests {
    func makeFixture() throws -> Fixture {
        let f = try Fixture()
        try f.run(EnrollOfficer(badge: "L0101", name: "刘桂兰", role: .householdLeader))
        try f.run(EnrollOfficer(badge: "L0102", name: "马国强", role: .householdLeader))
        try f.run(EnrollOfficer(badge: "Y0102", name: "孙义", role: .volunteer))
        try f.run(EnrollOfficer(badge: "X0101", name: "周巡", role: .patroller))
        try f.run(EnrollOfficer(badge: "G0101", name: "吴网", role: .gridWorker))
        return f
    }

    func assertCheckpointRoundTrip(_ f: Fixture, file: StaticString = #filePath, line: UInt = #line) throws {
        let bytes = f.state.checkpointBytes()
        let restored = try bytes.withUnsafeBytes { try OfficeState(checkpointBytes: $0, policy: .standard) }
        XCTAssertEqual(restored, f.state, file: file, line: line)
        XCTAssertEqual(restored.checkpointBytes(), bytes, "re-saved checkpoint differs", file: file, line: line)
    }

    // MARK: 联户长 points

    @Test func test_points_are_awarded_by_item_within_its_range_and_sum_into_the_month_sheet() throws {
        let f = try makeFixture()
        XCTAssertEqual(try f.run(AwardLeaderPoints(leader: "L0101", item: "R01", points: 3, reason: "报告消防通道堵塞")).entityID, "JF0001")
        try f.run(AwardLeaderPoints(leader: "l0101", item: "入户走访", points: 5, reason: "走访12户"), as: Fixture.auxiliary)
        try f.run(AwardLeaderPoints(leader: "L0102", item: "M01", points: 20, reason: "协助抓获盗窃嫌疑人"))
        let award = try XCTUnwrap(f.state.community.award("JF0002"))
        XCTAssertEqual([award.leader, award.item, award.month, award.community], ["L0101", "B01", "2026-11", "戴花园社区"])
        let sheet = f.state.subsidySheet(community: "戴花园社区", month: "2026-11")
        XCTAssertEqual(sheet.lines.map(\.leader), ["L0101", "L0102"])
        XCTAssertEqual(sheet.lines.map(\.points), [8, 20])
        XCTAssertEqual(sheet.lines[0].byCategory, [.results: 3, .basic: 5])
        // 15 yuan a point (design assumption), at most 240.
        XCTAssertEqual(sheet.lines.map(\.yuan), [120, 240])
        XCTAssertEqual(f.state.policy.community.subsidy(points: 100), 240)
        XCTAssertEqual(f.state.policy.community.subsidy(points: 0), 0)
        try assertCheckpointRoundTrip(f)
    }

    @Test func test_points_outside_the_item_range_and_other_bad_awards_are_refused_naming_the_field() throws {
        let f = try makeFixture()
        f.assertRefused(AwardLeaderPoints(leader: "L0101", item: "R01", points: 11, reason: "x"), .outOfRange, field: "points")
        f.assertRefused(AwardLeaderPoints(leader: "L0101", item: "M01", points: 4, reason: "x"), .outOfRange, field: "points")
        f.assertRefused(AwardLeaderPoints(leader: "L0101", item: "Z99", points: 1, reason: "x"), .unknownCode, field: "item")
        f.assertRefused(AwardLeaderPoints(leader: "Y0102", item: "R01", points: 1, reason: "x"), .roleRequired, field: "leader")
        f.assertRefused(AwardLeaderPoints(leader: "L9999", item: "R01", points: 1, reason: "x"), .unknownOfficer, field: "leader")
        f.assertRefused(AwardLeaderPoints(leader: "L0101", item: "R01", points: 1, reason: " "), .required, field: "reason")
        f.assertRefused(AwardLeaderPoints(leader: "L0101", item: "R01", points: 1, reason: "x", community: "别的社区"),
                        .unknownCode, field: "community")
        // The message names the item and its range, in each language.
        do {
            try f.run(AwardLeaderPoints(leader: "L0101", item: "R01", points: 11, reason: "x"))
        } catch let error as DomainError {
            XCTAssertEqual(error.localizedMessage(Strings(.zh)), "分值 (points)：11 超出“R01 发现报告隐患”的分值范围（1–10 分）")
            XCTAssertEqual(error.localizedMessage(Strings(.en)), "points (points): 11 is outside the points of \"R01 Hazard found and reported\" (1–10)")
        }
        do {
            try f.run(AwardLeaderPoints(leader: "Y0102", item: "R01", points: 1, reason: "x"))
        } catch let error as DomainError {
            XCTAssertEqual(error.localizedMessage(Strings(.zh)), "联户长 (leader)：Y0102 的身份为义警，此处须为联户长")
        }
    }

    @Test func test_a_community_of_its_own_scores_by_its_own_items() throws {
        let f = try makeFixture()
        var policy = f.state.policy.community
        policy.itemsByCommunity["戴花园社区"] = [.init(code: "X01", category: .basic, zh: "楼栋巡查", en: "Building rounds", range: 2...4)]
        XCTAssertEqual(policy.item("x01", community: "戴花园社区")?.range, 2...4)
        XCTAssertNil(policy.item("R01", community: "戴花园社区"))
        XCTAssertEqual(policy.item("R01", community: "别的社区")?.code, "R01")
        XCTAssertEqual(CommunityPolicy.load(), CommunityPolicy.standard, "the shipped file and the built-in defaults differ")
    }

    @Test func test_a_settled_month_keeps_its_sheet_and_refuses_further_points_and_voids() throws {
        let f = try makeFixture()
        try f.run(AwardLeaderPoints(leader: "L0101", item: "R01", points: 3, reason: "报告隐患"))
        let award = try XCTUnwrap(f.state.community.award("JF0001"))
        f.assertRefused(SettleLeaderSubsidy(month: "2026-11"), as: Fixture.auxiliary, .forbidden, field: "month")
        f.assertRefused(SettleLeaderSubsidy(month: "2026-12"), .inFuture, field: "month")
        f.assertRefused(SettleLeaderSubsidy(month: "2026-13"), .invalid, field: "month")
        XCTAssertEqual(try f.run(SettleLeaderSubsidy(month: "2026-11")).entityID, "2026-11 戴花园社区")
        let settled = try XCTUnwrap(f.state.community.settlement(community: "戴花园社区", month: "2026-11"))
        XCTAssertEqual(settled.lines, [SubsidyLine(leader: "L0101", points: 3, yuan: 45)])
        f.assertRefused(AwardLeaderPoints(leader: "L0102", item: "R01", points: 1, reason: "x"), .monthSettled, field: "month")
        f.assertRefused(SettleLeaderSubsidy(month: "2026-11"), .monthSettled, field: "month")
        f.assertRefused(VoidEntry(event: award.event, reason: "录错"), .monthSettled, field: "event")
        // A back-dated award into an open month is fine; December is not settled.
        f.clock.set("2026-12-02T09:00:00+08:00")
        try f.run(AwardLeaderPoints(leader: "L0102", item: "R05", points: 2, reason: "提出装路灯建议"))
        XCTAssertEqual(f.state.community.award("JF0002")?.month, "2026-12")
        XCTAssertEqual(f.state.subsidySheet(community: "戴花园社区", month: "2026-11").settlement, settled)
        try assertCheckpointRoundTrip(f)
        // Voiding the settlement reopens the month.
        try f.run(VoidEntry(event: settled.event, reason: "结算有误"))
        try f.run(AwardLeaderPoints(leader: "L0102", item: "R01", points: 1, reason: "补记"), at: "2026-11-30T10:00:00+08:00",
                  reason: "月底补录")
        XCTAssertEqual(f.state.subsidySheet(community: "戴花园社区", month: "2026-11").totalPoints, 4)
        try assertCheckpointRoundTrip(f)
    }

    // MARK: Teams and tasks

    @Test func test_teams_take_volunteers_and_patrollers_and_tasks_go_to_a_team_that_exists() throws {
        let f = try makeFixture()
        XCTAssertEqual(try f.run(FormTeam(name: "第一义警队", kind: .volunteer, members: [Fixture.volunteer, "y0102"])).entityID, "TM0001")
        XCTAssertEqual(f.state.community.team("TM0001")?.members, [Fixture.volunteer, "Y0102"])
        f.assertRefused(FormTeam(name: "第二义警队", kind: .volunteer, members: ["L0101"]), .roleRequired, field: "members")
        f.assertRefused(FormTeam(name: "第二义警队", kind: .volunteer, members: []), .required, field: "members")
        f.assertRefused(FormTeam(name: "第一义警队", kind: .patrol, members: ["X0101"]), .duplicate, field: "name")
        try f.run(FormTeam(name: "巡防一队", kind: .patrol, members: ["X0101"]))

        XCTAssertEqual(try f.run(IssueTeamTask(team: "tm0001", kind: "app-promotion", due: "2026-11-25",
                                               description: "在小区门口推广国家反诈中心APP")).entityID, "RW0001")
        try f.run(IssueTeamTask(team: "TM0002", kind: "安保执勤", due: "2026-11-23", description: "菜市场早高峰执勤"))
        f.assertRefused(IssueTeamTask(team: "TM0009", kind: "app-promotion", due: "2026-11-25", description: "x"),
                        .unknownRecord, field: "team")
        f.assertRefused(IssueTeamTask(team: "TM0001", kind: "cleaning", due: "2026-11-25", description: "x"),
                        .unknownCode, field: "kind")
        f.assertRefused(IssueTeamTask(team: "TM0001", kind: "app-promotion", due: "2026-11-22", description: "x"),
                        .dueBeforeIssue, field: "due")
        f.assertRefused(IssueTeamTask(team: "TM0001", kind: "app-promotion", due: "2026-02-30", description: "x"),
                        .invalid, field: "due")
        do {
            try f.run(IssueTeamTask(team: "TM0009", kind: "app-promotion", due: "2026-11-25", description: "x"))
        } catch let error as DomainError {
            XCTAssertEqual(error.localizedMessage(Strings(.zh)), "队伍 (team)：找不到记录 TM0009")
        }

        // Overdue once its last day has ended, until it is reported back.
        XCTAssertEqual(f.state.overdueTasks(now: time("2026-11-23T23:59:00+08:00")).map(\.id), [])
        XCTAssertEqual(f.state.overdueTasks(now: time("2026-11-24T00:00:00+08:00")).map(\.id), ["RW0002"])
        XCTAssertEqual(f.state.overdueTasks(now: time("2026-11-26T08:00:00+08:00")).map(\.id), ["RW0002", "RW0001"])
        f.clock.set("2026-11-25T18:00:00+08:00")
        try f.run(CloseTeamTask(task: "RW0001", done: true, note: "推广安装42户"))
        f.clock.set("2026-11-26T08:00:00+08:00")
        try f.run(CloseTeamTask(task: "RW0002", done: false, note: "人员不足，未能执勤"))
        f.assertRefused(CloseTeamTask(task: "RW0001", done: true, note: "again"), .closed, field: "task")
        f.assertRefused(CloseTeamTask(task: "RW0009", done: true, note: "x"), .unknownRecord, field: "task")
        XCTAssertEqual(f.state.overdueTasks(now: time("2026-11-27T08:00:00+08:00")).map(\.id), [])
        // Overdue at a moment before the late report still counts it (the figure at that time).
        XCTAssertEqual(f.state.overdueTasks(now: time("2026-11-25T08:00:00+08:00")).map(\.id), ["RW0002"])
        let lines = f.state.tasksByTeam(from: time("2026-11-01T00:00:00+08:00"), to: time("2026-12-01T00:00:00+08:00"))
        XCTAssertEqual(lines.map { [$0.team.id, "\($0.issued)", "\($0.done)", "\($0.notDone)", "\($0.overdue)"] },
                       [["TM0001", "1", "1", "0", "0"], ["TM0002", "1", "0", "1", "0"]])
        try assertCheckpointRoundTrip(f)
    }

    // MARK: Tips

    @Test func test_tips_from_the_four_sources_turn_into_cases_with_the_link_kept_both_ways() throws {
        let f = try makeFixture()
        XCTAssertEqual(try f.run(ReceiveTip(source: .householdLeader, from: "L0101", channel: .phone,
                                            what: "5栋楼道电动车充电", cell: "C01")).entityID, "XS0001")
        try f.run(ReceiveTip(source: .gridWorker, from: "吴网", channel: .wechat, what: "两户因噪音争吵"))
        try f.run(ReceiveTip(source: .resident, from: "张大妈", channel: .inPerson, what: "有人冒充客服打电话"))
        f.assertRefused(ReceiveTip(source: .volunteer, from: "L0101", channel: .phone, what: "x"), .roleRequired, field: "from")
        f.assertRefused(ReceiveTip(source: .resident, from: " ", channel: .phone, what: "x"), .required, field: "from")
        f.assertRefused(ReceiveTip(source: .resident, from: "某人", channel: .phone, what: " "), .required, field: "what")
        f.assertRefused(ReceiveTip(source: .resident, from: "某人", channel: .phone, what: "x", cell: "Z9"), .unknownCell, field: "cell")

        let hazard = try XCTUnwrap(try f.run(ReportHazard(patrol: nil, cell: "C01", note: "楼道电动车充电")).entityID)
        let dispute = try XCTUnwrap(try f.run(OpenDispute(category: .neighbour, parties: ["甲", "乙"], cell: "C01",
                                                          summary: "噪音")).entityID)
        try f.run(LinkTip(tip: "xs0001", record: hazard.lowercased()))
        try f.run(LinkTip(tip: "XS0002", record: dispute))
        f.assertRefused(LinkTip(tip: "XS0001", record: hazard), .duplicate, field: "record")
        f.assertRefused(LinkTip(tip: "XS0001", record: "I0099"), .unknownRecord, field: "record")
        f.assertRefused(LinkTip(tip: "XS0099", record: hazard), .unknownRecord, field: "tip")

        XCTAssertEqual(f.state.community.tip("XS0001")?.liveLinks.map(\.outcome), [.hazard])
        XCTAssertEqual(f.state.tips(for: hazard).map(\.id), ["XS0001"])
        XCTAssertEqual(f.state.tips(for: dispute).map(\.id), ["XS0002"])
        XCTAssertEqual(f.state.tipGiver(f.state.community.tip("XS0002")!), "吴网(G0101)")
        let bySource = f.state.tipsBySource(from: time("2026-11-23T00:00:00+08:00"), to: time("2026-11-24T00:00:00+08:00"))
        XCTAssertEqual(bySource.map { "\($0.source.code) \($0.received) \($0.turned)" },
                       ["household-leader 1 1", "volunteer 0 0", "grid-worker 1 1", "resident 1 0"])
        try assertCheckpointRoundTrip(f)
        // Voiding the link takes it back on both sides.
        let link = try XCTUnwrap(f.state.community.tip("XS0001")?.links.first?.event)
        try f.run(VoidEntry(event: link, reason: "关联错误"))
        XCTAssertEqual(f.state.tips(for: hazard).map(\.id), [])
        try assertCheckpointRoundTrip(f)
    }

    // MARK: Key persons

    @Test func test_floating_and_temporary_are_no_longer_key_person_categories_but_old_records_still_read() throws {
        let f = try makeFixture()
        f.assertRefused(ListPerson(name: "赵五", idNumber: Fixture.idNumber(), category: .floating, residency: .temporary,
                                   cell: "C01", officer: Fixture.officer), .populationStatus, field: "category")
        f.assertRefused(ListPerson(name: "赵五", idNumber: Fixture.idNumber(), category: .temporary, residency: .temporary,
                                   cell: "C01", officer: Fixture.officer), .populationStatus, field: "category")
        XCTAssertFalse(PersonCategory.listable.contains(.floating))
        XCTAssertTrue(PersonCategory.listable.contains(.drug) && PersonCategory.listable.contains(.petition))
        XCTAssertEqual([PersonCategory.released, .drug, .mentalHealth, .petition].map(\.chineseName),
                       ["刑满释放人员", "吸毒人员", "严重精神障碍患者（肇事肇祸）", "信访重点人员"])
        // A journal written before issue 19 holds a person listed as 流动人口: it reads, named as the old category.
        let old = PersonListed(person: "K0001", name: "赵五", idNumber: Fixture.idNumber(), category: .floating,
                               residency: .temporary, cell: "C01", officer: Fixture.officer)
        var state = f.state
        state.apply(old.asEvent, Envelope(id: UUID(), seq: 999, at: time("2026-11-23T09:00:00+08:00"),
                                          recorded: time("2026-11-23T09:00:00+08:00"), by: Fixture.officer))
        XCTAssertEqual(state.persons.person("K0001")?.category.chineseName, "流动人口（原列管类别）")
        do {
            try f.run(ChangePersonStatus(person: "K0001", category: .floating))
        } catch let error as DomainError {
            XCTAssertEqual(error.reason, .unknownRecord)  // no such person in the fixture's own journal
        }
    }

    @Test func test_control_level_basis_and_the_three_in_one_help_team() throws {
        let f = try makeFixture()
        let id = try XCTUnwrap(try f.run(ListPerson(name: "钱六", idNumber: Fixture.idNumber(), category: .correction,
                                                    residency: .presentRegistered, cell: "C01", officer: Fixture.officer)).entityID)
        try f.run(SetPersonControl(person: id, basis: "判处缓刑，社区矫正一年", level: .focus,
                                   helpers: ["社区民警:王建国", "security:李强", "家长：钱父"]))
        let control = try XCTUnwrap(f.state.persons.control(id))
        XCTAssertEqual(control.level, .focus)
        XCTAssertEqual(control.helpers, [Helper(role: .officer, name: "王建国"), Helper(role: .security, name: "李强"),
                                         Helper(role: .family, name: "钱父")])
        f.assertRefused(SetPersonControl(person: id, basis: "x", level: .focus, helpers: ["officer:王建国", "family:钱父"]),
                        .helperMissing, field: "helpers")
        f.assertRefused(SetPersonControl(person: id, basis: "x", level: .focus, helpers: ["王建国"]), .invalid, field: "helpers")
        f.assertRefused(SetPersonControl(person: id, basis: " ", level: .focus, helpers: ["officer:a", "security:b", "family:c"]),
                        .required, field: "basis")
        do {
            try f.run(SetPersonControl(person: id, basis: "x", level: .focus, helpers: ["officer:王建国", "family:钱父"]))
        } catch let error as DomainError {
            XCTAssertEqual(error.localizedMessage(Strings(.zh)),
                           "帮教小组 (helpers)：三位一体帮教小组须有社区民警、治保干部和家长，缺少治保干部")
        }
        try assertCheckpointRoundTrip(f)

        // 户在人不在 for a 社区矫正 person: possibly out of supervision (可能脱管), from the change on.
        XCTAssertEqual(f.state.possiblyAbsconding(at: f.clock.now()).map(\.id), [])
        f.clock.set("2026-11-24T10:00:00+08:00")
        try f.run(ChangePersonStatus(person: id, residency: .registeredAbsent, note: "走访发现已外出务工"))
        XCTAssertEqual(f.state.possiblyAbsconding(at: f.clock.now()).map(\.id), [id])
        XCTAssertEqual(f.state.possiblyAbsconding(at: time("2026-11-24T09:00:00+08:00")).map(\.id), [])
        XCTAssertEqual(f.state.handoverReport(from: time("2026-11-24T08:00:00+08:00"), to: f.clock.now(), now: f.clock.now())
            .possiblyAbsconding.map(\.id), [id])
    }
}
