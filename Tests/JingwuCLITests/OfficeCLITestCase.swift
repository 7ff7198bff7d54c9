import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuCLI
import JingwuJournal
import JingwuResources

/// A test office on a journal of its own, driven through the real command line (`CLI.run`):
/// `init --test`, then `setupCommands` as 031245; `run` with the journal, the test's `now` and a
/// language; `assertRefused` for the rule every write keeps — exit 65, the field named in both
/// languages, the journal file byte-for-byte unchanged. The test classes of the office's
/// commands share it.
class OfficeCLITestCase {
    var dir = ""
    var path: String { dir + "/journal.jsonl" }
    var now = "2026-11-23T10:00:00+08:00"

    /// What the office holds before each test: commands run as 031245 after `init`.
    var setupCommands: [[String]] { [] }

    init() throws {
        dir = NSTemporaryDirectory() + "jingwu-cli-\(type(of: self))-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        XCTAssertEqual(run(["init", "--test", "--station", "花园派出所", "--office", "戴花园警务室"]).0, 0)
        for args in setupCommands {
            let (status, _, err) = run(args + ["--as", "031245"])
            XCTAssertEqual(status, 0, "\(args): \(err)")
        }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: dir)
        try? FileManager.default.removeItem(atPath: dir + "-config")
    }

    @discardableResult
    func run(_ args: [String], at time: String? = nil, lang: String = "zh") -> (Int32, String, String) {
        let output = CapturedOutput()
        let status = CLI.run(args + ["--journal", path, "--now", time ?? now, "--lang", lang],
                             environment: ["XDG_CONFIG_HOME": dir + "-config"], output: output)
        return (status, output.stdout.trimmingCharacters(in: .whitespacesAndNewlines), output.stderr)
    }

    func bytes() -> Data { FileManager.default.contents(atPath: path) ?? Data() }

    /// Runs `args`, expects exit 65 naming `field` (in both languages) and an unchanged file.
    func assertRefused(_ args: [String], field: String, at time: String? = nil,
                       file: StaticString = #filePath, line: UInt = #line) {
        let before = bytes()
        for lang in ["zh", "en"] {
            let (status, out, err) = run(args, at: time, lang: lang)
            XCTAssertEqual(status, 65, "\(args) → \(err)", file: file, line: line)
            XCTAssertEqual(out, "", file: file, line: line)
            XCTAssertTrue(err.contains("(\(field))"), "message should name --\(field): \(err)", file: file, line: line)
            XCTAssertEqual(bytes(), before, "the journal changed", file: file, line: line)
        }
    }
}
