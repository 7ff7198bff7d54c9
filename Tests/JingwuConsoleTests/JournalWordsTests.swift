import Foundation
import JingwuJournal
import JingwuResources
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole
@testable import JingwuDomain

/// Issue 17: 日志 on a zh screen in the operator's language. A record of each event type the demo
/// writes (and a correction of each kind), found through the browser's filter and opened: no
/// English type name, no journal key (`cell:`, `attempt=1`), no upper-case event id on the page.
@Suite(.serialized) final class JournalWordsTests {
    private static let now = RFC3339.parse("2026-11-23T15:30:00+08:00")!

    /// A 14-day demo district, copied into a console, then one record amended and one voided.
    private static let source = Prefetched<(MemoryJournal, Date)> {
        let clock = FixedClock(now)
        let journal = MemoryJournal(station: "花园派出所", office: "戴花园警务室", clock: clock,
                                    journalID: UUID(uuidString: "00000000-0000-4000-8000-000000000017")!, forTests: true)
        let writer = DemoWriter(state: OfficeState(policy: .standard), firstSeq: journal.headSeq + 1, recorded: now,
                                idSeed: 17)
        let district = DemoDistrict(options: DemoOptions(days: 14, seed: 17, offices: 1, now: now), writer: writer)
        var drafts: [EventDraft] = []
        try district.generate {
            drafts += writer.pending
            writer.pending.removeAll()
        }
        var i = 0
        try journal.appendBulk { defer { i += 1 }; return i < drafts.count ? drafts[i] : nil }
        return (journal, now)
    }

    private func harness() throws -> ConsoleHarness {
        let (journal, date) = try Self.source.value()
        let h = try ConsoleHarness(copying: journal, at: date, rows: 40, columns: 120)
        // A correction of each kind, of records the demo wrote.
        var checkIn: UUID?
        var visit: UUID?
        try h.journal.replay(from: 1) { record in
            if record.type == PatrolCheckedIn.type { checkIn = record.id }
            if record.type == VisitRecorded.type { visit = record.id }
        }
        _ = try h.office.signIn(badge: "031245", pin: "123456")  // the demo's PIN
        try h.office.execute(AmendEntry(event: try XCTUnwrap(visit), reason: "走访情况写错", changes: ["findings": "本人在家，情况稳定"]),
                             as: "031245")
        try h.office.execute(VoidEntry(event: try XCTUnwrap(checkIn), reason: "签到点位选错"), as: "031245")
        h.app.render(into: h.screen)
        h.type("123456")  // the console asks the demo operator's PIN
        h.press(.enter)
        return h
    }

    /// The page of the newest record of `type`: the filtered list, then its detail.
    private func pages(_ h: ConsoleHarness, type: String) -> (list: [String], detail: [String]) {
        h.press(.character("8"))
        h.press(.character("c"))
        h.press(.character("/"))
        h.type(type)
        h.press(.f(10))
        // Row 4 is the filter line, which shows what the operator typed.
        let list = Array(h.trimmed[5...])
        h.press(.end, .enter)
        let detail = h.trimmed
        h.press(.escape)
        return (list, detail)
    }

    /// Every ASCII word on the rows.
    private func asciiWords(_ rows: [String]) -> Set<String> {
        var words: Set<String> = []
        for row in rows {
            var word = ""
            for c in row + " " {
                if c.isASCII && c.isLetter { word.append(c) } else if !word.isEmpty { words.insert(word); word = "" }
            }
        }
        return words
    }

