import Foundation
@testable import JingwuJournal
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// The console's open (`CheckpointDecoding.sectionsOnFirstUse`: mapped, the sections its first
/// frame does not read decoded later, on a thread of their own) and the event index's string
/// pool left in the checkpoint's bytes: each gives exactly the state a whole decode and a full
/// replay give, and a part that does not decode when it is first read is taken from a replay.
@Suite(.serialized) final class CheckpointConsoleDecodingTests {
    /// A journal of a few simulated days, its checkpoint saved at the head, and its full replay.
    private func fixture(days: Int = 3) throws -> (CheckpointFixture, OfficeState, CheckpointKey) {
        let f = try CheckpointFixture()
        try f.populate()
        for n in 0..<days { try f.day(n) }
        XCTAssertTrue(try f.office.saveCheckpoint())
        let key = try XCTUnwrap(f.office.checkpointKey)
        return (f, try f.reopen(useCheckpoint: false).state, key)
    }

    /// Where section `i` of a payload starts (its table: a count, then (offset, length) pairs).
    private func section(_ i: Int, in bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { Int($0.loadUnaligned(fromByteOffset: 8 + 16 * i, as: Int64.self)) }
    }

    private func int(at offset: Int, in bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { Int($0.loadUnaligned(fromByteOffset: offset, as: Int64.self)) }
    }

    @Test func test_the_console_open_leaves_the_sections_for_later_and_is_the_whole_decode() throws {
        let (f, replay, _) = try fixture()
        let office = try f.reopenMapped(.sectionsOnFirstUse)
        XCTAssertEqual(office.checkpointUse, .loaded(seq: replay.lastSeq, replayed: 0))
        XCTAssertTrue(office.state.loadedLazily)
        // Every one of the eleven sections was still in the checkpoint; decoded now, none is left.
        XCTAssertEqual(office.state.decodePendingSections(), 11)
        XCTAssertEqual(office.state.decodePendingSections(), 0)
        XCTAssertEqual(office.state, replay)
        let whole = try f.reopen(useCheckpoint: true)
        XCTAssertEqual(whole.checkpointUse, .loaded(seq: replay.lastSeq, replayed: 0))
        XCTAssertFalse(whole.state.loadedLazily)
        XCTAssertEqual(whole.state.decodePendingSections(), 0, "a whole decode leaves nothing pending")
        XCTAssertEqual(whole.state, replay)
    }

    @Test func test_sections_decoded_in_the_background_are_the_replays_and_writes_after_them_fold_alike() throws {
        let (f, replay, key) = try fixture()
        let loaded = try XCTUnwrap(CheckpointFile.read(path: f.checkpointPath, fingerprint: OfficeState.checkpointFingerprint,
                                                       key: key)).payload
        let office = try f.reopenMapped(.sectionsOnFirstUse)
        let done = DispatchSemaphore(value: 0)
        XCTAssertTrue(office.decodeCheckpointInBackground { done.signal() })
        // Read on this thread meanwhile: each section is decoded once, whoever asks first.
        XCTAssertEqual(office.state.persons, replay.persons)
        XCTAssertEqual(done.wait(timeout: .now() + 60), .success)
        XCTAssertEqual(office.state.decodePendingSections(), 0, "the background left a section pending")
        XCTAssertEqual(office.state, replay)
        // Saved before any change: the same payload, byte for byte.
        XCTAssertEqual(office.state.checkpointBytes(), loaded)
        // Writes through it fold as through a full replay.
        try f.day(3)
        XCTAssertEqual(f.office.state, try f.reopen(useCheckpoint: false).state)
        XCTAssertTrue(try f.office.saveCheckpoint())
        XCTAssertEqual(try f.reopenMapped(.sectionsOnFirstUse).state, try f.reopen(useCheckpoint: false).state)
        // Nothing to decode on a state that was not loaded lazily.
        XCTAssertFalse(try f.reopen(useCheckpoint: false).decodeCheckpointInBackground())
    }

    /// A section signed with the key that does not decode (this build wrote it wrong): found when
    /// the console's background decoding first reads it; taken from a replay, the checkpoint removed,
    /// nothing saved from that state.
    @Test func test_a_section_the_console_decodes_later_that_does_not_decode_is_taken_from_a_replay() throws {
        let (f, replay, key) = try fixture(days: 2)
        let (header, payload) = try XCTUnwrap(CheckpointFile.read(path: f.checkpointPath,
                                                                  fingerprint: OfficeState.checkpointFingerprint, key: key))
        var persons = payload
        let at = section(6, in: persons)
        for k in 0..<8 { persons[at + k] = k == 7 ? 0x7f : 0xff }
        try persons.withUnsafeBytes { try CheckpointFile.write(path: f.checkpointPath, header: header, payload: $0, key: key) }
        let office = try f.reopenMapped(.sectionsOnFirstUse)
        guard case .loaded = office.checkpointUse else { return XCTFail("\(office.checkpointUse)") }
        XCTAssertTrue(FileManager.default.fileExists(atPath: f.checkpointPath), "removed before the section was read")
        XCTAssertFalse(office.state.checkpointDiscarded)
        let done = DispatchSemaphore(value: 0)
        XCTAssertTrue(office.decodeCheckpointInBackground { done.signal() })
        XCTAssertEqual(done.wait(timeout: .now() + 60), .success)
        XCTAssertFalse(FileManager.default.fileExists(atPath: f.checkpointPath), "the checkpoint was kept")
        XCTAssertTrue(office.state.checkpointDiscarded)
        XCTAssertEqual(office.state, replay)
        XCTAssertFalse(try office.saveCheckpoint(), "a state that met a bad section was saved")
    }

