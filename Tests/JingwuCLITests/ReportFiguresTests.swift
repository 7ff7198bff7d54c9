import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuCLI
import JingwuJournal

/// README "Figures" (issue 15): what a figure counts is said once and every output follows it.
/// Disputes opened before a past period, one settled in it and one settled after it: the open
/// count, the by-status table and the ageing agree, in text, Markdown, CSV and JSON; an incident
/// closed after the period's end is open in that period's bulletin and handover.
@Suite(.serialized) final class ReportFiguresTests {
    private var dir = ""
    private var path: String { dir + "/journal.jsonl" }
    private let period = ["--from", "2026-11-15T00:00:00+08:00", "--to", "2026-11-22T00:00:00+08:00"]

    init() throws {
        dir = NSTemporaryDirectory() + "jingwu-cli-figures-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let steps: [(String, [String])] = [
            ("11-01T08:00", ["init", "--test", "--station", "花园派出所", "--office", "戴花园警务室"]),
            ("11-01T08:01", ["officer", "add", "--badge", "031245", "--name", "王建国", "--role", "police"]),
            ("11-01T08:01", ["officer", "add", "--badge", "031246", "--name", "李娜", "--role", "police"]),
            ("11-01T08:02", ["cell", "add", "--code", "C01", "--name", "锦绣花园", "--community", "戴花园社区",
                             "--kind", "compound", "--x", "1", "--y", "0"]),
            ("11-01T09:00", ["dispute", "open", "--category", "neighbour", "--parties", "陈某;吴某", "--cell", "C01",
                             "--summary", "楼上漏水"]),  // D2026-0001: open throughout
            ("11-01T10:00", ["dispute", "open", "--category", "family", "--parties", "甲;乙", "--cell", "C01",
                             "--summary", "家务纠纷"]),  // D2026-0002: mediating
            ("11-03T10:00", ["dispute", "mediate", "--dispute", "D2026-0002", "--kind", "people", "--mediators", "调解员",
                             "--notes", "首次调解"]),
            ("11-04T09:00", ["dispute", "open", "--category", "other", "--parties", "丙;丁", "--cell", "C01",
                             "--summary", "装修款"]),  // D2026-0003: settled in the period
            ("11-05T09:00", ["dispute", "open", "--category", "other", "--parties", "戊;己", "--cell", "C01",
                             "--summary", "租金"]),  // D2026-0004: settled after the period
            ("11-10T08:00", ["shift", "open", "--duty", "031245"]),
            ("11-10T09:00", ["incident", "add", "--cell", "C01", "--kind", "theft", "--summary", "电动车被盗"]),
            ("11-10T20:00", ["shift", "handover", "--to", "031246", "--notes", "平稳"]),
            ("11-20T10:00", ["dispute", "resolve", "--dispute", "D2026-0003", "--agreement", "和解"]),
            ("11-21T22:00", ["patrol", "start", "--mode", "foot", "--lead", "031245"]),  // out across the period's end
            ("11-21T23:00", ["patrol", "checkin", "--patrol", "P0001", "--cell", "C01"]),
            ("11-22T01:00", ["patrol", "checkin", "--patrol", "P0001", "--cell", "C01"]),
            ("11-22T02:00", ["patrol", "end", "--patrol", "P0001", "--summary", "凌晨收队"]),
            ("11-25T10:00", ["dispute", "resolve", "--dispute", "D2026-0004", "--agreement", "和解"]),
            ("11-25T11:00", ["incident", "close", "--incident", "I0001", "--disposition", "case-filed"]),
        ]
        for (time, args) in steps {
            let (status, _, err) = run(args + ["--as", "031245"], at: time)
            XCTAssertEqual(status, 0, "\(args): \(err)")
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    @discardableResult
    private func run(_ args: [String], at time: String = "11-30T09:00") -> (Int32, String, String) {
        let output = CapturedOutput()
        let status = CLI.run(args + ["--journal", path, "--now", "2026-\(time):00+08:00", "--lang", "zh"],
                             environment: [:], output: output)
        return (status, output.stdout, output.stderr)
    }

    // MARK: Reading each format back

    /// A report as figures (label → value) and sections (title prefix → rows of cells), from any format.
    struct Parsed {
        var figures: [String: String] = [:]
        var sections: [(title: String, rows: [[String]])] = []
        func section(_ prefix: String) -> [[String]]? { sections.first { $0.title.hasPrefix(prefix) }?.rows }
    }

    static func parse(_ out: String, format: String) throws -> Parsed {
        var parsed = Parsed()
        let lines = out.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\u{FEFF}", with: "")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func cells(_ line: String, by pattern: String) -> [String] {
            line.replacingOccurrences(of: pattern, with: "\u{1}", options: .regularExpression)
                .split(separator: "\u{1}").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        switch format {
        case "text":
            var i = 0
            while i < lines.count {
                let line = lines[i]
                if line.hasPrefix("■ ") {
                    var title = String(line.dropFirst(2))
                    if let paren = title.firstIndex(of: "（") { title = String(title[..<paren]) }
                    var rows: [[String]] = []
                    i += 1
                    if i < lines.count, lines[i].trimmingCharacters(in: .whitespaces) != "无" {
                        i += 2  // header and rule
                        while i < lines.count, !lines[i].isEmpty { rows.append(cells(lines[i], by: " {2,}")); i += 1 }
                    }
                    parsed.sections.append((title, rows))
                } else if line.hasPrefix("  "), parsed.sections.isEmpty {
                    let parts = cells(line, by: " {2,}")
                    if parts.count == 2 { parsed.figures[parts[0]] = parts[1] }
                }
                i += 1
            }
        case "md":
            var current: Int?
            for line in lines {
                if line.hasPrefix("## ") {
                    parsed.sections.append((String(line.dropFirst(3)), []))
                    current = parsed.sections.count - 1
                } else if line.hasPrefix("- **"), current == nil, let end = line.range(of: "**：") {
                    parsed.figures[String(line[line.index(line.startIndex, offsetBy: 4)..<end.lowerBound])] =
                        String(line[end.upperBound...])
                } else if let c = current, line.hasPrefix("|"), !line.hasPrefix("| ---") {
                    parsed.sections[c].rows.append(cells(line, by: "\\|"))
                }
            }
            // The first row of each table is its header.
            parsed.sections = parsed.sections.map { ($0.title, Array($0.rows.dropFirst())) }
        case "csv":
            var i = 2  // title and period
            while i < lines.count, !lines[i].isEmpty {
                let parts = lines[i].split(separator: ",", maxSplits: 1).map(String.init)
                parsed.figures[parts[0]] = parts.count > 1 ? parts[1] : ""
                i += 1
            }
            while i < lines.count {
                if lines[i].isEmpty { i += 1; continue }
                let title = lines[i]
                var rows: [[String]] = []
                i += 1
                if i < lines.count, lines[i] != "无" {
                    i += 1  // header
                    while i < lines.count, !lines[i].isEmpty {
                        rows.append(lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init))
                        i += 1
                    }
                } else { i += 1 }
                parsed.sections.append((title, rows))
            }
        default:
            XCTFail("no parser for \(format)")
        }
        return parsed
    }

