import Foundation
import JingwuDomain
import JingwuJournal
import JingwuTerminal
import XCTest
@testable import JingwuConsole

/// 警情 and 反诈预警 on the virtual screen.
final class IncidentsScreenTests: XCTestCase {
    private func seedPersonAndDispute(_ office: Office, _ clock: StepClock) throws {
        try office.execute(ListPerson(name: "李四", idNumber: PersonsScreenTests.idNumber("11010119800101002"),
                                      category: .released, residency: .presentRegistered, cell: "A02", officer: "031245"),
                           as: "031245")
        try office.execute(OpenDispute(category: .neighbour, parties: ["张三", "李四"], cell: "A02", summary: "噪音"),
                           as: "031245")
    }

    func test_log_an_incident_linked_to_a_person_then_close_it() throws {
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
        XCTAssertEqual(h.trimmed[4], "I0001 05-04 09:00 打架斗殴 A02    K0001 D20… 调解     两人在楼道推搡")
        h.press(.character("t"))  // open ones only
        XCTAssertEqual(h.trimmed[2], "显示：未结 · 今日 1 起 · 未结 0 起 · 反诈预警待劝阻 0")
        XCTAssertEqual(h.trimmed[4], "                             没有警情。按 n 登记。")

        // The person's file and the case file list the incident.
        h.press(.character("4"), .enter)
        XCTAssertTrue(h.screen.text.contains("I0001  2026-05-04 09:00  打架斗殴  两人在楼道推搡"), h.screen.text)
    }

    func test_linking_to_an_unknown_person_is_refused_at_the_person_field() throws {
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
final class AntiFraudScreenTests: XCTestCase {
    private func receiveWarning(_ h: ConsoleHarness, phone: String) {
        h.press(.character("6"), .character("f"), .character("n"), .tab)  // level 高 → target
        h.type("王大妈(A01 3栋201)")
        h.press(.tab, .tab)  // person → phone
        h.type(phone)
        h.press(.tab)
        h.type("A01")
        h.press(.f(10))
    }

    func test_a_warning_shows_masked_on_the_list_and_the_overview_until_a_dissuasion_is_recorded() throws {
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

    func test_an_unreachable_dissuasion_keeps_the_warning_on_the_overview() throws {
        let h = try ConsoleHarness()
        receiveWarning(h, phone: "13800138000")
        h.press(.character("d"), .tab, .right, .tab, .right)  // method 电话, outcome 未联系上
        h.press(.f(10))
        XCTAssertEqual(h.lastData()["outcome"] as? String, "unreachable")
        h.press(.character("1"))
        XCTAssertEqual(h.row(containing: "反诈预警"), " 反诈预警待劝阻 1")
        XCTAssertTrue(h.row(containing: "F0001")?.hasSuffix("未联系上") ?? false)
    }

    func test_a_bad_phone_number_is_refused_at_the_phone_field_and_writes_nothing() throws {
        let h = try ConsoleHarness()
        let before = h.journal.headHash
        receiveWarning(h, phone: "1380013")
        XCTAssertEqual(h.journal.headHash, before)
        XCTAssertTrue(h.trimmed.contains { $0.hasSuffix("电话号码：取值无效：1380013") }, h.screen.text)
    }
}
