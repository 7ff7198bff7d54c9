import Foundation

/// The seam under every file call the journal makes, so tests can inject
/// short writes, ENOSPC, EIO and failing syncs. Calls follow POSIX: a
/// negative result means failure with the reason in `errno`.
public protocol FileIO: AnyObject, Sendable {
    func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32
    func close(_ fd: Int32) -> Int32
    func pread(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: Int) -> Int
    func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int
    func ftruncate(_ fd: Int32, _ length: Int) -> Int32
    func fdatasync(_ fd: Int32) -> Int32
    func fsync(_ fd: Int32) -> Int32
    func flock(_ fd: Int32, _ operation: Int32) -> Int32
    /// Size and mode of an open file.
    func fstat(_ fd: Int32) -> (size: Int, mode: UInt16)?
    /// Mode of a path, or nil when it does not exist.
    func stat(_ path: String) -> (size: Int, mode: UInt16)?
    func mkdir(_ path: String, _ mode: mode_t) -> Int32
    func unlink(_ path: String) -> Int32
    /// Device and inode of an open file, so a journal replaced under an open
    /// instance (restored, moved into place) is noticed. Nil when unknown.
    func identity(_ fd: Int32) -> FileIdentity?
    /// Device and inode of a path, or nil when it does not exist or is unknown.
    func identity(_ path: String) -> FileIdentity?
    /// The file type bits (`S_IFMT`) of an open file, or nil when unknown.
    func fileType(_ fd: Int32) -> mode_t?
    /// The file type bits of `path` itself (a symlink is not followed), or nil when it does not exist.
    func linkType(_ path: String) -> mode_t?
    func link(_ from: String, _ to: String) -> Int32
    func rename(_ from: String, _ to: String) -> Int32
    func fcntl(_ fd: Int32, _ command: Int32, _ value: Int32) -> Int32
}

/// Which file a descriptor or a path refers to.
public struct FileIdentity: Equatable, Sendable {
    public var device: UInt64
    public var inode: UInt64
    public init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
    }
}

extension FileIO {
    public func identity(_ fd: Int32) -> FileIdentity? { nil }
    public func identity(_ path: String) -> FileIdentity? { nil }
    public func fileType(_ fd: Int32) -> mode_t? { systemFileType(fd) }
    public func linkType(_ path: String) -> mode_t? { systemLinkType(path) }
    public func link(_ from: String, _ to: String) -> Int32 { systemLink(from, to) }
    public func rename(_ from: String, _ to: String) -> Int32 { systemRename(from, to) }
    public func fcntl(_ fd: Int32, _ command: Int32, _ value: Int32) -> Int32 { systemFcntl(fd, command, value) }
}

/// The real system calls.
public final class PosixIO: FileIO {
    public static let shared = PosixIO()
    public init() {}

    public func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { Foundation.open(path, flags, mode) }
    public func close(_ fd: Int32) -> Int32 { Foundation.close(fd) }
    public func pread(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: Int) -> Int {
        Foundation.pread(fd, buffer, count, off_t(offset))
    }
    public func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { Foundation.write(fd, buffer, count) }
    public func ftruncate(_ fd: Int32, _ length: Int) -> Int32 { Foundation.ftruncate(fd, off_t(length)) }
    public func fdatasync(_ fd: Int32) -> Int32 { Foundation.fdatasync(fd) }
    public func fsync(_ fd: Int32) -> Int32 { Foundation.fsync(fd) }
    public func flock(_ fd: Int32, _ operation: Int32) -> Int32 { systemFlock(fd, operation) }
    public func fstat(_ fd: Int32) -> (size: Int, mode: UInt16)? { systemFstat(fd) }
    public func stat(_ path: String) -> (size: Int, mode: UInt16)? { systemStat(path) }
    public func mkdir(_ path: String, _ mode: mode_t) -> Int32 { Foundation.mkdir(path, mode) }
    public func unlink(_ path: String) -> Int32 { Foundation.unlink(path) }
    public func identity(_ fd: Int32) -> FileIdentity? { systemIdentity(fd) }
    public func identity(_ path: String) -> FileIdentity? { systemIdentity(path) }
}

/// A `FileIO` that fails on purpose (tests, `jingwu-bench`): short writes,
/// a write error after some bytes, a failing `fdatasync`/`fsync`; it also counts the bytes read.
public final class FaultyIO: FileIO, @unchecked Sendable {
    private let base: FileIO
    private let lock = NSLock()
    private var _maxWrite: Int?
    private var _writeError: (errno: Int32, afterBytes: Int)?
    private var _syncError: Int32?
    private var written = 0
    private var _bytesRead = 0

    public init(base: FileIO = PosixIO.shared) { self.base = base }

