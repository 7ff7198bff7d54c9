import Foundation

/// A specialised reader for the `data` of the commonest records (patrol check-ins are three in four
/// of a station's records; patrols, stop checks, incidents, hazards, anti-fraud warnings and
/// dissuasions, visits make most of the rest), used on replay before Foundation's `JSONDecoder`.
///
/// It reads only what our own encoder writes (`JSONEncoder`, sorted keys, compact): one flat object of
/// strings, arrays of strings, nulls, whole numbers and booleans, strings without escapes. Anything
/// else — an escape, a fraction or exponent, a number where a string belongs, a nested object, whitespace, a key it does not know, a code it cannot name, a missing field —
/// gives nil, and the caller decodes with Foundation, which then decides (and reports) as always.
/// A test holds it to Foundation's result on every golden event and thousands of generated ones.
enum FastDecode {
    /// Decodes `data` of a record of `type`, or nil to leave it to `JSONDecoder`.
    static func decode(type: String, data: Data) -> DomainEvent? {
        guard let build = builders[type] else { return nil }
        return decode(data, with: build)
    }

    /// Reads one type's data.
    typealias Builder = @Sendable (inout Fields) -> DomainEvent?

    /// The reader of `type`'s data, if there is one (`EventRegistry` keeps it with the type's entry).
    static func builder(for type: String) -> Builder? { builders[type] }

    /// Decodes `data` with `build`, or nil to leave it to `JSONDecoder`.
    static func decode(_ data: Data, with build: Builder) -> DomainEvent? {
        data.withUnsafeBytes { raw -> DomainEvent? in
            guard var fields = Fields(raw) else { return nil }
            return build(&fields)
        }
    }

    /// The types read here; the others always go to `JSONDecoder`.
    static var types: [String] { Array(builders.keys) }

