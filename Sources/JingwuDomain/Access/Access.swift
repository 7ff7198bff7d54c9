import Foundation
import JingwuJournal
import JingwuResources

// Who is at the shared terminal (按谁搜集、谁填报, DOMAIN.md §2.4): PINs, sign-in,
// failed attempts, and the record of who looked at or took away what.
//
// - Once any officer of the office has a PIN, every write needs its operator signed
//   in (`Office.signIn`): the console asks at the keyboard, the command line takes
//   `JINGWU_PIN` or a prompt. An office with no PIN at all works as before.
// - A PIN is 6–12 digits and only its PBKDF2 hash is ever written (see Pin.swift).
// - Looking at a whole ID number is `IDNumberRevealed` (Privacy.swift); exporting a
//   report that names key persons and printing a case file are `AccessRecorded`.

/// Settings of sign-in and the idle lock, from `Resources/policy/access.json`.
public struct AccessPolicy: Sendable, Equatable {
    /// Seconds without a key before the console locks.
    public var idleSeconds: Int
    /// Wait before the next try, by the number of failures in a row (the last value repeats).
    public var failureDelays: [Int]
    /// PBKDF2 iterations for new PIN hashes (old hashes keep their own count).
    public var pinIterations: Int

    public init(idleSeconds: Int, failureDelays: [Int], pinIterations: Int) {
        self.idleSeconds = idleSeconds; self.failureDelays = failureDelays; self.pinIterations = pinIterations
    }

    public static let standard = AccessPolicy(idleSeconds: 300, failureDelays: [0, 0, 0, 2, 5, 15, 30, 60],
                                              pinIterations: 100_000)

    /// Security floors no resource folder (`JINGWU_RESOURCES`) or variable may cross (issue 14):
    /// new PIN hashes take at least this many PBKDF2 rounds...
    public static let minimumPinIterations = 100_000
    /// ...and the console locks after at most this many idle seconds. A shorter idle time is
    /// allowed (it only locks sooner); a longer one, or none, is not.
    public static let maximumIdleSeconds = 300

    /// Says once per process, on stderr, that a setting was ignored for crossing a floor.
    public static func reportIgnored(_ key: String, _ value: String, used: Int) {
        let first = ignoredLock.withLock { ignoredReported.insert(key).inserted }
        guard first else { return }
        let language = Language(code: ProcessInfo.processInfo.environment["JINGWU_LANG"] ?? "") ?? .zh
        let line = Strings(language).text("access.policy.ignored", ["key": key, "value": value, "used": String(used)])
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
    nonisolated(unsafe) private static var ignoredReported = Set<String>()
    private static let ignoredLock = NSLock()

    /// The policy from the embedded (or `$JINGWU_RESOURCES`) file; `standard` where it is silent.
    public static func load() -> AccessPolicy {
        var policy = standard
        guard let data = ResourceFiles.data("policy/access.json"),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return policy }
        func number(_ key: String) -> Int? {
            if let value = object[key] as? Int { return value }
            if let nested = object[key] as? [String: Any], let value = nested["value"] as? Int { return value }
            return nil
        }
        if let idle = number("idleSeconds") {
            if idle >= 1, idle <= maximumIdleSeconds { policy.idleSeconds = idle }
            else { reportIgnored("idleSeconds", String(idle), used: standard.idleSeconds) }
        }
        if let iterations = number("pinIterations") {
            if iterations >= minimumPinIterations { policy.pinIterations = iterations }
            else { reportIgnored("pinIterations", String(iterations), used: minimumPinIterations) }
        }
        let delays = (object["failureDelays"] as? [Int]) ?? ((object["failureDelays"] as? [String: Any])?["value"] as? [Int])
        if let delays, !delays.isEmpty, delays.allSatisfy({ $0 >= 0 }) { policy.failureDelays = delays }
        return policy
    }

    /// Seconds to wait after `failures` failed tries in a row (0 for none).
    public func delay(afterFailures failures: Int) -> Int {
        guard failures > 0, !failureDelays.isEmpty else { return 0 }
        return failureDelays[min(failures, failureDelays.count) - 1]
    }
}

// MARK: Events

/// The shape the three PIN events share: a badge and a PIN hash whose fields (alg,
/// iterations, salt, hash) sit flat in the payload beside it.
public protocol PinPayload: EventPayload {
    var badge: String { get }
    var pin: PinHash { get }
    init(badge: String, pin: PinHash)
}

private enum PinPayloadKey: String, CodingKey { case badge }

extension PinPayload {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: PinPayloadKey.self)
        self.init(badge: try container.decode(String.self, forKey: .badge), pin: try PinHash(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: PinPayloadKey.self)
        try container.encode(badge, forKey: .badge)
        try pin.encode(to: encoder)
    }
}

