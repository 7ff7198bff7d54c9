import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuJournal

/// A checkpoint opened whole (not mapped) is read in on a thread of its own while it is decoded
/// (`CheckpointBytes.readRest`): a read of bytes not in yet waits for them, and gets exactly the file's
/// bytes; a payload that cannot be read whole fails every read waiting for it (and never hangs).
@Suite(.serialized) final class CheckpointReadAheadTests {
    private let key = CheckpointKey(bytes: (0..<32).map { UInt8($0 &* 5 &+ 1) })!

    /// A payload of several 256 KiB blocks and a piece, every byte telling where it lies.
    private func payload() -> [UInt8] {
        var rng = SystemRandomNumberGenerator()
        let salt = UInt8(truncatingIfNeeded: rng.next())
        var out = [UInt8](repeating: 0, count: 9 * CheckpointBytes.readPiece / 4 + 12345)
        out.withUnsafeMutableBufferPointer { out in
            for i in out.indices { out[i] = UInt8(truncatingIfNeeded: i &* 31 &+ i >> 11) ^ salt }
        }
        return out
    }

    private func write(_ payload: [UInt8], to path: String) throws {
        let header = CheckpointHeader(journalID: UUID(), seq: 7, hash: String(repeating: "a", count: 64), fingerprint: "fp")
        try payload.withUnsafeBytes { try CheckpointFile.write(path: path, header: header, payload: $0, key: key) }
    }

    @Test func test_reads_from_the_end_first_wait_for_the_bytes_and_get_the_files_bytes() throws {
        let dir = makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/journal.jsonl.checkpoint"
        let expected = payload()
        try write(expected, to: path)
        for _ in 0..<3 {
            let loaded = CheckpointFile.load(path: path, fingerprint: "fp", mapped: false, key: key) { _, bytes -> [UInt8]? in
                // Last piece first, then the rest back to front: each read waits for its bytes as needed.
                let count = bytes.payload.count
                var out = [UInt8](repeating: 0, count: count)
                var end = count
                while end > 0 {
                    let start = max(0, end - 100_000)
                    guard bytes.authentic(start..<end) else { return nil }
                    out.withUnsafeMutableBytes { out in
                        out.baseAddress!.advanced(by: start).copyMemory(from: bytes.payload.baseAddress!.advanced(by: start),
                                                                        byteCount: end - start)
                    }
                    end = start
                }
                return out
            }
            let got = try XCTUnwrap(loaded)
            XCTAssertEqual(got.value.count, expected.count)
            XCTAssertTrue(got.value == expected, "the bytes read while being read in are the file's")
            XCTAssertEqual(got.bytes.authenticatedBlocks, got.bytes.blockCount)
        }
    }

    @Test func test_a_block_changed_on_disk_still_fails_while_being_read_in() throws {
        let dir = makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/journal.jsonl.checkpoint"
        var content = payload()
        try write(content, to: path)
        var file = bytes(path)
        // A byte in the payload's fifth block (the payload is followed by 16 bytes a block).
        let blocks = (content.count + 262_143) / 262_144
        let payloadAt = file.count - 16 * blocks - content.count
        file[payloadAt + 4 * 262_144 + 99] ^= 1
        content[4 * 262_144 + 99] ^= 1
        JingwuJournalTests.write(file, to: path)
        var decoded = false
        let loaded = CheckpointFile.load(path: path, fingerprint: "fp", mapped: false, key: key) { _, bytes -> Bool? in
            decoded = true
            // The first block reads; the changed one does not.
            XCTAssertTrue(bytes.authentic(0..<1000))
            XCTAssertFalse(bytes.authentic((4 * 262_144)..<(4 * 262_144 + 200)))
            return true
        }
        XCTAssertTrue(decoded)
        XCTAssertNil(loaded, "a payload with a changed block is not used")
    }

    @Test func test_a_payload_shorter_than_announced_fails_the_reads_waiting_for_it() throws {
        let dir = makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/short"
        let content = payload()
        JingwuJournalTests.write(Array(content.prefix(content.count / 2)), to: path)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        let blocks = (content.count + 262_143) / 262_144
        let authenticator = BlockAuthenticator(key: key, nonce: [UInt8](repeating: 0, count: 16), blockBytes: 262_144,
                                               tags: [UInt8](repeating: 0, count: 16 * blocks), payloadBytes: content.count)
        let bytes = try XCTUnwrap(CheckpointBytes(readingLater: fd, count: content.count, at: 0, authenticator: authenticator))
        let done = DispatchSemaphore(value: 0)
        let reader = Reader()
        Thread {
            reader.ok = bytes.authentic((content.count - 10)..<content.count)
            done.signal()
        }.start()
        XCTAssertFalse(bytes.readRest(), "the file ends before the payload does")
        XCTAssertEqual(done.wait(timeout: .now() + 60), .success, "a read waiting for bytes that never come is not left waiting")
        XCTAssertFalse(reader.ok)
    }

    private final class Reader: @unchecked Sendable { var ok = true }
}
