import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuJournal

/// The real system calls, with every flush of a file being written noted (what had reached the
/// file by then: a piece's `fdatasync` on a temporary file `AtomicFile` writes), every other
/// `fdatasync` (a journal's append). `syncDelay` makes each piece's flush slow.
final class FlushRecordingIO: ForwardingIO, @unchecked Sendable {
    private let lock = NSLock()
    private let syncDelay: TimeInterval
    private var temporaries: Set<Int32> = []
    private var _pieces: [Int] = []
    private var _appendSyncs = 0
    private var _fsyncs = 0
    private var _appendSyncsBetweenPieces = 0
    init(syncDelay: TimeInterval = 0) { self.syncDelay = syncDelay }
    /// The size of the file being written at each of its pieces' flushes.
    var pieces: [Int] { lock.withLock { _pieces } }
    /// `fdatasync` calls on anything but a file `AtomicFile` is writing.
    var appendSyncs: Int { lock.withLock { _appendSyncs } }
    var fsyncs: Int { lock.withLock { _fsyncs } }
    /// Appends' `fdatasync` calls after the first piece's flush began (appends that came during a big write).
    var appendSyncsBetweenPieces: Int { lock.withLock { _appendSyncsBetweenPieces } }
    override func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
        let fd = base.open(path, flags, mode)
        if fd >= 0 { lock.withLock { if path.contains(".tmp-") { temporaries.insert(fd) } else { temporaries.remove(fd) } } }
        return fd
    }
    override func close(_ fd: Int32) -> Int32 { lock.withLock { _ = temporaries.remove(fd) }; return base.close(fd) }
    override func fdatasync(_ fd: Int32) -> Int32 {
        let piece = lock.withLock { () -> Bool in
            if temporaries.contains(fd) {
                _pieces.append(base.fstat(fd)?.size ?? -1)
                return true
            }
            _appendSyncs += 1
            if !_pieces.isEmpty { _appendSyncsBetweenPieces += 1 }
            return false
        }
        if piece && syncDelay > 0 { Thread.sleep(forTimeInterval: syncDelay) }
        return base.fdatasync(fd)
    }
    override func fsync(_ fd: Int32) -> Int32 { lock.withLock { _fsyncs += 1 }; return base.fsync(fd) }
}

func randomData(_ count: Int) throws -> Data {
    let random = try XCTUnwrap(FileHandle(forReadingAtPath: "/dev/urandom"))
    defer { try? random.close() }
    return random.readData(ofLength: count)
}

@Suite(.serialized) final class AtomicFileFlushTests {
    /// A big file (a station's checkpoint is ~90 MB) is flushed as it is written, never more than
    /// `flushEvery` bytes behind, so an append's fdatasync beside it does not wait for all of it;
    /// the bytes are exactly those handed over, in pieces of any size; a small file gets no
    /// flush before its one fsync.
    @Test func test_a_big_file_is_flushed_every_few_megabytes_and_holds_exactly_its_bytes() throws {
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
        // A flush after every `flushEvery` bytes, each when exactly those had been written.
        XCTAssertEqual(io.pieces, (0..<(total / step)).map { ($0 + 1) * step })
        XCTAssertEqual(io.appendSyncs, 0)
        XCTAssertEqual(io.fsyncs, 2)  // the file, then its folder

        let small = FlushRecordingIO()
        try AtomicFile.write(Array(repeating: 7, count: step - 1), to: dir + "/small.bin", existing: .replace, io: small)
        XCTAssertEqual(small.pieces, [])
        XCTAssertEqual(small.appendSyncs, 0)
    }

    /// Journal appends while a big file is written beside them (the console's keystrokes while a
    /// checkpoint is saved) all complete, and the file holds exactly its bytes, as one written
    /// without appends beside it does.
    @Test func test_appends_during_a_big_write_complete_between_its_pieces_and_the_bytes_are_unchanged() throws {
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
        XCTAssertGreaterThan(io.appendSyncsBetweenPieces, 0, "appends came while the file was written")
        XCTAssertEqual(io.pieces, (1...6).map { $0 * step })
        XCTAssertTrue(try Data(contentsOf: URL(fileURLWithPath: path)) == whole, "the bytes handed over, unchanged")
        let quiet = dir + "/quiet.bin"
        try AtomicFile.write(to: quiet, existing: .replace) { sink in try whole.withUnsafeBytes { try sink($0) } }
        XCTAssertEqual(bytes(path), bytes(quiet), "the same bytes as a write without appends")
    }

    /// The order between a journal append and a piece of a big file: a piece does not start while
    /// an append runs, and an append never waits for a piece (the saving thread holding one may be
    /// waiting for a CPU).
    @Test func test_a_piece_waits_for_a_running_append_and_an_append_never_waits_for_a_piece() {
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
