import Foundation
import JingwuDomain
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// 总览 after a write makes again only the parts the new record can change (issue 16): after
/// every kind of write the console's overview shows, row for row, what an overview built afresh
/// from the same state shows; a type not listed, a new minute, a correction make every part again.
@Suite(.serialized) final class OverviewIncrementalTests {
    let me = "031245"

    private func office() throws -> ConsoleHarness {
        try ConsoleHarness(rows: 60, columns: 110, seed: { o, _ in
            let me = "031245"
            try o.execute(OpenShift(duty: me), as: me)
            try o.execute(ListPerson(name: "孙小梅", idNumber: HandoverScreenTests.idNumber(7), category: .released,
                                     residency: .presentRegistered, cell: "A01", officer: me), as: me)
            try o.execute(ListPerson(name: "赵大勇", idNumber: HandoverScreenTests.idNumber(8), category: .correction,
                                     residency: .presentRegistered, cell: "A02", officer: me), as: me)
            try o.execute(OpenDispute(category: .neighbour, parties: ["孙小梅", "钱多多"], cell: "A03", summary: "楼上漏水"), as: me)
            try o.execute(OpenDispute(category: .family, parties: ["周一", "周二"], cell: "A01", summary: "赡养"), as: me)
            try o.execute(OpenDispute(category: .neighbour, parties: ["吴三", "郑四"], cell: "A02", summary: "噪音"), as: me)
            try o.execute(LogIncident(cell: "A02", kind: .theft, summary: "电动车被盗", source: .call), as: me)
            try o.execute(ReceiveFraudWarning(level: .high, target: "钱多多", phone: "13800001234", cell: "A01"), as: me)
            try o.execute(StartPatrol(mode: .foot, lead: me), as: me)
        })
    }

    /// The console's screen, row for row, against a console opened afresh on the same session.
    private func assertSameAsFresh(_ h: ConsoleHarness, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let fresh = ConsoleApp(session: h.session)
        let screen = VirtualScreen(rows: h.screen.size.rows, columns: h.screen.size.columns)
        fresh.render(into: screen)
        XCTAssertEqual(h.screen.rows(), screen.rows(), what, file: file, line: line)
    }

    private func remade(_ h: ConsoleHarness) -> Set<OverviewScreen.Part> {
        (h.app.screen(.overview) as! OverviewScreen).remade
    }

