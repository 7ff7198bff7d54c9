import Foundation
import JingwuDomain
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// Long lists (issue 17): `#` then the number shown in the list opens that record on every list
/// screen; the patrol list shows earlier days' patrols with their dates and pages past the last.
@Suite(.serialized) final class ListJumpTests {
    /// 30 foot patrols, one a day at 08:00 from 04-04 to 05-03 (P0001–P0030), one out today
    /// (P0031), three persons listed, two disputes. The clock ends 05-04 09:00.
    static func office() throws -> ConsoleHarness {
        try ConsoleHarness(now: "2026-04-04T08:00:00+08:00", seed: { o, clock in
            let me = "031245"
            for _ in 0..<30 {
                let p = try o.execute(StartPatrol(mode: .foot, lead: me, cells: ["A01"]), as: me).entityID!
                clock.advance(minutes: 30)
                try o.execute(EndPatrol(patrol: p, summary: "正常"), as: me)
                clock.advance(minutes: 24 * 60 - 30)
            }
            clock.advance(minutes: 60)  // 05-04 09:00
            for n in 1...3 {
                try o.execute(ListPerson(name: "人员\(n)", idNumber: HandoverScreenTests.idNumber(n), category: .released,
                                         residency: .presentRegistered, cell: "A01", officer: me), as: me)
            }
            try o.execute(OpenDispute(category: .neighbour, parties: ["王某"], cell: "A03", summary: "漏水"), as: me)
            try o.execute(OpenDispute(category: .family, parties: ["李某"], cell: "A03", summary: "赡养"), as: me)
            try o.execute(StartPatrol(mode: .bike, lead: me, cells: ["A02"]), as: me)
        })
    }

    @Test func test_hash_and_a_number_open_the_record_on_each_list_screen() throws {
        let h = try Self.office()
        h.press(.character("4"), .character("#"))
        XCTAssertEqual(Array(h.trimmed[2...4]), [
            "┌ 跳到编号（重点人员） ────────────────────────────────────────────────────────┐",
            "│ 编号：                                                                       │",
            "│ 输入列表中的编号（如 7 或 K0007），回车打开                                  │",
        ], h.screen.text)
        h.type("2")
        XCTAssertEqual(h.trimmed[5], "│>K0002 人员2 110105********1027 刑满释放人员 A01                              │")
        h.press(.enter)
        XCTAssertEqual(h.app.current, .persons)
        XCTAssertTrue(h.screen.text.contains("人员2"), h.screen.text)
        XCTAssertFalse(h.screen.text.contains("人员1"), h.screen.text)

        // 矛盾纠纷: the number after the year, or the whole id.
        h.press(.escape, .character("5"), .character("#"))
        h.type("d2026-0002")
        h.press(.enter)
        XCTAssertTrue(h.screen.text.contains("D2026-0002"), h.screen.text)
        XCTAssertTrue(h.screen.text.contains("李某"), h.screen.text)

        // A number nothing has: said under the line, the pop-up stays.
        h.press(.escape, .character("#"))
        h.type("9")
        h.press(.enter)
        XCTAssertEqual(h.trimmed[4], "│ 没有找到「9」                                                                │")
        XCTAssertEqual(h.app.openPopup, "search")
    }

    @Test func test_patrol_list_shows_earlier_days_with_dates_and_pages_past_the_last() throws {
        let h = try Self.office()
        h.press(.character("2"))
        // Today's patrol out first (its time only), then earlier days with their dates.
        XCTAssertEqual(Array(h.trimmed[2...5]), [
            "编号  方式     带队                                开始         用时 签到 状态",
            "P0031 自行车巡 张伟                                09:00        0:00    0 在巡",
            "P0030 步巡     张伟                                05-03 08:00  0:30    0 已结束",
            "P0029 步巡     张伟                                05-02 08:00  0:30    0 已结束",
        ], h.screen.text)
        // End lists the first page of earlier days (20) and goes to its last; again, the next page.
        h.press(.end)
        XCTAssertEqual(h.trimmed[10], "P0011 步巡     张伟                                04-14 08:00  0:30    0 已结束", h.screen.text)
        XCTAssertTrue(h.trimmed[12].hasPrefix("P0011 步巡"), h.screen.text)  // the selected patrol's detail
        h.press(.end)
        XCTAssertEqual(h.trimmed[10], "P0001 步巡     张伟                                04-04 08:00  0:30    0 已结束", h.screen.text)
        h.press(.pageDown)
        XCTAssertTrue(h.trimmed[12].hasPrefix("P0001 步巡"), h.screen.text)
        // A jump to an earlier day's patrol lists earlier days down to it and selects it.
        h.press(.character("1"), .character("2"), .character("#"))
        h.type("3")
        XCTAssertEqual(h.trimmed[5], "│>P0003 04-06 08:00 步巡 张伟 已结束                                           │")
        h.press(.enter)
        XCTAssertEqual(h.app.current, .patrols)
        XCTAssertTrue(h.trimmed[12].hasPrefix("P0003 步巡"), h.screen.text)
    }

    /// 日志 keeps `/` for its filter; `#` and a sequence number select that record (a filter that
    /// hides it is cleared).
    @Test func test_hash_selects_a_journal_record_by_its_number() throws {
        let h = try Self.office()
        h.press(.character("8"))
        XCTAssertFalse(h.app.keyTable().helpRows.contains(KeyHint(keys: "/", label: "查找")))
        h.press(.character("#"))
        h.type("12")
        XCTAssertEqual(h.trimmed[5], "│>日志第 12 条记录                                                             │")
        h.press(.enter)
        XCTAssertNil(h.app.openPopup)
        XCTAssertEqual(h.trimmed[6], "    12 04-06 08:30 031245 巡逻结束        巡逻=P0003 摘要=正常", h.screen.text)
        XCTAssertEqual(h.screen.style(6, 4), .selected, h.screen.text)
        h.press(.enter)
        XCTAssertTrue(h.screen.text.contains("P0003"), h.screen.text)
        // Under a filter that hides the record, the filter goes and the record is selected.
        h.press(.escape, .character("/"), .tab, .tab, .tab, .tab)
        h.type("P0030")
        h.press(.f(10))
        XCTAssertFalse(h.trimmed.contains { $0.hasPrefix("    12 ") }, h.screen.text)
        h.press(.character("#"))
        h.type("12")
        h.press(.enter)
        XCTAssertEqual(h.trimmed[4], "全部记录（/ 筛选）", h.screen.text)
        let selected = (0..<24).filter { h.screen.style($0, 4) == .selected }.map { h.trimmed[$0] }
        XCTAssertEqual(selected, ["    12 04-06 08:30 031245 巡逻结束        巡逻=P0003 摘要=正常"], h.screen.text)
    }
}
