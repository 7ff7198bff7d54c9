import Foundation
import JingwuJournal
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// Replays a generated journal from checkpoints cut at several points and
/// compares every projection with a full replay's.
@Suite(.serialized) final class ReplayCheckpointTests {
    /// The state folded from records 0…`seq` only.
    func state(upTo seq: UInt64, of journal: Journal) throws -> OfficeState {
        var state = OfficeState(policy: .standard)
        let decoder = JSONDecoder()
        try journal.replayAll { record in
            guard record.seq <= seq else { return }
            if let event = try EventRegistry.decode(record, decoder: decoder) {
                state.apply(event, Envelope(record))
            } else {
                state.skip(record.seq)
            }
        }
        return state
    }

    func hash(at seq: UInt64, of journal: Journal) throws -> String {
        var hash = ""
        try journal.replay(from: seq) { if $0.seq == seq { hash = $0.hash } }
        return hash
    }

    @Test func test_every_cut_point_gives_the_same_projections_as_a_full_replay() throws {
        let f = try CheckpointFixture()
        try f.populate()
        for n in 0..<8 { try f.day(n) }
        let full = try f.reopen(useCheckpoint: false).state
        let head = f.journal.headSeq
        XCTAssertGreaterThan(head, 100)
        var cuts: [UInt64] = [0, 1, 5, head / 3, head / 2, head - 7, head - 1, head]
        // Cut right after a correction, where the fold reaches back into earlier items.
        try f.journal.replayAll { record in
            if record.type == EntryVoided.type || record.type == EntryAmended.type { cuts.append(record.seq) }
        }
        for cut in Set(cuts).sorted() {
            let partial = try state(upTo: cut, of: f.journal)
            XCTAssertEqual(partial.lastSeq, cut)
            let header = CheckpointHeader(journalID: f.journal.header.journalID, seq: cut,
                                          hash: try hash(at: cut, of: f.journal),
                                          fingerprint: OfficeState.checkpointFingerprint)
            try partial.checkpointBytes().withUnsafeBytes {
                try CheckpointFile.write(path: f.checkpointPath, header: header, payload: $0, key: f.office.checkpointKey!)
            }
            let office = try f.reopen(useCheckpoint: true)
            XCTAssertEqual(office.checkpointUse, .loaded(seq: cut, replayed: Int(head - cut)), "cut \(cut)")
            let state = office.state
            // Each projection on its own, so a failure names the one that differs.
            XCTAssertEqual(state.officers, full.officers, "officers, cut \(cut)")
            XCTAssertEqual(state.cells, full.cells, "cells, cut \(cut)")
            XCTAssertEqual(state.shifts, full.shifts, "shifts, cut \(cut)")
            XCTAssertEqual(state.patrols, full.patrols, "patrols, cut \(cut)")
            XCTAssertEqual(state.persons, full.persons, "persons, cut \(cut)")
            XCTAssertEqual(state.disputes, full.disputes, "disputes, cut \(cut)")
            XCTAssertEqual(state.incidents, full.incidents, "incidents, cut \(cut)")
            XCTAssertEqual(state.targets, full.targets, "targets, cut \(cut)")
            XCTAssertEqual(state.eventTypes, full.eventTypes, "eventTypes, cut \(cut)")
            XCTAssertEqual(state.voided, full.voided, "voided, cut \(cut)")
            XCTAssertEqual(state, full, "cut \(cut)")
            // The queries the screens and reports use agree too.
            let now = f.clock.now()
            XCTAssertEqual(state.coverage(now: now), full.coverage(now: now))
            XCTAssertEqual(state.visitSchedule(now: now), full.visitSchedule(now: now))
            XCTAssertEqual(state.disputeStatistics(from: .distantPast, to: now, now: now),
                           full.disputeStatistics(from: .distantPast, to: now, now: now))
            // Mapped from the file instead of read into memory: the same state.
            let mapped = try Office.open(path: f.path, clock: f.clock, policy: .standard, mapCheckpoint: true)
            XCTAssertEqual(mapped.checkpointUse, .loaded(seq: cut, replayed: Int(head - cut)), "mapped, cut \(cut)")
            XCTAssertEqual(mapped.state, full, "mapped, cut \(cut)")
        }
    }

