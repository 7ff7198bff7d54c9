import Foundation
import JingwuJournal

// The compact binary form of `OfficeState` for checkpoints. Hand-written rather
// than Codable: a station-year state holds about a million items, and Foundation's
// JSON (or any Codable) coder spends seconds on what this reads in a fraction of one.
//
// Layout: little-endian fixed-width integers, Double bit patterns, length-prefixed
// UTF-8 strings, a tag byte before optionals. Every collection is written in a
// defined order. The policy is not stored (it does not take part in the fold; the
// loading build's policy applies). Any change to this layout or to the fold must
// bump `OfficeState.checkpointSchema`, so old checkpoints are ignored, not misread.

/// A reader ran past the end or met a value it does not know: the checkpoint is damaged.
struct CheckpointDecodingError: Error {}

/// Appends values to a byte buffer.
struct CheckpointWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func int(_ v: Int) { u64(UInt64(bitPattern: Int64(v))) }
    mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }
    mutating func date(_ v: Date) { u64(v.timeIntervalSince1970.bitPattern) }
    mutating func uuid(_ v: UUID) { withUnsafeBytes(of: v.uuid) { bytes.append(contentsOf: $0) } }
    mutating func string(_ v: String) {
        var s = v
        s.withUTF8 { utf8 in
            int(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }
    mutating func code<C: DomainCode>(_ v: C) { string(v.rawValue) }
    mutating func optional<T>(_ v: T?, _ body: (inout CheckpointWriter, T) -> Void) {
        if let v { u8(1); body(&self, v) } else { u8(0) }
    }
    mutating func array<T>(_ v: [T], _ body: (inout CheckpointWriter, T) -> Void) {
        int(v.count)
        for item in v { body(&self, item) }
    }
    mutating func strings(_ v: [String]) { array(v) { $0.string($1) } }
    mutating func ints(_ v: [Int]) {
        int(v.count)
        block(v)
    }
    /// The values' bytes as they lie in memory (little-endian: see `CheckpointReader.block`), no count.
    mutating func block<T>(_ v: [T]) {
        precondition(_isPOD(T.self))
        v.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }
}

#if _endian(big)
#error("checkpoints are written in the host's byte order, which must be little-endian")
#endif

/// Reads values back from a byte buffer; throws on anything out of bounds.
struct CheckpointReader {
    let base: UnsafeRawBufferPointer
    /// What `base` belongs to, when columns may refer to it instead of copying.
    let source: CheckpointBytes?
    var index = 0
    /// Where reading must stop (a section's end, or the payload's).
    let end: Int

    init(_ base: UnsafeRawBufferPointer) {
        self.base = base
        source = nil
        end = base.count
    }

    init(_ base: UnsafeRawBufferPointer, range: Range<Int>) {
        self.base = base
        source = nil
        index = range.lowerBound
        end = range.upperBound
    }

    init(_ bytes: CheckpointBytes) {
        base = bytes.payload
        source = bytes
        end = base.count
    }

    /// A reader of the bytes of `range` only (offsets stay those of the whole payload).
    init(_ bytes: CheckpointBytes, range: Range<Int>) {
        base = bytes.payload
        source = bytes
        index = range.lowerBound
        end = range.upperBound
    }

    var atEnd: Bool { index == end }

    mutating func need(_ n: Int) throws {
        guard n >= 0, index <= end, n <= end - index else { throw CheckpointDecodingError() }
    }
    mutating func u8() throws -> UInt8 {
        try need(1)
        defer { index += 1 }
        return base[index]
    }
    mutating func u64() throws -> UInt64 {
        try need(8)
        defer { index += 8 }
        return UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
    }
    mutating func int() throws -> Int { Int(Int64(bitPattern: try u64())) }
    /// A count of items, each at least `minimum` bytes: bounds the allocation a damaged count could ask for.
    mutating func count(minimum: Int = 1) throws -> Int {
        let n = try int()
        guard n >= 0, n <= (end - index) / max(1, minimum) else { throw CheckpointDecodingError() }
        return n
    }
    mutating func bool() throws -> Bool {
        switch try u8() {
        case 0: return false
        case 1: return true
        default: throw CheckpointDecodingError()
        }
    }
    /// A time: finite and within ±3000 years of 1970 (no journal holds another; formatting one could trap).
    mutating func date() throws -> Date {
        let seconds = Double(bitPattern: try u64())
        guard Self.isSane(seconds) else { throw CheckpointDecodingError() }
        return Date(timeIntervalSince1970: seconds)
    }
    static func isSane(_ seconds: Double) -> Bool { seconds.isFinite && abs(seconds) < 1e11 }
    /// A time read in place from a column: one out of range (only a wrong checkpoint has one) reads as 1970.
    static func sane(_ seconds: Double) -> Double { isSane(seconds) ? seconds : 0 }
    mutating func uuid() throws -> UUID {
        try need(16)
        defer { index += 16 }
        var raw: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &raw) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: base[index..<(index + 16)])) }
        return UUID(uuid: raw)
    }
    mutating func string() throws -> String {
        let n = try count()
        try need(n)
        defer { index += n }
        return String(decoding: UnsafeRawBufferPointer(rebasing: base[index..<(index + n)]), as: UTF8.self)
    }
    mutating func code<C: DomainCode>(_: C.Type = C.self) throws -> C {
        guard let value = C(rawValue: try string()) else { throw CheckpointDecodingError() }
        return value
    }
    mutating func optional<T>(_ body: (inout CheckpointReader) throws -> T) throws -> T? {
        switch try u8() {
        case 0: return nil
        case 1: return try body(&self)
        default: throw CheckpointDecodingError()
        }
    }
    mutating func array<T>(minimum: Int = 1, _ body: (inout CheckpointReader) throws -> T) throws -> [T] {
        let n = try count(minimum: minimum)
        var out: [T] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try body(&self)) }
        return out
    }
    mutating func strings() throws -> [String] { try array(minimum: 8) { try $0.string() } }
    mutating func ints() throws -> [Int] { try block(Int.self, count: try count(minimum: 8)) }
    /// `count` plain values copied as one block (what `CheckpointWriter.block` wrote).
    mutating func block<T>(_: T.Type, count n: Int) throws -> [T] {
        precondition(_isPOD(T.self))
        let (size, overflow) = n.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
        guard n >= 0, !overflow else { throw CheckpointDecodingError() }
        try need(size)
        defer { index += size }
        return [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(
                from: UnsafeRawBufferPointer(rebasing: base[index..<(index + size)]))
            initialized = n
        }
    }
}

