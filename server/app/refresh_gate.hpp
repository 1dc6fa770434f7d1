// When cached values read at scrape time may be refreshed: at most once per interval, whoever asks.
#pragma once

#include "common/clock.hpp"

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>

namespace mlc::server::app {

// A scrape storm costs one refresh per interval: the first caller after the interval refreshes, every other
// caller (at the same time or within the interval) uses the values cached by the last refresh. Thread-safe.
class refresh_gate {
public:
    // `now` is the clock (tests pass a controllable one). Never throws except std::bad_alloc.
    explicit refresh_gate(std::chrono::milliseconds interval, steady_clock_fn now = steady_now)
        : interval_(interval), now_(std::move(now)) {}

    // Returns true, and counts a refresh, when the caller should refresh now: none has begun yet, or the last
    // began `interval` or more ago. A refresh that fails is not retried before the interval ends either.
    // Never throws.
    bool begin() noexcept {
        std::lock_guard lock(mutex_);
        auto t = now_();
        if (last_ && t - *last_ < interval_) return false;
        last_ = t;
        ++refreshes_;
        return true;
    }

    // Refreshes begun so far. Never throws.
    std::size_t refreshes() const noexcept {
        std::lock_guard lock(mutex_);
        return refreshes_;
    }

private:
    const std::chrono::milliseconds interval_;
    const steady_clock_fn now_;
    mutable std::mutex mutex_;
    std::optional<std::chrono::steady_clock::time_point> last_;
    std::size_t refreshes_ = 0;
};

}  // namespace mlc::server::app
