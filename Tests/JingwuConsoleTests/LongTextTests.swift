import Foundation
import JingwuDomain
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// What an officer wrote at length reads in full: long lines wrap, never cut.
@Suite(.serialized) final class LongTextTests {
    @Test func test_long_handover_notes_wrap_in_the_review_and_the_end_can_be_read() throws {
        let notes = "P0322仍在巡,请接班后联系周杰梓确认收队;Z09金曲KTV已超时两天未巡,夜间务必安排;"
            + "菜市场东门路灯坏了两盏已报修;幸福小区3栋楼道杂物未清,明早物业到场后复查;"
            + "学校路口早高峰加强疏导,家长投诉车辆乱停;最后一句在这里结束"
        let h = try ConsoleHarness(seed: { office, clock in
            try office.execute(OpenShift(duty: "031245"), as: "031245")
            clock.advance(minutes: 60)
            try office.execute(HandOverShift(to: "031246", notes: notes), as: "031245")
        })
        h.press(.character("7"), .character("l"), .enter)
        let text = h.trimmed.joined()
        XCTAssertTrue(text.contains("最后一句在这里结束"), h.screen.text)
        XCTAssertFalse(h.trimmed.contains { $0.hasSuffix("…") && $0.contains("交班说明") }, h.screen.text)
        // Scrolling reaches the last row (the review now ends with what was dealt with since) and no further.
        h.press(.end)
        XCTAssertNotNil(h.row(containing: "■ 交班时未了、此后已处理 0"))
        let atEnd = h.screen.text
        h.press(.down)
        XCTAssertEqual(h.screen.text, atEnd)
    }

    /// Between shifts, 交接班 shows the incoming officer what they are asked to acknowledge.
    @Test func test_between_shifts_the_handover_tab_shows_the_notes_and_items_to_acknowledge() throws {
        let h = try ConsoleHarness(seed: { office, clock in
            try office.execute(OpenShift(duty: "031245"), as: "031245")
            clock.advance(minutes: 60)
            try office.execute(HandOverShift(to: "031246", notes: "菜市场东门路灯坏了两盏", carried: ["钥匙两把", "I0003 待结"]),
                               as: "031245")
        })
        h.press(.character("7"))
        XCTAssertNotNil(h.row(containing: "交班说明：菜市场东门路灯坏了两盏"), h.screen.text)
        XCTAssertNotNil(h.row(containing: "■ 交接事项 2"), h.screen.text)
        XCTAssertNotNil(h.row(containing: "  钥匙两把"), h.screen.text)
        XCTAssertNotNil(h.row(containing: "确认接班：按 a"), h.screen.text)
    }
}
