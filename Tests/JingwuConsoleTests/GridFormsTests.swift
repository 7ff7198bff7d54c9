import Foundation
import JingwuDomain
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// Issue 19's missing forms on the 网格 drill-down (session 11): `l` assigns a 联户长 from the 单元
/// and 户 lists, `i` records a 出租屋 inspection, `s` changes a resident's 人户状态 (an amend),
/// `a`/`m` on the 网格 list add and correct a 网格, `p` moves a point into a 网格; each refuses bad
/// input at its field with the journal unchanged, and the read-only copy refuses the keys.
@Suite(.serialized) final class GridFormsTests {
    static let number = "110105198001010016"

    /// 东街社区: G01 (point B01, building B0001 of two units: 1单元 HH0001 (a 出租屋, resident R0001)
    /// and HH0002; 2单元 thirteen 户 HH0003…HH0015); the harness's A01–A04 in its default 网格.
    /// 西街社区: G02 (point C01, building B0002, 1单元 HH0016). 联户长 L0101 刘桂兰.
    private func harness() throws -> ConsoleHarness {
        try ConsoleHarness(seed: { office, _ in
            try office.execute(EnrollOfficer(badge: "L0101", name: "刘桂兰", role: .householdLeader), as: "031245")
            try seedFortuneGrid(office)
            try office.execute(RegisterResident(household: "HH0001", name: "刘大", idNumber: Self.number,
                                                status: .presentRegistered), as: "031245")
            try office.execute(RegisterRental(household: "HH0001", landlord: "周房东"), as: "031245")
            try office.execute(AddGrid(code: "G02", name: "西街网格", community: "西街社区", workerName: "吴网格"), as: "031245")
            try office.execute(AddCell(code: "C01", name: "西街小区", community: "西街社区", kind: .compound, grid: "G02"),
                               as: "031245")
            try office.execute(AddBuilding(name: "西街小区1号楼", cell: "C01", units: 1), as: "031245")
            try office.execute(AddHousehold(building: "B0002", unit: 1, door: "101", address: "西街1号西街小区1号楼1单元101"),
                               as: "031245")
        })
    }

    /// 3, w, then Enter on G01 and on B0001: the 单元 list.
    private func units(_ h: ConsoleHarness) {
        h.press(.character("3"), .character("w"), .enter, .enter)
    }