    @Test func test_after_each_kind_of_write_the_overview_equals_one_built_afresh() throws {
        let h = try office()
        h.press(.character("1"))
        assertSameAsFresh(h, "opened")
        XCTAssertEqual(remade(h), Set(OverviewScreen.Part.allCases))
        var notice = ""
        let writes: [(String, () throws -> Void, Set<OverviewScreen.Part>)] = [
            ("check-in", { try h.office.execute(CheckInPatrol(patrol: "P0001", cell: "A01"), as: self.me) }, [.patrols, .gaps]),
            ("hazard", { try h.office.execute(ReportHazard(patrol: "P0001", cell: "A02", note: "楼道杂物"), as: self.me) },
             [.hazards, .patrols]),
            ("stop check", { try h.office.execute(RecordStopCheck(patrol: "P0001", subject: .person, outcome: .released), as: self.me) },
             [.patrols, .gaps]),
            ("notice", {
                notice = try h.office.execute(IssueRectificationNotice(hazard: "H0001", partyKind: .unit, party: "锦绣物业",
                                                                       items: "清理楼道", deadline: h.clock.date.addingTimeInterval(3600)),
                                              as: self.me).entityID ?? ""
            }, [.notices]),
            ("notice completed", { try h.office.execute(CompleteRectification(notice: notice, note: "已清理"), as: self.me) }, [.notices]),
            ("hazard cleared", { try h.office.execute(ClearHazard(hazard: "H0001", note: "已清理"), as: self.me) }, [.hazards, .notices]),
            ("incident", { try h.office.execute(LogIncident(cell: "A03", kind: .theft, summary: "手机被盗", source: .call), as: self.me) },
             [.incidents]),
            ("arrival", { try h.office.execute(RecordArrival(incident: "I0002", officer: self.me), as: self.me) }, [.incidents]),
            ("link", { try h.office.execute(LinkIncident(incident: "I0002", dispute: "D2026-0001"), as: self.me) }, [.incidents]),
            ("incident closed", { try h.office.execute(CloseIncident(incident: "I0002", disposition: .caseFiled), as: self.me) },
             [.incidents]),
            ("visit", { try h.office.execute(RecordVisit(person: "K0001", method: .home, officer: self.me, findings: "在家"), as: self.me) },
             [.visits]),
            ("mediation", {
                try h.office.execute(HoldMediation(dispute: "D2026-0001", kind: .people, mediators: ["王建国"], notes: "再调"), as: self.me)
            }, [.disputes, .followUps, .disputesOverdue, .screening]),
            ("resolved", { try h.office.execute(ResolveDispute(dispute: "D2026-0001", agreement: "赔偿800元"), as: self.me) },
             [.disputes, .followUps, .disputesOverdue, .screening]),
            ("follow-up", { try h.office.execute(FollowUpDispute(dispute: "D2026-0001", note: "回访"), as: self.me) },
             [.disputes, .followUps, .disputesOverdue, .screening]),
            ("referred", { try h.office.execute(ReferDispute(dispute: "D2026-0002", to: .court, notes: "移交"), as: self.me) },
             [.disputes, .followUps, .disputesOverdue, .screening]),
            ("closed", { try h.office.execute(CloseDispute(dispute: "D2026-0003", reason: "撤回"), as: self.me) },
             [.disputes, .followUps, .disputesOverdue, .screening]),
            ("fraud warning", {
                try h.office.execute(ReceiveFraudWarning(level: .low, target: "李家", phone: "13800138000", cell: "A02"), as: self.me)
            }, [.fraud]),
            ("dissuasion", {
                try h.office.execute(RecordDissuasion(warning: "F0001", by: self.me, method: .home, outcome: .dissuaded), as: self.me)
            }, [.fraud]),
            ("ID number revealed", { try h.office.execute(RevealIDNumber(person: "K0001", purpose: "核对"), as: self.me) }, []),
            ("access", { try h.office.execute(RecordAccess(kind: .print, subject: "D2026-0001"), as: self.me) }, []),
            ("patrol ended", { try h.office.execute(EndPatrol(patrol: "P0001", summary: "巡逻结束"), as: self.me) }, [.patrols, .gaps]),
            ("patrol started", { try h.office.execute(StartPatrol(mode: .bike, lead: self.me), as: self.me) }, [.patrols, .gaps]),
        ]
        for (what, write, parts) in writes {
            try write()
            h.press(.down)
            XCTAssertEqual(remade(h), parts.union([.shift]), what)
            assertSameAsFresh(h, what)
        }
        // Two writes between keys: the parts of both.
        try h.office.execute(CheckInPatrol(patrol: "P0002", cell: "A03"), as: me)
        try h.office.execute(RecordVisit(person: "K0002", method: .phone, officer: me, findings: "正常"), as: me)
        h.press(.up)
        XCTAssertEqual(remade(h), [.shift, .patrols, .gaps, .visits])
        assertSameAsFresh(h, "two writes")
        // A type not listed (a person listed), a correction (a visit voided): every part again.
        try h.office.execute(ListPerson(name: "钱多多", idNumber: HandoverScreenTests.idNumber(9), category: .correction,
                                        residency: .registeredAbsent, cell: "A03", officer: me), as: me)
        h.press(.down)
        XCTAssertEqual(remade(h), Set(OverviewScreen.Part.allCases))
        assertSameAsFresh(h, "person listed")
        let visit = try XCTUnwrap(h.office.state.persons.visits.last?.event)
        try h.office.execute(VoidEntry(event: visit, reason: "录错"), as: me)
        h.press(.up)
        XCTAssertEqual(remade(h), Set(OverviewScreen.Part.allCases))
        assertSameAsFresh(h, "visit voided")
        // The next minute: every part again (elapsed times, what is due).
        h.clock.advance(minutes: 1)
        h.press(.down)
        XCTAssertEqual(remade(h), Set(OverviewScreen.Part.allCases))
        assertSameAsFresh(h, "next minute")
        XCTAssertNotNil(h.row(containing: "P0002"))
    }
}
