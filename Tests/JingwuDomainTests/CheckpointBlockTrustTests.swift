import Foundation
@testable import JingwuJournal
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// Format 3: a checkpoint's payload is authenticated block by block (each block checked when
/// first read, `CheckpointBytes.authentic`), its block table by a tag tied to the header's HMAC.
/// What that opens up, tried here: a block or a tag from another checkpoint, a tag flipped, a
/// block dropped or added, and a block that no command reads at open turning out forged later.
@Suite(.serialized) final class CheckpointBlockTrustTests {
    /// A checkpoint of a few days, signed again with 4 KiB blocks (as jingwu would have written it
    /// with that block size), so that its sections span many blocks; and the full replay.
    private func fixture(days: Int = 6) throws -> (CheckpointFixture, OfficeState, CheckpointKey) {
        let f = try CheckpointFixture()
        try f.populate()
        for n in 0..<days { try f.day(n) }
        XCTAssertTrue(try f.office.saveCheckpoint())
        let key = try XCTUnwrap(f.office.checkpointKey)
        f.checkpointBytes = smallBlocks(f.checkpointBytes, key: key)
        let replay = try f.reopen(useCheckpoint: false).state
        return (f, replay, key)
    }

    private func smallBlocks(_ file: [UInt8], key: CheckpointKey) -> [UInt8] {
        var edited = file
        let from = Array("\"blockBytes\":\(CheckpointFile.blockBytes)".utf8)
        edited.replaceSubrange(edited.firstRange(of: from)!, with: Array("\"blockBytes\":4096".utf8))
        return resigned(edited, key: key)
    }

    /// Opens whole (every block checked at open) and mapped (only what is read).
    private func opens(_ f: CheckpointFixture) throws -> [(String, Office)] {
        [("whole", try f.reopen(useCheckpoint: true)), ("mapped", try f.reopenMapped()),
         ("console", try f.reopenMapped(.sectionsOnFirstUse))]
    }

    /// The payload's section `i`: its range in payload offsets.
    private func section(_ i: Int, of file: [UInt8]) -> Range<Int> {
        let at = checkpointLayout(file).payloadAt
        return file.withUnsafeBytes { raw in
            let start = Int(raw.loadUnaligned(fromByteOffset: at + 8 + 16 * i, as: Int64.self))
            let length = Int(raw.loadUnaligned(fromByteOffset: at + 16 + 16 * i, as: Int64.self))
            return start..<(start + length)
        }
    }

    @Test func test_the_re_signed_fixture_loads_every_way_and_a_mapped_open_checks_only_what_it_reads() throws {
        let (f, replay, _) = try fixture()
        let layout = checkpointLayout(f.checkpointBytes)
        XCTAssertGreaterThan((layout.tableAt - layout.payloadAt) / 4096, 4, "the fixture spans several blocks")
        for (way, office) in try opens(f) {
            guard case .loaded = office.checkpointUse else { return XCTFail("\(way): \(office.checkpointUse)") }
            let bytes = try XCTUnwrap(office.state.loadedFrom)
            if way == "whole" {
                XCTAssertEqual(bytes.authenticatedBlocks, bytes.blockCount, way)
            } else {
                XCTAssertLessThan(bytes.authenticatedBlocks, bytes.blockCount, "\(way): every block checked at open")
                XCTAssertGreaterThan(bytes.authenticatedBlocks, 0, way)
            }
            XCTAssertEqual(office.state, replay, way)
            XCTAssertTrue(bytes.authenticateAll(), way)
            XCTAssertEqual(bytes.authenticatedBlocks, bytes.blockCount, way)
        }
    }

