// Comparison of secrets that takes the same time wherever the first difference is.
#include "common/constant_time.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

namespace mlc {

bool constant_time_equals(std::string_view given, std::string_view expected) noexcept {
    if (expected.empty()) return false;
    // Comparing fixed-size digests also hides the length of the expected token.
    unsigned char a[SHA256_DIGEST_LENGTH];
    unsigned char b[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(given.data()), given.size(), a);
    SHA256(reinterpret_cast<const unsigned char*>(expected.data()), expected.size(), b);
    return CRYPTO_memcmp(a, b, sizeof a) == 0;
}

}  // namespace mlc
