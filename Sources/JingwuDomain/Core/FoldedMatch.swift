import Foundation

/// Case-insensitive "is `needle` in this text", answered on the UTF-8 bytes when both sides hold
/// only characters whose case-insensitive comparison is plain ASCII case folding (issue 19's bench
/// line: the search `/` over a station-year took ~95 ms per key in Foundation's
/// `range(of:options: .caseInsensitive)`). Text with any other character — letters with case
/// beyond ASCII (`É`, `ß`, `İ`, the Kelvin sign, full-width `Ａ`), combining marks, emoji, joiners —
/// gets no answer here (`nil`) and the caller asks Foundation, which decides: the fast path
/// answers only where it gives Foundation's answer (`FoldedMatchTests` holds it to Foundation).
struct FoldedNeedle: Sendable {
    /// The needle's bytes, ASCII letters lowered.
    let bytes: [UInt8]

    /// Nil when the needle holds a character the fast path does not answer for.
    init?(_ text: String) {
        let out = text.utf8.map(FoldedNeedle.lower)
        guard !out.isEmpty, FoldedNeedle.isSimple(out) else { return nil }
        bytes = out
    }

    /// Whether the needle is in `text` ignoring ASCII case; nil when `text` holds a character the
    /// fast path does not answer for.
    func found(in text: String) -> Bool? {
        var text = text
        return text.withUTF8 { found(in: $0) }
    }

    func found(in hay: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard FoldedNeedle.isSimple(hay) else { return nil }
        let n = bytes.count
        guard n <= hay.count else { return false }
        return bytes.withUnsafeBufferPointer { needle -> Bool in
            let first = needle[0]
            // Where the first byte is a letter, its upper case starts a match too.
            let firstUpper = (first >= 0x61 && first <= 0x7A) ? first - 0x20 : first
            var i = 0
            let last = hay.count - n
            while i <= last {
                let b = hay[i]
                if b == first || b == firstUpper {
                    var j = 1
                    while j < n && FoldedNeedle.lower(hay[i + j]) == needle[j] { j += 1 }
                    if j == n { return true }
                }
                i += 1
            }
            return false
        }
    }

    @inline(__always)
    static func lower(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b }

    /// Every character is ASCII, or one that has no case, no decomposition and does not join
    /// the character before or after it: CJK ideographs, CJK and full-width punctuation, the
    /// general punctuation (dashes, quotes, `…`), the middle dot of transcribed names.
    static func isSimple<Bytes: Collection>(_ utf8: Bytes) -> Bool where Bytes.Element == UInt8, Bytes.Index == Int {
        var i = utf8.startIndex
        let end = utf8.endIndex
        while i < end {
            let b = utf8[i]
            if b < 0x80 { i += 1; continue }
            let scalar: UInt32
            if b & 0xE0 == 0xC0, i + 1 < end {
                scalar = UInt32(b & 0x1F) << 6 | UInt32(utf8[i + 1] & 0x3F)
                i += 2
            } else if b & 0xF0 == 0xE0, i + 2 < end {
                scalar = UInt32(b & 0x0F) << 12 | UInt32(utf8[i + 1] & 0x3F) << 6 | UInt32(utf8[i + 2] & 0x3F)
                i += 3
            } else {
                return false  // four-byte characters (emoji, rare ideographs) and anything malformed
            }
            guard isSimpleScalar(scalar) else { return false }
        }
        return true
    }

    static func isSimpleScalar(_ v: UInt32) -> Bool {
        switch v {
        case 0x00B7: return true                      // ·
        case 0x2010...0x2027: return true             // ‐ – — ‘ ’ “ ” … and the like
        case 0x3000...0x3029, 0x3030...0x303F: return true  // 、。「」【】 (not the tone marks 302A–302F)
        case 0x3400...0x4DBF, 0x4E00...0x9FFF: return true  // CJK ideographs
        case 0xFF01...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFF60: return true  // ！（），：；？ ０–９ (not Ａ–Ｚ, ａ–ｚ)
        default: return false
        }
    }
}
