import Foundation

/// RFC 3339 timestamps with an explicit offset, as the journal writes them
/// (`2026-11-23T09:30:00+08:00`). Hand-rolled: DateFormatter is slow and
/// locale-sensitive, and the journal formats one or two of these per record.
public enum RFC3339 {
    /// The office's offset from UTC. Asia/Shanghai has no daylight saving, so a
    /// fixed +08:00 is exact; `JINGWU_UTC_OFFSET` (e.g. `+06:00`) changes it.
    public static let defaultOffsetSeconds: Int = {
        if let text = ProcessInfo.processInfo.environment["JINGWU_UTC_OFFSET"], let seconds = parseOffset(Substring(text)) {
            return seconds
        }
        return 8 * 3600
    }()

    /// Formats `date` at whole seconds with the given offset.
    public static func format(_ date: Date, offsetSeconds: Int = defaultOffsetSeconds) -> String {
        let local = Int64((date.timeIntervalSince1970).rounded(.down)) + Int64(offsetSeconds)
        let (y, mo, d, h, mi, s) = civil(fromEpochSeconds: local)
        var out = pad(y, 4) + "-" + pad(mo, 2) + "-" + pad(d, 2) + "T" + pad(h, 2) + ":" + pad(mi, 2) + ":" + pad(s, 2)
        if offsetSeconds == 0 {
            out += "Z"
        } else {
            let sign = offsetSeconds < 0 ? "-" : "+"
            let a = abs(offsetSeconds)
            out += sign + pad(Int64(a / 3600), 2) + ":" + pad(Int64((a % 3600) / 60), 2)
        }
        return out
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)`; also accepts a space for `T`.
    /// Without an offset the time is read in `defaultOffset` (the office's zone).
    public static func parse(_ text: String, defaultOffset: Int = defaultOffsetSeconds) -> Date? {
        let chars = Array(text.utf8)
        func num(_ start: Int, _ count: Int) -> Int64? {
            guard start + count <= chars.count else { return nil }
            var value: Int64 = 0
            for i in start..<(start + count) {
                let c = chars[i]
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int64(c - 48)
            }
            return value
        }
        guard chars.count >= 16,
              let y = num(0, 4), chars[4] == 45, let mo = num(5, 2), chars[7] == 45, let d = num(8, 2),
              chars[10] == 84 || chars[10] == 32 || chars[10] == 116,
              let h = num(11, 2), chars[13] == 58, let mi = num(14, 2)
        else { return nil }
        var index = 16
        var s: Int64 = 0
        var fraction = 0.0
        if index < chars.count, chars[index] == 58 {
            guard let sec = num(index + 1, 2) else { return nil }
            s = sec
            index += 3
            if index < chars.count, chars[index] == 46 {
                index += 1
                var scale = 0.1
                while index < chars.count, chars[index] >= 48, chars[index] <= 57 {
                    fraction += Double(chars[index] - 48) * scale
                    scale /= 10
                    index += 1
                }
            }
        }
        guard (1...12).contains(mo), (1...daysInMonth(y, mo)).contains(d), h < 24, mi < 60, s < 61 else { return nil }
        var offset = defaultOffset
        if index < chars.count {
            let rest = Substring(String(decoding: chars[index...], as: UTF8.self))
            if rest == "Z" || rest == "z" {
                offset = 0
            } else if let parsed = parseOffset(rest) {
                offset = parsed
            } else {
                return nil
            }
        }
        let days = daysFromCivil(y, mo, d)
        let seconds = days * 86400 + h * 3600 + mi * 60 + s - Int64(offset)
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// Parses `+08:00`, `-0530`, `+08`.
    static func parseOffset(_ text: Substring) -> Int? {
        let chars = Array(text.utf8)
        guard let first = chars.first, first == 43 || first == 45 else { return nil }
        let digits = chars.dropFirst().filter { $0 != 58 }
        guard digits.count == 2 || digits.count == 4, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let values = digits.map { Int($0 - 48) }
        let hours = values[0] * 10 + values[1]
        let minutes = values.count == 4 ? values[2] * 10 + values[3] : 0
        guard hours <= 14, minutes < 60 else { return nil }
        let total = hours * 3600 + minutes * 60
        return first == 45 ? -total : total
    }

    /// Calendar fields of a local time given as seconds since the epoch.
    public static func civil(fromEpochSeconds t: Int64) -> (Int64, Int64, Int64, Int64, Int64, Int64) {
        var days = t / 86400
        var rem = t % 86400
        if rem < 0 { rem += 86400; days -= 1 }
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (y, m, d, rem / 3600, (rem % 3600) / 60, rem % 60)
    }

    /// Days since 1970-01-01 of a civil date.
    public static func daysFromCivil(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func daysInMonth(_ y: Int64, _ m: Int64) -> Int64 {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
