import Foundation
import JingwuDomain
import JingwuJournal
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// 警情 and 反诈预警 on the virtual screen.
@Suite(.serialized) final class IncidentsScreenTests {
    private func seedPersonAndDispute(_ office: Office, _ clock: StepClock) throws {
        try office.execute(ListPerson(name: "李四", idNumber: PersonsScreenTests.idNumber("11010119800101002"),
                                      category: .released, residency: .presentRegistered, cell: "A02", officer: "031245"),
                           as: "031245")
        try office.execute(OpenDispute(category: .neighbour, parties: ["张三", "李四"], cell: "A02", summary: "噪音"),
                           as: "031245")
    }

    @Test func test_log_an_incident_linked_to_a_person_then_close_it() throws {
        let h = try ConsoleHarness(seed: seedPersonAndDispute)
        h.press(.character("6"), .character("n"), .right, .right)  // kind → 打架斗殴
        h.press(.tab, .tab)
        h.type("A02")
        h.press(.tab)
        h.type("两人在楼道推搡")
        h.press(.tab)
        h.type("K0001")
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "IncidentLogged")
        XCTAssertEqual(h.lastData()["person"] as? String, "K0001")
        XCTAssertEqual(h.trimmed[2], "显示：今日 · 今日 1 起 · 未结 1 起 · 反诈预警待劝阻 0")
        XCTAssertEqual(h.trimmed[4], "I0001 05-04 09:00 打架斗殴 A02    K0001      未结     两人在楼道推搡")

        h.press(.character("l"), .tab)  // person kept → dispute
        h.type("D2026-0001")
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "IncidentLinked")
        XCTAssertEqual(h.office.state.incidents.incident("I0001")?.dispute, "D2026-0001")

        h.press(.character("c"), .right, .right, .right)  // disposition → 调解
        h.press(.tab)
        h.type("已调解")
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "IncidentClosed")
        XCTAssertEqual(h.trimmed[4], "I0001 05-04 09:00 打架斗殴 A02    K0001 D20… 现场调解 两人在楼道推搡")
        h.press(.character("t"))  // open ones only
        XCTAssertEqual(h.trimmed[2], "显示：未结 · 今日 1 起 · 未结 0 起 · 反诈预警待劝阻 0")
        XCTAssertEqual(h.trimmed[4], "                             没有警情。按 n 登记。")

        // The person's file and the case file list the incident.
        h.press(.character("4"), .enter)
        XCTAssertTrue(h.screen.text.contains("I0001  2026-05-04 09:00  打架斗殴  两人在楼道推搡"), h.screen.text)
    }

    @Test func test_linking_to_an_unknown_person_is_refused_at_the_person_field() throws {
        let h = try ConsoleHarness(seed: { office, _ in
            try office.execute(LogIncident(cell: "A01", kind: .theft, summary: "电瓶被盗"), as: "031245")
        })
        let before = h.journal.headHash
        h.press(.character("6"), .character("l"))
        h.type("K0099")
        h.press(.f(10))
        XCTAssertEqual(h.journal.headHash, before)
        XCTAssertTrue(h.trimmed.contains { $0.hasSuffix("关联重点人员：找不到记录 K0099") }, h.screen.text)
    }
}

/// 反诈预警: warnings with masked phone numbers, dissuasion, and the overview.
@Suite(.serialized) final class AntiFraudScreenTests {
    private func receiveWarning(_ h: ConsoleHarness, phone: String) {
        h.press(.character("6"), .character("f"), .character("n"), .tab)  // level 高 → target
        h.type("王大妈(A01 3栋201)")
        h.press(.tab, .tab)  // person → phone
        h.type(phone)
        h.press(.tab)
        h.type("A01")
        h.press(.f(10))
    }

    @Test func test_a_warning_shows_masked_on_the_list_and_the_overview_until_a_dissuasion_is_recorded() throws {
        let h = try ConsoleHarness()
        receiveWarning(h, phone: "138 0013 8000")
        XCTAssertEqual(h.eventTypes.last, "FraudWarningReceived")
        XCTAssertEqual(h.lastData()["phone"] as? String, "13800138000")
        XCTAssertEqual(h.lastData()["level"] as? String, "high")
        XCTAssertEqual(h.trimmed[2], "反诈预警：待劝阻 1（高风险 1）· 共 1")
        XCTAssertEqual(h.trimmed[4], "F0001 05-04 09:00 高   王大妈(A01 3栋201)            138****8000 A01    待劝阻")
        XCTAssertFalse(h.screen.text.contains("13800138000"))

        h.press(.character("1"))
        XCTAssertEqual(h.row(containing: "反诈预警"), " 反诈预警待劝阻 1")
        let line = try XCTUnwrap(h.row(containing: "F0001"))
        XCTAssertEqual(line, "    F0001 高 王大妈(A01 3栋201) 138****8000  05-04 09:00  待劝阻")

        // Enter on the overview line opens the warning; d records the dissuasion.
        h.press(.character("6"))
        h.press(.character("d"), .tab, .tab)  // by → method (上门) → outcome (劝阻成功)
        h.press(.tab)
        h.type("讲解冒充客服退款骗局")
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "FraudDissuasionRecorded")
        XCTAssertEqual(h.lastData()["outcome"] as? String, "dissuaded")
        XCTAssertEqual(h.trimmed[4], "F0001 05-04 09:00 高   王大妈(A01 3栋201)            138****8000 A01    劝阻成功")
        h.press(.character("1"))
        XCTAssertEqual(h.row(containing: "反诈预警"), " 反诈预警待劝阻 0")
        XCTAssertFalse(h.trimmed[2...21].contains { $0.contains("F0001") }, h.screen.text)
    }

    @Test func test_an_unreachable_dissuasion_keeps_the_warning_on_the_overview() throws {
        let h = try ConsoleHarness()
        receiveWarning(h, phone: "13800138000")
        h.press(.character("d"), .tab, .right, .tab, .right)  // method 电话, outcome 未联系上
        h.press(.f(10))
        XCTAssertEqual(h.lastData()["outcome"] as? String, "unreachable")
        h.press(.character("1"))
        XCTAssertEqual(h.row(containing: "反诈预警"), " 反诈预警待劝阻 1")
        XCTAssertTrue(h.row(containing: "F0001")?.hasSuffix("未联系上") ?? false)
    }

    @Test func test_a_bad_phone_number_is_refused_at_the_phone_field_and_writes_nothing() throws {
        let h = try ConsoleHarness()
        let before = h.journal.headHash
        receiveWarning(h, phone: "1380013")
        XCTAssertEqual(h.journal.headHash, before)
        XCTAssertTrue(h.trimmed.contains { $0.hasSuffix("电话号码：取值无效：1380013") }, h.screen.text)
    }
}

