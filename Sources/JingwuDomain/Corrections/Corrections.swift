import Foundation

// EntryAmended and EntryVoided as folds: they find what the corrected event
// created (via `OfficeState.targets`) and change it in place. The rules for
// what may be corrected, and the checking of new values, live in
// `Corrections`, shared by the AmendEntry command and the fold.

/// What may be corrected, and how new values are read.
public enum Corrections {
    /// Fields that `event amend --set FIELD=VALUE` may change, per event type.
    public static let amendableFields: [String: [String]] = [
        OfficerEnrolled.type: ["name", "role"],
        CellAdded.type: ["name", "community", "kind", "window-hours", "x", "y", "key-site"],
        ShiftHandedOver.type: ["notes"],
        ShiftAcknowledged.type: ["objections"],
        PatrolStarted.type: ["mode", "dress"],
        PatrolCheckedIn.type: ["cell", "note"],
        HazardFound.type: ["category", "note", "cell"],
        StopCheckConducted.type: ["subject", "outcome", "note"],
        PatrolEnded.type: ["summary"],
        PersonListed.type: ["name", "id-number", "category", "residency", "cell", "officer", "interval-days"],
        PersonStatusChanged.type: ["note"],
        PersonDelisted.type: ["reason"],
        VisitRecorded.type: ["method", "findings", "officer"],
        DisputeOpened.type: ["category", "source", "risk", "cell", "summary", "parties"],
        MediationHeld.type: ["kind", "notes", "result", "mediators"],
        DisputeResolved.type: ["agreement"],
        DisputeReferred.type: ["to", "notes"],
        DisputeClosed.type: ["reason"],
        DisputeFollowedUp.type: ["note"],
        IncidentLogged.type: ["kind", "cell", "summary", "source"],
        IncidentClosed.type: ["disposition", "note"],
        FraudWarningReceived.type: ["level", "target", "phone", "cell", "note"],
        FraudDissuasionRecorded.type: ["method", "outcome", "note"],
        HazardCleared.type: ["note"],
    ]

    /// Event types that may not be voided (amend them, or void what they corrected).
    public static let unvoidableTypes: Set<String> = [EntryAmended.type, EntryVoided.type,
                                                      // A look at an ID number stays on record.
                                                      IDNumberRevealed.type,
                                                      // PINs, failed sign-ins and access records stay as written.
                                                      PinSet.type, PinChanged.type, PinReset.type, SignInFailed.type,
                                                      AccessRecorded.type,
                                                      // An acknowledgement is the incoming officer's signature: its
                                                      // objections may be amended, never struck out (nor, with it,
                                                      // the handover it settled).
                                                      ShiftAcknowledged.type]

    /// The refusal for correcting `event` when another officer's later record rests on
    /// it, else nil. A handover the incoming officer acknowledged is theirs too: it may
    /// not be voided (their acknowledgement and objections would go with it), nor the
    /// shift it closed. Its notes may still be amended: the handover review shows the
    /// report as handed over and every change since, by whom.
    /// True when `event` may be voided now, whoever asks (screens offer the key only then).
    public static func mayVoid(_ event: UUID, _ state: OfficeState) -> Bool {
        guard let type = state.eventTypes[event], state.targets[event] != nil else { return false }
        return !unvoidableTypes.contains(type) && !state.voided.contains(event)
            && settledByVoidingLaterRecord(event, state) == nil
    }

    static func settledByVoidingLaterRecord(_ event: UUID, _ state: OfficeState) -> DomainError? {
        switch state.targets[event] {
        case .handover(let id):
            guard let shift = state.shifts.shift(id), let ack = shift.acknowledgement,
                  !state.voided.contains(ack.event) else { return nil }
            return DomainError(.closed, field: "event", value: event.uuidString.lowercased(), ["status": "acknowledged", "since": ack.by])
        case .shift(let id):
            guard let shift = state.shifts.shift(id), let handover = shift.handover,
                  !state.voided.contains(handover.event) else { return nil }
            return DomainError(.closed, field: "event", value: event.uuidString.lowercased(), ["status": "handed_over", "since": handover.to])
        case .officer(let badge):
            // Only police enrol people and reset PINs: the last one may not be struck off the roster.
            guard let officer = state.officers.officer(badge), officer.role == .police,
                  !state.officers.all.contains(where: { $0.role == .police && $0.badge != badge }) else { return nil }
            return DomainError(.lastPoliceOfficer, field: "event", value: state.officerLabel(badge))
        default:
            return nil
        }
    }

