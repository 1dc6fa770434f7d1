// The async rate-limiter driver: per-waiter wake-up channels, a steady_timer until the next possible grant,
// and the negotiation with the shared budget (one take() at a time, a local share while it is away).
#include "clients/shipstation/limiter_driver.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <algorithm>
#include <exception>
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
    std::int64_t send_id = 0;
    std::optional<long> expected_remaining;
};

limiter_driver::limiter_driver(rate_limiter_config cfg, std::function<double()> uniform01, budget_link link)
    : limiter_(cfg, std::move(uniform01)),
      ceiling_(cfg.ceiling),
      span_(cfg.window + cfg.safety),
      link_(std::move(link)) {}

limiter_driver::~limiter_driver() {
    shutdown();
}

std::optional<rate_limiter::time_point> limiter_driver::pump_locked() {
    for (;;) {
        const auto now = rate_limiter::clock::now();
        auto step = limiter_.next(now);
        if (auto* g = std::get_if<rate_limiter::grant>(&step)) {
            auto it = waiters_.find(g->id);
            if (it == waiters_.end()) {
                limiter_.on_no_response(g->id);  // cannot happen: every queued ticket has a waiter
                continue;
            }
            if (probe_at_) remember_local_send_locked(g->prio, now);
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

void limiter_driver::emit(budget_event e) const {
    if (!link_.observe) return;
    try {
        link_.observe(e);
    } catch (...) {
        // metrics must not break sending
    }
}

std::optional<rate_limiter::time_point> limiter_driver::plan_locked(std::optional<ask>& out) {
    const auto now = rate_limiter::clock::now();
    if (probe_at_ && now < *probe_at_) {
        // Falling back: the local share grants; the timer also wakes us for the next probe.
        auto until = pump_locked();
        return until ? std::min(*until, *probe_at_) : *probe_at_;
    }
    auto step = limiter_.peek(now);
    if (auto* w = std::get_if<rate_limiter::wait>(&step)) return w->until;
    auto* g = std::get_if<rate_limiter::grant>(&step);
    if (g == nullptr || negotiating_) return std::nullopt;  // the one asking wakes everyone when done
    if (retry_at_ && now < *retry_at_ && g->prio >= denied_prio_) return *retry_at_;
    negotiating_ = true;
    out = ask{g->prio, limiter_.second_priority(), earlier_sends_locked(now), now};
    return std::nullopt;
}

void limiter_driver::remember_local_send_locked(priority prio, rate_limiter::time_point now) {
    // The local share never grants more than a ceiling per window: older entries are outside it anyway.
    if (local_sends_.size() >= std::max(1u, ceiling_)) local_sends_.pop_front();
    local_sends_.push_back({now, prio});
}

std::vector<earlier_send> limiter_driver::earlier_sends_locked(rate_limiter::time_point now) {
    while (!local_sends_.empty() && local_sends_.front().at <= now - span_) local_sends_.pop_front();
    std::vector<earlier_send> out;
    out.reserve(local_sends_.size());
    for (const auto& s : local_sends_) {
        out.push_back({std::chrono::duration_cast<std::chrono::milliseconds>(now - s.at), s.prio});
    }
    return out;
}

void limiter_driver::grant_one_locked(const budget_answer& answer) {
    auto step = limiter_.next(rate_limiter::clock::now());
    auto* g = std::get_if<rate_limiter::grant>(&step);
    // The first request went away (cancelled) while we asked: the recorded send stays unused, which only
    // makes the cluster more careful for one window.
    if (g == nullptr) return;
    auto it = waiters_.find(g->id);
    if (it == waiters_.end()) {
        limiter_.on_no_response(g->id);
        return;
    }
    it->second->granted = true;
    it->second->waited = g->waited;
    it->second->send_id = answer.send_id;
    it->second->expected_remaining = answer.expected_remaining;
    it->second->wake.try_send(boost::system::error_code{});
}

void limiter_driver::apply_failure_locked(const std::exception& e) {
    const auto now = rate_limiter::clock::now();
    const bool started = !probe_at_.has_value();
    probe_at_ = now + link_.probe_interval;
    if (!started) return;
    const unsigned share = std::max(1u, ceiling_ / (live_replicas_ > 0 ? live_replicas_ : 2u));
    limiter_.cap_ceiling(share);
    emit(budget_event::fallback_started);
    if (link_.log) {
        link_.log->warn("shipstation.budget_fallback",
                        {{"error", e.what()}, {"local_ceiling", share}, {"live_replicas", live_replicas_}});
    }
}

asio::awaitable<void> limiter_driver::negotiate(ask a) {
    std::optional<budget_answer> answer;
    std::exception_ptr failure;
    try {
        {
            std::lock_guard lock(mutex_);
            emit(budget_event::statement);
        }
        answer = co_await link_.budget->take(a.prio, a.behind, a.earlier);
    } catch (...) {
        failure = std::current_exception();
    }
    auto state = co_await asio::this_coro::cancellation_state;
    const bool cancelled = state.cancelled() != asio::cancellation_type::none;
    std::lock_guard lock(mutex_);
    negotiating_ = false;
    wake_all_locked();  // another request may ask now, or the granted one goes
    if (answer) {
        // The budget recorded them with this take, even if our caller has gone since.
        while (!local_sends_.empty() && local_sends_.front().at <= a.as_of) local_sends_.pop_front();
    }
    if (cancelled) throw boost::system::system_error(asio::error::operation_aborted);
    if (!answer) {
        try {
            std::rethrow_exception(failure);
        } catch (const boost::system::system_error& e) {
            if (e.code() == asio::error::operation_aborted) throw;
            apply_failure_locked(e);
        } catch (const std::exception& e) {
            apply_failure_locked(e);
        }
        co_return;
    }
    if (probe_at_) {
        probe_at_.reset();
        limiter_.cap_ceiling(std::nullopt);
        emit(budget_event::fallback_ended);
        if (link_.log)
            link_.log->info("shipstation.budget_restored", {{"live_replicas", answer->live_replicas}});
    }
    live_replicas_ = answer->live_replicas;
    if (answer->granted) {
        retry_at_.reset();
        grant_one_locked(*answer);
        co_return;
    }
    emit(budget_event::denied);
    retry_at_ = rate_limiter::clock::now() + answer->retry_in;
    denied_prio_ = a.prio;
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
    auto withdraw = [&] {
        std::lock_guard lock(mutex_);
        if (self->granted) limiter_.on_no_response(id);
        limiter_.cancel(id);
        waiters_.erase(id);
        wake_all_locked();  // the first request may have changed
    };
    asio::steady_timer timer(ex);
    for (;;) {
        std::optional<rate_limiter::time_point> until;
        std::optional<ask> asking;
        {
            std::lock_guard lock(mutex_);
            if (shut_down_ && !self->granted) {
                limiter_.cancel(id);
                waiters_.erase(id);
                throw boost::system::system_error(asio::error::operation_aborted);
            }
            if (!self->granted) until = link_.budget ? plan_locked(asking) : pump_locked();
            if (self->granted) {
                waiters_.erase(id);
                co_return permit{id, self->waited, self->send_id, self->expected_remaining};
            }
        }
        if (asking) {
            try {
                co_await negotiate(*asking);
            } catch (...) {
                withdraw();
                throw;
            }
            continue;
        }
        // Woken by the timer (a slot may be free), by a grant, by feedback or by shutdown.
        timer.expires_at(until ? *until : rate_limiter::time_point::max());
        boost::system::error_code timer_ec, wake_ec;
        try {
            co_await (timer.async_wait(asio::redirect_error(asio::use_awaitable, timer_ec)) ||
                      self->wake.async_receive(asio::redirect_error(asio::use_awaitable, wake_ec)));
        } catch (...) {
            withdraw();
            throw;
        }
        auto state = co_await asio::this_coro::cancellation_state;
        if (state.cancelled() != asio::cancellation_type::none) {
            withdraw();
            throw boost::system::system_error(asio::error::operation_aborted);
        }
    }
}

void limiter_driver::on_response(const permit& p, unsigned status,
                                 const rate_limit_headers& headers) noexcept {
    std::chrono::milliseconds jitter{};
    {
        std::lock_guard lock(mutex_);
        limiter_.on_response(p.id, status, headers, rate_limiter::clock::now());
        if (status == 429) jitter = limiter_.jitter();
        // The budget may have moved either way: every waiter recomputes its deadline.
        wake_all_locked();
    }
    if (!link_.budget || p.send_id == 0) return;
    // Only news costs a statement: a 429, or the server counting more than the cluster expected (another
    // application on the key, or sends overtaking each other).
    const bool lower = headers.remaining && p.expected_remaining &&
                       static_cast<long>(*headers.remaining) < *p.expected_remaining;
    if (status == 429 || lower) link_.budget->feedback(p.send_id, status, headers, jitter);
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

bool limiter_driver::falling_back() const noexcept {
    std::lock_guard lock(mutex_);
    return probe_at_.has_value();
}

rate_limiter_stats limiter_driver::stats() const noexcept {
    std::lock_guard lock(mutex_);
    return limiter_.stats(rate_limiter::clock::now());
}

}  // namespace mlc::clients::shipstation
