import Foundation
import JingwuDomain
import JingwuTerminal

/// 巡逻: patrols out now first, then today's; start, check in, hazards, 盘查 (stop-checks),
/// end with a summary, and a patrol's timeline.
///
/// Check-in takes the fewest keys: with an active patrol selected, typing a cell code
/// (an upper-case letter starts it; `c` opens it empty) and Enter writes one event.
final class PatrolsScreen: ConsoleScreen {
    let tab = ConsoleTab.patrols

    /// What the screen is doing: browsing, typing a check-in, filling a form, or reading a timeline.
    enum Mode {
        case list
        case checkIn(CompletionField, error: String?)
        case form(FormKind, Form)
        case timeline(Table)
        /// Hazards still open, whichever shift found them (`o`); `x` records one put right.
        case hazards(Table, ids: [String])
        /// Every rectification notice (`l` on the open hazards, session 11): past due, open, completed.
        case notices(StyledTable)
    }

    enum FormKind { case start, hazard, stopCheck, end, backdatedCheckIn, clearHazard, notice, complete }

    private(set) var mode: Mode = .list
    /// A rectification notice's print preview (`v` on the open hazards), while it is open (issue 20).
    private(set) var printPreview: PrintPreview?
    private var table = Table(columns: [])
    private var ids: [String] = []
    /// How many patrols of earlier days the list shows (after today's); ↓ PgDn End past the last
    /// row show more, a page at a time.
    private var earlierShown = PatrolsScreen.earlierPage
    private var hasMoreEarlier = false
    static let earlierPage = 20

    var selectedID: String? { ids.indices.contains(table.selected) ? ids[table.selected] : nil }

    // MARK: Keys

    func keys(_ session: ConsoleSession) -> ConsoleKeyTable {
        let t = session.t
        if let printPreview { return printPreview.keys(session) }
        switch mode {
        case .list:
            var rows: [KeyBinding<ScreenAction>] = [
                KeyBinding("new", keys: [.character("n")], label: t("console.patrols.key.new", [:])),
            ]
            let active = selectedPatrol(session)?.isActive == true
            if active {
                rows += [
                    KeyBinding("checkin", keys: [.character("c")], label: t("console.patrols.key.checkin", [:])),
                    KeyBinding("hazard", keys: [.character("h")], label: t("console.patrols.key.hazard", [:])),
                    KeyBinding("stop", keys: [.character("s")], label: t("console.patrols.key.stop", [:])),
                    KeyBinding("end", keys: [.character("e")], label: t("console.patrols.key.end", [:])),
                    KeyBinding("backdate", keys: [.character("b")], label: t("console.patrols.key.backdate", [:])),
                ]
            }
            if selectedID != nil {
                rows.append(KeyBinding("timeline", keys: [.character("t"), .enter], label: t("console.patrols.key.timeline", [:])))
            }
            rows.append(KeyBinding("hazards", keys: [.character("o")], label: t("patrols.key.hazards", [:])))
            rows.append(KeyBinding("move", keys: [.up, .down], label: t("console.key.move", [:]), showsInHints: false,
                                   quietKeys: CasesKit.pageKeys))
            // Typing a cell code starts a check-in without any other key (the check-in line under
            // the patrol says so): an upper-case letter, a letter an input method gives, or a small
            // letter that is no key of this screen and begins some cell's code (j06 as J06).
            let starters = Self.cellCodeStarters(session).map { Key.character($0) }
            if active {
                rows.append(KeyBinding("typeCell", keys: [], label: t("console.patrols.key.checkin", [:]), quietKeys: starters,
                                       typing: Self.cellCodeLetters, showsInHelp: false))
            } else {
                // With no patrol out selected the code still goes into the check-in line (so its
                // digits do not switch screens), which says at once why it cannot be recorded.
                rows.append(KeyBinding("typeCellRefused", keys: [], label: t("console.patrols.key.checkin", [:]),
                                       quietKeys: starters, typing: Self.upperCaseLetters, showsInHelp: false))
            }
            return ConsoleKeyTable(rows)
        case .hazards(_, let ids):
            var rows: [KeyBinding<ScreenAction>] = []
            if !ids.isEmpty {
                rows.append(KeyBinding("clear", keys: [.character("x"), .enter], label: t("patrols.key.clear", [:])))
                // Issue 20: a rectification notice for the hazard, and its notice printed.
                rows.append(KeyBinding("notice", keys: [.character("z")], label: t("patrols.key.notice", [:])))
                rows.append(KeyBinding("printNotice", keys: [.character("v")], label: t("patrols.key.print_notice", [:])))
            }
            rows.append(KeyBinding("notices", keys: [.character("l")], label: t("patrols.key.notices", [:])))
            rows += [
                KeyBinding("back", keys: [.escape, .character("o")], label: t("console.key.back", [:])),
                KeyBinding("move", keys: [.up, .down], label: t("console.key.move", [:]), quietKeys: CasesKit.pageKeys),
            ]
            return ConsoleKeyTable(rows)
        case .notices(let list):
            var rows: [KeyBinding<ScreenAction>] = []
            if let id = list.selectedID {
                if session.state.casework.notice(id)?.completion == nil {
                    rows.append(KeyBinding("complete", keys: [.character("x")], label: t("patrols.key.complete", [:])))
                }
                rows.append(KeyBinding("printNotice", keys: [.character("v"), .enter], label: t("patrols.key.print_notice", [:])))
            }
            rows += [
                KeyBinding("back", keys: [.escape, .character("l")], label: t("console.key.back", [:])),
                KeyBinding("move", keys: [.up, .down], label: t("console.key.move", [:]), showsInHints: false,
                           quietKeys: CasesKit.pageKeys),
            ]
            return ConsoleKeyTable(rows)
        case .checkIn(let field, _):
            var rows: [KeyBinding<ScreenAction>] = [
                KeyBinding("save", keys: [.enter], label: t("console.patrols.key.checkin_save", [:])),
                KeyBinding("cancel", keys: [.escape], label: t("console.key.cancel", [:])),
            ]
            if field.isOpen {
                // ↓ (and ↑ once one is highlighted) move over the suggestions under the line.
                rows.append(KeyBinding("suggestion", keys: [], label: "",
                                       quietKeys: field.highlightedItem == nil ? [.down] : [.up, .down], showsInHelp: false))
            }
            return ConsoleKeyTable(rows + [FormKit.edit])
        case .form:
            return FormKit.keys(session)
        case .timeline:
            return ConsoleKeyTable([
                KeyBinding("back", keys: [.escape], label: t("console.key.back", [:]), quietKeys: [.character("t")]),
                KeyBinding("move", keys: [.up, .down], label: t("console.key.move", [:]), quietKeys: CasesKit.pageKeys),
            ])
        }
    }