    /// `value` as an amendment of `field` would store it (`诈骗` → `fraud`), or nil when it
    /// would be refused: screens compare what was typed with what is there by this.
    public static func storedValue(type: String, field: String, value: String, state: OfficeState, today: Date) -> String? {
        try? normalise(type: type, field: field, value: value, state: state, today: today)
    }

    /// Checks one new value against the state and returns it as it will be stored.
    static func normalise(type: String, field: String, value: String, state: OfficeState, today: Date) throws -> String {
        let key = field
        switch field {
        case "name": return try CleanText.required(value, field: key, max: TextLimit.name)
        case "community": return try CleanText.required(value, field: key, max: TextLimit.name)
        case "note", "notes", "summary", "findings", "agreement", "reason", "objections":
            return try CleanText.required(value, field: key, max: TextLimit.long)
        case "parties", "mediators":
            let items = try Validate.list(value.split(separator: ";").map(String.init), field: key, required: true)
            return items.joined(separator: ";")
        case "role": return try OfficerRole.parse(value, field: key).code
        case "kind":
            switch type {
            case CellAdded.type: return try CellKind.parse(value, field: key).code
            case MediationHeld.type: return try MediationKind.parse(value, field: key).code
            default: return try IncidentKind.parse(value, field: key).code
            }
        case "window-hours": return String(try Validate.int(value, field: key, range: 1...(24 * 31)))
        case "interval-days": return String(try Validate.int(value, field: key, range: 1...366))
        case "x", "y": return String(try Validate.int(value, field: key, range: 0...999))
        case "key-site": return String(try Validate.bool(value, field: key))
        case "mode": return try PatrolMode.parse(value, field: key).code
        case "dress": return try Dress.parse(value, field: key).code
        case "cell": return try Validate.cell(value, field: key, state).code
        case "officer": return try Validate.officer(value, field: key, state).badge
        case "category":
            switch type {
            case HazardFound.type: return try HazardCategory.parse(value, field: key).code
            case PersonListed.type: return try PersonCategory.parse(value, field: key).code
            default: return try DisputeCategory.parse(value, field: key).code
            }
        case "subject": return try StopCheckSubject.parse(value, field: key).code
        case "outcome":
            if type == FraudDissuasionRecorded.type { return try DissuasionOutcome.parse(value, field: key).code }
            return try StopCheckOutcome.parse(value, field: key).code
        case "level": return try FraudLevel.parse(value, field: key).code
        case "target": return try CleanText.required(value, field: key, max: TextLimit.short)
        case "phone": return try PhoneNumber.validate(value, field: key)
        case "id-number": return try ResidentID.validate(value, field: key, today: today)
        case "residency": return try Residency.parse(value, field: key).code
        case "method":
            if type == FraudDissuasionRecorded.type { return try DissuasionMethod.parse(value, field: key).code }
            return try VisitMethod.parse(value, field: key).code
        case "source":
            if type == IncidentLogged.type { return try IncidentSource.parse(value, field: key).code }
            return try DisputeSource.parse(value, field: key).code
        case "risk": return try DisputeRisk.parse(value, field: key).code
        case "result": return try MediationResult.parse(value, field: key).code
        case "to": return try ReferralTarget.parse(value, field: key).code
        case "disposition": return try IncidentDisposition.parse(value, field: key).code
        default:
            let allowed = amendableFields[type] ?? []
            throw DomainError(.notAmendable, field: "set", value: field,
                              ["type": type, "fields": allowed.isEmpty ? "—" : allowed.joined(separator: "、")])
        }
    }
}

