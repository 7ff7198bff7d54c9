import Foundation
import JingwuJournal

/// Every patrol of the office in order of start, read like `[Patrol]`. After a
/// checkpoint load the patrols stay encoded in the checkpoint's bytes and each is
/// decoded when it is read: a station-year has about 27k of them, and a command
/// that checks in one patrol should not decode the other 26,999. Patrols started
/// or changed since the load are kept as values beside the loaded ones.
public struct PatrolList: Sendable, RandomAccessCollection, Equatable {
    private var loaded: LoadedPatrols?
    private var loadedCount = 0
    /// Loaded patrols changed since the load, by index.
    private var changed: [Int: Patrol] = [:]
    /// Patrols started since the load (all of them after a replay: in chunks, so that a check-in
    /// while a checkpoint is being saved from a copy of the state copies 1,024 patrols, not all).
    private var tail = ChunkedArray<Patrol>()
    /// Id → index, for the patrols in `tail` (and for every patrol when nothing was loaded).
    private var tailIndex: [String: Int] = [:]

    public init() {}

    public var startIndex: Int { 0 }
    public var endIndex: Int { loadedCount + tail.count }

    public subscript(i: Int) -> Patrol {
        get {
            if i >= loadedCount { return tail[i - loadedCount] }
            precondition(i >= 0, "PatrolList index out of range")
            if !changed.isEmpty, let patrol = changed[i] { return patrol }
            return loaded!.patrol(at: i)
        }
        // In place: a patrol changed through a copy would copy its check-in list at every check-in.
        _modify {
            if i >= loadedCount {
                yield &tail[i - loadedCount]
            } else {
                precondition(i >= 0, "PatrolList index out of range")
                yield &changed[i, default: loaded!.patrol(at: i)]
            }
        }
    }

    /// The index of the patrol with this id (the last one, should a journal repeat an id).
    func position(of id: String) -> Int? {
        if let i = tailIndex[id] { return i }
        return loaded?.position(of: id)
    }

    /// Whether chunk `chunk` of the patrols started since the load is shared with `other`'s.
    func sharesTail(chunk: Int, with other: PatrolList) -> Bool { tail.sharesChunk(chunk, with: other.tail) }

    mutating func append(_ patrol: Patrol) {
        tailIndex[patrol.id] = endIndex
        tail.append(patrol)
    }

    mutating func reserveCapacity(_ n: Int) {
        tail.reserveCapacity(n)
        tailIndex.reserveCapacity(n)
    }

    public static func == (lhs: PatrolList, rhs: PatrolList) -> Bool { lhs.elementsEqual(rhs) }

    /// The live patrols overlapping `[from, to)` (not voided, started before `to`, not ended by
    /// `from`), in order of start. A loaded patrol whose start, end and voided mark (kept beside the
    /// records: `LoadedPatrols.starts`, `ends`, `voided`) put it outside is not decoded: a report over a day reads the
    /// day's patrols, not the year's.
    func live(overlapping from: Date, _ to: Date) -> [Patrol] {
        var out: [Patrol] = []
        for i in 0..<endIndex {
            if i < loadedCount, let loaded, changed.isEmpty || changed[i] == nil, !loaded.mayOverlap(i, from, to) { continue }
            let patrol = self[i]
            if !patrol.voided && patrol.startedAt < to && (patrol.endedAt ?? .distantFuture) > from { out.append(patrol) }
        }
        return out
    }

    // MARK: Checkpoint form
    //
    // count; the records' offsets (count + 1 of them, from the records' start);
    // the indexes sorted by id (then by index), for look-ups; each patrol's start,
    // end (a NaN for none) and voided mark (1 or 0), for finding a window's patrols
    // without decoding the others; then the records.

