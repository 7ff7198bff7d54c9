import Foundation
import JingwuJournal

/// What `StationSync.run` feeds the verified records to: one connection (`BatchWriter`) or two
/// (`ParallelBatchWriter`).
protocol BatchSink: AnyObject {
    var expectedHeadSeq: Int64 { get set }
    var expectedHeadHash: String { get set }
    var pushed: Int { get }
    var batches: Int { get }
    func add(_ line: UnsafeRawBufferPointer, seq: UInt64, endOffset: Int) throws
    func finish() throws
    func abandon()
}

extension BatchWriter: BatchSink {}

/// Batches loaded over two connections at once: the server's side of a sync (the COPY into the
/// records table and its two unique indexes) is most of the time, and one backend uses one core.
///
/// The scanning thread (the caller) verifies and encodes batch k while two worker threads, each with
/// its own connection, send batches k-1 and k-2 and the servers insert them. The order of commits
/// is the chain's: a batch's transaction takes the journal's head row (`FOR UPDATE`) only after its
/// predecessor has committed, checks that the head is exactly where its predecessor left it and
/// moves the head conditionally; the same server-side check as `BatchWriter`'s (its first record
/// chains from that head, its seqs are exactly the next ones) runs before, on its own rows. A
/// batch whose predecessor failed rolls back. So, killed anywhere, the station holds whole batches from the start, contiguous —
/// as with one connection.
final class ParallelBatchWriter: BatchSink {
    let identity: JournalIdentity
    let journal: String
    let options: StationSync.Options
    let encoder: CopyTupleEncoder

    var expectedHeadSeq: Int64 = -1
    var expectedHeadHash = ""

    /// The batch being encoded on the scanning thread.
    private var building: Job?
    private var nextIndex = 0
    private var lastQueuedSeq: Int64 = -1
    private var lastQueuedHash = ""
    private let shared = Shared()
    private var workers: [Worker] = []
    private let makeConnection: () throws -> PGConnection
    private let first: PGConnection

    var pushed: Int { shared.lock.withLock { shared.pushed } }
    var batches: Int { shared.lock.withLock { shared.committed } }

    init(db: PGConnection, second: @escaping () throws -> PGConnection, identity: JournalIdentity, journal: String,
         options: StationSync.Options) {
        first = db
        makeConnection = second
        self.identity = identity
        self.journal = journal
        self.options = options
        encoder = CopyTupleEncoder(journalID: identity.journalID, office: identity.office)
    }

    /// One batch: its COPY stream whole, and what its transaction checks.
    final class Job {
        let index: Int
        let firstSeq: UInt64
        /// The head the station must hold when this batch commits: where its predecessor ends.
        let afterSeq: Int64
        let afterHash: String
        var lastSeq: UInt64 = 0
        /// Where the last record's hash (64 hex digits) is in `stream`, while it is built.
        var lastHashAt = 0
        /// That hash, once the batch is queued (the stream is freed once sent).
        var lastHash = ""
        var lastOffset = 0
        var count = 0
        var stream: CopyBuffer?

        init(index: Int, firstSeq: UInt64, afterSeq: Int64, afterHash: String, stream: CopyBuffer) {
            self.index = index
            self.firstSeq = firstSeq
            self.afterSeq = afterSeq
            self.afterHash = afterHash
            self.stream = stream
        }
    }

    /// The state the threads share, under `lock`.
    final class Shared: @unchecked Sendable {
        let lock = NSCondition()
        var committed = 0
        /// Batches committed whose `afterBatch` has returned too: the next batch commits only
        /// after that (waiting on `committed` alone let a wakeup in between run two `afterBatch`
        /// at once, on two threads — a test's connection used by both hung in libpq).
        var released = 0
        var pushed = 0
        var failure: Error?
        /// Streams sent, for the next batches to reuse.
        var spare: [CopyBuffer] = []
    }

