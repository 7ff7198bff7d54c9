import Foundation
import JingwuDomain
import JingwuTerminal
import XCTest
@testable import JingwuConsole

/// The message line speaks of what the officer is doing now: a refusal stays while
/// its form is open and goes when they close it or change tab.
final class MessageLineTests: XCTestCase {
    private func messageRow(_ h: ConsoleHarness) -> String { h.trimmed[h.trimmed.count - 2] }

    func test_a_refusal_stays_with_its_form_and_goes_when_the_form_closes_or_the_tab_changes() throws {
        let h = try ConsoleHarness()
        h.press(.character("6"), .character("n"), .f(10))
        XCTAssertTrue(messageRow(h).contains("必须填写"), h.screen.text)
        h.press(.tab)
        XCTAssertTrue(messageRow(h).contains("必须填写"), "still in the form: \(h.screen.text)")
        h.press(.escape)
        if h.screen.text.contains("(y)") { h.press(.character("y")) }
        XCTAssertFalse(messageRow(h).contains("必须填写"), h.screen.text)

        h.press(.character("n"), .f(10))
        XCTAssertTrue(messageRow(h).contains("必须填写"), h.screen.text)
        h.press(.escape)
        if h.screen.text.contains("(y)") { h.press(.character("y")) }
        h.press(.character("6"), .character("n"), .f(10), .escape)
        if h.screen.text.contains("(y)") { h.press(.character("y")) }
        h.press(.character("2"))
        XCTAssertFalse(h.screen.text.contains("必须填写"), h.screen.text)
    }
}
