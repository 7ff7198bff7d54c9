import Foundation
import JingwuJournal
import JingwuResources
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// Every rule of DESIGN.md "Bad input": the refusal names the field and the
/// journal stays byte-for-byte the same.
@Suite(.serialized) final class RuleTests {
    // MARK: Resident ID numbers (GB 11643)

    @Test func test_resident_id_check_digit_follows_iso_7064_mod_11_2() {
        // The standard's worked example: 11010519491231002X.
        XCTAssertEqual(ResidentID.checkCharacter(for: "11010519491231002"), "X")
        XCTAssertEqual(ResidentID.checkCharacter(for: "44052418800101001"), "4")
    }

    @Test func test_person_with_wrong_check_digit_is_refused_and_writes_nothing() throws {
        let f = try Fixture()
        let good = Fixture.idNumber()
        let wrongLast: Character = good.last == "1" ? "2" : "1"
        let bad = String(good.dropLast()) + String(wrongLast)
        f.assertRefused(ListPerson(name: "张三", idNumber: bad, category: .released, residency: .presentRegistered,
                                   cell: "C01", officer: Fixture.officer), .idNumberCheckDigit, field: "id-number")
    }

    @Test func test_person_with_impossible_birth_date_is_refused() throws {
        let f = try Fixture()
        let bad = Fixture.idNumber("11010519801301123")  // month 13, right check digit
        f.assertRefused(ListPerson(name: "张三", idNumber: bad, category: .released, residency: .presentRegistered,
                                   cell: "C01", officer: Fixture.officer), .idNumberBirthDate, field: "id-number")
        let future = Fixture.idNumber("11010520300101123")
        f.assertRefused(ListPerson(name: "张三", idNumber: future, category: .released, residency: .presentRegistered,
                                   cell: "C01", officer: Fixture.officer), .idNumberBirthDate, field: "id-number")
    }

    @Test func test_person_with_short_id_number_is_refused() throws {
        let f = try Fixture()
        f.assertRefused(ListPerson(name: "张三", idNumber: "1101051980010112", category: .released,
                                   residency: .presentRegistered, cell: "C01", officer: Fixture.officer),
                        .idNumberFormat, field: "id-number")
    }

    @Test func test_the_same_person_cannot_be_listed_twice() throws {
        let f = try Fixture()
        let command = ListPerson(name: "张三", idNumber: Fixture.idNumber(), category: .released,
                                 residency: .presentRegistered, cell: "C01", officer: Fixture.officer)
        XCTAssertEqual(try f.run(command).entityID, "K0001")
        f.assertRefused(command, .duplicate, field: "id-number")
    }

    // MARK: Badges, cells, operator

    @Test func test_patrol_with_unknown_lead_is_refused() throws {
        let f = try Fixture()
        f.assertRefused(StartPatrol(mode: .foot, lead: "999999"), .unknownOfficer, field: "lead")
    }

    @Test func test_patrol_with_unknown_member_is_refused() throws {
        let f = try Fixture()
        f.assertRefused(StartPatrol(mode: .foot, lead: Fixture.officer, members: ["NOPE"]), .unknownOfficer, field: "members")
    }

    @Test func test_patrol_led_by_a_volunteer_is_refused() throws {
        let f = try Fixture()
        f.assertRefused(StartPatrol(mode: .foot, lead: Fixture.volunteer), .wrongRole, field: "lead")
    }

    @Test func test_officer_already_on_an_active_patrol_cannot_start_another() throws {
        let f = try Fixture()
        try f.run(StartPatrol(mode: .foot, lead: Fixture.officer, members: [Fixture.auxiliary]))
        f.assertRefused(StartPatrol(mode: .bike, lead: Fixture.auxiliary), .busy, field: "lead")
    }

    @Test func test_checkin_to_unknown_cell_is_refused_and_writes_nothing() throws {
        let f = try Fixture()
        let patrol = try f.run(StartPatrol(mode: .foot, lead: Fixture.officer)).entityID!
        f.assertRefused(CheckInPatrol(patrol: patrol, cell: "ZZ99"), .unknownCell, field: "cell")
    }

