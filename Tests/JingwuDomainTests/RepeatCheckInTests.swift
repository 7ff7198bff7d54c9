import Foundation
import JingwuJournal
import JingwuResources
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// Issue 15: the same patrol checking in at the same cell again less than
/// `repeatCheckInMinutes` (5) from a check-in it has there is refused, nothing written;
/// the refusal names the patrol, the cell and the earlier check-in's time.
@Suite(.serialized) final class RepeatCheckInTests {
    private func startedPatrol(_ f: Fixture) throws -> String {
        try XCTUnwrap(f.run(StartPatrol(mode: .foot, lead: Fixture.officer)).entityID)
    }

    @Test func test_the_standard_policy_and_the_shipped_file_agree_on_five_minutes() {
        XCTAssertEqual(Policy.standard.repeatCheckInMinutes, 5)
        XCTAssertEqual(Policy.load().repeatCheckInMinutes, 5)
    }

    @Test func test_a_second_checkin_at_the_same_cell_within_five_minutes_is_refused_and_names_the_earlier_one() throws {
        let f = try Fixture()
        let patrol = try startedPatrol(f)
        f.clock.set("2026-11-23T08:10:00+08:00")
        try f.run(CheckInPatrol(patrol: patrol, cell: "C01"))
        f.clock.set("2026-11-23T08:10:02+08:00")  // a double Enter
        f.assertRefused(CheckInPatrol(patrol: patrol, cell: "c01"), .repeatCheckIn, field: "cell")
        f.clock.set("2026-11-23T08:14:59+08:00")
        f.assertRefused(CheckInPatrol(patrol: patrol, cell: "C01"), .repeatCheckIn, field: "cell")
        do {
            try f.run(CheckInPatrol(patrol: patrol, cell: "C01"))
            XCTFail("not refused")
        } catch let error as DomainError {
            XCTAssertEqual(error.value, "C01")
            XCTAssertEqual(error.detail["patrol"], patrol)
            XCTAssertEqual(error.detail["earlier"], "08:10:00")
            XCTAssertEqual(error.localizedMessage(Strings(.zh)),
                           "点位 (cell)：\(patrol) 已于 08:10:00 在 C01 签到，5 分钟内不重复签到，未写入")
            XCTAssertEqual(error.localizedMessage(Strings(.en)),
                           "cell (cell): \(patrol) checked in at C01 at 08:10:00; the same place again within 5 minutes is not recorded")
        }
        XCTAssertEqual(f.state.patrols.patrol(patrol)?.checkIns.count, 1)
    }

    @Test func test_another_cell_another_patrol_or_five_minutes_later_is_recorded() throws {
        let f = try Fixture()
        let patrol = try startedPatrol(f)
        let other = try XCTUnwrap(f.run(StartPatrol(mode: .bike, lead: Fixture.auxiliary), as: Fixture.auxiliary).entityID)
        f.clock.set("2026-11-23T08:10:00+08:00")
        try f.run(CheckInPatrol(patrol: patrol, cell: "C01"))
        f.clock.set("2026-11-23T08:11:00+08:00")
        try f.run(CheckInPatrol(patrol: patrol, cell: "ST01"))  // another cell
        try f.run(CheckInPatrol(patrol: other, cell: "C01"), as: Fixture.auxiliary)  // another patrol
        f.clock.set("2026-11-23T08:15:00+08:00")  // exactly five minutes: a new visit
        try f.run(CheckInPatrol(patrol: patrol, cell: "C01"))
        XCTAssertEqual(f.state.patrols.patrol(patrol)?.checkIns.count, 3)
    }

    @Test func test_a_backdated_checkin_near_an_existing_one_counts_before_and_after() throws {
        let f = try Fixture(now: "2026-11-23T08:00:00+08:00")
        let patrol = try startedPatrol(f)
        f.clock.set("2026-11-23T08:30:00+08:00")
        try f.run(CheckInPatrol(patrol: patrol, cell: "C01"), at: "2026-11-23T08:20:00+08:00", reason: "对讲机故障")
        // Back-dated to two minutes after it, and to three before it: both refused.
        f.assertRefused(CheckInPatrol(patrol: patrol, cell: "C01"), at: "2026-11-23T08:22:00+08:00", reason: "补录",
                        .repeatCheckIn, field: "cell")
        f.assertRefused(CheckInPatrol(patrol: patrol, cell: "C01"), at: "2026-11-23T08:17:00+08:00", reason: "补录",
                        .repeatCheckIn, field: "cell")
        // A back-dated one ten minutes off is a visit of its own.
        try f.run(CheckInPatrol(patrol: patrol, cell: "C01"), at: "2026-11-23T08:10:00+08:00", reason: "补录")
        // A plain check-in now (08:30, ten minutes after the back-dated 08:20), then again a minute on: refused.
        try f.run(CheckInPatrol(patrol: patrol, cell: "C01"))
        f.clock.set("2026-11-23T08:31:00+08:00")
        f.assertRefused(CheckInPatrol(patrol: patrol, cell: "C01"), .repeatCheckIn, field: "cell")
    }

    @Test func test_a_voided_earlier_checkin_does_not_count() throws {
        let f = try Fixture()
        let patrol = try startedPatrol(f)
        f.clock.set("2026-11-23T08:10:00+08:00")
        let wrong = try XCTUnwrap(f.run(CheckInPatrol(patrol: patrol, cell: "C01")).record?.id)
        f.clock.set("2026-11-23T08:11:00+08:00")
        try f.run(VoidEntry(event: wrong, reason: "误点,作废重签"))
        try f.run(CheckInPatrol(patrol: patrol, cell: "C01"))
        let live = f.state.patrols.patrol(patrol)!.checkIns.map { f.state.patrols.checkIns[$0] }.filter { !$0.voided }
        XCTAssertEqual(live.count, 1)
    }

    @Test func test_the_window_comes_from_the_policy_and_zero_turns_it_off() throws {
        var policy = Policy.standard
        policy.repeatCheckInMinutes = 0
        let clock = TestClock("2026-11-23T08:00:00+08:00")
        let office = try Office(journal: MemoryJournal(station: "s", office: "o", clock: clock), clock: clock, policy: policy)
        try office.execute(EnrollOfficer(badge: "031245", name: "王建国", role: .police), as: nil)
        try office.execute(AddCell(code: "C01", name: "花园一区", community: "c", kind: .compound), as: "031245")
        let patrol = try XCTUnwrap(office.execute(StartPatrol(mode: .foot, lead: "031245"), as: "031245").entityID)
        try office.execute(CheckInPatrol(patrol: patrol, cell: "C01"), as: "031245")
        try office.execute(CheckInPatrol(patrol: patrol, cell: "C01"), as: "031245")
        XCTAssertEqual(office.state.patrols.patrol(patrol)?.checkIns.count, 2)
    }
}
