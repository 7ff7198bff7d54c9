import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// Issue 15 on the virtual screen: an auxiliary (李娜 031246) sees 受案, 警情不实 and 带回/移交
/// marked 「（须民警）」 and is refused at the field if she picks one (journal unchanged);
/// the 开班 form names the 带班民警 (police only), and a shift with no police officer on
/// duty or on call says 「本班无民警在岗」 in its draft.
@Suite(.serialized) final class PoliceDecisionScreenTests {
    @Test func test_an_auxiliary_closing_an_incident_sees_police_decisions_marked_and_is_refused_at_the_field() throws {
        let h = try ConsoleHarness(operatorBadge: "031246") { office, _ in
            try office.execute(LogIncident(cell: "A01", kind: .theft, summary: "电动车被盗"), as: "031246")
        }
        let bytes = h.journal.fileBytes
        h.press(.character("6"), .character("c"))
        let row = try XCTUnwrap(h.trimmed.firstIndex { $0.contains("处置结果") }, h.screen.text)
        XCTAssertTrue(h.trimmed[row].contains("现场处置"), h.trimmed[row])
        h.press(.right)  // the next choice: 受案
        XCTAssertTrue(h.trimmed[row].contains("受案（须民警）"), h.trimmed[row])
        h.press(.f(10))
        XCTAssertEqual(h.journal.fileBytes, bytes, "the journal changed")
        XCTAssertTrue(h.screen.text.contains("031246（辅警）无权以受案或警情不实结束警情"), h.screen.text)
        // Back to 现场处置: an auxiliary records that.
        h.press(.left, .f(10))
        XCTAssertEqual(h.office.state.incidents.incident("I0001")?.disposition, .handled)
    }

    @Test func test_a_police_officer_sees_no_marks() throws {
        let h = try ConsoleHarness(operatorBadge: "031245") { office, _ in
            try office.execute(LogIncident(cell: "A01", kind: .theft, summary: "电动车被盗"), as: "031245")
        }
        h.press(.character("6"), .character("c"), .right)
        XCTAssertFalse(h.screen.text.contains("须民警"), h.screen.text)
        h.press(.f(10))
        XCTAssertEqual(h.office.state.incidents.incident("I0001")?.disposition, .caseFiled)
    }

    @Test func test_an_auxiliary_stop_check_marks_taking_in_as_police_only() throws {
        let h = try ConsoleHarness(operatorBadge: "031246") { office, _ in
            try office.execute(StartPatrol(mode: .foot, lead: "031246"), as: "031246")
        }
        let bytes = h.journal.fileBytes
        h.press(.character("2"), .character("s"), .tab)  // the patrol out; 盘查; to the outcome
        let row = try XCTUnwrap(h.trimmed.firstIndex { $0.contains("放行") }, h.screen.text)
        h.press(.right, .right)
        XCTAssertTrue(h.trimmed[row].contains("带回/移交（须民警）"), h.trimmed[row])
        h.press(.f(10))
        XCTAssertEqual(h.journal.fileBytes, bytes, "the journal changed")
        XCTAssertTrue(h.office.state.patrols.stopChecks.isEmpty)
    }

    @Test func test_the_open_form_names_the_lead_police_officer_and_a_shift_without_police_says_so() throws {
        let h = try ConsoleHarness(operatorBadge: "031246")
        h.press(.character("7"), .character("o"))
        let row = try XCTUnwrap(h.trimmed.firstIndex { $0.contains("带班民警") }, h.screen.text)
        // Only police may be named: an auxiliary is refused at the field, nothing written.
        let bytes = h.journal.fileBytes
        for _ in 0..<(row - (h.trimmed.firstIndex { $0.hasPrefix(">") } ?? row)) { h.press(.tab) }
        h.type("031246")
        h.press(.f(10))
        XCTAssertEqual(h.journal.fileBytes, bytes, "the journal changed")
        XCTAssertTrue(h.screen.text.contains("带班民警") && h.screen.text.contains("须填写民警"), h.screen.text)
        for _ in 0..<6 { h.press(.backspace) }
        h.press(.f(10))
        XCTAssertNil(h.office.state.shifts.current?.leadPolice)
        XCTAssertTrue(h.screen.text.contains("本班无民警在岗"), h.screen.text)
        // The overview says it under the shift too.
        h.press(.character("1"))
        XCTAssertTrue(h.trimmed[3].contains("本班无民警在岗"), h.screen.text)
    }

    @Test func test_a_shift_opened_with_its_lead_police_officer_shows_them_in_the_draft() throws {
        let h = try ConsoleHarness(operatorBadge: "031246")
        h.press(.character("7"), .character("o"))
        let row = try XCTUnwrap(h.trimmed.firstIndex { $0.contains("带班民警") }, h.screen.text)
        for _ in 0..<(row - (h.trimmed.firstIndex { $0.hasPrefix(">") } ?? row)) { h.press(.tab) }
        h.type("031245")
        h.press(.f(10))
        XCTAssertEqual(h.office.state.shifts.current?.leadPolice, "031245")
        XCTAssertTrue(h.screen.text.contains("带班民警：张伟（031245）"), h.screen.text)
        XCTAssertFalse(h.screen.text.contains("本班无民警在岗"), h.screen.text)
        h.press(.character("1"))
        XCTAssertFalse(h.screen.text.contains("本班无民警在岗"), h.screen.text)
    }
}
