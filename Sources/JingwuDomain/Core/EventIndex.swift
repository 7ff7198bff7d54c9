import Foundation
import JingwuJournal

/// Event id → what the event created or changed, and its type name: the index
/// `EntryAmended`/`EntryVoided` reach back through. One compact open-addressing
/// table for both (a station-year holds about a million ids): ids in dense
/// arrays, a power-of-two slot table over them, type names as small codes, each
/// target as a kind code, a number and an index into a pool of distinct strings.
/// It reads like a dictionary (`targets[id]`, `eventTypes[id]`); every array,
/// the slot table included, is plain fixed-width values, so a checkpoint loads
/// it with block copies.
public struct EventIndex: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// Ids in insertion order; the other dense arrays run parallel.
    private(set) var ids = Column<RawID>()
    /// Index into `typeNames`, or `noType`.
    private(set) var typeCodes = Column<UInt16>()
    private(set) var typeNames: [String] = []
    private var typeLookup: [String: UInt16] = [:]
    /// The type set last (runs of one type are the rule).
    private var lastType: UInt16?
    /// The target's case (`TargetCode`), or `noTarget`.
    private var kinds = Column<UInt8>()
    /// The target's string, as an index into `pool`, or -1.
    private var texts = Column<Int32>()
    /// The target's number (an index into a list), or 0.
    private var numbers = Column<Int>()
    private var pool = StringPool()
    /// The slot table loaded with a checkpoint, over the ids loaded with it
    /// (dense index + 1 per slot, 0 for empty; a power of two at least twice as
    /// many slots as ids). Never changed: ids added since go to `slots`.
    private var loadedSlots = Column<Int32>()
    /// The slot table over the ids added since the load, same shape: dense index + 1 in the
    /// low 32 bits, and the id's hash's high 32 bits above them (`tag`), so that a probe
    /// compares an id only when its tag matches (a fold adds new ids: most probes end at an
    /// empty slot or a different tag without reading the id, which lies far away in memory).
    /// Never stored: a checkpoint holds one table of dense indexes over every id (`wholeTable`).
    private var slots: [UInt64] = []
    /// Written by `touch` so its loads are not optimised away.
    private var touched: UInt64 = 0
    /// The position appended last (the event being folded).
    private var lastAdded: Int?
    private(set) var targetCount = 0
    private(set) var typeCount = 0
    static let noType = UInt16.max
    static let noTarget = UInt8.max

    public init() {}
    public init(dictionaryLiteral elements: (UUID, EventTarget)...) {
        for (id, target) in elements { self[id] = target }
    }

    /// The target of event `id`, if it has one.
    public subscript(id: UUID) -> EventTarget? {
        get { find(id).flatMap { target(at: $0) } }
        set {
            if let i = find(id) {
                targetCount += (newValue == nil ? 0 : 1) - (kinds[i] == Self.noTarget ? 0 : 1)
                store(newValue, at: i)
            } else if let newValue {
                let i = append(id)
                store(newValue, at: i)
                targetCount += 1
            }
        }
    }

    /// Events indexed: every event folded has a position, in the order folded (`typeName(at:)`).
    public var positions: Int { ids.count }

    /// The id of the event at `position` (the order folded).
    public func id(at position: Int) -> UUID? { position >= 0 && position < ids.count ? ids[position].uuid : nil }

    /// The type name of the event at `position` (the order folded), if it has one.
    public func typeName(at position: Int) -> String? {
        guard position >= 0, position < ids.count else { return nil }
        let code = Int(typeCodes[position])
        return code < typeNames.count ? typeNames[code] : nil
    }

    /// Events with a target.
    public var count: Int { targetCount }
    public var isEmpty: Bool { targetCount == 0 }

    /// Dense position of event `id` (its order of first insertion), if known.
    func position(of id: UUID) -> Int? { find(id) }

    /// The type name recorded for event `id`.
    public func type(of id: UUID) -> String? {
        guard let i = find(id), Int(typeCodes[i]) < typeNames.count else { return nil }
        return typeNames[Int(typeCodes[i])]
    }

    mutating func setType(_ name: String, for id: UUID) {
        let code: UInt16
        if let last = lastType, typeNames[Int(last)] == name {
            code = last
        } else if let known = typeLookup[name] {
            code = known
        } else {
            code = UInt16(typeNames.count)
            typeNames.append(name)
            typeLookup[name] = code
        }
        lastType = code
        let i = find(id) ?? append(id)
        if typeCodes[i] == Self.noType { typeCount += 1 }
        typeCodes[i] = code
    }

    public func makeIterator() -> AnyIterator<(key: UUID, value: EventTarget)> {
        var i = 0
        return AnyIterator {
            while i < ids.count {
                defer { i += 1 }
                if let target = target(at: i) { return (ids[i].uuid, target) }
            }
            return nil
        }
    }

    public static func == (lhs: EventIndex, rhs: EventIndex) -> Bool {
        guard lhs.targetCount == rhs.targetCount, lhs.typeCount == rhs.typeCount else { return false }
        for (i, raw) in lhs.ids.enumerated() {
            let id = raw.uuid
            let code = Int(lhs.typeCodes[i])
            let type = code < lhs.typeNames.count ? lhs.typeNames[code] : nil
            guard rhs[id] == lhs.target(at: i), rhs.type(of: id) == type else { return false }
        }
        return true
    }

    // MARK: Targets as (kind, string, number)

    private func target(at i: Int) -> EventTarget? {
        let kind = kinds[i]
        guard kind != Self.noTarget, let code = TargetCode(rawValue: kind) else { return nil }
        let text = texts[i]
        return EventTarget(code: code, text: pool.contains(text) ? pool[text] : "", number: numbers[i])
    }

    private mutating func store(_ target: EventTarget?, at i: Int) {
        guard let target else {
            kinds[i] = Self.noTarget; texts[i] = -1; numbers[i] = 0
            return
        }
        let (kind, text, number) = target.parts
        kinds[i] = kind.rawValue
        texts[i] = text.map { intern($0) } ?? -1
        numbers[i] = number
    }

    private mutating func intern(_ s: String) -> Int32 { pool.intern(s) }

    // MARK: The table

    @inline(__always) private static func tag(_ hash: Int) -> UInt64 {
        UInt64(UInt(bitPattern: hash) >> 32) << 32
    }

    @inline(__always) private static func hash(_ id: RawID) -> Int {
        let (a, b) = withUnsafeBytes(of: id.bytes) {
            ($0.loadUnaligned(as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        }
        var h = (a &* 0x9E37_79B9_7F4A_7C15) ^ b
        h = (h ^ (h >> 31)) &* 0xD6E8_FEB8_6659_FD93
        return Int(truncatingIfNeeded: h ^ (h >> 32))
    }

    private static func capacity(for count: Int) -> Int {
        var capacity = 16
        while capacity < count * 2 { capacity *= 2 }
        return capacity
    }

    /// Dense index of `id`: in the loaded table, then in the table of ids added since.
    /// A loaded entry out of range reads as absent (only a damaged checkpoint has one).
    @inline(__always) private func find(_ id: UUID) -> Int? {
        let raw = RawID(id)
        // Folding one event looks its id up several times in a row (type, author, target).
        if let last = lastAdded, ids[last] == raw { return last }
        let h = Self.hash(raw)
        if !loadedSlots.isEmpty {
            let mask = loadedSlots.count - 1
            let limit = ids.loadedCount
            var s = h & mask
            // At most one pass: a damaged table might have no empty slot.
            for _ in 0..<loadedSlots.count {
                let entry = Int(loadedSlots[s])
                if entry == 0 { break }
                if entry <= limit, entry > 0, ids[entry - 1] == raw { return entry - 1 }
                s = (s + 1) & mask
            }
        }
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        let tag = Self.tag(h)
        var s = h & mask
        while true {
            let entry = slots[s]
            if entry == 0 { return nil }
            if entry & 0xFFFF_FFFF_0000_0000 == tag, ids[Int(entry & 0xFFFF_FFFF) - 1] == raw {
                return Int(entry & 0xFFFF_FFFF) - 1
            }
            s = (s + 1) & mask
        }
    }

    /// Reads the slots where `ids` would be added, all at once (the memory they lie in is
    /// then at hand when each is added, one by one, as its record is folded). Changes nothing
    /// the index holds or answers.
    mutating func touch(_ records: UnsafeBufferPointer<JournalRecord>) {
        guard !slots.isEmpty else { return }
        let mask = slots.count - 1
        var sum: UInt64 = 0
        slots.withUnsafeBufferPointer { table in
            for i in records.indices { sum &+= table[Self.hash(RawID(records[i].id)) & mask] }
        }
        touched = sum
    }

    /// Room for about `n` more events: the dense arrays and the slot table sized once, instead
    /// of copied and rebuilt at every doubling while a journal is folded from the start.
    mutating func reserve(_ n: Int) {
        guard n > 0 else { return }
        ids.reserve(n); typeCodes.reserve(n); kinds.reserve(n); texts.reserve(n); numbers.reserve(n)
        let added = ids.count - ids.loadedCount + n
        if Self.capacity(for: added) > slots.count { rebuild(capacity: Self.capacity(for: added)) }
    }

    private mutating func append(_ id: UUID) -> Int {
        let i = ids.count
        lastAdded = i
        ids.append(RawID(id))
        kinds.append(Self.noTarget)
        texts.append(-1)
        numbers.append(0)
        typeCodes.append(Self.noType)
        let added = ids.count - ids.loadedCount
        if added * 2 > slots.count {
            rebuild(capacity: Self.capacity(for: added))
        } else {
            place(i)
        }
        return i
    }

    private mutating func place(_ i: Int) {
        let mask = slots.count - 1
        let h = Self.hash(ids[i])
        var s = h & mask
        let entry = Self.tag(h) | UInt64(i + 1)
        slots.withUnsafeMutableBufferPointer { table in
            while table[s] != 0 { s = (s + 1) & mask }
            table[s] = entry
        }
    }

    private mutating func rebuild(capacity: Int) {
        slots = [UInt64](repeating: 0, count: capacity)
        for i in ids.loadedCount..<ids.count { place(i) }
    }

    /// One slot table over every id, as a checkpoint stores it.
    private func wholeTable() -> [Int32] {
        guard !ids.isEmpty else { return [] }
        var table = [Int32](repeating: 0, count: Self.capacity(for: ids.count))
        let mask = table.count - 1
        table.withUnsafeMutableBufferPointer { table in
            for i in 0..<ids.count {
                var s = Self.hash(ids[i]) & mask
                while table[s] != 0 { s = (s + 1) & mask }
                table[s] = Int32(i + 1)
            }
        }
        return table
    }
}

// MARK: Checkpoint form

extension EventIndex {
    /// Type names and the string pool, then every dense array and the slot table as blocks.
    func write(to w: inout CheckpointWriter) {
        w.strings(typeNames)
        pool.write(to: &w)
        w.int(ids.count)
        ids.write(to: &w); typeCodes.write(to: &w); kinds.write(to: &w); texts.write(to: &w); numbers.write(to: &w)
        if slots.isEmpty, loadedSlots.count == (ids.isEmpty ? 0 : Self.capacity(for: ids.count)) {
            w.int(loadedSlots.count)
            loadedSlots.write(to: &w)
        } else {
            let table = wholeTable()
            w.int(table.count)
            w.block(table)
        }
        w.int(targetCount)
        w.int(typeCount)
    }

    /// Reads what `write` wrote, leaving the arrays in the loaded bytes. It walks
    /// only the target codes (one byte each: an unknown one is a decoding error);
    /// every other read is total instead (a slot, type code or pool index out of
    /// range reads as absent), so a damaged block cannot trap, and the
    /// checkpoint's checksum is what catches damage.
    static func read(from r: inout CheckpointReader) throws -> EventIndex {
        var index = EventIndex()
        index.typeNames = try r.strings()
        guard index.typeNames.count < Int(noType) else { throw CheckpointDecodingError() }
        // Its strings (every register id, note and name a target holds) decoded when read.
        index.pool = try StringPool.read(from: &r, lazy: true)
        let n = try r.count(minimum: 35)
        guard n < Int(Int32.max) / 2 else { throw CheckpointDecodingError() }
        index.ids = try r.column(RawID.self, count: n)
        index.typeCodes = try r.column(UInt16.self, count: n)
        index.kinds = try r.column(UInt8.self, count: n)
        index.texts = try r.column(Int32.self, count: n)
        index.numbers = try r.column(Int.self, count: n)
        let slotCount = try r.count(minimum: 4)
        guard slotCount == (n == 0 ? 0 : capacity(for: n)) else { throw CheckpointDecodingError() }
        index.loadedSlots = try r.column(Int32.self, count: slotCount)
        index.targetCount = try r.int()
        index.typeCount = try r.int()
        guard (0...n).contains(index.targetCount), (0...n).contains(index.typeCount) else { throw CheckpointDecodingError() }
        // A target code this build does not know is damage, not some other target.
        var known = [Bool](repeating: false, count: 256)
        known[Int(noTarget)] = true
        for code in TargetCode.allCases { known[Int(code.rawValue)] = true }
        let valid = index.kinds.allSatisfy(bytes: { block in block.allSatisfy { known[Int($0)] } },
                                           { known[Int($0)] })
        guard valid else { throw CheckpointDecodingError() }
        for (i, name) in index.typeNames.enumerated() { index.typeLookup[name] = UInt16(i) }
        return index
    }
}
