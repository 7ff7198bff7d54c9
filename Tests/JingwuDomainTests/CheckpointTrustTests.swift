import Foundation
@testable import JingwuJournal
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// The checkpoint is a disposable, authenticated cache: a file made without the
/// installation key is never loaded, and one made with it but wrong never traps.
@Suite(.serialized) final class CheckpointTrustTests {
    /// A small journal (a few simulated days), its checkpoint saved at the head.
    private func fixture(days: Int = 1) throws -> (CheckpointFixture, OfficeState, CheckpointKey) {
        let f = try CheckpointFixture()
        try f.populate()
        for n in 0..<days { try f.day(n) }
        XCTAssertTrue(try f.office.saveCheckpoint())
        let key = try XCTUnwrap(f.office.checkpointKey)
        let replay = try f.reopen(useCheckpoint: false).state
        return (f, replay, key)
    }

    /// Reports over `state` (each read path of a report taken), as text to compare.
    private func reports(_ state: OfficeState) -> [String] {
        let from = Date(timeIntervalSince1970: 0), to = Date(timeIntervalSince1970: 4_000_000_000)
        let bulletin = state.bulletin(from: from, to: to)
        let patrols = state.patrolReport(from: from, to: to, now: to)
        let disputes = state.disputeReport(from: from, to: to)
        let visits = state.visitsReport(from: from, to: to)
        let coverage = state.coverageReport(from: from, to: to)
        let handover = state.handoverReport(from: from, to: to, now: to)
        return [
            String(describing: bulletin.incidents), "\(bulletin.open)/\(bulletin.closed)",
            String(describing: patrols).count.description, String(describing: disputes).count.description,
            String(describing: visits).count.description, String(describing: coverage).count.description,
            String(describing: handover).count.description,
            String(describing: state.officers.all.map { "\($0.badge):\($0.role)" }),
            String(describing: state.persons.persons.map(\.id)), String(describing: state.reveals.reveals.count),
        ]
    }

    /// Every report `reports` describes, built over `state` and not described: each read path
    /// taken, for a state that need not be compared.
    private func build(reports state: OfficeState) {
        let from = Date(timeIntervalSince1970: 0), to = Date(timeIntervalSince1970: 4_000_000_000)
        withExtendedLifetime(state.bulletin(from: from, to: to)) {}
        withExtendedLifetime(state.patrolReport(from: from, to: to, now: to)) {}
        withExtendedLifetime(state.disputeReport(from: from, to: to)) {}
        withExtendedLifetime(state.visitsReport(from: from, to: to)) {}
        withExtendedLifetime(state.coverageReport(from: from, to: to)) {}
        withExtendedLifetime(state.handoverReport(from: from, to: to, now: to)) {}
        withExtendedLifetime((state.officers.all.map { "\($0.badge):\($0.role)" }, state.persons.persons.map(\.id),
                              state.reveals.reveals.count)) {}
    }

    /// `state` is exactly `replay` (the whole state compared), so its reports are `replay`'s
    /// (`expectedReports`, computed once): a report is a function of the state alone. They are
    /// computed again only when the states differ, to name what differs. (Describing the reports
    /// took half of the fuzz tests' time, once per round, to compare what the equality has shown.)
    private func assertIsTheReplay(_ state: OfficeState, _ replay: OfficeState, _ expectedReports: [String],
                                   _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        guard state != replay else { return }
        XCTAssertEqual(state, replay, message, file: file, line: line)
        XCTAssertEqual(reports(state), expectedReports, message, file: file, line: line)
    }

