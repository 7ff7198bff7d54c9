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
/// `prepare`, when given, runs over each block once it is queued, and what it returns travels
/// with the block (`nextBlock`): work that depends on a record alone (the office decodes each
/// record's data there). Whichever thread has time does it: the reader prepares the block it
/// takes when nothing has yet, and the scan, instead of waiting while the queue is full,
/// prepares the newest queued block. So when the scan (hashing) is the slower side the reader
/// takes the decoding on, and when the fold is, the scan does — the two cores stay busy
/// whichever is ahead. It sees only verified records, as the reader does.
public final class VerifiedFeed: @unchecked Sendable {
    /// A block of verified records, in order, and what `prepare` made of them. The records' `data`
    /// are slices of one buffer the block's records share (their indices need not start at 0):
    /// one allocation a block instead of two a record.
    public struct Block {
        public var records: [JournalRecord]
        public var prepared: (any Sendable)?
    }

    /// A queued block and where its preparing stands.
    private struct Queued {
        var block: Block
        /// `prepare` is still to run on it (false: done, or nothing to do).
        var unprepared: Bool
        /// The scan's thread is preparing it now (the reader waits for that rather than doing it twice).
        var preparing = false
    }

    private let condition = NSCondition()
    private var blocks: [Queued] = []
    private var head = 0
    /// How many blocks were removed from the front of `blocks` (a block's number less this is its index).
    private var removed = 0
    private var finished = false
    private var cancelled = false
    /// Set when a verified line did not decode: the reader throws it after the records before it.
    private var failure: JournalError?
    private let capacity: Int
    private let blockSize: Int
    private let prepare: (@Sendable ([JournalRecord]) -> any Sendable)?
    /// Seconds the scan waited for room (with nothing to prepare) and the reader waited for
    /// records (for `JINGWU_TRACE`), and blocks each side prepared.
    public private(set) var scanWaited = 0.0
    public private(set) var readerWaited = 0.0
    /// Blocks the reader is done with, freed on the scan's thread (`giveBack`).
    private var spent: [Block] = []
    // Producer side only (the scan's thread).
    private var staging: [JournalRecord] = []
    /// The staged records' data, one after another, and where each one's lies.
    private var stagingBytes = Data()
    private var stagingRanges: [Range<Int>] = []
    private var stopped = false

    public init(blockSize: Int = 1024, capacity: Int = 16,
                prepare: (@Sendable ([JournalRecord]) -> any Sendable)? = nil) {
        self.blockSize = blockSize
        self.capacity = capacity
        self.prepare = prepare
        staging.reserveCapacity(blockSize)
        stagingRanges.reserveCapacity(blockSize)
    }

    // MARK: The scan's side

    /// A verified line (without its newline) of record `seq`; the scan has checked its shape
    /// (`RecordFormat.hasRecordShape`) as well as its link, and `hash` is its chain hash as the scan
    /// computed it (32 bytes; the line's hex field is those bytes: the scan compared them).
    func add(_ line: UnsafeRawBufferPointer, seq: UInt64, hash: UnsafeRawBufferPointer, path: String) {
        guard !stopped else { return }
        let record = RecordDecoder.decode(line, shapeChecked: true, hash: StoredHash(raw: hash)) { bytes in
            // Its data's bytes join the block's buffer; the slice is made when the block is handed over.
            let start = stagingBytes.count
            if let base = bytes.baseAddress { stagingBytes.append(base.assumingMemoryBound(to: UInt8.self), count: bytes.count) }
            stagingRanges.append(start..<stagingBytes.count)
            return Data()
        }
        guard let record else {
            // As `FileJournal.replay` says of an undecodable line: damage at it.
            stopped = true
            push(takeStaged(), failure: JournalError.damaged(path: path, seq: seq, line: Int(seq) + 1))
            return
        }
        staging.append(record)
        if staging.count >= blockSize {
            push(takeStaged(), failure: nil)
        }
    }

