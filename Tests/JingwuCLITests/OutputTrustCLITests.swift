import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuCLI
import JingwuJournal
import JingwuResources

/// Issue 14: whole ID and mobile numbers typed into free text, and control, escape and bidi
/// characters in records (forged, or written by an older version), never reach an output;
/// `log` never shows PIN salts or hashes, and shows key persons' particulars only after sign-in.
@Suite(.serialized) final class OutputTrustCLITests {
    private var dir = ""
    private var path: String { dir + "/journal.jsonl" }
    static let id = "110101199003071234"
    static let phone = "13800138000"
    static let pin = ["JINGWU_PIN": "246810"]

    init() throws {
        dir = NSTemporaryDirectory() + "jingwu-cli-trust-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let setup: [[String]] = [
            ["init", "--test", "--station", "花园派出所", "--office", "戴花园警务室"],
            ["officer", "add", "--badge", "031245", "--name", "王建国", "--role", "police"],
            ["cell", "add", "--code", "C01", "--name", "锦绣花园", "--community", "戴花园社区", "--kind", "compound", "--x", "2", "--y", "1"],
            ["officer", "pin", "--badge", "031245", "--new-pin-env", "P"],
            ["shift", "open", "--duty", "031245", "--template", "day"],
            // Typed by an operator: the input side keeps the digits.
            ["incident", "add", "--cell", "C01", "--kind", "theft", "--summary", "张三\(Self.id)x报警tel\(Self.phone)", "--source", "110"],
            ["dispute", "open", "--category", "neighbour", "--parties", "陈某\(Self.phone);吴某", "--cell", "C01",
             "--summary", "楼上漏水,身份证\(Self.id)"],
            ["fraud", "warn", "--level", "high", "--phone", Self.phone, "--target", "王某+86 138-0013-8000", "--cell", "C01"],
            ["person", "add", "--name", "张某", "--id-number", "11010519491231002X", "--category", "released",
             "--residency", "present-registered", "--cell", "C01", "--officer", "031245"],
            ["patrol", "hazard", "--cell", "C01", "--note", "楼道堆物,业主电话\(Self.phone)"],
            ["visit", "add", "--person", "K0001", "--method", "home", "--by", "031245", "--finding", "情绪稳定,电话\(Self.phone)"],
        ]
        for args in setup {
            let (status, _, err) = run(args + ["--as", "031245"], env: Self.pin.merging(["P": "246810"]) { a, _ in a },
                                       now: "2026-11-23T09:00+08:00")
            XCTAssertEqual(status, 0, "\(args): \(err)")
        }
        // Forged (or written by an older version): records holding what the input side strips.
        let hostile = "\u{1B}[2J\u{1B}]0;pwned\u{7}\u{202E}\u{2066}\u{200B}\u{9B}31m"
        let journal = try FileJournal(path: path)
        let at = RFC3339.parse("2026-11-23T09:10:00+08:00")!
        func data(_ object: [String: Any]) throws -> Data { try JSONSerialization.data(withJSONObject: object) }
        try journal.append { _ in [
            EventDraft(type: "IncidentLogged", version: 2, at: at, by: "031245", data: try data(
                ["cell": "C01", "incident": "I0002", "kind": "theft", "source": "110", "summary": "伪造\(hostile)=1+1\(Self.id)"])),
            EventDraft(type: "DisputeOpened", at: at, by: "031245", data: try data(
                ["category": "neighbour", "cell": "C01", "dispute": "D2026-0002", "parties": ["=HYPERLINK(1)\(hostile)", "赵某"],
                 "risk": "normal", "source": "walk-in", "summary": "<b>粗体</b>|# 标题\(hostile)"])),
            EventDraft(type: "FraudWarningReceived", at: at, by: "031245", data: try data(
                ["cell": "C01", "level": "high", "phone": Self.phone, "target": "@李某\(hostile)\(Self.id)", "warning": "F0002"])),
        ] }
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    @discardableResult
    private func run(_ args: [String], env: [String: String] = [:], now: String = "2026-11-23T09:30+08:00")
        -> (Int32, String, String) {
        let output = CapturedOutput()
        let status = CLI.run(args + ["--journal", path, "--now", now], environment: env, output: output)
        return (status, output.stdout, output.stderr)
    }

