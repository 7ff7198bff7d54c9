import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// 日志: the journal browser's filter, detail, void, amend and undo on the virtual screen.
@Suite(.serialized) final class JournalScreenTests {
    /// A foot patrol P0001 checked in at A01 (09:10) and A02 (09:20) by 031245.
    private func patrolWithCheckIns() throws -> ConsoleHarness {
        try ConsoleHarness(seed: { office, clock in
            let p = try office.execute(StartPatrol(mode: .foot, lead: "031245"), as: "031245").entityID!
            clock.advance(minutes: 10)
            try office.execute(CheckInPatrol(patrol: p, cell: "A01"), as: "031245")
            clock.advance(minutes: 10)
            try office.execute(CheckInPatrol(patrol: p, cell: "A02"), as: "031245")
        })
    }

    private func filter(_ h: ConsoleHarness, type: String, entity: String) {
        h.press(.character("/"))
        h.type(type)
        h.press(.tab, .tab, .tab, .tab)
        h.type(entity)
        h.press(.f(10))
    }

    @Test func test_voiding_a_checkin_removes_its_coverage_and_the_voided_entry_stays_marked_with_its_reason() throws {
        let h = try patrolWithCheckIns()
        XCTAssertEqual(h.office.state.coverage(of: h.office.state.cells.cell("A01")!, now: h.clock.date).status, .covered)
        h.press(.character("8"))
        XCTAssertEqual(h.trimmed[2], "校验：完好（打开时逐条校验）  记录 10 条 · 头序号 9 · 显示 10")
        XCTAssertEqual(h.trimmed[3], "校验码 " + h.journal.headHash)
        filter(h, type: "签到", entity: "A01")
        XCTAssertEqual(h.trimmed[4], "筛选：类型=签到 对象编号=A01  （c 清除）")
        XCTAssertEqual(h.trimmed[6], "     8 05-04 09:10 031245 巡逻签到        点位=A01 巡逻=P0001")
        h.press(.enter)
        XCTAssertEqual(h.trimmed[2], "第 8 条 巡逻签到")
        XCTAssertEqual(h.trimmed[3], "录入人员 031245 张伟")
        XCTAssertEqual(h.trimmed[4], "发生时间 2026-05-04T09:10:00+08:00")
        XCTAssertEqual(h.trimmed[5], "录入时间 2026-05-04T09:10:00+08:00")
        h.press(.character("d"))
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "PatrolCheckedIn", "a void without a reason writes nothing")
        XCTAssertNotNil(h.row(containing: "必须说明原因"))
        h.type("签到点位选错")
        h.press(.f(10))
        XCTAssertNotNil(h.row(containing: "│ 第 8 条 巡逻签到（05-04 09:10 写入） "))
        XCTAssertNotNil(h.row(containing: "│ 点位=A01 巡逻=P0001 "))
        XCTAssertNotNil(h.row(containing: "│ 作废这一条？原记录保留并标记为作废。"))
        XCTAssertEqual(h.eventTypes.last, "PatrolCheckedIn", "nothing is written before the yes")
        h.press(.character("y"))
        XCTAssertEqual(h.eventTypes.last, "EntryVoided")
        XCTAssertEqual(h.trimmed[22], " 已作废第 8 条（作废记录第 10 条）")

        // Coverage: A01 is no longer covered, on the map and in the coverage report.
        let state = h.office.state
        XCTAssertEqual(state.coverage(of: state.cells.cell("A01")!, now: h.clock.date).status, .never)
        XCTAssertTrue(state.coverageGaps(now: h.clock.date).map(\.cell.code).contains("A01"))
        let report = ReportBuilder(state: state, strings: h.session.strings, now: h.clock.date)
            .coverage(state.coverageReport(from: h.clock.date.addingTimeInterval(-7 * 86400), to: h.clock.date))
        let gaps = try XCTUnwrap(report.sections.first { $0.key == "gaps" })
        XCTAssertTrue(gaps.rows.contains { $0[0].display == "A01 幸福小区" })
        h.press(.character("3"))
        let map = h.trimmed.first { $0.contains("A01") } ?? ""
        XCTAssertTrue(map.contains(String(CoverageMap.mark(.never)) + "A01"), h.screen.text)

