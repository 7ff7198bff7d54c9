import Foundation
import JingwuConsole
import JingwuDomain
import JingwuResources
import JingwuStation

/// The console's background sync (JingwuStation's `BackgroundStationSync`) as the console sees it:
/// its status in the operator's language. Made by `ConsoleLauncher` when the office has a station
/// setting (`<journal>.station`, written by `jingwu station connect`).
final class ConsoleStationLink: StationLink, @unchecked Sendable {
    let engine: BackgroundStationSync
    let strings: Strings

    init(engine: BackgroundStationSync, strings: Strings) {
        self.engine = engine
        self.strings = strings
    }

    /// The link for the journal at `path`, started, or nil when it has no setting. A setting file that
    /// may not be used adds its reason to `notices` and starts nothing.
    static func make(journalPath path: String, strings: Strings, notices: inout [String]) -> (() -> ConsoleStationLink)? {
        let setting: StationSetting
        do {
            guard let found = try StationSetting.read(journalPath: path) else { return nil }
            setting = found
        } catch let refusal as StationSetting.Refusal {
            notices.append(refusal.message(strings))
            return nil
        } catch {
            return nil
        }
        return {
            let engine = BackgroundStationSync(url: setting.url, journalPath: path, every: TimeInterval(setting.everyMinutes * 60))
            engine.start()
            return ConsoleStationLink(engine: engine, strings: strings)
        }
    }

    func status() -> StationLinkStatus {
        let s = engine.status()
        let state: StationLinkStatus.State
        switch s.state {
        case .starting: state = .starting
        case .synced: state = .synced
        case .failed(let failure) where failure.messageKey == StationError.serverFull(detail: "").messageKey:
            state = .diskFull(detail: failure.message(strings))
        case .failed(let failure): state = .unreachable(detail: failure.message(strings))
        case .refused(let failure): state = .refused(detail: failure.message(strings))
        case .conflict(let failure, let seq): state = .conflict(seq: seq, detail: failure.message(strings))
        }
        return StationLinkStatus(state: state, stationHead: s.stationHead, lastSynced: s.lastSynced, runningSince: s.runningSince)
    }

    func nudge() { engine.nudge() }
    func stop() { engine.stop() }
}

/// The read-only console's refresh from the station (JingwuStation's `StationCopyFeed`) as the console
/// sees it: its status in the operator's language. Made by `jingwu --station URL --office X`.
final class ConsoleStationCopy: StationCopyLink, @unchecked Sendable {
    let feed: StationCopyFeed
    let office: String
    let strings: Strings

    init(feed: StationCopyFeed, office: String, strings: Strings) {
        self.feed = feed
        self.office = office
        self.strings = strings
    }

    func status() -> StationCopyStatus {
        let s = feed.status()
        let state: StationCopyStatus.State
        switch s.state {
        case .current: state = .current
        case .failed(let failure):
            // Each failure as what it is, in the station's own words (session 12; before, all read 「连不上」).
            let detail = failure.message(strings)
            switch failure.messageKey {
            case StationError.cannotConnect(url: "", detail: "").messageKey, StationError.connectionLost(detail: "").messageKey:
                state = .unreachable(detail: detail)
            case StationError.loginRefused(url: "", detail: "").messageKey: state = .refused(.login, detail: detail)
            case StationCopyError.notPermitted(office: "").messageKey: state = .refused(.permission, detail: detail)
            case StationCopyError.officeGone(office: "").messageKey: state = .refused(.office, detail: detail)
            default: state = .refused(.other, detail: detail)
            }
        case .diverged(let seq):
            let minute = OfficeTime.minuteOfDay(s.lastFetched)
            state = .diverged(seq: seq, detail: strings.text("station.readonly.diverged", [
                "office": SafeText.line(office), "seq": String(seq),
                "time": String(format: "%02d:%02d", minute / 60, minute % 60)]))
        }
        return StationCopyStatus(state: state, lastFetched: s.lastFetched)
    }

    func stop() { feed.stop() }
}
