import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuJournal

/// A `FileIO` on a read-only mount: every open for writing fails with EROFS.
final class ReadOnlyMountIO: ForwardingIO, @unchecked Sendable {
    override func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
        if flags & O_ACCMODE != O_RDONLY || flags & O_CREAT != 0 { errno = EROFS; return -1 }
        return base.open(path, flags, mode)
    }
    override func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { errno = EBADF; return -1 }
    override func ftruncate(_ fd: Int32, _ length: Int) -> Int32 { errno = EROFS; return -1 }
    override func mkdir(_ path: String, _ mode: mode_t) -> Int32 { errno = EROFS; return -1 }
    override func unlink(_ path: String) -> Int32 { errno = EROFS; return -1 }
    override func link(_ from: String, _ to: String) -> Int32 { errno = EROFS; return -1 }
    override func rename(_ from: String, _ to: String) -> Int32 { errno = EROFS; return -1 }
}

/// Issue 14: files jingwu creates never land on the journal (or anything it keeps),
/// FIFOs and directories never hang or pass for a journal, a last record missing only
/// its newline is completed, and a journal that may only be read still reads.
@Suite(.serialized) final class TrustFilesTests {
    private var dir = ""
    init() { dir = makeTempDirectory() }
    deinit { try? FileManager.default.removeItem(atPath: dir) }

    private func files(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    private func assertProtected(_ path: String, _ reason: JournalError.ProtectedTarget, existing: AtomicFile.Existing = .replace,
                                 file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try AtomicFile.write(Array("report\n".utf8), to: path, existing: existing),
                             path, file: file, line: line) { error in
            XCTAssertEqual(error as? JournalError, .protectedTarget(path: path, reason: reason), file: file, line: line)
        }
    }

    // MARK: One way to create files

    @Test func test_an_export_onto_the_journal_its_checkpoint_side_files_a_symlink_or_a_fifo_is_refused_and_nothing_changes() throws {
        let journal = try makeFileJournal(in: dir, count: 3)
        let before = bytes(journal)
        let checkpoint = CheckpointFile.path(forJournal: journal)
        try CheckpointFile.write(path: checkpoint, header: CheckpointHeader(
            journalID: UUID(), seq: 3, hash: String(repeating: "a", count: 64), fingerprint: "f"), payload: UnsafeRawBufferPointer(start: nil, count: 0), key: testKey)
        let checkpointBefore = bytes(checkpoint)
        // The journal itself, and the same file under another name (a hard link, a copy).
        assertProtected(journal, .journal)
        XCTAssertEqual(link(journal, dir + "/hardlink.md"), 0)
        assertProtected(dir + "/hardlink.md", .journal)
        write(before, to: dir + "/copy.txt")
        assertProtected(dir + "/copy.txt", .journal)
        // The checkpoint, by name and by content.
        assertProtected(checkpoint, .checkpoint)
        write(checkpointBefore, to: dir + "/renamed.csv")
        assertProtected(dir + "/renamed.csv", .checkpoint)
        // Side files the journal owns, by name, even before they exist.
        assertProtected(journal + ".torn-20261123T093112", .sideFile)
        assertProtected(dir + "/.journal.jsonl.demo-123", .sideFile)
        assertProtected(journal + ".checkpoint.tmp-123", .sideFile)
        // A symlink is never followed, whatever it points at.
        XCTAssertEqual(symlink(journal, dir + "/link.md"), 0)
        assertProtected(dir + "/link.md", .symlink)
        write(Array("victim".utf8), to: dir + "/victim.txt")
        XCTAssertEqual(symlink(dir + "/victim.txt", dir + "/link2.md"), 0)
        assertProtected(dir + "/link2.md", .symlink)
        XCTAssertEqual(symlink(dir + "/nowhere", dir + "/dangling.md"), 0)
        assertProtected(dir + "/dangling.md", .symlink)
        // Not regular files.
        XCTAssertEqual(mkfifo(dir + "/fifo.md", 0o600), 0)
        assertProtected(dir + "/fifo.md", .notRegular)
        try FileManager.default.createDirectory(atPath: dir + "/folder.md", withIntermediateDirectories: false)
        assertProtected(dir + "/folder.md", .notRegular)

        XCTAssertEqual(bytes(journal), before)
        XCTAssertEqual(bytes(checkpoint), checkpointBefore)
        XCTAssertEqual(bytes(dir + "/victim.txt"), Array("victim".utf8))
        XCTAssertFalse(files(dir).contains { $0.contains(".tmp-") }, "\(files(dir))")
    }

