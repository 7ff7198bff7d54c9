import Foundation
import JingwuJournal

// 隐患整改 (putting hazards right), DOMAIN.md §2.4 and §8.3: a hazard found on patrol
// or reported (`HazardFound`, short id `H0001`) stays open until someone records that
// it was put right (`HazardCleared`, who and how). The handover carries every hazard
// still open, whichever shift found it, and lists those cleared in the shift.
//
// Hazards written before short ids existed carry none in their data; they are
// numbered in journal order (`H` + position), which is the same number a new
// `HazardFound` writes, so old and new journals number hazards alike.

// MARK: Event

/// A hazard found earlier has been put right (已整改).
public struct HazardCleared: EventPayload {
    public static let type = "HazardCleared"
    public static let version = 1
    /// Short id of the hazard, `H0003`.
    public var hazard: String
    /// Badge of who saw it put right (民警 or 辅警 on the roster).
    public var by: String
    /// What was done (整改情况).
    public var note: String
    public init(hazard: String, by: String, note: String) {
        self.hazard = hazard; self.by = by; self.note = note
    }
    public var asEvent: DomainEvent { .hazardCleared(self) }
}

// MARK: Projection

extension Hazard {
    /// Found, not voided, and not (yet) put right.
    public var isOpen: Bool { !voided && clearance == nil }

    /// Open at `date`: found by then and not cleared by then (an entry made at `date` counts,
    /// so a handover made the minute a hazard was put right shows it put right).
    public func isOpen(at date: Date) -> Bool {
        !voided && at <= date && (clearance.map { $0.at > date } ?? true)
    }
}

extension PatrolBook {
    /// Position of hazard `id` in `hazards` (ids follow journal order, so usually a direct hit).
    func hazardIndex(_ id: String) -> Int? {
        if id.hasPrefix("H"), let n = Int(id.dropFirst()), n >= 1, n <= hazards.count, hazards[n - 1].id == id {
            return n - 1
        }
        return hazards.firstIndex { $0.id == id }
    }
}

// MARK: Command

/// `hazard clear`: a hazard still open is recorded as put right.
public struct ClearHazard: OfficeCommand {
    public static let leastRole: LeastRole = .auxiliary
    public var hazard: String
    /// Who saw it put right; the operator when empty.
    public var by: String?
    public var note: String
    public init(hazard: String, by: String? = nil, note: String) {
        self.hazard = hazard; self.by = by; self.note = note
    }

    public func decide(_ state: OfficeState, _ context: WriteContext) throws -> Decision {
        let found = try Validate.record(hazard, field: "hazard", state.hazard)
        if let clearance = found.clearance {
            // When and by whom it was put right, after the status named in the operator's language.
            throw DomainError(.closed, field: "hazard", value: found.id,
                              ["status": "cleared",
                               "since": RFC3339.format(clearance.at).prefix(16).replacingOccurrences(of: "T", with: " ")
                                + " " + clearance.by])
        }
        let given = CleanText.strip(by ?? "")
        let badge = given.isEmpty ? (context.operatorBadge ?? "") : given
        let officer = try Validate.officer(badge, field: "by", state).badge
        let note = try CleanText.required(note, field: "note", max: TextLimit.long)
        try Validate.notBefore(found.at, context, what: found.id)
        return Decision([HazardCleared(hazard: found.id, by: officer, note: note)], entityID: found.id)
    }
}

// MARK: Fold, queries, checkpoint

extension OfficeState {
    mutating func fold(_ e: HazardCleared, _ envelope: Envelope) {
        guard let i = patrols.hazardIndex(e.hazard) else { return }
        patrols.hazards[i].clearance = DealtWith(by: e.by, note: e.note, envelope)
        targets[envelope.id] = .hazardClear(i)
    }

    /// The live (not voided) hazard with short id `id`.
    public func hazard(_ id: String) -> Hazard? {
        guard let i = patrols.hazardIndex(id), !patrols.hazards[i].voided else { return nil }
        return patrols.hazards[i]
    }

    /// Hazards open at `date` (found by then, not cleared by then), oldest first.
    public func openHazards(at date: Date) -> [Hazard] {
        patrols.hazards.filter { $0.isOpen(at: date) }
    }

    /// Live hazards cleared in `[from, to]`, in order of clearing.
    public func hazardsCleared(from: Date, to: Date) -> [Hazard] {
        patrols.hazards.filter { h in !h.voided && h.clearance.map { $0.at >= from && $0.at <= to } ?? false }
            .sorted { ($0.clearance?.at ?? .distantPast) < ($1.clearance?.at ?? .distantPast) }
    }
}

// MARK: Corrections: what may be amended, what voiding undoes (AmendableField.swift)


extension HazardCleared {
    public static let voiding = Voiding { s, t in
        if case .hazardClear(let i) = t { s.patrols.hazards[i].clearance = nil }
    }
    public static let amendable: [AmendableField] = [
        .text("note") { s, t, v in if case .hazardClear(let i) = t { s.patrols.hazards[i].clearance?.note = v } },
    ]
}
