import Foundation
import JingwuDomain
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// 总览's 接班异议 line opens the handover's review; `x` there records how the objection was
/// dealt with, after which the line leaves 总览 and the review shows the handling.
@Suite(.serialized) final class ObjectionHandlingScreenTests {
    /// OverviewNeedsTests' office: S0001 handed to 李娜 (auxiliary, operator), who objected.
    private func review() throws -> ConsoleHarness {
        let h = try OverviewNeedsTests.office()
        h.press(.character("1"))
        for _ in 0..<4 { h.press(.down) }  // the notes' two lines, two carried items, then the objection
        XCTAssertEqual(h.trimmed.first { $0.hasPrefix(">") || $0.contains("接班异议：") },
                       "    S0001 李娜 05-04 17:10 接班异议：对讲机电池没电", h.screen.text)
        h.press(.enter)
        XCTAssertEqual(h.app.current, .handover)
        return h
    }

    @Test func test_enter_on_the_objection_opens_the_review_and_x_records_the_handling() throws {
        let h = try review()
        XCTAssertEqual(Array(h.trimmed[2...6]), [
            "交接班 S0001：张伟 → 李娜 上岗 2026-04-26 09:00 交班 05-04 17:00",
            "接班确认：李娜 05-04 17:10",
            "异议：对讲机电池没电",
            "异议处理：未见处理记录（x 记录）",
            "■ 交班时的报告（日志截至第 14 条）",
        ], h.screen.text)
        XCTAssertEqual(h.trimmed[23], "F1 帮助  x 记录异议处理  p 打印  Esc 返回  ↑ 移动  q 退出")
        h.press(.character("x"))
        XCTAssertEqual(Array(h.trimmed[2...5]), [
            "接班异议处理 S0001（李娜：对讲机电池没电）",
            "",
            ">处理情况",
            " 处理人     031246           李娜",
        ], h.screen.text)
        h.type("电池已补领")
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "HandoverObjectionAddressed")
        XCTAssertEqual(h.lastData()["note"] as? String, "电池已补领")
        XCTAssertEqual(h.lastData()["by"] as? String, "031246")
        XCTAssertEqual(Array(h.trimmed[2...6]), [
            "交接班 S0001：张伟 → 李娜 上岗 2026-04-26 09:00 交班 05-04 17:00",
            "接班确认：李娜 05-04 17:10",
            "异议：对讲机电池没电",
            "异议处理：电池已补领（李娜 05-05 09:30）",
            "■ 交班时的报告（日志截至第 14 条）",
        ], h.screen.text)
        XCTAssertEqual(h.trimmed[22], " 已记录 S0001 接班异议的处理")
        XCTAssertEqual(h.trimmed[23], "F1 帮助  p 打印  Esc 返回  ↑ 移动  q 退出", "no x once dealt with")
        // 总览: the objection's part is gone from the parts with something; it shows 0 among the empty ones.
        h.press(.character("1"))
        XCTAssertEqual(Array(h.trimmed[9...13]), [
            "    交接事项：对讲机",
            "",
            " 反诈预警待劝阻 1",
            "    F0001 高 王大妈 138****1234  05-05 08:10  待劝阻",
            "",
        ], h.screen.text)
        h.press(.end)
        XCTAssertTrue(h.trimmed.contains(" 接班异议（未见处理记录） 0"), h.screen.text)
        // The history list (Esc from the review) marks it dealt with.
        h.press(.character("7"), .escape)
        XCTAssertEqual(h.row(containing: "S0001"), "S0001 2026-05-04 17:00 张伟              李娜              异议已处理   2")
    }

    @Test func test_an_empty_note_is_refused_at_its_field_and_nothing_is_written() throws {
        let h = try review()
        let before = h.journal.fileBytes
        h.press(.character("x"), .f(10))
        XCTAssertEqual(h.journal.fileBytes, before)
        XCTAssertEqual(h.trimmed[22], " 处理情况：必须填写", h.screen.text)
        // Esc goes back to the review, the objection still open.
        h.press(.escape)
        if h.trimmed.contains(where: { $0.contains("放弃") }) { h.press(.character("y")) }
        XCTAssertEqual(h.trimmed[5], "异议处理：未见处理记录（x 记录）", h.screen.text)
    }
}
