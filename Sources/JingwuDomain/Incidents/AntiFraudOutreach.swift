import Foundation
import JingwuJournal

// 反诈宣传 (anti-fraud outreach, issue 20): a session held for residents, grid workers,
// household leaders or shops — 「针对近期发案类型、诈骗手段开展社区培训」 (000) — with where it
// was, how many came and how many households it reached. The households reached feed the
// household sweep (「一轮全覆盖」, TrendFigures.swift).

/// The form of an outreach session.
public enum OutreachForm: String, DomainCode {
    case lecture, training, doorToDoor = "door-to-door", stall, online
    public static let codeKind = "outreach_form"
}

/// Who an outreach session was for (DOMAIN.md §8.6).
public enum OutreachAudience: String, DomainCode {
    case residents, gridWorkers = "grid-workers", householdLeaders = "household-leaders", shops
    public static let codeKind = "outreach_audience"
}

/// An anti-fraud outreach session was held.
public struct AntiFraudOutreachHeld: EventPayload {
    public static let type = "AntiFraudOutreachHeld"
    public static let version = 1
    /// Short id, `O0003`.
    public var outreach: String
    /// The patrol point (and so the community) it was held at or for.
    public var cell: String
    /// Where, in words (「社区活动室」).
    public var place: String
    public var form: OutreachForm
    public var audience: OutreachAudience
    /// People present (or reached, for an online push).
    public var attendees: Int
    /// Households reached (0 when the session reached no household as such: a training of grid workers).
    public var households: Int
    /// What it was about (近期发案类型、诈骗手段), if noted.
    public var topic: String?
    public init(outreach: String, cell: String, place: String, form: OutreachForm, audience: OutreachAudience,
                attendees: Int, households: Int, topic: String? = nil) {
        self.outreach = outreach; self.cell = cell; self.place = place; self.form = form; self.audience = audience
        self.attendees = attendees; self.households = households; self.topic = topic
    }
    public var asEvent: DomainEvent { .antiFraudOutreachHeld(self) }
}

extension AntiFraudOutreachHeld {
    public static let voiding = Voiding { s, t in
        if case .outreach(let id) = t { s.outreach.update(id) { $0.voided = true } }
    }
    public static let amendable: [AmendableField] = [
        .text("place", max: TextLimit.short) { s, t, v in if case .outreach(let id) = t { s.outreach.update(id) { $0.place = v } } },
        .code("form", OutreachForm.self) { s, t, v in if case .outreach(let id) = t { s.outreach.update(id) { $0.form = v } } },
        .code("audience", OutreachAudience.self) { s, t, v in
            if case .outreach(let id) = t { s.outreach.update(id) { $0.audience = v } }
        },
        .int("attendees", 1...OutreachLimits.attendees) { s, t, v in
            if case .outreach(let id) = t, let v { s.outreach.update(id) { $0.attendees = v } }
        },
        .int("households", 0...OutreachLimits.households) { s, t, v in
            if case .outreach(let id) = t, let v { s.outreach.update(id) { $0.households = v } }
        },
    ]
}

/// Bounds of the counts an outreach session records.
public enum OutreachLimits {
    /// More than this many people is a typing slip (a whole community is about 7,000 residents).
    public static let attendees = 20_000
    public static let households = 10_000
}

/// `fraud outreach`: an outreach session is recorded.
public struct RecordOutreach: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var cell: String
    public var place: String
    public var form: OutreachForm
    public var audience: OutreachAudience
    public var attendees: Int
    public var households: Int
    public var topic: String?
    public init(cell: String, place: String, form: OutreachForm, audience: OutreachAudience, attendees: Int,
                households: Int = 0, topic: String? = nil) {
        self.cell = cell; self.place = place; self.form = form; self.audience = audience; self.attendees = attendees
        self.households = households; self.topic = topic
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let cell = try Validate.cell(cell, field: "cell", state)
        let place = try CleanText.required(place, field: "place", max: TextLimit.short)
        guard (1...OutreachLimits.attendees).contains(attendees) else {
            throw DomainError(.invalid, field: "attendees", value: String(attendees))
        }
        guard (0...OutreachLimits.households).contains(households) else {
            throw DomainError(.invalid, field: "households", value: String(households))
        }
        // Every household reached was reached through someone present (or, online, a reader).
        guard households <= attendees else {
            throw DomainError(.outreachHouseholdsOverAttendees, field: "households", value: String(households),
                              ["attendees": String(attendees)])
        }
        let topic = try CleanText.optional(topic, field: "topic", max: TextLimit.short)
        let id = ShortID.make("O", state.outreach.count + 1)
        return Decision([AntiFraudOutreachHeld(outreach: id, cell: cell.code, place: place, form: form, audience: audience,
                                               attendees: attendees, households: households, topic: topic)], entityID: id)
    }
}

/// One outreach session.
public struct OutreachSession: Sendable, Equatable, KeyedItem {
    public var id: String
    public var cell: String
    public var place: String
    public var form: OutreachForm
    public var audience: OutreachAudience
    public var attendees: Int
    public var households: Int
    public var topic: String?
    public var at: Date
    /// Badge of whoever recorded it.
    public var by: String
    public var event: UUID
    public var voided = false
}

/// 反诈宣传 sessions.
public struct OutreachBook: Sendable, Equatable, KeyedBook {
    var list = KeyedList<OutreachSession>()
    /// Every session ever recorded, voided ones included, in order.
    public var sessions: [OutreachSession] { list.items }
    public func session(_ id: String) -> OutreachSession? { list.live(id) }
    public var count: Int { list.count }
}

extension OfficeState {
    mutating func fold(_ e: AntiFraudOutreachHeld, _ envelope: Envelope) {
        outreach.add(OutreachSession(id: e.outreach, cell: e.cell, place: e.place, form: e.form, audience: e.audience,
                                     attendees: e.attendees, households: e.households, topic: e.topic, at: envelope.at,
                                     by: envelope.by, event: envelope.id))
        targets[envelope.id] = .outreach(e.outreach)
    }

    /// Live sessions held in `[from, to)`, oldest first.
    public func outreachSessions(from: Date, to: Date) -> [OutreachSession] {
        outreach.sessions.filter { !$0.voided && $0.at >= from && $0.at < to }
    }

    static func writeOutreach(_ w: inout CheckpointWriter, _ book: OutreachBook) {
        w.array(book.sessions) { w, o in
            w.string(o.id); w.string(o.cell); w.string(o.place); w.code(o.form); w.code(o.audience); w.int(o.attendees)
            w.int(o.households); w.optional(o.topic) { $0.string($1) }; w.date(o.at); w.string(o.by); w.uuid(o.event)
            w.bool(o.voided)
        }
    }

    @Sendable static func readOutreach(_ r: inout CheckpointReader) throws -> OutreachBook {
        var book = OutreachBook()
        book.list = KeyedList(try r.array { r in
            OutreachSession(id: try r.string(), cell: try r.string(), place: try r.string(), form: try r.code(),
                            audience: try r.code(), attendees: try r.int(), households: try r.int(),
                            topic: try r.optional { try $0.string() }, at: try r.date(), by: try r.string(),
                            event: try r.uuid(), voided: try r.bool())
        })
        return book
    }
}