extension OfficeState {
    /// Version of the checkpoint layout and of the fold it captures. Bump it when
    /// either changes: a checkpoint of another schema is ignored.
    public static let checkpointSchema = 8

    /// What a checkpoint's state depends on besides its own layout: every event
    /// type and version this build folds. A build that reads a new version writes
    /// (and accepts) only its own checkpoints.
    public static var checkpointFingerprint: String {
        "schema=\(checkpointSchema);" + EventRegistry.entries.map { "\($0.type):\($0.version)" }.joined(separator: ",")
            + ";codes=" + codeListDigest
    }

    /// Every code list's codes, hashed: a checkpoint stores codes as text, so a build that
    /// renamed or dropped one must not read an older checkpoint (its sections are decoded on
    /// first use, long after the open could have fallen back to a replay).
    private static let codeListDigest: String = {
        let lists: [[String]] = [
            FraudLevel.allCases.map(\.rawValue), DissuasionMethod.allCases.map(\.rawValue),
            DissuasionOutcome.allCases.map(\.rawValue), OfficerRole.allCases.map(\.rawValue),
            CellKind.allCases.map(\.rawValue), PatrolMode.allCases.map(\.rawValue), Dress.allCases.map(\.rawValue),
            StopCheckSubject.allCases.map(\.rawValue), StopCheckOutcome.allCases.map(\.rawValue),
            HazardCategory.allCases.map(\.rawValue), PersonCategory.allCases.map(\.rawValue),
            Residency.allCases.map(\.rawValue), VisitMethod.allCases.map(\.rawValue),
            DisputeCategory.allCases.map(\.rawValue), DisputeSource.allCases.map(\.rawValue),
            DisputeRisk.allCases.map(\.rawValue), MediationKind.allCases.map(\.rawValue),
            MediationResult.allCases.map(\.rawValue), ReferralTarget.allCases.map(\.rawValue),
            IncidentKind.allCases.map(\.rawValue), IncidentSource.allCases.map(\.rawValue),
            IncidentDisposition.allCases.map(\.rawValue), DisputeConclusion.Kind.allCases.map(\.rawValue),
            AccessKind.allCases.map(\.rawValue),
        ]
        let text = lists.map { $0.joined(separator: ",") }.joined(separator: ";")
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a: stable across processes, unlike Hasher
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }()

