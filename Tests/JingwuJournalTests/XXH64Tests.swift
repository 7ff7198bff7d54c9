import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuJournal

/// The checkpoint checksum is XXH64 as published (reference vectors, seed 0), over every tail length.
@Suite(.serialized) final class XXH64Tests {
    private func hash(_ text: String) -> UInt64 { Array(text.utf8).withUnsafeBytes { XXH64.hash($0) } }

    @Test func test_reference_vectors() {
        XCTAssertEqual(hash(""), 0xEF46_DB37_51D8_E999)
        XCTAssertEqual(hash("a"), 0xD24E_C4F1_A98C_6E5B)
        XCTAssertEqual(hash("abc"), 0x44BC_2CF5_AD77_0999)
        XCTAssertEqual(XXH64.hex(0xAB), "00000000000000ab")
    }

    @Test func test_one_changed_byte_changes_the_checksum_at_any_position_and_length() {
        for length in [1, 7, 8, 31, 32, 33, 64, 100, 1000] {
            var bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let whole = bytes.withUnsafeBytes { XXH64.hash($0) }
            for i in stride(from: 0, to: length, by: max(1, length / 13)) {
                bytes[i] ^= 0x40
                XCTAssertNotEqual(bytes.withUnsafeBytes { XXH64.hash($0) }, whole, "length \(length), byte \(i)")
                bytes[i] ^= 0x40
            }
            XCTAssertNotEqual(bytes.dropLast().withUnsafeBytes { XXH64.hash($0) }, whole, "truncated \(length)")
        }
    }

    @Test func test_a_checkpoint_reads_back_only_under_its_key_and_an_earlier_builds_unkeyed_file_reads_as_none() throws {
        let dir = makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/j.jsonl.checkpoint"
        let key = try XCTUnwrap(CheckpointKey(bytes: (0..<32).map { UInt8($0 * 3) }))
        let payload = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let header = CheckpointHeader(journalID: UUID(), seq: 42, hash: String(repeating: "a", count: 64), fingerprint: "f",
                                      offset: 1234)
        try payload.withUnsafeBytes { try CheckpointFile.write(path: path, header: header, payload: $0, key: key) }
        let read = try XCTUnwrap(CheckpointFile.read(path: path, fingerprint: "f", key: key))
        XCTAssertEqual(read.header, header)
        XCTAssertEqual(read.payload, payload)
        let other = try XCTUnwrap(CheckpointKey(bytes: (0..<32).map { UInt8($0 * 3 + 1) }))
        XCTAssertNil(CheckpointFile.read(path: path, fingerprint: "f", key: other), "another installation's key")
        let whole = bytes(path)
        // The format before authentication: header JSON with payloadXXH64, then the payload.
        var older = Array("JWCKPT\n".utf8)
        older += Array(("{\"fingerprint\":\"f\",\"format\":1,\"hash\":\"" + String(repeating: "a", count: 64)
            + "\",\"journal\":\"" + header.journalID.uuidString.lowercased() + "\",\"payloadBytes\":\(payload.count),"
            + "\"payloadXXH64\":\"" + payload.withUnsafeBytes { XXH64.hex(XXH64.hash($0)) } + "\",\"seq\":42}\n").utf8)
        write(older + payload, to: path)
        XCTAssertNil(CheckpointFile.read(path: path, fingerprint: "f", key: key), "a checkpoint of the unkeyed format")
        var flipped = whole
        flipped[flipped.count - 500] ^= 1
        write(flipped, to: path)
        XCTAssertNil(CheckpointFile.read(path: path, fingerprint: "f", key: key), "one bit of the payload changed")
        var header2 = whole
        header2[20] ^= 1
        write(header2, to: path)
        XCTAssertNil(CheckpointFile.read(path: path, fingerprint: "f", key: key), "one bit of the header changed")
        write(Array(whole.dropLast()), to: path)
        XCTAssertNil(CheckpointFile.read(path: path, fingerprint: "f", key: key), "truncated")
        write(whole, to: path)
        XCTAssertNotNil(CheckpointFile.read(path: path, fingerprint: "f", key: key))
    }
}
