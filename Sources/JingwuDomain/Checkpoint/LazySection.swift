import Foundation
import JingwuJournal

// Sections of a checkpoint that a short-lived command may never look at are
// decoded on first use instead of on open. A headless write at station scale
// touches a handful of the state's parts (the roster, the grid, one patrol, the
// event index); decoding the rest of a year (persons, disputes, hazards…) would
// be most of its time.
//
// The checkpoint's bytes are authenticated whole when it is loaded (a MAC under the
// installation's key, see `CheckpointFile`), so a section that fails to decode later
// was written wrong by this very build: a bug, neither damage nor an attack. It is
// then taken from a replay instead (`CheckpointReplay`: the journal's records up to
// the checkpoint's, folded read-only, once) and the checkpoint is removed, so the
// command goes on with the journal's truth and the next one replays. Only when that
// replay cannot be had either (the journal unreadable meanwhile) does the process
// stop, having removed the checkpoint. Every read of a decoded section, and every
// column read in place, is total: a wrong index or value reads as absent and never
// traps (CheckpointTrustTests fuzz it).

/// The state at a checkpoint's record, folded from the journal when one of the
/// checkpoint's sections turns out not to decode. Folded at most once.
final class CheckpointReplay: @unchecked Sendable {
    private let fold: @Sendable () -> OfficeState?
    private let lock = NSLock()
    private var done = false
    private var state: OfficeState?

    init(_ fold: @escaping @Sendable () -> OfficeState?) { self.fold = fold }

    /// The journal's records 0…`seq` of the file at `path`, read and folded without writing anything.
    convenience init(journalPath path: String, seq: UInt64, policy: Policy) {
        self.init {
            guard seq < UInt64(Int.max) else { return nil }
            let state = try? OfficeState.fold(policy: policy) { body in
                try JournalInspector.readRecords(path: path, count: Int(seq) + 1, body)
            }
            guard let state, state.lastSeq == seq else { return nil }
            return state
        }
    }

    var value: OfficeState? {
        lock.withLock {
            if !done {
                Trace.mark("checkpoint: a section does not decode; replaying the journal to its record")
                state = fold()
                done = true
            }
            return state
        }
    }
}

/// A part of the state that is either in hand or still in a loaded checkpoint.
/// Reads like the value; the first change takes the value out of the checkpoint.
struct Lazy<T: Sendable & Equatable>: Sendable, Equatable {
    private var current: T?
    private var pending: PendingSection<T>?

    init(_ value: T) { current = value }
    init(pending: PendingSection<T>) { self.pending = pending }

    var value: T {
        get {
            if let current { return current }
            return pending!.value
        }
        _modify {
            if current == nil {
                // Taken, not copied, when nothing else shares it: a copy would be
                // copied again on the first change (copy-on-write of a shared array).
                current = isKnownUniquelyReferenced(&pending) ? pending!.take() : pending!.value
                pending = nil
            }
            yield &current!
        }
    }

    /// Decodes the section now if it is still pending (the value is then kept by the pending
    /// section, shared by every copy of the state that refers to it): for a thread that decodes
    /// ahead of the first read. True when it was pending.
    @discardableResult
    func decodeIfPending() -> Bool {
        guard current == nil, let pending, !pending.isDecoded else { return false }
        _ = pending.value
        return true
    }

    /// True while the section is still undecoded in the checkpoint's bytes.
    var isPending: Bool {
        guard current == nil, let pending else { return false }
        return !pending.isDecoded
    }

    /// The section's bytes as loaded, while the value is unchanged since the load and the bytes
    /// are authentic (else nil: the value is encoded, from the replay if the bytes do not check out).
    var unchangedBytes: UnsafeRawBufferPointer? { current == nil ? pending?.bytes : nil }

    static func == (lhs: Lazy, rhs: Lazy) -> Bool { lhs.value == rhs.value }
}

/// One section of a loaded checkpoint, decoded once on first use.
final class PendingSection<T: Sendable>: @unchecked Sendable {
    private let source: CheckpointBytes
    private let range: Range<Int>
    private let decode: @Sendable (inout CheckpointReader) throws -> T
    /// The same part of a replayed state, should the bytes not decode.
    private let replayed: (@Sendable (OfficeState) -> T?)?
    private let replay: CheckpointReplay?
    private let lock = NSLock()
    private var decoded: T?
    private let name: String

    init(_ name: String, source: CheckpointBytes, range: Range<Int>,
         decode: @escaping @Sendable (inout CheckpointReader) throws -> T,
         replay: CheckpointReplay? = nil, replayed: (@Sendable (OfficeState) -> T?)? = nil) {
        self.name = name
        self.source = source
        self.range = range
        self.decode = decode
        self.replay = replay
        self.replayed = replayed
    }

    /// The section's bytes when they check out (`CheckpointBytes.authentic`), else nil.
    var bytes: UnsafeRawBufferPointer? {
        source.authentic(range) ? UnsafeRawBufferPointer(rebasing: source.payload[range]) : nil
    }

    /// Whether the value was decoded (or taken from the replay) already.
    var isDecoded: Bool { lock.withLock { decoded != nil } }

    var value: T {
        lock.withLock {
            if let decoded { return decoded }
            var r = CheckpointReader(source, range: range)
            let value: T
            if let read = try? decode(&r), r.atEnd {
                value = read
            } else {
                value = CheckpointSections.fallback(source, section: name, replay: replay, replayed)
            }
            Trace.mark("checkpoint decode on first use: \(name) (\(range.count) bytes)")
            decoded = value
            return value
        }
    }