    @Test func test_a_tag_flipped_a_block_dropped_or_added_is_not_loaded() throws {
        let (f, replay, _) = try fixture()
        let whole = f.checkpointBytes
        let layout = checkpointLayout(whole)
        let blocks = (layout.tableAt - layout.payloadAt + 4095) / 4096
        var forgeries: [(String, [UInt8])] = []
        for k in [0, blocks / 2, blocks - 1] {
            var flipped = whole
            flipped[layout.tableAt + 16 * k + 5] ^= 0x20
            forgeries.append(("block \(k)'s tag flipped", flipped))
        }
        var tableTag = whole
        tableTag[layout.payloadAt - 2] = tableTag[layout.payloadAt - 2] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        forgeries.append(("the table's tag changed", tableTag))
        forgeries.append(("the last tag dropped", Array(whole.dropLast(16))))
        forgeries.append(("a tag added", whole + whole[layout.tableAt..<(layout.tableAt + 16)]))
        var lastBlock = whole
        lastBlock.removeSubrange((layout.payloadAt + 4096 * (blocks - 1))..<layout.tableAt)
        lastBlock.removeLast(16)
        forgeries.append(("the last block and its tag dropped", lastBlock))
        var middle = whole
        middle.removeSubrange((layout.payloadAt + 4096 * 2)..<(layout.payloadAt + 4096 * 3))
        middle.removeSubrange((layout.tableAt - 4096 + 32)..<(layout.tableAt - 4096 + 48))
        forgeries.append(("block 2 and its tag dropped", middle))
        var added = whole
        added.insert(contentsOf: whole[(layout.payloadAt + 4096)..<(layout.payloadAt + 8192)], at: layout.payloadAt + 8192)
        added.insert(contentsOf: whole[(layout.tableAt + 16)..<(layout.tableAt + 32)], at: layout.tableAt + 4096 + 32)
        forgeries.append(("block 1 and its tag repeated", added))
        for (what, forged) in forgeries {
            f.checkpointBytes = forged
            for (way, office) in try opens(f) {
                XCTAssertEqual(office.checkpointUse, .none, "\(what), \(way)")
                XCTAssertEqual(office.state, replay, "\(what), \(way)")
            }
        }
        f.checkpointBytes = whole
        guard case .loaded = try f.reopenMapped().checkpointUse else { return XCTFail("the genuine file does not load") }
    }

    @Test func test_a_block_or_a_tag_from_another_checkpoint_does_not_check() throws {
        let (f, _, key) = try fixture()
        let mine = f.checkpointBytes
        // The same state saved again (the same payload, another nonce), and a later one (another payload).
        XCTAssertTrue(try f.reopen(useCheckpoint: false).saveCheckpoint())
        let again = smallBlocks(f.checkpointBytes, key: key)
        try f.day(6)
        XCTAssertTrue(try f.office.saveCheckpoint())
        let later = smallBlocks(f.checkpointBytes, key: key)
        let replayLater = try f.reopen(useCheckpoint: false).state
        let (m, a, l) = (checkpointLayout(mine), checkpointLayout(again), checkpointLayout(later))
        XCTAssertEqual(mine[m.payloadAt..<m.tableAt], again[a.payloadAt..<a.tableAt], "the same state, the same payload")
        var forgeries: [(String, [UInt8])] = []
        // The other save's tag for the very same bytes: made under its own nonce.
        var tag = mine
        tag.replaceSubrange((m.tableAt + 16 * 3)..<(m.tableAt + 16 * 4), with: again[(a.tableAt + 16 * 3)..<(a.tableAt + 16 * 4)])
        forgeries.append(("block 3's tag from another save", tag))
        // The other save's whole block table (and its tag on the tag line).
        var table = mine
        table.replaceSubrange((m.payloadAt - 33)..<m.payloadAt, with: again[(a.payloadAt - 33)..<a.payloadAt])
        table.replaceSubrange(m.tableAt..., with: again[a.tableAt...])
        forgeries.append(("the block table of another save", table))
        // A block of a later checkpoint where it differs, this checkpoint's table kept; and with its tag too.
        let differing = (0..<((m.tableAt - m.payloadAt) / 4096)).filter { k in
            mine[(m.payloadAt + 4096 * k)..<(m.payloadAt + 4096 * (k + 1))]
                != later[(l.payloadAt + 4096 * k)..<(l.payloadAt + 4096 * (k + 1))]
        }
        XCTAssertFalse(differing.isEmpty)
        for k in [differing[0], differing[differing.count / 2], differing.last!] {
            var block = mine
            block.replaceSubrange((m.payloadAt + 4096 * k)..<(m.payloadAt + 4096 * (k + 1)),
                                  with: later[(l.payloadAt + 4096 * k)..<(l.payloadAt + 4096 * (k + 1))])
            forgeries.append(("block \(k) of a later checkpoint", block))
            block.replaceSubrange((m.tableAt + 16 * k)..<(m.tableAt + 16 * (k + 1)),
                                  with: later[(l.tableAt + 16 * k)..<(l.tableAt + 16 * (k + 1))])
            forgeries.append(("block \(k) of a later checkpoint with its tag", block))
        }
        // A checkpoint of the journal at its head whose block 0 (the section table, the roster…) is this one's.
        var head = later
        head.replaceSubrange(l.payloadAt..<(l.payloadAt + 4096), with: mine[m.payloadAt..<(m.payloadAt + 4096)])
        forgeries.append(("block 0 of an earlier checkpoint in a later one", head))
        for (what, forged) in forgeries {
            f.checkpointBytes = forged
            for (way, office) in try opens(f) {
                let wholeRead = way == "whole"
                switch office.checkpointUse {
                case .none:
                    XCTAssertEqual(office.state, replayLater, "\(what), \(way)")
                case .loaded where !wholeRead:
                    // Opened from what it read at open, all authentic; the forged block is one not
                    // read yet, in a section decoded on first use: read, it is taken from a replay.
                    XCTAssertEqual(office.state, replayLater, "\(what), \(way)")
                    XCTAssertTrue(office.state.checkpointDiscarded, "\(what), \(way)")
                    XCTAssertFalse(FileManager.default.fileExists(atPath: f.checkpointPath), "\(what), \(way)")
                default:
                    XCTFail("\(what), \(way): \(office.checkpointUse)")
                }
            }
        }
    }

