import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuCLI
import JingwuJournal

/// The command line names a badge by its holder's role too: 辅警编号 for an auxiliary's, 警号
/// for a police officer's (TERMS.md), in the refusals about their PIN.
@Suite(.serialized) final class AuxNumberCLITests {
    private var dir = ""
    private var path: String { dir + "/journal.jsonl" }

    init() throws {
        dir = NSTemporaryDirectory() + "jingwu-cli-auxno-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for (args, env) in [(["init", "--test", "--station", "花园派出所", "--office", "戴花园警务室"], [:]),
                            (["officer", "add", "--badge", "031245", "--name", "王建国", "--role", "police", "--as", "031245"], [:]),
                            (["officer", "add", "--badge", "F101", "--name", "李娜", "--role", "auxiliary", "--as", "031245"], [:]),
                            (["cell", "add", "--code", "C01", "--name", "锦绣花园", "--community", "戴花园社区", "--kind", "compound",
                              "--as", "031245"], [:]),
                            (["officer", "pin", "--badge", "031245", "--new-pin-env", "P", "--as", "031245"], ["P": "246810"]),
                            (["officer", "pin", "--badge", "F101", "--new-pin-env", "P", "--as", "031245"],
                             ["P": "135790", "JINGWU_PIN": "246810"])] as [([String], [String: String])] {
            let (status, _, err) = run(args, env: env)
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

    @Test func test_wrong_pins_name_the_auxiliary_number_and_the_police_badge() {
        let hazard = ["patrol", "hazard", "--cell", "C01", "--note", "楼道堆物"]
        let (status, _, err) = run(hazard + ["--as", "031245"], env: ["JINGWU_PIN": "111111"])
        XCTAssertEqual(status, 77, err)
        XCTAssertTrue(err.contains("警号 031245 的密码不正确"), err)
        for _ in 0..<3 {
            let (status, _, err) = run(hazard + ["--as", "F101"], env: ["JINGWU_PIN": "111111"])
            XCTAssertEqual(status, 77, err)
            XCTAssertTrue(err.contains("辅警编号 F101 的密码不正确"), err)
        }
        // The fifth wrong try in a row comes inside the wait: refused unchecked, naming the number.
        let (waited, _, waitErr) = run(hazard + ["--as", "F101"], env: ["JINGWU_PIN": "111111"])
        XCTAssertEqual(waited, 75, waitErr)
        XCTAssertTrue(waitErr.contains("未核对密码、未写入：辅警编号 F101 连续输错密码"), waitErr)
    }
}
