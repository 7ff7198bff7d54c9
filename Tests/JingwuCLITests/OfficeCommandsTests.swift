import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuCLI
import JingwuJournal
import JingwuResources

/// Every rule of DESIGN.md "Bad input", through the real command line on a FileJournal:
/// exit 65, a message naming the field, and a journal file byte-for-byte unchanged.
@Suite(.serialized) final class OfficeCommandsTests: OfficeCLITestCase {
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

    private func idNumber(_ first17: String) -> String {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(first17.compactMap(\.wholeNumberValue), weights).reduce(0) { $0 + $1.0 * $1.1 }
        return first17 + String(Array("10X98765432")[sum % 11])
    }

    private func person(_ number: String) -> [String] {
        ["person", "add", "--name", "张某", "--id-number", number, "--category", "released", "--residency",
         "present-registered", "--cell", "C01", "--officer", "031245", "--as", "031245"]
    }

    private func startPatrol(lead: String = "031245") -> String {
        let (status, id, err) = run(["patrol", "start", "--mode", "foot", "--lead", lead, "--as", "031245"])
        XCTAssertEqual(status, 0, err)
        return id
    }

    // MARK: Writes

    @Test func test_a_write_prints_the_short_id_or_json_with_seq_event_and_id() throws {
        XCTAssertEqual(startPatrol(), "P0001")
        let (status, json, _) = run(["incident", "add", "--cell", "J01", "--kind", "theft", "--summary", "电动车被盗",
                                     "--as", "F1021", "--json"])
        XCTAssertEqual(status, 0)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        XCTAssertEqual(object["event"] as? String, "IncidentLogged")
        XCTAssertEqual(object["id"] as? String, "I0001")
        XCTAssertEqual(object["seq"] as? Int, 8)
    }

    @Test func test_codes_are_listed_by_help() {
        let (status, out, _) = run(["help", "patrol", "start"])
        XCTAssertEqual(status, 0)
        for code in ["foot", "bike", "vehicle", "checkpoint", "post", "步巡"] { XCTAssertTrue(out.contains(code), out) }
        let (_, dispute, _) = run(["help", "dispute", "open"])
        XCTAssertTrue(dispute.contains("neighbour 邻里") && dispute.contains("escalation"), dispute)
    }

    @Test func test_chinese_names_are_accepted_for_codes() {
        let (status, id, err) = run(["patrol", "start", "--mode", "自行车巡", "--lead", "F1021", "--as", "F1021"])
        XCTAssertEqual(status, 0, err)
        XCTAssertEqual(id, "P0001")
    }

    @Test func test_control_and_escape_sequences_are_stripped_before_writing() throws {
        let (status, _, err) = run(["incident", "add", "--cell", "J01", "--kind", "help", "--summary",
                                    "老人\u{1B}[31m走失\u{07}求助", "--as", "031245"])
        XCTAssertEqual(status, 0, err)
        let text = String(decoding: bytes(), as: UTF8.self)
        XCTAssertTrue(text.contains("老人走失求助"), text)
        XCTAssertFalse(text.contains("\\u001b") || text.contains("\u{1B}"))
    }

    // MARK: Refusals, one per rule

    @Test func test_id_number_with_a_wrong_check_digit_is_refused() {
        let good = idNumber("11010519800101123")
        let wrong = String(good.dropLast()) + (good.last == "0" ? "1" : "0")
        assertRefused(person(wrong), field: "id-number")
    }

    @Test func test_id_number_of_the_wrong_length_or_a_bad_birth_date_is_refused() {
        assertRefused(person("1101051980010112"), field: "id-number")
        assertRefused(person(idNumber("11010519801301123")), field: "id-number")  // month 13
        assertRefused(person(idNumber("11010520300101123")), field: "id-number")  // born in the future
    }

    @Test func test_the_same_id_number_listed_twice_is_refused() {
        XCTAssertEqual(run(person(idNumber("11010519800101123"))).0, 0)
        assertRefused(person(idNumber("11010519800101123")), field: "id-number")
    }

