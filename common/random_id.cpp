// Random correlation ids from a per-thread engine.
#include "common/random_id.hpp"

#include <cstdint>
#include <random>

namespace mlc {

namespace {

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

std::string random_id() {
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

}  // namespace mlc
