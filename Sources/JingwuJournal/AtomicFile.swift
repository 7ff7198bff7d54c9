import Foundation

/// The one way jingwu writes a file other than appending to a journal: checkpoints,
/// torn tails moved aside, salvage copies, console exports.
///
/// The bytes go to a fresh temporary file in the target's folder, opened
/// `O_CREAT|O_EXCL|O_NOFOLLOW` with mode 0600 under an unpredictable name (so nothing
/// planted there in advance, such as a symlink, is ever written through); it is
/// fsynced, then put in place by `link` (when nothing may be replaced) or `rename`,
/// and the folder is fsynced. A file already at the target is never truncated or
/// written in place, a symlink there is never followed, and the temporary file is
/// removed on any failure.
///
/// Before anything is written the target is checked (`check`): jingwu refuses to
/// write over a journal (a file starting with a journal's header record), a
/// checkpoint, the files it keeps beside a journal (torn tails, a demo's build file,
/// temporaries), a symlink, or anything that is not a regular file.
public enum AtomicFile {
    /// What may already be at the target.
    public enum Existing: Sendable, Equatable {
        /// Nothing: the file is linked into place and an existing one is never replaced
        /// (`JournalError.alreadyExists`).
        case createNew
        /// As `createNew`, for the files jingwu itself keeps beside a journal (a torn
        /// tail moved aside): the side-file name checks do not apply.
        case createSideFile
        /// A regular file there is replaced (after the operator said yes); protected ones never.
        case replace
        /// The target is a journal's checkpoint, replaced whole by rename.
        case replaceCheckpoint
    }

    /// Writes `bytes` to `path`; see the type's summary.
    public static func write(_ bytes: [UInt8], to path: String, existing: Existing, io: FileIO = PosixIO.shared) throws {
        try write(to: path, existing: existing, io: io) { sink in try bytes.withUnsafeBytes { try sink($0) } }
    }

    /// How many bytes of a file being written may wait unflushed: the size of its pieces
    /// (see `write(to:existing:io:_:)`). 4 MB pieces with `fdatasync` kept a console keystroke's
    /// longest wait while a station checkpoint is saved at 16–18 ms on a quiet machine, where
    /// 1 MB pieces written out with `sync_file_range` made it 44–48 ms.
    static let flushEvery = 4 << 20

