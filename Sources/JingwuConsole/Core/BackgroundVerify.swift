import Foundation
import JingwuDomain
import JingwuJournal

/// The full check of a journal the console opened from a checkpoint.
///
/// An open from a checkpoint verifies only the header, the checkpoint's record N and what
/// follows it (`FileJournal.init(path:…trusting:)`), so a record before N edited with its
/// hash left alone is not seen at open. The console hashes the whole file once, on a
/// background queue, so the first frame is not delayed (a station-year takes most of a
/// second); the loop picks the result up in its tick. Damage found this way turns the
/// console read-only as damage found at open does, and the checkpoint that vouched for the
/// damaged prefix is removed, so every later command opens the journal in full and finds it too.
final class BackgroundVerify: @unchecked Sendable {
    private let lock = NSLock()
    private var result: VerifyReport?
    private var failed = false
    private let done = DispatchSemaphore(value: 0)
    private var started = false

    /// Starts the check when `office`'s journal is a file opened trusting a checkpoint's prefix.
    /// Returns false (and does nothing) otherwise: a full open has already checked every record.
    @discardableResult
    func start(for office: Office) -> Bool {
        guard !started, let path = office.journal.filePath, office.journal.trustedPrefix != nil else { return false }
        started = true
        DispatchQueue.global(qos: .utility).async { [self] in
            let report = try? JournalInspector.verify(path: path)
            lock.withLock {
                result = report
                failed = report == nil
            }
            done.signal()
        }
        return true
    }

    /// Waits for a started check to finish (tests; `timeout` in seconds). True when it finished.
    func wait(timeout: TimeInterval) -> Bool {
        guard started else { return true }
        let finished = done.wait(timeout: .now() + timeout) == .success
        if finished { done.signal() }
        return finished
    }

    /// The damaged record the finished check found, once; nil while it runs or when all is well.
    func takeDamage() -> (seq: UInt64, line: Int)? {
        lock.withLock {
            guard let report = result, let damaged = report.damaged else { return nil }
            result = nil
            return damaged
        }
    }
}
