// The one loop every worker of every flow runs.
#include "flows/worker_loop.hpp"

#include "common/clock.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <unistd.h>

namespace mlc::flows {

namespace asio = boost::asio;

struct worker_set::running {
    running(worker w, const asio::strand<asio::any_io_executor>& strand)
        : spec(std::move(w)), timer(strand) {}
    worker spec;
    asio::steady_timer timer;
    bool woken = false;  // strand only: a wake-up came since the step began
};

worker_set::worker_set(asio::any_io_executor ex, const logger& log)
    : log_(log), strand_(asio::make_strand(ex)), stopped_timer_(strand_) {}

worker_set::~worker_set() = default;

void worker_set::add(worker w) {
    workers_.push_back(std::make_unique<running>(std::move(w), strand_));
}

void worker_set::start() {
    asio::dispatch(strand_, [this] {
        running_workers_ = workers_.size();
        for (auto& r : workers_) asio::co_spawn(strand_, run(*r), asio::detached);
    });
}

void worker_set::wake(std::string group) {
    asio::post(strand_, [this, group = std::move(group)] {
        for (auto& r : workers_) {
            if (r->spec.group != group) continue;
            r->woken = true;
            r->timer.cancel();
        }
    });
}

void worker_set::stop() {
    asio::post(strand_, [this] {
        stopping_ = true;
        for (auto& r : workers_) r->timer.cancel();
    });
}

asio::awaitable<void> worker_set::wait_stopped() {
    co_await asio::dispatch(strand_, asio::use_awaitable);
    while (running_workers_ > 0) co_await wait_or_wake(stopped_timer_, std::chrono::seconds(1));
}

asio::awaitable<void> worker_set::run(running& r) {
    while (!stopping_) {
        r.woken = false;
        std::chrono::milliseconds delay{0};
        std::optional<std::chrono::system_clock::time_point> at;
        try {
            auto next = co_await r.spec.step();
            if (next.finished) break;
            delay = next.delay;
            at = next.at;
        } catch (const boost::system::system_error& e) {
            if (e.code() == asio::error::operation_aborted) break;  // a client shut down: the service stops
            delay = step_failed(r, e);
        } catch (const std::exception& e) {
            delay = step_failed(r, e);
        }
        if (stopping_) break;
        // A wake-up during the step found no pause to end: it is honoured here instead of being lost.
        if (r.woken || delay.count() == 0) continue;
        // The worker has decided, and runs again only after the pause or a wake-up: what an operator
        // tracing a schedule wants to see, and the moment a test may conclude that nothing else is coming.
        if (log_.enabled(log_level::debug))
            log_.debug(r.spec.name + "_waiting",
                       {{"pause_ms", delay.count()},
                        {"next_run_at", at ? boost::json::value(format_utc_iso8601(*at)) : nullptr}});
        co_await wait_or_wake(r.timer, delay);
    }
    if (r.spec.on_stop) co_await r.spec.on_stop();
    if (--running_workers_ == 0) stopped_timer_.cancel();
}

std::chrono::milliseconds worker_set::step_failed(running& r, const std::exception& e) {
    auto delay = r.spec.pause_after_failure();
    log_.log(r.spec.failure_level, r.spec.name + "_failed",
             {{"error", e.what()}, {"retry_in_ms", delay.count()}});
    return delay;
}

asio::awaitable<void> wait_or_wake(asio::steady_timer& timer, asio::steady_timer::duration d) {
    timer.expires_after(d);
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

std::string worker_owner(std::string_view role, std::size_t index) {
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
    return std::string(host) + ":" + std::to_string(getpid()) + ":" + std::string(role) + "-" +
           std::to_string(index);
}

}  // namespace mlc::flows
