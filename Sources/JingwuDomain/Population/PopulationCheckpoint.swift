import Foundation
import JingwuJournal

// The population's part of the checkpoint (the last section; CheckpointCodec.swift keeps the list).
// The derived indexes (residents by household, households by building, the leader maps) are
// rebuilt from the lists, so they cannot disagree with them.

extension OfficeState {
    static func writePopulation(_ w: inout CheckpointWriter, _ p: PopulationBook) {
        w.array(p.grids.list.items) { w, g in
            w.string(g.code); w.string(g.name); w.string(g.community); w.optional(g.worker) { $0.string($1) }
            w.optional(g.workerName) { $0.string($1) }; w.date(g.addedAt); w.uuid(g.event); w.bool(g.voided)
        }
        w.array(p.buildings.list.items) { w, b in
            w.string(b.id); w.string(b.name); w.string(b.cell); w.int(b.units); w.date(b.addedAt); w.uuid(b.event)
            w.bool(b.voided)
        }
        w.array(p.households.list.items) { w, h in
            w.string(h.id); w.string(h.building); w.int(h.unit); w.string(h.door); w.string(h.address); w.date(h.addedAt)
            w.uuid(h.event); w.bool(h.voided)
        }
        w.array(p.residents.list.items) { w, r in
            w.string(r.id); w.string(r.household); w.string(r.name); w.string(r.idNumber); w.code(r.status)
            w.optional(r.stayFrom) { $0.date($1) }; w.optional(r.stayUntil) { $0.date($1) }; w.date(r.addedAt)
            w.uuid(r.event); w.bool(r.voided)
        }
        w.array(p.rentals.list.items) { w, r in
            w.string(r.id); w.string(r.household); w.string(r.landlord); w.optional(r.landlordPhone) { $0.string($1) }
            w.array(r.inspections) { w, i in
                w.date(i.at); w.string(i.by); w.string(i.conditions); w.optional(i.tenants) { $0.int($1) }; w.uuid(i.event)
                w.bool(i.voided)
            }
            w.date(r.addedAt); w.uuid(r.event); w.bool(r.voided)
        }
        w.array(p.assignments) { w, a in
            w.string(a.leader); w.strings(a.units); w.strings(a.households); w.date(a.at); w.uuid(a.event); w.bool(a.voided)
        }
    }

    @Sendable static func readPopulation(_ r: inout CheckpointReader) throws -> PopulationBook {
        var p = PopulationBook()
        p.grids.list = KeyedList(try r.array { r in
            Grid(code: try r.string(), name: try r.string(), community: try r.string(), worker: try r.optional { try $0.string() },
                 workerName: try r.optional { try $0.string() }, addedAt: try r.date(), event: try r.uuid(), voided: try r.bool())
        })
        p.buildings.list = KeyedList(try r.array { r in
            Building(id: try r.string(), name: try r.string(), cell: try r.string(), units: try r.int(), addedAt: try r.date(),
                     event: try r.uuid(), voided: try r.bool())
        })
        p.households.list = KeyedList(try r.array { r in
            Household(id: try r.string(), building: try r.string(), unit: try r.int(), door: try r.string(),
                      address: try r.string(), addedAt: try r.date(), event: try r.uuid(), voided: try r.bool())
        })
        p.residents.list = KeyedList(try r.array { r in
            Resident(id: try r.string(), household: try r.string(), name: try r.string(), idNumber: try r.string(),
                     status: try r.code(), stayFrom: try r.optional { try $0.date() }, stayUntil: try r.optional { try $0.date() },
                     addedAt: try r.date(), event: try r.uuid(), voided: try r.bool())
        })
        p.rentals.list = KeyedList(try r.array { r in
            Rental(id: try r.string(), household: try r.string(), landlord: try r.string(),
                   landlordPhone: try r.optional { try $0.string() },
                   inspections: try r.array { r in
                       RentalInspection(at: try r.date(), by: try r.string(), conditions: try r.string(),
                                        tenants: try r.optional { try $0.int() }, event: try r.uuid(), voided: try r.bool())
                   },
                   addedAt: try r.date(), event: try r.uuid(), voided: try r.bool())
        })
        p.assignments = try r.array { r in
            LeaderAssignment(leader: try r.string(), units: try r.strings(), households: try r.strings(), at: try r.date(),
                             event: try r.uuid(), voided: try r.bool())
        }
        p.reindex()
        return p
    }
}
