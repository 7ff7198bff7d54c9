import Foundation
import JingwuDomain
import JingwuTerminal

/// 网格: the coverage map. Cells sit at their map positions, coloured (and marked with a
/// glyph, so it reads without colour) by the time since their last check-in relative to
/// their window; the gaps are listed worst first beside the map.
///
/// Colours follow `OfficeState.coverage(now:)`, the same function `jingwu report
/// coverage` uses, so the map and the report agree. The period (this shift, 24 h,
/// 7 days) sets what the check-in counts and the hour-of-day strip cover; night-only
/// colours the cells by their last check-in inside the night window of that period.
final class CoverageScreen: ConsoleScreen {
    let tab = ConsoleTab.coverage

    enum Period: Int, CaseIterable { case shift, day, week }

    private(set) var period: Period = .day
    private(set) var nightOnly = false
    private(set) var selectedCode: String?
    /// The cell whose detail is open.
    private(set) var detailCode: String?
    private var form: Form?
    /// The 网格 and their households (`w`), while open (GridDrillDown.swift).
    private(set) var drill: GridDrillDown?

    var capturesText: Bool { form != nil || drill?.capturesText == true }
    var hasUnsavedInput: Bool { form?.isDirty ?? drill?.hasUnsavedInput ?? false }

    func reload(_ session: ConsoleSession) { drill?.reload(session) }

    func keys(_ session: ConsoleSession) -> ConsoleKeyTable {
        let t = session.t
        if form != nil { return FormKit.keys(session) }
        if let drill { return drill.keys(session) }
        if detailCode != nil {
            return ConsoleKeyTable([
                KeyBinding("back", keys: [.escape], label: t("console.key.back", [:])),
                KeyBinding("period", keys: [.character("p")], label: t("console.coverage.key.period", [:])),
            ])
        }
        return ConsoleKeyTable([
            KeyBinding("detail", keys: [.enter], label: t("console.coverage.key.detail", [:])),
            KeyBinding("period", keys: [.character("p")], label: t("console.coverage.key.period", [:])),
            KeyBinding("night", keys: [.character("n")], label: t("console.coverage.key.night", [:])),
            KeyBinding("gap", keys: [.character("g")], label: t("console.coverage.key.gap", [:])),
            KeyBinding("add", keys: [.character("a")], label: t("console.coverage.key.add", [:])),
            KeyBinding("grids", keys: [.character("w")], label: t("console.coverage.key.grids", [:])),
            KeyBinding("move", keys: [.up, .down, .left, .right], label: t("console.coverage.key.move", [:]),
                       showsInHints: false),
        ])
    }

    func open(_ target: String?, session: ConsoleSession) {
        form = nil
        drill = nil
        if let target, session.state.cells.cell(target) != nil {
            selectedCode = target
            detailCode = target
        }
    }

    // MARK: What the map shows

    /// Start of the period at `now`.
    func periodStart(_ session: ConsoleSession) -> Date {
        let now = session.now
        switch period {
        case .shift: return session.state.shifts.current?.openedAt ?? OfficeTime.startOfDay(now)
        case .day: return now.addingTimeInterval(-86400)
        case .week: return now.addingTimeInterval(-7 * 86400)
        }
    }

    /// Each cell's coverage as the map colours it (night-only uses night check-ins of the period).
    func statuses(_ session: ConsoleSession) -> [CellCoverage] {
        let state = session.state
        let now = session.now
        let all = state.coverage(now: now)
        guard nightOnly else { return all }
        let night = Dictionary(uniqueKeysWithValues: state.nightCoverage(from: periodStart(session), to: now)
            .map { ($0.cell.code, $0.lastNightCheckIn) })
        return all.map { coverage in
            var c = coverage
            c.lastCheckIn = night[c.cell.code] ?? nil
            guard let last = c.lastCheckIn else {
                c.hoursSince = nil; c.dueAt = nil; c.status = .never
                return c
            }
            let hours = now.timeIntervalSince(last) / 3600
            c.hoursSince = hours
            c.dueAt = last.addingTimeInterval(Double(c.windowHours) * 3600)
            c.status = hours > Double(c.windowHours) ? .gap
                : hours >= Double(c.windowHours) * state.policy.dueSoonFraction ? .dueSoon : .covered
            return c
        }
    }

