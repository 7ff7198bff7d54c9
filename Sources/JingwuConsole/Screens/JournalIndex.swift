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

    /// The code lists a data field's value may come from, by the field's name.
    static let codeKinds: [String: [String]] = [
        "role": ["officer_role"], "kind": ["cell_kind", "mediation_kind", "incident_kind", "access_kind"], "mode": ["patrol_mode"],
        "dress": ["dress"], "subject": ["stop_subject"], "outcome": ["stop_outcome", "dissuasion_outcome"],
        "category": ["hazard_category", "person_category", "dispute_category"], "residency": ["residency"],
        "observed": ["residency"], "method": ["visit_method", "dissuasion_method"],
        "source": ["dispute_source", "incident_source"], "risk": ["dispute_risk"], "result": ["mediation_result"],
        "to": ["referral_target"], "referredTo": ["referral_target"], "disposition": ["incident_disposition"],
        "level": ["fraud_level"],
        // Issue 20.
        "host": ["reception_host"], "partyKind": ["notice_party"], "flags": ["dispute_risk_flag"],
        "form": ["outreach_form"], "audience": ["outreach_audience"],
        // Issue 19: team kinds, tip sources (after the disputes' and incidents'), channels and outcomes,
        // a key person's 管控级别 and help team roles.
        "channel": ["tip_channel"], "controlLevel": ["control_level"],
    ]
    /// Issue 19's codes by field, tried after `codeKinds` (a 义警 team's `kind`, a tip's `source` and `outcome`,
    /// a help team member's `role`).
    static let communityCodeKinds: [String: [String]] = [
        "kind": ["team_kind"], "source": ["tip_source"], "outcome": ["tip_outcome"], "role": ["helper_role"],
    ]

    /// The operator's name of a coded value (`method`, `home` → 入户走访), if it is one.
    static func codeName(_ key: String, _ value: String, _ session: ConsoleSession) -> String? {
        for kind in (codeKinds[key] ?? []) + (communityCodeKinds[key] ?? []) {
            let name = "domain.code.\(kind).\(value)"
            if session.strings.has(name) { return session.t(name) }
        }
        // A team task's kind is the policy's (communities adapt them), named there.
        if key == "kind", let kind = session.state.policy.community.taskKind(value) {
            return kind.name(session.strings.language == .zh)
        }
        // A shift's template (day/night) is named where the reports name it.
        if key == "template", session.strings.has("report.template." + value) { return session.t("report.template." + value) }
        return nil
    }

    /// A list line in the operator's words: each field's name and its value's name
    /// (`method=home` → `方式=入户走访`), an event id as its short lower-case prefix.
    static func line(_ pairs: [(String, DataValue)], _ session: ConsoleSession) -> String {
        pairs.map { label($0.0, $0.1, session) + "=" + shown($0.0, $0.1, session, full: false) }.joined(separator: " ")
    }

    /// A record's data field by field for its page: `网格：A01`, one line each, event ids in full (lower case).
    static func detailLines(_ pairs: [(String, DataValue)], _ session: ConsoleSession) -> [String] {
        pairs.map {
            session.t("console.journal.detail.field", ["label": label($0.0, $0.1, session), "value": shown($0.0, $0.1, session, full: true)])
        }
    }

    /// A field's name; the key as written only for a field no version of the product names.
    static func label(_ key: String, _ session: ConsoleSession) -> String { fieldName(key, session) ?? key }

    /// A field's name beside its value: a badge is named by its holder's role (警号 for police,
    /// 辅警编号 for an auxiliary, 人员编号 for the others; 警号/编号 for someone not on the roster).
    static func label(_ key: String, _ value: DataValue, _ session: ConsoleSession) -> String {
        if key == "badge", case .text(let badge) = value, let officer = session.state.officers.byBadge[badge] {
            return officer.role.numberLabel(session.strings)
        }
        return label(key, session)
    }

    /// A value as the operator reads it: a code by its name, yes/no, an event id lower case
    /// (its first 8 digits in a list, as refusals name it; in full on the record's page).
    static func shown(_ key: String, _ value: DataValue, _ session: ConsoleSession, full: Bool) -> String {
        switch value {
        case .text(let text):
            if let name = codeName(key, text, session) { return name }
            if text.count == 36, let id = UUID(uuidString: text) {
                let lower = id.uuidString.lowercased()
                return full ? lower : String(lower.prefix(8))
            }
            return text
        case .flag(let flag): return session.t(flag ? "console.journal.value.yes" : "console.journal.value.no")
        case .list(let items):
            return items.map { shown(key, $0, session, full: full) }.joined(separator: session.t("console.journal.value.list_separator"))
        case .object(let fields):
            return fields.map {
                session.t("console.journal.detail.field", [
                    "label": label($0.key, session), "value": shown($0.key, $0.value, session, full: full)])
            }
                .joined(separator: session.t("console.journal.value.pair_separator"))
        }
    }

    /// The operator's name of a data field (`idNumber` → 身份证号码), as the forms and refusals name it;
    /// fields no form asks for (a header's, a PIN's, a sign-in failure's) are named by the journal's strings.
    static func fieldName(_ key: String, _ session: ConsoleSession) -> String? {
        var kebab = ""
        for c in key {
            if c.isUppercase { kebab += "-" + c.lowercased() } else { kebab.append(c) }
        }
        for label in ["domain.field." + kebab, "console.journal.data." + kebab] where session.strings.has(label) {
            return session.t(label)
        }
        return nil
    }

    /// The record's data as its fields (sorted by key; the backdate reason and PIN secrets left out
    /// unless `all`), numbers masked as in `summary`.
    static func pairs(_ data: Data, all: Bool = false) -> [(String, DataValue)] {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            return [("data", .text(Privacy.maskNumbers(in: String(decoding: data, as: UTF8.self))))]
        }
        return object.keys.sorted().filter {
            !RecordRedaction.pinSecrets.contains($0) && (all || $0 != "backdateReason")
        }.map { ($0, DataValue(object[$0]!)) }
    }

    /// True when the record was written after the fact, with a reason (its data holds `backdateReason`).
    static func isBackdated(_ data: Data) -> Bool {
        ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any])?["backdateReason"] != nil
    }

    /// The record's data as `key=value` pairs in one line (strings unquoted, nested values compact).
    /// ID and mobile numbers are masked: the whole number is seen only in a person's file after a recorded reveal.
    static func summary(_ data: Data, limit: Int = 120) -> String {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            // Masked whole, then cut: a number cut first would escape the mask.
            return String(Privacy.maskNumbers(in: String(decoding: data, as: UTF8.self)).prefix(limit))
        }
        var text = ""
        for key in object.keys.sorted() where key != "backdateReason" && !RecordRedaction.pinSecrets.contains(key) {
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
        // A PIN's salt and hash are never shown (issue 14); only PinHash data has these keys.
        return object.keys.sorted().filter { !RecordRedaction.pinSecrets.contains($0) }.map { ($0, value(object[$0]!)) }
    }

    static func value(_ any: Any) -> String {
        switch any {
        case let s as String: return Privacy.maskNumbers(in: s)
        case let b as Bool where type(of: any) == type(of: NSNumber(value: true)): return b ? "true" : "false"
        case let n as NSNumber: return Privacy.maskNumbers(in: n.stringValue)
        case let list as [Any]: return list.map(value).joined(separator: ";")
        case let dict as [String: Any]:
            return dict.keys.sorted().filter { !RecordRedaction.pinSecrets.contains($0) }.map { "\($0)=\(value(dict[$0]!))" }.joined(separator: ",")
        case is NSNull: return ""
        default: return String(describing: any)
        }
    }

    /// The ids a record names: every short id the product issues (P, S, K, D, I, H, F), cell codes, badges.
    static func entities(_ data: Data) -> [String] { RecordEntities.names(data) }
}

