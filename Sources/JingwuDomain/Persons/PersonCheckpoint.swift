import Foundation
import JingwuJournal

// Persons' part of the checkpoint (CheckpointCodec.swift keeps the section list and its order).

extension OfficeState {
    static func writePersons(_ w: inout CheckpointWriter, _ persons: PersonRegister) {
        w.array(persons.persons) { w, p in
            w.string(p.id); w.string(p.name); w.string(p.idNumber); w.code(p.listedCategory); w.code(p.listedResidency)
            w.string(p.cell); w.string(p.officer); w.optional(p.intervalDays) { $0.int($1) }; w.date(p.listedAt)
            w.uuid(p.event); w.bool(p.voided)
            w.array(p.changes) { w, c in
                w.optional(c.residency) { $0.code($1) }; w.optional(c.category) { $0.code($1) }
                w.optional(c.note) { $0.string($1) }; w.date(c.at); w.uuid(c.event); w.bool(c.voided)
            }
            w.optional(p.delistedAt) { $0.date($1) }; w.optional(p.delistReason) { $0.string($1) }
            w.optional(p.delistEvent) { $0.uuid($1) }; w.ints(p.visits)
        }
        w.array(persons.listedByIDNumber.sorted { $0.key < $1.key }) { w, pair in w.string(pair.key); w.string(pair.value) }
        w.array(persons.visits) { w, v in
            w.string(v.person); w.code(v.method); w.string(v.officer); w.strings(v.participants); w.string(v.findings)
            w.optional(v.observed) { $0.code($1) }; w.date(v.at); w.uuid(v.event); w.bool(v.voided)
        }
        w.array(persons.controls.sorted { $0.key < $1.key }) { w, pair in
            w.string(pair.key)
            w.array(pair.value) { w, c in
                w.string(c.basis); w.code(c.level)
                w.array(c.helpers) { w, h in w.code(h.role); w.string(h.name) }
                w.date(c.at); w.uuid(c.event); w.bool(c.voided)
            }
        }
    }

    @Sendable static func readPersons(_ r: inout CheckpointReader) throws -> PersonRegister {
        var persons = PersonRegister()
        let personList = try r.array { r in
            KeyPerson(id: try r.string(), name: try r.string(), idNumber: try r.string(), listedCategory: try r.code(),
                      listedResidency: try r.code(), cell: try r.string(), officer: try r.string(),
                      intervalDays: try r.optional { try $0.int() }, listedAt: try r.date(), event: try r.uuid(),
                      voided: try r.bool(),
                      changes: try r.array { r in
                          StatusChange(residency: try r.optional { try $0.code() }, category: try r.optional { try $0.code() },
                                       note: try r.optional { try $0.string() }, at: try r.date(), event: try r.uuid(),
                                       voided: try r.bool())
                      },
                      delistedAt: try r.optional { try $0.date() }, delistReason: try r.optional { try $0.string() },
                      delistEvent: try r.optional { try $0.uuid() }, visits: try r.ints())
        }
        for person in personList { persons.add(person) }
        persons.listedByIDNumber = [:]
        for (number, id) in try r.array({ r in (try r.string(), try r.string()) }) { persons.listedByIDNumber[number] = id }
        persons.visits = try r.array { r in
            Visit(person: try r.string(), method: try r.code(), officer: try r.string(), participants: try r.strings(),
                  findings: try r.string(), observed: try r.optional { try $0.code() }, at: try r.date(), event: try r.uuid(),
                  voided: try r.bool())
        }
        for (person, controls) in try r.array({ r in
            (try r.string(), try r.array { r in
                PersonControl(basis: try r.string(), level: try r.code(),
                              helpers: try r.array { r in Helper(role: try r.code(), name: try r.string()) },
                              at: try r.date(), event: try r.uuid(), voided: try r.bool())
            })
        }) { persons.controls[person] = controls }
        let visitCount = persons.visits.count
        guard personList.allSatisfy({ $0.visits.allSatisfy { $0 >= 0 && $0 < visitCount } }) else {
            throw CheckpointDecodingError()
        }
        return persons
    }

    static func writeReveals(_ w: inout CheckpointWriter, _ reveals: RevealLog) {
        w.array(reveals.reveals) { w, v in
            w.string(v.person); w.string(v.by); w.optional(v.purpose) { $0.string($1) }; w.date(v.at); w.uuid(v.event)
        }
    }

    @Sendable static func readReveals(_ r: inout CheckpointReader) throws -> RevealLog {
        var reveals = RevealLog()
        for reveal in try r.array({ r in
            IDReveal(person: try r.string(), by: try r.string(), purpose: try r.optional { try $0.string() },
                     at: try r.date(), event: try r.uuid())
        }) { reveals.add(reveal) }
        return reveals
    }
}
