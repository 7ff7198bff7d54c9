import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuCLI
@testable import JingwuDomain
import JingwuJournal
import JingwuResources

/// `jingwu verify` with this installation's checkpoint beside the journal takes the entries their
/// author could not have written up to the checkpoint's record N from its state and folds only the
/// records after N: the findings and the exit code are those of the whole fold, for forged entries
/// before and after N; a checkpoint the journal contradicts is not used; nothing is written.
@Suite(.serialized) final class VerifyCheckpointCLITests {
    private var dir = ""
    private var path: String { dir + "/journal.jsonl" }
    private var config: String { dir + "-config" }
    private let now = "2026-11-23T10:00:00+08:00"

    init() throws {
        dir = NSTemporaryDirectory() + "jingwu-cli-verifycp-\(getpid())-\(UUID().uuidString.prefix(8))"
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
        try? FileManager.default.removeItem(atPath: config)
    }

    /// Runs the CLI; `withKey` false: under no installation key at all (no checkpoint is read).
    @discardableResult
    private func run(_ args: [String], env: [String: String] = [:], withKey: Bool = true) -> (Int32, String, String) {
        let output = CapturedOutput()
        var environment = env
        environment["XDG_CONFIG_HOME"] = withKey ? config : "/nonexistent/jingwu-h11-no-key"
        let status = CLI.run(args + ["--journal", path, "--now", now, "--lang", "en"], environment: environment, output: output)
        return (status, output.stdout, output.stderr)
    }

