import Foundation
import JingwuDomain
import JingwuJournal
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// Issue 14 on the console: numbers typed into free text are masked before a column cuts
/// them, and a record's control, escape or bidi characters never reach the terminal.
@Suite(.serialized) final class ConsolePrivacyTrustTests {
    static let id = "110101199003071234"
    static let phone = "13800138000"

    /// An incident whose summary puts a phone number across the list's summary column edge, and a
    /// forged one (appended past the input side, as an older version or a hand edit could) with ESC and bidi.
    private func harness() throws -> ConsoleHarness {
        try ConsoleHarness(seed: { office, _ in
            try office.execute(LogIncident(cell: "A02", kind: .fight, summary: "楼道推搡报警人电话\(Self.phone)身份证\(Self.id)",
                                           source: .alarm110), as: "031245")
        }, forged: { journal, clock in
            let data = try JSONSerialization.data(withJSONObject: [
                "cell": "A01", "incident": "I0009", "kind": "theft", "source": "110",
                "summary": "伪造\u{1B}[2J\u{202E}反转\u{200B}隐藏tel\(Self.phone)",
            ])
            _ = try journal.append { _ in
                [EventDraft(type: "IncidentLogged", version: 2, at: clock.now(), by: "031245", data: data)]
            }
        })
    }

    @Test func test_the_incidents_list_masks_a_number_longer_than_its_column_and_shows_no_control() throws {
        let h = try harness()
        h.press(.character("6"))
        XCTAssertEqual(h.trimmed[4], "I0002 05-04 09:00 打架斗殴 A02               未结     楼道推搡报警人电话138****…")
        XCTAssertEqual(h.trimmed[5], "I0009 05-04 09:00 盗窃     A01               未结     伪造\u{FFFD}[2J\u{FFFD}反转\u{FFFD}隐藏tel138*…")
        for digits in [Self.phone, "1380013", "19900307"] { XCTAssertFalse(h.screen.text.contains(digits), h.screen.text) }
        XCTAssertFalse(h.screen.text.unicodeScalars.contains { TextWidth.isControl($0) && $0 != "\n" || TextWidth.isHidden($0) })
    }

    @Test func test_the_journal_browser_masks_a_number_longer_than_its_column_and_shows_no_control() throws {
        let h = try harness()
        h.press(.character("8"))
        let rows = h.trimmed.filter { $0.contains("警情登记") }
        XCTAssertEqual(rows.count, 2, h.screen.text)
        for digits in [Self.phone, "1380013", "19900307", "0013800"] { XCTAssertFalse(h.screen.text.contains(digits), h.screen.text) }
        XCTAssertFalse(h.screen.text.unicodeScalars.contains { TextWidth.isControl($0) && $0 != "\n" || TextWidth.isHidden($0) })
        // The forged record's detail page: every field shown, masked and made safe.
        h.press(.home, .down, .enter)
        XCTAssertEqual(h.trimmed[13], "  摘要：伪造\u{FFFD}[2J\u{FFFD}反转\u{FFFD}隐藏tel138****8000")
    }

    @Test func test_the_journal_browser_never_shows_a_pin_salt_or_hash() throws {
        let h = try ConsoleHarness(seed: { office, _ in
            try office.setPin(badge: "031245", pin: "246810", as: "031245", iterations: 1_000)
        })
        var stored: [String: Any] = [:]
        try h.journal.replayAll { if $0.type == "PinSet" { stored = (try? JSONSerialization.jsonObject(with: $0.data)) as? [String: Any] ?? [:] } }
        let salt = try XCTUnwrap(stored["salt"] as? String)
        let hash = try XCTUnwrap(stored["hash"] as? String)
        h.press(.character("8"), .end, .enter)
        XCTAssertTrue(h.screen.text.contains("PinSet") || h.screen.text.contains("密码"), h.screen.text)
        for secret in [salt, hash, String(hash.prefix(12)), String(salt.prefix(12))] {
            XCTAssertFalse(h.screen.text.contains(secret), h.screen.text)
        }
        var summaries = ""
        try h.journal.replayAll { summaries += JournalText.summary($0.data) + JournalText.fields($0.data).map { $0.1 }.joined() }
        XCTAssertFalse(summaries.contains(salt) || summaries.contains(hash))
    }

    @Test func test_amending_a_summary_shown_masked_keeps_its_numbers_whole() throws {
        let summary = "报警人电话\(Self.phone)身份证\(Self.id)"
        let h = try ConsoleHarness(seed: { office, _ in
            try office.execute(LogIncident(cell: "A02", kind: .theft, summary: summary), as: "031245")
        })
        h.press(.character("8"), .end, .enter, .character("m"))
        let shown = try XCTUnwrap(h.trimmed.first { $0.contains("报警人电话") }, h.screen.text)
        XCTAssertTrue(shown.hasSuffix("报警人电话138****8000身份证110101********1234"), shown)
        h.press(.tab, .tab)
        h.type("已核实")
        h.press(.tab, .tab)
        h.type("补充")
        h.press(.f(10))
        XCTAssertEqual(h.eventTypes.last, "EntryAmended", h.screen.text)
        XCTAssertEqual(h.lastData()["changes"] as? [String: String], ["summary": summary + "已核实"])
        XCTAssertFalse(h.screen.text.contains(Self.phone), h.screen.text)
        XCTAssertEqual(Privacy.restoring("电话138****8000。", from: "电话\(Self.phone)"), "电话\(Self.phone)。")
        XCTAssertEqual(Privacy.restoring("没有号码", from: "电话\(Self.phone)"), "没有号码")
    }
}
