import Foundation
import JingwuDomain
import JingwuResources
import JingwuTerminal

/// The 网格 screen's households (`w` on the map): 网格 → 楼栋 → 单元 → 户 → 人, Enter one level
/// down, Esc one level up (and from the 网格 list back to the map). Every list is searchable
/// with `/` (a filter on the list's text, as the handover history's). Forms add a 楼栋 (at the
/// 楼栋 level), a 户 (单元 and 户 levels), a resident (人 level) and register a 户 as 出租屋 (`r`),
/// through the same commands as `jingwu building add`, `household add`, `resident add`,
/// `rental add`. ID numbers are shown masked (the table masks every number it shows); the
/// whole number is revealed only through `jingwu person reveal --person R0001`, as a key person's.
///
/// Session 11 (issue 19's missing forms): on the 网格 list `a` adds a 网格 (`grid add`) and `m`
/// corrects one (its name, 网格员 or 网格员姓名: `event amend` on its `GridAdded`, with a reason);
/// on a 网格's 楼栋 list `p` moves a point of its community into it (`event amend --set grid=`
/// on the point's `CellAdded`); on the 单元 and 户 lists `l` assigns a 联户长 (`leader assign`),
/// on the 户 list `i` records an inspection of a 出租屋 (`rental inspect`), and on the residents
/// list `s` changes a resident's 人户状态 (`event amend --set status=` on `ResidentRegistered`).
/// No new event type: what may change is what the payloads declare amendable.
///
/// Session 12: on the 单元 and 户 lists `d` voids a 联户长 assignment (the ones leading the selected
/// 单元 or 户 to choose from, a reason, then a yes/no: `EntryVoided`, as `jingwu leader void`), and
/// the message recounts what the void leaves (the 联户长's households, units left without one, a
/// 联户长 given units back who is now over the policy's number); `m` 更正网格 clears the 网格员 when its
/// fields are emptied; `s` on a resident corrects the 暂住登记's dates as well as the status.
final class GridDrillDown {
    enum Level: Equatable {
        case grids
        case buildings(GridRef)
        case units(String)
        case households(String, Int)
        case residents(String)
    }

    enum FormKind: Equatable {
        case building(GridRef)
        case household(String, Int)
        case resident(String)
        case rental(String)
        case grid
        case gridAmend(String)
        case movePoint(GridRef)
        case leader
        case inspection(String)
        case status(String)
        /// 作废联户长指定: the assignments offered, by their events, in the choice's order.
        case voidLeader(String, [UUID])
    }

    private(set) var stack: [Level] = [.grids]
    private(set) var table = StyledTable(columns: [], emptyText: "")
    /// The filter of each level (by depth), and the one being typed.
    private var filters: [Int: String] = [:]
    private var filterField: TextField?
    private var form: (kind: FormKind, form: Form)?
    /// The yes/no before an assignment is voided: its event and the reason typed.
    private var confirm: (event: UUID, reason: String, dialog: ConfirmDialog)?
    /// The selected row of each level (by depth), kept when going down and back up.
    private var selections: [Int: String] = [:]
    private var pageHeight = 10
    /// A report opened from the 网格 list (`s` 实有人口, `e` 暂住到期, `l` 联户长覆盖), while open.
    private(set) var preview: PrintPreview?
    /// The reports the 网格 list opens, by key.
    static let reports: [(key: Character, id: String)] = [("s", "population"), ("e", "stays"), ("l", "leaders")]

    var level: Level { stack.last ?? .grids }
    var capturesText: Bool { form != nil || filterField != nil || confirm != nil }
    var hasUnsavedInput: Bool { form?.form.isDirty ?? false }
    var filter: String { filters[stack.count - 1] ?? "" }

    /// A 网格's id in the table: its code, or `~` and the community for a default one.
    static func id(_ ref: GridRef) -> String { ref.code ?? "~" + ref.community }
    static func ref(_ id: String, _ state: OfficeState) -> GridRef? { state.grids().first { Self.id($0.ref) == id }?.ref }

    // MARK: Keys

