// The most requests the simulator admitted in any sliding window: the figure a client's rate limiter (or
// several replicas sharing one budget) must keep within the key's limit.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>

namespace mlc::sim::shipstation {

// Remembers the admission times inside the last window only. Times must not go backwards (an earlier time
// counts as the latest). Not thread-safe: the simulator's state mutex guards it.
class sliding_peak {
public:
    using time_point = std::chrono::system_clock::time_point;

    // `window`: the sliding window's length (V1: one minute). Never throws.
    explicit sliding_peak(std::chrono::milliseconds window) noexcept : window_(window) {}

    // Counts one admitted request at `now`. Throws std::bad_alloc only.
    void record(time_point now);

    // The largest number of recorded requests in any half-open window (t - window, t]. Never throws.
    std::size_t peak() const noexcept { return peak_; }

    // The window's length. Never throws.
    std::chrono::milliseconds window() const noexcept { return window_; }

private:
    std::chrono::milliseconds window_;
    std::deque<time_point> recent_;  // admissions within the window ending at the latest one
    std::size_t peak_ = 0;
};

}  // namespace mlc::sim::shipstation
