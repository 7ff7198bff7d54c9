import Foundation
import JingwuResources
import JingwuTestSupport
import Testing

/// Issue 17, "words a station uses": one term per status, the words TERMS.md retires appear in no
/// Chinese string (console, CLI, reports, handover all read their words from these files).
@Suite(.serialized) final class StationTermsTests {
    /// Retired word → the word used instead.
    static let retired: [String: String] = [
        "已调处": "调处成功", "调解成功": "调处成功",
        "未调处结案": "终止调解", "已终结": "终止调解", "纠纷终结": "终止调解", "终止纠纷": "终止调解",
        "超时未巡": "逾期未巡", "将到期": "即将超时", "无夜签": "夜间未巡", "在巡巡逻": "在巡 N 组",
        "开班": "上岗", "移交物品": "交接物品", "移交事项": "交接事项", "来所报警": "来室报警", "不属实": "警情不实",
        "账龄": "办理天数", "刑释解教": "刑满释放人员", "肇事肇祸精神病人": "严重精神障碍患者（肇事肇祸）",
        "撤管": "撤销列管", "头部哈希": "校验码", "链哈希": "校验码", "头哈希": "校验码",
        "口令": "密码",
    ]

    static func offending(_ table: [String: String]) -> [String] {
        table.flatMap { key, text in retired.keys.filter { text.contains($0) }.map { "\(key): \($0) → \(retired[$0]!)" } }.sorted()
    }

    @Test func test_no_chinese_string_uses_a_retired_word() throws {
        var table: [String: String] = [:]
        for path in ResourceFiles.paths(under: "strings/zh-Hans/") where path.hasSuffix(".json") {
            let data = try XCTUnwrap(ResourceFiles.data(path), path)
            table.merge(try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: String], path)) { a, _ in a }
        }
        XCTAssertGreaterThan(table.count, 500)
        XCTAssertEqual(Self.offending(table), [])
        // The rule itself can fail.
        XCTAssertEqual(Self.offending(["k": "{id} 已未调处结案"]), ["k: 未调处结案 → 终止调解"])
        // One name per status: the journal's, the console's and the code's name agree.
        XCTAssertEqual(table["domain.dispute_status.closed"], "终止调解")
        XCTAssertEqual(table["console.dispute.closed"], table["domain.dispute_status.closed"])
        XCTAssertEqual(table["console.journal.type.DisputeClosed"], table["domain.dispute_status.closed"])
        XCTAssertEqual(table["console.dispute.resolved"], "调处成功")
        XCTAssertEqual(table["console.journal.type.DisputeResolved"], "调处成功")
        // 设卡 alone is incomplete: the patrol mode is 设卡盘查 (TERMS.md).
        XCTAssertEqual(table["domain.code.patrol_mode.checkpoint"], "设卡盘查")
    }
}
