// The cluster's ShipStation rate budget kept in PostgreSQL, behind the clients' shared_budget interface.
#pragma once

#include "clients/shipstation/rate_limiter.hpp"
#include "clients/shipstation/shared_budget.hpp"
#include "common/logger.hpp"
#include "db/database.hpp"
#include "db/rate_budget.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <memory>
#include <string>

namespace mlc::server::app {

// Thread-safe. take() is one short statement through the pool; feedback() spawns one on `ex`.
class pg_shared_budget final : public clients::shipstation::shared_budget,
                               public std::enable_shared_from_this<pg_shared_budget> {
public:
    // `database` must outlive every statement spawned (the service's pool outlives its io_context). Throws
    // std::bad_alloc only.
    pg_shared_budget(db::database& database, db::rate_budget::budget_params params,
                     boost::asio::any_io_executor ex, const logger& log);

    // Returns the budget's answer. Throws what db::database::run() throws (the driver falls back).
    boost::asio::awaitable<clients::shipstation::budget_answer> take(
        clients::shipstation::priority prio, std::optional<clients::shipstation::priority> still_waiting,
        std::vector<clients::shipstation::earlier_send> earlier) override;

    // Spawns rate_budget_feedback; a failure is logged. Never throws.
    void feedback(std::int64_t send_id, unsigned status,
                  const clients::shipstation::rate_limit_headers& headers,
                  std::chrono::milliseconds jitter) noexcept override;

private:
    db::database& database_;
    db::rate_budget::budget_params params_;
    boost::asio::any_io_executor ex_;
    const logger& log_;
};

// The budget's parameters for one key: `api_version` ("v1", "v2") and the key name the bucket; the ceiling,
// window and background share are the local limiter's. Throws std::runtime_error if OpenSSL fails.
db::rate_budget::budget_params budget_params_for(std::string_view api_version, std::string_view key,
                                                 std::string replica, unsigned ceiling,
                                                 const clients::shipstation::rate_limiter_config& limiter);

// This process's name among the replicas: host name, process id and a random suffix. Throws std::bad_alloc.
std::string replica_id();

}  // namespace mlc::server::app
