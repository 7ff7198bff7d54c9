import Foundation
import JingwuDomain
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// `/` (issue 17): a global search from 总览 across persons, disputes' parties, incidents and
/// fraud warnings, and a search of its own records on every list screen; Enter opens the hit.
/// An ID number or a phone matches only typed in full and is listed masked; nothing is written.
@Suite(.serialized) final class SearchTests {
    static let id = HandoverScreenTests.idNumber(7)

    static func office() throws -> ConsoleHarness {
        try ConsoleHarness(seed: { o, _ in
            let me = "031245"
            try o.execute(OpenShift(duty: me), as: me)
            try o.execute(ListPerson(name: "孙小梅", idNumber: id, category: .released, residency: .presentRegistered,
                                     cell: "A01", officer: me), as: me)
            try o.execute(ListPerson(name: "赵大勇", idNumber: HandoverScreenTests.idNumber(8), category: .correction,
                                     residency: .presentRegistered, cell: "A02", officer: me), as: me)
            try o.execute(OpenDispute(category: .neighbour, parties: ["孙小梅", "钱多多"], cell: "A03", summary: "楼上漏水"), as: me)
            try o.execute(LogIncident(cell: "A02", kind: .theft, summary: "孙小梅报电动车被盗，电话13912345678", source: .call),
                          as: me)
            try o.execute(ReceiveFraudWarning(level: .high, target: "钱多多", phone: "13800001234", cell: "A01"), as: me)
        })
    }

    /// The popup's rows (title, line, status, hits), trimmed.
    func popup(_ h: ConsoleHarness, _ count: Int) -> [String] { Array(h.trimmed[2..<(2 + count)]) }

    @Test func test_global_search_by_a_chinese_name_finds_every_kind_and_opens_the_person() throws {
        let h = try Self.office()
        let bytes = h.journal.fileBytes
        h.press(.character("/"))
        // Typed through an input method: UTF-8 bytes, decoded as the terminal sends them.
        h.press(KeyDecoder.decode(bytes: Array("孙小梅".utf8)))
        XCTAssertEqual(popup(h, 7), [
            "┌ 查找（重点人员、纠纷当事人、警情、反诈预警、接访日、整改通知书、隐患） ──────┐",
            "│ 查找： 孙小梅                                                                │",
            "│ 找到 3 条 · ↑↓ 选择 · 回车打开 · Esc 关闭                                    │",
            "│>K0001 孙小梅 110105********1078 刑满释放人员 A01                             │",
            "│ D2026-0001 邻里 孙小梅、钱多多 待调处                                        │",
            "│ I0001 05-04 09:00 盗窃 A02 孙小梅报电动车被盗，电话139****5678               │",
            "│                                                                              │",
        ], h.screen.text)
        XCTAssertFalse(h.screen.text.contains("13912345678"))
        h.press(.enter)
        XCTAssertEqual(h.app.current, .persons)
        XCTAssertTrue(h.screen.text.contains("孙小梅"), h.screen.text)
        XCTAssertTrue(h.screen.text.contains("一人一档") || h.trimmed[2].contains("K0001"), h.screen.text)
        XCTAssertEqual(h.journal.fileBytes, bytes, "a search wrote to the journal")
    }

    @Test func test_an_id_number_matches_only_in_full_and_is_listed_masked() throws {
        let h = try Self.office()
        h.press(.character("/"))
        h.type(String(Self.id.prefix(14)))
        XCTAssertEqual(h.trimmed[4], "│ 找到 0 条 · ↑↓ 选择 · 回车打开 · Esc 关闭                                    │")
        h.press(.enter)
        XCTAssertEqual(h.trimmed[4], "│ 没有找到「\(Self.id.prefix(14))」                                                   │")
        h.type(String(Self.id.dropFirst(14)))
        XCTAssertEqual(h.trimmed[5], "│>K0001 孙小梅 110105********1078 刑满释放人员 A01                             │")
        XCTAssertEqual(h.trimmed[6], "│                                                                              │")
        // Only the line typed in holds the whole number: the hit shows it masked.
        XCTAssertEqual(h.trimmed.filter { $0.contains(Self.id) }, ["│ 查找： \(Self.id)                                                    │"])
    }