/// An officer's first PIN (at set-up, at enrolment, or set by an administrator for a new officer).
public struct PinSet: PinPayload {
    public static let type = "PinSet"
    public static let version = 1
    public var badge: String
    public var pin: PinHash
    public init(badge: String, pin: PinHash) { self.badge = badge; self.pin = pin }
    public var asEvent: DomainEvent { .pinSet(self) }
}

/// An officer changed their own PIN (signed in with the old one).
public struct PinChanged: PinPayload {
    public static let type = "PinChanged"
    public static let version = 1
    public var badge: String
    public var pin: PinHash
    public init(badge: String, pin: PinHash) { self.badge = badge; self.pin = pin }
    public var asEvent: DomainEvent { .pinChanged(self) }
}

/// A police officer (the record's `by`) reset another officer's PIN.
public struct PinReset: PinPayload {
    public static let type = "PinReset"
    public static let version = 1
    public var badge: String
    public var pin: PinHash
    public init(badge: String, pin: PinHash) { self.badge = badge; self.pin = pin }
    public var asEvent: DomainEvent { .pinReset(self) }
}

/// A wrong PIN (or a badge that may not sign in) at the console. The PIN typed is never kept.
public struct SignInFailed: EventPayload {
    public static let type = "SignInFailed"
    public static let version = 1
    /// The badge typed (cleaned, at most 16 characters).
    public var badge: String
    /// Failures in a row at this terminal, this one included.
    public var attempt: Int
    /// Where: `console`.
    public var terminal: String
    public init(badge: String, attempt: Int, terminal: String = "console") {
        self.badge = badge; self.attempt = attempt; self.terminal = terminal
    }
    public var asEvent: DomainEvent { .signInFailed(self) }
}

/// What was taken away from the office's records.
public enum AccessKind: String, Codable, Sendable, CaseIterable {
    /// A report that names key persons, exported to a file or printed to stdout.
    case export
    /// A dispute case file (一事一档) printed.
    case print
    /// A fraud warning's whole phone number shown (电话劝阻), written before it is shown.
    case revealPhone = "reveal-phone"
}

/// Someone (the record's `by`) exported a report naming key persons, or printed a case file.
public struct AccessRecorded: EventPayload {
    public static let type = "AccessRecorded"
    public static let version = 1
    public var kind: AccessKind
    /// What: `report visits`, `report handover`, a case file's dispute id (`D2026-0003`).
    public var subject: String
    /// The format handed out (`md`, `csv`, `json`, `text`).
    public var format: String?
    /// Key persons named in it (short ids, `K0012`), at most 500.
    public var persons: [String]
    /// Where it went (an export file's name), if anywhere.
    public var destination: String?
    /// Why it was needed (a phone number's reveal); absent in records before it existed.
    public var purpose: String?
    public init(kind: AccessKind, subject: String, format: String? = nil, persons: [String] = [],
                destination: String? = nil, purpose: String? = nil) {
        self.kind = kind; self.subject = subject; self.format = format; self.persons = persons
        self.destination = destination; self.purpose = purpose
    }
    public var asEvent: DomainEvent { .accessRecorded(self) }
}

// MARK: State

/// A failed sign-in.
public struct SignInFailure: Sendable, Equatable {
    public var badge: String
    public var attempt: Int
    public var terminal: String
    public var at: Date
    public var event: UUID
}

/// One access record: an export, a print (and, through `OfficeState.reveals`, ID looks).
public struct AccessRecord: Sendable, Equatable {
    public var kind: AccessKind
    public var subject: String
    public var format: String?
    public var persons: [String]
    public var destination: String?
    public var by: String
    public var at: Date
    public var event: UUID
    /// Why (a phone number's reveal).
    public var purpose: String? = nil
}

/// An entry its author could not have written when it was written (an auxiliary's
/// enrolment, another officer's PIN, a reveal…: only a forged or hand-edited journal
/// holds one). It stays in the journal, and grants nothing: the fold does not apply it.
public struct UnauthorizedEntry: Sendable, Equatable {
    public var seq: UInt64
    public var event: UUID
    /// The event's type name (`OfficerEnrolled`).
    public var type: String
    /// Who the record says wrote it.
    public var by: String
    /// What they were not allowed: an action code of `Roles` (`enrol-officer`, `reset-pin`,
    /// `reveal-id`, `correct-other`), or `operator-unknown` / `not-operator`.
    public var action: String
}

