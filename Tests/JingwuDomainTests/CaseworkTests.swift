import Foundation
import JingwuJournal
import JingwuResources
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// Issue 20, part A: the weekly 排查, the dispute fields (涉及人数, risk flags, 化解时限, 责任人, roster
/// mediators, one-step opening from an incident), reception days and rectification notices.
@Suite(.serialized) final class CaseworkTests {
    // The fixture starts on Monday 2026-11-23 08:00 (+08:00), with one community, 戴花园社区.

    // MARK: 排查

    @Test func test_weeks_are_monday_to_sunday_in_the_office_zone() {
        XCTAssertEqual(OfficeWeek.weekday(time("2026-11-23T08:00:00+08:00")), 1)
        XCTAssertEqual(OfficeWeek.weekday(time("2026-11-24T00:30:00+08:00")), 2, "00:30 Tuesday local is Monday in UTC")
        XCTAssertEqual(OfficeWeek.weekday(time("2026-11-29T23:59:00+08:00")), 7)
        XCTAssertEqual(OfficeWeek.label(OfficeWeek.monday(time("2026-11-29T23:59:00+08:00"))), "2026-11-23")
        XCTAssertEqual(OfficeWeek.label(OfficeWeek.monday(time("2026-11-30T00:00:00+08:00"))), "2026-11-30")
        XCTAssertEqual(OfficeWeek.day("2026-11-23"), OfficeWeek.monday(time("2026-11-25T12:00:00+08:00")))
    }

    @Test func test_a_zero_report_for_a_week_with_findings_is_refused_and_a_week_with_neither_is_a_gap() throws {
        let f = try Fixture()
        try f.run(AddCell(code: "N01", name: "北苑", community: "北苑社区", kind: .compound))
        // Week of 11-16 (over): 戴花园 reported findings, 北苑 nothing → one gap.
        try f.run(RecordScreening(community: "戴花园社区", found: 2, signs: "楼道停车矛盾苗头"), at: "2026-11-20T10:00:00+08:00",
                  reason: "补录")
        // Week of 11-23 (this week): findings for 戴花园, so a zero report is refused; 北苑 reports zero.
        try f.run(RecordScreening(community: "戴花园社区", found: 1))
        f.assertRefused(RecordScreening(community: "戴花园社区", zeroReport: true), .screeningHasFindings, field: "zero-report")
        f.assertRefused(RecordScreening(community: "北苑社区", found: 1, zeroReport: true), .screeningHasFindings,
                        field: "zero-report")
        try f.run(RecordScreening(community: "北苑社区", zeroReport: true))
        f.assertRefused(RecordScreening(community: "北苑社区", zeroReport: true), .duplicate, field: "week")
        f.assertRefused(RecordScreening(community: "南苑社区", found: 1), .unknownCommunity, field: "community")
        f.assertRefused(RecordScreening(community: "戴花园社区"), .required, field: "found")
        f.assertRefused(RecordScreening(community: "戴花园社区", week: time("2026-11-30T09:00:00+08:00"), found: 1),
                        .invalid, field: "week")
        let weeks = f.state.screeningWeeks(from: time("2026-11-16T00:00:00+08:00"), to: time("2026-11-30T00:00:00+08:00"),
                                           now: f.clock.now())
        XCTAssertEqual(weeks.map { "\($0.community) \($0.weekLabel) \($0.status)" }, [
            "戴花园社区 2026-11-16 findings(2)", "戴花园社区 2026-11-23 findings(1)",
            "北苑社区 2026-11-16 gap", "北苑社区 2026-11-23 zero",
        ])
        XCTAssertEqual(f.state.screeningGaps(now: f.clock.now()).map(\.community), ["北苑社区"])
        // Next Monday, 北苑's zero report covers last week; 戴花园's findings too: no gap.
        f.clock.set("2026-11-30T08:00:00+08:00")
        XCTAssertEqual(f.state.screeningGaps(now: f.clock.now()), [])
    }

