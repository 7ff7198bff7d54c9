import Foundation
import JingwuJournal

/// How big and how long a demo district is.
public struct DemoOptions: Sendable {
    public var days: Int
    public var seed: UInt64
    /// 1 for `--scale office`, 7 for `--scale station`.
    public var offices: Int
    /// The last simulated day ends here (the clock's now).
    public var now: Date
    /// Which of the station's seven offices a one-office district is (0 the first): its
    /// community, and its people's badge numbers, unique across the station (`jingwu demo
    /// --scale station --out DIR` writes one journal per office). A station-scale journal
    /// (`offices` 7) numbers its offices in order.
    public var officeIndex = 0
    /// Whether each community's registers are written: its buildings, households, residents,
    /// rentals and 联户长 assignments (DemoPopulation.populate, ~6,000 records an office whatever
    /// the days). `jingwu demo` always writes them; tests that look at nothing of the registers
    /// leave them out. They draw from a stream of their own, so the rest of the district is the
    /// same either way (its 网格 are added either way: the points name them).
    public var registers = true
    public init(days: Int = 30, seed: UInt64 = 1, offices: Int = 1, now: Date) {
        self.days = days; self.seed = seed; self.offices = offices; self.now = now
    }
}

/// What the demo wrote.
public struct DemoSummary: Sendable {
    public var events = 0
    public var officers = 0
    public var cells = 0
    public var persons = 0
    public var patrols = 0
    public var disputes = 0
    public var incidents = 0
    /// 反诈预警 received, and dissuasions made on them.
    public var fraudWarnings = 0
    public var dissuasions = 0
    /// Hazards found and those put right.
    public var hazards = 0
    public var hazardsCleared = 0
    /// Commands the domain refused (the generator skips them; should be 0).
    public var refused = 0
    public var lastRefusal: String?
}

/// Generates a synthetic community police district through the domain's commands
/// (DOMAIN.md §9: ~2,200 households, 11 compounds, one 社区民警, auxiliaries,
/// patrol team, 义警 and 联户长; disputes ~10 per half-year; patrols on a
/// day/night rota with realistic gaps). Deterministic for a seed and a `now`.
public final class DemoDistrict {
    public let options: DemoOptions
    public let writer: DemoWriter
    public private(set) var summary = DemoSummary()
    private var rng: SplitMix64
    /// Salts of the demo PINs: their own stream, so the district's draws stay as they were.
    private lazy var pinSalts = SplitMix64(seed: options.seed ^ 0x5049_4E53_414C_5453)
    /// Anti-fraud warnings and hazard clearing draw from their own stream too, so the rest of
    /// the district (patrols, incidents, disputes) is the same with or without them.
    private var extra: SplitMix64
    /// 接处警 (callers, arrivals) and 反诈宣传 draw from a stream of their own (DemoResponse.swift).
    lazy var responseRNG = SplitMix64(seed: options.seed ^ 0x4A43_4A4A_5859_4A43)
    /// Every police officer and auxiliary of a demo district signs in with this PIN (README, `jingwu demo`).
    public static let demoPin = "123456"
    /// The first office's community officer: the badge to sign in with.
    public static let demoOperator = "031245"
    /// The 社区民警 of the station's office `office` (0–6): the badge to sign in with there.
    public static func communityOfficer(office: Int) -> String {
        "03\(office + 1)2" + String(format: "%02d", 45 + office)
    }
    /// The station's seven offices (警务室), in order, and the community each serves.
    public static let stationOffices = DemoNames.offices
    public static let stationName = "城关派出所"

    /// Simulation time: epoch seconds.
    typealias Time = Int64
    private let end: Time
    private let firstDay: Time

    struct CellInfo { var code: String; var kind: CellKind; var weight: Double; var compound: Int? }
    struct Staff {
        /// The community officer (社区民警): holds reception hours, is 带班民警 of weekday day
        /// shifts, never the person on desk duty (「小區民警不參與派出所值班」, DOMAIN.md §1.1).
        var police: String
        /// Station officers (派出所值班民警) on call at night and at weekends, as 带班民警.
        var stationPolice: [String]
        var auxiliaries: [String]
        var patrollers: [String]
        var volunteers: [String]
        var leaders: [[String]]  // per compound
    }
    struct Person { var id: String; var interval: Int; var category: PersonCategory }
    final class OfficePlan {
        var index: Int
        /// Which of the station's seven offices (its community, names and badge numbers).
        var number = 0
        var prefix: String
        var community: String
        var cells: [CellInfo] = []
        var staff: Staff
        var persons: [Person] = []
        var schoolCell: String = ""
        var stationCell: String = ""
        init(index: Int, prefix: String, community: String, staff: Staff) {
            self.index = index; self.prefix = prefix; self.community = community; self.staff = staff
        }
    }
    var plans: [OfficePlan] = []

    /// One scheduled step, run in time order.
    enum Step {
        case command(any OfficeCommand, by: String)
        case startPatrol(token: Int, StartPatrol)
        case checkIn(token: Int, cell: String, note: String?)
        case hazard(token: Int, cell: String, HazardCategory, String)
        case stopCheck(token: Int, cell: String?, StopCheckSubject, StopCheckOutcome, String?)
        case endPatrol(token: Int, summarise: Bool)
        case handover(to: String, evening: Bool, carried: [String])
        case acknowledge(by: String, template: String, lead: String)
        case incident(office: Int, LogIncident)
        case closeIncident(token: Int, IncidentDisposition, String?)
        case dispute(office: Int, OpenDispute)
        case disputeStep(token: Int, (String) -> any OfficeCommand, by: String)
        case visit(office: Int, person: Int)
        case fraudWarning(office: Int, ReceiveFraudWarning)
        /// 到场 at an incident (DemoResponse.swift), recorded by the desk.
        case arrival(String)
    }
    /// The steps not yet run, as a binary heap on (time, order scheduled): the heap holds the
    /// keys and a slot of `steps`, so that sifting moves three integers, never a step.
    private var heap: [(t: Time, n: Int, slot: Int)] = []
    /// The scheduled steps by slot; a slot run is nil and goes on `freeSlots` for the next step.
    private var steps: [Step?] = []
    private var freeSlots: [Int] = []
    private var stepCounter = 0
    private var tokens: [Int: String] = [:]
    private var nextToken = 0
    private var busy: [String: [(Time, Time)]] = [:]
    private var duty: String = ""

    public init(options: DemoOptions, writer: DemoWriter) {
        self.options = options
        self.writer = writer
        self.rng = SplitMix64(seed: options.seed &* 0x2545_F491_4F6C_DD1D &+ 7)
        self.extra = SplitMix64(seed: options.seed ^ 0x4641_5241_5544_4858)
        end = Int64(options.now.timeIntervalSince1970.rounded(.down))
        let today = Int64(OfficeTime.startOfDay(options.now).timeIntervalSince1970)
        firstDay = today - Int64(max(1, options.days) - 1) * 86400
    }

