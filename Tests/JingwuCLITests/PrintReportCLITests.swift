import Foundation
import XCTest
@testable import JingwuCLI
import JingwuJournal

/// `jingwu report dispute|handover --format html`: the page to print, with the signature
/// lines filled (the 经办民警 who takes it; the shift's officers and the 接班人).
final class PrintReportCLITests: XCTestCase {
    private var dir = ""
    private var path: String { dir + "/journal.jsonl" }
    private let id = "110101199001010015"

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "jingwu-cli-print-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let day: [(String, [String])] = [
            ("07:30", ["init", "--test", "--station", "花园派出所", "--office", "戴花园警务室"]),
            ("07:31", ["officer", "add", "--badge", "031245", "--name", "王建国", "--role", "police"]),
            ("07:31", ["officer", "add", "--badge", "F1021", "--name", "李明", "--role", "auxiliary"]),
            ("07:31", ["officer", "add", "--badge", "031300", "--name", "赵军", "--role", "police"]),
            ("07:32", ["cell", "add", "--code", "C01", "--name", "锦绣花园", "--community", "戴花园社区", "--kind", "compound"]),
            ("08:00", ["shift", "open", "--duty", "031245", "--team", "F1021"]),
            ("13:00", ["dispute", "open", "--category", "neighbour", "--parties", "陈某;吴某", "--cell", "C01",
                       "--summary", "楼上漏水，" + String(repeating: "反复渗漏，", count: 80) + "身份证\(id)，末尾结语下周再谈"]),
            ("14:00", ["dispute", "mediate", "--dispute", "D2026-0001", "--kind", "people", "--mediators", "人民调解员王芳",
                       "--notes", "=SUM(A1) 双方各让一步"]),
            ("20:00", ["shift", "handover", "--to", "031300", "--notes", "平稳", "--carried", "对讲机2部"]),
        ]
        for (time, args) in day {
            let (status, _, err) = run(args + ["--as", "031245"], at: time)
            XCTAssertEqual(status, 0, "\(args): \(err)")
        }
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    @discardableResult
    private func run(_ args: [String], at time: String = "20:30") -> (Int32, String, String) {
        let output = CapturedOutput()
        let status = CLI.run(args + ["--journal", path, "--now", "2026-11-23T\(time):00+08:00", "--lang", "zh"],
                             environment: [:], output: output)
        return (status, output.stdout, output.stderr)
    }

    func test_the_case_file_page_names_the_officer_who_prints_it_and_keeps_every_word() {
        let (status, html, err) = run(["report", "dispute", "--dispute", "D2026-0001", "--format", "html", "--as", "031245"])
        XCTAssertEqual(status, 0, err)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"), html)
        XCTAssertTrue(html.contains("<tr><td>经办民警</td><td>王建国(031245)</td><td></td><td></td></tr>"), html)
        XCTAssertTrue(html.contains("<tr><td>调解人</td><td>人民调解员王芳</td>"), html)
        XCTAssertTrue(html.contains("末尾结语下周再谈") && html.contains(String(repeating: "反复渗漏，", count: 80)), "nothing cut")
        XCTAssertFalse(html.contains(id), "the ID number is masked")
        XCTAssertTrue(html.contains("110101********0015"))
        XCTAssertTrue(html.contains("=SUM(A1) 双方各让一步"), "a formula-looking note is only text on a page")
        let (_, access, _) = run(["log", "--type", "AccessRecorded", "--json"], at: "20:31")
        XCTAssertTrue(access.contains(#""format":"html""#) && access.contains("D2026-0001"), "printing is on record: \(access)")
    }

    func test_the_handover_page_has_signature_lines_for_the_shift_and_the_incoming_officer() {
        let (status, html, err) = run(["report", "handover", "--shift", "S0001", "--format", "html", "--as", "031245"])
        XCTAssertEqual(status, 0, err)
        XCTAssertTrue(html.contains("<h2>签字确认</h2>"), html)
        XCTAssertTrue(html.contains("<tr><td>值班人员</td><td>王建国(031245)</td><td></td><td></td></tr>"), html)
        XCTAssertTrue(html.contains("<tr><td>同班人员</td><td>李明(F1021 辅警)</td><td></td><td></td></tr>"), html)
        XCTAssertTrue(html.contains("<tr><td>接班人</td><td>赵军(031300)</td><td></td><td></td></tr>"), html)
        // Markdown and text stay as they were: the lines are for the printed page.
        let (_, md, _) = run(["report", "handover", "--shift", "S0001", "--format", "md", "--as", "031245"])
        XCTAssertFalse(md.contains("签字确认"), md)
    }

    func test_an_unknown_format_names_html_among_the_choices() {
        let (status, _, err) = run(["report", "dispute", "--dispute", "D2026-0001", "--format", "pdf"])
        XCTAssertEqual(status, 64)
        XCTAssertTrue(err.contains("text、md、csv、json 或 html") && err.contains("pdf"), err)
    }
}
