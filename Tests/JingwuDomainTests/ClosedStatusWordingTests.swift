import Foundation
import JingwuResources
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// A refusal to change a closed record names its status in the operator's language, never as a code.
@Suite(.serialized) final class ClosedStatusWordingTests {
    private func message(_ field: String, _ args: [String: String], _ language: Language) -> String {
        DomainError(.closed, field: field, value: "X1", args).localizedMessage(Strings(language))
    }

    @Test func test_an_ended_patrol_reads_in_chinese_and_in_english() {
        XCTAssertTrue(message("patrol", ["status": "ended"], .zh).contains("已结束（已收队）"))
        let en = message("patrol", ["status": "ended"], .en)
        XCTAssertTrue(en.contains("X1 is ended"), en)
        XCTAssertFalse(en.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF }, en)
    }

    @Test func test_a_closed_incident_is_not_worded_as_an_unresolved_dispute() {
        let zh = message("incident", ["status": "closed"], .zh)
        XCTAssertTrue(zh.contains("已结案"), zh)
        XCTAssertFalse(zh.contains("未调处"), zh)
        XCTAssertTrue(message("dispute", ["status": "resolved"], .zh).contains("调处成功"))
    }

    @Test func test_a_hazard_put_right_says_when_and_by_whom_after_its_status() {
        let zh = message("hazard", ["status": "cleared", "since": "2026-11-23 11:07 031245"], .zh)
        XCTAssertTrue(zh.contains("已整改 2026-11-23 11:07 031245"), zh)
        let en = message("hazard", ["status": "cleared", "since": "2026-11-23 11:07 031245"], .en)
        XCTAssertTrue(en.contains("put right 2026-11-23 11:07 031245"), en)
    }
}