    private var key: CheckpointKey { CheckpointKey.load(environment: ["XDG_CONFIG_HOME": config], journalPath: path)! }
    private var checkpointPath: String { CheckpointFile.path(forJournal: path) }
    private func bytes(_ file: String) -> Data { FileManager.default.contents(atPath: file) ?? Data() }
    private func listing() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: dir).sorted() }

    /// Entries the auxiliary could not have written, appended straight to the file (the chain recomputed).
    @discardableResult
    private func forge(_ name: String) throws -> [JournalRecord] {
        let journal = try FileJournal(path: path)
        return try journal.append { _ in
            [try EventRegistry.draft(OfficerEnrolled(badge: "06\(name.count)666", name: name, role: .police), at: Date(), by: "F1021"),
             try EventRegistry.draft(PinSet(badge: "031245", pin: try Pin.derive("999999", iterations: 1_000)), at: Date(), by: "F1021")]
        }
    }

    private func addCells(_ numbers: ClosedRange<Int>) {
        for k in numbers {
            XCTAssertEqual(run(["cell", "add", "--code", "C\(k)", "--name", "花园\(k)", "--community", "戴花园社区",
                                "--kind", "street", "--as", "031245"], env: ["JINGWU_PIN": "246810"]).0, 0)
        }
    }

    /// Saves `state` (default: the office's at the head) as this installation's checkpoint; returns its seq.
    @discardableResult
    private func saveCheckpoint(_ change: ((inout OfficeState) -> Void)? = nil) throws -> UInt64 {
        let journal = try FileJournal(path: path)
        var state = try Office.open(path: path, clock: SystemClock(), useCheckpoint: false, checkpointKey: .key(key)).state
        change?(&state)
        XCTAssertTrue(try Office.saveCheckpoint(state, of: journal, key: .key(key)))
        return state.lastSeq
    }

    /// verify's findings as JSON (the unauthorized entries), its exit code and its text lines naming them.
    private func findings(withKey: Bool) throws -> (status: Int32, listed: [[String: String]], lines: [String]) {
        let json = run(["verify", "--json"], withKey: withKey)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.1.utf8)) as? [String: Any], json.1)
        let listed = (object["unauthorized"] as? [[String: Any]] ?? []).map { entry in
            entry.mapValues { "\($0)" }
        }
        let text = run(["verify"], withKey: withKey)
        XCTAssertEqual(text.0, json.0)
        return (json.0, listed, text.1.split(separator: "\n").map(String.init).filter { $0.hasPrefix("  record ") })
    }

    @Test func test_forged_entries_before_and_after_the_checkpoint_are_found_as_by_the_whole_fold() throws {
        let before = try forge("假民警甲")
        addCells(1...3)
        let seq = try saveCheckpoint()
        XCTAssertGreaterThan(seq, before[1].seq)
        addCells(4...5)
        let after = try forge("假民警乙")
        XCTAssertGreaterThan(after[0].seq, seq)
        let journal = bytes(path), checkpoint = bytes(checkpointPath), files = try listing()

        let with = try findings(withKey: true)
        let without = try findings(withKey: false)
        XCTAssertEqual(with.status, ExitCode.unauthorizedFound)
        XCTAssertEqual(with.status, without.status)
        XCTAssertEqual(with.listed.map { $0["seq"] }, (before + after).map { String($0.seq) })
        XCTAssertEqual(with.listed, without.listed)
        XCTAssertEqual(with.lines, without.lines)
        XCTAssertEqual(with.lines.count, 4, with.lines.joined(separator: "\n"))
        // The checkpoint agrees with the journal (it was used), and verify wrote nothing anywhere.
        XCTAssertTrue(run(["verify"]).1.contains("witnesses record \(seq)"))
        XCTAssertEqual(bytes(path), journal)
        XCTAssertEqual(bytes(checkpointPath), checkpoint)
        XCTAssertEqual(try listing(), files)
    }

    @Test func test_forged_entries_only_after_a_checkpoint_at_the_head_and_none_at_all() throws {
        addCells(1...2)
        try saveCheckpoint()
        XCTAssertEqual(run(["verify"]).0, ExitCode.ok)
        let forged = try forge("假民警")
        let with = try findings(withKey: true)
        XCTAssertEqual(with.status, ExitCode.unauthorizedFound)
        XCTAssertEqual(with.listed.map { $0["seq"] }, forged.map { String($0.seq) })
        XCTAssertEqual(with.listed, try findings(withKey: false).listed)
        // A checkpoint at the head with the forgeries in it.
        let journal = bytes(path)
        try saveCheckpoint()
        let checkpoint = bytes(checkpointPath)
        XCTAssertEqual(try findings(withKey: true).listed, with.listed)
        XCTAssertEqual(bytes(path), journal)
        XCTAssertEqual(bytes(checkpointPath), checkpoint)
    }

    /// The checkpoint's own list is what verify takes up to N (an authentic checkpoint is this
    /// installation's word): one with an entry planted in it shows it, which proves it was used;
    /// once the journal contradicts the checkpoint, the planted entry is gone: the whole fold.
    @Test func test_the_checkpoints_list_is_used_only_while_the_journal_agrees_with_it() throws {
        addCells(1...3)
        let short = bytes(path)
        let shortSeq = try FileJournal(path: path).headSeq
        addCells(4...6)
        let planted = UnauthorizedEntry(seq: 3, event: UUID(), type: "CellAdded", by: "F1021", action: "enrol-officer")
        let seq = try saveCheckpoint { $0.access.unauthorized.append(planted) }
        let forged = try forge("假民警")
        let used = try findings(withKey: true)
        XCTAssertEqual(used.status, ExitCode.unauthorizedFound)
        XCTAssertEqual(used.listed.map { $0["seq"] }, ["3"] + forged.map { String($0.seq) }, "the checkpoint was not used")

        // Rewritten below N with a recomputed chain: the checkpoint is contradicted and not used.
        try short.write(to: URL(fileURLWithPath: path))
        let journal = try FileJournal(path: path)
        try journal.append { _ in
            try (1...8).map { k in
                try EventRegistry.draft(CellAdded(code: "X\(k)", name: "改写\(k)", community: "戴花园社区", kind: .street),
                                        at: Date(), by: "031245")
            }
        }
        XCTAssertGreaterThan(journal.headSeq, seq)
        XCTAssertGreaterThan(seq, shortSeq)
        let rewritten = try forge("假民警")
        let file = bytes(path), checkpoint = bytes(checkpointPath), files = try listing()
        let contradicted = try findings(withKey: true)
        let whole = try findings(withKey: false)
        XCTAssertEqual(contradicted.status, ExitCode.damageFound, "a contradicted checkpoint is a finding")
        XCTAssertEqual(whole.status, ExitCode.unauthorizedFound)
        XCTAssertEqual(contradicted.listed.map { $0["seq"] }, rewritten.map { String($0.seq) })
        XCTAssertEqual(contradicted.listed, whole.listed)
        XCTAssertEqual(contradicted.lines, whole.lines)
        XCTAssertEqual(bytes(path), file)
        XCTAssertEqual(bytes(checkpointPath), checkpoint, "verify moved the contradicted checkpoint")
        XCTAssertEqual(try listing(), files)
    }

    /// Damage before N: the checkpoint's record is not among the intact records, so it is not used.
    @Test func test_damage_before_the_checkpoints_record_folds_the_intact_records_only() throws {
        let forged = try forge("假民警")
        addCells(1...4)
        let planted = UnauthorizedEntry(seq: 2, event: UUID(), type: "CellAdded", by: "F1021", action: "enrol-officer")
        try saveCheckpoint { $0.access.unauthorized.append(planted) }
        var text = bytes(path)
        // One byte of the last record's data changed: that record is damaged, N is past the intact ones.
        let lines = text.split(separator: 10, omittingEmptySubsequences: false)
        let lastStart = text.count - lines[lines.count - 2].count - 1
        let at = lastStart + 20
        text[at] = text[at] == UInt8(ascii: "1") ? UInt8(ascii: "2") : UInt8(ascii: "1")
        try text.write(to: URL(fileURLWithPath: path))
        let damaged = try findings(withKey: true)
        XCTAssertEqual(damaged.status, ExitCode.damageFound)
        XCTAssertEqual(damaged.listed.map { $0["seq"] }, forged.map { String($0.seq) })
        XCTAssertEqual(damaged.listed, try findings(withKey: false).listed)
        XCTAssertEqual(bytes(path), text)
    }

    /// Another build's checkpoint (authentic, its record N agreeing): its header still witnesses N,
    /// but its state is not read (this build might fold differently): the whole journal is folded.
    @Test func test_another_builds_checkpoint_is_a_witness_only() throws {
        let forged = try forge("假民警")
        addCells(1...2)
        let planted = UnauthorizedEntry(seq: 2, event: UUID(), type: "CellAdded", by: "F1021", action: "enrol-officer")
        let seq = try saveCheckpoint { $0.access.unauthorized.append(planted) }
        XCTAssertEqual(try findings(withKey: true).listed.map { $0["seq"] }, forged.map { String($0.seq) } + ["2"], "used while of this build")
        let (header, loaded) = try XCTUnwrap(CheckpointFile.load(path: checkpointPath, fingerprint: OfficeState.checkpointFingerprint,
                                                                 mapped: false, key: key))
        var other = header
        other.fingerprint = "another-build"
        try CheckpointFile.write(path: checkpointPath, header: other, payload: loaded.payload, key: key)
        let journal = bytes(path), checkpoint = bytes(checkpointPath)
        let found = try findings(withKey: true)
        XCTAssertEqual(found.status, ExitCode.unauthorizedFound)
        XCTAssertEqual(found.listed.map { $0["seq"] }, forged.map { String($0.seq) })
        XCTAssertEqual(found.listed, try findings(withKey: false).listed)
        XCTAssertTrue(run(["verify"]).1.contains("witnesses record \(seq): agrees"))
        XCTAssertEqual(bytes(path), journal)
        XCTAssertEqual(bytes(checkpointPath), checkpoint)
    }
}
