import Foundation

/// Gives a big buffer's memory back to the system in steps before it is freed.
///
/// Freeing a buffer of tens of MB (a station checkpoint's payload, ~90 MB) unmaps it in one
/// `munmap`, which frees every page while holding the process's memory-map lock for writing:
/// 30–50 ms on this project's VM, during which any other thread that faults a page in or
/// maps memory waits — the console's keystroke thread, while its saving thread frees what it
/// wrote. `madvise(MADV_DONTNEED)` frees the same pages under the lock held for reading (page
/// faults on other threads go on meanwhile), here 4 MB at a time; the `munmap` that follows
/// has nothing left to free.
public enum PageRelease {
    /// Step size of the release.
    static let step = 4 << 20

    /// Releases the pages of `bytes` and empties it. The contents are gone (read as zeros) at once.
    public static func release(_ bytes: inout [UInt8]) {
        #if os(Linux)
        if bytes.count >= step {
            bytes.withUnsafeMutableBytes { raw in
                guard let base = raw.baseAddress else { return }
                let page = max(4096, Int(sysconf(Int32(_SC_PAGESIZE))))
                var start = (Int(bitPattern: base) + page - 1) / page * page
                let end = (Int(bitPattern: base) + raw.count) / page * page
                while start < end {
                    let n = min(step, end - start)
                    _ = madvise(UnsafeMutableRawPointer(bitPattern: start), n, MADV_DONTNEED)
                    start += n
                }
            }
        }
        #endif
        bytes = []
    }
}
