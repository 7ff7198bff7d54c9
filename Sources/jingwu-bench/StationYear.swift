import Foundation
import JingwuDomain
import JingwuJournal

// A stand-in for `jingwu demo --scale station` until that exists: a station's
// year of plausible, internally consistent events (patrols with check-ins,
// visits, disputes, incidents, shifts, a few corrections), written with one
// bulk append. Deterministic for a seed. The payloads go through the domain's
// own encoder, so they are byte-for-byte what the commands would write.

/// SplitMix64: small, fast, seedable.
struct SeededRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    mutating func pick<T>(_ list: [T]) -> T { list[int(list.count)] }
    mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) / 1_000_000 < p }
}

/// Builds the station-year's drafts in time order.
final class StationYearGenerator {
    let days: Int
    let targetEvents: Int
    var random: SeededRandom
    let start: Date
    let encoder = EventRegistry.makeEncoder()
    var idCounter: UInt64 = 0
    var seed: UInt64

    // Roster and grid.
    var police: [String] = []
    var helpers: [String] = []
    var cells: [String] = []
    var persons: [String] = []
    var patrolCount = 0
    var shiftCount = 0
    var personCount = 0
    var incidentCount = 0
    var disputeByYear: [Int: Int] = [:]
    /// Check-in event ids recently written (for corrections).
    var recentCheckIns: [UUID] = []

    init(days: Int, events: Int, seed: UInt64, start: Date) {
        self.days = days
        self.targetEvents = events
        self.seed = seed
        self.random = SeededRandom(state: seed)
        self.start = start
    }

    func nextID() -> UUID {
        idCounter += 1
        let hi = seed & 0xFFFF_FFFF
        return UUID(uuidString: String(format: "%08llx-0000-4000-8000-%012llx", hi, idCounter))!
    }

    func draft(_ payload: some EventPayload, at: Date, by: String) -> EventDraft {
        // swiftlint:disable:next force_try
        try! EventRegistry.draft(payload, id: nextID(), at: at, by: by, encoder: encoder)
    }