/// PINs, failed sign-ins, access records, and the author of every event (for the rule
/// that an auxiliary corrects only their own entries).
public struct AccessBook: Sendable, Equatable {
    /// Entries the fold refused because their author could not have written them, in journal order.
    public internal(set) var unauthorized: [UnauthorizedEntry] = []
    /// Current PIN hash per badge.
    public internal(set) var pins: [String: PinHash] = [:]
    public internal(set) var failures: [SignInFailure] = []
    public internal(set) var records: [AccessRecord] = []
    /// Author code per event, parallel to the event index's dense ids (`EventIndex.position(of:)`).
    var authorCodes: [UInt16] = []
    /// Badges by author code.
    var authorNames: [String] = []
    private var authorLookup: [String: UInt16] = [:]

    /// True once any officer has a PIN: from then on every write needs a signed-in operator.
    public var requiresSignIn: Bool { !pins.isEmpty }

    /// True when `badge` has a PIN.
    public func hasPin(_ badge: String) -> Bool { pins[badge] != nil }

    /// The failed sign-ins of one badge, oldest first.
    public func failures(of badge: String) -> [SignInFailure] { failures.filter { $0.badge == badge } }

    /// Notes the author of the event at dense position `position` (positions arrive in order).
    /// Room for about `n` more events' authors.
    mutating func reserveAuthors(_ n: Int) { authorCodes.reserveCapacity(authorCodes.count + max(0, n)) }

    mutating func noteAuthor(_ badge: String, position: Int) {
        guard position >= authorCodes.count else { return }
        let code: UInt16
        if let known = authorLookup[badge] {
            code = known
        } else if authorNames.count < Int(UInt16.max) {
            code = UInt16(authorNames.count)
            authorNames.append(badge)
            authorLookup[badge] = code
        } else {
            code = UInt16.max
        }
        while authorCodes.count < position { authorCodes.append(UInt16.max) }
        authorCodes.append(code)
    }

    /// The badge that wrote the event at dense position `position`.
    func author(at position: Int) -> String? {
        guard position < authorCodes.count, Int(authorCodes[position]) < authorNames.count else { return nil }
        return authorNames[Int(authorCodes[position])]
    }

    /// Restores the author table from a checkpoint.
    mutating func restoreAuthors(codes: [UInt16], names: [String]) {
        authorCodes = codes
        authorNames = names
        authorLookup = [:]
        for (i, name) in names.enumerated() { authorLookup[name] = UInt16(i) }
    }

    mutating func setPin(_ badge: String, _ pin: PinHash) { pins[badge] = pin }
    mutating func add(_ failure: SignInFailure) { failures.append(failure) }
    mutating func add(_ record: AccessRecord) { records.append(record) }
}

extension OfficeState {
    /// The badge that wrote event `id` (nil when unknown).
    public func author(of id: UUID) -> String? {
        targets.position(of: id).flatMap { access.author(at: $0) }
    }

    /// Keeps the author of every event (called for each event, after the index has it).
    mutating func noteAuthor(_ envelope: Envelope) {
        if let position = targets.position(of: envelope.id) { access.noteAuthor(envelope.by, position: position) }
    }

    // Nothing of these is changed by a correction: they stay on record as written (`.correction`).

    mutating func fold<Pin: PinPayload>(_ e: Pin, _ envelope: Envelope) {
        access.setPin(e.badge, e.pin)
        targets[envelope.id] = .correction
    }

    mutating func fold(_ e: SignInFailed, _ envelope: Envelope) {
        access.add(SignInFailure(badge: e.badge, attempt: e.attempt, terminal: e.terminal, at: envelope.at,
                                 event: envelope.id))
        targets[envelope.id] = .correction
    }

    mutating func fold(_ e: AccessRecorded, _ envelope: Envelope) {
        access.add(AccessRecord(kind: e.kind, subject: e.subject, format: e.format, persons: e.persons,
                                destination: e.destination, by: envelope.by, at: envelope.at, event: envelope.id,
                                purpose: e.purpose))
        targets[envelope.id] = .correction
    }
}

// MARK: Commands

