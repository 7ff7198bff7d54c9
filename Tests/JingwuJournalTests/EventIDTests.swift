import Foundation
import JingwuTestSupport
import Testing

@testable import JingwuJournal

/// New event ids are UUID version 7 (`EventID`): the time they were made in front, so ids made
/// one after another sort in that order (what the station's unique index on event ids needs to
/// take them at its right edge).
@Suite(.serialized) final class EventIDTests {
    private func bytes(_ id: UUID) -> [UInt8] { withUnsafeBytes(of: id.uuid) { Array($0) } }

    @Test func test_the_layout_is_version_7_with_the_time_in_front() throws {
        let ms: UInt64 = 0x0193_A5B4_C6D7
        let id = EventID.make(milliseconds: ms, random: 0xFFFF_FFFF_FFFF_FFFF, 0)
        XCTAssertEqual(Array(bytes(id)[0..<6]), [0x01, 0x93, 0xA5, 0xB4, 0xC6, 0xD7])
        XCTAssertEqual(bytes(id)[6] >> 4, 7, "version")
        XCTAssertEqual(bytes(id)[8] >> 6, 0b10, "variant")
        // As text, the RFC's example shape: version digit 7, variant digit 8–b.
        let text = id.uuidString.lowercased()
        XCTAssertTrue(text.hasPrefix("0193a5b4-c6d7-7"), text)
        XCTAssertTrue("89ab".contains(Array(text)[19]), text)
        XCTAssertEqual(EventID.madeAt(id), Date(timeIntervalSince1970: Double(ms) / 1000))
        XCTAssertNil(EventID.madeAt(UUID(uuidString: "264373f7-bf1d-4a13-8e84-9bc819cd9a62")!), "version 4 has no time")
    }

    @Test func test_the_random_bits_are_used_and_two_ids_of_one_millisecond_differ() {
        let a = EventID.make(milliseconds: 1, random: 1, 2)
        let b = EventID.make(milliseconds: 1, random: 1, 3)
        let c = EventID.make(milliseconds: 1, random: 0x100, 2)
        XCTAssertNotEqual(a, b)
        XCTAssertNotEqual(a, c)
        XCTAssertNotEqual(EventID.make(), EventID.make())
    }

    @Test func test_ids_made_later_sort_after_as_bytes_and_as_text() {
        var previous: UUID?
        var generator = SystemRandomNumberGenerator()
        for ms in stride(from: UInt64(1_700_000_000_000), to: 1_700_000_000_000 + 5_000_000, by: 997) {
            let id = EventID.make(milliseconds: ms, random: generator.next(), generator.next())
            if let previous {
                XCTAssertTrue(bytes(previous).lexicographicallyPrecedes(bytes(id)), "\(previous) then \(id)")
                XCTAssertLessThan(previous.uuidString, id.uuidString)
            }
            previous = id
        }
    }

    @Test func test_times_before_1970_and_past_48_bits_are_clamped_not_wrapped() {
        XCTAssertEqual(EventID.milliseconds(Date(timeIntervalSince1970: -5)), 0)
        XCTAssertEqual(EventID.milliseconds(Date(timeIntervalSince1970: 1.2345)), 1234)
        let far = EventID.make(milliseconds: UInt64.max, random: 0, 0)
        XCTAssertEqual(Array(bytes(far)[0..<6]), [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
    }

    @Test func test_a_new_draft_gets_an_id_made_now() throws {
        let before = Date()
        let draft = EventDraft(type: "CellAdded", at: before, by: "031245", data: Data("{}".utf8))
        let made = try XCTUnwrap(EventID.madeAt(draft.id))
        XCTAssertLessThanOrEqual(abs(made.timeIntervalSince(before)), 60)
    }
}