/// A value of a record's data, numbers masked, kept apart from its wording (named per language when drawn).
enum DataValue {
    case text(String)
    case flag(Bool)
    case list([DataValue])
    case object([Field])

    /// A field of a nested object (`changes` of an amendment).
    struct Field {
        var key: String
        var value: DataValue
    }

    init(_ any: Any) {
        switch any {
        case let s as String: self = .text(Privacy.maskNumbers(in: s))
        case let b as Bool where type(of: any) == type(of: NSNumber(value: true)): self = .flag(b)
        case let n as NSNumber: self = .text(Privacy.maskNumbers(in: n.stringValue))
        case let list as [Any]: self = .list(list.map { DataValue($0) })
        case let dict as [String: Any]:
            self = .object(dict.keys.sorted().filter { !RecordRedaction.pinSecrets.contains($0) }
                .map { Field(key: $0, value: DataValue(dict[$0]!)) })
        case is NSNull: self = .text("")
        default: self = .text(String(describing: any))
        }
    }
}

/// The journal browser's view of the journal without holding it: light rows for the records
/// on screen (read again by page when needed), and the corrections of every record from a
/// point to the head, found by scanning back from the head only as far as the screen has looked.
///
/// A station-year is about a million records; the browser must open in a blink and stay small,
/// so nothing here grows with the journal except the corrections (a few per thousand records).
final class JournalIndex {
    /// One record, without its data (read again for the detail).
    struct Row {
        var seq: UInt64
        var id: UUID
        var type: String
        var at: Date
        var recorded: Date
        var by: String
        /// The data's fields as the list line names them.
        var pairs: [(String, DataValue)]
        var entities: [String]
        /// Written after the fact, with a reason (`--at` / 补录).
        var backdated: Bool

