import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuTerminal
import XCTest
@testable import JingwuConsole

/// A clock the test moves by hand.
final class StepClock: JournalClock, @unchecked Sendable {
    var date: Date
    init(_ text: String) { date = RFC3339.parse(text)! }
    func now() -> Date { date }
    func advance(minutes: Double) { date = date.addingTimeInterval(minutes * 60) }
}

/// The console on a virtual 80×24 screen over an in-memory journal with a small office:
/// two officers, four street cells on a 2×2 map.
final class ConsoleHarness {
    let clock: StepClock
    let journal: MemoryJournal
    let office: Office
    let session: ConsoleSession
    let app: ConsoleApp
    let screen: VirtualScreen

    convenience init(language: Language = .zh, now: String = "2026-05-04T09:00:00+08:00", rows: Int = 24, columns: Int = 80,
                     operatorBadge: String? = "031245", seed: (Office, StepClock) throws -> Void = { _, _ in },
                     forged: (MemoryJournal, StepClock) throws -> Void = { _, _ in }) throws {
        let clock = StepClock(now)
        // A journal for tests: the seeds move the clock back to write history (issue 14's
        // backwards-clock rule holds on real offices only).
        let journal = MemoryJournal(station: "城关派出所", office: "东街警务室", clock: clock, forTests: true)
        // Records written past the commands (an older version, a hand edit): the office folds them on opening.
        try forged(journal, clock)
        let office = try Office(journal: journal, clock: clock)
        Self.numberEventIDs(of: office, after: 0)
        try office.execute(EnrollOfficer(badge: "031245", name: "张伟", role: .police), as: nil)
        try office.execute(EnrollOfficer(badge: "031246", name: "李娜", role: .auxiliary), as: "031245")
        let cells = [("A01", "幸福小区", 0, 0), ("A02", "东街", 1, 0), ("A03", "菜市场", 0, 1), ("A04", "学校路", 1, 1)]
        for (code, name, x, y) in cells {
            try office.execute(AddCell(code: code, name: name, community: "东街社区", kind: .street, x: x, y: y), as: "031245")
        }
        try seed(office, clock)
        self.init(clock: clock, journal: journal, office: office, language: language, rows: rows, columns: columns,
                  operatorBadge: operatorBadge)
    }

    /// A fresh console over a copy of `source`'s journal: the same records byte for byte (ids,
    /// times, chain), folded by a new office, at `source`'s time. For tests that share a long
    /// seed: writing it once through the commands and folding copies is much quicker than
    /// writing it again for each test.
    convenience init(copying source: ConsoleHarness, language: Language = .zh, rows: Int = 24, columns: Int = 80,
                     operatorBadge: String? = "031245") throws {
        let header = source.journal.header
        let clock = StepClock(RFC3339.format(header.created))
        clock.date = header.created
        let journal = MemoryJournal(station: header.station, office: header.office, clock: clock,
                                    journalID: header.journalID, forTests: header.isForTests)
        var numbered = 0
        try source.journal.replay(from: 1) { record in
            clock.date = record.recorded
            try journal.append { _ in
                [EventDraft(id: record.id, type: record.type, version: record.version, at: record.at, by: record.by,
                            data: record.data)]
            }
            if record.id.uuidString.hasPrefix("00000000-0000-4000-8000-") { numbered += 1 }
        }
        precondition(journal.fileBytes == source.journal.fileBytes, "the copied journal differs from its source")
        clock.date = source.clock.date
        let office = try Office(journal: journal, clock: clock)
        Self.numberEventIDs(of: office, after: numbered)
        self.init(clock: clock, journal: journal, office: office, language: language, rows: rows, columns: columns,
                  operatorBadge: operatorBadge)
    }

    private init(clock: StepClock, journal: MemoryJournal, office: Office, language: Language, rows: Int, columns: Int,
                 operatorBadge: String?) {
        self.clock = clock
        self.journal = journal
        self.office = office
        session = ConsoleSession(office: office, strings: Strings(language), operatorBadge: operatorBadge)
        app = ConsoleApp(session: session)
        screen = VirtualScreen(rows: rows, columns: columns)
        app.render(into: screen)
    }

    /// Event ids 00000000-0000-4000-8000-000000000001, …002, … after the `count` already written.
    private static func numberEventIDs(of office: Office, after count: Int) {
        var n = count
        office.makeEventID = {
            n += 1
            return UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", n))!
        }
    }

    /// Feeds keys and runs the loop until they are used up.
    func press(_ keys: Key...) { press(keys) }
    func press(_ keys: [Key]) {
        screen.feed(keys)
        app.run(on: screen, stopWhenIdle: true)
    }

    /// Types text one character at a time.
    func type(_ text: String) { press(text.map { Key.character($0) }) }

    var rows: [String] { screen.rows() }

    /// Rows with trailing spaces removed (whole-row comparisons stay readable).
    var trimmed: [String] { rows.map { String($0.reversed().drop(while: { $0 == " " }).reversed()) } }

    /// The first row containing `text`, trimmed.
    func row(containing text: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        let found = trimmed.first { $0.contains(text) }
        if found == nil { XCTFail("no row contains \(text):\n\(screen.text)", file: file, line: line) }
        return found
    }

    /// Event types written after the header, in order.
    var eventTypes: [String] {
        var types: [String] = []
        try? journal.replay(from: 1) { types.append($0.type) }
        return types
    }

    /// The data of the last record, as a dictionary.
    func lastData() -> [String: Any] {
        var last: JournalRecord?
        try? journal.replay(from: 1) { last = $0 }
        guard let data = last?.data else { return [:] }
        return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    func dump() { FileHandle.standardError.write(Data(("----\n" + screen.text + "\n").utf8)) }
}
