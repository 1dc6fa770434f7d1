// Clocks a test sets instead of waiting (thread-safe, so a simulator serving on its own threads can read
// them): a wall clock, and a steady clock that stands still until the test moves it.
#pragma once

#include "common/clock.hpp"

#include <chrono>
#include <mutex>
#include <optional>

namespace mlc::test {

class settable_clock {
public:
    using time_point = std::chrono::system_clock::time_point;

    // The chosen time point, or the system clock's now while none is. Never throws.
    time_point now() const {
        std::lock_guard lock(mutex_);
        return fixed_ ? *fixed_ : system_now();
    }

    // From now on the clock reads `t` (it does not move by itself). Never throws.
    void set(time_point t) {
        std::lock_guard lock(mutex_);
        fixed_ = t;
    }

    // A wall_clock_fn reading this clock; it must outlive the function. Throws std::bad_alloc only.
    wall_clock_fn fn() const {
        return [this] { return now(); };
    }

private:
    mutable std::mutex mutex_;
    std::optional<time_point> fixed_;
};

// Starts at the steady clock's now and moves only by advance().
class manual_steady_clock {
public:
    using time_point = std::chrono::steady_clock::time_point;

    // Never throws.
    time_point now() const {
        std::lock_guard lock(mutex_);
        return now_;
    }

    // Never throws.
    void advance(std::chrono::steady_clock::duration by) {
        std::lock_guard lock(mutex_);
        now_ += by;
    }

    // A steady_clock_fn reading this clock; it must outlive the function. Throws std::bad_alloc only.
    steady_clock_fn fn() const {
        return [this] { return now(); };
    }

private:
    mutable std::mutex mutex_;
    time_point now_ = steady_now();
};

}  // namespace mlc::test
