import Foundation
import JingwuDomain
import JingwuJournal
import JingwuTerminal

/// 日志: every record in order, filtered by type, officer, time and entity; a record's
/// detail; amending the fields a correction may touch or voiding, always with a reason;
/// "undo" (void your own last entry or undo your own last amendment, after a confirm; JournalUndo.swift);
/// the verify status and head hash.
///
/// Nothing is ever deleted: amended and voided records stay in the list, marked.
final class JournalScreen: ConsoleScreen {
    let tab = ConsoleTab.journal

    /// What the list shows: empty fields match everything.
    struct Filter: Equatable {
        var type = ""
        var by = ""
        var since: Date?
        var until: Date?
        var entity = ""
        var isEmpty: Bool { type.isEmpty && by.isEmpty && since == nil && until == nil && entity.isEmpty }
    }

    enum Mode {
        case list
        case filter(Form)
        case detail(UUID)
        case amend(UUID, Form)
        case void(UUID, Form)
        /// A yes/no before a void or an undo: the record and the reason.
        case confirm(UUID, String, ConfirmDialog)
        /// `u`: a yes/no before undoing the operator's last entry or correction (JournalUndo.swift).
        case confirmUndo(UndoCandidate, ConfirmDialog)
    }

    private(set) var mode: Mode = .list
    private(set) var filter = Filter()
    let index = JournalIndex()
    /// The filter's matches so far; nil without a filter (every record is shown, position = seq).
    private(set) var search: JournalSearch?
    /// Selected position in the list and the first one on screen.
    private var selected = 0
    private var offset = 0
    private var detailOffset = 0
    private var pageHeight = 14
    /// Width of the text area at the last draw (long lines wrap to it).
    private var pageWidth = 80
    /// Result of the last full verify (`v`), if one was asked for.
    private var verifyLine: (String, Style)?
    private var built = false
    /// List lines in the operator's words, numbers masked, by sequence number: a record's data never
    /// changes, and naming and masking each on every redraw doubled a keystroke's time.
    private var lines: [UInt64: String] = [:]

    // MARK: Keys

    func keys(_ session: ConsoleSession) -> ConsoleKeyTable {
        func t(_ key: String, _ args: [String: String] = [:]) -> String { session.t(key, args) }
        switch mode {
        case .list:
            return ConsoleKeyTable([
                KeyBinding("detail", keys: [.enter], label: t("console.journal.key.detail")),
                KeyBinding("filter", keys: [.character("/")], label: t("console.journal.key.filter")),
                KeyBinding("clear", keys: [.character("c")], label: t("console.journal.key.clear")),
                KeyBinding("undo", keys: [.character("u")], label: t("console.journal.key.undo")),
                KeyBinding("verify", keys: [.character("v")], label: t("console.journal.key.verify")),
                KeyBinding("move", keys: [.up, .down, .pageUp, .pageDown, .home, .end], label: t("console.key.move"),
                           showsInHints: false),
            ])
        case .detail(let id):
            var rows: [KeyBinding<ScreenAction>] = [KeyBinding("back", keys: [.escape], label: t("console.key.back"))]
            if canAmend(id, session) {
                rows.append(KeyBinding("amend", keys: [.character("m")], label: t("console.journal.key.amend")))
            }
            if canVoid(id, session) {
                rows.append(KeyBinding("void", keys: [.character("d")], label: t("console.journal.key.void")))
            }
            // Not offered here: the keys say why (the role, or the record cannot be corrected).
            if !canAmend(id, session) {
                rows.append(CasesKit.refused("refusedAmend", .character("m"), label: t("console.journal.key.amend")))
            }
            if !canVoid(id, session) {
                rows.append(CasesKit.refused("refusedVoid", .character("d"), label: t("console.journal.key.void")))
            }
            rows.append(KeyBinding("scroll", keys: [.up, .down], label: t("console.key.move"), showsInHints: false,
                                   quietKeys: CasesKit.pageKeys))
            return ConsoleKeyTable(rows)
        case .filter, .amend, .void:
            return FormKit.keys(session)
        case .confirm, .confirmUndo:
            return FormKit.confirmKeys(session)
        }
    }

    var capturesText: Bool {
        switch mode {
        case .filter, .amend, .void, .confirm, .confirmUndo: return true
        default: return false
        }
    }

