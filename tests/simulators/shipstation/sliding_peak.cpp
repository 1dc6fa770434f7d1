// The most requests admitted in any sliding window, kept as admissions arrive.
#include "tests/simulators/shipstation/sliding_peak.hpp"

#include <algorithm>

namespace mlc::sim::shipstation {

void sliding_peak::record(time_point now) {
    // The busiest window always ends at an admission, so checking the window ending at each one finds it.
    if (!recent_.empty()) now = std::max(now, recent_.back());
    recent_.push_back(now);
    while (recent_.front() <= now - window_) recent_.pop_front();
    peak_ = std::max(peak_, recent_.size());
}

}  // namespace mlc::sim::shipstation
