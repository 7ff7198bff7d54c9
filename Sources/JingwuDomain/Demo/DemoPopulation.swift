import Foundation
import JingwuJournal

/// The demo district's 网格 and 实有人口 (issue 19, part A), one community at a time, from a
/// random stream of its own (the rest of the district draws exactly as it did without it).
///
/// - Four 网格 per community (DOMAIN §3.1 gives no count: a handful, each with a 网格员 by
///   name — the community's staff, not on the office's roster); compounds 1–3, 4–6, 7–9 and
///   10–11 each make one, streets and key sites are shared out among them.
/// - 3–5 楼栋 per compound (~44 per community) of 2–4 单元, 5–7 floors and 2–3 doors a floor:
///   ~2,000 户 (DOMAIN §9: 2,221 in 004, ~2,150–2,470 per community in 000), 12.8 % empty (000).
/// - Residents (3.1 per occupied 户, 004) registered for about 55 % of the occupied 户: the
///   一标三实 collection is under way, and it keeps the station-year proportionate (~5,400
///   records per community, ~3,000 of them residents). Status among the registered (design,
///   no seed gives ratios): 人在户在 72 %, 人在户不在 9 %, 户在人不在 7 %, 暂住 12 % — 暂住 only in
///   出租屋, whose 暂住登记 run six months and end within the next 30 days for about one in six.
/// - 出租屋: 7 % of the 户, each with a landlord; about 40 % inspected.
/// - 联户长: the district's (14–22 per compound, ~200 per community) take the 户 of their
///   compound in turn, 10–12 each (000), so that every unit is covered; when a compound's
///   leaders run out, the last one takes what is left (and is flagged over 12).
final class DemoPopulation {
    typealias Run = (_ command: any OfficeCommand, _ at: Date) -> String?
    private var rng: SplitMix64
    private let community: String
    private let prefix: String
    private let office: Int
    private let runCommand: Run
    /// ID numbers handed out, so that none is drawn twice.
    private var numbers = Set<String>()

    init(seed: UInt64, office: Int, community: String, prefix: String, run: @escaping Run) {
        rng = SplitMix64(seed: seed ^ 0x504F_5055_4C41_5445 &+ UInt64(office) &* 0x9E37_79B9)
        self.community = community
        self.prefix = prefix
        self.office = office % 10
        self.runCommand = run
    }

    /// Runs a command through the district's writer (a refusal is counted there); the new record's id.
    @discardableResult
    private func run(_ command: any OfficeCommand, _ at: Date) -> String? { runCommand(command, at) }

    private func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    private func chance(_ p: Double) -> Bool { Double(rng.next() >> 11) / Double(1 << 53) < p }
    private func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
    private func name() -> String {
        pick(DemoNames.surnames) + pick(DemoNames.givenChars) + (chance(0.7) ? pick(DemoNames.givenChars) : "")
    }

    // MARK: 网格

    static let gridNames = ["第一网格", "第二网格", "第三网格", "第四网格"]

    /// The 网格 of compound `c` (0–10).
    func grid(compound c: Int) -> String { prefix + "G\(min(3, c / 3) + 1)" }
    /// The 网格 of street or site `n`.
    func grid(other n: Int) -> String { prefix + "G\(n % 4 + 1)" }

    /// Adds the community's four 网格 (before its points, which name them).
    func addGrids(at: Date) {
        let short = community.hasSuffix("社区") ? String(community.dropLast(2)) : community
        for (i, title) in Self.gridNames.enumerated() {
            run(AddGrid(code: prefix + "G\(i + 1)", name: short + title, community: community, workerName: name()), at)
        }
    }

    // MARK: Places, households, residents

