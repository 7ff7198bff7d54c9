import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuCLI
import JingwuJournal

/// Wrong PINs given to headless commands are refused like any other bad input: exit 77,
/// and the journal byte for byte as it was.
@Suite(.serialized) final class AccessCLITests {
    private var dir = ""
    private var path: String { dir + "/journal.jsonl" }

    init() throws {
        dir = NSTemporaryDirectory() + "jingwu-cli-access-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        XCTAssertEqual(run(["init", "--test", "--station", "花园派出所", "--office", "戴花园警务室"], at: "10:00:00").0, 0)
        XCTAssertEqual(run(["officer", "add", "--badge", "031245", "--name", "王建国", "--role", "police", "--as", "031245"],
                           at: "10:00:00").0, 0)
        XCTAssertEqual(run(["cell", "add", "--code", "C01", "--name", "锦绣花园", "--community", "戴花园社区",
                            "--kind", "compound", "--as", "031245"], at: "10:00:00").0, 0)
        let (status, _, err) = run(["officer", "pin", "--badge", "031245", "--new-pin-env", "P", "--as", "031245"],
                                   at: "10:00:00", env: ["P": "246810"])
        XCTAssertEqual(status, 0, err)
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    @discardableResult
    private func run(_ args: [String], at time: String, env: [String: String] = [:]) -> (Int32, String, String) {
        let output = CapturedOutput()
        let status = CLI.run(args + ["--journal", path, "--now", "2026-11-23T\(time)+08:00"], environment: env, output: output)
        return (status, output.stdout.trimmingCharacters(in: .whitespacesAndNewlines), output.stderr)
    }

    private var journalText: String { String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self) }
    private func count(_ type: String) -> Int { journalText.components(separatedBy: "\"type\":\"\(type)\"").count - 1 }

    private func hazard(at time: String, pin: String) -> (Int32, String, String) {
        run(["patrol", "hazard", "--cell", "C01", "--note", "楼道堆物", "--as", "031245"], at: time, env: ["JINGWU_PIN": pin])
    }

    // Issue 14: five wrong PINs in a row used to be five unthrottled checks. The fifth now
    // comes inside the wait (policy: 2 s after the fourth) and is refused unchecked (exit 75).
    @Test func test_a_wrong_pin_is_refused_and_leaves_the_journal_exactly_as_it_was() {
        let before = journalText
        for time in ["10:01:00", "10:01:01", "10:01:02", "10:01:03"] {
            let (status, out, err) = hazard(at: time, pin: "111111")
            XCTAssertEqual(status, 77, err)
            XCTAssertEqual(out, "")
            XCTAssertTrue(err.contains("密码不正确"), err)
            XCTAssertEqual(journalText, before, "a refused command changed the journal")
        }
        let (waited, _, waitErr) = hazard(at: "10:01:04", pin: "111111")
        XCTAssertEqual(waited, 75, waitErr)
        XCTAssertTrue(waitErr.contains("秒后再试"), waitErr)
        XCTAssertEqual(journalText, before)
        movePinFailuresBack(journal: path, by: 2.1)  // the 2 s wait is over
        let (written, out, err) = hazard(at: "10:01:05", pin: "246810")
        XCTAssertEqual(written, 0, err)
        XCTAssertEqual(out, "H0001")
        XCTAssertEqual(count("SignInFailed"), 0)
    }
}