    // MARK: Disputes

    @Test func test_disputes_open_count_by_status_and_ageing_agree_in_every_format() throws {
        let zh = (pending: "期末在办纠纷", byStatus: "按状态", ageing: "期末在办纠纷办理天数", handled: "本期办理（含上期结转）",
                  resolved: "本期调处成功")
        for format in ["text", "md", "csv"] {
            let (status, out, err) = run(["report", "disputes", "--format", format] + period)
            XCTAssertEqual(status, 0, err)
            let report = try Self.parse(out, format: format)
            // Every dispute opened before the period, none settled before it: four on the books.
            XCTAssertEqual(report.figures[zh.handled], "4", "\(format):\n\(out)")
            XCTAssertEqual(report.figures[zh.resolved], "1", format)
            XCTAssertEqual(report.figures[zh.pending], "3", format)
            let byStatus = try XCTUnwrap(report.section(zh.byStatus), format)
            let count = Dictionary(uniqueKeysWithValues: byStatus.map { ($0[0], Int($0[1]) ?? -1) })
            XCTAssertEqual(count, ["待调处": 2, "调解中": 1, "调处成功": 1, "已移交": 0, "终止调解": 0], format)
            let ageing = try XCTUnwrap(report.section(zh.ageing), format).map { Int($0[1]) ?? -1 }
            XCTAssertEqual(ageing, [0, 3, 0, 0], "\(format): 21, 21 and 17 days old on 11-22")
            // The open count, the open statuses, the ageing and the list are one set.
            let pendingRows = try XCTUnwrap(report.sections.first { $0.title == zh.pending }?.rows, format)
            XCTAssertEqual(pendingRows.map { $0[0] }, ["D2026-0001", "D2026-0002", "D2026-0004"], format)
            XCTAssertEqual((count["待调处"] ?? 0) + (count["调解中"] ?? 0), pendingRows.count, format)
            XCTAssertEqual(ageing.reduce(0, +), pendingRows.count, format)
            // D2026-0004 was settled after the period: in it, it stood open.
            let settledLater = try XCTUnwrap(pendingRows.first { $0[0] == "D2026-0004" }, format)
            XCTAssertTrue(settledLater.contains("待调处") && !settledLater.contains("调处成功"), "\(format): \(settledLater)")
        }
        let (status, out, err) = run(["report", "disputes", "--format", "json"] + period)
        XCTAssertEqual(status, 0, err)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        let figures = try XCTUnwrap(object["figures"] as? [String: Any])
        XCTAssertEqual(figures["handled"] as? Int, 4)
        XCTAssertEqual(figures["opened"] as? Int, 0)
        XCTAssertEqual(figures["resolved"] as? Int, 1)
        XCTAssertEqual(figures["pending"] as? Int, 3)
        let sections = try XCTUnwrap(object["sections"] as? [String: Any])
        let byStatus = try XCTUnwrap(sections["byStatus"] as? [[String: Any]])
        let count = Dictionary(uniqueKeysWithValues: byStatus.map { ($0["status"] as! String, $0["disputes"] as! Int) })
        XCTAssertEqual(count, ["open": 2, "mediating": 1, "resolved": 1, "referred": 0, "closed": 0])
        let ageing = try XCTUnwrap(sections["pendingByAge"] as? [[String: Any]]).map { $0["disputes"] as? Int }
        XCTAssertEqual(ageing, [0, 3, 0, 0])
        let pending = try XCTUnwrap(sections["pending"] as? [[String: Any]])
        XCTAssertEqual(pending.map { $0["dispute"] as? String }, ["D2026-0001", "D2026-0002", "D2026-0004"])
        XCTAssertEqual(pending.map { $0["status"] as? String }, ["open", "mediating", "open"])
    }

