import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuCLI
import JingwuJournal
import JingwuResources

@Suite(.serialized) final class JournalCommandsTests {
    private var dir = ""
    private var path: String { dir + "/data/journal.jsonl" }

    init() {
        dir = NSTemporaryDirectory() + "jingwu-cli-journal-\(getpid())-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    private func run(_ args: [String]) -> (Int32, String, String) {
        let output = CapturedOutput()
        let status = CLI.run(args + ["--journal", path, "--now", "2026-11-23T09:30+08:00"], environment: [:], output: output)
        return (status, output.stdout, output.stderr)
    }

    @Test func test_init_creates_the_journal_and_refuses_to_overwrite_it() {
        let (status, out, _) = run(["init", "--test", "--station", "城关派出所", "--office", "东门警务室"])
        XCTAssertEqual(status, 0)
        XCTAssertTrue(out.contains(path), out)
        let (again, _, err) = run(["init", "--test", "--station", "x", "--office", "y", "--lang", "en"])
        XCTAssertEqual(again, 73)
        XCTAssertTrue(err.contains("already exists"), err)
    }

    @Test func test_commands_on_a_missing_journal_exit_66_naming_the_path_and_init() {
        for command in [["verify"], ["log"], ["salvage"]] {
            let (status, _, err) = run(command)
            XCTAssertEqual(status, 66, "\(command)")
            XCTAssertTrue(err.contains(path) && err.contains("jingwu init"), err)
        }
    }

    @Test func test_verify_prints_count_and_head_hash_in_text_and_json() throws {
        _ = run(["init", "--test", "--station", "S", "--office", "O"])
        let journal = try FileJournal(path: path)
        try journal.append { _ in [EventDraft(type: "PatrolStarted", at: Date(), by: "1001", data: Data(#"{"a":1}"#.utf8))] }
        let (status, out, _) = run(["verify", "--lang", "en"])
        XCTAssertEqual(status, 0)
        XCTAssertTrue(out.contains("2 records") && out.contains(journal.headHash), out)
        let (_, json, _) = run(["verify", "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        XCTAssertEqual(object?["records"] as? Int, 2)
        XCTAssertEqual(object?["headHash"] as? String, journal.headHash)
    }

    @Test func test_verify_names_the_damaged_record_and_exits_1_without_changing_the_file() throws {
        _ = run(["init", "--test", "--station", "S", "--office", "O"])
        let journal = try FileJournal(path: path)
        for i in 0..<3 {
            try journal.append { _ in [EventDraft(type: "T", at: Date(), by: "1", data: Data(#"{"i":\#(i)}"#.utf8))] }
        }
        var bytes = [UInt8](FileManager.default.contents(atPath: path)!)
        let secondLineStart = bytes.firstIndex(of: 10)! + 1
        bytes[secondLineStart + 50] ^= 0x02
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600])
        let (status, out, _) = run(["verify", "--lang", "en"])
        XCTAssertEqual(status, 1)
        XCTAssertTrue(out.contains("record 1 (line 2)"), out)
        XCTAssertTrue(out.contains("jingwu salvage"), out)  // verify says what to do next; it opens nothing for writing
        XCTAssertEqual([UInt8](FileManager.default.contents(atPath: path)!), bytes)
    }

    @Test func test_log_refuses_a_type_no_build_writes_and_names_the_known_ones() throws {
        _ = run(["init", "--test", "--station", "S", "--office", "O"])
        let (status, out, err) = run(["log", "--type", "Nonsense"])
        XCTAssertEqual(status, 64)
        XCTAssertEqual(out, "")
        XCTAssertTrue(err.contains("Nonsense") && err.contains("PatrolCheckedIn"), err)
    }

    @Test func test_log_lists_records_as_text_and_as_one_json_object_per_line_with_filters() throws {
        _ = run(["init", "--test", "--station", "S", "--office", "O"])
        let journal = try FileJournal(path: path)
        let at = RFC3339.parse("2026-11-23T08:00+08:00")!
        try journal.append { _ in
            [EventDraft(type: "PatrolStarted", at: at, by: "1001", data: Data(#"{"mode":"foot"}"#.utf8)),
             EventDraft(type: "IncidentReported", at: at.addingTimeInterval(3600), by: "1002", data: Data(#"{"k":1}"#.utf8))]
        }
        let (status, out, _) = run(["log", "--type", "PatrolStarted"])
        XCTAssertEqual(status, 0)
        XCTAssertEqual(out, "      1  2026-11-23T08:00:00+08:00  1001  PatrolStarted  {\"mode\":\"foot\"}\n")
        let (_, json, _) = run(["log", "--json", "--since", "2026-11-23T08:30+08:00", "--until", "2026-11-23T09:15+08:00"])
        let lines = json.split(separator: "\n")
        XCTAssertEqual(lines.count, 1)
        let fileLines = String(decoding: FileManager.default.contents(atPath: path)!, as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(lines.first, fileLines.last, "--json prints the record exactly as stored")
        let (badStatus, _, _) = run(["log", "--since", "yesterday"])
        XCTAssertEqual(badStatus, 64)
    }

    @Test func test_a_journal_readable_by_others_is_reported_on_stderr() throws {
        _ = run(["init", "--test", "--station", "S", "--office", "O"])
        chmod(path, 0o644)
        let (status, _, err) = run(["verify", "--lang", "en"])
        XCTAssertEqual(status, 0)
        XCTAssertTrue(err.contains("mode 644") && err.contains("other than its owner"), err)
    }

    @Test func test_salvage_writes_both_files_and_leaves_the_original() throws {
        _ = run(["init", "--test", "--station", "S", "--office", "O"])
        let journal = try FileJournal(path: path)
        for i in 0..<3 {
            try journal.append { _ in [EventDraft(type: "T", at: Date(), by: "1", data: Data(#"{"i":\#(i)}"#.utf8))] }
        }
        var bytes = [UInt8](FileManager.default.contents(atPath: path)!)
        bytes[bytes.count - 100] ^= 0x01
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600])
        let (status, out, _) = run(["salvage", "--out", dir + "/salvage", "--json"])
        XCTAssertEqual(status, 0)
        let object = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
        XCTAssertEqual(object?["records"] as? Int, 3)
        XCTAssertNotNil(FileManager.default.contents(atPath: object?["remainder"] as? String ?? ""))
        XCTAssertEqual([UInt8](FileManager.default.contents(atPath: path)!), bytes)
    }

    @Test func test_journal_strings_exist_in_both_languages() {
        let zh = Strings(.zh).keys.filter { $0.hasPrefix("journal.") }
        let en = Strings(.en).keys.filter { $0.hasPrefix("journal.") }
        XCTAssertFalse(zh.isEmpty)
        XCTAssertEqual(zh, en)
    }
}
