import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// README's keystroke table ("The console": the ten commonest tasks, then the less frequent
/// ones), counted by driving each task on the in-memory console: every key counts, a typed
/// value counts 1 however long, a choice left at its first option costs nothing. Each task
/// must also have done what the row says (its record written, its screen open). The counts
/// below are the README's; a form that gains or loses a field changes one and fails here.
@Suite(.serialized) final class KeystrokeTableTests {
    /// Presses and counts.
    final class Counter {
        private let press: ([Key]) -> Void
        private(set) var count = 0
        init(_ press: @escaping ([Key]) -> Void) { self.press = press }
        /// Keys, each counted.
        func keys(_ keys: Key...) { count += keys.count; press(keys) }
        /// A typed value (a code, a name, a note, a PIN): one, however long.
        func typed(_ text: String) { count += 1; press(text.map { Key.character($0) }) }
    }

    private func counter(_ h: ConsoleHarness) -> Counter { Counter { h.press($0) } }

    private static let me = "031245"

    // MARK: The ten commonest tasks

    @Test func test_sign_in_with_the_duty_officer_offered_is_2() throws {
        let h = try ConsoleHarness(seed: { o, _ in try o.execute(OpenShift(duty: Self.me), as: Self.me) })
        try h.office.setPin(badge: Self.me, pin: "246810", as: Self.me, iterations: 1_000)
        h.office.signOut()
        let session = ConsoleSession(office: h.office, strings: Strings(.zh), operatorBadge: Self.me)
        session.documentsFolder = ConsoleHarness.documentsFolder
        let policy = AccessPolicy(idleSeconds: 600, failureDelays: [0, 0, 2, 5], pinIterations: 1_000)
        let app = ConsoleApp(session: session, idle: IdleLock(timeout: 600) { 1_000 },
                             gate: SignInGate(session: session, policy: policy) { 1_000 })
        let screen = VirtualScreen(rows: 24, columns: 80)
        app.render(into: screen)
        XCTAssertTrue(app.gate.isLocked)
        let c = Counter { screen.feed($0); app.run(on: screen, stopWhenIdle: true) }
        c.typed("246810")
        c.keys(.enter)
        XCTAssertFalse(app.gate.isLocked, screen.text)
        XCTAssertTrue(h.office.signedIn.contains(Self.me))
        XCTAssertEqual(c.count, 2)
    }

    @Test func test_start_a_patrol_with_its_planned_cells_is_8() throws {
        let h = try ConsoleHarness()
        let c = counter(h)
        c.keys(.character("2"), .character("n"), .tab, .tab, .tab, .tab)
        c.typed("A01,A02")
        c.keys(.f(10))
        XCTAssertEqual(h.eventTypes.last, "PatrolStarted", h.screen.text)
        XCTAssertEqual(h.lastData()["cells"] as? [String], ["A01", "A02"])
        XCTAssertEqual(h.lastData()["lead"] as? String, Self.me)
        XCTAssertEqual(h.lastData()["mode"] as? String, "foot")
        XCTAssertEqual(c.count, 8)
    }

    private func patrolOut() throws -> ConsoleHarness {
        try ConsoleHarness(seed: { o, _ in try o.execute(StartPatrol(mode: .foot, lead: Self.me), as: Self.me) })
    }

    @Test func test_check_the_selected_patrol_in_at_a_cell_is_3() throws {
        let h = try patrolOut()
        let c = counter(h)
        c.keys(.character("2"))
        c.typed("A03")
        c.keys(.enter)
        XCTAssertEqual(h.eventTypes.last, "PatrolCheckedIn", h.screen.text)
        XCTAssertEqual(h.lastData()["cell"] as? String, "A03")
        XCTAssertEqual(c.count, 3)
    }

    @Test func test_end_a_patrol_with_a_summary_is_4() throws {
        let h = try patrolOut()
        let c = counter(h)
        c.keys(.character("2"), .character("e"))
        c.typed("巡逻正常")
        c.keys(.f(10))
        XCTAssertEqual(h.eventTypes.last, "PatrolEnded", h.screen.text)
        XCTAssertEqual(h.lastData()["summary"] as? String, "巡逻正常")
        XCTAssertEqual(c.count, 4)
    }

    @Test func test_record_a_key_person_visit_is_7() throws {
        let h = try ConsoleHarness(seed: { o, _ in
            try o.execute(ListPerson(name: "孙某", idNumber: HandoverScreenTests.idNumber(3), category: .released,
                                     residency: .presentRegistered, cell: "A01", officer: Self.me), as: Self.me)
        })
        let c = counter(h)
        c.keys(.character("4"), .character("v"), .tab, .tab, .tab)
        c.typed("在家，情绪稳定")
        c.keys(.f(10))
        XCTAssertEqual(h.eventTypes.last, "VisitRecorded", h.screen.text)
        XCTAssertEqual(h.lastData()["method"] as? String, "home")
        XCTAssertEqual(h.lastData()["officer"] as? String, Self.me)
        XCTAssertEqual(h.lastData()["findings"] as? String, "在家，情绪稳定")
        XCTAssertEqual(c.count, 7)
    }

