import Foundation
import JingwuDomain
import JingwuTerminal

/// A record a search found: the screen that opens it, its id, and its line in the result list
/// (ID and phone numbers masked, control characters gone).
struct SearchHit: Equatable {
    var tab: ConsoleTab
    var id: String
    var text: String
}

/// What `/` searches on a screen: 总览 searches persons, disputes (by party), incidents and fraud
/// warnings at once; a list screen its own records.
enum SearchScope: Equatable {
    case everything, patrols, cells, persons, disputes, incidents
    /// 日志: `#` and a sequence number (its `/` is its own filter).
    case journal

    /// The scope of a screen, nil where `/` and `#` are not the search and the jump (交接班 and
    /// 统计 list no records to search; 日志 keeps `/` for its own filter, so only `#` is offered).
    static func of(_ tab: ConsoleTab) -> SearchScope? {
        switch tab {
        case .overview: return .everything
        case .patrols: return .patrols
        case .coverage: return .cells
        case .persons: return .persons
        case .disputes: return .disputes
        case .incidents: return .incidents
        case .journal: return .journal
        case .handover, .reports: return nil
        }
    }
}

/// What the operator typed, read once: a name (or any text), a whole number (an 18-digit ID
/// number, a phone) or the number of a record (`7` finds K0007, P0007, D2026-0007).
///
/// A whole number matches only a whole number in a record, never a part of one, and text is
/// matched against the masked text: typing digits cannot probe what the mask hides.
struct SearchQuery {
    /// Lower-cased, control characters stripped, trimmed.
    let text: String
    /// The digits (and a final X) when the query is a number: spaces and dashes dropped.
    let number: String?

    init?(_ raw: String) {
        let cleaned = CleanText.strip(raw).trimmingCharacters(in: .whitespaces)
        guard !cleaned.isEmpty else { return nil }
        text = cleaned.lowercased()
        let packed = cleaned.filter { $0 != " " && $0 != "-" }.uppercased()
        let isNumber = !packed.isEmpty && packed.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "X") }
            && packed.contains(where: \.isNumber)
        number = isNumber ? packed : nil
    }

    /// A whole number long enough to be an ID number or a phone (7 digits or more).
    var isWholeNumber: Bool { (number?.count ?? 0) >= 7 }

    /// The record's number part (`K0007` → 7, `D2026-0007` → 7) equals the typed one, or its id
    /// is what was typed (`k0007`, `d2026-0007`).
    func matchesID(_ id: String) -> Bool {
        if id.lowercased() == text { return true }
        guard let number, !isWholeNumber, let typed = Int(number) else { return false }
        let digits = id.reversed().prefix(while: \.isNumber)
        return !digits.isEmpty && Int(String(digits.reversed())) == typed
    }

    /// Text (a name, a word of a summary) found in the masked `value`; never for a number.
    func matchesText(_ value: String) -> Bool {
        guard number == nil else { return false }
        // Masking only turns digits into `*`: text not in the record is not in its masked text
        // either (unless the query holds a `*`), so most records are passed over unmasked.
        if !hasStar && value.range(of: text, options: .caseInsensitive) == nil { return false }
        return Privacy.maskNumbers(in: value).range(of: text, options: .caseInsensitive) != nil
    }

    private var hasStar: Bool { text.contains("*") }

    /// The typed whole number is one of the numbers written in `value` (a phone inside a summary,
    /// an ID number): compared whole, spaces and dashes between its digits allowed.
    func matchesNumber(in value: String) -> Bool {
        guard isWholeNumber, let number else { return false }
        var runs: [String] = []
        var run = ""
        for c in value.uppercased() {
            if c.isASCII && (c.isNumber || c == "X") { run.append(c) }
            else if (c == " " || c == "-") && !run.isEmpty { continue }
            else { if !run.isEmpty { runs.append(run) }; run = "" }
        }
        if !run.isEmpty { runs.append(run) }
        return runs.contains(number)
    }
}

/// The searches behind `/` (and the jump behind `#`), over the office state.
enum SearchKit {
    /// At most this many hits are listed (the count says how many there are).
    static let limit = 200