    private static let builders: [String: Builder] = [
        // The roster, shifts, tips' links and rentals: a few thousand records of a station-year that
        // Foundation's decoder read far more slowly than these readers do.
        OfficerEnrolled.type: { f in
            var badge: String?, name: String?, role: OfficerRole?
            guard f.each({ key, v in
                switch key {
                case "badge": return v.string(&badge)
                case "name": return v.string(&name)
                case "role": return v.code(&role)
                default: return key == "backdateReason"
                }
            }), let badge, let name, let role else { return nil }
            return .officerEnrolled(OfficerEnrolled(badge: badge, name: name, role: role))
        },
        ShiftOpened.type: { f in
            var shift: String?, duty: String?, team: [String]?, template: String?, leadPolice: String?
            guard f.each({ key, v in
                switch key {
                case "shift": return v.string(&shift)
                case "duty": return v.string(&duty)
                case "team": return v.strings(&team)
                case "template": return v.optional(&template)
                case "leadPolice": return v.optional(&leadPolice)
                default: return key == "backdateReason"
                }
            }), let shift, let duty, let team else { return nil }
            return .shiftOpened(ShiftOpened(shift: shift, duty: duty, team: team, template: template, leadPolice: leadPolice))
        },
        ShiftHandedOver.type: { f in
            var shift: String?, from: String?, to: String?, notes: String?, carried: [String]?
            guard f.each({ key, v in
                switch key {
                case "shift": return v.string(&shift)
                case "from": return v.string(&from)
                case "to": return v.string(&to)
                case "notes": return v.string(&notes)
                case "carried": return v.strings(&carried)
                default: return key == "backdateReason"
                }
            }), let shift, let from, let to, let notes, let carried else { return nil }
            return .shiftHandedOver(ShiftHandedOver(shift: shift, from: from, to: to, notes: notes, carried: carried))
        },
        ShiftAcknowledged.type: { f in
            var shift: String?, by: String?, objections: String?
            guard f.each({ key, v in
                switch key {
                case "shift": return v.string(&shift)
                case "by": return v.string(&by)
                case "objections": return v.optional(&objections)
                default: return key == "backdateReason"
                }
            }), let shift, let by else { return nil }
            return .shiftAcknowledged(ShiftAcknowledged(shift: shift, by: by, objections: objections))
        },
        TipLinked.type: { f in
            var tip: String?, outcome: TipOutcome?, record: String?
            guard f.each({ key, v in
                switch key {
                case "tip": return v.string(&tip)
                case "outcome": return v.code(&outcome)
                case "record": return v.string(&record)
                default: return key == "backdateReason"
                }
            }), let tip, let outcome, let record else { return nil }
            return .tipLinked(TipLinked(tip: tip, outcome: outcome, record: record))
        },
        RentalRegistered.type: { f in
            var rental: String?, household: String?, landlord: String?, landlordPhone: String?
            guard f.each({ key, v in
                switch key {
                case "rental": return v.string(&rental)
                case "household": return v.string(&household)
                case "landlord": return v.string(&landlord)
                case "landlordPhone": return v.optional(&landlordPhone)
                default: return key == "backdateReason"
                }
            }), let rental, let household, let landlord else { return nil }
            return .rentalRegistered(RentalRegistered(rental: rental, household: household, landlord: landlord,
                                                      landlordPhone: landlordPhone))
        },
        PatrolCheckedIn.type: { f in
            var patrol: String?, cell: String?, note: String?
            guard f.each({ key, v in
                switch key {
                case "patrol": return v.string(&patrol)
                case "cell": return v.string(&cell)
                case "note": return v.optional(&note)
                default: return key == "backdateReason"
                }
            }), let patrol, let cell else { return nil }
            return .patrolCheckedIn(PatrolCheckedIn(patrol: patrol, cell: cell, note: note))
        },
        PatrolStarted.type: { f in
            var patrol: String?, mode: PatrolMode?, dress: Dress?, lead: String?, members: [String]?, cells: [String]?
            var shift: String?
            guard f.each({ key, v in
                switch key {
                case "patrol": return v.string(&patrol)
                case "mode": return v.code(&mode)
                case "dress": return v.code(&dress)
                case "lead": return v.string(&lead)
                case "members": return v.strings(&members)
                case "cells": return v.strings(&cells)
                case "shift": return v.optional(&shift)
                default: return key == "backdateReason"
                }
            }), let patrol, let mode, let dress, let lead, let members, let cells else { return nil }
            return .patrolStarted(PatrolStarted(patrol: patrol, mode: mode, dress: dress, lead: lead, members: members,
                                                cells: cells, shift: shift))
        },
        PatrolEnded.type: { f in
            var patrol: String?, summary: String?
            guard f.each({ key, v in
                switch key {
                case "patrol": return v.string(&patrol)
                case "summary": return v.optional(&summary)
                default: return key == "backdateReason"
                }
            }), let patrol else { return nil }
            return .patrolEnded(PatrolEnded(patrol: patrol, summary: summary))
        },
        StopCheckConducted.type: { f in
            var patrol: String?, cell: String?, subject: StopCheckSubject?, outcome: StopCheckOutcome?, note: String?
            guard f.each({ key, v in
                switch key {
                case "patrol": return v.string(&patrol)
                case "cell": return v.optional(&cell)
                case "subject": return v.code(&subject)
                case "outcome": return v.code(&outcome)
                case "note": return v.optional(&note)
                default: return key == "backdateReason"
                }
            }), let patrol, let subject, let outcome else { return nil }
            return .stopCheckConducted(StopCheckConducted(patrol: patrol, cell: cell, subject: subject, outcome: outcome,
                                                          note: note))
        },
        HazardFound.type: { f in
            var patrol: String?, cell: String?, category: HazardCategory?, note: String?, hazard: String?
            guard f.each({ key, v in
                switch key {
                case "hazard": return v.optional(&hazard)
                case "patrol": return v.optional(&patrol)
                case "cell": return v.string(&cell)
                case "category": return v.code(&category)
                case "note": return v.string(&note)
                default: return key == "backdateReason"
                }
            }), let cell, let category, let note else { return nil }
            return .hazardFound(HazardFound(patrol: patrol, cell: cell, category: category, note: note, hazard: hazard))
        },
        IncidentLogged.type: { f in
            var incident: String?, cell: String?, kind: IncidentKind?, summary: String?, source: IncidentSource?
            var person: String?, dispute: String?, caller: String?, callerPhone: String?
            guard f.each({ key, v in
                switch key {
                case "incident": return v.string(&incident)
                case "cell": return v.string(&cell)
                case "kind": return v.code(&kind)
                case "summary": return v.string(&summary)
                case "source": return v.code(&source)
                case "person": return v.optional(&person)
                case "dispute": return v.optional(&dispute)
                case "caller": return v.optional(&caller)
                case "callerPhone": return v.optional(&callerPhone)
                default: return key == "backdateReason"
                }
            }), let incident, let cell, let kind, let summary, let source else { return nil }
            return .incidentLogged(IncidentLogged(incident: incident, cell: cell, kind: kind, summary: summary, source: source,
                                                  person: person, dispute: dispute, caller: caller, callerPhone: callerPhone))
        },
        IncidentClosed.type: { f in
            var incident: String?, disposition: IncidentDisposition?, note: String?
            guard f.each({ key, v in
                switch key {
                case "incident": return v.string(&incident)
                case "disposition": return v.code(&disposition)
                case "note": return v.optional(&note)
                default: return key == "backdateReason"
                }
            }), let incident, let disposition else { return nil }
            return .incidentClosed(IncidentClosed(incident: incident, disposition: disposition, note: note))
        },
        HazardCleared.type: { f in
            var hazard: String?, by: String?, note: String?
            guard f.each({ key, v in
                switch key {
                case "hazard": return v.string(&hazard)
                case "by": return v.string(&by)
                case "note": return v.string(&note)
                default: return key == "backdateReason"
                }
            }), let hazard, let by, let note else { return nil }
            return .hazardCleared(HazardCleared(hazard: hazard, by: by, note: note))
        },
        FraudWarningReceived.type: { f in
            var warning: String?, level: FraudLevel?, target: String?, person: String?, phone: String?, cell: String?
            var note: String?
            guard f.each({ key, v in
                switch key {
                case "warning": return v.string(&warning)
                case "level": return v.code(&level)
                case "target": return v.string(&target)
                case "person": return v.optional(&person)
                case "phone": return v.string(&phone)
                case "cell": return v.optional(&cell)
                case "note": return v.optional(&note)
                default: return key == "backdateReason"
                }
            }), let warning, let level, let target, let phone else { return nil }
            return .fraudWarningReceived(FraudWarningReceived(warning: warning, level: level, target: target, person: person,
                                                              phone: phone, cell: cell, note: note))
        },
        FraudDissuasionRecorded.type: { f in
            var warning: String?, by: String?, method: DissuasionMethod?, outcome: DissuasionOutcome?, note: String?
            guard f.each({ key, v in
                switch key {
                case "warning": return v.string(&warning)
                case "by": return v.string(&by)
                case "method": return v.code(&method)
                case "outcome": return v.code(&outcome)
                case "note": return v.optional(&note)
                default: return key == "backdateReason"
                }
            }), let warning, let by, let method, let outcome else { return nil }
            return .fraudDissuasionRecorded(FraudDissuasionRecorded(warning: warning, by: by, method: method, outcome: outcome,
                                                                    note: note))
        },
        VisitRecorded.type: { f in
            var person: String?, method: VisitMethod?, officer: String?, participants: [String]?, findings: String?
            var observed: Residency?, sawObserved = false
            guard f.each({ key, v in
                switch key {
                case "person": return v.string(&person)
                case "method": return v.code(&method)
                case "officer": return v.string(&officer)
                case "participants": return v.strings(&participants)
                case "findings": return v.string(&findings)
                case "observed":
                    guard !sawObserved else { return false }
                    sawObserved = true
                    return v.optionalCode(&observed)
                default: return key == "backdateReason"
                }
            }), let person, let method, let officer, let participants, let findings else { return nil }
            return .visitRecorded(VisitRecorded(person: person, method: method, officer: officer, participants: participants,
                                                findings: findings, observed: observed))
        },
        // Issue 19's registers and 群防群治 records and issue 20's arrivals: about one record in ten of a
        // station-year since session 10 (the 联户长's points alone 45,000), Foundation's before.
        HouseholdLeaderPointsAwarded.type: { f in
            var award: String?, leader: String?, community: String?, month: String?, item: String?, points: Int?
            var reason: String?
            guard f.each({ key, v in
                switch key {
                case "award": return v.string(&award)
                case "leader": return v.string(&leader)
                case "community": return v.string(&community)
                case "month": return v.string(&month)
                case "item": return v.string(&item)
                case "points": return v.int(&points)
                case "reason": return v.string(&reason)
                default: return key == "backdateReason"
                }
            }), let award, let leader, let community, let month, let item, let points, let reason else { return nil }
            return .householdLeaderPointsAwarded(HouseholdLeaderPointsAwarded(
                award: award, leader: leader, community: community, month: month, item: item, points: points, reason: reason))
        },
        ResidentRegistered.type: { f in
            var resident: String?, household: String?, name: String?, idNumber: String?, status: Residency?
            var stayFrom: String?, stayUntil: String?
            guard f.each({ key, v in
                switch key {
                case "resident": return v.string(&resident)
                case "household": return v.string(&household)
                case "name": return v.string(&name)
                case "idNumber": return v.string(&idNumber)
                case "status": return v.code(&status)
                case "stayFrom": return v.optional(&stayFrom)
                case "stayUntil": return v.optional(&stayUntil)
                default: return key == "backdateReason"
                }
            }), let resident, let household, let name, let idNumber, let status else { return nil }
            return .residentRegistered(ResidentRegistered(resident: resident, household: household, name: name,
                                                          idNumber: idNumber, status: status, stayFrom: stayFrom,
                                                          stayUntil: stayUntil))
        },
        HouseholdAdded.type: { f in
            var household: String?, building: String?, unit: Int?, door: String?, address: String?
            guard f.each({ key, v in
                switch key {
                case "household": return v.string(&household)
                case "building": return v.string(&building)
                case "unit": return v.int(&unit)
                case "door": return v.string(&door)
                case "address": return v.string(&address)
                default: return key == "backdateReason"
                }
            }), let household, let building, let unit, let door, let address else { return nil }
            return .householdAdded(HouseholdAdded(household: household, building: building, unit: unit, door: door,
                                                  address: address))
        },
        HouseholdLeaderAssigned.type: { f in
            var leader: String?, units: [String]?, households: [String]?
            guard f.each({ key, v in
                switch key {
                case "leader": return v.string(&leader)
                case "units": return v.strings(&units)
                case "households": return v.strings(&households)
                default: return key == "backdateReason"
                }
            }), let leader, let units, let households else { return nil }
            return .householdLeaderAssigned(HouseholdLeaderAssigned(leader: leader, units: units, households: households))
        },
        TipReceived.type: { f in
            var tip: String?, source: TipSource?, from: String?, channel: TipChannel?, what: String?, cell: String?
            guard f.each({ key, v in
                switch key {
                case "tip": return v.string(&tip)
                case "source": return v.code(&source)
                case "from": return v.string(&from)
                case "channel": return v.code(&channel)
                case "what": return v.string(&what)
                case "cell": return v.optional(&cell)
                default: return key == "backdateReason"
                }
            }), let tip, let source, let from, let channel, let what else { return nil }
            return .tipReceived(TipReceived(tip: tip, source: source, from: from, channel: channel, what: what, cell: cell))
        },
        VolunteerTaskIssued.type: { f in
            var task: String?, team: String?, kind: String?, due: String?, description: String?
            guard f.each({ key, v in
                switch key {
                case "task": return v.string(&task)
                case "team": return v.string(&team)
                case "kind": return v.string(&kind)
                case "due": return v.string(&due)
                case "description": return v.string(&description)
                default: return key == "backdateReason"
                }
            }), let task, let team, let kind, let due, let description else { return nil }
            return .volunteerTaskIssued(VolunteerTaskIssued(task: task, team: team, kind: kind, due: due,
                                                            description: description))
        },
        VolunteerTaskClosed.type: { f in
            var task: String?, done: Bool?, note: String?
            guard f.each({ key, v in
                switch key {
                case "task": return v.string(&task)
                case "done": return v.bool(&done)
                case "note": return v.string(&note)
                default: return key == "backdateReason"
                }
            }), let task, let done, let note else { return nil }
            return .volunteerTaskClosed(VolunteerTaskClosed(task: task, done: done, note: note))
        },
        IncidentArrived.type: { f in
            var incident: String?, officer: String?
            guard f.each({ key, v in
                switch key {
                case "incident": return v.string(&incident)
                case "officer": return v.string(&officer)
                default: return key == "backdateReason"
                }
            }), let incident, let officer else { return nil }
            return .incidentArrived(IncidentArrived(incident: incident, officer: officer))
        },
    ]

