import Foundation
import JingwuJournal

/// A deterministic pseudo-random generator (SplitMix64): same seed, same district.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An event id as the program makes one (`EventID`, version 7) at `milliseconds` since 1970,
    /// its random bits from the stream.
    public mutating func eventID(milliseconds: UInt64) -> UUID {
        EventID.make(milliseconds: milliseconds, random: next(), next())
    }

    /// A UUID (version 4 layout) from the stream.
    public mutating func uuid() -> UUID {
        let a = next(), b = next()
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 { bytes[i] = UInt8(truncatingIfNeeded: a >> (8 * i)); bytes[8 + i] = UInt8(truncatingIfNeeded: b >> (8 * i)) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}

/// Runs domain commands against an in-memory state and queues their events as
/// journal drafts, without touching the journal: the demo generator's way to
/// write a year in one bulk append while every command is still validated
/// exactly as `Office.execute` validates it.
public final class DemoWriter {
    public private(set) var state: OfficeState
    /// Drafts decided but not yet handed to the journal.
    public var pending: [EventDraft] = []
    /// Events decided so far.
    public private(set) var count = 0
    private var nextSeq: UInt64
    private let recorded: Date
    private var ids: SplitMix64
    /// The time in the last id made: ids never go back in time, so a record entered late
    /// (补录, its `at` in the past) still gets an id after the one before it, as an office's would.
    private var idMilliseconds: UInt64 = 0
    private let encoder = EventRegistry.makeEncoder()

    /// - Parameters:
    ///   - state: the state of the journal the drafts will be appended to.
    ///   - firstSeq: the sequence number the first draft will get.
    ///   - recorded: the write time the journal will stamp (its clock's now).
    public init(state: OfficeState, firstSeq: UInt64, recorded: Date, idSeed: UInt64) {
        self.state = state
        self.nextSeq = firstSeq
        self.recorded = recorded
        self.ids = SplitMix64(seed: idSeed)
    }

    /// Decides `command` at `at` as operator `by` and queues its events; returns the entity id.
    /// Throws the command's `DomainError` (the generator treats that as a bug in itself).
    @discardableResult
    public func run(_ command: some OfficeCommand, by: String, at: Date) throws -> String? {
        let decision = try decide(command, by: by, at: at)
        for payload in decision.events {
            idMilliseconds = max(idMilliseconds, EventID.milliseconds(at))
            let id = ids.eventID(milliseconds: idMilliseconds)
            pending.append(try EventRegistry.draft(payload, id: id, at: at, by: by, encoder: encoder))
            state.apply(payload.asEvent, Envelope(id: id, seq: nextSeq, at: at, recorded: recorded, by: by))
            nextSeq += 1
            count += 1
        }
        return decision.entityID
    }

    /// The roles' check and the command's decision, on one copy of the state (reading a class's
    /// stored state copies it: one copy for both, not one each), which ends with this call, before
    /// the events are folded into `state` (a copy still alive then would make the fold copy the books).
    private func decide(_ command: some OfficeCommand, by: String, at: Date) throws -> Decision {
        let state = self.state
        if !state.officers.isEmpty, state.officers.officer(by) == nil {
            throw DomainError(.operatorUnknown, field: "as", value: by)
        }
        // The roles hold for the generator too (sign-in aside: it writes as each operator).
        try Roles.check(command, by: by, state: state, signedIn: [by])
        return try command.decide(state, WriteContext(now: at, operatorBadge: by))
    }
}