    /// Output as it may be shown in a failure message (unsafe characters written as escapes).
    private func esc(_ text: String) -> String {
        text.unicodeScalars.map { SafeText.isUnsafe($0) && $0 != "\n" ? String(format: "\\u{%X}", $0.value) : String($0) }.joined()
    }

    private var journalBytes: Data { FileManager.default.contents(atPath: path) ?? Data() }

    /// No whole number, no unsafe character (CSV keeps its CR LF and leading BOM).
    private func assertClean(_ out: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        for whole in [Self.id, Self.phone, "19900307", "0013-8000", "19491231"] {
            XCTAssertFalse(out.contains(whole), "\(what) shows \(whole): \(esc(out))", file: file, line: line)
        }
        var body = out
        if body.hasPrefix("\u{FEFF}") { body.removeFirst() }
        let bad = body.unicodeScalars.filter { SafeText.isUnsafe($0) && $0 != "\n" && $0 != "\r" }
        XCTAssertTrue(bad.isEmpty, "\(what) prints \(bad.map { String(format: "U+%04X", $0.value) })", file: file, line: line)
    }

    @Test func test_no_report_format_fraud_list_or_log_shows_a_whole_number_or_a_raw_control() throws {
        var seen = ""
        for kind in ["handover", "patrols", "coverage", "visits", "disputes", "bulletin"] {
            for format in ["text", "md", "csv", "json"] {
                let (status, out, err) = run(["report", kind, "--format", format, "--from", "2026-11-01", "--as", "031245"],
                                             env: Self.pin)
                XCTAssertEqual(status, 0, "\(kind) \(format): \(err)")
                assertClean(out, "report \(kind) --format \(format)")
                seen += out
            }
        }
        for format in ["text", "md", "csv", "json"] {
            let (status, out, err) = run(["report", "dispute", "--dispute", "D2026-0002", "--format", format, "--as", "031245"],
                                         env: Self.pin)
            XCTAssertEqual(status, 0, err)
            assertClean(out, "report dispute --format \(format)")
            if format == "csv" {
                // No field starts a formula: not after a comma, not at a line's start, not quoted.
                for line in out.components(separatedBy: "\r\n") {
                    for opener in ["=", "+", "@", "\"="] { XCTAssertFalse(line.hasPrefix(opener), esc(line)) }
                    for opener in [",=", ",+", ",@", ",\"="] { XCTAssertFalse(line.contains(opener), esc(line)) }
                }
            }
            seen += out
        }
        // The records are there, masked: the test would fail if they were simply left out.
        XCTAssertTrue(seen.contains("张三110101********1234x报警tel138****8000"), esc(seen))
        XCTAssertTrue(seen.contains("陈某138****8000"), esc(seen))
        XCTAssertTrue(seen.contains("伪造\u{FFFD}[2J"), esc(seen))
        XCTAssertTrue(seen.contains("&lt;b&gt;粗体&lt;/b&gt;\\|# 标题"), "md escapes HTML and the cell bar")
        XCTAssertTrue(seen.contains(",'=HYPERLINK(1)"), "csv guards a formula")
        for args in [["fraud", "list"], ["fraud", "list", "--json"], ["fraud", "list", "--pending"]] {
            let (status, out, _) = run(args)
            XCTAssertEqual(status, 0)
            assertClean(out, args.joined(separator: " "))
            XCTAssertTrue(out.contains("王某+86138****8000"), esc(out))
            XCTAssertTrue(out.contains("110101********1234"), esc(out))
        }
        for args in [["hazard", "list"], ["hazard", "list", "--json"]] {
            let (status, out, _) = run(args)
            XCTAssertEqual(status, 0)
            assertClean(out, args.joined(separator: " "))
            XCTAssertTrue(out.contains("业主电话138****8000"), esc(out))
        }
        for args in [["log"], ["log", "--json"], ["log", "--as", "031245"], ["log", "--json", "--as", "031245"]] {
            let (status, out, err) = run(args, env: Self.pin)
            XCTAssertEqual(status, 0, err)
            assertClean(out, args.joined(separator: " "))
            XCTAssertTrue(out.contains("110101********1234"), esc(out))
        }
    }

