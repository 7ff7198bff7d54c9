import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuJournal

/// Byte-level corruption anywhere in a journal: opening must never drop an
/// acknowledged record as if it were a torn tail, and never accept a changed file.
@Suite(.serialized) final class AdversarialCorruptionTests {
    /// Index of the original line holding byte `offset` (its newline included).
    private func lineIndex(of offset: Int, starts: [Int]) -> Int {
        starts.lastIndex { $0 <= offset }!
    }

    @Test func test_every_single_byte_change_is_damage_naming_its_record_unless_it_hits_the_final_newline() throws {
        let dir = makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let original = bytes(try makeVariedJournal(in: dir, count: 7))
        let starts = lineStarts(original)  // line starts + end
        let records = starts.count - 1
        var random = SeededRandom(seed: 0x5EED_0001)
        let path = dir + "/flip.jsonl"
        for offset in 0..<original.count {
            var copy = original
            // Half the trials write a random different byte, half a byte that changes the line structure.
            let special: [UInt8] = [10, 13, 0, 48, 65, 34, 125, 32]
            repeat {
                copy[offset] = random.next() % 2 == 0 ? UInt8.random(in: 0...255, using: &random)
                    : special[Int(random.next() % UInt64(special.count))]
            } while copy[offset] == original[offset]
            for side in sideFiles(of: path) { try FileManager.default.removeItem(atPath: side) }
            write(copy, to: path)
            let k = lineIndex(of: offset, starts: starts)
            let label = "offset \(offset) (record \(k)) byte \(original[offset]) -> \(copy[offset])"

            if offset == original.count - 1 {
                // The last record lost its newline: an unfinished line, which is what a crash leaves.
                let journal = try FileJournal(path: path)
                XCTAssertEqual(journal.headSeq, UInt64(records - 2), label)
                XCTAssertTrue(bytes(path) == Array(original[0..<starts[records - 1]]), label)
                XCTAssertTrue(sideFiles(of: path).map(bytes) == [Array(copy[starts[records - 1]...])], label)
                continue
            }
            let report = try JournalInspector.verify(path: path)
            XCTAssertEqual(report.damaged?.seq, UInt64(k), label)
            XCTAssertEqual(report.damaged?.line, k + 1, label)
            if k == 0 {
                XCTAssertThrowsError(try FileJournal(path: path), label)
            } else {
                let journal = try FileJournal(path: path)
                XCTAssertTrue(journal.isReadOnly, label)
                XCTAssertEqual(journal.headSeq, UInt64(k - 1), label)
                XCTAssertThrowsError(try journal.append { _ in [draft(1)] }, label)
            }
            XCTAssertTrue(bytes(path) == copy, "the file must not change: " + label)
            XCTAssertEqual(sideFiles(of: path), [], label)
        }
    }

    /// Lines a person or a bug could have edited still count as records, so
    /// they are never taken for a torn tail (mirrors the rule documented in the scanner).
    private func looksLikeRecord(_ raw: [UInt8]) -> Bool {
        var line = raw[...]
        while let last = line.last, last == 13 || last == 32 || last == 9 { line = line.dropLast() }
        let n = line.count
        let l = Array(line)
        var markers = 0
        if l.starts(with: Array(#"{"seq":"#.utf8)) { markers += 1 }
        let recorded = Array(#","recorded":""#.utf8)
        if n >= recorded.count, (0...(n - recorded.count)).contains(where: { Array(l[$0..<($0 + recorded.count)]) == recorded }) {
            markers += 1
        }
        if n >= 75, Array(l[(n - 75)..<(n - 66)]) == ReferenceReader.hashKey { markers += 1 }
        if n >= 2, l[n - 2] == 34, l[n - 1] == 125 { markers += 1 }
        return markers >= 2  // two of: start, recorded key, hash key, closing "}
    }

    @Test func test_random_multi_byte_corruption_never_drops_a_record_and_salvage_copies_every_byte() throws {
        let dir = makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let original = bytes(try makeVariedJournal(in: dir, count: 9))
        let originalHead = ReferenceReader.validPrefix(original).head
        var random = SeededRandom(seed: 0xC0FF_EE42)
        let interesting: [UInt8] = [10, 13, 0, 34, 44, 123, 125, 48, 97]
        for trial in 0..<400 {
            let caseDir = caseDirectory(dir, "t")
            let path = caseDir + "/journal.jsonl"
            var copy = original
            let edits = 1 + Int(random.next() % 5)
            for _ in 0..<edits {
                let at = Int(random.next() % UInt64(copy.count))
                switch random.next() % 10 {
                case 0..<5:
                    copy[at] = random.next() % 3 == 0 ? interesting[Int(random.next() % 9)] : UInt8(truncatingIfNeeded: random.next())
                case 5, 6:
                    copy.removeSubrange(at..<min(copy.count, at + 1 + Int(random.next() % 40)))
                case 7, 8:
                    let n = 1 + Int(random.next() % 8)
                    copy.insert(contentsOf: (0..<n).map { _ in interesting[Int(random.next() % 9)] }, at: at)
                default:
                    copy.append(contentsOf: (0..<Int(random.next() % 30)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
                }
                if copy.isEmpty { copy = [0] }
            }
            let label = "trial \(trial)"
            let reference = ReferenceReader.validPrefix(copy)
            write(copy, to: path)

            // verify: agrees with the independent reader; "intact" only for the untouched file.
            let report = try JournalInspector.verify(path: path)
            XCTAssertEqual(report.count, reference.count, label)
            if report.isIntact && report.tornBytes == 0 && report.headHash == originalHead {
                XCTAssertEqual(copy, original, "a changed journal verified with the old head hash: " + label)
            }
            XCTAssertTrue(bytes(path) == copy, label)

            // salvage: the prefix verifies, prefix + remainder are the original bytes.
            let out = caseDir + "/out"
            let salvage = try JournalInspector.salvage(path: path, into: out, clock: FixedClock(fixedNow), io: NoSyncIO.shared)
            XCTAssertTrue(bytes(salvage.journalPath) + bytes(salvage.remainderPath) == copy, label)
            XCTAssertEqual(salvage.validCount, reference.count, label)
            if reference.count > 0 {
                let prefix = try JournalInspector.verify(path: salvage.journalPath)
                XCTAssertTrue(prefix.isIntact && prefix.tornBytes == 0, label)
                XCTAssertEqual(prefix.count, reference.count, label)
            }
            XCTAssertTrue(bytes(path) == copy, label)

            // open: damage leaves the file alone; a torn tail moves only what is not a record.
            let rest = ReferenceReader.lines(copy[reference.end...])
            let movable = !rest.complete.contains(where: looksLikeRecord)
            do {
                let journal = try FileJournal(path: path, clock: FixedClock(fixedNow), io: NoSyncIO.shared)
                XCTAssertEqual(journal.headSeq, UInt64(reference.count - 1), label)
                if journal.isReadOnly {
                    XCTAssertTrue(bytes(path) == copy, label)
                    XCTAssertEqual(journal.notices.last, .damaged(seq: UInt64(reference.count), line: reference.count + 1), label)
                } else {
                    XCTAssertTrue(movable, "moved aside a record-like line: " + label)
                    XCTAssertTrue(bytes(path) == Array(copy[0..<reference.end]), label)
                    XCTAssertTrue(sideFiles(of: path).map(bytes).reduce([], +) == Array(copy[reference.end...]), label)
                }
            } catch let error as JournalError {
                XCTAssertEqual(reference.count == 0 || reference.end == 0, true, "\(error) " + label)
                XCTAssertTrue(bytes(path) == copy, label)
            }
        }
    }
}