    @Test func test_a_zero_report_voided_leaves_the_week_a_gap_again() throws {
        let f = try Fixture()
        let zero = try f.run(RecordScreening(community: "戴花园社区", zeroReport: true))
        f.clock.set("2026-12-01T08:00:00+08:00")
        XCTAssertEqual(f.state.screeningGaps(now: f.clock.now()), [])
        try f.run(VoidEntry(event: zero.record!.id, reason: "报错社区"))
        XCTAssertEqual(f.state.screeningGaps(now: f.clock.now()).map(\.weekLabel), ["2026-11-23"])
    }

    // MARK: Dispute fields

    @Test func test_persons_count_below_the_parties_named_and_a_deadline_before_the_opening_are_refused() throws {
        let f = try Fixture()
        f.assertRefused(OpenDispute(category: .neighbour, parties: ["甲", "乙", "丙"], cell: "C01", summary: "噪音",
                                    personsCount: 2), .personsBelowParties, field: "persons-count")
        f.assertRefused(OpenDispute(category: .neighbour, parties: ["甲"], cell: "C01", summary: "噪音",
                                    deadline: time("2026-11-23T07:00:00+08:00")), .deadlineNotAfter, field: "deadline")
        f.assertRefused(OpenDispute(category: .neighbour, parties: ["甲"], cell: "C01", summary: "噪音", responsible: "999"),
                        .unknownOfficer, field: "responsible")
        let opened = try f.run(OpenDispute(category: .collective, parties: ["业主代表甲", "物业公司"], cell: "C01",
                                           summary: "物业费纠纷", personsCount: 13, flags: [.massPetition, .civilToCriminal]))
        let dispute = try XCTUnwrap(f.state.disputes.dispute(opened.entityID!))
        XCTAssertEqual(dispute.personsCount, 13)
        XCTAssertEqual(dispute.riskFlags, [.massPetition, .civilToCriminal])
        XCTAssertEqual(dispute.risk, .escalation, "民转刑 among the flags is the old escalation risk")
        XCTAssertEqual(dispute.responsible, Fixture.officer, "the operator answers for it when none is named")
        XCTAssertEqual(dispute.deadline, time("2026-12-23T08:00:00+08:00"), "30 days (policy) when none is given")
    }

    @Test func test_a_dispute_past_its_deadline_and_not_concluded_is_overdue_until_it_is_settled() throws {
        let f = try Fixture()
        let a = try f.run(OpenDispute(category: .family, parties: ["甲", "乙"], cell: "C01", summary: "赡养",
                                      deadline: time("2026-11-25T18:00:00+08:00"))).entityID!
        let b = try f.run(OpenDispute(category: .neighbour, parties: ["丙", "丁"], cell: "C01", summary: "漏水")).entityID!
        XCTAssertEqual(f.state.disputesOverdue(now: time("2026-11-25T18:00:00+08:00")), [], "due at, not yet over")
        f.clock.set("2026-11-27T20:00:00+08:00")
        XCTAssertEqual(f.state.disputesOverdue(now: f.clock.now()).map { "\($0.dispute.id) \($0.daysOver)" }, ["\(a) 2"])
        try f.run(ResolveDispute(dispute: a, agreement: "按月支付"))
        XCTAssertEqual(f.state.disputesOverdue(now: f.clock.now()), [])
        XCTAssertEqual(f.state.disputesOverdue(now: time("2026-12-24T09:00:00+08:00")).map(\.dispute.id), [b])
    }

    @Test func test_a_mediator_chosen_from_the_roster_must_be_on_it() throws {
        let f = try Fixture()
        let id = try f.run(OpenDispute(category: .neighbour, parties: ["甲", "乙"], cell: "C01", summary: "占道")).entityID!
        f.assertRefused(HoldMediation(dispute: id, kind: .publicSecurity, mediators: [], notes: "调解", officers: ["Z9999"]),
                        .unknownOfficer, field: "mediator-officers")
        f.assertRefused(HoldMediation(dispute: id, kind: .people, mediators: [], notes: "调解"), .required, field: "mediators")
        try f.run(HoldMediation(dispute: id, kind: .publicSecurity, mediators: ["人民调解员赵某"], notes: "治安调解",
                                officers: ["王建国", "f1021"]))
        let mediation = try XCTUnwrap(f.state.disputes.dispute(id)?.mediations.first)
        XCTAssertEqual(mediation.officers, [Fixture.officer, Fixture.auxiliary], "names and small letters read as badges")
        XCTAssertEqual(mediation.mediators, ["人民调解员赵某"])
        XCTAssertEqual(mediation.kind.chineseName, "治安调解")
        XCTAssertEqual(ReferralTarget.policeLink.chineseName, "公调对接")
    }

