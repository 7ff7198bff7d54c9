import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuCLI
import JingwuJournal

/// `jingwu fraud reveal --warning F --purpose TEXT`: the whole phone number for the dissuasion
/// call, printed only after the look is written (AccessRecorded, kind reveal-phone), as at the console.
@Suite(.serialized) final class PhoneRevealCLITests {
    private var dir = ""
    private var path: String { dir + "/journal.jsonl" }

    init() throws {
        dir = NSTemporaryDirectory() + "jingwu-cli-phone-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for args in [["init", "--test", "--station", "花园派出所", "--office", "戴花园警务室"],
                     ["officer", "add", "--badge", "031245", "--name", "王建国", "--role", "police", "--as", "031245"],
                     ["officer", "add", "--badge", "F101", "--name", "李娜", "--role", "auxiliary", "--as", "031245"],
                     ["fraud", "warn", "--level", "high", "--phone", "13800138000", "--target", "王大妈", "--as", "031245"]] {
            let (status, _, err) = run(args)
            XCTAssertEqual(status, 0, err)
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    @discardableResult
    private func run(_ args: [String], env: [String: String] = [:]) -> (Int32, String, String) {
        let output = CapturedOutput()
        let status = CLI.run(args + ["--journal", path, "--now", "2026-11-23T10:00:00+08:00"], environment: env, output: output)
        return (status, output.stdout.trimmingCharacters(in: .whitespacesAndNewlines), output.stderr)
    }

    private var journalText: String { String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self) }

    @Test func test_an_auxiliary_sees_the_phone_after_the_look_is_recorded_with_its_purpose() throws {
        let (status, out, err) = run(["fraud", "reveal", "--warning", "f0001", "--purpose", "电话劝阻", "--as", "F101"])
        XCTAssertEqual(status, 0, err)
        XCTAssertEqual(out, "13800138000")
        let last = try XCTUnwrap(journalText.split(separator: "\n").last)
        XCTAssertTrue(last.contains(#""type":"AccessRecorded""#) && last.contains(#""by":"F101""#), String(last))
        XCTAssertTrue(last.contains(#""kind":"reveal-phone","persons":[],"purpose":"电话劝阻","subject":"F0001""#), String(last))
    }

    @Test func test_without_a_purpose_or_for_an_unknown_warning_nothing_is_written_or_shown() {
        let before = journalText
        let (blank, out, err) = run(["fraud", "reveal", "--warning", "F0001", "--purpose", "  ", "--as", "F101"])
        XCTAssertEqual(blank, 65, err)
        XCTAssertEqual(out, "")
        XCTAssertTrue(err.contains("查看事由"), err)
        let (unknown, out2, err2) = run(["fraud", "reveal", "--warning", "F0099", "--purpose", "电话劝阻", "--as", "F101"])
        XCTAssertEqual(unknown, 65, err2)
        XCTAssertEqual(out2, "")
        XCTAssertEqual(journalText, before)
    }
}