    /// The state as checkpoint bytes (the policy is not included): a table of
    /// sections, then the sections (see `CheckpointSections`). A section loaded
    /// lazily and not changed since is copied as it was, not decoded.
    public func checkpointBytes() -> [UInt8] {
        var w = CheckpointWriter()
        w.bytes.reserveCapacity(64 << 20)
        func lazy<T>(_ part: Lazy<T>, _ encode: @escaping (inout CheckpointWriter, T) -> Void) -> (inout CheckpointWriter) -> Void {
            { w in
                if let bytes = part.unchangedBytes { w.bytes.append(contentsOf: bytes) } else { encode(&w, part.value) }
            }
        }
        CheckpointSections.write(&w, [
            { w in writeCore(&w) },
            { w in patrols.patrols.write(to: &w); w.strings(patrols.active.sorted()) },
            { w in patrols.checkIns.write(to: &w) },
            lazy(patrols.lazyHazards, Self.writeHazards),
            lazy(patrols.lazyStopChecks, Self.writeStopChecks),
            { w in patrols.trails.write(to: &w) },
            lazy(lazyPersons, Self.writePersons),
            lazy(lazyDisputes, Self.writeDisputes),
            lazy(lazyIncidents, Self.writeIncidents),
            { w in targets.write(to: &w) },
            lazy(lazyVoided) { w, voided in w.array(voided.sorted { $0.uuidString < $1.uuidString }) { $0.uuid($1) } },
            lazy(lazyFraud, Self.writeFraud),
            lazy(lazyReveals, Self.writeReveals),
            { w in writeAccess(&w) },
        ])
        return w.bytes
    }

    /// How many sections `checkpointBytes` writes.
    static let checkpointSectionCount = 14

    private func writeCore(_ w: inout CheckpointWriter) {
        w.u64(lastSeq)
        w.int(unknownRecords)
        writeRoster(&w)
        writeShifts(&w)
    }

    /// A state from checkpoint bytes, with `policy` applied. Throws when the bytes are damaged.
    public init(checkpointBytes bytes: UnsafeRawBufferPointer, policy: Policy) throws {
        var r = CheckpointReader(bytes)
        try self.init(reading: &r, policy: policy, lazy: false)
    }

    /// A state from a loaded checkpoint; its big lists keep referring to `bytes` instead of copying them.
    /// With `lazy`, the parts a command may never read (persons, disputes, incidents, hazards, each
    /// patrol, each cell's trail…) are decoded on first use instead of now (see `Lazy`).
    /// `replay`: where a section that turns out not to decode on first use is taken from instead.
    init(checkpoint bytes: CheckpointBytes, policy: Policy, lazy: Bool = false, replay: CheckpointReplay?) throws {
        var r = CheckpointReader(bytes)
        try self.init(reading: &r, policy: policy, lazy: lazy, replay: replay)
    }

    public init(checkpoint bytes: CheckpointBytes, policy: Policy, lazy: Bool = false) throws {
        var r = CheckpointReader(bytes)
        try self.init(reading: &r, policy: policy, lazy: lazy)
    }

