import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// A whole number (an ID number, a fraud warning's phone) is shown only after the look is
/// written, with its purpose; it is hidden again when the item is left or the console locks.
@Suite(.serialized) final class RevealPurposeTests {
    static let idNumber = PersonsScreenTests.idNumber("11010119800101002")

    private static func seed(_ office: Office, _ clock: StepClock) throws {
        try office.execute(ListPerson(name: "李四", idNumber: idNumber, category: .released,
                                      residency: .presentRegistered, cell: "A02", officer: "031245"), as: "031245")
        try office.execute(ReceiveFraudWarning(level: .high, target: "王大妈(A01 3栋201)", phone: "13800138000",
                                               cell: "A01"), as: "031245")
    }

    @Test func test_the_id_reveal_asks_a_purpose_and_records_it_before_the_number_shows() throws {
        let h = try ConsoleHarness(seed: Self.seed)
        h.press(.character("4"), .enter)
        let before = h.eventTypes.count
        h.press(.character("r"))
        XCTAssertEqual(h.eventTypes.count, before, "asking writes nothing")
        XCTAssertEqual(Array(h.trimmed[2...5]), [
            "查看 K0001 李四 的完整身份证号（将记入日志）",
            "",
            ">查看事由   < 核实身份 >",
            " 说明       选“其他”时必填",
        ], h.screen.text)
        XCTAssertFalse(h.screen.text.contains(Self.idNumber))
        h.press(.right)  // 办理案件
        h.press(.tab)
        h.type("协查通报")
        h.press(.enter)
        XCTAssertEqual(h.eventTypes.count, before + 1)
        XCTAssertEqual(h.eventTypes.last, "IDNumberRevealed")
        XCTAssertEqual(h.lastData()["purpose"] as? String, "办理案件：协查通报")
        XCTAssertEqual(h.trimmed[3], "身份证号 \(Self.idNumber)   （本次查看已记入日志，离开档案即隐藏）", h.screen.text)
        XCTAssertTrue(h.trimmed.contains("  2026-05-04 09:00  张伟（031245）  办理案件：协查通报"), h.screen.text)
        h.press(.escape, .enter)
        XCTAssertFalse(h.screen.text.contains(Self.idNumber))
    }

    @Test func test_other_needs_a_note_and_esc_goes_back_to_the_file_writing_nothing() throws {
        let h = try ConsoleHarness(seed: Self.seed)
        h.press(.character("4"), .enter, .character("r"))
        let bytes = h.journal.fileBytes
        h.press(.left)  // wraps to 其他
        XCTAssertEqual(h.trimmed[4], ">查看事由   < 其他（填写说明） >", h.screen.text)
        h.press(.f(10))
        XCTAssertEqual(h.trimmed[22], " 说明：必须填写", h.screen.text)
        XCTAssertEqual(h.journal.fileBytes, bytes)
        h.press(.escape, .character("y"))  // the choice changed: the form asks before dropping it
        XCTAssertEqual(h.trimmed[3], "身份证号 110101********0029   （r 查看完整号码，查看将记入日志）", h.screen.text)
        XCTAssertEqual(h.journal.fileBytes, bytes)
    }

    @Test func test_the_warning_phone_is_revealed_for_a_dissuasion_call_recorded_first_and_hidden_on_leaving() throws {
        let h = try ConsoleHarness(seed: Self.seed)
        h.press(.character("6"), .character("f"), .enter)
        XCTAssertEqual(Array(h.trimmed[2...4]), [
            "F0001  高风险  王大妈(A01 3栋201)  待劝阻",
            "接收 2026-05-04 09:00 · 电话 138****8000 · 点位 A01",
            "（r 查看完整电话号码，查看将记入日志）",
        ], h.screen.text)
        h.press(.character("r"))
        XCTAssertEqual(h.trimmed[2], "查看 F0001 王大妈(A01 3栋201) 的完整电话号码（将记入日志）", h.screen.text)
        XCTAssertEqual(h.trimmed[4], ">查看事由   < 电话劝阻 >", h.screen.text)
        XCTAssertFalse(h.screen.text.contains("13800138000"))
        h.press(.enter)
        XCTAssertEqual(h.eventTypes.last, "AccessRecorded")
        let data = h.lastData()
        XCTAssertEqual(data["kind"] as? String, "reveal-phone")
        XCTAssertEqual(data["subject"] as? String, "F0001")
        XCTAssertEqual(data["purpose"] as? String, "电话劝阻")
        XCTAssertEqual(Array(h.trimmed[3...4]), [
            "接收 2026-05-04 09:00 · 电话 13800138000 · 点位 A01",
            "（本次查看已记入日志，离开本条即隐藏）",
        ], h.screen.text)
        XCTAssertEqual(h.trimmed[22], " 已查看 F0001 的完整电话号码，已记入日志（031245，09:00）")
        XCTAssertTrue(h.trimmed.contains("  2026-05-04 09:00  张伟（031245）  电话劝阻"), h.screen.text)
        // The dissuasion form opened from the page shows the number to call.
        h.press(.character("d"))
        XCTAssertTrue(h.trimmed[2].hasSuffix("13800138000"), h.screen.text)
        h.press(.escape)
        XCTAssertFalse(h.screen.text.contains("13800138000"), "leaving the warning hides it: \(h.screen.text)")
        h.press(.enter)
        XCTAssertFalse(h.screen.text.contains("13800138000"), h.screen.text)
    }