/// `officer pin`: a first PIN, a change of one's own, or an administrator's reset.
///
/// The PIN arrives hashed (`Pin.derive`): the clear PIN never reaches a command or an event.
/// Which event it becomes follows from who does it: no PIN yet → `PinSet`; the
/// officer themself → `PinChanged`; anyone else (a police officer, see `Roles`) → `PinReset`.
public struct SetPin: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var badge: String
    public var pin: PinHash
    public init(badge: String, pin: PinHash) { self.badge = badge; self.pin = pin }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let officer = try Validate.officer(badge, field: "badge", state)
        guard officer.role.isOperator else {
            throw DomainError(.notOperator, field: "badge", value: officer.badge, ["operatorRole": officer.role.code])
        }
        guard pin.alg == Pin.algorithm, pin.iterations >= 1_000, Pin.bytes(hex: pin.salt)?.count == 16,
              Pin.bytes(hex: pin.hash)?.count == 32
        else { throw DomainError(.invalid, field: "pin") }
        try Validate.now(context)
        let by = context.operatorBadge.map(CleanText.strip) ?? ""
        let event: any EventPayload
        if !state.access.hasPin(officer.badge) {
            event = PinSet(badge: officer.badge, pin: pin)
        } else if by == officer.badge {
            event = PinChanged(badge: officer.badge, pin: pin)
        } else {
            event = PinReset(badge: officer.badge, pin: pin)
        }
        return Decision([event], entityID: officer.badge)
    }
}

/// Records an export of a report naming key persons, or a case file printed.
public struct RecordAccess: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var kind: AccessKind
    public var subject: String
    public var format: String?
    public var persons: [String]
    public var destination: String?
    public init(kind: AccessKind, subject: String, format: String? = nil, persons: [String] = [],
                destination: String? = nil) {
        self.kind = kind; self.subject = subject; self.format = format; self.persons = persons
        self.destination = destination
    }

    public static let maxPersons = 500

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let subject = try CleanText.required(subject, field: "subject", max: TextLimit.short)
        let format = try CleanText.optional(format, field: "format", max: 16)
        let destination = try CleanText.optional(destination, field: "out", max: TextLimit.long)
        var seen = Set<String>()
        let persons = persons.map { CleanText.strip($0).uppercased() }.filter { !$0.isEmpty && seen.insert($0).inserted }
        try Validate.now(context)
        return Decision([AccessRecorded(kind: kind, subject: subject, format: format,
                                        persons: Array(persons.prefix(Self.maxPersons)), destination: destination)])
    }
}

extension OfficerRole {
    /// Police and auxiliaries sign in and write; patrol members, volunteers and 联户长 are data only.
    public var isOperator: Bool { self == .police || self == .auxiliary }
}

// MARK: Sign-in

extension Office {
    /// Checks `pin` for `badge` and, when it matches, lets `badge` write from this process.
    /// Throws naming the field; the message never contains the PIN.
    @discardableResult
    public func signIn(badge: String, pin: String) throws -> Officer {
        let typed = CleanText.strip(badge)
        guard !typed.isEmpty else { throw DomainError(.required, field: "badge") }
        guard let cleaned = state.officers.badge(for: typed), let officer = state.officers.officer(cleaned) else {
            throw DomainError(.operatorUnknown, field: "badge", value: typed)
        }
        guard officer.role.isOperator else {
            throw DomainError(.notOperator, field: "badge", value: cleaned, ["operatorRole": officer.role.code])
        }
        guard let stored = state.access.pins[cleaned] else { throw DomainError(.pinNotSet, field: "badge", value: cleaned) }
        guard Pin.verify(pin, against: stored, ahead: pinAhead) else {
            throw DomainError(.pinWrong, field: "pin", value: cleaned, ["numberRole": officer.role.rawValue])
        }
        signedIn.insert(cleaned)
        return officer
    }

    /// Marks `badge` signed in without a PIN: only while the office has no PIN at all, or
    /// right after the same process set that officer's PIN.
    func admit(_ badge: String) { signedIn.insert(badge) }

    /// Ends `badge`'s sign-in in this process (the console's lock).
    public func signOut(_ badge: String? = nil) {
        if let badge { signedIn.remove(badge) } else { signedIn.removeAll() }
    }

    /// True when `badge` may write from this process now.
    public func isSignedIn(_ badge: String) -> Bool { !state.access.requiresSignIn || signedIn.contains(badge) }

    /// Sets a PIN (hashing it here) and, for one's own PIN, stays signed in with it.
    @discardableResult
    public func setPin(badge: String, pin: String, as operatorBadge: String?,
                       iterations: Int = AccessPolicy.load().pinIterations) throws -> WriteResult {
        let hash = try Pin.derive(pin, iterations: iterations)
        let result = try execute(SetPin(badge: badge, pin: hash), as: operatorBadge)
        let cleaned = CleanText.strip(badge)
        if CleanText.strip(operatorBadge ?? "") == cleaned { admit(cleaned) }
        return result
    }

    /// Writes a failed sign-in at the console. It has no signed-in operator: `by` is the badge typed.
    @discardableResult
    public func recordSignInFailure(badge: String, attempt: Int, terminal: String = "console") throws -> JournalRecord? {
        let cleaned = String(CleanText.strip(badge).prefix(16))
        let payload = SignInFailed(badge: cleaned, attempt: max(1, attempt), terminal: terminal)
        return try appendUnchecked(payload, by: cleaned.isEmpty ? "-" : cleaned).first
    }
}

