import Foundation
import JingwuDomain
import JingwuJournal

/// Monotonic seconds.
func seconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// Writes a station-year journal at `path` (which must not exist). Returns the records written.
func generateStationYear(path: String, days: Int, events: Int, seed: UInt64, start: Date) throws -> Int {
    let journal = try FileJournal.create(path: path, station: "花园派出所", office: "全所", clock: FixedClock(start), by: "bench")
    let generator = StationYearGenerator(days: days, events: events, seed: seed, start: start)
    var drafts: [EventDraft] = []
    try generator.generate { drafts.append($0) }
    var i = 0
    return try journal.appendBulk {
        defer { i += 1 }
        return i < drafts.count ? drafts[i] : nil
    }
}

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