    // MARK: Incidents closed after the period

    @Test func test_an_incident_closed_after_the_period_is_open_in_its_bulletin_and_handover_in_every_format() throws {
        for format in ["text", "md", "csv"] {
            let (status, out, err) = run(["report", "bulletin", "--format", format] + period.map {
                $0 == "2026-11-15T00:00:00+08:00" ? "2026-11-08T00:00:00+08:00" : $0 })
            XCTAssertEqual(status, 0, err)
            let report = try Self.parse(out, format: format)
            XCTAssertEqual(report.figures["警情"], "1", "\(format):\n\(out)")
            XCTAssertEqual(report.figures["其中期末已结"], "0", format)
            XCTAssertEqual(report.figures["其中期末未结"], "1", format)
            let rows = try XCTUnwrap(report.section("警情"), format)
            XCTAssertEqual(rows.map { $0[0] }, ["I0001"], format)
            XCTAssertTrue(rows.first?.contains("未结") == true && rows.first?.contains("受案") == false, "\(format): \(rows)")

            let (hs, handover, herr) = run(["report", "handover", "--format", format] + period)
            XCTAssertEqual(hs, 0, herr)
            let h = try Self.parse(handover, format: format)
            XCTAssertEqual(h.figures["未结警情"], "1", "\(format):\n\(handover)")
            XCTAssertEqual(h.figures["在办纠纷"], "3", format)
            let open = try XCTUnwrap(h.section("交班时未结警情"), format)
            XCTAssertEqual(open.map { $0[0] }, ["I0001"], format)
            XCTAssertTrue(open.first?.contains("未结") == true && open.first?.contains("受案") == false, "\(format): \(open)")
            let pending = try XCTUnwrap(h.section("交班时在办纠纷"), format)
            XCTAssertEqual(pending.map { $0[0] }, ["D2026-0001", "D2026-0002", "D2026-0004"], format)
            XCTAssertFalse(pending.contains { $0.contains("调处成功") }, "\(format): settled after the window")
        }
        let (_, out, _) = run(["report", "handover", "--format", "json"] + period)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        let sections = try XCTUnwrap(object["sections"] as? [String: Any])
        let open = try XCTUnwrap(sections["openIncidents"] as? [[String: Any]])
        XCTAssertEqual(open.map { $0["incident"] as? String }, ["I0001"])
        XCTAssertTrue(open.first?["disposition"] is NSNull, "closed (受案) only after the window: \(open)")
    }