        init(_ record: JournalRecord) {
            seq = record.seq
            id = record.id
            type = record.type
            at = record.at
            recorded = record.recorded
            by = record.by
            pairs = JournalText.pairs(record.data)
            entities = JournalText.entities(record.data)
            backdated = JournalText.isBackdated(record.data)
        }
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

    /// Records read for the screen lately, by sequence number (dropped when it grows past `cacheLimit`).
    private var cache: [UInt64: Row] = [:]
    /// Event id → sequence number, for every record read so far (rows, searches, lookups).
    private var seqOfID: [UUID: UInt64] = [:]
    private let cacheLimit = 4096
    /// Corrected event id → its corrections in journal order, from `correctionsFrom` to the head.
    private(set) var corrections: [UUID: [Correction]] = [:]
    /// Every record from here to `headSeq` has been looked at for corrections.
    private(set) var correctionsFrom: UInt64 = 0
    /// The head when last updated; nil before the first update.
    private(set) var headSeq: UInt64?
    static let correctionTypes: Set<String> = [EntryAmended.type, EntryVoided.type]
    /// Records per step of a backward scan (the file journal's index stride).
    static let block: UInt64 = 4096

    /// Follows the head: looks at what was appended since the last update for corrections.
    func update(_ journal: Journal) {
        let head = journal.headSeq
        guard let seen = headSeq else {
            headSeq = head
            correctionsFrom = head + 1
            return
        }
        guard head > seen else { return }
        var found: [UUID: [Correction]] = [:]
        try? journal.replay(from: seen + 1, through: head, types: Self.correctionTypes) { record in
            Self.collect(record, into: &found)
        }
        for (id, list) in found { corrections[id, default: []] += list }
        headSeq = head
    }

    /// Makes sure the corrections of every record from `seq` on are known (scans back a block at a time).
    func ensureCorrections(from seq: UInt64, _ journal: Journal) {
        while correctionsFrom > seq {
            let last = correctionsFrom - 1
            let first = max(seq, (last / Self.block) * Self.block)
            var found: [UUID: [Correction]] = [:]
            try? journal.replay(from: first, through: last, types: Self.correctionTypes) { record in
                Self.collect(record, into: &found)
            }
            for (id, list) in found { corrections[id] = list + (corrections[id] ?? []) }
            correctionsFrom = first
        }
    }

    private static func collect(_ record: JournalRecord, into found: inout [UUID: [Correction]]) {
        if record.type == EntryAmended.type, let e = try? JSONDecoder().decode(EntryAmended.self, from: record.data) {
            found[e.event, default: []].append(Correction(
                kind: .amended, seq: record.seq, by: record.by, recorded: record.recorded, reason: e.reason,
                changes: e.changes))
        } else if record.type == EntryVoided.type, let e = try? JSONDecoder().decode(EntryVoided.self, from: record.data) {
            found[e.event, default: []].append(Correction(
                kind: .voided, seq: record.seq, by: record.by, recorded: record.recorded, reason: e.reason, changes: [:]))
        }
    }

    /// The rows of these sequence numbers (ascending), read from the journal where not cached.
    func rows(_ seqs: [UInt64], _ journal: Journal) -> [Row] {
        let missing = seqs.filter { cache[$0] == nil }
        if cache.count + missing.count > cacheLimit { cache.removeAll(keepingCapacity: true) }
        var i = 0
        while i < missing.count {
            // One read per run of nearby records: a page of the list is one window.
            var j = i
            while j + 1 < missing.count, missing[j + 1] - missing[i] < Self.block { j += 1 }
            let wanted = Set(missing[i...j])
            try? journal.replay(from: missing[i], through: missing[j]) { record in
                guard wanted.contains(record.seq) else { return }
                cache[record.seq] = Row(record)
                seqOfID[record.id] = record.seq
            }
            i = j + 1
        }
        return seqs.compactMap { cache[$0] }
    }

