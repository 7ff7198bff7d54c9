import Foundation

// The public contract of the journal. The domain and the console code against
// `Journal`; `FileJournal` is the real store and `MemoryJournal` the one for
// tests. Both pass the same conformance suite.

/// Where "now" comes from. One injectable clock for the whole program
/// (`--now` / `JINGWU_NOW` pin it for tests, demos and reproductions).
public protocol JournalClock: Sendable {
    func now() -> Date
    /// True for a clock the operator pinned (`PinnedClock`).
    var isPinned: Bool { get }
}

extension JournalClock {
    /// True for a clock the operator pinned (`--now`, `JINGWU_NOW`): honoured for writes
    /// only on a journal made for tests and demos (`JournalHeader.isForTests`).
    public var isPinned: Bool { false }
}

/// The time the operator pinned with `--now` / `JINGWU_NOW`. Reads accept it anywhere;
/// writes only on a journal created for tests and demos (`jingwu init --test`, `jingwu demo`).
/// The in-process clocks of tests (`FixedClock`, their own) are not pinned in this sense.
public struct PinnedClock: JournalClock {
    public let date: Date
    public init(_ date: Date) { self.date = date }
    public func now() -> Date { date }
    public var isPinned: Bool { true }
}

/// The machine's clock.
public struct SystemClock: JournalClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that always says the same time (tests, `--now`).
public struct FixedClock: JournalClock {
    public let date: Date
    public init(_ date: Date) { self.date = date }
    public func now() -> Date { date }
}

/// What a command asks the journal to record. The journal adds `seq`,
/// `recorded` and the chain hash.
public struct EventDraft: Sendable, Equatable {
    /// Event id; commands that create an entity may reuse it as that entity's key.
    public var id: UUID
    /// Stable type name (`PatrolStarted`), never a Swift type name.
    public var type: String
    /// Schema version of that type's `data`.
    public var version: Int
    /// When it happened (may be back-dated).
    public var at: Date
    /// Badge number of the operator.
    public var by: String
    /// The event's `data`: one compact JSON object, UTF-8, no raw newline.
    public var data: Data

    public init(id: UUID = EventID.make(), type: String, version: Int = 1, at: Date, by: String, data: Data) {
        self.id = id
        self.type = type
        self.version = version
        self.at = at
        self.by = by
        self.data = data
    }
}

/// One record as read back from the journal.
public struct JournalRecord: Sendable, Equatable {
    public var seq: UInt64
    public var id: UUID
    public var type: String
    public var version: Int
    public var at: Date
    /// When it was written (always the truth, even for back-dated entries).
    public var recorded: Date
    public var by: String
    /// The raw JSON bytes of the record's `data` object.
    public var data: Data
    /// The chain hash of this record, 64 lowercase hex digits.
    public var hash: String {
        get { storedHash.text }
        set { storedHash = StoredHash(newValue) }
    }
    /// The chain hash as its 32 bytes: a record read back costs no `String` for it until the hash is asked for.
    var storedHash: StoredHash

    public init(seq: UInt64, id: UUID, type: String, version: Int, at: Date, recorded: Date, by: String, data: Data, hash: String) {
        self.init(seq: seq, id: id, type: type, version: version, at: at, recorded: recorded, by: by, data: data,
                  storedHash: StoredHash(hash))
    }

    init(seq: UInt64, id: UUID, type: String, version: Int, at: Date, recorded: Date, by: String, data: Data,
         storedHash: StoredHash) {
        self.seq = seq
        self.id = id
        self.type = type
        self.version = version
        self.at = at
        self.recorded = recorded
        self.by = by
        self.data = data
        self.storedHash = storedHash
    }
}

/// A record's `hash` as it is kept: 64 lowercase hex digits as their 32 bytes, in four words (no
/// allocation); any other text (a record built by hand, `""` for one not yet written) as it is.
/// Equal exactly when the texts are equal: a text of 64 lowercase hex digits is never kept as text.
struct StoredHash: Sendable, Equatable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var other: String?

    init(_ text: String) {
        var copy = text
        if let parsed = copy.withUTF8({ StoredHash.parse(UnsafeRawBufferPointer($0)) }) {
            words = parsed
        } else {
            other = text
        }
    }

    /// From the 64 hex digits of a record line's hash field (`hex`); anything but 64 lowercase hex
    /// digits is kept as text.
    init(hex: UnsafeRawBufferPointer) {
        if let parsed = StoredHash.parse(hex) {
            words = parsed
        } else {
            other = String(decoding: hex, as: UTF8.self)
        }
    }

    /// The 32 raw bytes of a chain hash (`raw.count` must be 32).
    init(raw: UnsafeRawBufferPointer) {
        precondition(raw.count == 32, "a chain hash is 32 bytes")
        words = (raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                 raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
    }

    /// The 32 bytes of exactly 64 lowercase hex digits, else nil (kept in `words` as they lie in memory).
    private static func parse(_ hex: UnsafeRawBufferPointer) -> (UInt64, UInt64, UInt64, UInt64)? {
        guard hex.count == 64 else { return nil }
        var out: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        let ok = withUnsafeMutableBytes(of: &out) { raw -> Bool in
            for i in 0..<32 {
                guard let hi = RecordFormat.nibble(hex[2 * i]), let lo = RecordFormat.nibble(hex[2 * i + 1]) else { return false }
                raw[i] = hi << 4 | lo
            }
            return true
        }
        return ok ? out : nil
    }

    /// The hash as text: 64 lowercase hex digits, or the text kept.
    var text: String {
        if let other { return other }
        var w = words
        return withUnsafeBytes(of: &w) { raw in
            String(unsafeUninitializedCapacity: 64) { out in
                for i in 0..<32 {
                    out[2 * i] = RecordFormat.hexDigits[Int(raw[i] >> 4)]
                    out[2 * i + 1] = RecordFormat.hexDigits[Int(raw[i] & 15)]
                }
                return 64
            }
        }
    }

    static func == (a: StoredHash, b: StoredHash) -> Bool {
        a.other == b.other && a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2
            && a.words.3 == b.words.3
    }
}