    var capturesText: Bool {
        if case .list = mode { return false }
        if case .timeline = mode { return false }
        if case .hazards = mode { return false }
        if case .notices = mode { return false }
        return true
    }

    var hasUnsavedInput: Bool {
        switch mode {
        case .checkIn(let field, _): return !field.text.isEmpty
        case .form(_, let form): return form.isDirty
        default: return false
        }
    }

    // MARK: State

    func reload(_ session: ConsoleSession) {
        let keep = selectedID
        let state = session.state
        let now = session.now
        let startOfDay = OfficeTime.startOfDay(now)
        let active = state.activePatrols
        let today = state.patrols.patrols
            .filter { !$0.voided && !$0.isActive && ($0.startedAt >= startOfDay || ($0.endedAt ?? now) >= startOfDay) }
            .sorted { $0.startedAt > $1.startedAt }
        // Earlier days' patrols, newest first, as many as paging past the end has asked for.
        let earlier = state.patrols.patrols.reversed().lazy
            .filter { !$0.voided && !$0.isActive && $0.startedAt < startOfDay && ($0.endedAt ?? now) < startOfDay }
        let shownEarlier = Array(earlier.prefix(earlierShown))
        hasMoreEarlier = earlier.dropFirst(earlierShown).first != nil
        let patrols = active + today + shownEarlier
        ids = patrols.map(\.id)
        // A patrol that started before today shows its date (05-03 21:40), not only the time.
        let dated = patrols.contains { $0.startedAt < startOfDay }
        func start(_ patrol: Patrol) -> String {
            patrol.startedAt < startOfDay ? session.dayClock(patrol.startedAt) : session.clock(patrol.startedAt)
        }
        var newTable = Table(columns: [
            TableColumn(session.t("console.patrols.col.id"), width: .fixed(5)),
            TableColumn(session.t("console.patrols.col.mode"), width: .fixed(8)),
            TableColumn(session.t("console.patrols.col.lead"), width: .flexible(min: 6)),
            TableColumn(session.t("console.patrols.col.start"), width: .fixed(dated ? 11 : 5)),
            TableColumn(session.t("console.patrols.col.time"), width: .fixed(5), align: .right),
            TableColumn(session.t("console.patrols.col.checkins"), width: .fixed(4), align: .right),
            TableColumn(session.t("console.patrols.col.status"), width: .fixed(6)),
        ], emptyText: session.emptyListText("console.patrols.empty"))
        newTable.setRows(maskedRows(patrols.map { patrol in
            [patrol.id, session.name(patrol.mode), session.officerName(patrol.lead), start(patrol),
             session.duration(minutes: patrol.minutes(now: now)), String(liveCheckIns(patrol, state).count),
             session.t(patrol.isActive ? "console.patrols.active" : "console.patrols.ended")]
        }))
        if let keep, let index = ids.firstIndex(of: keep) { newTable.select(index) }
        table = newTable
    }

