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

    init(_ base: UnsafeRawBufferPointer) {
        self.base = base
        source = nil
    }

    init(_ bytes: CheckpointBytes) {
        base = bytes.payload
        source = bytes
    }

    var atEnd: Bool { index == base.count }

    mutating func need(_ n: Int) throws {
        guard n >= 0, index + n <= base.count else { throw CheckpointDecodingError() }
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
        guard n >= 0, n <= (base.count - index) / max(1, minimum) else { throw CheckpointDecodingError() }
        return n
    }
    mutating func bool() throws -> Bool {
        switch try u8() {
        case 0: return false
        case 1: return true
        default: throw CheckpointDecodingError()
        }
    }
    mutating func date() throws -> Date { Date(timeIntervalSince1970: Double(bitPattern: try u64())) }
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
        let size = n * MemoryLayout<T>.stride
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
    public static let checkpointSchema = 5

    /// What a checkpoint's state depends on besides its own layout: every event
    /// type and version this build folds. A build that reads a new version writes
    /// (and accepts) only its own checkpoints.
    public static var checkpointFingerprint: String {
        "schema=\(checkpointSchema);" + EventRegistry.entries.map { "\($0.type):\($0.version)" }.joined(separator: ",")
    }

    /// The state as checkpoint bytes (the policy is not included).
    public func checkpointBytes() -> [UInt8] {
        var w = CheckpointWriter()
        w.bytes.reserveCapacity(64 << 20)
        w.u64(lastSeq)
        w.int(unknownRecords)
        // Officers.
        w.strings(officers.order)
        w.array(officers.order.compactMap { officers.byBadge[$0] }) { w, o in
            w.string(o.badge); w.string(o.name); w.code(o.role); w.date(o.enrolledAt); w.uuid(o.event); w.bool(o.voided)
        }
        // Cells.
        w.strings(cells.order)
        w.array(cells.order.compactMap { cells.byCode[$0] }) { w, c in
            w.string(c.code); w.string(c.name); w.string(c.community); w.code(c.kind)
            w.optional(c.windowHours) { $0.int($1) }; w.optional(c.x) { $0.int($1) }; w.optional(c.y) { $0.int($1) }
            w.bool(c.keySite); w.date(c.addedAt); w.uuid(c.event); w.bool(c.voided)
        }
        // Shifts.
        w.int(shifts.count)
        w.array(shifts.shifts) { w, s in
            w.string(s.id); w.string(s.duty); w.strings(s.team); w.optional(s.template) { $0.string($1) }
            w.date(s.openedAt); w.uuid(s.event); w.bool(s.voided)
            w.optional(s.handover) { w, h in
                w.string(h.from); w.string(h.to); w.string(h.notes); w.strings(h.carried); w.date(h.at); w.uuid(h.event)
            }
            w.optional(s.acknowledgement) { w, a in
                w.string(a.by); w.optional(a.objections) { $0.string($1) }; w.date(a.at); w.uuid(a.event)
            }
        }
        // Patrols and what hangs off them.
        w.array(patrols.patrols) { w, p in
            w.string(p.id); w.code(p.mode); w.code(p.dress); w.string(p.lead); w.strings(p.members)
            w.strings(p.plannedCells); w.optional(p.shift) { $0.string($1) }; w.date(p.startedAt); w.uuid(p.event)
            w.bool(p.voided); w.optional(p.endedAt) { $0.date($1) }; w.optional(p.summary) { $0.string($1) }
            w.optional(p.endEvent) { $0.uuid($1) }; w.ints(p.checkIns); w.ints(p.hazards); w.ints(p.stopChecks)
        }
        w.strings(patrols.active.sorted())
        patrols.checkIns.write(to: &w)
        w.array(patrols.hazards) { w, h in
            w.optional(h.patrol) { $0.string($1) }; w.string(h.cell); w.code(h.category); w.string(h.note)
            w.date(h.at); w.uuid(h.event); w.bool(h.voided)
        }
        w.array(patrols.stopChecks) { w, s in
            w.string(s.patrol); w.optional(s.cell) { $0.string($1) }; w.code(s.subject); w.code(s.outcome)
            w.optional(s.note) { $0.string($1) }; w.date(s.at); w.uuid(s.event); w.bool(s.voided)
        }
        w.array(patrols.trails.keys.sorted()) { w, code in
            let trail = patrols.trails[code]!
            w.string(code); w.ints(trail.checkIns); w.ints(trail.hourCounts)
        }
        // Persons and visits.
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
        // Disputes.
        w.array(countByYearSorted) { w, pair in w.int(pair.0); w.int(pair.1) }
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
        // Incidents.
        w.array(incidents.incidents) { w, n in
            w.string(n.id); w.string(n.cell); w.code(n.kind); w.string(n.summary); w.code(n.source); w.date(n.at)
            w.uuid(n.event); w.bool(n.voided); w.optional(n.closedAt) { $0.date($1) }
            w.optional(n.disposition) { $0.code($1) }; w.optional(n.closeNote) { $0.string($1) }
            w.optional(n.closeEvent) { $0.uuid($1) }
        }
        // Event index (schema 5): block copies, slot table included.
        targets.write(to: &w)
        w.array(Array(voided)) { $0.uuid($1) }
        // Incident links (schema 2): only incidents that have any, by index.
        w.array(incidents.incidents.indices.filter {
            let n = incidents.incidents[$0]
            return n.loggedPerson != nil || n.loggedDispute != nil || !n.links.isEmpty
        }) { w, i in
            let n = incidents.incidents[i]
            w.int(i); w.optional(n.loggedPerson) { $0.string($1) }; w.optional(n.loggedDispute) { $0.string($1) }
            w.array(n.links) { w, l in
                w.optional(l.person) { $0.string($1) }; w.optional(l.dispute) { $0.string($1) }; w.date(l.at)
                w.uuid(l.event); w.bool(l.voided)
            }
        }
        // Anti-fraud warnings (schema 2).
        w.array(fraud.warnings) { w, f in
            w.string(f.id); w.code(f.level); w.string(f.target); w.optional(f.person) { $0.string($1) }; w.string(f.phone)
            w.optional(f.cell) { $0.string($1) }; w.optional(f.note) { $0.string($1) }; w.date(f.at); w.uuid(f.event)
            w.bool(f.voided)
            w.array(f.dissuasions) { w, d in
                w.string(d.by); w.code(d.method); w.code(d.outcome); w.optional(d.note) { $0.string($1) }; w.date(d.at)
                w.uuid(d.event); w.bool(d.voided)
            }
        }
        // ID number reveals (schema 2).
        w.array(reveals.reveals) { w, v in
            w.string(v.person); w.string(v.by); w.optional(v.purpose) { $0.string($1) }; w.date(v.at); w.uuid(v.event)
        }
        writeAccess(&w)
        writeHazards(&w)
        return w.bytes
    }

    private var countByYearSorted: [(Int, Int)] { disputes.countByYear.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }

    /// A state from checkpoint bytes, with `policy` applied. Throws when the bytes are damaged.
    public init(checkpointBytes bytes: UnsafeRawBufferPointer, policy: Policy) throws {
        var r = CheckpointReader(bytes)
        try self.init(reading: &r, policy: policy)
    }

    /// A state from a loaded checkpoint; its big lists keep referring to `bytes` instead of copying them.
    public init(checkpoint bytes: CheckpointBytes, policy: Policy) throws {
        var r = CheckpointReader(bytes)
        try self.init(reading: &r, policy: policy)
    }

    private init(reading r: inout CheckpointReader, policy: Policy) throws {
        self.init(policy: policy)
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
                  openedAt: try r.date(), event: try r.uuid(), voided: try r.bool(),
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
        Trace.mark("checkpoint decode: officers, cells, shifts")
        // Straight into the book: a list in between would copy every patrol once more.
        let patrolCount = try r.count()
        patrols.reserveCapacity(patrolCount)
        for _ in 0..<patrolCount {
            patrols.add(Patrol(
                id: try r.string(), mode: try r.code(), dress: try r.code(), lead: try r.string(), members: try r.strings(),
                plannedCells: try r.strings(), shift: try r.optional { try $0.string() }, startedAt: try r.date(),
                event: try r.uuid(), voided: try r.bool(), endedAt: try r.optional { try $0.date() },
                summary: try r.optional { try $0.string() }, endEvent: try r.optional { try $0.uuid() },
                checkIns: try r.ints(), hazards: try r.ints(), stopChecks: try r.ints()))
        }
        Trace.mark("checkpoint decode: patrols")
        // Written as the fold left it (not recomputed), so even odd journals load exactly.
        patrols.active = Set(try r.strings())
        patrols.checkIns = try CheckInList.read(from: &r)
        Trace.mark("checkpoint decode: check-ins")
        patrols.hazards = try r.array { r in
            Hazard(patrol: try r.optional { try $0.string() }, cell: try r.string(), category: try r.code(),
                   note: try r.string(), at: try r.date(), event: try r.uuid(), voided: try r.bool())
        }
        patrols.stopChecks = try r.array { r in
            StopCheck(patrol: try r.string(), cell: try r.optional { try $0.string() }, subject: try r.code(),
                      outcome: try r.code(), note: try r.optional { try $0.string() }, at: try r.date(), event: try r.uuid(),
                      voided: try r.bool())
        }
        Trace.mark("checkpoint decode: hazards, stop checks")
        let trailCount = try r.count()
        patrols.trails.reserveCapacity(trailCount)
        for _ in 0..<trailCount {
            let code = try r.string()
            let list = try r.ints()
            let hours = try r.ints()
            guard hours.count == 24, list.allSatisfy({ $0 >= 0 && $0 < patrols.checkIns.count }) else {
                throw CheckpointDecodingError()
            }
            patrols.trails[code] = CellTrail(checkIns: list, hourCounts: hours)
        }
        Trace.mark("checkpoint decode: trails")
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
        incidents.incidents = try r.array { r in
            Incident(id: try r.string(), cell: try r.string(), kind: try r.code(), summary: try r.string(),
                     source: try r.code(), at: try r.date(), event: try r.uuid(), voided: try r.bool(),
                     closedAt: try r.optional { try $0.date() }, disposition: try r.optional { try $0.code() },
                     closeNote: try r.optional { try $0.string() }, closeEvent: try r.optional { try $0.uuid() })
        }
        for (i, n) in incidents.incidents.enumerated() { incidents.index[n.id] = i }
        Trace.mark("checkpoint decode: persons, visits, disputes, incidents")
        targets = try EventIndex.read(from: &r)
        Trace.mark("checkpoint decode: event index")
        voided = Set(try r.array(minimum: 16) { try $0.uuid() })
        for _ in 0..<(try r.count(minimum: 10)) {
            let i = try r.int()
            guard i >= 0, i < incidents.incidents.count else { throw CheckpointDecodingError() }
            incidents.incidents[i].loggedPerson = try r.optional { try $0.string() }
            incidents.incidents[i].loggedDispute = try r.optional { try $0.string() }
            incidents.incidents[i].links = try r.array { r in
                IncidentLink(person: try r.optional { try $0.string() }, dispute: try r.optional { try $0.string() },
                             at: try r.date(), event: try r.uuid(), voided: try r.bool())
            }
        }
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
        for reveal in try r.array({ r in
            IDReveal(person: try r.string(), by: try r.string(), purpose: try r.optional { try $0.string() },
                     at: try r.date(), event: try r.uuid())
        }) { reveals.add(reveal) }
        Trace.mark("checkpoint decode: voided, links, fraud, reveals")
        try readAccess(&r)
        try readHazards(&r)
        Trace.mark("checkpoint decode: access, hazards")
        guard r.atEnd else { throw CheckpointDecodingError() }
    }
}