    @Test func test_patrol_planning_an_unknown_cell_is_refused() throws {
        let f = try Fixture()
        f.assertRefused(StartPatrol(mode: .foot, lead: Fixture.officer, cells: ["C01", "ZZ99"]), .unknownCell, field: "cells")
    }

    @Test func test_write_by_an_operator_not_on_the_roster_is_refused() throws {
        let f = try Fixture()
        f.assertRefused(LogIncident(cell: "C01", kind: .theft, summary: "电瓶被盗"), as: "777777", .operatorUnknown, field: "as")
    }

    @Test func test_write_without_operator_is_refused_once_officers_exist() throws {
        let f = try Fixture()
        f.assertRefused(LogIncident(cell: "C01", kind: .theft, summary: "电瓶被盗"), as: nil, .operatorRequired, field: "as")
    }

    @Test func test_first_officer_may_be_enrolled_on_an_empty_office_without_operator() throws {
        let f = try Fixture(populated: false)
        let result = try f.run(EnrollOfficer(badge: "031245", name: "王建国", role: .police), as: nil)
        XCTAssertEqual(result.entityID, "031245")
        XCTAssertEqual(f.state.officers.officer("031245")?.name, "王建国")
    }

    @Test func test_duplicate_badge_and_cell_code_are_refused() throws {
        let f = try Fixture()
        f.assertRefused(EnrollOfficer(badge: Fixture.officer, name: "重复", role: .police), .duplicate, field: "badge")
        f.assertRefused(AddCell(code: "C01", name: "重复", community: "戴花园社区", kind: .compound), .duplicate, field: "code")
    }

    @Test func test_badge_with_spaces_or_symbols_is_refused() throws {
        let f = try Fixture()
        f.assertRefused(EnrollOfficer(badge: "03 12", name: "某", role: .police), .invalid, field: "badge")
    }

    // MARK: Times

    @Test func test_entry_in_the_future_beyond_tolerance_is_refused() throws {
        let f = try Fixture()
        f.assertRefused(LogIncident(cell: "C01", kind: .theft, summary: "电瓶被盗"), at: "2026-11-23T08:10:00+08:00",
                        .inFuture, field: "at")
        // Within the five-minute tolerance it is accepted.
        XCTAssertNoThrow(try f.run(LogIncident(cell: "C01", kind: .theft, summary: "电瓶被盗"), at: "2026-11-23T08:04:00+08:00"))
    }

    @Test func test_back_dated_entry_needs_a_reason_and_keeps_it() throws {
        let f = try Fixture()
        f.assertRefused(LogIncident(cell: "C01", kind: .theft, summary: "电瓶被盗"), at: "2026-11-23T06:00:00+08:00",
                        .backdateNeedsReason, field: "reason")
        let result = try f.run(LogIncident(cell: "C01", kind: .theft, summary: "电瓶被盗"), at: "2026-11-23T06:00:00+08:00",
                               reason: "夜班漏录")
        let record = try XCTUnwrap(result.record)
        XCTAssertEqual(record.at, time("2026-11-23T06:00:00+08:00"))
        XCTAssertEqual(record.recorded, time("2026-11-23T08:00:00+08:00"))
        XCTAssertEqual(EventRegistry.backdateReason(of: record), "夜班漏录")
    }

    @Test func test_checkin_before_the_patrol_started_is_refused() throws {
        let f = try Fixture()
        let patrol = try f.run(StartPatrol(mode: .foot, lead: Fixture.officer)).entityID!
        f.assertRefused(CheckInPatrol(patrol: patrol, cell: "C01"), at: "2026-11-23T07:00:00+08:00", reason: "补录",
                        .beforeStart, field: "at")
    }

