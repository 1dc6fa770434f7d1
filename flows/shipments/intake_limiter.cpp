// How many webhook payloads one source (a client address) may have stored per minute: a pure fixed window.
#include "flows/shipments/intake_limiter.hpp"

#include <algorithm>

namespace mlc::flows::shipments {

intake_limiter::intake_limiter(unsigned per_minute, std::size_t max_sources)
    : per_minute_(std::max(per_minute, 1u)), max_sources_(max_sources) {}

void intake_limiter::drop_expired(clock::time_point now) {
    std::erase_if(windows_, [&](const auto& kv) { return now >= kv.second.opened + window; });
}

std::optional<std::chrono::seconds> intake_limiter::admit(std::string_view source, clock::time_point now) {
    std::lock_guard lock(mutex_);
    auto it = windows_.find(std::string(source));
    if (it == windows_.end()) {
        if (windows_.size() >= max_sources_) drop_expired(now);
        if (windows_.size() >= max_sources_) return std::nullopt;
        windows_.emplace(std::string(source), source_window{now, 1});
        return std::nullopt;
    }
    auto& w = it->second;
    if (now >= w.opened + window) w = source_window{now, 0};
    if (w.admitted < per_minute_) {
        ++w.admitted;
        return std::nullopt;
    }
    // Rounded up, so a sender that waits as told finds the window open.
    auto left = std::chrono::ceil<std::chrono::seconds>(w.opened + window - now);
    return std::max(left, std::chrono::seconds(1));
}

}  // namespace mlc::flows::shipments