    func open(_ target: String?, session: ConsoleSession) {
        earlierShown = Self.earlierPage
        reload(session)
        mode = .list
        // A patrol of an earlier day (a search, a jump): list earlier days down to it.
        if let target, !ids.contains(target), let patrol = session.state.patrols.patrol(target), !patrol.voided {
            let startOfDay = OfficeTime.startOfDay(session.now)
            let earlier = session.state.patrols.patrols.reversed()
                .filter { !$0.voided && !$0.isActive && $0.startedAt < startOfDay && ($0.endedAt ?? session.now) < startOfDay }
            if let position = earlier.firstIndex(where: { $0.id == target }) {
                earlierShown = (position / Self.earlierPage + 1) * Self.earlierPage
                reload(session)
            }
        }
        if let target, let index = ids.firstIndex(of: target) { table.select(index) }
        // A hazard (from 总览 or a search): the open hazards with it selected.
        if let target, target.hasPrefix("H"), let hazard = session.state.hazard(target) {
            mode = hazardsMode(session, select: target)
            // Put right already (a search finds those too): not on the open list, so say when.
            if let cleared = hazard.clearance {
                session.say(.warn, session.t("patrols.hazard_was_cleared", ["hazard": target, "time": session.dayClock(cleared.at)]))
            }
        }
        // A notice (from a search): the notices' list with it selected.
        if let target, target.hasPrefix("R"), session.state.casework.notice(target) != nil {
            mode = noticesMode(session, select: target)
        }
    }

    private func selectedPatrol(_ session: ConsoleSession) -> Patrol? {
        selectedID.flatMap { session.state.patrols.patrol($0) }
    }

    private func liveCheckIns(_ patrol: Patrol, _ state: OfficeState) -> [CheckIn] {
        patrol.checkIns.map { state.patrols.checkIns[$0] }.filter { !$0.voided }
    }

    // MARK: Keys

    func perform(_ action: ScreenAction, key: Key, session: ConsoleSession) -> Effects {
        if let preview = printPreview {
            let effects = preview.perform(action, key: key, session: session)
            if preview.closed { printPreview = nil }
            return effects
        }
        switch mode {
        case .list: return performList(action, key, session)
        case .checkIn(var field, _):
            switch action {
            case "cancel":
                mode = .list
                return .updated
            case "save" where !field.isOpen || field.picked != nil || field.highlightedItem == nil:
                // Nothing highlighted (an empty line): Enter is no choice of a cell, the domain says what is missing.
                return saveCheckIn(field.text, session)
            case "save", "suggestion", "edit":
                // A whole code typed is recorded at once. A part of one is not: Enter fills in the
                // highlighted cell, shown with its name, and only a second Enter records it (a
                // check-in at a cell the patrol never visited is false evidence).
                // Full-width (an input method's 全角 mode: `Ｊ０１`) reads as the code it spells.
                let typed = CleanText.halfWidth(CleanText.strip(field.text)).uppercased()
                if key == .enter, session.state.cells.all.contains(where: { $0.code.uppercased() == typed }) {
                    return saveCheckIn(field.text, session)
                }
                let result = field.handle(key)
                var hint = key == .enter && result.contains(.changed) ? session.t("console.patrols.confirm_cell") : nil
                if let patrol = selectedPatrol(session), !patrol.isActive {
                    // Typed over an ended patrol: the reason stays while the code is typed.
                    hint = session.t("console.patrols.checkin_needs_active", ["patrol": patrol.id])
                }
                mode = .checkIn(field, error: result.contains(.changed) ? hint : currentError)
                return result.contains(.handled) ? .updated : []
            default:
                return []
            }
        case .form(let kind, var form):
            let result = form.handle(key)
            if result.contains(.cancel) {
                switch kind {
                case .clearHazard: mode = hazardsMode(session, select: form.values["hazard"])
                case .complete: mode = noticesMode(session, select: form.values["notice"])
                default: mode = .list
                }
                return .updated
            }
            if result.contains(.submit) { return save(kind, &form, session) }
            mode = .form(kind, form)
            return result.contains(.handled) ? .updated : []
        case .timeline(var timeline):
            switch action {
            case "back":
                mode = .list
                return .updated
            case "move":
                let result = timeline.handle(key, pageSize: 10)
                mode = .timeline(timeline)
                return result.contains(.handled) ? .updated : []
            default:
                return []
            }
        case .notices(let list):
            return performNotices(action, key, list, session)
        case .hazards(var list, let ids):
            switch action {
            case "back":
                mode = .list
                return .updated
            case "clear":
                guard ids.indices.contains(list.selected) else { return .handled }
                mode = .form(.clearHazard, clearHazardForm(ids[list.selected], session))
                return .updated
            case "notice":
                guard ids.indices.contains(list.selected) else { return .handled }
                mode = .form(.notice, noticeForm(ids[list.selected], session))
                return .updated
            case "notices":
                mode = noticesMode(session)
                return .updated
            case "printNotice":
                guard ids.indices.contains(list.selected),
                      let notice = session.state.notices(ofHazard: ids[list.selected]).last else {
                    session.say(.warn, session.t("patrols.no_notice"))
                    return .updated
                }
                printPreview = PrintPreview.notice(notice.id, session)
                return .updated
            case "move":
                let result = list.handle(key, pageSize: 10)
                mode = .hazards(list, ids: ids)
                return result.contains(.handled) ? .updated : []
            default:
                return []
            }
        }
    }

    /// Keys on the notices' list.
    private func performNotices(_ action: ScreenAction, _ key: Key, _ list: StyledTable, _ session: ConsoleSession) -> Effects {
        var list = list
        switch action {
        case "back":
            mode = hazardsMode(session)
            return .updated
        case "move":
            let moved = list.handle(key, pageSize: 10)
            mode = .notices(list)
            return moved ? .updated : []
        case "printNotice":
            guard let id = list.selectedID else { return .handled }
            printPreview = PrintPreview.notice(id, session)
            return .updated
        case "complete":
            guard let id = list.selectedID, session.state.casework.notice(id)?.completion == nil else { return .handled }
            mode = .form(.complete, completeForm(id, session))
            return .updated
        default:
            return []
        }
    }

