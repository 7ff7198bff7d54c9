import Foundation
import JingwuJournal
import JingwuResources
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// Projections against figures worked out by hand.
@Suite(.serialized) final class ProjectionTests {
    // MARK: Coverage

    /// Starts a patrol at `at`, checks in to `cell`, ends it; returns the check-in's event id.
    @discardableResult
    func checkIn(_ f: Fixture, _ cell: String, at: String) throws -> UUID {
        let patrol = try f.run(StartPatrol(mode: .foot, lead: Fixture.officer), at: at, reason: "补录").entityID!
        let id = try f.run(CheckInPatrol(patrol: patrol, cell: cell), at: at, reason: "补录").record!.id
        try f.run(EndPatrol(patrol: patrol), at: at, reason: "补录")
        return id
    }

    @Test func test_street_checked_in_25_hours_ago_with_a_24_hour_window_is_a_gap() throws {
        let f = try Fixture(now: "2026-11-24T09:00:00+08:00")
        try checkIn(f, "ST01", at: "2026-11-23T08:00:00+08:00")  // 25 h before now
        let coverage = f.state.coverage(of: f.state.cells.cell("ST01")!, now: f.clock.now())
        XCTAssertEqual(coverage.windowHours, 24)
        XCTAssertEqual(coverage.hoursSince, 25)
        XCTAssertEqual(coverage.status, .gap)
        XCTAssertEqual(f.state.coverageGaps(now: f.clock.now()).map(\.cell.code).first, "C01")  // never checked in: worst
        XCTAssertTrue(f.state.coverageGaps(now: f.clock.now()).map(\.cell.code).contains("ST01"))
    }

    @Test func test_street_checked_in_23_hours_ago_is_covered_but_due_soon_and_5_hours_ago_is_covered() throws {
        let f = try Fixture(now: "2026-11-24T07:00:00+08:00")
        try checkIn(f, "ST01", at: "2026-11-23T08:00:00+08:00")  // 23 h: past 18 h (¾ of 24)
        XCTAssertEqual(f.state.coverage(of: f.state.cells.cell("ST01")!, now: f.clock.now()).status, .dueSoon)
        try checkIn(f, "ST01", at: "2026-11-24T02:00:00+08:00")  // 5 h
        XCTAssertEqual(f.state.coverage(of: f.state.cells.cell("ST01")!, now: f.clock.now()).status, .covered)
    }

    @Test func test_village_window_is_seven_days() throws {
        let f = try Fixture(now: "2026-11-30T07:00:00+08:00")
        try checkIn(f, "V01", at: "2026-11-24T08:00:00+08:00")  // 143 h ago, window 168 h
        let coverage = f.state.coverage(of: f.state.cells.cell("V01")!, now: f.clock.now())
        XCTAssertEqual(coverage.windowHours, 168)
        XCTAssertEqual(coverage.status, .dueSoon)  // 143 ≥ 126 (¾ of 168)
    }

    @Test func test_voided_checkin_no_longer_covers_its_cell() throws {
        let f = try Fixture(now: "2026-11-24T09:00:00+08:00")
        try checkIn(f, "ST01", at: "2026-11-23T08:00:00+08:00")  // 25 h ago: alone, a gap
        let recent = try checkIn(f, "ST01", at: "2026-11-24T08:00:00+08:00")  // 1 h ago
        XCTAssertEqual(f.state.coverage(of: f.state.cells.cell("ST01")!, now: f.clock.now()).status, .covered)
        XCTAssertEqual(f.state.checkInHours(cell: "ST01")[8], 2)

        try f.run(VoidEntry(event: recent, reason: "误签到"))
        let coverage = f.state.coverage(of: f.state.cells.cell("ST01")!, now: f.clock.now())
        XCTAssertEqual(coverage.lastCheckIn, time("2026-11-23T08:00:00+08:00"))
        XCTAssertEqual(coverage.status, .gap)
        XCTAssertEqual(f.state.checkInHours(cell: "ST01")[8], 1)
    }

