import Foundation
import JingwuJournal

// Disputes' part of the checkpoint (CheckpointCodec.swift keeps the section list and its order).

extension OfficeState {
    static func writeDisputes(_ w: inout CheckpointWriter, _ disputes: DisputeBook) {
        w.array(disputes.countByYear.sorted { $0.key < $1.key }) { w, pair in w.int(pair.key); w.int(pair.value) }
        w.array(disputes.disputes) { w, d in
            w.string(d.id); w.code(d.category); w.strings(d.parties); w.code(d.source); w.string(d.cell)
            w.string(d.summary); w.code(d.risk); w.date(d.openedAt); w.uuid(d.event); w.bool(d.voided)
            w.array(d.mediations) { w, m in
                w.code(m.kind); w.strings(m.mediators); w.string(m.notes); w.optional(m.result) { $0.code($1) }
                w.date(m.at); w.uuid(m.event); w.bool(m.voided); w.strings(m.officers)
            }
            w.optional(d.conclusion) { w, c in
                w.string(c.kind.rawValue); w.string(c.text); w.optional(c.referredTo) { $0.code($1) }; w.date(c.at)
                w.uuid(c.event)
            }
            w.array(d.followUps) { w, f in w.string(f.note); w.date(f.at); w.uuid(f.event); w.bool(f.voided) }
            w.optional(d.personsCount) { $0.int($1) }; w.array(d.flags) { $0.code($1) }
            w.optional(d.deadline) { $0.date($1) }; w.optional(d.responsible) { $0.string($1) }
        }
        writeScreenings(&w, disputes.screenings)
    }

    @Sendable static func readDisputes(_ r: inout CheckpointReader) throws -> DisputeBook {
        var disputes = DisputeBook()
        for (year, count) in try r.array({ r in (try r.int(), try r.int()) }) { disputes.countByYear[year] = count }
        let disputeList = try r.array { r in
            Dispute(id: try r.string(), category: try r.code(), parties: try r.strings(), source: try r.code(),
                    cell: try r.string(), summary: try r.string(), risk: try r.code(), openedAt: try r.date(),
                    event: try r.uuid(), voided: try r.bool(),
                    mediations: try r.array { r in
                        Mediation(kind: try r.code(), mediators: try r.strings(), notes: try r.string(),
                                  result: try r.optional { try $0.code() }, at: try r.date(), event: try r.uuid(),
                                  voided: try r.bool(), officers: try r.strings())
                    },
                    conclusion: try r.optional { r in
                        guard let kind = DisputeConclusion.Kind(rawValue: try r.string()) else { throw CheckpointDecodingError() }
                        return DisputeConclusion(kind: kind, text: try r.string(), referredTo: try r.optional { try $0.code() },
                                                 at: try r.date(), event: try r.uuid())
                    },
                    followUps: try r.array { r in
                        FollowUp(note: try r.string(), at: try r.date(), event: try r.uuid(), voided: try r.bool())
                    },
                    personsCount: try r.optional { try $0.int() }, flags: try r.array { try $0.code() },
                    deadline: try r.optional { try $0.date() }, responsible: try r.optional { try $0.string() })
        }
        disputes.list = KeyedList(disputeList)
        disputes.screenings = try readScreenings(&r)
        return disputes
    }
}
