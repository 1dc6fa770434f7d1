// The ShipStation V1 client: Basic auth, the rate-limit queue, 429 waits and retries of idempotent calls.
#pragma once

#include "clients/shipstation/api_core.hpp"
#include "clients/shipstation/limiter_driver.hpp"
#include "clients/shipstation/rate_limiter.hpp"
#include "common/config.hpp"
#include "common/logger.hpp"

#include <boost/asio/any_io_executor.hpp>

namespace mlc::clients::shipstation {

// Default options whose limiter lets background work (product alignment) take items.product_sync_share
// percent of the rate budget (100 and above: all of it). Never throws.
client_options options_for(const items_config& items) noexcept;

// The V1 API: execute() and call() send with Basic auth through the V1 limiter and map failures with V1's
// error bodies (to_outcome: rate_limited, unauthorized, not_found, refused, unavailable, in_doubt, transport;
// operation_aborted is thrown after shutdown(), so that the flows' loops stop). Safe to share between
// coroutines and threads; must outlive every call in flight (shutdown() first).
class client : public api_core {
public:
    // `registry` (optional) receives the mlc_shipstation_* metrics. Throws std::invalid_argument for a bad
    // cfg.url or a zero rate_limit, std::runtime_error for an unreadable CA file.
    client(const shipstation_config& cfg, boost::asio::any_io_executor ex, const logger& log,
           prometheus::Registry* registry = nullptr, client_options opts = {});
};

}  // namespace mlc::clients::shipstation
