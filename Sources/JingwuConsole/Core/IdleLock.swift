import Foundation
import JingwuDomain

/// The idle lock's timer: seconds since the last key, on a monotonic clock the tests move.
public final class IdleLock {
    /// Seconds without a key after which the console locks.
    public var timeout: TimeInterval
    /// A monotonic clock in seconds (the process's uptime; tests inject their own).
    public let clock: () -> TimeInterval
    private var lastActivity: TimeInterval

    public init(timeout: TimeInterval, clock: @escaping () -> TimeInterval = IdleLock.uptime) {
        self.timeout = timeout
        self.clock = clock
        self.lastActivity = clock()
    }

    /// Seconds since boot: does not jump when the wall clock is set (or `--now` fixes it).
    public static func uptime() -> TimeInterval { ProcessInfo.processInfo.systemUptime }

    /// The idle time: `JINGWU_IDLE_SECONDS` when set (tests and demos use a short one), else the policy's.
    /// Neither may make the lock wait longer than `AccessPolicy.maximumIdleSeconds` (issue 14):
    /// a longer value (or `inf`) is ignored, said once on stderr, and the policy's used.
    public static func configuredTimeout(environment: [String: String] = ProcessInfo.processInfo.environment,
                                         policy: AccessPolicy = .load()) -> TimeInterval {
        let ceiling = TimeInterval(AccessPolicy.maximumIdleSeconds)
        if let text = environment["JINGWU_IDLE_SECONDS"], let seconds = Double(text), seconds > 0 {
            if seconds <= ceiling { return seconds }
            AccessPolicy.reportIgnored("JINGWU_IDLE_SECONDS", text, used: min(policy.idleSeconds, AccessPolicy.maximumIdleSeconds))
        }
        return min(TimeInterval(policy.idleSeconds), ceiling)
    }

    /// A key was pressed.
    public func touch() { lastActivity = clock() }

    /// True once `timeout` seconds passed without a key.
    public var hasExpired: Bool { clock() - lastActivity >= timeout }
}
