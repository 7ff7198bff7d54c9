import Foundation
import JingwuJournal
import JingwuResources
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// 反诈统计 (issue 17): every figure counted by hand from a small journal written here.
///
/// The journal (office records begin 2025-10-20 08:00 with the first enrolment):
///
/// | when             | warning          | dissuasions (who, outcome)                                  |
/// |------------------|------------------|-------------------------------------------------------------|
/// | 2025-11-05 09:00 | F0001 high       | 11-05 10:00 031245 dissuaded                               |
/// | 2025-11-15 09:00 | F0002 low        | none, ever                                                  |
/// | 2025-11-20 09:00 | F0003 medium     | 11-21 10:00 031245 dissuaded                               |
/// | 2026-10-10 09:00 | F0004 medium     | 10-10 10:00 Y0001 unreachable; 2026-11-12 10:00 031245 dissuaded |
/// | 2026-10-25 09:00 | F0005 low        | 10-25 11:00 031245 dissuaded                               |
/// | 2026-11-03 09:00 | F0006 high       | 09:30 Y0001 unreachable; 12:00 031245 dissuaded            |
/// | 2026-11-10 09:00 | F0007 high       | none                                                        |
/// | 2026-11-15 09:00 | F0008 medium     | 10:00 F1021 defrauded                                       |
/// | 2026-11-20 09:00 | F0009 low        | 2026-12-01 09:00 F1021 dissuaded (after November)          |
/// | 2026-11-25 09:00 | F0010 medium     | voided the same day: counted nowhere                        |
///
/// 上月 at 2026-12-02 16:30 is November 2026, [11-01, 12-01):
/// - received F0006, F0007, F0008, F0009 = 4 (high 2, medium 1, low 1);
/// - of those, dissuaded by 12-01: F0006 (high) = 1; still needing action then: F0007 (high), F0009 (low);
/// - attempts in November: F0004 dissuaded, F0006 unreachable, F0006 dissuaded, F0008 defrauded = 4
///   (dissuaded 2, unreachable 1, defrauded 1); 031245 made 2 (both dissuaded), F1021 1 (defrauded),
///   Y0001 1 (unreachable);
/// - completion = 1 of 4 received = 25.0%;
/// - pending at 12-01 00:00, any period: F0007 (high), F0002 (low, 2025), F0009 (low) = 3.
/// 环比 base, October 2026: received F0004, F0005 = 2; dissuaded attempts F0005 = 1; defrauded 0.
/// 同比 base, November 2025: received F0001, F0002, F0003 = 3; dissuaded F0001, F0003 = 2; defrauded 0.
/// So received 4 against 2 (+100.0%) and 3 (+33.3%); dissuaded 2 against 1 (+100.0%) and 2 (+0.0%);
/// defrauded 1 against 0 twice (no rate).
@Suite(.serialized) final class AntiFraudReportTests {
    private static let now = time("2026-12-02T16:30:00+08:00")

    private func journal() throws -> Fixture {
        let f = try Fixture(now: "2025-10-20T08:00:00+08:00")
        func warn(_ at: String, _ level: FraudLevel, _ target: String) throws {
            f.clock.set(at)
            try f.run(ReceiveFraudWarning(level: level, target: target, phone: "13800138000", cell: "C01"))
        }
        func dissuade(_ at: String, _ warning: String, _ by: String, _ outcome: DissuasionOutcome) throws {
            f.clock.set(at)
            try f.run(RecordDissuasion(warning: warning, by: by, method: .phone, outcome: outcome))
        }
        try warn("2025-11-05T09:00:00+08:00", .high, "甲")
        try dissuade("2025-11-05T10:00:00+08:00", "F0001", Fixture.officer, .dissuaded)
        try warn("2025-11-15T09:00:00+08:00", .low, "乙")
        try warn("2025-11-20T09:00:00+08:00", .medium, "丙")
        try dissuade("2025-11-21T10:00:00+08:00", "F0003", Fixture.officer, .dissuaded)
        try warn("2026-10-10T09:00:00+08:00", .medium, "丁")
        try dissuade("2026-10-10T10:00:00+08:00", "F0004", Fixture.volunteer, .unreachable)
        try warn("2026-10-25T09:00:00+08:00", .low, "戊")
        try dissuade("2026-10-25T11:00:00+08:00", "F0005", Fixture.officer, .dissuaded)
        try warn("2026-11-03T09:00:00+08:00", .high, "己")
        try dissuade("2026-11-03T09:30:00+08:00", "F0006", Fixture.volunteer, .unreachable)
        try dissuade("2026-11-03T12:00:00+08:00", "F0006", Fixture.officer, .dissuaded)
        try warn("2026-11-10T09:00:00+08:00", .high, "庚")
        try dissuade("2026-11-12T10:00:00+08:00", "F0004", Fixture.officer, .dissuaded)
        try warn("2026-11-15T09:00:00+08:00", .medium, "辛")
        try dissuade("2026-11-15T10:00:00+08:00", "F0008", Fixture.auxiliary, .defrauded)
        try warn("2026-11-20T09:00:00+08:00", .low, "壬")
        f.clock.set("2026-11-25T09:00:00+08:00")
        let voided = try f.run(ReceiveFraudWarning(level: .medium, target: "癸", phone: "13800138000"))
        f.clock.set("2026-11-25T09:05:00+08:00")
        try f.run(VoidEntry(event: try XCTUnwrap(voided.record?.id), reason: "重复推送"))
        try dissuade("2026-12-01T09:00:00+08:00", "F0009", Fixture.auxiliary, .dissuaded)
        f.clock.set("2026-12-02T16:30:00+08:00")
        return f
    }

