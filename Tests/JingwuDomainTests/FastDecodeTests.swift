import Foundation
import JingwuJournal
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// The specialised reader of our own records agrees with Foundation's `JSONDecoder` wherever it answers,
/// and leaves everything it does not expect to Foundation.
@Suite(.serialized) final class FastDecodeTests {
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

    @Test func test_every_golden_event_reads_as_foundation_reads_it() throws {
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

    @Test func test_every_record_of_a_demo_journal_reads_as_foundation_reads_it() throws {
        let records = try demoRecords(days: 20, seed: 7)
        XCTAssertGreaterThan(records.count, 2000)
        var answered = 0
        for record in records where agree(record.type, record.version, record.data, "seq \(record.seq)") {
            answered += 1
        }
        // Issue 19's households, residents, 联户长 and their points take the fast path too (a new office
        // enters them at its start: they are most of a 20-day demo); the rarer registers do not.
        let slow: Set<String> = ["GridAdded", "BuildingAdded", "RentalRegistered", "RentalInspected",
                                 "HouseholdLeaderSubsidySettled", "OfficerEnrolled"]
        let others = records.filter { !slow.contains($0.type) }.count
        XCTAssertGreaterThan(answered, others * 9 / 10, "nearly all of a demo journal takes the fast path")
        for type in ["HouseholdAdded", "ResidentRegistered", "HouseholdLeaderPointsAwarded", "HouseholdLeaderAssigned"] {
            let ofType = records.filter { $0.type == type }
            XCTAssertFalse(ofType.isEmpty, type)
            XCTAssertTrue(ofType.allSatisfy { FastDecode.decode(type: type, data: $0.data) != nil }, "every \(type) is read fast")
        }
    }

    /// Payloads of the fast types with random contents: optional fields present, absent or null,
    /// strings with quotes, backslashes, slashes, control characters, Chinese and emoji.
    @Test func test_random_payloads_read_as_foundation_reads_them_or_go_to_foundation() throws {
        var rng = SplitMix(seed: 2026)
        let pieces = ["P0001", "A01", "巡逻", "\"引号\"", "a\\b", "x/y", "tab\there", "line\nbreak", "😀", "", " ",
                      "\u{1}", "null", "110", "foot"]
        func text() -> String { (0..<rng.int(3)).map { _ in pieces[rng.int(pieces.count)] }.joined() }
        func maybe() -> String? { rng.int(3) == 0 ? nil : text() }
        let encoder = EventRegistry.makeEncoder()
        var answered = 0
        for n in 0..<3000 {
            let payload: any EventPayload
            switch n % 11 {
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
            case 6: payload = IncidentClosed(incident: text(),
                                             disposition: IncidentDisposition.allCases[rng.int(IncidentDisposition.allCases.count)],
                                             note: maybe())
            case 7: payload = HazardCleared(hazard: text(), by: text(), note: text())
            case 8: payload = FraudWarningReceived(warning: text(), level: FraudLevel.allCases[rng.int(FraudLevel.allCases.count)],
                                                   target: text(), person: maybe(), phone: text(), cell: maybe(), note: maybe())
            case 9: payload = FraudDissuasionRecorded(
                warning: text(), by: text(), method: DissuasionMethod.allCases[rng.int(DissuasionMethod.allCases.count)],
                outcome: DissuasionOutcome.allCases[rng.int(DissuasionOutcome.allCases.count)], note: maybe())
            default: payload = VisitRecorded(person: text(), method: VisitMethod.allCases[rng.int(VisitMethod.allCases.count)],
                                             officer: text(), participants: (0..<rng.int(3)).map { _ in text() },
                                             findings: text(),
                                             observed: rng.int(3) == 0 ? nil : Residency.allCases[rng.int(Residency.allCases.count)])
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
    @Test func test_unexpected_shapes_are_left_to_foundation() throws {
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

extension FastDecodeTests {
    /// Adversarial data of the types read since the anti-fraud records, hazards cleared and visits
    /// joined the reader: wherever it answers it answers as Foundation does, and whatever
    /// Foundation refuses it leaves to Foundation (so the registry refuses it exactly as before).
    @Test func test_adversarial_payloads_of_the_later_types_read_as_foundation_reads_them() throws {
        let cases: [(String, String)] = [
            (HazardCleared.type, #"{"by":"F1","hazard":"H0001","note":"已整改"}"#),
            (HazardCleared.type, #"{"by":"F1","hazard":"H0001"}"#),                         // missing note
            (HazardCleared.type, #"{"by":"F1","hazard":"H0001","note":null}"#),             // null for required
            (HazardCleared.type, #"{"by":1,"hazard":"H0001","note":"x"}"#),                 // a number
            (HazardCleared.type, #"{"by":["F1"],"hazard":"H0001","note":"x"}"#),            // an array
            (HazardCleared.type, #"{"by":"F1","hazard":"H0001","note":"a"b"}"#),           // an escape
            (HazardCleared.type, #"{"by":"F1","hazard":"H0001","note":"x","extra":1}"#),    // unknown key
            (HazardCleared.type, #"{"by":"F1","hazard":"H0001","note":"x","backdateReason":"补录"}"#),
            (FraudWarningReceived.type, #"{"level":"high","phone":"1","target":"t","warning":"F0001"}"#),
            (FraudWarningReceived.type, #"{"level":"extreme","phone":"1","target":"t","warning":"F0001"}"#), // unknown code
            (FraudWarningReceived.type, #"{"level":null,"phone":"1","target":"t","warning":"F0001"}"#),
            (FraudWarningReceived.type, #"{"cell":null,"level":"low","note":null,"person":null,"phone":"1","target":"t","warning":"F1"}"#),
            (FraudWarningReceived.type, #"{"cell":7,"level":"low","phone":"1","target":"t","warning":"F1"}"#),
            (FraudWarningReceived.type, #"{"level":"low","phone":"1","target":"t"}"#),      // missing warning
            (FraudWarningReceived.type, #"{"level":"low","phone":"1","phone":"2","target":"t","warning":"F1"}"#), // repeated
            (FraudDissuasionRecorded.type, #"{"by":"F1","method":"home","outcome":"dissuaded","warning":"F0001"}"#),
            (FraudDissuasionRecorded.type, #"{"by":"F1","method":"telepathy","outcome":"dissuaded","warning":"F0001"}"#),
            (FraudDissuasionRecorded.type, #"{"by":"F1","method":"home","outcome":["dissuaded"],"warning":"F0001"}"#),
            (FraudDissuasionRecorded.type, #"{"by":"F1","method":"home","note":true,"outcome":"dissuaded","warning":"F1"}"#),
            (VisitRecorded.type, #"{"findings":"f","method":"home","officer":"F1","participants":[],"person":"K0001"}"#),
            (VisitRecorded.type, #"{"findings":"f","method":"home","officer":"F1","person":"K0001"}"#), // missing list
            (VisitRecorded.type, #"{"findings":"f","method":"home","observed":null,"officer":"F1","participants":["a"],"person":"K1"}"#),
            (VisitRecorded.type, #"{"findings":"f","method":"home","observed":"moon","officer":"F1","participants":[],"person":"K1"}"#),
            (VisitRecorded.type, #"{"findings":"f","method":"home","observed":1,"officer":"F1","participants":[],"person":"K1"}"#),
            (VisitRecorded.type, #"{"findings":"f","method":"home","observed":null,"observed":"moon","officer":"F1","participants":[],"person":"K1"}"#),
            (VisitRecorded.type, #"{"findings":"f","method":"home","officer":"F1","participants":[1],"person":"K1"}"#),
            (VisitRecorded.type, #"{"findings":"f","method":"home","officer":"F1","participants":"a","person":"K1"}"#),
            (VisitRecorded.type, #"{"findings":"f","method":"home","officer":"F1","participants":[null],"person":"K1"}"#),
        ]
        var answered = 0
        for (type, text) in cases {
            let data = Data(text.utf8)
            if agree(type, 1, data, "adversarial") { answered += 1 }
            // Through the registry: the same event, or the same refusal, as Foundation alone gives.
            let viaRegistry = Result { try EventRegistry.decode(type: type, version: 1, data: data, decoder: JSONDecoder()) }
            let viaFoundation = Result { try EventRegistry.byType[type]!.decode(1, data, JSONDecoder()) }
            switch (viaRegistry, viaFoundation) {
            case (.success(let a), .success(let b)): XCTAssertEqual(a, b, text)
            case (.failure(let a as DomainError), .failure(let b)):
                XCTAssertEqual(a.reason, .unreadableEvent, text)
                XCTAssertEqual(a.value, String(describing: b), text)
            default: XCTFail("registry and Foundation disagree on \(text): \(viaRegistry) / \(viaFoundation)")
            }
        }
        XCTAssertGreaterThanOrEqual(answered, 6, "the well-formed ones take the fast path")
    }
}

extension FastDecodeTests {
    /// Numbers and booleans (the registers' `unit` and `points`, a task's `done`): read only as our
    /// encoder writes them; every other spelling of a number is left to Foundation, which decides.
    @Test func test_numbers_and_booleans_read_as_foundation_reads_them() throws {
        let points = HouseholdLeaderPointsAwarded.type
        func award(_ value: String) -> String {
            #"{"award":"JF0001","community":"铁西社区","item":"R05","leader":"L1","month":"2025-12","points":"# + value
                + #","reason":"建议"}"#
        }
        let fast = ["0", "3", "-2", "12", "999999999999999999", "-999999999999999999"]
        let slow = ["03", "-0", "3.0", "3e0", "1.5", "-", "+3", "9999999999999999999", "\"3\"", "true", "null", "[3]", "3 "]
        for value in fast {
            let data = Data(award(value).utf8)
            XCTAssertTrue(agree(points, 1, data, "points \(value)"), value)
            guard case .householdLeaderPointsAwarded(let event)? = FastDecode.decode(type: points, data: data) else {
                return XCTFail(value)
            }
            XCTAssertEqual(event.points, Int(value))
        }
        for value in slow {
            XCTAssertNil(FastDecode.decode(type: points, data: Data(award(value).utf8)), value)
        }
        let closed = VolunteerTaskClosed.type
        for (text, done) in [(#"{"done":true,"note":"按时完成","task":"RW0001"}"#, true),
                             (#"{"done":false,"note":"","task":"RW0001"}"#, false)] {
            XCTAssertTrue(agree(closed, 1, Data(text.utf8), "done"), text)
            guard case .volunteerTaskClosed(let event)? = FastDecode.decode(type: closed, data: Data(text.utf8)) else {
                return XCTFail(text)
            }
            XCTAssertEqual(event.done, done)
        }
        for text in [#"{"done":"true","note":"","task":"RW1"}"#, #"{"done":1,"note":"","task":"RW1"}"#,
                     #"{"done":tru,"note":"","task":"RW1"}"#, #"{"done":truex,"note":"","task":"RW1"}"#,
                     #"{"done":null,"note":"","task":"RW1"}"#, #"{"done":true,"done":false,"note":"","task":"RW1"}"#,
                     #"{"note":"","task":"RW1"}"#] {
            XCTAssertNil(FastDecode.decode(type: closed, data: Data(text.utf8)), text)
            // Through the registry: what Foundation makes of it, exactly.
            let viaRegistry = Result { try EventRegistry.decode(type: closed, version: 1, data: Data(text.utf8), decoder: JSONDecoder()) }
            let viaFoundation = Result { try EventRegistry.byType[closed]!.decode(1, Data(text.utf8), JSONDecoder()) }
            switch (viaRegistry, viaFoundation) {
            case (.success(let a), .success(let b)): XCTAssertEqual(a, b, text)
            case (.failure, .failure): break
            default: XCTFail("registry and Foundation disagree on \(text)")
            }
        }
    }

    /// Generated payloads of the register types: whatever the reader answers, Foundation answers the same.
    @Test func test_random_register_payloads_read_as_foundation_reads_them() throws {
        var rng = SplitMix(seed: 19)
        let pieces = ["HH0001", "B0001", "方晨超", "\"引号\"", "a\\b", "tab\there", "😀", "", " ", "\u{1}", "null", "101"]
        func text() -> String { (0..<rng.int(3)).map { _ in pieces[rng.int(pieces.count)] }.joined() }
        func maybe() -> String? { rng.int(3) == 0 ? nil : text() }
        func number() -> Int { [0, 1, -1, 12, Int.max, Int.min, 1 << 40][rng.int(7)] }
        let encoder = EventRegistry.makeEncoder()
        var answered = 0
        for n in 0..<1600 {
            let payload: any EventPayload
            switch n % 8 {
            case 0: payload = HouseholdLeaderPointsAwarded(award: text(), leader: text(), community: text(), month: text(),
                                                           item: text(), points: number(), reason: text())
            case 1: payload = ResidentRegistered(resident: text(), household: text(), name: text(), idNumber: text(),
                                                 status: Residency.allCases[rng.int(Residency.allCases.count)],
                                                 stayFrom: maybe(), stayUntil: maybe())
            case 2: payload = HouseholdAdded(household: text(), building: text(), unit: number(), door: text(), address: text())
            case 3: payload = HouseholdLeaderAssigned(leader: text(), units: (0..<rng.int(3)).map { _ in text() },
                                                      households: (0..<rng.int(4)).map { _ in text() })
            case 4: payload = TipReceived(tip: text(), source: TipSource.allCases[rng.int(TipSource.allCases.count)], from: text(),
                                          channel: TipChannel.allCases[rng.int(TipChannel.allCases.count)], what: text(),
                                          cell: maybe())
            case 5: payload = VolunteerTaskIssued(task: text(), team: text(), kind: text(), due: text(), description: text())
            case 6: payload = VolunteerTaskClosed(task: text(), done: rng.int(2) == 0, note: text())
            default: payload = IncidentArrived(incident: text(), officer: text())
            }
            let type = payload.asEvent.type
            let data = try EventRegistry.encode(payload, backdateReason: rng.int(5) == 0 ? text() : nil, encoder: encoder)
            if agree(type, 1, data, "random \(n)") { answered += 1 }
        }
        XCTAssertGreaterThan(answered, 300)
    }

    /// The readers of the roster, the shifts, tips' links and rentals (session 15) hold to Foundation on
    /// random contents (optional fields present or absent, every code, odd strings), on `null` for an
    /// optional field, and leave a payload without a required field to Foundation.
    @Test func test_random_roster_shift_link_and_rental_payloads_read_as_foundation_reads_them() throws {
        var rng = SplitMix(seed: 15)
        let pieces = ["F101", "031245", "S0001", "卢强勇", "\"引号\"", "a\\b", "x/y", "tab\there", "😀", "", " ", "\u{1}", "null"]
        func text() -> String { (0..<rng.int(3)).map { _ in pieces[rng.int(pieces.count)] }.joined() }
        func maybe() -> String? { rng.int(3) == 0 ? nil : text() }
        func list() -> [String] { (0..<rng.int(4)).map { _ in text() } }
        let encoder = EventRegistry.makeEncoder()
        var answeredTypes = Set<String>()
        var answered = 0
        for n in 0..<1800 {
            let payload: any EventPayload
            switch n % 6 {
            case 0: payload = OfficerEnrolled(badge: text(), name: text(), role: OfficerRole.allCases[rng.int(OfficerRole.allCases.count)])
            case 1: payload = ShiftOpened(shift: text(), duty: text(), team: list(), template: maybe(), leadPolice: maybe())
            case 2: payload = ShiftHandedOver(shift: text(), from: text(), to: text(), notes: text(), carried: list())
            case 3: payload = ShiftAcknowledged(shift: text(), by: text(), objections: maybe())
            case 4: payload = TipLinked(tip: text(), outcome: TipOutcome.allCases[rng.int(TipOutcome.allCases.count)], record: text())
            default: payload = RentalRegistered(rental: text(), household: text(), landlord: text(), landlordPhone: maybe())
            }
            let type = payload.asEvent.type
            let data = try EventRegistry.encode(payload, backdateReason: rng.int(5) == 0 ? text() : nil, encoder: encoder)
            if agree(type, Self.version(of: payload), data, "random \(n)") {
                answered += 1
                answeredTypes.insert(type)
                XCTAssertEqual(FastDecode.decode(type: type, data: data)?.type, type)
            }
        }
        XCTAssertGreaterThan(answered, 300)
        XCTAssertEqual(answeredTypes, ["OfficerEnrolled", "ShiftOpened", "ShiftHandedOver", "ShiftAcknowledged", "TipLinked",
                                       "RentalRegistered"])
        // `null` for an optional field reads as absent, as `decodeIfPresent` reads it.
        for (type, version, json) in [
            ("ShiftOpened", 2, #"{"duty":"F1","leadPolice":null,"shift":"S1","team":[],"template":null}"#),
            ("ShiftAcknowledged", 1, #"{"by":"F1","objections":null,"shift":"S1"}"#),
            ("RentalRegistered", 1, #"{"household":"HH1","landlord":"武勇","landlordPhone":null,"rental":"RT1"}"#),
        ] {
            XCTAssertTrue(agree(type, version, Data(json.utf8), "null"), "\(type) with null is read fast")
        }
        // A required field missing (or a code no list has): not answered here; Foundation refuses it.
        for (type, json) in [("ShiftOpened", #"{"duty":"F1","shift":"S1"}"#),
                             ("ShiftHandedOver", #"{"from":"F1","notes":"","shift":"S1","to":"F2"}"#),
                             ("OfficerEnrolled", #"{"badge":"031245","name":"卢强勇","role":"chief"}"#),
                             ("TipLinked", #"{"outcome":"hazard","tip":"XS1"}"#)] {
            XCTAssertNil(FastDecode.decode(type: type, data: Data(json.utf8)), json)
            XCTAssertNil(foundation(type, 1, Data(json.utf8)), json)
        }
    }
}

/// The demo's generator (`SplitMix64`) as the random source for generated payloads.
private typealias SplitMix = SplitMix64
extension SplitMix64 {
    fileprivate mutating func int(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
