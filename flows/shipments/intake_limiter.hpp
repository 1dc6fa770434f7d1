// How many webhook payloads one source (a client address) may have stored per minute: a pure fixed window.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace mlc::flows::shipments {

// Each source gets a one-minute window that opens at its first payload; up to `per_minute` payloads are
// admitted in it. The time is passed in (no clock is read), so tests need no sleeping. Safe to call from
// several threads (a mutex, never held beyond one call).
class intake_limiter {
public:
    using clock = std::chrono::steady_clock;
    static constexpr std::chrono::seconds window{60};

    // `per_minute` of 0 is taken as 1. At most `max_sources` windows are kept: when full, expired windows are
    // dropped, and a new source beyond that is admitted untracked (the table's memory stays bounded; the
    // body limit and the connection cap bound such a flood). Throws std::bad_alloc only.
    explicit intake_limiter(unsigned per_minute, std::size_t max_sources = 10'000);

    // Counts one payload from `source` at `now` and returns nullopt when it is admitted, or, when the
    // source's window is full, the whole seconds until it ends (at least 1: a Retry-After). Throws
    // std::bad_alloc only.
    std::optional<std::chrono::seconds> admit(std::string_view source, clock::time_point now);

private:
    struct source_window {
        clock::time_point opened;
        unsigned admitted = 0;
    };
    void drop_expired(clock::time_point now);

    unsigned per_minute_;
    std::size_t max_sources_;
    std::mutex mutex_;
    std::unordered_map<std::string, source_window> windows_;
};

}  // namespace mlc::flows::shipments
