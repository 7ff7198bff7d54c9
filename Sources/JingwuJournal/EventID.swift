import Foundation

/// New event ids: UUID version 7 (RFC 9562 §5.7). The first 48 bits are the Unix time in
/// milliseconds when the id was made, then the version (7), 74 random bits and the variant.
/// Ids made one after another therefore sort in the order they were made, and the station's
/// unique index on event ids (`jingwu.records.event_id`) takes each synced record at its right
/// edge, as the primary key does, instead of at a random page: about a quarter less work for
/// the server per record (README "The station" → "The initial sync"). Nothing reads the time
/// back — a record's `recorded` says when it was written — and an id is only ever compared
/// whole, so journals written with version-4 ids (before session 12) read and sync as before.
public enum EventID {
    /// An id for an event made now (the system clock), with the system's random bits.
    public static func make(now: Date = Date()) -> UUID {
        var random = SystemRandomNumberGenerator()
        return make(milliseconds: milliseconds(now), random: random.next(), random.next())
    }

    /// An id made at `milliseconds` since 1970 (clamped to 48 bits) from two random words.
    public static func make(milliseconds: UInt64, random a: UInt64, _ b: UInt64) -> UUID {
        let ms = min(milliseconds, 0xFFFF_FFFF_FFFF)
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<6 { bytes[i] = UInt8(truncatingIfNeeded: ms >> (8 * (5 - i))) }
        for i in 6..<8 { bytes[i] = UInt8(truncatingIfNeeded: a >> (8 * (i - 6))) }
        for i in 8..<16 { bytes[i] = UInt8(truncatingIfNeeded: b >> (8 * (i - 8))) }
        bytes[6] = (bytes[6] & 0x0F) | 0x70  // version 7
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // variant 10
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// Milliseconds since 1970 of `date` (0 before it).
    public static func milliseconds(_ date: Date) -> UInt64 {
        let ms = (date.timeIntervalSince1970 * 1000).rounded(.down)
        return ms <= 0 ? 0 : UInt64(min(ms, Double(0xFFFF_FFFF_FFFF)))
    }

    /// When an id of version 7 was made (nil for any other version). For tests: nothing
    /// decides by it.
    public static func madeAt(_ id: UUID) -> Date? {
        let u = id.uuid
        guard u.6 >> 4 == 7 else { return nil }
        let ms = [u.0, u.1, u.2, u.3, u.4, u.5].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Date(timeIntervalSince1970: Double(ms) / 1000)
    }
}