    @Test func test_a_dispute_incident_opens_its_case_in_one_step_linked() throws {
        let f = try Fixture()
        let incident = try f.run(LogIncident(cell: "C01", kind: .dispute, summary: "邻里噪音争吵", source: .alarm110)).entityID!
        let opened = try f.run(OpenDispute(category: .neighbour, parties: ["甲", "乙"], source: .alarm110, cell: "",
                                           summary: "", incident: incident.lowercased()))
        let id = try XCTUnwrap(opened.entityID)
        let dispute = try XCTUnwrap(f.state.disputes.dispute(id))
        XCTAssertEqual(dispute.cell, "C01", "the incident's cell")
        XCTAssertEqual(dispute.summary, "邻里噪音争吵", "the incident's summary")
        XCTAssertEqual(f.state.incidents.incident(incident)?.dispute, id)
        f.assertRefused(OpenDispute(category: .neighbour, parties: ["甲"], cell: "", summary: "", incident: incident),
                        .duplicate, field: "incident")
        f.assertRefused(OpenDispute(category: .neighbour, parties: ["甲"], cell: "", summary: "", incident: "I0099"),
                        .unknownRecord, field: "incident")
    }

    // MARK: Reception days

    @Test func test_a_reception_day_is_held_on_its_weekday_and_registers_what_came_in() throws {
        let f = try Fixture()  // Monday
        f.assertRefused(HoldReceptionDay(host: .officer, visitors: 3), .notReceptionDay, field: "at")
        f.clock.set("2026-11-24T09:30:00+08:00")  // Tuesday
        let id = try f.run(OpenDispute(category: .neighbour, parties: ["甲", "乙"], source: .receptionDay, cell: "C01",
                                       summary: "楼上漏水")).entityID!
        f.assertRefused(HoldReceptionDay(host: .officer, visitors: 2, consultations: 3), .invalid, field: "consultations")
        f.assertRefused(HoldReceptionDay(host: .officer, visitors: 2, disputes: ["D2026-0099"]), .unknownRecord, field: "disputes")
        f.assertRefused(HoldReceptionDay(host: .secretary, hostName: "刘书记", visitors: 2), .notReceptionDay, field: "at")
        try f.run(HoldReceptionDay(host: .officer, visitors: 5, consultations: 3, disputes: [id], note: "法律咨询为主"))
        f.assertRefused(HoldReceptionDay(host: .officer, visitors: 1), .duplicate, field: "host")
        f.clock.set("2026-11-26T10:00:00+08:00")  // Thursday
        f.assertRefused(HoldReceptionDay(host: .secretary, visitors: 2), .required, field: "host-name")
        try f.run(HoldReceptionDay(host: .secretary, hostName: "刘书记", visitors: 4, consultations: 4))
        let days = f.state.receptionDays(from: time("2026-11-23T00:00:00+08:00"), to: time("2026-11-30T00:00:00+08:00"))
        XCTAssertEqual(days.map { "\($0.host.code) \($0.hostName) \($0.visitors)/\($0.consultations) \($0.disputes)" },
                       ["officer 031245 5/3 [\"\(id)\"]", "secretary 刘书记 4/4 []"])
        XCTAssertEqual(f.state.nextReceptionDay(.officer, now: f.clock.now()), time("2026-12-01T00:00:00+08:00"))
        XCTAssertEqual(f.state.nextReceptionDay(.secretary, now: f.clock.now()), time("2026-11-26T00:00:00+08:00"))
    }

    // MARK: Rectification notices