    @Test func test_log_never_shows_pin_salts_or_hashes() throws {
        let stored = String(decoding: journalBytes, as: UTF8.self)
        let salt = try XCTUnwrap(stored.range(of: #""salt":"[0-9a-f]+""#, options: .regularExpression).map { String(stored[$0]) })
        let hash = try XCTUnwrap(stored.range(of: #""hash":"[0-9a-f]+","iterations""#, options: .regularExpression)
            .map { String(stored[$0]).dropFirst(8).prefix(64) })
        for args in [["log"], ["log", "--json"], ["log", "--type", "PinSet", "--as", "031245"], ["log", "--json", "--type", "PinSet"]] {
            let (status, out, _) = run(args, env: Self.pin)
            XCTAssertEqual(status, 0)
            XCTAssertTrue(out.contains("PinSet"), out)
            XCTAssertFalse(out.contains(String(salt.dropFirst(8).dropLast())), "\(args) shows the salt")
            XCTAssertFalse(out.contains(String(hash)), "\(args) shows the PIN hash")
            XCTAssertFalse(out.contains("\"salt\""), out)
        }
    }

    @Test func test_key_persons_particulars_in_log_need_the_pin_and_leave_an_access_record() throws {
        let before = journalBytes
        // Not signed in: listed, particulars withheld, and said so; nothing written.
        let (status, out, err) = run(["log", "--type", "PersonListed,VisitRecorded"])
        XCTAssertEqual(status, 0)
        XCTAssertFalse(out.contains("张某"), out)
        XCTAssertFalse(out.contains("情绪稳定"), out)
        XCTAssertTrue(out.contains("\"withheld\":["), out)
        XCTAssertTrue(out.contains("K0001"), out)
        XCTAssertTrue(err.contains("2 "), err)
        XCTAssertEqual(journalBytes, before)
        // A wrong PIN, or none: refused (77), nothing written, nothing shown.
        for env in [["JINGWU_PIN": "111111"], [:]] {
            let (refused, shown, _) = run(["log", "--type", "PersonListed", "--as", "031245"], env: env)
            XCTAssertEqual(refused, 77)
            XCTAssertEqual(shown, "")
            XCTAssertEqual(journalBytes, before)
        }
        // Signed in: shown (ID still masked), and the look recorded first.
        let (ok, full, _) = run(["log", "--type", "PersonListed,VisitRecorded", "--as", "031245"], env: Self.pin)
        XCTAssertEqual(ok, 0)
        XCTAssertTrue(full.contains("张某") && full.contains("情绪稳定"), full)
        XCTAssertTrue(full.contains("110105********002X"), full)
        XCTAssertFalse(full.contains("withheld"), full)
        let (_, access, _) = run(["log", "--type", "AccessRecorded", "--json"])
        XCTAssertEqual(access.split(separator: "\n").count, 1, access)
        XCTAssertTrue(access.contains(#""subject":"log""#) && access.contains(#""persons":["K0001"]"#), access)
        // A listing without key persons records nothing.
        let after = journalBytes
        XCTAssertEqual(run(["log", "--type", "IncidentLogged", "--as", "031245"], env: Self.pin).0, 0)
        XCTAssertEqual(journalBytes, after)
    }

    /// A path the operator typed (or a script built) holding an escape sequence or a line break: the
    /// message naming it is one printable line, on success (stdout) and on refusal (stderr).
    @Test func test_a_path_holding_escapes_and_line_breaks_is_printed_as_one_safe_line() throws {
        let hostile = dir + "/x\u{1B}[31mRED\u{1B}]0;pwned\u{7}\nline2.jsonl"
        for args in [["verify"], ["init", "--test", "--station", "花园派出所", "--office", "戴花园警务室"]] {
            let output = CapturedOutput()
            let status = CLI.run(args + ["--journal", hostile], environment: [:], output: output)
            let printed = output.stdout + output.stderr
            XCTAssertFalse(printed.split(separator: "\n").contains { $0.hasPrefix("line2") }, "\(args): \(esc(printed))")
            XCTAssertFalse(printed.unicodeScalars.contains { SafeText.isUnsafe($0) && $0 != "\n" }, "\(args): \(esc(printed))")
            XCTAssertTrue(printed.contains("x\u{FFFD}[31mRED\u{FFFD}]0;pwned\u{FFFD} line2.jsonl"), "\(args): \(esc(printed))")
            XCTAssertEqual(status, args == ["verify"] ? 66 : 0, esc(printed))
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: hostile), "init made the journal where it was asked")
    }
}
