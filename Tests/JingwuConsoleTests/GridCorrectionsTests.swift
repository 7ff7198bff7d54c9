import Foundation
import JingwuDomain
import JingwuJournal
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// Issue 19's last gaps on the 网格 drill-down (session 12): `d` on the 单元 and 户 lists voids a
/// 联户长 assignment (chosen among those leading the row, a reason, then yes/no) and the message line
/// recounts what it leaves; `m` 更正网格 clears the 网格员 when its field is emptied; `s` on a resident
/// corrects the 暂住登记's dates. Each refuses bad input at its field with the journal unchanged.
@Suite(.serialized) final class GridCorrectionsTests {
    static let number = "110105198001010016"
    static let other = "110105199003071239"

    /// 东街社区: G01 (网格员 李娜 031246; point B01, building B0001 of two units: 1单元 HH0001, HH0002 (R0001
    /// 暂住 2026-11-20…2026-12-10 in HH0002); 2单元 thirteen 户). 联户长 L0101 刘桂兰 over both units
    /// (15 户), then L0102 周凤 over 1单元.
    private func harness() throws -> ConsoleHarness {
        try ConsoleHarness(seed: { office, _ in
            try office.execute(EnrollOfficer(badge: "L0101", name: "刘桂兰", role: .householdLeader), as: "031245")
            try office.execute(EnrollOfficer(badge: "L0102", name: "周凤", role: .householdLeader), as: "031245")
            try seedFortuneGrid(office)
            try office.execute(RegisterResident(household: "HH0002", name: "刘二", idNumber: Self.other, status: .temporary,
                                                stayFrom: RFC3339.parse("2026-11-20T09:00:00+08:00"),
                                                stayUntil: RFC3339.parse("2026-12-10T00:00:00+08:00")), as: "031245")
            try office.execute(AssignHouseholdLeader(leader: "L0101", units: ["B0001-1", "B0001-2"]), as: "031245")
            try office.execute(AssignHouseholdLeader(leader: "L0102", units: ["B0001-1"]), as: "031245")
        })
    }

    /// 3, w, then Enter on G01 and on B0001: the 单元 list.
    private func units(_ h: ConsoleHarness) {
        h.press(.character("3"), .character("w"), .enter, .enter)
    }

