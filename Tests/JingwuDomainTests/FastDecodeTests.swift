import Foundation
import JingwuJournal
import XCTest

@testable import JingwuDomain

/// The specialised reader of our own records agrees with Foundation's `JSONDecoder` wherever it answers,
/// and leaves everything it does not expect to Foundation.
final class FastDecodeTests: XCTestCase {
    /// Foundation's reading of a payload, or nil when Foundation refuses it.
    private func foundation(_ type: String, _ version: Int, _ data: Data) -> DomainEvent? {
        guard let entry = EventRegistry.byType[type] else { return nil }
        return try? entry.decode(version, data, JSONDecoder())
    }

    /// Checks one payload; returns true when the fast reader answered.
    @discardableResult
    private func agree(_ type: String, _ version: Int, _ data: Data, _ what: @autoclosure () -> String) -> Bool {
        guard let fast = FastDecode.decode(type: type, data: data) else { return false }
        let slow = foundation(type, version, data)
        XCTAssertEqual(fast, slow, "\(type) \(what()): \(String(decoding: data, as: UTF8.self))")
        return true
    }

    /// The `data` of each golden line exactly as written there, and as JSONSerialization writes it again.
    private func goldenData() throws -> [(String, Int, Data)] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/events-v1.jsonl")
        let text = try String(contentsOf: url, encoding: .utf8)
        var out: [(String, Int, Data)] = []
        for line in text.split(separator: "\n") {
            let raw = Array(line.utf8)
            let key = Array(#","data":"#.utf8)
            let start = try XCTUnwrap((0...(raw.count - key.count)).first { Array(raw[$0..<($0 + key.count)]) == key })
            let data = Data(raw[(start + key.count)..<(raw.count - 1)])
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(raw)) as? [String: Any])
            let type = try XCTUnwrap(object["type"] as? String)
            let version = try XCTUnwrap(object["v"] as? Int)
            out.append((type, version, data))
            out.append((type, version, try JSONSerialization.data(withJSONObject: object["data"]!, options: [.sortedKeys])))
        }
        return out
    }

    func test_every_golden_event_reads_as_foundation_reads_it() throws {
        var answered = Set<String>()
        for (type, version, data) in try goldenData() where agree(type, version, data, "golden") {
            answered.insert(type)
        }
        XCTAssertEqual(answered, Set(FastDecode.types), "every type the reader knows has a golden line it reads")
    }

    /// A demo office's journal, as the demo generator writes it.
    private func demoRecords(days: Int, seed: UInt64) throws -> [JournalRecord] {
        let journal = try DemoFixture.shared(days: days, seed: seed).journal(id: UUID())
        var records: [JournalRecord] = []
        try journal.replayAll { records.append($0) }
        return records
    }

    func test_every_record_of_a_demo_journal_reads_as_foundation_reads_it() throws {
        let records = try demoRecords(days: 20, seed: 7)
        XCTAssertGreaterThan(records.count, 2000)
        var answered = 0
        for record in records where agree(record.type, record.version, record.data, "seq \(record.seq)") {
            answered += 1
        }
        XCTAssertGreaterThan(answered, records.count / 2, "most of a demo journal takes the fast path")
    }

    /// Payloads of the fast types with random contents: optional fields present, absent or null,
    /// strings with quotes, backslashes, slashes, control characters, Chinese and emoji.
    func test_random_payloads_read_as_foundation_reads_them_or_go_to_foundation() throws {
        var rng = SplitMix(seed: 2026)
        let pieces = ["P0001", "A01", "巡逻", "\"引号\"", "a\\b", "x/y", "tab\there", "line\nbreak", "😀", "", " ",
                      "\u{1}", "null", "110", "foot"]
        func text() -> String { (0..<rng.int(3)).map { _ in pieces[rng.int(pieces.count)] }.joined() }
        func maybe() -> String? { rng.int(3) == 0 ? nil : text() }
        let encoder = EventRegistry.makeEncoder()
        var answered = 0
        for n in 0..<3000 {
            let payload: any EventPayload
            switch n % 7 {
            case 0: payload = PatrolCheckedIn(patrol: text(), cell: text(), note: maybe())
            case 1: payload = PatrolStarted(patrol: text(), mode: PatrolMode.allCases[rng.int(PatrolMode.allCases.count)],
                                            dress: Dress.allCases[rng.int(Dress.allCases.count)], lead: text(),
                                            members: (0..<rng.int(3)).map { _ in text() },
                                            cells: (0..<rng.int(4)).map { _ in text() }, shift: maybe())
            case 2: payload = PatrolEnded(patrol: text(), summary: maybe())
            case 3: payload = StopCheckConducted(
                patrol: text(), cell: maybe(), subject: StopCheckSubject.allCases[rng.int(StopCheckSubject.allCases.count)],
                outcome: StopCheckOutcome.allCases[rng.int(StopCheckOutcome.allCases.count)], note: maybe())
            case 4: payload = HazardFound(patrol: maybe(), cell: text(),
                                          category: HazardCategory.allCases[rng.int(HazardCategory.allCases.count)], note: text())
            case 5: payload = IncidentLogged(incident: text(), cell: text(), kind: IncidentKind.allCases[rng.int(IncidentKind.allCases.count)],
                                             summary: text(), source: IncidentSource.allCases[rng.int(IncidentSource.allCases.count)],
                                             person: maybe(), dispute: maybe())
            default: payload = IncidentClosed(incident: text(),
                                              disposition: IncidentDisposition.allCases[rng.int(IncidentDisposition.allCases.count)],
                                              note: maybe())
            }
            let type = payload.asEvent.type
            let version = Self.version(of: payload)
            let data = try EventRegistry.encode(payload, backdateReason: rng.int(5) == 0 ? text() : nil, encoder: encoder)
            if agree(type, version, data, "random \(n)") {
                answered += 1
                XCTAssertEqual(FastDecode.decode(type: type, data: data)?.type, type)
            }
        }
        XCTAssertGreaterThan(answered, 500)
    }

    private static func version<P: EventPayload>(of payload: P) -> Int { P.version }

    /// What our encoder never writes is left to Foundation, which accepts or refuses it as before.
    func test_unexpected_shapes_are_left_to_foundation() throws {
        let type = PatrolCheckedIn.type
        for text in [
            #"{"cell":"A01","patrol":"P0001","extra":"x"}"#,    // a key the reader does not know
            #"{"cell":"A\u0030","patrol":"P0001"}"#,             // an escape
            #"{"cell": "A01","patrol":"P0001"}"#,                // whitespace
            #"{"cell":"A01","patrol":1}"#,                       // a number
            #"{"cell":"A01","patrol":null}"#,                    // null for a required field
            #"{"cell":"A01"}"#,                                  // a missing field
            #"{"cell":"A01","cell":"A02","patrol":"P0001"}"#,    // a repeated key
            #"{"cell":"A01","note":{"a":"b"},"patrol":"P0001"}"#, // a nested object
            #"{"cell":"A01","patrol":"P0001""#,                  // cut short
        ] {
            XCTAssertNil(FastDecode.decode(type: type, data: Data(text.utf8)), text)
        }
        XCTAssertNil(FastDecode.decode(type: type, data: Data([123, 34, 99, 101, 108, 108, 34, 58, 34, 0xff, 34, 125])),
                     "invalid UTF-8")
        XCTAssertNil(FastDecode.decode(type: PatrolStarted.type, data: Data(
            #"{"cells":[],"dress":"uniformed","lead":"F1","members":[],"mode":"rocket","patrol":"P1"}"#.utf8)),
            "a code this build does not know")
        // Through the registry, the unexpected still decodes (or fails) exactly as Foundation says.
        let escaped = Data(#"{"cell":"A\u0030","patrol":"P0001"}"#.utf8)
        XCTAssertEqual(try EventRegistry.decode(type: type, version: 1, data: escaped, decoder: JSONDecoder()),
                       .patrolCheckedIn(PatrolCheckedIn(patrol: "P0001", cell: "A0")))
        XCTAssertThrowsError(try EventRegistry.decode(type: type, version: 1, data: Data(#"{"cell":"A01"}"#.utf8),
                                                      decoder: JSONDecoder()))
        XCTAssertThrowsError(try EventRegistry.decode(type: type, version: 2, data: Data(#"{"cell":"A01","patrol":"P1"}"#.utf8),
                                                      decoder: JSONDecoder()), "a newer version than this build knows")
    }
}

/// A small deterministic random source for generated payloads.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
