import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// An auxiliary (李娜 031246) at the console: actions the role forbids are not offered (keys,
/// hints and help read the same table), and whatever is refused leaves the journal
/// byte-for-byte unchanged. (Enrolling officers and setting another
/// officer's PIN have no console screen; RolesTests covers them at the command level.)
@Suite(.serialized) final class RolesScreenTests {
    static let idNumber = "11010519800101123" + String(ResidentID.checkCharacter(for: "11010519800101123")!)

    /// An office with a person, a dispute under mediation and a hazard, all written by the officer.
    func auxiliaryHarness() throws -> ConsoleHarness {
        try ConsoleHarness(operatorBadge: "031246") { office, clock in
            try office.execute(ListPerson(name: "李四", idNumber: Self.idNumber, category: .released,
                                          residency: .presentRegistered, cell: "A02", officer: "031245"), as: "031245")
            try office.execute(OpenDispute(category: .neighbour, parties: ["张三", "李四"], cell: "A01", summary: "漏水"),
                               as: "031245")
            clock.advance(minutes: 10)
            try office.execute(ReportHazard(patrol: nil, cell: "A01", note: "楼道堆放杂物"), as: "031245")
        }
    }

    /// The key's label as the hint line and the help show it.
    func label(_ key: String) -> String { Strings(.zh).text(key) }

    @Test func test_an_auxiliary_is_not_offered_resolve_refer_or_close_and_pressing_them_writes_nothing() throws {
        for (key, labelKey) in [("r", "console.disputes.key.resolve"), ("t", "console.disputes.key.refer"),
                                ("x", "console.disputes.key.close")] {
            let h = try auxiliaryHarness()
            let bytes = h.journal.fileBytes
            h.press(.character("5"), .enter)
            XCTAssertFalse(h.trimmed[23].contains(label(labelKey)), h.trimmed[23])
            h.press(.f(1))
            XCTAssertFalse(h.screen.text.contains(label(labelKey)), "help lists only what this operator may do")
            h.press(.escape, .character(Character(key)))
            h.type("双方同意")
            h.press(.f(10))
            XCTAssertEqual(h.journal.fileBytes, bytes, "the journal changed")
        }
        // The same file for a police officer offers them: the test above can tell the difference.
        let police = try ConsoleHarness(operatorBadge: "031245") { office, _ in
            try office.execute(OpenDispute(category: .neighbour, parties: ["张三"], cell: "A01", summary: "漏水"), as: "031245")
        }
        police.press(.character("5"), .enter, .f(1))
        XCTAssertTrue(police.screen.text.contains(label("console.disputes.key.resolve")), police.screen.text)
    }

    @Test func test_an_auxiliary_is_not_offered_delist_or_reveal_and_pressing_them_writes_nothing() throws {
        let h = try auxiliaryHarness()
        let bytes = h.journal.fileBytes
        h.press(.character("4"), .enter, .f(1))
        XCTAssertFalse(h.screen.text.contains(label("console.persons.key.delist")), h.screen.text)
        XCTAssertFalse(h.screen.text.contains(label("console.persons.key.reveal")), h.screen.text)
        h.press(.escape, .character("d"))
        // Not offered, and pressed anyway: the message line says why.
        XCTAssertTrue(h.trimmed[22].contains("无权") && h.trimmed[22].contains("民警"), h.trimmed[22])
        h.type("考察期满")
        h.press(.f(10), .escape, .character("r"))
        XCTAssertTrue(h.trimmed[22].contains("无权"), h.screen.text)
        XCTAssertEqual(h.journal.fileBytes, bytes, "the journal changed")
        XCTAssertFalse(h.screen.text.contains(Self.idNumber), h.screen.text)
        XCTAssertTrue(h.office.state.reveals.reveals.isEmpty)
        XCTAssertTrue(h.office.state.persons.person("K0001")?.isListed == true)
    }

    /// `m` and `d` are not offered on another officer's entry: no form to fill in
    /// only to be refused at the end. (The domain refuses it anyway: RolesTests.)
    @Test func test_an_auxiliary_is_not_offered_void_or_amend_on_the_officers_entry() throws {
        let h = try auxiliaryHarness()
        let bytes = h.journal.fileBytes
        h.press(.character("8"), .enter)
        let hints = h.trimmed.last ?? ""
        XCTAssertFalse(hints.contains("m 更正") || hints.contains("d 作废"), hints)
        h.press(.character("d"))
        XCTAssertNil(h.trimmed.first { $0.contains(">作废原因") }, h.screen.text)
        h.press(.character("m"))
        XCTAssertNil(h.trimmed.first { $0.contains(">更正原因") || $0.contains("更正第") }, h.screen.text)
        XCTAssertEqual(h.journal.fileBytes, bytes, "the journal changed")
        let refusal = h.session.execute(VoidEntry(event: try XCTUnwrap(h.office.state.shifts.shifts.first?.event
            ?? h.office.state.officers.all.first?.event), reason: "重复录入"))
        guard case .failure = refusal else { return XCTFail("the domain must refuse it too") }
    }

    @Test func test_an_auxiliary_records_a_hazard_from_the_console() throws {
        let h = try auxiliaryHarness()
        let before = h.eventTypes.count
        _ = h.session.execute(ReportHazard(patrol: nil, cell: "A02", note: "井盖缺失"))
        XCTAssertEqual(h.eventTypes.count, before + 1)
        var by = ""
        try h.journal.replay(from: 1) { by = $0.by }
        XCTAssertEqual(by, "031246")
    }

    @Test func test_exporting_the_visits_report_records_who_took_it_and_which_persons() throws {
        let h = try auxiliaryHarness()
        let folder = NSTemporaryDirectory() + "jingwu-access-\(getpid())-\(UUID().uuidString.prefix(6))"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        h.press(.character("9"), .right, .right, .right)  // bulletin → patrols → coverage → visits
        h.press(.character("x"), .right, .tab, .ctrl("u"))  // Markdown, into this folder
        h.type(folder)
        h.press(.f(10))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        XCTAssertEqual(files.count, 1, h.screen.text)
        let path = folder + "/" + files[0]
        XCTAssertTrue(path.hasSuffix(".md"), path)
        XCTAssertEqual(h.eventTypes.last, "AccessRecorded")
        let record = try XCTUnwrap(h.office.state.access.records.last)
        XCTAssertEqual(record.by, "031246")
        XCTAssertEqual(record.kind, .export)
        XCTAssertEqual(record.persons, ["K0001"])
        XCTAssertEqual(record.destination, path)
    }
}
