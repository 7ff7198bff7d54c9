import Foundation
import JingwuJournal
import JingwuResources
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// The public 警情公告 and 破案公告 (issue 20): built from codes and counts, so nothing personal
/// reaches them whatever the records hold; and the internal weekly summary.
@Suite(.serialized) final class PublicBulletinTests {
    static let idNumber = Fixture.idNumber("11010519800101123")
    static let phone = "13912345678"
    /// What must never appear on a public bulletin, in any format.
    static var secrets: [String] {
        [idNumber, String(idNumber.prefix(6)), String(idNumber.suffix(4)), phone, "139****5678", "5678", "张秀英", "刘某某",
         "赵大伟", "钱小红", "18号", "502室", "幸福里", "推搡", "漏水", "已知晓"]
    }

    /// An office whose records hold ID numbers, phones, key-person names and addresses in every free text.
    func filledOffice() throws -> Fixture {
        let f = try Fixture(now: "2026-11-10T08:00:00+08:00")
        try f.run(ListPerson(name: "张秀英", idNumber: Self.idNumber, category: .released, residency: .presentRegistered,
                             cell: "C01", officer: Fixture.officer))
        f.clock.set("2026-11-24T09:00:00+08:00")
        let secretText = "家住幸福里18号3单元502室的张秀英（身份证\(Self.idNumber)，电话\(Self.phone)）称被冒充客服退款诈骗"
        try f.run(LogIncident(cell: "C01", kind: .fraud, summary: secretText, person: "K0001", caller: "刘某某",
                              callerPhone: Self.phone))
        try f.run(RecordArrival(incident: "I0001"))
        try f.run(CloseIncident(incident: "I0001", disposition: .caseFiled, note: "张秀英 \(Self.idNumber) 已受案"))
        f.clock.set("2026-11-24T23:30:00+08:00")
        try f.run(LogIncident(cell: "C01", kind: .fight, summary: "赵大伟与钱小红在幸福里18号门口推搡，电话\(Self.phone)",
                              caller: "赵大伟", callerPhone: Self.phone))
        try f.run(CloseIncident(incident: "I0002", disposition: .securityMediation, note: "赵大伟赔偿钱小红"))
        try f.run(LogIncident(cell: "ST01", kind: .theft, summary: "张秀英的电动车在幸福里被盗"))
        try f.run(OpenDispute(category: .neighbour, parties: ["赵大伟", "钱小红"], cell: "C01", summary: "幸福里18号502室漏水"))
        try f.run(HoldMediation(dispute: "D2026-0001", kind: .people, mediators: ["张秀英"], notes: "电话\(Self.phone)"))
        try f.run(ResolveDispute(dispute: "D2026-0001", agreement: "赵大伟赔偿钱小红 500 元"))
        try f.run(ReceiveFraudWarning(level: .high, target: "张秀英", person: "K0001", phone: Self.phone, cell: "C01",
                                      note: "冒充客服退款，身份证\(Self.idNumber)"))
        try f.run(RecordDissuasion(warning: "F0001", by: Fixture.officer, method: .home, outcome: .dissuaded, note: "张秀英已知晓"))
        try f.run(RecordOutreach(cell: "C01", place: "张秀英家（幸福里18号）", form: .doorToDoor, audience: .residents,
                                 attendees: 3, households: 1, topic: "冒充客服退款，电话\(Self.phone)"))
        f.clock.set("2026-11-26T10:00:00+08:00")
        return f
    }

    func documents(_ f: Fixture) throws -> [(String, String)] {
        var out: [(String, String)] = []
        for id in ["public", "solved"] {
            for language in [Language.zh, .en] {
                let strings = Strings(language)
                let kind = try XCTUnwrap(ReportCatalogue.kind(id))
                let output = try kind.build(f.state, ReportBuilder(state: f.state, strings: strings, heading: "花园派出所 · 戴花园警务室",
                                                                     now: f.clock.now()),
                                            ReportRequest(from: nil, to: f.clock.now(), toGiven: false, now: f.clock.now()))
                XCTAssertEqual(output.namedPersons, [])
                for format in ReportOutputFormat.allCases {
                    out.append(("\(id) \(language) \(format.rawValue)", ReportRenderer.render(output.document, as: format)))
                }
            }
        }
        return out
    }

    @Test func test_no_id_number_phone_name_or_address_reaches_a_public_bulletin_in_any_format() throws {
        let f = try filledOffice()
        // The records do hold them: the internal weekly summary shows the incidents' summaries (numbers masked).
        let weekly = ReportRenderer.render(ReportBuilder(state: f.state, strings: Strings(.zh), now: f.clock.now())
            .weeklySummary(ReportPeriod.days(7).window(f.state, now: f.clock.now())), as: .text)
        XCTAssertTrue(weekly.contains("张秀英"), weekly)
        XCTAssertFalse(weekly.contains(Self.phone), "numbers are masked in every report")
        for (name, text) in try documents(f) {
            XCTAssertFalse(text.isEmpty, name)
            for secret in Self.secrets {
                XCTAssertFalse(text.contains(secret), "\(name) holds “\(secret)”:\n\(text)")
            }
        }
    }

