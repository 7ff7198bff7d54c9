import Foundation

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
    /// The slot table over the ids added since the load (dense index + 1), same shape.
    private var slots: [Int32] = []
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
        guard kind != Self.noTarget, EventTarget.isCode(kind) else { return nil }
        let text = texts[i]
        return EventTarget(code: kind, text: pool.contains(text) ? pool[text] : "", number: numbers[i])
    }

    private mutating func store(_ target: EventTarget?, at i: Int) {
        guard let target else {
            kinds[i] = Self.noTarget; texts[i] = -1; numbers[i] = 0
            return
        }
        let (kind, text, number) = target.parts
        kinds[i] = kind
        texts[i] = text.map { intern($0) } ?? -1
        numbers[i] = number
    }

    private mutating func intern(_ s: String) -> Int32 { pool.intern(s) }

    // MARK: The table

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
        var s = h & mask
        while true {
            let entry = slots[s]
            if entry == 0 { return nil }
            if ids[Int(entry) - 1] == raw { return Int(entry) - 1 }
            s = (s + 1) & mask
        }
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
        var s = Self.hash(ids[i]) & mask
        slots.withUnsafeMutableBufferPointer { table in
            while table[s] != 0 { s = (s + 1) & mask }
            table[s] = Int32(i + 1)
        }
    }

    private mutating func rebuild(capacity: Int) {
        slots = [Int32](repeating: 0, count: capacity)
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
        w.strings(pool.strings)
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

    /// Reads what `write` wrote, leaving the arrays in the loaded bytes. It does
    /// not walk them: every read is total instead (a slot, code or pool index
    /// out of range reads as absent), so a damaged block cannot trap, and the
    /// checkpoint's checksum is what catches damage.
    static func read(from r: inout CheckpointReader) throws -> EventIndex {
        var index = EventIndex()
        index.typeNames = try r.strings()
        guard index.typeNames.count < Int(noType) else { throw CheckpointDecodingError() }
        index.pool = StringPool(loaded: try r.strings())
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
        for (i, name) in index.typeNames.enumerated() { index.typeLookup[name] = UInt16(i) }
        return index
    }
}

extension EventTarget {
    /// The case as a code, its string and its number (the event index's columns).
    var parts: (UInt8, String?, Int) {
        switch self {
        case .officer(let s): (0, s, 0)
        case .cell(let s): (1, s, 0)
        case .shift(let s): (2, s, 0)
        case .handover(let s): (3, s, 0)
        case .acknowledgement(let s): (4, s, 0)
        case .patrol(let s): (5, s, 0)
        case .patrolEnd(let s): (6, s, 0)
        case .checkIn(let i): (7, nil, i)
        case .hazard(let i): (8, nil, i)
        case .stopCheck(let i): (9, nil, i)
        case .person(let s): (10, s, 0)
        case .statusChange(let s, let i): (11, s, i)
        case .delisting(let s): (12, s, 0)
        case .visit(let i): (13, nil, i)
        case .dispute(let s): (14, s, 0)
        case .mediation(let s, let i): (15, s, i)
        case .conclusion(let s): (16, s, 0)
        case .followUp(let s, let i): (17, s, i)
        case .incident(let s): (18, s, 0)
        case .incidentClose(let s): (19, s, 0)
        case .correction: (20, nil, 0)
        case .incidentLink(let s, let i): (21, s, i)
        case .fraudWarning(let s): (22, s, 0)
        case .dissuasion(let s, let i): (23, s, i)
        case .reveal(let i): (24, nil, i)
        case .hazardClear(let i): (25, nil, i)
        }
    }

    static func isCode(_ code: UInt8) -> Bool { code <= 25 }