    func add(_ line: UnsafeRawBufferPointer, seq: UInt64, endOffset: Int) throws {
        if building == nil {
            if let failure = shared.lock.withLock({ shared.failure }) { throw failure }
            let afterSeq = nextIndex == 0 ? expectedHeadSeq : lastQueuedSeq
            let afterHash = nextIndex == 0 ? expectedHeadHash : lastQueuedHash
            guard Int64(seq) == afterSeq + 1 else { throw StationError.headMoved(journal: journal) }
            // A stream a worker has sent, when there is one: fresh memory costs the kernel's zeroing of every page.
            let stream = shared.lock.withLock { shared.spare.popLast() }
                ?? CopyBuffer(capacity: min(options.batchRecords, 40_000) * 800)
            stream.removeAll()
            let job = Job(index: nextIndex, firstSeq: seq, afterSeq: afterSeq, afterHash: afterHash, stream: stream)
            CopyTupleEncoder.header(into: job.stream!)
            building = job
            nextIndex += 1
        }
        let job = building!
        guard let hashAt = encoder.append(line: line, into: job.stream!) else {
            throw StationError.server(sqlstate: "", detail: "record \(seq) does not decode")
        }
        job.count += 1
        job.lastSeq = seq
        job.lastHashAt = hashAt
        job.lastOffset = endOffset
        if job.count >= options.batchRecords { try queue() }
    }

    /// Hands the batch being built to the worker whose turn it is (waiting while that worker is busy).
    private func queue() throws {
        guard let job = building else { return }
        building = nil
        let stream = job.stream!
        job.lastHash = String(decoding: UnsafeRawBufferPointer(rebasing: stream.bytes[job.lastHashAt..<(job.lastHashAt + 64)]),
                              as: UTF8.self)
        CopyTupleEncoder.trailer(into: stream)
        lastQueuedSeq = Int64(job.lastSeq)
        lastQueuedHash = job.lastHash
        let slot = job.index % 2
        if workers.count <= slot {
            let connection = slot == 0 ? first : try makeConnection()
            let worker = Worker(db: connection, writer: self)
            workers.append(worker)
            worker.start()
        }
        try workers[slot].give(job)
    }

    func finish() throws {
        try queue()
        for worker in workers { worker.close() }
        for worker in workers { worker.join() }
        workers = []
        if let failure = shared.lock.withLock({ shared.failure }) { throw failure }
    }

    func abandon() {
        building = nil
        shared.lock.withLock {
            if shared.failure == nil { shared.failure = CancellationError() }
            shared.lock.broadcast()
        }
        for worker in workers { worker.close() }
        for worker in workers { worker.join() }
        workers = []
    }

    // MARK: On a worker's thread

