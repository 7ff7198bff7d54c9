import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuJournal

/// A `FileIO` that fails exactly the k-th call it sees (any call: lock, stat,
/// read, write, sync, truncate), with EIO, once.
final class NthCallFailingIO: ForwardingIO, @unchecked Sendable {
    private let lock = NSLock()
    private var calls = 0
    private var failAt: Int?
    private(set) var failedCall: String?
    /// Every call seen, by name, in order.
    private(set) var log: [String] = []

    /// Fail call number `n` from now on (1 = the next call).
    func arm(_ n: Int) { lock.withLock { calls = 0; failAt = n; failedCall = nil } }
    func disarm() { lock.withLock { failAt = nil } }

    private func fails(_ name: String) -> Bool {
        lock.withLock {
            log.append(name)
            calls += 1
            guard calls == failAt else { return false }
            failedCall = name
            return true
        }
    }

    override func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
        if fails("open") { errno = EIO; return -1 }
        return base.open(path, flags, mode)
    }
    override func pread(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: Int) -> Int {
        if fails("pread") { errno = EIO; return -1 }
        return base.pread(fd, buffer, count, offset)
    }
    override func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        if fails("write") { errno = EIO; return -1 }
        // Short writes everywhere, so a failure can land inside a record.
        return base.write(fd, buffer, min(count, 97))
    }
    override func ftruncate(_ fd: Int32, _ length: Int) -> Int32 {
        if fails("ftruncate") { errno = EIO; return -1 }
        return base.ftruncate(fd, length)
    }
    override func fdatasync(_ fd: Int32) -> Int32 {
        if fails("fdatasync") { errno = EIO; return -1 }
        return base.fdatasync(fd)
    }
    override func fsync(_ fd: Int32) -> Int32 {
        if fails("fsync") { errno = EIO; return -1 }
        return base.fsync(fd)
    }
    override func flock(_ fd: Int32, _ operation: Int32) -> Int32 {
        if fails("flock") { errno = EIO; return -1 }
        return base.flock(fd, operation)
    }
    override func fstat(_ fd: Int32) -> (size: Int, mode: UInt16)? {
        if fails("fstat") { errno = EIO; return nil }
        return base.fstat(fd)
    }
    override func stat(_ path: String) -> (size: Int, mode: UInt16)? {
        if fails("stat") { errno = EIO; return nil }
        return base.stat(path)
    }
    override func identity(_ fd: Int32) -> FileIdentity? {
        if fails("identity(fd)") { errno = EIO; return nil }
        return base.identity(fd)
    }
    override func identity(_ path: String) -> FileIdentity? {
        if fails("identity(path)") { errno = EIO; return nil }
        return base.identity(path)
    }
}

@Suite(.serialized) final class AdversarialFaultTests {
    private var dir = ""

    init() { dir = makeTempDirectory() }
    deinit { try? FileManager.default.removeItem(atPath: dir) }

    /// For every k: fail the k-th file call of an append (of two records). Either the
    /// append returned and both records are on disk, or it threw and the file is byte
    /// for byte what it was; after a failed sync nothing more is written.
    @Test func test_failing_each_call_of_an_append_in_turn_leaves_all_or_nothing() throws {
        var k = 1
        var sawSyncFailure = false
        var sawWriteFailure = false
        while true {
            let caseDir = caseDirectory(dir, "k")
            let path = try makeFileJournal(in: caseDir, count: 2)
            let io = NthCallFailingIO()
            let journal = try FileJournal(path: path, clock: FixedClock(fixedNow), io: io, lockTimeout: 1)
            let before = bytes(path)
            io.arm(k)
            let label = "call \(k)"
            do {
                let written = try journal.append { _ in [draft(10), draft(11)] }
                io.disarm()
                XCTAssertEqual(written.map(\.seq), [3, 4], label)
                let report = try JournalInspector.verify(path: path)
                XCTAssertTrue(report.isIntact && report.tornBytes == 0, label)
                XCTAssertEqual(report.count, 5, label)
                XCTAssertEqual(report.headHash, journal.headHash, label)
                if io.failedCall == nil { break }  // k is past the last call: every position was tried
            } catch {
                io.disarm()
                let failed = io.failedCall ?? "?"
                XCTAssertTrue(bytes(path) == before, "\(label) (\(failed)): the file changed after a failed append: \(error)")
                XCTAssertTrue(try JournalInspector.verify(path: path).isIntact, label)
                if failed == "fdatasync" {
                    sawSyncFailure = true
                    XCTAssertEqual(error as? JournalError, .syncFailed(path: path, errno: EIO), label)
                    XCTAssertThrowsError(try journal.append { _ in [draft(12)] }, label) {
                        XCTAssertEqual($0 as? JournalError, .stopped(path: path), label)
                    }
                    XCTAssertTrue(bytes(path) == before, "\(label): written after a failed sync")
                } else {
                    if failed == "write" { sawWriteFailure = true }
                    // Nothing was acknowledged and nothing was left: the next append works.
                    let next = try journal.append { _ in [draft(12)] }
                    XCTAssertEqual(next.map(\.seq), [3], label)
                    XCTAssertTrue(try JournalInspector.verify(path: path).isIntact, label)
                }
            }
            k += 1
            XCTAssertLessThan(k, 200, "the append never got past its calls")
            if k >= 200 { break }
        }
        XCTAssertTrue(sawSyncFailure, "the fdatasync position was never reached")
        XCTAssertTrue(sawWriteFailure, "no write position was reached")
    }

