import Foundation
import JingwuJournal

/// Cell code → its check-in trail, read like a dictionary. After a checkpoint
/// load each cell's trail stays encoded in the checkpoint's bytes until it is
/// read: a check-in touches one cell's trail, not the thousand others.
public struct TrailMap: Sendable, Equatable {
    private var loaded: LoadedTrails?
    /// Trails set or changed since the load (and every trail when nothing was loaded).
    private var changed: [String: CellTrail] = [:]

    public init() {}

    public subscript(code: String) -> CellTrail? {
        get { changed[code] ?? loaded?.trail(code) }
        set { changed[code] = newValue ?? CellTrail() }
    }

    subscript(code: String, default value: @autoclosure () -> CellTrail) -> CellTrail {
        get { self[code] ?? value() }
        _modify { yield &changed[code, default: loaded?.trail(code) ?? value()] }
    }

    /// Every cell with a trail.
    public var keys: Set<String> {
        var keys = Set(changed.keys)
        if let loaded { keys.formUnion(loaded.codes.keys) }
        return keys
    }

    public static func == (lhs: TrailMap, rhs: TrailMap) -> Bool {
        let keys = lhs.keys
        return keys == rhs.keys && keys.allSatisfy { lhs[$0] == rhs[$0] }
    }

    // MARK: Checkpoint form: codes in order, then each trail (its check-ins, its 24 hour counts).

    func write(to w: inout CheckpointWriter) {
        let codes = keys.sorted()
        w.strings(codes)
        for code in codes {
            if changed[code] == nil, let loaded, let bytes = loaded.bytes(code) {
                w.bytes.append(contentsOf: bytes)
            } else {
                let trail = self[code]!
                w.ints(trail.checkIns); w.ints(trail.hourCounts)
            }
        }
    }

    /// What `write` wrote; `checkIns` is how many check-ins the trails may refer to.
    static func read(from r: inout CheckpointReader, checkIns: Int, lazy: Bool,
                     replay: CheckpointReplay? = nil) throws -> TrailMap {
        let codes = try r.strings()
        var map = TrailMap()
        var ranges: [String: Range<Int>] = [:]
        ranges.reserveCapacity(codes.count)
        for code in codes {
            let start = r.index
            if lazy, r.source != nil {
                // Skipped now, checked when read.
                try r.need(8); let n = try r.count(minimum: 8); try r.need(n * 8); r.index += n * 8
                try r.need(8); let h = try r.count(minimum: 8); try r.need(h * 8); r.index += h * 8
            } else {
                map.changed[code] = try decode(&r, checkIns: checkIns)
            }
            ranges[code] = start..<r.index
        }
        if lazy, let source = r.source {
            map.loaded = LoadedTrails(source: source, codes: ranges, checkIns: checkIns, replay: replay)
        }
        return map
    }

    fileprivate static func decode(_ r: inout CheckpointReader, checkIns: Int) throws -> CellTrail {
        let list = try r.ints()
        let hours = try r.ints()
        guard hours.count == 24, list.allSatisfy({ $0 >= 0 && $0 < checkIns }) else { throw CheckpointDecodingError() }
        return CellTrail(checkIns: list, hourCounts: hours)
    }
}

/// The trails of a loaded checkpoint, still encoded. Immutable.
private final class LoadedTrails: Sendable {
    let source: CheckpointBytes
    let codes: [String: Range<Int>]
    let checkIns: Int
    let replay: CheckpointReplay?

    init(source: CheckpointBytes, codes: [String: Range<Int>], checkIns: Int, replay: CheckpointReplay?) {
        self.source = source
        self.codes = codes
        self.checkIns = checkIns
        self.replay = replay
    }

    func bytes(_ code: String) -> UnsafeRawBufferPointer? {
        codes[code].map { range in
            if !source.authentic(range) { CheckpointSections.unauthentic(source) }
            return UnsafeRawBufferPointer(rebasing: source.payload[range])
        }
    }

    func trail(_ code: String) -> CellTrail? {
        guard let range = codes[code] else { return nil }
        var r = CheckpointReader(source, range: range)
        guard let trail = try? TrailMap.decode(&r, checkIns: checkIns), r.atEnd else {
            return CheckpointSections.fallback(source, section: "trail \(code)", replay: replay) { state in
                state.patrols.trails[code] ?? CellTrail()
            }
        }
        return trail
    }
}
