import Foundation
import JingwuJournal

// 群防群治's part of the checkpoint (CheckpointCodec.swift keeps the section list and its order).

extension OfficeState {
    static func writeCommunity(_ w: inout CheckpointWriter, _ book: CommunityBook) {
        w.array(book.awards.items) { w, a in
            w.string(a.id); w.string(a.leader); w.string(a.community); w.string(a.month); w.string(a.item); w.int(a.points)
            w.string(a.reason); w.date(a.at); w.uuid(a.event); w.bool(a.voided)
        }
        w.array(book.settlements.items) { w, s in
            w.string(s.community); w.string(s.month)
            w.array(s.lines) { w, l in w.string(l.leader); w.int(l.points); w.int(l.yuan) }
            w.date(s.at); w.uuid(s.event); w.bool(s.voided)
        }
        w.array(book.teamList.items) { w, t in
            w.string(t.id); w.string(t.name); w.code(t.kind); w.strings(t.members); w.date(t.formedAt); w.uuid(t.event)
            w.bool(t.voided)
        }
        w.array(book.taskList.items) { w, t in
            w.string(t.id); w.string(t.team); w.string(t.kind); w.string(t.due); w.string(t.description); w.date(t.issuedAt)
            w.uuid(t.event); w.bool(t.voided)
            w.optional(t.closure) { w, c in w.bool(c.done); w.string(c.note); w.date(c.at); w.uuid(c.event) }
        }
        w.array(book.tipList.items) { w, t in
            w.string(t.id); w.code(t.source); w.string(t.from); w.code(t.channel); w.string(t.what)
            w.optional(t.cell) { $0.string($1) }; w.date(t.at); w.uuid(t.event); w.bool(t.voided)
            w.array(t.links) { w, l in w.code(l.outcome); w.string(l.record); w.date(l.at); w.uuid(l.event); w.bool(l.voided) }
        }
    }

    @Sendable static func readCommunity(_ r: inout CheckpointReader) throws -> CommunityBook {
        var book = CommunityBook()
        book.awards = KeyedList(try r.array { r in
            PointsAward(id: try r.string(), leader: try r.string(), community: try r.string(), month: try r.string(),
                        item: try r.string(), points: try r.int(), reason: try r.string(), at: try r.date(),
                        event: try r.uuid(), voided: try r.bool())
        })
        book.settlements = KeyedList(try r.array { r in
            SubsidySettlement(community: try r.string(), month: try r.string(),
                              lines: try r.array { r in SubsidyLine(leader: try r.string(), points: try r.int(), yuan: try r.int()) },
                              at: try r.date(), event: try r.uuid(), voided: try r.bool())
        })
        book.teamList = KeyedList(try r.array { r in
            VolunteerTeam(id: try r.string(), name: try r.string(), kind: try r.code(), members: try r.strings(),
                          formedAt: try r.date(), event: try r.uuid(), voided: try r.bool())
        })
        book.taskList = KeyedList(try r.array { r in
            TeamTask(id: try r.string(), team: try r.string(), kind: try r.string(), due: try r.string(),
                     description: try r.string(), issuedAt: try r.date(), event: try r.uuid(), voided: try r.bool(),
                     closure: try r.optional { r in
                         TaskClosure(done: try r.bool(), note: try r.string(), at: try r.date(), event: try r.uuid())
                     })
        })
        book.tipList = KeyedList(try r.array { r in
            Tip(id: try r.string(), source: try r.code(), from: try r.string(), channel: try r.code(), what: try r.string(),
                cell: try r.optional { try $0.string() }, at: try r.date(), event: try r.uuid(), voided: try r.bool(),
                links: try r.array { r in
                    TipLink(outcome: try r.code(), record: try r.string(), at: try r.date(), event: try r.uuid(),
                            voided: try r.bool())
                })
        })
        return book
    }
}
