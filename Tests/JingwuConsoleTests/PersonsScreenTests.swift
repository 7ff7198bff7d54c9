import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// 重点人员 on the virtual screen: listing, visits moving the due date, overdue rows,
/// filters, the ID number checked as typed, and the recorded reveal.
@Suite(.serialized) final class PersonsScreenTests {
    /// A valid resident ID number (check character computed, not copied).
    static func idNumber(_ first17: String = "11010119900101001") -> String {
        first17 + String(ResidentID.checkCharacter(for: first17)!)
    }

    /// Lists 王小明 through the add form: name, ID, category and residency as offered, cell A01.
    private func addPerson(_ h: ConsoleHarness, number: String = idNumber()) {
        h.press(.character("4"), .character("n"))
        h.type("王小明")
        h.press(.tab)
        h.type(number)
        h.press(.tab, .tab, .tab)  // category, residency → cell
        h.type("A01")
        h.press(.f(10))
    }

    @Test func test_add_a_person_then_a_visit_moves_the_next_due_date_on_screen_and_in_the_journal() throws {
        let h = try ConsoleHarness()
        addPerson(h)
        XCTAssertEqual(h.eventTypes.last, "PersonListed")
        XCTAssertEqual(h.lastData()["idNumber"] as? String, Self.idNumber())
        XCTAssertEqual(h.trimmed[2], "列管 1 人 · 走访逾期 0 人 · 显示 1")
        XCTAssertEqual(h.trimmed[4], "K0001 王小明 重点人口 人在户在 A01    张伟 —     06-03")
        XCTAssertEqual(h.trimmed[22], " 已列管 K0001 王小明，首次走访应于 2026-06-03 前")

        h.clock.advance(minutes: 10 * 24 * 60)
        h.press(.character("v"))
        XCTAssertEqual(h.trimmed[2], "走访 K0001 王小明")
        h.press(.tab, .tab)  // method, by → with
        h.type("治保主任刘强;家长王父")
        h.press(.tab)
        h.type("在家务农,情绪稳定")
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "VisitRecorded")
        XCTAssertEqual(h.lastData()["participants"] as? [String], ["治保主任刘强", "家长王父"])
        XCTAssertEqual(h.lastData()["findings"] as? String, "在家务农,情绪稳定")
        XCTAssertEqual(h.trimmed[4], "K0001 王小明 重点人口 人在户在 A01    张伟 05-14 06-13")
        XCTAssertEqual(h.trimmed[22], " 已记录对 K0001 王小明 的走访，下次应于 2026-06-13 前")

