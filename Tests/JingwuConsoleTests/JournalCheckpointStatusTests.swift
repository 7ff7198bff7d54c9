import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// 日志 on a journal opened from a checkpoint says how far the open verified,
/// and pages before the checkpoint's record read the same rows a full open does.
@Suite(.serialized) final class JournalCheckpointStatusTests {
    @Test func test_an_open_from_a_checkpoint_says_which_records_it_verified() throws {
        let dir = NSTemporaryDirectory() + "jingwu-console-ckpt-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/journal.jsonl"
        let clock = StepClock("2026-05-04T09:00:00+08:00")
        let journal = try FileJournal.create(path: path, station: "城关派出所", office: "东街警务室", clock: clock)
        let first = try Office.open(journal: journal, clock: clock, policy: .standard)
        try first.execute(EnrollOfficer(badge: "031245", name: "张伟", role: .police), as: nil)
        try first.execute(AddCell(code: "A01", name: "幸福小区", community: "东街社区", kind: .street), as: "031245")
        let patrol = try first.execute(StartPatrol(mode: .foot, lead: "031245"), as: "031245").entityID!
        for _ in 0..<30 {
            clock.advance(minutes: 5)  // the same cell again within 5 minutes is refused (issue 15)
            try first.execute(CheckInPatrol(patrol: patrol, cell: "A01"), as: "031245")
        }
        XCTAssertTrue(try first.saveCheckpoint())
        let saved = first.state.lastSeq
        clock.advance(minutes: 5)
        try first.execute(CheckInPatrol(patrol: patrol, cell: "A01", note: "之后"), as: "031245")

        let office = try Office.open(path: path, clock: clock, policy: .standard)
        XCTAssertEqual((office.journal as? FileJournal)?.trustedPrefix?.seq, saved)
        let session = ConsoleSession(office: office, strings: Strings(.zh), operatorBadge: "031245")
        session.documentsFolder = ConsoleHarness.documentsFolder
        let app = ConsoleApp(session: session)
        let screen = VirtualScreen(rows: 24, columns: 80)
        app.render(into: screen)
        screen.feed([.character("8")])
        app.run(on: screen, stopWhenIdle: true)
        let rows = screen.rows().map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
        XCTAssertEqual(rows[2], "校验：第 \(saved) 条后已校验（v 全量）  记录 35 条 · 头序号 34 · 显示 35", screen.text)
        // The first page (all before the checkpoint's record) reads as a full open's.
        screen.feed([.home])
        app.run(on: screen, stopWhenIdle: true)
        let top = screen.rows().map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
        XCTAssertTrue(top[6].hasPrefix("     0 "), screen.text)
        XCTAssertTrue(top[7].hasPrefix("     1 ") && top[7].contains("警号=031245"), screen.text)
    }
}
