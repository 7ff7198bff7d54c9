import Foundation
import JingwuJournal
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// `Office.open(path:)`: the checkpoint lets the journal trust its prefix; a
/// checkpoint is only ever a cache.
@Suite(.serialized) final class CheckpointOpenPathTests {
    @Test func test_open_by_path_trusts_the_prefix_of_a_matching_checkpoint_and_equals_a_full_replay() throws {
        let f = try CheckpointFixture()
        try f.populate()
        for n in 0..<3 { try f.day(n) }
        XCTAssertTrue(try f.office.saveCheckpoint())
        let saved = f.office.state.lastSeq
        for n in 3..<5 { try f.day(n) }
        let office = try Office.open(path: f.path, clock: f.clock, policy: .standard)
        XCTAssertEqual(office.checkpointUse, .loaded(seq: saved, replayed: Int(f.office.state.lastSeq - saved)))
        XCTAssertEqual((office.journal as? FileJournal)?.trustedPrefix?.seq, saved)
        XCTAssertEqual(office.state, try f.reopen(useCheckpoint: false).state)
    }

    @Test func test_a_checkpoint_without_an_offset_is_still_used_with_a_full_scan() throws {
        let f = try CheckpointFixture()
        try f.populate()
        for n in 0..<2 { try f.day(n) }
        let state = f.office.state
        let header = CheckpointHeader(journalID: f.journal.header.journalID, seq: state.lastSeq, hash: f.journal.headHash,
                                      fingerprint: OfficeState.checkpointFingerprint)
        try state.checkpointBytes().withUnsafeBytes { try CheckpointFile.write(path: f.checkpointPath, header: header, payload: $0, key: f.office.checkpointKey!) }
        let office = try Office.open(path: f.path, clock: f.clock, policy: .standard)
        XCTAssertEqual(office.checkpointUse, .loaded(seq: state.lastSeq, replayed: 0))
        XCTAssertNil((office.journal as? FileJournal)?.trustedPrefix)
        XCTAssertEqual(office.state, state)
    }

    @Test func test_a_checkpoint_whose_offset_is_wrong_falls_back_to_a_full_replay() throws {
        let f = try CheckpointFixture()
        try f.populate()
        for n in 0..<2 { try f.day(n) }
        let state = f.office.state
        let header = CheckpointHeader(journalID: f.journal.header.journalID, seq: state.lastSeq, hash: f.journal.headHash,
                                      fingerprint: OfficeState.checkpointFingerprint, offset: f.journal.headOffset - 3)
        try state.checkpointBytes().withUnsafeBytes { try CheckpointFile.write(path: f.checkpointPath, header: header, payload: $0, key: f.office.checkpointKey!) }
        let office = try Office.open(path: f.path, clock: f.clock, policy: .standard)
        XCTAssertNil((office.journal as? FileJournal)?.trustedPrefix)
        XCTAssertEqual(office.state, state)
    }

    /// The trusted open does not re-hash the prefix: a record changed before the
    /// checkpoint (its stored hash left alone) is not seen at open, and the state
    /// is the checkpoint's (folded from the record as it was). `verify` names it,
    /// and nothing in the file is lost.
    @Test func test_a_record_tampered_before_the_checkpoint_is_left_to_verify() throws {
        let f = try CheckpointFixture()
        try f.populate()
        for n in 0..<3 { try f.day(n) }
        try f.office.saveCheckpoint()
        let expected = f.office.state
        var content = Array(FileManager.default.contents(atPath: f.path)!)
        let text = String(decoding: content, as: UTF8.self)
        let range = text.range(of: "在家，情绪稳定")!
        let start = text.utf8.distance(from: text.utf8.startIndex, to: range.lowerBound)
        let replacement = Array("不在，情绪稳定".utf8)
        content.replaceSubrange(start..<(start + replacement.count), with: replacement)
        XCTAssertTrue(FileManager.default.createFile(atPath: f.path, contents: Data(content)))
        let office = try Office.open(path: f.path, clock: f.clock, policy: .standard)
        XCTAssertEqual(office.state, expected)
        XCTAssertFalse(office.journal.isReadOnly)
        let report = try JournalInspector.verify(path: f.path)
        XCTAssertFalse(report.isIntact)
        // Without the checkpoint, the full scan opens read-only on it.
        CheckpointFile.remove(path: f.checkpointPath)
        XCTAssertTrue(try Office.open(path: f.path, clock: f.clock, policy: .standard).journal.isReadOnly)
    }

