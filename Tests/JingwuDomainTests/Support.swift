import Foundation
import JingwuJournal
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// A clock the test moves by hand.
final class TestClock: JournalClock, @unchecked Sendable {
    private let lock = NSLock()
    private var date: Date
    init(_ text: String) { date = RFC3339.parse(text)! }
    func now() -> Date { lock.withLock { date } }
    func set(_ text: String) { lock.withLock { date = RFC3339.parse(text)! } }
    func advance(hours: Double) { lock.withLock { date = date.addingTimeInterval(hours * 3600) } }
}

func time(_ text: String) -> Date { RFC3339.parse(text)! }

/// An office on a MemoryJournal with a small roster and grid.
final class Fixture {
    let clock: TestClock
    let journal: MemoryJournal
    let office: Office
    static let officer = "031245"
    static let auxiliary = "F1021"
    static let volunteer = "Y0001"
    static let nextOfficer = "031288"

    /// A valid resident ID number (check character computed here, not copied).
    static func idNumber(_ first17: String = "11010519800101123") -> String {
        first17 + String(ResidentID.checkCharacter(for: first17)!)
    }

    init(now: String = "2026-11-23T08:00:00+08:00", populated: Bool = true) throws {
        // The shared demo districts are generated on the other core from the first test on.
        DemoFixture.startPrefetch()
        clock = TestClock(now)
        journal = MemoryJournal(station: "花园派出所", office: "戴花园警务室", clock: clock)
        office = try Office(journal: journal, clock: clock, policy: .standard)
        var counter: UInt64 = 0
        office.makeEventID = {
            counter += 1
            return UUID(uuidString: String(format: "00000000-0000-0000-0000-%012llX", counter))!
        }
        guard populated else { return }
        try run(EnrollOfficer(badge: Self.officer, name: "王建国", role: .police), as: nil)
        try run(EnrollOfficer(badge: Self.auxiliary, name: "李辅", role: .auxiliary))
        try run(EnrollOfficer(badge: Self.volunteer, name: "赵义", role: .volunteer))
        try run(EnrollOfficer(badge: Self.nextOfficer, name: "陈接", role: .police))
        try run(AddCell(code: "ST01", name: "花园路", community: "戴花园社区", kind: .street))
        try run(AddCell(code: "C01", name: "花园一区", community: "戴花园社区", kind: .compound))
        try run(AddCell(code: "V01", name: "东村", community: "戴花园社区", kind: .village, keySite: false))
    }

    var state: OfficeState { office.state }

    @discardableResult
    func run(_ command: some OfficeCommand, as badge: String? = Fixture.officer, at: String? = nil,
             reason: String? = nil) throws -> WriteResult {
        try office.execute(command, as: badge, at: at.map(time), reason: reason)
    }

    /// Runs a command that must be refused: checks the reason and field, and that
    /// the journal's bytes and the state are exactly as before.
    func assertRefused(_ command: some OfficeCommand, as badge: String? = Fixture.officer, at: String? = nil,
                       reason: String? = nil, _ expected: DomainError.Reason, field: String,
                       file: StaticString = #filePath, line: UInt = #line) {
        let before = journal.fileBytes
        let seq = journal.headSeq
        let lastSeq = state.lastSeq
        XCTAssertThrowsError(try run(command, as: badge, at: at, reason: reason), file: file, line: line) { error in
            guard let error = error as? DomainError else {
                return XCTFail("expected DomainError, got \(error)", file: file, line: line)
            }
            XCTAssertEqual(error.reason, expected, "\(error)", file: file, line: line)
            XCTAssertEqual(error.field, field, "\(error)", file: file, line: line)
            XCTAssertEqual(error.exitCode, expected.isAccess ? 77 : 65, file: file, line: line)
        }
        XCTAssertEqual(journal.fileBytes, before, "the journal changed", file: file, line: line)
        XCTAssertEqual(journal.headSeq, seq, file: file, line: line)
        XCTAssertEqual(state.lastSeq, lastSeq, file: file, line: line)
    }
}
