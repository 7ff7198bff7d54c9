import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuCLI
import JingwuJournal

/// `jingwu report dispute|handover --format html`: the page to print, with the signature
/// lines filled (the 经办民警 who takes it; the shift's officers and the 接班人).
@Suite(.serialized) final class PrintReportCLITests {
    private var dir = ""
    private var path: String { dir + "/journal.jsonl" }
    private let id = "110101199001010015"

    init() throws {
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

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    @discardableResult
    private func run(_ args: [String], at time: String = "20:30") -> (Int32, String, String) {
        let output = CapturedOutput()
        let status = CLI.run(args + ["--journal", path, "--now", "2026-11-23T\(time):00+08:00", "--lang", "zh"],
                             environment: [:], output: output)
        return (status, output.stdout, output.stderr)
    }

    @Test func test_the_case_file_page_names_the_officer_who_prints_it_and_keeps_every_word() {
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

    @Test func test_the_handover_page_has_signature_lines_for_the_shift_and_the_incoming_officer() {
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

    /// `--out FOLDER`: CSV as one table per file (the title in the name, the header first, a BOM),
    /// the path printed; a symlink where the folder should be is refused and nothing is written.
    @Test func test_out_writes_one_table_per_csv_file_into_a_new_folder() throws {
        let out = dir + "/exports"
        let (status, said, err) = run(["report", "disputes", "--format", "csv", "--out", out, "--to", "2026-11-23T20:30:00+08:00"])
        XCTAssertEqual(status, 0, err)
        // The title names the period (issue 17: the disputes report's default, 近 182 天), so the name does too.
        let folder = out + "/矛盾纠纷调处统计（近 182 天） 20261123-2030"
        XCTAssertEqual(said, "已写入 " + folder + "\n")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        XCTAssertTrue(files.contains("矛盾纠纷调处统计（近 182 天） - 概况.csv") && files.contains("矛盾纠纷调处统计（近 182 天） - 按状态（本期办理的纠纷，期末状态）.csv"), "\(files)")
        // Read as bytes: Foundation's UTF-8 reading would drop the BOM.
        func read(_ name: String) throws -> String {
            String(decoding: try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)), as: UTF8.self)
        }
        let byStatus = try read("矛盾纠纷调处统计（近 182 天） - 按状态（本期办理的纠纷，期末状态）.csv")
        XCTAssertTrue(byStatus.hasPrefix("\u{FEFF}状态,件数\r\n待调处,0\r\n调解中,1\r\n"), byStatus)
        let figures = try read("矛盾纠纷调处统计（近 182 天） - 概况.csv")
        XCTAssertTrue(figures.hasPrefix("\u{FEFF}项目,数值\r\n"), figures)
        XCTAssertTrue(figures.contains("\r\n调处成功率（成功÷办理）,0\r\n"), "a rate is a fraction: \(figures)")
        for file in files {
            let mode = try FileManager.default.attributesOfItem(atPath: folder + "/" + file)[.posixPermissions] as? Int
            XCTAssertEqual(mode, 0o600, file)
        }
        // A period without disputes has no rate: an empty cell, not text like "0 / 0".
        let (_, empty, _) = run(["report", "disputes", "--format", "csv", "--from", "2026-01-01T00:00:00+08:00",
                                 "--to", "2026-02-01T00:00:00+08:00"])
        XCTAssertTrue(empty.contains("\r\n调处成功率（成功÷办理）,\r\n"), empty)
        // Again: a new folder beside it, the first one untouched.
        XCTAssertEqual(run(["report", "disputes", "--format", "csv", "--out", out, "--to", "2026-11-23T20:30:00+08:00"]).1,
                       "已写入 " + folder + "-2\n")

        try FileManager.default.createSymbolicLink(atPath: dir + "/planted", withDestinationPath: dir + "/elsewhere")
        let (refused, _, message) = run(["report", "dispute", "--dispute", "D2026-0001", "--format", "html",
                                         "--out", dir + "/planted", "--as", "031245"])
        XCTAssertEqual(refused, 73, message)
        XCTAssertTrue(message.contains("不是文件夹"), message)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/elsewhere"))
    }

    @Test func test_an_unknown_format_names_html_among_the_choices() {
        let (status, _, err) = run(["report", "dispute", "--dispute", "D2026-0001", "--format", "pdf"])
        XCTAssertEqual(status, 64)
        XCTAssertTrue(err.contains("text、md、csv、json 或 html") && err.contains("pdf"), err)
    }
}
