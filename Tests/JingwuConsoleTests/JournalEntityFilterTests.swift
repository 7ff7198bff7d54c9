import Foundation
import JingwuDomain
import JingwuJournal
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// Issue 15: the journal browser's 对象编号 filter finds every short id the product issues —
/// 巡逻 P, 班次 S, 重点人员 K, 纠纷 D…-, 警情 I, 隐患 H, 反诈预警 F — and cell codes and
/// badges, typed in any case; a hazard written before `HazardFound` carried its id too.
@Suite(.serialized) final class JournalEntityFilterTests {
    /// One record of each kind, and an old-style hazard (no `hazard` key: H0001 by its place).
    private func office() throws -> ConsoleHarness {
        try ConsoleHarness(seed: { office, clock in
            try office.execute(OpenShift(duty: "031245", team: ["031246"]), as: "031245")  // S0001
            let p = try office.execute(StartPatrol(mode: .foot, lead: "031245"), as: "031245").entityID!  // P0001
            clock.advance(minutes: 5)
            try office.execute(ReportHazard(patrol: p, cell: "A02", category: .fire, note: "电动车楼道充电"),
                               as: "031245")  // H0002
            try office.execute(ListPerson(name: "王小明", idNumber: PersonsScreenTests.idNumber(), category: .released,
                                          residency: .presentRegistered, cell: "A03", officer: "031245"),
                               as: "031245")  // K0001
            try office.execute(OpenDispute(category: .neighbour, parties: ["张三", "李四"], cell: "A01",
                                           summary: "楼上漏水"), as: "031245")  // D2026-0001
            try office.execute(LogIncident(cell: "A04", kind: .theft, summary: "电瓶被盗"), as: "031245")  // I0001
            try office.execute(ReceiveFraudWarning(level: .high, target: "赵阿姨", phone: "13800138000", cell: "A01"),
                               as: "031245")  // F0001
        }, forged: { journal, clock in
            // Written by a version before hazards carried their id in the record.
            let data = try JSONSerialization.data(withJSONObject: [
                "cell": "A01", "category": "fire", "note": "旧版记录的隐患",
            ])
            _ = try journal.append { _ in
                [EventDraft(type: "HazardFound", version: 1, at: clock.now(), by: "031245", data: data)]
            }
        })
    }

    private func filter(_ h: ConsoleHarness, entity: String) {
        h.press(.character("8"), .character("c"), .character("/"))
        h.press(.tab, .tab, .tab, .tab)
        h.type(entity)
        h.press(.f(10))
    }

    /// The listed rows (below the header rows, above the hint line), trimmed.
    private func listed(_ h: ConsoleHarness) -> [String] {
        Array(h.trimmed[6...20]).filter { $0.split(separator: " ").first.map { Int($0) != nil } ?? false }
    }

    @Test func test_every_short_id_prefix_is_found_in_any_case() throws {
        let h = try office()
        XCTAssertEqual(h.office.state.hazard("H0001")?.note, "旧版记录的隐患")
        XCTAssertEqual(h.office.state.hazard("H0002")?.note, "电动车楼道充电")
        let expected: [(typed: String, types: [String])] = [
            ("S0001", ["上岗", "巡逻出发"]),  // the patrol names the shift it went out in
            ("P0001", ["巡逻出发", "发现隐患"]),
            ("H0002", ["发现隐患"]),
            ("h0002", ["发现隐患"]),
            ("H0001", ["发现隐患"]),
            ("K0001", ["列管人员"]),
            ("k0001", ["列管人员"]),
            ("D2026-0001", ["纠纷受理"]),
            ("d2026-0001", ["纠纷受理"]),
            ("I0001", ["警情登记"]),
            ("i0001", ["警情登记"]),
            ("F0001", ["反诈预警"]),
            ("f0001", ["反诈预警"]),
            ("a02", ["新增点位", "发现隐患"]),
        ]
        for (typed, types) in expected {
            filter(h, entity: typed)
            let rows = listed(h)
            XCTAssertEqual(rows.count, types.count, "\(typed):\n\(h.screen.text)")
            for (row, type) in zip(rows, types) {
                XCTAssertTrue(row.contains(type), "\(typed): \(row)\n\(h.screen.text)")
            }
            XCTAssertTrue(h.trimmed[22].contains("筛选出 \(types.count) 条记录"), "\(typed): \(h.trimmed[22])")
        }
    }

    @Test func test_a_badge_named_as_a_team_member_or_witness_is_found() throws {
        let h = try office()
        filter(h, entity: "031246")  // 李娜: enrolled, and on the shift's team
        let rows = listed(h)
        XCTAssertEqual(rows.count, 2, h.screen.text)
        XCTAssertTrue(rows[1].contains("上岗"), h.screen.text)
    }

    @Test func test_a_short_id_is_not_taken_for_an_event_id_prefix() throws {
        // F0001 and D2026-… are hex digits: only 8 or more of them are read as an event id's start.
        let h = try office()
        let hazard = try XCTUnwrap(h.office.state.hazard("H0002")?.event)
        filter(h, entity: hazard.uuidString.lowercased())
        XCTAssertEqual(listed(h).count, 1, h.screen.text)
        XCTAssertTrue(listed(h)[0].contains("发现隐患"), h.screen.text)
        // The harness's event ids count up from 00000000-0000-4000-8000-000000000001: F0001 is none of them.
        filter(h, entity: "F0001")
        XCTAssertEqual(listed(h).count, 1, h.screen.text)
        XCTAssertTrue(listed(h)[0].contains("反诈预警"), h.screen.text)
    }
}
