import Foundation
import JingwuJournal
import XCTest

@testable import JingwuDomain

/// Replays a generated journal from checkpoints cut at several points and
/// compares every projection with a full replay's.
final class ReplayCheckpointTests: XCTestCase {
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

    func test_every_cut_point_gives_the_same_projections_as_a_full_replay() throws {
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
                try CheckpointFile.write(path: f.checkpointPath, header: header, payload: $0)
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
        }
    }
}