    /// Every write transfers at most `bytes` bytes (a short write, which is legal POSIX).
    public var maxWrite: Int? {
        get { lock.withLock { _maxWrite } }
        set { lock.withLock { _maxWrite = newValue } }
    }

    /// Writes fail with `errno` once `afterBytes` more bytes have been written
    /// (the write that crosses the limit is cut short at it, as a full disk does).
    public func failWrites(errno code: Int32, afterBytes: Int = 0) {
        lock.withLock { _writeError = (code, afterBytes); written = 0 }
    }

    /// `fdatasync` and `fsync` on file descriptors fail with `errno`.
    public func failSyncs(errno code: Int32) { lock.withLock { _syncError = code } }

    /// Back to behaving like the real thing.
    public func heal() { lock.withLock { _maxWrite = nil; _writeError = nil; _syncError = nil } }

    public func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { base.open(path, flags, mode) }
    public func close(_ fd: Int32) -> Int32 { base.close(fd) }
    public func pread(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: Int) -> Int {
        let n = base.pread(fd, buffer, count, offset)
        if n > 0 { lock.withLock { _bytesRead += n } }
        return n
    }
    /// Bytes read through this seam so far (how much of a file a read touched).
    public var bytesRead: Int {
        get { lock.withLock { _bytesRead } }
        set { lock.withLock { _bytesRead = newValue } }
    }
    public func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        var n = count
        let fault: Int32? = lock.withLock {
            if let m = _maxWrite { n = min(n, m) }
            if let (code, after) = _writeError {
                let room = after - written
                if room <= 0 { return code }
                if n > room { n = room }
                written += n
            }
            return nil
        }
        if let fault { errno = fault; return -1 }
        return base.write(fd, buffer, n)
    }
    public func ftruncate(_ fd: Int32, _ length: Int) -> Int32 { base.ftruncate(fd, length) }
    public func fdatasync(_ fd: Int32) -> Int32 {
        if let code = lock.withLock({ _syncError }) { errno = code; return -1 }
        return base.fdatasync(fd)
    }
    public func fsync(_ fd: Int32) -> Int32 {
        if let code = lock.withLock({ _syncError }) { errno = code; return -1 }
        return base.fsync(fd)
    }
    public func flock(_ fd: Int32, _ operation: Int32) -> Int32 { base.flock(fd, operation) }
    public func fstat(_ fd: Int32) -> (size: Int, mode: UInt16)? { base.fstat(fd) }
    public func stat(_ path: String) -> (size: Int, mode: UInt16)? { base.stat(path) }
    public func mkdir(_ path: String, _ mode: mode_t) -> Int32 { base.mkdir(path, mode) }
    public func unlink(_ path: String) -> Int32 { base.unlink(path) }
    public func identity(_ fd: Int32) -> FileIdentity? { base.identity(fd) }
    public func identity(_ path: String) -> FileIdentity? { base.identity(path) }
    public func fileType(_ fd: Int32) -> mode_t? { base.fileType(fd) }
    public func linkType(_ path: String) -> mode_t? { base.linkType(path) }
    public func link(_ from: String, _ to: String) -> Int32 { base.link(from, to) }
    public func rename(_ from: String, _ to: String) -> Int32 { base.rename(from, to) }
    public func fcntl(_ fd: Int32, _ command: Int32, _ value: Int32) -> Int32 { base.fcntl(fd, command, value) }
}

// Free functions, so the names refer to the C calls and not to PosixIO's methods.
private func systemFlock(_ fd: Int32, _ operation: Int32) -> Int32 { flock(fd, operation) }

private func systemFstat(_ fd: Int32) -> (size: Int, mode: UInt16)? {
    var st = stat()
    guard fstat(fd, &st) == 0 else { return nil }
    return (Int(st.st_size), UInt16(st.st_mode & 0o7777))
}

private func systemStat(_ path: String) -> (size: Int, mode: UInt16)? {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    return (Int(st.st_size), UInt16(st.st_mode & 0o7777))
}

private func systemIdentity(_ fd: Int32) -> FileIdentity? {
    var st = stat()
    guard fstat(fd, &st) == 0 else { return nil }
    return FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
}

private func systemIdentity(_ path: String) -> FileIdentity? {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    return FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
}

private func systemFileType(_ fd: Int32) -> mode_t? {
    var st = stat()
    guard fstat(fd, &st) == 0 else { return nil }
    return st.st_mode & S_IFMT
}

private func systemLinkType(_ path: String) -> mode_t? {
    var st = stat()
    guard lstat(path, &st) == 0 else { return nil }
    return st.st_mode & S_IFMT
}

private func systemLink(_ from: String, _ to: String) -> Int32 { link(from, to) }
private func systemRename(_ from: String, _ to: String) -> Int32 { rename(from, to) }
private func systemFcntl(_ fd: Int32, _ command: Int32, _ value: Int32) -> Int32 { fcntl(fd, command, value) }
