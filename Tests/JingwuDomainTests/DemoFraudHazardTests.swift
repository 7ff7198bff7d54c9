import Foundation
import JingwuJournal
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// The demo's 反诈预警 and hazards put right: rates, who acts, and what is left for `now`.
@Suite(.serialized) final class DemoFraudHazardTests {
    private let now = RFC3339.parse("2026-11-23T09:30:00+08:00")!

    private func generate(days: Int, seed: UInt64) throws -> (MemoryJournal, DemoDistrict) {
        let journal = MemoryJournal(station: "花园派出所", office: "戴花园警务室", clock: FixedClock(now),
                                    journalID: UUID(uuidString: "00000000-0000-4000-8000-000000000001")!)
        let writer = DemoWriter(state: OfficeState(policy: .standard), firstSeq: journal.headSeq + 1, recorded: now,
                                idSeed: seed)
        let district = DemoDistrict(options: DemoOptions(days: days, seed: seed, offices: 1, now: now), writer: writer)
        try district.generate {
            let drafts = writer.pending
            writer.pending.removeAll()
            var i = 0
            try journal.appendBulk { defer { i += 1 }; return i < drafts.count ? drafts[i] : nil }
        }
        return (journal, district)
    }

    @Test func test_a_few_warnings_a_day_more_low_than_high_with_mobile_numbers_and_most_dissuaded() throws {
        // The 60 days DemoTests' rhythm test takes (its registers change nothing here).
        let district = try DemoFixture.shared(days: 60, seed: 5).district
        XCTAssertEqual(district.summary.refused, 0, district.summary.lastRefusal ?? "")
        let state = district.writer.state
        let warnings = state.fraudWarnings
        XCTAssertTrue((60 * 1...60 * 6).contains(warnings.count), "\(warnings.count) warnings in 60 days")
        XCTAssertEqual(district.summary.fraudWarnings, warnings.count)
        let byLevel = Dictionary(grouping: warnings, by: \.level).mapValues(\.count)
        XCTAssertGreaterThan(byLevel[.low] ?? 0, byLevel[.high] ?? 0, "\(byLevel)")
        XCTAssertGreaterThan(byLevel[.high] ?? 0, 0)
        for w in warnings {
            XCTAssertEqual(w.phone.count, 11, w.phone)
            XCTAssertTrue(w.phone.hasPrefix("1"), w.phone)
            XCTAssertFalse(w.target.isEmpty)
        }
        XCTAssertTrue(warnings.contains { $0.target.contains("室") }, "households as well as persons")
        let dissuaded = warnings.filter { $0.status == .dissuaded }.count
        XCTAssertGreaterThan(Double(dissuaded), Double(warnings.count) * 0.75)
        // Some were unreachable at first and tried again.
        XCTAssertTrue(warnings.contains { w in w.dissuasions.count > 1 && w.dissuasions.first?.outcome == .unreachable })
        // Household leaders (联户长) made some, written by an operator of the office.
        let leaderVisits = warnings.flatMap(\.dissuasions).filter { state.officers.officer($0.by)?.role == .householdLeader }
        XCTAssertFalse(leaderVisits.isEmpty)
        XCTAssertTrue(leaderVisits.allSatisfy { $0.method == .home })
        for d in leaderVisits {
            let role = state.officers.officer(state.author(of: d.event) ?? "")?.role
            XCTAssertTrue(role == .police || role == .auxiliary, "\(String(describing: role))")
        }
        // A few still need action at `now`, and not too many.
        let pending = state.fraudWarningsNeedingAction.count
        XCTAssertTrue((1...12).contains(pending), "\(pending) pending")
    }

    @Test func test_most_hazards_are_put_right_and_those_open_are_recent_or_few() throws {
        let district = try DemoFixture.shared(days: 60, seed: 5).district
        let state = district.writer.state
        let hazards = state.patrols.hazards.filter { !$0.voided }
        XCTAssertGreaterThan(hazards.count, 20)
        let cleared = hazards.filter { $0.clearance != nil }
        XCTAssertEqual(district.summary.hazardsCleared, cleared.count)
        XCTAssertGreaterThan(Double(cleared.count), Double(hazards.count) * 0.7)
        XCTAssertFalse(state.openHazards(at: now).isEmpty, "some still open for the handover")
        for h in cleared {
            let c = try XCTUnwrap(h.clearance)
            XCTAssertGreaterThan(c.at, h.at)
            XCTAssertLessThanOrEqual(c.at, now)
        }
    }

    @Test func test_the_same_seed_and_now_give_the_same_bytes() throws {
        // Generated here, and again on its own by the shared fixtures (another run of the generator,
        // on another thread, written into its own journal).
        let (a, _) = try generate(days: 10, seed: 9)
        let b = try DemoFixture.shared(days: 10, seed: 9).journal()
        XCTAssertEqual(a.fileBytes, b.fileBytes)
        let c = try DemoFixture.shared(days: 10, seed: 10).journal()
        XCTAssertNotEqual(a.fileBytes, c.fileBytes)
    }
}