    /// Hand-worked 警情公告 for 11-19 10:00 to 11-26 10:00 (近 7 天): 3 incidents (fraud, fight,
    /// theft), two at 23:30 (night); none in the week before (records begin 11-10): 较上期增加 3 起.
    @Test func test_the_notice_says_issue_counts_features_and_tips() throws {
        let f = try filledOffice()
        let notice = f.state.publicNotice(ReportPeriod.days(7).window(f.state, now: f.clock.now()))
        XCTAssertEqual(notice.issue, BulletinIssue(year: 2026, week: 48), "11-26 is in ISO week 48")
        XCTAssertEqual(notice.total, 3)
        XCTAssertEqual(notice.previousTotal, 0)
        XCTAssertEqual(notice.night, 2)
        XCTAssertEqual(notice.byCell.map(\.cell), ["C01", "ST01"])
        let doc = ReportBuilder(state: f.state, strings: Strings(.zh), now: f.clock.now()).publicNotice(notice, topKinds: 2)
        XCTAssertEqual(doc.title, "警情公告 2026年第48期")
        let features = try XCTUnwrap(doc.notes.first { $0.label == "发案特点" }?.text)
        XCTAssertEqual(features, "本期辖区共接报警情 3 起，较上期增加 3 起；以打架斗殴（1 起）、电信网络诈骗（1 起）为主；"
                       + "夜间（22:00—06:00）发案 2 起；发案较多的地点：花园一区（2 起）、花园路（1 起）。")
        XCTAssertEqual(doc.notes.map(\.label), ["发案特点", "防范提示（打架斗殴）", "防范提示（电信网络诈骗）", "防范提示", "说明"])
    }

    /// The issue number is the ISO week `Calendar(identifier: .iso8601)` gives the period's last
    /// moment, office time: every day of the years around 2020 (53 weeks) and of 2026–2027's
    /// turn, and every eleventh day from 1971 to 2099; each day's end (a period ending at
    /// midnight) and a moment inside it.
    @Test func test_the_issue_is_the_iso_week_of_the_last_moment_as_the_calendar_gives_it() {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(secondsFromGMT: OfficeTime.offset)!
        var days = Array(RFC3339.daysFromCivil(2019, 12, 1)...RFC3339.daysFromCivil(2021, 1, 31))
        days += Array(RFC3339.daysFromCivil(2026, 12, 1)...RFC3339.daysFromCivil(2027, 1, 31))
        days += stride(from: RFC3339.daysFromCivil(1971, 1, 1), to: RFC3339.daysFromCivil(2099, 12, 31), by: 11)
        var weeks53 = 0
        for day in days {
            for end in [OfficeWeek.start(ofDay: day), OfficeWeek.start(ofDay: day).addingTimeInterval(12 * 3600 + 0.5)] {
                let c = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: end.addingTimeInterval(-1))
                let issue = BulletinIssue.of(periodEnd: end)
                XCTAssertEqual(issue, BulletinIssue(year: c.yearForWeekOfYear!, week: c.weekOfYear!), "\(end)")
                if issue.week == 53 { weeks53 += 1 }
            }
        }
        XCTAssertGreaterThanOrEqual(weeks53, 14, "2020's week 53, its ends and its moments")
        XCTAssertEqual(BulletinIssue.of(periodEnd: OfficeWeek.start(ofDay: RFC3339.daysFromCivil(2021, 1, 4))),
                       BulletinIssue(year: 2020, week: 53), "Sunday 2021-01-03 is in 2020's week 53")
    }

    @Test func test_the_solved_notice_counts_what_was_concluded() throws {
        let f = try filledOffice()
        let solved = f.state.solvedNotice(ReportPeriod.days(7).window(f.state, now: f.clock.now()))
        XCTAssertEqual(solved.caseFiled, 1)
        XCTAssertEqual(solved.caseFiledByKind.map(\.kind), [.fraud])
        XCTAssertEqual(solved.mediated, 1)
        XCTAssertEqual(solved.fraudStopped, 1)
        XCTAssertEqual(solved.disputesResolved, 1)
        let doc = ReportBuilder(state: f.state, strings: Strings(.zh), now: f.clock.now()).solvedNotice(solved)
        XCTAssertEqual(doc.notes.first?.text, "本期受案 1 起，调解处置 1 起，反诈预警劝阻成功 1 次，调处矛盾纠纷 1 件。")
        // The journal records no case solved (破案): the notice does not claim one (session 11).
        XCTAssertEqual(doc.title, "警情处置公告 2026年第48期")
        XCTAssertEqual(doc.figures.first { $0.key == "caseFiled" }?.label, "受案（起）")
        XCTAssertEqual(doc.notes.first { $0.label == "统计口径" }?.text,
                       "本公告代“破案公告”：本程序不记录破案（侦破）结果，不报破案数。“受案”为本期以“受案”办结的警情，受案不等于破案；破案情况以派出所通报为准。")
        let english = ReportBuilder(state: f.state, strings: Strings(.en), now: f.clock.now()).solvedNotice(solved)
        XCTAssertEqual(english.title, "Incidents disposed of 2026 no. 48")
    }

    @Test func test_the_weekly_summary_lists_the_incidents_with_their_arrival_minutes() throws {
        let f = try filledOffice()
        let doc = ReportBuilder(state: f.state, strings: Strings(.zh), now: f.clock.now())
            .weeklySummary(ReportPeriod.days(7).window(f.state, now: f.clock.now()))
        let incidents = try XCTUnwrap(doc.sections.first { $0.key == "incidents" })
        XCTAssertEqual(incidents.rows.map { $0[0].display + " " + $0[4].display + " " + $0[5].display },
                       ["I0001 0 受案", "I0002 — 治安调解", "I0003 — 未结"])
        XCTAssertEqual(doc.figures.first { $0.key == "arrived" }?.value.display, "1 / 3 = 33.3%")
    }
}