    /// Every draft, in time order, through `emit`.
    func generate(_ emit: (EventDraft) throws -> Void) throws {
        let communities = ["戴花园社区", "东湖社区", "西园社区", "南桥社区", "北苑社区", "新村社区", "城关社区"]
        let kinds: [CellKind] = [.compound, .street, .village, .site]
        let t0 = start
        // Seven offices' rosters and grids.
        for office in 0..<7 {
            for k in 0..<4 {
                let badge = String(format: "03%02d%02d", office, k)
                police.append(badge)
                try emit(draft(OfficerEnrolled(badge: badge, name: "民警\(office)-\(k)", role: .police), at: t0, by: ""))
            }
            for k in 0..<6 {
                let badge = String(format: "F%d%03d", office, k)
                helpers.append(badge)
                try emit(draft(OfficerEnrolled(badge: badge, name: "辅警\(office)-\(k)", role: .auxiliary), at: t0,
                               by: police[0]))
            }
            for k in 0..<40 {
                let code = String(format: "G%d%02d", office, k)
                cells.append(code)
                try emit(draft(CellAdded(code: code, name: "\(communities[office])\(k)号网格", community: communities[office],
                                         kind: kinds[k % 4], windowHours: k % 7 == 0 ? 12 : nil, x: k % 8, y: k / 8 + office * 5,
                                         keySite: k % 9 == 0), at: t0, by: police[0]))
            }
        }
        // Per day: a fixed mix, with check-ins per patrol sized to reach the target.
        let patrolsPerDay = 56
        let fixedPerDay = 6 + 50 + 40 + 90 + 4 + patrolsPerDay * 4
        let perPatrol = max(1, (targetEvents / max(1, days) - fixedPerDay) / patrolsPerDay)
        for day in 0..<days {
            let dayStart = t0.addingTimeInterval(Double(day) * 86400)
            func at(_ minute: Int) -> Date { dayStart.addingTimeInterval(Double(minute) * 60 + Double(random.int(60))) }
            // Two shifts: day and night, each handed over and acknowledged.
            for (k, template) in ["day", "night"].enumerated() {
                shiftCount += 1
                let shift = String(format: "S%04d", shiftCount)
                let duty = police[(day * 2 + k) % police.count]
                let next = police[(day * 2 + k + 1) % police.count]
                try emit(draft(ShiftOpened(shift: shift, duty: duty, team: [helpers[day % helpers.count]], template: template),
                               at: at(8 * 60 + k * 720), by: duty))
                try emit(draft(ShiftHandedOver(shift: shift, from: duty, to: next, notes: "辖区平稳，无遗留警情",
                                               carried: ["对讲机2部", "值班日志"]), at: at(8 * 60 + k * 720 + 710), by: duty))
                try emit(draft(ShiftAcknowledged(shift: shift, by: next), at: at(8 * 60 + k * 720 + 715), by: next))
            }
            // Patrols spread over the day.
            for p in 0..<patrolsPerDay {
                patrolCount += 1
                let id = ShortIDText.make("P", patrolCount)
                let office = p % 7
                let lead = police[office * 4 + random.int(4)]
                let minute = (p * 1440 / patrolsPerDay + random.int(20)) % 1380
                var when = at(minute)
                let mode = random.pick(PatrolMode.allCases)
                try emit(draft(PatrolStarted(patrol: id, mode: mode, dress: random.chance(0.1) ? .plain : .uniformed,
                                             lead: lead, members: [helpers[office * 6 + random.int(6)]],
                                             cells: [cells[office * 40 + random.int(40)]], shift: String(format: "S%04d", shiftCount)),
                               at: when, by: lead))
                for _ in 0..<perPatrol {
                    when = when.addingTimeInterval(Double(60 + random.int(240)))
                    let cell = cells[office * 40 + random.int(40)]
                    let payload = PatrolCheckedIn(patrol: id, cell: cell, note: random.chance(0.3) ? "巡查正常，商铺已关门" : nil)
                    let d = draft(payload, at: when, by: lead)
                    if random.chance(0.01) { recentCheckIns.append(d.id) }
                    try emit(d)
                }
                if random.chance(0.5) {
                    try emit(draft(HazardFound(patrol: id, cell: cells[office * 40 + random.int(40)],
                                               category: random.pick(HazardCategory.allCases), note: "楼道堆放杂物，已告知物业"),
                                   at: when.addingTimeInterval(30), by: lead))
                } else {
                    try emit(draft(StopCheckConducted(patrol: id, subject: random.pick(StopCheckSubject.allCases),
                                                      outcome: random.pick(StopCheckOutcome.allCases), note: "电动车无牌"),
                                   at: when.addingTimeInterval(30), by: lead))
                }
                try emit(draft(PatrolEnded(patrol: id, summary: "步巡\(perPatrol)格，未见异常"), at: when.addingTimeInterval(60),
                               by: lead))
                patrolPending.append((id, lead))
            }
            patrolPending.removeAll()
            // Key persons: a few listed each day, visits to those on the list.
            for _ in 0..<3 {
                personCount += 1
                let id = ShortIDText.make("K", personCount)
                persons.append(id)
                let office = random.int(7)
                try emit(draft(PersonListed(person: id, name: "人员\(personCount)", idNumber: idNumber(personCount),
                                            category: random.pick(PersonCategory.allCases),
                                            residency: random.pick(Residency.allCases), cell: cells[office * 40 + random.int(40)],
                                            officer: police[office * 4]), at: at(9 * 60), by: police[office * 4]))
            }
            for _ in 0..<47 where !persons.isEmpty {
                let person = random.pick(persons)
                let officer = random.pick(police)
                try emit(draft(VisitRecorded(person: person, method: random.pick(VisitMethod.allCases), officer: officer,
                                             participants: ["治保主任"], findings: "在家，情绪稳定，近期无异常",
                                             observed: random.chance(0.2) ? .presentRegistered : nil),
                               at: at(10 * 60 + random.int(480)), by: officer))
            }
            // Disputes: opened, mediated, concluded, followed up.
            for _ in 0..<10 {
                let when = at(9 * 60 + random.int(600))
                let year = OfficeTime.year(when)
                disputeByYear[year, default: 0] += 1
                let id = "D\(year)-" + ShortIDText.make("", disputeByYear[year]!)
                let officer = random.pick(police)
                let cell = random.pick(cells)
                try emit(draft(DisputeOpened(dispute: id, category: random.pick(DisputeCategory.allCases),
                                             parties: ["张某", "李某"], source: random.pick(DisputeSource.allCases), cell: cell,
                                             summary: "邻里因漏水引发纠纷", risk: random.chance(0.05) ? .escalation : .normal),
                               at: when, by: officer))
                try emit(draft(MediationHeld(dispute: id, kind: .preliminary, mediators: ["王建国", "调解员刘某"],
                                             notes: "双方同意赔偿维修费", result: .agreement), at: when.addingTimeInterval(3600),
                               by: officer))
                switch random.int(10) {
                case 0: try emit(draft(DisputeReferred(dispute: id, to: .committee, notes: "转调委会"),
                                        at: when.addingTimeInterval(7200), by: officer))
                case 1: try emit(draft(DisputeClosed(dispute: id, reason: "当事人撤回"), at: when.addingTimeInterval(7200),
                                        by: officer))
                default: try emit(draft(DisputeResolved(dispute: id, agreement: "赔偿维修费800元"),
                                         at: when.addingTimeInterval(7200), by: officer))
                }
                try emit(draft(DisputeFollowedUp(dispute: id, note: "回访，双方满意"), at: when.addingTimeInterval(10800),
                               by: officer))
            }
            // Incidents: logged and closed.
            for _ in 0..<45 {
                incidentCount += 1
                let id = ShortIDText.make("I", incidentCount)
                let officer = random.pick(police)
                let when = at(random.int(1380))
                try emit(draft(IncidentLogged(incident: id, cell: random.pick(cells), kind: random.pick(IncidentKind.allCases),
                                              summary: "群众报警称电动车被盗", source: random.pick(IncidentSource.allCases)),
                               at: when, by: officer))
                try emit(draft(IncidentClosed(incident: id, disposition: random.pick(IncidentDisposition.allCases),
                                              note: "已登记，移交刑侦"), at: when.addingTimeInterval(1800), by: officer))
            }
            // A few corrections of recent check-ins.
            for k in 0..<2 where !recentCheckIns.isEmpty {
                let target = recentCheckIns.removeLast()
                let officer = police[0]
                if k == 0 {
                    try emit(draft(EntryAmended(event: target, reason: "备注写错", changes: ["note": "更正：巡查正常"]),
                                   at: at(23 * 60), by: officer))
                } else {
                    try emit(draft(EntryVoided(event: target, reason: "误录"), at: at(23 * 60), by: officer))
                }
            }
        }
    }

    var patrolPending: [(String, String)] = []

    /// A valid 18-digit resident ID number, unique per n.
    func idNumber(_ n: Int) -> String {
        let first17 = String(format: "110105%04d%02d%02d%03d", 1950 + n % 50, 1 + n % 12, 1 + n % 28, n % 1000)
        return first17 + String(ResidentID.checkCharacter(for: first17)!)
    }
}

/// `P0007` short ids, as the commands make them.
enum ShortIDText {
    static func make(_ prefix: String, _ number: Int) -> String { ShortID.make(prefix, number) }
}