    /// One value of the object: a string, an array of strings, null, a whole number as our encoder
    /// writes one, or a boolean (anything else stops the reader).
    struct Value {
        enum Kind { case string(String), strings([String]), null, int(Int), bool(Bool) }
        let kind: Kind
        /// A required string; a second occurrence of the key (never written by us) gives up too.
        func string(_ out: inout String?) -> Bool {
            guard out == nil, case .string(let s) = kind else { return false }
            out = s
            return true
        }
        /// An optional string: absent or null is nil, as `decodeIfPresent` reads it.
        func optional(_ out: inout String?) -> Bool {
            guard out == nil else { return false }
            switch kind {
            case .string(let s): out = s; return true
            case .null: return true
            case .strings, .int, .bool: return false
            }
        }
        func int(_ out: inout Int?) -> Bool {
            guard out == nil, case .int(let n) = kind else { return false }
            out = n
            return true
        }
        func bool(_ out: inout Bool?) -> Bool {
            guard out == nil, case .bool(let b) = kind else { return false }
            out = b
            return true
        }
        func strings(_ out: inout [String]?) -> Bool {
            guard out == nil, case .strings(let list) = kind else { return false }
            out = list
            return true
        }
        /// An optional code: null is nil, as `decodeIfPresent` reads it; a string must name a code.
        /// (The caller refuses a second occurrence of the key: nil here cannot tell.)
        func optionalCode<C: DomainCode>(_ out: inout C?) -> Bool {
            switch kind {
            case .null: return true
            case .string(let s):
                guard let value = C(rawValue: s) else { return false }
                out = value
                return true
            case .strings, .int, .bool: return false
            }
        }
        func code<C: DomainCode>(_ out: inout C?) -> Bool {
            guard out == nil, case .string(let s) = kind, let value = C(rawValue: s) else { return false }
            out = value
            return true
        }
    }

