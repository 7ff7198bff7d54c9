import Foundation
import JingwuJournal
import JingwuResources
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// The handover's public bulletins due (session 11): 「每七天公布一期“警情公告”和“破案公告”」 (001-B).
/// The journal records no bulletin published, so the week rule decides: a Monday-to-Sunday week's
/// issue falls due at the Monday midnight that ends it, and the handover whose window holds that
/// midnight lists it. 2026-11-16 and 11-23 are Mondays; the office's records begin 11-10 08:00.
@Suite(.serialized) final class BulletinsDueTests {
    func date(_ text: String) -> Date { RFC3339.parse(text)! }

    func due(_ f: Fixture, _ from: String, _ to: String) -> [String] {
        let report = f.state.handoverReport(from: date(from), to: date(to), now: date(to))
        return report.sections.first { $0.key == .bulletinsDue }?.items ?? []
    }

    @Test func test_a_shift_over_the_monday_midnight_lists_the_week_just_ended() throws {
        let f = try Fixture(now: "2026-11-10T08:00:00+08:00")
        // Sunday 20:00 to Monday 08:00: the week 11-16 to 11-22 (ISO week 47) ended at 00:00.
        XCTAssertEqual(due(f, "2026-11-22T20:00:00+08:00", "2026-11-23T08:00:00+08:00"), ["public 2026-W47", "solved 2026-W47"])
        let week = try XCTUnwrap(f.state.bulletinsDue(from: date("2026-11-22T20:00:00+08:00"),
                                                      to: date("2026-11-23T08:00:00+08:00")).first)
        XCTAssertEqual(week.from, date("2026-11-16T00:00:00+08:00"))
        XCTAssertEqual(week.to, date("2026-11-23T00:00:00+08:00"))
        // The day shift after it: no week ends in it, so no section at all.
        let day = f.state.handoverReport(from: date("2026-11-23T08:00:00+08:00"), to: date("2026-11-23T20:00:00+08:00"),
                                         now: date("2026-11-23T20:00:00+08:00"))
        XCTAssertNil(day.sections.first { $0.key == .bulletinsDue })
        // A window ending exactly at the midnight holds it; one starting there does not (`(from, to]`).
        XCTAssertEqual(due(f, "2026-11-22T08:00:00+08:00", "2026-11-23T00:00:00+08:00"), ["public 2026-W47", "solved 2026-W47"])
        XCTAssertEqual(due(f, "2026-11-23T00:00:00+08:00", "2026-11-23T08:00:00+08:00"), [])
        // Two weeks end in a long window: both, oldest first.
        XCTAssertEqual(due(f, "2026-11-16T00:00:00+08:00", "2026-12-01T00:00:00+08:00"), ["public 2026-W47", "solved 2026-W47", "public 2026-W48", "solved 2026-W48"])
    }

    @Test func test_no_bulletin_is_due_for_a_week_before_the_records_begin() throws {
        let f = try Fixture(now: "2026-11-10T08:00:00+08:00")
        XCTAssertEqual(due(f, "2026-11-08T20:00:00+08:00", "2026-11-09T08:00:00+08:00"), [], "ended before 11-10")
        XCTAssertEqual(due(f, "2026-11-15T20:00:00+08:00", "2026-11-16T08:00:00+08:00"), ["public 2026-W46", "solved 2026-W46"], "its records began 11-10")
    }

    @Test func test_the_printed_handover_names_both_bulletins_their_period_and_command() throws {
        let f = try Fixture(now: "2026-11-10T08:00:00+08:00")
        let end = date("2026-11-23T08:00:00+08:00")
        let report = f.state.handoverReport(from: date("2026-11-22T20:00:00+08:00"), to: end, now: end)
        let text = ReportRenderer.render(ReportBuilder(state: f.state, strings: Strings(.zh), now: end).handover(report), as: .text)
        XCTAssertTrue(text.contains("■ 本班到期应公布的公告（每七天一期）（2）"), text)
        XCTAssertTrue(text.contains("警情公告 2026年第47期"), text)
        XCTAssertTrue(text.contains("警情处置公告 2026年第47期"), text)
        XCTAssertTrue(text.contains("2026-11-16 至 2026-11-22"), text)
        XCTAssertTrue(text.contains("jingwu report public --from 2026-11-16 --to 2026-11-23"), text)
        XCTAssertTrue(text.contains("jingwu report solved --from 2026-11-16 --to 2026-11-23"), text)
        let json = ReportRenderer.render(ReportBuilder(state: f.state, strings: Strings(.en), now: end).handover(report), as: .json)
        XCTAssertTrue(json.contains("\"bulletinsDue\""), json)
        XCTAssertTrue(json.contains("2026-W47"), json)
    }
}