    private struct Rng {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(max(n, 1)))
        }
    }

    /// Part one: an attacker without the key. Whatever they change (header, tags, payload, its
    /// length, its section table; or a format-1 file with its XXH64 recomputed), the checkpoint
    /// is discarded and the office is exactly a full replay.
    @Test func test_checkpoint_forged_without_the_key_is_always_discarded() throws {
        let (f, replay, key) = try fixture()
        let whole = f.checkpointBytes
        let (header, payload) = try XCTUnwrap(CheckpointFile.read(path: f.checkpointPath,
                                                                  fingerprint: OfficeState.checkpointFingerprint, key: key))
        let payloadAt = checkpointLayout(whole).payloadAt
        let expectedReports = reports(replay)
        var rng = Rng(state: 0x5eed_0001)
        var tried = 0
        for round in 0..<500 {
            var bytes = whole
            switch round % 5 {
            case 0:  // a byte anywhere
                bytes[rng.next(bytes.count)] ^= UInt8(1 + rng.next(255))
            case 1:  // a payload byte
                bytes[payloadAt + rng.next(payload.count)] ^= UInt8(1 + rng.next(255))
            case 2:  // cut short, or grown
                if rng.next(2) == 0 { bytes.removeLast(1 + rng.next(bytes.count - 1)) } else { bytes += [UInt8](repeating: 0, count: 1 + rng.next(64)) }
            case 3:  // a section offset or length in the table
                let field = payloadAt + 8 + 8 * rng.next(2 * OfficeState.checkpointSectionCount)
                withUnsafeBytes(of: UInt64(rng.next(1 << 20)).littleEndian) { bytes.replaceSubrange(field..<(field + 8), with: $0) }
            default:  // the header's claims (seq, offset) rewritten
                let text = String(decoding: bytes[0..<payloadAt], as: UTF8.self)
                let edited = text.replacingOccurrences(of: "\"seq\":\(header.seq)", with: "\"seq\":\(Int(header.seq) - 1 - rng.next(5))")
                bytes.replaceSubrange(0..<payloadAt, with: Array(edited.utf8))
            }
            if bytes == whole { continue }
            tried += 1
            f.checkpointBytes = bytes
            let office = try f.reopen(useCheckpoint: true)
            XCTAssertEqual(office.checkpointUse, .none, "round \(round)")
            assertIsTheReplay(office.state, replay, expectedReports, "round \(round)")
        }
        XCTAssertGreaterThan(tried, 450)
        // A whole checkpoint of the old, unkeyed format, with a correct XXH64: not loaded.
        var object: [String: Any] = [
            "format": 1, "journal": header.journalID.uuidString.lowercased(), "seq": header.seq, "hash": header.hash,
            "fingerprint": header.fingerprint, "payloadBytes": payload.count,
            "payloadXXH64": payload.withUnsafeBytes { XXH64.hex(XXH64.hash($0)) },
        ]
        if let offset = header.offset { object["offset"] = offset }
        var old = Array("JWCKPT\n".utf8)
        old += Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
        old.append(10)
        f.checkpointBytes = old + payload
        let office = try f.reopen(useCheckpoint: true)
        XCTAssertEqual(office.checkpointUse, .none)
        XCTAssertEqual(office.state, replay)
        // A different key (another installation's checkpoint copied in) does not authenticate either.
        let other = try XCTUnwrap(CheckpointKey(bytes: [UInt8](repeating: 7, count: 32)))
        try payload.withUnsafeBytes { try CheckpointFile.write(path: f.checkpointPath, header: header, payload: $0, key: other) }
        XCTAssertEqual(try f.reopen(useCheckpoint: true).checkpointUse, .none)
        // While the genuine file still loads.
        f.checkpointBytes = whole
        guard case .loaded = try f.reopen(useCheckpoint: true).checkpointUse else { return XCTFail("genuine not loaded") }
    }

    /// Part two: as if jingwu's own writer had a bug: payloads mutated and signed with the
    /// real key. Opening never traps; a payload that fails any decode or range check is
    /// discarded (full replay); one that decodes is authentic-but-wrong at worst, and reading
    /// every part of it and every report still never traps.
    @Test func test_checkpoint_signed_but_mutated_never_traps() throws {
        let (f, replay, key) = try fixture()
        let (_, payload) = try XCTUnwrap(CheckpointFile.read(path: f.checkpointPath,
                                                                  fingerprint: OfficeState.checkpointFingerprint, key: key))
        let expectedReports = reports(replay)
        let table = 8 + 16 * OfficeState.checkpointSectionCount
        // Each round's file is the one this build wrote, its payload replaced (and the header's
        // payloadBytes with it) and signed again under the key (`resigned`, as jingwu signs), put
        // in place by rename: CheckpointFile.write's two fsyncs a round were most of this test's
        // time. The unmutated payload, so written, loads: the files are authentic.
        let whole = f.checkpointBytes
        let payloadAt = checkpointLayout(whole).payloadAt
        func sign(_ bytes: [UInt8]) throws {
            let head = String(decoding: whole[0..<payloadAt], as: UTF8.self)
            let from = "\"payloadBytes\":\(payload.count)"
            XCTAssertTrue(head.contains(from))
            let edited = head.replacingOccurrences(of: from, with: "\"payloadBytes\":\(bytes.count)")
            f.checkpointBytes = resigned(Array(edited.utf8) + bytes, key: key)
        }
        try sign(payload)
        guard case .loaded = try f.reopen(useCheckpoint: true).checkpointUse else {
            return XCTFail("a re-signed checkpoint of this build does not load")
        }
        var rng = Rng(state: 0x5eed_0002)
        var discarded = 0, equal = 0, wrong = 0
        for round in 0..<1_000 {
            var bytes = payload
            switch round % 6 {
            case 0, 1:  // one to four bytes flipped anywhere
                for _ in 0...rng.next(4) { bytes[rng.next(bytes.count)] ^= UInt8(1 + rng.next(255)) }
            case 2:  // cut short
                bytes.removeLast(1 + rng.next(bytes.count - 1))
            case 3:  // a section offset or length
                let field = 8 + 8 * rng.next(2 * OfficeState.checkpointSectionCount)
                let value: UInt64 = [0, 1, UInt64.max, UInt64(Int64.max), UInt64(bytes.count), UInt64(rng.next(bytes.count))][rng.next(6)]
                withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange(field..<(field + 8), with: $0) }
            case 4:  // an 8-byte field past the table (counts, lengths) set to something large or negative
                let at = table + rng.next(bytes.count - table - 8)
                let value: UInt64 = [UInt64.max, 1 << 40, UInt64(Int64.max), 0x7fff_ffff, UInt64(rng.next(1 << 16))][rng.next(5)]
                withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange(at..<(at + 8), with: $0) }
            default:  // a 2- or 4-byte value (a code, an index in a column) set to its top
                let at = table + rng.next(bytes.count - table - 4)
                let width = rng.next(2) == 0 ? 2 : 4
                for k in 0..<width { bytes[at + k] = k == width - 1 ? 0x7f : 0xff }
            }
            try sign(bytes)
            let office = try f.reopen(useCheckpoint: true)
            switch office.checkpointUse {
            case .loaded:
                // Compared first (as before), then every report computed over what was loaded (each
                // read path taken: nothing traps), once. Equal states have equal reports (a report
                // is a function of the state), so they are built, not described and compared:
                // describing them through reflection was 40 % of this test's time.
                let same = office.state == replay
                build(reports: office.state)
                if same { equal += 1 } else { wrong += 1 }
            default:
                discarded += 1
                assertIsTheReplay(office.state, replay, expectedReports, "round \(round)")
            }
        }
        print("checkpoint fuzz with the key: \(discarded) discarded, \(equal) loaded and equal, \(wrong) authentic-but-wrong")
        XCTAssertEqual(discarded + equal + wrong, 1_000)
        XCTAssertGreaterThan(discarded, 500)
    }

    /// A section decoded on first use that does not decode (a writer bug, signed with the key) is
    /// taken from a replay of the journal up to the checkpoint's record; the checkpoint is removed
    /// and nothing is saved from the state that met it. No stop, no wrong figure.
    @Test func test_a_lazy_section_or_patrol_that_does_not_decode_falls_back_to_a_replay() throws {
        let (f, replay, key) = try fixture(days: 2)
        let (header, payload) = try XCTUnwrap(CheckpointFile.read(path: f.checkpointPath,
                                                                  fingerprint: OfficeState.checkpointFingerprint, key: key))
        func section(_ i: Int, in bytes: [UInt8]) -> Int {
            bytes.withUnsafeBytes { Int($0.loadUnaligned(fromByteOffset: 8 + 16 * i, as: Int64.self)) }
        }
        func sign(_ bytes: [UInt8]) throws {
            try bytes.withUnsafeBytes { try CheckpointFile.write(path: f.checkpointPath, header: header, payload: $0, key: key) }
        }
        // Persons (section 6): its list's count made huge, the table left as it is.
        var persons = payload
        let at = section(6, in: persons)
        for k in 0..<8 { persons[at + k] = k == 7 ? 0x7f : 0xff }
        try sign(persons)
        var office = try f.reopenMapped()
        guard case .loaded = office.checkpointUse else { return XCTFail("\(office.checkpointUse)") }
        XCTAssertTrue(FileManager.default.fileExists(atPath: f.checkpointPath))
        XCTAssertEqual(office.state.persons, replay.persons)
        XCTAssertFalse(FileManager.default.fileExists(atPath: f.checkpointPath), "the checkpoint was kept")
        XCTAssertTrue(office.state.checkpointDiscarded)
        XCTAssertFalse(try office.saveCheckpoint(), "a state that met a bad section was saved")
        XCTAssertEqual(office.state, replay)
        // A write after it goes on, from the replayed part.
        try f.run(RecordVisit(person: replay.persons.persons[0].id, method: .home, officer: "031245", findings: "回访正常"))
        XCTAssertEqual(try f.reopen(useCheckpoint: false).state.persons.visits.count, replay.persons.visits.count + 1)

        // One patrol record (section 1): its mode code made unknown.
        XCTAssertTrue(try f.reopen(useCheckpoint: false).saveCheckpoint())
        let (header2, payload2) = try XCTUnwrap(CheckpointFile.read(path: f.checkpointPath,
                                                                    fingerprint: OfficeState.checkpointFingerprint, key: key))
        let replay2 = try f.reopen(useCheckpoint: false).state
        var patrols = payload2
        let s1 = section(1, in: patrols)
        let n = patrols.withUnsafeBytes { Int($0.loadUnaligned(fromByteOffset: s1, as: Int64.self)) }
        // Count, offsets, the id-sorted order, then each patrol's start, end and voided mark.
        let records = s1 + 8 + 8 * (n + 1) + 4 * n + (8 + 8 + 1) * n
        let idLength = patrols.withUnsafeBytes { Int($0.loadUnaligned(fromByteOffset: records, as: Int64.self)) }
        patrols[records + 8 + idLength + 8] = UInt8(ascii: "Z")
        try patrols.withUnsafeBytes { try CheckpointFile.write(path: f.checkpointPath, header: header2, payload: $0, key: key) }
        office = try f.reopenMapped()
        guard case .loaded = office.checkpointUse else { return XCTFail("\(office.checkpointUse)") }
        XCTAssertEqual(office.state.patrols.patrols[0], replay2.patrols.patrols[0])
        XCTAssertFalse(FileManager.default.fileExists(atPath: f.checkpointPath))
        XCTAssertEqual(office.state, replay2)
    }
}