    @Test func test_last_month_figures_by_hand() throws {
        let f = try journal()
        let report = f.state.fraudReport(ReportPeriod.lastMonth.window(f.state, now: Self.now))
        XCTAssertEqual(report.counts, FraudCounts(received: 4, dissuasions: 4, dissuaded: 2, defrauded: 1))
        XCTAssertEqual(report.byLevel.map { "\($0.level.rawValue) \($0.received) \($0.dissuadedByEnd) \($0.pendingAtEnd)" },
                       ["high 2 1 1", "medium 1 0 0", "low 1 0 1"])
        XCTAssertEqual(report.byOutcome.map { "\($0.outcome.rawValue) \($0.count)" },
                       ["dissuaded 2", "unreachable 1", "defrauded 1"])
        XCTAssertEqual(report.byOfficer.map { "\($0.badge) \($0.attempts) \($0.dissuaded) \($0.unreachable) \($0.defrauded)" },
                       ["031245 2 2 0 0", "F1021 1 0 0 1", "Y0001 1 0 1 0"])
        XCTAssertEqual(report.receivedDissuadedByEnd, 1)
        XCTAssertEqual(report.pending.map(\.id), ["F0007", "F0002", "F0009"])
        XCTAssertEqual(report.previous.counts, FraudCounts(received: 2, dissuasions: 2, dissuaded: 1, defrauded: 0))
        XCTAssertEqual(RFC3339.format(report.previous.from), "2026-10-01T00:00:00+08:00")
        XCTAssertEqual(report.lastYear?.counts, FraudCounts(received: 3, dissuasions: 2, dissuaded: 2, defrauded: 0))
        XCTAssertEqual(report.lastYear.map { RFC3339.format($0.from) }, "2025-11-01T00:00:00+08:00")
    }

    /// The same figures as the document shows them, in Chinese, and as JSON numbers.
    @Test func test_the_document_shows_each_figure_and_the_changes() throws {
        let f = try journal()
        let builder = ReportBuilder(state: f.state, strings: Strings(.zh), now: Self.now)
        let output = try XCTUnwrap(ReportCatalogue.kind("fraud")).build(
            f.state, builder, ReportRequest(from: nil, to: Self.now, toGiven: false, now: Self.now, period: .lastMonth))
        let doc = output.document
        XCTAssertEqual(doc.title, "反诈预警与劝阻统计（上月 2026-11）")
        let figures = Dictionary(uniqueKeysWithValues: doc.figures.map { ($0.key, $0.value.display) })
        XCTAssertEqual(figures["received"], "4")
        XCTAssertEqual(figures["dissuasions"], "4")
        XCTAssertEqual(figures["dissuaded"], "2")
        XCTAssertEqual(figures["defrauded"], "1")
        XCTAssertEqual(figures["completionRate"], "1 / 4 = 25.0%")
        XCTAssertEqual(figures["pending"], "3")
        let comparison = try XCTUnwrap(doc.sections.first { $0.key == "comparison" })
        XCTAssertEqual(comparison.rows.map { $0.map(\.display) }, [
            ["预警", "4", "2", "+100.0%", "3", "+33.3%"],
            ["劝阻成功", "2", "1", "+100.0%", "2", "+0.0%"],
            ["已受骗", "1", "0", "—", "0", "—"],
        ])
        XCTAssertEqual(comparison.rows[0][5].json, .double(1.0 / 3.0))
        XCTAssertEqual(comparison.rows[2][3].json, .null)
        // In a spreadsheet: fractions as numbers, no rate as an empty cell.
        XCTAssertEqual(comparison.rows.map { $0.map(ReportRenderer.csvCell) }, [
            ["预警", "4", "2", "1", "3", "0.3333"],
            ["劝阻成功", "2", "1", "1", "2", "0"],
            ["已受骗", "1", "0", "", "0", ""],
        ])
        let pending = try XCTUnwrap(doc.sections.first { $0.key == "pending" })
        XCTAssertEqual(pending.rows.map { $0[0].display + " " + $0[3].display + " " + $0[6].display },
                       ["F0007 高 待劝阻", "F0002 低 待劝阻", "F0009 低 待劝阻"])
        // F0002 was received 2025-11-15 09:00: 380 whole days before 2026-12-01 00:00.
        XCTAssertEqual(pending.rows[1][2].display, "380")
        let byPerson = try XCTUnwrap(doc.sections.first { $0.key == "byPerson" })
        XCTAssertEqual(byPerson.rows.map { $0[0].display }, ["王建国(031245)", "李辅(F1021 辅警)", "赵义(Y0001 义警)"])
        let text = ReportRenderer.render(doc, as: .text)
        XCTAssertTrue(text.contains("环比上期：2026-10-01 00:00 — 2026-11-01 00:00"), text)
        XCTAssertTrue(text.contains("上年同期：2025-11-01 00:00 — 2025-12-01 00:00"), text)
        XCTAssertFalse(text.contains("13800138000"), "no phone number in the report")
    }