    @Test func test_amended_checkin_cell_moves_the_coverage() throws {
        let f = try Fixture(now: "2026-11-24T09:00:00+08:00")
        let id = try checkIn(f, "ST01", at: "2026-11-24T08:00:00+08:00")
        try f.run(AmendEntry(event: id, reason: "签错网格", changes: ["cell": "C01"]))
        XCTAssertEqual(f.state.coverage(of: f.state.cells.cell("ST01")!, now: f.clock.now()).status, .never)
        XCTAssertEqual(f.state.coverage(of: f.state.cells.cell("C01")!, now: f.clock.now()).status, .covered)
    }

    @Test func test_voided_patrol_takes_its_checkins_with_it() throws {
        let f = try Fixture(now: "2026-11-24T09:00:00+08:00")
        let patrol = try f.run(StartPatrol(mode: .foot, lead: Fixture.officer))
        try f.run(CheckInPatrol(patrol: patrol.entityID!, cell: "ST01"))
        try f.run(VoidEntry(event: patrol.record!.id, reason: "误建"))
        XCTAssertNil(f.state.patrols.patrol(patrol.entityID!))
        XCTAssertTrue(f.state.activePatrols.isEmpty)
        XCTAssertEqual(f.state.coverage(of: f.state.cells.cell("ST01")!, now: f.clock.now()).status, .never)
    }

    @Test func test_night_coverage_counts_only_checkins_inside_the_night_window() throws {
        let f = try Fixture(now: "2026-11-24T09:00:00+08:00")
        try checkIn(f, "ST01", at: "2026-11-23T23:30:00+08:00")  // night
        try checkIn(f, "ST01", at: "2026-11-24T05:59:00+08:00")  // night (ends 06:00)
        try checkIn(f, "ST01", at: "2026-11-24T06:00:00+08:00")  // day
        try checkIn(f, "ST01", at: "2026-11-23T21:59:00+08:00")  // day
        let night = f.state.nightCoverage(from: time("2026-11-23T12:00:00+08:00"), to: f.clock.now())
        let street = try XCTUnwrap(night.first { $0.cell.code == "ST01" })
        XCTAssertEqual(street.nightCheckIns, 2)
        XCTAssertEqual(street.lastNightCheckIn, time("2026-11-24T05:59:00+08:00"))
        XCTAssertEqual(night.first { $0.cell.code == "C01" }?.nightCheckIns, 0)
    }

    // MARK: Patrols

    @Test func test_patrol_minutes_by_mode_and_officer() throws {
        let f = try Fixture(now: "2026-11-23T12:00:00+08:00")
        let foot = try f.run(StartPatrol(mode: .foot, lead: Fixture.officer, members: [Fixture.volunteer]),
                             at: "2026-11-23T08:00:00+08:00", reason: "补录").entityID!
        try f.run(EndPatrol(patrol: foot), at: "2026-11-23T09:30:00+08:00", reason: "补录")  // 90 min
        let bike = try f.run(StartPatrol(mode: .bike, lead: Fixture.auxiliary),
                             at: "2026-11-23T11:00:00+08:00", reason: "补录").entityID!  // still out: 60 min to now
        XCTAssertEqual(foot, "P0001")
        XCTAssertEqual(bike, "P0002")
        let from = time("2026-11-23T00:00:00+08:00")
        let lines = f.state.patrolsByMode(from: from, to: f.clock.now(), now: f.clock.now())
        XCTAssertEqual(lines.first { $0.mode == .foot }?.minutes, 90)
        XCTAssertEqual(lines.first { $0.mode == .bike }?.minutes, 60)
        XCTAssertEqual(lines.first { $0.mode == .vehicle }?.patrols, 0)
        let byOfficer = f.state.patrolMinutesByOfficer(from: from, to: f.clock.now(), now: f.clock.now())
        XCTAssertEqual(byOfficer.map(\.badge), [Fixture.officer, Fixture.volunteer, Fixture.auxiliary])
        XCTAssertEqual(byOfficer.map(\.minutes), [90, 90, 60])
        XCTAssertEqual(f.state.activePatrols.map(\.id), ["P0002"])
    }

