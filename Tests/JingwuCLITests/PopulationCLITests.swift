import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuCLI
import JingwuJournal
import JingwuResources

/// 网格 and 实有人口 through the real command line (issue 19, part A): the writes print their
/// ids; bad input exits 65 naming the field in both languages with the journal file
/// byte-for-byte unchanged; the three reports in every format; a resident's whole ID number
/// only through `person reveal`, recorded.
@Suite(.serialized) final class PopulationCLITests: OfficeCLITestCase {
    override var setupCommands: [[String]] {
        [
            ["officer", "add", "--badge", "031245", "--name", "王建国", "--role", "police"],
            ["officer", "add", "--badge", "F1021", "--name", "李明", "--role", "auxiliary"],
            ["officer", "add", "--badge", "L0001", "--name", "孙联户", "--role", "household-leader"],
            ["grid", "add", "--code", "G01", "--name", "花园网格", "--community", "戴花园社区", "--worker-name", "周网格"],
            ["cell", "add", "--code", "C01", "--name", "锦绣花园", "--community", "戴花园社区", "--kind", "compound", "--grid", "G01"],
            ["cell", "add", "--code", "X01", "--name", "幸福小区", "--community", "幸福社区", "--kind", "compound"],
            ["building", "add", "--name", "锦绣花园1号楼", "--cell", "C01", "--units", "2"],
            ["building", "add", "--name", "幸福1号楼", "--cell", "X01", "--units", "2"],
            ["household", "add", "--building", "B0001", "--unit", "1", "--door", "101", "--address", "花园路12号锦绣花园1号楼1单元101"],
            ["household", "add", "--building", "B0002", "--unit", "1", "--door", "101", "--address", "幸福路1号1单元101"],
            ["rental", "add", "--household", "HH0001", "--landlord", "周房东", "--landlord-phone", "13800138000"],
            ["resident", "add", "--household", "HH0001", "--name", "刘二", "--id-number", idNumber("11010519900307123"),
             "--status", "temporary", "--stay-until", "2026-12-10"],
            ["rental", "inspect", "--rental", "RT0001", "--conditions", "消防器材齐全", "--tenants", "1"],
            ["leader", "assign", "--leader", "L0001", "--units", "B0001-1"],
        ]
    }

    /// Refused as 031245 (see `assertRefused`).
    private func assertRefusedAsPolice(_ args: [String], field: String, file: StaticString = #filePath, line: UInt = #line) {
        assertRefused(args + ["--as", "031245"], field: field, file: file, line: line)
    }

    private func idNumber(_ first17: String) -> String {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(first17.compactMap(\.wholeNumberValue), weights).reduce(0) { $0 + $1.0 * $1.1 }
        return first17 + String(Array("10X98765432")[sum % 11])
    }

    @Test func test_writes_print_the_new_records_ids() {
        XCTAssertEqual(run(["household", "add", "--building", "B0001", "--unit", "2", "--door", "201", "--address", "花园路12号1号楼2单元201",
                            "--as", "031245"]).1, "HH0003")
        XCTAssertEqual(run(["resident", "add", "--household", "HH0003", "--name", "刘大", "--id-number",
                            idNumber("11010519800101001"), "--status", "present-registered", "--as", "031245"]).1, "R0002")
        XCTAssertEqual(run(["grid", "add", "--code", "G02", "--name", "东区网格", "--community", "戴花园社区", "--worker", "F1021",
                            "--as", "031245"]).1, "G02")
    }

    @Test func test_bad_input_is_refused_naming_the_field_with_the_journal_unchanged() {
        // A household without an address.
        assertRefusedAsPolice(["household", "add", "--building", "B0001", "--unit", "2", "--door", "201"], field: "address")
        // A 暂住 expiry before its start.
        assertRefusedAsPolice(["resident", "add", "--household", "HH0001", "--name", "刘三", "--id-number", idNumber("11010519800101003"),
                       "--status", "temporary", "--stay-from", "2026-11-20", "--stay-until", "2026-11-19"], field: "stay-until")
        assertRefusedAsPolice(["resident", "add", "--household", "HH0001", "--name", "刘三", "--id-number", idNumber("11010519800101003"),
                       "--status", "temporary", "--stay-until", "next year"], field: "stay-until")
        // A leader assigned to households in another community.
        assertRefusedAsPolice(["leader", "assign", "--leader", "L0001", "--households", "HH0002"], field: "households")
        assertRefusedAsPolice(["leader", "assign", "--leader", "F1021", "--units", "B0001-2"], field: "leader")
        // A point in a 网格 of another community; a building at no point.
        assertRefusedAsPolice(["cell", "add", "--code", "X02", "--name", "幸福二区", "--community", "幸福社区", "--kind", "compound",
                       "--grid", "G01"], field: "grid")
        assertRefusedAsPolice(["building", "add", "--name", "新楼", "--cell", "C99", "--units", "2"], field: "cell")
        assertRefusedAsPolice(["rental", "inspect", "--rental", "RT0009", "--conditions", "无"], field: "rental")
        let (_, _, err) = run(["household", "add", "--building", "B0001", "--unit", "2", "--door", "201", "--as", "031245"])
        XCTAssertTrue(err.contains("标准地址 (address)：必须填写"), err)
    }

    @Test func test_the_three_reports_in_every_format() throws {
        for id in ["population", "stays", "leaders"] {
            for format in ["text", "md", "csv", "json", "html"] {
                let (status, out, err) = run(["report", id, "--format", format, "--as", "031245"])
                XCTAssertEqual(status, 0, "\(id) \(format): \(err)")
                XCTAssertFalse(out.isEmpty, "\(id) \(format)")
                // ID numbers are masked in every format.
                XCTAssertFalse(out.contains(idNumber("11010519900307123")), "\(id) \(format)")
            }
        }
        let (_, json, _) = run(["report", "stays", "--format", "json", "--as", "031245"])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let sections = try XCTUnwrap(object["sections"] as? [String: Any])
        let rows = try XCTUnwrap(sections["stays"] as? [[String: Any]])
        XCTAssertEqual(rows.first?["resident"] as? String, "R0001")
        XCTAssertEqual(rows.first?["daysLeft"] as? Int, 17)
        XCTAssertEqual(rows.first?["idNumber"] as? String, "110105********" + String(idNumber("11010519900307123").suffix(4)))
        let (_, leaders, _) = run(["report", "leaders", "--as", "031245"])
        XCTAssertTrue(leaders.contains("联户长覆盖单元            1 / 4 = 25.0%"), leaders)
        let (_, population, _) = run(["report", "population", "--format", "csv", "--as", "031245"])
        XCTAssertTrue(population.contains("G01 花园网格,C01 锦绣花园,1,0,0,0,1,1"), population)
    }

    @Test func test_a_residents_whole_number_is_shown_only_by_person_reveal_which_is_recorded() {
        let number = idNumber("11010519900307123")
        let (status, out, err) = run(["person", "reveal", "--person", "R0001", "--purpose", "核对", "--as", "031245"])
        XCTAssertEqual(status, 0, err)
        XCTAssertEqual(out, number)
        let (_, log, _) = run(["log", "--json", "--as", "031245"])
        XCTAssertTrue(log.contains("\"IDNumberRevealed\""), log)
    }
}