    /// The value, no longer kept here.
    func take() -> T {
        let value = self.value
        lock.withLock { decoded = nil }
        return value
    }
}

/// The payload's table of sections: a count, then each section's (offset, length)
/// from the payload's start, then the sections in order.
enum CheckpointSections {
    /// Writes `sections` (each appends its own bytes) behind a table of where each lies.
    static func write(_ w: inout CheckpointWriter, _ sections: [(inout CheckpointWriter) -> Void]) {
        let tableAt = w.bytes.count
        w.int(sections.count)
        for _ in sections { w.int(0); w.int(0) }
        for (i, section) in sections.enumerated() {
            let start = w.bytes.count
            section(&w)
            let end = w.bytes.count
            put(start - tableAt, into: &w.bytes, at: tableAt + 8 + 16 * i)
            put(end - start, into: &w.bytes, at: tableAt + 16 + 16 * i)
        }
    }

    private static func put(_ value: Int, into bytes: inout [UInt8], at offset: Int) {
        withUnsafeBytes(of: UInt64(value).littleEndian) { raw in
            for (k, byte) in raw.enumerated() { bytes[offset + k] = byte }
        }
    }

    /// The sections' ranges (payload offsets), checked to lie in order inside the payload.
    static func read(_ r: inout CheckpointReader, expecting count: Int) throws -> [Range<Int>] {
        let tableAt = r.index
        guard try r.int() == count else { throw CheckpointDecodingError() }
        var ranges: [Range<Int>] = []
        var next = tableAt + 8 + 16 * count
        for _ in 0..<count {
            let (start, overflow) = tableAt.addingReportingOverflow(try r.int())
            let length = try r.int()
            guard !overflow, start == next, length >= 0, length <= r.end - start else { throw CheckpointDecodingError() }
            ranges.append(start..<(start + length))
            next = start + length
        }
        guard next == r.end else { throw CheckpointDecodingError() }
        return ranges
    }

    /// A section that authenticated on load does not decode: this build wrote it wrong.
    /// Removes the checkpoint (the next start replays the journal) and answers from the
    /// replayed state; stops only when there is none.
    static func fallback<T>(_ source: CheckpointBytes, section: String, replay: CheckpointReplay?,
                            _ part: ((OfficeState) -> T?)?) -> T {
        source.discard()
        if let path = source.path { CheckpointFile.remove(path: path) }
        if let state = replay?.value, let value = part?(state) {
            Trace.mark("checkpoint section \(section) taken from the replay; checkpoint removed")
            return value
        }
        unreadable(source, section: section)
    }

    /// Bytes read in place (a column's value, a pool's string, a patrol's or a trail's record) whose
    /// block does not check out: the checkpoint file changed under its authenticated block table
    /// (forged, or damaged). Nothing read from the block is used: removes the checkpoint (the next
    /// start replays the journal) and stops, as for a section with no replay to fall back on.
    static func unauthentic(_ source: CheckpointBytes) -> Never {
        source.discard()
        Trace.mark("checkpoint: a block read in place does not authenticate; checkpoint removed")
        unreadable(source, section: "block")
    }

    /// No replay to fall back on: removes the checkpoint (the next start replays the journal) and stops.
    static func unreadable(_ source: CheckpointBytes, section: String) -> Never {
        if let path = source.path { CheckpointFile.remove(path: path) }
        fatalError("jingwu: checkpoint section \(section) does not decode; checkpoint removed, run the command again")
    }
}

extension OfficeState {
    /// True when a part of the state is still undecoded in the loaded checkpoint: a section not read
    /// yet, or patrols and trails decoded each time they are read (`CheckpointDecoding.onFirstUse`).
    /// A write then folds its records into a throwaway copy first (`Office.foldBeforeWriting`).
    var hasUndecodedParts: Bool {
        guard loadedLazily else { return false }
        return partsLoadedLazily || lazyPopulation.isPending || lazyCommunity.isPending || lazyCasework.isPending
            || lazyReveals.isPending || lazyFraud.isPending || lazyVoided.isPending || lazyIncidents.isPending
            || lazyDisputes.isPending || lazyPersons.isPending || patrols.lazyStopChecks.isPending
            || patrols.lazyHazards.isPending
    }

    /// Decodes every section of the loaded checkpoint still waiting for its first read (persons,
    /// disputes, incidents, hazards, stop checks, voided ids, fraud, reveals, casework, community,
    /// population). Safe on another thread while the state it was copied from is read and changed:
    /// each section is decoded once, under its own lock, and shared by every copy. Returns how many
    /// it decoded.
    @discardableResult
    public func decodePendingSections() -> Int {
        var n = 0
        // Last section first: a thread that reads them in the checkpoint's order meanwhile (a
        // report) meets this one halfway instead of waiting behind it.
        for decoded in [lazyPopulation.decodeIfPending(), lazyCommunity.decodeIfPending(), lazyCasework.decodeIfPending(),
                        lazyReveals.decodeIfPending(), lazyFraud.decodeIfPending(), lazyVoided.decodeIfPending(),
                        lazyIncidents.decodeIfPending(), lazyDisputes.decodeIfPending(), lazyPersons.decodeIfPending(),
                        patrols.lazyStopChecks.decodeIfPending(), patrols.lazyHazards.decodeIfPending()]
        where decoded { n += 1 }
        return n
    }
}
