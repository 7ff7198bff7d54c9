import Foundation
import JingwuJournal
import JingwuResources
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// 趋势研判 (issue 20): each figure worked by hand, and a seed figure reproduced.
@Suite(.serialized) final class TrendFiguresTests {
    /// A state folded straight from events (a year and more of records, further back than a command
    /// may back-date).
    struct Folded {
        var state = OfficeState()
        var seq: UInt64 = 0
        mutating func apply(_ payload: any EventPayload, at text: String) {
            seq += 1
            let id = UUID(uuidString: String(format: "00000000-0000-0000-0000-%012llX", seq))!
            state.apply(payload.asEvent, Envelope(id: id, seq: seq, at: time(text), recorded: time(text), by: "031245"))
        }
        init(since: String) {
            apply(OfficerEnrolled(badge: "031245", name: "王建国", role: .police), at: since)
            apply(CellAdded(code: "C01", name: "花园一区", community: "戴花园社区", kind: .compound), at: since)
        }
        var incidentCount = 0
        mutating func incident(_ kind: IncidentKind, at text: String) {
            incidentCount += 1
            apply(IncidentLogged(incident: ShortID.make("I", incidentCount), cell: "C01", kind: kind, summary: "案情",
                                 source: .alarm110), at: text)
        }
    }

    @Test func test_change_is_the_difference_over_the_base_and_none_without_a_base() {
        XCTAssertEqual(try XCTUnwrap(TrendCount.change(2, 15)), -13.0 / 15.0, accuracy: 1e-12)
        XCTAssertEqual(TrendCount.change(5, 4), 0.25)
        XCTAssertNil(TrendCount.change(3, 0), "a rise from nothing has no rate")
        XCTAssertNil(TrendCount.change(3, nil))
    }

    /// Seed 000: 「电诈发案由2021年3月的15起下降到今年3月的2起」 — 15 to 2, a fall of 86.7% (DOMAIN §6;
    /// the seed's own 「降幅为650%」 is no decline). 环比 by hand: 4 in the 31 days before March, so
    /// (2 − 4) ÷ 4 = −50.0%.
    @Test func test_seed_000_fraud_cases_year_on_year_is_minus_86_7_percent() throws {
        var f = Folded(since: "2025-01-02T09:00:00+08:00")
        for day in 1...15 { f.incident(.fraud, at: String(format: "2025-03-%02dT10:00:00+08:00", day)) }
        for day in [3, 9, 15, 21] { f.incident(.fraud, at: String(format: "2026-02-%02dT10:00:00+08:00", day)) }
        f.incident(.theft, at: "2026-03-05T10:00:00+08:00")
        f.incident(.fraud, at: "2026-03-06T10:00:00+08:00")
        f.incident(.fraud, at: "2026-03-20T10:00:00+08:00")
        let from = time("2026-03-01T00:00:00+08:00"), to = time("2026-04-01T00:00:00+08:00")
        let report = f.state.trendsReport(ReportWindow(period: .range(from, to), from: from, to: to), policy: .standard)
        let fraud = try XCTUnwrap(report.incidentsByKind.first { $0.kind == .fraud }?.count)
        XCTAssertEqual(fraud, TrendCount(now: 2, previous: 4, lastYear: 15))
        XCTAssertEqual(String(format: "%.1f%%", try XCTUnwrap(fraud.lastYearChange) * 100), "-86.7%")
        XCTAssertEqual(fraud.previousChange, -0.5)
        XCTAssertEqual(report.incidents, TrendCount(now: 3, previous: 4, lastYear: 15))

        let document = ReportBuilder(state: f.state, strings: Strings(.zh), now: to).trends(report)
        let text = ReportRenderer.render(document, as: .text)
        let line = try XCTUnwrap(text.split(separator: "\n").first { $0.contains("警情·电信网络诈骗") })
        XCTAssertTrue(line.contains("-86.7%") && line.contains("-50.0%") && line.contains("15"), String(line))
    }

    @Test func test_no_base_before_the_records_begin() throws {
        var f = Folded(since: "2026-02-20T09:00:00+08:00")
        f.incident(.theft, at: "2026-03-05T10:00:00+08:00")
        let from = time("2026-03-01T00:00:00+08:00"), to = time("2026-04-01T00:00:00+08:00")
        let report = f.state.trendsReport(ReportWindow(period: .range(from, to), from: from, to: to), policy: .standard)
        XCTAssertEqual(report.incidents, TrendCount(now: 1, previous: nil, lastYear: nil),
                       "a comparison with days nobody recorded would be invented")
    }