    func write(to w: inout CheckpointWriter) {
        let n = count
        w.int(n)
        var records = CheckpointWriter()
        // Sized once (the loaded records as they are, the others by their lists): grown by
        // doubling it would be copied and freed again and again on the console's saving thread,
        // and each `munmap` of a freed buffer stalls the keystroke thread's page faults (`PageRelease`).
        var room = 0
        for i in 0..<n {
            if i < loadedCount, changed[i] == nil, let loaded {
                room += loaded.recordBytes(i).count
            } else {
                let p = self[i]
                room += 256 + 8 * (p.checkIns.count + p.hazards.count + p.stopChecks.count) + 32 * (p.members.count + p.plannedCells.count)
                    + p.id.utf8.count + p.lead.utf8.count + (p.summary?.utf8.count ?? 0)
            }
        }
        records.bytes.reserveCapacity(room)
        var offsets: [Int] = []
        offsets.reserveCapacity(n + 1)
        for i in 0..<n {
            offsets.append(records.bytes.count)
            if i < loadedCount, changed[i] == nil, let loaded {
                records.bytes.append(contentsOf: loaded.recordBytes(i))
            } else {
                Self.encode(self[i], &records)
            }
        }
        offsets.append(records.bytes.count)
        w.block(offsets)
        // Ids of loaded, unchanged patrols read from their bytes: no patrol decoded to sort them.
        let ids = (0..<n).map { i -> [UInt8] in
            if i < loadedCount, changed[i] == nil, let loaded { return Array(loaded.idBytes(i)) }
            return Array(self[i].id.utf8)
        }
        let order = (0..<n).sorted { a, b in
            ids[a] == ids[b] ? a < b : ids[a].lexicographicallyPrecedes(ids[b])
        }.map { Int32($0) }
        w.block(order)
        var starts: [UInt64] = [], ends: [UInt64] = [], voided: [UInt8] = []
        starts.reserveCapacity(n); ends.reserveCapacity(n); voided.reserveCapacity(n)
        for i in 0..<n {
            if i < loadedCount, changed[i] == nil, let loaded {
                starts.append(loaded.starts[i]); ends.append(loaded.ends[i]); voided.append(loaded.voided[i])
            } else {
                let p = self[i]
                starts.append(p.startedAt.timeIntervalSince1970.bitPattern)
                ends.append(p.endedAt.map { $0.timeIntervalSince1970.bitPattern } ?? PatrolList.noEnd)
                voided.append(p.voided ? 1 : 0)
            }
        }
        w.block(starts); w.block(ends); w.block(voided)
        w.bytes.append(contentsOf: records.bytes)
        PageRelease.release(&records.bytes)
    }

    /// What `write` wrote: decoded one by one when read (`lazy`), or all now.
    /// How many check-ins, hazards and stop checks a patrol's indexes may refer to.
    struct Limits: Sendable {
        var checkIns: Int
        var hazards: Int
        var stopChecks: Int
    }

    static func read(from r: inout CheckpointReader, lazy: Bool, limits: Limits,
                     replay: CheckpointReplay? = nil) throws -> PatrolList {
        let n = try r.count(minimum: 12)
        let offsets = try r.block(Int.self, count: n + 1)
        let order = try r.block(Int32.self, count: n)
        let starts = try r.block(UInt64.self, count: n)
        let ends = try r.block(UInt64.self, count: n)
        let voided = try r.block(UInt8.self, count: n)
        let recordsStart = r.index
        let size = offsets[n]
        try r.need(size)
        guard offsets.first == 0, zip(offsets, offsets.dropFirst()).allSatisfy({ $0 < $1 }),
              order.allSatisfy({ $0 >= 0 && Int($0) < n })
        else { throw CheckpointDecodingError() }
        var list = PatrolList()
        if lazy, let source = r.source {
            list.loaded = LoadedPatrols(source: source, recordsStart: recordsStart, offsets: offsets, order: order,
                                        starts: starts, ends: ends, voided: voided, limits: limits, replay: replay)
            list.loadedCount = n
            r.index += size
            return list
        }
        list.reserveCapacity(n)
        for i in 0..<n {
            guard r.index == recordsStart + offsets[i] else { throw CheckpointDecodingError() }
            list.append(try decode(&r, limits: limits))
        }
        guard r.index == recordsStart + size else { throw CheckpointDecodingError() }
        return list
    }

    /// The end written for a patrol still out (a NaN: no time reads as it).
    static let noEnd: UInt64 = 0x7FF8_0000_0000_0001

    static func encode(_ p: Patrol, _ w: inout CheckpointWriter) {
        w.string(p.id); w.code(p.mode); w.code(p.dress); w.string(p.lead); w.strings(p.members)
        w.strings(p.plannedCells); w.optional(p.shift) { $0.string($1) }; w.date(p.startedAt); w.uuid(p.event)
        w.bool(p.voided); w.optional(p.endedAt) { $0.date($1) }; w.optional(p.summary) { $0.string($1) }
        w.optional(p.endEvent) { $0.uuid($1) }; w.ints(p.checkIns); w.ints(p.hazards); w.ints(p.stopChecks)
    }