    /// The flat object's members, read one at a time.
    struct Fields {
        let bytes: UnsafeRawBufferPointer
        var index = 1

        init?(_ bytes: UnsafeRawBufferPointer) {
            guard bytes.count >= 2, bytes[0] == 123, bytes[bytes.count - 1] == 125 else { return nil }
            self.bytes = bytes
        }

        /// Calls `body` with every key and value; false when the object is not of the simple kind or
        /// `body` refuses a member.
        mutating func each(_ body: (String, Value) -> Bool) -> Bool {
            let end = bytes.count - 1
            if index == end { return true }
            while true {
                guard let key = string(), index < end, bytes[index] == 58 else { return false }
                index += 1
                guard let value = value(), body(key, value) else { return false }
                if index == end { return true }
                guard bytes[index] == 44 else { return false }
                index += 1
            }
        }

        private mutating func value() -> Value? {
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case 34:
                return string().map { Value(kind: .string($0)) }
            case 91:
                index += 1
                var list: [String] = []
                if index < bytes.count, bytes[index] == 93 { index += 1; return Value(kind: .strings(list)) }
                while true {
                    guard let s = string(), index < bytes.count else { return nil }
                    list.append(s)
                    if bytes[index] == 93 { index += 1; return Value(kind: .strings(list)) }
                    guard bytes[index] == 44 else { return nil }
                    index += 1
                }
            case 110:
                guard literal("null") else { return nil }
                return Value(kind: .null)
            case 116:
                guard literal("true") else { return nil }
                return Value(kind: .bool(true))
            case 102:
                guard literal("false") else { return nil }
                return Value(kind: .bool(false))
            case 45, 48...57:
                return number().map { Value(kind: .int($0)) }
            default:
                return nil
            }
        }