    /// Generations of checkpoints, each opened mapped, written on (corrections
    /// reach back into loaded check-ins and event-index entries), saved from the
    /// mapped state and opened again: always what a full replay gives.
    @Test func test_checkpoints_saved_from_a_mapped_state_equal_a_full_replay() throws {
        let f = try CheckpointFixture()
        try f.populate()
        for n in 0..<3 { try f.day(n) }
        XCTAssertTrue(try f.office.saveCheckpoint())
        for generation in 0..<3 {
            let office = try f.reopenMapped()
            guard case .loaded = office.checkpointUse else { return XCTFail("generation \(generation): \(office.checkpointUse)") }
            // Corrections of check-ins that came from the checkpoint (changes to loaded columns).
            let loaded = office.state.patrols.checkIns.indices.filter { !office.state.patrols.checkIns[$0].voided }
            let amended = office.state.patrols.checkIns[loaded[generation]].event
            let voided = office.state.patrols.checkIns[loaded[generation + 5]].event
            try f.run(AmendEntry(event: amended, reason: "备注写错", changes: ["note": "更正\(generation)"]))
            try f.run(VoidEntry(event: voided, reason: "误录"))
            for n in 0..<2 { try f.day(3 + generation * 2 + n) }
            let full = try f.reopen(useCheckpoint: false).state
            XCTAssertEqual(office.state.patrols.checkIns, full.patrols.checkIns, "generation \(generation)")
            XCTAssertEqual(office.state.targets, full.targets, "generation \(generation)")
            XCTAssertEqual(office.state, full, "generation \(generation)")
            XCTAssertTrue(try office.saveCheckpoint())
            let again = try Office.open(path: f.path, clock: f.clock, policy: .standard, mapCheckpoint: true)
            XCTAssertEqual(again.checkpointUse, .loaded(seq: full.lastSeq, replayed: 0))
            XCTAssertEqual(again.state, full, "generation \(generation), reloaded")
        }
    }

    /// A mapped open decodes its parts on first use; saving writes the parts it
    /// never read as they were loaded. The bytes are canonical: a state saved
    /// untouched gives the very bytes it was loaded from, eagerly or lazily.
    @Test func test_a_lazily_loaded_state_saves_the_bytes_it_was_loaded_from() throws {
        let f = try CheckpointFixture()
        try f.populate()
        for n in 0..<4 { try f.day(n) }
        XCTAssertTrue(try f.office.saveCheckpoint())
        let fingerprint = OfficeState.checkpointFingerprint
        let (_, bytes) = try XCTUnwrap(CheckpointFile.load(path: f.checkpointPath, fingerprint: fingerprint, mapped: true,
                                                                        key: f.office.checkpointKey!))
        let original = Array(bytes.payload)
        let lazy = try OfficeState(checkpoint: bytes, policy: .standard, lazy: true)
        // (Compared as a whole: a failure should not print a checkpoint byte by byte.)
        XCTAssertTrue(lazy.checkpointBytes() == original, "untouched lazy state")
        let eager = try OfficeState(checkpoint: bytes, policy: .standard, lazy: false)
        XCTAssertTrue(eager.checkpointBytes() == original, "eagerly decoded state")
        // Read (not changed) parts still save as loaded; a changed patrol and trail are encoded anew.
        let touched = try OfficeState(checkpoint: bytes, policy: .standard, lazy: true)
        _ = touched.persons.count; _ = touched.patrols.patrol("P0002"); _ = touched.patrols.trails["C01"]
        XCTAssertTrue(touched.checkpointBytes() == original, "read, not changed")
        let office = try f.reopenMapped()
        let patrol = try f.run(StartPatrol(mode: .foot, lead: "031245", cells: ["C01"])).entityID!
        try f.run(CheckInPatrol(patrol: patrol, cell: "C01"))
        let full = try f.reopen(useCheckpoint: false).state
        XCTAssertEqual(office.state, full)
        let saved = office.state.checkpointBytes()
        let reloaded = try saved.withUnsafeBytes { try OfficeState(checkpointBytes: $0, policy: .standard) }
        XCTAssertEqual(reloaded, full)
    }
}
