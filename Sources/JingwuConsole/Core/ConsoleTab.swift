/// The nine screens of the console, in tab order (number keys 1–9).
public enum ConsoleTab: Int, CaseIterable, Sendable {
    /// 总览
    case overview = 1
    /// 巡逻
    case patrols
    /// 网格: the coverage map
    case coverage
    /// 重点人员 (issue 6)
    case persons
    /// 矛盾纠纷 (issue 6)
    case disputes
    /// 警情 (issue 6)
    case incidents
    /// 交接班 (issue 7)
    case handover
    /// 日志 (issue 7)
    case journal
    /// 统计 (issue 7)
    case reports

    /// Stable name used in string keys (`console.tab.patrols`).
    public var name: String {
        switch self {
        case .overview: return "overview"
        case .patrols: return "patrols"
        case .coverage: return "coverage"
        case .persons: return "persons"
        case .disputes: return "disputes"
        case .incidents: return "incidents"
        case .handover: return "handover"
        case .journal: return "journal"
        case .reports: return "reports"
        }
    }

    /// The screen for this tab. A new screen is one file plus one line here.
    func makeScreen() -> ConsoleScreen {
        switch self {
        case .overview: return OverviewScreen()
        case .patrols: return PatrolsScreen()
        case .coverage: return CoverageScreen()
        case .persons: return PersonsScreen()
        case .disputes: return DisputesScreen()
        case .incidents: return IncidentsScreen()
        case .handover: return HandoverScreen()
        case .journal: return JournalScreen()
        case .reports: return ReportsScreen()
        }
    }
}
