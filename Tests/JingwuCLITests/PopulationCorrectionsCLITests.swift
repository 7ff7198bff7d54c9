import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuCLI
import JingwuJournal
import JingwuResources

/// Issue 19's last gaps through the real command line (session 12): `grid amend --no-worker`,
/// `resident amend --stay-until`, `leader void --unit`; each writes one correction of the record's
/// own event (the journal browser shows it, its reason and who made it), prints the record's id, and
/// bad input exits 65 naming the field in both languages with the journal byte-for-byte unchanged.
@Suite(.serialized) final class PopulationCorrectionsCLITests: OfficeCLITestCase {
    override var setupCommands: [[String]] {
        [
            ["officer", "add", "--badge", "031245", "--name", "王建国", "--role", "police"],
            ["officer", "add", "--badge", "L0001", "--name", "孙联户", "--role", "household-leader"],
            ["officer", "add", "--badge", "L0002", "--name", "钱联户", "--role", "household-leader"],
            ["grid", "add", "--code", "G01", "--name", "花园网格", "--community", "戴花园社区", "--worker-name", "周网格"],
            ["grid", "add", "--code", "G02", "--name", "东村网格", "--community", "戴花园社区"],
            ["cell", "add", "--code", "C01", "--name", "锦绣花园", "--community", "戴花园社区", "--kind", "compound", "--grid", "G01"],
            ["building", "add", "--name", "锦绣花园1号楼", "--cell", "C01", "--units", "2"],
            ["household", "add", "--building", "B0001", "--unit", "1", "--door", "101", "--address", "花园路12号锦绣花园1号楼1单元101"],
            ["resident", "add", "--household", "HH0001", "--name", "刘二", "--id-number", Self.idNumber("11010519900307123"),
             "--status", "temporary", "--stay-from", "2026-11-20", "--stay-until", "2026-12-10"],
            ["leader", "assign", "--leader", "L0001", "--units", "B0001-1,B0001-2"],
            ["leader", "assign", "--leader", "L0002", "--units", "B0001-1"],
        ]
    }

    static func idNumber(_ first17: String) -> String {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(first17.compactMap(\.wholeNumberValue), weights).reduce(0) { $0 + $1.0 * $1.1 }
        return first17 + String(Array("10X98765432")[sum % 11])
    }