    @Test func test_deleting_the_checkpoint_changes_nothing_but_time_for_reads_and_writes() throws {
        let f = try CheckpointFixture()
        try f.populate()
        for n in 0..<3 { try f.day(n) }
        try f.office.saveCheckpoint()
        try f.day(3)
        let copy = f.directory + "/copy.jsonl"
        try FileManager.default.copyItem(atPath: f.path, toPath: copy)
        let with = try Office.open(path: f.path, clock: f.clock, policy: .standard)
        let without = try Office.open(path: copy, clock: f.clock, policy: .standard)
        XCTAssertEqual(without.checkpointUse, .none)
        XCTAssertEqual(with.state, without.state)
        for office in [with, without] {
            var n: UInt64 = 0
            office.makeEventID = { n += 1; return UUID(uuidString: String(format: "00000000-0000-4000-9000-%012llX", n))! }
        }
        let a = try with.execute(StartPatrol(mode: .foot, lead: "031245"), as: "031245")
        let b = try without.execute(StartPatrol(mode: .foot, lead: "031245"), as: "031245")
        XCTAssertEqual(a.entityID, b.entityID)
        XCTAssertEqual(a.records.map(\.hash), b.records.map(\.hash))
        XCTAssertEqual(with.state, without.state)
    }

    @Test func test_auto_checkpoint_saves_once_enough_records_were_folded() throws {
        let f = try CheckpointFixture()
        f.office.autoCheckpointEvery = 25
        try f.populate()
        for n in 0..<2 { try f.day(n) }
        let seq = try XCTUnwrap(f.office.checkpointSeq)
        XCTAssertGreaterThan(f.office.state.lastSeq, 25)
        XCTAssertLessThan(f.office.state.lastSeq - seq, 25)
        let office = try Office.open(path: f.path, clock: f.clock, policy: .standard)
        XCTAssertEqual(office.checkpointUse, .loaded(seq: seq, replayed: Int(f.office.state.lastSeq - seq)))
        XCTAssertEqual(office.state, f.office.state)
    }

    /// The console's checkpoints are encoded and written in the background from a
    /// copy of the state while writes go on; each one is the state at its own
    /// record, and a synchronous save (a clean exit) waits for the one in flight.
    @Test func test_background_checkpoints_hold_the_state_at_their_record_while_writes_go_on() throws {
        let f = try CheckpointFixture()
        f.office.autoCheckpointEvery = 20
        f.office.autoCheckpointInBackground = true
        try f.populate()
        var saves: Set<UInt64> = []
        for n in 0..<6 {
            try f.day(n)
            // Every second day waits for the save in flight (a loaded machine may not have
            // finished one by then): the saves still run while each day's writes go on.
            if n % 2 == 1 { f.office.checkpointSaver.wait() }
            if let seq = f.office.checkpointSeq { saves.insert(seq) }
        }
        XCTAssertGreaterThan(saves.count, 1, "saved more than once while writing")
        f.office.checkpointSaver.wait()
        let seq = try XCTUnwrap(f.office.checkpointSeq)
        let reopened = try Office.open(path: f.path, clock: f.clock, policy: .standard)
        XCTAssertEqual(reopened.checkpointUse, .loaded(seq: seq, replayed: Int(f.office.state.lastSeq - seq)))
        XCTAssertEqual(reopened.state, f.office.state)
        // The clean-exit save: waits for any save in flight, then writes the head.
        try f.day(6)
        f.office.saveCheckpointInBackgroundIfDue(every: 1)
        XCTAssertTrue(try f.office.saveCheckpoint())
        let atHead = try Office.open(path: f.path, clock: f.clock, policy: .standard)
        XCTAssertEqual(atHead.checkpointUse, .loaded(seq: f.office.state.lastSeq, replayed: 0))
        XCTAssertEqual(atHead.state, f.office.state)
    }

    /// `jingwu demo` saves the generator's own fold as the checkpoint: it must be the replay's state exactly.
    @Test func test_the_demo_generators_state_is_the_state_a_replay_gives() throws {
        let directory = NSTemporaryDirectory() + "jingwu-demo-ckpt-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let now = RFC3339.parse("2026-11-23T09:30:00+08:00")!
        let journal = try FileJournal.create(path: directory + "/j.jsonl", station: "城关派出所", office: "七个警务室",
                                             clock: FixedClock(now), by: "demo")
        // The district (shared, see DemoFixture): its writer started from the state of a journal
        // holding only its header, which is this one's.
        let demo = try DemoFixture.shared(days: 20, seed: 3, offices: 2)
        var start = OfficeState(policy: .standard)
        start.skip(0)
        XCTAssertEqual(try Office(journal: journal, clock: FixedClock(now), policy: .standard).state, start)
        XCTAssertEqual(now, DemoFixture.now)
        let writer = demo.district.writer
        var i = 0
        try journal.appendBulk { defer { i += 1 }; return i < demo.drafts.count ? demo.drafts[i] : nil }
        XCTAssertTrue(try Office.saveCheckpoint(writer.state, of: journal))
        let replayed = try Office(journal: try FileJournal(path: journal.path), clock: FixedClock(now), policy: .standard)
        XCTAssertEqual(writer.state, replayed.state)
        let loaded = try Office.open(path: journal.path, clock: FixedClock(now), policy: .standard)
        XCTAssertEqual(loaded.checkpointUse, .loaded(seq: journal.headSeq, replayed: 0))
        XCTAssertEqual(loaded.state, replayed.state)
    }
}
