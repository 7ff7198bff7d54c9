import Foundation
import JingwuDomain
import JingwuJournal
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// The background sync as the console shows it: the title line's last sync and lag (synced, lagging,
/// unreachable, refused, conflict), a conflict said on the message line and kept on the overview, and a
/// nudge after every append. The link here is the console's input, set by hand: the sync itself runs
/// against the real server in JingwuStationTests (BackgroundSyncTests) and scripts/e2e-station-console.sh.
@Suite(.serialized) final class StationTitleTests {
    final class HandLink: StationLink, @unchecked Sendable {
        let lock = NSLock()
        var current = StationLinkStatus()
        var nudges = 0
        var stopped = false
        func status() -> StationLinkStatus { lock.withLock { current } }
        func nudge() { lock.withLock { nudges += 1 } }
        func stop() { lock.withLock { stopped = true } }
        func set(_ status: StationLinkStatus) { lock.withLock { current = status } }
    }

    func harness(_ status: StationLinkStatus, language: Language = .zh) throws -> (ConsoleHarness, HandLink) {
        let h = try ConsoleHarness(language: language)
        let link = HandLink()
        link.set(status)
        h.app.station = link
        h.app.render(into: h.screen)
        return (h, link)
    }

    /// The harness's journal holds records 0…6 (header, two officers, four cells).
    var synced: StationLinkStatus {
        StationLinkStatus(state: .synced, stationHead: 6, lastSynced: RFC3339.parse("2026-05-04T08:58:00+08:00"))
    }

    @Test func test_without_a_link_the_title_line_is_as_before() throws {
        let h = try ConsoleHarness()
        XCTAssertEqual(h.trimmed[0], " 城关派出所  东街警务室  无人值班                    操作人 031245  05-04 09:00")
    }

    @Test func test_synced_shows_the_time_of_the_last_sync() throws {
        let (h, _) = try harness(synced)
        XCTAssertEqual(h.trimmed[0], " 城关派出所  东街警务室  无人值班      操作人 031245  已同步 08:58  05-04 09:00")
        let (en, _) = try harness(synced, language: .en)
        XCTAssertEqual(en.trimmed[0], " 城关派出所  东街警务室  Nobody on … Operator 031245  synced 08:58  05-04 09:00")
    }

    @Test func test_starting_says_it_is_syncing() throws {
        let (h, _) = try harness(StationLinkStatus())
        XCTAssertEqual(h.trimmed[0], " 城关派出所  东街警务室  无人值班           操作人 031245  同步中…  05-04 09:00")
    }

    @Test func test_records_not_yet_at_the_station_show_as_the_lag_with_the_last_sync() throws {
        var status = synced
        status.stationHead = 3
        let (h, _) = try harness(status)
        XCTAssertEqual(h.trimmed[0], " 城关派出所  东街警务室  无人… 操作人 031245  待同步 3 条（08:58）  05-04 09:00")
        // An append adds to the lag at once, and nudges the sync (which never makes the key wait).
        let (h2, link) = try harness(synced)
        h2.press(.character("2"), .character("n"), .f(10))
        XCTAssertEqual(link.nudges, 1)
        XCTAssertEqual(h2.trimmed[0], " 城关派出所  东街警务室  无人… 操作人 031245  待同步 1 条（08:58）  05-04 09:00")
        // The round's result arrives with the next tick.
        var after = synced
        after.stationHead = 7
        after.lastSynced = RFC3339.parse("2026-05-04T09:00:00+08:00")
        link.set(after)
        h2.app.tick()
        h2.app.render(into: h2.screen)
        XCTAssertEqual(h2.trimmed[0], " 城关派出所  东街警务室  无人值班      操作人 031245  已同步 09:00  05-04 09:00")
    }

    @Test func test_a_station_that_cannot_be_reached_shows_with_the_lag_and_the_console_keeps_recording() throws {
        var status = synced
        status.state = .unreachable(detail: "连不上派出所数据库")
        status.stationHead = 4
        let (h, link) = try harness(status)
        XCTAssertEqual(h.trimmed[0], " 城关派出所  东街警务室 … 操作人 031245  派出所连不上，待同步 2 条  05-04 09:00")
        h.press(.character("2"), .character("n"), .f(10))
        XCTAssertEqual(h.trimmed[3].prefix(5), "P0001")
        XCTAssertEqual(link.nudges, 1)
        XCTAssertEqual(h.trimmed[0], " 城关派出所  东街警务室 … 操作人 031245  派出所连不上，待同步 3 条  05-04 09:00")
    }