    /// Runs one batch's transaction on `db`; the commit waits for the predecessor's.
    fileprivate func load(_ job: Job, on db: PGConnection) throws {
        try db.exec("BEGIN")
        do {
            // Losing the last commits to a server crash loses nothing: the head moves in the same
            // transaction, and the next sync pushes those records again from the office's journal.
            try db.exec("SET LOCAL synchronous_commit = off")
            if job.afterSeq < 0 {
                try db.exec("""
                    INSERT INTO jingwu.journals (journal_id, station, office, created, head_seq, head_hash)
                    VALUES ($1::uuid, $2, $3, $4::timestamptz, -1, $5) ON CONFLICT (journal_id) DO NOTHING
                    """, [journal, identity.station, identity.office, BatchWriter.iso(identity.created),
                          RecordLines.hex(RecordLines.zeroHash)])
            }
            try db.copyBegin("""
                COPY jingwu.records (journal_id, seq, event_id, office, type, v, at, recorded, by, data, hash, line)
                FROM STDIN (FORMAT binary)
                """)
            var at = 0
            let piece = 1 << 20
            if let stream = job.stream {
                let raw = stream.bytes
                while at < raw.count {
                    let end = min(raw.count, at + piece)
                    try db.copyData(UnsafeRawBufferPointer(rebasing: raw[at..<end]))
                    at = end
                }
                job.stream = nil
                shared.lock.withLock { shared.spare.append(stream) }
            }
            try options.insideBatch?(job.index + 1)
            let inserted = try db.copyEnd()
            // The server's check of this batch reads only its own rows (the first record's chain from
            // `afterHash`, the count of its seqs after `afterSeq`): it runs while the predecessor may
            // still be loading, off the path the commits take one at a time.
            try BatchWriter.checkOnServer(db, journal: journal, afterSeq: job.afterSeq, afterHash: job.afterHash,
                                          firstSeq: job.firstSeq, lastSeq: job.lastSeq, count: job.count, inserted: inserted)
            // The predecessor's commit first (or its failure: then this batch goes too).
            shared.lock.lock()
            while shared.failure == nil && shared.released < job.index { shared.lock.wait() }
            let failed = shared.failure
            shared.lock.unlock()
            if let failed { throw failed }
            let head = try db.exec("SELECT head_seq, head_hash FROM jingwu.journals WHERE journal_id = $1::uuid FOR UPDATE",
                                   [journal])
            guard head.rowCount == 1, head.int(0, 0) == job.afterSeq, head.string(0, 1) == job.afterHash,
                  Int64(job.firstSeq) == job.afterSeq + 1
            else { throw StationError.headMoved(journal: journal) }
            let pushedBefore = shared.lock.withLock { shared.pushed }
            let moved = try db.exec("""
                UPDATE jingwu.journals SET head_seq = $2::bigint, head_hash = $3, last_synced = now(),
                    last_sync_records = $5::bigint, head_offset = $6::bigint
                WHERE journal_id = $1::uuid AND head_seq = $4::bigint
                """, [journal, String(job.lastSeq), job.lastHash, String(job.afterSeq), String(pushedBefore + job.count),
                      String(job.lastOffset)])
            guard moved.affectedRows == 1 else { throw StationError.headMoved(journal: journal) }
            try db.exec("COMMIT")
        } catch {
            _ = try? db.copyEnd()  // when the error came mid-COPY (else it fails, harmlessly)
            _ = try? db.exec("ROLLBACK")
            throw error
        }
        shared.lock.lock()
        shared.committed += 1
        shared.pushed += job.count
        let batches = shared.committed
        shared.lock.unlock()
        // In commit order, before the next batch may commit: a test stopping here stops every later batch.
        do {
            try options.afterBatch?(batches)
        } catch {
            fail(error)
            return
        }
        shared.lock.withLock {
            shared.released += 1
            shared.lock.broadcast()
        }
    }

    fileprivate func fail(_ error: Error) {
        shared.lock.withLock {
            if shared.failure == nil { shared.failure = error }
            shared.lock.broadcast()
        }
    }

    fileprivate var hasFailed: Bool { shared.lock.withLock { shared.failure != nil } }

    /// A thread with its own connection, taking one batch at a time.
    final class Worker: @unchecked Sendable {
        let db: PGConnection
        unowned let writer: ParallelBatchWriter
        private let condition = NSCondition()
        private var pending: Job?
        private var closed = false
        private var done = false

        init(db: PGConnection, writer: ParallelBatchWriter) {
            self.db = db
            self.writer = writer
        }

        func start() {
            let thread = Thread { [self] in run() }
            thread.name = "jingwu sync loader"
            thread.stackSize = 1 << 20
            thread.start()
        }

        /// Waits while the previous batch is still loading, then hands `job` over.
        func give(_ job: Job) throws {
            condition.lock()
            defer { condition.unlock() }
            while pending != nil && !done { condition.wait() }
            if done {
                throw writer.shared.lock.withLock { writer.shared.failure } ?? StationError.headMoved(journal: writer.journal)
            }
            pending = job
            condition.broadcast()
        }

        func close() {
            condition.lock()
            closed = true
            condition.broadcast()
            condition.unlock()
        }

        func join() {
            condition.lock()
            while !done { condition.wait() }
            condition.unlock()
        }

        private func run() {
            while true {
                condition.lock()
                while pending == nil && !closed { condition.wait() }
                guard let job = pending else {
                    done = true
                    condition.broadcast()
                    condition.unlock()
                    return
                }
                condition.unlock()
                if !writer.hasFailed {
                    do { try writer.load(job, on: db) } catch { writer.fail(error) }
                }
                condition.lock()
                pending = nil
                if writer.hasFailed { done = true }
                condition.broadcast()
                condition.unlock()
                if done { return }
            }
        }
    }
}