/// 接处警 and 反诈宣传 on the incidents screen (issue 20).
@Suite(.serialized) final class IncidentResponseScreenTests {
    private func seedCall(_ office: Office, _ clock: StepClock) throws {
        try office.execute(LogIncident(cell: "A02", kind: .fight, summary: "两人在楼道推搡", caller: "刘女士",
                                       callerPhone: "13800138000"), as: "031245")
    }

    @Test func test_the_arrival_is_recorded_with_a_and_the_page_shows_the_caller_masked() throws {
        let h = try ConsoleHarness(seed: seedCall)
        h.press(.character("6"))
        XCTAssertEqual(h.trimmed[23], "F1 帮助 n 登记警情 Enter 打开 l 关联人员/纠纷 a 到场 c 办结 q 退出")
        h.press(.character("a"))
        XCTAssertEqual(Array(h.trimmed[2...6]), [
            "记录到场 I0001（2026-05-04 09:00 接警）：两人在楼道推搡", "", ">到场人员   031245           张伟",
            " 发生时间   现在；或 HH:MM、-30m", " 补录原因   补录时必填"])
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "IncidentArrived")
        XCTAssertEqual(h.lastData()["officer"] as? String, "031245")
        XCTAssertEqual(h.trimmed[22], " 警情 I0001 已记录到场，09:00")
        XCTAssertEqual(h.trimmed[23], "F1 帮助 n 登记警情 Enter 打开 l 关联人员/纠纷 c 办结 t 今日/未结/全部 q 退出",
                       "arrived: no a")
        h.press(.enter)
        XCTAssertEqual(Array(h.trimmed[2...7]), [
            "I0001  打架斗殴  110报警  未结", "时间 2026-05-04 09:00 · 点位 A02 东街", "简要案情 两人在楼道推搡",
            "报警人 刘女士 · 电话 138****8000", "（r 查看完整电话号码，查看将记入日志）",
            "到场 2026-05-04 09:00（接警后 0 分钟）· 张伟"])
        XCTAssertFalse(h.screen.text.contains("13800138000"), "the phone shows masked")
    }

    @Test func test_an_arrival_before_the_call_is_refused_at_its_field_and_writes_nothing() throws {
        let h = try ConsoleHarness(seed: seedCall)
        h.press(.character("6"), .character("a"), .tab)
        h.type("08:50")
        h.press(.tab)
        h.type("路上补录")
        let before = h.journal.headHash
        h.press(.f(10))
        XCTAssertEqual(h.journal.headHash, before)
        XCTAssertEqual(Array(h.trimmed[4...7]), [
            " 到场人员   031245           张伟", ">发生时间   08:50",
            "            到场时间：2026-05-04 08:50 早于 I0001 的接警时间 2026-05-04 09:00…", " 补录原因   路上补录"])
        XCTAssertEqual(Array(h.trimmed[21...22]), [
            " 到场时间：2026-05-04 08:50 早于 I0001 的接警时间 2026-05-04 09:00，到场不能早于", " 接警"])
    }

    @Test func test_an_outreach_session_is_recorded_from_the_fraud_view_and_a_bad_count_is_refused_at_its_field() throws {
        let h = try ConsoleHarness()
        h.press(.character("6"), .character("f"), .character("o"))
        XCTAssertEqual(h.trimmed[2], "登记反诈宣传")
        h.type("A02")
        h.press(.tab)
        h.type("社区活动室")
        h.press(.tab, .tab, .tab)
        h.type("30")
        h.press(.tab)
        h.type("45")
        let before = h.journal.headHash
        h.press(.f(10))
        XCTAssertEqual(h.journal.headHash, before)
        XCTAssertEqual(Array(h.trimmed[4...10]), [
            " 点位       A02              东街", " 地点       社区活动室", " 形式       < 宣传讲座 >", " 对象       < 居民 >",
            " 参加人数   30", ">覆盖户数   45", "            覆盖户数：覆盖 45 户多于参加人数 30，每户至少有一人参加或收到"])
        h.press(.ctrl("u"))
        h.type("25")
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "AntiFraudOutreachHeld")
        XCTAssertEqual(h.lastData()["households"] as? Int, 25)
        XCTAssertEqual(h.trimmed[22], " 已登记反诈宣传 O0001，09:00")
        // The session just recorded shows in the list of sessions (session 11).
        XCTAssertEqual(h.trimmed[23], "F1 帮助  o 反诈宣传  s 反诈预警  f 回到警情  / 查找  # 跳到编号  q 退出")
        XCTAssertTrue(h.trimmed[4].hasPrefix("O0001 05-04 09:00 A02"), h.screen.text)
    }
}
