/// The screens of the console: the nine of the tab bar, in tab order (number keys 1–9), then
/// the roster (人员名册, key 0), which the bar leaves out to stay within 80 columns.
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
    /// 人员名册 (issue 17): enrolments and PINs, key `0`; not drawn in the tab bar.
    case roster = 0

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
        case .roster: return "roster"
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
        case .roster: return RosterScreen()
        }
    }

    /// The tabs the tab bar draws (the roster is reached by its key).
    static var bar: [ConsoleTab] { allCases.filter { $0 != .roster } }
}
