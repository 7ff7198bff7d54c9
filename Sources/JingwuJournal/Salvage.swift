import Foundation

/// Read-only checks and the copy-out of a damaged journal. Neither ever
/// modifies the journal file.
public enum JournalInspector {
    /// Scans the whole file without changing it: count, head, first damage, torn bytes.
    public static func verify(path: String, io: FileIO = PosixIO.shared) throws -> VerifyReport {
        try verify(path: path, io: io, onLine: { _, _ in })
    }

    /// `onLine` sees each valid line of the intact prefix (without its newline) and its seq.
    /// `from` starts the scan at a record boundary already known to be good (the station's head).
    static func verify(path: String, io: FileIO, from start: ScanPosition = ScanPosition(),
                       onLine: (UnsafeRawBufferPointer, UInt64) throws -> Void) throws -> VerifyReport {
        let fd = try openReadOnly(path, io: io)
        defer { _ = io.close(fd) }
        guard let stat = io.fstat(fd) else { throw JournalError.io(path: path, operation: "fstat", errno: errno) }
        let (end, problem) = try withoutActuallyEscaping(onLine) { each in
            try JournalScanner.scan(io: io, fd: fd, path: path, size: stat.size, from: start, hasher: SHA256Hasher()) {
                line, seq, _, _ in try each(line, seq)
            }
        }
        var report = VerifyReport(
            count: Int(end.nextSeq), headSeq: end.headSeq, headHash: RecordFormat.hex(end.previous), damaged: nil,
            laterRecordsValid: false, tornBytes: 0)
        switch problem {
        case .damaged(let seq, let line, _, let later)?:
            report.damaged = (seq, line)
            report.laterRecordsValid = later
        case .torn(_, let bytes)?:
            report.tornBytes = bytes
            if end.nextSeq == 0 { report.damaged = (0, 1) }
        case .unterminated(let offset, let bytes, let hash)?:
            // A whole, valid last record missing only its newline: it counts (the next open completes it),
            // and `onLine` sees it like every other record of the intact prefix.
            var line = [UInt8](repeating: 0, count: bytes)
            var got = 0
            while got < bytes {
                let n = line.withUnsafeMutableBytes { io.pread(fd, $0.baseAddress! + got, bytes - got, offset + got) }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw JournalError.io(path: path, operation: "read", errno: n < 0 ? errno : EIO) }
                got += n
            }
            try line.withUnsafeBytes { try onLine($0, end.nextSeq) }
            report.count += 1
            report.headSeq = end.nextSeq
            report.headHash = RecordFormat.hex(hash)
            report.missingNewline = true
        case nil:
            if end.nextSeq == 0 { report.damaged = (0, 1) }
        }
        return report
    }

    /// Where `salvage` put things.
    public struct SalvageResult: Sendable, Equatable {
        /// A new journal holding the valid prefix (records 0…`validThrough`).
        public var journalPath: String
        /// Everything after the valid prefix, byte for byte.
        public var remainderPath: String
        public var validCount: Int
        public var remainderBytes: Int
    }

    /// Copies the valid prefix of `path` to a new journal file in `directory`
    /// and the rest to a second file; both 0600, fsynced. The original is only read.
    ///
    /// `before`: end the copied prefix before that record even though its hash checks (a record
    /// whose data this build cannot read: it and everything after it go to the remainder).
    public static func salvage(path: String, into directory: String, clock: JournalClock = SystemClock(), io: FileIO = PosixIO.shared,
                               before cut: UInt64? = nil) throws -> SalvageResult {
        let fd = try openReadOnly(path, io: io)
        defer { _ = io.close(fd) }
        guard let stat = io.fstat(fd) else { throw JournalError.io(path: path, operation: "fstat", errno: errno) }
        var cutOffset: Int?
        var (end, _) = try JournalScanner.scan(
            io: io, fd: fd, path: path, size: stat.size, from: ScanPosition(), hasher: SHA256Hasher()
        ) { _, seq, offset, _ in if seq == cut { cutOffset = offset } }
        if let cut, cut >= 1, let cutOffset {
            end.offset = cutOffset
            end.nextSeq = cut
        }
        try FileJournal.makeDirectories(directory, io: io)
        let base = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let stamp = FileJournal.compactStamp(clock.now())
        let journalPath = directory + "/" + base + "-salvaged-" + stamp + ".jsonl"
        let remainderPath = directory + "/" + base + "-remainder-" + stamp + ".bin"
        try copy(fd: fd, range: 0..<end.offset, sourcePath: path, to: journalPath, io: io)
        try copy(fd: fd, range: end.offset..<stat.size, sourcePath: path, to: remainderPath, io: io)
        try FileJournal.syncDirectory(of: journalPath, io: io)
        return SalvageResult(
            journalPath: journalPath, remainderPath: remainderPath, validCount: Int(end.nextSeq),
            remainderBytes: stat.size - end.offset)
    }

    /// Opens a journal for reading; refuses (without blocking) anything but a regular file.
    static func openReadOnly(_ path: String, io: FileIO) throws -> Int32 {
        let fd = io.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0)
        if fd < 0 {
            let code = errno
            if code == ENOENT { throw JournalError.missing(path: path) }
            throw JournalError.io(path: path, operation: "open", errno: code)
        }
        try FileJournal.requireRegular(fd, path: path, io: io)
        return fd
    }

    private static func copy(fd: Int32, range: Range<Int>, sourcePath: String, to target: String, io: FileIO) throws {
        try AtomicFile.write(to: target, existing: .createNew, io: io) { sink in
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            var offset = range.lowerBound
            while offset < range.upperBound {
                let want = min(buffer.count, range.upperBound - offset)
                let n = buffer.withUnsafeMutableBytes { io.pread(fd, $0.baseAddress!, want, offset) }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw JournalError.io(path: sourcePath, operation: "read", errno: n < 0 ? errno : EIO) }
                try buffer.withUnsafeBytes { try sink(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                offset += n
            }
        }
    }
}
