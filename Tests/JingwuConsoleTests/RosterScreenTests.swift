import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// 人员名册 (key 0) on the virtual screen: police enrol, set and reset PINs and void
/// enrolments; an auxiliary may only change their own PIN; the same domain rules as the CLI.
@Suite(.serialized) final class RosterScreenTests {
    /// 张伟 (police, PIN 246810) signed in on the roster screen.
    private func policeOnRoster() throws -> SignedConsole {
        let c = try SignedConsole(idleSeconds: 300)
        c.signIn("031245", "246810")
        c.press(.character("0"))
        return c
    }

    private func trimmed(_ c: SignedConsole) -> [String] {
        c.screen.rows().map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
    }

    @Test func test_key_0_opens_the_roster_with_each_officer_role_and_pin() throws {
        let c = try policeOnRoster()
        let rows = trimmed(c)
        XCTAssertEqual(Array(rows[2...5]), [
            "名册：民警 1 · 辅警 1 · 其他 0 · 未设密码 0",
            "警号/编号 姓名 身份 密码     登记时间    备注",
            "031245    张伟 民警 已设置   05-04 09:00 本人",
            "031246    李娜 辅警 已设置   05-04 09:00",
        ], c.text)
        XCTAssertTrue(rows[23].contains("n 登记人员") && rows[23].contains("p 修改本人密码") && rows[23].contains("x 作废登记"),
                      rows[23])
    }

    @Test func test_police_enrol_an_auxiliary_with_a_chinese_name_and_give_a_first_pin_typed_twice() throws {
        let c = try policeOnRoster()
        c.press(.character("n"))
        // The number is named by the role chosen above it: 辅警 first (一警两辅).
        XCTAssertEqual(Array(trimmed(c)[2...6]), [
            "登记人员（登记后即可被选用；民警、辅警接着设置密码）",
            "",
            ">身份       < 辅警 >",
            " 辅警编号",
            " 姓名",
        ], c.text)
        c.press(.tab)
        c.type("F101")
        c.press(.tab)
        c.type("王芳")
        let before = c.types.count
        c.press(.f(10))
        XCTAssertEqual(Array(c.types[before...]), ["OfficerEnrolled"])
        XCTAssertEqual(c.h.office.state.officers.officer("F101")?.name, "王芳")
        XCTAssertEqual(c.h.office.state.officers.officer("F101")?.role, .auxiliary)
        // The first PIN's form follows: the police officer's own PIN, then the new one twice.
        let rows = trimmed(c)
        XCTAssertEqual(rows[2], "设置王芳（辅警编号 F101）的密码", c.text)
        XCTAssertEqual(Array(rows[4...6]), [">您的密码", " 新密码（6–12 位数字）", " 再输入新密码"], c.text)
        XCTAssertEqual(rows[22], " 已登记王芳（辅警编号 F101）；请为其设置初始密码（Esc 稍后再设）")
        c.type("246810")
        c.press(.tab)
        c.type("112233")
        c.press(.tab)
        c.type("112299")
        c.press(.f(10))
        XCTAssertEqual(trimmed(c)[22], " 再输入新密码：两次输入的新密码不一致", c.text)
        XCTAssertEqual(c.types.count, before + 1, "a mismatch writes nothing")
        XCTAssertFalse(c.text.contains("112233") || c.text.contains("112299"), "a PIN is never drawn")
        for _ in 0..<6 { c.press(.backspace) }
        c.type("112233")
        c.press(.f(10))
        XCTAssertEqual(Array(c.types[before...]), ["OfficerEnrolled", "PinSet"])
        XCTAssertEqual(trimmed(c)[22], " 王芳（辅警编号 F101）：密码已设置", c.text)
        XCTAssertEqual(trimmed(c)[6], "F101      王芳 辅警 已设置   05-04 09:00", c.text)
        let bytes = String(decoding: c.h.journal.fileBytes, as: UTF8.self)
        XCTAssertFalse(bytes.contains("112233"), "only the PIN's hash is written")

        // 王芳 signs in with it and may not enrol: refused in Chinese, naming the field, nothing written.
        c.press(.f(12))
        c.signIn("F101", "112233")
        XCTAssertEqual(c.app.session.operatorBadge, "F101")
        c.press(.character("0"))
        XCTAssertFalse(trimmed(c)[23].contains("登记人员"), "not offered to an auxiliary: \(trimmed(c)[23])")
        let head = c.h.journal.headHash
        c.press(.character("n"))
        XCTAssertEqual(trimmed(c)[22], " 警号/编号：F101（辅警）无权登记人员，须由民警办理；未写入任何内容", c.text)
        XCTAssertEqual(c.h.journal.headHash, head)
        XCTAssertEqual(c.app.currentScreen.capturesText, false, "no enrolment form opened")
    }

