import Foundation
import JingwuDomain
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// The 网格 screen's households (issue 19): `w` on the map lists the 网格 (a defined one and the
/// community's default 网格 for the points that name none), Enter goes down 楼栋 → 单元 → 户 → 人,
/// Esc back up and to the map, `/` filters each list, forms add a 户 and a resident and refuse
/// bad input at its field with nothing written.
@Suite(.serialized) final class GridScreenTests {
    static let number = "110105198001010016"

    private func harness() throws -> ConsoleHarness {
        try ConsoleHarness(seed: { office, _ in
            try office.execute(AddGrid(code: "G01", name: "幸福网格", community: "东街社区", worker: "031246"), as: "031245")
            try office.execute(AddCell(code: "B01", name: "幸福二区", community: "东街社区", kind: .compound, grid: "G01"),
                               as: "031245")
            try office.execute(AddBuilding(name: "幸福二区1号楼", cell: "B01", units: 2), as: "031245")
            try office.execute(AddHousehold(building: "B0001", unit: 1, door: "101", address: "东街8号幸福二区1号楼1单元101"),
                               as: "031245")
            try office.execute(AddHousehold(building: "B0001", unit: 1, door: "102", address: "东街8号幸福二区1号楼1单元102"),
                               as: "031245")
            try office.execute(RegisterResident(household: "HH0001", name: "刘大", idNumber: Self.number,
                                                status: .presentRegistered), as: "031245")
        })
    }

    @Test func test_w_lists_the_grids_and_enter_goes_down_to_the_residents_and_esc_back_to_the_map() throws {
        let h = try harness()
        h.press(.character("3"), .character("w"))
        XCTAssertEqual(Array(h.trimmed[2...5]), [
            "网格（2）",
            "网格                 网格员     点位 逾期 楼栋  户数",
            "G01 幸福网格         李娜          1    1    1     2",
            "东街社区（未分网格）               4    4    0     0",
        ], h.screen.text)
        // The key table that dispatches draws the hints; the three reports open from here too,
        // listed in help (F1) only since session 11's 网格 forms filled the hint line.
        XCTAssertEqual(h.trimmed[23], "F1 帮助 Enter 打开 a 新增网格 m 更正网格 / 筛选 Esc 返回 # 跳到编号 q 退出", h.screen.text)
        XCTAssertEqual(h.app.keyTable().bindings.filter { $0.action.name.hasPrefix("report-") }.map(\.label),
                       ["实有人口", "暂住到期", "联户长覆盖"])
        h.press(.enter)
        XCTAssertEqual(Array(h.trimmed[2...4]), [
            "网格 › G01 幸福网格（1）",
            "楼栋  名称                                      巡逻点位     单元  户数 无联户长",
            "B0001 幸福二区1号楼                             B01 幸福二区    2     2        2",
        ], h.screen.text)
        h.press(.enter)
        XCTAssertEqual(Array(h.trimmed[2...5]), [
            "网格 › G01 幸福网格 › B0001 幸福二区1号楼（2）",
            "单元   户数 联户长",
            "1单元     2 无联户长",
            "2单元     0 无联户长",
        ], h.screen.text)
        h.press(.enter)
        XCTAssertEqual(Array(h.trimmed[2...5]), [
            "网格 › G01 幸福网格 › B0001 幸福二区1号楼 › 1单元（2）",
            "户     门牌 标准地址                                        人数 出租屋 联户长",
            "HH0001 101  东街8号幸福二区1号楼1单元101                       1",
            "HH0002 102  东街8号幸福二区1号楼1单元102                       0",
        ], h.screen.text)
        h.press(.enter)
        XCTAssertEqual(Array(h.trimmed[2...4]), [
            "网格 › G01 幸福网格 › B0001 幸福二区1号楼 › 1单元 › HH0001 101（1）",
            "登记号 姓名 身份证号           人户状态 暂住到期",
            "R0001  刘大 110105********0016 人在户在",
        ], h.screen.text)
        // Esc four times: back to the 网格 list; once more: the map.
        h.press(.escape, .escape, .escape, .escape)
        XCTAssertTrue(h.trimmed[2].hasPrefix("网格（2）"), h.screen.text)
        h.press(.escape)
        XCTAssertTrue(h.trimmed[2].hasPrefix("时段[p]"), h.screen.text)
    }

    @Test func test_slash_filters_the_list_shown() throws {
        let h = try harness()
        h.press(.character("3"), .character("w"), .enter, .enter, .enter)
        h.press(.character("/"))
        h.type("102")
        h.press(.enter)
        XCTAssertEqual(Array(h.trimmed[2...5]), [
            "网格 › G01 幸福网格 › B0001 幸福二区1号楼 › 1单元（1）  筛选：102",
            "户     门牌 标准地址                                        人数 出租屋 联户长",
            "HH0002 102  东街8号幸福二区1号楼1单元102                       0",
            "",
        ], h.screen.text)
    }

    @Test func test_a_resident_form_refuses_an_expiry_before_its_start_at_its_field_and_writes_nothing() throws {
        let h = try harness()
        h.press(.character("3"), .character("w"), .enter, .enter, .enter, .enter, .character("a"))
        let before = h.journal.fileBytes
        h.type("刘二")
        h.press(.tab)
        h.type("110105198001010032")
        h.press(.tab, .right, .right, .right, .tab)
        h.type("2026-05-10")
        h.press(.tab)
        h.type("2026-05-01")
        h.press(.f(10))
        XCTAssertEqual(Array(h.trimmed[2...10]), [
            "实有人口登记（HH0001）", "", " 姓名         刘二", " 身份证号码   110105198001010032", " 人户状态     < 暂住 >",
            " 暂住起始日   2026-05-10", ">暂住到期日   2026-05-01",
            "              暂住到期日：到期日 2026-05-01 早于起始日 2026-05-10", "",
        ], h.screen.text)
        XCTAssertEqual(h.journal.fileBytes, before)
        h.press(.ctrl("u"))
        h.type("2026-11-01")
        h.press(.f(10))
        XCTAssertEqual(Array(h.trimmed[2...5]), [
            "网格 › G01 幸福网格 › B0001 幸福二区1号楼 › 1单元 › HH0001 101（2）",
            "登记号 姓名 身份证号           人户状态 暂住到期",
            "R0001  刘大 110105********0016 人在户在",
            "R0002  刘二 110105********0032 暂住     2026-11-01",
        ], h.screen.text)
        XCTAssertEqual(h.office.state.population.resident("R0002")?.status, .temporary)
    }
}
