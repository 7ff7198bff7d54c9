import Foundation
import JingwuJournal
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// The fold changes the office's books in place. A fold that copied a book for every event
/// (session 7's `WritableKeyPath` helpers over the lazy books went through get and set: a
/// station-year's cold open went from 4.7 s to 22 s) is caught here without timing anything:
/// an array appended to in place moves to new storage only when it grows (a few dozen times
/// over thousands of appends), one copied per event moves at every event.
@Suite(.serialized) final class FoldCopyTests {
    private let at = RFC3339.parse("2026-11-23T09:30:00+08:00")!
    private var seq: UInt64 = 0

    private func apply(_ event: DomainEvent, to state: inout OfficeState) {
        seq += 1
        let id = UUID(uuidString: String(format: "00000000-0000-4000-8000-%012X", seq))!
        state.apply(event, Envelope(id: id, seq: seq, at: at.addingTimeInterval(Double(seq) * 400), recorded: at, by: "031245"))
    }

    /// Folds `count` events made by `make`, and counts how often the storage `watch` reads moved.
    private func moves(_ count: Int, _ state: inout OfficeState, _ make: (Int) -> DomainEvent,
                       watch: (OfficeState) -> UnsafeRawPointer?) -> Int {
        var last = watch(state)
        var moved = 0
        for n in 0..<count {
            apply(make(n), to: &state)
            let now = watch(state)
            if now != last { moved += 1 }
            last = now
        }
        return moved
    }

    private static func address<T>(_ array: [T]) -> UnsafeRawPointer? {
        array.withUnsafeBufferPointer { $0.baseAddress.map { UnsafeRawPointer($0) } }
    }

    @Test func test_folding_events_changes_the_books_in_place() throws {
        var state = OfficeState(policy: .standard)
        let count = 3000
        // A patrol's check-ins (the bulk of a station-year).
        apply(PatrolStarted(patrol: "P0001", mode: .foot, lead: "031245").asEvent, to: &state)
        let checkIns = moves(count, &state, { n in PatrolCheckedIn(patrol: "P0001", cell: "C\(n % 7)").asEvent }) {
            $0.patrols.patrol("P0001").flatMap { Self.address($0.checkIns) }
        }
        XCTAssertEqual(state.patrols.patrol("P0001")?.checkIns.count, count)
        XCTAssertLessThan(checkIns, 40, "a patrol's check-ins were copied while folding")

        // A lazy book (persons, decoded from a checkpoint on first use): visits.
        apply(PersonListed(person: "K0001", name: "张三", idNumber: "110101199003074514", category: .released,
                           residency: .presentRegistered, cell: "C1", officer: "031245").asEvent, to: &state)
        let visits = moves(count, &state, { _ in
            VisitRecorded(person: "K0001", method: .home, officer: "031245", findings: "在家").asEvent
        }) { Self.address($0.persons.visits) }
        XCTAssertEqual(state.persons.visits.count, count)
        XCTAssertLessThan(visits, 40, "the persons book was copied while folding")

        // Another lazy book: incidents.
        let incidents = moves(count, &state, { n in
            IncidentLogged(incident: String(format: "I%05d", n + 1), cell: "C1", kind: .help, summary: "求助",
                           source: .walkIn).asEvent
        }) { Self.address($0.incidents.incidents) }
        XCTAssertEqual(state.incidents.count, count)
        XCTAssertLessThan(incidents, 40, "the incident book was copied while folding")
    }
}
