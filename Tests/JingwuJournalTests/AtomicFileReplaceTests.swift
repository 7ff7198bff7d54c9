import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuJournal

/// The real system calls, with every `ftruncate` noted (the length asked for).
final class TruncateRecordingIO: ForwardingIO, @unchecked Sendable {
    private let lock = NSLock()
    private var _lengths: [Int] = []
    var lengths: [Int] { lock.withLock { _lengths } }
    override func ftruncate(_ fd: Int32, _ length: Int) -> Int32 {
        lock.withLock { _lengths.append(length) }
        return base.ftruncate(fd, length)
    }
}

/// Replacing a big file (a checkpoint saved over the last one): the old file's blocks are given
/// back a piece at a time after the rename, not all in the rename — but only when nobody else
/// holds the old file: a reader's mapping stays whole, a second name keeps every byte.
@Suite(.serialized) final class AtomicFileReplaceTests {
    private func sideFiles(_ dir: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".tmp-") }
    }

    @Test func test_a_replaced_file_nobody_holds_is_cut_in_pieces_and_leaves_no_side_file() throws {
        let dir = makeTempDirectory()
        let path = dir + "/j.jsonl.checkpoint.test"
        let step = AtomicFile.flushEvery
        let old = try randomData(2 * step + step / 2)
        try AtomicFile.write(Array(old), to: path, existing: .createNew)
        let io = TruncateRecordingIO()
        let new = try randomData(1000)
        try AtomicFile.write(Array(new), to: path, existing: .replace, io: io)
        XCTAssertEqual(FileManager.default.contents(atPath: path), new)
        XCTAssertEqual(io.lengths, [step + step / 2, step / 2, 0], "the old file's 2.5 pieces, one piece at a time")
        XCTAssertEqual(try sideFiles(dir), [])
    }

    /// The console decodes its loaded checkpoint lazily from a mapping, and a report run beside it
    /// may map it too: cut under a mapping, a page read afterwards would end the process (SIGBUS).
    @Test func test_a_replaced_file_still_mapped_is_never_cut_and_its_mapping_reads_every_byte() throws {
        let dir = makeTempDirectory()
        let path = dir + "/j.jsonl.checkpoint.test"
        let old = try randomData(3 * AtomicFile.flushEvery)
        try AtomicFile.write(Array(old), to: path, existing: .createNew)
        let fd = open(path, O_RDONLY)
        XCTAssertGreaterThanOrEqual(fd, 0)
        let map = try XCTUnwrap(mmap(nil, old.count, PROT_READ, MAP_PRIVATE, fd, 0))
        XCTAssertNotEqual(map, MAP_FAILED)
        close(fd)  // the mapping alone holds it, as a checkpoint's does
        defer { munmap(map, old.count) }
        let io = TruncateRecordingIO()
        try AtomicFile.write(Array(try randomData(10)), to: path, existing: .replace, io: io)
        XCTAssertEqual(io.lengths, [], "a mapped file is only unlinked")
        XCTAssertEqual(Data(bytes: map, count: old.count), old)
        XCTAssertEqual(try sideFiles(dir), [])
    }

    @Test func test_a_replaced_file_with_another_name_keeps_every_byte_there() throws {
        let dir = makeTempDirectory()
        let path = dir + "/j.jsonl.checkpoint.test"
        let old = try randomData(AtomicFile.flushEvery + 7)
        try AtomicFile.write(Array(old), to: path, existing: .createNew)
        XCTAssertEqual(link(path, dir + "/kept"), 0)
        let io = TruncateRecordingIO()
        try AtomicFile.write(Array(try randomData(10)), to: path, existing: .replace, io: io)
        XCTAssertEqual(io.lengths, [])
        XCTAssertEqual(FileManager.default.contents(atPath: dir + "/kept"), old)
        XCTAssertEqual(try sideFiles(dir), [])
    }
}
