import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// The idle lock: after the idle time the console locks to the sign-in gate; the same officer
/// finds a half-typed form as it was; another officer does not see it.
@Suite(.serialized) final class IdleLockTests {
    /// Signed in as the officer, with a dispute form half typed on the disputes screen.
    func halfTypedDispute() throws -> SignedConsole {
        let c = try SignedConsole(idleSeconds: 60)
        c.signIn("031245", "246810")
        c.press(.character("5"), .character("n"), .right, .tab)
        c.type("王五;赵六")
        XCTAssertTrue(c.text.contains("王五;赵六"), c.text)
        XCTAssertTrue(c.app.screen(.disputes).hasUnsavedInput)
        return c
    }

    @Test func test_keys_keep_it_open_and_idle_time_locks_it_hiding_the_draft() throws {
        let c = try halfTypedDispute()
        c.idle(59)
        XCTAssertFalse(c.app.gate.isLocked)
        c.press(.left, .right)  // a key resets the timer
        c.idle(59)
        XCTAssertFalse(c.app.gate.isLocked)
        c.idle(1)
        XCTAssertTrue(c.app.gate.isLocked)
        XCTAssertFalse(c.text.contains("王五"), c.text)
        XCTAssertTrue(c.text.contains("已锁定"), c.text)
        let idle = Int(IdleLock.configuredTimeout())  // the policy's 300 s unless JINGWU_IDLE_SECONDS says otherwise
        let span = idle >= 60 ? "离开超过 \(idle / 60) 分钟" : "离开超过 \(idle) 秒"
        XCTAssertTrue(c.text.contains(span), c.text)
        XCTAssertFalse(c.h.office.signedIn.contains("031245"), "the office refuses writes while locked")
        let refused = c.app.session.execute(ReportHazard(patrol: nil, cell: "A01", note: "锁定时"))
        guard case .failure = refused else { return XCTFail("a write while locked was accepted") }
    }

    @Test func test_the_same_officer_finds_the_draft_exactly_as_it_was() throws {
        let c = try halfTypedDispute()
        c.idle(60)
        XCTAssertTrue(c.app.gate.isLocked)
        // The badge is offered: only the PIN is typed.
        c.type("246810")
        c.press(.enter)
        XCTAssertFalse(c.app.gate.isLocked)
        XCTAssertTrue(c.text.contains("王五;赵六"), c.text)
        XCTAssertTrue(c.text.contains("未保存的录入仍在"), c.text)
        c.type(";孙七")
        XCTAssertTrue(c.text.contains("王五;赵六;孙七"), c.text)
        XCTAssertTrue(c.app.screen(.disputes).hasUnsavedInput)
    }

    @Test func test_another_officer_signing_in_does_not_see_the_draft() throws {
        let c = try halfTypedDispute()
        let bytes = c.h.journal.fileBytes
        c.idle(60)
        c.signIn("031246", "135790")
        XCTAssertFalse(c.app.gate.isLocked)
        XCTAssertEqual(c.app.session.operatorBadge, "031246")
        XCTAssertFalse(c.text.contains("王五"), c.text)
        XCTAssertFalse(c.app.screen(.disputes).hasUnsavedInput)
        XCTAssertEqual(c.app.current, .overview)
        XCTAssertTrue(c.text.contains("已丢弃"), c.text)
        c.press(.character("5"))
        XCTAssertFalse(c.text.contains("王五"), c.text)
        XCTAssertEqual(c.h.journal.fileBytes, bytes, "the draft was never written")
    }

    @Test func test_an_office_without_pins_never_locks() throws {
        let h = try ConsoleHarness()
        var now: TimeInterval = 0
        let app = ConsoleApp(session: h.session, idle: IdleLock(timeout: 1) { now })
        now = 3_600
        app.tick()
        XCTAssertFalse(app.gate.isLocked)
    }

    @Test func test_the_idle_time_comes_from_the_environment_or_the_policy() {
        XCTAssertEqual(IdleLock.configuredTimeout(environment: ["JINGWU_IDLE_SECONDS": "3"]), 3)
        XCTAssertEqual(IdleLock.configuredTimeout(environment: [:]), 300)
        XCTAssertEqual(IdleLock.configuredTimeout(environment: ["JINGWU_IDLE_SECONDS": "x"]), 300)
    }
}
