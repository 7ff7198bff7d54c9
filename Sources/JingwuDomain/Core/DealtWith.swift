import Foundation

/// How and when something still open was dealt with: a hazard put right (`HazardCleared`), an
/// objection to a handover handled (`HandoverObjectionAddressed`). Who, what was done, when, and
/// the event that recorded it.
public struct DealtWith: Sendable, Equatable {
    /// Badge of who dealt with it.
    public var by: String
    /// What was done (整改情况, 处理情况).
    public var note: String
    public var at: Date
    public var event: UUID
    public init(by: String, note: String, at: Date, event: UUID) {
        self.by = by; self.note = note; self.at = at; self.event = event
    }

    /// From the event that records it.
    init(by: String, note: String, _ envelope: Envelope) {
        self.init(by: by, note: note, at: envelope.at, event: envelope.id)
    }

    // In the checkpoint: by, note, at, event.
    func write(_ w: inout CheckpointWriter) {
        w.string(by); w.string(note); w.date(at); w.uuid(event)
    }

    static func read(_ r: inout CheckpointReader) throws -> DealtWith {
        DealtWith(by: try r.string(), note: try r.string(), at: try r.date(), event: try r.uuid())
    }
}