    /// README said 9 (`… cell Enter Tab summary F10`): Enter on the highlighted cell takes it and
    /// moves on to 简要案情 by itself, so there is no Tab: 8.
    @Test func test_log_an_incident_is_8() throws {
        let h = try ConsoleHarness()
        let c = counter(h)
        c.keys(.character("6"), .character("n"), .tab, .tab)
        c.typed("A02")
        c.keys(.enter)
        c.typed("电动车电瓶被盗")
        c.keys(.f(10))
        XCTAssertEqual(h.eventTypes.last, "IncidentLogged", h.screen.text)
        XCTAssertEqual(h.lastData()["cell"] as? String, "A02")
        XCTAssertEqual(h.lastData()["summary"] as? String, "电动车电瓶被盗")
        XCTAssertEqual(c.count, 8)
    }

    @Test func test_record_a_phone_dissuasion_after_seeing_the_number_is_9() throws {
        let h = try ConsoleHarness(seed: { o, _ in
            try o.execute(ReceiveFraudWarning(level: .high, target: "王大妈", phone: "13800138000", cell: "A01"), as: Self.me)
        })
        let c = counter(h)
        c.keys(.character("6"), .character("f"), .enter, .character("r"), .enter)
        XCTAssertEqual(h.eventTypes.last, "AccessRecorded")
        XCTAssertTrue(h.screen.text.contains("13800138000"), h.screen.text)
        c.keys(.character("d"), .tab, .right, .f(10))
        XCTAssertEqual(h.eventTypes.last, "FraudDissuasionRecorded", h.screen.text)
        XCTAssertEqual(h.lastData()["method"] as? String, "phone")
        XCTAssertEqual(h.lastData()["outcome"] as? String, "dissuaded")
        XCTAssertEqual(c.count, 9)
    }

    @Test func test_search_a_person_by_name_from_the_overview_and_open_the_file_is_3() throws {
        let h = try ConsoleHarness(seed: { o, _ in
            try o.execute(ListPerson(name: "孙某", idNumber: HandoverScreenTests.idNumber(3), category: .released,
                                     residency: .presentRegistered, cell: "A01", officer: Self.me), as: Self.me)
        })
        XCTAssertEqual(h.app.current, .overview)
        let c = counter(h)
        c.keys(.character("/"))
        c.typed("孙某")
        c.keys(.enter)
        XCTAssertEqual(h.app.current, .persons)
        XCTAssertTrue(h.trimmed[2].hasPrefix("K0001"), h.screen.text)
        XCTAssertEqual(c.count, 3)
    }

    @Test func test_hand_over_is_7() throws {
        let h = try ConsoleHarness(seed: { o, _ in try o.execute(OpenShift(duty: Self.me), as: Self.me) })
        let c = counter(h)
        c.keys(.character("7"), .character("h"))
        c.typed("031246")
        c.keys(.tab)
        c.typed("菜市场夜间注意")
        c.keys(.f(10), .character("y"))
        XCTAssertEqual(h.eventTypes.last, "ShiftHandedOver", h.screen.text)
        XCTAssertEqual(h.lastData()["to"] as? String, "031246")
        XCTAssertEqual(h.lastData()["notes"] as? String, "菜市场夜间注意")
        XCTAssertEqual(c.count, 7)
    }

    @Test func test_acknowledge_on_an_office_with_pins_with_the_sign_in_is_5() throws {
        let s = try SignedConsole()
        s.signIn(Self.me, "246810")
        try s.h.office.execute(OpenShift(duty: Self.me), as: Self.me)
        try s.h.office.execute(HandOverShift(to: "031246", notes: "菜市场夜间注意"), as: Self.me)
        let c = Counter { s.press($0) }
        c.keys(.character("7"), .character("a"), .f(10))
        XCTAssertTrue(s.app.gate.isLocked, s.text)
        c.typed("135790")
        c.keys(.enter)
        XCTAssertEqual(s.types.last, "ShiftOpened", s.text)
        XCTAssertEqual(s.types.dropLast().last, "ShiftAcknowledged", s.text)
        XCTAssertEqual(s.app.session.operatorBadge, "031246")
        XCTAssertEqual(c.count, 5)
    }

    // MARK: Less often

