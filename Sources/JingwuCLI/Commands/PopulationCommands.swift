import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources

/// The writes of 网格 and 实有人口 (issue 19, part A): `grid add`, `building add`,
/// `household add`, `resident add`, `rental add`, `rental inspect`, `leader assign`. Each is
/// one domain command written as one durable append, or refused (exit 65) with nothing written.
enum PopulationCommands {
    typealias O = OfficeCommands

    static let all: [CommandSpec] = [
        O.spec(["grid", "add"], "grid_add", "--code G --name N --community N [--worker B | --worker-name N]", [],
               [.value("code", required: true), .value("name", required: true), .value("community", required: true),
                .value("worker"), .value("worker-name")]) { _, p in
            AddGrid(code: O.required(p, "code"), name: O.required(p, "name"), community: O.required(p, "community"),
                    worker: p.value("worker"), workerName: p.value("worker-name"))
        },
        O.spec(["building", "add"], "building_add", "--name N --cell C --units N", [],
               [.value("name", required: true), .value("cell", required: true), .value("units", required: true)]) { _, p in
            AddBuilding(name: O.required(p, "name"), cell: O.required(p, "cell"), units: try O.int(p, "units") ?? 0)
        },
        O.spec(["household", "add"], "household_add", "--building B --unit N --door D --address TEXT", [],
               [.value("building", required: true), .value("unit", required: true), .value("door", required: true),
                .value("address")]) { _, p in
            AddHousehold(building: O.required(p, "building"), unit: try O.int(p, "unit") ?? 0, door: O.required(p, "door"),
                         address: O.required(p, "address"))
        },
        O.spec(["resident", "add"], "resident_add",
               "--household H --name N --id-number N --status STATUS [--stay-from DATE] [--stay-until DATE]",
               [("status", O.codes(Residency.self))],
               [.value("household", required: true), .value("name", required: true), .value("id-number", required: true),
                .value("status", required: true), .value("stay-from"), .value("stay-until")]) { context, p in
            let now = context.clock.now()
            return RegisterResident(household: O.required(p, "household"), name: O.required(p, "name"),
                                    idNumber: O.required(p, "id-number"), status: try O.code(p, "status", Residency.self),
                                    stayFrom: try p.value("stay-from").map { try O.time($0, field: "stay-from", now: now) },
                                    stayUntil: try p.value("stay-until").map { try O.time($0, field: "stay-until", now: now) })
        },
        O.spec(["rental", "add"], "rental_add", "--household H --landlord N [--landlord-phone P]", [],
               [.value("household", required: true), .value("landlord", required: true), .value("landlord-phone")]) { _, p in
            RegisterRental(household: O.required(p, "household"), landlord: O.required(p, "landlord"),
                           landlordPhone: p.value("landlord-phone"))
        },
        O.spec(["rental", "inspect"], "rental_inspect", "--rental RT --conditions TEXT [--tenants N]", [],
               [.value("rental", required: true), .value("conditions", required: true), .value("tenants")]) { _, p in
            InspectRental(rental: O.required(p, "rental"), conditions: O.required(p, "conditions"), tenants: try O.int(p, "tenants"))
        },
        O.spec(["leader", "assign"], "leader_assign", "--leader B [--units B0001-1,B0001-2] [--households HH0001,…]", [],
               [.value("leader", required: true), .value("units", repeatable: true),
                .value("households", repeatable: true)]) { _, p in
            AssignHouseholdLeader(leader: O.required(p, "leader"), units: O.commaList(p, "units"),
                                  households: O.commaList(p, "households"))
        },
        // Session 12: corrections by the record's id (an `EntryAmended` / `EntryVoided` of its event, the
        // same as `event amend` / `event void` on it), with the correction's reason.
        O.spec(["grid", "amend"], "grid_amend",
               "--grid G --reason TEXT [--name N] [--worker B] [--worker-name N] [--no-worker]", [],
               [.value("grid", required: true), .value("reason", required: true), .value("name"), .value("worker"),
                .value("worker-name"), .flag("no-worker")], reasonIsBackdate: false) { _, p in
            AmendGrid(grid: O.required(p, "grid"), name: p.value("name"), worker: p.value("worker"),
                      workerName: p.value("worker-name"), clearWorker: p.has("no-worker"), reason: O.required(p, "reason"))
        },
        O.spec(["resident", "amend"], "resident_amend",
               "--resident R --reason TEXT [--status STATUS] [--stay-from DATE] [--stay-until DATE]",
               [("status", O.codes(Residency.self))],
               [.value("resident", required: true), .value("reason", required: true), .value("status"),
                .value("stay-from"), .value("stay-until")], reasonIsBackdate: false) { context, p in
            let now = context.clock.now()
            return AmendResident(resident: O.required(p, "resident"), status: try O.optionalCode(p, "status", Residency.self),
                                 stayFrom: try p.value("stay-from").map { try O.time($0, field: "stay-from", now: now) },
                                 stayUntil: try p.value("stay-until").map { try O.time($0, field: "stay-until", now: now) },
                                 reason: O.required(p, "reason"))
        },
        O.spec(["leader", "void"], "leader_void", "--unit B0001-1 | --household HH [--leader B] --reason TEXT", [],
               [.value("unit"), .value("household"), .value("leader"), .value("reason", required: true)],
               reasonIsBackdate: false) { _, p in
            VoidLeaderAssignment(unit: p.value("unit"), household: p.value("household"), leader: p.value("leader"),
                                 reason: O.required(p, "reason"))
        },
    ]
}
