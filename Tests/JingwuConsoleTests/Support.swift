import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuTerminal
import JingwuTestSupport
import Testing
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
        JournalScreenPagingTests.startPrefetch()
        let (clock, journal, office) = try Self.write(now: now, seed: seed, forged: forged)
        self.init(clock: clock, journal: journal, office: office, language: language, rows: rows, columns: columns,
                  operatorBadge: operatorBadge)
    }

    /// The harness's office without its console: a journal with the two officers and four cells,
    /// then what `seed` writes through the office. Needs no screen, so a fixture shared by several
    /// tests can be written on another thread (`Prefetched`) and copied (`init(copying:)`).
    /// `policy`: the writing office's (the journal records none of it; the consoles opened on
    /// the journal take their own).
    static func write(now: String = "2026-05-04T09:00:00+08:00", policy: Policy = .load(),
                      seed: (Office, StepClock) throws -> Void = { _, _ in },
                      forged: (MemoryJournal, StepClock) throws -> Void = { _, _ in }) throws
        -> (clock: StepClock, journal: MemoryJournal, office: Office) {
        let clock = StepClock(now)
        // A journal for tests: the seeds move the clock back to write history (issue 14's
        // backwards-clock rule holds on real offices only).
        let journal = MemoryJournal(station: "城关派出所", office: "东街警务室", clock: clock, forTests: true)
        // Records written past the commands (an older version, a hand edit): the office folds them on opening.
        try forged(journal, clock)
        let office = try Office(journal: journal, clock: clock, policy: policy)
        Self.numberEventIDs(of: office, after: 0)
        try office.execute(EnrollOfficer(badge: "031245", name: "张伟", role: .police), as: nil)
        try office.execute(EnrollOfficer(badge: "031246", name: "李娜", role: .auxiliary), as: "031245")
        let cells = [("A01", "幸福小区", 0, 0), ("A02", "东街", 1, 0), ("A03", "菜市场", 0, 1), ("A04", "学校路", 1, 1)]
        for (code, name, x, y) in cells {
            try office.execute(AddCell(code: code, name: name, community: "东街社区", kind: .street, x: x, y: y), as: "031245")
        }
        try seed(office, clock)
        return (clock, journal, office)
    }

    /// A fresh console over a copy of `source`'s journal: the same records byte for byte (ids,
    /// times, chain), folded by a new office, at `source`'s time. For tests that share a long
    /// seed: writing it once through the commands and folding copies is much quicker than
    /// writing it again for each test.
    convenience init(copying source: ConsoleHarness, language: Language = .zh, rows: Int = 24, columns: Int = 80,
                     operatorBadge: String? = "031245") throws {
        try self.init(copying: source.journal, at: source.clock.date, language: language, rows: rows, columns: columns,
                      operatorBadge: operatorBadge)
    }

    /// As `init(copying:)`, from a journal written by `write` whose clock now reads `date`.
    convenience init(copying sourceJournal: MemoryJournal, at date: Date, language: Language = .zh, rows: Int = 24,
                     columns: Int = 80, operatorBadge: String? = "031245") throws {
        let header = sourceJournal.header
        let clock = StepClock(RFC3339.format(header.created))
        clock.date = header.created
        let journal = MemoryJournal(station: header.station, office: header.office, clock: clock,
                                    journalID: header.journalID, forTests: header.isForTests)
        var numbered = 0
        try sourceJournal.replay(from: 1) { record in
            clock.date = record.recorded
            try journal.append { _ in
                [EventDraft(id: record.id, type: record.type, version: record.version, at: record.at, by: record.by,
                            data: record.data)]
            }
            if record.id.uuidString.hasPrefix("00000000-0000-4000-8000-") { numbered += 1 }
        }
        precondition(journal.fileBytes == sourceJournal.fileBytes, "the copied journal differs from its source")
        clock.date = date
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
        session.documentsFolder = Self.documentsFolder
        app = ConsoleApp(session: session)
        screen = VirtualScreen(rows: rows, columns: columns)
        app.render(into: screen)
    }

    /// An export from a console test (统计 `x`, a printed case file) goes to the session's
    /// `documentsFolder` (in the product `$XDG_DOCUMENTS_DIR/jingwu`, else `~/Documents/jingwu`): here
    /// `<documents>/jingwu`, where `documents` is the folder a test chose (`$documents.withValue`, or
    /// it sets `session.documentsFolder` itself), else a temporary one of this process (every run of
    /// the suite once left a bulletin in the real Documents folder). Never the process's environment:
    /// the tests run side by side in one process.
    @TaskLocal static var documents: String?
    private static let defaultDocuments = NSTemporaryDirectory() + "jingwu-console-tests-documents-\(getpid())"
    /// `<documents>/jingwu`: what a test's session gets as its `documentsFolder` (a test that makes
    /// its own `ConsoleSession` sets it too).
    static var documentsFolder: String { ((documents ?? defaultDocuments) as NSString).appendingPathComponent("jingwu") }

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

/// A fixture made once, on a background thread once `start` is called (the tests run one at a
/// time on one core; the machine has two), or by the first test that needs it.
final class Prefetched<Value>: @unchecked Sendable {
    private let make: () throws -> Value
    private let condition = NSCondition()
    private var state: State = .idle
    private enum State { case idle, making, done(Result<Value, Error>) }

    init(_ make: @escaping () throws -> Value) { self.make = make }

    /// Starts making it on a background thread, unless it is made or being made.
    func start() {
        condition.lock()
        guard case .idle = state else { condition.unlock(); return }
        state = .making
        condition.unlock()
        let thread = Thread { [self] in finish(Result { try make() }) }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The value: made here if no one has started it, else waited for.
    func value() throws -> Value {
        condition.lock()
        while true {
            switch state {
            case .done(let result):
                condition.unlock()
                return try result.get()
            case .making:
                condition.wait()
            case .idle:
                state = .making
                condition.unlock()
                finish(Result { try make() })
                condition.lock()
            }
        }
    }

    private func finish(_ result: Result<Value, Error>) {
        condition.lock()
        state = .done(result)
        condition.broadcast()
        condition.unlock()
    }
}