    /// Hand-worked 见警率 proxy: the window 07:00–22:00 is 15 clock hours a day. Check-ins at C01 at
    /// 06:59 (outside), 07:10 and 07:50 (one hour), 09:05, 21:59, 22:10 (outside): hours 07, 09 and
    /// 21, so 3 of 15 = 20%. ST01 has none: 0 of 15.
    @Test func test_presence_per_point_hand_worked() throws {
        let f = try Fixture(now: "2026-11-24T08:00:00+08:00")
        func at(_ hhmm: String) -> String { "2026-11-23T\(hhmm):00+08:00" }
        let patrol = try XCTUnwrap(try f.run(StartPatrol(mode: .foot, lead: Fixture.officer, members: [], cells: ["C01"]),
                                             at: at("06:50"), reason: "补录").entityID)
        for hhmm in ["06:59", "07:10", "07:50", "09:05", "21:59", "22:10"] {
            try f.run(CheckInPatrol(patrol: patrol, cell: "C01"), at: at(hhmm), reason: "补录")
        }
        try f.run(EndPatrol(patrol: patrol, summary: "巡逻结束"), at: at("22:30"), reason: "补录")
        let lines = f.state.presence(from: time(at("00:00")), to: time("2026-11-24T00:00:00+08:00"), policy: .standard)
        XCTAssertEqual(lines.first { $0.cell == "C01" }, PresenceLine(cell: "C01", hours: 15, hoursWithCheckIn: 3))
        XCTAssertEqual(lines.first { $0.cell == "ST01" }, PresenceLine(cell: "ST01", hours: 15, hoursWithCheckIn: 0))
        XCTAssertEqual(lines.last?.cell, "C01", "lowest presence first")
        // A period starting mid-hour counts the hours that start in it: 08:00 and 09:00.
        XCTAssertEqual(OfficeState.presenceHours(from: time(at("07:30")), to: time(at("10:00")), policy: .standard).count, 2)
    }

    /// Hand-worked sweep: 100 households in 戴花园社区 (policy); two key persons visited (one twice)
    /// and sessions reaching 35 and 20 households: (2 + 55) ÷ 100 = 57%. Another 150 households
    /// reached: capped at 100 of 100.
    @Test func test_household_sweep_hand_worked() throws {
        let f = try Fixture(now: "2026-11-23T10:00:00+08:00")
        var policy = TrendsPolicy.standard
        policy.households["戴花园社区"] = 100
        XCTAssertEqual(f.state.householdCount(community: "戴花园社区", policy: policy), 100)
        XCTAssertEqual(f.state.householdCount(community: "别的社区", policy: policy), 2221, "the default: 004's 2221")
        for n in 0..<2 {
            try f.run(ListPerson(name: "张某\(n)", idNumber: Fixture.idNumber("1101051980010112\(n)"), category: .released,
                                 residency: .presentRegistered, cell: "C01", officer: Fixture.officer))
        }
        for person in ["K0001", "K0002", "K0001"] {
            try f.run(RecordVisit(person: person, method: .home, officer: Fixture.officer, findings: "在家"))
        }
        try f.run(RecordOutreach(cell: "C01", place: "活动室", form: .lecture, audience: .residents, attendees: 40, households: 35))
        try f.run(RecordOutreach(cell: "ST01", place: "路口", form: .stall, audience: .residents, attendees: 25, households: 20))
        let from = time("2026-11-23T00:00:00+08:00"), to = time("2026-11-24T00:00:00+08:00")
        let line = try XCTUnwrap(f.state.sweep(from: from, to: to, policy: policy).first)
        XCTAssertEqual(line, SweepLine(community: "戴花园社区", households: 100, visited: 2, outreach: 55))
        XCTAssertEqual(line.reached, 57)
        try f.run(RecordOutreach(cell: "C01", place: "各楼栋", form: .doorToDoor, audience: .residents, attendees: 150,
                                 households: 150))
        XCTAssertEqual(f.state.sweep(from: from, to: to, policy: policy).first?.reached, 100)

        // Once households are registered (实有人口), they are the denominator: 3 in a building at C01.
        let building = try f.run(AddBuilding(name: "花园一区3号楼", cell: "C01", units: 2)).entityID!
        for door in ["101", "102", "201"] {
            try f.run(AddHousehold(building: building, unit: door.hasPrefix("1") ? 1 : 2, door: door,
                                   address: "花园路12号花园一区3号楼\(door)"))
        }
        XCTAssertEqual(f.state.householdCount(community: "戴花园社区", policy: policy), 3)
        XCTAssertEqual(f.state.householdCount(community: "别的社区", policy: policy), 2221)
        XCTAssertEqual(f.state.sweep(from: from, to: to, policy: policy).first?.households, 3)
    }

