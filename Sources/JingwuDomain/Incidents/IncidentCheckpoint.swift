import Foundation
import JingwuJournal

// Incidents' part of the checkpoint (CheckpointCodec.swift keeps the section list and its order).

extension OfficeState {
    static func writeIncidents(_ w: inout CheckpointWriter, _ incidents: IncidentBook) {
        w.array(incidents.incidents) { w, n in
            w.string(n.id); w.string(n.cell); w.code(n.kind); w.string(n.summary); w.code(n.source); w.date(n.at)
            w.uuid(n.event); w.bool(n.voided); w.optional(n.closedAt) { $0.date($1) }
            w.optional(n.disposition) { $0.code($1) }; w.optional(n.closeNote) { $0.string($1) }
            w.optional(n.closeEvent) { $0.uuid($1) }
            w.optional(n.loggedPerson) { $0.string($1) }; w.optional(n.loggedDispute) { $0.string($1) }
            w.array(n.links) { w, l in
                w.optional(l.person) { $0.string($1) }; w.optional(l.dispute) { $0.string($1) }; w.date(l.at)
                w.uuid(l.event); w.bool(l.voided)
            }
            w.optional(n.caller) { $0.string($1) }; w.optional(n.callerPhone) { $0.string($1) }
            w.optional(n.arrivedAt) { $0.date($1) }; w.optional(n.arrivedBy) { $0.string($1) }
            w.optional(n.arriveEvent) { $0.uuid($1) }
        }
    }

    @Sendable static func readIncidents(_ r: inout CheckpointReader) throws -> IncidentBook {
        var incidents = IncidentBook()
        incidents.list = KeyedList(try r.array { r in
            var incident = Incident(
                id: try r.string(), cell: try r.string(), kind: try r.code(), summary: try r.string(),
                source: try r.code(), at: try r.date(), event: try r.uuid(), voided: try r.bool(),
                closedAt: try r.optional { try $0.date() }, disposition: try r.optional { try $0.code() },
                closeNote: try r.optional { try $0.string() }, closeEvent: try r.optional { try $0.uuid() })
            incident.loggedPerson = try r.optional { try $0.string() }
            incident.loggedDispute = try r.optional { try $0.string() }
            incident.links = try r.array { r in
                IncidentLink(person: try r.optional { try $0.string() }, dispute: try r.optional { try $0.string() },
                             at: try r.date(), event: try r.uuid(), voided: try r.bool())
            }
            incident.caller = try r.optional { try $0.string() }
            incident.callerPhone = try r.optional { try $0.string() }
            incident.arrivedAt = try r.optional { try $0.date() }
            incident.arrivedBy = try r.optional { try $0.string() }
            incident.arriveEvent = try r.optional { try $0.uuid() }
            return incident
        })
        return incidents
    }

    static func writeFraud(_ w: inout CheckpointWriter, _ fraud: FraudBook) {
        w.array(fraud.warnings) { w, f in
            w.string(f.id); w.code(f.level); w.string(f.target); w.optional(f.person) { $0.string($1) }; w.string(f.phone)
            w.optional(f.cell) { $0.string($1) }; w.optional(f.note) { $0.string($1) }; w.date(f.at); w.uuid(f.event)
            w.bool(f.voided)
            w.array(f.dissuasions) { w, d in
                w.string(d.by); w.code(d.method); w.code(d.outcome); w.optional(d.note) { $0.string($1) }; w.date(d.at)
                w.uuid(d.event); w.bool(d.voided)
            }
        }
    }

    @Sendable static func readFraud(_ r: inout CheckpointReader) throws -> FraudBook {
        var fraud = FraudBook()
        for warning in try r.array({ r in
            FraudWarning(id: try r.string(), level: try r.code(), target: try r.string(),
                         person: try r.optional { try $0.string() }, phone: try r.string(),
                         cell: try r.optional { try $0.string() }, note: try r.optional { try $0.string() },
                         at: try r.date(), event: try r.uuid(), voided: try r.bool(),
                         dissuasions: try r.array { r in
                             Dissuasion(by: try r.string(), method: try r.code(), outcome: try r.code(),
                                        note: try r.optional { try $0.string() }, at: try r.date(), event: try r.uuid(),
                                        voided: try r.bool())
                         })
        }) { fraud.add(warning) }
        return fraud
    }
}