    /// Every live notice: past due first (longest past first), then open by deadline, then completed, newest first.
    private func noticesMode(_ session: ConsoleSession, select: String? = nil) -> Mode {
        let state = session.state
        let now = session.now
        let all = state.liveNotices
        let pastDue = state.noticesPastDue(now: now)
        let open = all.filter { $0.completion == nil && !$0.isPastDue(now: now) }.sorted { ($0.deadline, $0.id) < ($1.deadline, $1.id) }
        let done = all.filter { $0.completion != nil }.sorted { ($0.completion?.at ?? $0.issuedAt, $0.id) > ($1.completion?.at ?? $1.issuedAt, $1.id) }
        let list = pastDue + open + done
        var table = StyledTable(columns: [
            TableColumn(session.t("patrols.col.notice"), width: .fixed(6)),
            TableColumn(session.t("patrols.col.notice_hazard"), width: .fixed(5)),
            TableColumn(session.t("patrols.col.notice_state"), width: .fixed(9)),
            TableColumn(session.t("patrols.col.deadline"), width: .fixed(11)),
            TableColumn(session.t("patrols.col.party"), width: .fixed(12)),
            TableColumn(session.t("patrols.col.items"), width: .flexible(min: 10)),
        ], emptyText: session.t("patrols.notices_empty"), fitted: [0, 1, 2, 4])  // as wide as the words (zh or en)
        table.setRows(list.map { n in
            let state: String
            if let done = n.completion {
                state = session.t("patrols.notice_state.completed", ["date": String(session.dayClock(done.at).prefix(5))])
            } else {
                state = session.t(n.isPastDue(now: now) ? "patrols.notice_state.past_due" : "patrols.notice_state.open")
            }
            return [n.id, n.hazard, state, session.dayClock(n.deadline), n.party, n.items]
        }, styles: list.map { n in n.completion != nil ? .muted : n.isPastDue(now: now) ? .error : .normal }, ids: list.map(\.id))
        table.select(id: select)
        return .notices(table)
    }

    /// 整改完毕 (复查): what was found on checking, who checked, when.
    private func completeForm(_ id: String, _ session: ConsoleSession) -> Form {
        let n = session.state.casework.notice(id)
        var form = Form(title: session.t("patrols.form.complete", [
            "notice": id, "hazard": n?.hazard ?? "", "party": n?.party ?? ""]), fields: [
            FormKit.text("notice", session, value: id, max: 12),
            CasesKit.labelled(FormKit.text("note", session, max: 2000), "patrols.field.check_note", session),
            FormKit.officers("by", session, value: session.operatorBadge ?? ""),
        ] + FormKit.timeFields(session), discard: session.discardDialog, limitMessage: session.limitMessage)
        form.focus(on: "note")
        return form
    }

    /// The open hazards, oldest first, with the one `select` names selected.
    private func hazardsMode(_ session: ConsoleSession, select: String? = nil) -> Mode {
        let state = session.state
        let now = session.now
        let open = state.openHazards(at: now)
        var list = Table(columns: [
            TableColumn(session.t("patrols.col.hazard"), width: .fixed(5)),
            TableColumn(session.t("patrols.col.found"), width: .fixed(11)),
            TableColumn(session.t("patrols.col.age"), width: .fixed(4), align: .right),
            TableColumn(session.t("console.patrols.col.cell"), width: .fixed(14)),
            TableColumn(session.t("console.field.category"), width: .fixed(12)),
            TableColumn(session.t("console.patrols.col.note"), width: .flexible(min: 10)),
        ], emptyText: session.t("patrols.hazards_empty"))
        list.setRows(maskedRows(open.map { h in
            [h.id, session.dayClock(h.at), String(max(0, OfficeTime.days(from: h.at, to: now))),
             h.cell + " " + (state.cells.cell(h.cell)?.name ?? ""), session.name(h.category), noticeMark(h.id, session) + h.note]
        }))
        let ids = open.map(\.id)
        if let select, let index = ids.firstIndex(of: select) { list.select(index) }
        return .hazards(list, ids: ids)
    }

    private var currentError: String? {
        if case .checkIn(_, let error) = mode { return error }
        return nil
    }

