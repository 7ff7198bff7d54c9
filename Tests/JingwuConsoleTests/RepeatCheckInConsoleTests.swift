import Foundation
import JingwuDomain
import JingwuJournal
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// Issue 15: the same patrol at the same cell again within 5 minutes (the code typed and Enter
/// twice) is refused by the domain; the console says so on the message line and keeps the code
/// in the check-in line. Nothing is written.
@Suite(.serialized) final class RepeatCheckInConsoleTests {
    private func startPatrol(_ h: ConsoleHarness) {
        h.press(.character("2"), .character("n"), .f(10))
        XCTAssertEqual(h.eventTypes.last, "PatrolStarted")
    }

    @Test func test_the_same_code_and_enter_twice_is_refused_on_the_message_line_and_the_code_stays() throws {
        let h = try ConsoleHarness()
        startPatrol(h)
        h.clock.advance(minutes: 10)
        h.type("A01")
        h.press(.enter)
        XCTAssertEqual(h.trimmed[22], " 已签到：P0001 到 A01 幸福小区，09:10")
        let bytes = h.journal.fileBytes
        h.clock.advance(minutes: 0.05)  // three seconds on
        h.type("A01")
        h.press(.enter)
        XCTAssertEqual(h.journal.fileBytes, bytes, "the journal changed")
        XCTAssertEqual(h.trimmed[22], " 点位：P0001 已于 09:10:00 在 A01 签到，5 分钟内不重复签到，未写入")
        XCTAssertEqual(h.screen.style(22, 1), .error)
        XCTAssertEqual(h.trimmed[20], "签到点位> A01          幸福小区")
        XCTAssertEqual(h.trimmed[21], "          点位：P0001 已于 09:10:00 在 A01 签到，5 分钟内不重复签到，未写入")
        // Enter again: still refused, still nothing written.
        h.press(.enter)
        XCTAssertEqual(h.journal.fileBytes, bytes)
        // Another cell is recorded at once; the same one five minutes after the first.
        h.press(.escape)
        h.type("A02")
        h.press(.enter)
        XCTAssertEqual(h.trimmed[22], " 已签到：P0001 到 A02 东街，09:10")
        h.clock.advance(minutes: 5)
        h.type("A01")
        h.press(.enter)
        XCTAssertEqual(h.eventTypes.suffix(3), ["PatrolCheckedIn", "PatrolCheckedIn", "PatrolCheckedIn"])
    }

    @Test func test_a_backdated_checkin_near_one_already_recorded_is_refused_at_its_cell() throws {
        let h = try ConsoleHarness(now: "2026-05-04T10:00:00+08:00")
        h.press(.character("2"), .character("n"), .tab, .tab, .tab, .tab, .tab)
        h.type("08:30")
        h.press(.tab)
        h.type("对讲机故障,事后补录")
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "PatrolStarted")
        h.type("A01")
        h.press(.enter)  // 10:00
        XCTAssertEqual(h.eventTypes.last, "PatrolCheckedIn")
        let bytes = h.journal.fileBytes
        h.press(.character("b"))
        h.type("A01")
        h.press(.tab, .tab)
        h.type("09:58")
        h.press(.tab)
        h.type("对讲机故障")
        h.press(.f(10))
        XCTAssertEqual(h.journal.fileBytes, bytes, "the journal changed")
        XCTAssertEqual(h.trimmed[22], " 点位：P0001 已于 10:00:00 在 A01 签到，5 分钟内不重复签到，未写入")
        XCTAssertTrue(h.trimmed.contains { $0.hasPrefix(">点位") }, "focus on the cell: \(h.screen.text)")
    }
}
