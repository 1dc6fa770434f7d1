// Fixed-window counting for the simulator's rate limit.
#include "tests/simulators/shipstation/fixed_window.hpp"

namespace mlc::sim::shipstation {

void fixed_window::roll(time_point now) noexcept {
    auto since_epoch = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
    long long index = since_epoch / window_;
    if (index != index_) {
        index_ = index;
        used_ = 0;
        ends_ = time_point{std::chrono::duration_cast<time_point::duration>(window_ * (index + 1))};
    }
}

window_verdict fixed_window::peek(time_point now) noexcept {
    roll(now);
    auto left = ends_ - now;
    auto reset = std::chrono::ceil<std::chrono::seconds>(left).count();
    return {used_ < limit_, limit_, used_ < limit_ ? limit_ - used_ : 0, reset};
}

window_verdict fixed_window::admit(time_point now) noexcept {
    auto v = peek(now);
    if (!v.allowed) return v;
    ++used_;
    v.remaining = limit_ - used_;
    return v;
}

}  // namespace mlc::sim::shipstation
