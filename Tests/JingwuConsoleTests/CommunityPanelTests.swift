import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// 群防群治 (issue 19) on the virtual screen: reached from 人员名册 (key 0) by `g`, four lists by
/// `→`, `/` filters the list shown, `Esc` goes back; overdue tasks and possible 脱管 on 总览.
@Suite(.serialized) final class CommunityPanelTests {
    private func seeded() throws -> ConsoleHarness {
        try ConsoleHarness(seed: { office, _ in
            for (badge, name, role) in [("L0101", "刘桂兰", OfficerRole.householdLeader), ("Y0101", "孙义", .volunteer),
                                        ("Y0102", "钱勇", .volunteer), ("X0101", "周巡", .patroller)] {
                try office.execute(EnrollOfficer(badge: badge, name: name, role: role), as: "031245")
            }
            try office.execute(FormTeam(name: "第一义警队", kind: .volunteer, members: ["Y0101", "Y0102"]), as: "031245")
            try office.execute(FormTeam(name: "巡防队", kind: .patrol, members: ["X0101"]), as: "031245")
            try office.execute(IssueTeamTask(team: "TM0001", kind: "app-promotion", due: "2026-05-04",
                                             description: "推广反诈APP"), as: "031245", at: RFC3339.parse("2026-05-01T09:00:00+08:00"),
                               reason: "补录")
            try office.execute(IssueTeamTask(team: "TM0002", kind: "security-duty", due: "2026-05-06",
                                             description: "菜市场执勤"), as: "031245")
            try office.execute(AwardLeaderPoints(leader: "L0101", item: "R01", points: 3, reason: "报告隐患"), as: "031245")
            try office.execute(ReceiveTip(source: .householdLeader, from: "L0101", channel: .phone, what: "楼道电动车充电",
                                          cell: "A01"), as: "031245")
        })
    }

    @Test func test_g_on_the_roster_opens_the_lists_tab_moves_on_slash_filters_and_esc_goes_back() throws {
        let h = try seeded()
        h.press(.character("0"))
        XCTAssertTrue(h.trimmed[23].contains("g 群防群治"), h.trimmed[23])
        h.press(.character("g"))
        XCTAssertEqual(Array(h.trimmed[2...5]), [
            "群防群治·队伍（2）  队伍 2 支  逾期任务 0  2026-05",
            "队伍   姓名/队名  类型   队员 任务 完成 逾期",
            "TM0001 第一义警队 义警队 2    1    0    0",
            "TM0002 巡防队     巡防队 1    1    0    0",
        ], h.trimmed.joined(separator: "\n"))
        XCTAssertTrue(h.trimmed[23].contains("→ 下一列表") && h.trimmed[23].contains("/ 筛选"), h.trimmed[23])
        h.press(.right)
        XCTAssertEqual(Array(h.trimmed[2...5]), [
            "群防群治·任务（2）  队伍 2 支  逾期任务 0  2026-05",
            "任务   队伍       类型        期限  状态   内容",
            "RW0002 巡防队     安保执勤    05-06 进行中 菜市场执勤",
            "RW0001 第一义警队 反诈APP推广 05-04 进行中 推广反诈APP",
        ], h.trimmed.joined(separator: "\n"))
        h.press(.character("/"))
        h.type("执勤")
        h.press(.enter)
        XCTAssertEqual(Array(h.trimmed[2...5]), [
            "群防群治·任务（1）  队伍 2 支  逾期任务 0  2026-05  筛选：执勤",
            "任务   队伍   类型     期限  状态   内容",
            "RW0002 巡防队 安保执勤 05-06 进行中 菜市场执勤",
            "",
        ], h.trimmed.joined(separator: "\n"))
        h.press(.character("/"))
        h.press(.backspace, .backspace)
        h.press(.enter)
        h.press(.right)
        XCTAssertEqual(Array(h.trimmed[2...4]), [
            "群防群治·本月联户长积分（1）  队伍 2 支  逾期任务 0  2026-05",
            "编号  姓名/队名 社区     基础 成效 模范 积分 补贴",
            "L0101 刘桂兰    东街社区 0    3    0    3    45",
        ], h.trimmed.joined(separator: "\n"))
        h.press(.right)
        XCTAssertEqual(Array(h.trimmed[2...4]), [
            "群防群治·线索（1）  队伍 2 支  逾期任务 0  2026-05",
            "线索   时间        来源   提供人        方式 转办 内容",
            "XS0001 05-04 09:00 联户长 刘桂兰(L0101) 电话 —    楼道电动车充电",
        ], h.trimmed.joined(separator: "\n"))
        h.press(.escape)
        XCTAssertTrue(h.trimmed[2].hasPrefix("名册："), h.trimmed.joined(separator: "\n"))
    }

