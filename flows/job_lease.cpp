// A claimed job's lease, renewed while its worker handles it.
#include "flows/job_lease.hpp"

#include "db/job_queue.hpp"
#include "flows/worker_loop.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>

#include <algorithm>
#include <atomic>
#include <optional>

namespace mlc::flows {

namespace asio = boost::asio;

struct job_lease::state {
    db::database& db;
    std::int64_t job_id;
    std::string owner;
    std::chrono::milliseconds lease;
    std::atomic<bool> lost{false};
    std::atomic<bool> stopping{false};
    bool running = false;  // the background renewal; touched on the owner's executor only
    std::optional<asio::steady_timer> tick{}, finished{};

    asio::awaitable<bool> renew() {
        bool held = co_await db.run(
            [&](pqxx::work& w) { return db::job_queue::extend_lease(w, job_id, owner, lease); });
        if (!held) lost = true;
        co_return held;
    }
};

asio::awaitable<void> job_lease::keep(std::shared_ptr<state> s) {
    const auto period = std::max(s->lease / 3, std::chrono::milliseconds(1));
    while (!s->stopping && !s->lost) {
        co_await wait_or_wake(*s->tick, period);
        if (s->stopping) break;
        try {
            co_await s->renew();
        } catch (const std::exception&) {
            // The database is unreachable: the lease may still hold; the next tick tries again, and the
            // worker's own renew() before its next step decides.
        }
    }
    s->running = false;
    s->finished->cancel();
}

job_lease::job_lease(db::database& db, std::int64_t job_id, std::string owner,
                     std::chrono::milliseconds lease)
    : state_(std::shared_ptr<state>(new state{db, job_id, std::move(owner), lease})) {}

job_lease::~job_lease() {
    // Stopped already on every normal path; if not, the renewal ends at its next tick.
    state_->stopping = true;
    if (state_->tick) state_->tick->cancel();
}

asio::awaitable<void> job_lease::start() {
    auto ex = co_await asio::this_coro::executor;
    state_->tick.emplace(ex);
    state_->finished.emplace(ex);
    state_->running = true;
    asio::co_spawn(ex, keep(state_), asio::detached);
}

asio::awaitable<bool> job_lease::renew() {
    co_return co_await state_->renew();
}

bool job_lease::lost() const noexcept {
    return state_->lost;
}

asio::awaitable<void> job_lease::stop() {
    state_->stopping = true;
    if (!state_->tick) co_return;
    state_->tick->cancel();
    while (state_->running) co_await wait_or_wake(*state_->finished, std::chrono::seconds(1));
}

}  // namespace mlc::flows
