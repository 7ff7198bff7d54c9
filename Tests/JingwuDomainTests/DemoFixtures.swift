import Foundation
import JingwuJournal
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// A demo district generated for the tests: the generator (its summary and its writer's
/// state, which is the fold of every event it wrote) and every draft it wrote, in order.
/// Shared by every test that asks for the same parameters: treat it as read-only.
final class DemoFixture: @unchecked Sendable {
    let district: DemoDistrict
    let drafts: [EventDraft]
    var state: OfficeState { district.writer.state }
    var summary: DemoSummary { district.summary }

    /// The tests' `now`: the last simulated day ends here.
    static let now = RFC3339.parse("2026-11-23T09:30:00+08:00")!

    init(days: Int, seed: UInt64, offices: Int, registers: Bool = true) throws {
        // The writer starts from a journal's state after its header (seq 0, folded as a record
        // of no domain type, whatever the station), as `jingwu demo` writes it.
        var start = OfficeState(policy: .standard)
        start.skip(0)
        let writer = DemoWriter(state: start, firstSeq: 1, recorded: Self.now, idSeed: seed)
        var options = DemoOptions(days: days, seed: seed, offices: offices, now: Self.now)
        options.registers = registers
        let district = DemoDistrict(options: options, writer: writer)
        var drafts: [EventDraft] = []
        try district.generate {
            drafts += writer.pending
            writer.pending.removeAll()
        }
        self.district = district
        self.drafts = drafts
    }

    /// A new in-memory journal holding the drafts, as `jingwu demo` writes them (one bulk append).
    func journal(id: UUID = UUID(uuidString: "00000000-0000-4000-8000-000000000001")!) throws -> MemoryJournal {
        let journal = MemoryJournal(station: "花园派出所", office: "戴花园警务室", clock: FixedClock(Self.now), journalID: id)
        var i = 0
        try journal.appendBulk { defer { i += 1 }; return i < drafts.count ? drafts[i] : nil }
        return journal
    }

    // MARK: The shared cache

    struct Key: Hashable, Sendable {
        var days: Int
        var seed: UInt64
        var offices: Int
        /// With each community's registers (buildings, households, residents, rentals, 联户长
        /// assignments: ~6,000 records an office), as `jingwu demo` writes them; without, for
        /// tests that look at nothing of them (the rest of the district is the same either way).
        var registers = true
    }

    private enum Entry {
        case generating
        case ready(DemoFixture)
        case failed(String)
    }

    nonisolated(unsafe) private static var entries: [Key: Entry] = [:]
    private static let condition = NSCondition()
    nonisolated(unsafe) private static var prefetchStarted = false

    /// The districts the domain tests use, in about the order the tests need them (the year early,
    /// it is the longest): generated on a background thread
    /// (the tests run one at a time on one core; the machine has two) from the first demo test
    /// on, so most are ready when their test comes.
    static let known: [Key] = [
        Key(days: 20, seed: 3, offices: 2),  // CheckpointOpenPathTests, early in the suite
        Key(days: 365, seed: 2, offices: 1, registers: false),  // the year, DemoTests and DemoConsistencyTests
        Key(days: 30, seed: 5, offices: 1), Key(days: 60, seed: 5, offices: 1),
        Key(days: 30, seed: 7, offices: 1, registers: false), Key(days: 30, seed: 3, offices: 1, registers: false),
        Key(days: 3, seed: 3, offices: 7, registers: false), Key(days: 30, seed: 4, offices: 1, registers: false),
        Key(days: 10, seed: 9, offices: 1), Key(days: 10, seed: 10, offices: 1), Key(days: 40, seed: 11, offices: 1),
        Key(days: 20, seed: 7, offices: 1), Key(days: 10, seed: 7, offices: 1),
        Key(days: 10, seed: 7, offices: 1, registers: false),
    ]

    /// The district of these parameters, generated once per test process (and checked to have
    /// had no command refused). `registers: false` leaves out each community's registers (see `Key`).
    static func shared(days: Int, seed: UInt64, offices: Int = 1, registers: Bool = true, file: StaticString = #filePath,
                       line: UInt = #line) throws -> DemoFixture {
        startPrefetch()
        let key = Key(days: days, seed: seed, offices: offices, registers: registers)
        condition.lock()
        while true {
            switch entries[key] {
            case .ready(let fixture)?:
                condition.unlock()
                XCTAssertEqual(fixture.summary.refused, 0, fixture.summary.lastRefusal ?? "", file: file, line: line)
                return fixture
            case .failed(let message)?:
                condition.unlock()
                throw FixtureError(message: message)
            case .generating?:
                condition.wait()
            case nil:
                entries[key] = .generating
                condition.unlock()
                generate(key)
                condition.lock()
            }
        }
    }

    /// Starts generating the `known` districts on a background thread, once per process.
    static func startPrefetch() {
        condition.lock()
        defer { condition.unlock() }
        guard !prefetchStarted else { return }
        prefetchStarted = true
        let thread = Thread {
            var generated = 0
            for key in known {
                condition.lock()
                let mine = entries[key] == nil
                if mine { entries[key] = .generating }
                condition.unlock()
                if mine { generate(key); generated += 1 }
            }
            // What this thread took off the tests' own thread (for measuring the suite).
            var cpu = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu)
            print(String(format: "demo fixtures: %d of %d generated in the background, %.2f s CPU", generated, known.count,
                         Double(cpu.tv_sec) + Double(cpu.tv_nsec) / 1e9))
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    private static func generate(_ key: Key) {
        let entry: Entry
        do {
            entry = .ready(try DemoFixture(days: key.days, seed: key.seed, offices: key.offices, registers: key.registers))
        } catch {
            entry = .failed("demo \(key): \(error)")
        }
        condition.lock()
        entries[key] = entry
        condition.broadcast()
        condition.unlock()
    }

    struct FixtureError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