    @Test func test_a_failed_sync_in_bulk_append_leaves_the_file_as_it_was() throws {
        let path = try makeFileJournal(in: dir, count: 2)
        let io = FaultyIO()
        let journal = try FileJournal(path: path, clock: FixedClock(fixedNow), io: io)
        let before = bytes(path)
        io.failSyncs(errno: EIO)
        var n = 0
        XCTAssertThrowsError(try journal.appendBulk {
            n += 1
            return n <= 100 ? draft(n) : nil
        }) { XCTAssertEqual($0 as? JournalError, .syncFailed(path: path, errno: EIO)) }
        io.heal()
        XCTAssertTrue(bytes(path) == before)
        XCTAssertThrowsError(try journal.appendBulk { draft(1) }) { XCTAssertEqual($0 as? JournalError, .stopped(path: path)) }
        XCTAssertTrue(bytes(path) == before)
    }

    /// Failing each call of opening a journal with a torn tail: the journal's
    /// whole records are never cut, and the torn bytes are never lost.
    @Test func test_failing_each_call_of_a_torn_tail_recovery_keeps_records_and_tail_bytes() throws {
        let clean = bytes(try makeFileJournal(in: dir, count: 3))
        let tail = Array(#"{"seq":4,"id":"half"#.utf8)
        var k = 1
        while k < 200 {
            let caseDir = caseDirectory(dir, "open")
            let path = caseDir + "/journal.jsonl"
            write(clean + tail, to: path)
            let io = NthCallFailingIO()
            io.arm(k)
            let opened = try? FileJournal(path: path, io: io, lockTimeout: 1)
            let failed = io.failedCall
            io.disarm()
            let now = bytes(path)
            let sides = sideFiles(of: path).map(bytes)
            XCTAssertTrue(now == clean + tail || now == clean, "call \(k) (\(failed ?? "-")): journal bytes")
            if now == clean {
                XCTAssertTrue(sides.contains(tail), "call \(k) (\(failed ?? "-")): the torn bytes were cut but not kept")
            }
            if failed == nil {
                XCTAssertNotNil(opened)
                break
            }
            k += 1
        }
        XCTAssertLessThan(k, 200)
    }

    @Test func test_the_side_file_and_its_directory_entry_are_on_disk_before_the_journal_is_cut() throws {
        let path = try makeFileJournal(in: dir, count: 1)
        let handle = FileHandle(forWritingAtPath: path)!
        handle.seekToEndOfFile()
        handle.write(Data(#"{"seq":2,"id":"torn"#.utf8))
        handle.closeFile()
        let io = NthCallFailingIO()
        _ = try FileJournal(path: path, io: io)
        let cut = try XCTUnwrap(io.log.firstIndex(of: "ftruncate"))
        let sideOpen = try XCTUnwrap(io.log[..<cut].lastIndex(of: "write").flatMap { io.log[..<$0].lastIndex(of: "open") })
        // After creating the side file: fsync of the file, then open + fsync of the directory, then the cut.
        XCTAssertEqual(io.log[sideOpen..<cut].filter { $0 == "fsync" }.count, 2, "\(io.log)")
        XCTAssertEqual(io.log[sideOpen..<cut].filter { $0 == "open" }.count, 2, "\(io.log)")
    }
}