    @Test func test_d_voids_the_chosen_assignment_after_a_reason_and_a_yes_and_recounts_what_it_leaves() throws {
        let h = try harness()
        units(h)
        XCTAssertEqual(Array(h.trimmed[4...5]), ["1单元     2 周凤(L0102)", "2单元    13 刘桂兰(L0101)"], h.screen.text)
        h.press(.character("d"))
        // The assignments leading 1单元, the one in effect first.
        XCTAssertEqual(Array(h.trimmed[2...5]), [
            "作废联户长指定（B0001-1）", "", ">联户长指定   < 周凤（L0102）1 个单元、0 户 · 05-04 09:00 >", " 作废原因",
        ], h.screen.text)
        let before = h.journal.fileBytes
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[6], "              作废原因：必须填写", h.screen.text)
        h.press(.tab)
        h.type("指定错了")
        h.press(.f(10))
        // Asked before it is written: every unit and 户 it names.
        XCTAssertEqual(Array(h.trimmed[9...14]), [
            " ┌ 作废联户长指定 ────────────────────────────────────────────────────────────┐",
            " │ 联户长 周凤（L0102）05-04 09:00 的指定：单元 B0001-1；户 无                │",
            " │ 作废这一条？所涉单元和户交回此前的联户长（如有）；原记录保留并标记为作废。 │",
            " │                                                                            │",
            " │                          [ 是 (y) ]   [ 否 (n) ]                           │",
            " └────────────────────────────────────────────────────────────────────────────┘",
        ], h.screen.text)
        XCTAssertEqual(h.trimmed[23], "F1 帮助  y 是  n 否  Ctrl-X 退出", h.screen.text)
        h.press(.character("n"))
        XCTAssertEqual(h.trimmed[22], " 未作废", h.screen.text)
        XCTAssertEqual(h.journal.fileBytes, before)
        // Again, and yes: 1单元 goes back to 刘桂兰, now over twelve 户 (the warning recomputed).
        h.press(.character("d"), .tab)
        h.type("指定错了")
        h.press(.f(10), .character("y"))
        XCTAssertEqual(h.eventTypes.last, "EntryVoided")
        XCTAssertEqual(Array(h.trimmed[4...5]), ["1单元     2 刘桂兰(L0101)", "2单元    13 刘桂兰(L0101)"], h.screen.text)
        XCTAssertEqual(h.trimmed[21] + h.trimmed[22].dropFirst(),
                       " 已作废联户长 周凤（L0102）的指定：其现联系 0 户、0 个单元；联户长 刘桂兰（L0101）现联系 15 户，超过 12 户",
                       h.screen.text)
        XCTAssertEqual(h.session.message?.kind, .warn)
        // 刘桂兰's on 2单元: both units left without a 联户长, said so.
        h.press(.down, .character("d"), .tab)
        h.type("联户长辞任")
        h.press(.f(10), .character("y"))
        XCTAssertEqual(Array(h.trimmed[4...5]), ["1单元     2 无联户长", "2单元    13 无联户长"], h.screen.text)
        XCTAssertEqual(h.trimmed[21] + h.trimmed[22].dropFirst(),
                       " 已作废联户长 刘桂兰（L0101）的指定：其现联系 0 户、0 个单元；2 个单元现无联户长：B0001-1、B0001-2",
                       h.screen.text)
        // Nothing left to void on 2单元: said on the message line, no form.
        h.press(.character("d"))
        XCTAssertEqual(h.trimmed[22], " 单元：B0001-2 没有仍有效的联户长指定", h.screen.text)
        XCTAssertFalse(h.app.currentScreen.capturesText)
        XCTAssertNil(h.office.state.population.unitLeader["B0001-1"])
    }

    @Test func test_d_on_a_household_offers_its_units_assignment_too() throws {
        let h = try harness()
        units(h)
        h.press(.enter, .character("d"))
        XCTAssertEqual(Array(h.trimmed[2...4]), ["作废联户长指定（HH0001）", "", ">联户长指定   < 周凤（L0102）1 个单元、0 户 · 05-04 09:00 >"],
                       h.screen.text)
        h.press(.right)
        XCTAssertEqual(h.trimmed[4], ">联户长指定   < 刘桂兰（L0101）2 个单元、0 户 · 05-04 09:00 >", h.screen.text)
    }

    @Test func test_m_clears_the_grids_worker_when_its_field_is_emptied() throws {
        let h = try harness()
        h.press(.character("3"), .character("w"))
        XCTAssertEqual(h.row(containing: "G01"), "G01 幸福网格         李娜          1    1    1    15")
        h.press(.character("m"), .tab, .ctrl("u"), .tab, .tab)
        let before = h.journal.fileBytes
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[8], "              更正原因：必须填写", h.screen.text)
        XCTAssertEqual(h.journal.fileBytes, before)
        h.type("网格员调走，待配")
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[22], " 已更正 G01", h.screen.text)
        XCTAssertEqual(h.row(containing: "G01"), "G01 幸福网格         未配网格员    1    1    1    15")
        XCTAssertNil(h.office.state.population.grid("G01")?.worker)
        // Nothing to clear any more: the emptied field is as the record is.
        h.press(.character("m"), .tab, .tab, .tab)
        h.type("再清")
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[5], "              与原记录相同，没有要更正的", h.screen.text)
    }

    @Test func test_s_corrects_a_stays_dates_refusing_an_expiry_before_its_start_at_its_field() throws {
        let h = try harness()
        units(h)
        h.press(.enter, .down, .enter)  // HH0002's residents
        h.press(.character("s"))
        XCTAssertEqual(Array(h.trimmed[2...7]), [
            "人户状态更正（R0001 刘二）", "", ">人户状态     < 暂住 >", " 暂住起始日   2026-11-20", " 暂住到期日   2026-12-10", " 更正原因",
        ], h.screen.text)
        let before = h.journal.fileBytes
        h.press(.tab, .tab, .ctrl("u"))
        h.type("2026-11-19")
        h.press(.tab)
        h.type("按暂住证更正")
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[7], "              暂住到期日：到期日 2026-11-19 早于起始日 2026-11-20", h.screen.text)
        XCTAssertEqual(h.journal.fileBytes, before)
        h.press(.ctrl("u"))
        h.type("2027-05-31")
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[22], " 已更正 R0001", h.screen.text)
        XCTAssertEqual(h.trimmed[4], "R0001  刘二 110105********1239 暂住     2027-05-31", h.screen.text)
        XCTAssertEqual(h.office.state.population.resident("R0001").flatMap { $0.stayUntil.map(LocalDay.format) }, "2027-05-31")
        XCTAssertEqual(h.eventTypes.last, "EntryAmended")
    }
}
