// The async rate-limiter driver: per-waiter wake-up channels, a steady_timer until the next possible grant.
#include "clients/shipstation/limiter_driver.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <variant>

namespace mlc::clients::shipstation {

namespace asio = boost::asio;
using namespace boost::asio::experimental::awaitable_operators;

struct limiter_driver::waiter {
    explicit waiter(asio::any_io_executor ex) : wake(std::move(ex), 1) {}
    // try_send() from any thread wakes the waiter (thread-safe, unlike a timer shared between threads).
    asio::experimental::concurrent_channel<void(boost::system::error_code)> wake;
    bool granted = false;
    rate_limiter::clock::duration waited{};
};

limiter_driver::limiter_driver(rate_limiter_config cfg, std::function<double()> uniform01)
    : limiter_(cfg, std::move(uniform01)) {}

limiter_driver::~limiter_driver() {
    shutdown();
}

std::optional<rate_limiter::time_point> limiter_driver::pump_locked() {
    for (;;) {
        auto step = limiter_.next(rate_limiter::clock::now());
        if (auto* g = std::get_if<rate_limiter::grant>(&step)) {
            auto it = waiters_.find(g->id);
            if (it == waiters_.end()) {
                limiter_.on_no_response(g->id);  // cannot happen: every queued ticket has a waiter
                continue;
            }
            it->second->granted = true;
            it->second->waited = g->waited;
            it->second->wake.try_send(boost::system::error_code{});
            continue;
        }
        if (auto* w = std::get_if<rate_limiter::wait>(&step)) return w->until;
        return std::nullopt;
    }
}

void limiter_driver::wake_all_locked() noexcept {
    for (auto& [id, w] : waiters_) w->wake.try_send(boost::system::error_code{});
}

asio::awaitable<permit> limiter_driver::acquire(priority prio, bool retry) {
    auto ex = co_await asio::this_coro::executor;
    auto self = std::make_shared<waiter>(ex);
    rate_limiter::ticket id = 0;
    {
        std::lock_guard lock(mutex_);
        if (shut_down_) throw boost::system::system_error(asio::error::operation_aborted);
        id = limiter_.enqueue(prio, rate_limiter::clock::now(), retry);
        waiters_.emplace(id, self);
    }
    asio::steady_timer timer(ex);
    for (;;) {
        std::optional<rate_limiter::time_point> until;
        {
            std::lock_guard lock(mutex_);
            if (shut_down_ && !self->granted) {
                limiter_.cancel(id);
                waiters_.erase(id);
                throw boost::system::system_error(asio::error::operation_aborted);
            }
            if (!self->granted) until = pump_locked();
            if (self->granted) {
                waiters_.erase(id);
                co_return permit{id, self->waited};
            }
        }
        // Woken by the timer (a slot may be free), by a grant, by feedback or by shutdown.
        timer.expires_at(until ? *until : rate_limiter::time_point::max());
        boost::system::error_code timer_ec, wake_ec;
        try {
            co_await (timer.async_wait(asio::redirect_error(asio::use_awaitable, timer_ec)) ||
                      self->wake.async_receive(asio::redirect_error(asio::use_awaitable, wake_ec)));
        } catch (...) {
            std::lock_guard lock(mutex_);
            if (self->granted) limiter_.on_no_response(id);
            limiter_.cancel(id);
            waiters_.erase(id);
            throw;
        }
        auto state = co_await asio::this_coro::cancellation_state;
        if (state.cancelled() != asio::cancellation_type::none) {
            std::lock_guard lock(mutex_);
            if (self->granted) limiter_.on_no_response(id);
            limiter_.cancel(id);
            waiters_.erase(id);
            throw boost::system::system_error(asio::error::operation_aborted);
        }
    }
}

void limiter_driver::on_response(const permit& p, unsigned status,
                                 const rate_limit_headers& headers) noexcept {
    std::lock_guard lock(mutex_);
    limiter_.on_response(p.id, status, headers, rate_limiter::clock::now());
    // The budget may have moved either way: every waiter recomputes its deadline.
    wake_all_locked();
}

void limiter_driver::on_no_response(const permit& p) noexcept {
    std::lock_guard lock(mutex_);
    limiter_.on_no_response(p.id);
}

void limiter_driver::shutdown() noexcept {
    std::lock_guard lock(mutex_);
    shut_down_ = true;
    wake_all_locked();
}

rate_limiter_stats limiter_driver::stats() const noexcept {
    std::lock_guard lock(mutex_);
    return limiter_.stats(rate_limiter::clock::now());
}

}  // namespace mlc::clients::shipstation