    @Test func test_a_phone_matches_in_full_a_warning_and_a_number_in_free_text() throws {
        let h = try Self.office()
        h.press(.character("/"))
        h.type("1380000")
        XCTAssertTrue(h.trimmed[4].hasPrefix("│ 找到 0 条"), h.screen.text)
        h.type("1234")
        XCTAssertEqual(h.trimmed[5], "│>F0001 高 钱多多 138****1234 待劝阻                                           │")
        h.press(.escape)
        XCTAssertNil(h.app.openPopup)
        h.press(.character("/"))
        h.type("139 1234 5678")
        XCTAssertEqual(h.trimmed[5], "│>I0001 05-04 09:00 盗窃 A02 孙小梅报电动车被盗，电话139****5678               │")
        h.press(.enter)
        XCTAssertEqual(h.app.current, .incidents)
    }

    /// An input method left in full-width mode (全角) types `Ｋ０００１` and `１３８…`: found as typed in
    /// half-width; Chinese text with full-width punctuation is matched as it is.
    @Test func test_full_width_letters_and_digits_find_ids_and_numbers() throws {
        let h = try Self.office()
        h.press(.character("/"))
        h.press(KeyDecoder.decode(bytes: Array("ｋ０００１".utf8)))
        XCTAssertEqual(h.trimmed[5], "│>K0001 孙小梅 110105********1078 刑满释放人员 A01                             │")
        XCTAssertEqual(h.trimmed[6], "│                                                                              │")
        h.press(.escape, .character("/"))
        h.press(KeyDecoder.decode(bytes: Array("１３８　００００　１２３４".utf8)))
        XCTAssertEqual(h.trimmed[5], "│>F0001 高 钱多多 138****1234 待劝阻                                           │")
        h.press(.escape, .character("#"))
        h.press(KeyDecoder.decode(bytes: Array("Ｄ２０２６－０００１".utf8)))
        XCTAssertEqual(h.trimmed[5], "│>D2026-0001 邻里 孙小梅、钱多多 待调处                                        │")
    }

    @Test func test_a_list_screen_searches_its_own_records() throws {
        let h = try Self.office()
        // 矛盾纠纷: by a party's name.
        h.press(.character("5"), .character("/"))
        h.type("钱多多")
        XCTAssertEqual(popup(h, 4), [
            "┌ 查找（矛盾纠纷、接访日） ────────────────────────────────────────────────────┐",
            "│ 查找： 钱多多                                                                │",
            "│ 找到 1 条 · ↑↓ 选择 · 回车打开 · Esc 关闭                                    │",
            "│>D2026-0001 邻里 孙小梅、钱多多 待调处                                        │",
        ], h.screen.text)
        h.press(.enter)
        XCTAssertEqual(h.app.current, .disputes)
        XCTAssertNil(h.app.openPopup)
        // 重点人员: `/` is the search there too (its filter moved to f).
        h.press(.escape, .character("4"), .character("/"))
        h.type("赵")
        XCTAssertEqual(h.trimmed[5], "│>K0002 赵大勇 110105********1086 社区矫正 A02                                 │")
        XCTAssertEqual(h.trimmed[6], "│                                                                              │")
        // 网格: by a cell's name.
        h.press(.escape, .character("3"), .character("/"))
        h.type("菜市")
        XCTAssertEqual(h.trimmed[5], "│>A03 菜市场 东街社区                                                          │")
        h.press(.enter)
        XCTAssertEqual(h.trimmed[2], "A03 菜市场 · 东街社区 · 街巷 · 时限 24 小时")
    }

    /// The table that draws help and hints is the one that acts: `/` and `#` are listed on the
    /// list screens and on 总览, and not where the screen keeps `/` for its own filter (日志).
    @Test func test_help_lists_search_and_jump_where_they_act() throws {
        let h = try Self.office()
        for tab in ["1", "2", "3", "4", "5", "6"] {
            h.press(.escape, .character(Character(tab)))
            let rows = h.app.keyTable().helpRows
            XCTAssertTrue(rows.contains(KeyHint(keys: "/", label: "查找")), "\(tab): \(rows)")
            XCTAssertTrue(rows.contains(KeyHint(keys: "#", label: "跳到编号")), "\(tab): \(rows)")
        }
        // 日志: `/` is its filter in the list and offers no search on a record's page either.
        h.press(.character("8"))
        XCTAssertFalse(h.app.keyTable().helpRows.contains(KeyHint(keys: "/", label: "查找")))
        h.press(.enter)
        XCTAssertTrue(h.trimmed[2].hasPrefix("第 "), h.screen.text)
        XCTAssertFalse(h.app.keyTable().helpRows.contains(KeyHint(keys: "/", label: "查找")))
        XCTAssertTrue(h.app.keyTable().helpRows.contains(KeyHint(keys: "#", label: "跳到编号")))
    }
}
