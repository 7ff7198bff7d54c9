import Foundation
import XCTest
@testable import JingwuJournal

/// The real system calls, with every flush of a file being written noted (the range, and what
/// had reached the file by then), every `fdatasync` and `ftruncate`. `syncDelay` makes each
/// range flush slow.
final class FlushRecordingIO: ForwardingIO, @unchecked Sendable {
    private let lock = NSLock()
    private let syncDelay: TimeInterval
    private var _ranges: [(offset: Int, count: Int, size: Int)] = []
    private var _sizesAtDataSync: [Int] = []
    private var _fsyncs = 0
    private var _truncations: [Int] = []
    private var _dataSyncsBetweenRanges = 0
    init(syncDelay: TimeInterval = 0) { self.syncDelay = syncDelay }
    var ranges: [(offset: Int, count: Int, size: Int)] { lock.withLock { _ranges } }
    var sizesAtDataSync: [Int] { lock.withLock { _sizesAtDataSync } }
    var fsyncs: Int { lock.withLock { _fsyncs } }
    var truncations: [Int] { lock.withLock { _truncations } }
    /// `fdatasync` calls after the first range flush began (appends that came during a big write).
    var dataSyncsBetweenRanges: Int { lock.withLock { _dataSyncsBetweenRanges } }
    override func ftruncate(_ fd: Int32, _ length: Int) -> Int32 {
        lock.withLock { _truncations.append(length) }
        return base.ftruncate(fd, length)
    }
    override func fdatasync(_ fd: Int32) -> Int32 {
        lock.withLock {
            _sizesAtDataSync.append(base.fstat(fd)?.size ?? -1)
            if !_ranges.isEmpty { _dataSyncsBetweenRanges += 1 }
        }
        return base.fdatasync(fd)
    }
    override func syncRange(_ fd: Int32, offset: Int, count: Int) -> Int32 {
        lock.withLock { _ranges.append((offset, count, base.fstat(fd)?.size ?? -1)) }
        if syncDelay > 0 { Thread.sleep(forTimeInterval: syncDelay) }
        return base.syncRange(fd, offset: offset, count: count)
    }
    override func fsync(_ fd: Int32) -> Int32 { lock.withLock { _fsyncs += 1 }; return base.fsync(fd) }
}

func randomData(_ count: Int) throws -> Data {
    let random = try XCTUnwrap(FileHandle(forReadingAtPath: "/dev/urandom"))
    defer { try? random.close() }
    return random.readData(ofLength: count)
}

final class AtomicFileFlushTests: XCTestCase {
    /// A big file (a station's checkpoint is ~90 MB) is flushed as it is written, never more than
    /// `flushEvery` bytes behind, so an append's fdatasync beside it does not wait for all of it;
    /// the bytes are exactly those handed over, in pieces of any size; a small file gets no
    /// flush before its one fsync.
    func test_a_big_file_is_flushed_every_few_megabytes_and_holds_exactly_its_bytes() throws {
        let dir = makeTempDirectory()
        let step = AtomicFile.flushEvery
        let pieces: [Data] = try [step / 3, 2 * step + 5, 1, step - 6, step / 2].map { try randomData($0) }
        var whole = Data()
        for piece in pieces { whole.append(piece) }
        let total = whole.count
        let io = FlushRecordingIO()
        let path = dir + "/big.bin"
        try AtomicFile.write(to: path, existing: .replace, io: io) { sink in
            for piece in pieces { try piece.withUnsafeBytes { try sink($0) } }
        }
        XCTAssertTrue(try Data(contentsOf: URL(fileURLWithPath: path)) == whole, "the file holds exactly the bytes handed over")
        // Each flush covers the `flushEvery` bytes after the previous one, all of them written by then.
        let flushes = Array(0..<(total / step))
        XCTAssertEqual(io.ranges.map(\.offset), flushes.map { $0 * step })
        XCTAssertEqual(io.ranges.map(\.count), flushes.map { _ in step })
        XCTAssertEqual(io.ranges.map(\.size), flushes.map { ($0 + 1) * step })
        XCTAssertEqual(io.fsyncs, 2)  // the file, then its folder

        let small = FlushRecordingIO()
        try AtomicFile.write(Array(repeating: 7, count: step - 1), to: dir + "/small.bin", existing: .replace, io: small)
        XCTAssertEqual(small.ranges.count, 0)
        XCTAssertEqual(small.sizesAtDataSync, [])
    }

    /// Journal appends while a big file is written beside them (the console's keystrokes while a
    /// checkpoint is saved) all complete, and the file holds exactly its bytes, as one written
    /// without appends beside it does.
    func test_appends_during_a_big_write_complete_between_its_pieces_and_the_bytes_are_unchanged() throws {
        let dir = makeTempDirectory()
        let step = AtomicFile.flushEvery
        let whole = try randomData(6 * step + 123)
        let io = FlushRecordingIO(syncDelay: 0.02)
        let journal = try FileJournal.create(path: dir + "/j.jsonl", station: "测试派出所", office: "测试警务室", io: io,
                                             forTests: true)
        final class Outcome: @unchecked Sendable {
            let lock = NSLock()
            var done = false
            var error: Error?
        }
        let outcome = Outcome()
        let path = dir + "/big.bin"
        let thread = Thread {
            do {
                try AtomicFile.write(to: path, existing: .replace, io: io) { sink in
                    try whole.withUnsafeBytes { try sink($0) }
                }
            } catch {
                outcome.lock.withLock { outcome.error = error }
            }
            outcome.lock.withLock { outcome.done = true }
        }
        thread.start()
        var appended = 0
        while !outcome.lock.withLock({ outcome.done }) {
            try journal.append { _ in [draft(appended)] }
            appended += 1
            usleep(1000)
        }
        XCTAssertNil(outcome.lock.withLock { outcome.error })
        XCTAssertEqual(journal.headSeq, UInt64(appended), "every append completed")
        XCTAssertGreaterThan(io.dataSyncsBetweenRanges, 0, "appends came while the file was written")
        XCTAssertEqual(io.ranges.count, 6)
        XCTAssertTrue(try Data(contentsOf: URL(fileURLWithPath: path)) == whole, "the bytes handed over, unchanged")
        let quiet = dir + "/quiet.bin"
        try AtomicFile.write(to: quiet, existing: .replace) { sink in try whole.withUnsafeBytes { try sink($0) } }
        XCTAssertEqual(bytes(path), bytes(quiet), "the same bytes as a write without appends")
    }

