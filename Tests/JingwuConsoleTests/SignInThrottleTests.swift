import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// Issue 14: guessing PINs at the console by alternating badges (ten wrong PINs in 4 s with no
/// wait) — the wait is counted per terminal as well as per badge.
@Suite(.serialized) final class SignInThrottleTests {
    @Test func test_alternating_two_badges_reaches_the_growing_wait_and_refused_tries_write_nothing() throws {
        let c = try SignedConsole(delays: [0, 0, 2, 5, 15])
        let badges = ["031245", "031246"]
        // Three wrong PINs, alternating badges: the third brings the 2 s wait.
        for i in 0..<3 { c.signIn(badges[i % 2], "00000\(i)") }
        XCTAssertEqual(c.app.gate.failures, 3)
        XCTAssertTrue(c.text.contains("请等待 2 秒后再试"), c.text)
        // Seven more at once, still alternating: every one is refused before the PIN is checked,
        // and nothing more reaches the journal.
        let bytes = c.h.journal.fileBytes
        for i in 3..<10 {
            c.signIn(badges[i % 2], "00000\(i)")
            XCTAssertTrue(c.text.contains("秒后再试"), c.text)
        }
        XCTAssertEqual(c.h.journal.fileBytes, bytes, "refused tries leave the journal byte-for-byte unchanged")
        XCTAssertEqual(c.app.gate.failures, 3)
        // Even the right PIN of the other badge waits.
        c.signIn("031246", "135790")
        XCTAssertTrue(c.app.gate.isLocked)
        // After the wait the next wrong PIN (other badge again) waits longer: 5 s, then 15 s.
        c.uptime.advance(2)
        c.signIn("031245", "999999")
        XCTAssertEqual(c.app.gate.failures, 4)
        XCTAssertTrue(c.text.contains("请等待 5 秒后再试"), c.text)
        c.uptime.advance(5)
        c.signIn("031246", "999999")
        XCTAssertTrue(c.text.contains("请等待 15 秒后再试"), c.text)
        c.uptime.advance(15)
        c.signIn("031246", "135790")
        XCTAssertFalse(c.app.gate.isLocked, c.text)
    }

    @Test func test_another_officer_signing_in_does_not_reset_a_badges_own_count() throws {
        let c = try SignedConsole(delays: [0, 0, 2, 5])
        // Three wrong PINs for 031245 (the third waits 2 s) ...
        for i in 0..<3 { c.signIn("031245", "00000\(i)"); c.uptime.advance(10) }
        // ... then the auxiliary signs in with their own PIN and locks again.
        c.signIn("031246", "135790")
        XCTAssertFalse(c.app.gate.isLocked, c.text)
        c.press(.f(12))
        XCTAssertTrue(c.app.gate.isLocked)
        // The next wrong PIN for 031245 is its fourth: 5 s.
        c.signIn("031245", "000009")
        XCTAssertEqual(c.app.gate.failures, 4)
        XCTAssertTrue(c.text.contains("请等待 5 秒后再试"), c.text)
    }
}
