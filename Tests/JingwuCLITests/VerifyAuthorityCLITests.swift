import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuCLI
import JingwuDomain
import JingwuJournal
import JingwuResources

/// `jingwu verify` on a journal forged with a recomputed chain: the chain is intact, and the
/// records their author could not have written are named (seq, type, author), exit 2.
@Suite(.serialized) final class VerifyAuthorityCLITests {
    private var dir = ""
    private var path: String { dir + "/journal.jsonl" }
    private let now = "2026-11-23T10:00:00+08:00"

    init() throws {
        dir = NSTemporaryDirectory() + "jingwu-cli-verify-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        XCTAssertEqual(run(["init", "--test", "--station", "花园派出所", "--office", "戴花园警务室"]).0, 0)
        for args in [["officer", "add", "--badge", "031245", "--name", "王建国", "--role", "police"],
                     ["officer", "add", "--badge", "F1021", "--name", "李辅", "--role", "auxiliary"]] {
            XCTAssertEqual(run(args + ["--as", "031245"]).0, 0)
        }
        XCTAssertEqual(run(["officer", "pin", "--badge", "031245", "--new-pin-env", "P", "--as", "031245"], env: ["P": "246810"]).0, 0)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: dir)
        try? FileManager.default.removeItem(atPath: dir + "-config")
    }

    @discardableResult
    private func run(_ args: [String], lang: String = "en", env: [String: String] = [:]) -> (Int32, String, String) {
        let output = CapturedOutput()
        var environment = env
        environment["XDG_CONFIG_HOME"] = dir + "-config"
        let status = CLI.run(args + ["--journal", path, "--now", now, "--lang", lang], environment: environment, output: output)
        return (status, output.stdout, output.stderr)
    }

    @Test func test_verify_names_an_auxiliarys_forged_enrolment_and_pin_and_exits_2() throws {
        XCTAssertEqual(run(["verify"]).0, ExitCode.ok)
        // Appended straight to the file by someone holding it: the journal computes the chain.
        let journal = try FileJournal(path: path)
        let forged = try journal.append { _ in
            [try EventRegistry.draft(OfficerEnrolled(badge: "066666", name: "假民警", role: .police),
                                     at: Date(), by: "F1021"),
             try EventRegistry.draft(PinSet(badge: "031245", pin: try Pin.derive("999999", iterations: 1_000)),
                                     at: Date(), by: "F1021")]
        }
        let (status, out, _) = run(["verify"])
        XCTAssertEqual(status, ExitCode.unauthorizedFound, out)
        XCTAssertTrue(out.contains("verified:"), out)
        XCTAssertTrue(out.contains("record \(forged[0].seq): Officer enrolled, written as 李辅(F1021), who may not enrol officers"), out)
        XCTAssertTrue(out.contains("record \(forged[1].seq): "), out)
        XCTAssertTrue(out.contains("who may not set or reset another officer's PIN"), out)
        let zh = run(["verify"], lang: "zh")
        XCTAssertEqual(zh.0, ExitCode.unauthorizedFound)
        XCTAssertTrue(zh.1.contains("第 \(forged[0].seq) 号记录"), zh.1)
        let json = run(["verify", "--json"])
        XCTAssertEqual(json.0, ExitCode.unauthorizedFound)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.1.utf8)) as? [String: Any])
        XCTAssertEqual(object["ok"] as? Bool, true)
        let listed = try XCTUnwrap(object["unauthorized"] as? [[String: Any]])
        XCTAssertEqual(listed.map { $0["seq"] as? Int }, forged.map { Int($0.seq) })
        XCTAssertEqual(listed.map { $0["action"] as? String }, ["enrol-officer", "reset-pin"])
        // And they grant nothing: the forged officer cannot write, the forged PIN signs no one in.
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertNotEqual(run(["cell", "add", "--code", "Z1", "--name", "x", "--community", "x", "--kind", "street",
                               "--as", "066666"], env: ["JINGWU_PIN": "999999"]).0, ExitCode.ok)
        XCTAssertEqual(run(["cell", "add", "--code", "Z1", "--name", "x", "--community", "x", "--kind", "street",
                            "--as", "031245"], env: ["JINGWU_PIN": "999999"]).0, 77)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
        XCTAssertEqual(run(["cell", "add", "--code", "Z1", "--name", "x", "--community", "x", "--kind", "street",
                            "--as", "031245"], env: ["JINGWU_PIN": "246810"]).0, ExitCode.ok)
    }
}
