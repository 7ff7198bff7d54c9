import Foundation

/// Phase timings for finding where a command spends its time: with
/// `JINGWU_TRACE=1` in the environment, each `Trace.mark` prints to stderr the
/// milliseconds since the process started and since the previous mark.
/// Off (one cached environment look-up per mark) otherwise. Never used for
/// anything but this print; `scripts/bench` reads it for its breakdown.
public enum Trace {
    private static let state: (enabled: Bool, start: UInt64) = {
        (ProcessInfo.processInfo.environment["JINGWU_TRACE"] == "1", now())
    }()
    nonisolated(unsafe) private static var last: UInt64 = 0

    private static func now() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }

    /// Whether marks print.
    public static var enabled: Bool { state.enabled }

    /// Prints `label` with the time since the last mark (single-threaded callers only).
    public static func mark(_ label: @autoclosure () -> String) {
        guard state.enabled else { return }
        let t = now()
        let previous = last == 0 ? state.start : last
        last = t
        // "trace <ms since start> <ms since last mark> <label>", for awk.
        let line = String(format: "trace %9.2f %8.2f  ", Double(t - state.start) / 1e6, Double(t - previous) / 1e6)
            + label() + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// CPU seconds the calling thread has used (for marks that say where a parallel phase went).
    public static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Monotonic seconds.
    static func seconds() -> Double { Double(now()) / 1e9 }
}
