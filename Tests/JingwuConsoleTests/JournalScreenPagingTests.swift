import Foundation
import JingwuDomain
import JingwuJournal
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// 日志 over a journal longer than one read block (4096 records): the browser reads pages, finds corrections by
/// scanning back only as far as it shows, and a filter's search goes back block by block.
@Suite(.serialized) final class JournalScreenPagingTests {
    /// P0001 checks in at A01 (seq 8), then 5000 times at A02 (seq 9…5008); the A01 check-in is amended (seq 5009).
    /// Written once through the commands (on a background thread from the first console test on,
    /// see `startPrefetch`); each test gets a copy (`ConsoleHarness(copying:)`).
    private static let longJournalSource = Prefetched { try writeLongJournal() }

    /// The other officer's 4,200 check-ins behind mine (the undo test), made the same way.
    private static let undoJournalSource = Prefetched { try writeUndoJournal() }

    /// Starts writing both journals on a background thread (called by every `ConsoleHarness`).
    static func startPrefetch() {
        longJournalSource.start()
        undoJournalSource.start()
    }

    private func longJournal() throws -> ConsoleHarness {
        let (journal, clock) = try Self.longJournalSource.value()
        return try ConsoleHarness(copying: journal, at: clock.date)
    }

    /// The office that writes the two long journals: the standard policy without the repeat
    /// check-in window. Their check-ins are 5 minutes apart, which the standard window (5
    /// minutes) lets through too, so the records are the same; what it leaves out is the window's
    /// scan of the patrol's earlier check-ins at every check-in (12.5 million reads for 5,000 in
    /// one patrol, most of these journals' cost). `RepeatCheckInTests` and `RepeatCheckInConsoleTests`
    /// test the window.
    private static var writerPolicy: Policy {
        var policy = Policy.load()
        policy.repeatCheckInMinutes = 0
        return policy
    }

    private static func writeLongJournal() throws -> (MemoryJournal, StepClock) {
        let (clock, journal, _) = try ConsoleHarness.write(policy: writerPolicy, seed: { office, clock in
            let p = try office.execute(StartPatrol(mode: .foot, lead: "031245"), as: "031245").entityID!
            clock.advance(minutes: 1)
            let first = try office.execute(CheckInPatrol(patrol: p, cell: "A01"), as: "031245").record!.id
            for _ in 0..<5000 {
                clock.advance(minutes: 5)  // the same cell again within 5 minutes is refused (issue 15)
                try office.execute(CheckInPatrol(patrol: p, cell: "A02"), as: "031245")
            }
            try office.execute(AmendEntry(event: first, reason: "网格填错", changes: ["cell": "A03"]), as: "031245")
        })
        return (journal, clock)
    }

    private static func writeUndoJournal() throws -> (MemoryJournal, StepClock) {
        let (clock, journal, _) = try ConsoleHarness.write(policy: writerPolicy, seed: { office, clock in
            let p = try office.execute(StartPatrol(mode: .foot, lead: "031246"), as: "031245").entityID!
            clock.advance(minutes: 1)
            try office.execute(CheckInPatrol(patrol: p, cell: "A01"), as: "031245")
            for _ in 0..<4200 {
                clock.advance(minutes: 5)  // the same cell again within 5 minutes is refused (issue 15)
                try office.execute(CheckInPatrol(patrol: p, cell: "A02"), as: "031246")
            }
        })
        return (journal, clock)
    }

    @Test func test_a_long_journal_opens_at_the_newest_record_and_home_shows_the_first_with_its_correction_mark() throws {
        let h = try longJournal()
        h.press(.character("8"))
        XCTAssertEqual(h.trimmed[2], "校验：完好（打开时逐条校验）  记录 5010 条 · 头序号 5009 · 显示 5010")
        XCTAssertTrue(h.trimmed.contains { $0.hasPrefix("  5009 ") && $0.contains("更正") }, h.screen.text)
        XCTAssertTrue(h.trimmed.contains { $0.hasPrefix("  5008 ") && $0.contains("点位=A02") }, h.screen.text)
        h.press(.home)
        XCTAssertTrue(h.trimmed[6].hasPrefix("     0 "), h.screen.text)
        let amended = try XCTUnwrap(h.trimmed.first { $0.hasPrefix("     8 ") }, h.screen.text)
        XCTAssertTrue(amended.contains("巡逻签到   更正 点位=A01 巡逻=P0001"), amended)
        h.press(.down, .down, .down, .down, .down, .down, .down, .down, .enter)
        XCTAssertEqual(h.trimmed[2], "第 8 条 巡逻签到  [已更正]")
        XCTAssertNotNil(h.row(containing: "更正 点位=A03（原因：网格填错）"), h.screen.text)
    }

    @Test func test_an_entity_filter_finds_a_correction_far_from_the_record_it_corrects() throws {
        let h = try longJournal()
        h.press(.character("8"), .character("/"))
        h.press(.tab, .tab, .tab, .tab)
        h.type("A01")
        h.press(.f(10))
        // The message line names a final count, or says the search goes on; never a "so far" figure
        // that would stay there, stale, on the next tab.
        XCTAssertTrue(h.screen.text.contains("筛选出 3 条记录") || h.screen.text.contains("已筛选,正在向前查找"), h.screen.text)
        XCTAssertEqual(h.trimmed.filter { $0.contains("向前查至") }.count, h.trimmed[2].contains("向前查至") ? 1 : 0)
        h.press(.home)
        XCTAssertTrue(h.trimmed[2].hasSuffix("显示 3"), h.screen.text)
        XCTAssertTrue(h.trimmed[6].hasPrefix("     3 ") && h.trimmed[6].contains("点位编号=A01"), "the cell's own record")
        XCTAssertTrue(h.trimmed[7].hasPrefix("     8 ") && h.trimmed[7].contains("点位=A01"), h.screen.text)
        XCTAssertTrue(h.trimmed[8].hasPrefix("  5009 ") && h.trimmed[8].contains("更正"), "the amendment names A01 through its record")
        XCTAssertFalse(h.trimmed.contains { $0.contains("点位=A02") }, h.screen.text)
    }

    @Test func test_a_type_filter_pages_back_through_every_match() throws {
        let h = try longJournal()
        h.press(.character("8"), .character("/"))
        h.type("签到")
        h.press(.f(10), .home)
        XCTAssertTrue(h.trimmed[2].hasSuffix("显示 5001"), h.screen.text)
        XCTAssertTrue(h.trimmed[6].hasPrefix("     8 "), h.screen.text)
        h.press(.end)
        XCTAssertTrue(h.trimmed.contains { $0.hasPrefix("  5008 ") }, h.screen.text)
        XCTAssertFalse(h.trimmed.contains { $0.hasPrefix("  5009 ") }, "the amendment is not a check-in")
    }

    @Test func test_undo_finds_my_last_entry_behind_the_other_officers_records() throws {
        let (journal, clock) = try Self.undoJournalSource.value()
        let h = try ConsoleHarness(copying: journal, at: clock.date)
        h.press(.character("8"), .character("u"), .character("y"))
        XCTAssertEqual(h.eventTypes.last, "EntryVoided")
        XCTAssertEqual(h.office.state.patrols.checkIns.first?.voided, true, h.screen.text)
        XCTAssertEqual(h.office.state.patrols.checkIns.filter(\.voided).count, 1)
    }
}