    /// Every hit for `raw` in `scope`, in the order the screens list their records; with
    /// `idsOnly` (the jump) only records whose number or id is what was typed.
    static func hits(_ raw: String, scope: SearchScope, session: ConsoleSession, idsOnly: Bool = false)
        -> (hits: [SearchHit], total: Int) {
        guard let query = SearchQuery(raw) else { return ([], 0) }
        let state = session.state
        var out: [SearchHit] = []
        var total = 0
        // Every hit is counted; only the first `limit` are listed (and their lines made).
        func add(_ hit: @autoclosure () -> SearchHit) {
            total += 1
            if out.count < limit { out.append(hit()) }
        }
        func line(_ parts: [String]) -> String {
            Privacy.maskNumbers(in: CleanText.strip(parts.filter { !$0.isEmpty }.joined(separator: " ")))
        }
        func wanted(_ id: String, _ texts: [String], numbers: [String] = []) -> Bool {
            if query.matchesID(id) { return true }
            if idsOnly { return false }
            return texts.contains(where: query.matchesText) || numbers.contains(where: query.matchesNumber(in:))
        }

        if scope == .persons || scope == .everything {
            for person in state.persons.persons where !person.voided {
                guard wanted(person.id, [person.name], numbers: [person.idNumber]) else { continue }
                add(SearchHit(tab: .persons, id: person.id, text: line([
                    person.id, person.name, Privacy.maskIDNumber(person.idNumber), session.name(person.category), person.cell,
                    person.isListed ? "" : session.t("search.delisted"),
                ])))
            }
        }
        if scope == .disputes || scope == .everything {
            for dispute in state.disputeList().reversed() {
                // 总览 searches disputes by party; the disputes screen by party and summary too.
                let texts = scope == .disputes ? dispute.parties + [dispute.summary] : dispute.parties
                guard wanted(dispute.id, texts, numbers: dispute.parties + [dispute.summary]) else { continue }
                add(SearchHit(tab: .disputes, id: dispute.id, text: line([
                    dispute.id, session.name(dispute.category), dispute.parties.joined(separator: "、"),
                    session.t("console.dispute.\(dispute.status.rawValue)"),
                ])))
            }
        }
        if scope == .incidents || scope == .everything {
            for incident in state.incidents.incidents.reversed() where !incident.voided {
                guard wanted(incident.id, [incident.summary, incident.cell], numbers: [incident.summary]) else { continue }
                add(SearchHit(tab: .incidents, id: incident.id, text: line([
                    incident.id, session.dayClock(incident.at), session.name(incident.kind), incident.cell, incident.summary,
                ])))
            }
            for warning in state.fraudWarnings {
                guard wanted(warning.id, [warning.target], numbers: [warning.phone, warning.target]) else { continue }
                add(SearchHit(tab: .incidents, id: warning.id, text: line([
                    warning.id, session.name(warning.level), warning.target, Privacy.maskPhone(warning.phone),
                    session.t("domain.fraud_status." + warning.status.rawValue),
                ])))
            }
        }
        if scope == .patrols {
            for patrol in state.patrols.patrols.reversed() where !patrol.voided {
                let names = ([patrol.lead] + patrol.members).map(session.officerName)
                guard wanted(patrol.id, names + patrol.plannedCells) else { continue }
                add(SearchHit(tab: .patrols, id: patrol.id, text: line([
                    patrol.id, session.dayClock(patrol.startedAt), session.name(patrol.mode), names.joined(separator: "、"),
                    session.t(patrol.isActive ? "console.patrols.active" : "console.patrols.ended"),
                ])))
            }
        }
        if scope == .journal, let number = query.number, !query.isWholeNumber, let seq = UInt64(number),
           seq <= session.office.journal.headSeq {
            add(SearchHit(tab: .journal, id: String(seq), text: session.t("search.journal_record", ["seq": String(seq)])))
        }
        if scope == .cells {
            for cell in state.cells.all {
                guard wanted(cell.code, [cell.code, cell.name, cell.community]) else { continue }
                add(SearchHit(tab: .coverage, id: cell.code, text: line([cell.code, cell.name, cell.community])))
            }
        }
        return (out, total)
    }
}

/// The search (`/`) and jump (`#`) pop-up: a line to type in, the hits under it, Enter opens the
/// selected one on its own screen. Chinese typed through an input method arrives as characters
/// and goes into the line like any other.
struct SearchPopup {
    enum Kind { case search, jump }
    let kind: Kind
    let scope: SearchScope
    private(set) var field = TextField(maxLength: 40)
    private(set) var hits: [SearchHit] = []
    /// How many records matched (only the first `SearchKit.limit` are listed).
    private(set) var total = 0
    private(set) var selected = 0
    private var offset = 0
    /// Rows of hits drawn last time (PgUp/PgDn move by that many).
    private var pageRows = 10
    /// Why Enter found nothing to open, until the line changes.
    private(set) var refusal: String?

    init(kind: Kind, scope: SearchScope) {
        self.kind = kind
        self.scope = scope
    }

