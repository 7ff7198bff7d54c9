import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// Issue 14: a journal the console opened from a checkpoint is hashed in full in the background;
/// damage inside the prefix the checkpoint vouched for turns the console read-only.
@Suite(.serialized) final class BackgroundVerifyTests {
    private var dir = ""
    private var path: String { dir + "/journal.jsonl" }

    init() throws {
        dir = NSTemporaryDirectory() + "jingwu-bgverify-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    /// A real office with a few records and a checkpoint at its head.
    private func makeOffice() throws {
        let clock = StepClock("2026-05-04T09:00:00+08:00")
        let journal = try FileJournal.create(path: path, station: "城关派出所", office: "东街警务室", clock: clock)
        let office = try Office.open(journal: journal, clock: clock)
        try office.execute(EnrollOfficer(badge: "031245", name: "张伟", role: .police), as: nil)
        for (i, code) in ["A01", "A02", "A03"].enumerated() {
            try office.execute(AddCell(code: code, name: "网格\(i)", community: "东街社区", kind: .street, x: i, y: 0),
                               as: "031245")
        }
        XCTAssertTrue(try office.saveCheckpoint())
    }

    private func console() throws -> (ConsoleApp, VirtualScreen) {
        let office = try Office.open(path: path, clock: StepClock("2026-05-04T10:00:00+08:00"))
        guard case .loaded = office.checkpointUse else { try Test.cancel("no checkpoint loaded: \(office.checkpointUse)") }
        let session = ConsoleSession(office: office, strings: Strings(.zh), operatorBadge: "031245")
        session.documentsFolder = ConsoleHarness.documentsFolder
        let app = ConsoleApp(session: session)
        let screen = VirtualScreen(rows: 24, columns: 100)
        app.render(into: screen)
        return (app, screen)
    }

    @Test func test_damage_inside_the_checkpointed_prefix_turns_the_console_read_only() throws {
        try makeOffice()
        // Record 2 edited in place, its stored hash left alone: an open from the checkpoint does not see it.
        var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        lines[2] = lines[2].replacingOccurrences(of: "网格0", with: "网格9")
        try lines.joined(separator: "\n").write(toFile: path, atomically: false, encoding: .utf8)
        let before = FileManager.default.contents(atPath: path)
        let (app, screen) = try console()
        XCTAssertFalse(screen.text.contains("【只读】"), "the first frame does not wait for the verify")
        XCTAssertTrue(app.startBackgroundVerify())
        XCTAssertTrue(app.waitForBackgroundVerify())
        app.tick()
        app.render(into: screen)
        XCTAssertTrue(screen.text.contains("【只读】"), screen.text)
        XCTAssertTrue(screen.text.contains("后台校验发现日志第 2 号记录"), screen.text)
        // The overview keeps saying so after the message line has moved on.
        app.session.say(.ok, "另一条消息")
        app.render(into: screen)
        XCTAssertTrue(screen.text.contains("! 后台校验发现日志第 2 号记录"), screen.text)
        let office = app.session.office
        XCTAssertEqual(office.damageFound?.seq, 2)
        guard case .failure(let refusal) = app.session.execute(
            AddCell(code: "A09", name: "新点位", community: "东街社区", kind: .street)) else { return XCTFail("written") }
        XCTAssertTrue(refusal.message.contains("第 2 号记录"), refusal.message)
        XCTAssertEqual(FileManager.default.contents(atPath: path), before, "nothing written")
        XCTAssertFalse(FileManager.default.fileExists(atPath: CheckpointFile.path(forJournal: path)),
                       "the checkpoint that vouched for the damaged prefix is gone")
        // The next command opens the journal in full and finds the damage itself.
        let next = try Office.open(path: path, clock: StepClock("2026-05-04T10:00:00+08:00"))
        XCTAssertTrue(next.journal.isReadOnly)
    }

    @Test func test_an_intact_journal_stays_writable_after_the_background_verify() throws {
        try makeOffice()
        let (app, screen) = try console()
        XCTAssertTrue(app.startBackgroundVerify())
        XCTAssertTrue(app.waitForBackgroundVerify())
        app.tick()
        app.render(into: screen)
        XCTAssertFalse(screen.text.contains("【只读】"), screen.text)
        guard case .success = app.session.execute(
            AddCell(code: "A09", name: "新点位", community: "东街社区", kind: .street)) else { return XCTFail("refused") }
    }
}