    /// - Parameters:
    ///   - compounds: per compound, its name and the codes of its points.
    ///   - streets: the community's street names (for addresses).
    ///   - leaders: per compound, its 联户长's badges.
    func populate(compounds: [(name: String, cells: [String])], streets: [String], leaders: [[String]], at: Date,
                  now: Date) {
        for (c, compound) in compounds.enumerated() {
            var households: [String] = []
            let street = streets[c % streets.count]
            let number = 10 + c * 6 + int(0...4)
            for b in 0..<int(4...5) {
                let unitCount = int(2...4)
                let floors = int(5...7)
                let doors = int(2...3)
                let buildingName = compound.name + "\(b + 1)号楼"
                guard let building = run(AddBuilding(name: buildingName, cell: compound.cells[b % compound.cells.count],
                                                     units: unitCount), at) else { continue }
                for u in 1...unitCount {
                    for floor in 1...floors {
                        for door in 1...doors {
                            let room = "\(floor)0\(door)"
                            let address = "\(street)\(number)号\(buildingName)\(u)单元\(room)"
                            guard let household = run(AddHousehold(building: building, unit: u, door: room, address: address), at)
                            else { continue }
                            households.append(household)
                            residents(of: household, at: at, now: now)
                        }
                    }
                }
            }
            assign(households, to: c < leaders.count ? leaders[c] : [], at: at)
        }
    }

    /// Registers a household's residents (and makes it a rental first, sometimes).
    private func residents(of household: String, at: Date, now: Date) {
        let rentalID = chance(0.07)
            ? run(RegisterRental(household: household, landlord: name(),
                                 landlordPhone: pick(DemoNames.mobilePrefixes) + String(format: "%08d", int(0...99_999_999))), at)
            : nil
        let rental = rentalID != nil
        // 12.8 % of households stand empty (000); the collection has reached about 55 % of the others.
        guard !chance(0.128), chance(0.55) else { return }
        let people = rental ? int(1...3) : [1, 2, 2, 3, 3, 3, 4, 4, 5][int(0...8)]
        for _ in 0..<people {
            let status: Residency
            var from: Date?
            var until: Date?
            if rental {
                status = .temporary
                // Six-month 暂住登记 begun 10–175 days ago: about one in six ends within 30 days.
                let start = OfficeTime.startOfDay(now).addingTimeInterval(-Double(int(10...175)) * 86400)
                from = start
                until = start.addingTimeInterval(180 * 86400)
            } else {
                let roll = int(1...100)
                status = roll <= 82 ? .presentRegistered : roll <= 92 ? .presentUnregistered : .registeredAbsent
            }
            run(RegisterResident(household: household, name: name(), idNumber: idNumber(at), status: status,
                                 stayFrom: from, stayUntil: until), at)
        }
        if let rentalID, chance(0.4) {
            run(InspectRental(rental: rentalID, conditions: pick(Self.inspectionConditions), tenants: people), at)
        }
    }

    static let inspectionConditions = ["消防器材齐全，承租人已登记", "楼道堆放杂物，已责令清理", "承租人信息与登记一致",
                                     "电动车室内充电，已责令移出", "未发现安全隐患", "房东已签订治安责任书"]

    /// A resident's ID number, born at least a year before `at` (the registration); the
    /// sequence's hundreds are the office's, so no two offices of a station draw the same.
    private func idNumber(_ at: Date) -> String {
        while true {
            let year = OfficeTime.year(at) - int(1...85)
            let body = pick(DemoNames.regions)
                + String(format: "%04d%02d%02d%03d", year, int(1...12), int(1...28), office * 100 + int(1...99))
            let number = body + String(ResidentID.checkCharacter(for: body)!)
            if numbers.insert(number).inserted { return number }
        }
    }

    // MARK: 联户长

    /// Gives a compound's households to its leaders in turn, 10–12 each; the last leader takes the rest.
    private func assign(_ households: [String], to leaders: [String], at: Date) {
        var start = 0
        for (l, leader) in leaders.enumerated() where start < households.count {
            let end = l == leaders.count - 1 ? households.count : min(households.count, start + int(10...12))
            run(AssignHouseholdLeader(leader: leader, households: Array(households[start..<end])), at)
            start = end
        }
    }
}