    /// The event index's pool stays in the bytes (every open but the whole decode) and reads as
    /// the decoded one; strings added after the load are found again; a save copies it as loaded.
    @Test func test_the_event_index_pool_left_in_the_bytes_reads_and_saves_as_the_decoded_one() throws {
        let (f, replay, key) = try fixture()
        let loaded = try XCTUnwrap(CheckpointFile.read(path: f.checkpointPath, fingerprint: OfficeState.checkpointFingerprint,
                                                       key: key)).payload
        let whole = try loaded.withUnsafeBytes { try OfficeState(checkpointBytes: $0, policy: .standard) }
        let office = try f.reopenMapped()
        XCTAssertEqual(office.state.targets, replay.targets)
        XCTAssertEqual(office.state.targets, whole.targets)
        for (id, target) in replay.targets { XCTAssertEqual(office.state.targets[id], target) }
        XCTAssertEqual(office.state.checkpointBytes(), loaded)
        // Corrections name their targets by id; new ones intern new strings after the loaded ones.
        try f.day(3)
        try f.day(4)
        let after = try f.reopen(useCheckpoint: false).state
        XCTAssertEqual(f.office.state.targets, after.targets)
        XCTAssertTrue(try f.office.saveCheckpoint())
        XCTAssertEqual(try f.reopenMapped().state, after)
        XCTAssertEqual(try f.reopen(useCheckpoint: true).state, after)
    }

    /// A pool string whose length runs past its section (signed with the key, so only a writer's
    /// bug could make it): the event index is read at open, so the checkpoint is not used at all.
    @Test func test_a_pool_string_longer_than_its_section_is_refused_at_open() throws {
        let (f, replay, key) = try fixture(days: 2)
        let (header, payload) = try XCTUnwrap(CheckpointFile.read(path: f.checkpointPath,
                                                                  fingerprint: OfficeState.checkpointFingerprint, key: key))
        // Section 9: the type names (count, strings), then the pool (count, strings).
        var at = section(9, in: payload)
        let names = int(at: at, in: payload)
        at += 8
        for _ in 0..<names { at += 8 + int(at: at, in: payload) }
        XCTAssertGreaterThan(int(at: at, in: payload), 0, "the fixture's pool is empty")
        let first = at + 8
        var bytes = payload
        for k in 0..<8 { bytes[first + k] = k == 7 ? 0x7f : 0xff }
        try bytes.withUnsafeBytes { try CheckpointFile.write(path: f.checkpointPath, header: header, payload: $0, key: key) }
        for decoding in [CheckpointDecoding.onFirstUse, .sectionsOnFirstUse, .whole] {
            let office = try f.reopenMapped(decoding)
            XCTAssertEqual(office.checkpointUse, .none, "\(decoding)")
            XCTAssertEqual(office.state, replay, "\(decoding)")
        }
    }

    /// The patrols of a window, found by the start, end and voided mark kept beside each loaded
    /// record, are the decoded ones, at every edge of every patrol's times: one voided, one still
    /// out, and one ended after the load (its record then no longer the one loaded).
    @Test func test_a_windows_patrols_found_by_the_kept_times_are_the_decoded_ones() throws {
        let f = try CheckpointFixture()
        try f.populate()
        for n in 0..<3 { try f.day(n) }
        let voided = try f.run(StartPatrol(mode: .foot, lead: "031245")).record!.id
        f.clock.advance(hours: 0.5)
        try f.run(VoidEntry(event: voided, reason: "误录"))
        f.clock.advance(hours: 0.5)
        let out = try f.run(StartPatrol(mode: .bike, lead: "F1021")).entityID!
        f.clock.advance(hours: 1)
        XCTAssertTrue(try f.office.saveCheckpoint())
        let replay = try f.reopen(useCheckpoint: false).state
        XCTAssertTrue(replay.patrols.patrols.contains { $0.voided })
        XCTAssertTrue(replay.patrols.patrols.contains { $0.endedAt == nil })
        func windows(_ state: OfficeState) -> [(Date, Date)] {
            var out: [(Date, Date)] = [(.distantPast, .distantFuture), (state.patrols.patrols[0].startedAt, state.patrols.patrols[0].startedAt)]
            for p in state.patrols.patrols {
                for t in [p.startedAt] + (p.endedAt.map { [$0] } ?? []) {
                    out += [(t.addingTimeInterval(-60), t), (t, t.addingTimeInterval(60)), (t.addingTimeInterval(-1), t.addingTimeInterval(1))]
                }
            }
            return out
        }
        var found = 0
        func check(_ mapped: OfficeState, _ replay: OfficeState) {
            for (from, to) in windows(replay) {
                let expected = replay.patrols.patrols.filter {
                    !$0.voided && $0.startedAt < to && ($0.endedAt ?? .distantFuture) > from
                }
                XCTAssertEqual(mapped.patrols(from: from, to: to), expected, "\(from)…\(to)")
                XCTAssertEqual(replay.patrols(from: from, to: to), expected, "\(from)…\(to)")
                found += expected.count
            }
        }
        check(try f.reopenMapped().state, replay)
        check(try f.reopenMapped(.sectionsOnFirstUse).state, replay)
        XCTAssertGreaterThan(found, 0)
        // Ended after the load: its times are the changed record's, not the loaded ones.
        let office = try f.reopenMapped()
        f.clock.advance(hours: 1)
        try f.run(EndPatrol(patrol: out, summary: "巡查完毕"))
        let after = try f.reopen(useCheckpoint: false).state
        XCTAssertNotNil(after.patrols.patrol(out)?.endedAt)
        check(office.state, after)
        XCTAssertTrue(try office.saveCheckpoint())
        check(try f.reopenMapped().state, after)
        XCTAssertEqual(try f.reopenMapped().state, after)
    }
}
