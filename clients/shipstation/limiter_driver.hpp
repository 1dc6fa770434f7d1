// Drives the pure rate_limiter for coroutines: co_await acquire(priority) until a send is granted, and, with
// a shared budget, until the cluster's budget grants it too.
#pragma once

#include "clients/shipstation/rate_limiter.hpp"
#include "clients/shipstation/shared_budget.hpp"
#include "common/logger.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace mlc::clients::shipstation {

// A granted send: report its outcome with limiter_driver::on_response() or on_no_response().
struct permit {
    rate_limiter::ticket id = 0;
    rate_limiter::clock::duration waited{};  // time spent queued
    std::int64_t send_id = 0;                // the shared budget's record of this send (0: none)
    std::optional<long> expected_remaining;  // what the shared budget expects the server to report
};

// What happens between the driver and the shared budget, for metrics.
enum class budget_event {
    statement,         // a take() was sent
    denied,            // a take() was answered "not yet"
    fallback_started,  // the budget could not be reached: the local share applies
    fallback_ended,    // the budget answered again
};

// The cluster's budget a driver draws from (all fields optional).
struct budget_link {
    std::shared_ptr<shared_budget> budget;            // null: this process's limiter alone (scope process)
    std::function<void(budget_event)> observe;        // called with the driver's mutex held: keep it short
    const logger* log = nullptr;                      // the fallback's start and end
    std::chrono::milliseconds probe_interval{5'000};  // while falling back, how often the budget is tried
};

// Safe to share between coroutines and threads; the mutex is never held across co_await. Must outlive
// every acquire() in flight (call shutdown() first).
// With a shared budget the local limiter still orders this process's requests (priorities, retries first,
// background share, local 429 back-off); its first request must also win a take() before it is granted. One
// request at a time asks the budget; a denial waits until the budget's retry time or until a request of a
// better priority is queued. When the budget cannot be reached, the driver grants from its local limiter
// with the ceiling divided by the last known number of live replicas (2 when none is known), logged once
// per outage, and tries the budget again every probe_interval. It remembers the times of those local sends
// (the ones still inside the window, at most one ceiling of them) and hands them to the first take() that
// reaches the budget again, so the other replicas count them for the rest of their window.
class limiter_driver {
public:
    // Throws what rate_limiter's constructor throws (std::invalid_argument for a zero ceiling or window).
    explicit limiter_driver(rate_limiter_config cfg, std::function<double()> uniform01 = {},
                            budget_link link = {});
    ~limiter_driver();
    limiter_driver(const limiter_driver&) = delete;
    limiter_driver& operator=(const limiter_driver&) = delete;

    // Queues a send of `prio` (a `retry` goes ahead of its priority) and waits until the limiter grants it.
    // Returns the permit. Throws boost::system::system_error(operation_aborted) after shutdown() or when
    // the coroutine is cancelled (the queued request is withdrawn); std::bad_alloc.
    boost::asio::awaitable<permit> acquire(priority prio, bool retry = false);

    // Reports the answer to a granted send (status and X-Rate-Limit-* headers); a 429 (with a jitter drawn
    // from the limiter's uniform01) or a Remaining below what the shared budget expected is also reported to
    // it. Never throws.
    void on_response(const permit& p, unsigned status, const rate_limit_headers& headers) noexcept;

    // Reports that a granted send got no answer (it keeps its place in the window). Never throws.
    void on_no_response(const permit& p) noexcept;

    // Wakes every waiter with operation_aborted and refuses new acquire() calls. Idempotent; never throws.
    void shutdown() noexcept;

    // The limiter's current figures. Never throws.
    rate_limiter_stats stats() const noexcept;

    // True while the shared budget cannot be reached and the local share applies. Never throws.
    bool falling_back() const noexcept;

private:
    struct waiter;
    struct ask {
        priority prio;
        std::optional<priority> behind;
        std::vector<earlier_send> earlier;  // the fallback sends to write back
        rate_limiter::time_point as_of;     // when `earlier` was taken
    };
    struct local_send {
        rate_limiter::time_point at;
        priority prio;
    };
    // Grants what can be granted now and wakes the granted waiters; returns when to ask again. Call with
    // mutex_ held.
    std::optional<rate_limiter::time_point> pump_locked();
    // The local grant that follows a take() the budget granted. Call with mutex_ held.
    void grant_one_locked(const budget_answer& answer);
    // With a shared budget: sets `out` when the caller must ask the budget now (and marks it as the one
    // asking), else returns when to look again. Call with mutex_ held.
    std::optional<rate_limiter::time_point> plan_locked(std::optional<ask>& out);
    // Asks the budget for the first local request and applies the answer. Throws operation_aborted when the
    // caller is cancelled.
    boost::asio::awaitable<void> negotiate(ask a);
    void apply_failure_locked(const std::exception& e);
    // Remembers a send granted from the local share while the budget is away. Call with mutex_ held.
    void remember_local_send_locked(priority prio, rate_limiter::time_point now);
    // The remembered sends still inside the window, as ages at `now`. Call with mutex_ held.
    std::vector<earlier_send> earlier_sends_locked(rate_limiter::time_point now);
    void wake_all_locked() noexcept;
    void emit(budget_event e) const;

    mutable std::mutex mutex_;
    rate_limiter limiter_;
    unsigned ceiling_;
    rate_limiter::clock::duration span_;  // the limiter's window plus safety
    budget_link link_;
    std::map<rate_limiter::ticket, std::shared_ptr<waiter>> waiters_;
    bool shut_down_ = false;
    bool negotiating_ = false;                          // one request is asking the budget now
    std::optional<rate_limiter::time_point> retry_at_;  // the budget said "not before"
    priority denied_prio_ = priority::background;       // ... to a request of this priority
    std::optional<rate_limiter::time_point> probe_at_;  // falling back until then
    unsigned live_replicas_ = 0;                        // the budget's last count (0: unknown)
    std::deque<local_send> local_sends_;                // granted while falling back, not yet written back
};

}  // namespace mlc::clients::shipstation
