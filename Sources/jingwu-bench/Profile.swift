import Foundation
import JingwuDomain
import JingwuJournal

/// Monotonic seconds.
func seconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// Prints where the time of opening an office on `path` goes.
func profileReplay(path: String) throws {
    var t = seconds()
    func lap(_ what: String) {
        let now = seconds()
        say(what.padding(toLength: 40, withPad: " ", startingAt: 0) + String(format: "%8.3f s", now - t))
        t = now
    }
    let journal = try FileJournal(path: path)
    lap("FileJournal open (scan+hash)")
    var count = 0
    try journal.replayAll { _ in count += 1 }
    lap("replay \(count) records (envelope)")
    let decoder = JSONDecoder()
    var events: [(DomainEvent, Envelope)] = []
    events.reserveCapacity(count)
    try journal.replayAll { record in
        if let event = try EventRegistry.decode(record, decoder: decoder) { events.append((event, Envelope(record))) }
    }
    lap("replay + JSONDecoder payloads")
    var state = OfficeState(policy: .standard)
    for (event, envelope) in events { state.apply(event, envelope) }
    lap("apply \(events.count) events")
    if option("stop") == "apply" { return }
    events = []
    let office = try Office(journal: journal, clock: SystemClock())
    lap("Office(journal:) full")
    let bytes = office.state.checkpointBytes()
    lap("checkpoint encode (\(bytes.count / 1_048_576) MB)")
    let loaded = try bytes.withUnsafeBytes { try OfficeState(checkpointBytes: $0, policy: office.state.policy) }
    lap("checkpoint decode")
    say("decoded state equals folded state: \(loaded == office.state)")
    t = seconds()
    CheckpointFile.remove(path: CheckpointFile.path(forJournal: path))
    let first = try Office.open(journal: journal, clock: SystemClock(), policy: .standard)
    lap("Office.open without checkpoint \(first.checkpointUse)")
    try first.saveCheckpoint()
    lap("saveCheckpoint")
    let journal2 = try FileJournal(path: path)
    lap("FileJournal open again")
    let second = try Office.open(journal: journal2, clock: SystemClock(), policy: .standard)
    lap("Office.open with checkpoint \(second.checkpointUse)")
}

/// Times each report (and the overview's queries) over the whole state; prints "report NAME SECONDS".
func timeReports(_ state: OfficeState) throws {
    // "Now" is the last event's time, so the reports cover the journal's last days.
    let now = state.patrols.patrols.last?.startedAt ?? Date()
    let day = 86400.0
    func time(_ name: String, _ body: () -> Int) {
        let t0 = seconds()
        let n = body()
        say(String(format: "report %@ %.4f %d", name, seconds() - t0, n))
    }
    time("handover") {
        state.handoverReport(from: now.addingTimeInterval(-0.5 * day), to: now, now: now).patrolsByMode.count
    }
    time("patrols") { state.patrolReport(from: now.addingTimeInterval(-day), to: now, now: now).patrols.count }
    time("coverage") { state.coverageReport(from: now.addingTimeInterval(-7 * day), to: now).cells.count }
    time("visits") { state.visitsReport(from: now.addingTimeInterval(-30 * day), to: now).visits.count }
    time("disputes") { state.disputeReport(from: now.addingTimeInterval(-182 * day), to: now).disputes.count }
    time("bulletin") { state.bulletin(from: now.addingTimeInterval(-7 * day), to: now).incidents.count }
    time("overview-queries") {
        state.coverage(now: now).count + state.activePatrols.count + state.overdueVisits(now: now).count
            + state.incidentsToday(now: now).count + state.openIncidents.count
    }
}