    // MARK: Randomness

    private func chance(_ p: Double) -> Bool { Double(rng.next() >> 11) / Double(1 << 53) < p }
    private func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    private func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
    private func weighted<T>(_ items: [(T, Double)]) -> T {
        let total = items.reduce(0) { $0 + $1.1 }
        var x = Double(rng.next() >> 11) / Double(1 << 53) * total
        for (item, w) in items { if x < w { return item }; x -= w }
        return items[items.count - 1].0
    }
    private func poisson(_ mean: Double) -> Int {
        let limit = exp(-mean)
        var k = 0
        var p = 1.0
        repeat { k += 1; p *= Double(rng.next() >> 11) / Double(1 << 53) } while p > limit
        return k - 1
    }
    private func name() -> String {
        pick(DemoNames.surnames) + pick(DemoNames.givenChars) + (chance(0.7) ? pick(DemoNames.givenChars) : "")
    }
    private func idNumber(_ at: Time) -> String {
        let year = OfficeTime.year(date(at)) - int(17...68)
        let body = pick(DemoNames.regions) + String(format: "%04d%02d%02d%03d", year, int(1...12), int(1...28), int(1...999))
        return body + String(ResidentID.checkCharacter(for: body)!)
    }
    private func date(_ t: Time) -> Date { Date(timeIntervalSince1970: Double(t)) }

    // MARK: Scheduling

