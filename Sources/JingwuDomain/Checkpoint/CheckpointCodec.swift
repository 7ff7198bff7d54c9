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
            lazy(patrols.lazyStopChecks) { w, stops in
                w.array(stops) { w, s in
                    w.string(s.patrol); w.optional(s.cell) { $0.string($1) }; w.code(s.subject); w.code(s.outcome)
                    w.optional(s.note) { $0.string($1) }; w.date(s.at); w.uuid(s.event); w.bool(s.voided)
                }
            },
            { w in patrols.trails.write(to: &w) },
            lazy(lazyPersons, Self.writePersons),
            lazy(lazyDisputes, Self.writeDisputes),
            lazy(lazyIncidents, Self.writeIncidents),
            { w in targets.write(to: &w) },
            lazy(lazyVoided) { w, voided in w.array(voided.sorted { $0.uuidString < $1.uuidString }) { $0.uuid($1) } },
            lazy(lazyFraud, Self.writeFraud),
            lazy(lazyReveals) { w, reveals in
                w.array(reveals.reveals) { w, v in
                    w.string(v.person); w.string(v.by); w.optional(v.purpose) { $0.string($1) }; w.date(v.at); w.uuid(v.event)
                }
            },
            { w in writeAccess(&w) },
        ])
        return w.bytes
    }

    /// How many sections `checkpointBytes` writes.
    static let checkpointSectionCount = 14

    private func writeCore(_ w: inout CheckpointWriter) {
        w.u64(lastSeq)
        w.int(unknownRecords)
        w.strings(officers.order)
        w.array(officers.order.compactMap { officers.byBadge[$0] }) { w, o in
            w.string(o.badge); w.string(o.name); w.code(o.role); w.date(o.enrolledAt); w.uuid(o.event); w.bool(o.voided)
        }
        w.strings(cells.order)
        w.array(cells.order.compactMap { cells.byCode[$0] }) { w, c in
            w.string(c.code); w.string(c.name); w.string(c.community); w.code(c.kind)
            w.optional(c.windowHours) { $0.int($1) }; w.optional(c.x) { $0.int($1) }; w.optional(c.y) { $0.int($1) }
            w.bool(c.keySite); w.date(c.addedAt); w.uuid(c.event); w.bool(c.voided)
        }
        w.int(shifts.count)
        w.array(shifts.shifts) { w, s in
            w.string(s.id); w.string(s.duty); w.strings(s.team); w.optional(s.template) { $0.string($1) }
            w.optional(s.leadPolice) { $0.string($1) }
            w.date(s.openedAt); w.uuid(s.event); w.bool(s.voided)
            w.optional(s.handover) { w, h in
                w.string(h.from); w.string(h.to); w.string(h.notes); w.strings(h.carried); w.date(h.at); w.uuid(h.event)
            }
            w.optional(s.acknowledgement) { w, a in
                w.string(a.by); w.optional(a.objections) { $0.string($1) }; w.date(a.at); w.uuid(a.event)
            }
        }
    }

    private static func writeHazards(_ w: inout CheckpointWriter, _ hazards: [Hazard]) {
        w.array(hazards) { w, h in
            w.optional(h.patrol) { $0.string($1) }; w.string(h.cell); w.code(h.category); w.string(h.note)
            w.date(h.at); w.uuid(h.event); w.bool(h.voided); w.string(h.id)
            w.optional(h.clearance) { w, c in w.string(c.by); w.string(c.note); w.date(c.at); w.uuid(c.event) }
        }
    }

    private static func writePersons(_ w: inout CheckpointWriter, _ persons: PersonRegister) {
        w.array(persons.persons) { w, p in
            w.string(p.id); w.string(p.name); w.string(p.idNumber); w.code(p.listedCategory); w.code(p.listedResidency)
            w.string(p.cell); w.string(p.officer); w.optional(p.intervalDays) { $0.int($1) }; w.date(p.listedAt)
            w.uuid(p.event); w.bool(p.voided)
            w.array(p.changes) { w, c in
                w.optional(c.residency) { $0.code($1) }; w.optional(c.category) { $0.code($1) }
                w.optional(c.note) { $0.string($1) }; w.date(c.at); w.uuid(c.event); w.bool(c.voided)
            }
            w.optional(p.delistedAt) { $0.date($1) }; w.optional(p.delistReason) { $0.string($1) }
            w.optional(p.delistEvent) { $0.uuid($1) }; w.ints(p.visits)
        }
        w.array(persons.listedByIDNumber.sorted { $0.key < $1.key }) { w, pair in w.string(pair.key); w.string(pair.value) }
        w.array(persons.visits) { w, v in
            w.string(v.person); w.code(v.method); w.string(v.officer); w.strings(v.participants); w.string(v.findings)
            w.optional(v.observed) { $0.code($1) }; w.date(v.at); w.uuid(v.event); w.bool(v.voided)
        }
    }

    private static func writeDisputes(_ w: inout CheckpointWriter, _ disputes: DisputeBook) {
        w.array(disputes.countByYear.sorted { $0.key < $1.key }) { w, pair in w.int(pair.key); w.int(pair.value) }
        w.array(disputes.disputes) { w, d in
            w.string(d.id); w.code(d.category); w.strings(d.parties); w.code(d.source); w.string(d.cell)
            w.string(d.summary); w.code(d.risk); w.date(d.openedAt); w.uuid(d.event); w.bool(d.voided)
            w.array(d.mediations) { w, m in
                w.code(m.kind); w.strings(m.mediators); w.string(m.notes); w.optional(m.result) { $0.code($1) }
                w.date(m.at); w.uuid(m.event); w.bool(m.voided)
            }
            w.optional(d.conclusion) { w, c in
                w.string(c.kind.rawValue); w.string(c.text); w.optional(c.referredTo) { $0.code($1) }; w.date(c.at)
                w.uuid(c.event)
            }
            w.array(d.followUps) { w, f in w.string(f.note); w.date(f.at); w.uuid(f.event); w.bool(f.voided) }
        }
    }

    private static func writeIncidents(_ w: inout CheckpointWriter, _ incidents: IncidentBook) {
        w.array(incidents.incidents) { w, n in
            w.string(n.id); w.string(n.cell); w.code(n.kind); w.string(n.summary); w.code(n.source); w.date(n.at)
            w.uuid(n.event); w.bool(n.voided); w.optional(n.closedAt) { $0.date($1) }
            w.optional(n.disposition) { $0.code($1) }; w.optional(n.closeNote) { $0.string($1) }
            w.optional(n.closeEvent) { $0.uuid($1) }
            w.optional(n.loggedPerson) { $0.string($1) }; w.optional(n.loggedDispute) { $0.string($1) }
            w.array(n.links) { w, l in
                w.optional(l.person) { $0.string($1) }; w.optional(l.dispute) { $0.string($1) }; w.date(l.at)
                w.uuid(l.event); w.bool(l.voided)
            }
        }
    }

    private static func writeFraud(_ w: inout CheckpointWriter, _ fraud: FraudBook) {
        w.array(fraud.warnings) { w, f in
            w.string(f.id); w.code(f.level); w.string(f.target); w.optional(f.person) { $0.string($1) }; w.string(f.phone)
            w.optional(f.cell) { $0.string($1) }; w.optional(f.note) { $0.string($1) }; w.date(f.at); w.uuid(f.event)
            w.bool(f.voided)
            w.array(f.dissuasions) { w, d in
                w.string(d.by); w.code(d.method); w.code(d.outcome); w.optional(d.note) { $0.string($1) }; w.date(d.at)
                w.uuid(d.event); w.bool(d.voided)
            }
        }
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
        patrols.lazyStopChecks = try part(4, "stop checks", { $0.patrols.stopChecks }) { r in
            try r.array { r in
                StopCheck(patrol: try r.string(), cell: try r.optional { try $0.string() }, subject: try r.code(),
                          outcome: try r.code(), note: try r.optional { try $0.string() }, at: try r.date(), event: try r.uuid(),
                          voided: try r.bool())
            }
        }
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
        lazyReveals = try part(12, "reveals", { $0.reveals }) { r in
            var reveals = RevealLog()
            for reveal in try r.array({ r in
                IDReveal(person: try r.string(), by: try r.string(), purpose: try r.optional { try $0.string() },
                         at: try r.date(), event: try r.uuid())
            }) { reveals.add(reveal) }
            return reveals
        }
        s = section(13)
        try readAccess(&s)
        guard s.atEnd else { throw CheckpointDecodingError() }
        Trace.mark("checkpoint decode: \(lazy ? "access; the rest on first use" : "the rest")")
    }

    private mutating func readCore(_ r: inout CheckpointReader) throws {
        lastSeq = try r.u64()
        unknownRecords = try r.int()
        officers.order = try r.strings()
        for o in try r.array({ r in
            Officer(badge: try r.string(), name: try r.string(), role: try r.code(), enrolledAt: try r.date(),
                    event: try r.uuid(), voided: try r.bool())
        }) { officers.byBadge[o.badge] = o }
        cells.order = try r.strings()
        for c in try r.array({ r in
            Cell(code: try r.string(), name: try r.string(), community: try r.string(), kind: try r.code(),
                 windowHours: try r.optional { try $0.int() }, x: try r.optional { try $0.int() },
                 y: try r.optional { try $0.int() }, keySite: try r.bool(), addedAt: try r.date(), event: try r.uuid(),
                 voided: try r.bool())
        }) { cells.byCode[c.code] = c }
        shifts.count = try r.int()
        shifts.shifts = try r.array { r in
            Shift(id: try r.string(), duty: try r.string(), team: try r.strings(), template: try r.optional { try $0.string() },
                  leadPolice: try r.optional { try $0.string() }, openedAt: try r.date(), event: try r.uuid(), voided: try r.bool(),
                  handover: try r.optional { r in
                      Handover(from: try r.string(), to: try r.string(), notes: try r.string(), carried: try r.strings(),
                               at: try r.date(), event: try r.uuid())
                  },
                  acknowledgement: try r.optional { r in
                      Acknowledgement(by: try r.string(), objections: try r.optional { try $0.string() }, at: try r.date(),
                                      event: try r.uuid())
                  })
        }
        for (i, s) in shifts.shifts.enumerated() { shifts.index[s.id] = i }
    }

    @Sendable private static func readHazards(_ r: inout CheckpointReader) throws -> [Hazard] {
        try r.array { r in
            var hazard = Hazard(patrol: try r.optional { try $0.string() }, cell: try r.string(), category: try r.code(),
                                note: try r.string(), at: try r.date(), event: try r.uuid(), voided: try r.bool())
            hazard.id = try r.string()
            hazard.clearance = try r.optional { r in
                HazardClearance(by: try r.string(), note: try r.string(), at: try r.date(), event: try r.uuid())
            }
            return hazard
        }
    }

    @Sendable private static func readPersons(_ r: inout CheckpointReader) throws -> PersonRegister {
        var persons = PersonRegister()
        let personList = try r.array { r in
            KeyPerson(id: try r.string(), name: try r.string(), idNumber: try r.string(), listedCategory: try r.code(),
                      listedResidency: try r.code(), cell: try r.string(), officer: try r.string(),
                      intervalDays: try r.optional { try $0.int() }, listedAt: try r.date(), event: try r.uuid(),
                      voided: try r.bool(),
                      changes: try r.array { r in
                          StatusChange(residency: try r.optional { try $0.code() }, category: try r.optional { try $0.code() },
                                       note: try r.optional { try $0.string() }, at: try r.date(), event: try r.uuid(),
                                       voided: try r.bool())
                      },
                      delistedAt: try r.optional { try $0.date() }, delistReason: try r.optional { try $0.string() },
                      delistEvent: try r.optional { try $0.uuid() }, visits: try r.ints())
        }
        for person in personList { persons.add(person) }
        persons.listedByIDNumber = [:]
        for (number, id) in try r.array({ r in (try r.string(), try r.string()) }) { persons.listedByIDNumber[number] = id }
        persons.visits = try r.array { r in
            Visit(person: try r.string(), method: try r.code(), officer: try r.string(), participants: try r.strings(),
                  findings: try r.string(), observed: try r.optional { try $0.code() }, at: try r.date(), event: try r.uuid(),
                  voided: try r.bool())
        }
        let visitCount = persons.visits.count
        guard personList.allSatisfy({ $0.visits.allSatisfy { $0 >= 0 && $0 < visitCount } }) else {
            throw CheckpointDecodingError()
        }
        return persons
    }

    @Sendable private static func readDisputes(_ r: inout CheckpointReader) throws -> DisputeBook {
        var disputes = DisputeBook()
        for (year, count) in try r.array({ r in (try r.int(), try r.int()) }) { disputes.countByYear[year] = count }
        let disputeList = try r.array { r in
            Dispute(id: try r.string(), category: try r.code(), parties: try r.strings(), source: try r.code(),
                    cell: try r.string(), summary: try r.string(), risk: try r.code(), openedAt: try r.date(),
                    event: try r.uuid(), voided: try r.bool(),
                    mediations: try r.array { r in
                        Mediation(kind: try r.code(), mediators: try r.strings(), notes: try r.string(),
                                  result: try r.optional { try $0.code() }, at: try r.date(), event: try r.uuid(),
                                  voided: try r.bool())
                    },
                    conclusion: try r.optional { r in
                        guard let kind = DisputeConclusion.Kind(rawValue: try r.string()) else { throw CheckpointDecodingError() }
                        return DisputeConclusion(kind: kind, text: try r.string(), referredTo: try r.optional { try $0.code() },
                                                 at: try r.date(), event: try r.uuid())
                    },
                    followUps: try r.array { r in
                        FollowUp(note: try r.string(), at: try r.date(), event: try r.uuid(), voided: try r.bool())
                    })
        }
        for (i, d) in disputeList.enumerated() { disputes.index[d.id] = i }
        disputes.disputes = disputeList
        return disputes
    }

    @Sendable private static func readIncidents(_ r: inout CheckpointReader) throws -> IncidentBook {
        var incidents = IncidentBook()
        incidents.incidents = try r.array { r in
            var incident = Incident(
                id: try r.string(), cell: try r.string(), kind: try r.code(), summary: try r.string(),
                source: try r.code(), at: try r.date(), event: try r.uuid(), voided: try r.bool(),
                closedAt: try r.optional { try $0.date() }, disposition: try r.optional { try $0.code() },
                closeNote: try r.optional { try $0.string() }, closeEvent: try r.optional { try $0.uuid() })
            incident.loggedPerson = try r.optional { try $0.string() }
            incident.loggedDispute = try r.optional { try $0.string() }
            incident.links = try r.array { r in
                IncidentLink(person: try r.optional { try $0.string() }, dispute: try r.optional { try $0.string() },
                             at: try r.date(), event: try r.uuid(), voided: try r.bool())
            }
            return incident
        }
        for (i, n) in incidents.incidents.enumerated() { incidents.index[n.id] = i }
        return incidents
    }

    @Sendable private static func readFraud(_ r: inout CheckpointReader) throws -> FraudBook {
        var fraud = FraudBook()
        for warning in try r.array({ r in
            FraudWarning(id: try r.string(), level: try r.code(), target: try r.string(),
                         person: try r.optional { try $0.string() }, phone: try r.string(),
                         cell: try r.optional { try $0.string() }, note: try r.optional { try $0.string() },
                         at: try r.date(), event: try r.uuid(), voided: try r.bool(),
                         dissuasions: try r.array { r in
                             Dissuasion(by: try r.string(), method: try r.code(), outcome: try r.code(),
                                        note: try r.optional { try $0.string() }, at: try r.date(), event: try r.uuid(),
                                        voided: try r.bool())
                         })
        }) { fraud.add(warning) }
        return fraud
    }
}