    /// The hit Enter opens.
    var selectedHit: SearchHit? { hits.indices.contains(selected) ? hits[selected] : nil }

    /// What the pop-up answers to: Enter, Esc, ↑↓ (PgUp/PgDn quietly), and typing into the line.
    static func keys(_ session: ConsoleSession) -> ConsoleKeyTable {
        ConsoleKeyTable([
            KeyBinding("open", keys: [.enter], label: session.t("console.key.open")),
            KeyBinding("close", keys: [.escape], label: session.t("console.key.close")),
            KeyBinding("move", keys: [.up, .down], label: session.t("console.key.move"), quietKeys: [.pageUp, .pageDown]),
            FormKit.edit,
        ])
    }

    /// Moves the selection; true when the key was a move key.
    mutating func move(_ key: Key) {
        guard !hits.isEmpty else { return }
        switch key {
        case .up: selected -= 1
        case .down: selected += 1
        case .pageUp: selected -= max(1, pageRows)
        case .pageDown: selected += max(1, pageRows)
        default: break
        }
        selected = min(max(0, selected), hits.count - 1)
    }

    /// A key for the line; the hits follow what it holds.
    mutating func edit(_ key: Key, session: ConsoleSession) {
        let before = field.text
        _ = field.handle(key)
        if field.text != before {
            refusal = nil
            refresh(session, keepSelection: false)
        }
    }

    /// Finds the hits again (the line changed, or the journal did: then the selected record stays selected).
    mutating func refresh(_ session: ConsoleSession, keepSelection: Bool = true) {
        let keep = keepSelection ? selectedHit : nil
        (hits, total) = SearchKit.hits(field.text, scope: scope, session: session, idsOnly: kind == .jump)
        selected = keep.flatMap { kept in hits.firstIndex { $0.tab == kept.tab && $0.id == kept.id } } ?? 0
        offset = 0
    }

    /// Enter with nothing to open: says why under the line.
    mutating func refuse(_ session: ConsoleSession) {
        refusal = session.t(field.text.trimmingCharacters(in: .whitespaces).isEmpty ? "search.type_first" : "search.none",
                            ["text": CleanText.strip(field.text)])
    }

    mutating func render(into screen: Screen, area: Rect, session: ConsoleSession) {
        let box = Rect(row: area.row, col: area.col, width: area.width, height: area.height)
        guard box.width >= 20, box.height >= 5 else { return }
        screen.fill(box, style: .normal)
        let title = session.t(kind == .jump ? "search.title.jump" : "search.title", ["scope": session.t("search.scope.\(scope)")])
        screen.box(box, title: title)
        let inner = box.inset(1)
        let label = session.t(kind == .jump ? "search.label.jump" : "search.label")
        let labelWidth = TextWidth.columns(of: label) + 1
        screen.put(label, row: inner.row, col: inner.col + 1, style: .normal)
        field.render(into: screen, rect: Rect(row: inner.row, col: inner.col + 1 + labelWidth,
                                              width: max(1, inner.width - labelWidth - 2), height: 1), focused: true)
        let status: String
        let style: Style
        if let refusal {
            status = refusal
            style = .error
        } else if field.text.trimmingCharacters(in: .whitespaces).isEmpty {
            status = session.t(kind == .jump ? (scope == .journal ? "search.hint.jump_journal" : "search.hint.jump")
                : "search.hint.\(scope == .everything ? "everything" : "list")")
            style = .muted
        } else {
            status = total > hits.count
                ? session.t("search.count_more", ["count": String(total), "shown": String(hits.count)])
                : session.t("search.count", ["count": String(total)])
            style = hits.isEmpty ? .warn : .muted
        }
        screen.put(status, row: inner.row + 1, col: inner.col + 1, width: inner.width - 2, style: style)
        let rows = inner.height - 2
        pageRows = max(1, rows - 1)
        guard rows > 0 else { return }
        let shown = hits.count
        if selected < offset { offset = selected }
        if selected >= offset + rows { offset = selected - rows + 1 }
        for n in 0..<rows {
            let index = offset + n
            guard index < shown else { break }
            let isSelected = index == selected
            let row = inner.row + 2 + n
            if isSelected { screen.fill(Rect(row: row, col: inner.col, width: inner.width, height: 1), style: .selected) }
            screen.put((isSelected ? ">" : " ") + hits[index].text, row: row, col: inner.col, width: inner.width,
                       style: isSelected ? .selected : .normal)
        }
        // The cursor sits in the line (an input method composes there).
        screen.cursor = (row: inner.row, col: inner.col + 1 + labelWidth + min(field.cursorColumn, max(0, inner.width - labelWidth - 3)))
    }
}
