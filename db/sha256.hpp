// SHA-256 of a byte string as lowercase hex (migration checksums, webhook payload identity).
#pragma once

#include <string>
#include <string_view>

namespace mlc::db {

// Returns 64 lowercase hex characters. Throws std::runtime_error if OpenSSL fails (out of memory).
std::string sha256_hex(std::string_view bytes);

}  // namespace mlc::db