    /// One patrol; its indexes must lie within `limits` (else the record is wrong: it throws).
    static func decode(_ r: inout CheckpointReader, limits: Limits) throws -> Patrol {
        let patrol = Patrol(id: try r.string(), mode: try r.code(), dress: try r.code(), lead: try r.string(), members: try r.strings(),
               plannedCells: try r.strings(), shift: try r.optional { try $0.string() }, startedAt: try r.date(),
               event: try r.uuid(), voided: try r.bool(), endedAt: try r.optional { try $0.date() },
               summary: try r.optional { try $0.string() }, endEvent: try r.optional { try $0.uuid() },
               checkIns: try r.ints(), hazards: try r.ints(), stopChecks: try r.ints())
        guard patrol.checkIns.allSatisfy({ $0 >= 0 && $0 < limits.checkIns }),
              patrol.hazards.allSatisfy({ $0 >= 0 && $0 < limits.hazards }),
              patrol.stopChecks.allSatisfy({ $0 >= 0 && $0 < limits.stopChecks })
        else { throw CheckpointDecodingError() }
        return patrol
    }
}

/// The patrols of a loaded checkpoint, still encoded. Immutable.
private final class LoadedPatrols: Sendable {
    let source: CheckpointBytes
    let recordsStart: Int
    let offsets: [Int]
    let order: [Int32]
    /// Each patrol's start and end (`Date.timeIntervalSince1970` bit patterns; `PatrolList.noEnd`
    /// for none) and voided mark, as its record says (written from it by this build).
    let starts: [UInt64]
    let ends: [UInt64]
    let voided: [UInt8]
    let limits: PatrolList.Limits
    let replay: CheckpointReplay?

    init(source: CheckpointBytes, recordsStart: Int, offsets: [Int], order: [Int32], starts: [UInt64], ends: [UInt64],
         voided: [UInt8], limits: PatrolList.Limits, replay: CheckpointReplay?) {
        self.source = source
        self.recordsStart = recordsStart
        self.offsets = offsets
        self.order = order
        self.starts = starts
        self.ends = ends
        self.voided = voided
        self.limits = limits
        self.replay = replay
    }

    /// Whether patrol `i` may be live and overlap `[from, to)`, by the times kept beside its record
    /// (compared as the decoded patrol's would be: the same `Date` from the same bits).
    func mayOverlap(_ i: Int, _ from: Date, _ to: Date) -> Bool {
        guard voided[i] == 0, Date(timeIntervalSince1970: Double(bitPattern: starts[i])) < to else { return false }
        let end = Double(bitPattern: ends[i])
        return end.isNaN || Date(timeIntervalSince1970: end) > from
    }

    func recordBytes(_ i: Int) -> UnsafeRawBufferPointer {
        let range = (recordsStart + offsets[i])..<(recordsStart + offsets[i + 1])
        if !source.authentic(range) { CheckpointSections.unauthentic(source) }
        return UnsafeRawBufferPointer(rebasing: source.payload[range])
    }

    func patrol(at i: Int) -> Patrol {
        let range = (recordsStart + offsets[i])..<(recordsStart + offsets[i + 1])
        var r = CheckpointReader(source, range: range)
        guard let patrol = try? PatrolList.decode(&r, limits: limits), r.atEnd else {
            // The replayed patrol with the same id (the record's id is its first field), else the same place.
            let id = String(decoding: idBytes(i), as: UTF8.self)
            return CheckpointSections.fallback(source, section: "patrol \(i)", replay: replay) { state in
                if let patrol = state.patrols.patrol(id) { return patrol }
                return i < state.patrols.patrols.count ? state.patrols.patrols[i] : nil
            }
        }
        return patrol
    }

    /// The id of record `i`: its first field, a length-prefixed string.
    func idBytes(_ i: Int) -> UnsafeRawBufferPointer {
        let record = recordBytes(i)
        guard record.count >= 8 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        let length = Int(Int64(littleEndian: record.loadUnaligned(as: Int64.self)))
        guard length >= 0, length <= record.count - 8 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(rebasing: record[8..<(8 + length)])
    }

    /// The last index whose patrol has this id, by binary search of `order`.
    func position(of id: String) -> Int? {
        var key = id
        return key.withUTF8 { key in
            let key = UnsafeRawBufferPointer(key)
            // First position in `order` whose id sorts after `key`.
            var low = 0, high = order.count
            while low < high {
                let mid = (low + high) / 2
                if key.lexicographicallyPrecedes(idBytes(Int(order[mid]))) { high = mid } else { low = mid + 1 }
            }
            guard low > 0 else { return nil }
            let candidate = Int(order[low - 1])
            return idBytes(candidate).elementsEqual(key) ? candidate : nil
        }
    }
}
