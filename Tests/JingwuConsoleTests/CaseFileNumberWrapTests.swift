import Foundation
import JingwuDomain
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// A case file's summary that runs into a (masked) ID number at the edge of the screen puts the
/// number on the next line whole, rather than half on each.
@Suite(.serialized) final class CaseFileNumberWrapTests {
    @Test func test_a_masked_id_number_in_a_case_file_is_not_split_across_lines() throws {
        let id = PersonsScreenTests.idNumber("11010119800101002")
        let summary = String(repeating: "楼上漏水", count: 7) + "双方争执" + "身份证" + id + "，下周再谈"
        let h = try ConsoleHarness(seed: { o, _ in
            try o.execute(OpenDispute(category: .neighbour, parties: ["张三", "李四"], cell: "A01", summary: summary),
                          as: "031245")
        })
        h.press(.character("5"), .enter)
        let at = try XCTUnwrap(h.trimmed.firstIndex { $0.hasPrefix("纠纷概况") }, h.screen.text)
        XCTAssertEqual(Array(h.trimmed[at...(at + 1)]), [
            "纠纷概况 楼上漏水楼上漏水楼上漏水楼上漏水楼上漏水楼上漏水楼上漏水双方争执身份证",
            "         110101********0029，下周再谈",
        ], h.screen.text)
    }
}
