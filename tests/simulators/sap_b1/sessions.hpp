// Service Layer sessions: B1SESSION ids with an idle timeout that every authenticated request restarts.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace mlc::sim::sap {

// Pure bookkeeping with the time passed in; not thread-safe (sim_state guards it).
class session_table {
public:
    using time_point = std::chrono::steady_clock::time_point;

    session_table(std::chrono::milliseconds idle_timeout, std::uint64_t seed);

    // A new session id shaped like a GUID ("3643564a-0181-11ee-8000-6045b3645e5b").
    std::string create(time_point now);

    // True and the idle clock restarted if `id` is live; an expired session is forgotten and gives false.
    bool touch(std::string_view id, time_point now);

    // Logout: true if `id` was live.
    bool remove(std::string_view id, time_point now);

    // Every session ends now (control interface).
    void expire_all() noexcept { sessions_.clear(); }

    std::size_t live(time_point now) const;

    std::chrono::milliseconds idle_timeout() const noexcept { return timeout_; }
    void set_idle_timeout(std::chrono::milliseconds t) noexcept { timeout_ = t; }

private:
    std::unordered_map<std::string, time_point> sessions_;  // id -> last request
    std::chrono::milliseconds timeout_;
    std::uint64_t counter_;
};

}  // namespace mlc::sim::sap
