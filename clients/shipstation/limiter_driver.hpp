// Drives the pure rate_limiter for coroutines: co_await acquire(priority) until a send is granted.
#pragma once

#include "clients/shipstation/rate_limiter.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <functional>
#include <map>
#include <memory>
#include <mutex>

namespace mlc::clients::shipstation {

// A granted send: report its outcome with limiter_driver::on_response() or on_no_response().
struct permit {
    rate_limiter::ticket id = 0;
    rate_limiter::clock::duration waited{};  // time spent queued
};

// Safe to share between coroutines and threads; the mutex is never held across co_await. Must outlive
// every acquire() in flight (call shutdown() first).
class limiter_driver {
public:
    // Throws what rate_limiter's constructor throws (std::invalid_argument for a zero ceiling or window).
    explicit limiter_driver(rate_limiter_config cfg, std::function<double()> uniform01 = {});
    ~limiter_driver();
    limiter_driver(const limiter_driver&) = delete;
    limiter_driver& operator=(const limiter_driver&) = delete;

    // Queues a send of `prio` (a `retry` goes ahead of its priority) and waits until the limiter grants it.
    // Returns the permit. Throws boost::system::system_error(operation_aborted) after shutdown() or when
    // the coroutine is cancelled (the queued request is withdrawn); std::bad_alloc.
    boost::asio::awaitable<permit> acquire(priority prio, bool retry = false);

    // Reports the answer to a granted send (status and X-Rate-Limit-* headers). Never throws.
    void on_response(const permit& p, unsigned status, const rate_limit_headers& headers) noexcept;

    // Reports that a granted send got no answer (it keeps its place in the window). Never throws.
    void on_no_response(const permit& p) noexcept;

    // Wakes every waiter with operation_aborted and refuses new acquire() calls. Idempotent; never throws.
    void shutdown() noexcept;

    // The limiter's current figures. Never throws.
    rate_limiter_stats stats() const noexcept;

private:
    struct waiter;
    // Grants what can be granted now and wakes the granted waiters; returns when to ask again. Call with
    // mutex_ held.
    std::optional<rate_limiter::time_point> pump_locked();
    void wake_all_locked() noexcept;

    mutable std::mutex mutex_;
    rate_limiter limiter_;
    std::map<rate_limiter::ticket, std::shared_ptr<waiter>> waiters_;
    bool shut_down_ = false;
};

}  // namespace mlc::clients::shipstation
