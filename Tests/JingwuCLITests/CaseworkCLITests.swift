import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuCLI
import JingwuJournal
import JingwuResources

/// Issue 20, part A, through the real command line: the refusals exit 65 naming the field, the
/// journal byte-for-byte unchanged.
@Suite(.serialized) final class CaseworkCLITests: OfficeCLITestCase {
    override var setupCommands: [[String]] {
        [
            ["officer", "add", "--badge", "031245", "--name", "王建国", "--role", "police"],
            ["officer", "add", "--badge", "F1021", "--name", "李明", "--role", "auxiliary"],
            ["officer", "add", "--badge", "Y3001", "--name", "赵义", "--role", "volunteer"],
            ["officer", "add", "--badge", "031288", "--name", "陈接", "--role", "police"],
            ["cell", "add", "--code", "C01", "--name", "锦绣花园", "--community", "戴花园社区", "--kind", "compound"],
            ["cell", "add", "--code", "J01", "--name", "花园路", "--community", "戴花园社区", "--kind", "street", "--x", "3", "--y", "2"],
        ]
    }


    // The clock stands on Monday 2026-11-23 10:00 (+08:00).

    @Test func test_the_weekly_screening_and_its_zero_report_from_the_command_line() {
        XCTAssertEqual(run(["dispute", "screen", "--community", "戴花园社区", "--found", "2", "--signs", "物业费苗头",
                            "--as", "031245"]).0, 0)
        assertRefused(["dispute", "screen", "--community", "戴花园社区", "--zero-report", "--as", "031245"], field: "zero-report")
        assertRefused(["dispute", "screen", "--community", "北苑社区", "--zero-report", "--as", "031245"], field: "community")
        let (status, out, err) = run(["dispute", "screen", "--community", "戴花园社区", "--week", "2026-11-16",
                                      "--zero-report", "--as", "031245"])
        XCTAssertEqual(status, 0, err)
        XCTAssertEqual(out, "戴花园社区")
        let (_, _, refusal) = run(["dispute", "screen", "--community", "戴花园社区", "--zero-report", "--as", "031245"])
        XCTAssertTrue(refusal.contains("零报告 (zero-report)：戴花园社区 2026-11-23 当周已排查出 2 件，不能报零报告"), refusal)
    }

    @Test func test_dispute_fields_and_a_roster_mediator_from_the_command_line() {
        assertRefused(["dispute", "open", "--category", "neighbour", "--parties", "甲;乙;丙", "--cell", "C01",
                       "--summary", "噪音", "--persons-count", "2", "--as", "031245"], field: "persons-count")
        assertRefused(["dispute", "open", "--category", "neighbour", "--parties", "甲", "--cell", "C01",
                       "--summary", "噪音", "--deadline", "2026-11-22T10:00:00+08:00", "--as", "031245"], field: "deadline")
        let (status, id, err) = run(["dispute", "open", "--category", "collective", "--parties", "业主代表;物业", "--cell", "C01",
                                     "--summary", "物业费", "--persons-count", "13", "--flags", "群体性上访；民转刑",
                                     "--deadline", "2026-12-10T18:00:00+08:00", "--responsible", "陈接", "--as", "031245"])
        XCTAssertEqual(status, 0, err)
        XCTAssertEqual(id, "D2026-0001")
        assertRefused(["dispute", "mediate", "--dispute", id, "--kind", "治安调解", "--mediator-officers", "Z9999",
                       "--notes", "调解", "--as", "031245"], field: "mediator-officers")
        XCTAssertEqual(run(["dispute", "mediate", "--dispute", id, "--kind", "public-security", "--mediator-officers", "031245",
                            "--notes", "治安调解", "--as", "031245"]).0, 0)
        let (_, help, _) = run(["help", "dispute", "open"])
        XCTAssertTrue(help.contains("mass-petition 群体性上访"), help)
    }

    @Test func test_a_dispute_incident_opens_its_case_in_one_step() {
        let (_, incident, _) = run(["incident", "add", "--cell", "C01", "--kind", "dispute", "--summary", "邻里噪音争吵",
                                    "--as", "031245"])
        let (status, id, err) = run(["dispute", "open", "--category", "neighbour", "--parties", "甲;乙", "--incident", incident,
                                     "--as", "031245"])
        XCTAssertEqual(status, 0, err)
        XCTAssertEqual(id, "D2026-0001")
        let (_, log, _) = run(["log", "--entity", incident])
        XCTAssertTrue(log.contains("IncidentLinked"), log)
        assertRefused(["dispute", "open", "--category", "neighbour", "--parties", "甲", "--incident", incident,
                       "--as", "031245"], field: "incident")
    }

    @Test func test_reception_days_and_notices_from_the_command_line() {
        assertRefused(["reception", "record", "--host", "officer", "--visitors", "3", "--as", "031245"], field: "at")
        let (_, refusal, _) = (0, run(["reception", "record", "--host", "officer", "--visitors", "3", "--as", "031245"]).2, 0)
        XCTAssertTrue(refusal.contains("是周一，社区民警接访日为每周二"), refusal)
        XCTAssertEqual(run(["reception", "record", "--host", "officer", "--visitors", "5", "--consultations", "3",
                            "--as", "031245"], at: "2026-11-24T10:00:00+08:00").0, 0)
        XCTAssertEqual(run(["patrol", "hazard", "--cell", "C01", "--category", "fire-lane", "--note", "私家车占用消防通道",
                            "--as", "031245"]).0, 0)
        assertRefused(["notice", "issue", "--hazard", "H0001", "--party", "锦绣物业", "--items", "清理消防通道",
                       "--deadline", "2026-11-20T18:00:00+08:00", "--as", "031245"], field: "deadline")
        let (_, deadlineRefusal, _) = (0, run(["notice", "issue", "--hazard", "H0001", "--party", "锦绣物业", "--items", "清理",
                                               "--deadline", "2026-11-20T18:00:00+08:00", "--as", "031245"]).2, 0)
        XCTAssertTrue(deadlineRefusal.contains("整改期限 (deadline)"), deadlineRefusal)
        let (status, notice, err) = run(["notice", "issue", "--hazard", "H0001", "--party", "锦绣物业", "--items", "清理消防通道",
                                         "--deadline", "2026-11-26T18:00:00+08:00", "--as", "031245"])
        XCTAssertEqual(status, 0, err)
        XCTAssertEqual(notice, "R0001")
        XCTAssertEqual(run(["notice", "complete", "--notice", "R0001", "--note", "复查已清理", "--as", "F1021"]).0, 0)
        assertRefused(["notice", "complete", "--notice", "R0001", "--note", "再次复查", "--as", "031245"], field: "notice")
    }
}