    @Test func test_a_replaced_file_is_renamed_over_never_written_in_place_and_is_private() throws {
        let target = dir + "/bulletin.md"
        write(Array("old report".utf8), to: target)
        XCTAssertEqual(chmod(target, 0o644), 0)
        XCTAssertEqual(link(target, dir + "/other-name.md"), 0)
        try AtomicFile.write(Array("new report".utf8), to: target, existing: .replace)
        XCTAssertEqual(bytes(target), Array("new report".utf8))
        // The old inode was not truncated or written: its other name still has the old bytes.
        XCTAssertEqual(bytes(dir + "/other-name.md"), Array("old report".utf8))
        XCTAssertEqual(PosixIO.shared.stat(target)?.mode, 0o600)
        XCTAssertEqual(files(dir), ["bulletin.md", "other-name.md"])
    }

    @Test func test_create_new_never_replaces_and_a_failure_leaves_no_temporary_file() throws {
        let target = dir + "/salvaged.jsonl"
        write(Array("keep".utf8), to: target)
        XCTAssertThrowsError(try AtomicFile.write([1, 2, 3], to: target, existing: .createNew)) { error in
            XCTAssertEqual(error as? JournalError, .alreadyExists(path: target))
        }
        XCTAssertEqual(bytes(target), Array("keep".utf8))
        let io = FaultyIO()
        io.failSyncs(errno: EIO)
        XCTAssertThrowsError(try AtomicFile.write([1, 2, 3], to: dir + "/new.md", existing: .replace, io: io))
        io.heal()
        io.failWrites(errno: ENOSPC, afterBytes: 1)
        XCTAssertThrowsError(try AtomicFile.write([1, 2, 3], to: dir + "/new.md", existing: .createNew, io: io))
        XCTAssertEqual(files(dir), ["salvaged.jsonl"])
    }

    @Test func test_a_symlink_planted_at_the_checkpoints_old_temporary_name_is_not_written_through() throws {
        let journal = try makeFileJournal(in: dir, count: 2)
        let before = bytes(journal)
        let checkpoint = CheckpointFile.path(forJournal: journal)
        // The name the checkpoint writer used to use, and a few like it.
        for pid in [getpid(), getpid() + 1, 1] {
            XCTAssertEqual(symlink(journal, checkpoint + ".tmp-\(pid)"), 0)
        }
        let payload: [UInt8] = Array("state".utf8)
        try payload.withUnsafeBytes {
            try CheckpointFile.write(path: checkpoint, header: CheckpointHeader(
                journalID: UUID(), seq: 2, hash: String(repeating: "b", count: 64), fingerprint: "f"), payload: $0, key: testKey)
        }
        XCTAssertEqual(bytes(journal), before)
        XCTAssertNotNil(CheckpointFile.read(path: checkpoint, fingerprint: "f", key: testKey))
        // A journal or a symlink at the checkpoint's own name is not replaced either.
        try FileManager.default.removeItem(atPath: checkpoint)
        XCTAssertEqual(symlink(journal, checkpoint), 0)
        XCTAssertThrowsError(try payload.withUnsafeBytes {
            try CheckpointFile.write(path: checkpoint, header: CheckpointHeader(
                journalID: UUID(), seq: 2, hash: String(repeating: "b", count: 64), fingerprint: "f"), payload: $0, key: testKey)
        })
        XCTAssertEqual(bytes(journal), before)
    }