    private init(reading r: inout CheckpointReader, policy: Policy, lazy: Bool, replay: CheckpointReplay? = nil) throws {
        self.init(policy: policy)
        let sections = try CheckpointSections.read(&r, expecting: Self.checkpointSectionCount)
        let lazy = lazy && r.source != nil
        loadedLazily = lazy
        loadedFrom = r.source
        let whole = r
        func section(_ i: Int) -> CheckpointReader {
            whole.source.map { CheckpointReader($0, range: sections[i]) } ?? CheckpointReader(whole.base, range: sections[i])
        }
        // Each section read whole, or left for its first use.
        func part<T>(_ i: Int, _ name: String, _ replayed: @escaping @Sendable (OfficeState) -> T,
                     _ decode: @escaping @Sendable (inout CheckpointReader) throws -> T) throws -> Lazy<T> {
            if lazy, let source = whole.source {
                return Lazy(pending: PendingSection(name, source: source, range: sections[i], decode: decode,
                                                    replay: replay, replayed: replayed))
            }
            var s = section(i)
            let value = try decode(&s)
            guard s.atEnd else { throw CheckpointDecodingError() }
            return Lazy(value)
        }
        var s = section(0)
        try readCore(&s)
        guard s.atEnd else { throw CheckpointDecodingError() }
        Trace.mark("checkpoint decode: officers, cells, shifts")
        // Check-ins first: the patrols' indexes are checked against their count (and the
        // hazards' and stop checks', the first number of each of those sections).
        s = section(2)
        patrols.checkIns = try CheckInList.read(from: &s)
        guard s.atEnd else { throw CheckpointDecodingError() }
        Trace.mark("checkpoint decode: check-ins")
        var hazardCount = section(3), stopCheckCount = section(4)
        let limits = PatrolList.Limits(checkIns: patrols.checkIns.count, hazards: try hazardCount.count(),
                                       stopChecks: try stopCheckCount.count())
        s = section(1)
        patrols.patrols = try PatrolList.read(from: &s, lazy: lazy, limits: limits, replay: replay)
        // Written as the fold left it (not recomputed), so even odd journals load exactly.
        patrols.active = Set(try s.strings())
        guard s.atEnd else { throw CheckpointDecodingError() }
        Trace.mark("checkpoint decode: patrols\(lazy ? " (each on first use)" : "")")
        patrols.lazyHazards = try part(3, "hazards", { $0.patrols.hazards }, Self.readHazards)
        patrols.lazyStopChecks = try part(4, "stop checks", { $0.patrols.stopChecks }, Self.readStopChecks)
        s = section(5)
        patrols.trails = try TrailMap.read(from: &s, checkIns: patrols.checkIns.count, lazy: lazy, replay: replay)
        guard s.atEnd else { throw CheckpointDecodingError() }
        Trace.mark("checkpoint decode: trails\(lazy ? " (each on first use)" : "")")
        lazyPersons = try part(6, "persons", { $0.persons }, Self.readPersons)
        lazyDisputes = try part(7, "disputes", { $0.disputes }, Self.readDisputes)
        lazyIncidents = try part(8, "incidents", { $0.incidents }, Self.readIncidents)
        s = section(9)
        targets = try EventIndex.read(from: &s)
        guard s.atEnd else { throw CheckpointDecodingError() }
        Trace.mark("checkpoint decode: event index")
        lazyVoided = try part(10, "voided", { $0.voided }) { r in Set(try r.array(minimum: 16) { try $0.uuid() }) }
        lazyFraud = try part(11, "fraud", { $0.fraud }, Self.readFraud)
        lazyReveals = try part(12, "reveals", { $0.reveals }, Self.readReveals)
        s = section(13)
        try readAccess(&s)
        guard s.atEnd else { throw CheckpointDecodingError() }
        Trace.mark("checkpoint decode: \(lazy ? "access; the rest on first use" : "the rest")")
    }

    private mutating func readCore(_ r: inout CheckpointReader) throws {
        lastSeq = try r.u64()
        unknownRecords = try r.int()
        try readRoster(&r)
        try readShifts(&r)
    }
}