    /// A comparison before the office's first record is not made (「—」, and the note says why);
    /// a shift has no 同比.
    @Test func test_no_comparison_before_the_records_begin_and_none_a_year_back_for_a_shift() throws {
        let f = try journal()
        // 2025-10-20 08:00 to 2025-11-25: the previous period of the same length starts in September.
        let range = ReportPeriod.range(time("2025-10-20T08:00:00+08:00"), time("2025-11-25T00:00:00+08:00"))
        let report = f.state.fraudReport(range.window(f.state, now: Self.now))
        XCTAssertEqual(report.counts.received, 3)
        XCTAssertNil(report.previous.counts)
        XCTAssertNil(report.lastYear?.counts)
        let doc = ReportBuilder(state: f.state, strings: Strings(.zh), now: Self.now)
            .fraud(report)
        let text = ReportRenderer.render(doc, as: .text)
        XCTAssertTrue(text.contains("（本室记录始于 2025-10-20 08:00，不作比较）"), text)
        let comparison = try XCTUnwrap(doc.sections.first { $0.key == "comparison" })
        XCTAssertEqual(comparison.rows[0].map(\.display), ["预警", "3", "—", "—", "—", "—"])

        let shift = ReportPeriod.shift.window(f.state, now: Self.now)
        XCTAssertNil(f.state.fraudReport(shift).lastYear)
        let shiftText = ReportRenderer.render(ReportBuilder(state: f.state, strings: Strings(.zh), now: Self.now)
            .fraud(f.state.fraudReport(shift)), as: .text)
        XCTAssertTrue(shiftText.contains("上年同期：本班不作同比"), shiftText)
    }

    /// 本月 on December 2nd: one dissuasion (F0009's, on the 1st), nothing received.
    @Test func test_this_month_counts_only_december() throws {
        let f = try journal()
        let report = f.state.fraudReport(ReportPeriod.month.window(f.state, now: Self.now))
        XCTAssertEqual(report.counts, FraudCounts(received: 0, dissuasions: 1, dissuaded: 1, defrauded: 0))
        XCTAssertEqual(report.byOfficer.map(\.badge), ["F1021"])
        XCTAssertEqual(report.pending.map(\.id), ["F0007", "F0002"], "F0009 was dissuaded on the 1st")
    }

    /// Every format carries the report, and its default period is this month.
    @Test func test_every_format_and_the_default_period() throws {
        let f = try journal()
        let builder = ReportBuilder(state: f.state, strings: Strings(.zh), now: Self.now)
        let kind = try XCTUnwrap(ReportCatalogue.kind("fraud"))
        XCTAssertEqual(kind.defaultPeriod, .month)
        XCTAssertEqual(ReportCatalogue.onScreen.last?.id, "fraud", "the last 统计 tab")
        let output = try kind.build(f.state, builder, ReportRequest(from: nil, to: Self.now, toGiven: false, now: Self.now))
        XCTAssertEqual(output.document.title, "反诈预警与劝阻统计（本月）")
        for format in ReportOutputFormat.allCases {
            XCTAssertTrue(ReportRenderer.render(output.document, as: format).contains(format == .json ? "\"byLevel\"" : "同比与环比"),
                          format.rawValue)
        }
        XCTAssertEqual(output.namedPersons, [], "no warning here names a listed key person")
    }

    /// Free text is hostile: an ID number and a phone typed into a pending warning's target are
    /// masked in every format, and a bidirectional override never reaches the output raw.
    @Test func test_a_pending_warnings_target_is_masked_in_every_format() throws {
        let f = try Fixture(now: "2026-11-23T08:00:00+08:00")
        let id = Fixture.idNumber()
        try f.run(ReceiveFraudWarning(level: .high, target: "王某 \(id) 13812345678 \u{202E}abc", phone: "13900139000"))
        let now = time("2026-11-23T09:00:00+08:00")
        let builder = ReportBuilder(state: f.state, strings: Strings(.zh), now: now)
        let doc = try XCTUnwrap(ReportCatalogue.kind("fraud")).build(
            f.state, builder, ReportRequest(from: nil, to: now, toGiven: false, now: now, period: .today)).document
        XCTAssertEqual(doc.sections.first { $0.key == "pending" }?.rows.count, 1)
        for format in ReportOutputFormat.allCases {
            let out = ReportRenderer.render(doc, as: format)
            XCTAssertTrue(out.contains("王某"), format.rawValue)
            XCTAssertFalse(out.contains(id), "\(format.rawValue): whole ID number")
            XCTAssertFalse(out.contains("13812345678"), "\(format.rawValue): whole phone number")
            XCTAssertFalse(out.unicodeScalars.contains("\u{202E}"), "\(format.rawValue): raw bidi override")
        }
    }
}