    /// Gaps worst first, ordered exactly like `OfficeState.coverageGaps`.
    func gaps(_ session: ConsoleSession) -> [CellCoverage] { OfficeState.gapsWorstFirst(statuses(session)) }

    /// The map's mark of a status: the same characters `jingwu report coverage` draws.
    static func mark(_ status: CoverageStatus) -> Character { CoverageMap.mark(status) }

    static func style(_ status: CoverageStatus) -> Style {
        switch status {
        case .covered: return .mapCovered
        case .dueSoon: return .mapDueSoon
        case .gap: return .mapOverdue
        case .never: return .mapNever
        }
    }

    /// A status in words; in night-only mode "never" means no night check-in in the period.
    func statusText(_ status: CoverageStatus, _ session: ConsoleSession) -> String {
        if nightOnly, status == .never { return session.t("console.coverage.status.never_night") }
        return session.t("console.coverage.status.\(status.rawValue)")
    }

    /// One gap as a line: "A03 幸福小区  30h/24h" or "A04 新村  从未签到".
    static func gapText(_ gap: CellCoverage, _ session: ConsoleSession, night: Bool = false) -> String {
        if let hours = gap.hoursSince {
            return session.t("console.coverage.gap_line", [
                "code": gap.cell.code, "name": gap.cell.name, "hours": String(Int(hours)),
                "window": String(gap.windowHours)])
        }
        return session.t(night ? "console.coverage.never_night_line" : "console.coverage.never_line",
                         ["code": gap.cell.code, "name": gap.cell.name])
    }

    /// `G01 花园网格`, or `戴花园社区（未分网格）` for a community's default 网格.
    static func gridName(_ ref: GridRef, _ session: ConsoleSession) -> String {
        guard let code = ref.code else { return session.t("population.grid.default", ["community": ref.community]) }
        return session.state.population.grid(code).map { "\(code) \($0.name)" } ?? code
    }

    /// One 网格's roll-up as a line: `G01 花园网格  逾期 2/5：C02 C03`.
    static func gridLine(_ g: GridCoverage, _ session: ConsoleSession) -> String {
        session.t("console.coverage.grid_line", [
            "grid": gridName(g.ref, session), "gaps": String(g.gaps), "points": String(g.points.count),
            "codes": g.points.filter(\.status.isGap).map(\.cell.code).joined(separator: " ")])
    }

    /// A cell where the map draws it: its mark and code from (row, col).
    struct Placed: Equatable {
        var code: String
        var row: Int
        var col: Int
        var status: CoverageStatus
    }

    /// Cells placed on a map `width` columns wide. Rows are the ranks of the cells' y (empty
    /// rows dropped); columns are the cells' own x when the widest row fits — then the map
    /// looks like the one in `jingwu report coverage` — else the ranks of x. Cells without
    /// a position follow in rows below.
    static func place(_ coverage: [CellCoverage], width: Int) -> [Placed] {
        let label = 1 + (coverage.map { TextWidth.columns(of: $0.cell.code) }.max() ?? 3)
        let placed = coverage.filter { $0.cell.x != nil && $0.cell.y != nil }
        let xs = Array(Set(placed.compactMap(\.cell.x))).sorted()
        let ys = Array(Set(placed.compactMap(\.cell.y))).sorted()
        // Coordinates in character columns (as the report draws them) are used as they are,
        // unless they are grid units too close together for the codes.
        var rawFits = (xs.last ?? 0) + label <= width
        for row in Dictionary(grouping: placed, by: { $0.cell.y! }).values where rawFits {
            let sorted = row.map { $0.cell.x! }.sorted()
            if zip(sorted, sorted.dropFirst()).contains(where: { $1 - $0 < label }) { rawFits = false }
        }
        let step = max(1, min(label + 1, (width - label) / max(1, xs.count - 1)))
        var out: [Placed] = []
        for c in placed {
            let col = rawFits ? c.cell.x! : xs.firstIndex(of: c.cell.x!)! * step
            out.append(Placed(code: c.cell.code, row: ys.firstIndex(of: c.cell.y!)!, col: col, status: c.status))
        }
        let perRow = max(1, (width + 1) / (label + 1))
        let top = ys.isEmpty ? 0 : ys.count
        var n = 0
        for c in coverage where c.cell.x == nil || c.cell.y == nil {
            out.append(Placed(code: c.cell.code, row: top + n / perRow, col: (n % perRow) * (label + 1), status: c.status))
            n += 1
        }
        return out
    }

