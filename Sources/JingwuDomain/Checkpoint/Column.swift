import Foundation
import JingwuJournal

/// A list of plain fixed-width values (integers, doubles, ids) that can start
/// as a block of a loaded checkpoint without copying it: the checkpoint's part
/// stays where it was loaded (often a mapping of the file), values appended
/// since go to an array of their own, and the rare change to a loaded value is
/// kept beside it. Reads and writes like an array; the big lists of the state
/// (check-ins, the event index) are made of these, so opening a station-year
/// does not copy or even touch most of them.
struct Column<T: BitwiseCopyable & Equatable & Sendable>: Sendable, RandomAccessCollection, MutableCollection, Equatable {
    /// The loaded block: its bytes, where it starts, how many values.
    private var source: CheckpointBytes?
    private var start = 0
    private(set) var loadedCount = 0
    /// Values of the loaded block that were changed since, by index.
    private var changed: [Int: T] = [:]
    /// Values appended since the load (every value after a replay: in chunks, so that the first
    /// write after a checkpoint save took its copy of the state copies one chunk, not the column).
    private var tail = ChunkedArray<T>()

    init() {}

    /// `count` values at byte `offset` of `bytes` (checked to fit by the caller).
    init(bytes: CheckpointBytes, offset: Int, count: Int) {
        precondition(offset >= 0 && count >= 0 && offset + count * MemoryLayout<T>.stride <= bytes.payload.count)
        source = bytes
        start = offset
        loadedCount = count
    }

    var startIndex: Int { 0 }
    var endIndex: Int { loadedCount + tail.count }

    subscript(i: Int) -> T {
        get {
            if i >= loadedCount { return tail[i - loadedCount] }
            precondition(i >= 0, "Column index out of range")
            if !changed.isEmpty, let value = changed[i] { return value }
            let at = start + i * MemoryLayout<T>.stride
            let source = source!
            if !source.authentic(at..<(at + MemoryLayout<T>.stride)) { CheckpointSections.unauthentic(source) }
            return source.payload.loadUnaligned(fromByteOffset: at, as: T.self)
        }
        set {
            if i >= loadedCount {
                tail[i - loadedCount] = newValue
            } else {
                precondition(i >= 0, "Column index out of range")
                changed[i] = newValue
            }
        }
    }

    mutating func append(_ value: T) { tail.append(value) }

    /// Room for `n` more appended values (no copying while they come).
    mutating func reserve(_ n: Int) { tail.reserveCapacity(tail.count + Swift.max(0, n)) }

    /// True when every value satisfies `isValid`; the loaded block is read as one buffer, not a
    /// value at a time (checking a station-year's 900k event-index codes at load costs ~1 ms).
    func allSatisfy(bytes isValid: (UnsafeRawBufferPointer) -> Bool, _ each: (T) -> Bool) -> Bool {
        if loadedCount > 0, let source {
            let range = start..<(start + loadedCount * MemoryLayout<T>.stride)
            guard source.authentic(range) else { return false }
            let block = UnsafeRawBufferPointer(rebasing: source.payload[range])
            guard isValid(block) else { return false }
            for (i, value) in changed where i < loadedCount { guard each(value) else { return false } }
        }
        return tail.allSatisfy(each)
    }

    /// Every value's bytes, in order (a checkpoint block).
    func write(to w: inout CheckpointWriter) {
        if changed.isEmpty, let source, loadedCount > 0 {
            let range = start..<(start + loadedCount * MemoryLayout<T>.stride)
            if !source.authentic(range) { CheckpointSections.unauthentic(source) }
            w.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: source.payload[range]))
        } else {
            for i in 0..<loadedCount { w.value(self[i]) }
        }
        tail.forEachChunk { w.bytes.append(contentsOf: UnsafeRawBufferPointer($0)) }
    }

    static func == (lhs: Column, rhs: Column) -> Bool { lhs.elementsEqual(rhs) }
}

extension CheckpointWriter {
    mutating func value<T: BitwiseCopyable>(_ v: T) {
        withUnsafeBytes(of: v) { bytes.append(contentsOf: $0) }
    }
}

extension CheckpointReader {
    /// `count` values as a column over the loaded bytes (no copy); what `Column.write` wrote.
    mutating func column<T>(_: T.Type, count n: Int) throws -> Column<T> {
        let (size, overflow) = n.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
        guard n >= 0, !overflow else { throw CheckpointDecodingError() }
        // Not read now: each value's block is checked when the value is read (`Column.subscript`).
        try skippable(size)
        defer { index += size }
        // Bytes that belong to no `CheckpointBytes` (a caller's buffer) are copied into one.
        guard let source else {
            let copy = CheckpointBytes(copying: Array(UnsafeRawBufferPointer(rebasing: base[index..<(index + size)])))
            return Column(bytes: copy, offset: 0, count: n)
        }
        return Column(bytes: source, offset: index, count: n)
    }
}

/// A UUID's 16 bytes as a plain value (Foundation's `UUID` is not `BitwiseCopyable`).
struct RawID: BitwiseCopyable, Equatable, Sendable {
    var bytes: uuid_t

    init(_ id: UUID) { bytes = id.uuid }
    var uuid: UUID { UUID(uuid: bytes) }

    static func == (lhs: RawID, rhs: RawID) -> Bool {
        withUnsafeBytes(of: lhs.bytes) { l in withUnsafeBytes(of: rhs.bytes) { r in l.elementsEqual(r) } }
    }
}