    @Test func test_a_notice_needs_an_open_hazard_and_a_deadline_after_it_and_is_past_due_until_completed() throws {
        let f = try Fixture()
        try f.run(ReportHazard(patrol: nil, cell: "C01", category: .fireLane, note: "私家车占用消防通道"))
        f.assertRefused(IssueRectificationNotice(hazard: "H0001", partyKind: .unit, party: "锦绣物业", items: "清理消防通道",
                                                 deadline: time("2026-11-23T07:59:00+08:00")), .deadlineNotAfter, field: "deadline")
        f.assertRefused(IssueRectificationNotice(hazard: "H0002", partyKind: .unit, party: "锦绣物业", items: "清理",
                                                 deadline: time("2026-11-26T18:00:00+08:00")), .unknownRecord, field: "hazard")
        f.assertRefused(IssueRectificationNotice(hazard: "H0001", partyKind: .unit, party: " ", items: "清理",
                                                 deadline: time("2026-11-26T18:00:00+08:00")), .required, field: "party")
        f.assertRefused(IssueRectificationNotice(hazard: "H0001", partyKind: .unit, party: "锦绣物业", items: "清理",
                                                 deadline: time("2026-11-26T18:00:00+08:00")), as: Fixture.auxiliary,
                        .forbidden, field: "hazard")
        let notice = try f.run(IssueRectificationNotice(hazard: "h0001", partyKind: .unit, party: "锦绣物业",
                                                        items: "三日内清理消防通道，设置禁停标识",
                                                        deadline: time("2026-11-26T18:00:00+08:00"))).entityID
        XCTAssertEqual(notice, "R0001")
        f.assertRefused(IssueRectificationNotice(hazard: "H0001", partyKind: .person, party: "车主", items: "挪车",
                                                 deadline: time("2026-11-26T18:00:00+08:00")), .duplicate, field: "hazard")
        XCTAssertEqual(f.state.noticesPastDue(now: time("2026-11-26T18:00:00+08:00")), [])
        f.clock.set("2026-11-27T09:00:00+08:00")
        XCTAssertEqual(f.state.noticesPastDue(now: f.clock.now()).map(\.id), ["R0001"])
        try f.run(CompleteRectification(notice: "r0001", note: "复查：已清理，标识已设"), as: Fixture.auxiliary)
        XCTAssertEqual(f.state.noticesPastDue(now: f.clock.now()), [])
        XCTAssertEqual(f.state.casework.notice("R0001")?.completion?.by, Fixture.auxiliary)
        f.assertRefused(CompleteRectification(notice: "R0001", note: "再复查"), .closed, field: "notice")
        XCTAssertEqual(f.state.notices(ofHazard: "H0001").map(\.id), ["R0001"])
    }

    @Test func test_a_notice_for_a_hazard_already_put_right_is_refused() throws {
        let f = try Fixture()
        try f.run(ReportHazard(patrol: nil, cell: "C01", note: "楼道堆物"))
        try f.run(ClearHazard(hazard: "H0001", note: "已清理"))
        f.assertRefused(IssueRectificationNotice(hazard: "H0001", partyKind: .person, party: "住户", items: "清理",
                                                 deadline: time("2026-11-26T18:00:00+08:00")), .closed, field: "hazard")
    }

    @Test func test_corrections_amend_and_void_the_new_records() throws {
        let f = try Fixture()
        try f.run(ReportHazard(patrol: nil, cell: "C01", note: "楼道堆物"))
        let issued = try f.run(IssueRectificationNotice(hazard: "H0001", partyKind: .unit, party: "锦绣物业", items: "清理",
                                                        deadline: time("2026-11-24T18:00:00+08:00")))
        try f.run(AmendEntry(event: issued.record!.id, reason: "延期",
                             changes: ["deadline": "2026-11-28T18:00:00+08:00", "party": "锦绣物业公司"]))
        XCTAssertEqual(f.state.casework.notice("R0001")?.deadline, time("2026-11-28T18:00:00+08:00"))
        XCTAssertEqual(f.state.casework.notice("R0001")?.party, "锦绣物业公司")
        try f.run(VoidEntry(event: issued.record!.id, reason: "误录"))
        XCTAssertNil(f.state.casework.notice("R0001"))
        XCTAssertEqual(f.state.noticesPastDue(now: time("2026-12-01T00:00:00+08:00")), [])
        let opened = try f.run(OpenDispute(category: .family, parties: ["甲", "乙"], cell: "C01", summary: "赡养"))
        try f.run(AmendEntry(event: opened.record!.id, reason: "核实人数", changes: ["persons-count": "4", "responsible": "陈接"]))
        XCTAssertEqual(f.state.disputes.dispute(opened.entityID!)?.personsCount, 4)
        XCTAssertEqual(f.state.disputes.dispute(opened.entityID!)?.responsible, Fixture.nextOfficer)
    }

