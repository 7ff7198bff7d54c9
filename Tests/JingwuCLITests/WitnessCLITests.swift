import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuCLI
import JingwuDomain
import JingwuJournal
import JingwuResources

/// The authenticated checkpoint as this terminal's witness (issue 14), through the commands: a
/// journal cut at a record boundary below it, or rewritten with a recomputed chain, is said once
/// on stderr by the next command (which still works, on the journal as it is), the checkpoint is
/// moved aside and never saved over, and `jingwu verify` names record N and exits 1.
@Suite(.serialized) final class WitnessCLITests {
    private var dir = ""
    private var path: String { dir + "/journal.jsonl" }
    private var config: String { dir + "-config" }
    private let now = "2026-11-23T10:00:00+08:00"

    init() throws {
        dir = NSTemporaryDirectory() + "jingwu-cli-witness-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        XCTAssertEqual(run(["init", "--test", "--station", "花园派出所", "--office", "戴花园警务室"]).0, 0)
        XCTAssertEqual(run(["officer", "add", "--badge", "031245", "--name", "王建国", "--role", "police", "--as", "031245"]).0, 0)
        addCells(1...4)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: dir)
        try? FileManager.default.removeItem(atPath: config)
    }

    @discardableResult
    private func run(_ args: [String], lang: String = "en") -> (Int32, String, String) {
        let output = CapturedOutput()
        let status = CLI.run(args + ["--journal", path, "--now", now, "--lang", lang],
                             environment: ["XDG_CONFIG_HOME": config], output: output)
        return (status, output.stdout, output.stderr)
    }

    private func addCells(_ numbers: ClosedRange<Int>, prefix: String = "C") {
        for k in numbers {
            XCTAssertEqual(run(["cell", "add", "--code", "\(prefix)\(k)", "--name", "花园\(k)", "--community", "戴花园社区",
                                "--kind", "street", "--as", "031245"]).0, 0)
        }
    }

    private var key: CheckpointKey { CheckpointKey.load(environment: ["XDG_CONFIG_HOME": config], journalPath: path)! }
    private var checkpointPath: String { CheckpointFile.path(forJournal: path) }
    private func bytes(_ file: String) -> Data { FileManager.default.contents(atPath: file) ?? Data() }
    private var sideFiles: [String] { CheckpointFile.contradictedPaths(forJournal: path) }

    /// Saves this installation's checkpoint at the journal's head, as a long-running command would; returns its seq.
    private func saveCheckpoint() throws -> UInt64 {
        let office = try Office.open(path: path, clock: SystemClock(), checkpointKey: .key(key))
        XCTAssertTrue(try office.saveCheckpoint())
        return office.state.lastSeq
    }

    /// Runs the checks common to a cut and a rewritten journal below the checkpoint at `seq`.
    private func assertContradiction(seq: UInt64, checkpoint: Data, rewritten: Bool,
                                     file: StaticString = #filePath, line: UInt = #line) throws {
        let journal = bytes(path)
        // verify first (read-only): names N, exits 1, moves nothing.
        let (status, out, _) = run(["verify"])
        XCTAssertEqual(status, ExitCode.damageFound, out, file: file, line: line)
        XCTAssertTrue(out.contains("this terminal's checkpoint witnesses record \(seq): CONTRADICTED"), out, file: file, line: line)
        XCTAssertTrue(out.contains(rewritten ? "but that record now has hash" : "but the journal now ends at record"), out,
                      file: file, line: line)
        let zh = run(["verify"], lang: "zh")
        XCTAssertEqual(zh.0, ExitCode.damageFound, file: file, line: line)
        XCTAssertTrue(zh.1.contains("本机检查点见证第 \(seq) 号记录：矛盾"), zh.1, file: file, line: line)
        let json = run(["verify", "--json"])
        XCTAssertEqual(json.0, ExitCode.damageFound, file: file, line: line)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.1.utf8)) as? [String: Any])
        XCTAssertEqual(object["ok"] as? Bool, true, "the file alone verifies", file: file, line: line)
        let witness = try XCTUnwrap(object["witness"] as? [String: Any], file: file, line: line)
        XCTAssertEqual(witness["contradicted"] as? Bool, true, file: file, line: line)
        let listed = try XCTUnwrap(witness["checkpoints"] as? [[String: Any]], file: file, line: line)
        XCTAssertEqual(listed.first?["seq"] as? Int, Int(seq), file: file, line: line)
        XCTAssertEqual(listed.first?["agrees"] as? Bool, false, file: file, line: line)
        XCTAssertEqual(bytes(checkpointPath), checkpoint, "verify moved the checkpoint", file: file, line: line)
        XCTAssertEqual(bytes(path), journal, file: file, line: line)
        // A report: works on the journal as it is, says it once, keeps the evidence.
        let report = run(["report", "patrols"])
        XCTAssertEqual(report.0, ExitCode.ok, report.2, file: file, line: line)
        XCTAssertTrue(report.2.contains("this terminal's checkpoint"), report.2, file: file, line: line)
        XCTAssertTrue(report.2.contains("witnessed journal record \(seq) with hash"), report.2, file: file, line: line)
        XCTAssertTrue(report.2.contains("jingwu verify"), report.2, file: file, line: line)
        let side = try XCTUnwrap(sideFiles.first, file: file, line: line)
        XCTAssertEqual(sideFiles.count, 1, file: file, line: line)
        XCTAssertTrue(report.2.contains(side), report.2, file: file, line: line)
        XCTAssertEqual(bytes(side), checkpoint, file: file, line: line)
        XCTAssertEqual(bytes(path), journal, "a report changed the journal", file: file, line: line)
        let second = run(["report", "patrols"])
        XCTAssertFalse(second.2.contains("this terminal's checkpoint"), "said twice: " + second.2, file: file, line: line)
        // A fresh checkpoint saved on the journal as it is goes beside the evidence, never over it.
        _ = try saveCheckpoint()
        XCTAssertEqual(bytes(side), checkpoint, file: file, line: line)
        XCTAssertNotEqual(bytes(checkpointPath), checkpoint, file: file, line: line)
        // verify still reports the side file: this terminal saw another journal.
        let after = run(["verify"])
        XCTAssertEqual(after.0, ExitCode.damageFound, after.1, file: file, line: line)
        XCTAssertTrue(after.1.contains(side), after.1, file: file, line: line)
        XCTAssertTrue(after.1.contains("this terminal's checkpoint witnesses record"), after.1, file: file, line: line)
        XCTAssertEqual(bytes(path), journal, file: file, line: line)
    }

    @Test func test_a_journal_cut_at_a_record_boundary_below_the_checkpoint() throws {
        let short = bytes(path)
        addCells(5...9)
        let seq = try saveCheckpoint()
        let checkpoint = bytes(checkpointPath)
        XCTAssertEqual(run(["verify"]).0, ExitCode.ok)
        try short.write(to: URL(fileURLWithPath: path))
        try assertContradiction(seq: seq, checkpoint: checkpoint, rewritten: false)
    }

    @Test func test_a_journal_rewritten_with_a_recomputed_chain_below_the_checkpoints_record() throws {
        let short = bytes(path)
        addCells(5...7)
        let seq = try saveCheckpoint()
        let checkpoint = bytes(checkpointPath)
        try short.write(to: URL(fileURLWithPath: path))
        // Other records in their place, longer than before; the journal computes the chain (it verifies).
        let journal = try FileJournal(path: path)
        try journal.append { _ in
            try (1...6).map { k in
                try EventRegistry.draft(CellAdded(code: "X\(k)", name: "改写\(k)", community: "戴花园社区", kind: .street),
                                        at: Date(), by: "031245")
            }
        }
        XCTAssertGreaterThan(journal.headSeq, seq)
        XCTAssertTrue(try JournalInspector.verify(path: path).isIntact)
        try assertContradiction(seq: seq, checkpoint: checkpoint, rewritten: true)
    }

    @Test func test_a_forged_checkpoint_claiming_a_longer_journal_says_nothing() throws {
        let seq = try saveCheckpoint()
        var forged = bytes(checkpointPath)
        let text = "\"seq\":\(seq)"
        let range = try XCTUnwrap(forged.range(of: Data(text.utf8)))
        forged.replaceSubrange(range, with: Data("\"seq\":\(seq + 50)".utf8))
        try forged.write(to: URL(fileURLWithPath: checkpointPath))
        let journal = bytes(path)
        let report = run(["report", "patrols"])
        XCTAssertEqual(report.0, ExitCode.ok)
        XCTAssertFalse(report.2.contains("checkpoint"), report.2)
        let (status, out, _) = run(["verify"])
        XCTAssertEqual(status, ExitCode.ok, out)
        XCTAssertFalse(out.contains("witness"), out)
        XCTAssertEqual(sideFiles, [])
        XCTAssertEqual(bytes(path), journal)
    }

    @Test func test_normal_growth_says_nothing_and_verify_says_it_agrees() throws {
        let seq = try saveCheckpoint()
        addCells(5...6)
        let report = run(["report", "patrols"])
        XCTAssertEqual(report.0, ExitCode.ok)
        XCTAssertFalse(report.2.contains("checkpoint"), report.2)
        let (status, out, _) = run(["verify"])
        XCTAssertEqual(status, ExitCode.ok, out)
        XCTAssertTrue(out.contains("this terminal's checkpoint witnesses record \(seq): agrees"), out)
        XCTAssertTrue(run(["verify"], lang: "zh").1.contains("本机检查点见证第 \(seq) 号记录：一致"))
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run(["verify", "--json"]).1.utf8)) as? [String: Any])
        XCTAssertEqual((object["witness"] as? [String: Any])?["contradicted"] as? Bool, false)
        XCTAssertEqual(sideFiles, [])
    }

    @Test func test_log_says_it_too() throws {
        let short = bytes(path)
        addCells(5...6)
        let seq = try saveCheckpoint()
        try short.write(to: URL(fileURLWithPath: path))
        let log = run(["log"])
        XCTAssertEqual(log.0, ExitCode.ok)
        XCTAssertTrue(log.2.contains("witnessed journal record \(seq)"), log.2)
        XCTAssertEqual(sideFiles.count, 1)
        XCTAssertEqual(bytes(path), short)
    }
}