    @Test func test_patrol_end_before_its_last_checkin_is_refused() throws {
        let f = try Fixture()
        let patrol = try f.run(StartPatrol(mode: .foot, lead: Fixture.officer), at: "2026-11-23T06:00:00+08:00",
                               reason: "补录").entityID!
        try f.run(CheckInPatrol(patrol: patrol, cell: "C01"), at: "2026-11-23T07:00:00+08:00", reason: "补录")
        f.assertRefused(EndPatrol(patrol: patrol), at: "2026-11-23T06:30:00+08:00", reason: "补录", .beforeStart, field: "at")
    }

    // MARK: Closed things

    @Test func test_checkin_to_ended_patrol_is_rejected_and_writes_nothing() throws {
        let f = try Fixture()
        let patrol = try f.run(StartPatrol(mode: .foot, lead: Fixture.officer)).entityID!
        f.clock.advance(hours: 1)
        try f.run(EndPatrol(patrol: patrol, summary: "完毕"))
        f.assertRefused(CheckInPatrol(patrol: patrol, cell: "C01"), .closed, field: "patrol")
        f.assertRefused(EndPatrol(patrol: patrol), .closed, field: "patrol")
        f.assertRefused(RecordStopCheck(patrol: patrol, subject: .person, outcome: .released), .closed, field: "patrol")
        f.assertRefused(ReportHazard(patrol: patrol, cell: "C01", note: "杂物"), .closed, field: "patrol")
    }

    @Test func test_mediation_on_a_resolved_dispute_is_refused() throws {
        let f = try Fixture()
        let id = try f.run(OpenDispute(category: .neighbour, parties: ["刘某", "陈某"], cell: "C01", summary: "漏水")).entityID!
        try f.run(ResolveDispute(dispute: id, agreement: "赔偿800元"))
        f.assertRefused(HoldMediation(dispute: id, kind: .people, mediators: ["王建国"], notes: "再调"), .closed, field: "dispute")
        f.assertRefused(ResolveDispute(dispute: id, agreement: "再次"), .closed, field: "dispute")
        f.assertRefused(ReferDispute(dispute: id, to: .court, notes: "移交"), .closed, field: "dispute")
        f.assertRefused(CloseDispute(dispute: id, reason: "撤回"), .closed, field: "dispute")
    }

    @Test func test_follow_up_before_a_dispute_is_concluded_is_refused() throws {
        let f = try Fixture()
        let id = try f.run(OpenDispute(category: .neighbour, parties: ["刘某"], cell: "C01", summary: "漏水")).entityID!
        f.assertRefused(FollowUpDispute(dispute: id, note: "回访"), .notConcluded, field: "dispute")
        let error = DomainError(.notConcluded, field: "dispute", value: id, ["status": "open"])
        XCTAssertEqual(error.localizedMessage(Strings(.zh), fieldLabel: "纠纷"),
                       "纠纷：纠纷 \(id) 尚未办结（\(Strings(.zh).text("domain.dispute_status.open"))），回访在调处成功、移交或终止之后登记")
    }

    @Test func test_visit_to_a_delisted_person_is_refused() throws {
        let f = try Fixture()
        let person = try f.run(ListPerson(name: "张三", idNumber: Fixture.idNumber(), category: .released,
                                          residency: .presentRegistered, cell: "C01", officer: Fixture.officer)).entityID!
        try f.run(DelistPerson(person: person, reason: "考察期满"))
        f.assertRefused(RecordVisit(person: person, method: .home, officer: Fixture.officer, findings: "在家"),
                        .closed, field: "person")
        f.assertRefused(ChangePersonStatus(person: person, residency: .registeredAbsent), .closed, field: "person")
    }

    @Test func test_a_status_change_to_the_same_values_is_refused_and_only_real_changes_are_recorded() throws {
        let f = try Fixture()
        let person = try f.run(ListPerson(name: "张三", idNumber: Fixture.idNumber(), category: .released,
                                          residency: .presentRegistered, cell: "C01", officer: Fixture.officer)).entityID!
        f.assertRefused(ChangePersonStatus(person: person), .statusChangeEmpty, field: "residency")
        f.assertRefused(ChangePersonStatus(person: person, residency: .presentRegistered, category: .released),
                        .unchanged, field: "residency")
        let written = try f.run(ChangePersonStatus(person: person, residency: .registeredAbsent, category: .released))
        let data = String(decoding: try XCTUnwrap(written.record).data, as: UTF8.self)
        XCTAssertTrue(data.contains("registered-absent") || data.contains("residency"), data)
        XCTAssertFalse(data.contains("\"category\""), "the unchanged category is not recorded: \(data)")
    }