        h.press(.enter)  // the file (一人一档)
        XCTAssertEqual(h.trimmed[2], "K0001 王小明  重点人口  人在户在  A01 幸福小区")
        XCTAssertEqual(h.trimmed[3], "身份证号 110101********0015   （r 查看完整号码，查看将记入日志）")
        XCTAssertEqual(h.trimmed[4], "责任民警 张伟（031245） · 每 30 天走访 · 上次 2026-05-14 09:00 · 应访 2026-06-13")
        XCTAssertEqual(h.trimmed[7], "走访记录（1）")
        XCTAssertEqual(h.trimmed[8], "  2026-05-14 09:00  上门走访  张伟、治保主任刘强、家长王父")
        XCTAssertEqual(h.trimmed[9], "      在家务农,情绪稳定")
    }

    @Test func test_a_wrong_check_digit_is_refused_as_it_is_typed_and_on_save_nothing_is_written() throws {
        let h = try ConsoleHarness()
        let before = h.journal.headHash
        let good = Self.idNumber()
        let wrong = String(good.dropLast()) + (good.last == "1" ? "2" : "1")
        h.press(.character("4"), .character("n"))
        h.type("王小明")
        h.press(.tab)
        h.type(String(wrong.prefix(17)))
        XCTAssertFalse(h.screen.text.contains("校验位"), "no complaint before the number is whole")
        h.type(String(wrong.suffix(1)))
        // The labels' column is two wider since 间隔（天） took full-width brackets, so the line ends cut at 80.
        XCTAssertEqual(h.trimmed[6], "                  身份证号码：校验位不符（GB 11643），请逐位核对："
                       + Privacy.maskIDNumber(wrong).prefix(12) + "…")
        XCTAssertEqual(h.screen.style(6, 18), .error)
        h.press(.f(10))
        XCTAssertEqual(h.journal.headHash, before)
        XCTAssertTrue(h.trimmed[5].hasPrefix(">身份证号码"), h.screen.text)
        h.type("x")  // letters other than a final X are refused at once
        XCTAssertEqual(h.journal.headHash, before)
    }

    @Test func test_a_letter_in_the_id_number_is_refused_before_the_number_is_whole() throws {
        let h = try ConsoleHarness()
        h.press(.character("4"), .character("n"), .tab)
        h.type("11010A")
        XCTAssertTrue(h.trimmed[6].contains("身份证号码：应为 18 位"), h.screen.text)
    }

    /// The longest category and residency, listed 40 days ago so the Late column is used too.
    private func longLabelsHarness(_ language: Language, columns: Int = 80) throws -> ConsoleHarness {
        try ConsoleHarness(language: language, columns: columns) { office, clock in
            try office.execute(ListPerson(name: "欧阳小明", idNumber: Self.idNumber("11010119800101002"),
                                          category: .mentalHealth, residency: .presentUnregistered, cell: "A02",
                                          officer: "031245"),
                               as: "031245", at: clock.date.addingTimeInterval(-40 * 86400), reason: "补录台账")
        }
    }

    @Test func test_the_list_at_80_columns_shows_names_categories_and_residency_whole_in_both_languages() throws {
        let zh = try longLabelsHarness(.zh)
        zh.press(.character("4"))
        XCTAssertEqual(zh.trimmed[3], "编号  姓名     类别         人户状态   点位   民警 上次  应访    逾期")
        XCTAssertEqual(zh.trimmed[4], "K0001 欧阳小明 严重精神障碍 人在户不在 A02    张伟 —     04-24   10天")
        let en = try longLabelsHarness(.en)
        en.press(.character("4"))
        XCTAssertEqual(en.trimmed[3], "ID    Name     Category      Residency      Cell   Officer Last  Due     Late")
        XCTAssertEqual(en.trimmed[4], "K0001 欧阳小明 mental health reg. elsewhere A02    张伟    —     04-24    10d")
    }

    @Test func test_a_narrow_list_shrinks_the_fitted_columns_and_keeps_the_late_column() throws {
        let h = try longLabelsHarness(.zh, columns: 64)
        h.press(.character("4"))
        XCTAssertTrue(h.trimmed[4].hasSuffix("04-24   10天"), h.trimmed[4])
        XCTAssertTrue(h.trimmed[4].hasPrefix("K0001 欧阳小明 严重精…  人在户不… A02"), h.trimmed[4])
    }

    @Test func test_an_overdue_visit_stands_out_and_the_overdue_filter_keeps_only_it() throws {
        let h = try ConsoleHarness(now: "2026-05-04T09:00:00+08:00") { office, clock in
            try office.execute(ListPerson(name: "李四", idNumber: Self.idNumber("11010119800101002"), category: .released,
                                          residency: .presentRegistered, cell: "A02", officer: "031245"),
                               as: "031245", at: clock.date.addingTimeInterval(-40 * 86400), reason: "补录台账")
            // A key person's 责任民警 is police (issue 15): a second officer, not the auxiliary.
            try office.execute(EnrollOfficer(badge: "031247", name: "王芳", role: .police), as: "031245")
            try office.execute(ListPerson(name: "赵五", idNumber: Self.idNumber("11010119800101003"), category: .other,
                                          residency: .temporary, cell: "A03", officer: "031247"), as: "031245")
        }
        h.press(.character("4"))
        XCTAssertEqual(h.trimmed[2], "列管 2 人 · 走访逾期 1 人 · 显示 2")
        XCTAssertEqual(h.trimmed[4], "K0001 李四 刑满释放 人在户在 A02    张伟 —     04-24   10天")
        h.press(.down)  // move the selection away to see the row's own style
        XCTAssertEqual(h.screen.style(4, 0), .error)
        XCTAssertEqual(h.screen.style(5, 0), .selected)
        h.press(.character("o"))
        XCTAssertEqual(h.trimmed[2], "列管 2 人 · 走访逾期 1 人 · 显示 1  筛选：仅逾期")
        XCTAssertEqual(h.trimmed[5], "")
        h.press(.escape)
        XCTAssertEqual(h.trimmed[2], "列管 2 人 · 走访逾期 1 人 · 显示 2")

        // The filter form (f: `/` is the search on every list screen since issue 17): officer 031247 only.
        h.press(.character("f"), .tab)
        h.type("031247")
        h.press(.f(10))
        XCTAssertTrue(h.trimmed[2].hasSuffix("筛选：王芳"), h.trimmed[2])
        XCTAssertTrue(h.trimmed[4].hasPrefix("K0002 赵五"), h.screen.text)
        XCTAssertEqual(h.trimmed[5], "")

        // The overview lists the overdue visit; Enter opens the person's file.
        h.press(.escape, .character("1"))
        let row = try XCTUnwrap(h.row(containing: "K0001 李四"))
        XCTAssertEqual(row, "    K0001 李四 刑满释放人员  逾期 10 天")
    }

    @Test func test_the_whole_id_number_shows_only_after_r_and_the_look_is_written_first() throws {
        let h = try ConsoleHarness()
        addPerson(h)
        h.press(.enter)
        XCTAssertFalse(h.screen.text.contains(Self.idNumber()))
        let before = h.eventTypes.count
        // r asks why (issue 17); Enter takes the first purpose, 核实身份.
        h.press(.character("r"))
        XCTAssertEqual(h.eventTypes.count, before)
        h.press(.enter)
        XCTAssertEqual(h.eventTypes.count, before + 1)
        XCTAssertEqual(h.eventTypes.last, "IDNumberRevealed")
        XCTAssertEqual(h.lastData()["person"] as? String, "K0001")
        XCTAssertEqual(h.trimmed[3], "身份证号 \(Self.idNumber())   （本次查看已记入日志，离开档案即隐藏）")
        XCTAssertEqual(h.office.state.reveals.reveals.map(\.by), ["031245"])
        XCTAssertTrue(h.screen.text.contains("完整身份证号查看记录（1）"))
        // Leaving the file hides it again; the list never shows it.
        h.press(.escape)
        XCTAssertFalse(h.screen.text.contains(Self.idNumber()))
        h.press(.enter)
        XCTAssertEqual(h.trimmed[3], "身份证号 110101********0015   （r 查看完整号码，查看将记入日志）")
    }

    @Test func test_without_an_operator_the_reveal_writes_nothing_and_shows_nothing() throws {
        let h = try ConsoleHarness(operatorBadge: nil) { office, _ in
            try office.execute(ListPerson(name: "李四", idNumber: Self.idNumber("11010119800101002"), category: .released,
                                          residency: .presentRegistered, cell: "A02", officer: "031245"), as: "031245")
        }
        h.press(.character("4"), .enter)
        let before = h.journal.headHash
        h.press(.character("r"))
        XCTAssertEqual(h.journal.headHash, before)
        XCTAssertFalse(h.screen.text.contains(Self.idNumber("11010119800101002")))
    }

    @Test func test_status_change_and_delisting_are_recorded_from_the_file() throws {
        let h = try ConsoleHarness()
        addPerson(h)
        h.press(.enter, .character("s"), .right, .right)  // residency: 不变 → 人在户在 → 户在人不在
        h.press(.tab, .tab)
        h.type("外出务工")
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "PersonStatusChanged")
        XCTAssertEqual(h.office.state.persons.person("K0001")?.residency, .registeredAbsent)
        XCTAssertEqual(h.trimmed[2], "K0001 王小明  重点人口  户在人不在  A01 幸福小区")
        h.press(.character("d"))
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "PersonStatusChanged", "a delisting needs its reason")
        XCTAssertTrue(h.screen.text.contains("撤销原因：必须填写"),
                      h.screen.text)
        h.type("考察期满")
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "PersonDelisted")
        XCTAssertEqual(h.trimmed[2], "列管 0 人 · 走访逾期 0 人 · 显示 0")
    }
}