        /// `word` at the reader's place (null, true, false), stepped over.
        private mutating func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            for i in 0..<count where bytes[index + i] != word.utf8Start[i] { return false }
            index += count
            return true
        }

        /// A whole number as our encoder writes an `Int`: an optional minus, then 0 or a digit 1–9 and up to
        /// 17 more digits (no fraction, exponent, leading zero or minus zero: those go to Foundation).
        private mutating func number() -> Int? {
            var i = index
            let negative = bytes[i] == 45
            if negative { i += 1 }
            let start = i
            var value = 0
            while i < bytes.count, (48...57).contains(bytes[i]) {
                guard i - start < 18 else { return nil }  // 19 digits or more: Foundation's to judge
                value = value * 10 + Int(bytes[i] - 48)
                i += 1
            }
            let digits = i - start
            guard digits >= 1, digits <= 18, !(digits > 1 && bytes[start] == 48), !(negative && value == 0),
                  i < bytes.count, bytes[i] == 44 || bytes[i] == 125 || bytes[i] == 93
            else { return nil }
            index = i
            return negative ? -value : value
        }

        /// A string without escapes or control bytes, valid UTF-8.
        private mutating func string() -> String? {
            guard index < bytes.count, bytes[index] == 34 else { return nil }
            let start = index + 1
            var i = start
            var ascii = true
            while i < bytes.count {
                let b = bytes[i]
                if b == 34 { break }
                if b == 92 || b < 32 { return nil }
                if b >= 128 { ascii = false }
                i += 1
            }
            guard i < bytes.count else { return nil }
            index = i + 1
            let body = UnsafeRawBufferPointer(rebasing: bytes[start..<i])
            if ascii { return String(decoding: body, as: UTF8.self) }
            return String(validating: body, as: UTF8.self)
        }
    }
}