    @Test func test_closing_a_closed_incident_is_refused() throws {
        let f = try Fixture()
        let id = try f.run(LogIncident(cell: "C01", kind: .theft, summary: "电瓶被盗")).entityID!
        try f.run(CloseIncident(incident: id, disposition: .caseFiled))
        f.assertRefused(CloseIncident(incident: id, disposition: .handled), .closed, field: "incident")
    }

    @Test func test_second_shift_cannot_open_while_one_is_open() throws {
        let f = try Fixture()
        try f.run(OpenShift(duty: Fixture.officer))
        f.assertRefused(OpenShift(duty: Fixture.nextOfficer), .shiftStillOpen, field: "duty")
    }

    @Test func test_acknowledgement_by_someone_not_handed_to_is_refused() throws {
        let f = try Fixture()
        try f.run(OpenShift(duty: Fixture.officer))
        try f.run(HandOverShift(to: Fixture.nextOfficer, notes: "无异常"))
        f.assertRefused(AcknowledgeShift(by: Fixture.auxiliary), .notTheIncoming, field: "by")
    }

    @Test func test_void_twice_and_void_of_a_correction_are_refused() throws {
        let f = try Fixture()
        let incident = try f.run(LogIncident(cell: "C01", kind: .theft, summary: "电瓶被盗")).record!.id
        let voiding = try f.run(VoidEntry(event: incident, reason: "重复")).record!.id
        f.assertRefused(VoidEntry(event: incident, reason: "再次"), .closed, field: "event")
        f.assertRefused(VoidEntry(event: voiding, reason: "撤销"), .notVoidable, field: "event")
        f.assertRefused(VoidEntry(event: UUID(), reason: "无"), .unknownRecord, field: "event")
    }

    @Test func test_amending_a_field_that_is_not_amendable_is_refused() throws {
        let f = try Fixture()
        let id = try f.run(OpenDispute(category: .neighbour, parties: ["刘某"], cell: "C01", summary: "漏水")).record!.id
        f.assertRefused(AmendEntry(event: id, reason: "改", changes: ["dispute": "D2026-0099"]), .notAmendable, field: "set")
        f.assertRefused(AmendEntry(event: id, reason: "改", changes: ["category": "nonsense"]), .unknownCode, field: "category")
        f.assertRefused(AmendEntry(event: id, reason: "改", changes: ["cell": "ZZ99"]), .unknownCell, field: "cell")
        f.assertRefused(AmendEntry(event: id, reason: "", changes: ["category": "family"]), .required, field: "reason")
    }

    // MARK: Text

    @Test func test_required_text_that_is_only_control_characters_is_refused() throws {
        let f = try Fixture()
        f.assertRefused(LogIncident(cell: "C01", kind: .theft, summary: "\u{1B}[2J\u{07}\t "), .required, field: "summary")
    }

    @Test func test_overlong_name_is_refused() throws {
        let f = try Fixture()
        f.assertRefused(EnrollOfficer(badge: "X1", name: String(repeating: "名", count: 41), role: .police),
                        .tooLong, field: "name")
    }

    @Test func test_escape_sequences_are_stripped_before_anything_is_written() throws {
        let f = try Fixture()
        let result = try f.run(LogIncident(cell: "C01", kind: .fight, summary: "\u{1B}[31m打架\u{1B}]0;title\u{07}斗殴\u{202E}\r\n现场"))
        let id = try XCTUnwrap(result.entityID)
        XCTAssertEqual(f.state.incidents.incident(id)?.summary, "打架斗殴 现场")
        let bytes = f.journal.fileBytes
        XCTAssertFalse(bytes.contains(0x1B), "an ESC byte reached the journal")
        XCTAssertFalse(String(decoding: bytes, as: UTF8.self).contains("\\u001b"))
    }