    @Test func test_patrol_timeline_lists_events_in_time_order() throws {
        let f = try Fixture(now: "2026-11-23T10:00:00+08:00")
        let patrol = try f.run(StartPatrol(mode: .foot, lead: Fixture.officer), at: "2026-11-23T09:00:00+08:00",
                               reason: "补录").entityID!
        try f.run(ReportHazard(patrol: patrol, cell: "C01", category: .fireLane, note: "占道"), at: "2026-11-23T09:20:00+08:00",
                  reason: "补录")
        try f.run(CheckInPatrol(patrol: patrol, cell: "C01"), at: "2026-11-23T09:10:00+08:00", reason: "补录")
        try f.run(RecordStopCheck(patrol: patrol, cell: "ST01", subject: .vehicle, outcome: .registered))
        try f.run(EndPatrol(patrol: patrol, summary: "完毕"))
        XCTAssertEqual(f.state.timeline(ofPatrol: patrol).map(\.kind), [.started, .checkIn, .hazard, .stopCheck, .ended])
    }

    // MARK: Key persons

    @Test func test_person_is_overdue_after_the_category_interval_and_a_visit_clears_it() throws {
        let f = try Fixture(now: "2026-11-01T09:00:00+08:00")
        let person = try f.run(ListPerson(name: "张三", idNumber: Fixture.idNumber(), category: .released,
                                          residency: .presentRegistered, cell: "C01", officer: Fixture.officer)).entityID!
        f.clock.set("2026-12-03T09:00:00+08:00")  // 32 days later; interval for 刑释解教 is 30
        let due = try XCTUnwrap(f.state.overdueVisits(now: f.clock.now()).first)
        XCTAssertEqual(due.person.id, person)
        XCTAssertEqual(due.intervalDays, 30)
        XCTAssertEqual(due.nextDue, time("2026-12-01T09:00:00+08:00"))
        XCTAssertEqual(due.daysOverdue, 2)
        try f.run(RecordVisit(person: person, method: .home, officer: Fixture.officer, participants: ["治保主任", "父亲"],
                              findings: "思想稳定", observed: .presentRegistered))
        XCTAssertTrue(f.state.overdueVisits(now: f.clock.now()).isEmpty)
        XCTAssertEqual(f.state.visitDue(f.state.persons.person(person)!, now: f.clock.now()).nextDue,
                       time("2027-01-02T09:00:00+08:00"))
    }

    @Test func test_status_change_and_its_void() throws {
        let f = try Fixture()
        let person = try f.run(ListPerson(name: "张三", idNumber: Fixture.idNumber(), category: .other,
                                          residency: .presentRegistered, cell: "C01", officer: Fixture.officer)).entityID!
        let change = try f.run(ChangePersonStatus(person: person, residency: .registeredAbsent, note: "外出务工")).record!.id
        XCTAssertEqual(f.state.persons.person(person)?.residency, .registeredAbsent)
        try f.run(VoidEntry(event: change, reason: "误录"))
        XCTAssertEqual(f.state.persons.person(person)?.residency, .presentRegistered)
    }

    // MARK: Disputes

    func openDispute(_ f: Fixture, _ category: DisputeCategory = .neighbour) throws -> WriteResult {
        try f.run(OpenDispute(category: category, parties: ["甲", "乙"], source: .receptionDay, cell: "C01", summary: "纠纷"))
    }