    private func performList(_ action: ScreenAction, _ key: Key, _ session: ConsoleSession) -> Effects {
        switch action {
        case "move":
            // Paging past the last row lists another page of earlier days' patrols.
            if [.down, .pageDown, .end].contains(key), table.selected >= ids.count - 1, hasMoreEarlier {
                earlierShown += Self.earlierPage
                reload(session)
            }
            _ = table.handle(key, pageSize: 6)
            return .updated
        case "new":
            mode = .form(.start, startForm(session))
            return .updated
        case "timeline":
            guard let id = selectedID else { return .handled }
            mode = .timeline(timelineTable(id, session))
            return .updated
        case "checkin":
            mode = .checkIn(CompletionField(items: FormKit.cellItems(session)), error: nil)
            return .updated
        case "hazard":
            mode = .form(.hazard, hazardForm(session))
            return .updated
        case "stop":
            mode = .form(.stopCheck, stopCheckForm(session))
            return .updated
        case "end":
            mode = .form(.end, endForm(session))
            return .updated
        case "backdate":
            mode = .form(.backdatedCheckIn, backdatedForm(session))
            return .updated
        case "hazards":
            mode = hazardsMode(session)
            return .updated
        case "typeCell":
            var field = CompletionField(items: FormKit.cellItems(session))
            if case .character(let c) = key {
                _ = field.handle(.character(c.isASCII ? Character(c.uppercased()) : c))
            } else {
                _ = field.handle(key)  // a paste
            }
            mode = .checkIn(field, error: nil)
            return .updated
        case "typeCellRefused":
            guard let patrol = selectedPatrol(session), case .character(let c) = key else {
                session.say(.error, session.t("console.patrols.checkin_needs_patrol"))
                return [.handled, .redraw]
            }
            var field = CompletionField(items: FormKit.cellItems(session))
            _ = field.handle(.character(c.isASCII ? Character(c.uppercased()) : c))
            mode = .checkIn(field, error: session.t("console.patrols.checkin_needs_active", ["patrol": patrol.id]))
            return .updated
        default:
            return []
        }
    }

    /// What starts a check-in on a patrol out: an upper-case letter, a letter an input method
    /// gives (not ASCII), or a paste.
    static let cellCodeLetters = KeyClass("cellCodeLetters") { key in
        switch key {
        case .character(let c): return c.isUppercase || (c.isLetter && !c.isASCII)
        case .paste: return true
        default: return false
        }
    }

    /// An upper-case letter: the start of a cell code typed with no patrol out selected.
    static let upperCaseLetters = KeyClass("upperCaseLetters") { key in
        if case .character(let c) = key { return c.isUppercase }
        return false
    }

    /// The small letters that are no key of this screen and begin some cell's code.
    static func cellCodeStarters(_ session: ConsoleSession) -> [Character] {
        // One pass over the cells (the table is built at every key and every frame).
        var firsts = Set<Character>()
        for cell in session.state.cells.all {
            if let first = cell.code.uppercased().first { firsts.insert(first) }
        }
        return "abcdefghijklmnopqrstuvwxyz".filter { c in
            !"nthcsebqo".contains(c) && firsts.contains(Character(c.uppercased()))
        }
    }

    /// A small letter that is no key of this screen and begins some cell's code.
    static func startsCellCode(_ c: Character, _ session: ConsoleSession) -> Bool {
        guard c.isASCII, c.isLowercase, !"nthcsebqo".contains(c) else { return false }
        let upper = c.uppercased()
        return session.state.cells.all.contains { $0.code.uppercased().hasPrefix(upper) }
    }

    // MARK: Writes

    private func saveCheckIn(_ code: String, _ session: ConsoleSession) -> Effects {
        guard let patrol = selectedID else { return .handled }
        let typed = CleanText.strip(code)
        let half = CleanText.halfWidth(typed).uppercased()
        let cell = session.state.cells.all.first { $0.code.uppercased() == half }?.code ?? typed
        switch session.execute(CheckInPatrol(patrol: patrol, cell: cell)) {
        case .success:
            let name = session.state.cells.cell(cell)?.name ?? ""
            session.say(.ok, session.t("console.patrols.checked_in", [
                "patrol": patrol, "cell": cell, "name": name, "time": session.clock(session.now),
            ]))
            mode = .list
            return .wrote
        case .failure(let refusal):
            // Worded with the prompt's own label, as a form's refusal is.
            let label = "domain.field." + refusal.field
            let message = session.strings.has(label)
                ? refusal.error?.screenMessage(session.strings, fieldLabel: session.t(label)) ?? refusal.message
                : refusal.message
            if case .checkIn(let field, _) = mode { mode = .checkIn(field, error: message) }
            session.say(.error, message)
            return .updated
        }
    }

