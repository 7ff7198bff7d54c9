import CCrypto

/// libcrypto as a whole process uses it.
public enum CryptoLibrary {
    /// To be called first thing in a program's `main`, before anything uses libcrypto: no clean-up
    /// at exit, so a background thread still hashing while the process exits cannot crash it
    /// (`jingwu_crypto_no_cleanup_at_exit`). False when libcrypto refused the option.
    @discardableResult
    public static func keepLoadedAtExit() -> Bool { jingwu_crypto_no_cleanup_at_exit() == 1 }
}

/// SHA-256 through libcrypto's EVP interface. One instance is reused for
/// every record of a scan: the per-record cost is dominated by the hashing
/// itself, not by setting up the context.
final class SHA256Hasher {
    private let context: OpaquePointer
    private let method: OpaquePointer
    private let fetched: Bool

    init() {
        context = EVP_MD_CTX_new()!
        // An explicitly fetched method avoids a name lookup on every init.
        if let method = EVP_MD_fetch(nil, "SHA256", nil) {
            self.method = method
            fetched = true
        } else {
            method = EVP_sha256()!
            fetched = false
        }
    }

    deinit {
        EVP_MD_CTX_free(context)
        if fetched { EVP_MD_free(method) }
    }

    /// SHA-256 of `previous` (32 bytes) followed by `count` bytes at `body`, written to `out` (32 bytes).
    func chain(previous: UnsafeRawPointer, body: UnsafeRawPointer, count: Int, into out: UnsafeMutableRawPointer) {
        EVP_DigestInit_ex(context, method, nil)
        EVP_DigestUpdate(context, previous, 32)
        EVP_DigestUpdate(context, body, count)
        var length: UInt32 = 32
        EVP_DigestFinal_ex(context, out.assumingMemoryBound(to: UInt8.self), &length)
    }

    /// Convenience over byte arrays.
    func chain(previous: [UInt8], body: UnsafeRawBufferPointer) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        previous.withUnsafeBytes { prev in
            out.withUnsafeMutableBytes { o in
                chain(previous: prev.baseAddress!, body: body.baseAddress ?? prev.baseAddress!, count: body.count, into: o.baseAddress!)
            }
        }
        return out
    }
}