    // MARK: Old lines

    @Test func test_version_1_dispute_lines_read_as_before_with_the_policy_deadline() throws {
        let data = Data(#"{"category":"neighbour","cell":"C01","dispute":"D2026-0001","parties":["刘某","陈某"],"risk":"escalation","source":"reception-day","summary":"楼上漏水纠纷"}"#.utf8)
        guard case .disputeOpened(let e)? = try EventRegistry.decode(type: "DisputeOpened", version: 1, data: data,
                                                                      decoder: JSONDecoder())
        else { return XCTFail("did not decode") }
        XCTAssertNil(e.personsCount)
        XCTAssertNil(e.flags)
        XCTAssertNil(e.deadline)
        var state = OfficeState()
        state.apply(.disputeOpened(e), Envelope(id: UUID(), seq: 1, at: time("2026-11-01T09:00:00+08:00"),
                                                recorded: time("2026-11-01T09:00:00+08:00"), by: "031245"))
        let dispute = try XCTUnwrap(state.disputes.dispute("D2026-0001"))
        XCTAssertEqual(dispute.riskFlags, [.civilToCriminal], "the old escalation risk is the 民转刑 flag")
        XCTAssertEqual(dispute.deadline(state.policy), time("2026-12-01T09:00:00+08:00"))
        XCTAssertNil(dispute.responsible)
    }
}

/// The reports of issue 20, worked by hand on a small journal.
@Suite(.serialized) final class CaseworkReportTests {
    /// Two communities over the two weeks from Monday 11-09: 戴花园 reports findings (2) the first
    /// week and a 零报告 the second; 北苑 reports nothing the first week (a gap) and findings (1) the
    /// second. Two disputes: one flagged 群体性上访 with 13 persons, due 11-12 and still open (overdue
    /// at 11-23); one flagged 民转刑 (the old escalation risk) with its 2 parties and no count, settled.
    @Test func test_the_disputes_report_counts_screening_weeks_flags_with_persons_and_overdue_cases() throws {
        let f = try Fixture(now: "2026-11-09T09:00:00+08:00")
        try f.run(AddCell(code: "N01", name: "北苑", community: "北苑社区", kind: .compound))
        try f.run(RecordScreening(community: "戴花园社区", found: 2))
        try f.run(OpenDispute(category: .collective, parties: ["业主代表", "物业"], cell: "C01", summary: "物业费",
                              personsCount: 13, flags: [.massPetition], deadline: time("2026-11-12T18:00:00+08:00")))
        let settled = try f.run(OpenDispute(category: .neighbour, parties: ["甲", "乙"], cell: "N01", summary: "宅基地",
                                            risk: .escalation)).entityID!
        f.clock.set("2026-11-17T10:00:00+08:00")
        try f.run(RecordScreening(community: "戴花园社区", zeroReport: true))
        try f.run(RecordScreening(community: "北苑社区", found: 1))
        try f.run(ResolveDispute(dispute: settled, agreement: "划清界址"))
        f.clock.set("2026-11-23T08:00:00+08:00")
        let builder = ReportBuilder(state: f.state, strings: Strings(.zh), now: f.clock.now())
        let report = builder.disputes(f.state.disputeReport(from: time("2026-11-09T00:00:00+08:00"),
                                                            to: time("2026-11-23T00:00:00+08:00")))
        func figure(_ key: String) -> String? { report.figures.first { $0.key == key }?.value.display }
        // 2 communities × 2 weeks, all over: 4 due; 2 with findings, 1 zero report, 1 gap.
        XCTAssertEqual(figure("screeningWeeks"), "4")
        XCTAssertEqual(figure("screeningFindings"), "2")
        XCTAssertEqual(figure("zeroReports"), "1")
        XCTAssertEqual(figure("screeningGaps"), "1")
        // The first case was due 11-12 18:00 and is open at the period's end (11-23 00:00): 10 whole days over.
        XCTAssertEqual(figure("overdue"), "1")
        let flags = try XCTUnwrap(report.sections.first { $0.key == "riskFlags" })
        XCTAssertEqual(flags.rows.map { $0.map(\.display) }, [["群体性上访", "1", "13"], ["群体性械斗", "0", "0"], ["民转刑", "1", "2"]])
        let overdue = try XCTUnwrap(report.sections.first { $0.key == "overdue" })
        XCTAssertEqual(overdue.rows.map { $0.map(\.display) },
                       [["D2026-0001", "涉众", "业主代表、物业", "11-12 18:00", "10", "王建国(031245)"]])
        let weeks = try XCTUnwrap(report.sections.first { $0.key == "screening" })
        XCTAssertEqual(weeks.rows.map { $0.map(\.display) }, [
            ["戴花园社区", "2026-11-09", "排查发现 2 件", "2"], ["戴花园社区", "2026-11-16", "零报告", "0"],
            ["北苑社区", "2026-11-09", "缺报", ""], ["北苑社区", "2026-11-16", "排查发现 1 件", "1"],
        ])
    }

