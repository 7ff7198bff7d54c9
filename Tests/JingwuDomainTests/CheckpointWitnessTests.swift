import Foundation
@testable import JingwuJournal
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// The authenticated checkpoint as this installation's witness of the journal's head (issue 14):
/// a journal cut at a record boundary below it, or rewritten with a recomputed chain, verifies on
/// its own; the checkpoint's authentic header says this terminal saw record N with another hash.
@Suite(.serialized) final class CheckpointWitnessTests {
    private func bytes(_ path: String) -> Data { FileManager.default.contents(atPath: path) ?? Data() }

    private func sideFiles(_ f: CheckpointFixture) -> [String] { CheckpointFile.contradictedPaths(forJournal: f.path) }

    /// A journal with a checkpoint at its head N, and the journal's bytes at an earlier record boundary.
    private func checkpointed() throws -> (f: CheckpointFixture, short: Data, seq: UInt64, checkpoint: [UInt8]) {
        let f = try CheckpointFixture()
        try f.populate()
        try f.day(0)
        let short = bytes(f.path)
        try f.day(1)
        XCTAssertTrue(try f.office.saveCheckpoint())
        return (f, short, f.office.state.lastSeq, f.checkpointBytes)
    }

    private func openByPath(_ f: CheckpointFixture) throws -> Office {
        try Office.open(path: f.path, clock: f.clock, policy: .standard, mapCheckpoint: true)
    }

    @Test func test_a_journal_cut_below_the_checkpoint_is_said_and_the_evidence_kept() throws {
        let (f, short, seq, checkpoint) = try checkpointed()
        let savedAt = f.clock.now()
        try short.write(to: URL(fileURLWithPath: f.path))
        // The cut journal verifies on its own: only the checkpoint can tell.
        XCTAssertTrue(try JournalInspector.verify(path: f.path).isIntact)
        f.clock.advance(hours: 1)
        let office = try openByPath(f)
        guard case .contradicted(let c) = office.checkpointUse else { return XCTFail("\(office.checkpointUse)") }
        XCTAssertEqual(c.seq, seq)
        XCTAssertEqual(c.hash, String(decoding: checkpoint, as: UTF8.self).split(separator: "\"hash\":\"")[1].prefix(64).description)
        XCTAssertNil(c.journalHash)
        XCTAssertLessThan(c.journalHeadSeq, seq)
        XCTAssertEqual(c.journalHeadSeq, office.journal.headSeq)
        XCTAssertEqual(c.saved, savedAt)
        // Moved aside, byte for byte, under the protected side-file name; nothing left to save over.
        let side = try XCTUnwrap(c.sideFile)
        XCTAssertEqual(sideFiles(f), [side])
        XCTAssertTrue(side.hasPrefix(f.checkpointPath + ".contradicted-"))
        XCTAssertEqual(Array(bytes(side)), checkpoint)
        XCTAssertFalse(FileManager.default.fileExists(atPath: f.checkpointPath))
        XCTAssertEqual(bytes(f.path), short, "opening changed the journal")
        // The office carries on from a full replay and saves fresh checkpoints; the evidence stays.
        XCTAssertEqual(office.state, try f.reopen(useCheckpoint: false).state)
        XCTAssertTrue(try office.saveCheckpoint())
        XCTAssertEqual(Array(bytes(side)), checkpoint)
        let again = try openByPath(f)
        XCTAssertEqual(again.checkpointUse, .loaded(seq: office.state.lastSeq, replayed: 0), "said once")
        XCTAssertEqual(sideFiles(f), [side])
        XCTAssertEqual(bytes(f.path), short)
    }

    @Test func test_a_journal_rewritten_with_a_recomputed_chain_below_N_is_said_and_the_evidence_kept() throws {
        let (f, short, seq, checkpoint) = try checkpointed()
        // Records from the cut on replaced by others, the chain recomputed by the journal itself, longer than before.
        try short.write(to: URL(fileURLWithPath: f.path))
        f.clock.advance(hours: 30)
        f.journal = try FileJournal(path: f.path, clock: f.clock)
        f.office = try Office.open(journal: f.journal, clock: f.clock, policy: .standard, useCheckpoint: false)
        for n in 5..<7 { try f.day(n) }
        XCTAssertGreaterThan(f.office.state.lastSeq, seq)
        XCTAssertTrue(try JournalInspector.verify(path: f.path).isIntact)
        let rewritten = bytes(f.path)
        for mapped in [true, false] {
            let office = mapped ? try openByPath(f) : try f.reopen(useCheckpoint: true)
            guard case .contradicted(let c) = office.checkpointUse else { return XCTFail("\(office.checkpointUse)") }
            XCTAssertEqual(c.seq, seq)
            let found = try XCTUnwrap(c.journalHash)
            XCTAssertNotEqual(found, c.hash)
            var actual: String?
            try office.journal.replay(from: seq) { if $0.seq == seq { actual = $0.hash } }
            XCTAssertEqual(found, actual)
            XCTAssertEqual(Array(bytes(try XCTUnwrap(c.sideFile))), checkpoint)
            XCTAssertEqual(bytes(f.path), rewritten)
            XCTAssertEqual(office.state, try f.reopen(useCheckpoint: false).state)
            // Put back for the other way of opening.
            try FileManager.default.removeItem(atPath: try XCTUnwrap(c.sideFile))
            f.checkpointBytes = checkpoint
        }
    }