    /// A block no open reads (inside a section decoded on first use) changed without the key: an
    /// open that maps the checkpoint loads (it never read that block), and when the section is read
    /// its block does not check out, so the section is taken from a replay of the journal, the
    /// checkpoint is removed and nothing is saved from that state. Opened whole, it is not loaded.
    @Test func test_a_forged_block_read_only_later_is_taken_from_the_replay() throws {
        let (f, replay, _) = try fixture()
        let whole = f.checkpointBytes
        let layout = checkpointLayout(whole)
        // A block wholly inside one of the sections decoded on first use (persons, disputes, incidents…).
        let lazy = [6, 7, 8, 11, 14, 16, 17].map { section($0, of: whole) }
        let inside = lazy.compactMap { range -> Int? in
            let first = (range.lowerBound + 4095) / 4096
            return (first + 1) * 4096 <= range.upperBound ? first : nil
        }
        let block = try XCTUnwrap(inside.first, "no lazy section spans a whole 4 KiB block: make the fixture bigger")
        var forged = whole
        forged[layout.payloadAt + 4096 * block + 100] ^= 0x01
        for way in ["mapped", "console"] {
            f.checkpointBytes = forged
            let office = try way == "mapped" ? f.reopenMapped() : f.reopenMapped(.sectionsOnFirstUse)
            guard case .loaded = office.checkpointUse else { return XCTFail("\(way): \(office.checkpointUse)") }
            let bytes = try XCTUnwrap(office.state.loadedFrom)
            XCTAssertFalse(bytes.failedAuthentication, "\(way): the forged block was read at open")
            XCTAssertEqual(office.state, replay, way)
            XCTAssertTrue(bytes.failedAuthentication, way)
            XCTAssertTrue(office.state.checkpointDiscarded, way)
            XCTAssertFalse(FileManager.default.fileExists(atPath: f.checkpointPath), "\(way): the checkpoint was kept")
            XCTAssertFalse(try office.saveCheckpoint(), "\(way): a state that met a forged block was saved")
        }
        f.checkpointBytes = forged
        let office = try f.reopen(useCheckpoint: true)
        XCTAssertEqual(office.checkpointUse, .none)
        XCTAssertEqual(office.state, replay)
    }
}
