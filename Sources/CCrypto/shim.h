#ifndef JINGWU_CCRYPTO_SHIM_H
#define JINGWU_CCRYPTO_SHIM_H
// libcrypto from OpenSSL: SHA-256 for the journal's chain hash, PBKDF2 for PINs.
#include <openssl/sha.h>
#include <openssl/evp.h>
#endif
