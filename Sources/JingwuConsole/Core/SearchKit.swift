import Foundation
import JingwuDomain
import JingwuTerminal

/// A record a search found: the screen that opens it, its id, and its line in the result list
/// (ID and phone numbers masked, control characters gone).
struct SearchHit {
    var tab: ConsoleTab
    var id: String
    /// The record, its line made only when it is drawn (a search may find thousands).
    var match: RecordMatch?
    /// The line of a hit that is no record (日志's sequence number).
    var fixed: String = ""

    /// The line in the result list.
    func text(_ session: ConsoleSession) -> String { match.map { SearchKit.line($0, session) } ?? fixed }
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
        case .handover, .reports, .roster: return nil
        }
    }
}

/// The searches behind `/` (and the jump behind `#`): the domain finds the records
/// (`OfficeState.search`), this makes their lines.
enum SearchKit {
    /// At most this many hits are listed (the count says how many there are).
    static let limit = 200

    /// The records each scope looks at.
    static func kinds(_ scope: SearchScope) -> RecordKinds {
        switch scope {
        case .everything: return [.persons, .disputeParties, .incidents, .fraudWarnings, .receptionDays, .notices, .hazards]
        case .patrols: return [.patrols, .notices, .hazards]
        case .cells: return .cells
        case .persons: return .persons
        case .disputes: return [.disputes, .receptionDays]
        case .incidents: return [.incidents, .fraudWarnings]
        case .journal: return []
        }
    }

    /// Every hit for `raw` in `scope` (the first `limit` listed), in the order the screens list
    /// their records; with `idsOnly` (the jump) only records whose number or id is what was typed.
    static func hits(_ raw: String, scope: SearchScope, session: ConsoleSession, idsOnly: Bool = false)
        -> (hits: [SearchHit], total: Int) {
        guard let query = RecordQuery(raw) else { return ([], 0) }
        if scope == .journal {
            // 日志: a sequence number.
            guard let number = query.number, !query.isWholeNumber, let seq = UInt64(number),
                  seq <= session.office.journal.headSeq else { return ([], 0) }
            return ([SearchHit(tab: .journal, id: String(seq), match: nil,
                               fixed: session.t("search.journal_record", ["seq": String(seq)]))], 1)
        }
        let found = session.state.search(query, in: kinds(scope), idsOnly: idsOnly, limit: limit)
        return (found.matches.map { match in
            switch match {
            case .person(let person): return SearchHit(tab: .persons, id: person.id, match: match)
            case .dispute(let dispute): return SearchHit(tab: .disputes, id: dispute.id, match: match)
            case .incident(let incident): return SearchHit(tab: .incidents, id: incident.id, match: match)
            case .fraudWarning(let warning): return SearchHit(tab: .incidents, id: warning.id, match: match)
            case .patrol(let patrol): return SearchHit(tab: .patrols, id: patrol.id, match: match)
            case .cell(let cell): return SearchHit(tab: .coverage, id: cell.code, match: match)
            case .receptionDay(let day): return SearchHit(tab: .disputes, id: day.event.uuidString, match: match)
            case .notice(let notice): return SearchHit(tab: .patrols, id: notice.id, match: match)
            case .hazard(let hazard): return SearchHit(tab: .patrols, id: hazard.id, match: match)
            }
        }, found.total)
    }

    /// A record's line in the list: masked, control characters gone.
    static func line(_ match: RecordMatch, _ session: ConsoleSession) -> String {
        func joined(_ parts: [String]) -> String {
            Privacy.maskNumbers(in: CleanText.strip(parts.filter { !$0.isEmpty }.joined(separator: " ")))
        }
        switch match {
        case .person(let person):
            return joined([
                person.id, person.name, Privacy.maskIDNumber(person.idNumber), session.name(person.category), person.cell,
                person.isListed ? "" : session.t("search.delisted"),
            ])
        case .dispute(let dispute):
            return joined([
                dispute.id, session.name(dispute.category), dispute.parties.joined(separator: "、"),
                session.t("console.dispute.\(dispute.status.rawValue)"),
            ])
        case .incident(let incident):
            return joined([
                incident.id, session.dayClock(incident.at), session.name(incident.kind), incident.cell, incident.summary,
            ])
        case .fraudWarning(let warning):
            return joined([
                warning.id, session.name(warning.level), warning.target, Privacy.maskPhone(warning.phone),
                session.t("domain.fraud_status." + warning.status.rawValue),
            ])
        case .patrol(let patrol):
            return joined([
                patrol.id, session.dayClock(patrol.startedAt), session.name(patrol.mode),
                ([patrol.lead] + patrol.members).map(session.officerName).joined(separator: "、"),
                session.t(patrol.isActive ? "console.patrols.active" : "console.patrols.ended"),
            ])
        case .cell(let cell):
            return joined([cell.code, cell.name, cell.community])
        case .receptionDay(let day):
            let host = day.host == .officer ? session.officerName(day.hostName) : day.hostName
            return joined([
                session.t("search.reception_day"), String(session.dayClock(day.at).prefix(5)),
                session.t("domain.weekday.\(OfficeWeek.weekday(day.at))"), session.name(day.host), host,
                session.t("search.reception_counts", ["visitors": String(day.visitors), "disputes": day.disputes.joined(separator: "、")]),
            ])
        case .notice(let notice):
            let state: String
            if notice.completion != nil { state = session.t("patrols.notice_state.completed", ["date": ""]) }
            else { state = session.t(notice.isPastDue(now: session.now) ? "patrols.notice_state.past_due" : "patrols.notice_state.open") }
            return joined([notice.id, notice.hazard, notice.party, notice.items,
                           session.t("search.deadline", ["time": session.dayClock(notice.deadline)]), state])
        case .hazard(let hazard):
            return joined([hazard.id, session.dayClock(hazard.at), hazard.cell, session.name(hazard.category), hazard.note,
                           session.t(hazard.clearance == nil ? "search.hazard_open" : "search.hazard_cleared")])
        }
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
        // The jump finds records by number: a scope whose records include some without one (reception
        // days) names what it can jump to (`search.jump_scope.*`).
        let jumpScope = "search.jump_scope.\(scope)"
        let scopeName = session.t(kind == .jump && session.strings.has(jumpScope) ? jumpScope : "search.scope.\(scope)")
        let title = session.t(kind == .jump ? "search.title.jump" : "search.title", ["scope": scopeName])
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
            screen.put((isSelected ? ">" : " ") + hits[index].text(session), row: row, col: inner.col, width: inner.width,
                       style: isSelected ? .selected : .normal)
        }
        // The cursor sits in the line (an input method composes there).
        screen.cursor = (row: inner.row, col: inner.col + 1 + labelWidth + min(field.cursorColumn, max(0, inner.width - labelWidth - 3)))
    }
}