    /// The inverse of `parts` (for a code `isCode` accepts).
    init(code: UInt8, text s: String, number i: Int) {
        switch code {
        case 0: self = .officer(s)
        case 1: self = .cell(s)
        case 2: self = .shift(s)
        case 3: self = .handover(s)
        case 4: self = .acknowledgement(s)
        case 5: self = .patrol(s)
        case 6: self = .patrolEnd(s)
        case 7: self = .checkIn(i)
        case 8: self = .hazard(i)
        case 9: self = .stopCheck(i)
        case 10: self = .person(s)
        case 11: self = .statusChange(s, i)
        case 12: self = .delisting(s)
        case 13: self = .visit(i)
        case 14: self = .dispute(s)
        case 15: self = .mediation(s, i)
        case 16: self = .conclusion(s)
        case 17: self = .followUp(s, i)
        case 18: self = .incident(s)
        case 19: self = .incidentClose(s)
        case 20: self = .correction
        case 21: self = .incidentLink(s, i)
        case 22: self = .fraudWarning(s)
        case 23: self = .dissuasion(s, i)
        case 24: self = .reveal(i)
        default: self = .hazardClear(i)
        }
    }
}

// MARK: The ids a record names

/// The short ids and codes a record's data names: what the journal browser's 对象编号 filter
/// looks for. Every short id the product issues is stored under one of these keys — 巡逻 `P`
/// (`patrol`), 班次 `S` (`shift`), 重点人员 `K` (`person`), 纠纷 `D2026-…` (`dispute`), 警情 `I`
/// (`incident`), 隐患 `H` (`hazard`), 反诈预警 `F` (`warning`) — and so are cell codes and badges.
/// Compared in any case (`h0019` finds `H0019`).
public enum RecordEntities {
    /// Keys whose value is one id or code.
    public static let keys = ["patrol", "shift", "person", "dispute", "incident", "hazard", "warning",
                              "cell", "code", "badge", "lead", "officer", "duty", "to", "from", "by",
                              "leadPolice"]
    /// Keys whose value is a list of ids or codes.
    public static let listKeys = ["cells", "members", "team"]

    /// The ids and codes named in a record's data object, as written.
    public static func names(_ object: [String: Any]) -> [String] {
        var out: [String] = []
        for key in keys { if let s = object[key] as? String { out.append(s) } }
        for key in listKeys { if let list = object[key] as? [String] { out += list } }
        return out
    }

    /// The ids and codes named in a record's data (none when it is no JSON object).
    public static func names(_ data: Data) -> [String] {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return [] }
        return names(object)
    }

    /// Whether `name` is `id` in any case (both trimmed).
    public static func same(_ name: String, _ id: String) -> Bool {
        name.trimmingCharacters(in: .whitespaces).uppercased() == id.trimmingCharacters(in: .whitespaces).uppercased()
    }
}

extension OfficeState {
    /// The event that created the record with short id `id` (any case), voided or not. A hazard
    /// found before `HazardFound` carried its id has it only by its place in the journal
    /// (Hazards.swift): this is how a search finds `H0019` there.
    public func creatingEvent(ofShortID id: String) -> UUID? {
        let id = CleanText.strip(id).uppercased()
        guard let prefix = id.first else { return nil }
        switch prefix {
        case "H": return patrols.hazardIndex(id).map { patrols.hazards[$0].event }
        case "P": return patrols.patrol(id)?.event
        case "S": return shifts.shift(id)?.event
        case "K": return persons.person(id)?.event
        case "D": return disputes.dispute(id)?.event
        case "I": return incidents.incident(id)?.event
        case "F": return fraud.index[id].map { fraud.warnings[$0].event }
        default: return nil
        }
    }
}

/// Which records of a journal, read from the start, name one id or code (`jingwu log --entity`):
/// records whose data names it, a hazard from before `HazardFound` carried its id by its number
/// in journal order, and the corrections of any of those.
public struct EntityMatcher {
    public let id: String
    private var hazards = 0
    private var matched = Set<UUID>()

    public init(_ id: String) { self.id = CleanText.strip(id).uppercased() }

    /// Feed every record in journal order; true when this one names the id.
    public mutating func matches(type: String, id event: UUID, data: Data) -> Bool {
        guard !id.isEmpty, let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            return false
        }
        var names = RecordEntities.names(object)
        if type == HazardFound.type {
            hazards += 1
            if object["hazard"] == nil { names.append(ShortID.make("H", hazards)) }
        }
        var hit = names.contains { RecordEntities.same($0, id) }
        if !hit, type == EntryAmended.type || type == EntryVoided.type,
           let target = (object["event"] as? String).flatMap(UUID.init(uuidString:)) {
            hit = matched.contains(target)
        }
        if hit { matched.insert(event) }
        return hit
    }
}
