import Foundation
import JingwuDomain
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// Issue 17: under NO_COLOR (or a monochrome terminal) the selected row and an overdue row are
/// told apart by a mark of their own, not only by attributes a terminal may drop.
@Suite(.serialized) final class NoColorMarksTests {
    private static func idNumber(_ first17: String) -> String { PersonsScreenTests.idNumber(first17) }

    private func harness(color: Bool) throws -> ConsoleHarness {
        let h = try ConsoleHarness(now: "2026-05-04T09:00:00+08:00") { office, clock in
            try office.execute(ListPerson(name: "李四", idNumber: Self.idNumber("11010119800101002"), category: .released,
                                          residency: .presentRegistered, cell: "A02", officer: "031245"),
                               as: "031245", at: clock.date.addingTimeInterval(-40 * 86400), reason: "补录台账")
            try office.execute(ListPerson(name: "赵五", idNumber: Self.idNumber("11010119800101003"), category: .other,
                                          residency: .temporary, cell: "A03", officer: "031245"), as: "031245")
        }
        h.screen.usesColor = color
        h.app.render(into: h.screen)
        return h
    }

    @Test func test_without_colour_the_selected_and_the_overdue_rows_carry_marks() throws {
        let h = try harness(color: false)
        h.press(.character("4"))
        XCTAssertEqual(h.trimmed[3], "  编号  姓名 类别     人户状态 点位   民警 上次  应访    逾期")
        XCTAssertEqual(h.trimmed[4], ">!K0001 李四 刑满释放 人在户在 A02    张伟 —     04-24   10天")
        XCTAssertTrue(h.trimmed[5].hasPrefix("  K0002 赵五 "), h.trimmed[5])
        h.press(.down)
        XCTAssertTrue(h.trimmed[4].hasPrefix(" !K0001 李四 "), h.trimmed[4])
        XCTAssertTrue(h.trimmed[5].hasPrefix("> K0002 赵五 "), h.trimmed[5])
        // The journal's list (the terminal's Table): the selected row is marked.
        h.press(.character("8"))
        let marked = h.trimmed.filter { $0.hasPrefix(">") }
        XCTAssertEqual(marked.count, 1, h.screen.text)
        XCTAssertTrue(marked[0].contains("列管人员"), h.screen.text)
    }

    @Test func test_in_colour_no_marks_are_drawn() throws {
        let h = try harness(color: true)
        h.press(.character("4"))
        XCTAssertTrue(h.trimmed[4].hasPrefix("K0001 李四 "), h.trimmed[4])
        XCTAssertEqual(h.screen.style(4, 0), .selected)
    }
}