    @Test func test_every_demo_record_type_reads_in_chinese_on_the_list_and_its_page() throws {
        let h = try harness()
        var keysByType: [String: Set<String>] = [:]
        try h.journal.replay(from: 1) { record in
            let object = (try? JSONSerialization.jsonObject(with: record.data)) as? [String: Any] ?? [:]
            var keys = Set(object.keys)
            for value in object.values { if let nested = value as? [String: Any] { keys.formUnion(nested.keys) } }
            keysByType[record.type, default: []].formUnion(keys)
        }
        let types = Set(keysByType.keys)
        XCTAssertTrue(types.isSuperset(of: ["PatrolCheckedIn", "EntryAmended", "EntryVoided", "ShiftOpened", "PersonListed",
                                            "PinSet", "FraudWarningReceived"]), types.sorted().description)
        let eventID = try NSRegularExpression(pattern: "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
        for type in types.sorted() {
            let (list, detail) = pages(h, type: type)
            XCTAssertFalse(list.isEmpty, type)
            XCTAssertTrue(detail[2].hasPrefix("第 "), "\(type): \(detail[2])")
            let rows = list + detail
            let forbidden = types.union(keysByType.values.reduce(into: Set<String>()) { $0.formUnion($1) })
                .subtracting(["data"])
            let found = asciiWords(rows).intersection(forbidden)
            XCTAssertEqual(found, [], "\(type):\n" + rows.joined(separator: "\n"))
            for row in rows {
                for match in eventID.matches(in: row, range: NSRange(row.startIndex..., in: row)) {
                    let id = (row as NSString).substring(with: match.range)
                    XCTAssertEqual(id, id.lowercased(), "\(type): \(row)")
                }
                XCTAssertFalse(row.contains(": ") || row.contains(" cell") || row.contains("attempt="), "\(type): \(row)")
            }
        }
    }

    @Test func test_a_correction_names_the_corrected_record_by_its_short_lower_case_id_and_its_page_in_full() throws {
        let h = try harness()
        let voided = try XCTUnwrap(h.office.state.voided.first)
        let short = String(voided.uuidString.lowercased().prefix(8))
        let (list, detail) = pages(h, type: "EntryVoided")
        XCTAssertTrue(list.contains { $0.contains("作废            记录=" + short + " 原因=签到点位选错") }, list.joined(separator: "\n"))
        XCTAssertTrue(detail.contains("  记录：" + voided.uuidString.lowercased()), detail.joined(separator: "\n"))
        XCTAssertTrue(detail.contains("  原因：签到点位选错"), detail.joined(separator: "\n"))
        // Whole rows of a record's page: each field by its name, codes by theirs. (Record numbers and
        // ids follow the demo: issue 20's casework added records before these.)
        let (_, opened) = pages(h, type: "ShiftOpened")
        XCTAssertEqual(Array(opened[2...3]) + Array(opened[8...13]), [
            "第 11036 条 上岗", "录入人员 F103 黎文涛", "■ 数据", "  值班人员：F103", "  带班民警：031902", "  班次：S0027",
            "  同班人员：F101", "  班次：白班"], opened.joined(separator: "\n"))
        let (pins, pin) = pages(h, type: "PinSet")
        XCTAssertEqual(pins[1], "   221 11-10 06:00 031245 密码·设置       密码算法=pbkdf2-sha256 警号=031245 迭代次数=100000")
        XCTAssertEqual(Array(pin[8...11]), ["■ 数据", "  密码算法：pbkdf2-sha256", "  辅警编号：F103", "  迭代次数：100000"])
        let (amends, amend) = pages(h, type: "EntryAmended")
        XCTAssertEqual(amends[1], " 11262 11-23 15:30 031245 更正            更正内容=走访情况：本人在家，情况稳定 记录=01a2074d 原因=走访情况写错")
        XCTAssertEqual(Array(amend[8...12]), [
            "■ 数据", "  更正内容：走访情况：本人在家，情况稳定", "  记录：01a2074d-3c80-7ae5-a5ec-edad364f2522", "  原因：走访情况写错",
            "■ 更正的是第 11260 条 走访"])
        let (_, cell) = pages(h, type: "CellAdded")
        XCTAssertEqual(Array(cell[9...16]), [
            "  点位编号：Z10", "  社区：戴花园社区", "  网格：G2", "  重点部位：否", "  类型：场所点位", "  姓名/名称：社区广场",
            "  地图横坐标：61", "  地图纵坐标：19"])
        let (visits, _) = pages(h, type: "VisitRecorded")
        XCTAssertTrue(visits.contains { $0.hasPrefix(" 11260 11-23 15:27 F102   走访       更正 走访情况=上门见到本人，近况正常 方式=上门走访") },
                      visits.joined(separator: "\n"))
    }
}