    /// Two reception days and three notices: one complied with in time, one past due, one open.
    @Test func test_the_reception_register_and_the_notices_report() throws {
        let f = try Fixture(now: "2026-11-24T09:30:00+08:00")  // Tuesday
        try f.run(HoldReceptionDay(host: .officer, visitors: 5, consultations: 3))
        f.clock.set("2026-11-26T10:00:00+08:00")  // Thursday
        try f.run(HoldReceptionDay(host: .secretary, hostName: "刘书记", visitors: 4, consultations: 4))
        for cell in ["C01", "ST01", "V01"] { try f.run(ReportHazard(patrol: nil, cell: cell, note: "隐患")) }
        try f.run(IssueRectificationNotice(hazard: "H0001", partyKind: .unit, party: "物业", items: "清理",
                                           deadline: time("2026-11-28T18:00:00+08:00")))
        try f.run(IssueRectificationNotice(hazard: "H0002", partyKind: .person, party: "店主", items: "挪走",
                                           deadline: time("2026-11-27T18:00:00+08:00")))
        try f.run(IssueRectificationNotice(hazard: "H0003", partyKind: .unit, party: "村委会", items: "修补",
                                           deadline: time("2026-12-05T18:00:00+08:00")))
        f.clock.set("2026-11-28T09:00:00+08:00")
        try f.run(CompleteRectification(notice: "R0001", note: "已清理"))
        f.clock.set("2026-11-30T08:00:00+08:00")
        let builder = ReportBuilder(state: f.state, strings: Strings(.zh), now: f.clock.now())
        let from = time("2026-11-23T00:00:00+08:00"), to = time("2026-11-30T00:00:00+08:00")
        let reception = builder.reception(f.state.receptionReport(from: from, to: to, now: f.clock.now()))
        XCTAssertEqual(reception.figures.map { "\($0.key) \($0.value.display)" }, [
            "officerDays 1", "secretaryDays 1", "visitors 9", "consultations 7", "disputesTakenIn 0",
            "nextOfficerDay 2026-12-01", "nextSecretaryDay 2026-12-03",
        ])
        let notices = builder.notices(f.state.noticesReport(from: from, to: to))
        XCTAssertEqual(notices.figures.map { "\($0.key) \($0.value.display)" },
                       ["issued 3", "open 2", "pastDue 1", "completed 1"])
        // R0002 was due 11-27 18:00; at 11-30 00:00 it is 2 whole days over.
        XCTAssertEqual(notices.sections.map { "\($0.key) \($0.rows.map { $0[0].display + "/" + $0[7].display })" },
                       ["pastDue [\"R0002/2\"]", "open [\"R0003/\"]", "completed [\"R0001/\"]"])
    }
}
