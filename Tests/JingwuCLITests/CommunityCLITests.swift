import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuCLI
import JingwuJournal
import JingwuResources

/// Issue 19 through the real command line: `points award|settle`, `team add`, `task issue|close`,
/// `tip add|link`, `person control` and the three reports in every format; bad input exits 65
/// naming the field, the journal byte-for-byte unchanged.
@Suite(.serialized) final class CommunityCLITests: OfficeCLITestCase {
    override var setupCommands: [[String]] {
        [
            ["officer", "add", "--badge", "031245", "--name", "王建国", "--role", "police"],
            ["officer", "add", "--badge", "F1021", "--name", "李明", "--role", "auxiliary"],
            ["officer", "add", "--badge", "L0101", "--name", "刘桂兰", "--role", "household-leader"],
            ["officer", "add", "--badge", "Y0101", "--name", "孙义", "--role", "volunteer"],
            ["officer", "add", "--badge", "M0101", "--name", "周调", "--role", "mediator"],
            ["cell", "add", "--code", "C01", "--name", "锦绣花园", "--community", "戴花园社区", "--kind", "compound"],
        ]
    }

    @Test func test_points_teams_tasks_and_tips_are_written_and_reported_in_every_format() throws {
        XCTAssertEqual(run(["points", "award", "--leader", "L0101", "--item", "R01", "--points", "3", "--reason", "报告消防通道堵塞",
                            "--as", "F1021"]).1, "JF0001")
        XCTAssertEqual(run(["team", "add", "--name", "第一义警队", "--kind", "volunteer", "--members", "Y0101", "--as", "F1021"]).1,
                       "TM0001")
        XCTAssertEqual(run(["task", "issue", "--team", "TM0001", "--kind", "app-promotion", "--due", "2026-11-25",
                            "--description", "推广国家反诈中心APP", "--as", "F1021"]).1, "RW0001")
        XCTAssertEqual(run(["tip", "add", "--source", "household-leader", "--from", "L0101", "--channel", "phone",
                            "--what", "楼道电动车充电", "--cell", "C01", "--as", "F1021"]).1, "XS0001")
        XCTAssertEqual(run(["patrol", "hazard", "--cell", "C01", "--note", "楼道电动车充电", "--as", "F1021"]).1, "H0001")
        XCTAssertEqual(run(["tip", "link", "--tip", "XS0001", "--record", "H0001", "--as", "F1021"]).1, "XS0001")
        now = "2026-11-27T10:00:00+08:00"
        let (status, out, err) = run(["report", "team-tasks"])
        XCTAssertEqual(status, 0, err)
        XCTAssertTrue(out.contains("逾期未完成的任务（1）"), out)
        XCTAssertTrue(out.contains("RW0001"), out)
        let points = run(["report", "leader-points"]).1
        XCTAssertTrue(points.contains("刘桂兰(L0101)"), points)
        XCTAssertTrue(points.contains("戴花园社区 2026-11（未结算）"), points)
        let json = run(["report", "tips", "--format", "json"]).1
        XCTAssertTrue(json.contains("\"turnedRate\""), json)
        let csv = run(["report", "leader-points", "--format", "csv"]).1
        XCTAssertTrue(csv.contains("L0101"), csv)
        let html = run(["report", "leader-points", "--format", "html"]).1
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"), String(html.prefix(40)))
        XCTAssertEqual(run(["task", "close", "--task", "RW0001", "--done", "--note", "推广安装42户", "--as", "F1021"]).0, 0)
        // Settling is a police decision.
        XCTAssertEqual(run(["points", "settle", "--month", "2026-11", "--as", "F1021"]).0, 77)
        XCTAssertEqual(run(["points", "settle", "--month", "2026-11", "--as", "031245"]).1, "2026-11 戴花园社区")
        XCTAssertTrue(run(["report", "leader-points"]).1.contains("（已于"), run(["report", "leader-points"]).1)
    }

    @Test func test_bad_input_exits_65_naming_the_field_and_writes_nothing() {
        run(["team", "add", "--name", "第一义警队", "--kind", "volunteer", "--members", "Y0101", "--as", "F1021"])
        let before = bytes()
        for (args, field) in [
            (["points", "award", "--leader", "L0101", "--item", "R01", "--points", "11", "--reason", "x"], "points"),
            (["points", "award", "--leader", "Y0101", "--item", "R01", "--points", "1", "--reason", "x"], "leader"),
            (["points", "award", "--leader", "L0101", "--item", "Z9", "--points", "1", "--reason", "x"], "item"),
            (["task", "issue", "--team", "TM0009", "--kind", "app-promotion", "--due", "2026-11-25", "--description", "x"], "team"),
            (["task", "issue", "--team", "TM0001", "--kind", "app-promotion", "--due", "2026-11-20", "--description", "x"], "due"),
            (["team", "add", "--name", "第二义警队", "--kind", "volunteer", "--members", "L0101"], "members"),
            (["tip", "add", "--source", "volunteer", "--from", "L0101", "--channel", "phone", "--what", "x"], "from"),
            (["person", "add", "--name", "赵五", "--id-number", "110105198001011234", "--category", "floating",
              "--residency", "temporary", "--cell", "C01", "--officer", "031245"], "category"),
        ] {
            for lang in ["zh", "en"] {
                let (status, out, err) = run(args + ["--as", "F1021"], lang: lang)
                XCTAssertEqual(status, 65, "\(args) \(err)")
                XCTAssertEqual(out, "")
                XCTAssertTrue(err.contains("(\(field))"), "\(args) \(err)")
            }
        }
        XCTAssertEqual(bytes(), before)
    }
}
