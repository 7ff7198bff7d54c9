import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuDomain

/// The background checkpoint save runs on a thread of its own at a lower CPU priority, one save at a time.
@Suite(.serialized) final class CheckpointSaverTests {
    @Test func test_a_save_runs_at_the_save_priority_and_leaves_the_callers_thread_as_it_was() {
        #if os(Linux)
        let before = CheckpointSaver.thisThreadsNice()
        let saver = CheckpointSaver()
        let seen = LockedBox<Int32?>(nil)
        XCTAssertTrue(saver.start { seen.set(CheckpointSaver.thisThreadsNice()) })
        saver.wait()
        XCTAssertEqual(seen.get(), max(before, CheckpointSaver.savePriority))
        XCTAssertEqual(CheckpointSaver.thisThreadsNice(), before, "the caller's thread keeps its priority")
        #endif
    }

    @Test func test_one_save_at_a_time_and_wait_returns_when_it_is_done() {
        let saver = CheckpointSaver()
        let gate = DispatchSemaphore(value: 0)
        let done = LockedBox(false)
        XCTAssertTrue(saver.start {
            gate.wait()
            done.set(true)
        })
        XCTAssertTrue(saver.isBusy)
        XCTAssertFalse(saver.start {}, "a second save while one runs is skipped")
        gate.signal()
        saver.wait()
        XCTAssertTrue(done.get())
        XCTAssertFalse(saver.isBusy)
        XCTAssertTrue(saver.start {}, "a save starts again once the last one ended")
        saver.wait()
    }
}

private final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func set(_ new: Value) { lock.withLock { value = new } }
    func get() -> Value { lock.withLock { value } }
}