    var hasUnsavedInput: Bool {
        switch mode {
        case .amend(_, let form), .void(_, let form): return form.isDirty
        default: return false
        }
    }

    // MARK: State

    /// Follows what was appended (cheap: only the new records are looked at).
    /// Built on first view, not at console start: the other screens do not need it.
    func reload(_ session: ConsoleSession) {
        guard built else { return }
        refresh(session)
    }

    /// Opens the list at record `target` (a sequence number, from `#`): a filter that hides it goes.
    func open(_ target: String?, session: ConsoleSession) {
        guard let target, let seq = UInt64(target) else { return }
        mode = .list
        refresh(session)
        if position(of: seq) == nil, !filter.isEmpty {
            filter = Filter()
            refresh(session)
        }
        guard let at = position(of: seq) else { return }
        selected = at
        offset = Self.visibleOffset(offset: offset, selected: selected, height: max(1, pageHeight - 1), count: count)
    }

    /// How many rows the list has (so far, while a filter's search has not reached the start).
    var count: Int { search.map { $0.matches.count } ?? Int(index.headSeq ?? 0) + 1 }

    /// The record at a position of the list.
    private func seq(at position: Int) -> UInt64 { search.map { $0.matches[position] } ?? UInt64(position) }

    private func position(of seq: UInt64) -> Int? {
        guard let search else { return seq <= (index.headSeq ?? 0) ? Int(seq) : nil }
        return search.position(of: seq)
    }

    private func refresh(_ session: ConsoleSession) {
        built = true
        let journal = session.office.journal
        let keep = selected < count ? seq(at: selected) : nil
        let wasAtEnd = selected >= count - 1
        index.update(journal)
        if filter.isEmpty {
            search = nil
        } else if let search, search.filter == filter {
            search.follow(session, index)
        } else {
            let next = JournalSearch(filter, head: index.headSeq ?? journal.headSeq)
            next.scanBack(want: max(pageHeight, 32), budget: 0.2, session, index)
            search = next
        }
        if !wasAtEnd, let keep, let position = position(of: keep) {
            selected = position
        } else {
            selected = max(0, count - 1)  // the newest entry, as `tail -f` shows it
        }
    }

    /// Searches further back when the list is about to run out above the selection; keeps the selection on its record.
    private func searchBack(toShow position: Int, _ session: ConsoleSession, everything: Bool = false) {
        guard let search, !search.isDone, position < pageHeight || everything else { return }
        let before = search.matches.count
        search.scanBack(want: everything ? Int.max : pageHeight * 2, budget: everything ? .infinity : 0.2, session, index)
        let added = search.matches.count - before
        selected += added
        offset += added
    }

    /// `作废` / `更正` beside a record struck out or corrected.
    func mark(_ id: UUID, _ session: ConsoleSession, backdated: Bool = false) -> String {
        if index.isVoided(id) { return session.t("console.journal.mark.voided") }
        if index.isAmended(id) { return session.t("console.journal.mark.amended") }
        if backdated { return session.t("console.journal.mark.backdated") }
        return ""
    }

    var selectedRow: JournalIndex.Row? { selectedRow(nil) }

    private func selectedRow(_ session: ConsoleSession?) -> JournalIndex.Row? {
        guard selected < count, let journal = session?.office.journal ?? journalSeen else { return nil }
        return index.row(seq: seq(at: selected), journal)
    }

    /// The journal this screen last read (for lookups that are not given the session).
    private weak var journalSeen: (any Journal)?

    /// `m` is offered only where it can succeed: a type with amendable fields, not voided,
    /// and the operator's role allows it (an auxiliary amends only their own entries).
    private func canAmend(_ id: UUID, _ session: ConsoleSession) -> Bool {
        guard let type = session.state.eventTypes[id], !session.state.voided.contains(id) else { return false }
        return !(Corrections.amendableFields[type] ?? []).isEmpty
            && session.may(AmendEntry(event: id, reason: "-", changes: ["-": "-"]))
    }

    private func canVoid(_ id: UUID, _ session: ConsoleSession) -> Bool {
        Corrections.mayVoid(id, session.state) && session.may(VoidEntry(event: id, reason: "-"))
    }