    @Test func test_clean_text_removes_terminal_controls() {
        XCTAssertEqual(CleanText.strip("a\u{1B}[1;31mb\u{1B}[0m\u{9B}c\u{7F}d"), "abcd")
        XCTAssertEqual(CleanText.strip("  王\t建国\n "), "王 建国")
    }

    // MARK: Codes and messages

    @Test func test_unknown_category_code_names_the_field_and_lists_the_codes() {
        XCTAssertThrowsError(try PatrolMode.parse("boat", field: "mode")) { error in
            let error = error as? DomainError
            XCTAssertEqual(error?.reason, .unknownCode)
            XCTAssertEqual(error?.field, "mode")
            XCTAssertEqual(error?.detail["allowed"], "foot 步巡|bike 自行车巡|vehicle 车巡|checkpoint 设卡盘查|post 定点守候")
        }
        XCTAssertEqual(try PatrolMode.parse("步巡", field: "mode"), .foot)
        // The name without its bracket, or a part only one name has, is read too.
        XCTAssertEqual(try CellKind.parse("小区", field: "kind"), .compound)
        XCTAssertEqual(try IncidentKind.parse("诈骗", field: "kind"), .fraud)
        XCTAssertEqual(try IncidentKind.parse("FRAUD", field: "kind"), .fraud)
        // A part several names share is refused rather than guessed (家庭暴力, 婚姻家庭).
        XCTAssertThrowsError(try DisputeCategory.parse("家庭", field: "category"))
    }

    @Test func test_every_error_reason_and_code_has_zh_and_en_text() {
        let zh = Strings(.zh)
        let en = Strings(.en)
        for reason in DomainError.Reason.allCases {
            XCTAssertTrue(zh.keys.contains("domain.error.\(reason.rawValue)"), reason.rawValue)
            XCTAssertTrue(en.keys.contains("domain.error.\(reason.rawValue)"), reason.rawValue)
        }
        func check<C: DomainCode>(_ type: C.Type) {
            for value in C.allCases {
                XCTAssertEqual(zh.text(value.nameKey), value.chineseName)
                XCTAssertTrue(en.keys.contains(value.nameKey), value.nameKey)
            }
        }
        check(OfficerRole.self); check(CellKind.self); check(PatrolMode.self); check(Dress.self)
        check(StopCheckSubject.self); check(StopCheckOutcome.self); check(HazardCategory.self)
        check(PersonCategory.self); check(Residency.self); check(VisitMethod.self); check(DisputeCategory.self)
        check(DisputeSource.self); check(DisputeRisk.self); check(MediationKind.self); check(MediationResult.self)
        check(ReferralTarget.self); check(IncidentKind.self); check(IncidentSource.self); check(IncidentDisposition.self)
        let domainKeys = { (s: Strings) in s.keys.filter { $0.hasPrefix("domain.") } }
        XCTAssertEqual(domainKeys(zh), domainKeys(en))
    }

    @Test func test_refusal_message_names_the_field_in_the_operators_language() {
        let error = DomainError(.idNumberCheckDigit, field: "id-number", value: "110105194912310021")
        XCTAssertTrue(error.localizedMessage(Strings(.zh)).contains("身份证号码"))
        XCTAssertTrue(error.localizedMessage(Strings(.en)).contains("resident ID number"))
        XCTAssertTrue(error.message(Strings(.en)).contains("id-number"))
    }

