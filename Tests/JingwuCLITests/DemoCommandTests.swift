import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuCLI
import JingwuJournal

/// `jingwu demo`: a new journal, byte-identical for the same seed and --now, that verifies.
@Suite(.serialized) final class DemoCommandTests {
    private var dir = ""

    init() throws {
        dir = NSTemporaryDirectory() + "jingwu-cli-demo-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    deinit {
        try? FileManager.default.removeItem(atPath: dir)
        try? FileManager.default.removeItem(atPath: dir + "-config")
    }

    private func run(_ args: [String], journal: String) -> (Int32, String, String) {
        let output = CapturedOutput()
        let status = CLI.run(args + ["--journal", dir + "/" + journal, "--now", "2026-11-23T09:30:00+08:00"],
                             environment: ["XDG_CONFIG_HOME": dir + "-config"], output: output)
        return (status, output.stdout, output.stderr)
    }

    @Test func test_the_same_seed_and_now_give_a_byte_identical_journal_and_another_seed_does_not() throws {
        XCTAssertEqual(run(["demo", "--days", "3", "--seed", "7"], journal: "a.jsonl").0, 0)
        XCTAssertEqual(run(["demo", "--days", "3", "--seed", "7"], journal: "b.jsonl").0, 0)
        XCTAssertEqual(run(["demo", "--days", "3", "--seed", "8"], journal: "c.jsonl").0, 0)
        let a = try XCTUnwrap(FileManager.default.contents(atPath: dir + "/a.jsonl"))
        let b = try XCTUnwrap(FileManager.default.contents(atPath: dir + "/b.jsonl"))
        let c = try XCTUnwrap(FileManager.default.contents(atPath: dir + "/c.jsonl"))
        XCTAssertGreaterThan(a.count, 100_000)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
    }

    @Test func test_demo_refuses_an_existing_journal_with_73_and_leaves_it_alone() throws {
        XCTAssertEqual(run(["init", "--test", "--station", "S", "--office", "O"], journal: "x.jsonl").0, 0)
        let before = FileManager.default.contents(atPath: dir + "/x.jsonl")
        XCTAssertEqual(run(["demo", "--days", "2"], journal: "x.jsonl").0, 73)
        XCTAssertEqual(FileManager.default.contents(atPath: dir + "/x.jsonl"), before)
    }

    /// A demo killed half-way left only its hidden temporary file (named with its
    /// process id): the next demo removes it and makes the journal; no half-made
    /// journal ever stands at the journal's own name.
    @Test func test_a_demo_killed_half_way_leaves_nothing_a_rerun_refuses() throws {
        // A process id that is not running: spawn `true` and wait for it.
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let stale = dir + "/.k.jsonl.demo-\(gone.processIdentifier)"
        XCTAssertTrue(FileManager.default.createFile(atPath: stale, contents: Data("{\"seq\":0,".utf8)))
        XCTAssertTrue(FileManager.default.createFile(atPath: stale + ".checkpoint", contents: Data("JWCKPT".utf8)))
        let (status, _, err) = run(["demo", "--days", "2"], journal: "k.jsonl")
        XCTAssertEqual(status, 0, err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale))
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale + ".checkpoint"))
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        XCTAssertEqual(names, ["k.jsonl", "k.jsonl.checkpoint"], "the journal and its checkpoint, nothing else")
        XCTAssertTrue(try JournalInspector.verify(path: dir + "/k.jsonl").isIntact)
    }

    @Test func test_the_demo_journal_verifies_and_no_generated_command_was_refused() throws {
        let (status, json, err) = run(["demo", "--days", "4", "--seed", "3", "--json"], journal: "d.jsonl")
        XCTAssertEqual(status, 0, err)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        XCTAssertEqual(object["refused"] as? Int, 0, err)
        let (verify, out, _) = run(["verify", "--json"], journal: "d.jsonl")
        XCTAssertEqual(verify, 0)
        XCTAssertTrue(out.contains("\"ok\":true"), out)
        XCTAssertTrue(out.contains(object["headHash"] as? String ?? "?"), out)
        let (report, text, _) = run(["report", "coverage"], journal: "d.jsonl")
        XCTAssertEqual(report, 0)
        XCTAssertTrue(text.contains("C01-1") && text.contains("图例"), text)
    }

    @Test func test_the_printed_summary_counts_what_the_journal_holds() throws {
        let (status, out, _) = run(["demo", "--days", "20", "--lang", "en"], journal: "s.jsonl")
        XCTAssertEqual(status, 0)
        let journal = try XCTUnwrap(FileManager.default.contents(atPath: dir + "/s.jsonl"))
        XCTAssertNotNil(String(data: journal, encoding: .utf8), "the journal is UTF-8")
        // Each type's records, counted over the bytes (`Data.range(of:in:)`: the `"type":"…"` field as written,
        // non-overlapping, as `components(separatedBy:)` counted it, without splitting a String of
        // the whole journal per type, which was most of this test's time).
        func count(_ type: String) -> Int {
            let needle = Data("\"type\":\"\(type)\"".utf8)
            var n = 0, at = journal.startIndex
            while let found = journal.range(of: needle, in: at..<journal.endIndex) {
                n += 1
                at = found.upperBound
            }
            return n
        }
        let dissuasions = count("FraudDissuasionRecorded"), cleared = count("HazardCleared")
        let warnings = count("FraudWarningReceived"), hazards = count("HazardFound")
        XCTAssertGreaterThan(dissuasions, 0)
        XCTAssertGreaterThan(cleared, 0)
        XCTAssertTrue(out.contains("\(warnings) fraud warnings (\(dissuasions) dissuasions)"), out)
        XCTAssertTrue(out.contains("\(hazards) hazards (\(cleared) put right)"), out)
    }
}
