import Foundation
import JingwuJournal
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// An input method left in full-width mode (全角) types `Ｃ０１` for point C01: a point's (and a
/// 网格's) code is looked up with full-width letters and digits read as ASCII, and the record holds
/// the code as the roster of points spells it. What matches nothing is refused naming what was typed.
@Suite(.serialized) final class FullWidthCodeTests {
    @Test func test_half_width_reads_full_width_letters_digits_and_dash_as_ascii_only() {
        XCTAssertEqual(CleanText.halfWidth("Ｃ０１"), "C01")
        XCTAssertEqual(CleanText.halfWidth("ｄ２０２６－０００７"), "d2026-0007")
        XCTAssertEqual(CleanText.halfWidth("１３８　００１３"), "138 0013")
        // Chinese text and its full-width punctuation stay as they are.
        XCTAssertEqual(CleanText.halfWidth("王（调解）：１次，Ａ区"), "王（调解）：1次，A区")
        XCTAssertEqual(CleanText.halfWidth("C01 plain"), "C01 plain")
    }

    @Test func test_a_check_in_typed_in_full_width_is_recorded_at_the_point() throws {
        let f = try Fixture()
        let patrol = try XCTUnwrap(f.run(StartPatrol(mode: .foot, lead: Fixture.officer)).entityID)
        f.clock.set("2026-11-23T08:10:00+08:00")
        try f.run(CheckInPatrol(patrol: patrol, cell: "Ｃ０１"))
        let last = try XCTUnwrap(String(decoding: f.journal.fileBytes, as: UTF8.self).split(separator: "\n").last)
        XCTAssertTrue(last.contains("\"type\":\"PatrolCheckedIn\""), String(last))
        XCTAssertTrue(last.contains("\"cell\":\"C01\""), String(last))
        // The same point again in small full-width letters, a minute later: the same point, refused as a repeat.
        f.clock.set("2026-11-23T08:11:00+08:00")
        f.assertRefused(CheckInPatrol(patrol: patrol, cell: "ｃ０１"), .repeatCheckIn, field: "cell")
        // A code that is no point is refused as typed.
        f.assertRefused(CheckInPatrol(patrol: patrol, cell: "Ｃ９９"), .unknownCell, field: "cell")
        do {
            try f.run(CheckInPatrol(patrol: patrol, cell: "Ｃ９９"))
            XCTFail("not refused")
        } catch let error as DomainError {
            XCTAssertEqual(error.value, "Ｃ９９")
        }
    }
}
