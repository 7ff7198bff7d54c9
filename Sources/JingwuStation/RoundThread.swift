import Foundation

/// A thread of its own that runs rounds until stopped, with a status read and changed under one lock:
/// the console's sync to the station (`BackgroundStationSync`) and the read-only copy's feed from it
/// (`StationCopyFeed`). The owner says, from the status, whether the next round runs now, at a time, or
/// only when woken; a round runs outside the lock and hands back what it changes in the status, applied
/// under the lock (and the rounds counted) before anyone waiting is told.
final class RoundThread<Status: Sendable>: @unchecked Sendable {
    /// When the next round may run.
    enum Next {
        case now
        case at(Date)
        /// Not on a timer: only `stop` ends the wait (a conflict, a diverged copy: no more rounds).
        case never
    }

    private let condition = NSCondition()
    private var current: Status
    private let rounds: WritableKeyPath<Status, Int>
    private var started = false
    private var stopped = false
    private var woken: Bool

    /// `rounds`: the status's count of finished rounds (tests wait on it). `woken`: the first round runs
    /// at once rather than at its time.
    init(_ status: Status, rounds: WritableKeyPath<Status, Int>, woken: Bool = false) {
        current = status
        self.rounds = rounds
        self.woken = woken
    }

    /// A copy of the status.
    var status: Status {
        condition.lock()
        defer { condition.unlock() }
        return current
    }

    /// Starts the thread, once. Under the lock: `next(status, woken)` decides when the next round runs,
    /// `begin` marks the status as a round starts. Outside it: `round` runs and returns what it changes,
    /// applied under the lock. `finish` runs on the thread when it stops.
    func start(name: String, next: @escaping @Sendable (Status, _ woken: Bool) -> Next,
               begin: @escaping @Sendable (inout Status) -> Void,
               round: @escaping @Sendable () -> @Sendable (inout Status) -> Void, finish: @escaping @Sendable () -> Void) {
        condition.lock()
        defer { condition.unlock() }
        guard !started else { return }
        started = true
        let thread = Thread { [self] in loop(next: next, begin: begin, round: round, finish: finish) }
        thread.name = name
        thread.qualityOfService = .utility
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// A round soon: now, or once the running one has finished (however many wakes meanwhile).
    func wake() {
        condition.lock()
        woken = true
        condition.signal()
        condition.unlock()
    }

    /// No new round starts; a running one finishes (or is ended with the process).
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until at least `count` rounds have finished (tests). True when they did within `timeout` seconds.
    func waitForRounds(_ count: Int, timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while current[keyPath: rounds] < count {
            if !condition.wait(until: deadline) { return current[keyPath: rounds] >= count }
        }
        return true
    }

    private func loop(next: (Status, Bool) -> Next, begin: (inout Status) -> Void, round: () -> (inout Status) -> Void,
                      finish: () -> Void) {
        while true {
            condition.lock()
            waiting: while !stopped {
                switch next(current, woken) {
                case .now: break waiting
                case .at(let time):
                    if Date() >= time { break waiting }
                    _ = condition.wait(until: time)
                case .never: condition.wait()
                }
            }
            if stopped {
                condition.unlock()
                finish()
                return
            }
            woken = false
            begin(&current)
            condition.unlock()

            let apply = round()

            condition.lock()
            apply(&current)
            current[keyPath: rounds] += 1
            condition.broadcast()
            condition.unlock()
        }
    }
}
