import Foundation
import JingwuJournal

/// One journal as the station holds it (`station status`).
public struct StationJournalStatus: Sendable, Equatable {
    public var journalID: String
    public var station: String
    public var office: String
    /// -1 when the station holds no record of it yet.
    public var headSeq: Int64
    public var headHash: String
    public var records: Int64
    public var firstSynced: String
    public var lastSynced: String
    public var lastSyncRecords: Int64
    public var conflicts: Int64
    /// The lag: seconds since the station last heard from the office (a sync with records or with
    /// none: the console's background sync comes every few minutes), by the server's clock.
    public var lagSeconds: Int64
    /// When the newest record the station holds was recorded (the office's clock); empty with none.
    public var newestRecorded: String
}

/// One conflict row.
public struct StationConflict: Sendable, Equatable {
    public var journalID: String
    public var office: String
    public var detected: String
    public var kind: String
    public var firstDifferingSeq: Int64
    public var stationHeadSeq: Int64
    public var officeHeadSeq: Int64
}

public enum StationViews {
    /// Every journal the station holds, by office, and every conflict recorded (newest first).
    public static func status(_ db: PGConnection) throws -> (journals: [StationJournalStatus], conflicts: [StationConflict]) {
        try StationSchema.require(db)
        let rows = try db.exec("""
            SELECT j.journal_id::text, j.station, j.office, j.head_seq, j.head_hash, j.head_seq + 1,
                to_char(j.first_synced AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS'),
                to_char(j.last_synced AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS'),
                j.last_sync_records,
                (SELECT count(*) FROM jingwu.conflicts c WHERE c.journal_id = j.journal_id),
                greatest(0, floor(extract(epoch FROM now() - j.last_synced)))::bigint,
                (SELECT to_char(r.recorded AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') FROM jingwu.records r
                    WHERE r.journal_id = j.journal_id AND r.seq = j.head_seq)
            FROM jingwu.journals j ORDER BY j.station, j.office, j.journal_id
            """)
        var journals: [StationJournalStatus] = []
        for row in 0..<rows.rowCount {
            journals.append(StationJournalStatus(
                journalID: rows.string(row, 0) ?? "", station: rows.string(row, 1) ?? "", office: rows.string(row, 2) ?? "",
                headSeq: rows.int(row, 3) ?? -1, headHash: rows.string(row, 4) ?? "", records: rows.int(row, 5) ?? 0,
                firstSynced: rows.string(row, 6) ?? "", lastSynced: rows.string(row, 7) ?? "",
                lastSyncRecords: rows.int(row, 8) ?? 0, conflicts: rows.int(row, 9) ?? 0,
                lagSeconds: rows.int(row, 10) ?? 0, newestRecorded: rows.string(row, 11) ?? ""))
        }
        let found = try db.exec("""
            SELECT journal_id::text, office, to_char(detected AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS'),
                kind, first_differing_seq, station_head_seq, office_head_seq
            FROM jingwu.conflicts ORDER BY detected DESC, id DESC
            """)
        var conflicts: [StationConflict] = []
        for row in 0..<found.rowCount {
            conflicts.append(StationConflict(
                journalID: found.string(row, 0) ?? "", office: found.string(row, 1) ?? "", detected: found.string(row, 2) ?? "",
                kind: found.string(row, 3) ?? "", firstDifferingSeq: found.int(row, 4) ?? 0,
                stationHeadSeq: found.int(row, 5) ?? 0, officeHeadSeq: found.int(row, 6) ?? 0))
        }
        return (journals, conflicts)
    }
}

/// What `station verify` found for one journal.
public struct StationChainReport: Sendable, Equatable {
    public var journalID: String
    public var office: String
    /// Records checked (the intact ones, from seq 0).
    public var checked: Int64
    public var headSeq: Int64
    public var headHash: String
    /// The first record that fails, and why (a key suffix: `gap`, `hash`, `columns`, `head`).
    public var problemSeq: Int64?
    public var problem: String?
    public var isIntact: Bool { problem == nil }
}

/// Re-checks every chain the station holds from the stored line bytes, with the journal's own
/// hash function: seqs from 0 without gaps, each line's chain hash from its predecessor, the
/// columns equal to what the line says (seq, event id, type, hash), and the journal's head row
/// equal to the last record.
public enum StationVerify {
    public static func run(_ db: PGConnection, progress: ((Int64) -> Void)? = nil) throws -> [StationChainReport] {
        try StationSchema.require(db)
        let journals = try db.exec(
            "SELECT journal_id::text, office, head_seq, head_hash FROM jingwu.journals ORDER BY station, office, journal_id")
        var reports: [StationChainReport] = []
        var total: Int64 = 0
        for row in 0..<journals.rowCount {
            let journal = journals.string(row, 0) ?? ""
            let office = journals.string(row, 1) ?? ""
            let headSeq = journals.int(row, 2) ?? -1
            let headHash = journals.string(row, 3) ?? ""
            let checker = ChainChecker()
            var expected: Int64 = 0
            var problem: (Int64, String)?
            // Binary results: seq as int8, event_id as 16 bytes, type and hash as text, line as raw bytes.
            try db.stream("""
                SELECT seq, event_id, type, hash, line FROM jingwu.records WHERE journal_id = $1::uuid ORDER BY seq
                """, [journal], binaryResult: true) { result in
                guard problem == nil else { return }
                let seq = result.withBytes(0, 0) { bytes in
                    bytes.reduce(Int64(0)) { $0 << 8 | Int64($1) }
                }
                guard seq == expected else { problem = (expected, "gap"); return }
                let eventID = result.withBytes(0, 1) { Array($0) }
                let type = result.withBytes(0, 2) { String(decoding: $0, as: UTF8.self) }
                let hash = result.withBytes(0, 3) { String(decoding: $0, as: UTF8.self) }
                let ok = result.withBytes(0, 4) { line -> String? in
                    guard checker.accept(line) else { return "hash" }
                    guard let record = RecordLines.decode(line), Int64(record.seq) == seq, record.hash == hash,
                          record.type == type, withUnsafeBytes(of: record.id.uuid, { Array($0) }) == eventID
                    else { return "columns" }
                    return nil
                }
                if let ok { problem = (seq, ok); return }
                expected += 1
                total += 1
                if total % 50_000 == 0 { progress?(total) }
            }
            let lastHash = RecordLines.hex(checker.previous)
            if problem == nil, expected - 1 != headSeq || (headSeq >= 0 && lastHash != headHash) {
                problem = (expected, "head")
            }
            reports.append(StationChainReport(
                journalID: journal, office: office, checked: expected, headSeq: headSeq, headHash: headHash,
                problemSeq: problem?.0, problem: problem?.1))
        }
        return reports
    }
}
