import Foundation
import JingwuJournal
import XCTest

@testable import JingwuDomain

/// The compact event index (`state.targets`, `state.eventTypes`) and the
/// checkpoint's coverage of every projection.
final class CheckpointIndexTests: XCTestCase {
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

    func test_a_state_holding_every_event_type_survives_the_checkpoint_exactly() throws {
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

    func test_the_event_index_answers_as_a_dictionary_would() {
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
        for id in ids {
            XCTAssertEqual(index[id], targets[id])
            XCTAssertEqual(index.type(of: id), types[id])
        }
        XCTAssertNil(index[UUID()])
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: index.map { ($0.key, $0.value) }), targets)
        let rebuilt = EventIndex(ids: index.ids, targets: index.targetList, typeCodes: index.typeCodes,
                                 typeNames: index.typeNames)
        XCTAssertEqual(rebuilt, index)
        var other = index
        other[ids[0]] = .correction
        XCTAssertNotEqual(other, index)
    }

    func test_an_index_with_a_repeated_id_or_unknown_type_code_is_refused() {
        let id = UUID()
        XCTAssertNil(EventIndex(ids: [id, id], targets: [nil, nil], typeCodes: [0, 0], typeNames: ["A"]))
        XCTAssertNil(EventIndex(ids: [id], targets: [nil], typeCodes: [3], typeNames: ["A"]))
        XCTAssertNotNil(EventIndex(ids: [id], targets: [.correction], typeCodes: [0], typeNames: ["A"]))
    }
}
