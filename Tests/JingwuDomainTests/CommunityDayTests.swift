import Foundation
import JingwuJournal
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// The 联户长 sheet's days and months (`CommunityDay`), on the journal's calendar arithmetic.
@Suite(.serialized) final class CommunityDayTests {
    @Test func test_days_are_checked_against_the_calendar() {
        XCTAssertEqual(CommunityDay.parse("2026-12-5"), "2026-12-05")
        XCTAssertEqual(CommunityDay.parse("2028-02-29"), "2028-02-29", "a leap year")
        XCTAssertNil(CommunityDay.parse("2026-02-29"), "not a leap year")
        XCTAssertNil(CommunityDay.parse("2100-02-29"), "a century that is not a leap year")
        XCTAssertEqual(CommunityDay.parse("2000-02-29"), "2000-02-29", "a fourth century is")
        XCTAssertNil(CommunityDay.parse("2026-04-31"))
        XCTAssertNil(CommunityDay.parse("2026-13-01"))
        XCTAssertEqual(CommunityDay.parseMonth("2026-12"), "2026-12")
        XCTAssertNil(CommunityDay.parseMonth("2026-00"))
    }

    @Test func test_a_days_start_and_a_months_window_are_office_midnights() throws {
        let start = try XCTUnwrap(CommunityDay.start(of: "2026-12-05"))
        XCTAssertEqual(RFC3339.format(start), "2026-12-05T00:00:00+08:00")
        XCTAssertEqual(CommunityDay.of(start), "2026-12-05")
        XCTAssertEqual(CommunityDay.of(start.addingTimeInterval(-1)), "2026-12-04")
        let window = try XCTUnwrap(CommunityDay.window(ofMonth: "2026-12"))
        XCTAssertEqual(RFC3339.format(window.from), "2026-12-01T00:00:00+08:00")
        XCTAssertEqual(RFC3339.format(window.to), "2027-01-01T00:00:00+08:00")
        let february = try XCTUnwrap(CommunityDay.window(ofMonth: "2028-02"))
        XCTAssertEqual(february.to.timeIntervalSince(february.from), 29 * 86400)
        XCTAssertEqual(CommunityDay.month(of: window.to), "2027-01")
    }
}
