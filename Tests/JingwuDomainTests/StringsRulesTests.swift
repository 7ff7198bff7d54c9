import Foundation
import JingwuResources
import JingwuTestSupport
import Testing

/// Issue 16: the string files are named after what owns them, Chinese and English hold the same
/// keys file by file, Chinese writes full-width punctuation and English ASCII.
@Suite(.serialized) final class StringsRulesTests {
    /// Who may own a string file: the features, the layers and the console's chrome.
    /// A new owner adds its name here; a file named after a review round does not belong.
    static let owners: Set<String> = [
        "access", "casework", "cli", "community", "console", "disputes", "domain", "incidents", "journal", "patrols", "persons",
        "population", "reports", "station",
        "shifts",
        "trends",
    ]

    /// `file name → (key → text)` for one language, straight from the embedded files.
    private func files(_ language: Language) throws -> [String: [String: String]] {
        var out: [String: [String: String]] = [:]
        for path in ResourceFiles.paths(under: "strings/\(language.rawValue)/") where path.hasSuffix(".json") {
            let data = try XCTUnwrap(ResourceFiles.data(path), path)
            let table = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: String], path)
            out[(path as NSString).lastPathComponent] = table
        }
        return out
    }

    @Test func test_string_files_are_named_after_their_owner() throws {
        for language in Language.allCases {
            let names = try files(language).keys.map { String($0.dropLast(".json".count)) }
            XCTAssertFalse(names.isEmpty)
            for name in names {
                XCTAssertTrue(Self.owners.contains(name), "\(language.rawValue)/\(name).json is not named after an owner")
            }
        }
    }

    @Test func test_chinese_and_english_hold_the_same_keys_file_by_file_and_no_key_twice() throws {
        let zh = try files(.zh)
        let en = try files(.en)
        XCTAssertEqual(Set(zh.keys), Set(en.keys))
        for (name, table) in zh {
            let english = Set(en[name]?.keys.map { $0 } ?? [])
            XCTAssertEqual(Set(table.keys).subtracting(english).sorted(), [], "only in zh-Hans/\(name)")
            XCTAssertEqual(english.subtracting(table.keys).sorted(), [], "only in en/\(name)")
        }
        for tables in [zh, en] {
            var seen: [String: String] = [:]
            for (name, table) in tables {
                for key in table.keys {
                    if let other = seen[key] { XCTFail("\(key) in both \(other) and \(name): one would hide the other") }
                    seen[key] = name
                }
            }
        }
        XCTAssertEqual(Strings(.zh).keys, Strings(.en).keys)
    }

    /// Chinese text writes ：，（）；？ full-width. ASCII stays where it is not Chinese punctuation:
    /// a colon inside a time or format (`09:30`, `HH:MM`, `+08:00`), a comma between digits, and a
    /// sign standing alone between spaces because it names a character the officer types or sees
    /// (`事项用 ; 分隔`, the map legend's `? 从未巡到`).
    @Test func test_chinese_strings_use_full_width_punctuation() throws {
        var bad: [String] = []
        for (name, table) in try files(.zh) {
            for (key, text) in table where Self.asciiPunctuation(in: text) {
                bad.append("\(name) \(key): \(text)")
            }
        }
        XCTAssertEqual(bad.sorted(), [])
        // The rule itself can fail.
        XCTAssertTrue(Self.asciiPunctuation(in: "筛选:{text}"))
        XCTAssertTrue(Self.asciiPunctuation(in: "逾期(天)"))
        XCTAssertTrue(Self.asciiPunctuation(in: "已存在,覆盖吗?"))
        XCTAssertFalse(Self.asciiPunctuation(in: "请写 HH:MM 或 09:30+08:00；事项用 ; 分隔（1,000）"))
    }

    /// English text is ASCII, but for a few symbols both languages draw the same way: section
    /// marks (■ ▌), the separator ·, the ellipsis …, arrows naming keys, ≥ × ÷, and the dashes
    /// of a range (1–9) or an aside (—). No Chinese characters, no full-width forms, no curly quotes.
    static let englishSymbols: Set<Character> = ["■", "▌", "·", "…", "→", "←", "↑", "↓", "≥", "×", "÷", "–", "—"]

    /// Keys are named by what they are about, not after the review round that added them
    /// (`polish.*` was one): no key starts with a round's name.
    static let roundPrefixes = ["polish."]

    @Test func test_no_key_is_named_after_a_review_round() throws {
        for language in Language.allCases {
            for (name, table) in try files(language) {
                let bad = table.keys.filter { key in Self.roundPrefixes.contains { key.hasPrefix($0) } }
                XCTAssertEqual(bad.sorted(), [], "\(language.rawValue)/\(name)")
            }
        }
        // The rule itself can fail.
        XCTAssertTrue(Self.roundPrefixes.contains { "polish.patrols.col.age".hasPrefix($0) })
    }

    @Test func test_english_strings_are_ascii() throws {
        var bad: [String] = []
        for (name, table) in try files(.en) {
            for (key, text) in table where text.contains(where: { !$0.isASCII && !Self.englishSymbols.contains($0) }) {
                bad.append("\(name) \(key): \(text)")
            }
        }
        XCTAssertEqual(bad.sorted(), [])
    }

    static func asciiPunctuation(in text: String) -> Bool {
        let chars = Array(text)
        for (i, c) in chars.enumerated() where ":,;()?".contains(c) {
            let prev: Character? = i > 0 ? chars[i - 1] : nil
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            func asciiAlnum(_ c: Character?) -> Bool { c.map { $0.isASCII && ($0.isLetter || $0.isNumber) } ?? false }
            if ":,;?".contains(c), prev == " ", next == nil || next == " " { continue }
            if c == ":", asciiAlnum(prev), asciiAlnum(next) { continue }
            if c == ",", prev?.isNumber == true, next?.isNumber == true { continue }
            return true
        }
        return false
    }
}