    func keys(_ session: ConsoleSession) -> ConsoleKeyTable {
        func t(_ key: String) -> String { session.t(key) }
        if form != nil { return FormKit.keys(session) }
        if confirm != nil { return FormKit.confirmKeys(session) }
        if let preview { return preview.keys(session) }
        if filterField != nil {
            return ConsoleKeyTable([
                KeyBinding("apply", keys: [.enter], label: t("console.population.key.apply")),
                KeyBinding("cancel", keys: [.escape], label: t("console.key.cancel")),
                FormKit.edit,
            ])
        }
        var rows: [KeyBinding<ScreenAction>] = []
        switch level {
        case .residents: break
        default: rows.append(KeyBinding("open", keys: [.enter], label: t("console.population.key.open")))
        }
        switch level {
        case .grids:
            rows.append(KeyBinding("add", keys: [.character("a")], label: t("console.population.key.add_grid")))
            rows.append(KeyBinding("amendGrid", keys: [.character("m")], label: t("console.population.key.amend_grid")))
            // In help, not in the hint line (it is full): 统计's 更多报表 (`m`) opens them too.
            for report in Self.reports {
                rows.append(KeyBinding(ScreenAction("report-" + report.id), keys: [.character(report.key)],
                                       label: t("report.kind." + report.id), showsInHints: false))
            }
        case .buildings:
            rows.append(KeyBinding("add", keys: [.character("a")], label: t("console.population.key.add_building")))
            rows.append(KeyBinding("movePoint", keys: [.character("p")], label: t("console.population.key.move_point")))
        case .units, .households:
            rows.append(KeyBinding("add", keys: [.character("a")], label: t("console.population.key.add_household")))
            rows.append(KeyBinding("leader", keys: [.character("l")], label: t("console.population.key.leader")))
            // In the hint line on the 单元 list; on the 户 list (full at 80 columns) in help only.
            var onUnits = false
            if case .units = level { onUnits = true }
            rows.append(KeyBinding("voidLeader", keys: [.character("d")], label: t("console.population.key.void_leader"),
                                   showsInHints: onUnits))
        case .residents:
            rows.append(KeyBinding("add", keys: [.character("a")], label: t("console.population.key.add_resident")))
            rows.append(KeyBinding("status", keys: [.character("s")], label: t("console.population.key.status")))
        }
        if case .households = level {
            // Both keys always act (and are in help); the hint line, full at 80 columns, shows
            // the one for the selected 户: 出租屋登记 for a 户 that is not one, 检查 for one that is.
            let rental = table.selectedID.flatMap { session.state.population.rental(ofHousehold: $0) } != nil
            rows.append(KeyBinding("rental", keys: [.character("r")], label: t("console.population.key.rental"),
                                   showsInHints: !rental))
            rows.append(KeyBinding("inspect", keys: [.character("i")], label: t("console.population.key.inspect"),
                                   showsInHints: rental))
        }
        rows += [
            KeyBinding("filter", keys: [.character("/")], label: t("console.population.key.filter")),
            KeyBinding("back", keys: [.escape], label: t("console.key.back")),
            KeyBinding("move", keys: [.up, .down, .pageUp, .pageDown], label: t("console.key.move"), showsInHints: false,
                       quietKeys: [.home, .end]),
        ]
        return ConsoleKeyTable(rows)
    }

    // MARK: Rows