    // MARK: Handling

    func perform(_ action: ScreenAction, key: Key, session: ConsoleSession) -> Effects {
        if !built { refresh(session) }
        switch mode {
        case .list: return performList(action, key, session)
        case .filter(var form):
            let result = form.handle(key)
            if result.contains(.cancel) { mode = .list; return .updated }
            if result.contains(.submit) { return applyFilter(&form, session) }
            mode = .filter(form)
            return result.contains(.handled) ? .updated : []
        case .detail(let id):
            switch action {
            case "back":
                mode = .list
                return .updated
            case "amend":
                mode = .amend(id, amendForm(id, session))
                return .updated
            case "void":
                mode = .void(id, voidForm(id, session))
                return .updated
            case "refusedAmend":
                if let type = session.state.eventTypes[id], (Corrections.amendableFields[type] ?? []).isEmpty {
                    session.say(.error, session.t("console.journal.cannot_amend", ["type": JournalText.typeName(type, session)]))
                    return [.handled, .redraw]
                }
                let field = session.state.eventTypes[id].flatMap { Corrections.amendableFields[$0]?.first } ?? "-"
                return session.explainRefusal(AmendEntry(event: id, reason: "-", changes: [field: "-"]))
            case "refusedVoid":
                return session.explainRefusal(VoidEntry(event: id, reason: "-"))
            case "scroll":
                let count = wrappedCount(detailLines(id, session), width: pageWidth)
                if let next = scrolled(detailOffset, key, count: count, page: pageHeight) {
                    detailOffset = next
                    return .updated
                }
                return []
            default:
                return []
            }
        case .amend(let id, var form):
            let result = form.handle(key)
            if result.contains(.cancel) { mode = .detail(id); return .updated }
            if result.contains(.submit) { return saveAmend(id, &form, session) }
            mode = .amend(id, form)
            return result.contains(.handled) ? .updated : []
        case .void(let id, var form):
            let result = form.handle(key)
            if result.contains(.cancel) { mode = .detail(id); return .updated }
            if result.contains(.submit) {
                let reason = (form.values["reason"] ?? "").trimmingCharacters(in: .whitespaces)
                guard !reason.isEmpty else {
                    form.setMessage(session.t("console.journal.reason_required"), for: "reason")
                    mode = .void(id, form)
                    return .updated
                }
                mode = .confirm(id, reason, confirmDialog(id, session))
                return .updated
            }
            mode = .void(id, form)
            return result.contains(.handled) ? .updated : []
        case .confirm(let id, let reason, var dialog):
            let result = dialog.handle(key)
            if result.contains(.submit) { return saveVoid(id, reason: reason, session) }
            if result.contains(.cancel) {
                mode = .list
                session.say(.info, session.t("console.journal.void_cancelled"))
                return .updated
            }
            mode = .confirm(id, reason, dialog)
            return .updated
        case .confirmUndo(let candidate, var dialog):
            let result = dialog.handle(key)
            if result.contains(.submit) {
                switch candidate {
                case .void(let row):
                    return saveVoid(row.id, reason: session.t("console.journal.undo_reason"), session)
                case .amendment(let row, let target, let restore):
                    mode = .list
                    let effects = saveUndoAmendment(row.seq, target: target, restore: restore, session)
                    refresh(session)
                    return effects
                }
            }
            if result.contains(.cancel) {
                mode = .list
                session.say(.info, session.t("console.journal.undo_cancelled"))
                return .updated
            }
            mode = .confirmUndo(candidate, dialog)
            return .updated
        }
    }

    private func performList(_ action: ScreenAction, _ key: Key, _ session: ConsoleSession) -> Effects {
        switch action {
        case "detail":
            guard let row = selectedRow(session) else { return .handled }
            detailOffset = 0
            mode = .detail(row.id)
            return .updated
        case "filter":
            mode = .filter(filterForm(session))
            return .updated
        case "clear":
            filter = Filter()
            refresh(session)
            return .updated
        case "undo":
            // The operator's own last entry, or their own last correction (JournalUndo.swift).
            guard let candidate = lastOwnUndo(session) else {
                session.say(.warn, session.t("console.journal.undo_nothing"))
                return .updated
            }
            mode = .confirmUndo(candidate, undoDialog(candidate, session))
            return .updated
        case "verify":
            verify(session)
            return .updated
        case "move":
            return move(key, page: max(1, pageHeight - 1), session)
        default:
            return []
        }
    }