    @Test func test_an_unknown_badge_is_refused() {
        assertRefused(["patrol", "start", "--mode", "foot", "--lead", "999999", "--as", "031245"], field: "lead")
        assertRefused(["shift", "open", "--duty", "999999", "--as", "031245"], field: "duty")
        assertRefused(["patrol", "start", "--mode", "foot", "--lead", "031245", "--members", "F1021,NOPE", "--as", "031245"],
                      field: "members")
    }

    @Test func test_an_unknown_cell_is_refused() {
        let patrol = startPatrol()
        assertRefused(["patrol", "checkin", "--patrol", patrol, "--cell", "C99", "--as", "031245"], field: "cell")
        assertRefused(["incident", "add", "--cell", "C99", "--kind", "theft", "--summary", "x", "--as", "031245"], field: "cell")
    }

    @Test func test_checkin_to_an_ended_patrol_is_refused_and_writes_nothing() {
        let patrol = startPatrol()
        XCTAssertEqual(run(["patrol", "end", "--patrol", patrol, "--as", "031245"], at: "2026-11-23T11:00:00+08:00").0, 0)
        assertRefused(["patrol", "checkin", "--patrol", patrol, "--cell", "C01", "--as", "031245"], field: "patrol",
                      at: "2026-11-23T11:05:00+08:00")
    }

    /// Issue 15: a repeated `patrol checkin` (same patrol, same cell, under 5 minutes) exits 65,
    /// names the patrol, the cell and the earlier check-in's time, and writes nothing; a
    /// back-dated one near it too.
    @Test func test_a_repeated_checkin_at_the_same_cell_within_five_minutes_is_refused() {
        let patrol = startPatrol()
        let checkin = ["patrol", "checkin", "--patrol", patrol, "--cell", "C01", "--as", "031245"]
        XCTAssertEqual(run(checkin, at: "2026-11-23T10:10:00+08:00").0, 0)
        assertRefused(checkin, field: "cell", at: "2026-11-23T10:10:03+08:00")
        let (status, out, err) = run(checkin, at: "2026-11-23T10:14:00+08:00")
        XCTAssertEqual(status, 65)
        XCTAssertEqual(out, "")
        XCTAssertTrue(err.contains("\(patrol) 已于 10:10:00 在 C01 签到，5 分钟内不重复签到，未写入"), err)
        assertRefused(checkin + ["--at", "2026-11-23T10:08:00+08:00", "--reason", "补录"], field: "cell",
                      at: "2026-11-23T10:30:00+08:00")
        // Another cell at once, or the same cell five minutes on, is recorded.
        XCTAssertEqual(run(["patrol", "checkin", "--patrol", patrol, "--cell", "J01", "--as", "031245"],
                           at: "2026-11-23T10:11:00+08:00").0, 0)
        XCTAssertEqual(run(checkin, at: "2026-11-23T10:15:00+08:00").0, 0)
    }