    func reload(_ session: ConsoleSession) {
        let state = session.state
        func t(_ key: String, _ args: [String: String] = [:]) -> String { session.t(key, args) }
        func col(_ key: String, _ width: TableColumn.Width, _ align: TextWidth.Alignment = .left) -> TableColumn {
            TableColumn(t("console.population.col." + key), width: width, align: align)
        }
        var rows: [[String]] = []
        var ids: [String] = []
        var styles: [Style] = []
        var next: StyledTable
        switch level {
        case .grids:
            next = StyledTable(columns: [col("grid", .flexible(min: 12)), col("worker", .fixed(10)), col("points", .fixed(4), .right),
                                         col("gaps", .fixed(4), .right), col("buildings", .fixed(4), .right),
                                         col("households", .fixed(5), .right)],
                               emptyText: t("console.population.empty.grids"), fitted: [0])
            let coverage = state.coverageByGrid(now: session.now)
            let households = Dictionary(grouping: state.population.allHouseholds, by: \.building)
            for g in coverage {
                let buildings = state.buildings(of: g.ref)
                rows.append([CoverageScreen.gridName(g.ref, session), Self.worker(g.grid, session), String(g.points.count),
                             String(g.gaps), String(buildings.count),
                             String(buildings.map { households[$0.id]?.count ?? 0 }.reduce(0, +))])
                ids.append(Self.id(g.ref))
                styles.append(g.gaps > 0 ? .error : .normal)
            }
        case .buildings(let ref):
            next = StyledTable(columns: [col("building", .fixed(6)), col("name", .flexible(min: 10)), col("cell", .fixed(12)),
                                         col("units", .fixed(4), .right), col("households", .fixed(5), .right),
                                         col("uncovered", .fixed(8), .right)],
                               emptyText: t("console.population.empty.buildings"), fitted: [0, 2])
            let coverage = Dictionary(grouping: state.unitCoverage(), by: \.building.id)
            for b in state.buildings(of: ref) {
                let units = coverage[b.id] ?? []
                let cell = state.cells.cell(b.cell).map { "\($0.code) \($0.name)" } ?? b.cell
                rows.append([b.id, b.name, cell, String(b.units), String(units.map(\.households).reduce(0, +)),
                             String(units.filter { $0.leaders.isEmpty }.count)])
                ids.append(b.id)
                styles.append(units.contains { $0.leaders.isEmpty } ? .warn : .normal)
            }
        case .units(let building):
            next = StyledTable(columns: [col("unit", .fixed(8)), col("households", .fixed(5), .right),
                                         col("leader", .flexible(min: 10))],
                               emptyText: t("console.population.empty.units"), fitted: [0])
            for u in state.unitCoverage() where u.building.id == building {
                rows.append([t("console.population.unit", ["unit": String(u.unit)]), String(u.households),
                             u.leaders.isEmpty ? t("console.population.no_leader")
                                 : u.leaders.map { "\(session.officerName($0))(\($0))" }.joined(separator: "、")])
                ids.append(u.key)
                styles.append(u.leaders.isEmpty ? .warn : .normal)
            }
        case .households(let building, let unit):
            next = StyledTable(columns: [col("household", .fixed(7)), col("door", .fixed(6)), col("address", .flexible(min: 12)),
                                         col("residents", .fixed(4), .right), col("rental", .fixed(6)),
                                         col("leader", .fixed(8))],
                               emptyText: t("console.population.empty.households"), fitted: [0, 1])
            for h in state.population.households(in: building) where h.unit == unit {
                let rental = state.population.rental(ofHousehold: h.id)
                rows.append([h.id, h.door, h.address, String(state.population.residents(of: h.id).count), rental?.id ?? "",
                             state.population.leader(of: h).map(session.officerName) ?? ""])
                ids.append(h.id)
                styles.append(.normal)
            }
        case .residents(let household):
            next = StyledTable(columns: [col("resident", .fixed(6)), col("person_name", .fixed(8)), col("id_number", .fixed(18)),
                                         col("status", .fixed(10)), col("stay_until", .flexible(min: 10))],
                               emptyText: t("console.population.empty.residents"), fitted: [0, 1, 3])
            let soon = session.now.addingTimeInterval(Double(state.policy.population.stayExpiringDays) * 86400)
            for r in state.population.residents(of: household) {
                rows.append([r.id, r.name, Privacy.maskIDNumber(r.idNumber), session.name(r.status),
                             r.stayUntil.map(LocalDay.format) ?? ""])
                ids.append(r.id)
                styles.append(r.stayUntil.map { $0 <= soon } == true ? .warn : .normal)
            }
        }
        // The filter (ListFilter): names, addresses, what the row shows; never an ID number.
        if !filter.isEmpty {
            var skip = Set<Int>()
            if case .residents = level { skip = [2] }
            let keep = rows.indices.filter { ListFilter.keeps(filter, id: ids[$0], cells: rows[$0], skip: skip) }
            rows = keep.map { rows[$0] }; ids = keep.map { ids[$0] }; styles = keep.map { styles[$0] }
        }
        if !filter.isEmpty, rows.isEmpty {
            next.emptyText = t("console.population.empty.filtered", ["text": Self.shown(filter)])
        }
        next.setRows(rows, styles: styles, ids: ids)
        table = next
        table.select(id: selections[stack.count - 1])
    }

    /// A filter as it is shown back (the heading, the empty list): control characters gone, a
    /// number typed in (an ID number) masked as every number on screen is.
    static func shown(_ filter: String) -> String { Privacy.maskNumbers(in: CleanText.strip(filter)) }

    static func worker(_ grid: Grid?, _ session: ConsoleSession) -> String {
        guard let grid else { return "" }
        if let badge = grid.worker { return session.officerName(badge) }
        return grid.workerName ?? session.t("population.grid.worker_none")
    }

    // MARK: Actions

    /// The action of a key; `.close` when Esc leaves the 网格 list (back to the map).
    enum Outcome { case effects(Effects), close }