    private func save(_ kind: FormKind, _ form: inout Form, _ session: ConsoleSession) -> Effects {
        guard let (at, reason) = FormKit.time(&form, session) else {
            mode = .form(kind, form)
            return .updated
        }
        let v = form.values
        let patrol = selectedID ?? ""
        let outcome: Result<WriteResult, Refusal>
        let fallback: String
        switch kind {
        case .start:
            fallback = "lead"
            outcome = session.execute(StartPatrol(
                mode: FormKit.chosen(form, "mode", PatrolMode.self), dress: FormKit.chosen(form, "dress", Dress.self),
                lead: v["lead"] ?? "", members: FormKit.list(v["members"] ?? ""), cells: FormKit.list(v["cells"] ?? "")),
                at: at, reason: reason)
        case .hazard:
            fallback = "note"
            outcome = session.execute(ReportHazard(
                patrol: patrol, cell: v["cell"] ?? "", category: FormKit.chosen(form, "category", HazardCategory.self),
                note: v["note"] ?? ""), at: at, reason: reason)
        case .stopCheck:
            fallback = "note"
            outcome = session.execute(RecordStopCheck(
                patrol: patrol, cell: v["cell"], subject: FormKit.chosen(form, "subject", StopCheckSubject.self),
                outcome: FormKit.chosen(form, "outcome", StopCheckOutcome.self), note: v["note"]), at: at, reason: reason)
        case .end:
            fallback = "summary"
            outcome = session.execute(EndPatrol(patrol: patrol, summary: v["summary"]), at: at, reason: reason)
        case .backdatedCheckIn:
            // This form exists to record a check-in made earlier: without its time it would be a plain one.
            guard at != nil else {
                form.setMessage(session.t("console.patrols.backdate_needs_time"), for: "at")
                mode = .form(kind, form)
                return .updated
            }
            fallback = "cell"
            outcome = session.execute(CheckInPatrol(patrol: patrol, cell: v["cell"] ?? "", note: v["note"]),
                                      at: at, reason: reason)
        case .clearHazard:
            fallback = "note"
            outcome = session.execute(ClearHazard(hazard: v["hazard"] ?? "", by: v["by"], note: v["note"] ?? ""),
                                      at: at, reason: reason)
        case .notice:
            fallback = "items"
            guard case .success(let parsed?) = TimeEntry.parse((v["deadline"] ?? "").trimmingCharacters(in: .whitespaces),
                                                               now: session.now, utcOffsetSeconds: OfficeTime.offset,
                                                               dialect: .console()),
                  let deadline = Optional(parsed)
            else {
                form.setMessage(session.t("console.form.bad_time"), for: "deadline")
                form.focus(on: "deadline")
                mode = .form(kind, form)
                return .updated
            }
            outcome = session.execute(IssueRectificationNotice(
                hazard: v["hazard"] ?? "", partyKind: FormKit.chosen(form, "party-kind", NoticeParty.self), party: v["party"] ?? "",
                items: v["items"] ?? "", deadline: deadline), at: at, reason: reason)
        case .complete:
            fallback = "note"
            outcome = session.execute(CompleteRectification(notice: v["notice"] ?? "", by: v["by"], note: v["note"] ?? ""),
                                      at: at, reason: reason)
        }
        guard let result = FormKit.written(outcome, &form, fallback: fallback, session) else {
            mode = .form(kind, form)
            return .updated
        }
        mode = .list
        if kind == .complete {
            session.say(.ok, session.t("patrols.notice_completed", [
                "notice": result.entityID ?? v["notice"] ?? "", "time": session.clock(result.record?.at ?? session.now)]))
            reload(session)
            mode = noticesMode(session, select: v["notice"])
            return .wrote
        }
        if kind == .notice {
            session.say(.ok, session.t("patrols.notice_saved", ["notice": result.entityID ?? "", "hazard": v["hazard"] ?? ""]))
            reload(session)
            mode = hazardsMode(session, select: v["hazard"])
            return .wrote
        }
        if kind == .clearHazard {
            let hazard = result.entityID ?? ""
            session.say(.ok, session.t("patrols.hazard_cleared", [
                "hazard": hazard, "time": session.clock(result.record?.at ?? session.now)]))
            reload(session)
            mode = hazardsMode(session)
            return .wrote
        }
        let id = result.entityID ?? patrol
        let key: String
        switch kind {
        case .clearHazard, .notice, .complete: key = ""
        case .start: key = "console.patrols.started"
        case .hazard: key = "patrols.hazard_saved"
        case .stopCheck: key = "console.patrols.stop_saved"
        case .end: key = "console.patrols.ended_saved"
        case .backdatedCheckIn: key = "console.patrols.backdated_saved"
        }
        session.say(.ok, session.t(key, ["patrol": kind == .hazard ? patrol : id, "hazard": id, "cell": v["cell"] ?? "",
                                         "time": session.clock(result.record?.at ?? session.now)]))
        reload(session)
        if kind == .start, let index = ids.firstIndex(of: id) { table.select(index) }
        return .wrote
    }

    // MARK: Forms

    private func startForm(_ session: ConsoleSession) -> Form {
        Form(title: session.t("console.patrols.form.start"), fields: [
            FormKit.choice("mode", PatrolMode.self, session),
            FormKit.choice("dress", Dress.self, session),
            FormKit.officers("lead", session, value: session.operatorBadge ?? ""),
            FormKit.text("members", session, placeholder: session.t("console.form.badges_placeholder")),
            FormKit.text("cells", session, placeholder: session.t("console.form.cells_placeholder")),
        ] + FormKit.timeFields(session, labelKey: "console.patrols.field.at"), discard: session.discardDialog,
             limitMessage: session.limitMessage)
    }

