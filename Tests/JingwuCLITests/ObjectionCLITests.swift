import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuCLI
import JingwuJournal
import JingwuResources

/// `jingwu shift address-objection`: how the incoming officer's objection was dealt with,
/// through the real command line; bad input exits 65 (77 for who may not) naming the field.
@Suite(.serialized) final class ObjectionCLITests {
    private var dir = ""
    private var path: String { dir + "/journal.jsonl" }
    private let now = "2026-11-23T18:00:00+08:00"

    init() throws {
        dir = NSTemporaryDirectory() + "jingwu-cli-objection-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        XCTAssertEqual(run(["init", "--test", "--station", "花园派出所", "--office", "戴花园警务室"]).0, 0)
        for args in [
            ["officer", "add", "--badge", "031245", "--name", "王建国", "--role", "police", "--as", "031245"],
            ["officer", "add", "--badge", "F1021", "--name", "李明", "--role", "auxiliary", "--as", "031245"],
            ["officer", "add", "--badge", "F1022", "--name", "赵亮", "--role", "auxiliary", "--as", "031245"],
            ["shift", "open", "--duty", "F1021", "--as", "F1021"],
            ["shift", "handover", "--to", "F1022", "--notes", "路灯坏了", "--as", "F1021"],
            ["shift", "ack", "--by", "F1022", "--objections", "少一把钥匙", "--as", "F1022"],
        ] {
            let (status, _, err) = run(args, now: "2026-11-23T17:05:00+08:00")
            XCTAssertEqual(status, 0, "\(args): \(err)")
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    @discardableResult
    private func run(_ args: [String], lang: String = "zh", now: String? = nil) -> (Int32, String, String) {
        let output = CapturedOutput()
        let status = CLI.run(args + ["--journal", path, "--now", now ?? self.now, "--lang", lang], environment: [:], output: output)
        return (status, output.stdout.trimmingCharacters(in: .whitespacesAndNewlines), output.stderr)
    }

    private func bytes() -> Data { FileManager.default.contents(atPath: path) ?? Data() }

    @Test func test_a_police_officer_records_the_handling_and_the_handover_report_shows_it() {
        let (status, out, err) = run(["shift", "address-objection", "--shift", "S0001", "--note", "钥匙已找回", "--as", "031245"])
        XCTAssertEqual(status, 0, err)
        XCTAssertEqual(out, "S0001")
        XCTAssertTrue(run(["log", "--type", "HandoverObjectionAddressed"]).1.contains("钥匙已找回"))
        let report = run(["report", "handover", "--shift", "S0001"]).1
        XCTAssertTrue(report.contains("接班异议") && report.contains("少一把钥匙"), report)
        XCTAssertTrue(report.contains("异议处理") && report.contains("钥匙已找回（王建国(031245) 11-23 18:00）"), report)
    }

    @Test func test_bad_input_exits_65_naming_the_field_and_writes_nothing() {
        let before = bytes()
        for (args, field) in [(["--shift", "S0009", "--note", "x"], "班次"),
                              (["--shift", "S0002", "--note", "x"], "班次"),
                              (["--shift", "S0001", "--note", "  "], "备注"),
                              (["--shift", "S0001", "--note", "x", "--by", "999999"], "人员")] {
            let (status, _, err) = run(["shift", "address-objection"] + args + ["--as", "031245"])
            XCTAssertEqual(status, 65, "\(args): \(err)")
            XCTAssertTrue(err.contains(field), "\(args): \(err)")
            XCTAssertEqual(bytes(), before, "\(args)")
        }
        // The outgoing auxiliary may not close the objection to their own handover: 77.
        let (status, _, err) = run(["shift", "address-objection", "--shift", "S0001", "--note", "我补上了", "--as", "F1021"])
        XCTAssertEqual(status, 77, err)
        XCTAssertTrue(err.contains("操作人") && err.contains("赵亮（F1022）") && err.contains("李明（F1021）"), err)
        XCTAssertEqual(bytes(), before)
        // Once dealt with, a second record is refused saying by whom.
        XCTAssertEqual(run(["shift", "address-objection", "--shift", "S0001", "--note", "已找回", "--as", "F1022"]).0, 0)
        let after = bytes()
        let again = run(["shift", "address-objection", "--shift", "S0001", "--note", "再次", "--as", "031245"])
        XCTAssertEqual(again.0, 65)
        XCTAssertTrue(again.2.contains("异议已处理") && again.2.contains("F1022"), again.2)
        XCTAssertEqual(bytes(), after)
    }
}