    func perform(_ action: ScreenAction, key: Key, session: ConsoleSession) -> Outcome {
        if var pending = confirm {
            let result = pending.dialog.handle(key)
            if result.contains(.submit) { confirm = nil; return .effects(voidAssignment(pending.event, reason: pending.reason, session)) }
            if result.contains(.cancel) {
                confirm = nil
                session.say(.info, session.t("console.population.void_cancelled"))
                return .effects(.updated)
            }
            confirm = pending
            return .effects(.updated)
        }
        if var current = form {
            let result = current.form.handle(key)
            if result.contains(.cancel) { form = nil; return .effects(.updated) }
            if result.contains(.submit) { return .effects(save(&current, session)) }
            form = current
            return .effects(result.contains(.handled) ? .updated : [])
        }
        if let preview {
            let effects = preview.perform(action, key: key, session: session)
            if preview.closed { self.preview = nil }
            return .effects(effects)
        }
        if var field = filterField {
            switch action {
            case "cancel": filterField = nil
            case "apply":
                filters[stack.count - 1] = field.text.trimmingCharacters(in: .whitespaces)
                filterField = nil
                reload(session)
            default:
                let result = field.handle(key)
                filterField = field
                return .effects(result.contains(.handled) ? .updated : [])
            }
            return .effects(.updated)
        }
        switch action {
        case "back":
            guard stack.count > 1 else { return .close }
            filters[stack.count - 1] = nil
            stack.removeLast()
            reload(session)
            return .effects(.updated)
        case "filter":
            filterField = TextField(text: filter, maxLength: 40)
            return .effects(.updated)
        case "move":
            return .effects(table.handle(key, pageSize: max(1, pageHeight - 1)) ? .updated : .handled)
        case "open":
            guard let id = table.selectedID else { return .effects(.handled) }
            selections[stack.count - 1] = id
            let state = session.state
            switch level {
            case .grids: if let ref = Self.ref(id, state) { stack.append(.buildings(ref)) }
            case .buildings: stack.append(.units(id))
            case .units: if let (b, u) = UnitKey.parse(id) { stack.append(.households(b, u)) }
            case .households: stack.append(.residents(id))
            case .residents: return .effects(.handled)
            }
            reload(session)
            return .effects(.updated)
        case "add":
            switch level {
            case .grids: form = (.grid, gridForm(session))
            case .buildings(let ref): form = (.building(ref), buildingForm(ref, session))
            case .units:
                guard let id = table.selectedID, let (b, u) = UnitKey.parse(id) else { return .effects(.handled) }
                form = (.household(b, u), householdForm(b, u, session))
            case .households(let b, let u): form = (.household(b, u), householdForm(b, u, session))
            case .residents(let h): form = (.resident(h), residentForm(h, session))
            }
            return .effects(.updated)
        case let report where report.name.hasPrefix("report-"):
            preview = PrintPreview.report(String(report.name.dropFirst("report-".count)), session)
            return .effects(.updated)
        case "amendGrid":
            guard let id = table.selectedID, let ref = Self.ref(id, session.state) else { return .effects(.handled) }
            guard let code = ref.code, let grid = session.state.population.grid(code) else {
                session.say(.error, session.t("console.population.grid.default_fixed", ["grid": CoverageScreen.gridName(ref, session)]))
                return .effects(.updated)
            }
            form = (.gridAmend(code), gridAmendForm(grid, session))
            return .effects(.updated)
        case "movePoint":
            // On the default 网格 too: its form moves a point of a 网格 back into it.
            guard case .buildings(let ref) = level else { return .effects(.handled) }
            form = (.movePoint(ref), movePointForm(ref, session))
            return .effects(.updated)
        case "leader":
            guard let id = table.selectedID else { return .effects(.handled) }
            if case .units = level {
                form = (.leader, leaderForm(units: id, households: "", session))
            } else {
                form = (.leader, leaderForm(units: "", households: id, session))
            }
            return .effects(.updated)
        case "voidLeader":
            guard let id = table.selectedID else { return .effects(.handled) }
            let unitLevel: Bool
            if case .units = level { unitLevel = true } else { unitLevel = false }
            let offered = unitLevel ? session.state.leaderAssignments(touching: id)
                : session.state.leaderAssignments(forHousehold: id)
            guard !offered.isEmpty else {
                let error = DomainError(.noAssignment, field: unitLevel ? "unit" : "household", value: id)
                session.say(.error, error.screenMessage(session.strings))
                return .effects(.updated)
            }
            // The one in effect (the latest) first.
            let ordered = Array(offered.reversed())
            form = (.voidLeader(id, ordered.map(\.event)), Form(
                title: session.t("console.population.form.void_leader", ["record": id]), fields: [
                    FormField(id: "assignment", label: session.t("console.population.field.assignment"),
                              editor: .choice(ChoiceList(options: ordered.map { Self.assignmentLine($0, session) }, selected: 0))),
                    FormField(id: "reason", label: session.t("console.population.field.void_reason"),
                              editor: .text(TextField(text: "", maxLength: 200))),
                ], discard: session.discardDialog, limitMessage: session.limitMessage))
            return .effects(.updated)
        case "inspect":
            guard let id = table.selectedID else { return .effects(.handled) }
            guard let rental = session.state.population.rental(ofHousehold: id) else {
                session.say(.error, session.t("console.population.not_rental", ["household": id]))
                return .effects(.updated)
            }
            form = (.inspection(rental.id), Form(title: session.t("console.population.form.inspection", [
                "rental": rental.id, "household": id, "landlord": rental.landlord]), fields: [
                FormKit.text("conditions", session, max: 200), FormKit.text("tenants", session, max: 3),
            ] + FormKit.timeFields(session), discard: session.discardDialog, limitMessage: session.limitMessage))
            return .effects(.updated)
        case "status":
            guard let id = table.selectedID, let resident = session.state.population.resident(id) else {
                return .effects(.handled)
            }
            let placeholder = session.t("console.population.day_placeholder")
            form = (.status(id), Form(title: session.t("console.population.form.status", ["resident": id, "name": resident.name]),
                                      fields: [
                                          FormKit.choice("status", Residency.self, session, selected: resident.status),
                                          FormKit.text("stay-from", session, value: resident.stayFrom.map(LocalDay.format) ?? "",
                                                       max: 10, placeholder: placeholder),
                                          FormKit.text("stay-until", session, value: resident.stayUntil.map(LocalDay.format) ?? "",
                                                       max: 10, placeholder: placeholder),
                                          Self.reasonField(session),
                                      ], discard: session.discardDialog, limitMessage: session.limitMessage))
            return .effects(.updated)
        case "rental":
            guard let id = table.selectedID else { return .effects(.handled) }
            form = (.rental(id), Form(title: session.t("console.population.form.rental", ["household": id]), fields: [
                FormKit.text("landlord", session, max: 40), FormKit.text("landlord-phone", session, max: 20),
            ], discard: session.discardDialog, limitMessage: session.limitMessage))
            return .effects(.updated)
        default:
            return .effects([])
        }
    }

