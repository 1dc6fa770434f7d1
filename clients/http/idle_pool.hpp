// Which idle keep-alive connection to reuse: newest first, none older than the age limit, at most N kept.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

namespace mlc::clients::http {

// Pure bookkeeping with the time passed in; the caller guards it with its own mutex. T is the connection
// handle (a unique_ptr in the client, an int in tests). Dropping a T closes it.
template <class T>
class idle_pool {
public:
    using time_point = std::chrono::steady_clock::time_point;

    idle_pool(std::size_t max_idle, std::chrono::milliseconds max_age)
        : max_idle_(max_idle), max_age_(max_age) {}

    // The most recently returned connection that is younger than max_age at `now`; older ones are removed
    // and dropped. nullopt if none. Throws what T's move throws.
    std::optional<T> take(time_point now) {
        std::optional<T> found;
        while (!idle_.empty() && !found) {
            auto entry = std::move(idle_.back());
            idle_.pop_back();
            if (now - entry.second < max_age_) found.emplace(std::move(entry.first));
        }
        if (found) prune(now);  // the rest went idle earlier: drop those past the limit too
        return found;
    }

    // Keeps `conn` for reuse, marked idle since `now`; if max_idle are already kept, the oldest is dropped.
    // Throws std::bad_alloc.
    void put(T conn, time_point now) {
        if (max_idle_ == 0) return;
        if (idle_.size() >= max_idle_) idle_.erase(idle_.begin());
        idle_.emplace_back(std::move(conn), now);
    }

    // Drops every connection idle for max_age or longer at `now`. Never throws.
    void prune(time_point now) noexcept {
        std::size_t stale = 0;
        while (stale < idle_.size() && now - idle_[stale].second >= max_age_) ++stale;
        idle_.erase(idle_.begin(), idle_.begin() + static_cast<std::ptrdiff_t>(stale));
    }

    // Drops every connection. Never throws.
    void clear() noexcept { idle_.clear(); }

    std::size_t size() const noexcept { return idle_.size(); }

private:
    std::size_t max_idle_;
    std::chrono::milliseconds max_age_;
    std::vector<std::pair<T, time_point>> idle_;  // oldest first
};

}  // namespace mlc::clients::http
