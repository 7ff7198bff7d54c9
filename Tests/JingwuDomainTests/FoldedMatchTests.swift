import Foundation
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// The search's fast case-insensitive match (`FoldedNeedle`, used by `RecordQuery.matchesText`)
/// gives Foundation's answer wherever it answers at all, and answers for the text an office holds
/// (ASCII, Chinese, full-width punctuation).
@Suite(.serialized) final class FoldedMatchTests {
    private func foundation(_ needle: String, _ hay: String) -> Bool { hay.range(of: needle, options: .caseInsensitive) != nil }

    /// The old `matchesText`: Foundation over the raw text, then over the masked text.
    private func reference(_ query: RecordQuery, _ value: String) -> Bool {
        guard query.number == nil else { return false }
        if !query.text.contains("*") && value.range(of: query.text, options: .caseInsensitive) == nil { return false }
        return Privacy.maskNumbers(in: value).range(of: query.text, options: .caseInsensitive) != nil
    }

    @Test func test_plain_text_is_answered_on_the_bytes_as_foundation_answers() throws {
        let cases: [(String, String, Bool)] = [
            ("王建", "王建国 张三", true), ("建国", "王建国", true), ("王国", "王建国", false),
            ("ab", "xxABx", true), ("AB", "xxabx", true), ("aB", "xxAbx", true), ("abc", "ab", false),
            ("k0007", "K0007 王五", true), ("（调解）", "纠纷（调解）中", true), ("：", "时间：下午", true),
            ("·", "买买提·吐尔逊", true), ("—", "— —", true), ("a", "", false), ("[", "x[y", true), ("@", "`", false),
            ("z", "Z", true), ("{", "[", false),
        ]
        for (needle, hay, expected) in cases {
            let folded = try XCTUnwrap(FoldedNeedle(needle), needle)
            XCTAssertEqual(folded.found(in: hay), expected, "\(needle) in \(hay)")
            XCTAssertEqual(foundation(needle, hay), expected, "Foundation: \(needle) in \(hay)")
        }
    }

    @Test func test_text_beyond_plain_case_folding_is_left_to_foundation() {
        // Letters with case beyond ASCII, combining marks, full-width letters, emoji, a joiner.
        for needle in ["É", "straße", "İ", "\u{212A}", "Ａ", "e\u{301}", "👮", "a\u{200D}b", "\u{302A}"] {
            XCTAssertNil(FoldedNeedle(needle), needle)
        }
        let folded = FoldedNeedle("e")!
        for hay in ["é", "e\u{301}", "É", "\u{212A}", "ｅ", "👮e", "a\u{200D}e"] {
            XCTAssertNil(folded.found(in: hay), hay)
        }
    }

    /// Random needles and texts over an alphabet that mixes the plain characters with those the
    /// fast path must leave alone: every answer it gives is Foundation's, and it answers for
    /// most pairs of plain text.
    @Test func test_random_text_matches_foundation() {
        let plain = Array("aAbBkKzZ09 -*·—…王建国张三（）：，、。！Ｉ０[`@{")  // Ｉ is not plain: full-width letter
        let other: [Character] = ["é", "E\u{301}", "ß", "İ", "ı", "\u{212A}", "ｋ", "👮", "\u{200D}", "\r\n", "\u{FE0F}", "ﬁ"]
        var rng = SplitMix64(seed: 19)  // the demo's generator: the same cases at every run
        var answered = 0
        var plainPairs = 0
        for round in 0..<20_000 {
            let withOther = round % 4 == 0
            func text(_ length: Int) -> String {
                String((0..<length).map { _ in
                    withOther && rng.next() % 5 == 0 ? other[Int(rng.next() % UInt64(other.count))]
                        : plain[Int(rng.next() % UInt64(plain.count))]
                })
            }
            let hay = text(Int(rng.next() % 12))
            // Half the needles are cut from the text (with its case flipped): matches are common.
            var needle = text(1 + Int(rng.next() % 3))
            if round % 2 == 1, hay.count >= 2 {
                let chars = Array(hay)
                let from = Int(rng.next() % UInt64(chars.count - 1))
                let cut = String(chars[from...min(chars.count - 1, from + Int(rng.next() % 3))])
                needle = rng.next() % 2 == 0 ? cut.uppercased() : cut.lowercased()
            }
            guard let folded = FoldedNeedle(needle) else { continue }
            if let fast = folded.found(in: hay) {
                answered += 1
                XCTAssertEqual(fast, foundation(needle, hay), "\(needle.debugDescription) in \(hay.debugDescription)")
            }
            if !withOther, !needle.contains("Ｉ"), !hay.contains("Ｉ") {
                plainPairs += 1
                XCTAssertNotNil(folded.found(in: hay), "plain text not answered: \(needle) in \(hay)")
            }
        }
        XCTAssertGreaterThan(answered, 5000)
        XCTAssertGreaterThan(plainPairs, 5000)
    }