    @Test func test_a_checkpoint_of_another_build_still_witnesses() throws {
        let (f, short, seq, checkpoint) = try checkpointed()
        let print = OfficeState.checkpointFingerprint
        var edited = checkpoint
        edited.replaceSubrange(edited.firstRange(of: Array(print.utf8))!, with: Array((print + ";other").utf8))
        f.checkpointBytes = resigned(edited, key: f.office.checkpointKey!)
        try short.write(to: URL(fileURLWithPath: f.path))
        let office = try openByPath(f)
        guard case .contradicted(let c) = office.checkpointUse else { return XCTFail("\(office.checkpointUse)") }
        XCTAssertEqual(c.seq, seq)
        XCTAssertNotNil(c.sideFile)
    }

    @Test func test_a_checkpoint_forged_without_the_key_proves_nothing() throws {
        let (f, short, seq, checkpoint) = try checkpointed()
        try short.write(to: URL(fileURLWithPath: f.path))
        // Claims a longer journal: edited in place (tags left), and signed under a key not the installation's.
        let text = "\"seq\":\(seq)"
        var edited = checkpoint
        edited.replaceSubrange(edited.firstRange(of: Array(text.utf8))!, with: Array("\"seq\":\(seq + 100)".utf8))
        let other = CheckpointKey(bytes: (0..<32).map { UInt8($0 * 7 + 1) })!
        for forged in [edited, resigned(edited, key: other), resigned(checkpoint, key: other)] {
            f.checkpointBytes = forged
            let office = try openByPath(f)
            XCTAssertEqual(office.checkpointUse, .none)
            XCTAssertEqual(sideFiles(f), [])
            XCTAssertEqual(f.checkpointBytes, forged, "a forgery is neither moved nor said")
            XCTAssertEqual(bytes(f.path), short)
        }
    }

    @Test func test_normal_growth_is_no_contradiction() throws {
        let (f, _, seq, _) = try checkpointed()
        try f.day(2)
        let office = try openByPath(f)
        XCTAssertEqual(office.checkpointUse, .loaded(seq: seq, replayed: Int(office.journal.headSeq - seq)))
        XCTAssertEqual(sideFiles(f), [])
        // Another journal's checkpoint (its id) proves nothing about this one either.
        let other = try CheckpointFixture()
        try other.populate()
        try FileManager.default.copyItem(atPath: f.checkpointPath, toPath: other.checkpointPath)
        let otherOffice = try Office.open(path: other.path, clock: other.clock, policy: .standard)
        XCTAssertEqual(otherOffice.checkpointUse, .none)
        XCTAssertEqual(CheckpointFile.contradictedPaths(forJournal: other.path), [])
    }

    @Test func test_the_side_file_never_goes_over_an_existing_file_and_its_name_is_protected() throws {
        let (f, short, _, checkpoint) = try checkpointed()
        try short.write(to: URL(fileURLWithPath: f.path))
        let first = f.checkpointPath + CheckpointFile.contradictedInfix + FileJournal.compactStamp(f.clock.now())
        let planted = Data("planted".utf8)
        try planted.write(to: URL(fileURLWithPath: first))
        let office = try openByPath(f)
        guard case .contradicted(let c) = office.checkpointUse else { return XCTFail("\(office.checkpointUse)") }
        XCTAssertEqual(c.sideFile, first + "-2")
        XCTAssertEqual(bytes(first), planted)
        XCTAssertEqual(Array(bytes(first + "-2")), checkpoint)
        // jingwu's other writers refuse the name (an export, a salvage copy).
        for existing in [AtomicFile.Existing.createNew, .replace] {
            XCTAssertThrowsError(try AtomicFile.write([1], to: f.checkpointPath + ".contradicted-x", existing: existing)) {
                guard case JournalError.protectedTarget = $0 else { return XCTFail("\($0)") }
            }
        }
        XCTAssertNil(AtomicFile.protectedName("journal.jsonl.contradicted-notes.txt"))
        XCTAssertNotNil(AtomicFile.protectedName("journal.jsonl.checkpoint.contradicted-20260105T080000"))
    }

    @Test func test_a_journal_opened_before_another_process_saved_a_later_checkpoint_is_no_contradiction() throws {
        let f = try CheckpointFixture()
        try f.populate()
        try f.day(0)
        let early = try FileJournal(path: f.path, clock: f.clock)  // opened first, then the others write and save
        try f.day(1)
        XCTAssertTrue(try f.office.saveCheckpoint())
        XCTAssertGreaterThan(f.office.state.lastSeq, early.headSeq)
        let office = try Office.open(journal: early, clock: f.clock, policy: .standard)
        if case .contradicted = office.checkpointUse { XCTFail("\(office.checkpointUse)") }
        XCTAssertEqual(sideFiles(f), [])
        XCTAssertEqual(office.state.lastSeq, f.office.state.lastSeq)
    }
}