    @Test func test_five_disputes_with_three_resolved_give_three_of_five() throws {
        let f = try Fixture(now: "2026-11-02T09:00:00+08:00")
        var ids: [String] = []
        for _ in 0..<5 { ids.append(try openDispute(f).entityID!) }
        XCTAssertEqual(ids, ["D2026-0001", "D2026-0002", "D2026-0003", "D2026-0004", "D2026-0005"])
        f.clock.set("2026-11-06T09:00:00+08:00")
        for id in ids.prefix(3) { try f.run(ResolveDispute(dispute: id, agreement: "和解")) }
        try f.run(HoldMediation(dispute: ids[3], kind: .people, mediators: ["人民调解员"], notes: "首次调解"))
        try f.run(ReferDispute(dispute: ids[4], to: .court, notes: "诉调对接"))
        let stats = f.state.disputeStatistics(from: time("2026-11-01T00:00:00+08:00"), to: time("2026-12-01T00:00:00+08:00"),
                                              now: f.clock.now())
        XCTAssertEqual(stats.resolved, 3)
        XCTAssertEqual(stats.handled, 5)
        XCTAssertEqual(stats.resolutionRate, 0.6)
        XCTAssertEqual(stats.byStatus[.mediating], 1)
        XCTAssertEqual(stats.byStatus[.referred], 1)
        XCTAssertEqual(stats.averageDaysToResolve, 4)
        XCTAssertEqual(stats.pendingByAge.map(\.count), [1, 0, 0, 0])  // the mediating one, 4 days old
    }

    @Test func test_amended_category_moves_a_dispute_in_the_statistics() throws {
        let f = try Fixture(now: "2026-11-02T09:00:00+08:00")
        let opened = try openDispute(f, .neighbour)
        _ = try openDispute(f, .neighbour)
        try f.run(ResolveDispute(dispute: opened.entityID!, agreement: "和解"))
        let range = (time("2026-11-01T00:00:00+08:00"), time("2026-12-01T00:00:00+08:00"))
        var stats = f.state.disputeStatistics(from: range.0, to: range.1, now: f.clock.now())
        XCTAssertEqual(stats.byCategory[.neighbour], CategoryCount(handled: 2, resolved: 1))
        XCTAssertNil(stats.byCategory[.family])

        try f.run(AmendEntry(event: opened.record!.id, reason: "类别录错", changes: ["category": "婚姻家庭"]))
        stats = f.state.disputeStatistics(from: range.0, to: range.1, now: f.clock.now())
        XCTAssertEqual(stats.byCategory[.neighbour], CategoryCount(handled: 1, resolved: 0))
        XCTAssertEqual(stats.byCategory[.family], CategoryCount(handled: 1, resolved: 1))
        XCTAssertEqual(stats.handled, 2)
    }

    @Test func test_voided_resolution_reopens_the_dispute() throws {
        let f = try Fixture()
        let id = try openDispute(f).entityID!
        let resolution = try f.run(ResolveDispute(dispute: id, agreement: "和解")).record!.id
        try f.run(VoidEntry(event: resolution, reason: "协议未签"))
        XCTAssertEqual(f.state.disputes.dispute(id)?.status, .open)
        XCTAssertNoThrow(try f.run(HoldMediation(dispute: id, kind: .people, mediators: ["调解员"], notes: "再调")))
    }

    @Test func test_dispute_age_buckets() throws {
        let f = try Fixture(now: "2026-01-01T09:00:00+08:00")
        for day in ["2026-01-01", "2026-01-20", "2026-03-01", "2026-06-01"] {
            f.clock.set(day + "T09:00:00+08:00")
            _ = try openDispute(f)
        }
        f.clock.set("2026-06-03T09:00:00+08:00")
        // Ages 153, 134, 94, 2 days.
        let stats = f.state.disputeStatistics(from: time("2026-01-01T00:00:00+08:00"), to: f.clock.now(), now: f.clock.now())
        XCTAssertEqual(stats.pendingByAge.map(\.label), ["0–7", "8–30", "31–90", ">90"])
        XCTAssertEqual(stats.pendingByAge.map(\.count), [1, 0, 0, 3])
    }