    /// The staged records, each one's data a slice of one buffer holding them all; staging starts afresh.
    private func takeStaged() -> [JournalRecord] {
        var records: [JournalRecord] = []
        swap(&records, &staging)
        let bytes = stagingBytes.count
        if !records.isEmpty {
            for i in records.indices { records[i].data = stagingBytes[stagingRanges[i]] }
        }
        // A fresh buffer for the next block (the records hold this one).
        stagingBytes = Data(capacity: bytes)
        stagingRanges.removeAll(keepingCapacity: true)
        staging.reserveCapacity(blockSize)
        return records
    }

    /// No more records (the scan ended, whatever it found, or the open threw).
    public func finish() {
        if !stopped, !staging.isEmpty { push(takeStaged(), failure: nil) }
        staging = []
        stopped = true
        condition.lock()
        finished = true
        condition.broadcast()
        // The scan is done: its thread prepares what the reader has not reached yet.
        while !cancelled, prepareNewestLocked() {}
        freeSpentLocked()
        condition.unlock()
    }

    private func push(_ records: [JournalRecord], failure: JournalError?) {
        // On the scan's thread.
        let queued = Queued(block: Block(records: records, prepared: nil), unprepared: prepare != nil && !records.isEmpty)
        condition.lock()
        defer { condition.unlock() }
        freeSpentLocked()
        while !cancelled, blocks.count - head >= capacity {
            // The reader is behind: rather than wait, prepare the newest block it has not reached.
            if prepareNewestLocked() { continue }
            if freeSpentLocked() { continue }
            let t = Trace.seconds()
            condition.wait()
            scanWaited += Trace.seconds() - t
        }
        guard !cancelled else { return }
        if !queued.block.records.isEmpty { blocks.append(queued) }
        if let failure { self.failure = failure }
        condition.broadcast()
    }

    /// With the lock held: frees (outside the lock) the blocks the reader gave back; false when there were none.
    @discardableResult
    private func freeSpentLocked() -> Bool {
        guard !spent.isEmpty else { return false }
        var done: [Block] = []
        swap(&done, &spent)
        condition.unlock()
        done = []
        condition.lock()
        return true
    }

    /// With the lock held: prepares (outside the lock) the newest queued block nobody has
    /// prepared, the one the reader comes to last; false when there is none.
    private func prepareNewestLocked() -> Bool {
        guard let prepare else { return false }
        var i = blocks.count - 1
        while i > head, !blocks[i].unprepared { i -= 1 }
        // The head block may be the reader's next: the scan takes it too when it is the only one.
        guard i >= head, blocks[i].unprepared else { return false }
        blocks[i].unprepared = false
        blocks[i].preparing = true
        let number = removed + i
        let records = blocks[i].block.records
        condition.unlock()
        let made = prepare(records)
        condition.lock()
        guard !cancelled else { return true }
        let at = number - removed
        blocks[at].block.prepared = made
        blocks[at].preparing = false
        condition.broadcast()
        return true
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
        // Wait for a block (or the end), and for the scan to finish preparing it if it is at it.
        var since: Double?
        while head < blocks.count ? blocks[head].preparing : !finished && failure == nil {
            if since == nil { since = Trace.seconds() }
            condition.wait()
        }
        if let since { readerWaited += Trace.seconds() - since }
        guard head < blocks.count else {
            defer { condition.unlock() }
            if let failure { throw failure }
            return nil
        }
        var taken = blocks[head]
        blocks[head] = Queued(block: Block(records: [], prepared: nil), unprepared: false)
        head += 1
        if head > 256 {
            blocks.removeFirst(head)
            removed += head
            head = 0
        }
        condition.broadcast()
        condition.unlock()
        // Nobody has prepared it yet: the reader does, on its own thread.
        if taken.unprepared, let prepare { taken.block.prepared = prepare(taken.block.records) }
        return taken.block
    }

    /// The reader is done with `block` (it has folded it): its records, allocated on the scan's
    /// thread, are freed there too (a free on the thread that allocated is cheaper, and the
    /// reader is the busier side) — or here, once the scan has ended.
    public func giveBack(_ block: consuming Block) {
        condition.lock()
        if !finished, !cancelled { spent.append(block) }
        condition.unlock()
    }

    /// The reader stops reading: the scan goes on to its end without waiting for it.
    public func cancel() {
        condition.lock()
        cancelled = true
        blocks = []
        spent = []
        head = 0
        removed = 0
        condition.broadcast()
        condition.unlock()
    }
}
