import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuCLI
import JingwuJournal

/// Issue 14 through the command line (in-process): `--now` / `JINGWU_NOW` write only on
/// journals made for tests; reads accept them anywhere; reads of a damaged journal say so.
@Suite(.serialized) final class TrustClockCLITests {
    private var dir = ""
    private var path: String { dir + "/journal.jsonl" }

    init() throws {
        dir = NSTemporaryDirectory() + "jingwu-trust-clock-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    @discardableResult
    private func run(_ args: [String], env: [String: String] = [:], journal: String? = nil) -> (Int32, String, String) {
        let output = CapturedOutput()
        let status = CLI.run(args + ["--journal", journal ?? path], environment: env, output: output)
        return (status, output.stdout, output.stderr)
    }

    private var bytes: Data { FileManager.default.contents(atPath: path) ?? Data() }

    private func makeRealOffice() {
        XCTAssertEqual(run(["init", "--station", "花园派出所", "--office", "戴花园警务室"]).0, 0)
        XCTAssertEqual(run(["officer", "add", "--badge", "031245", "--name", "王建国", "--role", "police", "--as", "031245"]).0, 0)
    }

    @Test func test_init_with_a_pinned_clock_needs_test_and_says_which_kind_it_made() {
        let (refused, _, err) = run(["init", "--station", "S", "--office", "O", "--now", "2040-01-01T09:00+08:00", "--lang", "en"])
        XCTAssertEqual(refused, 64, err)
        XCTAssertTrue(err.contains("--now") && err.contains("JINGWU_NOW") && err.contains("--test"), err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        let (made, out, _) = run(["init", "--test", "--station", "S", "--office", "O", "--now", "2040-01-01T09:00+08:00"])
        XCTAssertEqual(made, 0)
        XCTAssertTrue(out.contains("测试/演示用日志"), out)
        XCTAssertTrue(String(decoding: bytes, as: UTF8.self).contains(#""recorded":"2040-01-01T09:00:00+08:00""#))
        let (_, real, _) = run(["init", "--station", "S", "--office", "O"], journal: dir + "/real.jsonl")
        XCTAssertTrue(real.contains("正式值班日志"), real)
        let (_, help, _) = run(["help", "init"])
        XCTAssertTrue(help.contains("--test"), help)
    }

    @Test func test_a_write_with_now_or_jingwu_now_on_a_real_office_exits_64_and_writes_nothing() {
        makeRealOffice()
        let before = bytes
        let add = ["cell", "add", "--code", "C01", "--name", "锦绣花园", "--community", "社区", "--kind", "compound", "--as", "031245"]
        let (pinned, _, err) = run(add + ["--now", "2040-01-01T09:00+08:00"])
        XCTAssertEqual(pinned, 64, err)
        XCTAssertTrue(err.contains("--now") && err.contains("JINGWU_NOW") && err.contains("正式值班日志"), err)
        XCTAssertEqual(bytes, before)
        let (env, _, envErr) = run(add, env: ["JINGWU_NOW": "2020-01-01T09:00+08:00"])
        XCTAssertEqual(env, 64, envErr)
        XCTAssertEqual(bytes, before)
        // Reads take the pinned clock.
        XCTAssertEqual(run(["report", "patrols", "--now", "2040-01-01T09:00+08:00"]).0, 0)
        XCTAssertEqual(run(["log", "--now", "2040-01-01T09:00+08:00"]).0, 0)
        // Without it the write goes through, recorded by the system clock.
        let (ok, _, okErr) = run(add)
        XCTAssertEqual(ok, 0, okErr)
        let last = String(decoding: bytes, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        let recorded = last.range(of: #""recorded":""#).map { String(last[$0.upperBound...].prefix(25)) } ?? ""
        XCTAssertLessThan(abs(RFC3339.parse(recorded)!.timeIntervalSinceNow), 120, last)
    }

    @Test func test_the_demo_journal_is_marked_for_tests_and_takes_now() {
        let demo = dir + "/demo.jsonl"
        XCTAssertEqual(run(["demo", "--days", "1", "--now", "2026-11-23T09:30:00+08:00"], journal: demo).0, 0)
        XCTAssertTrue(try FileJournal(path: demo).header.isForTests)
        let (status, _, err) = run(["cell", "add", "--code", "Q99", "--name", "测试点", "--community", "社区", "--kind", "site",
                                    "--as", "031245", "--now", "2026-11-23T09:40:00+08:00"], env: ["JINGWU_PIN": "123456"],
                                   journal: demo)
        XCTAssertEqual(status, 0, err)
    }

    /// Damages record `seq` in place (one byte of its badge), keeping the line's shape.
    private func damage(_ file: String, seq: Int) throws {
        var lines = try String(contentsOfFile: file, encoding: .utf8).components(separatedBy: "\n")
        lines[seq] = lines[seq].replacingOccurrences(of: #""by":""#, with: #""by":"X"#)
        try lines.joined(separator: "\n").write(toFile: file, atomically: false, encoding: .utf8)
    }

    @Test func test_reports_and_log_on_a_damaged_journal_say_so_and_exit_75() throws {
        let demo = dir + "/demo.jsonl"
        XCTAssertEqual(run(["demo", "--days", "3", "--now", "2026-11-30T12:00:00+08:00"], journal: demo).0, 0)
        try FileManager.default.removeItem(atPath: demo + ".checkpoint")
        try damage(demo, seq: 100)
        let before = FileManager.default.contents(atPath: demo)
        let now = ["--now", "2026-11-30T12:00:00+08:00"]
        let (text, out, _) = run(["report", "bulletin"] + now, journal: demo)
        XCTAssertEqual(text, 75)
        XCTAssertTrue(out.hasPrefix("！！值班日志第 100 号记录（第 101 行）已损坏"), out)
        XCTAssertTrue(out.contains("警情公告"), "the valid prefix is still shown")
        let (md, mdOut, _) = run(["report", "bulletin", "--format", "md"] + now, journal: demo)
        XCTAssertEqual(md, 75)
        XCTAssertTrue(mdOut.hasPrefix("> **！！值班日志第 100 号"), mdOut)
        let (json, jsonOut, _) = run(["report", "bulletin", "--format", "json", "--lang", "en"] + now, journal: demo)
        XCTAssertEqual(json, 75)
        let object = try JSONSerialization.jsonObject(with: Data(jsonOut.utf8)) as? [String: Any]
        XCTAssertEqual(object?["damaged"] as? Bool, true)
        XCTAssertEqual(object?["damagedSeq"] as? Int, 100)
        XCTAssertEqual(object?["report"] as? String, "bulletin")
        let (log, logOut, _) = run(["log", "--lang", "en"], journal: demo)
        XCTAssertEqual(log, 75)
        XCTAssertTrue(logOut.hasPrefix("!! journal record 100 (line 101) is damaged"), logOut)
        XCTAssertEqual(logOut.split(separator: "\n").count, 101, "the banner and records 0–99")
        let (logJSON, logJSONOut, _) = run(["log", "--json"], journal: demo)
        XCTAssertEqual(logJSON, 75)
        XCTAssertTrue(logJSONOut.hasPrefix(#"{"damaged":true,"damagedSeq":100,"damagedLine":101}"#), logJSONOut)
        for listing in [["hazard", "list"], ["fraud", "list"]] {
            let (status, listed, _) = run(listing + now, journal: demo)
            XCTAssertEqual(status, 75, "\(listing)")
            XCTAssertTrue(listed.hasPrefix("！！值班日志第 100 号记录"), listed)
        }
        XCTAssertEqual(FileManager.default.contents(atPath: demo), before, "reads never change the journal")
    }

    @Test func test_salvage_ends_the_copy_before_a_record_that_does_not_decode_and_the_office_continues() throws {
        makeRealOffice()
        XCTAssertEqual(run(["cell", "add", "--code", "C01", "--name", "锦绣花园", "--community", "社区", "--kind", "compound",
                            "--as", "031245"]).0, 0)
        let journal = try FileJournal(path: path)
        try journal.append { _ in [EventDraft(type: "CellAdded", at: Date(), by: "031245", data: Data(#"{"code":7}"#.utf8))] }
        let add = ["cell", "add", "--code", "C02", "--name", "东街", "--community", "社区", "--kind", "street", "--as", "031245"]
        let before = bytes
        let (blocked, _, err) = run(add)
        XCTAssertEqual(blocked, 75, err)
        XCTAssertTrue(err.contains("第 3 号") && err.contains("CellAdded") && err.contains("jingwu salvage"), err)
        XCTAssertEqual(bytes, before)
        let (salvaged, out, salvageErr) = run(["salvage", "--out", dir + "/out", "--json"])
        XCTAssertEqual(salvaged, 0, salvageErr)
        let result = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
        XCTAssertEqual(result?["records"] as? Int, 3)
        let newJournal = try XCTUnwrap(result?["journal"] as? String)
        XCTAssertEqual(bytes, before, "salvage never touches the original")
        // What the officer does next: carry on with --journal NEW (or move it into place).
        let (continued, _, continuedErr) = run(add, journal: newJournal)
        XCTAssertEqual(continued, 0, continuedErr)
        XCTAssertEqual(run(["verify"], journal: newJournal).0, 0)
    }
}
