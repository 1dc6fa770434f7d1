// A wall clock a test sets: the system clock until set(), then the time point the test chose (thread-safe,
// so a simulator serving on its own threads can read it).
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

}  // namespace mlc::test