    private func hazardForm(_ session: ConsoleSession) -> Form {
        let last = selectedPatrol(session).flatMap { liveCheckIns($0, session.state).last?.cell } ?? ""
        return Form(title: session.t("console.patrols.form.hazard", ["patrol": selectedID ?? ""]), fields: [
            FormKit.cells("cell", session, value: last),
            FormKit.choice("category", HazardCategory.self, session),
            FormKit.text("note", session),
        ] + FormKit.timeFields(session), discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    /// Hazard put right: the hazard (a refusal lands here), what was done, who saw it, when.
    /// `〔R0001 期限 11-26 18:00〕`: the hazard's open notice, marked when past due (issue 20).
    private func noticeMark(_ hazard: String, _ session: ConsoleSession) -> String {
        guard let notice = session.state.notices(ofHazard: hazard).last(where: { $0.completion == nil }) else { return "" }
        return session.t(notice.isPastDue(now: session.now) ? "patrols.notice_mark_past_due" : "patrols.notice_mark",
                         ["notice": notice.id, "deadline": session.dayClock(notice.deadline)]) + " "
    }

    /// 整改通知书 for an open hazard (issue 20): who is to put it right, what, by when.
    private func noticeForm(_ hazard: String, _ session: ConsoleSession) -> Form {
        let found = session.state.hazard(hazard)
        var form = Form(title: session.t("patrols.form.notice", [
            "hazard": hazard, "cell": found?.cell ?? "", "note": found?.note ?? ""]), fields: [
            FormKit.text("hazard", session, value: hazard, max: 12),
            FormKit.choice("party-kind", NoticeParty.self, session),
            FormKit.text("party", session),
            FormKit.text("items", session, max: 2000),
            CasesKit.labelled(FormKit.text("deadline", session, placeholder: session.t("patrols.deadline_placeholder")),
                              "domain.field.notice-deadline", session),
        ] + FormKit.timeFields(session), discard: session.discardDialog, limitMessage: session.limitMessage)
        form.focus(on: "party")
        return form
    }

    private func clearHazardForm(_ hazard: String, _ session: ConsoleSession) -> Form {
        let found = session.state.hazard(hazard)
        var form = Form(title: session.t("patrols.form.clear", [
            "hazard": hazard, "cell": found?.cell ?? "", "note": found?.note ?? ""]), fields: [
            FormKit.text("hazard", session, value: hazard, max: 12),
            FormKit.text("note", session),
            FormKit.officers("by", session, value: session.operatorBadge ?? ""),
        ] + FormKit.timeFields(session), discard: session.discardDialog, limitMessage: session.limitMessage)
        form.focus(on: "note")  // the hazard is already picked: what was done comes first
        return form
    }

    private func stopCheckForm(_ session: ConsoleSession) -> Form {
        let last = selectedPatrol(session).flatMap { liveCheckIns($0, session.state).last?.cell } ?? ""
        return Form(title: session.t("console.patrols.form.stop", ["patrol": selectedID ?? ""]), fields: [
            FormKit.choice("subject", StopCheckSubject.self, session),
            FormKit.choice("outcome", StopCheckOutcome.self, session) {
                !session.may(RecordStopCheck(patrol: "", subject: .person, outcome: $0))
            },
            FormKit.cells("cell", session, value: last),
            FormKit.text("note", session),
        ] + FormKit.timeFields(session), discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    private func endForm(_ session: ConsoleSession) -> Form {
        Form(title: summaryLine(session), fields: [FormKit.text("summary", session)] + FormKit.timeFields(session),
             discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    private func backdatedForm(_ session: ConsoleSession) -> Form {
        Form(title: session.t("console.patrols.form.backdate", ["patrol": selectedID ?? ""]), fields: [
            FormKit.cells("cell", session),
            FormKit.text("note", session),
        ] + FormKit.timeFields(session), discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    /// "结束 P0001: 签到 3 · 隐患 1 · 盘查 0 · 1:05 · 计划 2/3".
    private func summaryLine(_ session: ConsoleSession) -> String {
        guard let patrol = selectedPatrol(session) else { return "" }
        let state = session.state
        let visited = Set(liveCheckIns(patrol, state).map(\.cell))
        return session.t("console.patrols.form.end", [
            "patrol": patrol.id, "checkins": String(liveCheckIns(patrol, state).count),
            "cells": String(visited.count),
            "hazards": String(patrol.hazards.filter { !state.patrols.hazards[$0].voided }.count),
            "stops": String(patrol.stopChecks.filter { !state.patrols.stopChecks[$0].voided }.count),
            "time": session.duration(minutes: patrol.minutes(now: session.now)),
            "planned": "\(patrol.plannedCells.filter(visited.contains).count)/\(patrol.plannedCells.count)",
        ])
    }

    private func timelineTable(_ id: String, _ session: ConsoleSession) -> Table {
        var timeline = Table(columns: [
            TableColumn(session.t("console.patrols.col.time_at"), width: .fixed(11)),
            TableColumn(session.t("console.patrols.col.what"), width: .fixed(8)),
            TableColumn(session.t("console.patrols.col.cell"), width: .fixed(14)),
            TableColumn(session.t("console.patrols.col.note"), width: .flexible(min: 10)),
        ], emptyText: "")
        let state = session.state
        timeline.setRows(maskedRows(state.timeline(ofPatrol: id).map { entry in
            [session.dayClock(entry.at), session.t("console.timeline.\(entry.kind.rawValue)"),
             entry.cell.map { code in code + " " + (state.cells.cell(code)?.name ?? "") } ?? "",
             entry.text ?? ""]
        }))
        return timeline
    }

    // MARK: Drawing

    func render(into screen: Screen, rect: Rect, session: ConsoleSession) {
        if let printPreview { return printPreview.render(into: screen, rect: rect, session: session) }
        switch mode {
        case .form(_, let form):
            form.render(into: screen, rect: rect)
            return
        case .timeline(let timeline):
            let (head, body) = rect.splitTop(2)
            if let patrol = selectedPatrol(session) {
                screen.put(headline(patrol, session), in: head, style: .header)
            }
            timeline.render(into: screen, rect: body)
            return
        case .hazards(let list, let ids):
            let (head, body) = rect.splitTop(2)
            screen.put(session.t("patrols.hazards_title", ["count": String(ids.count)]), in: head, style: .header)
            list.render(into: screen, rect: body)
            return
        case .notices(var list):
            let state = session.state
            let live = state.liveNotices
            let done = live.filter { $0.completion != nil }.count
            let pastDue = state.noticesPastDue(now: session.now).count
            let (head, body) = rect.splitTop(2)
            screen.put(session.t("patrols.notices_title", [
                "count": String(live.count), "past_due": String(pastDue), "open": String(live.count - done - pastDue),
                "completed": String(done)]), in: head, style: .header)
            list.render(into: screen, rect: body)
            return
        default:
            break
        }
        reload(session)  // elapsed times follow the clock
        let tableHeight = min(max(3, ids.count + 1), max(3, rect.height / 2 - 1))
        let (top, rest) = rect.splitTop(tableHeight)
        table.render(into: screen, rect: top)
        let (_, detail) = rest.splitTop(1)
        guard let patrol = selectedPatrol(session) else { return }
        renderDetail(patrol, into: screen, rect: detail, session: session)
    }

    private func headline(_ patrol: Patrol, _ session: ConsoleSession) -> String {
        var members = ""
        if !patrol.members.isEmpty {
            members = "  " + session.t("console.patrols.members", [
                "names": patrol.members.map(session.officerName).joined(separator: "、")])
        }
        return session.t("console.patrols.headline", [
            "id": patrol.id, "mode": session.name(patrol.mode), "dress": session.name(patrol.dress),
            "lead": session.officerName(patrol.lead), "start": session.clock(patrol.startedAt),
            "elapsed": session.duration(minutes: patrol.minutes(now: session.now)),
        ]) + members
    }

    private func renderDetail(_ patrol: Patrol, into screen: Screen, rect: Rect, session: ConsoleSession) {
        let state = session.state
        var line = 0
        func put(_ text: String, _ style: Style = .normal) {
            guard line < rect.height else { return }
            screen.put(text, in: rect, line: line, style: style)
            line += 1
        }
        put(headline(patrol, session), .header)
        let visited = Set(liveCheckIns(patrol, state).map(\.cell))
        if !patrol.plannedCells.isEmpty {
            let marks = patrol.plannedCells.map { $0 + (visited.contains($0) ? "✓" : "·") }.joined(separator: " ")
            put(session.t("console.patrols.planned", [
                "done": String(patrol.plannedCells.filter(visited.contains).count),
                "total": String(patrol.plannedCells.count), "cells": marks]))
        }
        // The check-in line sits at the bottom; the latest entries fill the space above it.
        // The check-in line: for a patrol out, or while a code typed over an ended one is refused.
        var typing = false
        if case .checkIn = mode { typing = true }
        let entryRows = patrol.isActive || typing ? 2 : 0
        let timeline = state.timeline(ofPatrol: patrol.id)
        let room = max(0, rect.height - line - entryRows)
        for entry in timeline.suffix(room) {
            let cell = entry.cell.map { code in " " + code + " " + (state.cells.cell(code)?.name ?? "") } ?? ""
            put("  " + session.clock(entry.at) + "  " + session.t("console.timeline.\(entry.kind.rawValue)") + cell
                + (entry.text.map { "  " + $0 } ?? ""), entry.kind == .hazard ? .warn : .normal)
        }
        // The station's read-only copy offers no check-in (ConsoleSession.readOnlyCopy).
        guard patrol.isActive || typing, session.readOnlyCopy == nil, rect.height >= 2 else { return }
        let row = rect.bottom - 2
        let label = session.t("console.patrols.checkin_label")
        let labelWidth = TextWidth.columns(of: label) + 1
        screen.put(label, row: row, col: rect.col, style: .hintKey)
        let fieldRect = Rect(row: row, col: rect.col + labelWidth, width: rect.width - labelWidth, height: 2)
        if case .checkIn(let field, let error) = mode {
            if let error {
                screen.put(error, row: row + 1, col: rect.col + labelWidth, width: rect.width - labelWidth, style: .error)
                field.render(into: screen, rect: Rect(row: row, col: fieldRect.col, width: fieldRect.width, height: 1),
                             focused: true, fieldWidth: 12)
            } else {
                // Suggestions open upwards would hide the timeline; show them on the row below instead.
                field.render(into: screen, rect: Rect(row: row, col: fieldRect.col, width: fieldRect.width, height: 1),
                             focused: true, fieldWidth: 12)
                let names = field.matches.prefix(6).map { $0.code + " " + $0.name }.joined(separator: "  ")
                screen.put(names, row: row + 1, col: rect.col + labelWidth, width: rect.width - labelWidth, style: .muted)
            }
        } else {
            screen.put(session.t("console.patrols.checkin_hint"), row: row, col: rect.col + labelWidth,
                       width: rect.width - labelWidth, style: .muted)
        }
    }
}