extension OfficeState {
    /// Applies the changes of an EntryAmended to what the event created.
    mutating func amend(_ target: EventTarget, _ changes: [String: String]) {
        func list(_ text: String) -> [String] { text.split(separator: ";").map(String.init) }
        for (field, value) in changes.sorted(by: { $0.key < $1.key }) {
            switch target {
            case .officer(let badge):
                officers.update(badge) { o in
                    if field == "name" { o.name = value }
                    if field == "role", let v = OfficerRole(rawValue: value) { o.role = v }
                }
            case .cell(let code):
                cells.update(code) { c in
                    switch field {
                    case "name": c.name = value
                    case "community": c.community = value
                    case "kind": if let v = CellKind(rawValue: value) { c.kind = v }
                    case "window-hours": c.windowHours = Int(value)
                    case "x": c.x = Int(value)
                    case "y": c.y = Int(value)
                    case "key-site": c.keySite = value == "true"
                    default: break
                    }
                }
            case .handover(let shift):
                shifts.update(shift) { if field == "notes" { $0.handover?.notes = value } }
            case .acknowledgement(let shift):
                shifts.update(shift) { if field == "objections" { $0.acknowledgement?.objections = value } }
            case .shift:
                break
            case .patrol(let id):
                patrols.update(id) { p in
                    if field == "mode", let v = PatrolMode(rawValue: value) { p.mode = v }
                    if field == "dress", let v = Dress(rawValue: value) { p.dress = v }
                }
            case .patrolEnd(let id):
                patrols.update(id) { if field == "summary" { $0.summary = value } }
            case .checkIn(let i):
                if field == "note" { patrols.checkIns[i].note = value }
                if field == "cell", patrols.checkIns[i].cell != value {
                    patrols.untrack(i)
                    patrols.checkIns[i].cell = value
                    patrols.track(i)
                }
            case .hazard(let i):
                if field == "note" { patrols.hazards[i].note = value }
                if field == "cell" { patrols.hazards[i].cell = value }
                if field == "category", let v = HazardCategory(rawValue: value) { patrols.hazards[i].category = v }
            case .hazardClear(let i):
                if field == "note" { patrols.hazards[i].clearance?.note = value }
            case .stopCheck(let i):
                if field == "note" { patrols.stopChecks[i].note = value }
                if field == "subject", let v = StopCheckSubject(rawValue: value) { patrols.stopChecks[i].subject = v }
                if field == "outcome", let v = StopCheckOutcome(rawValue: value) { patrols.stopChecks[i].outcome = v }
            case .person(let id):
                persons.update(id) { p in
                    switch field {
                    case "name": p.name = value
                    case "id-number": p.idNumber = value
                    case "category": if let v = PersonCategory(rawValue: value) { p.listedCategory = v }
                    case "residency": if let v = Residency(rawValue: value) { p.listedResidency = v }
                    case "cell": p.cell = value
                    case "officer": p.officer = value
                    case "interval-days": p.intervalDays = Int(value)
                    default: break
                    }
                }
            case .statusChange(let id, let position):
                persons.update(id) { if field == "note", position < $0.changes.count { $0.changes[position].note = value } }
            case .delisting(let id):
                persons.update(id) { if field == "reason" { $0.delistReason = value } }
            case .visit(let i):
                if field == "findings" { persons.visits[i].findings = value }
                if field == "officer" { persons.visits[i].officer = value }
                if field == "method", let v = VisitMethod(rawValue: value) { persons.visits[i].method = v }
            case .dispute(let id):
                disputes.update(id) { d in
                    switch field {
                    case "category": if let v = DisputeCategory(rawValue: value) { d.category = v }
                    case "source": if let v = DisputeSource(rawValue: value) { d.source = v }
                    case "risk": if let v = DisputeRisk(rawValue: value) { d.risk = v }
                    case "cell": d.cell = value
                    case "summary": d.summary = value
                    case "parties": d.parties = list(value)
                    default: break
                    }
                }
            case .mediation(let id, let position):
                disputes.update(id) { d in
                    guard position < d.mediations.count else { return }
                    switch field {
                    case "kind": if let v = MediationKind(rawValue: value) { d.mediations[position].kind = v }
                    case "notes": d.mediations[position].notes = value
                    case "result": d.mediations[position].result = MediationResult(rawValue: value)
                    case "mediators": d.mediations[position].mediators = list(value)
                    default: break
                    }
                }
            case .conclusion(let id):
                disputes.update(id) { d in
                    if ["agreement", "notes", "reason"].contains(field) { d.conclusion?.text = value }
                    if field == "to", let v = ReferralTarget(rawValue: value) { d.conclusion?.referredTo = v }
                }
            case .followUp(let id, let position):
                disputes.update(id) { if field == "note", position < $0.followUps.count { $0.followUps[position].note = value } }
            case .incident(let id):
                incidents.update(id) { n in
                    switch field {
                    case "kind": if let v = IncidentKind(rawValue: value) { n.kind = v }
                    case "cell": n.cell = value
                    case "summary": n.summary = value
                    case "source": if let v = IncidentSource(rawValue: value) { n.source = v }
                    default: break
                    }
                }
            case .incidentClose(let id):
                incidents.update(id) { n in
                    if field == "disposition", let v = IncidentDisposition(rawValue: value) { n.disposition = v }
                    if field == "note" { n.closeNote = value }
                }
            case .fraudWarning(let id):
                fraud.update(id) { w in
                    switch field {
                    case "level": if let v = FraudLevel(rawValue: value) { w.level = v }
                    case "target": w.target = value
                    case "phone": w.phone = value
                    case "cell": w.cell = value
                    case "note": w.note = value
                    default: break
                    }
                }
            case .dissuasion(let id, let position):
                fraud.update(id) { w in
                    guard position < w.dissuasions.count else { return }
                    if field == "method", let v = DissuasionMethod(rawValue: value) { w.dissuasions[position].method = v }
                    if field == "outcome", let v = DissuasionOutcome(rawValue: value) { w.dissuasions[position].outcome = v }
                    if field == "note" { w.dissuasions[position].note = value }
                }
            case .incidentLink, .reveal:
                break
            case .correction:
                break
            }
        }
    }