/// Distinct strings stored once and referred to by index (a column holds the
/// indexes). After a load the reverse look-up is not built until many strings
/// have been added: a short-lived command that appends one record should not
/// hash every patrol id of a year to do it. Until then a new string is compared
/// with the few added last, so a pool can hold a string twice; readers never care.
///
/// A pool read with `lazy` leaves its loaded strings in the checkpoint's bytes (only
/// where each one lies is noted at load) and decodes one when it is read: the event
/// index's pool holds every register id of a year (about 150k strings), which a
/// headless write reads none of.
struct StringPool: Sendable, Equatable {
    /// Strings still in the loaded bytes: indexes 0..<loaded.count.
    private var loaded: LoadedStrings?
    /// The strings after the loaded ones (every string when nothing was loaded lazily).
    private var added: [String] = []
    private var lookup: [String: Int32] = [:]
    private var indexed = true
    /// Strings added since the pool was loaded without its look-up.
    private var unindexed = 0
    static let indexAfter = 1024

    init() {}
    /// A loaded pool (its reverse is built when it pays).
    init(loaded strings: [String]) {
        added = strings
        indexed = strings.isEmpty
    }

    private var loadedCount: Int { loaded?.count ?? 0 }
    var count: Int { loadedCount + added.count }
    /// Every string, in order.
    var strings: [String] { loaded == nil ? added : (0..<count).map { self[Int32($0)] } }
    /// The string at `i`; "" for an index out of range (only a damaged checkpoint has one).
    subscript(i: Int32) -> String {
        guard i >= 0 else { return "" }
        let i = Int(i)
        if i < loadedCount { return loaded!.string(i) }
        return i - loadedCount < added.count ? added[i - loadedCount] : ""
    }
    func contains(_ i: Int32) -> Bool { i >= 0 && Int(i) < count }

    mutating func intern(_ s: String) -> Int32 {
        if indexed {
            if let known = lookup[s] { return known }
        } else {
            for i in (0..<count).suffix(8).reversed() where self[Int32(i)] == s { return Int32(i) }
            unindexed += 1
            if unindexed > Self.indexAfter {
                lookup = Dictionary((0..<count).map { (self[Int32($0)], Int32($0)) }, uniquingKeysWith: { a, _ in a })
                indexed = true
                if let known = lookup[s] { return known }
            }
        }
        let i = Int32(count)
        added.append(s)
        if indexed { lookup[s] = i }
        return i
    }

    /// What `CheckpointWriter.strings` writes of `strings`; the loaded ones copied as they were loaded.
    func write(to w: inout CheckpointWriter) {
        guard let loaded else { return w.strings(added) }
        w.int(count)
        w.bytes.append(contentsOf: loaded.bytes)
        for string in added { w.string(string) }
    }

    /// What `write` wrote. `lazy` (bytes of a loaded checkpoint): the strings stay where they are,
    /// each one's length checked now and its bytes decoded when read.
    static func read(from r: inout CheckpointReader, lazy: Bool) throws -> StringPool {
        guard lazy, let source = r.source else { return StringPool(loaded: try r.strings()) }
        let n = try r.count(minimum: 8)
        let start = r.index
        var offsets = [Int32]()
        offsets.reserveCapacity(n)
        guard r.end - start < Int(Int32.max) else { throw CheckpointDecodingError() }
        for _ in 0..<n {
            offsets.append(Int32(r.index - start))
            let length = try r.count()
            try r.need(length)
            r.index += length
        }
        var pool = StringPool()
        if n > 0 {
            pool.loaded = LoadedStrings(source: source, start: start, end: r.index, offsets: offsets)
            pool.indexed = false
        }
        return pool
    }

    static func == (lhs: StringPool, rhs: StringPool) -> Bool {
        if lhs.loaded === rhs.loaded, lhs.added == rhs.added { return true }
        return lhs.count == rhs.count && (0..<lhs.count).allSatisfy { lhs[Int32($0)] == rhs[Int32($0)] }
    }
}

/// The strings of a pool still in a loaded checkpoint's bytes: where each length-prefixed
/// string starts (checked at load to lie within `start..<end`). Immutable.
private final class LoadedStrings: Sendable {
    let source: CheckpointBytes
    let start: Int
    let end: Int
    let offsets: [Int32]

    init(source: CheckpointBytes, start: Int, end: Int, offsets: [Int32]) {
        self.source = source
        self.start = start
        self.end = end
        self.offsets = offsets
    }

    var count: Int { offsets.count }
    var bytes: UnsafeRawBufferPointer {
        if !source.authentic(start..<end) { CheckpointSections.unauthentic(source) }
        return UnsafeRawBufferPointer(rebasing: source.payload[start..<end])
    }

    func string(_ i: Int) -> String {
        let at = start + Int(offsets[i])
        if !source.authentic(at..<(at + 8)) { CheckpointSections.unauthentic(source) }
        let length = Int(Int64(littleEndian: source.payload.loadUnaligned(fromByteOffset: at, as: Int64.self)))
        // Checked at load; read again here, so checked again (total, as every read in place).
        guard length >= 0, length <= end - at - 8 else { return "" }
        if !source.authentic((at + 8)..<(at + 8 + length)) { CheckpointSections.unauthentic(source) }
        return String(decoding: UnsafeRawBufferPointer(rebasing: source.payload[(at + 8)..<(at + 8 + length)]), as: UTF8.self)
    }
}
