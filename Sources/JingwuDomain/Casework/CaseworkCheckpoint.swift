import Foundation
import JingwuJournal

// Casework's part of the checkpoint (CheckpointCodec.swift keeps the section list and its order).

extension OfficeState {
    static func writeCasework(_ w: inout CheckpointWriter, _ book: CaseworkBook) {
        w.array(book.receptionDays) { w, d in
            w.code(d.host); w.string(d.hostName); w.int(d.visitors); w.int(d.consultations); w.strings(d.disputes)
            w.optional(d.note) { $0.string($1) }; w.date(d.at); w.string(d.by); w.uuid(d.event); w.bool(d.voided)
        }
        w.array(book.notices) { w, n in
            w.string(n.id); w.string(n.hazard); w.code(n.partyKind); w.string(n.party); w.string(n.items); w.date(n.deadline)
            w.date(n.issuedAt); w.string(n.by); w.uuid(n.event); w.bool(n.voided)
            w.optional(n.completion) { w, c in w.string(c.by); w.string(c.note); w.date(c.at); w.uuid(c.event) }
        }
    }

    @Sendable static func readCasework(_ r: inout CheckpointReader) throws -> CaseworkBook {
        var book = CaseworkBook()
        book.receptionDays = try r.array { r in
            ReceptionDay(host: try r.code(), hostName: try r.string(), visitors: try r.int(), consultations: try r.int(),
                         disputes: try r.strings(), note: try r.optional { try $0.string() }, at: try r.date(), by: try r.string(),
                         event: try r.uuid(), voided: try r.bool())
        }
        book.list = KeyedList(try r.array { r in
            RectificationNotice(id: try r.string(), hazard: try r.string(), partyKind: try r.code(), party: try r.string(),
                                items: try r.string(), deadline: try r.date(), issuedAt: try r.date(), by: try r.string(),
                                event: try r.uuid(), voided: try r.bool(),
                                completion: try r.optional { r in
                                    NoticeCompletion(by: try r.string(), note: try r.string(), at: try r.date(), event: try r.uuid())
                                })
        })
        return book
    }
}