    @Test func test_l_on_a_unit_assigns_a_leader_refusing_another_community_and_a_non_leader_at_their_field() throws {
        let h = try harness()
        units(h)
        // Session 12: `d` 作废指定 in the hint line (# 跳到编号 stays in help).
        XCTAssertEqual(h.trimmed[23], "F1 帮助 Enter 打开 a 新增户 l 指定联户长 d 作废指定 / 筛选 Esc 返回 q 退出", h.screen.text)
        h.press(.character("l"))
        // The 联户长 field suggests the roster's 联户长 (over the rows below it while open).
        XCTAssertEqual(Array(h.trimmed[2...6]), [
            "指定联户长", "", ">联户长", "           L0101  刘桂兰", " 户       如 HH0001，HH0002",
        ], h.screen.text)
        let before = h.journal.fileBytes
        // 李娜 is an auxiliary, not a 联户长: refused at 联户长.
        h.type("031246")
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[5], "          联户长：031246 的身份为 辅警，不是联户长", h.screen.text)
        XCTAssertEqual(h.journal.fileBytes, before)
        h.press(.ctrl("u"))
        h.type("L0101")
        h.press(.tab, .end)
        h.type("，B0002-1")
        h.press(.f(10))
        XCTAssertEqual(Array(h.trimmed[4...6]), [
            " 联户长   L0101            刘桂兰", ">单元     B0001-1，B0002-1", "          单元：B0002-1 属于 西街社区，不是 东街社区",
        ], h.screen.text)
        XCTAssertEqual(h.journal.fileBytes, before)
        h.press(.backspace, .backspace, .backspace, .backspace, .backspace, .backspace, .backspace, .backspace)
        h.press(.f(10))
        XCTAssertEqual(Array(h.trimmed[2...6]), [
            "网格 › G01 幸福网格 › B0001 幸福二区1号楼（2）",
            "单元   户数 联户长",
            "1单元     2 刘桂兰(L0101)",
            "2单元    13 无联户长",
            "",
        ], h.screen.text)
        XCTAssertEqual(h.trimmed[22], " 已指定联户长 刘桂兰（L0101）：现联系 2 户、1 个单元", h.screen.text)
        XCTAssertEqual(h.eventTypes.last, "HouseholdLeaderAssigned")
    }

    @Test func test_a_leader_over_twelve_households_is_flagged_on_the_message_line() throws {
        let h = try harness()
        units(h)
        h.press(.down, .character("l"))
        h.type("L0101")
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[5], "2单元    13 刘桂兰(L0101)", h.screen.text)
        XCTAssertEqual(h.trimmed[22], " 已指定，但联户长 刘桂兰（L0101）现联系 13 户，超过 12 户", h.screen.text)
        XCTAssertEqual(h.session.message?.kind, .warn)
    }

    @Test func test_l_on_a_household_prefills_it_and_an_unknown_household_is_refused_at_its_field() throws {
        let h = try harness()
        units(h)
        h.press(.enter, .down, .character("l"))
        XCTAssertEqual(Array(h.trimmed[4...6]), [">联户长", "           L0101  刘桂兰", " 户       HH0002"], h.screen.text)
        // An unknown household typed in: refused at 户, nothing written.
        let before = h.journal.fileBytes
        h.type("L0101")
        h.press(.tab, .tab, .end)
        h.type("，HH0099")
        h.press(.f(10))
        XCTAssertEqual(Array(h.trimmed[4...7]), [" 联户长   L0101            刘桂兰", " 单元     如 B0001-1，B0001-2", ">户       HH0002，HH0099",
                                                "          户：找不到记录 HH0099"],
                       h.screen.text)
        XCTAssertEqual(h.journal.fileBytes, before)
    }

    @Test func test_i_records_an_inspection_of_a_rental_refusing_bad_input_at_its_field() throws {
        let h = try harness()
        units(h)
        h.press(.enter)  // 1单元's 户
        // The hint line offers 检查 on a 出租屋 and 出租屋登记 on any other 户 (both keys act on both).
        XCTAssertEqual(h.trimmed[23], "F1 帮助 Enter 打开 a 新增户 l 指定联户长 i 出租屋检查 / 筛选 Esc 返回 q 退出", h.screen.text)
        h.press(.down)
        XCTAssertEqual(h.trimmed[23], "F1 帮助 Enter 打开 a 新增户 l 指定联户长 r 出租屋登记 / 筛选 Esc 返回 q 退出", h.screen.text)
        h.press(.character("i"))
        XCTAssertEqual(h.trimmed[22], " HH0002 未登记为出租屋：先按 r 登记", h.screen.text)
        h.press(.up, .character("i"))
        XCTAssertEqual(Array(h.trimmed[2...8]), [
            "出租屋检查（RT0001 · HH0001 · 房东 周房东）", "", ">检查情况", " 承租人数",
            " 发生时间   现在；或 HH:MM、-30m", " 补录原因   补录时必填", "",
        ], h.screen.text)
        let before = h.journal.fileBytes
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[5], "            检查情况：必须填写", h.screen.text)
        h.type("消防器材齐全，通道畅通")
        h.press(.tab)
        h.type("两人")
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[6], "            承租人数：取值无效：两人", h.screen.text)
        h.press(.ctrl("u"))
        h.type("-1")
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[6], "            承租人数：取值无效：-1", h.screen.text)
        XCTAssertEqual(h.journal.fileBytes, before)
        h.press(.ctrl("u"))
        h.type("2")
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[22], " 已记录 RT0001 的出租屋检查", h.screen.text)
        XCTAssertEqual(h.eventTypes.last, "RentalInspected")
        XCTAssertEqual(h.office.state.population.rental("RT0001")?.inspections.last?.tenants, 2)
    }

    @Test func test_s_changes_a_residents_status_by_an_amend_with_a_reason() throws {
        let h = try harness()
        units(h)
        h.press(.enter, .enter)  // HH0001's residents
        XCTAssertEqual(h.trimmed[23], "F1 帮助  a 实有人口登记  s 人户状态  / 筛选  Esc 返回  # 跳到编号  q 退出", h.screen.text)
        h.press(.character("s"))
        // Session 12: the 暂住登记's dates are corrected in the same form (empty for someone not 暂住).
        XCTAssertEqual(Array(h.trimmed[2...7]), ["人户状态更正（R0001 刘大）", "", ">人户状态     < 人在户在 >",
                                                " 暂住起始日   YYYY-MM-DD，仅暂住", " 暂住到期日   YYYY-MM-DD，仅暂住", " 更正原因"],
                       h.screen.text)
        let before = h.journal.fileBytes
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[5], "              与原记录相同，没有要更正的", h.screen.text)
        h.press(.right)
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[8], "              更正原因：必须填写", h.screen.text)
        XCTAssertEqual(h.journal.fileBytes, before)
        h.type("走访核实：已外出务工")
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[4], "R0001  刘大 110105********0016 户在人不在", h.screen.text)
        XCTAssertEqual(h.trimmed[22], " 已更正 R0001", h.screen.text)
        XCTAssertEqual(h.eventTypes.last, "EntryAmended")
        XCTAssertEqual(h.office.state.population.resident("R0001")?.status, .registeredAbsent)
    }

    @Test func test_a_adds_a_grid_m_corrects_it_and_p_moves_a_point_into_it() throws {
        let h = try harness()
        h.press(.character("3"), .character("w"))
        XCTAssertEqual(h.trimmed[23], "F1 帮助 Enter 打开 a 新增网格 m 更正网格 / 筛选 Esc 返回 # 跳到编号 q 退出",
                       h.screen.text)
        // The default 网格 holds the points no 网格 names: it is not corrected.
        h.press(.down, .character("m"))
        XCTAssertEqual(h.trimmed[22], " 东街社区（未分网格）不是网格：先按 a 新增网格，再进入该网格按 p 移入点位",
                       h.screen.text)
        h.press(.character("a"))
        XCTAssertEqual(Array(h.trimmed[2...8]), [
            "新增网格", "", ">网格编号", " 名称", " 社区         < 东街社区 >", " 网格员", " 网格员姓名",
        ], h.screen.text)
        let before = h.journal.fileBytes
        h.type("g01")
        h.press(.tab)
        h.type("学校网格")
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[5], "              网格编号：G01 已存在", h.screen.text)
        XCTAssertEqual(h.journal.fileBytes, before)
        h.press(.ctrl("u"))
        h.type("G03")
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[22], " 已登记 G03", h.screen.text)
        XCTAssertEqual(h.row(containing: "G03"), "G03 学校网格         未配网格员    0    0    0     0")
        // m: the name and the 网格员姓名, with a reason.
        h.press(.character("m"))
        XCTAssertEqual(Array(h.trimmed[2...7]), [
            "更正网格（G03 学校网格）", "", ">名称         学校网格", " 网格员", " 网格员姓名", " 更正原因",
        ], h.screen.text)
        let beforeAmend = h.journal.fileBytes
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[5], "              与原记录相同，没有要更正的", h.screen.text)
        h.press(.tab, .tab)
        h.type("孙网格")
        h.press(.f(10))
        XCTAssertEqual(Array(h.trimmed[7...9]), [" 网格员姓名   孙网格", ">更正原因", "              更正原因：必须填写"],
                       h.screen.text)
        XCTAssertEqual(h.journal.fileBytes, beforeAmend)
        h.press(.tab)
        h.type("社区新配网格员")
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[22], " 已更正 G03", h.screen.text)
        XCTAssertEqual(h.row(containing: "G03"), "G03 学校网格         孙网格        0    0    0     0")
        // p inside G03: a point of 东街社区 moves in; C01 (西街社区) is refused at 网格.
        h.press(.enter, .character("p"))
        XCTAssertEqual(Array(h.trimmed[2...6]), [
            "移入点位（G03 学校网格）", "", ">点位", "             A01  幸福小区", "             A02  东街",
        ], h.screen.text)
        // The suggestions: 东街社区's points not in G03 (C01 of 西街社区 is not offered).
        XCTAssertEqual(Array(h.trimmed[7...9]), ["             A03  菜市场", "             A04  学校路", "             B01  幸福二区"],
                       h.screen.text)
        let beforeMove = h.journal.fileBytes
        h.type("C01")
        h.press(.tab, .tab)
        h.type("划入学校网格")
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[6], "            网格：G03 属于 东街社区，不是 西街社区", h.screen.text)
        XCTAssertEqual(h.journal.fileBytes, beforeMove)
        h.press(.up, .up, .ctrl("u"))
        h.type("A04")
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[22], " 已将点位 A04 移入 G03 学校网格", h.screen.text)
        XCTAssertEqual(h.office.state.cells.cell("A04")?.grid, "G03")
        h.press(.escape)
        XCTAssertEqual(h.row(containing: "G03"), "G03 学校网格         孙网格        1    1    0     0")
    }

    /// Session 13: `p` on the default 网格 moves a point of a 网格 back into it (its 网格 field left
    /// empty); on a 网格, emptying the field does the same; a point already in none is refused at 网格.
    @Test func test_p_moves_a_point_back_into_the_default_grid_by_an_empty_grid() throws {
        let h = try harness()
        h.press(.character("3"), .character("w"), .enter, .character("p"))  // G01, 东街社区’s 网格
        h.type("A04")
        h.press(.tab, .tab)
        h.type("划入")
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[22], " 已将点位 A04 移入 G01 幸福网格", h.screen.text)
        h.press(.escape, .down, .enter, .character("p"))  // the default 网格's 楼栋 list, then its form
        XCTAssertEqual(Array(h.trimmed[2...5]), ["移入点位（东街社区（未分网格））", "", ">点位", "             A04  学校路"],
                       h.screen.text)
        h.type("A04")
        h.press(.tab, .tab)
        XCTAssertEqual(h.trimmed[5], " 网格       留空：未分网格", h.screen.text)  // the empty field's hint
        h.type("不属幸福网格")
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[22], " 已将点位 A04 移入 东街社区（未分网格）", h.screen.text)
        XCTAssertNil(h.office.state.cells.cell("A04")?.grid)
        XCTAssertEqual(h.eventTypes.last, "EntryAmended")
        // Again: A04 is in no 网格 now, so there is nothing to clear; the journal is unchanged.
        let before = h.journal.fileBytes
        h.press(.character("p"))
        h.type("A04")
        h.press(.tab, .tab)
        h.type("再移一次")
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[6], "            网格：A04 原本就没有，没有可清除的", h.screen.text)
        XCTAssertEqual(h.journal.fileBytes, before)
    }

    @Test func test_slash_matches_names_and_addresses_never_an_id_number() throws {
        let h = try harness()
        units(h)
        h.press(.enter, .enter)  // HH0001's residents
        for (typed, expected) in [(Self.number, "              没有符合筛选「110105********0016」的记录（/ 改筛选）"),
                                  ("0016", "                     没有符合筛选「0016」的记录（/ 改筛选）"),
                                  ("110105", "                    没有符合筛选「110105」的记录（/ 改筛选）")] {
            h.press(.character("/"))
            h.press(.ctrl("u"))
            h.type(typed)
            h.press(.enter)
            XCTAssertEqual(h.trimmed[4], expected, "\(typed)\n" + h.screen.text)
            XCTAssertFalse(h.screen.text.contains(Self.number), h.screen.text)
        }
        h.press(.character("/"), .ctrl("u"))
        h.type("刘大")
        h.press(.enter)
        XCTAssertEqual(h.trimmed[4], "R0001  刘大 110105********0016 人在户在", h.screen.text)
        // An address, up at the 户 list.
        h.press(.escape)
        h.press(.character("/"))
        h.type("1单元102")
        h.press(.enter)
        XCTAssertEqual(Array(h.trimmed[4...5]), ["HH0002 102  东街8号幸福二区1号楼1单元102                       0", ""],
                       h.screen.text)
    }

    @Test func test_the_read_only_copy_refuses_the_new_recording_keys() throws {
        let h = try harness()
        h.session.readOnlyCopy = "派出所只读副本：不能在此记录"
        h.press(.character("3"), .character("w"))
        XCTAssertEqual(h.trimmed[23], "F1 帮助  Enter 打开  / 筛选  Esc 返回  # 跳到编号  q 退出", h.screen.text)
        // Session 12: `d` (void an assignment) on the 单元 list too.
        for (path, key) in [([Key](), "a"), ([], "m"), ([.enter], "p"), ([.enter], "l"), ([], "d"), ([.enter], "i"), ([.enter], "s")] {
            h.press(path)
            h.session.message = nil
            h.press(.character(Character(key)))
            XCTAssertEqual(h.session.message?.text, "派出所只读副本：不能在此记录", key)
            XCTAssertFalse(h.app.currentScreen.capturesText, key)
        }
    }

    @Test func test_the_community_panels_filter_never_matches_an_id_number_in_a_tips_text() throws {
        let h = try ConsoleHarness(seed: { office, _ in
            try office.execute(EnrollOfficer(badge: "L0101", name: "刘桂兰", role: .householdLeader), as: "031245")
            try office.execute(ReceiveTip(source: .householdLeader, from: "L0101", channel: .phone,
                                          what: "住户\(Self.number)楼道电动车充电", cell: "A01"), as: "031245")
        })
        h.press(.character("0"), .character("g"), .right, .right, .right)
        XCTAssertTrue(h.trimmed[2].hasPrefix("群防群治·线索（1）"), h.screen.text)
        XCTAssertFalse(h.screen.text.contains(Self.number), h.screen.text)
        h.press(.character("/"))
        h.type(Self.number)
        h.press(.enter)
        XCTAssertTrue(h.trimmed[2].hasPrefix("群防群治·线索（0）"), h.screen.text)
        h.press(.character("/"), .ctrl("u"))
        h.type("刘桂兰")
        h.press(.enter)
        XCTAssertTrue(h.trimmed[2].hasPrefix("群防群治·线索（1）"), h.screen.text)
        XCTAssertFalse(h.screen.text.contains(Self.number), h.screen.text)
    }
}

/// 东街社区's 幸福网格 G01 as the 网格 tests seed it: 网格员 031246, point B01 幸福二区, building B0001
/// 幸福二区1号楼 of two units — 1单元 HH0001 and HH0002, 2单元 thirteen 户 HH0003…HH0015.
func seedFortuneGrid(_ office: Office) throws {
    try office.execute(AddGrid(code: "G01", name: "幸福网格", community: "东街社区", worker: "031246"), as: "031245")
    try office.execute(AddCell(code: "B01", name: "幸福二区", community: "东街社区", kind: .compound, grid: "G01"), as: "031245")
    try office.execute(AddBuilding(name: "幸福二区1号楼", cell: "B01", units: 2), as: "031245")
    for door in ["101", "102"] {
        try office.execute(AddHousehold(building: "B0001", unit: 1, door: door, address: "东街8号幸福二区1号楼1单元" + door),
                           as: "031245")
    }
    for n in 1...13 {
        let door = String(200 + n)
        try office.execute(AddHousehold(building: "B0001", unit: 2, door: door, address: "东街8号幸福二区1号楼2单元" + door),
                           as: "031245")
    }
}
