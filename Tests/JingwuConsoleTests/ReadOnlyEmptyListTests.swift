import Foundation
import JingwuTestSupport
import Testing

@testable import JingwuConsole

/// On the station's read-only copy nothing can be recorded, so an empty list does not offer 「按 n 登记」:
/// the office's console says it, the copy says only that the list is empty.
@Suite(.serialized) final class ReadOnlyEmptyListTests {
    private func emptyLines(readOnly: Bool) throws -> [String] {
        let h = try ConsoleHarness()
        if readOnly { h.session.readOnlyCopy = "派出所只读副本：不能在此记录" }
        var lines: [String] = []
        for (tab, text) in [("2", "今天还没有巡逻。"), ("4", "尚无列管的重点人员。"), ("5", "没有符合条件的纠纷。"), ("6", "没有警情。")] {
            h.press(.character(Character(tab)))
            let row = try XCTUnwrap(h.row(containing: text), h.screen.text)
            lines.append(row.trimmingCharacters(in: .whitespaces))
        }
        h.press(.character("5"), .character("j"))
        lines.append(try XCTUnwrap(h.row(containing: "还没有接访日记录。"), h.screen.text).trimmingCharacters(in: .whitespaces))
        h.press(.character("6"), .character("f"))
        lines.append(try XCTUnwrap(h.row(containing: "没有反诈预警。"), h.screen.text).trimmingCharacters(in: .whitespaces))
        return lines
    }

    @Test func test_the_office_console_offers_n_on_an_empty_list() throws {
        XCTAssertEqual(try emptyLines(readOnly: false), [
            "今天还没有巡逻。按 n 开始巡逻。", "尚无列管的重点人员。按 n 新增。", "没有符合条件的纠纷。按 n 受理。", "没有警情。按 n 登记。",
            "还没有接访日记录。按 n 登记。", "没有反诈预警。按 n 接收。",
        ])
    }

    @Test func test_the_read_only_copy_does_not_offer_n_on_an_empty_list() throws {
        XCTAssertEqual(try emptyLines(readOnly: true), [
            "今天还没有巡逻。", "尚无列管的重点人员。", "没有符合条件的纠纷。", "没有警情。", "还没有接访日记录。", "没有反诈预警。",
        ])
    }
}
