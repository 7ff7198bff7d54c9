import CCrypto
import Foundation

// PINs (密码) of the officers who sign in at the shared terminal. A PIN is never
// stored, logged or put into an error message: only a salted PBKDF2-HMAC-SHA256
// hash goes into the journal (in PinSet / PinChanged / PinReset), with its salt
// and its iteration count, so the count can grow later without breaking old hashes.

/// A stored PIN: PBKDF2-HMAC-SHA256 over the PIN with a random 16-byte salt.
public struct PinHash: Codable, Sendable, Equatable {
    /// Always `pbkdf2-sha256` for now; kept so another algorithm can follow.
    public var alg: String
    public var iterations: Int
    /// The salt, lower-case hex (16 bytes).
    public var salt: String
    /// The derived key, lower-case hex (32 bytes).
    public var hash: String

    public init(alg: String = Pin.algorithm, iterations: Int, salt: String, hash: String) {
        self.alg = alg; self.iterations = iterations; self.salt = salt; self.hash = hash
    }
}

/// Hashing and checking PINs.
public enum Pin {
    public static let algorithm = "pbkdf2-sha256"
    /// PINs are 6 to 12 digits: typed on a keypad, at a desk, many times a day.
    public static let lengths = 6...12

    /// The PIN's own rule: digits only, 6–12 of them. The message never repeats the PIN.
    public static func validate(_ pin: String, field: String = "pin") throws {
        guard lengths.contains(pin.count), pin.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw DomainError(.pinFormat, field: field, value: "",
                              ["min": String(lengths.lowerBound), "max": String(lengths.upperBound)])
        }
    }

    /// A new hash of `pin` with a fresh random salt (or the given one, for the demo and tests).
    public static func derive(_ pin: String, iterations: Int = AccessPolicy.load().pinIterations,
                              salt: [UInt8]? = nil, field: String = "pin") throws -> PinHash {
        try validate(pin, field: field)
        var generator = SystemRandomNumberGenerator()
        let salt = salt ?? (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return PinHash(iterations: iterations, salt: hex(salt), hash: hex(pbkdf2(pin, salt: salt, iterations: iterations)))
    }

    /// True when `pin` hashes to `stored` (compared in constant time). `ahead`: a derivation of
    /// `pin` already started, used when it was for exactly `stored`'s salt and count (`PinAhead`).
    public static func verify(_ pin: String, against stored: PinHash, ahead: PinAhead? = nil) -> Bool {
        guard stored.alg == algorithm, stored.iterations >= 1, let salt = bytes(hex: stored.salt),
              let expected = bytes(hex: stored.hash)
        else { return false }
        let derived = ahead?.derived(pin, for: stored)
            ?? pbkdf2(pin, salt: salt, iterations: stored.iterations, length: expected.count)
        guard derived.count == expected.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(derived, expected) { difference |= a ^ b }
        return difference == 0
    }

    /// PBKDF2-HMAC-SHA256 (`jingwu_pbkdf2_hmac_sha256` in the CCrypto shim: libcrypto's
    /// SHA-256 with the HMAC states reused, the same bytes as `PKCS5_PBKDF2_HMAC`).
    static func pbkdf2(_ pin: String, salt: [UInt8], iterations: Int, length: Int = 32) -> [UInt8] {
        guard iterations >= 1, length >= 1 else { return [] }
        var out = [UInt8](repeating: 0, count: length)
        let password = Array(pin.utf8)
        let ok = password.withUnsafeBufferPointer { p in
            salt.withUnsafeBufferPointer { s in
                out.withUnsafeMutableBufferPointer { o in
                    jingwu_pbkdf2_hmac_sha256(p.baseAddress, p.count, s.baseAddress, s.count, UInt(iterations),
                                              o.baseAddress, length)
                }
            }
        }
        // It fails only on arguments it cannot take; an empty key then never matches a stored one.
        return ok == 1 ? out : []
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes { out.append(digits[Int(byte >> 4)]); out.append(digits[Int(byte & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    static func bytes(hex text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 97...102: return c - 87
            case 65...70: return c - 55
            default: return nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let high = value(chars[i]), let low = value(chars[i + 1]) else { return nil }
            out.append(high << 4 | low)
            i += 2
        }
        return out
    }
}