    /// Arrows, PgUp/PgDn, Home/End over the list; going back past what a search has found searches further.
    private func move(_ key: Key, page: Int, _ session: ConsoleSession) -> Effects {
        let before = selected
        switch key {
        case .up: searchBack(toShow: selected - 1, session); selected -= 1
        case .down: selected += 1
        case .pageUp: searchBack(toShow: selected - page, session); selected -= page
        case .pageDown: selected += page
        case .home: searchBack(toShow: 0, session, everything: true); selected = 0
        case .end: selected = count - 1
        default: return []
        }
        selected = max(0, min(selected, count - 1))
        offset = Self.visibleOffset(offset: offset, selected: selected, height: page, count: count)
        return before == selected ? .handled : .updated
    }

    /// The first visible row so that `selected` is on screen (as `Table` scrolls).
    static func visibleOffset(offset: Int, selected: Int, height: Int, count: Int) -> Int {
        guard height > 0 else { return 0 }
        var first = min(offset, max(0, count - height))
        if selected < first { first = selected }
        if selected >= first + height { first = selected - height + 1 }
        return max(0, first)
    }

    /// Checks every record again (the file journal re-reads the file; memory is always whole).
    private func verify(_ session: ConsoleSession) {
        let journal = session.office.journal
        if let path = journal.filePath {
            do {
                let report = try JournalInspector.verify(path: path)
                if let damaged = report.damaged {
                    verifyLine = (session.t("console.journal.verify_damaged", ["seq": String(damaged.seq)]), .error)
                } else {
                    verifyLine = (session.t("console.journal.verify_ok", [
                        "count": String(report.count), "time": session.clock(session.now)]), .ok)
                }
            } catch {
                verifyLine = (session.t("console.journal.verify_failed", ["error": String(describing: error)]), .error)
            }
        } else {
            verifyLine = (session.t("console.journal.verify_ok", [
                "count": String(journal.headSeq + 1), "time": session.clock(session.now)]), .ok)
        }
        session.say(verifyLine!.1 == .ok ? .ok : .error, verifyLine!.0)
    }

    // MARK: Forms

