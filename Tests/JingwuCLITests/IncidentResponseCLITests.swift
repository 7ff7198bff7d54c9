import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuCLI
import JingwuJournal

/// 接处警, 反诈宣传 and the trend and bulletin reports on the command line (issue 20).
@Suite(.serialized) final class IncidentResponseCLITests {
    private var dir = ""
    private var path: String { dir + "/journal.jsonl" }

    init() throws {
        dir = NSTemporaryDirectory() + "jingwu-cli-response-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for args in [["init", "--test", "--station", "花园派出所", "--office", "戴花园警务室"],
                     ["officer", "add", "--badge", "031245", "--name", "王建国", "--role", "police", "--as", "031245"],
                     ["officer", "add", "--badge", "F101", "--name", "李娜", "--role", "auxiliary", "--as", "031245"],
                     ["cell", "add", "--code", "C01", "--name", "花园一区", "--community", "戴花园社区", "--kind", "compound",
                      "--as", "031245"],
                     ["incident", "add", "--cell", "C01", "--kind", "fight", "--summary", "两人推搡", "--caller", "刘女士",
                      "--caller-phone", "138-0013-8000", "--at", "2026-11-23T09:40:00+08:00", "--at-reason", "补录",
                      "--as", "031245"]] {
            let (status, _, err) = run(args)
            XCTAssertEqual(status, 0, err)
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    @discardableResult
    private func run(_ args: [String]) -> (Int32, String, String) {
        let output = CapturedOutput()
        let status = CLI.run(args + ["--journal", path, "--now", "2026-11-23T10:00:00+08:00"], environment: [:], output: output)
        return (status, output.stdout.trimmingCharacters(in: .whitespacesAndNewlines), output.stderr)
    }

    private var journalBytes: Data { FileManager.default.contents(atPath: path) ?? Data() }

    @Test func test_an_arrival_before_the_call_is_refused_naming_the_field_and_nothing_is_written() {
        let before = journalBytes
        let (status, _, err) = run(["incident", "arrive", "--incident", "I0001", "--at", "2026-11-23T09:30:00+08:00",
                                    "--at-reason", "补录", "--as", "F101"])
        XCTAssertEqual(status, 65, err)
        XCTAssertTrue(err.contains("到场时间") && err.contains("早于 I0001 的接警时间"), err)
        XCTAssertEqual(journalBytes, before)
        let (ok, _, err2) = run(["incident", "arrive", "--incident", "I0001", "--at", "2026-11-23T09:48:00+08:00",
                                 "--at-reason", "补录", "--as", "F101"])
        XCTAssertEqual(ok, 0, err2)
        let (again, _, err3) = run(["incident", "arrive", "--incident", "I0001", "--as", "F101"])
        XCTAssertEqual(again, 65, err3)
        XCTAssertTrue(err3.contains("到场时间"), err3)
    }

    @Test func test_the_caller_phone_is_masked_in_reports_and_whole_only_after_a_recorded_look() throws {
        let (status, out, err) = run(["report", "weekly", "--as", "031245"])
        XCTAssertEqual(status, 0, err)
        XCTAssertFalse(out.contains("13800138000"), out)
        let (shown, phone, err2) = run(["incident", "reveal-phone", "--incident", "I0001", "--purpose", "回访报警人", "--as", "F101"])
        XCTAssertEqual(shown, 0, err2)
        XCTAssertEqual(phone, "13800138000")
        let last = try XCTUnwrap(String(decoding: journalBytes, as: UTF8.self).split(separator: "\n").last)
        XCTAssertTrue(last.contains(#""kind":"reveal-phone","persons":[],"purpose":"回访报警人","subject":"I0001""#), String(last))
    }

    @Test func test_an_outreach_with_more_households_than_attendees_is_refused_at_households() {
        let before = journalBytes
        let (status, _, err) = run(["fraud", "outreach", "--cell", "C01", "--place", "社区活动室", "--form", "lecture",
                                    "--audience", "residents", "--attendees", "20", "--households", "30", "--as", "F101"])
        XCTAssertEqual(status, 65, err)
        XCTAssertTrue(err.contains("覆盖户数 (households)：覆盖 30 户多于参加人数 20"), err)
        XCTAssertEqual(journalBytes, before)
        let (ok, _, err2) = run(["fraud", "outreach", "--cell", "C01", "--place", "社区活动室", "--form", "lecture",
                                 "--audience", "residents", "--attendees", "20", "--households", "15", "--as", "F101"])
        XCTAssertEqual(ok, 0, err2)
    }

    @Test func test_the_new_reports_print_in_every_format() throws {
        run(["fraud", "outreach", "--cell", "C01", "--place", "社区活动室", "--form", "stall", "--audience", "shops",
             "--attendees", "40", "--households", "12", "--as", "F101"])
        for report in ["trends", "public", "solved", "weekly"] {
            for format in ["text", "md", "csv", "json", "html"] {
                let (status, out, err) = run(["report", report, "--format", format, "--as", "031245"])
                XCTAssertEqual(status, 0, "\(report) \(format): \(err)")
                XCTAssertFalse(out.isEmpty, "\(report) \(format)")
                if report == "public" || report == "solved" {
                    XCTAssertFalse(out.contains("刘女士") || out.contains("推搡") || out.contains("8000"), "\(report) \(format): \(out)")
                }
            }
        }
        let (_, json, _) = run(["report", "public", "--format", "json", "--as", "031245"])
        XCTAssertTrue(json.contains(#""issue""#) && json.contains("2026-W48"), json)
    }
}
