import Foundation
import JingwuJournal

// The roster' part of the checkpoint (CheckpointCodec.swift keeps the section list and its order).

extension OfficeState {
    /// Officers then cells, each in roster order (part of the core section).
    func writeRoster(_ w: inout CheckpointWriter) {
        w.strings(officers.order)
        w.array(officers.order.compactMap { officers.byBadge[$0] }) { w, o in
            w.string(o.badge); w.string(o.name); w.code(o.role); w.date(o.enrolledAt); w.uuid(o.event); w.bool(o.voided)
        }
        w.strings(cells.order)
        w.array(cells.order.compactMap { cells.byCode[$0] }) { w, c in
            w.string(c.code); w.string(c.name); w.string(c.community); w.code(c.kind)
            w.optional(c.windowHours) { $0.int($1) }; w.optional(c.x) { $0.int($1) }; w.optional(c.y) { $0.int($1) }
            w.bool(c.keySite); w.date(c.addedAt); w.uuid(c.event); w.bool(c.voided); w.optional(c.grid) { $0.string($1) }
        }
    }

    mutating func readRoster(_ r: inout CheckpointReader) throws {
        officers.order = try r.strings()
        for o in try r.array({ r in
            Officer(badge: try r.string(), name: try r.string(), role: try r.code(), enrolledAt: try r.date(),
                    event: try r.uuid(), voided: try r.bool())
        }) { officers.byBadge[o.badge] = o }
        cells.order = try r.strings()
        for c in try r.array({ r in
            Cell(code: try r.string(), name: try r.string(), community: try r.string(), kind: try r.code(),
                 windowHours: try r.optional { try $0.int() }, x: try r.optional { try $0.int() },
                 y: try r.optional { try $0.int() }, keySite: try r.bool(), addedAt: try r.date(), event: try r.uuid(),
                 voided: try r.bool(), grid: try r.optional { try $0.string() })
        }) { cells.byCode[c.code] = c }
    }
}
