import Foundation
import JingwuDomain
import JingwuJournal
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// 日志 `u` (issue 17): undoes the operator's own last correction too — an amendment is undone by
/// a new amendment putting the old values back — and says plainly whose entry it is and which
/// shift it was written in, above all when that is not the shift on duty.
@Suite(.serialized) final class UndoCorrectionTests {
    /// The dialog's rows (inside its box), trimmed.
    private func box(_ h: ConsoleHarness) -> [String] {
        h.trimmed.filter { $0.contains("│") }.map {
            $0.split(separator: "│", omittingEmptySubsequences: false).dropFirst().first.map {
                $0.trimmingCharacters(in: .whitespaces)
            } ?? ""
        }
    }

    /// S0001 opened 09:00 by 张伟; 09:05 an incident (盗窃, A02); 09:15 his amendment of its kind to 诈骗.
    private func amended() throws -> ConsoleHarness {
        try ConsoleHarness(seed: { o, clock in
            try o.execute(OpenShift(duty: "031245"), as: "031245")
            clock.advance(minutes: 5)
            let logged = try o.execute(LogIncident(cell: "A02", kind: .theft, summary: "电动车被盗"), as: "031245")
            clock.advance(minutes: 10)
            try o.execute(AmendEntry(event: logged.record!.id, reason: "类型选错", changes: ["kind": "fraud"]), as: "031245")
            clock.advance(minutes: 5)
        })
    }

    @Test func test_u_undoes_my_last_amendment_by_amending_the_old_value_back() throws {
        let h = try amended()
        XCTAssertEqual(h.office.state.incidents.incidents.first?.kind, .fraud)
        let seq = h.journal.headSeq
        h.press(.character("8"), .character("u"))
        XCTAssertEqual(box(h), [
            "第 \(seq) 条更正（05-04 09:15 写入）改了第 \(seq - 1) 条 警情登记：",
            "类型：电信网络诈骗 → 盗窃",
            "录入人：张伟（031245）· 班次：S0001（值班 张伟，05-04 09:00 上岗）",
            "撤销这次更正？将追加一条更正，改回原值。",
            "",
            "[ 是 (y) ]   [ 否 (n) ]",
        ], h.screen.text)
        XCTAssertTrue(h.screen.text.contains("撤销本人最后一次更正"), h.screen.text)
        h.press(.character("y"))
        XCTAssertEqual(h.journal.headSeq, seq + 1, "appended; nothing removed")
        XCTAssertEqual(h.eventTypes.last, "EntryAmended")
        XCTAssertEqual(h.lastData()["changes"] as? [String: String], ["kind": "theft"])
        XCTAssertEqual(h.lastData()["reason"] as? String, "撤销：录入人撤销本人第 \(seq) 条更正，改回原值")
        XCTAssertEqual(h.office.state.incidents.incidents.first?.kind, .theft)
        XCTAssertEqual(h.trimmed[22], " 已撤销第 \(seq) 条更正（更正记录第 \(seq + 1) 条）")
        // The undo is not undone in turn: the next `u` takes the entry before, the incident itself.
        h.press(.character("u"))
        XCTAssertTrue(h.screen.text.contains("撤销本人最后一条记录"), h.screen.text)
        XCTAssertEqual(box(h).first, "第 \(seq - 1) 条 警情登记（05-04 09:05 写入）", h.screen.text)
        h.press(.character("n"))
        XCTAssertEqual(h.trimmed[22], " 未撤销")
        XCTAssertEqual(h.journal.headSeq, seq + 1)
    }

    @Test func test_an_amendment_another_officer_amended_again_is_passed_over() throws {
        // 李娜 (auxiliary) logs an incident; 张伟 amends its cell; 李娜 then amends the cell again.
        let h = try ConsoleHarness(seed: { o, clock in
            try o.execute(OpenShift(duty: "031245"), as: "031245")
            clock.advance(minutes: 5)
            let logged = try o.execute(LogIncident(cell: "A02", kind: .theft, summary: "电动车被盗"), as: "031246")
            clock.advance(minutes: 5)
            try o.execute(AmendEntry(event: logged.record!.id, reason: "网格填错", changes: ["cell": "A03"]), as: "031245")
            clock.advance(minutes: 5)
            try o.execute(AmendEntry(event: logged.record!.id, reason: "再核对", changes: ["cell": "A04"]), as: "031246")
        })
        h.press(.character("8"), .character("u"))
        // Undoing 张伟's amendment would undo 李娜's too: it is not offered; his shift's opening is.
        XCTAssertFalse(h.screen.text.contains("撤销本人最后一次更正"), h.screen.text)
        XCTAssertTrue(box(h).first?.contains("上岗") ?? false, h.screen.text)
        h.press(.character("n"))
        XCTAssertEqual(h.office.state.incidents.incidents.first?.cell, "A04")
    }

    @Test func test_an_entry_of_another_shift_is_offered_only_saying_so_plainly() throws {
        // 张伟's S0001 (a check-in 09:10), handed over to 李娜 at 09:30, who opens S0002.
        let h = try ConsoleHarness(seed: { o, clock in
            try o.execute(OpenShift(duty: "031245"), as: "031245")
            let p = try o.execute(StartPatrol(mode: .foot, lead: "031245"), as: "031245").entityID!
            clock.advance(minutes: 10)
            try o.execute(CheckInPatrol(patrol: p, cell: "A01"), as: "031245")
            clock.advance(minutes: 20)
            try o.execute(EndPatrol(patrol: p, summary: "正常"), as: "031245")
            try o.execute(HandOverShift(to: "031246", notes: "平稳"), as: "031245")
            clock.advance(minutes: 5)
            try o.execute(AcknowledgeShift(by: "031246"), as: "031246")
        })
        h.press(.character("8"), .character("u"))
        let rows = box(h)
        XCTAssertTrue(rows.contains("录入人：张伟（031245）· 班次：S0001（值班 张伟，05-04 09:00 上岗）"), h.screen.text)
        XCTAssertTrue(rows.contains("！注意：这不是本班的记录，是 S0001 的"), h.screen.text)
        let before = h.journal.headHash
        h.press(.character("n"))
        XCTAssertEqual(h.journal.headHash, before)
    }

    @Test func test_an_entry_of_this_shift_carries_no_warning() throws {
        let h = try amended()
        h.press(.character("8"), .character("u"))
        XCTAssertFalse(h.screen.text.contains("不是本班的记录"), h.screen.text)
    }
}