    @Test func test_follow_up_is_due_a_week_after_resolution_and_cleared_by_a_follow_up() throws {
        let f = try Fixture(now: "2026-11-02T09:00:00+08:00")
        let id = try openDispute(f).entityID!
        try f.run(ResolveDispute(dispute: id, agreement: "和解"))
        f.clock.set("2026-11-10T09:00:00+08:00")
        let due = try XCTUnwrap(f.state.followUpsDue(now: f.clock.now()).first)
        XCTAssertEqual(due.due, time("2026-11-09T09:00:00+08:00"))
        XCTAssertTrue(due.isOverdue)
        try f.run(FollowUpDispute(dispute: id, note: "回访满意"))
        XCTAssertTrue(f.state.followUpsDue(now: f.clock.now()).isEmpty)
    }

    @Test func test_dispute_numbers_restart_each_year() throws {
        let f = try Fixture(now: "2026-12-31T23:00:00+08:00")
        XCTAssertEqual(try openDispute(f).entityID, "D2026-0001")
        f.clock.set("2027-01-01T00:30:00+08:00")  // local new year (UTC still 2026)
        XCTAssertEqual(try openDispute(f).entityID, "D2027-0001")
    }

    // MARK: Shifts, incidents, handover

    @Test func test_handover_chain_and_who_is_on_duty() throws {
        let f = try Fixture(now: "2026-11-23T08:00:00+08:00")
        XCTAssertEqual(try f.run(OpenShift(duty: Fixture.officer, team: [Fixture.auxiliary], template: "day")).entityID, "S0001")
        XCTAssertEqual(f.state.onDuty?.duty, Fixture.officer)
        f.clock.set("2026-11-23T20:00:00+08:00")
        try f.run(HandOverShift(to: Fixture.nextOfficer, notes: "一切正常", carried: ["对讲机2部"]))
        XCTAssertNil(f.state.onDuty)
        XCTAssertEqual(f.state.unacknowledgedHandovers.map(\.id), ["S0001"])
        f.clock.set("2026-11-23T20:05:00+08:00")
        XCTAssertEqual(try f.run(AcknowledgeShift(by: Fixture.nextOfficer, objections: "电池少一块"),
                                 as: Fixture.nextOfficer).entityID, "S0002")
        XCTAssertEqual(f.state.onDuty?.duty, Fixture.nextOfficer)
        XCTAssertTrue(f.state.unacknowledgedHandovers.isEmpty)
        let chain = f.state.handoverChain(from: time("2026-11-23T00:00:00+08:00"), to: f.clock.now())
        XCTAssertEqual(chain.map(\.id), ["S0001", "S0002"])
        XCTAssertEqual(chain.first?.acknowledgement?.objections, "电池少一块")
    }

    @Test func test_handover_report_of_a_shift() throws {
        let f = try Fixture(now: "2026-11-23T08:00:00+08:00")
        let shift = try f.run(OpenShift(duty: Fixture.officer)).entityID!
        f.clock.set("2026-11-23T09:00:00+08:00")
        let patrol = try f.run(StartPatrol(mode: .foot, lead: Fixture.officer, cells: ["ST01"])).entityID!
        f.clock.set("2026-11-23T09:30:00+08:00")
        try f.run(CheckInPatrol(patrol: patrol, cell: "ST01"))
        try f.run(ReportHazard(patrol: patrol, cell: "ST01", category: .clutter, note: "楼道堆物"))
        f.clock.set("2026-11-23T10:00:00+08:00")
        try f.run(EndPatrol(patrol: patrol, summary: "完毕"))
        let dispute = try openDispute(f).entityID!
        try f.run(HoldMediation(dispute: dispute, kind: .preliminary, mediators: ["王建国"], notes: "先期调解"))
        let incident = try f.run(LogIncident(cell: "C01", kind: .theft, summary: "电瓶被盗", source: .walkIn)).entityID!
        f.clock.set("2026-11-23T20:00:00+08:00")
        try f.run(HandOverShift(to: Fixture.nextOfficer, notes: "电瓶案待跟进", carried: ["案卷一份"]))

        let report = try XCTUnwrap(f.state.handoverReport(shift: shift, now: f.clock.now()))
        XCTAssertEqual(report.to, time("2026-11-23T20:00:00+08:00"))
        XCTAssertEqual(report.patrolsByMode.first { $0.mode == .foot }, ModeLine(mode: .foot, patrols: 1, minutes: 60, cellsCovered: ["ST01"]))
        XCTAssertEqual(report.hazards.map(\.category), [.clutter])
        XCTAssertEqual(report.cellsPastWindow.map(\.cell.code), ["C01", "V01"])  // never checked in
        XCTAssertEqual(report.disputesOpened.map(\.id), [dispute])
        XCTAssertEqual(report.disputesMediated.map(\.id), [dispute])
        XCTAssertEqual(report.disputesPending.map(\.id), [dispute])
        XCTAssertEqual(report.incidents.map(\.id), [incident])
        XCTAssertEqual(report.openIncidents.map(\.id), [incident])
        XCTAssertEqual(report.carried, ["案卷一份"])
        XCTAssertEqual(report.notes, "电瓶案待跟进")
    }

