import Foundation
import JingwuJournal
import JingwuResources
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// Issue 14, the clock: `recorded` is the system clock; a pinned clock (`--now`) writes only on
/// journals made for tests and demos; a write whose clock is behind the journal's last
/// `recorded` by more than the policy allows is refused, leaving the journal as it was.
@Suite(.serialized) final class ClockTrustTests {
    private var dir = ""
    private var path: String { dir + "/journal.jsonl" }

    init() throws {
        dir = NSTemporaryDirectory() + "jingwu-clock-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    private var bytes: Data { FileManager.default.contents(atPath: path) ?? Data() }

    private func realOffice(_ clock: TestClock) throws -> Office {
        let journal = try FileJournal.create(path: path, station: "花园派出所", office: "戴花园警务室", clock: clock)
        let office = try Office(journal: journal, clock: clock, policy: .standard)
        try office.execute(EnrollOfficer(badge: "031245", name: "王建国", role: .police), as: nil)
        return office
    }

    @Test func test_a_write_whose_clock_went_back_more_than_five_minutes_is_refused_naming_both_times() throws {
        let clock = TestClock("2026-11-23T09:00:00+08:00")
        let office = try realOffice(clock)
        XCTAssertEqual(office.clockPolicy.behindToleranceSeconds, 300, "Resources/policy/clock.json")
        clock.set("2026-11-23T08:50:00+08:00")
        let before = bytes
        XCTAssertThrowsError(try office.execute(AddCell(code: "C01", name: "花园一区", community: "社区", kind: .compound),
                                                as: "031245")) { error in
            guard case ClockRefusal.behindJournal(let now, let last, let seq) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(now, time("2026-11-23T08:50:00+08:00"))
            XCTAssertEqual(last, time("2026-11-23T09:00:00+08:00"))
            XCTAssertEqual(seq, 1)
            let refusal = error as! ClockRefusal
            XCTAssertEqual(refusal.exitCode, 65)
            let text = refusal.message(Strings(.zh))
            XCTAssertTrue(text.contains("2026-11-23 08:50") && text.contains("2026-11-23 09:00"), text)
        }
        XCTAssertEqual(bytes, before, "the journal is unchanged")
        // A small step back (NTP, two terminals a little apart) passes.
        clock.set("2026-11-23T08:56:00+08:00")
        XCTAssertNoThrow(try office.execute(AddCell(code: "C01", name: "花园一区", community: "社区", kind: .compound),
                                            as: "031245"))
    }

    @Test func test_the_rule_holds_after_an_open_from_a_checkpoint_with_nothing_after_it() throws {
        let clock = TestClock("2026-11-23T09:00:00+08:00")
        let first = try realOffice(clock)
        clock.set("2026-11-23T10:00:00+08:00")
        try first.execute(AddCell(code: "C01", name: "花园一区", community: "社区", kind: .compound), as: "031245")
        // Checkpoints are authenticated: this test's own key, not the installation's.
        let key = try XCTUnwrap(CheckpointKey(bytes: (0..<32).map { UInt8($0 &* 5) }))
        first.checkpointPath = CheckpointFile.path(forJournal: path)
        first.checkpointKey = key
        XCTAssertTrue(try first.saveCheckpoint())
        clock.set("2026-11-23T09:30:00+08:00")
        let office = try Office.open(path: path, clock: clock, policy: .standard, checkpointKey: .key(key))
        guard case .loaded = office.checkpointUse else { return XCTFail("\(office.checkpointUse)") }
        XCTAssertEqual(office.lastRecorded?.at, time("2026-11-23T10:00:00+08:00"))
        let before = bytes
        XCTAssertThrowsError(try office.execute(AddCell(code: "C02", name: "花园二区", community: "社区", kind: .compound),
                                                as: "031245"))
        XCTAssertEqual(bytes, before)
    }

    @Test func test_back_dating_with_at_still_works_and_recorded_is_the_clock() throws {
        let clock = TestClock("2026-11-23T09:00:00+08:00")
        let office = try realOffice(clock)
        let result = try office.execute(AddCell(code: "C01", name: "花园一区", community: "社区", kind: .compound),
                                        as: "031245", at: time("2026-11-22T20:00:00+08:00"), reason: "昨晚漏记")
        XCTAssertEqual(result.record?.at, time("2026-11-22T20:00:00+08:00"))
        XCTAssertEqual(result.record?.recorded, time("2026-11-23T09:00:00+08:00"))
    }

    @Test func test_a_pinned_clock_writes_nothing_on_a_real_office_and_everything_on_a_test_journal() throws {
        let clock = TestClock("2026-11-23T09:00:00+08:00")
        _ = try realOffice(clock)
        let pinned = PinnedClock(time("2040-01-01T09:00:00+08:00"))
        let journal = try FileJournal(path: path, clock: pinned)
        XCTAssertFalse(journal.header.isForTests, "a header without purpose is a real office")
        let office = try Office(journal: journal, clock: pinned, policy: .standard)
        XCTAssertTrue(office.pinnedClockRefusesWrites)
        let before = bytes
        XCTAssertThrowsError(try office.execute(AddCell(code: "C01", name: "花园一区", community: "社区", kind: .compound),
                                                as: "031245")) { error in
            XCTAssertEqual(error as? ClockRefusal, .pinnedOnRealOffice(pinned: time("2040-01-01T09:00:00+08:00")))
            let text = (error as! ClockRefusal).message(Strings(.en))
            XCTAssertTrue(text.contains("--now") && text.contains("JINGWU_NOW"), text)
        }
        XCTAssertEqual(bytes, before)
        // Reads go on with the pinned clock.
        XCTAssertEqual(office.state.officers.byBadge.count, 1)

        // A journal made for tests takes the pinned time for `at` and `recorded` alike.
        let testPath = dir + "/test.jsonl"
        let testJournal = try FileJournal.create(path: testPath, station: "S", office: "O", clock: pinned, forTests: true)
        XCTAssertTrue(testJournal.header.isForTests)
        let header = String(decoding: FileManager.default.contents(atPath: testPath)!, as: UTF8.self)
        XCTAssertTrue(header.contains(#""purpose":"test""#), header)
        XCTAssertFalse(String(decoding: bytes, as: UTF8.self).contains("purpose"), "a real office's header is as before")
        let testOffice = try Office(journal: testJournal, clock: pinned, policy: .standard)
        let written = try testOffice.execute(EnrollOfficer(badge: "031245", name: "王建国", role: .police), as: nil)
        XCTAssertEqual(written.record?.recorded, time("2040-01-01T09:00:00+08:00"))
        // Reopened, the mark is read back from the header.
        XCTAssertTrue(try FileJournal(path: testPath).header.isForTests)
    }

    @Test func test_a_failed_sign_in_under_a_pinned_clock_on_a_real_office_is_kept_at_the_system_time() throws {
        let clock = TestClock("2026-11-23T09:00:00+08:00")
        _ = try realOffice(clock)
        let pinned = PinnedClock(time("2020-01-01T09:00:00+08:00"))
        let office = try Office(journal: try FileJournal(path: path, clock: pinned), clock: pinned, policy: .standard)
        let record = try office.recordSignInFailure(badge: "031245", attempt: 1)
        XCTAssertLessThan(abs(record!.recorded.timeIntervalSinceNow), 60)
        XCTAssertLessThan(abs(record!.at.timeIntervalSinceNow), 60)
    }

    @Test func test_a_hash_valid_record_that_does_not_decode_is_named_and_salvage_lets_the_office_continue() throws {
        let clock = TestClock("2026-11-23T09:00:00+08:00")
        let office = try realOffice(clock)
        try office.execute(AddCell(code: "C01", name: "花园一区", community: "社区", kind: .compound), as: "031245")
        // A record any build can hash but this one cannot read (what a buggy or forged writer leaves).
        try office.journal.append { _ in
            [EventDraft(type: "PatrolStarted", at: clock.now(), by: "031245", data: Data(#"{"bogus":1}"#.utf8))]
        }
        XCTAssertTrue(try JournalInspector.verify(path: path).isIntact)
        XCTAssertThrowsError(try Office.open(path: path, clock: clock, policy: .standard, useCheckpoint: false)) { error in
            guard let unreadable = error as? UnreadableRecord else { return XCTFail("\(error)") }
            XCTAssertEqual(unreadable.seq, 3)
            XCTAssertEqual(unreadable.type, "PatrolStarted")
            XCTAssertEqual(unreadable.exitCode, 75)
            let text = unreadable.message(Strings(.zh))
            XCTAssertTrue(text.contains("第 3 号") && text.contains("PatrolStarted") && text.contains("jingwu salvage"), text)
        }
        let result = try JournalInspector.salvage(path: path, into: dir + "/out", clock: clock, before: 3)
        XCTAssertEqual(result.validCount, 3)
        let saved = try Office.open(path: result.journalPath, clock: clock, policy: .standard)
        XCTAssertEqual(saved.state.lastSeq, 2)
        clock.advance(hours: 1)
        XCTAssertNoThrow(try saved.execute(AddCell(code: "C02", name: "花园二区", community: "社区", kind: .compound),
                                           as: "031245"))
        XCTAssertTrue(try JournalInspector.verify(path: result.journalPath).isIntact)
        let remainder = String(decoding: FileManager.default.contents(atPath: result.remainderPath)!, as: UTF8.self)
        XCTAssertTrue(remainder.hasPrefix(#"{"seq":3,"#) && remainder.contains("bogus"), remainder)
    }
}
