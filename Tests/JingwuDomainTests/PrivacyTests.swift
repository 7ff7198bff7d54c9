import Foundation
import JingwuJournal
import JingwuResources
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// ID numbers masked everywhere; the reveal is recorded; no report of a demo office
/// carries a whole ID number in any format.
@Suite(.serialized) final class PrivacyTests {
    /// Every run of 17 digits and a digit or X in `text` that is a valid GB 11643 number.
    static func wholeIDNumbers(in text: String) -> [String] {
        let characters = Array(text)
        // `ResidentID.validate` accepts an 18-character window only when, cleaned (which never
        // adds a character) and upper-cased, it is 17 ASCII digits and a digit or X: so only the
        // windows of that shape are handed to it, and it decides exactly as before.
        let digit = characters.map { $0.isASCII && $0.isNumber }
        var run = [Int](repeating: 0, count: characters.count + 1)  // ASCII digits starting at i
        for i in stride(from: characters.count - 1, through: 0, by: -1) { run[i] = digit[i] ? run[i + 1] + 1 : 0 }
        var found: [String] = []
        var i = 0
        while i + 18 <= characters.count {
            let last = characters[i + 17]
            if run[i] >= 17, digit[i + 17] || last == "X" || last == "x" {
                let candidate = String(characters[i..<(i + 18)])
                if (try? ResidentID.validate(candidate, today: Date())) != nil { found.append(candidate) }
            }
            i += 1
        }
        return found
    }

    @Test func test_masks_keep_region_and_last_four_of_an_id_and_three_and_four_of_a_mobile() {
        XCTAssertEqual(Privacy.maskIDNumber("110101199001010011"), "110101********0011")
        XCTAssertEqual(Privacy.maskIDNumber("11010519491231002X"), "110105********002X")
        XCTAssertEqual(Privacy.maskPhone("13800138000"), "138****8000")
        XCTAssertEqual(Privacy.maskPhone("08716543210"), "087****3210")
        XCTAssertEqual(Privacy.maskPhone("6543210"), "*****10")
    }

    @Test func test_mask_numbers_in_text_leaves_other_digits_alone() {
        let text = #"{"idNumber":"11010519491231002X","phone":"13800138000","seq":1234567890,"at":"2026-11-23T09:30:00+08:00"}"#
        XCTAssertEqual(Privacy.maskNumbers(in: text),
                       #"{"idNumber":"110105********002X","phone":"138****8000","seq":1234567890,"at":"2026-11-23T09:30:00+08:00"}"#)
        // Issue 14: a run of 19 digits is an ID with a digit too many (or a bank card): it keeps only its last 4.
        XCTAssertEqual(Privacy.maskNumbers(in: "1234567890123456789"), "***************6789")
    }

    @Test func test_event_ids_and_hashes_are_never_masked_even_where_they_hold_eleven_digits_starting_with_1() {
        // Seen in `jingwu log --json`: the last group of a UUID read as a mobile number.
        for id in ["8504d77b-f4ec-44e4-9ca5-11823885164d", "6916dd78-e747-47a5-ae91-a14290951214"] {
            XCTAssertEqual(Privacy.maskNumbers(in: #"{"id":"\#(id)"}"#), #"{"id":"\#(id)"}"#)
        }
        XCTAssertEqual(Privacy.maskNumbers(in: "电话13812345678。"), "电话138****5678。")
        XCTAssertEqual(Privacy.maskNumbers(in: "phone=13812345678 ok"), "phone=138****5678 ok")
    }

    @Test func test_a_reveal_is_recorded_with_who_and_when_and_cannot_be_voided_or_back_dated() throws {
        let f = try Fixture()
        try f.run(ListPerson(name: "张某", idNumber: Fixture.idNumber(), category: .released, residency: .presentRegistered,
                             cell: "C01", officer: Fixture.officer))
        // Police only since issue 8 (an auxiliary's reveal is refused: AccessTests).
        let result = try f.run(RevealIDNumber(person: "k0001", purpose: "核对户籍"), as: Fixture.nextOfficer)
        let reveal = try XCTUnwrap(f.state.reveals.reveals(of: "K0001").first)
        XCTAssertEqual(reveal.by, Fixture.nextOfficer)
        XCTAssertEqual(reveal.at, f.clock.now())
        XCTAssertEqual(reveal.purpose, "核对户籍")
        XCTAssertThrowsError(try f.run(VoidEntry(event: try XCTUnwrap(result.record?.id), reason: "误点"))) { error in
            XCTAssertEqual((error as? DomainError)?.reason, .notVoidable)
        }
        XCTAssertThrowsError(try f.run(RevealIDNumber(person: "K0001"), at: "2026-11-22T08:00:00+08:00", reason: "补")) {
            XCTAssertEqual(($0 as? DomainError)?.field, "at")
        }
        XCTAssertThrowsError(try f.run(RevealIDNumber(person: "K0404"))) {
            XCTAssertEqual(($0 as? DomainError)?.field, "person")
        }
        XCTAssertEqual(f.state.reveals.reveals.count, 1)
    }

    @Test func test_a_duplicate_listing_refusal_masks_the_number() throws {
        let f = try Fixture()
        let number = Fixture.idNumber()
        try f.run(ListPerson(name: "张某", idNumber: number, category: .released, residency: .presentRegistered,
                             cell: "C01", officer: Fixture.officer))
        XCTAssertThrowsError(try f.run(ListPerson(name: "张某", idNumber: number, category: .released,
                                                  residency: .presentRegistered, cell: "C01", officer: Fixture.officer))) {
            let message = ($0 as? DomainError)?.localizedMessage(Strings(.zh)) ?? ""
            XCTAssertFalse(message.contains(number), message)
            XCTAssertTrue(message.contains(Privacy.maskIDNumber(number)), message)
        }
    }

    @Test func test_no_report_of_a_demo_office_in_any_format_shows_a_whole_id_number() throws {
        let now = DemoFixture.now
        let state = try DemoFixture.shared(days: 30, seed: 5).state
        XCTAssertGreaterThan(state.listedPersons.count, 10)
        // The test would catch a whole number: the state holds them.
        XCTAssertFalse(Self.wholeIDNumbers(in: state.listedPersons.map(\.idNumber).joined(separator: " ")).isEmpty)
        let from = now.addingTimeInterval(-30 * 86400)
        for language in [Language.zh, .en] {
            let builder = ReportBuilder(state: state, strings: Strings(language), heading: "花园派出所 戴花园警务室", now: now)
            var documents = [
                builder.handover(state.handoverReport(from: from, to: now, now: now)),
                builder.patrols(state.patrolReport(from: from, to: now, now: now)),
                builder.coverage(state.coverageReport(from: from, to: now)),
                builder.visits(state.visitsReport(from: from, to: now)),
                builder.disputes(state.disputeReport(from: from, to: now)),
                builder.bulletin(state.bulletin(from: from, to: now)),
            ]
            documents += state.disputeList().map { builder.disputeFile($0) }
            for document in documents {
                for format in ReportOutputFormat.allCases {
                    let text = ReportRenderer.render(builder.punctuate(document), as: format)
                    XCTAssertEqual(Self.wholeIDNumbers(in: text), [], "\(document.kind) as \(format.rawValue)")
                }
            }
        }
    }
}
