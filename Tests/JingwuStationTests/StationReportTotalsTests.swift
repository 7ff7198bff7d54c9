import Foundation
import JingwuJournal
import JingwuResources
@testable import JingwuStation
import JingwuTestSupport
import Testing
@testable import JingwuCLI

/// `station report KIND` without `--office`, for every kind: the station's totals are the sum of
/// the offices' own whole-number figures (and only those), each office's row is its own figures,
/// and the same document in md, csv and html is whole. On the shared three-day demo station of
/// `StationReportFixture` (`makeStation(days: 3)`), in a suite of its own so that it runs beside
/// `StationReportTests`' other tests rather than after them.
@Suite(.serialized) final class StationReportTotalsTests: StationReportFixture {
    /// The pairs of the first flat JSON object in `json` that `pattern` finds, in their order, each value
    /// as written (`12`, `0.5000`, `"…"`, `null`): a whole number is told from a rate that happens to be
    /// whole (`1.0000`), which JSONSerialization does not.
    func pairs(_ json: String, _ pattern: String) throws -> [(key: String, text: String)] {
        let object = try XCTUnwrap(json.range(of: pattern, options: .regularExpression), "\(pattern) in \(json.prefix(200))")
        let text = String(json[object])
        let pair = try NSRegularExpression(pattern: #""([A-Za-z0-9_]+)":(-?[0-9][0-9.eE+-]*|null|true|false|"(?:[^"\\]|\\.)*"|\[[^\[\]]*\])"#)
        return pair.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
            (String(text[Range($0.range(at: 1), in: text)!]), String(text[Range($0.range(at: 2), in: text)!]))
        }
    }

    func figureTexts(_ json: String) throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try pairs(json, #""figures":\{[^{}]*\}"#).map { ($0.key, $0.text) })
    }

    @Test func test_across_offices_every_kind_totals_the_offices_figures_in_json_and_every_format_is_whole() throws {
        try makeStation(days: 3)
        for kind in Self.kinds {
            // The station's first (an office report naming key persons records the access in its journal).
            var documents: [String: String] = [:]
            for format in ["json", "md", "csv", "html"] {
                let (status, out, err) = stationReport(kind, ["--format", format])
                XCTAssertEqual(status, 0, "\(kind) \(format): \(err)")
                XCTAssertEqual(err, "", "\(kind) \(format)")
                documents[format] = out
            }
            let json = try XCTUnwrap(documents["json"])
            let all = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], kind)
            let sections = try XCTUnwrap(all["sections"] as? [String: [[String: Any]]], kind)
            let rows = try XCTUnwrap(sections["offices"], kind)
            XCTAssertEqual(rows.count, 8, kind)
            let order = rows.prefix(7).compactMap { $0["office"] as? String }
            XCTAssertEqual(order, Self.offices.sorted(), kind)
            XCTAssertTrue(rows[7]["office"] is NSNull, kind)

