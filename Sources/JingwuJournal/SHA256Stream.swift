import CCrypto

/// SHA-256 of a byte stream fed in pieces (libcrypto's EVP interface, as the chain's own
/// hasher): the station's bundles carry one over everything before their end line.
public final class SHA256Stream {
    private let context: OpaquePointer

    public init() {
        context = EVP_MD_CTX_new()!
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
    }

    deinit { EVP_MD_CTX_free(context) }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        EVP_DigestUpdate(context, base, bytes.count)
    }

    public func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest as 64 lowercase hex digits; the stream starts afresh after.
    public func finish() -> String {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 32
        out.withUnsafeMutableBufferPointer { _ = EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
        return RecordFormat.hex(out)
    }
}