    /// Columns the map needs for its own coordinates.
    static func neededWidth(_ coverage: [CellCoverage]) -> Int {
        let label = 1 + (coverage.map { TextWidth.columns(of: $0.cell.code) }.max() ?? 3)
        guard coverage.contains(where: { $0.cell.x != nil && $0.cell.y != nil }) else {
            return min(coverage.count, 8) * (label + 1)
        }
        return (place(coverage, width: 10_000).map { $0.col }.max() ?? 0) + label
    }

    /// The nearest cell from `code` in the direction of an arrow key.
    static func neighbour(of code: String, _ key: Key, in placed: [Placed]) -> String? {
        guard let here = placed.first(where: { $0.code == code }) else { return placed.first?.code }
        let candidates: [Placed]
        switch key {
        case .left: candidates = placed.filter { $0.row == here.row && $0.col < here.col }
        case .right: candidates = placed.filter { $0.row == here.row && $0.col > here.col }
        case .up: candidates = placed.filter { $0.row < here.row }
        case .down: candidates = placed.filter { $0.row > here.row }
        default: return code
        }
        return candidates.min { a, b in
            abs(a.col - here.col) + abs(a.row - here.row) * 8 < abs(b.col - here.col) + abs(b.row - here.row) * 8
        }?.code ?? code
    }

    // MARK: Keys

    func perform(_ action: ScreenAction, key: Key, session: ConsoleSession) -> Effects {
        if var current = form {
            let result = current.handle(key)
            if result.contains(.cancel) { form = nil; return .updated }
            if result.contains(.submit) { return saveCell(&current, session) }
            form = current
            return result.contains(.handled) ? .updated : []
        }
        if let drill {
            switch drill.perform(action, key: key, session: session) {
            case .effects(let effects): return effects
            case .close: self.drill = nil; return .updated
            }
        }
        switch action {
        case "grids":
            let drill = GridDrillDown()
            drill.reload(session)
            self.drill = drill
            return .updated
        case "back": detailCode = nil; return .updated
        case "period": cyclePeriod(); return .updated
        case "night": nightOnly.toggle(); return .updated
        case "add":
            form = addCellForm(session)
            return .updated
        case "gap":
            let list = gaps(session)
            guard !list.isEmpty else { return .handled }
            let at = list.firstIndex { $0.cell.code == selectedCode }.map { ($0 + 1) % list.count } ?? 0
            selectedCode = list[at].cell.code
            return .updated
        case "detail":
            guard let code = selectedCode ?? session.state.cells.all.first?.code else { return .handled }
            selectedCode = code
            detailCode = code
            return .updated
        case "move":
            let placed = Self.place(statuses(session), width: lastMapWidth)
            selectedCode = Self.neighbour(of: selectedCode ?? "", key, in: placed)
            return .updated
        default:
            return []
        }
    }

    private func cyclePeriod() { period = Period(rawValue: (period.rawValue + 1) % Period.allCases.count)! }

    /// The width the map was last drawn at (arrows move over that layout).
    private var lastMapWidth = 78

    // MARK: Add a cell