    @Test func test_an_auxiliary_may_not_void_or_reset_another_pin_but_changes_their_own() throws {
        let c = try SignedConsole(idleSeconds: 300)
        c.signIn("031246", "135790")
        c.press(.character("0"))
        XCTAssertEqual(trimmed(c)[2], "名册：民警 1 · 辅警 1 · 其他 0 · 未设密码 0（登记、作废、设他人密码须民警）")
        let head = c.h.journal.headHash
        // The roster opens on their own row; on 张伟's, neither reset nor void is offered, and both say why.
        XCTAssertTrue(trimmed(c)[23].contains("p 修改本人密码"), trimmed(c)[23])
        c.press(.up)
        XCTAssertFalse(trimmed(c)[23].contains("重置密码") || trimmed(c)[23].contains("作废登记"), trimmed(c)[23])
        c.press(.character("p"))
        XCTAssertEqual(trimmed(c)[22], " 警号/编号：031246（辅警）无权设置或重置他人密码，须由民警办理；未写入任何内容", c.text)
        c.press(.character("x"))
        XCTAssertEqual(trimmed(c)[22], " 记录：031246（辅警）无权更正或作废他人录入的记录，须由民警办理；未写入任何内容", c.text)
        XCTAssertEqual(c.h.journal.headHash, head)
        // Their own row: change their own PIN, after the old one.
        c.press(.down)
        XCTAssertTrue(trimmed(c)[23].contains("p 修改本人密码"), trimmed(c)[23])
        c.press(.character("p"))
        XCTAssertEqual(trimmed(c)[2], "修改本人密码：李娜（辅警编号 031246）", c.text)
        XCTAssertEqual(trimmed(c)[4], ">原密码", c.text)
        c.type("000000")
        c.press(.tab)
        c.type("975310")
        c.press(.tab)
        c.type("975310")
        c.press(.f(10))
        XCTAssertEqual(trimmed(c)[22], " 原密码：密码不正确（再错 2 次控制台将锁定）", c.text)
        XCTAssertEqual(c.types.last, "SignInFailed", "a wrong PIN is written as at the gate")
        c.type("135790")
        c.press(.f(10))
        XCTAssertEqual(c.types.last, "PinChanged")
        XCTAssertEqual(trimmed(c)[22], " 李娜（辅警编号 031246）：密码已修改", c.text)
        c.press(.f(12))
        c.signIn("031246", "975310")
        XCTAssertEqual(c.app.session.operatorBadge, "031246")
        XCTAssertFalse(c.app.gate.isLocked)
    }

    @Test func test_three_wrong_answers_to_your_pin_lock_the_console() throws {
        let c = try policeOnRoster()
        c.press(.down, .character("p"))
        XCTAssertEqual(trimmed(c)[2], "重置李娜（辅警编号 031246）的密码", c.text)
        c.type("111111")
        c.press(.tab)
        c.type("222222")
        c.press(.tab)
        c.type("222222")
        c.press(.f(10))
        // The wrong PIN is emptied and focused; the new one stays typed.
        XCTAssertEqual(trimmed(c)[4], ">您的密码", c.text)
        XCTAssertEqual(trimmed(c)[22], " 您的密码：密码不正确（再错 2 次控制台将锁定）", c.text)
        for _ in 2...3 {
            c.type("111111")
            c.press(.f(10))
        }
        XCTAssertTrue(c.app.gate.isLocked, c.text)
        XCTAssertEqual(c.types.suffix(3), ["SignInFailed", "SignInFailed", "SignInFailed"])
        XCTAssertFalse(c.types.contains("PinReset"))
    }

    @Test func test_police_reset_a_pin_and_the_last_police_officer_cannot_be_voided() throws {
        let c = try policeOnRoster()
        // The only police officer: voiding their enrolment is refused, nothing written.
        c.press(.character("x"))
        XCTAssertEqual(trimmed(c)[2], "作废张伟（警号 031245）的登记（此后不能登录、不能被选用；登记记录仍在日志中）", c.text)
        c.type("调离")
        let head = c.h.journal.headHash
        c.press(.f(10))
        XCTAssertEqual((trimmed(c)[21] + trimmed(c)[22]).replacingOccurrences(of: " ", with: ""),
                       "记录：张伟（031245）是名册上唯一的民警，不能作废其登记（否则无人能再登记人员、重置密码）；请先登记另一名民警",
                       c.text)
        XCTAssertEqual(c.h.journal.headHash, head)
        c.press(.escape, .character("y"))
        // Reset the auxiliary's PIN, then void their enrolment.
        c.press(.down, .character("p"))
        c.type("246810")
        c.press(.tab)
        c.type("864200")
        c.press(.tab)
        c.type("864200")
        c.press(.f(10))
        XCTAssertEqual(c.types.last, "PinReset")
        XCTAssertEqual(trimmed(c)[22], " 李娜（辅警编号 031246）：密码已重置", c.text)
        c.press(.character("x"))
        c.press(.f(10))
        XCTAssertEqual(trimmed(c)[22], " 作废原因：必须填写", c.text)
        c.type("调离本所")
        c.press(.f(10))
        XCTAssertEqual(c.types.last, "EntryVoided")
        XCTAssertEqual(trimmed(c)[22], " 已作废李娜（辅警编号 031246）的登记", c.text)
        XCTAssertNil(c.h.office.state.officers.officer("031246"))
        XCTAssertEqual(trimmed(c)[2], "名册：民警 1 · 辅警 0 · 其他 0 · 未设密码 0", c.text)
        XCTAssertEqual(trimmed(c)[5], "", c.text)
    }
}
