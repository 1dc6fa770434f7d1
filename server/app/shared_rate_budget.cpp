// The cluster's ShipStation rate budget in PostgreSQL: take() and feedback() through the pool.
#include "server/app/shared_rate_budget.hpp"

#include "common/random_id.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include <unistd.h>

namespace mlc::server::app {

namespace asio = boost::asio;
namespace ss = clients::shipstation;

pg_shared_budget::pg_shared_budget(db::database& database, db::rate_budget::budget_params params,
                                   asio::any_io_executor ex, const logger& log)
    : database_(database), params_(std::move(params)), ex_(std::move(ex)), log_(log) {}

asio::awaitable<ss::budget_answer> pg_shared_budget::take(ss::priority prio,
                                                          std::optional<ss::priority> still_waiting,
                                                          std::vector<ss::earlier_send> earlier) {
    std::optional<int> behind;
    if (still_waiting) behind = static_cast<int>(*still_waiting);
    std::vector<db::rate_budget::earlier_send> sends;
    sends.reserve(earlier.size());
    for (const auto& e : earlier) sends.push_back({e.age, static_cast<int>(e.prio)});
    auto r = co_await database_.run([&, p = static_cast<int>(prio)](pqxx::work& work) {
        return db::rate_budget::take(work, params_, p, behind, sends);
    });
    co_return ss::budget_answer{r.granted, r.send_id, r.retry_in, r.live_replicas, r.expected_remaining};
}

void pg_shared_budget::feedback(std::int64_t send_id, unsigned status, const ss::rate_limit_headers& headers,
                                std::chrono::milliseconds jitter) noexcept {
    try {
        db::rate_budget::report r{
            send_id, status, headers.limit, headers.remaining, headers.reset, headers.retry_after, jitter};
        asio::co_spawn(
            ex_,
            [self = shared_from_this(), r]() -> asio::awaitable<void> {
                try {
                    co_await self->database_.run(
                        [&](pqxx::work& work) { db::rate_budget::feedback(work, self->params_, r); });
                } catch (const std::exception& e) {
                    self->log_.warn("shipstation.budget_feedback_failed",
                                    {{"status", r.status}, {"error", e.what()}});
                }
            },
            asio::detached);
    } catch (const std::exception& e) {
        log_.warn("shipstation.budget_feedback_failed", {{"status", status}, {"error", e.what()}});
    }
}

db::rate_budget::budget_params budget_params_for(std::string_view api_version, std::string_view key,
                                                 std::string replica, unsigned ceiling,
                                                 const ss::rate_limiter_config& limiter) {
    db::rate_budget::budget_params p;
    p.bucket = db::rate_budget::bucket_for(api_version, key);
    p.replica = std::move(replica);
    p.ceiling = ceiling;
    p.span = limiter.window + limiter.safety;
    p.background_share = limiter.background_share;
    p.window = limiter.window;
    p.reset_slack = limiter.reset_slack;
    p.default_backoff = limiter.default_backoff;
    return p;
}

std::string replica_id() {
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
    std::string name = host[0] ? host : "host";
    return name + "-" + std::to_string(getpid()) + "-" + random_id().substr(0, 6);
}

}  // namespace mlc::server::app
