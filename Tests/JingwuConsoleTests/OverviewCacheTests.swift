import Foundation
import JingwuDomain
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// 总览 keeps the lines it built while nothing they show has moved; a new record, the next
/// minute on the clock (and another width) rebuild them.
@Suite(.serialized) final class OverviewCacheTests {
    @Test func test_the_overview_follows_the_journal_and_the_clock() throws {
        let h = try ConsoleHarness(seed: { o, _ in try o.execute(StartPatrol(mode: .foot, lead: "031245"), as: "031245") })
        h.press(.character("1"))
        XCTAssertNotNil(h.row(containing: "P0001 步巡 张伟  已出 0:00  签到 0"))
        // Moving the selection changes nothing shown.
        h.press(.down, .up)
        XCTAssertNotNil(h.row(containing: "P0001 步巡 张伟  已出 0:00  签到 0"))
        // The next minute: elapsed time moves.
        h.clock.advance(minutes: 1)
        h.press(.down)
        XCTAssertNotNil(h.row(containing: "P0001 步巡 张伟  已出 0:01  签到 0"))
        // A record written (here from outside the console, as another terminal would): shown at the next key.
        try h.office.execute(CheckInPatrol(patrol: "P0001", cell: "A01"), as: "031245")
        h.press(.up)
        XCTAssertNotNil(h.row(containing: "P0001 步巡 张伟  已出 0:01  签到 1"))
        try h.office.execute(LogIncident(cell: "A02", kind: .theft, summary: "手机被盗"), as: "031245")
        h.press(.down)
        XCTAssertNotNil(h.row(containing: "I0001 盗窃 A02  未结"))
    }
}