    private func filterForm(_ session: ConsoleSession) -> Form {
        var since = DateTimeField()
        if let s = filter.since { since.set(s, utcOffsetSeconds: OfficeTime.offset) }
        var until = DateTimeField()
        if let u = filter.until { until.set(u, utcOffsetSeconds: OfficeTime.offset) }
        return Form(title: session.t("console.journal.form.filter"), fields: [
            FormField(id: "type", label: session.t("console.journal.field.type"),
                      editor: .text(TextField(text: filter.type, maxLength: 40)),
                      placeholder: session.t("console.journal.type_placeholder")),
            FormField(id: "by", label: session.t("console.journal.field.by"),
                      editor: .text(TextField(text: filter.by, maxLength: 16)),
                      placeholder: session.t("console.journal.by_placeholder")),
            FormField(id: "since", label: session.t("console.journal.field.since"), editor: .dateTime(since),
                      placeholder: session.t("console.journal.time_placeholder")),
            FormField(id: "until", label: session.t("console.journal.field.until"), editor: .dateTime(until),
                      placeholder: session.t("console.journal.time_placeholder")),
            FormField(id: "entity", label: session.t("console.journal.field.entity"),
                      editor: .text(TextField(text: filter.entity, maxLength: 40)),
                      placeholder: session.t("console.journal.entity_placeholder")),
        ], discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    private func applyFilter(_ form: inout Form, _ session: ConsoleSession) -> Effects {
        var next = Filter()
        let v = form.values
        next.type = (v["type"] ?? "").trimmingCharacters(in: .whitespaces)
        next.by = (v["by"] ?? "").trimmingCharacters(in: .whitespaces)
        next.entity = (v["entity"] ?? "").trimmingCharacters(in: .whitespaces)
        for id in ["since", "until"] {
            guard case .dateTime(let field)? = form.field(id)?.editor else { continue }
            switch field.parse(now: session.now, utcOffsetSeconds: OfficeTime.offset) {
            case .success(let date):
                if id == "since" { next.since = date } else { next.until = date }
            case .failure:
                form.setMessage(session.t("console.form.bad_time"), for: id)
                form.focus(on: id)
                mode = .filter(form)
                return .updated
            }
        }
        filter = next
        mode = .list
        refresh(session)
        // A count only once the search has reached the start: a "so far" figure would
        // stay on the message line, stale, after the search moved on or the tab changed.
        if let search, !search.isDone {
            session.say(.info, session.t("console.journal.filter_running"))
        } else {
            session.say(.info, session.t("console.journal.filtered", ["count": String(count)]))
        }
        return .updated
    }

    /// What the record's text fields say now, unmasked (later amendments applied): only to put
    /// numbers back into an amendment, never shown.
    private func wholeValues(_ id: UUID, _ session: ConsoleSession) -> [String: String] {
        let journal = session.office.journal
        let data = index.row(id, journal).flatMap { index.record(seq: $0.seq, journal) }?.data ?? Data()
        var current: [String: String] = [:]
        if let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] {
            for (key, value) in object { if let text = value as? String { current[key] = text } }
        }
        for correction in index.corrections[id] ?? [] where correction.kind == .amended {
            for (field, value) in correction.changes { current[Self.jsonKey(field)] = value }
        }
        return current
    }

    private func amendForm(_ id: UUID, _ session: ConsoleSession) -> Form {
        let type = session.state.eventTypes[id] ?? ""
        let journal = session.office.journal
        let data = index.row(id, journal).flatMap { index.record(seq: $0.seq, journal) }?.data ?? Data()
        var current = Dictionary(JournalText.fields(data), uniquingKeysWith: { a, _ in a })
        // Later amendments are what the record says now.
        for correction in index.corrections[id] ?? [] where correction.kind == .amended {
            for (field, value) in correction.changes { current[Self.jsonKey(field)] = value }
        }
        let fields = Corrections.fields(of: type).map { declared in
            let field = declared.name
            // A coded value is shown, and may be typed, by its name (入户走访, not home).
            let stored = current[declared.key] ?? current[field] ?? ""
            let shown = JournalText.codeName(declared.key, stored, session) ?? stored
            // Several lines (a handover's notes) are edited as they were typed, one row each.
            if declared.multiline {
                return FormField(id: field, label: Self.fieldLabel(field, session),
                                 editor: .note(NoteField(text: shown, maxLength: 500, wrapWidth: HandoverScreen.notesWidth),
                                               height: 3))
            }
            return FormField(id: field, label: Self.fieldLabel(field, session),
                             editor: .text(TextField(text: shown, maxLength: 500)))
        }
        return Form(title: session.t("console.journal.form.amend", [
            "seq": String(index.row(id, journal)?.seq ?? 0), "type": JournalText.typeName(type, session)]),
                    fields: fields + [reasonField(session)], discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    /// The correction's reason (the domain names it `reason`, so a refusal lands here).
    private func reasonField(_ session: ConsoleSession, voiding: Bool = false) -> FormField {
        FormField(id: "reason", label: session.t(voiding ? "console.journal.field.void_reason" : "console.journal.field.reason"),
                  editor: .text(TextField(maxLength: 500)), placeholder: session.t("console.journal.reason_placeholder"))
    }

    /// A field's name as the record's own (domain) name for it.
    static func fieldLabel(_ field: String, _ session: ConsoleSession) -> String {
        for key in ["console.journal.field." + field, "domain.field." + field, "console.field." + field]
        where session.strings.has(key) {
            return session.t(key)
        }
        return field
    }

    /// `window-hours` → `windowHours`: the field's key in the record's data.
    static func jsonKey(_ field: String) -> String {
        let parts = field.split(separator: "-")
        return parts.enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.capitalized }.joined()
    }

    private func voidForm(_ id: UUID, _ session: ConsoleSession) -> Form {
        let row = index.row(id, session.office.journal)
        return Form(title: session.t("console.journal.form.void", [
            "seq": String(row?.seq ?? 0), "type": JournalText.typeName(row?.type ?? "", session)]),
                    fields: [reasonField(session, voiding: true)], discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    /// The list line of `row`, named and its numbers masked once per record (at most a few thousand kept).
    private func line(_ row: JournalIndex.Row, _ session: ConsoleSession) -> String {
        if let known = lines[row.seq] { return known }
        if lines.count >= 4096 { lines.removeAll(keepingCapacity: true) }
        let made = Privacy.maskNumbers(in: JournalText.line(row.pairs, session))
        lines[row.seq] = made
        return made
    }

    private func confirmDialog(_ id: UUID, _ session: ConsoleSession) -> ConfirmDialog {
        let row = index.row(id, session.office.journal)
        // The record on a line of its own, cut with "…" (never mid-figure without a mark),
        // then the question: what the officer confirms must read exactly.
        let summary = TextWidth.truncate(row.map { JournalText.line($0.pairs, session) } ?? "", to: 120)
        return ConfirmDialog(title: session.t("console.journal.void_title"),
                             message: session.t("console.journal.void_message", [
                                 "seq": String(row?.seq ?? 0), "type": JournalText.typeName(row?.type ?? "", session),
                                 // When it was written: an undo may reach back past entries that cannot be voided.
                                 "when": row.map { session.dayClock($0.recorded) } ?? "",
                                 "summary": summary]),
                             yesLabel: session.t("console.yes"), noLabel: session.t("console.no"))
    }

    // MARK: Writes

    private func saveAmend(_ id: UUID, _ form: inout Form, _ session: ConsoleSession) -> Effects {
        let initial = amendForm(id, session).values
        let type = session.state.eventTypes[id] ?? ""
        // Compared as they would be stored: 诈骗 typed over 电信网络诈骗 is no change.
        func stored(_ field: String, _ value: String) -> String {
            Corrections.storedValue(type: type, field: field, value: value, state: session.state, today: session.now) ?? value
        }
        // The form shows numbers masked; a field partly retyped gets its numbers back whole
        // (what it said is in the record and its amendments), never the mask.
        let whole = wholeValues(id, session)
        var changes: [String: String] = [:]
        for field in form.fields where field.id != "reason"
            && stored(field.id, field.value) != stored(field.id, initial[field.id] ?? "") {
            changes[field.id] = Privacy.restoring(field.value, from: whole[Self.jsonKey(field.id)] ?? whole[field.id] ?? "")
        }
        guard !changes.isEmpty else {
            if let first = form.fields.first { form.setMessage(session.t("console.journal.no_change"), for: first.id) }
            mode = .amend(id, form)
            return .updated
        }
        switch session.execute(AmendEntry(event: id, reason: form.values["reason"] ?? "", changes: changes)) {
        case .failure(let refusal):
            FormKit.refuse(refusal, &form, fallback: refusal.field == "set" ? form.fields.first?.id ?? "reason" : "reason",
                           session)
            mode = .amend(id, form)
            return .updated
        case .success(let result):
            mode = .detail(id)
            refresh(session)
            session.say(.ok, session.t("console.journal.amended", [
                "seq": String(index.row(id, session.office.journal)?.seq ?? 0), "new": String(result.record?.seq ?? 0)]))
            return .wrote
        }
    }

    private func saveVoid(_ id: UUID, reason: String, _ session: ConsoleSession) -> Effects {
        switch session.execute(VoidEntry(event: id, reason: reason)) {
        case .failure(let refusal):
            mode = .detail(id)
            session.say(.error, refusal.message)
            return .updated
        case .success(let result):
            mode = .list
            refresh(session)
            session.say(.ok, session.t("console.journal.voided", [
                "seq": String(index.row(id, session.office.journal)?.seq ?? 0), "new": String(result.record?.seq ?? 0)]))
            return .wrote
        }
    }

    // MARK: Drawing

    /// A record's detail: who, when recorded, when it happened, the data, its corrections.
    func detailLines(_ id: UUID, _ session: ConsoleSession) -> [StyledLine] {
        func t(_ key: String, _ args: [String: String] = [:]) -> String { session.t(key, args) }
        guard let row = index.row(id, session.office.journal), let record = index.record(seq: row.seq, session.office.journal)
        else {
            return [StyledLine(t("console.journal.missing"), .error)]
        }
        var out: [StyledLine] = []
        var title = t("console.journal.detail.title", [
            "seq": String(record.seq), "type": JournalText.typeName(record.type, session), "raw": record.type])
        let voided = index.isVoided(id)
        if voided { title += "  " + t("console.journal.detail.voided") } else if index.isAmended(id) {
            title += "  " + t("console.journal.detail.amended")
        }
        out.append(StyledLine(title, voided ? .error : .title))
        out.append(StyledLine(t("console.journal.detail.by", ["badge": record.by, "name": session.officerName(record.by)])))
        out.append(StyledLine(t("console.journal.detail.at", ["time": RFC3339.format(record.at)])))
        out.append(StyledLine(t("console.journal.detail.recorded", ["time": RFC3339.format(record.recorded)])))
        if let reason = EventRegistry.backdateReason(of: record) {
            out.append(StyledLine(t("console.journal.detail.backdated", ["reason": reason]), .warn))
        }
        out.append(StyledLine(t("console.journal.detail.id", ["id": record.id.uuidString.lowercased()]), .muted))
        out.append(StyledLine(t("console.journal.detail.hash", ["hash": record.hash]), .muted))
        out.append(StyledLine(t("console.journal.detail.data"), .header))
        // Each field by its name, codes by theirs (方式：入户走访); the record's data as written is
        // `jingwu log --json`'s, for an inspector.
        for line in JournalText.detailLines(JournalText.pairs(record.data, all: true), session) {
            out.append(StyledLine("  " + line))
        }
        let corrections = index.corrections[id] ?? []
        if !corrections.isEmpty {
            out.append(StyledLine(t("console.journal.detail.corrections"), .header))
            for c in corrections {
                let who = c.by + " " + session.officerName(c.by)
                if c.kind == .voided {
                    out.append(StyledLine("  " + t("console.journal.detail.voided_by", [
                        "seq": String(c.seq), "at": session.dayClock(c.recorded), "who": who, "reason": c.reason]), .error))
                } else {
                    let fields = c.changes.sorted { $0.key < $1.key }
                        .map { JournalText.label($0.key, session) + "=" + JournalText.shown($0.key, .text($0.value), session, full: false) }
                        .joined(separator: " ")
                    out.append(StyledLine("  " + t("console.journal.detail.amended_by", [
                        "seq": String(c.seq), "at": session.dayClock(c.recorded), "who": who, "fields": fields,
                        "reason": c.reason]), .warn))
                }
            }
        }
        if record.type == EntryAmended.type || record.type == EntryVoided.type,
           let target = (try? JSONSerialization.jsonObject(with: record.data) as? [String: Any])?["event"] as? String,
           let uuid = UUID(uuidString: target), let corrected = index.row(uuid, session.office.journal, before: record.seq) {
            out.append(StyledLine(t("console.journal.detail.corrects", [
                "seq": String(corrected.seq), "type": JournalText.typeName(corrected.type, session)]), .header))
        }
        return out
    }

    /// `校验:完好 · 记录 N 条 · 头 #S` and the head hash in full.
    func statusLines(_ session: ConsoleSession) -> [StyledLine] {
        let journal = session.office.journal
        func t(_ key: String, _ args: [String: String] = [:]) -> String { session.t(key, args) }
        var first: StyledLine
        if session.readOnlyCopy != nil {
            // The station's copy: every line was chain-checked as it arrived, and again at open.
            first = StyledLine(t("console.journal.status_station_copy"), .warn)
        } else if journal.isReadOnlyFile {
            first = StyledLine(t("console.journal.status_read_only_file"), .warn)
        } else if journal.isReadOnly {
            first = StyledLine(t("console.journal.status_damaged"), .error)
        } else if let verifyLine {
            first = StyledLine(verifyLine.0, verifyLine.1)
        } else if let report = journal.verifyReport, !report.isIntact {
            first = StyledLine(t("console.journal.status_damaged"), .error)
        } else if let prefix = journal.trustedPrefix {
            // Opened from a checkpoint: only what follows its record was hashed at open.
            first = StyledLine(t("console.journal.status_ok_after", ["seq": String(prefix.seq)]), .ok)
        } else {
            first = StyledLine(t("console.journal.status_ok"), .ok)
        }
        first.text += "  " + t("console.journal.status_counts", [
            "count": String(journal.headSeq + 1), "seq": String(journal.headSeq), "shown": shownText(session)])
        return [first, StyledLine(t("console.journal.head_hash", ["hash": journal.headHash]), .muted)]
    }

    /// How many rows are shown; while a search has not reached the start, how far back it has looked.
    private func shownText(_ session: ConsoleSession) -> String {
        guard let search, !search.isDone else { return String(count) }
        let args = ["count": String(count), "seq": String(search.from)]
        if session.strings.has("console.journal.searching") { return session.t("console.journal.searching", args) }
        return "≥\(count) ⋯#\(search.from)"
    }

    func render(into screen: Screen, rect: Rect, session: ConsoleSession) {
        journalSeen = session.office.journal
        if !built || session.office.journal.headSeq != index.headSeq { refresh(session) }
        pageHeight = rect.height
        pageWidth = rect.width
        switch mode {
        case .filter(let form), .amend(_, let form), .void(_, let form):
            form.render(into: screen, rect: rect)
            return
        case .detail(let id):
            detailOffset = renderLines(detailLines(id, session), offset: detailOffset, into: screen, rect: rect)
            return
        case .list, .confirm, .confirmUndo:
            break
        }
        let status = statusLines(session)
        let (top, rest) = rect.splitTop(3)
        for (n, line) in status.enumerated() { screen.put(line.text, in: top, line: n, style: line.style) }
        screen.put(filterText(session), in: top, line: 2, style: filter.isEmpty ? .muted : .warn)
        pageHeight = rest.height
        listTable(session, height: rest.height - 1).render(into: screen, rect: rest)
        if case .confirm(_, _, let dialog) = mode { dialog.render(into: screen, area: rect) }
        if case .confirmUndo(_, let dialog) = mode { dialog.render(into: screen, area: rect) }
    }

    /// The table of the rows on screen only: a page read from the journal (or the cache).
    private func listTable(_ session: ConsoleSession, height: Int) -> Table {
        var table = Table(columns: [
            TableColumn(session.t("console.journal.col.seq"), width: .fixed(6), align: .right),
            TableColumn(session.t("console.journal.col.at"), width: .fixed(11)),
            TableColumn(session.t("console.journal.col.by"), width: .fixed(6)),
            TableColumn(session.t("console.journal.col.type"), width: .fixed(10)),
            TableColumn(session.t("console.journal.col.mark"), width: .fixed(4)),
            TableColumn(session.t("console.journal.col.data"), width: .flexible(min: 10)),
        ], emptyText: session.t("console.journal.empty"))
        guard height > 0 else { return table }
        searchBack(toShow: Self.visibleOffset(offset: offset, selected: selected, height: height, count: count), session)
        selected = max(0, min(selected, count - 1))
        offset = Self.visibleOffset(offset: offset, selected: selected, height: height, count: count)
        let positions = offset..<min(count, offset + height)
        guard !positions.isEmpty else { return table }
        let journal = session.office.journal
        let seqs = positions.map { seq(at: $0) }
        index.ensureCorrections(from: seqs.min() ?? 0, journal)
        table.setRows(index.rows(seqs, journal).map { row in
            maskedRows([[String(row.seq), row.seq == 0 ? "" : session.dayClock(row.at), row.by,
                         JournalText.typeName(row.type, session), mark(row.id, session, backdated: row.backdated)]])[0]
                + [line(row, session)]
        })
        table.select(selected - offset)
        return table
    }

    private func filterText(_ session: ConsoleSession) -> String {
        if filter.isEmpty { return session.t("console.journal.no_filter") }
        var parts: [String] = []
        if !filter.type.isEmpty { parts.append(session.t("console.journal.field.type") + "=" + filter.type) }
        if !filter.by.isEmpty { parts.append(session.t("console.journal.field.by") + "=" + filter.by) }
        if let since = filter.since { parts.append("≥" + session.fullTime(since)) }
        if let until = filter.until { parts.append("≤" + session.fullTime(until)) }
        if !filter.entity.isEmpty { parts.append(session.t("console.journal.field.entity") + "=" + filter.entity) }
        return session.t("console.journal.filter_line", ["filter": parts.joined(separator: " ")])
    }
}
