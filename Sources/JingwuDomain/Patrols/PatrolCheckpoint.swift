import Foundation
import JingwuJournal

// Patrols' part of the checkpoint (CheckpointCodec.swift keeps the section list and its order).

extension OfficeState {
    static func writeHazards(_ w: inout CheckpointWriter, _ hazards: [Hazard]) {
        w.array(hazards) { w, h in
            w.optional(h.patrol) { $0.string($1) }; w.string(h.cell); w.code(h.category); w.string(h.note)
            w.date(h.at); w.uuid(h.event); w.bool(h.voided); w.string(h.id)
            w.optional(h.clearance) { w, c in c.write(&w) }
        }
    }

    @Sendable static func readHazards(_ r: inout CheckpointReader) throws -> [Hazard] {
        try r.array { r in
            var hazard = Hazard(patrol: try r.optional { try $0.string() }, cell: try r.string(), category: try r.code(),
                                note: try r.string(), at: try r.date(), event: try r.uuid(), voided: try r.bool())
            hazard.id = try r.string()
            hazard.clearance = try r.optional(DealtWith.read)
            return hazard
        }
    }

    static func writeStopChecks(_ w: inout CheckpointWriter, _ stops: [StopCheck]) {
        w.array(stops) { w, s in
            w.string(s.patrol); w.optional(s.cell) { $0.string($1) }; w.code(s.subject); w.code(s.outcome)
            w.optional(s.note) { $0.string($1) }; w.date(s.at); w.uuid(s.event); w.bool(s.voided)
        }
    }

    @Sendable static func readStopChecks(_ r: inout CheckpointReader) throws -> [StopCheck] {
        try r.array { r in
            StopCheck(patrol: try r.string(), cell: try r.optional { try $0.string() }, subject: try r.code(),
                      outcome: try r.code(), note: try r.optional { try $0.string() }, at: try r.date(), event: try r.uuid(),
                      voided: try r.bool())
        }
    }
}
