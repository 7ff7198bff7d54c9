import Foundation
import JingwuDomain
import JingwuJournal

/// Names and short texts for journal records on screen.
enum JournalText {
    /// The operator's name of an event type (`PatrolCheckedIn` → 巡逻签到), or the type itself.
    static func typeName(_ type: String, _ session: ConsoleSession) -> String {
        let key = "console.journal.type." + type
        return session.strings.has(key) ? session.t(key) : type
    }

    /// The record's data as `key=value` pairs in one line (strings unquoted, nested values compact).
    /// ID and mobile numbers are masked: the whole number is seen only in a person's file after a recorded reveal.
    static func summary(_ data: Data, limit: Int = 120) -> String {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            return Privacy.maskNumbers(in: String(decoding: data.prefix(limit), as: UTF8.self))
        }
        var text = ""
        for key in object.keys.sorted() where key != "backdateReason" {
            if !text.isEmpty { text += " " }
            text += key + "=" + value(object[key]!)
            if text.count > limit { return String(text.prefix(limit)) }
        }
        return text
    }

    /// The record's data as one `key: value` line per field, numbers masked as in `summary`.
    static func fields(_ data: Data) -> [(String, String)] {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            return [("data", Privacy.maskNumbers(in: String(decoding: data, as: UTF8.self)))]
        }
        return object.keys.sorted().map { ($0, value(object[$0]!)) }
    }

    static func value(_ any: Any) -> String {
        switch any {
        case let s as String: return Privacy.maskNumbers(in: s)
        case let b as Bool where type(of: any) == type(of: NSNumber(value: true)): return b ? "true" : "false"
        case let n as NSNumber: return n.stringValue
        case let list as [Any]: return list.map(value).joined(separator: ";")
        case let dict as [String: Any]:
            return dict.keys.sorted().map { "\($0)=\(value(dict[$0]!))" }.joined(separator: ",")
        case is NSNull: return ""
        default: return String(describing: any)
        }
    }

    /// The ids a record names (patrol, person, dispute, incident, shift, cell, badge).
    static func entities(_ data: Data) -> [String] {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return [] }
        var out: [String] = []
        for key in ["patrol", "person", "dispute", "incident", "shift", "cell", "code", "badge", "lead", "officer", "duty", "to"] {
            if let s = object[key] as? String { out.append(s) }
        }
        if let cells = object["cells"] as? [String] { out += cells }
        return out
    }
}

/// Every record of the journal as a light row, and the corrections of each, kept in step
/// with the head by reading only what was appended since the last look.
final class JournalIndex {
    /// One record, without its data (read again for the detail).
    struct Row {
        var seq: UInt64
        var id: UUID
        var type: String
        var at: Date
        var recorded: Date
        var by: String
        var summary: String
        var entities: [String]
    }

    /// An amendment or void of a record.
    struct Correction: Equatable {
        enum Kind { case amended, voided }
        var kind: Kind
        var seq: UInt64
        var by: String
        var recorded: Date
        var reason: String
        var changes: [String: String]
    }

    private(set) var rows: [Row] = []
    private(set) var position: [UUID: Int] = [:]
    /// Corrected event id → its corrections in journal order.
    private(set) var corrections: [UUID: [Correction]] = [:]
    private(set) var lastSeq: UInt64?

    /// Reads the records appended since the last update.
    func update(_ journal: Journal) {
        let from = lastSeq.map { $0 + 1 } ?? 0
        guard lastSeq == nil || journal.headSeq > lastSeq! else { return }
        let decoder = JSONDecoder()
        try? journal.replay(from: from) { record in
            lastSeq = record.seq
            var entities = JournalText.entities(record.data)
            if record.type == EntryAmended.type, let e = try? decoder.decode(EntryAmended.self, from: record.data) {
                corrections[e.event, default: []].append(Correction(
                    kind: .amended, seq: record.seq, by: record.by, recorded: record.recorded, reason: e.reason,
                    changes: e.changes))
                if let i = position[e.event] { entities += rows[i].entities }
            } else if record.type == EntryVoided.type, let e = try? decoder.decode(EntryVoided.self, from: record.data) {
                corrections[e.event, default: []].append(Correction(
                    kind: .voided, seq: record.seq, by: record.by, recorded: record.recorded, reason: e.reason, changes: [:]))
                if let i = position[e.event] { entities += rows[i].entities }
            }
            position[record.id] = rows.count
            rows.append(Row(seq: record.seq, id: record.id, type: record.type, at: record.at, recorded: record.recorded,
                            by: record.by, summary: JournalText.summary(record.data), entities: entities))
        }
    }

    func row(_ id: UUID) -> Row? { position[id].map { rows[$0] } }

    /// The record itself (data included), read again from the journal.
    func record(seq: UInt64, _ journal: Journal) -> JournalRecord? {
        struct Found: Error { var record: JournalRecord }
        do {
            try journal.replay(from: seq) { throw Found(record: $0) }
        } catch let found as Found {
            return found.record
        } catch {}
        return nil
    }

    /// The record's corrections; voided when any of them is a void.
    func isVoided(_ id: UUID) -> Bool { corrections[id]?.contains { $0.kind == .voided } ?? false }
    func isAmended(_ id: UUID) -> Bool { corrections[id]?.contains { $0.kind == .amended } ?? false }
}
