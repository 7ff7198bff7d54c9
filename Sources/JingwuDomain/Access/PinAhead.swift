import Foundation

/// A PIN's key derivation started before the check needs it. A headless command given the
/// operator's PIN up front (`JINGWU_PIN`) would otherwise derive it (PBKDF2, 100,000 rounds,
/// about as long as the rest of a write) only after the office has opened; started from the
/// checkpoint's stored PIN hash as soon as the checkpoint is mapped, it runs on the core the
/// decoding leaves free.
///
/// Nothing is decided from it before the checkpoint's tag has checked: the derivation takes
/// the salt and the iteration count from bytes not yet authenticated, and `Pin.verify` uses its
/// result only for exactly the PIN, salt and count of the hash the checked state holds (any other:
/// it derives as before), compared in constant time as before. A count above the policy's is not
/// started (forged bytes could ask for any). The derived key is kept in memory only, as the PIN is.
public final class PinAhead: @unchecked Sendable {
    /// The badge as given (`--as`); matched to a stored hash as `RosterBook.badge(for:)` matches it.
    public let badge: String
    let pin: String
    let maxIterations: Int
    private let lock = NSLock()
    private var job: (badge: String, salt: [UInt8], iterations: Int, length: Int, done: DispatchSemaphore)?
    private var result: [UInt8] = []

    public init(badge: String, pin: String, maxIterations: Int = AccessPolicy.load().pinIterations) {
        self.badge = badge
        self.pin = pin
        self.maxIterations = maxIterations
    }

    /// Starts deriving on a thread of its own for the hash stored under this badge among `pins`
    /// (as read from a checkpoint whose tag may not have checked yet). Once: later calls, a badge
    /// without a hash, a hash that does not parse or asks for more rounds than the policy's do nothing.
    func start(pins: [(badge: String, hash: PinHash)]) {
        let cleaned = CleanText.strip(badge)
        guard let stored = pins.first(where: { $0.badge == cleaned })?.hash
                ?? pins.first(where: { $0.badge == cleaned.uppercased() })?.hash,
              stored.alg == Pin.algorithm, (1...maxIterations).contains(stored.iterations),
              let salt = Pin.bytes(hex: stored.salt), let expected = Pin.bytes(hex: stored.hash),
              (1...64).contains(expected.count)
        else { return }
        let done = DispatchSemaphore(value: 0)
        let started = lock.withLock { () -> Bool in
            guard job == nil else { return false }
            job = (cleaned, salt, stored.iterations, expected.count, done)
            return true
        }
        guard started else { return }
        let pin = pin, iterations = stored.iterations, length = expected.count
        let thread = Thread { [self] in
            let derived = Pin.pbkdf2(pin, salt: salt, iterations: iterations, length: length)
            lock.withLock { result = derived }
            done.signal()
        }
        thread.start()
    }

    /// The key derived for `pin` under exactly `stored`'s salt, count and length (waiting for it
    /// when it is still running); nil when none was started for them.
    func derived(_ pin: String, for stored: PinHash) -> [UInt8]? {
        guard pin == self.pin, let job = lock.withLock({ job }), stored.iterations == job.iterations,
              let salt = Pin.bytes(hex: stored.salt), salt == job.salt,
              let expected = Pin.bytes(hex: stored.hash), expected.count == job.length
        else { return nil }
        job.done.wait()
        job.done.signal()  // for any later caller
        let derived = lock.withLock { result }
        return derived.count == job.length ? derived : nil
    }

    /// Whether a derivation was started (for tests).
    var isStarted: Bool { lock.withLock { job != nil } }
}
