import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// 警号 is a police officer's: an auxiliary's number is a 辅警编号, the others' a 人员编号, and
/// a number typed before anyone knows whose it is is asked for as 警号/编号 (TERMS.md).
@Suite(.serialized) final class AuxNumberLabelTests {
    private func trimmed(_ screen: VirtualScreen) -> [String] {
        screen.rows().map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
    }

    @Test func test_the_sign_in_asks_for_a_badge_or_number_and_a_wrong_pin_names_the_auxiliary_number() throws {
        let c = try SignedConsole()
        XCTAssertTrue(trimmed(c.screen).contains { $0.contains("请输入警号和密码。辅警请填辅警编号。") }, c.text)
        XCTAssertTrue(trimmed(c.screen).contains { $0.contains("警号/编号") }, c.text)
        // The gate says only 密码不正确; the refusal itself (the command line prints it) names the number.
        for (badge, expected) in [("031246", "密码：辅警编号 031246 的密码不正确"), ("031245", "密码：警号 031245 的密码不正确")] {
            XCTAssertThrowsError(try c.h.office.signIn(badge: badge, pin: "000000")) { error in
                XCTAssertEqual((error as? DomainError)?.screenMessage(Strings(.zh)), expected)
            }
        }
    }

    @Test func test_the_enrol_form_names_the_number_by_the_role_chosen() throws {
        let h = try ConsoleHarness()
        h.press(.character("0"), .character("n"))
        XCTAssertEqual(h.trimmed[5], " 辅警编号", h.screen.text)
        h.press(.left)  // 民警
        XCTAssertEqual(Array(h.trimmed[4...5]), [">身份   < 民警 >", " 警号"], h.screen.text)
        h.press(.right, .right)  // 巡防队员
        XCTAssertEqual(Array(h.trimmed[4...5]), [">身份       < 巡防队员 >", " 人员编号"], h.screen.text)
        // A refusal at the field uses the same name.
        h.press(.left, .tab)
        h.type("031245")
        h.press(.tab)
        h.type("重名")
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[22], " 辅警编号：031245 已存在", h.screen.text)
    }

    @Test func test_the_journal_browser_names_each_badge_by_its_holder_role() throws {
        let h = try ConsoleHarness(rows: 30, columns: 120)
        try h.office.setPin(badge: "031246", pin: "135790", as: "031245", iterations: 1_000)
        h.app.render(into: h.screen)
        h.press(.character("8"), .character("c"), .character("/"))
        h.type("PinSet")
        h.press(.f(10))
        XCTAssertTrue(h.trimmed.contains { $0.hasSuffix("密码算法=pbkdf2-sha256 辅警编号=031246 迭代次数=1000") }, h.screen.text)
        h.press(.end, .enter)
        XCTAssertTrue(h.trimmed.contains("  辅警编号：031246"), h.screen.text)
    }

    @Test func test_labels_by_role() {
        let zh = Strings(.zh)
        XCTAssertEqual(OfficerRole.allCases.map { $0.numberLabel(zh) }, ["警号", "辅警编号", "人员编号", "人员编号", "人员编号", "人员编号", "人员编号", "人员编号"])
        XCTAssertEqual(OfficeState().officers.numberLabel(of: "X1", zh), "警号/编号")
    }
}
