import Foundation
import JingwuDomain
import JingwuResources

/// Wrong PINs given on the command line (`JINGWU_PIN`, the prompt), counted across processes
/// in a small side file beside the journal, `<journal>.pin-failures` (0600), never in the
/// journal: a refused command leaves the journal byte-for-byte as it was.
///
/// The waits are the console's (`failureDelays` in Resources/policy/access.json), counted per
/// badge and for all badges together (so alternating badges does not reset them). A try that
/// comes too early is refused before the PIN is checked, with exit 75 and how many seconds to
/// wait. The file is advisory and untrusted: opened `O_NOFOLLOW | O_NONBLOCK`, used only when it
/// is a regular file with one link owned by this user, read only in its last 64 KB, each line
/// parsed defensively (anything odd is skipped); a time in the future is ignored and no wait is
/// ever longer than the policy's longest, so a garbage or hostile file can neither crash nor
/// hang a command nor lock anyone out for good. It is only appended to (`F badge time` for a
/// wrong PIN, `S badge time` for a right one after wrong ones), under an exclusive `flock` held
/// from reading to writing, so parallel guesses are counted one after another.
struct PinThrottle {
    /// A try that came before its wait was over (exit 75, nothing checked or written).
    struct Wait: OperatorError {
        var seconds: Int
        var badge: String
        /// What the badge is called by its holder's role (警号, 辅警编号), set by who knows the roster.
        var number = ""
        var messageKey: String { "access.cli.pin_wait" }
        var messageArgs: [String: String] { ["seconds": String(seconds), "badge": badge, "number": number] }
        var exitCode: Int32 { ExitCode.tempFail }
    }

    /// The side file could not be locked within a few seconds (another command holds it).
    struct Busy: OperatorError {
        var path: String
        var messageKey: String { "access.cli.pin_failures_busy" }
        var messageArgs: [String: String] { ["path": path] }
        var exitCode: Int32 { ExitCode.tempFail }
    }

    static let suffix = ".pin-failures"
    /// Only the end of the file is read: enough for thousands of tries.
    static let tailBytes = 64 * 1024
    /// A recorded time later than now by more than this is not believed.
    static let futureSlack: TimeInterval = 300

    let path: String
    let policy: AccessPolicy
    /// The system clock, never `--now`: a pinned clock must not move a wait.
    var now: () -> Date = { Date() }

    init(journalPath: String, policy: AccessPolicy = .load()) {
        self.path = journalPath + PinThrottle.suffix
        self.policy = policy
    }

    /// What the file says about one badge: failures since it (or anyone, for `*`) last signed
    /// in here, and when the last one was.
    struct Tally: Equatable {
        var count = 0
        var last: TimeInterval = 0
    }

    /// Counts the lines of `text` (the file's tail). A first line cut by the 64 KB window, or any
    /// line not of the form `F|S badge seconds`, is skipped.
    static func tally(_ text: Substring, now: TimeInterval) -> [String: Tally] {
        var tallies: [String: Tally] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count == 3, fields[1].utf8.count <= 32,
                  let seconds = Double(fields[2]), seconds.isFinite, seconds > 0, seconds <= now + futureSlack
            else { continue }
            let badge = String(fields[1]).uppercased()
            switch fields[0] {
            case "F":
                for key in [badge, "*"] {
                    var tally = tallies[key] ?? Tally()
                    tally.count = min(tally.count + 1, 1_000_000)
                    tally.last = max(tally.last, seconds)
                    tallies[key] = tally
                }
            case "S":
                tallies[badge] = nil
                tallies["*"] = nil
            default:
                continue
            }
            if tallies.count > 4096 { tallies = tallies.filter { $0.key == "*" } }
        }
        return tallies
    }

    /// Seconds still to wait before `badge` may try, from the tallies (0: go ahead).
    func wait(for badge: String, in tallies: [String: Tally], now: TimeInterval) -> Int {
        let longest = Double(policy.failureDelays.max() ?? 0)
        var wait = 0.0
        for key in [badge.uppercased(), "*"] {
            guard let tally = tallies[key], tally.count > 0 else { continue }
            let remaining = tally.last + Double(policy.delay(afterFailures: tally.count)) - now
            wait = max(wait, min(remaining, longest))
        }
        return wait > 0 ? Int(wait.rounded(.up)) : 0
    }

    /// Runs `check` (the PIN check) unless `badge` must still wait, and records its outcome.
    /// `check` throws `DomainError(.pinWrong)` for a wrong PIN; other errors pass through unrecorded.
    /// `warn` is told once when the side file cannot be used (the check then runs unthrottled).
    @discardableResult
    func guarding<T>(_ badge: String, warn: (String) -> Void, _ check: () throws -> T) throws -> T {
        let fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            warn(path)
            return try check()
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_nlink == 1, info.st_uid == getuid() else {
            warn(path)
            return try check()
        }
        if info.st_mode & 0o077 != 0 { _ = fchmod(fd, 0o600) }
        // Waits a few seconds at most for another command's check (an 11 ms PBKDF2 each).
        var locked = flock(fd, LOCK_EX | LOCK_NB) == 0
        var tries = 0
        while !locked && tries < 300 {
            usleep(10_000)
            tries += 1
            locked = flock(fd, LOCK_EX | LOCK_NB) == 0
        }
        guard locked else { throw Busy(path: path) }
        defer { _ = flock(fd, LOCK_UN) }
        let clock = now().timeIntervalSince1970
        let tallies = PinThrottle.tally(Substring(readTail(fd)), now: clock)
        let seconds = wait(for: badge, in: tallies, now: clock)
        if seconds > 0 { throw Wait(seconds: seconds, badge: badge) }
        do {
            let result = try check()
            if tallies[badge.uppercased()] != nil || tallies["*"] != nil { append(fd, "S", badge, clock) }
            return result
        } catch let error as DomainError where error.reason == .pinWrong {
            append(fd, "F", badge, clock)
            throw error
        }
    }

    private func readTail(_ fd: Int32) -> String {
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0 else { return "" }
        let size = Int(info.st_size)
        let start = max(0, size - PinThrottle.tailBytes)
        var bytes = [UInt8](repeating: 0, count: size - start)
        var got = 0
        while got < bytes.count {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + got, $0.count - got, off_t(start + got)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            got += n
        }
        var text = String(decoding: bytes[0..<got], as: UTF8.self)
        // A window that starts mid-line drops that line.
        if start > 0, let newline = text.firstIndex(of: "\n") { text = String(text[text.index(after: newline)...]) }
        return text
    }

    private func append(_ fd: Int32, _ kind: String, _ badge: String, _ seconds: TimeInterval) {
        // The badge is the roster's (ASCII, no spaces); anything else would not parse back.
        let safe = String(badge.unicodeScalars.filter { $0.value > 32 && $0.value < 127 }.map(Character.init).prefix(32))
        let line = Array("\(kind) \(safe.isEmpty ? "-" : safe) \(String(format: "%.3f", seconds))\n".utf8)
        _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }
}
