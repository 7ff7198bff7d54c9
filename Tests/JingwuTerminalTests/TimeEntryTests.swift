import Foundation
import JingwuTestSupport
import Testing

@testable import JingwuTerminal

/// Issue 16: one time parser (`TimeEntry`) for the command line's time options and the console's
/// time fields; they differ only where a test says why (full-width digits, the largest amount).
@Suite(.serialized) final class TimeEntryTests {
    private let now = Date(timeIntervalSince1970: 1_795_399_200)  // 2026-11-23 10:00 at +08:00
    private let offset = 8 * 3600

    private func read(_ text: String, _ dialect: TimeEntry.Dialect) -> Result<Date?, TimeEntry.Refusal> {
        TimeEntry.parse(text, now: now, utcOffsetSeconds: offset, dialect: dialect)
    }

    private func at(_ text: String) -> Date { Date(timeIntervalSince1970: 1_795_399_200 + ISO.seconds(text)) }
    private enum ISO { static func seconds(_ hhmm: String) -> Double {
        let p = hhmm.split(separator: ":").compactMap { Double($0) }
        return (p[0] - 10) * 3600 + p[1] * 60
    } }

    @Test func test_both_places_read_every_form_alike() {
        let expected: [(String, Date)] = [
            ("09:30", at("09:30")), ("09:30:15", at("09:30").addingTimeInterval(15)),
            ("2026-11-23 09:30", at("09:30")), ("2026-11-23T09:30", at("09:30")),
            ("2026-11-23T09:30+08:00", at("09:30")), ("2026-11-23T01:30Z", at("09:30")),
            ("2026-11-23T09:30:15.5+08:00", at("09:30").addingTimeInterval(15.5)),
            ("2026-11-23", at("00:00")), ("11-23 09:30", at("09:30")), ("2026-1-5 9:30", Date(timeIntervalSince1970: 1_767_576_600)),
            ("-30m", now.addingTimeInterval(-1800)), ("+2h", now.addingTimeInterval(7200)), ("-3d", now.addingTimeInterval(-259_200)),
            ("now", now), ("现在", now), ("  09:30 ", at("09:30")),
        ]
        for (text, date) in expected {
            XCTAssertEqual(read(text, .commandLine), .success(date), text)
            XCTAssertEqual(read(text, .console()), .success(date), text)
        }
    }

    @Test func test_both_places_refuse_alike() {
        let refused: [(String, TimeEntry.Refusal)] = [
            ("25:00", .noSuchDateTime), ("2026-02-30 09:00", .noSuchDateTime), ("13-01 09:00", .noSuchDateTime),
            ("0000-01-01", .noSuchDateTime), ("9999-12-31T23:59:59Z", .noSuchDateTime),
            ("abc", .unrecognized), ("-m", .unrecognized), ("--5m", .unrecognized), ("-5s", .unrecognized),
            ("9:3x", .unrecognized), ("09:30+08:00", .unrecognized), ("2026-11-23T09:30+15:00", .unrecognized),
            ("11-23", .unrecognized), ("09:30.5", .unrecognized), ("-0x10m", .unrecognized),
        ]
        for (text, refusal) in refused {
            XCTAssertEqual(read(text, .commandLine), .failure(refusal), text)
            XCTAssertEqual(read(text, .console()), .failure(refusal), text)
        }
        XCTAssertEqual(read("", .console()), .success(nil), "an empty field: the caller decides")
    }

    /// Where they differ, and why: an input method types full-width digits into a console field
    /// (the shell passes what it was given), and a field is typed by hand (100,000 units at most)
    /// where a script may go back 700,000 days.
    @Test func test_the_two_dialects_differ_only_in_full_width_digits_and_the_largest_amount() {
        XCTAssertEqual(read("-５m", .console()), .success(now.addingTimeInterval(-300)))
        XCTAssertEqual(read("-５m", .commandLine), .failure(.unrecognized))
        XCTAssertEqual(read("-100001d", .console()), .failure(.unrecognized))
        XCTAssertEqual(read("-700000d", .commandLine), .success(now.addingTimeInterval(-700_000 * 86_400)))
        XCTAssertEqual(read("现在", .console(nowWords: ["now"])), .failure(.unrecognized))
    }
}