    func row(seq: UInt64, _ journal: Journal) -> Row? { rows([seq], journal).first }

    /// Notes where a record is (searches pass what they read, so a later lookup is free).
    func note(_ id: UUID, seq: UInt64) {
        if seqOfID.count > 1 << 20 { seqOfID.removeAll() }
        seqOfID[id] = seq
    }

    /// A record's row by its event id: from what was read, else by scanning back from `before`.
    func row(_ id: UUID, _ journal: Journal, before: UInt64? = nil) -> Row? {
        if let seq = seqOfID[id] { return row(seq: seq, journal) }
        var last = before ?? journal.headSeq
        while true {
            let first = last >= Self.block ? (last / Self.block) * Self.block : 0
            var found: UInt64?
            try? journal.replay(from: first, through: last) { record in
                if record.id == id { found = record.seq }
            }
            if let found {
                seqOfID[id] = found
                return row(seq: found, journal)
            }
            if first == 0 { return nil }
            last = first - 1
        }
    }

    /// The record itself (data included), read again from the journal.
    func record(seq: UInt64, _ journal: Journal) -> JournalRecord? { journal.record(seq: seq) }

    /// The record's corrections; voided when any of them is a void.
    func isVoided(_ id: UUID) -> Bool { corrections[id]?.contains { $0.kind == .voided } ?? false }
    func isAmended(_ id: UUID) -> Bool { corrections[id]?.contains { $0.kind == .amended } ?? false }
}

/// The records that pass the browser's filter, found by scanning back from the head a block at a
/// time (newest first, as the list shows them) and following the head as records are appended.
///
/// The scan stops when the screen has enough rows or its time is up, and goes on when the operator
/// scrolls further back: the status line says how far back it has looked until it reaches the start.
final class JournalSearch {
    let filter: JournalScreen.Filter
    /// Sequence numbers of the matching records, ascending.
    private(set) var matches: [UInt64] = []
    /// Every record from here to `head` has been checked.
    private(set) var from: UInt64
    private(set) var head: UInt64
    var isDone: Bool { from == 0 }

    private var typeMatches: [String: Bool] = [:]
    private var byMatches: [String: Bool] = [:]
    private let needle: String
    /// The needle's ASCII bytes (uppercase) for a quick look in the raw data; nil when it has other bytes.
    private let needleBytes: [UInt8]?
    private let needleIsHex: Bool
    /// Records whose entities (their own or those of the record they correct) include the needle.
    private var entityIDs: Set<UUID> = []
    /// The event that created the record the needle names by its short id (found once, from the state):
    /// a hazard recorded before `HazardFound` carried its id names it nowhere in its data.
    private var creator: UUID??
    /// Corrections met before the record they correct (scanning backwards): target → (seq, id, passes the rest).
    private var pending: [UUID: [(seq: UInt64, id: UUID, passes: Bool)]] = [:]

