import Foundation
import JingwuJournal

extension OfficeState {
    // MARK: Incidents

    /// Live incidents logged in `[from, to)`, oldest first.
    public func incidents(from: Date, to: Date) -> [Incident] {
        incidents.incidents.filter { !$0.voided && $0.at >= from && $0.at < to }
    }

    /// Live incidents of the local day of `now`.
    public func incidentsToday(now: Date) -> [Incident] {
        let start = OfficeTime.startOfDay(now)
        return incidents(from: start, to: start.addingTimeInterval(86400))
    }

    /// Incidents not yet closed.
    public var openIncidents: [Incident] { incidents.incidents.filter(\.isOpen) }

    /// Live incidents logged by `date` and not closed by then, oldest first.
    public func openIncidents(at date: Date) -> [Incident] { incidents.incidents.filter { $0.isOpen(at: date) } }

    // MARK: Anti-fraud warnings

    /// Warnings received by `date` that needed action then (no dissuasion by then, or the last one
    /// reached nobody): high level first, then oldest.
    public func fraudWarningsNeedingAction(at date: Date) -> [FraudWarning] {
        fraud.warnings.filter { !$0.voided && $0.at <= date && $0.status(at: date).needsAction }
            .sorted { ($0.level.rank, $0.at, $0.id) < ($1.level.rank, $1.at, $1.id) }
    }
}

// MARK: State as at a moment (README "Figures": what stood at the end of a period, events dated
// at or before it; what happened in a period is what is dated in [from, to))

extension Incident {
    /// Live, logged at or before `date` and not closed by then.
    public func isOpen(at date: Date) -> Bool { !voided && at <= date && !(closedAt.map { $0 <= date } ?? false) }
    /// The disposition if it was closed by `date`; nil while it was still open then.
    public func disposition(at date: Date) -> IncidentDisposition? {
        (closedAt.map { $0 <= date } ?? false) ? disposition : nil
    }
}

extension FraudWarning {
    /// Where the warning stood at `date` (dissuasions at or before it only).
    public func status(at date: Date) -> FraudWarningStatus {
        switch liveDissuasions.last(where: { $0.at <= date })?.outcome {
        case nil: return .pending
        case .unreachable: return .unreachable
        case .dissuaded: return .dissuaded
        case .defrauded: return .defrauded
        }
    }
}