    /// Hand-worked 同比/环比 of the other counts over 本周 (Mon 11-23 to Wed 11-25 12:00) against the
    /// same span a week before: outreach 2 sessions / 70 people against 1 / 30; warnings 3 against 1.
    @Test func test_outreach_fraud_and_dispute_counts_compare_with_the_week_before() throws {
        let f = try Fixture(now: "2026-11-15T09:00:00+08:00")  // records begin before last week
        f.clock.set("2026-11-16T09:00:00+08:00")
        try f.run(RecordOutreach(cell: "C01", place: "活动室", form: .lecture, audience: .residents, attendees: 30, households: 10))
        try f.run(ReceiveFraudWarning(level: .low, target: "李家", phone: "13800138000"))
        f.clock.set("2026-11-23T09:00:00+08:00")
        try f.run(RecordOutreach(cell: "C01", place: "活动室", form: .training, audience: .gridWorkers, attendees: 20))
        try f.run(RecordOutreach(cell: "C01", place: "广场", form: .stall, audience: .shops, attendees: 50, households: 12))
        for n in 0..<3 { try f.run(ReceiveFraudWarning(level: .high, target: "王\(n)", phone: "1380013800\(n)")) }
        try f.run(RecordDissuasion(warning: "F0002", by: Fixture.officer, method: .home, outcome: .dissuaded))
        try f.run(OpenDispute(category: .neighbour, parties: ["甲", "乙"], cell: "C01", summary: "漏水"))
        f.clock.set("2026-11-25T12:00:00+08:00")
        let window = ReportPeriod.week.window(f.state, now: f.clock.now())
        let r = f.state.trendsReport(window, policy: .standard)
        XCTAssertEqual(r.outreachSessions, TrendCount(now: 2, previous: 1, lastYear: nil))
        XCTAssertEqual(r.outreachAttendees, TrendCount(now: 70, previous: 30, lastYear: nil))
        XCTAssertEqual(r.fraudWarnings, TrendCount(now: 3, previous: 1, lastYear: nil))
        XCTAssertEqual(r.fraudStopped, TrendCount(now: 1, previous: 0, lastYear: nil))
        XCTAssertEqual(r.disputesOpened, TrendCount(now: 1, previous: 0, lastYear: nil))
        XCTAssertEqual(r.outreachAttendees.previousChange.map { ($0 * 1000).rounded() / 10 }, 133.3, "(70 − 30) ÷ 30")
    }

    @Test func test_the_trends_report_is_in_the_catalogue_in_every_format() throws {
        let f = try Fixture(now: "2026-11-23T10:00:00+08:00")
        try f.run(RecordOutreach(cell: "C01", place: "活动室", form: .lecture, audience: .residents, attendees: 30, households: 10))
        let kind = try XCTUnwrap(ReportCatalogue.kind("trends"))
        let strings = Strings(.zh)
        let output = try kind.build(f.state, ReportBuilder(state: f.state, strings: strings, now: f.clock.now()),
                                    ReportRequest(from: nil, to: f.clock.now(), toGiven: false, now: f.clock.now()))
        XCTAssertEqual(output.document.title, "趋势研判（同比、环比）（本月）")
        XCTAssertEqual(output.document.sections.map(\.key), ["comparison", "presence", "sweep"])
        let json = ReportRenderer.render(output.document, as: .json)
        XCTAssertTrue(json.contains("\"outreachSessions\""), json)
        XCTAssertTrue(json.contains("\"presenceRate\""), json)
        for format in [ReportOutputFormat.md, .csv, .html] {
            XCTAssertTrue(ReportRenderer.render(output.document, as: format).contains("反诈一轮全覆盖"), format.rawValue)
        }
    }
}
