// Request id validation and generation.
#include "server/http/request_id.hpp"

#include <cstdint>
#include <random>

namespace mlc::server::http {

namespace {

bool allowed(char c) noexcept {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == ':' || c == '-';
}

std::mt19937_64& thread_rng() {
    // One engine per thread: no lock on the request path, and seeding from random_device once per thread
    // keeps ids unpredictable enough for correlation (they are not security tokens).
    thread_local std::mt19937_64 rng{[] {
        std::random_device rd;
        std::seed_seq seq{rd(), rd(), rd(), rd()};
        return std::mt19937_64(seq);
    }()};
    return rng;
}

}  // namespace

bool is_valid_request_id(std::string_view id) noexcept {
    if (id.empty() || id.size() > 128) return false;
    for (char c : id)
        if (!allowed(c)) return false;
    return true;
}

std::string generate_request_id() {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(32);
    auto& rng = thread_rng();
    for (int half = 0; half < 2; ++half) {
        std::uint64_t v = rng();
        for (int i = 0; i < 16; ++i) {
            out += digits[v & 0xF];
            v >>= 4;
        }
    }
    return out;
}

std::string request_id_for(std::string_view incoming) {
    return is_valid_request_id(incoming) ? std::string(incoming) : generate_request_id();
}

}  // namespace mlc::server::http
