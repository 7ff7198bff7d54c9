import Foundation
import XCTest
@testable import JingwuJournal

/// The real system calls, with every fdatasync's file size noted (what had reached the file by then).
final class FlushRecordingIO: FileIO, @unchecked Sendable {
    private let base = PosixIO.shared
    private(set) var sizesAtDataSync: [Int] = []
    private(set) var fsyncs = 0
    func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { base.open(path, flags, mode) }
    func close(_ fd: Int32) -> Int32 { base.close(fd) }
    func pread(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: Int) -> Int {
        base.pread(fd, buffer, count, offset)
    }
    func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { base.write(fd, buffer, count) }
    func ftruncate(_ fd: Int32, _ length: Int) -> Int32 { base.ftruncate(fd, length) }
    func fdatasync(_ fd: Int32) -> Int32 {
        sizesAtDataSync.append(base.fstat(fd)?.size ?? -1)
        return base.fdatasync(fd)
    }
    func fsync(_ fd: Int32) -> Int32 { fsyncs += 1; return base.fsync(fd) }
    func flock(_ fd: Int32, _ operation: Int32) -> Int32 { base.flock(fd, operation) }
    func fstat(_ fd: Int32) -> (size: Int, mode: UInt16)? { base.fstat(fd) }
    func stat(_ path: String) -> (size: Int, mode: UInt16)? { base.stat(path) }
    func mkdir(_ path: String, _ mode: mode_t) -> Int32 { base.mkdir(path, mode) }
    func unlink(_ path: String) -> Int32 { base.unlink(path) }
    func identity(_ fd: Int32) -> FileIdentity? { base.identity(fd) }
    func identity(_ path: String) -> FileIdentity? { base.identity(path) }
    func fileType(_ fd: Int32) -> mode_t? { base.fileType(fd) }
    func linkType(_ path: String) -> mode_t? { base.linkType(path) }
    func link(_ from: String, _ to: String) -> Int32 { base.link(from, to) }
    func rename(_ from: String, _ to: String) -> Int32 { base.rename(from, to) }
    func fcntl(_ fd: Int32, _ command: Int32, _ value: Int32) -> Int32 { base.fcntl(fd, command, value) }
}

final class AtomicFileFlushTests: XCTestCase {
    /// A big file (a station's checkpoint is ~90 MB) is flushed as it is written, never more than
    /// `flushEvery` bytes behind, so an append's fdatasync beside it does not wait for all of it;
    /// the bytes are exactly those handed over, in pieces of any size; a small file gets no
    /// flush before its one fsync.
    func test_a_big_file_is_flushed_every_few_megabytes_and_holds_exactly_its_bytes() throws {
        let dir = makeTempDirectory()
        let step = AtomicFile.flushEvery
        let random = try XCTUnwrap(FileHandle(forReadingAtPath: "/dev/urandom"))
        defer { try? random.close() }
        let pieces: [Data] = [step / 3, 2 * step + 5, 1, step - 6, step / 2].map { random.readData(ofLength: $0) }
        var whole = Data()
        for piece in pieces { whole.append(piece) }
        let total = whole.count
        let io = FlushRecordingIO()
        let path = dir + "/big.bin"
        try AtomicFile.write(to: path, existing: .replace, io: io) { sink in
            for piece in pieces { try piece.withUnsafeBytes { try sink($0) } }
        }
        XCTAssertTrue(try Data(contentsOf: URL(fileURLWithPath: path)) == whole, "the file holds exactly the bytes handed over")
        XCTAssertEqual(io.sizesAtDataSync, Array(1...(total / step)).map { $0 * step })
        XCTAssertEqual(io.fsyncs, 2)  // the file, then its folder

        let small = FlushRecordingIO()
        try AtomicFile.write(Array(repeating: 7, count: step - 1), to: dir + "/small.bin", existing: .replace, io: small)
        XCTAssertEqual(small.sizesAtDataSync, [])
    }
}