    // MARK: Forms

    private func buildingForm(_ ref: GridRef, _ session: ConsoleSession) -> Form {
        let points = session.state.points(of: ref).map { CompletionItem(code: $0.code, name: $0.name) }
        return Form(title: session.t("console.population.form.building", ["grid": CoverageScreen.gridName(ref, session)]),
                    fields: [
                        FormKit.text("name", session, max: 40),
                        FormField(id: "cell", label: FormKit.label("cell", session),
                                  editor: .completion(CompletionField(items: points, text: ""))),
                        FormKit.text("units", session, value: "2", max: 2),
                    ], discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    private func householdForm(_ building: String, _ unit: Int, _ session: ConsoleSession) -> Form {
        let name = session.state.population.building(building)?.name ?? building
        return Form(title: session.t("console.population.form.household", ["building": name, "unit": String(unit)]), fields: [
            FormKit.text("door", session, max: 10),
            FormKit.text("address", session, value: name + session.t("console.population.unit", ["unit": String(unit)]), max: 80),
        ], discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    private func residentForm(_ household: String, _ session: ConsoleSession) -> Form {
        Form(title: session.t("console.population.form.resident", ["household": household]), fields: [
            FormField(id: "name", label: session.t("console.population.col.person_name"),
                      editor: .text(TextField(text: "", maxLength: 40))),
            FormKit.text("id-number", session, max: 18),
            FormKit.choice("status", Residency.self, session),
            FormKit.text("stay-from", session, max: 10, placeholder: session.t("console.population.day_placeholder")),
            FormKit.text("stay-until", session, max: 10, placeholder: session.t("console.population.day_placeholder")),
        ], discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    /// A correction's reason (更正原因): `event amend --reason`, required.
    static func reasonField(_ session: ConsoleSession) -> FormField {
        FormField(id: "reason", label: session.t("console.population.field.amend_reason"),
                  editor: .text(TextField(text: "", maxLength: 200)))
    }

    /// 新增网格: code, name, community (the selected row's first), 网格员 on the roster or by name.
    private func gridForm(_ session: ConsoleSession) -> Form {
        let communities = session.state.communities
        let current = table.selectedID.flatMap { Self.ref($0, session.state) }?.community
        return Form(title: session.t("console.population.form.grid"), fields: [
            FormField(id: "code", label: session.t("console.population.field.grid_code"),
                      editor: .text(TextField(text: "", maxLength: 20))),
            FormKit.text("name", session, max: 40),
            FormField(id: "community", label: FormKit.label("community", session),
                      editor: .choice(ChoiceList(options: communities,
                                                 selected: current.flatMap { communities.firstIndex(of: $0) } ?? 0))),
            FormKit.officers("worker", session),
            FormKit.text("worker-name", session, max: 40),
        ], discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    /// 更正网格: what `GridAdded` declares amendable (name, 网格员, 网格员姓名), with a reason.
    private func gridAmendForm(_ grid: Grid, _ session: ConsoleSession) -> Form {
        Form(title: session.t("console.population.form.grid_amend", ["grid": grid.code + " " + grid.name]), fields: [
            FormKit.text("name", session, value: grid.name, max: 40),
            FormKit.officers("worker", session, value: grid.worker ?? ""),
            FormKit.text("worker-name", session, value: grid.workerName ?? "", max: 40),
            Self.reasonField(session),
        ], discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    /// 移入点位: a point of the 网格's community, now in another 网格 (or none), into this one — or,
    /// with 网格 left empty, back into the community's default 网格 (「未分网格」).
    private func movePointForm(_ ref: GridRef, _ session: ConsoleSession) -> Form {
        let state = session.state
        let points = state.cells.all.filter { $0.community == ref.community && state.gridRef(of: $0) != ref }
            .map { CompletionItem(code: $0.code, name: $0.name) }
        let grids = state.grids().compactMap(\.grid).filter { $0.community == ref.community }
            .map { CompletionItem(code: $0.code, name: $0.name) }
        return Form(title: session.t("console.population.form.move_point", ["grid": CoverageScreen.gridName(ref, session)]),
                    fields: [
                        FormField(id: "cell", label: FormKit.label("cell", session),
                                  editor: .completion(CompletionField(items: points, text: ""))),
                        FormField(id: "grid", label: FormKit.label("grid", session),
                                  editor: .completion(CompletionField(items: grids, text: ref.code ?? "")),
                                  placeholder: session.t("console.population.grid_placeholder")),
                        Self.reasonField(session),
                    ], discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    /// 指定联户长: a household leader (role 联户长) over the units and households typed (the
    /// selected one prefilled), as `leader assign` takes them.
    private func leaderForm(units: String, households: String, _ session: ConsoleSession) -> Form {
        Form(title: session.t("console.population.form.leader"), fields: [
            FormKit.officers("leader", session, where: { $0.role == .householdLeader }),
            FormField(id: "units", label: FormKit.label("units", session),
                      editor: .text(TextField(text: units, maxLength: 400)),
                      placeholder: session.t("console.population.units_placeholder")),
            FormField(id: "households", label: session.t("console.population.col.household"),
                      editor: .text(TextField(text: households, maxLength: 400)),
                      placeholder: session.t("console.population.households_placeholder")),
        ], discard: session.discardDialog, limitMessage: session.limitMessage)
    }

    private func save(_ current: inout (kind: FormKind, form: Form), _ session: ConsoleSession) -> Effects {
        let v = current.form.values
        func value(_ id: String) -> String { v[id] ?? "" }
        /// A number or a day typed into a field, or nil with the field's message set.
        func number(_ id: String) -> Int? {
            if let n = Int(value(id).trimmingCharacters(in: .whitespaces)) { return n }
            current.form.setMessage(DomainError(.invalid, field: id, value: value(id)).screenMessage(session.strings), for: id)
            current.form.focus(on: id)
            return nil
        }
        func day(_ id: String) -> Date?? {
            let text = value(id).trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return .some(nil) }
            if let date = LocalDay.parse(text) { return .some(date) }
            current.form.setMessage(DomainError(.invalid, field: id, value: text).screenMessage(session.strings), for: id)
            current.form.focus(on: id)
            return nil
        }
        let outcome: Result<WriteResult, Refusal>
        let fallback: String
        switch current.kind {
        case .building:
            guard let units = number("units") else { form = current; return .updated }
            outcome = session.execute(AddBuilding(name: value("name"), cell: value("cell"), units: units))
            fallback = "name"
        case .household(let b, let u):
            outcome = session.execute(AddHousehold(building: b, unit: u, door: value("door"), address: value("address")))
            fallback = "door"
        case .resident(let h):
            guard let from = day("stay-from"), let until = day("stay-until") else { form = current; return .updated }
            outcome = session.execute(RegisterResident(household: h, name: value("name"), idNumber: value("id-number"),
                                                       status: FormKit.chosen(current.form, "status", Residency.self),
                                                       stayFrom: from, stayUntil: until))
            fallback = "name"
        case .rental(let h):
            outcome = session.execute(RegisterRental(household: h, landlord: value("landlord"),
                                                     landlordPhone: value("landlord-phone").isEmpty ? nil : value("landlord-phone")))
            fallback = "landlord"
        case .grid:
            func optional(_ id: String) -> String? {
                let text = value(id).trimmingCharacters(in: .whitespaces)
                return text.isEmpty ? nil : text
            }
            outcome = session.execute(AddGrid(code: value("code"), name: value("name"), community: value("community"),
                                              worker: optional("worker"), workerName: optional("worker-name")))
            fallback = "code"
        case .gridAmend(let code):
            guard let grid = session.state.population.grid(code) else { form = nil; return .updated }
            var changes: [String: String] = [:]
            for (id, was) in [("name", grid.name), ("worker", grid.worker ?? ""), ("worker-name", grid.workerName ?? "")] {
                let now = value(id).trimmingCharacters(in: .whitespaces)
                guard now != was else { continue }
                // An emptied 网格员 or 网格员姓名 is cleared (the name is required: AmendEntry says so at 名称).
                changes[id] = now
            }
            if changes.isEmpty { return unchanged(&current, "name", session) }
            outcome = session.execute(AmendEntry(event: grid.event, reason: value("reason"), changes: changes))
            fallback = "name"
        case .movePoint:
            let code = value("cell").trimmingCharacters(in: .whitespaces)
            guard let cell = session.state.cells.cell(code) ?? session.state.cells.cell(code.uppercased()) else {
                let error = code.isEmpty ? DomainError(.required, field: "cell") : DomainError(.unknownRecord, field: "cell", value: code)
                current.form.setMessage(error.screenMessage(session.strings), for: "cell")
                current.form.focus(on: "cell")
                form = current
                return .updated
            }
            outcome = session.execute(AmendEntry(event: cell.event, reason: value("reason"), changes: ["grid": value("grid")]))
            fallback = "grid"
        case .leader:
            outcome = session.execute(AssignHouseholdLeader(leader: value("leader"), units: FormKit.list(value("units")),
                                                            households: FormKit.list(value("households"))))
            fallback = "leader"
        case .inspection(let rental):
            var tenants: Int?
            if !value("tenants").trimmingCharacters(in: .whitespaces).isEmpty {
                guard let n = number("tenants") else { form = current; return .updated }
                tenants = n
            }
            guard let time = FormKit.time(&current.form, session) else { form = current; return .updated }
            outcome = session.execute(InspectRental(rental: rental, conditions: value("conditions"), tenants: tenants),
                                      at: time.at, reason: time.reason)
            fallback = "conditions"
        case .status(let id):
            guard let resident = session.state.population.resident(id) else { form = nil; return .updated }
            let status = FormKit.chosen(current.form, "status", Residency.self)
            var changes: [String: String] = [:]
            if status != resident.status { changes["status"] = status.code }
            // A day typed and not the one held is a correction of it; an emptied one is refused (a
            // 暂住登记's dates are corrected, not taken away).
            for (field, held) in [("stay-from", resident.stayFrom), ("stay-until", resident.stayUntil)] {
                guard let typed = day(field) else { form = current; return .updated }
                guard let typed else {
                    if held != nil {
                        current.form.setMessage(DomainError(.required, field: field).screenMessage(session.strings), for: field)
                        current.form.focus(on: field)
                        form = current
                        return .updated
                    }
                    continue
                }
                if typed != held { changes[field] = LocalDay.format(typed) }
            }
            if changes.isEmpty { return unchanged(&current, "status", session) }
            outcome = session.execute(AmendEntry(event: resident.event, reason: value("reason"), changes: changes))
            fallback = "reason"
        case .voidLeader(_, let events):
            guard case .choice(let list)? = current.form.field("assignment")?.editor, events.indices.contains(list.selected)
            else { form = nil; return .updated }
            let reason = value("reason").trimmingCharacters(in: .whitespaces)
            guard !reason.isEmpty else {
                current.form.setMessage(DomainError(.required, field: "reason").screenMessage(
                    session.strings, fieldLabel: session.t("console.population.field.void_reason")), for: "reason")
                current.form.focus(on: "reason")
                form = current
                return .updated
            }
            // Asked before it is written: what the void gives back must read exactly.
            let event = events[list.selected]
            guard let assignment = session.state.population.assignments.first(where: { $0.event == event }) else {
                form = nil
                return .updated
            }
            form = nil
            confirm = (event, reason, ConfirmDialog(
                title: session.t("console.population.void_title"),
                message: session.t("console.population.void_message", ["assignment": Self.assignmentDetail(assignment, session)]),
                yesLabel: session.t("console.yes"), noLabel: session.t("console.no")))
            return .updated
        }
        guard let result = FormKit.written(outcome, &current.form, fallback: fallback, session) else {
            form = current
            return .updated
        }
        form = nil
        switch current.kind {
        case .gridAmend(let code):
            session.say(.ok, session.t("console.population.amended", ["id": code]))
        case .movePoint:
            // Where the point went (the 网格 typed, which need not be the one the form was opened on).
            let code = value("cell").trimmingCharacters(in: .whitespaces).uppercased()
            let now = session.state.cells.cell(code).map { session.state.gridRef(of: $0) }
            session.say(.ok, session.t("console.population.point_moved", [
                "cell": code, "grid": now.map { CoverageScreen.gridName($0, session) } ?? code]))
        case .status(let id):
            session.say(.ok, session.t("console.population.amended", ["id": id]))
        case .inspection(let rental):
            session.say(.ok, session.t("console.population.inspected", ["rental": rental]))
        case .leader:
            // The 联户长 over the policy's number of households is flagged, as `report leaders` does.
            let badge = result.entityID ?? ""
            let max = session.state.policy.population.leaderMaxHouseholds
            let span = session.state.leaderSpans().first { $0.leader == badge }
            let args = ["name": session.officerName(badge), "badge": badge, "households": String(span?.households ?? 0),
                        "units": String(span?.units ?? 0), "max": String(max)]
            if let span, span.households > max {
                session.say(.warn, session.t("console.population.leader_over", args))
            } else {
                session.say(.ok, session.t("console.population.leader_assigned", args))
            }
        default:
            session.say(.ok, session.t("console.population.added", ["id": result.entityID ?? ""]))
            if case .rental = current.kind {} else if let id = result.entityID { selections[stack.count - 1] = id }
        }
        return .wrote
    }

    /// An assignment as the void form offers it: 「戴怡（L10303）3 个单元、2 户 · 12-01 10:00」.
    static func assignmentLine(_ a: LeaderAssignment, _ session: ConsoleSession) -> String {
        session.t("console.population.assignment_line", [
            "name": session.officerName(a.leader), "badge": a.leader, "units": String(a.units.count),
            "households": String(a.households.count), "at": session.dayClock(a.at)])
    }

    /// An assignment in full, for the yes/no: who, when, every unit and 户 it names (cut at 160 columns).
    static func assignmentDetail(_ a: LeaderAssignment, _ session: ConsoleSession) -> String {
        let none = session.t("console.population.none")
        return TextWidth.truncate(session.t("console.population.assignment_detail", [
            "name": session.officerName(a.leader), "badge": a.leader, "at": session.dayClock(a.at),
            "units": a.units.isEmpty ? none : a.units.joined(separator: "、"),
            "households": a.households.isEmpty ? none : a.households.joined(separator: "、")]), to: 160)
    }

    /// Voids the assignment after the yes; the message line says what it leaves: the 联户长's
    /// households and units now, the units it named left without any 联户长, and a 联户长 given units
    /// back who is now over the policy's number (as `report leaders` flags them).
    private func voidAssignment(_ event: UUID, reason: String, _ session: ConsoleSession) -> Effects {
        guard let assignment = session.state.population.assignments.first(where: { $0.event == event }) else { return .updated }
        switch session.execute(VoidEntry(event: event, reason: reason)) {
        case .failure(let refusal):
            session.say(.error, refusal.message)
            return .updated
        case .success:
            break
        }
        let state = session.state
        let max = state.policy.population.leaderMaxHouseholds
        let spans = state.leaderSpans()
        let own = spans.first { $0.leader == assignment.leader }
        var text = session.t("console.population.voided", [
            "name": session.officerName(assignment.leader), "badge": assignment.leader,
            "households": String(own?.households ?? 0), "units": String(own?.units ?? 0)])
        var kind: Message.Kind = .ok
        // Units it named (or the units of the 户 it named) now led by nobody.
        let touched = assignment.units + assignment.households.compactMap { state.population.household($0)?.unitKey }
        let uncovered = state.unitsWithoutLeader(Array(Set(touched)).sorted())
        if !uncovered.isEmpty {
            text += session.t("console.population.voided_uncovered", ["units": uncovered.joined(separator: "、"),
                                                                      "count": String(uncovered.count)])
            kind = .warn
        }
        // Whoever leads what it named now (an earlier assignment given its units back), if over the number.
        let heirs = Set(assignment.units.compactMap { state.population.unitLeader[$0] }
            + assignment.households.compactMap { state.population.household($0).flatMap(state.population.leader(of:)) })
        for span in spans where heirs.contains(span.leader) && span.households > max {
            text += session.t("console.population.voided_over", ["name": session.officerName(span.leader), "badge": span.leader,
                                                                 "households": String(span.households), "max": String(max)])
            kind = .warn
        }
        session.say(kind, text)
        // The row stays selected (its 联户长 column redrawn).
        selections[stack.count - 1] = table.selectedID
        reload(session)
        return .wrote
    }

    /// A correction that changes nothing: said at the field, nothing written.
    private func unchanged(_ current: inout (kind: FormKind, form: Form), _ field: String, _ session: ConsoleSession) -> Effects {
        current.form.setMessage(session.t("console.population.unchanged"), for: field)
        current.form.focus(on: field)
        form = current
        return .updated
    }

    // MARK: Drawing

    /// Where the list is: `网格 G01 花园网格 › B0001 花园二区3号楼 › 2单元 › HH0003`.
    func path(_ session: ConsoleSession) -> String {
        let state = session.state
        var parts = [session.t("console.population.grids")]
        for level in stack {
            switch level {
            case .grids: break
            case .buildings(let ref): parts.append(CoverageScreen.gridName(ref, session))
            case .units(let b): parts.append(b + " " + (state.population.building(b)?.name ?? ""))
            case .households(_, let u): parts.append(session.t("console.population.unit", ["unit": String(u)]))
            case .residents(let h): parts.append(h + " " + (state.population.household(h)?.door ?? ""))
            }
        }
        return parts.joined(separator: " › ")
    }

    func render(into screen: Screen, rect: Rect, session: ConsoleSession) {
        if let form {
            form.form.render(into: screen, rect: rect)
            return
        }
        if let preview {
            preview.render(into: screen, rect: rect, session: session)
            return
        }
        let (top, body) = rect.splitTop(1)
        pageHeight = body.height
        if let field = filterField {
            let label = session.t("console.population.filter_label")
            let w = TextWidth.columns(of: label) + 1
            screen.put(label, in: top, style: .hintKey)
            field.render(into: screen, rect: Rect(row: top.row, col: top.col + w, width: top.width - w, height: 1), focused: true)
        } else {
            let filtered = filter.isEmpty ? "" : session.t("console.population.filtered", ["text": Self.shown(filter)])
            screen.put(path(session) + session.t("console.population.count", ["count": String(table.rows.count)]) + filtered,
                       in: top, style: .header)
        }
        table.render(into: screen, rect: body)
        if let confirm { confirm.dialog.render(into: screen, area: rect) }
    }
}
