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
            return source!.payload.loadUnaligned(fromByteOffset: start + i * MemoryLayout<T>.stride, as: T.self)
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
            let block = UnsafeRawBufferPointer(
                rebasing: source.payload[start..<(start + loadedCount * MemoryLayout<T>.stride)])
            guard isValid(block) else { return false }
            for (i, value) in changed where i < loadedCount { guard each(value) else { return false } }
        }
        return tail.allSatisfy(each)
    }

    /// Every value's bytes, in order (a checkpoint block).
    func write(to w: inout CheckpointWriter) {
        if changed.isEmpty, let source, loadedCount > 0 {
            w.bytes.append(contentsOf: UnsafeRawBufferPointer(
                rebasing: source.payload[start..<(start + loadedCount * MemoryLayout<T>.stride)]))
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
        try need(size)
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
struct StringPool: Sendable, Equatable {
    private(set) var strings: [String] = []
    private var lookup: [String: Int32] = [:]
    private var indexed = true
    /// Strings added since the pool was loaded without its look-up.
    private var unindexed = 0
    static let indexAfter = 1024

    init() {}
    /// A loaded pool (its reverse is built when it pays).
    init(loaded strings: [String]) {
        self.strings = strings
        indexed = strings.isEmpty
    }

    var count: Int { strings.count }
    /// The string at `i`; "" for an index out of range (only a damaged checkpoint has one).
    subscript(i: Int32) -> String { i >= 0 && Int(i) < strings.count ? strings[Int(i)] : "" }
    func contains(_ i: Int32) -> Bool { i >= 0 && Int(i) < strings.count }

    mutating func intern(_ s: String) -> Int32 {
        if indexed {
            if let known = lookup[s] { return known }
        } else {
            for i in strings.indices.suffix(8).reversed() where strings[i] == s { return Int32(i) }
            unindexed += 1
            if unindexed > Self.indexAfter {
                lookup = Dictionary(strings.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { a, _ in a })
                indexed = true
                if let known = lookup[s] { return known }
            }
        }
        let i = Int32(strings.count)
        strings.append(s)
        if indexed { lookup[s] = i }
        return i
    }

    static func == (lhs: StringPool, rhs: StringPool) -> Bool { lhs.strings == rhs.strings }
}