    /// Writes what `body` hands to its sink (any number of calls) to `path`; see the type's summary.
    public static func write(
        to path: String, existing: Existing, io: FileIO = PosixIO.shared,
        _ body: (_ sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Void
    ) throws {
        _ = try check(path, existing: existing, io: io)
        let (temp, fd) = try createTemporary(beside: path, io: io)
        var placed = false
        defer { if !placed { _ = io.unlink(temp) } }
        do {
            var written = 0
            var flushed = 0
            try body { bytes in
                // Straight from the caller's buffer: a station's checkpoint payload is ~90 MB. A big
                // file is written in pieces of `flushEvery` bytes, each written out to the disk
                // (`fdatasync`) before the next, and none while a journal append of this process is
                // running (`AppendsFirst`): on ext4 the journal's next fdatasync (a keystroke's
                // append in the console, while a checkpoint is saved beside it) would otherwise
                // wait behind the checkpoint's dirty pages.
                var at = 0
                while at < bytes.count {
                    let piece = min(bytes.count - at, flushEvery - (written - flushed))
                    try AppendsFirst.shared.piece {
                        try FileJournal.writeAll(io: io, fd: fd, path: temp, UnsafeRawBufferPointer(rebasing: bytes[at..<(at + piece)]))
                        written += piece
                        if written - flushed == flushEvery {
                            guard io.fdatasync(fd) == 0 else { throw JournalError.syncFailed(path: temp, errno: errno) }
                            flushed = written
                        }
                    }
                    at += piece
                }
            }
            try AppendsFirst.shared.piece {
                guard io.fsync(fd) == 0 else { throw JournalError.syncFailed(path: temp, errno: errno) }
            }
        } catch {
            _ = io.close(fd)
            throw error
        }
        guard io.close(fd) == 0 else { throw JournalError.io(path: temp, operation: "close", errno: errno) }
        switch existing {
        case .createNew, .createSideFile:
            try linkWithoutReplacing(temp, path, io: io)
            placed = true
            _ = io.unlink(temp)
        case .replace, .replaceCheckpoint:
            // Once more, just before the rename: what is at the target may have changed since.
            _ = try check(path, existing: existing, io: io)
            // The replaced file keeps a second name until after the rename, then gives its blocks
            // back a piece at a time (`freeStepwise`): freed in the rename, a station checkpoint's
            // 90 MB went into one commit of the file system's journal, which the next keystroke's
            // append waited for (31–59 ms; 4–11 ms with this, scripts/bench's save-append rounds).
            let aside = keepAside(path, io: io)
            guard io.rename(temp, path) == 0 else {
                let code = errno
                if let aside { _ = io.unlink(aside) }
                throw JournalError.io(path: path, operation: "rename", errno: code)
            }
            placed = true
            try FileJournal.syncDirectory(of: path, io: io)
            if let aside { freeStepwise(aside, io: io) }
            return
        }
        try FileJournal.syncDirectory(of: path, io: io)
    }

    private static let ignoreLeaseBreaks: Void = { signal(SIGIO, SIG_IGN) }()

    /// A second name, beside it, for the regular file at `path` about to be replaced, so that the
    /// rename frees none of its blocks; nil when there is none or no link can be made (the rename
    /// then frees them at once, as before).
    static func keepAside(_ path: String, io: FileIO) -> String? {
        guard io.linkType(path) == S_IFREG else { return nil }
        let directory = FileJournal.directory(of: path)
        let name = (path as NSString).lastPathComponent
        let stem = name.utf8.count > 200 ? "jingwu" : name
        for _ in 0..<8 {
            let aside = directory + "/." + stem + ".tmp-" + String(UInt64.random(in: .min ... .max), radix: 16)
            if io.link(path, aside) == 0 { return aside }
            if errno != EEXIST { return nil }
        }
        return nil
    }

    /// Shortens the replaced file `aside` by `flushEvery` bytes at a time, none while a journal
    /// append runs (`AppendsFirst`), then removes its name. Only a file nobody else holds: one
    /// with another name (a hard link someone made to the old checkpoint), or open or mapped
    /// anywhere — a reader, or this process's own lazily decoded checkpoint, which a cut would
    /// kill with SIGBUS — is only unlinked, never cut, and freed when its last holder lets go.
    /// "Nobody else" is the kernel's word: a write lease (`F_SETLEASE`), granted only while no
    /// other descriptor or mapping holds the file, and broken before anyone may open it. A crash
    /// on the way leaves a `.…tmp-…` file beside the journal, as a crash during any write here does.
    static func freeStepwise(_ aside: String, io: FileIO) {
        defer { _ = io.unlink(aside) }
        let fd = io.open(aside, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0)
        guard fd >= 0 else { return }
        defer { _ = io.close(fd) }
        var info = stat()
        guard Foundation.fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_nlink == 1 else { return }
        // Someone opening the file while the lease is held would send this process SIGIO, whose
        // default is to end it: ignored (nothing in jingwu uses SIGIO), the opener just waits
        // until the lease is given back (at most `lease-break-time`, 45 s by default).
        _ = ignoreLeaseBreaks
        let setLease: Int32 = 1024  // F_SETLEASE (F_LINUX_SPECIFIC_BASE + 0); Glibc does not export it
        guard io.fcntl(fd, setLease, Int32(F_WRLCK)) == 0 else { return }
        defer { _ = io.fcntl(fd, setLease, Int32(F_UNLCK)) }
        var size = Int(info.st_size)
        while size > 0 {
            size = max(0, size - flushEvery)
            guard AppendsFirst.shared.piece({ io.ftruncate(fd, size) }) == 0 else { return }
        }
    }

    /// Throws `JournalError.protectedTarget` when jingwu must not write at `path`
    /// (or `.alreadyExists` when something is there and `existing` allows nothing).
    /// Returns true when a file (that may be replaced) is already there.
    @discardableResult
    public static func check(_ path: String, existing: Existing, io: FileIO = PosixIO.shared) throws -> Bool {
        let name = (path as NSString).lastPathComponent
        if existing == .createNew || existing == .replace, let reason = protectedName(name) {
            throw JournalError.protectedTarget(path: path, reason: reason)
        }
        guard let type = io.linkType(path) else {
            let code = errno
            if code == ENOENT { return false }
            throw JournalError.io(path: path, operation: "lstat", errno: code)
        }
        if type == S_IFLNK { throw JournalError.protectedTarget(path: path, reason: .symlink) }
        if type != S_IFREG { throw JournalError.protectedTarget(path: path, reason: .notRegular) }
        if let reason = try protectedContent(path, io: io), !(reason == .checkpoint && existing == .replaceCheckpoint) {
            throw JournalError.protectedTarget(path: path, reason: reason)
        }
        if existing == .createNew || existing == .createSideFile { throw JournalError.alreadyExists(path: path) }
        return true
    }

    /// The names jingwu gives the files it keeps beside a journal.
    static func protectedName(_ name: String) -> JournalError.ProtectedTarget? {
        if name.hasSuffix(".checkpoint") { return .checkpoint }
        if name.contains(".checkpoint.tmp-") || name.contains(".torn-") { return .sideFile }
        if name.contains(".checkpoint" + CheckpointFile.contradictedInfix) { return .sideFile }
        if name.hasPrefix("."), name.contains(".demo-") || name.contains(".tmp-") { return .sideFile }
        return nil
    }

    /// A file that starts like a journal (its header record) or a checkpoint (its magic).
    static func protectedContent(_ path: String, io: FileIO) throws -> JournalError.ProtectedTarget? {
        let fd = io.open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { return nil }
            if code == ELOOP { return .symlink }
            throw JournalError.io(path: path, operation: "open", errno: code)
        }
        defer { _ = io.close(fd) }
        guard io.fileType(fd) == S_IFREG else { return .notRegular }
        let want = 256
        var head = [UInt8](repeating: 0, count: want)
        var got = 0
        while got < want {
            let n = head.withUnsafeMutableBytes { io.pread(fd, $0.baseAddress! + got, want - got, got) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw JournalError.io(path: path, operation: "read", errno: errno) }
            if n == 0 { break }
            got += n
        }
        let bytes = head[0..<got]
        if bytes.starts(with: CheckpointFile.magic) { return .checkpoint }
        let firstLine = bytes.prefix { $0 != 10 }
        if firstLine.starts(with: Array(#"{"seq":0,"#.utf8)),
           String(decoding: firstLine, as: UTF8.self).contains(#""type":""# + RecordFormat.headerType + #"""#) {
            return .journal
        }
        return nil
    }

    /// Gives the file at `from` the new name `to` (a side file in the same folder) without
    /// ever replacing anything at `to` (`JournalError.alreadyExists`), then removes the old
    /// name and syncs the folder. The bytes are not copied: the file keeps its inode (a hard
    /// link, then `unlink`). `accept` is asked about the file now at `to` before the old name
    /// goes (it may have been replaced since the caller looked): when it says no, the new name
    /// is removed again and false returned.
    public static func moveAside(from: String, to: String, io: FileIO = PosixIO.shared,
                                 accept: (String) -> Bool = { _ in true }) throws -> Bool {
        _ = try check(to, existing: .createSideFile, io: io)
        guard io.linkType(from) == S_IFREG else { throw JournalError.protectedTarget(path: from, reason: .notRegular) }
        var renamed = false
        if io.link(from, to) != 0 {
            let code = errno
            if code == EEXIST { throw JournalError.alreadyExists(path: to) }
            guard code == EPERM || code == EOPNOTSUPP || code == ENOSYS || code == EMLINK else {
                throw JournalError.cannotCreate(path: to, errno: code)
            }
            // No hard links here: the name reserved with O_EXCL, then the file renamed over that reservation.
            try linkWithoutReplacing(from, to, io: io)
            renamed = true
        }
        guard accept(to) else {
            // Not the file the caller meant (only a cache, replaced meanwhile): the new name goes,
            // and a file renamed away (no hard links here) goes back where it was.
            if renamed { _ = io.rename(to, from) } else { _ = io.unlink(to) }
            return false
        }
        if !renamed { _ = io.unlink(from) }
        try FileJournal.syncDirectory(of: to, io: io)
        return true
    }

    /// A new empty file in `path`'s folder under an unpredictable name, opened for writing.
    static func createTemporary(beside path: String, io: FileIO) throws -> (String, Int32) {
        let directory = FileJournal.directory(of: path)
        let name = (path as NSString).lastPathComponent
        for _ in 0..<8 {
            let random = String(UInt64.random(in: .min ... .max), radix: 16)
            let stem = name.utf8.count > 200 ? "jingwu" : name
            let temp = directory + "/." + stem + ".tmp-" + random
            let fd = io.open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd >= 0 { return (temp, fd) }
            let code = errno
            if code != EEXIST { throw JournalError.cannotCreate(path: temp, errno: code) }
        }
        throw JournalError.cannotCreate(path: directory, errno: EEXIST)
    }

    /// Gives the finished `temp` the name `path` unless something is already there.
    /// A folder whose file system has no hard links gets the name reserved with
    /// `O_EXCL` first, then the file renamed over that (empty) reservation.
    static func linkWithoutReplacing(_ temp: String, _ path: String, io: FileIO) throws {
        if io.link(temp, path) == 0 { return }
        let code = errno
        if code == EEXIST { throw JournalError.alreadyExists(path: path) }
        guard code == EPERM || code == EOPNOTSUPP || code == ENOSYS || code == EMLINK else {
            throw JournalError.cannotCreate(path: path, errno: code)
        }
        let reserved = io.open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if reserved < 0 {
            let code = errno
            if code == EEXIST { throw JournalError.alreadyExists(path: path) }
            throw JournalError.cannotCreate(path: path, errno: code)
        }
        _ = io.close(reserved)
        guard io.rename(temp, path) == 0 else {
            let code = errno
            _ = io.unlink(path)
            throw JournalError.cannotCreate(path: path, errno: code)
        }
    }
}

/// Keeps a big file that this process writes (a checkpoint, on the console's saving thread)
/// out of the way of this process's journal appends. On ext4 (data=ordered) an append's
/// `fdatasync` commits the file system's journal, which first writes out the data of other
/// files that were given disk blocks meanwhile: an append beside a checkpoint being written
/// would wait for whatever part of it was on its way to the disk. The big file is written in
/// pieces, each written and flushed as one step (`fdatasync`), and no step starts while
/// an append is running: an append finds at most the one piece in flight ahead of its own
/// data. An append never waits for the saving thread itself (which may be waiting for a CPU
/// while it holds a piece): only the pieces wait, for the appends.
final class AppendsFirst: @unchecked Sendable {
    static let shared = AppendsFirst()
    private let condition = NSCondition()
    /// Appends running now.
    private var appends = 0
    private var pieceRunning = false

    /// Runs an append's write and `fdatasync`; no piece starts until it is done. Never waits.
    func append<T>(_ body: () throws -> T) rethrows -> T {
        condition.lock()
        appends += 1
        condition.unlock()
        defer {
            condition.lock()
            appends -= 1
            if appends == 0 { condition.broadcast() }
            condition.unlock()
        }
        return try body()
    }

    /// Runs one piece of a big file's writing once no append is running (one piece at a time).
    func piece<T>(_ body: () throws -> T) rethrows -> T {
        condition.lock()
        while appends > 0 || pieceRunning { condition.wait() }
        pieceRunning = true
        condition.unlock()
        defer {
            condition.lock()
            pieceRunning = false
            condition.broadcast()
            condition.unlock()
        }
        return try body()
    }
}
