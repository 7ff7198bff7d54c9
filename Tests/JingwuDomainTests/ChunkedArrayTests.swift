import Foundation
import JingwuJournal
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// The books' long lists (a station-year's patrols, the check-in and event-index columns) are kept
/// in chunks, so that changing one value while a copy of the state is held (the console saves a
/// checkpoint from a copy while the operator goes on writing) copies one chunk, not the list.
@Suite(.serialized) final class ChunkedArrayTests {
    @Test func test_it_reads_and_writes_like_an_array_across_chunk_boundaries() {
        var array: [Int] = []
        var chunked = ChunkedArray<Int>()
        chunked.reserveCapacity(3000)
        for i in 0..<3000 {
            array.append(i * 7)
            chunked.append(i * 7)
        }
        XCTAssertEqual(chunked.count, 3000)
        XCTAssertEqual(Array(chunked), array)
        for i in [0, 1023, 1024, 1025, 2047, 2048, 2999] {
            chunked[i] += 1
            array[i] += 1
        }
        XCTAssertEqual(Array(chunked), array)
        XCTAssertEqual(ChunkedArray(array), chunked)
        var bytes: [Int] = []
        chunked.forEachChunk { bytes += $0 }
        XCTAssertEqual(bytes, array)
        XCTAssertEqual(Array(chunked.reversed()), array.reversed())
        XCTAssertNotEqual(ChunkedArray(array.dropLast()), chunked)
    }

    @Test func test_changing_a_shared_list_copies_only_the_changed_chunk() {
        var original = ChunkedArray<String>((0..<5000).map { "P\($0)" })
        let saved = original  // the checkpoint saver's copy
        original[4500] += "（已改）"
        original.append("P5000")
        XCTAssertEqual(saved[4500], "P4500")
        XCTAssertEqual(saved.count, 5000)
        XCTAssertEqual(original[4500], "P4500（已改）")
        XCTAssertEqual(original.count, 5001)
        for chunk in 0..<4 { XCTAssertTrue(original.sharesChunk(chunk, with: saved), "chunk \(chunk) was copied") }
        XCTAssertFalse(original.sharesChunk(4, with: saved))
    }

    /// The patrols of a replayed office: a check-in folded while a copy of the state is held
    /// leaves every other chunk of patrols shared with the copy.
    @Test func test_a_check_in_while_a_copy_of_the_state_is_held_copies_one_chunk_of_patrols() throws {
        let at = RFC3339.parse("2026-11-23T09:30:00+08:00")!
        var state = OfficeState(policy: .standard)
        var seq: UInt64 = 0
        func apply(_ event: DomainEvent) {
            seq += 1
            let id = UUID(uuidString: String(format: "00000000-0000-4000-8000-%012X", seq))!
            state.apply(event, Envelope(id: id, seq: seq, at: at.addingTimeInterval(Double(seq)), recorded: at, by: "031245"))
        }
        for n in 1...3000 { apply(PatrolStarted(patrol: ShortID.make("P", n), mode: .foot, lead: "031245").asEvent) }
        let saved = state
        apply(PatrolCheckedIn(patrol: "P0010", cell: "C1").asEvent)
        XCTAssertEqual(state.patrols.patrol("P0010")?.checkIns.count, 1)
        XCTAssertEqual(saved.patrols.patrol("P0010")?.checkIns.count, 0)
        XCTAssertEqual(state.patrols.patrols.count, 3000)
        XCTAssertTrue(state.patrols.patrols.sharesTail(chunk: 1, with: saved.patrols.patrols))
        XCTAssertTrue(state.patrols.patrols.sharesTail(chunk: 2, with: saved.patrols.patrols))
        XCTAssertFalse(state.patrols.patrols.sharesTail(chunk: 0, with: saved.patrols.patrols))
    }
}