/// The header: the journal's first record (seq 0).
public struct JournalHeader: Sendable, Equatable {
    public var formatVersion: Int
    public var journalID: UUID
    public var station: String
    public var office: String
    public var created: Date
    /// True for a journal made for tests and demos (`"purpose":"test"` in the header's data):
    /// only there are writes with a pinned clock (`--now`) accepted. A header without the
    /// field (every journal before it existed) is a real office.
    public var isForTests: Bool

    public init(formatVersion: Int, journalID: UUID, station: String, office: String, created: Date,
                isForTests: Bool = false) {
        self.formatVersion = formatVersion
        self.journalID = journalID
        self.station = station
        self.office = office
        self.created = created
        self.isForTests = isForTests
    }
}

/// Something the operator must be told once about the journal they opened.
public enum JournalNotice: Sendable, Equatable {
    /// A torn tail was moved aside on open: `bytes` bytes now in `sideFile`.
    case tornTailRecovered(bytes: Int, sideFile: String)
    /// The journal file or its directory is readable or writable by others.
    case permissionsTooOpen(path: String, mode: UInt16)
    /// Damage before the tail: the journal is open read-only.
    case damaged(seq: UInt64, line: Int)
    /// The last record (`seq`) was whole and valid but lacked its final newline: the newline was added.
    case newlineCompleted(seq: UInt64)
}

/// The store every screen and command reads and writes through.
public protocol Journal: AnyObject {
    var header: JournalHeader { get }
    /// Sequence number and chain hash of the last record this process has seen.
    var headSeq: UInt64 { get }
    var headHash: String { get }
    /// Notices from opening (torn tail recovered, permissions, damage).
    var notices: [JournalNotice] { get }
    /// True when damage before the tail was found: every append is refused.
    var isReadOnly: Bool { get }

    /// Calls `body` with every record from `seq` (inclusive) to the head, in order.
    func replay(from seq: UInt64, _ body: (JournalRecord) throws -> Void) throws

    /// Appends the drafts that `build` returns, durably, as one command.
    ///
    /// Under the exclusive lock, `build` is first given the records other
    /// processes appended since this process last looked, so the caller can
    /// fold them into its state and validate against the truth. If `build`
    /// throws, nothing is written and the error is rethrown (the newcomers still
    /// count as seen: fold them into your state before validating). Returns the
    /// written records only after they are on disk (`fdatasync` returned 0).
    @discardableResult
    func append(_ build: (_ newcomers: [JournalRecord]) throws -> [EventDraft]) throws -> [JournalRecord]

    /// Records appended by other processes since this one last looked.
    func refresh() throws -> [JournalRecord]

    /// Appends many drafts at once (demo generator, import): one lock, one
    /// `fdatasync` at the end; `next` returns nil when done. Returns how many
    /// were written. Other processes' newcomers are not shown to the caller.
    @discardableResult
    func appendBulk(_ next: () throws -> EventDraft?) throws -> Int

    // What a journal on disk knows besides (a memory journal has none of it).

    /// The journal file's path; nil in memory.
    var filePath: String? { get }
    /// The open's check of every record it hashed; nil in memory (always whole).
    var verifyReport: VerifyReport? { get }
    /// The checkpoint's prefix trusted at open (only the records after it were hashed), if any.
    var trustedPrefix: TrustedPrefix? { get }
    /// True when the file could be opened for reading only.
    var isReadOnlyFile: Bool { get }
    /// Byte offset of the end of the head record in the file; nil in memory.
    var fileHeadOffset: Int? { get }
}

extension Journal {
    @discardableResult
    public func appendBulk(_ next: () throws -> EventDraft?) throws -> Int {
        var drafts: [EventDraft] = []
        while let draft = try next() { drafts.append(draft) }
        return try append { _ in drafts }.count
    }

    /// Every record from the header on.
    public func replayAll(_ body: (JournalRecord) throws -> Void) throws {
        try replay(from: 0, body)
    }
}