    /// Whether the item `target` names by index is there (always, in a state folded from a
    /// journal; not necessarily in one loaded from a checkpoint written wrong).
    func holds(_ target: EventTarget) -> Bool {
        switch target {
        case .checkIn(let i): return i >= 0 && i < patrols.checkIns.count
        case .hazard(let i), .hazardClear(let i): return i >= 0 && i < patrols.hazards.count
        case .stopCheck(let i): return i >= 0 && i < patrols.stopChecks.count
        case .visit(let i): return i >= 0 && i < persons.visits.count
        default: return true
        }
    }

    /// Strikes out what an event created or undoes what it changed.
    mutating func void(_ target: EventTarget) {
        switch target {
        case .officer(let badge): officers.update(badge) { $0.voided = true }
        case .cell(let code): cells.update(code) { $0.voided = true }
        case .shift(let id): shifts.update(id) { $0.voided = true }
        case .handover(let id): shifts.update(id) { $0.handover = nil; $0.acknowledgement = nil }
        case .acknowledgement(let id): shifts.update(id) { $0.acknowledgement = nil }
        case .patrol(let id):
            guard let patrol = patrols.patrol(id) else { return }
            for i in patrol.checkIns { patrols.setCheckInVoided(i, true) }
            for i in patrol.hazards { patrols.hazards[i].voided = true }
            for i in patrol.stopChecks { patrols.stopChecks[i].voided = true }
            patrols.update(id) { $0.voided = true }
        case .patrolEnd(let id): patrols.update(id) { $0.endedAt = nil; $0.summary = nil; $0.endEvent = nil }
        case .checkIn(let i): patrols.setCheckInVoided(i, true)
        case .hazard(let i): patrols.hazards[i].voided = true
        case .hazardClear(let i): patrols.hazards[i].clearance = nil
        case .stopCheck(let i): patrols.stopChecks[i].voided = true
        case .person(let id): persons.update(id) { $0.voided = true }
        case .statusChange(let id, let position):
            persons.update(id) { if position < $0.changes.count { $0.changes[position].voided = true } }
        case .delisting(let id): persons.update(id) { $0.delistedAt = nil; $0.delistReason = nil; $0.delistEvent = nil }
        case .visit(let i): persons.visits[i].voided = true
        case .dispute(let id): disputes.update(id) { $0.voided = true }
        case .mediation(let id, let position):
            disputes.update(id) { if position < $0.mediations.count { $0.mediations[position].voided = true } }
        case .conclusion(let id): disputes.update(id) { $0.conclusion = nil }
        case .followUp(let id, let position):
            disputes.update(id) { if position < $0.followUps.count { $0.followUps[position].voided = true } }
        case .incident(let id): incidents.update(id) { $0.voided = true }
        case .incidentClose(let id):
            incidents.update(id) { $0.closedAt = nil; $0.disposition = nil; $0.closeNote = nil; $0.closeEvent = nil }
        case .incidentLink(let id, let position):
            incidents.update(id) { if position < $0.links.count { $0.links[position].voided = true } }
        case .fraudWarning(let id): fraud.update(id) { $0.voided = true }
        case .dissuasion(let id, let position):
            fraud.update(id) { if position < $0.dissuasions.count { $0.dissuasions[position].voided = true } }
        case .reveal: break
        case .correction: break
        }
    }
}