    @Test func test_overdue_tasks_show_on_the_overview_only_when_there_are_some() throws {
        let h = try seeded()
        h.press(.character("1"))
        XCTAssertFalse(h.trimmed.joined(separator: "\n").contains("队伍任务逾期"), h.trimmed.joined(separator: "\n"))
        h.clock.date = RFC3339.parse("2026-05-05T09:00:00+08:00")!
        h.press(.character("2"), .character("1"))
        XCTAssertTrue(h.trimmed.contains(" 队伍任务逾期 1 项"), h.trimmed.joined(separator: "\n"))
        XCTAssertTrue(h.trimmed.contains("    RW0001 第一义警队 反诈APP推广 期限 2026-05-04"), h.trimmed.joined(separator: "\n"))
    }

    @Test func test_a_persons_page_shows_the_basis_level_help_team_possible_absconding_and_the_tip_it_came_from() throws {
        let h = try ConsoleHarness(seed: { office, _ in
            try office.execute(EnrollOfficer(badge: "L0101", name: "刘桂兰", role: .householdLeader), as: "031245")
            try office.execute(ListPerson(name: "钱六", idNumber: PersonsScreenTests.idNumber(), category: .correction,
                                          residency: .registeredAbsent, cell: "A01", officer: "031245"), as: "031245")
            try office.execute(SetPersonControl(person: "K0001", basis: "判处缓刑，社区矫正期内", level: .strict,
                                                helpers: ["officer:张伟", "security:李强", "family:钱父"]), as: "031245")
            try office.execute(ReceiveTip(source: .householdLeader, from: "L0101", channel: .phone, what: "钱六近期未见在家"),
                               as: "031245")
            try office.execute(LinkTip(tip: "XS0001", record: "K0001"), as: "031245")
        })
        h.press(.character("4"), .enter)
        let rows = h.trimmed
        XCTAssertTrue(rows.contains("管控级别 一级（严管） · 列管依据：判处缓刑，社区矫正期内"), rows.joined(separator: "\n"))
        XCTAssertTrue(rows.contains("三位一体帮教小组：社区民警 张伟、治保干部 李强、家长 钱父"), rows.joined(separator: "\n"))
        XCTAssertTrue(rows.contains("可能脱管（社区矫正，户在人不在）"), rows.joined(separator: "\n"))
        XCTAssertTrue(rows.contains("线索 XS0001 05-04 09:00 联户长 刘桂兰(L0101)：钱六近期未见在家"), rows.joined(separator: "\n"))
        // And on 总览: possibly out of supervision.
        h.press(.escape, .character("1"))
        XCTAssertTrue(h.trimmed.contains(" 可能脱管 1 人（社区矫正，户在人不在）"), h.trimmed.joined(separator: "\n"))
        XCTAssertTrue(h.trimmed.contains("    K0001 钱六 社区矫正 户在人不在 A01"), h.trimmed.joined(separator: "\n"))
    }

    @Test func test_a_disputes_page_names_the_tip_it_came_from() throws {
        let h = try ConsoleHarness(seed: { office, _ in
            try office.execute(EnrollOfficer(badge: "L0101", name: "刘桂兰", role: .householdLeader), as: "031245")
            try office.execute(ReceiveTip(source: .householdLeader, from: "L0101", channel: .wechat, what: "两户因噪音争吵"),
                               as: "031245")
            try office.execute(OpenDispute(category: .neighbour, parties: ["甲", "乙"], cell: "A01", summary: "噪音"), as: "031245")
            try office.execute(LinkTip(tip: "XS0001", record: "D2026-0001"), as: "031245")
        })
        h.press(.character("5"), .enter)
        XCTAssertTrue(h.trimmed.contains("线索 XS0001 05-04 09:00 联户长 刘桂兰(L0101)：两户因噪音争吵"),
                      h.trimmed.joined(separator: "\n"))
    }
}