    func schedule(_ t: Time, _ step: Step) {
        stepCounter += 1
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            steps[slot] = step
        } else {
            slot = steps.count
            steps.append(step)
        }
        heap.append((t, stepCounter, slot))
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if (heap[parent].t, heap[parent].n) <= (heap[i].t, heap[i].n) { break }
            heap.swapAt(parent, i)
            i = parent
        }
    }

    /// The earliest step (the first scheduled of those at the same time), taken off the heap.
    private func popStep() -> (Time, Step)? {
        guard !heap.isEmpty else { return nil }
        let top = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < heap.count, (heap[l].t, heap[l].n) < (heap[m].t, heap[m].n) { m = l }
                if r < heap.count, (heap[r].t, heap[r].n) < (heap[m].t, heap[m].n) { m = r }
                if m == i { break }
                heap.swapAt(i, m)
                i = m
            }
        }
        let step = steps[top.slot].take()!
        freeSlots.append(top.slot)
        return (top.t, step)
    }

    private func isFree(_ badge: String, _ from: Time, _ to: Time) -> Bool {
        !(busy[badge] ?? []).contains { $0.0 < to + 300 && from < $0.1 + 300 }
    }
    private func reserve(_ badges: [String], _ from: Time, _ to: Time) {
        for b in badges { busy[b, default: []].append((from, to)) }
    }

    @discardableResult
    private func run(_ command: some OfficeCommand, by: String, at t: Time) -> String? {
        do {
            return try writer.run(command, by: by, at: date(t))
        } catch {
            summary.refused += 1
            summary.lastRefusal = "\(type(of: command)) at \(RFC3339.format(date(t))): \(error)"
            return nil
        }
    }

    // MARK: Setup

    /// Enrols everyone, adds the cells, lists the key persons and opens the first shift.
    public func setUp() throws {
        let t0 = firstDay + 6 * 3600
        for o in 0..<options.offices {
            let prefix = options.offices > 1 ? String(UnicodeScalar(UInt8(65 + o))) + "-" : ""
            let number = options.offices > 1 ? o : options.officeIndex % DemoNames.offices.count
            let digit = String(number + 1)
            let staff = Staff(
                police: Self.communityOfficer(office: number),
                stationPolice: (1...2).map { "03\(digit)9" + String(format: "%02d", $0) },
                auxiliaries: (1...3).map { "F\(digit)0\($0)" },
                patrollers: (1...4).map { "X\(digit)0\($0)" },
                volunteers: (1...10).map { String(format: "Y\(digit)%02d", $0) },
                leaders: (0..<11).map { c in (1...int(14...22)).map { String(format: "L\(digit)%02d%02d", c + 1, $0) } })
            let plan = OfficePlan(index: o, prefix: prefix, community: DemoNames.communities[number % 7], staff: staff)
            plan.number = number
            plans.append(plan)
            // The first office's community officer keys in the whole roster and grid.
            let operatorBadge = plans[0].staff.police
            run(EnrollOfficer(badge: staff.police, name: name(), role: .police), by: operatorBadge, at: t0)
            for b in staff.stationPolice { run(EnrollOfficer(badge: b, name: name(), role: .police), by: operatorBadge, at: t0) }
            for b in staff.auxiliaries { run(EnrollOfficer(badge: b, name: name(), role: .auxiliary), by: operatorBadge, at: t0) }
            for b in staff.patrollers { run(EnrollOfficer(badge: b, name: name(), role: .patroller), by: operatorBadge, at: t0) }
            for b in staff.volunteers { run(EnrollOfficer(badge: b, name: name(), role: .volunteer), by: operatorBadge, at: t0) }
            for group in staff.leaders {
                for b in group { run(EnrollOfficer(badge: b, name: name(), role: .householdLeader), by: operatorBadge, at: t0) }
            }
            // Each operator sets their own (documented) demo PIN, hashed with a salt of its own.
            for b in [staff.police] + staff.stationPolice + staff.auxiliaries {
                let salt = (0..<16).map { _ in UInt8(truncatingIfNeeded: pinSalts.next()) }
                if let hash = Self.demoPinHash(salt: salt, iterations: AccessPolicy.load().pinIterations) {
                    run(SetPin(badge: b, pin: hash), by: b, at: t0)
                }
            }
            summary.officers += 1 + staff.stationPolice.count + 3 + 4 + 10 + staff.leaders.reduce(0) { $0 + $1.count }
            // 网格 and 实有人口 (DemoPopulation.swift): the 网格 before the points that name them.
            let population = DemoPopulation(seed: options.seed, office: number, community: plan.community, prefix: prefix) {
                [unowned self] command, at in run(command, by: operatorBadge, at: Int64(at.timeIntervalSince1970))
            }
            population.addGrids(at: date(t0 + 30))
            addCells(plan, grids: population, by: operatorBadge, at: t0 + 60)
            listPersons(plan, by: operatorBadge, at: t0 + 600)
            if options.registers {
                population.populate(compounds: DemoNames.compounds(office: number).enumerated().map { c, name in
                    (name, plan.cells.filter { $0.compound == c }.map(\.code))
                }, streets: DemoNames.streets(office: number), leaders: staff.leaders, at: date(t0 + 900), now: options.now)
            }
        }
        duty = dayDuty(0)
        let team = plans.flatMap(\.staff.auxiliaries).filter { $0 != duty }.prefix(1)
        run(OpenShift(duty: duty, team: Array(team), template: "day", leadPolice: dayLead(0, firstDay)), by: duty,
            at: firstDay + 8 * 3600)
    }

    /// The demo PIN's hash for `salt`, derived once per process: the same seed draws the same
    /// salts (districts of one seed over other days, the tests' and the station's districts), and
    /// each derivation is 100,000 rounds of PBKDF2 (~30 ms). The same bytes as `Pin.derive`.
    private static func demoPinHash(salt: [UInt8], iterations: Int) -> PinHash? {
        let key = DemoPinKey(salt: salt, iterations: iterations)
        demoPinLock.lock()
        let known = demoPinHashes[key]
        demoPinLock.unlock()
        if let known { return known }
        guard let hash = try? Pin.derive(demoPin, iterations: iterations, salt: salt) else { return nil }
        demoPinLock.lock()
        demoPinHashes[key] = hash
        demoPinLock.unlock()
        return hash
    }
    private struct DemoPinKey: Hashable { var salt: [UInt8]; var iterations: Int }
    nonisolated(unsafe) private static var demoPinHashes: [DemoPinKey: PinHash] = [:]
    private static let demoPinLock = NSLock()

    // MARK: The rota

    /// Desk shifts are run by auxiliaries (值班人员); each names its 带班民警.
    private func dayDuty(_ d: Int) -> String {
        let auxes = plans.flatMap(\.staff.auxiliaries)
        return auxes[(d + 1) % auxes.count]
    }
    private func nightDuty(_ d: Int) -> String {
        let auxes = plans.flatMap(\.staff.auxiliaries)
        return auxes[d % auxes.count]
    }
    /// The station officer on call on day `d` (nights, weekends).
    private func onCall(_ d: Int) -> String {
        let station = plans.flatMap(\.staff.stationPolice)
        return station[d % station.count]
    }
    /// 带班民警 of day `d`'s day shift: the community officer on weekdays (in the office for
    /// reception hours), the station officer on call at weekends.
    private func dayLead(_ d: Int, _ dayStart: Time) -> String {
        let weekday = Int((dayStart / 86400 + 4) % 7)  // 0 = Sunday
        let police = plans.map(\.staff.police)
        return weekday == 0 || weekday == 6 ? onCall(d) : police[d % police.count]
    }

    /// `t` moved into office hours (09:00–17:30) of its day, or of the next day if later: never earlier.
    private func intoOfficeHours(_ t: Time) -> Time {
        let start = Int64(OfficeTime.startOfDay(date(t)).timeIntervalSince1970)
        let second = t - start
        if second < 9 * 3600 { return start + 9 * 3600 + second % 3600 }
        if second > 17 * 3600 + 1800 { return start + 86400 + 9 * 3600 + second % 3600 }
        return t
    }

    private func addCells(_ plan: OfficePlan, grids: DemoPopulation, by operatorBadge: String, at t: Time) {
        // Compounds in a 4×3 block layout on the 80×24 map, 2–3 cells each; streets between; key sites below.
        // At station scale only the first office is drawn on the map (one map has room for one
        // office, and two cells may not share a place); the others' cells are listed beside it.
        func at(_ x: Int, _ y: Int) -> (x: Int?, y: Int?) { plan.index == 0 ? (x, y) : (nil, nil) }
        for (c, compound) in DemoNames.compounds(office: plan.number).enumerated() {
            let parts = c < 7 ? 2 : 3
            for part in 0..<parts {
                let code = plan.prefix + String(format: "C%02d-%d", c + 1, part + 1)
                let row = c / 4, column = c % 4
                let cellName = parts == 1 ? compound : compound + ["东区", "西区", "北区"][part]
                let place = at(1 + column * 19, row * 6 + part)
                run(AddCell(code: code, name: cellName, community: plan.community, kind: .compound,
                            x: place.x, y: place.y, keySite: false, grid: grids.grid(compound: c)), by: operatorBadge, at: t)
                // A few corners get little attention: the gaps a real grid has.
                let weight = (c == 8 && part == 2) || (c == 10 && part == 1) ? 0.15 : 1.0
                plan.cells.append(CellInfo(code: code, kind: .compound, weight: weight, compound: c))
            }
        }
        for (s, street) in DemoNames.streets(office: plan.number).enumerated() {
            let code = plan.prefix + String(format: "J%02d", s + 1)
            let place = at(1 + (s % 4) * 19 + 9, 3 + (s / 4) * 6)
            run(AddCell(code: code, name: street, community: plan.community, kind: .street,
                        x: place.x, y: place.y, grid: grids.grid(other: s)), by: operatorBadge, at: t)
            plan.cells.append(CellInfo(code: code, kind: .street, weight: s == 5 ? 0.3 : 1.0, compound: nil))
        }
        for (k, site) in DemoNames.sites.enumerated() {
            let code = plan.prefix + String(format: "Z%02d", k + 1)
            let place = at(1 + (k % 5) * 15, 18 + k / 5)
            run(AddCell(code: code, name: site.0, community: plan.community, kind: .site,
                        x: place.x, y: place.y, keySite: site.1, grid: grids.grid(other: k)), by: operatorBadge, at: t)
            plan.cells.append(CellInfo(code: code, kind: .site, weight: k == 6 ? 0.25 : 0.8, compound: nil))
        }
        plan.schoolCell = plan.prefix + "Z01"
        plan.stationCell = plan.prefix + "Z05"
        summary.cells += plan.cells.count
    }

    private func listPersons(_ plan: OfficePlan, by operatorBadge: String, at t: Time) {
        // 流动/暂住 are residency statuses, not categories (issue 19): 吸毒人员 and 信访重点人员 in their place.
        let categories: [(PersonCategory, Double)] = [(.keyPopulation, 8), (.released, 6), (.correction, 5), (.idleYouth, 5),
                                                      (.drug, 6), (.petition, 6), (.mentalHealth, 3), (.other, 1)]
        let count = int(34...46)
        for _ in 0..<count {
            let category = weighted(categories)
            let residency: Residency
            switch category {
            // No draw for these two, as for the 流动/暂住 they replace: the district's other draws stay as they were.
            case .drug, .petition: residency = .presentRegistered
            default:
                residency = weighted([(.presentRegistered, 7), (.registeredAbsent, 2), (.presentUnregistered, 1)])
            }
            let cell = pick(plan.cells.filter { $0.kind == .compound }).code
            // 责任民警 is the community officer (police); auxiliaries still make some of the visits.
            let officer = plan.staff.police
            guard let id = run(ListPerson(name: name(), idNumber: idNumber(t), category: category, residency: residency,
                                          cell: cell, officer: officer), by: operatorBadge, at: t)
            else { continue }
            let interval = writer.state.policy.visitInterval(category)
            plan.persons.append(Person(id: id, interval: interval, category: category))
            summary.persons += 1
            // First visit somewhere in the first interval (already visited before the demo began, roughly).
            let first = t + Int64(Double(interval) * 86400 * Double(int(5...95)) / 100.0)
            schedule(dayTime(first), .visit(office: plan.index, person: plan.persons.count - 1))
        }
    }

    /// Moves a time into office hours (09:00–17:30) of its day.
    private func dayTime(_ t: Time) -> Time {
        let start = Int64(OfficeTime.startOfDay(date(t)).timeIntervalSince1970)
        return start + 9 * 3600 + Int64(int(0...(8 * 3600 + 1800)))
    }

    // MARK: Days

    /// Writes every day up to `now`; `flush` is called after setup and after each day.
    public func generate(flush: () throws -> Void) throws {
        try setUp()
        try flush()
        for d in 0..<max(1, options.days) {
            runDay(d)
            try flush()
        }
        countWritten()
    }

    /// Fills the summary's counts that only the written state knows (steps
    /// planned after `now` never ran). Call it once the last event is written.
    public func countWritten() {
        let state = writer.state
        summary.dissuasions = state.fraud.warnings.reduce(0) { $0 + $1.dissuasions.count }
        summary.hazardsCleared = state.patrols.hazards.filter { $0.clearance != nil }.count
        // Those reported from tips (DemoCommunity) as well as those found on patrol; the 义警 and
        // 网格员 it enrolled as well as the district's roster.
        summary.hazards = state.patrols.hazards.count
        summary.officers = state.officers.all.count
    }

    /// Plans day `d` (0 = the first) and runs every step due before its end (or `now`).
    public func runDay(_ d: Int) {
        let dayStart = firstDay + Int64(d) * 86400
        planDay(d, dayStart)
        drain(until: min(dayStart + 86400, end + 1))
        summary.events = writer.count
    }

    private func drain(until limit: Time) {
        while let top = heap.first, top.t < limit {
            guard let (t, step) = popStep() else { break }
            perform(step, at: t)
        }
    }

    private func perform(_ step: Step, at t: Time) {
        switch step {
        case .command(let command, let by): run(command, by: by, at: t)
        case .startPatrol(let token, let command):
            if let id = run(command, by: command.lead, at: t) { tokens[token] = id; summary.patrols += 1 }
        case .checkIn(let token, let cell, let note):
            guard let id = tokens[token], let lead = writer.state.patrols.patrol(id)?.lead else { return }
            run(CheckInPatrol(patrol: id, cell: cell, note: note), by: lead, at: t)
        case .hazard(let token, let cell, let category, let note):
            guard let id = tokens[token], let lead = writer.state.patrols.patrol(id)?.lead else { return }
            guard let hazard = run(ReportHazard(patrol: id, cell: cell, category: category, note: note), by: lead, at: t)
            else { return }
            summary.hazards += 1
            planClearing(hazard, cell: cell, category: category, at: t)
        case .stopCheck(let token, let cell, let subject, let outcome, let note):
            guard let id = tokens[token], let patrol = writer.state.patrols.patrol(id) else { return }
            // 带回/移交 is the police officer's decision on the patrol: they record it.
            let police = ([patrol.lead] + patrol.members).first { writer.state.officers.officer($0)?.role == .police }
            let by = Roles.policeOnly(outcome) ? (police ?? patrol.lead) : patrol.lead
            run(RecordStopCheck(patrol: id, cell: cell, subject: subject, outcome: outcome, note: note), by: by, at: t)
        case .endPatrol(let token, let summarise):
            guard let id = tokens[token], let patrol = writer.state.patrols.patrol(id) else { return }
            run(EndPatrol(patrol: id, summary: summarise ? patrolSummary(patrol) : nil), by: patrol.lead, at: t)
        case .handover(let to, let evening, let carried):
            guard let current = writer.state.shifts.current, current.duty != to else { return }
            run(HandOverShift(to: to, notes: handoverNote(evening: evening), carried: carried), by: current.duty, at: t)
        case .acknowledge(let by, let template, let lead):
            let team = plans.flatMap(\.staff.auxiliaries).filter { $0 != by && isFree($0, t, t + 3600) }.prefix(1)
            if run(AcknowledgeShift(by: by, team: Array(team), template: template, leadPolice: lead), by: by, at: t) != nil {
                duty = by
            }
        case .incident(let office, let command):
            guard let id = run(withCaller(command), by: duty, at: t) else { return }
            summary.incidents += 1
            let token = nextToken; nextToken += 1
            tokens[token] = id
            let (disposition, delay): (IncidentDisposition, Int64) = switch command.kind {
            case .theft: (weighted([(.caseFiled, 7), (.handled, 2), (.unfounded, 1)]), Int64(int(3600...3 * 86400)))
            // A reported telecom fraud is normally 受案 (TERMS.md, demo item 10).
            case .fraud: (weighted([(.caseFiled, 9), (.handled, 1)]), Int64(int(3600...3 * 86400)))
            case .dispute, .fight:
                (weighted([(.mediated, 4), (.securityMediation, 2), (.handled, 3), (.caseFiled, 1)]), Int64(int(1800...10800)))
            case .traffic: (weighted([(.referred, 5), (.handled, 5)]), Int64(int(1800...7200)))
            default: (weighted([(.handled, 8), (.unfounded, 1), (.other, 1)]), Int64(int(900...7200)))
            }
            _ = office
            planArrival(id, command, at: t, closeDelay: delay)
            schedule(t + delay, .closeIncident(token: token, disposition, nil))
        case .closeIncident(let token, let disposition, let note):
            guard let id = tokens[token] else { return }
            // 受案 and 警情不实 are police decisions: the shift's 带班民警 makes them.
            let by = Roles.policeOnly(disposition) ? (writer.state.shifts.current?.leadPolice ?? plans[0].staff.police) : duty
            run(CloseIncident(incident: id, disposition: disposition, note: note), by: by, at: t)
        case .dispute(let office, let command):
            openDispute(plans[office], command, at: t)
        case .disputeStep(let token, let make, let by):
            guard let id = tokens[token] else { return }
            run(make(id), by: by, at: t)
        case .visit(let office, let index):
            visit(plans[office], index, at: t)
        case .fraudWarning(let office, let command):
            receiveWarning(plans[office], command, at: t)
        case .arrival(let id):
            run(RecordArrival(incident: id, officer: duty), by: duty, at: t)
        }
    }

    private func planDay(_ d: Int, _ dayStart: Time) {
        let h: Int64 = 3600
        // Rota: auxiliaries run the desk day and night; the 带班民警 is the community officer on
        // weekday days and the station officer on call at night and at weekends.
        let weekday = Int((dayStart / 86400 + 4) % 7)  // 0 = Sunday
        if d > 0 {
            let incoming = dayDuty(d)
            let handover = dayStart + 8 * h + Int64(int(0...600))
            schedule(handover, .handover(to: incoming, evening: false,
                                          carried: chance(0.5) ? ["执法记录仪2台", "对讲机3部"] : []))
            schedule(handover + Int64(int(300...1200)), .acknowledge(by: incoming, template: "day", lead: dayLead(d, dayStart)))
        }
        let evening = dayStart + 20 * h + Int64(int(0...600))
        schedule(evening, .handover(to: nightDuty(d), evening: true,
                                     carried: chance(0.5) ? ["执法记录仪2台", "对讲机3部", "值班日志"] : []))
        schedule(evening + Int64(int(300...1200)), .acknowledge(by: nightDuty(d), template: "night", lead: onCall(d)))

        for plan in plans { planOffice(plan, d, dayStart, weekday: weekday) }
    }

    private func planOffice(_ plan: OfficePlan, _ d: Int, _ dayStart: Time, weekday: Int) {
        let h: Int64 = 3600, m: Int64 = 60
        let staff = plan.staff
        // 群防群治 (issue 19): teams and tasks, 联户长 points, tips; its own random stream (DemoCommunity.swift).
        for step in DemoCommunity.plan(DemoCommunity.Office(number: plan.number, community: plan.community, police: staff.police, auxiliaries: staff.auxiliaries, volunteers: staff.volunteers, patrollers: staff.patrollers, leaders: staff.leaders.flatMap { $0 }, cells: plan.cells.map(\.code), persons: plan.persons.map { ($0.id, $0.category) }), day: d, dayStart: dayStart, seed: options.seed) { schedule(step.at, .command(step.command, by: step.by)) }
        let leads = [staff.police] + staff.auxiliaries
        let shortStaffed = chance(0.08)
        let schoolDay = weekday >= 1 && weekday <= 5
        func jitter(_ minutes: Int) -> Time { Int64(int(-minutes...minutes)) * m }
        if schoolDay {
            // 上放学时段: fixed posts at the school gate.
            patrol(plan, .post, leads: staff.auxiliaries, members: staff.patrollers, memberCount: 1...1,
                   from: dayStart + 7 * h + 20 * m + jitter(5), minutes: 50, every: 15, kinds: [.site], fixed: plan.schoolCell)
            patrol(plan, .post, leads: staff.auxiliaries, members: staff.patrollers, memberCount: 1...1,
                   from: dayStart + 16 * h + 20 * m + jitter(5), minutes: 50, every: 15, kinds: [.site], fixed: plan.schoolCell)
        }
        patrol(plan, .foot, leads: leads, members: staff.patrollers, memberCount: 1...2,
               from: dayStart + 9 * h + jitter(20), minutes: int(120...170), every: 3, kinds: [.compound, .street])
        if !shortStaffed {
            patrol(plan, .foot, leads: staff.auxiliaries, members: staff.patrollers, memberCount: 1...1,
                   from: dayStart + 11 * h + 30 * m + jitter(20), minutes: int(90...120), every: 3, kinds: [.street, .site])
            patrol(plan, .bike, leads: leads, members: staff.patrollers, memberCount: 0...1,
                   from: dayStart + 14 * h + jitter(30), minutes: int(100...130), every: 3, kinds: [.street, .compound])
            // 联户长 patrols (30余人每日参与巡逻, DOMAIN.md §2.1): an auxiliary leads household
            // leaders through their own compounds, three rounds a day.
            for (round, hour) in [(0, 9 * h + 30 * m), (1, 15 * h), (2, 17 * h)] {
                let compound = (d * 3 + round + plan.index) % DemoNames.compounds.count
                patrol(plan, .foot, leads: staff.auxiliaries, members: staff.leaders[compound], memberCount: 3...5,
                       from: dayStart + hour + jitter(20), minutes: int(90...120), every: 3,
                       kinds: [.compound], preferCompound: compound)
            }
        }
        // 义警 teams: every weekend, and on weekdays in the evening (安保执勤, DOMAIN.md §1.2).
        if weekday == 0 || weekday == 6 {
            patrol(plan, .foot, leads: staff.auxiliaries, members: staff.volunteers, memberCount: 3...4,
                   from: dayStart + 9 * h + 30 * m + jitter(20), minutes: int(100...130), every: 4, kinds: [.compound, .site])
        }
        if !shortStaffed {
            patrol(plan, .foot, leads: leads, members: staff.volunteers, memberCount: 2...3,
                   from: dayStart + 18 * h + 30 * m + jitter(15), minutes: int(80...100), every: 4,
                   kinds: [.street, .site, .compound])
        }
        patrol(plan, .vehicle, leads: leads, members: staff.patrollers, memberCount: 1...2,
               from: dayStart + 19 * h + jitter(20), minutes: int(100...130), every: 4, kinds: [.street, .site], stopChecks: 0...3)
        // Night (重点时段): fewer hands, fewer cells.
        patrol(plan, chance(0.3) ? .vehicle : .foot, dress: chance(0.3) ? .plain : .uniformed,
               leads: staff.auxiliaries, members: staff.patrollers, memberCount: 1...1,
               from: dayStart + 22 * h + 30 * m + jitter(30), minutes: int(120...160), every: 5,
               kinds: [.site, .street, .compound], stopChecks: 1...4, nightCells: 6)
        if chance(0.5) {
            patrol(plan, .vehicle, leads: staff.auxiliaries, members: staff.patrollers, memberCount: 0...1,
                   from: dayStart + 26 * h + 30 * m + jitter(30), minutes: int(60...90), every: 7,
                   kinds: [.site, .street], stopChecks: 0...2, nightCells: 4)
        }
        if weekday == 5 {
            patrol(plan, .checkpoint, leads: leads, members: staff.patrollers, memberCount: 2...2,
                   from: dayStart + 21 * h + jitter(10), minutes: 120, every: 30, kinds: [.site], fixed: plan.stationCell,
                   stopChecks: 5...10)
        }
        // Incidents (警情): about three a day, more in the evening.
        for _ in 0..<poisson(2.8) {
            let hour = weighted((0..<24).map { ($0, $0 >= 8 && $0 <= 22 ? ($0 >= 18 ? 1.6 : 1.0) : 0.35) })
            let t = dayStart + Int64(hour) * h + Int64(int(0...3599))
            let kind = weighted([(IncidentKind.help, 25.0), (.dispute, 15), (.theft, 12), (.fraud, 8), (.disturbance, 12),
                                 (.traffic, 10), (.fight, 5), (.missing, 3), (.fire, 2), (.other, 8)])
            let cell = weighted(plan.cells.map { ($0.code, $0.kind == .compound ? 1.0 : 1.8) })
            let source = weighted([(IncidentSource.alarm110, 6.0), (.call, 2), (.walkIn, 1.5), (.patrol, 1)])
            schedule(t, .incident(office: plan.index, LogIncident(cell: cell, kind: kind,
                                                                  summary: pick(DemoNames.incidentTexts[kind] ?? ["警情"]),
                                                                  source: source)))
        }
        planWarnings(plan, dayStart)
        planOutreach(plan, dayStart, weekday: weekday)
        // Disputes (矛盾纠纷): about ten per half-year per office (DOMAIN.md §9).
        if chance(10.0 / 182.0) {
            let category = weighted([(DisputeCategory.neighbour, 35.0), (.family, 30), (.other, 15), (.land, 5),
                                     (.collective, 8), (.domesticViolence, 4)])
            let source = weighted([(DisputeSource.walkIn, 3.0), (.receptionDay, 2), (.screening, 2), (.homeVisit, 1),
                                   (.patrol, 1), (.wechat, 1)])
            let parties = category == .collective ? [name(), pick(["物业公司", "市场管理方", "开发商"])] : [name(), name()]
            let command = OpenDispute(category: category, parties: parties, source: source,
                                      cell: pick(plan.cells.filter { $0.kind == .compound }).code,
                                      summary: pick(DemoNames.disputeTexts[category] ?? ["纠纷"]),
                                      risk: chance(0.08) ? .escalation : .normal)
            schedule(dayStart + 9 * h + Int64(int(0...(8 * 3600))), .dispute(office: plan.index, command))
        }
        DemoCasework.plan(DemoCaseworkOffice(index: plan.index, prefix: plan.prefix, community: plan.community, police: staff.police, auxiliaries: staff.auxiliaries, compounds: plan.cells.filter { $0.kind == .compound }.map(\.code)), day: d, dayStart: dayStart, seed: options.seed) { t, command, by in schedule(t, .command(command, by: by)) }  // issue 20 (DemoCasework.swift)
    }

    /// Plans one patrol: reserves its people, schedules start, check-ins, finds and end.
    private func patrol(_ plan: OfficePlan, _ mode: PatrolMode, dress: Dress = .uniformed, leads: [String],
                        members pool: [String], memberCount: ClosedRange<Int>, from start: Time, minutes: Int, every: Int,
                        kinds: [CellKind], fixed: String? = nil, preferCompound: Int? = nil,
                        stopChecks: ClosedRange<Int> = 0...0, nightCells: Int? = nil) {
        let stop = start + Int64(minutes) * 60
        guard let lead = leads.shuffled(using: &rng).first(where: { isFree($0, start, stop) }) else { return }
        let count = min(int(memberCount), pool.count)
        var members = Array(pool.shuffled(using: &rng).filter { isFree($0, start, stop) }.prefix(count))
        // 盘查 is done with a police officer present (公安干警牵头, DOMAIN.md): if an auxiliary
        // leads, the community officer (by day) or a station officer (at night) joins; if none
        // is free, the patrol makes no stop-checks.
        var stopCheckCount = int(stopChecks)
        if stopCheckCount > 0, writer.state.officers.officer(lead)?.role != .police {
            let night = writer.state.policy.isNight(date(start))
            let candidates = night ? plan.staff.stationPolice + [plan.staff.police] : [plan.staff.police] + plan.staff.stationPolice
            if let officer = candidates.first(where: { isFree($0, start, stop) }) { members.append(officer) } else { stopCheckCount = 0 }
        }
        reserve([lead] + members, start, stop)
        // The route: a few cells of the wanted kinds, weighted, visited in turn.
        var route: [String]
        if let fixed {
            route = [fixed]
        } else {
            var candidates = plan.cells.filter { kinds.contains($0.kind) }
            if let c = preferCompound { candidates = candidates.filter { $0.compound == c } + candidates.filter { $0.compound != c }.prefix(2) }
            let size = min(candidates.count, nightCells ?? int(5...9))
            route = []
            while route.count < size {
                let chosen = weighted(candidates.filter { !route.contains($0.code) }.map { ($0.code, $0.weight) })
                route.append(chosen)
            }
        }
        let token = nextToken; nextToken += 1
        schedule(start, .startPatrol(token: token, StartPatrol(mode: mode, dress: dress, lead: lead, members: members,
                                                               cells: route)))
        let checks = max(1, minutes / every)
        var t = start
        var lastAt: [String: Time] = [:]  // the same cell again within the repeat window is refused (issue 15)
        let repeatWindow = Int64(Policy.standard.repeatCheckInMinutes * 60)
        for i in 0..<checks {
            t = start + Int64(i) * Int64(every) * 60 + Int64(int(60...(every * 60 - 30)))
            if t >= stop - 60 { break }
            let cell = route[i % route.count]
            if let last = lastAt[cell], t - last < repeatWindow { continue }
            lastAt[cell] = t
            schedule(t, .checkIn(token: token, cell: cell, note: chance(0.15) ? pick(DemoNames.checkInNotes) : nil))
        }
        if fixed == nil, chance(mode == .vehicle ? 0.08 : 0.15) {
            let (category, note) = pick(DemoNames.hazardNotes)
            schedule(start + Int64(int(10...(minutes - 5))) * 60, .hazard(token: token, cell: pick(route), category, note))
        }
        for _ in 0..<stopCheckCount {
            let subject = weighted([(StopCheckSubject.person, 6.0), (.vehicle, 3.5), (.item, 0.5)])
            let outcome = weighted([(StopCheckOutcome.released, 80.0), (.registered, 17), (.handedOver, 3)])
            // The note says what the record says: a person is not "a vehicle with papers", 登记 is not 放行.
            let note = pick(DemoNames.stopCheckNotes[subject]?[outcome] ?? ["核查无异常"])
            schedule(start + Int64(int(5...(minutes - 5))) * 60, .stopCheck(token: token, cell: pick(route), subject, outcome, note))
        }
        schedule(stop, .endPatrol(token: token, summarise: chance(0.8)))
    }

    private func visit(_ plan: OfficePlan, _ index: Int, at t: Time) {
        let person = plan.persons[index]
        let staff = plan.staff
        let officer = chance(0.7) ? staff.police : pick(staff.auxiliaries)
        let method = weighted([(VisitMethod.home, 6.0), (.phone, 2), (.office, 1), (.workplace, 1)])
        let mentoring: Set<PersonCategory> = [.keyPopulation, .released, .correction]
        let with = mentoring.contains(person.category) && method != .phone
            ? ["治保主任" + pick(DemoNames.surnames) + "某", "家属" + name()] : []
        if run(RecordVisit(person: person.id, method: method, officer: officer, participants: with,
                           findings: visitFinding(method, person.category, family: !with.isEmpty)), by: officer, at: t) == nil { return }
        if chance(0.02), person.category == .temporary || person.category == .floating {
            run(ChangePersonStatus(person: person.id, residency: .presentUnregistered, note: "已办理居住证"), by: officer, at: t + 60)
        }
        // Next visit a little before the interval runs out; now and then it slips (overdue).
        let factor = chance(0.1) ? Double(int(110...150)) / 100 : Double(int(70...98)) / 100
        schedule(dayTime(t + Int64(Double(person.interval) * factor * 86400)), .visit(office: plan.index, person: index))
    }

    private func openDispute(_ plan: OfficePlan, _ command: OpenDispute, at t: Time) {
        guard let id = run(command, by: plan.staff.police, at: t) else { return }
        summary.disputes += 1
        let token = nextToken; nextToken += 1
        tokens[token] = id
        let police = plan.staff.police
        let day: Int64 = 86400
        // Mediations and conclusions happen in office hours, never at 04:57.
        var when = intoOfficeHours(t + Int64(int(2...48)) * 3600)
        schedule(when, .disputeStep(token: token, { HoldMediation(dispute: $0, kind: .preliminary, mediators: ["社区民警"],
                                                                   notes: "听取双方陈述，初步调解", result: .partial) }, by: police))
        let sessions = chance(0.6) ? 2 : 1
        for s in 1..<(sessions + 1) {
            when = intoOfficeHours(when + Int64(int(1...7)) * day)
            let kind = s == sessions ? weighted([(MediationKind.people, 5.0), (.social, 1), (.administrative, 1)]) : .people
            let notes = pick(DemoNames.mediationNotes)
            schedule(when, .disputeStep(token: token, { HoldMediation(dispute: $0, kind: kind,
                                                                      mediators: ["人民调解员", "网格员", "社区法律顾问"],
                                                                      notes: notes, result: nil) }, by: police))
        }
        when = intoOfficeHours(when + Int64(int(1...6)) * 3600)
        let outcome = weighted([(0, 94.0), (1, 3), (2, 3)])
        switch outcome {
        case 0:
            let agreement = pick(DemoNames.agreements)
            schedule(when, .disputeStep(token: token, { ResolveDispute(dispute: $0, agreement: agreement) }, by: police))
            if chance(0.85) {
                let note = pick(DemoNames.followUpNotes)
                schedule(when + Int64(int(3...7)) * day, .disputeStep(token: token, { FollowUpDispute(dispute: $0, note: note) },
                                                                       by: police))
            }
        case 1:
            schedule(when, .disputeStep(token: token, { ReferDispute(dispute: $0, to: .court, notes: "调解不成，引导诉调对接") },
                                        by: police))
        default:
            schedule(when, .disputeStep(token: token, { CloseDispute(dispute: $0, reason: "一方拒绝调解，告知诉讼途径") },
                                        by: police))
        }
    }

    // MARK: Texts generated from the data (never contradicting it)

    /// A patrol's log (工作记载), from what the patrol recorded: hazards and stop-checks as
    /// recorded, 夜间 wording only for a patrol that went out at night.
    private func patrolSummary(_ patrol: Patrol) -> String {
        let state = writer.state
        let hazards = patrol.hazards.map { state.patrols.hazards[$0] }.filter { !$0.voided }
        let checks = patrol.stopChecks.map { state.patrols.stopChecks[$0] }.filter { !$0.voided }
        let night = state.policy.isNight(patrol.startedAt)
        var parts: [String] = []
        if !hazards.isEmpty { parts.append("发现隐患\(hazards.count)处，已登记（\(hazards.map(\.id).joined(separator: "、"))）") }
        if !checks.isEmpty {
            let takenIn = checks.filter { $0.outcome == .handedOver }.count
            parts.append("盘查\(checks.count)次" + (takenIn > 0 ? "，带回/移交\(takenIn)起" : ""))
        }
        if parts.isEmpty {
            parts.append(night ? pick(["夜间巡逻正常，未发现异常", "巡逻正常，夜间重点部位已看护"])
                               : pick(["巡逻正常，未发现异常", "巡逻正常，宣传反诈知识", "巡逻正常，走访商户"]))
        }
        return parts.joined(separator: "；")
    }

    /// A handover note from the state at the handover: open incidents named, disputes and
    /// hazards counted; 「均已处置」 only when no incident is open.
    private func handoverNote(evening: Bool) -> String {
        let state = writer.state
        let open = state.openIncidents
        var parts: [String] = []
        if open.isEmpty {
            parts.append(evening ? "白班警情均已处置" : "夜间警情均已处置")
        } else {
            parts.append("有未结警情\(open.count)起（\(open.prefix(4).map(\.id).joined(separator: "、"))\(open.count > 4 ? "等" : "")），请跟进")
        }
        let pending = state.disputeList().filter { !$0.status.isConcluded }.count
        if pending > 0 { parts.append("在办纠纷\(pending)件") }
        let hazards = state.patrols.hazards.filter { !$0.voided && $0.clearance == nil }.count
        if hazards > 0 { parts.append("未整改隐患\(hazards)处") }
        if evening { parts.append("夜间请关注重点部位") }
        return parts.joined(separator: "；")
    }

    /// What a visit found, as its method allows (a phone call sees nobody) and its category
    /// calls for (medication only for 严重精神障碍患者, reporting in only for 社区矫正).
    private func visitFinding(_ method: VisitMethod, _ category: PersonCategory, family: Bool) -> String {
        var texts: [String]
        switch method {
        case .home: texts = ["本人在家，情绪稳定，近期务工", "上门见到本人，近况正常", "家中无人，向邻居了解情况正常"]
            if family { texts.append("思想动态平稳，家属配合帮教") }
        case .phone: texts = ["电话联系本人，称外出务工", "电话联系本人，近况正常", "电话联系家属，了解本人情况正常"]
        case .office: texts = ["本人到警务室谈话，思想稳定", "本人到警务室，近期就业困难，已联系社区协助"]
        case .workplace: texts = ["在单位见到本人，工作正常", "到单位了解，本人工作正常"]
        }
        switch category {
        case .mentalHealth where method != .phone: texts.append("与监护人沟通，提醒按时服药")
        case .correction where method == .office: texts.append("本人按时报到，无异常")
        default: break
        }
        return pick(texts)
    }

    // MARK: Anti-fraud warnings and hazards put right (own random stream)

    private func xChance(_ p: Double) -> Bool { Double(extra.next() >> 11) / Double(1 << 53) < p }
    private func xInt(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &extra) }
    private func xPick<T>(_ items: [T]) -> T { items[Int(extra.next() % UInt64(items.count))] }
    private func xWeighted<T>(_ items: [(T, Double)]) -> T {
        let total = items.reduce(0) { $0 + $1.1 }
        var x = Double(extra.next() >> 11) / Double(1 << 53) * total
        for (item, w) in items { if x < w { return item }; x -= w }
        return items[items.count - 1].0
    }
    private func xPoisson(_ mean: Double) -> Int {
        let limit = exp(-mean)
        var k = 0
        var p = 1.0
        repeat { k += 1; p *= Double(extra.next() >> 11) / Double(1 << 53) } while p > limit
        return k - 1
    }

    /// A mainland mobile number: a real operator prefix and eight digits.
    private func mobile() -> String {
        xPick(DemoNames.mobilePrefixes) + String(format: "%08d", xInt(0...99_999_999))
    }

    /// 反诈预警: a few a day per office (DOMAIN.md §9), more low than high (§6 gives no split).
    private func planWarnings(_ plan: OfficePlan, _ dayStart: Time) {
        var times: [Time] = (0..<xPoisson(3.0)).map { _ in
            let hour = xWeighted((0..<24).map { ($0, $0 >= 8 && $0 <= 21 ? 1.0 : 0.15) })
            return dayStart + Int64(hour) * 3600 + Int64(xInt(0...3599))
        }
        // The last day: a few arrive in the hours before `now`, so the overview has some to act on.
        if dayStart + 86400 > end {
            times += (0..<xInt(2...3)).map { _ in end - Int64(xInt(5...150)) * 60 }
        }
        for t in times {
            let level = xWeighted([(FraudLevel.high, 1.0), (.medium, 2.5), (.low, 4.5)])
            let compound = plan.cells.filter { $0.kind == .compound }
            let cell = xPick(compound)
            // Who it names: a listed key person now and then, else a resident or a household.
            var person: String?
            var target = ""
            if xChance(0.08), !plan.persons.isEmpty {
                person = xPick(plan.persons).id
            } else if xChance(0.45) {
                let compoundName = DemoNames.compounds(office: plan.number)[cell.compound ?? 0]
                target = compoundName + "\(xInt(1...12))栋\(xInt(1...4))单元\(xInt(1...6))0\(xInt(1...4))室 "
                    + xPick(DemoNames.surnames) + "家"
            } else {
                target = xPick(DemoNames.surnames) + xPick(DemoNames.givenChars) + (xChance(0.6) ? xPick(DemoNames.givenChars) : "")
            }
            schedule(t, .fraudWarning(office: plan.index, ReceiveFraudWarning(
                level: level, target: target, person: person, phone: mobile(), cell: cell.code,
                note: xPick(DemoNames.fraudNotes))))
        }
    }

    /// Receives a warning and plans its dissuasions: most succeed at the first try, some
    /// reach nobody and are tried again; those due after `now` stay pending.
    private func receiveWarning(_ plan: OfficePlan, _ command: ReceiveFraudWarning, at t: Time) {
        let staff = plan.staff
        let writer = xChance(0.5) ? staff.police : xPick(staff.auxiliaries)
        guard let id = run(command, by: writer, at: t) else { return }
        summary.fraudWarnings += 1
        var when = t
        for attempt in 0..<3 {
            // High-level warnings are acted on within the hour; low ones the same day.
            let delay: ClosedRange<Int> = switch command.level {
            case .high: 10...60
            case .medium: 30...240
            case .low: 60...720
            }
            when += Int64(xInt(attempt == 0 ? delay : 60...360)) * 60
            // Who: the community officer, an auxiliary, or a 联户长 of the compound (an auxiliary records it).
            let compound = plan.cells.first { $0.code == command.cell }?.compound ?? 0
            var (by, operatorBadge): (String, String) = switch xWeighted([(0, 4.0), (1, 3.0), (2, 2.0), (3, 1.0)]) {
            case 0: (staff.police, staff.police)
            case 1: { let a = xPick(staff.auxiliaries); return (a, a) }()
            case 2: (xPick(staff.leaders[compound]), xPick(staff.auxiliaries))
            default: (xPick(staff.volunteers), xPick(staff.auxiliaries))
            }
            var method: DissuasionMethod = by.hasPrefix("L") ? .home : xWeighted([(.phone, 5.0), (.home, 4.0), (.other, 1.0)])
            let outcome: DissuasionOutcome = attempt == 2
                ? xWeighted([(.dissuaded, 8.0), (.unreachable, 2.0)])
                : xWeighted([(.dissuaded, 84.0), (.unreachable, 14.0), (.defrauded, 2.0)])
            // Nobody knocks on doors between 21:00 and 08:00: a night dissuasion is a phone call by the office.
            let hour = OfficeTime.minuteOfDay(date(when)) / 60
            if method == .home, hour >= 21 || hour < 8 {
                method = .phone
                if by.hasPrefix("L") || by.hasPrefix("Y") { by = operatorBadge }
            }
            let note = by.hasPrefix("L") ? "联户长陪同上门，讲解诈骗手法"
                : xPick(DemoNames.dissuasionNotes[method]?[outcome] ?? DemoNames.dissuasionNotes[.other]?[outcome] ?? ["已劝阻"])
            schedule(when, .command(RecordDissuasion(warning: id, by: by, method: method, outcome: outcome, note: note),
                                    by: operatorBadge))
            if outcome != .unreachable { break }
        }
    }

    /// Most hazards are put right within hours or days; a few stay open (and show at handover).
    private func planClearing(_ hazard: String, cell: String, category: HazardCategory, at t: Time) {
        guard xChance(0.9), let plan = plans.last(where: { cell.hasPrefix($0.prefix) }) else { return }
        // Fire risks are put right the same day; the rest take the owner, the property company or the
        // community up to ten days, so a district always has a few open at handover.
        let hours: ClosedRange<Int> = category == .fireLane || category == .fire ? 1...24 : 12...240
        let by = xChance(0.5) ? plan.staff.police : xPick(plan.staff.auxiliaries)
        let note = xPick(DemoNames.hazardClearNotes[category] ?? ["已整改完毕，复查无误"])
        // Put right and confirmed in office hours, not at 04:50.
        let when = intoOfficeHours(t + Int64(xInt(hours)) * 3600 + Int64(xInt(0...3599)))
        schedule(when, .command(ClearHazard(hazard: hazard, by: by, note: note), by: by))
    }
}
