import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuJournal

@Suite(.serialized) final class TornTailTests {
    @Test func test_truncating_at_every_offset_in_the_last_three_records_keeps_the_whole_records_before_the_cut() throws {
        let dir = makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let original = bytes(try makeFileJournal(in: dir, count: 6))
        let starts = lineStarts(original)  // 8 entries: 7 line starts + end
        XCTAssertEqual(starts.count, 8)
        let firstCut = starts[starts.count - 4]
        for cut in firstCut..<original.count {
            let caseDir = dir + "/cut-\(cut)"
            try FileManager.default.createDirectory(atPath: caseDir, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            let path = caseDir + "/journal.jsonl"
            write(Array(original[0..<cut]), to: path)
            // A cut exactly before a record's newline leaves that record whole: it is
            // completed, not moved aside (TrustFilesTests covers that case in full).
            let missingNewline = starts.contains(cut + 1)
            let wholeEnd = missingNewline ? cut + 1 : starts.last { $0 <= cut }!
            let wholeRecords = starts.firstIndex(of: wholeEnd)!

            let journal = try FileJournal(path: path, io: NoSyncIO.shared)
            XCTAssertEqual(journal.headSeq, UInt64(wholeRecords - 1), "cut \(cut)")
            XCTAssertEqual(bytes(path), Array(original[0..<wholeEnd]), "cut \(cut)")
            if missingNewline {
                XCTAssertEqual(journal.notices, [.newlineCompleted(seq: UInt64(wholeRecords - 1))], "cut \(cut)")
            } else if cut == wholeEnd {
                XCTAssertEqual(journal.notices, [], "cut \(cut)")
            } else {
                guard journal.notices.count == 1, case .tornTailRecovered(let count, let side) = journal.notices[0] else {
                    XCTFail("cut \(cut): expected one torn-tail notice, got \(journal.notices)")
                    continue
                }
                XCTAssertEqual(count, cut - wholeEnd, "cut \(cut)")
                XCTAssertTrue(side.hasPrefix(path + ".torn-"), side)
                XCTAssertEqual(bytes(side), Array(original[wholeEnd..<cut]), "cut \(cut)")
            }
            let report = try JournalInspector.verify(path: path, io: NoSyncIO.shared)
            XCTAssertTrue(report.isIntact, "cut \(cut)")
            XCTAssertEqual(report.tornBytes, 0, "cut \(cut)")
            XCTAssertEqual(report.count, wholeRecords, "cut \(cut)")
            // Reopening says nothing more, and appending continues the chain.
            let again = try FileJournal(path: path, clock: FixedClock(fixedNow), io: NoSyncIO.shared)
            XCTAssertEqual(again.notices, [], "cut \(cut)")
            XCTAssertEqual(try again.append { _ in [draft(99)] }.first?.seq, UInt64(wholeRecords), "cut \(cut)")
            try? FileManager.default.removeItem(atPath: caseDir)
        }
    }

    @Test func test_zeros_or_garbage_after_the_last_record_are_moved_aside() throws {
        let dir = makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let original = bytes(try makeFileJournal(in: dir, count: 3))
        let tails: [[UInt8]] = [
            [0], [UInt8](repeating: 0, count: 4096), Array("garbage\n".utf8), Array("garbage\nmore garbage".utf8),
            Array("\n\n".utf8), (0..<500).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }.filter { $0 != 10 },
            Array(#"{"seq":4,"id":"abc"#.utf8) + [0, 0, 0, 10] + [UInt8](repeating: 0, count: 100),
        ]
        for (i, tail) in tails.enumerated() {
            let path = dir + "/tail-\(i).jsonl"
            write(original + tail, to: path)
            let journal = try FileJournal(path: path)
            XCTAssertEqual(journal.headSeq, 3, "tail \(i)")
            XCTAssertEqual(bytes(path), original, "tail \(i)")
            guard journal.notices.count == 1, case .tornTailRecovered(let count, let side) = journal.notices[0] else {
                XCTFail("tail \(i): expected one torn-tail notice, got \(journal.notices)")
                continue
            }
            XCTAssertEqual(count, tail.count)
            XCTAssertEqual(bytes(side), tail, "tail \(i)")
            XCTAssertTrue(try JournalInspector.verify(path: path).isIntact)
        }
    }

    @Test func test_a_torn_tail_left_by_another_process_is_cut_before_appending() throws {
        let dir = makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try makeFileJournal(in: dir, count: 2)
        let journal = try FileJournal(path: path, clock: FixedClock(fixedNow))
        let handle = FileHandle(forWritingAtPath: path)!
        handle.seekToEndOfFile()
        handle.write(Data(#"{"seq":3,"id":"half a rec"#.utf8))
        handle.closeFile()
        let written = try journal.append { newcomers in
            XCTAssertEqual(newcomers, [])
            return [draft(7)]
        }
        XCTAssertEqual(written.first?.seq, 3)
        XCTAssertTrue(journal.notices.contains { if case .tornTailRecovered = $0 { return true } else { return false } })
        XCTAssertTrue(try JournalInspector.verify(path: path).isIntact)
    }
}

@Suite(.serialized) final class DamageTests {
    @Test func test_flipping_any_byte_of_a_record_followed_by_valid_records_is_damage_that_refuses_writes() throws {
        let dir = makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let original = bytes(try makeFileJournal(in: dir, count: 4))
        let starts = lineStarts(original)
        let path = dir + "/damaged.jsonl"
        // Every record that has a valid record after it: seq 0 (the header) … 3.
        for seq in 0..<4 {
            for offset in starts[seq]..<starts[seq + 1] {
                for mask: UInt8 in [0x01, 0xFF] {
                    var copy = original
                    copy[offset] ^= mask
                    write(copy, to: path)
                    let report = try JournalInspector.verify(path: path)
                    XCTAssertEqual(report.damaged?.seq, UInt64(seq), "seq \(seq) offset \(offset)")
                    XCTAssertEqual(report.damaged?.line, seq + 1, "seq \(seq) offset \(offset)")
                    if seq == 0 {
                        XCTAssertThrowsError(try FileJournal(path: path)) { error in
                            XCTAssertEqual(error as? JournalError, .damaged(path: path, seq: 0, line: 1))
                        }
                    } else {
                        let journal = try FileJournal(path: path)
                        XCTAssertTrue(journal.isReadOnly)
                        XCTAssertEqual(journal.notices, [.damaged(seq: UInt64(seq), line: seq + 1)])
                        XCTAssertThrowsError(try journal.append { _ in [draft(9)] }) { error in
                            XCTAssertEqual(error as? JournalError, .damaged(path: path, seq: UInt64(seq), line: seq + 1))
                            XCTAssertEqual((error as? JournalError)?.exitCode, 75)
                        }
                    }
                    XCTAssertEqual(bytes(path), copy, "the damaged file must not be modified (seq \(seq) offset \(offset))")
                }
            }
        }
    }

    @Test func test_a_complete_record_that_fails_its_check_at_the_tail_is_damage_not_a_torn_tail() throws {
        let dir = makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try makeFileJournal(in: dir, count: 3)
        var content = bytes(path)
        let starts = lineStarts(content)
        content[starts[3] + 40] ^= 0x01  // inside the last record's body
        write(content, to: path)
        let journal = try FileJournal(path: path)
        XCTAssertTrue(journal.isReadOnly)
        XCTAssertEqual(journal.notices, [.damaged(seq: 3, line: 4)])
        XCTAssertEqual(bytes(path), content)
    }

    @Test func test_salvage_copies_the_valid_prefix_and_the_remainder_and_leaves_the_original() throws {
        let dir = makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try makeFileJournal(in: dir, count: 5)
        var content = bytes(path)
        let starts = lineStarts(content)
        content[starts[3] + 30] ^= 0x04
        write(content, to: path)
        let result = try JournalInspector.salvage(path: path, into: dir + "/out", clock: FixedClock(fixedNow))
        XCTAssertEqual(bytes(path), content)
        XCTAssertEqual(bytes(result.journalPath), Array(content[0..<starts[3]]))
        XCTAssertEqual(bytes(result.remainderPath), Array(content[starts[3]...]))
        XCTAssertEqual(result.validCount, 3)
        let salvaged = try FileJournal(path: result.journalPath, clock: FixedClock(fixedNow))
        XCTAssertFalse(salvaged.isReadOnly)
        XCTAssertEqual(try salvaged.append { _ in [draft(50)] }.first?.seq, 3)
    }
}

@Suite(.serialized) final class FaultInjectionTests {
    private func setUp(_ dir: String) throws -> (String, FaultyIO, FileJournal) {
        let path = try makeFileJournal(in: dir, count: 2)
        let io = FaultyIO()
        return (path, io, try FileJournal(path: path, clock: FixedClock(fixedNow), io: io))
    }

    @Test func test_short_writes_are_completed_and_leave_whole_records() throws {
        let dir = makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (path, io, journal) = try setUp(dir)
        io.maxWrite = 7
        let written = try journal.append { _ in [draft(10), draft(11)] }
        XCTAssertEqual(written.map(\.seq), [3, 4])
        let report = try JournalInspector.verify(path: path)
        XCTAssertTrue(report.isIntact)
        XCTAssertEqual(report.headSeq, 4)
    }

    @Test func test_enospc_or_eio_part_way_is_a_clear_error_and_leaves_no_partial_record() throws {
        for code in [ENOSPC, EIO] {
            for after in [0, 1, 50, 300] {
                let dir = makeTempDirectory()
                defer { try? FileManager.default.removeItem(atPath: dir) }
                let (path, io, journal) = try setUp(dir)
                let before = bytes(path)
                io.maxWrite = 64  // short writes too, so the failure lands part way through a record
                io.failWrites(errno: code, afterBytes: after)
                XCTAssertThrowsError(try journal.append { _ in [draft(10), draft(11)] }) { error in
                    XCTAssertEqual(error as? JournalError, .io(path: path, operation: "write", errno: code))
                    XCTAssertEqual((error as? JournalError)?.exitCode, 74)
                }
                XCTAssertEqual(bytes(path), before, "errno \(code) after \(after)")
                io.heal()
                XCTAssertEqual(try journal.append { _ in [draft(12)] }.first?.seq, 3)
                XCTAssertTrue(try JournalInspector.verify(path: path).isIntact)
            }
        }
    }

    @Test func test_a_failed_fdatasync_is_reported_and_stops_every_later_write() throws {
        let dir = makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (path, io, journal) = try setUp(dir)
        io.failSyncs(errno: EIO)
        XCTAssertThrowsError(try journal.append { _ in [draft(10)] }) { error in
            XCTAssertEqual(error as? JournalError, .syncFailed(path: path, errno: EIO))
            XCTAssertEqual((error as? JournalError)?.exitCode, 74)
        }
        io.heal()
        let size = bytes(path).count
        XCTAssertThrowsError(try journal.append { _ in [draft(11)] }) { error in
            XCTAssertEqual(error as? JournalError, .stopped(path: path))
        }
        XCTAssertThrowsError(try journal.appendBulk { draft(12) }) { error in
            XCTAssertEqual(error as? JournalError, .stopped(path: path))
        }
        XCTAssertEqual(bytes(path).count, size, "nothing written after the failed sync")
        XCTAssertTrue(try JournalInspector.verify(path: path).isIntact, "no partial record")
    }

    @Test func test_a_failed_write_in_bulk_append_leaves_nothing_of_the_batch() throws {
        let dir = makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (path, io, journal) = try setUp(dir)
        let before = bytes(path)
        io.failWrites(errno: ENOSPC, afterBytes: 5 << 20)
        var n = 0
        XCTAssertThrowsError(try journal.appendBulk {
            n += 1
            return n <= 40_000 ? draft(n) : nil
        })
        XCTAssertEqual(bytes(path), before)
    }
}

@Suite(.serialized) final class FileJournalBehaviourTests {
    @Test func test_a_missing_journal_is_reported_with_its_path() {
        XCTAssertThrowsError(try FileJournal(path: "/nonexistent-jingwu/j.jsonl")) { error in
            XCTAssertEqual(error as? JournalError, .missing(path: "/nonexistent-jingwu/j.jsonl"))
            XCTAssertEqual((error as? JournalError)?.exitCode, 66)
        }
    }

    @Test func test_create_refuses_to_overwrite_and_makes_private_file_and_directories() throws {
        let dir = makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/a/b/journal.jsonl"
        _ = try FileJournal.create(path: path, station: "S", office: "O")
        XCTAssertEqual(PosixIO.shared.stat(path)?.mode, 0o600)
        XCTAssertEqual(PosixIO.shared.stat(dir + "/a/b")?.mode, 0o700)
        XCTAssertEqual(PosixIO.shared.stat(dir + "/a")?.mode, 0o700)
        let before = bytes(path)
        XCTAssertThrowsError(try FileJournal.create(path: path, station: "S", office: "O")) { error in
            XCTAssertEqual(error as? JournalError, .alreadyExists(path: path))
            XCTAssertEqual((error as? JournalError)?.exitCode, 73)
        }
        XCTAssertEqual(bytes(path), before)
    }

    @Test func test_a_journal_readable_by_others_is_reported_on_open() throws {
        let dir = makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try makeFileJournal(in: dir, count: 1)
        XCTAssertEqual(try FileJournal(path: path).notices, [])
        chmod(path, 0o644)
        XCTAssertEqual(try FileJournal(path: path).notices, [.permissionsTooOpen(path: path, mode: 0o644)])
        chmod(path, 0o600)
        chmod(dir, 0o755)
        XCTAssertEqual(try FileJournal(path: path).notices, [.permissionsTooOpen(path: dir, mode: 0o755)])
        // A sticky shared directory like /tmp is not the journal's problem when the file itself is 0600.
        XCTAssertEqual(chmod(dir, 0o1777), 0)
        XCTAssertEqual(try FileJournal(path: path).notices, [])
    }

    @Test func test_appends_from_another_instance_arrive_as_newcomers() throws {
        let dir = makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try makeFileJournal(in: dir, count: 1)
        let a = try FileJournal(path: path, clock: FixedClock(fixedNow))
        let b = try FileJournal(path: path, clock: FixedClock(fixedNow))
        let fromA = try a.append { _ in [draft(2), draft(3)] }
        var seen: [JournalRecord] = []
        let fromB = try b.append { newcomers in
            seen = newcomers
            return [draft(4)]
        }
        XCTAssertEqual(seen, fromA)
        XCTAssertEqual(fromB.first?.seq, 4)
        XCTAssertEqual(try a.refresh(), fromB)
        XCTAssertEqual(a.headHash, b.headHash)
        var all: [UInt64] = []
        try a.replayAll { all.append($0.seq) }
        XCTAssertEqual(all, [0, 1, 2, 3, 4])
    }

    @Test func test_two_writers_appending_at_once_produce_a_gap_free_valid_chain() throws {
        let dir = makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try makeFileJournal(in: dir, count: 0)
        let group = DispatchGroup()
        let errors = NSLock()
        nonisolated(unsafe) var failures: [Error] = []
        for writer in 0..<2 {
            group.enter()
            Thread {
                defer { group.leave() }
                do {
                    let journal = try FileJournal(path: path)
                    for i in 0..<300 { try journal.append { _ in [draft(writer * 1000 + i)] } }
                } catch {
                    errors.withLock { failures.append(error) }
                }
            }.start()
        }
        group.wait()
        XCTAssertEqual(failures.count, 0, "\(failures)")
        let report = try JournalInspector.verify(path: path)
        XCTAssertTrue(report.isIntact)
        XCTAssertEqual(report.count, 601)
        var ids = Set<UUID>()
        try FileJournal(path: path).replay(from: 1) { ids.insert($0.id) }
        XCTAssertEqual(ids.count, 600)
    }

    @Test func test_replay_from_a_seq_past_index_stride_starts_there() throws {
        let dir = makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try makeFileJournal(in: dir, count: 0)
        let journal = try FileJournal(path: path, clock: FixedClock(fixedNow))
        var n = 0
        try journal.appendBulk {
            n += 1
            return n <= 10_000 ? draft(n) : nil
        }
        let reopened = try FileJournal(path: path)
        XCTAssertEqual(reopened.headSeq, 10_000)
        var seqs: [UInt64] = []
        try reopened.replay(from: 8_193) { seqs.append($0.seq) }
        XCTAssertEqual(seqs, Array(8_193...10_000))
        XCTAssertEqual(reopened.report.count, 10_001)
    }

    @Test func test_record_lines_end_with_the_hash_field_and_hash_the_bytes_before_it() throws {
        let dir = makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try makeFileJournal(in: dir, count: 1)
        let content = bytes(path)
        let lines = content.split(separator: 10).map(Array.init)
        XCTAssertEqual(lines.count, 2)
        var previous = RecordFormat.zeroHash
        for line in lines {
            let body = Array(line[0..<(line.count - 75)])
            XCTAssertEqual(Array(line[(line.count - 75)..<(line.count - 66)]), Array(#","hash":""#.utf8))
            let expected = line.withUnsafeBytes { _ in
                body.withUnsafeBytes { SHA256Hasher().chain(previous: previous, body: $0) }
            }
            XCTAssertEqual(String(decoding: line[(line.count - 66)..<(line.count - 2)], as: UTF8.self), RecordFormat.hex(expected))
            previous = expected
        }
        let text = String(decoding: lines[1], as: UTF8.self)
        XCTAssertTrue(text.hasPrefix(#"{"seq":1,"id":"00000000-0000-4000-8000-000000000000","type":"PatrolStarted","v":1,"at":"2026-11-23T09:31:12+08:00","recorded":"2026-11-23T09:31:12+08:00","by":"1001","data":{"n":0,"#), text)
        XCTAssertEqual(RFC3339.format(fixedNow), "2026-11-23T09:31:12+08:00")
    }
}
