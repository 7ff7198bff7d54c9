import Foundation
import JingwuJournal

// Shifts' part of the checkpoint (CheckpointCodec.swift keeps the section list and its order).

extension OfficeState {
    /// The shift count and every shift with its handover (part of the core section).
    func writeShifts(_ w: inout CheckpointWriter) {
        w.int(shifts.count)
        w.array(shifts.shifts) { w, s in
            w.string(s.id); w.string(s.duty); w.strings(s.team); w.optional(s.template) { $0.string($1) }
            w.optional(s.leadPolice) { $0.string($1) }
            w.date(s.openedAt); w.uuid(s.event); w.bool(s.voided)
            w.optional(s.handover) { w, h in
                w.string(h.from); w.string(h.to); w.string(h.notes); w.strings(h.carried); w.date(h.at); w.uuid(h.event)
            }
            w.optional(s.acknowledgement) { w, a in
                w.string(a.by); w.optional(a.objections) { $0.string($1) }; w.date(a.at); w.uuid(a.event)
                w.optional(a.handling) { w, h in h.write(&w) }
            }
        }
    }

    mutating func readShifts(_ r: inout CheckpointReader) throws {
        shifts.count = try r.int()
        shifts.list = KeyedList(try r.array { r in
            Shift(id: try r.string(), duty: try r.string(), team: try r.strings(), template: try r.optional { try $0.string() },
                  leadPolice: try r.optional { try $0.string() }, openedAt: try r.date(), event: try r.uuid(), voided: try r.bool(),
                  handover: try r.optional { r in
                      Handover(from: try r.string(), to: try r.string(), notes: try r.string(), carried: try r.strings(),
                               at: try r.date(), event: try r.uuid())
                  },
                  acknowledgement: try r.optional { r in
                      Acknowledgement(by: try r.string(), objections: try r.optional { try $0.string() }, at: try r.date(),
                                      event: try r.uuid(),
                                      handling: try r.optional(DealtWith.read))
                  })
        })
    }
}
