import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuCLI
import JingwuJournal
import JingwuResources

/// `jingwu patrol hazard` prints the hazard's id; `jingwu hazard clear|list` through the real command line.
@Suite(.serialized) final class OfficeHazardCommandsTests: OfficeCLITestCase {
    override var setupCommands: [[String]] {
        [
            ["officer", "add", "--badge", "031245", "--name", "王建国", "--role", "police"],
            ["officer", "add", "--badge", "F1021", "--name", "李明", "--role", "auxiliary"],
            ["cell", "add", "--code", "C01", "--name", "锦绣花园", "--community", "戴花园社区", "--kind", "compound"],
        ]
    }

    @Test func test_hazard_clear_records_who_and_what_and_list_shows_only_open_ones() {
        XCTAssertEqual(run(["patrol", "hazard", "--cell", "C01", "--category", "fire-lane", "--note", "私家车占用消防通道",
                            "--as", "F1021"]).1, "H0001")
        XCTAssertEqual(run(["patrol", "hazard", "--cell", "C01", "--note", "楼道堆物", "--as", "031245"]).1, "H0002")
        let (status, out, err) = run(["hazard", "clear", "--hazard", "H0001", "--note", "车主已挪车", "--as", "F1021"])
        XCTAssertEqual(status, 0, err)
        XCTAssertEqual(out, "H0001")
        let listed = run(["hazard", "list"]).1
        XCTAssertFalse(listed.contains("H0001"), listed)
        XCTAssertTrue(listed.hasPrefix("H0002  "), listed)
        XCTAssertTrue(listed.hasSuffix("未整改"), listed)
        let all = run(["hazard", "list", "--all"], lang: "en").1.split(separator: "\n")
        XCTAssertEqual(all.count, 2)
        XCTAssertTrue(all[0].hasSuffix("put right 2026-11-23T10:00:00+08:00 F1021"), String(all[0]))
        XCTAssertTrue(run(["log", "--type", "HazardCleared"]).1.contains("车主已挪车"))
    }

    @Test func test_clearing_an_unknown_or_already_cleared_hazard_exits_65_naming_the_field_and_writes_nothing() {
        run(["patrol", "hazard", "--cell", "C01", "--note", "楼道堆物", "--as", "031245"])
        run(["patrol", "hazard", "--cell", "C01", "--note", "消防通道堵塞", "--as", "031245"])
        run(["hazard", "clear", "--hazard", "H0001", "--note", "已清理", "--as", "031245"])
        let before = bytes()
        for (args, field) in [(["--hazard", "H0009", "--note", "x"], "hazard"),
                              (["--hazard", "H0001", "--note", "再次清理"], "hazard"),
                              (["--hazard", "H0002", "--note", "x", "--by", "999"], "by"),
                              (["--hazard", "H0002", "--note", ""], "note")] {
            for lang in ["zh", "en"] {
                let (status, out, err) = run(["hazard", "clear"] + args + ["--as", "031245"], lang: lang)
                XCTAssertEqual(status, 65, err)
                XCTAssertEqual(out, "")
                XCTAssertTrue(err.contains("(\(field))"), err)
            }
        }
        XCTAssertEqual(bytes(), before)
        XCTAssertTrue(run(["hazard", "clear", "--hazard", "H0001", "--note", "x", "--as", "031245"]).2.contains("隐患 (hazard)"))
    }

    @Test func test_help_lists_the_hazard_commands() {
        let help = run(["help"]).1
        XCTAssertTrue(help.contains("hazard clear"), help)
        XCTAssertTrue(help.contains("hazard list"), help)
    }
}
