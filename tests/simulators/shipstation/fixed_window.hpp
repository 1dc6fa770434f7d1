// The simulator's V1 rate limit: a fixed window of N requests, reported in the X-Rate-Limit-* headers.
#pragma once

#include <chrono>

namespace mlc::sim::shipstation {

// What one request learns: whether it may proceed and the three header values.
struct window_verdict {
    bool allowed = true;
    unsigned limit = 0;      // X-Rate-Limit-Limit
    unsigned remaining = 0;  // X-Rate-Limit-Remaining (after this request)
    long reset_seconds = 0;  // X-Rate-Limit-Reset: whole seconds until the window ends, rounded up
};

// Windows are aligned to multiples of `window` since the clock's epoch, like ShipStation's minutes.
// Not thread-safe: the simulator's state mutex guards it.
class fixed_window {
public:
    using time_point = std::chrono::system_clock::time_point;

    // `limit` 0 admits nothing. Never throws.
    fixed_window(unsigned limit, std::chrono::milliseconds window) noexcept
        : limit_(limit), window_(window) {}

    // Counts one request (unless refused: a 429 does not spend budget) and returns the verdict. Never throws.
    window_verdict admit(time_point now) noexcept;

    // The headers as they stand, without counting (for 401 answers). Never throws.
    window_verdict peek(time_point now) noexcept;

    void set_limit(unsigned limit) noexcept { limit_ = limit; }

private:
    void roll(time_point now) noexcept;

    unsigned limit_;
    std::chrono::milliseconds window_;
    long long index_ = -1;  // the current window's number
    unsigned used_ = 0;
    time_point ends_{};
};

}  // namespace mlc::sim::shipstation
