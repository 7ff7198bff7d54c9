import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// A monotonic clock the tests move by hand (the idle lock and the failure delays run on it).
final class FakeUptime: @unchecked Sendable {
    var seconds: TimeInterval = 1_000
    func advance(_ s: TimeInterval) { seconds += s }
}

/// The console of an office whose officer (031245, PIN 246810) and auxiliary (031246, PIN 135790)
/// have PINs: it opens at the sign-in gate, locks when idle, and keeps a draft only for its author.
final class SignedConsole {
    let h: ConsoleHarness
    let uptime = FakeUptime()
    let app: ConsoleApp
    let screen = VirtualScreen(rows: 24, columns: 80)

    init(idleSeconds: TimeInterval = 60, delays: [Int] = [0, 0, 2, 5]) throws {
        h = try ConsoleHarness()
        try h.office.setPin(badge: "031245", pin: "246810", as: "031245", iterations: 1_000)
        try h.office.setPin(badge: "031246", pin: "135790", as: "031245", iterations: 1_000)
        h.office.signOut()
        let session = ConsoleSession(office: h.office, strings: Strings(.zh), operatorBadge: nil)
        session.documentsFolder = ConsoleHarness.documentsFolder
        let uptime = self.uptime
        let idle = IdleLock(timeout: idleSeconds) { uptime.seconds }
        let policy = AccessPolicy(idleSeconds: Int(idleSeconds), failureDelays: delays, pinIterations: 1_000)
        app = ConsoleApp(session: session, idle: idle, gate: SignInGate(session: session, policy: policy) { uptime.seconds })
        app.render(into: screen)
    }

    func press(_ keys: Key...) { press(keys) }
    func press(_ keys: [Key]) { screen.feed(keys); app.run(on: screen, stopWhenIdle: true) }
    func type(_ text: String) { press(text.map { Key.character($0) }) }
    func signIn(_ badge: String, _ pin: String) {
        // The badge field may be prefilled with the last operator: clear it first.
        if app.gate.pinHasFocus { press(.tab) }
        press(.backspace, .backspace, .backspace, .backspace, .backspace, .backspace, .backspace, .backspace)
        type(badge)
        press(.enter)
        type(pin)
        press(.enter)
    }
    /// Time passes without a key; the loop's once-a-second tick then runs.
    func idle(_ seconds: TimeInterval) { uptime.advance(seconds); app.tick(); app.render(into: screen) }
    var text: String { screen.text }
    var types: [String] { h.eventTypes }
}

@Suite(.serialized) final class SignInTests {
    @Test func test_an_office_with_pins_opens_at_the_sign_in_gate_and_shows_nothing_of_its_records() throws {
        let c = try SignedConsole()
        XCTAssertTrue(c.app.gate.isLocked)
        XCTAssertTrue(c.text.contains("登录"), c.text)
        XCTAssertFalse(c.text.contains("总览"), c.text)
        XCTAssertFalse(c.text.contains("幸福小区"), c.text)
        c.signIn("031245", "246810")
        XCTAssertFalse(c.app.gate.isLocked)
        XCTAssertTrue(c.text.contains("张伟(031245)已登录") || c.text.contains("张伟（031245）已登录"), c.text)
        XCTAssertEqual(c.app.session.operatorBadge, "031245")
        XCTAssertTrue(c.text.contains("1 总览"), c.text)
    }

    @Test func test_a_failed_sign_in_is_written_and_nudges_the_station_sync() throws {
        let c = try SignedConsole()
        let link = StationTitleTests.HandLink()
        c.app.station = link
        c.signIn("031245", "246811")
        XCTAssertEqual(c.types.last, "SignInFailed")
        XCTAssertEqual(link.nudges, 1, "the station witnesses a failed sign-in with the next round, not at the next timer")
        c.signIn("031245", "246810")
        XCTAssertFalse(c.app.gate.isLocked)
        XCTAssertEqual(link.nudges, 1, "signing in writes nothing")
    }

    @Test func test_the_pin_is_drawn_as_dots_and_never_reaches_the_journal() throws {
        let c = try SignedConsole()
        c.type("031245")
        c.press(.enter)
        c.type("2468")
        XCTAssertTrue(c.text.contains("••••"), c.text)
        XCTAssertFalse(c.text.contains("2468"), c.text)
        c.type("11")
        c.press(.enter)  // wrong: 246811
        c.signIn("031245", "246810")
        let bytes = String(decoding: c.h.journal.fileBytes, as: UTF8.self)
        for pin in ["246810", "246811", "135790"] { XCTAssertFalse(bytes.contains(pin), "\(pin) in the journal") }
    }

    @Test func test_ctrl_u_clears_the_pin_typed_so_far() throws {
        let c = try SignedConsole()
        XCTAssertFalse(c.app.gate.pinHasFocus)
        c.type("031245")
        c.press(.enter)
        c.type("9999")
        XCTAssertTrue(c.text.contains("••••"), c.text)
        c.press(.ctrl("u"))
        XCTAssertFalse(c.text.contains("•"), c.text)
        c.type("246810")
        c.press(.enter)
        XCTAssertFalse(c.app.gate.isLocked, c.text)
        XCTAssertEqual(c.app.gate.failures, 0)
    }

