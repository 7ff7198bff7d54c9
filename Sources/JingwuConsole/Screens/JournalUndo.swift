import Foundation
import JingwuDomain
import JingwuJournal
import JingwuTerminal

/// `u` on 日志 (issue 17): undoes the operator's own last entry — or their own last correction.
/// An entry is voided (with a reason); an amendment is undone by a new amendment that puts the
/// fields back as they were before it. Nothing is removed: both are appended. A void cannot be
/// undone (no record restores a voided entry) and is passed over, as are records that cannot be
/// voided (sign-ins, reveals, acknowledgements). The question names whose entry it is and the
/// shift it was written in, and says so plainly when that is not the shift on duty.
extension JournalScreen {
    /// What `u` would undo.
    enum UndoCandidate {
        /// The operator's own entry, to be voided.
        case void(JournalIndex.Row)
        /// The operator's own amendment (`row`) of `target`, undone by amending `restore` back.
        case amendment(JournalIndex.Row, target: UUID, restore: [String: String])

        var row: JournalIndex.Row {
            switch self {
            case .void(let row), .amendment(let row, _, _): return row
            }
        }
    }

    /// The operator's own last entry or correction that can still be undone (scanning back from the head).
    func lastOwnUndo(_ session: ConsoleSession) -> UndoCandidate? {
        guard let badge = session.operatorBadge else { return nil }
        let journal = session.office.journal
        // Amendments already undone by a later undo of the operator's (passed over, as voided entries are).
        var undone: Set<UInt64> = []
        var last = journal.headSeq
        while true {
            let first = (last / JournalIndex.block) * JournalIndex.block
            var mine: [JournalRecord] = []
            try? journal.replay(from: first, through: last) { record in
                if record.by == badge { mine.append(record) }
            }
            for record in mine.reversed() {
                if record.type == EntryAmended.type {
                    guard !undone.contains(record.seq),
                          let e = try? JSONDecoder().decode(EntryAmended.self, from: record.data) else { continue }
                    switch amendmentUndo(record, e, session) {
                    case .undoes(let seq): undone.insert(seq)
                    case .restore(let values):
                        index.note(record.id, seq: record.seq)
                        guard let row = index.row(seq: record.seq, journal) else { continue }
                        return .amendment(row, target: e.event, restore: values)
                    case .no: continue
                    }
                } else if !Corrections.unvoidableTypes.contains(record.type), Corrections.mayVoid(record.id, session.state),
                          session.may(VoidEntry(event: record.id, reason: "-")) {
                    index.note(record.id, seq: record.seq)
                    guard let row = index.row(seq: record.seq, journal) else { continue }
                    return .void(row)
                }
            }
            if first == 0 { return nil }
            last = first - 1
        }
    }

    private enum AmendmentUndo {
        /// It can be undone by amending these fields back.
        case restore([String: String])
        /// It is itself the undo of the operator's amendment with this sequence number.
        case undoes(UInt64)
        /// It cannot be undone (its record voided since, a later amendment of the same field, the role).
        case no
    }

    /// Whether the amendment `record` (`e`) can be undone, and with what values.
    private func amendmentUndo(_ record: JournalRecord, _ e: EntryAmended, _ session: ConsoleSession) -> AmendmentUndo {
        let journal = session.office.journal
        let state = session.state
        guard let type = state.eventTypes[e.event], !state.voided.contains(e.event),
              let target = index.row(e.event, journal, before: record.seq) else { return .no }
        index.ensureCorrections(from: target.seq, journal)
        let amendments = (index.corrections[e.event] ?? []).filter { $0.kind == .amended }
        guard let position = amendments.firstIndex(where: { $0.seq == record.seq }) else { return .no }
        let original = Self.wholeFields(index.record(seq: target.seq, journal)?.data ?? Data())
        /// A field's value before the amendment at `position`.
        func before(_ field: String, _ position: Int) -> String {
            for earlier in amendments[..<position].reversed() { if let value = earlier.changes[field] { return value } }
            let key = Corrections.fields(of: type).first { $0.name == field }?.key ?? field
            return original[key] ?? original[field] ?? ""
        }
        func stored(_ field: String, _ value: String) -> String {
            Corrections.storedValue(type: type, field: field, value: value, state: state, today: session.now) ?? value
        }
        // The undo of the operator's previous amendment (what this screen writes) is not undone in turn.
        if position > 0 {
            let previous = amendments[position - 1]
            if previous.by == record.by, Set(previous.changes.keys) == Set(e.changes.keys),
               e.changes.allSatisfy({ stored($0.key, before($0.key, position - 1)) == $0.value }) {
                return .undoes(previous.seq)
            }
        }
        // A later amendment of one of the same fields rests on this one: undoing it would undo that too.
        if amendments[(position + 1)...].contains(where: { !Set($0.changes.keys).isDisjoint(with: e.changes.keys) }) {
            return .no
        }
        guard session.may(AmendEntry(event: e.event, reason: "-", changes: ["-": "-"])) else { return .no }
        return .restore(Dictionary(uniqueKeysWithValues: e.changes.keys.map { ($0, before($0, position)) }))
    }