            // Each office's own figures: its row, exactly; summed where every office's is a whole number.
            var owns: [[String: String]] = []
            var sectionRows: [String: Int] = [:]
            for (row, name) in order.enumerated() {
                let i = try XCTUnwrap(Self.offices.firstIndex(of: name))
                let (status, out, err) = officeReport(kind, i, ["--format", "json"])
                XCTAssertEqual(status, 0, "\(kind) \(name): \(err)")
                let own = try figureTexts(out)
                XCTAssertFalse(own.isEmpty, "\(kind) \(name)")
                owns.append(own)
                let parsed = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
                for (key, value) in parsed["figures"] as? [String: Any] ?? [:] {
                    XCTAssertEqual("\(rows[row][key] ?? "absent")", "\(value)", "\(kind) \(name) \(key)")
                }
                for (key, table) in parsed["sections"] as? [String: [Any]] ?? [:] { sectionRows[key, default: 0] += table.count }
            }
            var sums: [String: Int] = [:]
            for key in Set(owns.flatMap(\.keys)) {
                let values = owns.map { $0[key].flatMap { Int($0) } }
                if values.allSatisfy({ $0 != nil }) { sums[key] = values.reduce(0) { $0 + $1! } }
            }
            XCTAssertFalse(sums.isEmpty, kind)
            // The station's figures are those sums, no more, no fewer; its totals row (every figure's
            // column, in the reports' order) the same, empty where there is no sum.
            XCTAssertEqual(try figureTexts(json), sums.mapValues(String.init), kind)
            let totalsRow = try pairs(json, #"\{"office":null(,[^{}]*)?\}"#).dropFirst()
            let keys = totalsRow.map(\.key)
            XCTAssertEqual(Set(keys), Set(owns.flatMap(\.keys)), kind)
            XCTAssertEqual(totalsRow.map(\.text), keys.map { sums[$0].map(String.init) ?? "null" }, kind)
            for (key, count) in sectionRows { XCTAssertEqual(sections[key]?.count, count, "\(kind) section \(key)") }

            // csv: parses (quoted fields, CRLF); each table's rows as wide as its header; the offices'
            // table has every office and the totals row holds the sums (minutes as numbers).
            let csv = try XCTUnwrap(parseCSV(try XCTUnwrap(documents["csv"])), "\(kind): the csv does not parse")
            for block in csv.split(whereSeparator: { $0 == [""] }) {
                // A table's title (one field) before its header; the report's title and period before its figures.
                let table = block.drop { $0.count == 1 }
                for record in table { XCTAssertEqual(record.count, table.first!.count, "\(kind) csv: \(record)") }
            }
            let at = try XCTUnwrap(csv.firstIndex { $0.first == "警务室" && $0.count == keys.count + 1 }, "\(kind) csv header")
            let header = csv[at]
            XCTAssertEqual(csv[(at + 1)...].prefix(8).map { $0[0] }, Self.offices.sorted() + ["派出所合计"], kind)
            XCTAssertEqual(csv[min(at + 8, csv.count - 1)], ["派出所合计"] + keys.map { sums[$0].map(String.init) ?? "" }, kind)
            // As the md and the html show them: a sum of minutes (the csv's label says 分钟) as 1小时05分.
            let shown = ["派出所合计"] + zip(keys, header.dropFirst()).map { key, label -> String in
                guard let sum = sums[key] else { return "" }
                return label.hasSuffix("（分钟）") ? "\(sum / 60)小时" + String(format: "%02d", sum % 60) + "分" : String(sum)
            }

            // md: the title; the offices' table with each office and the totals row; every table row as wide as its header.
            let md = try XCTUnwrap(documents["md"])
            XCTAssertTrue(md.hasPrefix("# 城关派出所 各警务室（7 个） · "), "\(kind): \(md.prefix(80))")
            let mdLines = md.components(separatedBy: "\n")
            var width = 0
            for line in mdLines {
                guard line.hasPrefix("|") else { width = 0; continue }
                if width == 0 { width = cellCount(line) } else { XCTAssertEqual(cellCount(line), width, "\(kind) md: \(line)") }
            }
            let first = try XCTUnwrap(mdLines.firstIndex { $0.hasPrefix("| 警务室 |") }, kind)
            let table = mdLines[(first + 2)...].prefix { $0.hasPrefix("|") }.map {
                $0.dropFirst(2).dropLast(2).components(separatedBy: " | ")
            }
            XCTAssertEqual(table.map { $0[0] }, Self.offices.sorted() + ["派出所合计"], kind)
            XCTAssertEqual(table.last, shown, "\(kind) md totals")

            // html: one document, its tables closed, each office in it, the totals row as the md's.
            let html = try XCTUnwrap(documents["html"])
            XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"), "\(kind): \(html.prefix(40))")
            XCTAssertTrue(html.trimmingCharacters(in: .newlines).hasSuffix("\n</body>\n</html>"), "\(kind): \(html.suffix(40))")
            for tag in ["html", "body", "table", "tr", "td", "th"] {
                XCTAssertEqual(html.components(separatedBy: "<\(tag)>").count + html.components(separatedBy: "<\(tag) ").count - 1,
                               html.components(separatedBy: "</\(tag)>").count, "\(kind) html <\(tag)>")
            }
            for office in Self.offices { XCTAssertTrue(html.contains("<td>\(office)</td>"), "\(kind) html \(office)") }
            let row = try XCTUnwrap(html.range(of: #"<tr><td>派出所合计</td>.*?</tr>"#, options: .regularExpression), kind)
            let cells = try NSRegularExpression(pattern: "<td[^>]*>([^<]*)</td>")
            let text = String(html[row])
            XCTAssertEqual(cells.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
                String(text[Range($0.range(at: 1), in: text)!])
            }, shown, "\(kind) html totals")
        }
    }

    /// Cells of a markdown table line: the `|` that are not escaped, less one.
    func cellCount(_ line: String) -> Int {
        var count = 0, escaped = false
        for c in line {
            if escaped { escaped = false; continue }
            if c == "\\" { escaped = true } else if c == "|" { count += 1 }
        }
        return count - 1
    }

    /// RFC 4180 with CRLF line ends and an optional byte-order mark: nil where a quote is not closed
    /// or a record does not end in CRLF.
    func parseCSV(_ text: String) -> [[String]]? {
        var chars = Array(text.unicodeScalars)
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        var records: [[String]] = [], record: [String] = [], field = "", i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\"" && field.isEmpty {
                i += 1
                while true {
                    guard i < chars.count else { return nil }
                    if chars[i] == "\"" {
                        if i + 1 < chars.count, chars[i + 1] == "\"" { field.unicodeScalars.append("\""); i += 2; continue }
                        i += 1
                        break
                    }
                    field.unicodeScalars.append(chars[i]); i += 1
                }
                continue
            }
            if c == "," { record.append(field); field = ""; i += 1; continue }
            if c == "\r" {
                guard i + 1 < chars.count, chars[i + 1] == "\n" else { return nil }
                record.append(field); records.append(record); record = []; field = ""; i += 2; continue
            }
            if c == "\n" { return nil }
            field.unicodeScalars.append(c); i += 1
        }
        guard record.isEmpty, field.isEmpty else { return nil }
        return records
    }
}