    /// `report handover --shift S` today says what stood at S's handover: the incident closed (受案)
    /// and the disputes settled since are open in it, in every format.
    @Test func test_report_handover_of_a_past_shift_shows_what_stood_then_in_every_format() throws {
        for format in ["text", "md", "csv"] {
            let (status, out, err) = run(["report", "handover", "--shift", "S0001", "--format", format])
            XCTAssertEqual(status, 0, err)
            let report = try Self.parse(out, format: format)
            XCTAssertEqual(report.figures["未结警情"], "1", "\(format):\n\(out)")
            XCTAssertEqual(report.figures["在办纠纷"], "4", format)
            let open = try XCTUnwrap(report.section("交班时未结警情"), format)
            XCTAssertEqual(open.map { $0[0] }, ["I0001"], format)
            XCTAssertTrue(open.first?.contains("未结") == true && open.first?.contains("受案") == false, "\(format): \(open)")
            let logged = try XCTUnwrap(report.section("本班警情"), format)
            XCTAssertTrue(logged.first?.contains("未结") == true && logged.first?.contains("受案") == false,
                          "\(format): \(logged)")
            let pending = try XCTUnwrap(report.section("交班时在办纠纷"), format)
            XCTAssertEqual(pending.map { $0[0] }, ["D2026-0001", "D2026-0002", "D2026-0003", "D2026-0004"], format)
            XCTAssertFalse(pending.contains { $0.contains("调处成功") }, "\(format): \(pending)")
        }
        let (_, out, _) = run(["report", "handover", "--shift", "S0001", "--format", "json"])
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        let sections = try XCTUnwrap(object["sections"] as? [String: Any])
        let open = try XCTUnwrap(sections["openIncidents"] as? [[String: Any]])
        XCTAssertEqual(open.map { $0["incident"] as? String }, ["I0001"])
        XCTAssertTrue(open.first?["disposition"] is NSNull, "\(open)")
        let pending = try XCTUnwrap(sections["disputesPending"] as? [[String: Any]])
        XCTAssertEqual(pending.map { $0["status"] as? String }, ["open", "mediating", "open", "open"])
        XCTAssertNotNil(sections["fraudPending"], "the printed handover has the 反诈预警 section")
    }

    /// A patrol still out at the period's end: its list row counts what fell in the period (two hours,
    /// one check-in), agrees with the totals, and shows no end or summary from after it.
    @Test func test_a_patrol_out_across_the_period_end_counts_only_the_period_in_every_format() throws {
        for format in ["text", "md", "csv"] {
            let (status, out, err) = run(["report", "patrols", "--format", format] + period)
            XCTAssertEqual(status, 0, err)
            let report = try Self.parse(out, format: format)
            XCTAssertEqual(report.figures["巡逻次数"], "1", "\(format):\n\(out)")
            // CSV writes the minutes as a number a spreadsheet adds up, the unit in the label (issue 17).
            let minutes = format == "csv" ? "120" : "2小时00分"
            XCTAssertEqual(report.figures[format == "csv" ? "巡逻时长（分钟）" : "巡逻时长"], minutes, format)
            let rows = try XCTUnwrap(report.section("巡逻明细"), format)
            XCTAssertEqual(rows.count, 1, format)
            XCTAssertTrue(rows.first?.contains(minutes) == true, "\(format): \(rows)")
            XCTAssertFalse(rows.first?.contains { $0.contains("凌晨收队") || $0.contains("02:00") } ?? true, "\(format): \(rows)")
        }
        let (_, out, _) = run(["report", "patrols", "--format", "json"] + period)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        let figures = try XCTUnwrap(object["figures"] as? [String: Any])
        let rows = try XCTUnwrap((object["sections"] as? [String: Any])?["patrols"] as? [[String: Any]])
        XCTAssertEqual(figures["totalMinutes"] as? Int, 120)
        XCTAssertEqual(rows.first?["minutes"] as? Int, 120)
        XCTAssertEqual(rows.first?["checkins"] as? Int, 1)
        XCTAssertTrue(rows.first?["ended"] is NSNull, "\(rows)")
        XCTAssertTrue(rows.first?["summary"] is NSNull, "\(rows)")
    }

    /// The printed handover now lists fraud warnings; one about a listed key person makes it a
    /// report that names that person, so printing it leaves an access record (issue 8's rule).
    @Test func test_a_handover_listing_a_fraud_warning_about_a_key_person_records_the_access() throws {
        let id = "11010519491231002X"
        XCTAssertEqual(run(["person", "add", "--name", "张某", "--id-number", id, "--category", "released", "--residency",
                            "present-registered", "--cell", "C01", "--officer", "031245", "--as", "031245"],
                           at: "11-26T09:00").0, 0)
        XCTAssertEqual(run(["fraud", "warn", "--level", "high", "--phone", "13800138000", "--person", "K0001",
                            "--as", "031245"], at: "11-26T09:05").0, 0)
        let (status, out, err) = run(["report", "handover", "--from", "2026-11-26T08:00:00+08:00",
                                      "--to", "2026-11-26T12:00:00+08:00", "--as", "031245"], at: "11-26T12:00")
        XCTAssertEqual(status, 0, err)
        XCTAssertTrue(out.contains("■ 交班时反诈预警未劝阻（1）") && out.contains("F0001"), out)
        let (_, access, _) = run(["log", "--type", "AccessRecorded", "--json"], at: "11-26T12:01")
        XCTAssertEqual(access.split(separator: "\n").count, 1, access)
        XCTAssertTrue(access.contains(#""subject":"report handover""#) && access.contains(#""persons":["K0001"]"#), access)
    }
}