    @Test func test_an_unknown_badge_sends_the_cursor_back_to_the_badge() throws {
        let c = try SignedConsole()
        c.type("X999")
        c.press(.enter)
        c.type("246810")
        c.press(.enter)
        XCTAssertTrue(c.text.contains("警号/编号：操作人 X999 不在人员名册中"), c.text)
        XCTAssertFalse(c.app.gate.pinHasFocus)
        // Corrected in place (small letters are the roster's badge): the officer is signed in.
        c.press(.ctrl("u"))
        c.type("031245")
        c.press(.enter)
        c.type("246810")
        c.press(.enter)
        XCTAssertFalse(c.app.gate.isLocked, c.text)
        XCTAssertEqual(c.app.session.operatorBadge, "031245")
    }

    @Test func test_a_confirmation_fades_and_an_error_stays() throws {
        let c = try SignedConsole()
        c.signIn("031245", "246810")
        XCTAssertTrue(c.text.contains("已登录"), c.text)
        c.idle(5)
        XCTAssertTrue(c.text.contains("已登录"), c.text)
        c.idle(25)
        XCTAssertFalse(c.text.contains("已登录"), c.text)
        c.app.session.say(.error, "网格:必须填写")
        c.idle(1)
        c.idle(25)  // still under the 60 s idle lock
        XCTAssertTrue(c.text.contains("网格:必须填写"), c.text)
    }

    // Issue 14: this test used to pin the count per badge ("a mistyped badge does not count
    // against the officer"), which let anyone alternate two badges and never wait. The count
    // is per terminal now, as well as per badge.
    @Test func test_failures_in_a_row_are_counted_per_terminal_whatever_badge_is_typed() throws {
        let c = try SignedConsole()
        c.signIn("X999", "111111")
        XCTAssertEqual(c.app.gate.failures, 1)
        c.signIn("031245", "111111")
        XCTAssertEqual(c.app.gate.failures, 2, "another badge does not reset the terminal's count")
        XCTAssertTrue(c.text.contains("连续第 2 次"), c.text)
        // The journal keeps each badge's own count.
        XCTAssertEqual(c.h.office.state.access.failures(of: "031245").map(\.attempt), [1])
    }

    @Test func test_enter_on_an_empty_pin_asks_for_it_and_records_nothing() throws {
        let c = try SignedConsole(delays: [0, 0, 2, 5])
        let before = c.types.count
        c.signIn("031246", "")
        XCTAssertTrue(c.app.gate.isLocked)
        XCTAssertTrue(c.text.contains("请输入密码"), c.text)
        XCTAssertEqual(c.types.count, before, "no SignInFailed for an empty PIN")
        XCTAssertEqual(c.app.gate.failures, 0)
    }

    @Test func test_each_wrong_pin_is_a_journal_event_and_the_waits_grow_without_sleeping() throws {
        let c = try SignedConsole(delays: [0, 0, 2, 5])
        let before = c.types.count
        c.signIn("031246", "000000")
        c.signIn("031246", "000001")
        XCTAssertEqual(Array(c.types.suffix(2)), ["SignInFailed", "SignInFailed"])
        XCTAssertEqual(c.h.office.state.access.failures(of: "031246").map(\.attempt), [1, 2])
        c.signIn("031246", "000002")  // third failure: wait 2 s
        XCTAssertEqual(c.types.count, before + 3)
        XCTAssertTrue(c.text.contains("请等待 2 秒后再试"), c.text)
        // Even the right PIN waits until the delay has passed, and nothing is written meanwhile.
        c.signIn("031246", "135790")
        XCTAssertTrue(c.app.gate.isLocked)
        XCTAssertEqual(c.types.count, before + 3)
        c.uptime.advance(2)
        c.signIn("031246", "135790")
        XCTAssertFalse(c.app.gate.isLocked)
        XCTAssertEqual(c.app.session.operatorBadge, "031246")
    }

    @Test func test_a_data_only_role_cannot_sign_in_and_the_attempt_is_recorded() throws {
        let c = try SignedConsole()
        try c.h.office.signIn(badge: "031245", pin: "246810")
        try c.h.office.execute(EnrollOfficer(badge: "L0101", name: "联户长甲", role: .householdLeader), as: "031245")
        c.h.office.signOut()
        c.signIn("L0101", "123456")
        XCTAssertTrue(c.app.gate.isLocked)
        XCTAssertTrue(c.text.contains("不能登录或录入"), c.text)
        XCTAssertEqual(c.types.last, "SignInFailed")
        XCTAssertEqual(c.h.office.state.access.failures(of: "L0101").count, 1)
    }

    @Test func test_ctrl_x_at_the_gate_quits() throws {
        let c = try SignedConsole()
        c.press(.ctrl("x"))
        XCTAssertTrue(c.app.isQuitting)
    }
}