    /// A record's top-level fields as text, whole (numbers unmasked: they are written back, never shown).
    static func wholeFields(_ data: Data) -> [String: String] {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return [:] }
        func text(_ any: Any) -> String {
            switch any {
            case let s as String: return s
            case let b as Bool where type(of: any) == type(of: NSNumber(value: true)): return b ? "true" : "false"
            case let n as NSNumber: return n.stringValue
            case let list as [Any]: return list.map(text).joined(separator: ";")
            default: return ""
            }
        }
        return object.mapValues(text)
    }

    /// The question before an undo: what is undone, whose it is and the shift it was written in.
    func undoDialog(_ candidate: UndoCandidate, _ session: ConsoleSession) -> ConfirmDialog {
        let row = candidate.row
        let journal = session.office.journal
        var owner = session.t("console.journal.undo_owner", [
            "name": session.officerName(row.by), "badge": row.by, "shift": shiftText(row.recorded, session)])
        let current = session.state.shifts.current
        let written = session.state.shift(at: row.recorded)
        if written == nil || written?.id != current?.id {
            owner += "\n" + (written.map { session.t("console.journal.undo_other_shift", ["shift": $0.id]) }
                ?? session.t("console.journal.undo_other_no_shift"))
        }
        switch candidate {
        case .void:
            let summary = TextWidth.truncate(JournalText.line(row.pairs, session), to: 120)
            return ConfirmDialog(title: session.t("console.journal.undo_title"),
                                 message: Privacy.maskNumbers(in: session.t("console.journal.undo_message", [
                                     "seq": String(row.seq), "type": JournalText.typeName(row.type, session),
                                     "when": session.dayClock(row.recorded), "summary": summary, "owner": owner])),
                                 yesLabel: session.t("console.yes"), noLabel: session.t("console.no"))
        case .amendment(_, let target, let restore):
            let targetRow = index.row(target, journal, before: row.seq)
            let type = session.state.eventTypes[target] ?? targetRow?.type ?? ""
            let now = wholeValuesNow(target, session)
            let changes = restore.keys.sorted().map { field -> String in
                let key = Corrections.fields(of: type).first { $0.name == field }?.key ?? field
                func shown(_ value: String) -> String { JournalText.codeName(key, value, session) ?? value }
                return Self.fieldLabel(field, session) + "：" + shown(now[key] ?? now[field] ?? "") + " → " + shown(restore[field] ?? "")
            }.joined(separator: "\n")
            return ConfirmDialog(title: session.t("console.journal.undo_amend_title"),
                                 message: Privacy.maskNumbers(in: session.t("console.journal.undo_amend_message", [
                                     "seq": String(row.seq), "when": session.dayClock(row.recorded),
                                     "target": String(targetRow?.seq ?? 0), "type": JournalText.typeName(type, session),
                                     "changes": changes, "owner": owner])),
                                 yesLabel: session.t("console.yes"), noLabel: session.t("console.no"))
        }
    }

    /// What a record's fields say now: as written, with its amendments.
    private func wholeValuesNow(_ id: UUID, _ session: ConsoleSession) -> [String: String] {
        let journal = session.office.journal
        var current = Self.wholeFields(index.row(id, journal).flatMap { index.record(seq: $0.seq, journal) }?.data ?? Data())
        let type = session.state.eventTypes[id] ?? ""
        for correction in index.corrections[id] ?? [] where correction.kind == .amended {
            for (field, value) in correction.changes {
                current[Corrections.fields(of: type).first { $0.name == field }?.key ?? field] = value
            }
        }
        return current
    }

    /// "S0012（值班 张伟，12-01 08:00 起）": the shift whose window holds `date`.
    private func shiftText(_ date: Date, _ session: ConsoleSession) -> String {
        guard let shift = session.state.shift(at: date) else { return session.t("console.journal.undo_no_shift") }
        return session.t("console.journal.undo_shift", [
            "shift": shift.id, "duty": session.officerName(shift.duty), "from": session.dayClock(shift.openedAt)])
    }

    /// Writes the undo of an amendment: the fields put back, with a reason naming the amendment.
    func saveUndoAmendment(_ seq: UInt64, target: UUID, restore: [String: String], _ session: ConsoleSession) -> Effects {
        let reason = session.t("console.journal.undo_amend_reason", ["seq": String(seq)])
        switch session.execute(AmendEntry(event: target, reason: reason, changes: restore)) {
        case .failure(let refusal):
            session.say(.error, refusal.message)
            return .updated
        case .success(let result):
            session.say(.ok, session.t("console.journal.undo_amended", [
                "seq": String(seq), "new": String(result.record?.seq ?? 0)]))
            return .wrote
        }
    }
}
