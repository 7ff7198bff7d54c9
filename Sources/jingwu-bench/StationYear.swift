import Foundation
import JingwuDomain
import JingwuJournal

// The bench's station-year is the demo district at station scale, the one generator of
// synthetic journals (JingwuDomain/Demo): seven offices' rosters and grids, patrols on a
// day/night rota with their check-ins, hazards and stop checks, visits, disputes, incidents,
// fraud warnings, shifts handed over, a few corrections — every event decided by the domain's
// own commands, so the journal is what the console would have written. Deterministic for a
// seed and a start; the same district as `jingwu demo --scale station --days D --seed S` run
// with its clock at the end of the last day.

/// Writes the station-year journal at `path` (which must not exist): `days` days of the demo
/// district at station scale, the first starting at `start`, in one bulk append. Returns the
/// generator's summary (records, cells, patrols … written).
func generateStationYear(path: String, days: Int, seed: UInt64, start: Date) throws -> DemoSummary {
    // The demo's last day ends at its `now`: one second before the day after the last.
    let now = start.addingTimeInterval(Double(max(1, days)) * 86400 - 1)
    let journal = try FileJournal.create(path: path, station: "城关派出所", office: "七个警务室", clock: FixedClock(now),
                                         by: "bench")
    let office = try Office(journal: journal, clock: FixedClock(now))
    let writer = DemoWriter(state: office.state, firstSeq: journal.headSeq + 1, recorded: now, idSeed: seed)
    let district = DemoDistrict(options: DemoOptions(days: days, seed: seed, offices: 7, now: now), writer: writer)
    var drafts = DemoDrafts(district: district)
    try journal.appendBulk { try drafts.next() }
    district.countWritten()
    return district.summary
}
