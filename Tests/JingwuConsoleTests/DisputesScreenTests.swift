import Foundation
import JingwuDomain
import JingwuJournal
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// 矛盾纠纷 on the virtual screen: intake, two mediation sessions, settlement, the
/// statistics moving, the case file on one screen, follow-up due, refusals at the field.
@Suite(.serialized) final class DisputesScreenTests {
    /// Opens a 邻里 dispute between 张三 and 李四 in A01 through the form.
    private func openDispute(_ h: ConsoleHarness, risk: Bool = false, parties: String = "张三;李四") {
        h.press(.character("5"), .character("n"))
        h.press(.right, .tab)  // category → 邻里
        h.type(parties)
        h.press(.tab, .tab)  // source (群众求助) → cell
        h.type("A01")
        h.press(.tab)
        h.type("楼上漏水,双方争执")
        if risk { h.press(.tab, .right) }
        h.press(.f(10))
    }

    private func mediate(_ h: ConsoleHarness, notes: String) {
        h.press(.character("m"), .tab)  // kind (人民调解) → mediators
        h.type("民警张伟;调解员王芳")
        h.press(.tab)
        h.type(notes)
        h.press(.f(10))
    }

    @Test func test_open_two_mediations_resolve_and_the_statistics_change() throws {
        let h = try ConsoleHarness()
        openDispute(h)
        XCTAssertEqual(h.eventTypes.last, "DisputeOpened")
        XCTAssertEqual(h.lastData()["parties"] as? [String], ["张三", "李四"])
        XCTAssertEqual(h.trimmed[22], " 已受理纠纷 D2026-0001")
        // The form leads into the case file.
        XCTAssertEqual(h.trimmed[2], "D2026-0001  邻里  待调处  已 0 天")
        h.press(.escape)
        XCTAssertEqual(h.trimmed[2], "近 182 天：调处成功 0 / 受理 1 = 0.0% · 平均 — 天调处成功")
        XCTAssertEqual(h.trimmed[4], "按类别（成功/受理）：邻里 0/1")
        XCTAssertEqual(h.trimmed[7], "D2026-0001 邻里     张三、李四                   待调处        0          A01")

        h.press(.enter)
        h.clock.advance(minutes: 24 * 60)
        mediate(h, notes: "听取双方陈述")
        h.clock.advance(minutes: 24 * 60)
        mediate(h, notes: "物业到场查明漏水点")
        XCTAssertEqual(h.trimmed[22], " 已记录 D2026-0001 第 2 次调解")
        XCTAssertEqual(h.trimmed[2], "D2026-0001  邻里  调解中  已 2 天")

        h.clock.advance(minutes: 60)
        h.press(.character("r"))
        h.type("楼上业主负责维修并赔偿 800 元")
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[22], " D2026-0001 调处成功，已结案；请按期回访")
        XCTAssertEqual(Array(h.eventTypes.suffix(4)), ["DisputeOpened", "MediationHeld", "MediationHeld", "DisputeResolved"])

        h.press(.escape, .character("s"))  // 未结 → 全部状态
        XCTAssertEqual(h.trimmed[2], "近 182 天：调处成功 1 / 受理 1 = 100.0% · 平均 2.0 天调处成功")
        XCTAssertEqual(h.trimmed[3], "回访：到期待办 1 · 逾期 0 · 民转刑风险 0")
        XCTAssertEqual(h.trimmed[4], "按类别（成功/受理）：邻里 1/1")
        XCTAssertEqual(h.trimmed[7], "D2026-0001 邻里     张三、李四                   调处成功      2          A01")
    }

    @Test func test_parties_separated_by_a_chinese_comma_or_enumeration_comma_are_two_parties() throws {
        for typed in ["张三，李四", "张三、李四", "张三, 李四"] {
            let h = try ConsoleHarness()
            openDispute(h, parties: typed)
            XCTAssertEqual(h.lastData()["parties"] as? [String], ["张三", "李四"], typed)
        }
    }

    @Test func test_the_case_file_shows_parties_sessions_agreement_and_follow_up_on_one_screen() throws {
        let h = try ConsoleHarness()
        openDispute(h)
        mediate(h, notes: "听取双方陈述")
        h.press(.character("r"))
        h.type("赔偿 800 元")
        h.press(.f(10))
        h.clock.advance(minutes: 8 * 24 * 60)  // past the 7-day follow-up (Resources/policy/disputes.json)
        h.press(.escape, .character("s"), .enter)
        XCTAssertEqual(Array(h.trimmed[2...14]), [
            "D2026-0001  邻里  调处成功  已 0 天",
            "受理 2026-05-04 09:00 · 来源 群众求助 · 点位 A01 幸福小区",
            "当事人 张三、李四",
            "纠纷概况 楼上漏水,双方争执",
            "",
            "调解记录（1）",
            "  1. 2026-05-04 09:00  人民调解  调解人 民警张伟、调解员王芳",
            "      听取双方陈述",
            "",
            "调处成功 2026-05-04 09:00，协议：",
            "  赔偿 800 元",
            "",
            "回访（0）",
        ])
        XCTAssertEqual(h.trimmed[15], "  回访已逾期（应于 2026-05-11 前）")
        XCTAssertEqual(h.screen.style(15, 2), .error)
        h.press(.character("f"))
        h.type("双方已和好,漏水已修复")
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "DisputeFollowedUp")
        XCTAssertEqual(h.trimmed[14], "回访（1）")
        XCTAssertEqual(h.trimmed[15], "  2026-05-12 09:00  双方已和好,漏水已修复")
    }

    @Test func test_resolving_without_an_agreement_is_refused_at_the_field_and_writes_nothing() throws {
        let h = try ConsoleHarness()
        openDispute(h)
        let before = h.journal.headHash
        h.press(.character("r"), .f(10))
        XCTAssertEqual(h.journal.headHash, before)
        XCTAssertEqual(h.trimmed[5], "            协议内容：必须填写")
        XCTAssertEqual(h.screen.style(5, 12), .error)
    }

    @Test func test_opening_with_an_unknown_cell_is_refused_at_the_cell_field() throws {
        let h = try ConsoleHarness()
        let before = h.journal.headHash
        h.press(.character("5"), .character("n"), .tab)
        h.type("张三;李四")
        h.press(.tab, .tab)
        h.type("ZZ9")
        h.press(.tab)
        h.type("争执")
        h.press(.f(10))
        XCTAssertEqual(h.journal.headHash, before)
        XCTAssertTrue(h.trimmed.contains { $0.hasSuffix("点位：没有编号为 ZZ9 的巡逻点位") }, h.screen.text)
    }

    @Test func test_escalation_risk_stands_out_and_the_risk_filter_keeps_only_it() throws {
        let h = try ConsoleHarness()
        openDispute(h, risk: true)
        h.press(.escape)
        openDispute(h)
        h.press(.escape)
        XCTAssertEqual(h.trimmed[7].prefix(10), "D2026-0001")
        XCTAssertTrue(h.trimmed[7].contains("⚠民转刑"), h.trimmed[7])
        h.press(.down)
        XCTAssertEqual(h.screen.style(7, 0), .danger)
        h.press(.character("k"))
        XCTAssertTrue(h.trimmed[5].contains("⚠民转刑"), h.trimmed[5])
        XCTAssertEqual(h.trimmed[8], "")
        XCTAssertEqual(h.office.state.disputes.dispute("D2026-0001")?.risk, .escalation)
    }
}