    init(_ filter: JournalScreen.Filter, head: UInt64) {
        self.filter = filter
        self.head = head
        from = head + 1
        needle = filter.entity.uppercased()
        let bytes = Array(needle.utf8)
        needleBytes = bytes.allSatisfy { $0 < 128 && $0 != 47 && $0 != 92 && $0 != 34 } ? bytes : nil
        needleIsHex = !needle.isEmpty && needle.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 70) || $0 == 45 }
    }

    /// Scans back until `want` more matches were found, the start was reached or `budget` seconds passed
    /// (at least one block). Returns how many matches were found.
    @discardableResult
    func scanBack(want: Int, budget: TimeInterval, _ session: ConsoleSession, _ index: JournalIndex) -> Int {
        let journal = session.office.journal
        let started = Date()
        let before = matches.count
        while from > 0 {
            let last = from - 1
            let first = (last / JournalIndex.block) * JournalIndex.block
            var found: [UInt64] = []
            var late: [UInt64] = []
            try? journal.replay(from: first, through: last) { record in
                check(record, session, index, into: &found, late: &late)
            }
            matches = found + matches
            insert(late)
            from = first
            if matches.count - before >= want || Date().timeIntervalSince(started) > budget { break }
        }
        return matches.count - before
    }

    /// Checks the records appended since the last look.
    func follow(_ session: ConsoleSession, _ index: JournalIndex) {
        let journal = session.office.journal
        guard journal.headSeq > head else { return }
        var found: [UInt64] = []
        var late: [UInt64] = []
        try? journal.replay(from: head + 1, through: journal.headSeq) { record in
            check(record, session, index, into: &found, late: &late)
        }
        matches += found
        insert(late)
        head = journal.headSeq
    }

    /// Position of a record in `matches`, if it matched.
    func position(of seq: UInt64) -> Int? {
        var lo = 0
        var hi = matches.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if matches[mid] < seq { lo = mid + 1 } else { hi = mid }
        }
        return lo < matches.count && matches[lo] == seq ? lo : nil
    }

    private func insert(_ seqs: [UInt64]) {
        for seq in seqs where position(of: seq) == nil {
            var lo = 0
            var hi = matches.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if matches[mid] < seq { lo = mid + 1 } else { hi = mid }
            }
            matches.insert(seq, at: lo)
        }
    }

    private func check(
        _ record: JournalRecord, _ session: ConsoleSession, _ index: JournalIndex, into found: inout [UInt64],
        late: inout [UInt64]
    ) {
        let passes = passesRest(record, session)
        guard !needle.isEmpty else {
            if passes { found.append(record.seq); index.note(record.id, seq: record.seq) }
            return
        }
        var target: UUID?
        if JournalIndex.correctionTypes.contains(record.type) {
            target = (try? JSONDecoder().decode(CorrectionTarget.self, from: record.data))?.event
        }
        if creator == nil { creator = session.state.creatingEvent(ofShortID: needle) }
        var entity = record.id == (creator ?? nil) || ownEntity(record)
        if !entity, let target, entityIDs.contains(target) { entity = true }
        if entity {
            if passes { found.append(record.seq); index.note(record.id, seq: record.seq) }
            resolve(record.id, index, late: &late)
        } else if let target {
            pending[target, default: []].append((record.seq, record.id, passes))
        }
    }

    /// A record's entities include the needle: so do those of the corrections waiting for it.
    private func resolve(_ id: UUID, _ index: JournalIndex, late: inout [UInt64]) {
        entityIDs.insert(id)
        for waiting in pending.removeValue(forKey: id) ?? [] {
            if waiting.passes { late.append(waiting.seq); index.note(waiting.id, seq: waiting.seq) }
            resolve(waiting.id, index, late: &late)
        }
    }

    private struct CorrectionTarget: Decodable { var event: UUID }

    /// Type, officer and time (the entity is checked apart: corrections inherit it).
    private func passesRest(_ record: JournalRecord, _ session: ConsoleSession) -> Bool {
        if !filter.type.isEmpty {
            let ok: Bool
            if let known = typeMatches[record.type] { ok = known } else {
                let needle = filter.type.lowercased()
                ok = record.type.lowercased().contains(needle)
                    || JournalText.typeName(record.type, session).lowercased().contains(needle)
                typeMatches[record.type] = ok
            }
            guard ok else { return false }
        }
        if !filter.by.isEmpty {
            let ok: Bool
            if let known = byMatches[record.by] { ok = known } else {
                ok = record.by == filter.by || session.officerName(record.by) == filter.by
                byMatches[record.by] = ok
            }
            guard ok else { return false }
        }
        if let since = filter.since, record.at < since { return false }
        if let until = filter.until, record.at > until { return false }
        return true
    }

    /// The record names the needle itself (or its id starts with it).
    private func ownEntity(_ record: JournalRecord) -> Bool {
        // An event id's first group (8 hex digits) or more: a short id such as F0033 is no event id prefix.
        if needleIsHex, needle.count >= 8, record.id.uuidString.hasPrefix(needle) { return true }
        if let needleBytes, !Self.containsFoldingCase(record.data, needleBytes) { return false }
        return JournalText.entities(record.data).contains { $0.uppercased() == needle }
    }

    /// True when `data` holds `needle` (ASCII uppercase) with ASCII letters compared in any case.
    static func containsFoldingCase(_ data: Data, _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        return data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Bool in
            let n = raw.count - needle.count
            guard n >= 0 else { return false }
            var i = 0
            while i <= n {
                var k = 0
                while k < needle.count {
                    var c = raw[i + k]
                    if c >= 97 && c <= 122 { c -= 32 }
                    if c != needle[k] { break }
                    k += 1
                }
                if k == needle.count { return true }
                i += 1
            }
            return false
        }
    }
}