    @Test func test_a_symlink_planted_at_the_torn_tail_side_name_is_not_followed() throws {
        let journal = try makeFileJournal(in: dir, count: 2)
        let clean = bytes(journal)
        let tail = Array(#"{"seq":3,"id":"torn"#.utf8)
        write(clean + tail, to: journal)
        write(Array("victim".utf8), to: dir + "/victim")
        let predictable = journal + ".torn-" + FileJournal.compactStamp(fixedNow)
        XCTAssertEqual(symlink(dir + "/victim", predictable), 0)
        let opened = try FileJournal(path: journal, clock: FixedClock(fixedNow))
        guard case .tornTailRecovered(let count, let side)? = opened.notices.first else {
            return XCTFail("\(opened.notices)")
        }
        XCTAssertEqual(count, tail.count)
        XCTAssertEqual(side, predictable + "-2")
        XCTAssertEqual(bytes(side), tail)
        XCTAssertEqual(bytes(dir + "/victim"), Array("victim".utf8))
        XCTAssertEqual(bytes(journal), clean)
    }

    @Test func test_salvage_never_writes_onto_a_file_or_symlink_already_at_its_output_names() throws {
        let journal = try makeFileJournal(in: dir, count: 2)
        write(bytes(journal) + Array("garbage that is not a record\n".utf8) + bytes(journal).suffix(200), to: journal)
        let before = bytes(journal)
        let out = caseDirectory(dir, "out")
        let stamp = FileJournal.compactStamp(fixedNow)
        XCTAssertEqual(symlink(journal, out + "/journal-salvaged-" + stamp + ".jsonl"), 0)
        XCTAssertThrowsError(try JournalInspector.salvage(path: journal, into: out, clock: FixedClock(fixedNow))) { error in
            XCTAssertEqual(error as? JournalError, .protectedTarget(path: out + "/journal-salvaged-" + stamp + ".jsonl", reason: .symlink))
        }
        XCTAssertEqual(bytes(journal), before)
        XCTAssertEqual(files(out), ["journal-salvaged-" + stamp + ".jsonl"])
    }

    @Test func test_publishing_a_demo_takes_only_the_checkpoint_file_it_wrote_never_a_symlink_at_its_name() throws {
        let temporary = try makeFileJournal(in: dir, count: 1, name: ".journal.jsonl.demo-42")
        write(Array("victim".utf8), to: dir + "/victim")
        XCTAssertEqual(symlink(dir + "/victim", temporary + ".checkpoint"), 0)
        let path = dir + "/journal.jsonl"
        try FileJournal.publish(temporary: temporary, as: path)
        XCTAssertNil(PosixIO.shared.linkType(CheckpointFile.path(forJournal: path)))
        XCTAssertNil(PosixIO.shared.linkType(temporary + ".checkpoint"))
        XCTAssertEqual(bytes(dir + "/victim"), Array("victim".utf8))
        XCTAssertTrue(try JournalInspector.verify(path: path).isIntact)
        // A journal already at the name is never replaced.
        let second = try makeFileJournal(in: dir, count: 2, name: ".journal.jsonl.demo-43")
        let before = bytes(path)
        XCTAssertThrowsError(try FileJournal.publish(temporary: second, as: path)) { error in
            XCTAssertEqual(error as? JournalError, .alreadyExists(path: path))
        }
        XCTAssertEqual(bytes(path), before)
    }

    // MARK: Non-regular files

    /// Runs `body` on another thread; fails (instead of hanging the suite) when it blocks.
    private func withinSeconds<T>(_ seconds: Double, _ body: @escaping @Sendable () -> T) -> T? {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: T?
        Thread.detachNewThread {
            result = body()
            done.signal()
        }
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return result
    }

    @Test func test_a_fifo_or_directory_at_the_journal_path_is_refused_at_once_naming_it() throws {
        let fifo = dir + "/fifo.jsonl"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let folder = dir + "/folder.jsonl"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        for path in [fifo, folder] {
            let opened = withinSeconds(5) { () -> JournalError? in
                do { _ = try FileJournal(path: path); return nil } catch { return error as? JournalError }
            }
            XCTAssertEqual(opened, .notRegularFile(path: path), "open \(path) hung or passed")
            XCTAssertEqual(opened??.exitCode, 66)
            let verified = withinSeconds(5) { () -> JournalError? in
                do { _ = try JournalInspector.verify(path: path); return nil } catch { return error as? JournalError }
            }
            XCTAssertEqual(verified, .notRegularFile(path: path), "verify \(path) hung or passed")
        }
    }

    @Test func test_a_fifo_or_directory_at_the_checkpoint_path_reads_as_no_checkpoint_without_blocking() throws {
        let journal = try makeFileJournal(in: dir, count: 1)
        let checkpoint = CheckpointFile.path(forJournal: journal)
        XCTAssertEqual(mkfifo(checkpoint, 0o600), 0)
        let loaded = withinSeconds(5) { CheckpointFile.read(path: checkpoint, fingerprint: "f", key: testKey) == nil }
        XCTAssertEqual(loaded, true, "reading a FIFO checkpoint hung")
        try FileManager.default.removeItem(atPath: checkpoint)
        try FileManager.default.createDirectory(atPath: checkpoint, withIntermediateDirectories: false)
        XCTAssertNil(CheckpointFile.read(path: checkpoint, fingerprint: "f", key: testKey))
    }

    // MARK: A last record missing only its newline

    @Test func test_a_last_record_missing_only_its_newline_is_completed_and_its_seq_never_reused() throws {
        let path = try makeFileJournal(in: dir, count: 4)
        let original = bytes(path)
        write(Array(original.dropLast()), to: path)
        // verify (read-only) counts it and changes nothing.
        let report = try JournalInspector.verify(path: path)
        XCTAssertTrue(report.isIntact)
        XCTAssertEqual(report.count, 5)
        XCTAssertEqual(report.tornBytes, 0)
        XCTAssertTrue(report.missingNewline)
        XCTAssertEqual(bytes(path), Array(original.dropLast()))

        let journal = try FileJournal(path: path, clock: FixedClock(fixedNow))
        XCTAssertEqual(journal.notices, [.newlineCompleted(seq: 4)])
        XCTAssertEqual(journal.headSeq, 4)
        XCTAssertEqual(bytes(path), original)
        XCTAssertEqual(sideFiles(of: path), [])
        var seen: [UInt64] = []
        try journal.replayAll { seen.append($0.seq) }
        XCTAssertEqual(seen, [0, 1, 2, 3, 4])
        XCTAssertEqual(try journal.append { _ in [draft(50)] }.first?.seq, 5)
        let after = try JournalInspector.verify(path: path)
        XCTAssertTrue(after.isIntact)
        XCTAssertEqual(after.count, 6)
        XCTAssertFalse(after.missingNewline)
    }

    @Test func test_a_writer_catching_up_completes_a_newline_another_process_left_off() throws {
        let path = try makeFileJournal(in: dir, count: 2)
        let journal = try FileJournal(path: path, clock: FixedClock(fixedNow))
        let other = try FileJournal(path: path, clock: FixedClock(fixedNow))
        try other.append { _ in [draft(7)] }
        let full = bytes(path)
        XCTAssertEqual(truncate(path, off_t(full.count - 1)), 0)
        let written = try journal.append { newcomers in
            XCTAssertEqual(newcomers.map(\.seq), [3])
            return [draft(8)]
        }
        XCTAssertEqual(written.first?.seq, 4)
        XCTAssertEqual(Array(bytes(path).prefix(full.count)), full)
        XCTAssertTrue(try JournalInspector.verify(path: path).isIntact)
        XCTAssertEqual(try JournalInspector.verify(path: path).count, 5)
    }

    /// Failing each call of opening a journal whose last record lacks its newline: the
    /// file is either as it was or completed, the record is never moved aside, and a
    /// later healthy open gives the next write the next seq.
    @Test func test_failing_each_call_of_completing_a_newline_never_moves_the_record_aside() throws {
        let original = bytes(try makeFileJournal(in: dir, count: 3))
        let cut = Array(original.dropLast())
        var k = 1
        while k < 200 {
            let path = caseDirectory(dir, "open") + "/journal.jsonl"
            write(cut, to: path)
            let io = NthCallFailingIO()
            io.arm(k)
            var opened = try? FileJournal(path: path, clock: FixedClock(fixedNow), io: io, lockTimeout: 1)
            let failed = io.failedCall
            io.disarm()
            let notices = opened?.notices
            opened = nil  // closes it (a failed unlock leaves the lock with the descriptor)
            let now = bytes(path)
            XCTAssertTrue(now == cut || now == original, "call \(k) (\(failed ?? "-")): journal bytes")
            XCTAssertEqual(sideFiles(of: path), [], "call \(k) (\(failed ?? "-")): moved aside")
            let healthy = try FileJournal(path: path, clock: FixedClock(fixedNow))
            XCTAssertEqual(try healthy.append { _ in [draft(9)] }.first?.seq, 4, "call \(k) (\(failed ?? "-"))")
            XCTAssertTrue(try JournalInspector.verify(path: path).isIntact, "call \(k)")
            if failed == nil {
                XCTAssertEqual(notices, [.newlineCompleted(seq: 3)])
                break
            }
            k += 1
        }
        XCTAssertLessThan(k, 200)
    }

    @Test func test_a_header_missing_only_its_newline_is_completed() throws {
        let path = try makeFileJournal(in: dir, count: 0)
        let original = bytes(path)
        write(Array(original.dropLast()), to: path)
        let journal = try FileJournal(path: path, clock: FixedClock(fixedNow))
        XCTAssertEqual(journal.notices, [.newlineCompleted(seq: 0)])
        XCTAssertEqual(bytes(path), original)
        XCTAssertEqual(try journal.append { _ in [draft(1)] }.first?.seq, 1)
    }

    @Test func test_a_record_cut_anywhere_else_is_still_a_torn_tail() throws {
        let path = try makeFileJournal(in: dir, count: 2)
        let original = bytes(path)
        let starts = lineStarts(original)
        for cut in [original.count - 2, original.count - 3, original.count - 70, starts[starts.count - 2] + 1] {
            write(Array(original[0..<cut]), to: path)
            let journal = try FileJournal(path: path, clock: FixedClock(fixedNow))
            XCTAssertEqual(journal.headSeq, 1, "cut \(cut)")
            guard case .tornTailRecovered? = journal.notices.first else { return XCTFail("cut \(cut): \(journal.notices)") }
            for side in sideFiles(of: path) { try FileManager.default.removeItem(atPath: side) }
        }
    }

    // MARK: A journal that may only be read

    @Test func test_a_journal_on_a_read_only_mount_opens_for_reading_and_refuses_writes_only() throws {
        let path = try makeFileJournal(in: dir, count: 3)
        let before = bytes(path)
        let io = ReadOnlyMountIO()
        let journal = try FileJournal(path: path, io: io)
        XCTAssertTrue(journal.isReadOnlyFile)
        XCTAssertTrue(journal.isReadOnly)
        XCTAssertEqual(journal.headSeq, 3)
        var seen: [UInt64] = []
        try journal.replayAll { seen.append($0.seq) }
        XCTAssertEqual(seen, [0, 1, 2, 3])
        XCTAssertThrowsError(try journal.append { _ in [draft(9)] }) { error in
            XCTAssertEqual(error as? JournalError, .readOnlyFile(path: path))
            XCTAssertEqual((error as? JournalError)?.exitCode, 74)
        }
        XCTAssertEqual(try JournalInspector.verify(path: path, io: io).count, 4)
        XCTAssertEqual(bytes(path), before)
    }

    @Test func test_a_read_only_journal_with_a_torn_tail_or_missing_newline_is_read_and_left_as_it_is() throws {
        let path = try makeFileJournal(in: dir, count: 3)
        let clean = bytes(path)
        for content in [clean + Array(#"{"seq":4,"#.utf8), Array(clean.dropLast())] {
            write(content, to: path)
            let journal = try FileJournal(path: path, io: ReadOnlyMountIO())
            XCTAssertEqual(journal.headSeq, content.count < clean.count ? 2 : 3)
            XCTAssertEqual(journal.notices.filter { if case .permissionsTooOpen = $0 { return false } else { return true } }, [])
            var count = 0
            try journal.replayAll { _ in count += 1 }
            XCTAssertEqual(UInt64(count), journal.headSeq + 1)
            XCTAssertEqual(bytes(path), content)
            XCTAssertEqual(sideFiles(of: path), [])
        }
    }
}

/// A checkpoint key for these tests (the installation key is not touched).
private let testKey = CheckpointKey(bytes: (0..<32).map { UInt8($0 &* 7) })!
