/// A growing list kept in chunks of 1,024 values: it reads and writes like an array, but
/// changing one value of a list shared with another copy (the console's checkpoint saver
/// holds a copy of the state while the operator goes on writing) copies that value's
/// chunk and the short list of chunks, not the whole list. With a plain array the first
/// write after a save started copied every patrol of a station-year (27k values, each with
/// its lists to retain) on the keystroke thread.
struct ChunkedArray<Element>: RandomAccessCollection, MutableCollection {
    static var chunkShift: Int { 10 }
    static var chunkSize: Int { 1 << chunkShift }

    private var chunks: [[Element]] = []
    private(set) var count = 0

    init() {}

    init<S: Sequence>(_ values: S) where S.Element == Element {
        for value in values { append(value) }
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }
    func index(after i: Int) -> Int { i + 1 }
    func index(before i: Int) -> Int { i - 1 }

    subscript(i: Int) -> Element {
        get {
            precondition(i >= 0 && i < count, "ChunkedArray index out of range")
            return chunks[i >> Self.chunkShift][i & (Self.chunkSize - 1)]
        }
        _modify {
            precondition(i >= 0 && i < count, "ChunkedArray index out of range")
            yield &chunks[i >> Self.chunkShift][i & (Self.chunkSize - 1)]
        }
    }

    mutating func append(_ value: Element) {
        if count & (Self.chunkSize - 1) == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunk.append(value)
            chunks.append(chunk)
        } else {
            chunks[chunks.count - 1].append(value)
        }
        count += 1
    }

    /// Room for `n` values in all (the list of chunks only: each chunk is made whole).
    mutating func reserveCapacity(_ n: Int) {
        chunks.reserveCapacity((n + Self.chunkSize - 1) >> Self.chunkShift)
    }

    /// Whether chunk `c` of both lists is one and the same storage (what a change did not copy).
    func sharesChunk(_ c: Int, with other: ChunkedArray) -> Bool {
        guard c < chunks.count, c < other.chunks.count else { return false }
        return chunks[c].withUnsafeBufferPointer { a in
            other.chunks[c].withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress }
        }
    }

    /// Each chunk's values in order, as contiguous buffers.
    func forEachChunk(_ body: (UnsafeBufferPointer<Element>) throws -> Void) rethrows {
        for chunk in chunks { try chunk.withUnsafeBufferPointer(body) }
    }
}

extension ChunkedArray: Sendable where Element: Sendable {}

extension ChunkedArray: Equatable where Element: Equatable {
    static func == (lhs: ChunkedArray, rhs: ChunkedArray) -> Bool { lhs.chunks == rhs.chunks }
}
