import Foundation
import JingwuJournal

// The population's reports (in the one catalogue, `ReportCatalogue.all`): 实有人口 by status per
// 网格 and point, 暂住登记 expiring, 联户长 coverage by unit; and the coverage roll-up by 网格
// that the coverage report and the handover show.

extension ReportBuilder {
    /// `G01 花园网格`, or the community's default 网格.
    func gridName(_ ref: GridRef) -> String {
        guard let code = ref.code else { return strings.text("population.grid.default", ["community": ref.community]) }
        return state.population.grid(code).map { "\(code) \($0.name)" } ?? code
    }
    func gridValue(_ ref: GridRef) -> ReportValue {
        ReportValue(display: gridName(ref), json: ref.code.map(JSONValue.string) ?? .null)
    }
    /// The 网格员: a roster person (`李辅(F1021)`), a name, or nothing.
    func workerValue(_ grid: Grid?) -> ReportValue {
        if let badge = grid?.worker { return officerValue(badge) }
        return .text(grid?.workerName)
    }

    /// Coverage rolled up by 网格 (points kept by point; this counts them).
    func gridCoverageSection(_ key: String, _ title: String, _ grids: [GridCoverage]) -> ReportSection {
        ReportSection(
            key: key, title: title,
            columns: [col("grid", max: 20), col("community", max: 12), col("grid_worker", max: 16),
                      col("patrol_points", numeric: true), col("points_covered", numeric: true),
                      col("points_due_soon", numeric: true), col("points_gap", numeric: true),
                      col("points_never", numeric: true)],
            rows: grids.map { g in
                [gridValue(g.ref), .text(g.ref.community), workerValue(g.grid), .int(g.points.count),
                 .int(g.count(.covered)), .int(g.count(.dueSoon)), .int(g.count(.gap)), .int(g.count(.never))]
            }, emptyText: none)
    }

    /// 实有人口 by status per 网格 (its total line) and per point.
    public func populationByStatus(_ lines: [PopulationLine], at: Date) -> ReportDocument {
        let totals = lines.filter { $0.cell == nil }
        var byStatus: [Residency: Int] = [:]
        for line in totals { for (s, n) in line.byStatus { byStatus[s, default: 0] += n } }
        var figures = [
            ReportFigure("households", t("fig.households"), .int(totals.map(\.households).reduce(0, +))),
            ReportFigure("residents", t("fig.residents"), .int(totals.map(\.residents).reduce(0, +))),
        ]
        for status in Residency.allCases {
            figures.append(ReportFigure(ReportBuilder.camelCase(status.rawValue.replacingOccurrences(of: "-", with: "_")),
                                        status.name(strings), .int(byStatus[status] ?? 0)))
        }
        let section = ReportSection(
            key: "byPlace", title: t("section.population_by_place"),
            columns: [col("grid", max: 20), col("cell", max: 20), col("households", numeric: true)]
                + Residency.allCases.map { ReportColumn(ReportBuilder.camelCase($0.rawValue.replacingOccurrences(of: "-", with: "_")),
                                                        $0.name(strings), numeric: true) }
                + [col("residents", numeric: true)],
            rows: lines.map { line in
                [gridValue(line.grid), line.cell.map(cellValue) ?? .text(t("population.grid_total")), .int(line.households)]
                    + Residency.allCases.map { .int(line.byStatus[$0] ?? 0) } + [.int(line.residents)]
            }, emptyText: none)
        return ReportDocument(kind: "population", title: t("title.population"), heading: heading, from: at, to: at,
                              periodText: t("at", ["time": ReportFormat.short(at, withYear: true)]), figures: figures,
                              sections: [section])
    }

    /// 暂住登记 expiring within `days` days of `at` (or already past).
    public func expiringStays(_ stays: [ExpiringStay], days: Int, at: Date) -> ReportDocument {
        let figures = [
            ReportFigure("expiring", t("fig.stays_expiring", ["days": String(days)]),
                         .int(stays.filter { $0.daysLeft >= 0 }.count)),
            ReportFigure("expired", t("fig.stays_expired"), .int(stays.filter { $0.daysLeft < 0 }.count)),
        ]
        let section = ReportSection(
            key: "stays", title: t("section.stays_expiring", ["days": String(days)]),
            columns: [col("resident"), col("name", max: 12), col("id_number"), col("address", max: 30), col("rental"),
                      col("landlord", max: 12), col("stay_from"), col("stay_until"), col("days_left", numeric: true)],
            rows: stays.map { s in
                [.text(s.resident.id), .text(s.resident.name), .text(Privacy.maskIDNumber(s.resident.idNumber)),
                 .text(s.household.address), .text(s.rental?.id), .text(s.rental?.landlord), .day(s.resident.stayFrom),
                 .day(s.resident.stayUntil), .int(s.daysLeft)]
            }, emptyText: none)
        return ReportDocument(kind: "stays", title: t("title.stays"), heading: heading, from: at, to: at,
                              periodText: t("at", ["time": ReportFormat.short(at, withYear: true)]), figures: figures,
                              sections: [section])
    }

    /// 联户长 coverage by unit: units covered / units, leaders over the policy's maximum, units with none.
    public func leaderCoverage(_ units: [UnitCoverage], _ spans: [LeaderSpan], at: Date) -> ReportDocument {
        let policy = state.policy.population
        let covered = units.filter { !$0.leaders.isEmpty }
        let over = spans.filter { $0.households > policy.leaderMaxHouseholds }
        let households = state.population.households.all.count
        let led = state.population.households.all.filter { state.population.leader(of: $0) != nil }.count
        let figures = [
            ReportFigure("unitsCovered", t("fig.units_covered"), rate(covered.count, units.count)),
            ReportFigure("householdsLed", t("fig.households_led"), rate(led, households)),
            ReportFigure("leaders", t("fig.leaders"), .int(spans.count)),
            ReportFigure("leadersOver", t("fig.leaders_over", ["max": String(policy.leaderMaxHouseholds)]), .int(over.count)),
            ReportFigure("unitsWithout", t("fig.units_without"), .int(units.count - covered.count)),
        ]
        func unitRow(_ u: UnitCoverage) -> [ReportValue] {
            [.text(u.key), .text(u.building.name), cellValue(u.building.cell), .int(u.households),
             list(u.leaders.map(officer))]
        }
        let unitColumns = [col("unit"), col("building", max: 20), col("cell", max: 20), col("households", numeric: true),
                           col("leaders", max: 30)]
        let sections = [
            ReportSection(key: "unitsWithout", title: t("section.units_without"), columns: unitColumns,
                          rows: units.filter { $0.leaders.isEmpty }.map(unitRow), emptyText: none),
            ReportSection(key: "leadersOver", title: t("section.leaders_over", ["max": String(policy.leaderMaxHouseholds)]),
                          columns: [col("leader", max: 20), col("households", numeric: true), col("units", numeric: true)],
                          rows: over.map { [officerValue($0.leader), .int($0.households), .int($0.units)] }, emptyText: none),
            ReportSection(key: "units", title: t("section.units"), columns: unitColumns, rows: units.map(unitRow),
                          emptyText: none),
        ]
        return ReportDocument(kind: "leaders", title: t("title.leaders"), heading: heading, from: at, to: at,
                              periodText: t("at", ["time": ReportFormat.short(at, withYear: true)]), figures: figures,
                              sections: sections)
    }
}
