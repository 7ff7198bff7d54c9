import Foundation

/// Records handed from a journal's opening scan, as it verifies them, to a reader on
/// another thread: the open without a checkpoint checks the hash chain on one core
/// while the other decodes and folds (`Office.open`).
///
/// Only records the scan has verified ever enter the feed (each line's sequence number
/// and chain link checked, in order from the header), so a reader folds a record only
/// once its link is verified. What the scan finds after the last valid record (a torn
/// tail, damage) is handled by the open exactly as without a feed: the feed simply ends
/// there. A verified line that does not read back as a record ends the feed with the
/// error `replay` throws for it.
///
/// The scan hands records over in blocks and waits while `capacity` blocks are queued,
/// so a slow reader bounds the memory held, not the scan's correctness.
///
/// `prepare`, when given, runs on the scan's thread over each block before it is queued,
/// and what it returns travels with the block (`nextBlock`): work that depends on a record
/// alone (the office decodes each record's data there) is done on the scan's core while the
/// reader folds the block before. It sees only verified records, as the reader does.
public final class VerifiedFeed: @unchecked Sendable {
    /// A block of verified records, in order, and what `prepare` made of them.
    public struct Block {
        public var records: [JournalRecord]
        public var prepared: (any Sendable)?
    }

    private let condition = NSCondition()
    private var blocks: [Block] = []
    private var head = 0
    private var finished = false
    private var cancelled = false
    /// Set when a verified line did not decode: the reader throws it after the records before it.
    private var failure: JournalError?
    private let capacity: Int
    private let blockSize: Int
    private let prepare: (@Sendable ([JournalRecord]) -> any Sendable)?
    /// Seconds the scan waited for room and the reader waited for records (for `JINGWU_TRACE`).
    public private(set) var scanWaited = 0.0
    public private(set) var readerWaited = 0.0
    // Producer side only (the scan's thread).
    private var staging: [JournalRecord] = []
    private var stopped = false

    public init(blockSize: Int = 1024, capacity: Int = 16,
                prepare: (@Sendable ([JournalRecord]) -> any Sendable)? = nil) {
        self.blockSize = blockSize
        self.capacity = capacity
        self.prepare = prepare
        staging.reserveCapacity(blockSize)
    }

    // MARK: The scan's side

    /// A verified line (without its newline) of record `seq`.
    func add(_ line: UnsafeRawBufferPointer, seq: UInt64, path: String) {
        guard !stopped else { return }
        guard let record = RecordDecoder.decode(line) else {
            // As `FileJournal.replay` says of an undecodable line: damage at it.
            stopped = true
            push(staging, failure: JournalError.damaged(path: path, seq: seq, line: Int(seq) + 1))
            staging = []
            return
        }
        staging.append(record)
        if staging.count >= blockSize {
            push(staging, failure: nil)
            staging = []
            staging.reserveCapacity(blockSize)
        }
    }

    /// No more records (the scan ended, whatever it found, or the open threw).
    public func finish() {
        if !stopped, !staging.isEmpty { push(staging, failure: nil) }
        staging = []
        stopped = true
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    private func push(_ records: [JournalRecord], failure: JournalError?) {
        // On the scan's thread, outside the lock.
        let block = Block(records: records, prepared: records.isEmpty ? nil : prepare?(records))
        condition.lock()
        defer { condition.unlock() }
        if !cancelled, blocks.count - head >= capacity {
            let t = Trace.seconds()
            while !cancelled, blocks.count - head >= capacity { condition.wait() }
            scanWaited += Trace.seconds() - t
        }
        guard !cancelled else { return }
        if !block.records.isEmpty { blocks.append(block) }
        if let failure { self.failure = failure }
        condition.broadcast()
    }

    // MARK: The reader's side

    /// The next block of verified records, in order; nil once the feed has ended.
    /// Throws, after every record before it, the damage a verified but unreadable line is.
    public func next() throws -> [JournalRecord]? {
        try nextBlock()?.records
    }

    /// As `next`, with what `prepare` made of the block.
    public func nextBlock() throws -> Block? {
        condition.lock()
        defer { condition.unlock() }
        if head == blocks.count, !finished, failure == nil {
            let t = Trace.seconds()
            while head == blocks.count, !finished, failure == nil { condition.wait() }
            readerWaited += Trace.seconds() - t
        }
        if head < blocks.count {
            let block = blocks[head]
            blocks[head] = Block(records: [], prepared: nil)
            head += 1
            if head > 256 {
                blocks.removeFirst(head)
                head = 0
            }
            condition.broadcast()
            return block
        }
        if let failure { throw failure }
        return nil
    }

    /// The reader stops reading: the scan goes on to its end without waiting for it.
    public func cancel() {
        condition.lock()
        cancelled = true
        blocks = []
        head = 0
        condition.broadcast()
        condition.unlock()
    }
}