extension ExitCode {
    /// EX_NOPERM: the operator may not do this (role, sign-in, PIN); nothing was written.
    public static let noPermission: Int32 = 77
}

// MARK: Checkpoint (schema 4)

extension OfficeState {
    /// PINs, failed sign-ins, access records, then the author table (codes as one block).
    /// The access section's first part: each badge's stored PIN hash.
    static func readPins(_ r: inout CheckpointReader) throws -> [(badge: String, hash: PinHash)] {
        try r.array { r in
            (try r.string(), PinHash(alg: try r.string(), iterations: try r.int(), salt: try r.string(), hash: try r.string()))
        }
    }

    func writeAccess(_ w: inout CheckpointWriter) {
        w.array(access.pins.keys.sorted()) { w, badge in
            let pin = access.pins[badge]!
            w.string(badge); w.string(pin.alg); w.int(pin.iterations); w.string(pin.salt); w.string(pin.hash)
        }
        w.array(access.failures) { w, f in
            w.string(f.badge); w.int(f.attempt); w.string(f.terminal); w.date(f.at); w.uuid(f.event)
        }
        w.array(access.records) { w, a in
            w.string(a.kind.rawValue); w.string(a.subject); w.optional(a.format) { $0.string($1) }; w.strings(a.persons)
            w.optional(a.destination) { $0.string($1) }; w.string(a.by); w.date(a.at); w.uuid(a.event)
            w.optional(a.purpose) { $0.string($1) }
        }
        w.strings(access.authorNames)
        w.int(access.authorCodes.count)
        for code in access.authorCodes { withUnsafeBytes(of: code.littleEndian) { w.bytes.append(contentsOf: $0) } }
        w.array(access.unauthorized) { w, u in
            w.u64(u.seq); w.uuid(u.event); w.string(u.type); w.string(u.by); w.string(u.action)
        }
    }

    mutating func readAccess(_ r: inout CheckpointReader) throws {
        for (badge, pin) in try Self.readPins(&r) { access.setPin(badge, pin) }
        for failure in try r.array({ r in
            SignInFailure(badge: try r.string(), attempt: try r.int(), terminal: try r.string(), at: try r.date(),
                          event: try r.uuid())
        }) { access.add(failure) }
        for record in try r.array({ r in
            guard let kind = AccessKind(rawValue: try r.string()) else { throw CheckpointDecodingError() }
            return AccessRecord(kind: kind, subject: try r.string(), format: try r.optional { try $0.string() },
                                persons: try r.strings(), destination: try r.optional { try $0.string() },
                                by: try r.string(), at: try r.date(), event: try r.uuid(),
                                purpose: try r.optional { try $0.string() })
        }) { access.add(record) }
        let names = try r.strings()
        let count = try r.count(minimum: 2)
        try r.need(count * 2)
        var codes = [UInt16](repeating: 0, count: count)
        for i in 0..<count {
            codes[i] = UInt16(littleEndian: r.base.loadUnaligned(fromByteOffset: r.index + 2 * i, as: UInt16.self))
        }
        r.index += count * 2
        access.restoreAuthors(codes: codes, names: names)
        access.unauthorized = try r.array { r in
            UnauthorizedEntry(seq: try r.u64(), event: try r.uuid(), type: try r.string(), by: try r.string(),
                              action: try r.string())
        }
    }
}

// MARK: Who a report names

extension VisitsReport {
    /// Key persons the report names (visits, schedule, overdue), in first-mention order.
    public var namedPersons: [String] {
        var seen = Set<String>()
        return (visits.map(\.person) + schedule.map(\.person.id) + overdue.map(\.person.id)).filter { seen.insert($0).inserted }
    }
}

extension HandoverReport {
    /// Key persons the report names (visits done, visits overdue, fraud warnings about one).
    public var namedPersons: [String] {
        var seen = Set<String>()
        return (visitsDone.map(\.person) + visitsOverdue.map(\.person.id) + fraudPending.compactMap(\.person))
            .filter { seen.insert($0).inserted }
    }
}

extension PinPayload {
    /// PINs stay as written.
    public static var amendable: [AmendableField] { [] }
    public static var voiding: Voiding { .nothing }
}

extension SignInFailed {
    public static let voiding = Voiding.nothing
    public static let amendable: [AmendableField] = []
}

extension AccessRecorded {
    public static let voiding = Voiding.nothing
    public static let amendable: [AmendableField] = []
}
