// Everything the simulator's handlers share, behind one mutex that is never held across co_await.
#pragma once

#include "common/clock.hpp"
#include "tests/simulators/sap_b1/faults.hpp"
#include "tests/simulators/sap_b1/sessions.hpp"
#include "tests/simulators/sap_b1/sim_config.hpp"
#include "tests/simulators/sap_b1/store.hpp"

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace mlc::sim::sap {

struct sim_counters {
    std::uint64_t logins = 0;         // successful Login calls
    std::uint64_t failed_logins = 0;  // Login calls with wrong credentials
    std::uint64_t logouts = 0;
    std::uint64_t unauthorized = 0;                 // 401 / 301 answers
    std::map<std::string, std::uint64_t> requests;  // "GET /b1s/v1/Orders" (path without query) -> count
};

// Deviations seen in the field, off by default, that clients must cope with (reference §3.2, issue 3).
struct sim_quirks {
    bool v1_string_session_error = false;  // v1 answers 401 as {"code":"301","message":"..."} (string shape)
    bool session_error_as_5002 = false;  // a write with a dead session gets 400 / -5002 instead of 401 / 301
};

// Thread-safe: every member function locks. Handlers copy what they need and release the lock before any
// co_await.
class sim_state {
public:
    explicit sim_state(sim_config cfg);

    const sim_config& config() const noexcept { return cfg_; }

    // Runs f(store&, const sim_time& now) under the lock and returns its result.
    template <class F>
    decltype(auto) with_store(F&& f) {
        std::lock_guard lock(mutex_);
        sim_time now = to_sim_time(wall_now_locked());
        return std::forward<F>(f)(store_, std::as_const(now));
    }

    // Counts the request and decides its fault. Never throws except std::bad_alloc.
    fault_decision begin_request(std::string_view method, std::string_view path);

    // A session id when the credentials match the configured company and user; counts the attempt.
    std::optional<std::string> login(std::string_view company_db, std::string_view user,
                                     std::string_view password);

    // True (and the idle clock restarted) if `session_id` is live; counts a 401 otherwise.
    bool authenticate(std::string_view session_id);

    // Ends `session_id`; true if it was live.
    bool logout(std::string_view session_id);

    void expire_sessions();
    void set_session_timeout(std::chrono::milliseconds t);
    std::chrono::milliseconds session_timeout() const;
    // The clock idle sessions age by (steady_now unless set): a test moves it instead of waiting, and shares
    // it with the client whose keep-alive it checks. `now` must outlive the simulator.
    void set_session_clock(steady_clock_fn now);

    // Replaces the data with a fresh seeded company. Throws what make_seeded_store throws.
    void reseed(const seed_options& options);

    void set_faults(fault_plan plan);
    fault_plan faults() const;

    void set_quirks(sim_quirks q);
    sim_quirks quirks() const;

    // The wall clock behind UpdateDate/UpdateTime: real time plus an offset, or a fixed time.
    std::chrono::system_clock::time_point now() const;
    void set_clock(std::optional<std::chrono::system_clock::time_point> fixed);
    void advance_clock(std::chrono::seconds by);

    sim_counters counters() const;
    void reset_counters();
    boost::json::object counters_json() const;

private:
    std::chrono::system_clock::time_point wall_now_locked() const;

    sim_config cfg_;
    mutable std::mutex mutex_;
    store store_;
    session_table sessions_;
    fault_plan faults_;
    sim_quirks quirks_;
    sim_counters counters_;
    std::optional<std::chrono::system_clock::time_point> fixed_now_;
    std::chrono::system_clock::duration clock_offset_{0};
    steady_clock_fn session_now_ = steady_now;
};

}  // namespace mlc::sim::sap
