import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuCLI
import JingwuDomain
import JingwuJournal

/// Issue 14: wrong PINs on the command line are throttled across processes through
/// `<journal>.pin-failures`, never through the journal; a hostile side file neither crashes,
/// hangs nor locks anyone out for good.
@Suite(.serialized) final class PinThrottleTests {
    private var dir = ""
    private var path: String { dir + "/journal.jsonl" }
    private var side: String { path + PinThrottle.suffix }

    init() throws {
        dir = NSTemporaryDirectory() + "jingwu-pin-throttle-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        XCTAssertEqual(run(["init", "--station", "花园派出所", "--office", "戴花园警务室"]).0, 0)
        XCTAssertEqual(run(["officer", "add", "--badge", "031245", "--name", "王建国", "--role", "police", "--as", "031245"]).0, 0)
        XCTAssertEqual(run(["officer", "add", "--badge", "031246", "--name", "李娜", "--role", "police", "--as", "031245"]).0, 0)
        XCTAssertEqual(run(["cell", "add", "--code", "C01", "--name", "锦绣花园", "--community", "戴花园社区",
                            "--kind", "compound", "--as", "031245"]).0, 0)
        for badge in ["031245", "031246"] {
            let (status, _, err) = run(["officer", "pin", "--badge", badge, "--new-pin-env", "P", "--as", "031245"],
                                       env: ["P": "246810", "JINGWU_PIN": "246810"])
            XCTAssertEqual(status, 0, err)
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    /// A real office's journal (no --now): the system clock writes.
    @discardableResult
    private func run(_ args: [String], env: [String: String] = [:]) -> (Int32, String, String) {
        let output = CapturedOutput()
        let status = CLI.run(args + ["--journal", path], environment: env, output: output)
        return (status, output.stdout.trimmingCharacters(in: .whitespacesAndNewlines), output.stderr)
    }

    private var journalBytes: Data { FileManager.default.contents(atPath: path) ?? Data() }

    private func hazard(as badge: String, pin: String) -> (Int32, String, String) {
        run(["patrol", "hazard", "--cell", "C01", "--note", "楼道堆物", "--as", badge], env: ["JINGWU_PIN": pin])
    }

    @Test func test_ten_wrong_pins_in_a_row_hit_the_wait_and_the_journal_never_changes() {
        let before = journalBytes
        var statuses: [Int32] = []
        for i in 0..<10 {
            let (status, out, err) = hazard(as: "031245", pin: "11111\(i)")
            statuses.append(status)
            XCTAssertEqual(out, "")
            if status == 75 { XCTAssertTrue(err.contains("请等待") && err.contains("秒后再试"), err) }
            XCTAssertEqual(journalBytes, before, "attempt \(i + 1) changed the journal")
        }
        // 0, 0, 0, 2 s…: four checked and refused, then the wait.
        XCTAssertEqual(Array(statuses.prefix(4)), [77, 77, 77, 77])
        XCTAssertEqual(Array(statuses.suffix(6)), Array(repeating: 75, count: 6))
        // Even the right PIN waits; nothing is checked or written.
        XCTAssertEqual(hazard(as: "031245", pin: "246810").0, 75)
        XCTAssertEqual(journalBytes, before)
        let mode = (try? FileManager.default.attributesOfItem(atPath: side)[.posixPermissions] as? Int) ?? -1
        XCTAssertEqual(mode, 0o600)
        XCTAssertFalse(String(decoding: FileManager.default.contents(atPath: side) ?? Data(), as: UTF8.self).contains("11111"),
                       "no PIN in the side file")
    }

    @Test func test_alternating_badges_does_not_reset_the_wait() {
        let before = journalBytes
        var statuses: [Int32] = []
        for i in 0..<6 { statuses.append(hazard(as: i % 2 == 0 ? "031245" : "031246", pin: "22222\(i)").0) }
        XCTAssertEqual(statuses, [77, 77, 77, 77, 75, 75])
        XCTAssertEqual(journalBytes, before)
    }

    @Test func test_the_right_pin_after_the_wait_writes_and_clears_the_count() throws {
        for i in 0..<4 { XCTAssertEqual(hazard(as: "031245", pin: "33333\(i)").0, 77) }
        movePinFailuresBack(journal: path, by: 2.1)  // the 2 s wait is over
        let (status, out, err) = hazard(as: "031245", pin: "246810")
        XCTAssertEqual(status, 0, err)
        XCTAssertEqual(out, "H0001")
        // The count starts again: the next wrong PIN is checked (77), not waited on.
        XCTAssertEqual(hazard(as: "031245", pin: "444444").0, 77)
    }

    @Test func test_a_garbage_or_hostile_side_file_neither_crashes_nor_locks_out() throws {
        var junk = Data((0..<200_000).map { _ in UInt8.random(in: 0...255) })
        // Lines that parse but lie: far-future times, huge counts, enormous numbers.
        junk.append(Data("\nF 031245 99999999999\nF 031245 1e308\nF 031245 nan\nF * inf\nF 031245 -5\n".utf8))
        junk.append(Data(String(repeating: "F 031245 4102444800\n", count: 1000).utf8))  // the year 2100
        XCTAssertTrue(FileManager.default.createFile(atPath: side, contents: junk, attributes: [.posixPermissions: 0o600]))
        let (status, out, err) = hazard(as: "031245", pin: "246810")
        XCTAssertEqual(status, 0, err)
        XCTAssertEqual(out, "H0001")
    }

    @Test func test_recent_failures_never_wait_longer_than_the_policys_longest() {
        let throttle = PinThrottle(journalPath: path, policy: AccessPolicy(idleSeconds: 60, failureDelays: [0, 2, 60],
                                                                           pinIterations: 1_000))
        let now = 1_800_000_000.0
        // A thousand failures a minute in the future (inside the slack allowed for clock skew).
        let text = String(repeating: "F 031245 \(now + 60)\n", count: 1000)
        let tallies = PinThrottle.tally(Substring(text), now: now)
        XCTAssertEqual(tallies["031245"]?.count, 1000)
        XCTAssertEqual(throttle.wait(for: "031245", in: tallies, now: now), 60)
        XCTAssertEqual(throttle.wait(for: "031245", in: tallies, now: now + 121), 0)
        // Beyond the slack: not believed at all.
        XCTAssertTrue(PinThrottle.tally(Substring("F 031245 \(now + 3600)\n"), now: now).isEmpty)
    }

    @Test func test_a_symlink_or_fifo_side_file_is_not_followed_and_does_not_hang() throws {
        let target = dir + "/elsewhere"
        XCTAssertTrue(FileManager.default.createFile(atPath: target, contents: Data("keep\n".utf8)))
        try? FileManager.default.removeItem(atPath: side)
        try FileManager.default.createSymbolicLink(atPath: side, withDestinationPath: target)
        let (status, _, err) = hazard(as: "031245", pin: "999999")
        XCTAssertEqual(status, 77, err)
        XCTAssertTrue(err.contains(side), err)
        XCTAssertEqual(String(decoding: FileManager.default.contents(atPath: target) ?? Data(), as: UTF8.self), "keep\n")
        try FileManager.default.removeItem(atPath: side)
        XCTAssertEqual(mkfifo(side, 0o600), 0)
        let started = Date()
        let (fifoStatus, _, fifoErr) = hazard(as: "031245", pin: "246810")
        XCTAssertEqual(fifoStatus, 0, fifoErr)
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
    }
}
