import Foundation
import JingwuDomain
import JingwuResources

/// What the console knows of its office's sync to the station (派出所), as the background sync
/// last reported it. The console reads it once a second and never waits for the network: the
/// sync runs on its own thread (JingwuStation's `BackgroundStationSync`, wired by the command line).
public struct StationLinkStatus: Equatable, Sendable {
    public enum State: Equatable, Sendable {
        /// No round has finished yet.
        case starting
        /// The last round reached the station and pushed everything it read.
        case synced
        /// The last round could not reach the station, or the connection dropped (`detail`: the operator's
        /// one-line reason). Rounds go on being tried.
        case unreachable(detail: String)
        /// The station answered but its disk is full (SQLSTATE class 53): the batch in flight was not kept.
        /// Rounds go on being tried; the lag grows until the station's administrator makes room.
        case diskFull(detail: String)
        /// The station refused for a reason a retry will not mend by itself (login, schema, a statement).
        case refused(detail: String)
        /// The journal's past differs from the station's copy (recorded there as a conflict): nothing is
        /// pushed any more until the person in charge has looked. `detail`: the operator's one-line message.
        case conflict(seq: UInt64, detail: String)
    }

    public var state: State
    /// The station's head for this journal as the last successful round left it (-1: none held yet);
    /// nil while no round has reached the station (the lag is not known then).
    public var stationHead: Int64?
    /// When a round last reached the station.
    public var lastSynced: Date?
    /// When the round running now started (nil when none is running).
    public var runningSince: Date?

    public init(state: State = .starting, stationHead: Int64? = nil, lastSynced: Date? = nil, runningSince: Date? = nil) {
        self.state = state
        self.stationHead = stationHead
        self.lastSynced = lastSynced
        self.runningSince = runningSince
    }
}

/// The console's side of the background sync: a status to read and a nudge after each append.
/// Implementations do their work on their own thread; none of these calls may wait for the network.
public protocol StationLink: AnyObject, Sendable {
    /// What the sync last reported (cheap: read under a lock).
    func status() -> StationLinkStatus
    /// Something was appended: sync soon (nudges made while a round runs are coalesced into one round after it).
    func nudge()
    /// The console is closing: no new round starts; a round running is left to the process's exit.
    func stop()
}

/// How the title line shows the station link, and when the console tells the officer.
enum StationLinkText {
    /// A round running longer than this is shown as the station not answering.
    static let noAnswerSeconds: TimeInterval = 30

    /// The part of the title line for the link, or nil without a link. `localHead`: the office journal's
    /// head seq; the lag is what the station does not hold yet.
    static func title(_ status: StationLinkStatus, localHead: UInt64, now: Date, session: ConsoleSession) -> String {
        // The lag: records the station does not hold yet (unknown until a round has reached it).
        let lag = status.stationHead.map { String(max(0, Int64(localHead) - $0)) }
        let last = status.lastSynced.map { session.clock($0) }
        let stuck = status.runningSince.map { now.timeIntervalSince($0) >= noAnswerSeconds } ?? false
        func unreachable() -> String {
            lag.map { session.t("console.station.title.unreachable", ["lag": $0]) }
                ?? session.t("console.station.title.unreachable_unknown")
        }
        switch status.state {
        case .conflict:
            // What follows the differing record is not the station's to receive: no lag is shown.
            return session.t("console.station.title.conflict")
        case .refused:
            return lag.map { session.t("console.station.title.refused", ["lag": $0]) }
                ?? session.t("console.station.title.refused_unknown")
        case .unreachable:
            return unreachable()
        case .diskFull:
            return lag.map { session.t("console.station.title.disk_full", ["lag": $0]) }
                ?? session.t("console.station.title.disk_full_unknown")
        case .starting:
            return stuck ? unreachable() : session.t("console.station.title.starting")
        case .synced:
            guard let lag else { return session.t("console.station.title.starting") }
            if stuck { return unreachable() }
            if lag == "0", let last { return session.t("console.station.title.synced", ["time": last]) }
            return session.t(last == nil ? "console.station.title.lagging_never" : "console.station.title.lagging",
                             ["lag": lag, "time": last ?? ""])
        }
    }
}

/// What the read-only console on the station's copy of an office (`jingwu --station URL --office X`)
/// knows of its refresh: the records the station received since are fetched on their own thread
/// (JingwuStation's `StationCopyFeed`, wired by the command line) and appended to the copy's file; the
/// console folds them at its next tick, as it folds another terminal's records.
public struct StationCopyStatus: Equatable, Sendable {
    public enum State: Equatable, Sendable {
        /// The last round reached the station (at first: the copy was just fetched).
        case current
        /// The last round could not reach the station (`detail`: the operator's one-line reason); tried again.
        case unreachable(detail: String)
        /// The station answered and refused (`detail`: its one-line reason, in the station's words); tried again.
        case refused(Refusal, detail: String)
        /// The station's records no longer continue the copy's chain (its copy changed): nothing of it is
        /// folded and no more rounds run. `detail`: the operator's one-line message.
        case diverged(seq: Int64, detail: String)
    }

    /// What the station refused, each said as what it is on the title line.
    public enum Refusal: Equatable, Sendable {
        /// The login (password, role, pg_hba).
        case login
        /// The role may no longer read this office's records (its grant revoked).
        case permission
        /// The station no longer holds this office's journal.
        case office
        /// Any other refusal of a statement.
        case other
    }

    public var state: State
    /// When a round last reached the station.
    public var lastFetched: Date

    public init(state: State = .current, lastFetched: Date) {
        self.state = state
        self.lastFetched = lastFetched
    }
}

/// The console's side of that refresh. Implementations work on their own thread; neither call waits.
public protocol StationCopyLink: AnyObject, Sendable {
    func status() -> StationCopyStatus
    /// The console is closing: no new round starts.
    func stop()
}

extension StationLinkText {
    /// The title line's right part for the read-only copy's refresh: when it last fetched. Nil once the
    /// station's copy was found changed: the mark at the title's start says it (and keeps 【只读】 in view).
    static func copyTitle(_ status: StationCopyStatus, session: ConsoleSession) -> String? {
        let time = session.clock(status.lastFetched)
        switch status.state {
        case .current: return session.t("console.station.copy.fetched", ["time": time])
        case .unreachable: return session.t("console.station.copy.unreachable", ["time": time])
        case .refused(.login, _): return session.t("console.station.copy.login_refused", ["time": time])
        case .refused(.permission, _): return session.t("console.station.copy.not_permitted", ["time": time])
        case .refused(.office, _): return session.t("console.station.copy.office_gone", ["time": time])
        case .refused(.other, _): return session.t("console.station.copy.refused", ["time": time])
        case .diverged: return nil
        }
    }
}