    @Test func test_an_auxiliary_may_reveal_the_phone_for_the_call() throws {
        let h = try ConsoleHarness(operatorBadge: "031246", seed: Self.seed)
        h.press(.character("6"), .character("f"), .enter, .character("r"), .enter)
        XCTAssertEqual(h.eventTypes.last, "AccessRecorded")
        XCTAssertEqual(h.office.state.access.phoneReveals(of: "F0001").map(\.by), ["031246"])
        XCTAssertTrue(h.screen.text.contains("13800138000"), h.screen.text)
    }

    @Test func test_a_read_only_journal_refuses_the_look_and_shows_nothing() throws {
        let h = try ConsoleHarness(seed: Self.seed)
        h.office.markDamaged(seq: 1, line: 1)
        let bytes = h.journal.fileBytes
        h.press(.character("6"), .character("f"), .enter, .character("r"), .enter)
        XCTAssertEqual(h.journal.fileBytes, bytes)
        XCTAssertFalse(h.screen.text.contains("13800138000"), h.screen.text)
        h.press(.escape)  // back on the warning's page: still masked
        XCTAssertTrue(h.screen.text.contains("电话 138****8000"), h.screen.text)
        XCTAssertFalse(h.screen.text.contains("13800138000"), h.screen.text)
        h.press(.escape, .character("4"), .enter, .character("r"), .enter)
        XCTAssertEqual(h.journal.fileBytes, bytes)
        XCTAssertFalse(h.screen.text.contains(Self.idNumber), h.screen.text)
        h.press(.escape)
        XCTAssertTrue(h.screen.text.contains("身份证号 110101********0029"), h.screen.text)
        XCTAssertFalse(h.screen.text.contains(Self.idNumber), h.screen.text)
    }

    @Test func test_the_lock_ends_a_reveal_even_for_the_officer_who_made_it() throws {
        let c = try SignedConsole(idleSeconds: 60)
        try c.h.office.signIn(badge: "031245", pin: "246810")
        try Self.seed(c.h.office, c.h.clock)
        c.h.office.signOut()
        c.signIn("031245", "246810")
        // The idle time locks the console on the person's file with the number shown.
        c.press(.character("4"), .enter, .character("r"), .enter)
        XCTAssertTrue(c.text.contains(Self.idNumber), c.text)
        c.idle(61)
        XCTAssertTrue(c.app.gate.isLocked)
        XCTAssertFalse(c.text.contains(Self.idNumber))
        c.signIn("031245", "246810")
        XCTAssertEqual(c.app.current, .persons)
        XCTAssertFalse(c.text.contains(Self.idNumber), "the same officer back on the file: hidden: \(c.text)")
        XCTAssertTrue(c.text.contains("身份证号 110101********0029"), c.text)
        // F12 does the same on a warning's page.
        c.press(.character("6"), .character("f"), .enter, .character("r"), .enter)
        XCTAssertTrue(c.text.contains("13800138000"), c.text)
        c.press(.f(12))
        c.signIn("031245", "246810")
        XCTAssertEqual(c.app.current, .incidents)
        XCTAssertFalse(c.text.contains("13800138000"), c.text)
        XCTAssertTrue(c.text.contains("电话 138****8000"), c.text)
    }
}

/// The reveal's purpose, once changed or with a note typed, is input to lose on 重点人员 as on a
/// fraud warning's page: Ctrl-C (and `q`) ask before dropping it.
@Suite(.serialized) final class RevealPurposeUnsavedTests {
    @Test func test_a_typed_purpose_note_on_a_persons_file_is_asked_about_before_it_is_dropped() throws {
        let h = try ConsoleHarness(seed: { o, _ in
            try o.execute(ListPerson(name: "李四", idNumber: RevealPurposeTests.idNumber, category: .released,
                                     residency: .presentRegistered, cell: "A02", officer: "031245"), as: "031245")
        })
        h.press(.character("4"), .enter, .character("r"), .tab)
        h.type("协查")
        XCTAssertTrue(h.app.screen(.persons).hasUnsavedInput)
        h.press(.ctrl("x"))
        XCTAssertTrue(h.app.isAskingToQuit, "Ctrl-X (quit while typing) asks first")
        XCTAssertTrue(h.screen.text.contains("有表单尚未保存"), h.screen.text)
        h.press(.character("n"))
        XCTAssertFalse(h.app.isQuitting)
        XCTAssertEqual(h.trimmed[5], ">说明       协查", h.screen.text)
        // Ctrl-C in the form asks before dropping the note.
        h.press(.ctrl("c"))
        XCTAssertTrue(h.screen.text.contains("表单中有未保存的内容，确定放弃吗？"), h.screen.text)
        // Opened again and untouched, it is no input to lose.
        h.press(.character("y"), .character("r"))
        XCTAssertFalse(h.app.screen(.persons).hasUnsavedInput)
    }
}
