import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuCLI
import JingwuJournal

/// `jingwu report … --period` (issue 17) and `jingwu report fraud`, on a journal written
/// through the CLI: two days in one week, a warning on each, one dissuaded.
@Suite(.serialized) final class ReportPeriodCLITests {
    private var dir = ""
    private var path: String { dir + "/journal.jsonl" }

    init() throws {
        dir = NSTemporaryDirectory() + "jingwu-cli-period-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let steps: [(String, [String])] = [
            ("2026-11-23T07:30", ["init", "--test", "--station", "花园派出所", "--office", "戴花园警务室"]),
            ("2026-11-23T07:31", ["officer", "add", "--badge", "031245", "--name", "王建国", "--role", "police"]),
            ("2026-11-23T07:32", ["cell", "add", "--code", "C01", "--name", "锦绣花园", "--community", "戴花园社区",
                                  "--kind", "compound"]),
            // Monday 11-30: a high warning, dissuaded; Wednesday 12-02 09:00: a low one, not yet.
            ("2026-11-30T09:00", ["fraud", "warn", "--level", "high", "--target", "王大妈", "--phone", "13800138000"]),
            ("2026-11-30T09:40", ["fraud", "dissuade", "--warning", "F0001", "--by", "031245", "--method", "phone",
                                  "--outcome", "dissuaded"]),
            ("2026-12-02T09:00", ["fraud", "warn", "--level", "low", "--target", "李家", "--phone", "13900139000"]),
        ]
        for (time, args) in steps {
            let (status, _, err) = run(args + ["--as", "031245"], at: time)
            XCTAssertEqual(status, 0, "\(args): \(err)")
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    @discardableResult
    private func run(_ args: [String], at time: String = "2026-12-02T16:30", lang: String = "zh") -> (Int32, String, String) {
        let output = CapturedOutput()
        let status = CLI.run(args + ["--journal", path, "--now", time + ":00+08:00", "--lang", lang], environment: [:],
                             output: output)
        return (status, output.stdout, output.stderr)
    }

    private func json(_ args: [String]) throws -> [String: Any] {
        let (status, out, err) = run(args + ["--format", "json"])
        XCTAssertEqual(status, 0, err)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
    }

    @Test func test_each_named_period_sets_the_window_and_the_title() throws {
        let cases: [(String, String, String, String)] = [
            ("today", "2026-12-02T00:00:00+08:00", "2026-12-02T16:30:00+08:00", "（今日）"),
            ("week", "2026-11-30T00:00:00+08:00", "2026-12-02T16:30:00+08:00", "（本周）"),
            ("month", "2026-12-01T00:00:00+08:00", "2026-12-02T16:30:00+08:00", "（本月）"),
            ("last-month", "2026-11-01T00:00:00+08:00", "2026-12-01T00:00:00+08:00", "（上月 2026-11）"),
            ("3d", "2026-11-29T16:30:00+08:00", "2026-12-02T16:30:00+08:00", "（近 3 天）"),
            ("shift", "2026-12-02T00:00:00+08:00", "2026-12-02T16:30:00+08:00", "（本班：尚无班次，按今日）"),
        ]
        for (period, from, to, title) in cases {
            let object = try json(["report", "bulletin", "--period", period])
            XCTAssertEqual(object["from"] as? String, from, period)
            XCTAssertEqual(object["to"] as? String, to, period)
            XCTAssertEqual(object["period"] as? String, period)
            let (_, text, _) = run(["report", "bulletin", "--period", period])
            XCTAssertTrue(text.contains("警情公告" + title), period + "\n" + text)
        }
        XCTAssertEqual(try json(["report", "bulletin", "--from", "2026-11-01", "--to", "2026-11-15"])["period"] as? String, "range")
        XCTAssertNil(try json(["report", "handover"])["period"], "a shift's handover names no period")
        // Without --period, each report's documented default (bulletin: 7 days) and its name.
        let (_, text, _) = run(["report", "bulletin"])
        XCTAssertTrue(text.contains("警情公告（近 7 天）"), text)
        // A handover names a period only when one is asked for (its default is a shift, which it names itself).
        let (_, handover, _) = run(["report", "handover"])
        XCTAssertTrue(handover.contains("· 交接班报告\n"), handover)
        let (_, handoverToday, _) = run(["report", "handover", "--period", "today"])
        XCTAssertTrue(handoverToday.contains("· 交接班报告（今日）\n"), handoverToday)
        let (_, english, _) = run(["report", "patrols", "--period", "week"], lang: "en")
        XCTAssertTrue(english.contains("Patrol report (this week)"), english)
    }

    @Test func test_fraud_report_by_period_in_every_format() throws {
        let week = try json(["report", "fraud", "--period", "week"])
        let figures = try XCTUnwrap(week["figures"] as? [String: Any])
        XCTAssertEqual(figures["received"] as? Int, 2)
        XCTAssertEqual(figures["dissuaded"] as? Int, 1)
        XCTAssertEqual(figures["pending"] as? Int, 1)
        let today = try XCTUnwrap(try json(["report", "fraud", "--period", "today"])["figures"] as? [String: Any])
        XCTAssertEqual(today["received"] as? Int, 1)
        XCTAssertEqual(today["dissuaded"] as? Int, 0)
        // The default is this month (December): the second warning only (the first came on 11-30).
        let month = try XCTUnwrap(try json(["report", "fraud"])["figures"] as? [String: Any])
        XCTAssertEqual(month["received"] as? Int, 1)
        for format in ["text", "md", "csv"] {
            let (status, out, err) = run(["report", "fraud", "--period", "week", "--format", format])
            XCTAssertEqual(status, 0, err)
            XCTAssertTrue(out.contains("反诈预警与劝阻统计（本周）") && out.contains("同比与环比"), format + "\n" + out)
            XCTAssertFalse(out.contains("13900139000"), "no whole phone number")
        }
        let (_, help, _) = run(["help"])
        XCTAssertTrue(help.contains("report fraud"), help)
    }

    @Test func test_a_bad_period_or_one_with_from_or_to_is_a_usage_error_naming_period() {
        let (status, _, err) = run(["report", "fraud", "--period", "lastweek"])
        XCTAssertEqual(status, 64)
        XCTAssertTrue(err.contains("--period") && err.contains("lastweek"), err)
        let (both, _, bothErr) = run(["report", "patrols", "--period", "week", "--from", "-1d"])
        XCTAssertEqual(both, 64)
        XCTAssertTrue(bothErr.contains("--period") && bothErr.contains("--from"), bothErr)
        // A typed range still names the field at fault, as before.
        let (range, _, rangeErr) = run(["report", "fraud", "--from", "2026-12-02", "--to", "2026-12-01"])
        XCTAssertEqual(range, 65)
        XCTAssertTrue(rangeErr.contains("统计截止时间"), rangeErr)
    }
}