    /// `RecordQuery.matchesText` says what it said before the fast path, over the demo office's
    /// names, summaries and notes (the masked text, ID numbers and phones in free text included).
    @Test func test_matches_text_on_the_demo_office_as_before() throws {
        let state = try DemoFixture.shared(days: 10, seed: 9).state
        var values: [String] = []
        values += state.persons.persons.map(\.name)
        values += state.disputes.disputes.flatMap { $0.parties + [$0.summary] }
        values += state.incidents.incidents.flatMap { [$0.summary, $0.cell] }
        values += state.fraud.warnings.map(\.target)
        values += state.patrols.hazards.map(\.note)
        values += ["张三 110101199003071234", "电话 138 0013 8000 王五", "Zhang San", "ZHANG", "Éric 王"]
        XCTAssertGreaterThan(values.count, 50)
        var queries = ["王", "建", "张三", "zhang", "Zhang", "san", "纠纷", "邻里", "*", "****", "王五", "1101", "é", "É", "ÉRIC", "（"]
        // Every second character of the first names, and pieces of summaries.
        for value in values.prefix(40) where value.count >= 2 { queries.append(String(Array(value)[1...1])) }
        var hits = 0
        for raw in queries {
            guard let query = RecordQuery(raw) else { continue }
            for value in values {
                let fast = query.matchesText(value)
                XCTAssertEqual(fast, reference(query, value), "\(raw) in \(value)")
                if fast { hits += 1 }
            }
        }
        XCTAssertGreaterThan(hits, 20)
    }

    /// The jump and the search try every record's id against what was typed at every key: the
    /// byte comparison (`RecordQuery.equalsIgnoringCase`) says what `caseInsensitiveCompare` says,
    /// (after full-width letters and digits are read as ASCII) for the office's ids and for texts that
    /// fold to ASCII only through Unicode (the Kelvin sign, the long s), Chinese and ids that are not
    /// ASCII.
    @Test func test_an_id_equals_the_typed_text_as_foundation_says() throws {
        let ids = ["K0007", "P0012", "D2026-0007", "I0030", "F0001", "C01-1", "A01", "S0038", "N2026-0003", "H0001",
                   "k0007", "\u{212A}0007", "ſ1", "S1", "王1", "Ｋ0007", "e\u{301}1", "é1", "", "K", "KK0007"]
        let typed = ["k0007", "K0007", "K0007 ", "\u{212A}0007", "d2026-0007", "D2026-0007", "d2026_0007", "c01-1", "a01",
                     "s1", "S1", "ſ1", "王1", "王", "ｋ0007", "Ｋ0007", "é1", "E\u{301}1", "É1", "k", "KK0007", "k00070"]
        var equal = 0
        for raw in typed {
            let query = try XCTUnwrap(RecordQuery(raw), raw)
            for id in ids {
                let expected = id.caseInsensitiveCompare(CleanText.halfWidth(query.text)) == .orderedSame
                XCTAssertEqual(query.equalsIgnoringCase(id), expected, "\(raw.debugDescription) against \(id.debugDescription)")
                if expected { equal += 1 }
            }
        }
        XCTAssertGreaterThan(equal, 15)
        // Typed in an input method's full-width mode: the letters and digits are the ASCII ones.
        XCTAssertTrue(try XCTUnwrap(RecordQuery("Ｋ０００７")).equalsIgnoringCase("K0007"))
        XCTAssertTrue(try XCTUnwrap(RecordQuery("ｄ２０２６－０００７")).matchesID("D2026-0007"))
        XCTAssertTrue(try XCTUnwrap(RecordQuery("７")).matchesID("P0007"))
        XCTAssertEqual(CleanText.halfWidth("Ｋ０００７　王（调解）：１"), "K0007 王（调解）：1")
        // Random ids and texts over letters, digits, a dash and the characters above.
        let alphabet: [Character] = Array("kK0o7-dDsSa1") + ["\u{212A}", "ſ", "王", "Ｋ", "é"]
        var rng = SplitMix64(seed: 23)
        for _ in 0..<20_000 {
            func word() -> String { String((0..<(1 + Int(rng.next() % 5))).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }) }
            let id = word()
            guard let query = RecordQuery(rng.next() % 3 == 0 ? id.uppercased() : word()) else { continue }
            XCTAssertEqual(query.equalsIgnoringCase(id), id.caseInsensitiveCompare(CleanText.halfWidth(query.text)) == .orderedSame,
                           "\(query.text.debugDescription) against \(id.debugDescription)")
        }
    }
}
