import Foundation
import JingwuJournal
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// The golden file holds one event of every type as version 1 wrote it. It is
/// never regenerated: if a payload's shape changes, old journals must still decode.
@Suite(.serialized) final class GoldenEventsTests {
    struct GoldenLine {
        var type: String
        var version: Int
        var data: Data
        var object: [String: Any]
    }

    static func goldenLines() throws -> [GoldenLine] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/events-v1.jsonl")
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let data = try JSONSerialization.data(withJSONObject: try XCTUnwrap(object["data"]), options: [.sortedKeys])
            return GoldenLine(type: try XCTUnwrap(object["type"] as? String), version: try XCTUnwrap(object["v"] as? Int),
                              data: data, object: try XCTUnwrap(object["data"] as? [String: Any]))
        }
    }

    @Test func test_every_golden_event_decodes_as_its_type() throws {
        let lines = try Self.goldenLines()
        XCTAssertFalse(lines.isEmpty)
        for line in lines {
            let event = try EventRegistry.decode(type: line.type, version: line.version, data: line.data, decoder: JSONDecoder())
            XCTAssertEqual(event?.type, line.type, "golden \(line.type) decoded as \(String(describing: event?.type))")
        }
    }

    @Test func test_decoding_keeps_every_golden_field() throws {
        // A renamed optional field would decode to nil silently; re-encoding shows the loss.
        for line in try Self.goldenLines() {
            let event = try XCTUnwrap(try EventRegistry.decode(type: line.type, version: line.version, data: line.data,
                                                                decoder: JSONDecoder()))
            let encoded = try EventRegistry.encode(event.payload)
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: encoded) as? [String: Any])
            for (key, value) in line.object {
                XCTAssertNotNil(object[key], "\(line.type).\(key) was lost in decoding")
                // As sorted JSON: a nested object's keys (a settlement's lines) have no order of their own.
                func json(_ v: Any?) -> String? {
                    v.flatMap { try? JSONSerialization.data(withJSONObject: [$0], options: [.sortedKeys]) }
                        .map { String(decoding: $0, as: UTF8.self) }
                }
                XCTAssertEqual(json(object[key]), json(value), "\(line.type).\(key) changed in decoding")
            }
        }
    }

    @Test func test_every_registered_type_has_a_golden_line_and_no_golden_line_is_unknown() throws {
        let golden = Set(try Self.goldenLines().map(\.type))
        XCTAssertEqual(golden, Set(EventRegistry.types))
        XCTAssertEqual(EventRegistry.types.count, Set(EventRegistry.types).count, "a type is registered twice")
    }

    @Test func test_golden_values_are_read_into_the_right_fields() throws {
        let lines = try Self.goldenLines()
        let listed = try XCTUnwrap(lines.first { $0.type == PersonListed.type })
        guard case .personListed(let person)? = try EventRegistry.decode(type: listed.type, version: 1, data: listed.data,
                                                                          decoder: JSONDecoder())
        else { return XCTFail("PersonListed did not decode") }
        XCTAssertEqual(person.person, "K0001")
        XCTAssertEqual(person.residency, .presentRegistered)
        XCTAssertEqual(person.category, .released)
        XCTAssertEqual(person.intervalDays, 30)
    }

    @Test func test_a_newer_version_than_known_is_refused_naming_both_versions() {
        XCTAssertThrowsError(try EventRegistry.decode(type: PatrolEnded.type, version: 2, data: Data(#"{"patrol":"P0001"}"#.utf8),
                                                      decoder: JSONDecoder())) { error in
            let error = error as? DomainError
            XCTAssertEqual(error?.reason, .newerEventVersion)
            XCTAssertEqual(error?.value, "2")
            XCTAssertEqual(error?.detail["known"], "1")
        }
    }

    @Test func test_unknown_types_are_not_domain_events() throws {
        XCTAssertNil(try EventRegistry.decode(type: "SomethingNew", version: 1, data: Data("{}".utf8), decoder: JSONDecoder()))
    }

    @Test func test_payload_data_is_compact_with_sorted_keys() throws {
        let data = try EventRegistry.encode(PatrolCheckedIn(patrol: "P0001", cell: "C01", note: "东门"))
        XCTAssertEqual(String(decoding: data, as: UTF8.self), #"{"cell":"C01","note":"东门","patrol":"P0001"}"#)
    }
}