    private func addCellForm(_ session: ConsoleSession) -> Form {
        Form(title: session.t("console.coverage.form.add"), fields: [
            FormKit.text("code", session, max: 16),
            FormKit.text("name", session, max: 40),
            FormKit.text("community", session, max: 40),
            FormKit.choice("kind", CellKind.self, session, selected: .street),
            FormKit.text("window-hours", session, max: 4, placeholder: session.t("console.coverage.window_placeholder")),
            FormKit.text("x", session, max: 3),
            FormKit.text("y", session, max: 3),
        ], discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    private func saveCell(_ form: inout Form, _ session: ConsoleSession) -> Effects {
        let v = form.values
        func number(_ id: String) -> Int?? {
            let text = (v[id] ?? "").trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return .some(nil) }
            guard let n = Int(text) else {
                form.setMessage(DomainError(.invalid, field: id, value: text).screenMessage(session.strings), for: id)
                form.focus(on: id)
                return nil
            }
            return .some(n)
        }
        guard let window = number("window-hours"), let x = number("x"), let y = number("y") else {
            self.form = form
            return .updated
        }
        let command = AddCell(code: v["code"] ?? "", name: v["name"] ?? "", community: v["community"] ?? "",
                              kind: FormKit.chosen(form, "kind", CellKind.self), windowHours: window, x: x, y: y)
        switch session.execute(command) {
        case .failure(let refusal):
            FormKit.refuse(refusal, &form, fallback: "code", session)
            self.form = form
            return .updated
        case .success(let result):
            self.form = nil
            selectedCode = result.entityID
            session.say(.ok, session.t("console.coverage.added", ["code": result.entityID ?? ""]))
            return .wrote
        }
    }

    // MARK: Drawing

    func render(into screen: Screen, rect: Rect, session: ConsoleSession) {
        if let form {
            form.render(into: screen, rect: rect)
            return
        }
        if let drill {
            drill.render(into: screen, rect: rect, session: session)
            return
        }
        if let code = detailCode, let cell = session.state.cells.cell(code) {
            renderDetail(cell, into: screen, rect: rect, session: session)
            return
        }
        let coverage = statuses(session)
        let gapList = OfficeState.gapsWorstFirst(coverage)
        let (top, body) = rect.splitTop(1)
        let legend = [CoverageStatus.covered, .dueSoon, .gap, .never].map { status -> String in
            var key = status == .gap ? "overdue" : status == .dueSoon ? "due_soon" : status.rawValue
            if nightOnly, status == .never { key = "never_night" }  // no night check-in in the period
            return String(Self.mark(status)) + " " + session.t("console.coverage.\(key)")
        }.joined(separator: "  ")
        screen.put(session.t("console.coverage.toggles", [
            "period": session.t("console.coverage.period.\(period)"),
            "night": session.t(nightOnly ? "console.yes" : "console.no"),
        ]), in: top, style: .header)
        screen.put(legend, row: top.row, col: top.right - TextWidth.columns(of: legend), style: .muted)
        guard !coverage.isEmpty else {
            screen.put(session.t("console.coverage.empty"), in: body, line: 1, style: .muted, align: .center)
            return
        }
        if selectedCode == nil || session.state.cells.cell(selectedCode!) == nil {
            selectedCode = gapList.first?.cell.code ?? coverage.first?.cell.code
        }
        // The gap list goes beside the map when both fit, else below it.
        let need = Self.neededWidth(coverage)
        let beside = body.width - need - 1 >= 30
        let mapArea: Rect
        let listArea: Rect
        if beside {
            let split = body.splitLeft(need + 1)
            mapArea = split.left
            listArea = split.rest
        } else {
            let rows = (Self.place(coverage, width: body.width).map(\.row).max() ?? 0) + 1
            let split = body.splitTop(min(rows, max(1, body.height - 4)))
            mapArea = split.top
            listArea = split.rest
        }
        lastMapWidth = mapArea.width
        for cell in Self.place(coverage, width: mapArea.width) where cell.row < mapArea.height && cell.col < mapArea.width {
            let style = cell.code == selectedCode ? Style.selected : Self.style(cell.status)
            screen.put(String(Self.mark(cell.status)) + cell.code, row: mapArea.row + cell.row, col: mapArea.col + cell.col,
                       width: min(TextWidth.columns(of: cell.code) + 1, mapArea.width - cell.col), style: style)
        }
        // Beside or under the map: the selected cell, then the gaps worst first.
        var lines: [(String, Style)] = []
        if let code = selectedCode, let c = coverage.first(where: { $0.cell.code == code }) {
            lines.append((cellLine(c, count: checkInCount(code, session), session), .normal))
        }
        lines.append((session.t(nightOnly ? "console.coverage.gaps_title_night" : "console.coverage.gaps_title", [
            "count": String(gapList.count), "gaps": String(gapList.filter { $0.status == .gap }.count),
            "never": String(gapList.filter { $0.status == .never }.count)]), .header))
        if gapList.isEmpty { lines.append((session.t("console.coverage.no_gaps"), .ok)) }
        var area = listArea
        if beside {
            for y in 0..<area.height { screen.put("│", row: area.row + y, col: area.col, style: .border) }
            area = Rect(row: area.row, col: area.col + 1, width: area.width - 1, height: area.height)
        }
        for (n, line) in lines.enumerated() where n < area.height {
            screen.put(line.0, in: area, line: n, style: line.1)
        }
        // Gaps fill the remaining rows, in as many columns of 38 as fit (only those shown are
        // written out, each with its check-ins in the period).
        let rowsLeft = max(0, area.height - lines.count)
        guard rowsLeft > 0 else { return }
        let columns = max(1, area.width / 38)
        let colWidth = area.width / columns
        let capacity = rowsLeft * columns
        let entries = gapList.prefix(capacity).map { gap -> (String, Style) in
            var text = Self.gapText(gap, session, night: nightOnly)
            let count = checkInCount(gap.cell.code, session)
            if count > 0 { text += " ·" + String(count) }
            return (text, gap.cell.code == selectedCode ? .selected : (gap.status == .never ? .warn : .error))
        }
        for (i, entry) in entries.enumerated() {
            var text = entry.0
            if i == capacity - 1 && gapList.count > capacity {
                text = session.t("console.overview.more", ["count": String(gapList.count - capacity + 1)])
            }
            screen.put(" " + text, row: area.row + lines.count + i % rowsLeft, col: area.col + (i / rowsLeft) * colWidth,
                       width: colWidth - 1, style: entry.1)
        }
    }

    /// A cell's check-ins in the period (night ones only in night mode).
    private func checkInCount(_ code: String, _ session: ConsoleSession) -> Int {
        let state = session.state
        let list = state.patrols.checkIns(cell: code, from: periodStart(session), to: session.now.addingTimeInterval(1))
        return nightOnly ? list.filter { state.policy.isNight($0.at) }.count : list.count
    }

    private func cellLine(_ c: CellCoverage, count: Int, _ session: ConsoleSession) -> String {
        let status = statusText(c.status, session)
        let last = c.lastCheckIn.map { session.dayClock($0) } ?? "—"
        return session.t("console.coverage.cell_line", [
            "code": c.cell.code, "name": c.cell.name, "status": status, "last": last,
            "window": String(c.windowHours), "count": String(count),
            "period": session.t("console.coverage.period.\(period)")])
    }

    private func renderDetail(_ cell: Cell, into screen: Screen, rect: Rect, session: ConsoleSession) {
        let state = session.state
        let coverage = statuses(session).first { $0.cell.code == cell.code } ?? state.coverage(of: cell, now: session.now)
        var line = 0
        func put(_ text: String, _ style: Style = .normal) {
            guard line < rect.height else { return }
            screen.put(text, in: rect, line: line, style: style)
            line += 1
        }
        put(session.t("console.coverage.detail.title", [
            "code": cell.code, "name": cell.name, "community": cell.community, "kind": session.name(cell.kind),
            "window": String(coverage.windowHours),
        ]) + (cell.keySite ? "  " + session.t("console.coverage.key_site") : ""), .header)
        let statusStyle: Style = coverage.status == .covered ? .ok : coverage.status == .dueSoon ? .warn : .error
        put(session.t("console.coverage.detail.status", [
            "status": statusText(coverage.status, session),
            "last": coverage.lastCheckIn.map { session.fullTime($0) } ?? "—",
            "due": coverage.dueAt.map { session.dayClock($0) } ?? "—",
        ]), statusStyle)
        line += 1
        // Hour-of-day strip over the period.
        let from = periodStart(session)
        var hours = [Int](repeating: 0, count: 24)
        let list = state.patrols.checkIns(cell: cell.code, from: from, to: session.now.addingTimeInterval(1))
        for c in list { hours[OfficeTime.hour(c.at)] += 1 }
        let stripLabel = session.t("console.coverage.detail.hours", [
            "period": session.t("console.coverage.period.\(period)")])
        if line + 2 <= rect.height {
            HourStrip.render(counts: hours, label: stripLabel, into: screen,
                             rect: Rect(row: rect.row + line, col: rect.col, width: rect.width, height: 2))
            line += 3
        }
        put(session.t("console.coverage.detail.history", ["count": String(list.count)]), .header)
        let trail = (state.patrols.trails[cell.code]?.checkIns ?? []).map { state.patrols.checkIns[$0] }
            .filter { !$0.voided }.reversed()
        for c in trail.prefix(max(0, rect.height - line)) {
            let patrol = state.patrols.patrol(c.patrol)
            put("  " + session.fullTime(c.at) + "  " + c.patrol + "  "
                + (patrol.map { session.name($0.mode) + " " + session.officerName($0.lead) } ?? "")
                + (c.note.map { "  " + $0 } ?? ""))
        }
    }
}
