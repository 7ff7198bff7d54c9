import Foundation

/// A journal held in memory, for tests of the layers above.
///
/// It keeps the same records as `FileJournal` would write — the same line
/// bytes, sequence numbers and chain hash — so one conformance suite runs
/// against both and a test can compare head hashes across them.
public final class MemoryJournal: Journal {
    public let header: JournalHeader
    public private(set) var headSeq: UInt64 = 0
    public private(set) var headHash: String = ""
    public var notices: [JournalNotice] { [] }
    public var isReadOnly: Bool { false }
    public var filePath: String? { nil }
    public var verifyReport: VerifyReport? { nil }
    public var trustedPrefix: TrustedPrefix? { nil }
    public var isReadOnlyFile: Bool { false }
    public var fileHeadOffset: Int? { nil }

    private let clock: JournalClock
    private let encoder: RecordEncoder
    private var records: [JournalRecord] = []
    private var lines: [[UInt8]] = []
    private var rawHead = RecordFormat.zeroHash

    /// A new journal whose header (seq 0) records `station` and `office`,
    /// written at the clock's time by badge `by`.
    public init(
        station: String, office: String, clock: JournalClock = SystemClock(), by: String = "system",
        journalID: UUID = UUID(), offsetSeconds: Int = RFC3339.defaultOffsetSeconds, forTests: Bool = false
    ) {
        self.clock = clock
        self.encoder = RecordEncoder(offsetSeconds: offsetSeconds)
        let created = Date(timeIntervalSince1970: clock.now().timeIntervalSince1970.rounded(.down))
        header = JournalHeader(
            formatVersion: RecordFormat.version, journalID: journalID, station: station, office: office, created: created,
            isForTests: forTests)
        let draft = EventDraft(
            id: journalID, type: RecordFormat.headerType, version: 1, at: created, by: by,
            data: RecordEncoder.headerData(journalID: journalID, station: station, office: office, forTests: forTests))
        store(draft, seq: 0, recorded: created)
    }

    public func replay(from seq: UInt64, _ body: (JournalRecord) throws -> Void) throws {
        guard seq < UInt64(records.count) else { return }
        for record in records[Int(seq)...] { try body(record) }
    }

    @discardableResult
    public func append(_ build: (_ newcomers: [JournalRecord]) throws -> [EventDraft]) throws -> [JournalRecord] {
        let drafts = try build([])
        for draft in drafts { try RecordEncoder.validate(draft) }
        let recorded = clock.now()
        var written: [JournalRecord] = []
        for draft in drafts {
            written.append(store(draft, seq: headSeq + (records.isEmpty ? 0 : 1), recorded: recorded))
        }
        return written
    }

    public func refresh() throws -> [JournalRecord] { [] }

    /// The journal's bytes exactly as `FileJournal` would hold them on disk
    /// (tests compare the two, or write this out to make a fixture).
    public var fileBytes: [UInt8] { lines.flatMap { $0 } }

    @discardableResult
    private func store(_ draft: EventDraft, seq: UInt64, recorded: Date) -> JournalRecord {
        var line: [UInt8] = []
        line.reserveCapacity(256 + draft.data.count)
        rawHead = encoder.encode(
            seq: seq, id: draft.id, type: draft.type, version: draft.version, at: draft.at, recorded: recorded,
            by: draft.by, data: draft.data, previous: rawHead, into: &line)
        let record = line.withUnsafeBytes { RecordDecoder.decode(UnsafeRawBufferPointer(rebasing: $0.dropLast()))! }
        lines.append(line)
        records.append(record)
        headSeq = seq
        headHash = record.hash
        return record
    }
}