    /// The seq of the journal's line holding both texts.
    private func seq(of a: String, _ b: String) -> String {
        let line = String(decoding: bytes(), as: UTF8.self).split(separator: "\n").first { $0.contains(a) && $0.contains(b) } ?? ""
        guard let range = line.range(of: #""seq":"#) else { return "" }
        return String(line[range.upperBound...].prefix { $0.isNumber })
    }

    private func lastRecord() -> String {
        let text = String(decoding: bytes(), as: UTF8.self)
        return String(text.split(separator: "\n").last ?? "")
    }

    @Test func test_grid_amend_clears_the_worker_and_refuses_what_makes_no_sense() {
        XCTAssertEqual(run(["grid", "amend", "--grid", "g01", "--no-worker", "--reason", "网格员调走", "--as", "031245"]).1, "G01")
        XCTAssertTrue(lastRecord().contains(#""type":"EntryAmended""#), lastRecord())
        XCTAssertTrue(lastRecord().contains(#""changes":{"worker-name":""}"#), lastRecord())
        // Nothing left to clear; G02 never had one; cleared and named at once; no reason; an unknown 网格.
        assertRefused(["grid", "amend", "--grid", "G01", "--no-worker", "--reason", "再清", "--as", "031245"], field: "worker")
        assertRefused(["grid", "amend", "--grid", "G02", "--no-worker", "--reason", "清", "--as", "031245"], field: "worker")
        assertRefused(["grid", "amend", "--grid", "G01", "--no-worker", "--worker-name", "吴网格", "--reason", "换", "--as", "031245"],
                      field: "worker-name")
        assertRefused(["grid", "amend", "--grid", "G01", "--worker-name", "吴网格", "--reason", " ", "--as", "031245"], field: "reason")
        assertRefused(["grid", "amend", "--grid", "G09", "--no-worker", "--reason", "清", "--as", "031245"], field: "grid")
        let (_, _, err) = run(["grid", "amend", "--grid", "G02", "--no-worker", "--reason", "清", "--as", "031245"])
        XCTAssertTrue(err.contains("网格员 (worker)：G02 原本就没有，没有可清除的"), err)
        // The same through `event amend` on the GridAdded (an empty value clears).
        XCTAssertEqual(run(["grid", "amend", "--grid", "G01", "--worker-name", "吴网格", "--reason", "新配", "--as", "031245"]).0, 0)
        XCTAssertEqual(run(["event", "amend", "--event", seq(of: #""type":"GridAdded""#, #""grid":"G01""#), "--set", "worker-name=", "--reason", "又调走", "--as", "031245"]).0, 0)
        XCTAssertTrue(lastRecord().contains(#""changes":{"worker-name":""}"#), lastRecord())
    }

    @Test func test_resident_amend_corrects_the_stay_and_refuses_an_expiry_before_its_start() throws {
        XCTAssertEqual(run(["resident", "amend", "--resident", "R0001", "--stay-until", "2027-05-31", "--reason", "续办暂住登记",
                            "--as", "031245"]).1, "R0001")
        XCTAssertTrue(lastRecord().contains(#""changes":{"stay-until":"2027-05-31"}"#), lastRecord())
        let before = bytes()
        assertRefused(["resident", "amend", "--resident", "R0001", "--stay-until", "2026-11-19", "--reason", "改", "--as", "031245"],
                      field: "stay-until")
        let (_, _, err) = run(["resident", "amend", "--resident", "R0001", "--stay-until", "2026-11-19", "--reason", "改", "--as", "031245"])
        XCTAssertTrue(err.contains("暂住到期日 (stay-until)：到期日 2026-11-19 早于起始日 2026-11-20"), err)
        assertRefused(["resident", "amend", "--resident", "R0001", "--stay-from", "2027-06-01", "--reason", "改", "--as", "031245"],
                      field: "stay-from")
        assertRefused(["resident", "amend", "--resident", "R0001", "--stay-until", "明年", "--reason", "改", "--as", "031245"],
                      field: "stay-until")
        assertRefused(["resident", "amend", "--resident", "R0001", "--status", "present-registered", "--stay-until", "2027-06-01",
                       "--reason", "改", "--as", "031245"], field: "stay-until")
        assertRefused(["resident", "amend", "--resident", "R0009", "--stay-until", "2027-06-01", "--reason", "改", "--as", "031245"],
                      field: "resident")
        XCTAssertEqual(bytes(), before)
        // The stays report reads the corrected expiry: R0001 no longer within 30 days.
        let (status, out, _) = run(["report", "stays", "--format", "csv"])
        XCTAssertEqual(status, 0)
        XCTAssertFalse(out.contains("R0001"), out)
    }

    @Test func test_leader_void_gives_the_unit_back_and_refuses_what_is_not_there() {
        XCTAssertEqual(run(["leader", "void", "--unit", "B0001-1", "--reason", "指定错了", "--as", "031245"]).1, "L0002")
        XCTAssertTrue(lastRecord().contains(#""type":"EntryVoided""#), lastRecord())
        let (_, leaders, _) = run(["report", "leaders", "--format", "csv"])
        XCTAssertTrue(leaders.contains("B0001-1"), leaders)
        XCTAssertFalse(leaders.contains("L0002"), leaders)
        XCTAssertEqual(run(["leader", "void", "--unit", "B0001-2", "--leader", "L0001", "--reason", "辞任", "--as", "031245"]).1, "L0001")
        assertRefused(["leader", "void", "--unit", "B0001-1", "--reason", "再作废", "--as", "031245"], field: "units")
        assertRefused(["leader", "void", "--unit", "B0009-1", "--reason", "作废", "--as", "031245"], field: "units")
        assertRefused(["leader", "void", "--household", "HH0001", "--reason", "作废", "--as", "031245"], field: "household")
        assertRefused(["leader", "void", "--reason", "作废", "--as", "031245"], field: "units")
        let (_, _, err) = run(["leader", "void", "--unit", "B0001-1", "--reason", "再作废", "--as", "031245"])
        XCTAssertTrue(err.contains("单元 (units)：B0001-1 没有仍有效的联户长指定"), err)
        let (_, _, english) = run(["leader", "void", "--unit", "B0001-1", "--reason", "again", "--as", "031245"], lang: "en")
        XCTAssertTrue(english.contains("B0001-1 has no household leader assignment in force"), english)
    }
}