    /// A big file replaced by `rename` is freed a step at a time afterwards (cut short from the
    /// end), but only when nobody can reach it any more: a hard link elsewhere, or someone still
    /// reading it (an open descriptor, a mapping) leaves it whole.
    func test_a_replaced_big_file_is_freed_in_steps_only_when_nobody_can_reach_it() throws {
        let dir = makeTempDirectory()
        let step = AtomicFile.releaseStep
        let old = try randomData(3 * step + 5)
        let new = try randomData(100)
        func place(_ path: String) throws { try AtomicFile.write([UInt8](old), to: path, existing: .replace) }

        // Nobody else: cut short in steps, down to nothing.
        let alone = dir + "/alone.bin"
        try place(alone)
        let io = FlushRecordingIO()
        try AtomicFile.write([UInt8](new), to: alone, existing: .replace, io: io)
        XCTAssertEqual(io.truncations, [2 * step + 5, step + 5, 5, 0])
        XCTAssertEqual(bytes(alone), [UInt8](new))

        // A hard link elsewhere keeps its bytes.
        let linked = dir + "/linked.bin"
        try place(linked)
        XCTAssertEqual(Foundation.link(linked, dir + "/backup.bin"), 0)
        let io2 = FlushRecordingIO()
        try AtomicFile.write([UInt8](new), to: linked, existing: .replace, io: io2)
        XCTAssertEqual(io2.truncations, [])
        XCTAssertEqual(bytes(dir + "/backup.bin"), [UInt8](old))

        // An open descriptor still reads all of the old file.
        let opened = dir + "/opened.bin"
        try place(opened)
        let fd = Foundation.open(opened, O_RDONLY)
        XCTAssertGreaterThanOrEqual(fd, 0)
        let io3 = FlushRecordingIO()
        try AtomicFile.write([UInt8](new), to: opened, existing: .replace, io: io3)
        XCTAssertEqual(io3.truncations, [])
        var read = [UInt8](repeating: 0, count: old.count)
        XCTAssertEqual(read.withUnsafeMutableBytes { Foundation.pread(fd, $0.baseAddress!, $0.count, 0) }, old.count)
        XCTAssertEqual(read, [UInt8](old))
        Foundation.close(fd)

        // So does a mapping whose descriptor was closed (as a command reading a checkpoint maps it).
        let mapped = dir + "/mapped.bin"
        try place(mapped)
        let mfd = Foundation.open(mapped, O_RDONLY)
        let map = mmap(nil, old.count, PROT_READ, MAP_SHARED, mfd, 0)
        Foundation.close(mfd)
        XCTAssertNotEqual(map, MAP_FAILED)
        let io4 = FlushRecordingIO()
        try AtomicFile.write([UInt8](new), to: mapped, existing: .replace, io: io4)
        XCTAssertEqual(io4.truncations, [])
        XCTAssertEqual([UInt8](UnsafeRawBufferPointer(start: map, count: old.count)), [UInt8](old))
        munmap(map, old.count)
    }

    /// The order between a journal append and a piece of a big file: a piece does not start while
    /// an append runs, and an append never waits for a piece (the saving thread holding one may be
    /// waiting for a CPU).
    func test_a_piece_waits_for_a_running_append_and_an_append_never_waits_for_a_piece() {
        final class Times: @unchecked Sendable {
            let lock = NSLock()
            var appendEnded = 0.0
        }
        let gate = AppendsFirst()
        let times = Times()
        let appending = DispatchSemaphore(value: 0)
        let appended = DispatchSemaphore(value: 0)
        let appender = Thread {
            gate.append {
                appending.signal()
                Thread.sleep(forTimeInterval: 0.1)
                times.lock.withLock { times.appendEnded = Date().timeIntervalSince1970 }
            }
            appended.signal()
        }
        appender.start()
        appending.wait()
        let pieceStarted = gate.piece { Date().timeIntervalSince1970 }
        appended.wait()
        XCTAssertGreaterThanOrEqual(pieceStarted, times.lock.withLock { times.appendEnded }, "the piece waited for the append")

        let inPiece = DispatchSemaphore(value: 0)
        let pieceDone = DispatchSemaphore(value: 0)
        let saver = Thread {
            gate.piece {
                inPiece.signal()
                Thread.sleep(forTimeInterval: 0.5)
            }
            pieceDone.signal()
        }
        saver.start()
        inPiece.wait()
        let start = Date()
        gate.append {}
        XCTAssertLessThan(Date().timeIntervalSince(start), 0.25, "the append did not wait for the piece")
        pieceDone.wait()
    }
}
