import Foundation
import JingwuTestSupport
import Testing

@testable import JingwuTerminal

/// Issue 14: the console's time fields never trap, whatever is typed or however far off a date is.
@Suite(.serialized) final class DateTimeOverflowTests {
    private let now = Date(timeIntervalSince1970: 1_772_325_000)
    private let offset = 8 * 3600

    private func failure(_ text: String, now: Date? = nil) -> DateTimeEntryError? {
        if case .failure(let error) = DateTimeField.parse(text, now: now ?? self.now, utcOffsetSeconds: offset) { return error }
        return nil
    }

    @Test func test_huge_or_long_relative_entries_are_the_fields_error() {
        for text in ["-9223372036854775807m", "+9223372036854775807d", "-9223372036854775808h",
                     "-" + String(repeating: "9", count: 300) + "d", "-100001d", "+１２３４５６７８９０１２３４５６７８９０m"] {
            XCTAssertEqual(failure(text), .unrecognized, text)
        }
    }

    @Test func test_entries_that_leave_the_journals_years_are_no_such_time() {
        let lastDay = Date(timeIntervalSince1970: 253_402_300_799 - 86_400 * 3)
        XCTAssertEqual(failure("+100000d", now: lastDay), .noSuchDateTime)
        XCTAssertEqual(failure("-100000d", now: Date(timeIntervalSince1970: -62_135_596_800 + 86_400 * 5)), .noSuchDateTime)
        XCTAssertEqual(failure("0000-01-01 00:00"), .noSuchDateTime)
        XCTAssertNil(failure("9999-12-01 00:00"))
    }

    @Test func test_formatting_any_date_never_traps() {
        for t in [Double.infinity, -Double.infinity, .nan, 1e300, -1e300, 9.3e18, -9.3e18] {
            XCTAssertFalse(DateTimeField.format(Date(timeIntervalSince1970: t), utcOffsetSeconds: offset).isEmpty)
        }
        XCTAssertEqual(failure("09:30", now: Date(timeIntervalSince1970: 1e300)), .noSuchDateTime)
    }
}
