import Foundation
import JingwuJournal
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// The compact event index (`state.targets`, `state.eventTypes`) and the
/// checkpoint's coverage of every projection.
@Suite(.serialized) final class CheckpointIndexTests {
    /// Every golden event (one of each type) folded into a state in file order.
    func goldenState() throws -> OfficeState {
        var state = OfficeState(policy: .standard)
        let at = RFC3339.parse("2026-11-23T09:30:00+08:00")!
        for (n, line) in try GoldenEventsTests.goldenLines().enumerated() {
            let event = try XCTUnwrap(try EventRegistry.decode(type: line.type, version: line.version, data: line.data,
                                                               decoder: JSONDecoder()))
            let id = UUID(uuidString: String(format: "00000000-0000-4000-8000-%012X", n + 1))!
            state.apply(event, Envelope(id: id, seq: UInt64(n + 1), at: at.addingTimeInterval(Double(n) * 60),
                                        recorded: at, by: "031245"))
        }
        return state
    }

    @Test func test_a_state_holding_every_event_type_survives_the_checkpoint_exactly() throws {
        let state = try goldenState()
        let types = Set(EventRegistry.entries.map(\.type))
        var seen = Set<String>()
        for i in 1...Int(state.lastSeq) {
            let id = UUID(uuidString: String(format: "00000000-0000-4000-8000-%012X", i))!
            if let type = state.eventTypes[id] { seen.insert(type) }
        }
        XCTAssertEqual(seen, types, "the golden file has one event of each registered type")
        let bytes = state.checkpointBytes()
        let decoded = try bytes.withUnsafeBytes { try OfficeState(checkpointBytes: $0, policy: .standard) }
        XCTAssertEqual(decoded, state)
        XCTAssertEqual(decoded.targets, state.targets)
        XCTAssertEqual(decoded.eventTypes, state.eventTypes)
        // A checkpoint that misses a byte anywhere does not decode.
        for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 97)) {
            XCTAssertThrowsError(try Array(bytes[0..<cut]).withUnsafeBytes { try OfficeState(checkpointBytes: $0, policy: .standard) })
        }
    }

    @Test func test_the_event_index_answers_as_a_dictionary_would() throws {
        var index = EventIndex()
        var targets: [UUID: EventTarget] = [:]
        var types: [UUID: String] = [:]
        var random = SplitMix64(seed: 42)
        var ids: [UUID] = []
        let names = ["PatrolCheckedIn", "PersonStatusChanged", "EntryVoided", "VisitRecorded"]
        for n in 0..<20_000 {
            let id: UUID
            if !ids.isEmpty, random.next() % 4 == 0 {
                id = ids[Int(random.next() % UInt64(ids.count))]
            } else {
                // Half random, half sequential ids (as tests and the demo make them).
                id = n % 2 == 0 ? random.uuid() : UUID(uuidString: String(format: "00000000-0000-4000-8000-%012X", n))!
                ids.append(id)
            }
            switch random.next() % 5 {
            case 0:
                index[id] = nil
                targets[id] = nil
            case 1:
                let name = names[Int(random.next() % 4)]
                index.setType(name, for: id)
                types[id] = name
            default:
                let target = EventTarget.checkIn(Int(random.next() % 1000))
                index[id] = target
                targets[id] = target
            }
        }
        XCTAssertEqual(index.count, targets.count)
        XCTAssertEqual(index.typeCount, types.count)
        assertAnswers(index, ids, targets, types)
        XCTAssertNil(index[UUID()])
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: index.map { ($0.key, $0.value) }), targets)
        var other = index
        other[ids[0]] = .correction
        XCTAssertNotEqual(other, index)

        // Through a checkpoint (read into memory and mapped), then on from there:
        // ids added after the load, and changes to loaded ones, answer the same.
        var w = CheckpointWriter()
        index.write(to: &w)
        let bytes = CheckpointBytes(copying: w.bytes)
        var r = CheckpointReader(bytes)
        var loaded = try XCTUnwrap(try EventIndex.read(from: &r))
        XCTAssertTrue(r.atEnd)
        XCTAssertEqual(loaded, index)
        var known = Set(ids)
        for n in 0..<3_000 {
            let id = n % 3 == 0 ? ids[Int(random.next() % UInt64(ids.count))] : random.uuid()
            if known.insert(id).inserted { ids.append(id) }
            if n % 2 == 0 {
                let target = EventTarget.mediation("D\(n)", n)
                loaded[id] = target
                targets[id] = target
            } else {
                loaded.setType("EntryAmended", for: id)
                types[id] = "EntryAmended"
            }
        }
        assertAnswers(loaded, ids, targets, types)
        XCTAssertEqual(loaded.count, targets.count)
        var again = CheckpointWriter()
        loaded.write(to: &again)
        var r2 = CheckpointReader(CheckpointBytes(copying: again.bytes))
        XCTAssertEqual(try EventIndex.read(from: &r2), loaded)
    }

    /// `index` gives each of `ids` the target and type the dictionaries hold: every id looked up,
    /// the differences gathered and asserted once (an assertion per id was most of the test's time).
    private func assertAnswers(_ index: EventIndex, _ ids: [UUID], _ targets: [UUID: EventTarget], _ types: [UUID: String],
                               file: StaticString = #filePath, line: UInt = #line) {
        var wrong: [String] = []
        for id in ids {
            if index[id] != targets[id] { wrong.append("\(id): target \(String(describing: index[id])), not \(String(describing: targets[id]))") }
            if index.type(of: id) != types[id] { wrong.append("\(id): type \(index.type(of: id) ?? "nil"), not \(types[id] ?? "nil")") }
        }
        XCTAssertEqual(wrong.count, 0, "of \(ids.count) ids: " + wrong.prefix(5).joined(separator: "; "), file: file, line: line)
    }

    @Test func test_a_damaged_index_block_reads_as_absent_and_never_traps() throws {
        var index = EventIndex()
        let ids = (0..<40).map { _ in UUID() }
        for (n, id) in ids.enumerated() {
            index[id] = n % 2 == 0 ? .checkIn(n) : .patrol("P\(n)")
            index.setType("PatrolCheckedIn", for: id)
        }
        var w = CheckpointWriter()
        index.write(to: &w)
        // Overwrite every byte after the counts with 0xFF in turn, then with a random byte:
        // reading and every look-up must not trap (the checksum, not this, catches damage).
        var random = SplitMix64(seed: 7)
        for offset in 0..<w.bytes.count {
            var bytes = w.bytes
            bytes[offset] = offset % 2 == 0 ? 0xFF : UInt8(truncatingIfNeeded: random.next())
            var r = CheckpointReader(CheckpointBytes(copying: bytes))
            guard let damaged = try? EventIndex.read(from: &r) else { continue }
            for id in ids { _ = damaged[id]; _ = damaged.type(of: id) }
            _ = damaged.map { $0 }
        }
    }

    @Test func test_an_unknown_target_code_is_a_decoding_error_not_another_target() throws {
        var index = EventIndex()
        let id = UUID()
        index[id] = .checkIn(3)
        index.setType("PatrolCheckedIn", for: id)
        var w = CheckpointWriter()
        index.write(to: &w)
        // Type names (count, one string), an empty pool, the count, one id, one type code: then the kind.
        let kindAt = 8 + 8 + "PatrolCheckedIn".utf8.count + 8 + 8 + 16 + 2
        XCTAssertEqual(w.bytes[kindAt], TargetCode.checkIn.rawValue)
        for code in TargetCode.allCases {
            var bytes = w.bytes
            bytes[kindAt] = code.rawValue
            var r = CheckpointReader(CheckpointBytes(copying: bytes))
            let read = try EventIndex.read(from: &r)
            XCTAssertEqual(read[id].map { $0.parts.0 }, code)
        }
        // The codes are not contiguous (each feature took a range): every number no case has, including
        // those in the gaps between the ranges.
        for code in UInt8(0)..<EventIndex.noTarget where TargetCode(rawValue: code) == nil {
            var bytes = w.bytes
            bytes[kindAt] = code
            var r = CheckpointReader(CheckpointBytes(copying: bytes))
            XCTAssertThrowsError(try EventIndex.read(from: &r), "code \(code)")
        }
    }

    @Test func test_a_damaged_check_in_block_reads_wrongly_at_worst_and_never_traps() throws {
        let at = Date(timeIntervalSince1970: 1_790_000_000)
        var list = CheckInList()
        for n in 0..<30 {
            let note: String? = n % 5 == 0 ? "夜巡\(n)" : nil
            list.append(CheckIn(patrol: "P\(n % 4)", cell: "C0\(n % 3)", note: note,
                                at: at.addingTimeInterval(Double(n) * 60), event: UUID(), voided: n % 7 == 0))
        }
        var w = CheckpointWriter()
        list.write(to: &w)
        var clean = CheckpointReader(CheckpointBytes(copying: w.bytes))
        XCTAssertEqual(try CheckInList.read(from: &clean), list)
        for offset in 0..<w.bytes.count {
            var bytes = w.bytes
            bytes[offset] ^= 0xA5
            var r = CheckpointReader(CheckpointBytes(copying: bytes))
            guard let damaged = try? CheckInList.read(from: &r) else { continue }
            for checkIn in damaged { _ = checkIn.patrol.count + checkIn.cell.count + (checkIn.note?.count ?? 0) }
        }
    }
}