    /// README said 11 (`… cell Enter Tab summary F10`); as for an incident, Enter on the cell moves on: 10.
    @Test func test_open_a_dispute_is_10() throws {
        let h = try ConsoleHarness()
        let c = counter(h)
        c.keys(.character("5"), .character("n"), .tab)
        c.typed("王某;李某")
        c.keys(.tab, .tab)
        c.typed("A03")
        c.keys(.enter)
        c.typed("楼上漏水")
        c.keys(.f(10))
        XCTAssertEqual(h.eventTypes.last, "DisputeOpened", h.screen.text)
        XCTAssertEqual(h.lastData()["parties"] as? [String], ["王某", "李某"])
        XCTAssertEqual(h.lastData()["cell"] as? String, "A03")
        XCTAssertEqual(h.lastData()["summary"] as? String, "楼上漏水")
        XCTAssertEqual(c.count, 10)
    }

    private func disputes(_ n: Int) throws -> ConsoleHarness {
        try ConsoleHarness(seed: { o, _ in
            for k in 1...n {
                try o.execute(OpenDispute(category: .neighbour, parties: ["甲\(k)", "乙\(k)"], cell: "A01", summary: "纠纷\(k)"),
                              as: Self.me)
            }
        })
    }

    @Test func test_go_to_a_dispute_by_its_number_is_4() throws {
        let h = try disputes(7)
        let c = counter(h)
        c.keys(.character("5"), .character("#"))
        c.typed("7")
        c.keys(.enter)
        XCTAssertTrue(h.trimmed[2].hasPrefix("D2026-0007  邻里"), h.screen.text)
        XCTAssertEqual(c.count, 4)
    }

    private func withDocuments(_ body: (String) throws -> Void) throws {
        let documents = NSTemporaryDirectory() + "jingwu-keys-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: documents, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: documents) }
        try ConsoleHarness.$documents.withValue(documents) { try body(documents + "/jingwu") }
    }

    @Test func test_print_a_disputes_case_file_is_4() throws {
        try withDocuments { folder in
            let h = try disputes(1)
            let c = counter(h)
            c.keys(.character("5"), .enter, .character("p"), .character("h"))
            let files = try FileManager.default.contentsOfDirectory(atPath: folder)
            XCTAssertEqual(files.count, 1)
            XCTAssertTrue(files[0].hasPrefix("矛盾纠纷档案 D2026-0001") && files[0].hasSuffix(".html"), files[0])
            XCTAssertEqual(c.count, 4)
        }
    }

    @Test func test_print_the_handover_of_the_shift_on_duty_is_3() throws {
        try withDocuments { folder in
            let h = try ConsoleHarness(seed: { o, _ in try o.execute(OpenShift(duty: Self.me), as: Self.me) })
            let c = counter(h)
            c.keys(.character("7"), .character("p"), .character("h"))
            let files = try FileManager.default.contentsOfDirectory(atPath: folder)
            XCTAssertEqual(files.count, 1)
            XCTAssertTrue(files[0].hasPrefix("交接班报告") && files[0].hasSuffix(".html"), files[0])
            XCTAssertEqual(c.count, 3)
        }
    }

    @Test func test_last_months_anti_fraud_report_is_3() throws {
        let h = try ConsoleHarness()
        let c = counter(h)
        c.keys(.character("9"), .left, .character("p"))
        // 上月 2026-04 does not fit beside eleven tabs: the title below names it.
        XCTAssertEqual(h.trimmed[2], " 警情公告  巡逻  点位覆盖  走访  矛盾纠纷  趋势  公告  处置  周报  联户长  反诈")
        XCTAssertEqual(h.trimmed[3], "反诈预警与劝阻统计（上月 2026-04）  2026-04-01 00:00 — 2026-05-01 00:00")
        XCTAssertEqual(c.count, 3)
    }

    @Test func test_undo_my_last_correction_is_3() throws {
        let h = try ConsoleHarness(seed: { o, _ in
            let logged = try o.execute(LogIncident(cell: "A02", kind: .theft, summary: "手机被盗"), as: Self.me)
            try o.execute(AmendEntry(event: logged.record!.id, reason: "补充", changes: ["summary": "手机在菜市场被盗"]),
                          as: Self.me)
        })
        let c = counter(h)
        c.keys(.character("8"), .character("u"), .character("y"))
        XCTAssertEqual(h.eventTypes.last, "EntryAmended", h.screen.text)
        XCTAssertEqual((h.lastData()["changes"] as? [String: String])?["summary"], "手机被盗")
        XCTAssertEqual(h.office.state.incidents.incident("I0001")?.summary, "手机被盗")
        XCTAssertEqual(c.count, 3)
    }
}