    @Test func test_a_station_whose_disk_is_full_says_so_with_the_lag_not_that_it_cannot_be_reached() throws {
        var status = synced
        status.state = .diskFull(detail: "派出所数据库磁盘已满：could not extend file; No space left on device；正在传的这一批没有存入，请联系数据库管理员")
        status.stationHead = 4
        let (h, _) = try harness(status)
        XCTAssertEqual(h.trimmed[0], " 城关派出所  东街警务…  操作人 031245  派出所磁盘已满，待同步 2 条  05-04 09:00")
        let (en, _) = try harness(status, language: .en)
        XCTAssertEqual(en.trimmed[0], " 城关派出所  东街警… Operator 031245  station disk full, 2 to sync  05-04 09:00")
        let (unknown, _) = try harness(StationLinkStatus(state: .diskFull(detail: "派出所数据库磁盘已满")))
        XCTAssertEqual(unknown.trimmed[0], " 城关派出所  东街警务室  无人值班    操作人 031245  派出所磁盘已满  05-04 09:00")
    }

    @Test func test_a_round_that_does_not_answer_for_thirty_seconds_shows_as_unreachable() throws {
        var status = synced
        status.runningSince = RFC3339.parse("2026-05-04T08:59:40+08:00")
        let (h, link) = try harness(status)
        XCTAssertEqual(h.trimmed[0], " 城关派出所  东街警务室  无人值班      操作人 031245  已同步 08:58  05-04 09:00")
        status.runningSince = RFC3339.parse("2026-05-04T08:59:30+08:00")
        link.set(status)
        h.app.tick()
        h.app.render(into: h.screen)
        XCTAssertEqual(h.trimmed[0], " 城关派出所  东街警务室 … 操作人 031245  派出所连不上，待同步 0 条  05-04 09:00")
    }

    @Test func test_before_any_round_reached_the_station_the_lag_is_not_shown_as_a_number() throws {
        let (h, _) = try harness(StationLinkStatus(state: .unreachable(detail: "连不上派出所数据库")))
        XCTAssertEqual(h.trimmed[0], " 城关派出所  东街警务室  无人值班      操作人 031245  派出所连不上  05-04 09:00")
        let (r, _) = try harness(StationLinkStatus(state: .refused(detail: "派出所数据库拒绝登录")))
        XCTAssertEqual(r.trimmed[0], " 城关派出所  东街警务室  无人值班        操作人 031245  派出所拒收  05-04 09:00")
    }

    @Test func test_a_refusal_by_the_station_shows_on_the_title_line() throws {
        var status = synced
        status.state = .refused(detail: "派出所数据库拒绝登录")
        let (h, _) = try harness(status)
        XCTAssertEqual(h.trimmed[0], " 城关派出所  东街警务室  …  操作人 031245  派出所拒收，待同步 0 条  05-04 09:00")
    }

    @Test func test_a_conflict_cannot_be_missed_title_message_line_and_overview() throws {
        let (h, link) = try harness(synced)
        let detail = "东街警务室的日志与派出所所存不一致：第 5 号记录起不同（被改写或重算校验码）；派出所已存至第 6 号。没有同步任何记录，已在派出所记为冲突，请交负责人核查"
        var status = synced
        status.state = .conflict(seq: 5, detail: detail)
        link.set(status)
        h.app.tick()
        h.app.render(into: h.screen)
        XCTAssertEqual(h.trimmed[0], " 【与派出所冲突】  城关派出所  东街警务… 操作人 031245  已停止同步  05-04 09:00")
        // The message line, wrapped whole (Chinese between characters) over the rows above the key hints.
        XCTAssertEqual(Array(h.trimmed[21...22]), [
            " 东街警务室的日志与派出所所存不一致：第 5 号记录起不同（被改写或重算校验码）；派",
            " 出所已存至第 6 号。没有同步任何记录，已在派出所记为冲突，请交负责人核查",
        ])
        // At the top of the overview.
        XCTAssertEqual(Array(h.trimmed[2...4]), [
            " ! 东街警务室的日志与派出所所存不一致：第 5 号记录起不同（被改写或重算校验",
            " 码）；派出所已存至第 6 号。没有同步任何记录，已在派出所记为冲突，请交负责人核",
            " 查",
        ])
        // Said once: a later tick does not say it again, and the overview keeps it after the message line clears.
        h.press(.character("2"))
        h.press(.character("1"))
        h.app.tick()
        h.app.render(into: h.screen)
        for row in 20...22 { XCTAssertFalse(h.trimmed[row].contains("号记录起不同"), h.trimmed[row]) }
        XCTAssertEqual(Array(h.trimmed[2...4]), [
            " ! 东街警务室的日志与派出所所存不一致：第 5 号记录起不同（被改写或重算校验",
            " 码）；派出所已存至第 6 号。没有同步任何记录，已在派出所记为冲突，请交负责人核",
            " 查",
        ])
        XCTAssertEqual(h.session.notices.count, 1)
        XCTAssertEqual(h.trimmed[0], " 【与派出所冲突】  城关派出所  东街警务… 操作人 031245  已停止同步  05-04 09:00")
    }
}
