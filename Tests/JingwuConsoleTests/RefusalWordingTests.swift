import Foundation
import JingwuDomain
import JingwuResources
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// Issue 17: a refusal on a Chinese screen is Chinese only — the field named by its Chinese
/// label (never `(person)`, `(pin)` or the ASCII key), no `key=value`, no upper-case UUID —
/// it fits the message line or wraps, and the wait after wrong PINs counts down.
@Suite(.serialized) final class RefusalWordingTests {
    let zh = Strings(.zh)

    /// Every field name a domain refusal can carry: each `field: "…"` in the domain's sources
    /// (so a new field without a Chinese label fails here), and every labelled field.
    static let fields: [String] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/JingwuDomain")
        var names = Set<String>()
        let pattern = try! NSRegularExpression(pattern: #"field: "([a-z][a-z-]*)""#)
        for case let url as URL in FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!
        where url.pathExtension == "swift" {
            let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                names.insert(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        for key in Strings(.zh).keys where key.hasPrefix("domain.field.") { names.insert(String(key.dropFirst(13))) }
        names.remove("unnamed")
        return names.sorted()
    }()

    /// Every status code a refusal may name, as the strings files name them.
    static let statuses: [String] = Strings(.zh).keys.compactMap { key in
        ["domain.closed_status.", "domain.dispute_status.", "domain.fraud_status."].first(where: key.hasPrefix)
            .map { String(key.dropFirst($0.count)) }
    }.sorted()

    /// Values for every placeholder of the refusals, as the domain fills them (codes where it
    /// passes codes: the screen names them).
    static let detail: [String: String] = [
        "action": "close-dispute", "badge": "031245", "badges": "031245、031246", "cell": "A01", "days": "7", "duty": "031246",
        "earlier": "09:05", "earliest": "05-04 08:00", "known": "1", "max": "200", "min": "4", "minutes": "5",
        "now": "05-04 09:00", "operator": "031246", "operatorRole": "auxiliary", "patrol": "P0001", "record": "P0002",
        "role": "auxiliary", "shift": "S0001", "takerRole": "patroller", "to": "031246", "type": "PatrolStarted",
        "who": "031245", "fields": "summary、cell", "allowed": "foot 步巡|bicycle 自行车巡", "objector": "031246",
        "name": "张伟", "objectorName": "李娜",
        // Issue 20 (casework).
        "week": "2026-11-23", "found": "2", "parties": "3", "start": "05-04 08:00", "weekdayKey": "domain.weekday.1",
        "expectedKey": "domain.weekday.2", "hostKey": "domain.code.reception_host.officer",
        // 接处警 and 反诈宣传 (issue 20).
        "received": "05-04 08:20", "disposed": "05-04 08:40", "attendees": "30",
        "issued": "2026-05-04", "helperRole": "security", "community": "东街社区", "item": "R01", "itemName": "发现报告隐患",
        "required": "household-leader", "personCategory": "floating",
        "expected": "戴花园社区",
    ]

    /// What is left of a message once the command-line hints some refusals give (a `jingwu`
    /// command with its options, `JINGWU_PIN`, GB 11643) are taken out: on a Chinese screen,
    /// no ASCII word at all.
    /// Command-line hints, and an event id's short prefix (`6f1c2d3e`, as the journal browser finds it).
    static let hints = try! NSRegularExpression(
        pattern: #"jingwu( -{0,2}[a-z]+)+|JINGWU_[A-Z]+|GB 11643|(?<![0-9A-Za-z])[0-9a-f]{8}(?![0-9A-Za-z-])"#)
    static let word = try! NSRegularExpression(pattern: "[A-Za-z][A-Za-z_-]+")
    /// An option in brackets, a `key=value`, an upper-case UUID.
    static let codeLike = try! NSRegularExpression(pattern: #"[(（][A-Za-z-]+[)）]|[A-Za-z]+=|[0-9A-F]{8}-[0-9A-F]{4}"#)

    func asciiWords(_ text: String) -> [String] {
        let rest = Self.hints.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: " ")
        return Self.word.matches(in: rest, range: NSRange(rest.startIndex..., in: rest)).map { String(rest[Range($0.range, in: rest)!]) }
    }

    func assertChineseOnly(_ message: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let words = asciiWords(message)
        if !words.isEmpty { XCTFail("\(what): ASCII \(words) in \(message)", file: file, line: line) }
        if Self.codeLike.firstMatch(in: message, range: NSRange(message.startIndex..., in: message)) != nil {
            XCTFail("\(what): a code in \(message)", file: file, line: line)
        }
    }

    /// Every reason, and every field, as a screen renders them in Chinese: the field by its
    /// Chinese label, no ASCII field key, no option in brackets, no upper-case UUID. (A field
    /// fills `{field}` the same way whatever the reason: each field is rendered once in a
    /// refusal that names it, each reason with every field that has a special name.)
    @Test func test_every_refusal_on_a_chinese_screen_is_chinese_only() throws {
        XCTAssertGreaterThan(Self.fields.count, 50)
        for field in Self.fields {
            XCTAssertTrue(zh.has("domain.field.\(field)"), "field \(field) has no Chinese label")
            let label = zh.text("domain.field.\(field)")
            let message = DomainError(.tooLong, field: field, value: "K0001", Self.detail).screenMessage(zh)
            assertChineseOnly(message, "field \(field)")
            XCTAssertTrue(message.hasPrefix(label + "："), "\(field): \(message)")
        }
        for reason in DomainError.Reason.allCases {
            // The status codes a closed record may have, where the refusal names a status.
            let statuses = zh.text("domain.error.\(reason.rawValue)").contains("{status}")
                ? Self.statuses : ["voided"]
            for status in statuses {
                for field in ["person", "pin", "event", "set", "id-number", "as", "badge", "dispute"] {
                    var detail = Self.detail
                    detail["status"] = status
                    let message = DomainError(reason, field: field, value: "K0001", detail).screenMessage(zh)
                    assertChineseOnly(message, "\(reason) \(field) \(status)")
                    XCTAssertFalse(message.contains("{"), "\(reason): a placeholder left in \(message)")
                }
            }
        }
        for status in DisputeStatus.allCases {
            XCTAssertTrue(Self.statuses.contains(status.rawValue), "dispute status \(status) has no name")
        }
        // An event id is shown as the short lower-case prefix the journal browser finds it by.
        let id = UUID(uuidString: "6F1C2D3E-4A5B-4C6D-8E9F-0A1B2C3D4E5F")!
        let voided = DomainError(.closed, field: "event", value: id.uuidString, ["status": "voided"]).screenMessage(zh)
        assertChineseOnly(voided, "voided event")
        XCTAssertTrue(voided.contains("6f1c2d3e"), voided)
        XCTAssertFalse(voided.contains(id.uuidString.lowercased()), voided)
        // The command line keeps naming its option: `身份证号码 (id-number)`.
        XCTAssertTrue(DomainError(.required, field: "id-number").localizedMessage(zh).contains("(id-number)"))
    }

    /// Refusals the domain really produces, rendered for the screen: a code typed wrong (the
    /// names offered), a field a correction may not touch (named in Chinese), an event that is
    /// not there, a PIN too short.
    @Test func test_real_refusals_render_chinese_only() throws {
        var logged: UUID?
        let h = try ConsoleHarness(seed: { o, _ in
            logged = try o.execute(LogIncident(cell: "A02", kind: .theft, summary: "电动车被盗"), as: "031245").record?.id
        })
        var errors: [DomainError] = []
        func collect(_ body: () throws -> Void) {
            do { try body(); XCTFail("no refusal") } catch let error as DomainError { errors.append(error) } catch { XCTFail("\(error)") }
        }
        collect { _ = try PatrolMode.parse("飞行", field: "mode") }
        collect { _ = try IncidentKind.parse("99", field: "kind") }
        collect { try Pin.validate("12") }
        let event = try XCTUnwrap(logged)
        collect { _ = try h.office.preview(AmendEntry(event: event, reason: "更正", changes: ["officer": "031246"]), as: "031245") }
        collect { _ = try h.office.preview(VoidEntry(event: UUID(), reason: "作废"), as: "031245") }
        collect { _ = try h.office.preview(LogIncident(cell: "Z9", kind: .theft, summary: "被盗"), as: "031245") }
        for error in errors {
            let message = error.screenMessage(zh)
            assertChineseOnly(message, "\(error)")
            XCTAssertFalse(error.localizedMessage(zh).isEmpty)
        }
    }

    /// Through the console: a refusal on the message line names the field in Chinese only.
    @Test func test_a_refusal_on_the_message_line_has_no_ascii_field_name() throws {
        let h = try ConsoleHarness(operatorBadge: "031246", seed: { o, _ in
            try o.execute(ListPerson(name: "赵某", idNumber: HandoverScreenTests.idNumber(1), category: .released,
                                     residency: .presentRegistered, cell: "A01", officer: "031245"), as: "031245")
        })
        h.press(.character("4"), .enter, .character("r"))
        let message = try XCTUnwrap(h.session.message?.text)
        XCTAssertFalse(message.contains("(person)"), message)
        assertChineseOnly(message, "reveal refused")
        XCTAssertTrue(h.screen.text.contains(message.prefix(10)), h.screen.text)
    }

    /// A message wider than the line wraps onto the rows above it instead of being cut.
    @Test func test_a_long_message_wraps_above_the_message_line() throws {
        let h = try ConsoleHarness()
        let long = String(repeating: "这是一条很长的拒绝说明，", count: 8) + "完"
        h.session.say(.error, long)
        h.app.render(into: h.screen)
        let rows = h.trimmed
        let joined = rows[(rows.count - 5)...(rows.count - 2)].map { $0.trimmingCharacters(in: .whitespaces) }.joined()
        XCTAssertTrue(joined.contains(long), "\(h.screen.text)")
        XCTAssertTrue(rows[rows.count - 2].hasSuffix("完"), h.screen.text)
        XCTAssertFalse(h.screen.text.contains("…"), h.screen.text)
        XCTAssertTrue(rows[rows.count - 1].hasPrefix("F1"), "the hint line stays: \(h.screen.text)")
    }

    /// After wrong PINs the gate counts the wait down as time passes, and says nothing of it once over.
    @Test func test_the_wrong_pin_wait_counts_down() throws {
        let c = try SignedConsole(delays: [0, 0, 5])
        for i in 0..<3 { c.signIn("031245", "00000\(i)") }
        XCTAssertTrue(c.text.contains("请等待 5 秒后再试"), c.text)
        XCTAssertTrue(c.text.contains("密码不正确"), c.text)
        c.idle(2)
        XCTAssertTrue(c.text.contains("请等待 3 秒后再试"), c.text)
        c.idle(2.5)
        XCTAssertTrue(c.text.contains("请等待 1 秒后再试"), c.text)
        c.idle(1)
        XCTAssertFalse(c.text.contains("秒后再试"), c.text)
        XCTAssertTrue(c.text.contains("密码不正确"), "the refusal itself stays: \(c.text)")
        // A try during the wait is refused before the PIN is checked and shows the time left.
        c.signIn("031245", "000009")
        c.signIn("031245", "246810")
        XCTAssertTrue(c.app.gate.isLocked, c.text)
        XCTAssertTrue(c.text.contains("请等待"), c.text)
    }
}