    /// Issue 15: `log --entity` lists the records naming a short id of every prefix, in any case,
    /// with their corrections.
    @Test func test_log_entity_finds_every_short_id_in_any_case() throws {
        let patrol = startPatrol()
        let writes: [[String]] = [
            ["shift", "open", "--duty", "031245"],
            ["patrol", "hazard", "--patrol", patrol, "--cell", "C01", "--note", "楼道堆物"],
            ["person", "add", "--name", "张某", "--id-number", idNumber("11010519800101123"), "--category", "released",
             "--residency", "present-registered", "--cell", "C01", "--officer", "031245"],
            ["dispute", "open", "--category", "neighbour", "--parties", "张三;李四", "--cell", "J01", "--summary", "漏水"],
            ["incident", "add", "--cell", "J01", "--kind", "theft", "--summary", "电瓶被盗"],
            ["fraud", "warn", "--level", "high", "--phone", "13800138000", "--target", "赵阿姨", "--cell", "C01"],
        ]
        for args in writes {
            let (status, _, err) = run(args + ["--as", "031245"])
            XCTAssertEqual(status, 0, "\(args): \(err)")
        }
        func types(_ entity: String) -> [String] {
            let (status, out, err) = run(["log", "--json", "--entity", entity, "--as", "031245"])
            XCTAssertEqual(status, 0, err)
            return out.split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["type"] as? String
            }
        }
        XCTAssertEqual(types("p0001"), ["PatrolStarted", "HazardFound"])
        XCTAssertEqual(types("S0001"), ["ShiftOpened"])
        XCTAssertEqual(types("h0001"), ["HazardFound"])
        XCTAssertEqual(types("k0001"), ["PersonListed"])
        XCTAssertEqual(types("d2026-0001"), ["DisputeOpened"])
        XCTAssertEqual(types("i0001"), ["IncidentLogged"])
        XCTAssertEqual(types("f0001"), ["FraudWarningReceived"])
        XCTAssertEqual(types("j01"), ["CellAdded", "DisputeOpened", "IncidentLogged"])
        XCTAssertEqual(types("Z99"), [])
        // A correction of a record naming it is listed with it.
        let (_, json, _) = run(["log", "--json", "--entity", "F0001", "--as", "031245"])
        let event = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["id"] as? String)
        XCTAssertEqual(run(["event", "void", "--event", event, "--reason", "重复登记", "--as", "031245"]).0, 0)
        XCTAssertEqual(types("f0001"), ["FraudWarningReceived", "EntryVoided"])
    }

    @Test func test_an_unknown_patrol_is_refused() {
        assertRefused(["patrol", "end", "--patrol", "P0042", "--as", "031245"], field: "patrol")
    }

    @Test func test_a_time_in_the_future_is_refused() {
        assertRefused(["patrol", "start", "--mode", "foot", "--lead", "031245", "--as", "031245",
                       "--at", "2026-11-23T12:00:00+08:00"], field: "at")
    }

    @Test func test_back_dating_without_a_reason_is_refused() {
        assertRefused(["patrol", "start", "--mode", "foot", "--lead", "031245", "--as", "031245",
                       "--at", "2026-11-23T08:00:00+08:00"], field: "reason")
        let (status, _, err) = run(["patrol", "start", "--mode", "foot", "--lead", "031245", "--as", "031245",
                                    "--at", "2026-11-23T08:00:00+08:00", "--at-reason", "补录:对讲机故障"])
        XCTAssertEqual(status, 0, err)
    }

    @Test func test_an_entry_before_the_thing_it_belongs_to_began_is_refused() {
        let patrol = startPatrol()
        assertRefused(["patrol", "end", "--patrol", patrol, "--as", "031245", "--at", "2026-11-23T09:00:00+08:00",
                       "--at-reason", "补录"], field: "at")
    }

    @Test func test_mediation_on_a_resolved_dispute_is_refused() {
        let (_, dispute, _) = run(["dispute", "open", "--category", "neighbour", "--parties", "陈某;吴某", "--cell", "C01",
                                   "--summary", "漏水纠纷", "--as", "031245"])
        XCTAssertEqual(dispute, "D2026-0001")
        XCTAssertEqual(run(["dispute", "resolve", "--dispute", dispute, "--agreement", "赔偿维修费", "--as", "031245"]).0, 0)
        assertRefused(["dispute", "mediate", "--dispute", dispute, "--kind", "people", "--mediators", "刘某", "--notes", "再调",
                       "--as", "031245"], field: "dispute")
        assertRefused(["dispute", "close", "--dispute", dispute, "--reason", "x", "--as", "031245"], field: "dispute")
    }

    @Test func test_follow_up_before_a_dispute_is_concluded_is_refused() {
        let (_, dispute, _) = run(["dispute", "open", "--category", "family", "--parties", "甲;乙", "--cell", "C01",
                                   "--summary", "家庭矛盾", "--as", "031245"])
        assertRefused(["dispute", "follow-up", "--dispute", dispute, "--note", "回访", "--as", "031245"], field: "dispute")
    }

    @Test func test_required_text_must_be_present_and_of_sane_length() {
        assertRefused(["dispute", "open", "--category", "neighbour", "--parties", "甲;乙", "--cell", "C01",
                       "--summary", "   ", "--as", "031245"], field: "summary")
        assertRefused(["dispute", "open", "--category", "neighbour", "--parties", " ; ", "--cell", "C01",
                       "--summary", "x", "--as", "031245"], field: "parties")
        assertRefused(["incident", "add", "--cell", "J01", "--kind", "theft", "--summary", String(repeating: "长", count: 2001),
                       "--as", "031245"], field: "summary")
        assertRefused(["officer", "add", "--badge", "F9", "--name", String(repeating: "名", count: 41), "--role", "auxiliary",
                       "--as", "031245"], field: "name")
    }

    @Test func test_an_unknown_code_is_refused_naming_the_allowed_codes() {
        let before = bytes()
        let (status, _, err) = run(["patrol", "start", "--mode", "run", "--lead", "031245", "--as", "031245"])
        XCTAssertEqual(status, 65)
        XCTAssertTrue(err.contains("(mode)") && err.contains("foot 步巡|bike 自行车巡|vehicle 车巡|checkpoint 设卡盘查|post 定点守候"), err)
        XCTAssertEqual(bytes(), before)
        assertRefused(["officer", "add", "--badge", "F9", "--name", "某", "--role", "cop", "--as", "031245"], field: "role")
    }

    @Test func test_a_write_without_a_known_operator_is_refused() {
        assertRefused(["patrol", "start", "--mode", "foot", "--lead", "031245"], field: "as")
        assertRefused(["patrol", "start", "--mode", "foot", "--lead", "031245", "--as", "777"], field: "as")
    }

    @Test func test_duplicate_badges_and_cell_codes_are_refused() {
        assertRefused(["officer", "add", "--badge", "F1021", "--name", "又一个", "--role", "auxiliary", "--as", "031245"],
                      field: "badge")
        assertRefused(["cell", "add", "--code", "C01", "--name", "重复", "--community", "戴花园社区", "--kind", "compound",
                       "--as", "031245"], field: "code")
        assertRefused(["cell", "add", "--code", "C 02", "--name", "空格", "--community", "戴花园社区", "--kind", "compound",
                       "--as", "031245"], field: "code")
    }

    @Test func test_numbers_are_checked() {
        assertRefused(["cell", "add", "--code", "C02", "--name", "二区", "--community", "戴花园社区", "--kind", "compound",
                       "--window-hours", "abc", "--as", "031245"], field: "window-hours")
        assertRefused(["cell", "add", "--code", "C02", "--name", "二区", "--community", "戴花园社区", "--kind", "compound",
                       "--window-hours", "0", "--as", "031245"], field: "window-hours")
    }

    @Test func test_a_volunteer_cannot_lead_a_patrol() {
        assertRefused(["patrol", "start", "--mode", "foot", "--lead", "Y3001", "--as", "031245"], field: "lead")
    }

    @Test func test_an_officer_already_out_cannot_start_a_second_patrol() {
        _ = startPatrol()
        assertRefused(["patrol", "start", "--mode", "bike", "--lead", "031245", "--as", "031245"], field: "lead")
    }

    @Test func test_a_second_shift_cannot_open_while_one_is_open_and_handover_goes_to_someone_else() {
        XCTAssertEqual(run(["shift", "open", "--duty", "031245", "--as", "031245"]).1, "S0001")
        assertRefused(["shift", "open", "--duty", "031288", "--as", "031288"], field: "duty")
        assertRefused(["shift", "handover", "--to", "031245", "--notes", "交班", "--as", "031245"], field: "to")
        assertRefused(["shift", "ack", "--by", "031288", "--as", "031288"], field: "by")  // nothing handed to them yet
    }

    @Test func test_a_closed_incident_cannot_be_closed_again() {
        let (_, id, _) = run(["incident", "add", "--cell", "J01", "--kind", "help", "--summary", "求助", "--as", "031245"])
        XCTAssertEqual(run(["incident", "close", "--incident", id, "--disposition", "handled", "--as", "031245"]).0, 0)
        assertRefused(["incident", "close", "--incident", id, "--disposition", "handled", "--as", "031245"], field: "incident")
    }

    @Test func test_corrections_name_the_event_and_refuse_what_cannot_be_changed() {
        let patrol = startPatrol()
        XCTAssertEqual(patrol, "P0001")
        // seq 7 is the PatrolStarted (header 0, four officers, two cells).
        assertRefused(["event", "amend", "--event", "7", "--reason", "录错", "--set", "lead=F1021", "--as", "031245"],
                      field: "set")
        assertRefused(["event", "void", "--event", "99", "--reason", "x", "--as", "031245"], field: "event")
        let (status, _, err) = run(["event", "void", "--event", "7", "--reason", "重复录入", "--as", "031245"])
        XCTAssertEqual(status, 0, err)
        assertRefused(["event", "void", "--event", "7", "--reason", "again", "--as", "031245"], field: "event")
    }

    @Test func test_delisting_and_status_changes_need_a_listed_person() {
        XCTAssertEqual(run(person(idNumber("11010519800101123"))).1, "K0001")
        assertRefused(["person", "status", "--person", "K0001", "--as", "031245"], field: "residency")
        XCTAssertEqual(run(["person", "delist", "--person", "K0001", "--reason", "迁出辖区", "--as", "031245"]).0, 0)
        assertRefused(["visit", "add", "--person", "K0001", "--method", "home", "--by", "031245", "--finding", "x",
                       "--as", "031245"], field: "person")
    }

    @Test func test_a_report_period_error_names_the_period_and_at_reason_needs_at() {
        let (status, _, err) = run(["report", "patrols", "--from", "2026-11-30", "--to", "2026-11-01", "--as", "031245"])
        XCTAssertEqual(status, 65)
        XCTAssertTrue(err.contains("统计截止时间 (to)") && !err.contains("接班人"), err)
        let (bad, _, badErr) = run(["report", "bulletin", "--from", "25:00"])
        XCTAssertEqual(bad, 65)
        XCTAssertTrue(badErr.contains("统计起始时间 (from)"), badErr)
        let before = bytes()
        let (usage, _, usageErr) = run(["patrol", "hazard", "--cell", "C01", "--note", "x", "--at-reason", "补录", "--as", "031245"])
        XCTAssertEqual(usage, 64)
        XCTAssertTrue(usageErr.contains("--at-reason"), usageErr)
        XCTAssertEqual(bytes(), before)
    }

    @Test func test_an_amendment_names_the_fields_it_may_change_and_refuses_two_values_for_one() {
        let (status, id, err) = run(["incident", "add", "--cell", "C01", "--kind", "theft", "--summary", "电动车被盗",
                                     "--as", "031245"])
        XCTAssertEqual(status, 0, err)
        XCTAssertFalse(id.isEmpty)
        let seq = "7"  // header, 4 officers, 2 cells: the incident is record 7
        let before = bytes()
        let (colour, _, colourErr) = run(["event", "amend", "--event", seq, "--reason", "x", "--set", "colour=red",
                                          "--as", "031245"])
        XCTAssertEqual(colour, 65)
        XCTAssertTrue(colourErr.contains("警情登记") && colourErr.contains("可更正：") && colourErr.contains("kind"), colourErr)
        let (twice, _, twiceErr) = run(["event", "amend", "--event", seq, "--reason", "x", "--set", "kind=fraud",
                                        "--set", "kind=theft", "--as", "031245"])
        XCTAssertEqual(twice, 65)
        XCTAssertTrue(twiceErr.contains("(set)") && twiceErr.contains("kind"), twiceErr)
        XCTAssertEqual(bytes(), before)
    }
}