        // The voided entry is still listed, marked, and its detail gives the reason.
        h.press(.character("8"))
        XCTAssertEqual(h.trimmed[6], "     8 05-04 09:10 031245 巡逻签到   作废 点位=A01 巡逻=P0001")
        h.press(.character("c"))
        XCTAssertTrue(h.trimmed.contains { $0.hasPrefix("    10 05-04 09:20 031245 作废") }, h.screen.text)
        h.press(.up, .up, .enter)  // the selection follows the newest entry
        h.press(.home)
        XCTAssertEqual(h.trimmed[2], "第 8 条 巡逻签到  [已作废]")
        XCTAssertNotNil(h.row(containing: "#10 05-04 09:20 031245 张伟 作废（原因：签到点位选错）"))
    }

    @Test func test_amend_changes_only_allowed_fields_with_a_reason_and_is_marked() throws {
        let h = try patrolWithCheckIns()
        h.press(.character("8"))
        filter(h, type: "PatrolCheckedIn", entity: "A02")
        h.press(.enter, .character("m"))
        XCTAssertEqual(h.trimmed[2], "更正第 9 条 巡逻签到（只改需要改的字段）")
        XCTAssertTrue(h.trimmed[4].hasPrefix(">点位   "), h.trimmed[4])
        h.press(.backspace, .backspace, .backspace)
        h.type("A03")
        h.press(.tab, .tab)
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "PatrolCheckedIn", "an amendment without a reason writes nothing")
        h.type("网格填错")
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "EntryAmended")
        XCTAssertEqual(h.lastData()["changes"] as? [String: String], ["cell": "A03"])
        XCTAssertEqual(h.trimmed[2], "第 9 条 巡逻签到  [已更正]")
        XCTAssertNotNil(h.row(containing: "更正 点位=A03（原因：网格填错）"))
        XCTAssertEqual(h.office.state.patrols.checkIns[1].cell, "A03")
        h.press(.escape, .character("c"))
        XCTAssertTrue(h.trimmed.contains { $0.hasPrefix("     9 05-04 09:20 031245 巡逻签到   更正") }, h.screen.text)
    }

    @Test func test_a_coded_field_is_amended_by_its_name() throws {
        let h = try ConsoleHarness(seed: { office, _ in
            try office.execute(LogIncident(cell: "A02", kind: .theft, summary: "电动车被盗"), as: "031245")
        })
        h.press(.character("8"))
        filter(h, type: "IncidentLogged", entity: "")
        h.press(.enter, .character("m"))
        let kind = try XCTUnwrap(h.trimmed.first { $0.contains("类型") }, h.screen.text)
        XCTAssertTrue(kind.hasSuffix("盗窃") && !kind.contains("theft"), kind)
        // The same kind by its code is no change: nothing is written.
        for _ in 0..<4 { h.press(.backspace) }
        h.type("theft")
        h.press(.tab, .tab, .tab, .tab)
        h.type("核对")
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "IncidentLogged", "no change, no correction")
        h.press(.backTab, .backTab, .backTab, .backTab)
        for _ in 0..<8 { h.press(.backspace) }
        h.type("诈骗")
        h.press(.tab, .tab, .tab, .tab)  // 点位, 摘要, 来源 (shown 110报警), 更正原因
        for _ in 0..<4 { h.press(.backspace) }
        h.type("类型选错")
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "EntryAmended", h.screen.text)
        XCTAssertEqual(h.lastData()["changes"] as? [String: String], ["kind": "fraud"])
    }

    @Test func test_undo_voids_my_own_last_entry_after_a_confirm_and_never_deletes() throws {
        let h = try patrolWithCheckIns()
        h.press(.character("8"), .character("u"))
        XCTAssertNotNil(h.row(containing: "撤销本人最后一条记录"))
        h.press(.character("n"))
        XCTAssertEqual(h.eventTypes.last, "PatrolCheckedIn")
        let lines = h.journal.headSeq
        h.press(.character("u"), .character("y"))
        XCTAssertEqual(h.journal.headSeq, lines + 1, "undo appends; nothing is removed")
        XCTAssertEqual(h.eventTypes.last, "EntryVoided")
        XCTAssertEqual(h.lastData()["reason"] as? String, "撤销：录入人作废本人最后一条记录")
        let voided = try XCTUnwrap(h.office.state.patrols.checkIns.last)
        XCTAssertEqual(voided.cell, "A02")
        XCTAssertTrue(voided.voided)
        // The next undo takes the entry before (the voids themselves are not undone this way).
        h.press(.character("u"), .character("y"))
        XCTAssertTrue(h.office.state.patrols.checkIns[0].voided)
    }

    @Test func test_verify_key_checks_every_record_and_the_head_hash_is_shown_whole() throws {
        let h = try patrolWithCheckIns()
        h.press(.character("8"), .character("v"))
        XCTAssertEqual(h.trimmed[2], "校验：完好，10 条记录逐条通过（09:20）  记录 10 条 · 头序号 9 · 显示 10")
        XCTAssertEqual(h.trimmed[3].count, "校验码 ".count + 64)
    }
}

/// The journal browser never shows a whole ID number: that is only for a person's file after a recorded reveal.
@Suite(.serialized) final class JournalScreenPrivacyTests {
    @Test func test_a_listed_persons_record_shows_the_id_number_masked_in_the_list_and_the_detail() throws {
        let id = PersonsScreenTests.idNumber("11010119800101002")
        let h = try ConsoleHarness(seed: { office, _ in
            try office.execute(ListPerson(name: "李四", idNumber: id, category: .released, residency: .presentRegistered,
                                          cell: "A01", officer: "031245"), as: "031245")
        })
        h.press(.character("8"))
        let masked = Privacy.maskIDNumber(id)
        XCTAssertFalse(h.screen.text.contains(id), h.screen.text)
        var listed: JournalRecord?
        try h.journal.replayAll { if $0.type == "PersonListed" { listed = $0 } }
        let summary = JournalText.summary(try XCTUnwrap(listed).data)
        XCTAssertTrue(summary.contains("idNumber=" + masked), summary)
        XCTAssertFalse(summary.contains(id), summary)
        h.press(.enter)
        XCTAssertTrue(h.trimmed[2].hasSuffix(" 列管人员") && !h.trimmed[2].contains("PersonListed"), h.screen.text)
        XCTAssertFalse(h.screen.text.contains(id), h.screen.text)
        XCTAssertTrue(h.screen.text.contains(masked), h.screen.text)
    }
}

/// Every event type has a name in the journal browser, in both languages, so no row shows a code.
@Suite(.serialized) final class JournalTypeNamesTests {
    @Test func test_every_registered_event_type_and_the_header_have_a_name_in_zh_and_en() {
        for language in [Language.zh, .en] {
            let strings = Strings(language)
            for type in EventRegistry.types + ["JournalCreated"] {
                XCTAssertTrue(strings.keys.contains("console.journal.type." + type), "\(language): \(type) has no name")
            }
        }
    }
}