    /// The roster is never without a police officer: the first person enrolled is one,
    /// enrolling themselves, and the enrolment of the last one cannot be voided.
    @Test func test_the_roster_always_keeps_a_police_officer() throws {
        let f = try Fixture(populated: false)
        f.assertRefused(EnrollOfficer(badge: "F1", name: "李辅", role: .auxiliary), as: nil, .firstOfficerPolice,
                        field: "role")
        f.assertRefused(EnrollOfficer(badge: "100001", name: "王民", role: .police), as: "999", .firstOfficerSelf,
                        field: "as")
        let first = try f.run(EnrollOfficer(badge: "100001", name: "王民", role: .police), as: "100001").record!.id
        try f.run(EnrollOfficer(badge: "F1", name: "李辅", role: .auxiliary), as: "100001")
        f.assertRefused(VoidEntry(event: first, reason: "手滑"), as: "100001", .lastPoliceOfficer, field: "event")
        XCTAssertFalse(Corrections.mayVoid(first, f.state))
        let second = try f.run(EnrollOfficer(badge: "100002", name: "陈民", role: .police), as: "100001").record!.id
        XCTAssertTrue(Corrections.mayVoid(first, f.state))
        try f.run(VoidEntry(event: first, reason: "重复登记"), as: "100002")
        f.assertRefused(VoidEntry(event: second, reason: "x"), as: "100002", .lastPoliceOfficer, field: "event")
    }

    /// Codes and badges are read in capitals too, so two differing only in case are one.
    @Test func test_a_cell_code_or_badge_differing_only_in_case_is_a_duplicate() throws {
        let f = try Fixture()
        f.assertRefused(AddCell(code: "c01", name: "花园一区", community: "戴花园社区", kind: .compound), .duplicate,
                        field: "code")
        f.assertRefused(EnrollOfficer(badge: "f1021", name: "李辅", role: .auxiliary), .duplicate, field: "badge")
    }

    /// A cell's place on the map: both coordinates or neither, inside the map, not another cell's.
    @Test func test_a_cell_place_is_both_coordinates_inside_the_map_and_free() throws {
        let f = try Fixture()
        try f.run(AddCell(code: "J01", name: "花园路", community: "戴花园社区", kind: .street, x: 4, y: 2))
        f.assertRefused(AddCell(code: "J02", name: "东街", community: "戴花园社区", kind: .street, x: 6), .required, field: "y")
        f.assertRefused(AddCell(code: "J02", name: "东街", community: "戴花园社区", kind: .street, x: 200, y: 1), .invalid,
                        field: "x")
        f.assertRefused(AddCell(code: "J02", name: "东街", community: "戴花园社区", kind: .street, x: 1, y: 100), .invalid,
                        field: "y")
        f.assertRefused(AddCell(code: "J02", name: "东街", community: "戴花园社区", kind: .street, x: 4, y: 2), .positionTaken,
                        field: "x")
        try f.run(AddCell(code: "J02", name: "东街", community: "戴花园社区", kind: .street, x: 12, y: 2))
    }

    /// A late entry reaches back a year at most: a slip like -99999d writes nothing.
    @Test func test_an_entry_cannot_be_back_dated_more_than_a_year() throws {
        let f = try Fixture()
        f.assertRefused(LogIncident(cell: "C01", kind: .theft, summary: "电瓶被盗"), at: "2025-11-01T08:00:00+08:00",
                        reason: "补录", .tooFarBack, field: "at")
        f.assertRefused(LogIncident(cell: "C01", kind: .theft, summary: "电瓶被盗"), at: "0001-01-01T08:00:00+08:00",
                        reason: "补录", .tooFarBack, field: "at")
        try f.run(LogIncident(cell: "C01", kind: .theft, summary: "电瓶被盗"), at: "2026-01-01T08:00:00+08:00",
                  reason: "纸质台账补录")
    }

    /// Two times in the same minute are compared with their seconds, so the refusal never
    /// reads "20:43 is before 20:43".
    @Test func test_times_in_the_same_minute_are_shown_with_seconds() {
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        let (a, b) = OfficeTime.readable(start.addingTimeInterval(-20), start)
        XCTAssertNotEqual(a, b)
        XCTAssertEqual(a.count, 19)
        let (c, d) = OfficeTime.readable(start.addingTimeInterval(-3600), start)
        XCTAssertEqual(c.count, 16)
        XCTAssertEqual(d.count, 16)
    }
}
