import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuCLI
import JingwuJournal

/// `jingwu report …` in each format, on a small day written through the CLI.
@Suite(.serialized) final class ReportCommandsTests {
    private var dir = ""
    private var path: String { dir + "/journal.jsonl" }

    init() throws {
        dir = NSTemporaryDirectory() + "jingwu-cli-report-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let day: [(String, [String])] = [
            ("07:30", ["init", "--test", "--station", "花园派出所", "--office", "戴花园警务室"]),
            ("07:31", ["officer", "add", "--badge", "031245", "--name", "王建国", "--role", "police"]),
            ("07:31", ["officer", "add", "--badge", "F1021", "--name", "李明", "--role", "auxiliary"]),
            ("07:32", ["cell", "add", "--code", "C01", "--name", "锦绣花园", "--community", "戴花园社区", "--kind", "compound",
                       "--x", "1", "--y", "0"]),
            ("07:32", ["cell", "add", "--code", "J01", "--name", "花园路", "--community", "戴花园社区", "--kind", "street",
                       "--x", "12", "--y", "0"]),
            ("08:00", ["shift", "open", "--duty", "031245", "--team", "F1021"]),
            ("08:30", ["patrol", "start", "--mode", "foot", "--lead", "031245", "--cells", "C01"]),
            ("08:40", ["patrol", "checkin", "--patrol", "P0001", "--cell", "C01"]),
            ("09:30", ["patrol", "end", "--patrol", "P0001", "--summary", "正常"]),
            ("10:00", ["incident", "add", "--cell", "J01", "--kind", "theft", "--summary", "电动车被盗,车主\"张三\"报警"]),
            ("10:30", ["incident", "add", "--cell", "C01", "--kind", "help", "--summary", "老人走失求助"]),
            ("11:00", ["incident", "close", "--incident", "I0002", "--disposition", "handled"]),
            ("13:00", ["dispute", "open", "--category", "neighbour", "--parties", "陈某;吴某", "--cell", "C01",
                       "--summary", "楼上漏水,双方争执"]),
            ("20:00", ["shift", "handover", "--to", "F1021", "--notes", "平稳", "--carried", "对讲机2部"]),
        ]
        for (time, args) in day {
            let (status, _, err) = run(args + ["--as", "031245"], at: time)
            XCTAssertEqual(status, 0, "\(args): \(err)")
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    @discardableResult
    private func run(_ args: [String], at time: String = "20:30", lang: String = "zh") -> (Int32, String, String) {
        let output = CapturedOutput()
        let status = CLI.run(args + ["--journal", path, "--now", "2026-11-23T\(time):00+08:00", "--lang", lang],
                             environment: [:], output: output)
        return (status, output.stdout, output.stderr)
    }

    @Test func test_every_report_renders_in_every_format() throws {
        for kind in ["handover", "patrols", "coverage", "visits", "disputes", "bulletin"] {
            for format in ["text", "md", "csv", "json"] {
                let (status, out, err) = run(["report", kind, "--format", format])
                XCTAssertEqual(status, 0, "\(kind) \(format): \(err)")
                XCTAssertFalse(out.isEmpty, "\(kind) \(format)")
                if format == "json" {
                    let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
                    XCTAssertEqual(object["report"] as? String, kind)
                }
            }
        }
    }

    /// Issue 16: one JSON key style, camelCase as in the event data, for figures, sections and
    /// every column of every report (no `cells_covered` beside `totalMinutes`).
    @Test func test_every_report_writes_json_keys_in_camel_case() throws {
        func keys(_ value: Any, _ path: String, into bad: inout [String]) {
            if let object = value as? [String: Any] {
                for (key, inner) in object {
                    let camel = key.first?.isLowercase == true && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
                    // Section and figure names are keys too; codes (values) are not checked.
                    if !camel { bad.append(path + "." + key) }
                    keys(inner, path + "." + key, into: &bad)
                }
            } else if let array = value as? [Any] {
                for item in array { keys(item, path, into: &bad) }
            }
        }
        var bad: [String] = []
        var columns = 0
        for kind in ["handover", "patrols", "coverage", "visits", "disputes", "bulletin"] {
            let (status, out, err) = run(["report", kind, "--format", "json"])
            XCTAssertEqual(status, 0, "\(kind): \(err)")
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
            keys(object, kind, into: &bad)
            for case let rows as [[String: Any]] in (object["sections"] as? [String: Any] ?? [:]).values {
                columns += rows.first?.count ?? 0
            }
        }
        XCTAssertEqual(bad, [])
        XCTAssertGreaterThan(columns, 20, "the reports had rows whose keys were checked")
    }

    @Test func test_handover_report_of_the_shift_shows_the_day_and_the_handover() {
        let (_, out, _) = run(["report", "handover"])
        for expected in ["交接班报告", "S0001", "王建国(031245)", "李明(F1021)", "对讲机2部", "D2026-0001", "I0001"] {
            XCTAssertTrue(out.contains(expected), "missing \(expected) in\n\(out)")
        }
        let (_, en, _) = run(["report", "handover"], lang: "en")
        XCTAssertTrue(en.contains("Shift handover report") && en.contains("Handed over to"), en)
    }

    @Test func test_bulletin_counts_incidents_by_kind_and_cell_and_closed() throws {
        let (_, json, _) = run(["report", "bulletin", "--format", "json"])
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let figures = try XCTUnwrap(object["figures"] as? [String: Any])
        XCTAssertEqual(figures["incidents"] as? Int, 2)
        XCTAssertEqual(figures["closed"] as? Int, 1)
        XCTAssertEqual(figures["open"] as? Int, 1)
        let sections = try XCTUnwrap(object["sections"] as? [String: Any])
        let byKind = try XCTUnwrap(sections["byKind"] as? [[String: Any]])
        XCTAssertEqual(Set(byKind.compactMap { $0["kind"] as? String }), ["theft", "help"])
    }

    @Test func test_csv_has_a_bom_crlf_line_ends_and_quotes_chinese_text_with_commas_and_quotes() {
        let (_, out, _) = run(["report", "bulletin", "--format", "csv"])
        let bytes = Array(out.utf8)
        XCTAssertEqual(Array(bytes.prefix(3)), [0xEF, 0xBB, 0xBF])
        // Every line ends in CRLF (the sink's final "\n" completes the last "\r").
        let lfCount = bytes.filter { $0 == 0x0A }.count
        let crlfCount = zip(bytes, bytes.dropFirst()).filter { $0 == 0x0D && $1 == 0x0A }.count
        XCTAssertEqual(lfCount, crlfCount)
        XCTAssertTrue(out.contains("\"电动车被盗,车主\"\"张三\"\"报警\""), out)
    }

    @Test func test_a_dispute_case_file_lists_its_record() {
        let (status, out, err) = run(["report", "dispute", "--dispute", "d2026-0001"])
        XCTAssertEqual(status, 0, err)
        XCTAssertTrue(out.contains("D2026-0001") && out.contains("陈某、吴某") && out.contains("楼上漏水"), out)
        XCTAssertEqual(run(["report", "dispute", "--dispute", "D2026-0099"]).0, 65)
    }

    @Test func test_a_bad_format_is_a_usage_error_and_a_bad_period_names_the_field() {
        XCTAssertEqual(run(["report", "patrols", "--format", "xls"]).0, 64)
        let (status, _, err) = run(["report", "patrols", "--from", "2026-11-24", "--to", "2026-11-23"])
        XCTAssertEqual(status, 65)
        XCTAssertTrue(err.contains("(to)"), err)
    }
}
