#ifndef JINGWU_CCRYPTO_SHIM_H
#define JINGWU_CCRYPTO_SHIM_H
// libcrypto from OpenSSL: SHA-256 for the journal's chain hash, PBKDF2 for PINs.
// The SHA256_CTX functions are marked deprecated in OpenSSL 3 in favour of EVP,
// whose per-call overhead is what jingwu_pbkdf2_hmac_sha256 avoids.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <string.h>

/// PBKDF2-HMAC-SHA256 (RFC 8018), the same bytes as PKCS5_PBKDF2_HMAC with
/// EVP_sha256() in about half its time: the HMAC key's inner and outer states
/// are hashed once and copied for each of the 2 × `iterations` digests, instead
/// of setting up an HMAC through EVP every round. Returns 1, or 0 on bad arguments.
static inline int jingwu_pbkdf2_hmac_sha256(const unsigned char *password, size_t password_length,
                                            const unsigned char *salt, size_t salt_length,
                                            unsigned long iterations, unsigned char *out, size_t out_length) {
    if (iterations < 1 || (password == NULL && password_length > 0) || (salt == NULL && salt_length > 0)) return 0;
    unsigned char key[64] = {0}, pad[64], u[32], t[32], counter[4];
    if (password_length > 64) {
        SHA256(password, password_length, key);
    } else if (password_length > 0) {
        memcpy(key, password, password_length);
    }
    SHA256_CTX inner, outer, c;
    SHA256_Init(&inner);
    for (int i = 0; i < 64; i++) pad[i] = key[i] ^ 0x36;
    SHA256_Update(&inner, pad, 64);
    SHA256_Init(&outer);
    for (int i = 0; i < 64; i++) pad[i] = key[i] ^ 0x5c;
    SHA256_Update(&outer, pad, 64);
    for (unsigned long block = 1; out_length > 0; block++) {
        counter[0] = (unsigned char)(block >> 24); counter[1] = (unsigned char)(block >> 16);
        counter[2] = (unsigned char)(block >> 8); counter[3] = (unsigned char)block;
        c = inner;
        if (salt_length > 0) SHA256_Update(&c, salt, salt_length);
        SHA256_Update(&c, counter, 4);
        SHA256_Final(u, &c);
        c = outer;
        SHA256_Update(&c, u, 32);
        SHA256_Final(u, &c);
        memcpy(t, u, 32);
        for (unsigned long k = 1; k < iterations; k++) {
            c = inner;
            SHA256_Update(&c, u, 32);
            SHA256_Final(u, &c);
            c = outer;
            SHA256_Update(&c, u, 32);
            SHA256_Final(u, &c);
            for (int j = 0; j < 32; j++) t[j] ^= u[j];
        }
        size_t n = out_length < 32 ? out_length : 32;
        memcpy(out, t, n);
        out += n;
        out_length -= n;
    }
    return 1;
}

/// HMAC-SHA256 of `a` ‖ `b` under `key` (32 bytes out). Returns 1, or 0 on failure.
static inline int jingwu_hmac_sha256(const unsigned char *key, size_t key_length,
                                     const void *a, size_t a_length, const void *b, size_t b_length,
                                     unsigned char out[32]) {
    HMAC_CTX *ctx = HMAC_CTX_new();
    if (ctx == NULL) return 0;
    unsigned int length = 0;
    int ok = HMAC_Init_ex(ctx, key, (int)key_length, EVP_sha256(), NULL)
        && (a_length == 0 || HMAC_Update(ctx, (const unsigned char *)a, a_length))
        && (b_length == 0 || HMAC_Update(ctx, (const unsigned char *)b, b_length))
        && HMAC_Final(ctx, out, &length) && length == 32;
    HMAC_CTX_free(ctx);
    return ok;
}

/// Poly1305 (RFC 8439) of `a` ‖ `b` under the one-time 32-byte `key` (16 bytes out),
/// through OpenSSL 3's EVP_MAC. A key must never tag two different messages.
/// Returns 1, or 0 on failure (e.g. a libcrypto built without Poly1305).
static inline int jingwu_poly1305(const unsigned char key[32], const void *a, size_t a_length,
                                  const void *b, size_t b_length, unsigned char out[16]) {
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "POLY1305", NULL);
    if (mac == NULL) return 0;
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(mac);
    size_t length = 0;
    int ok = ctx != NULL && EVP_MAC_init(ctx, key, 32, NULL)
        && (a_length == 0 || EVP_MAC_update(ctx, (const unsigned char *)a, a_length))
        && (b_length == 0 || EVP_MAC_update(ctx, (const unsigned char *)b, b_length))
        && EVP_MAC_final(ctx, out, &length, 16) && length == 16;
    EVP_MAC_CTX_free(ctx);
    EVP_MAC_free(mac);
    return ok;
}

/// A byte read with acquire ordering (a flag another thread sets with `jingwu_store_release`).
static inline unsigned char jingwu_load_acquire(const unsigned char *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }

/// A byte written with release ordering: what was written before it is seen by a thread that reads it set.
static inline void jingwu_store_release(unsigned char *p, unsigned char v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }

/// Constant-time comparison: 1 when the `n` bytes are equal.
static inline int jingwu_equal(const void *a, const void *b, size_t n) { return CRYPTO_memcmp(a, b, n) == 0; }

/// `n` bytes from the operating system's random source (through OpenSSL's DRBG). 1 on success.
static inline int jingwu_random(unsigned char *out, size_t n) { return RAND_bytes(out, (int)n) == 1; }
/// Called first thing in `main`: libcrypto registers no clean-up at exit. A thread still hashing
/// when the process exits (a report's background decode checking a checkpoint block, a PIN's
/// derivation started ahead) otherwise met libcrypto's structures freed under it by that clean-up
/// and the process died of SIGSEGV after its output was written. The process's memory goes with it
/// at exit anyway. Returns 1 on success.
static inline int jingwu_crypto_no_cleanup_at_exit(void) {
    return OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, NULL);
}

#endif