    @Test func test_incidents_today_and_open() throws {
        let f = try Fixture(now: "2026-11-23T23:50:00+08:00")
        let a = try f.run(LogIncident(cell: "C01", kind: .help, summary: "老人走失求助")).entityID!
        f.clock.set("2026-11-24T00:10:00+08:00")
        let b = try f.run(LogIncident(cell: "ST01", kind: .traffic, summary: "电动车剐蹭")).entityID!
        try f.run(CloseIncident(incident: a, disposition: .handled))
        XCTAssertEqual(f.state.incidentsToday(now: f.clock.now()).map(\.id), [b])
        XCTAssertEqual(f.state.openIncidents.map(\.id), [b])
        let bulletin = f.state.bulletin(from: time("2026-11-17T00:00:00+08:00"), to: time("2026-11-24T00:00:00+08:00"))
        XCTAssertEqual(bulletin.incidents.map(\.id), [a])
        XCTAssertEqual(bulletin.byKind[.help], 1)
    }

    // MARK: Replay

    @Test func test_reopening_the_journal_folds_to_the_same_state() throws {
        let f = try Fixture(now: "2026-11-23T08:00:00+08:00")
        let patrol = try f.run(StartPatrol(mode: .vehicle, lead: Fixture.officer)).entityID!
        let checkIn = try f.run(CheckInPatrol(patrol: patrol, cell: "ST01")).record!.id
        try f.run(AmendEntry(event: checkIn, reason: "签错", changes: ["cell": "C01"]))
        _ = try openDispute(f)
        let reopened = try Office(journal: f.journal, clock: f.clock, policy: .standard)
        XCTAssertEqual(reopened.state.lastSeq, f.state.lastSeq)
        XCTAssertEqual(reopened.state.patrols.patrols, f.state.patrols.patrols)
        XCTAssertEqual(reopened.state.patrols.checkIns, f.state.patrols.checkIns)
        XCTAssertEqual(reopened.state.patrols.trails, f.state.patrols.trails)
        XCTAssertEqual(reopened.state.disputes.disputes, f.state.disputes.disputes)
        XCTAssertEqual(reopened.state.officers.all, f.state.officers.all)
        XCTAssertEqual(try reopened.execute(StartPatrol(mode: .foot, lead: Fixture.auxiliary), as: Fixture.officer).entityID,
                       "P0002")
    }

    @Test func test_policy_files_load_and_match_the_built_in_defaults() {
        for file in ["visits", "coverage", "shifts", "disputes"] {
            XCTAssertNotNil(ResourceFiles.data("policy/\(file).json"), "policy/\(file).json is not embedded")
        }
        XCTAssertEqual(Policy.load(), Policy.standard)
    }
}
