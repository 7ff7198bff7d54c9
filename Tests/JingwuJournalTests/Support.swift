import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuJournal

/// A fresh temporary directory per test, removed afterwards.
func makeTempDirectory(_ name: String = #function) -> String {
    let base = NSTemporaryDirectory() + "jingwu-journal-tests-\(getpid())-\(UUID().uuidString.prefix(8))"
    try! FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    return base
}

let fixedNow = RFC3339.parse("2026-11-23T09:31:12+08:00")!

func draft(_ n: Int, type: String = "PatrolStarted", at: Date = fixedNow) -> EventDraft {
    EventDraft(
        id: UUID(uuidString: String(format: "00000000-0000-4000-8000-%012x", n))!, type: type, at: at, by: "1001",
        data: Data(#"{"n":\#(n),"note":"巡逻 \"ok\""}"#.utf8))
}

func bytes(_ path: String) -> [UInt8] {
    [UInt8](FileManager.default.contents(atPath: path) ?? Data())
}

/// Replaces the file at `path` with `bytes` (mode 0600). A plain write, no fsync and no
/// rename: the tests that rewrite a journal once per byte offset spent most of their time
/// waiting for the disk, and what they check is what a reader makes of the bytes.
func write(_ bytes: [UInt8], to path: String) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    precondition(fd >= 0, "cannot write \(path): errno \(errno)")
    defer { close(fd) }
    _ = fchmod(fd, 0o600)
    var done = 0
    while done < bytes.count {
        let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + done, $0.count - done) }
        if n < 0, errno == EINTR { continue }
        precondition(n > 0, "cannot write \(path): errno \(errno)")
        done += n
    }
}

/// Byte offsets where each line starts, plus the file's end.
func lineStarts(_ content: [UInt8]) -> [Int] {
    var starts = [0]
    for (i, b) in content.enumerated() where b == 10 { starts.append(i + 1) }
    return starts
}

/// A file journal with a header and `count` events, at a fixed time.
func makeFileJournal(in dir: String, count: Int, name: String = "journal.jsonl") throws -> String {
    let path = dir + "/" + name
    let journal = try FileJournal.create(
        path: path, station: "城关派出所", office: "东门警务室", clock: FixedClock(fixedNow), by: "1001",
        journalID: UUID(uuidString: "11111111-2222-4333-8444-555555555555")!)
    for i in 0..<count { try journal.append { _ in [draft(i)] } }
    return path
}

/// The real system calls, every one of them: the base of the test fakes, which override only
/// the calls they change (a fake that forgets one still gets the real thing, never the
/// protocol's default).
class ForwardingIO: FileIO, @unchecked Sendable {
    let base: FileIO = PosixIO.shared
    func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { base.open(path, flags, mode) }
    func close(_ fd: Int32) -> Int32 { base.close(fd) }
    func pread(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: Int) -> Int {
        base.pread(fd, buffer, count, offset)
    }
    func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { base.write(fd, buffer, count) }
    func ftruncate(_ fd: Int32, _ length: Int) -> Int32 { base.ftruncate(fd, length) }
    func fdatasync(_ fd: Int32) -> Int32 { base.fdatasync(fd) }
    func fsync(_ fd: Int32) -> Int32 { base.fsync(fd) }
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

/// The real system calls, except that fsync and fdatasync return at once (success). For
/// the tests that open, recover and append to a journal once per byte offset: what they
/// check is what the journal makes of the bytes, which a flush to the disk does not change
/// (the crash and fault tests and scripts/crash-test.sh are about durability). On this
/// 2-core VM those flushes took most of those tests' time (3 ms each, thousands of them).
final class NoSyncIO: ForwardingIO, @unchecked Sendable {
    static let shared = NoSyncIO()
    override func fdatasync(_ fd: Int32) -> Int32 { 0 }
    override func fsync(_ fd: Int32) -> Int32 { 0 }
}
