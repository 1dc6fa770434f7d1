// The ShipStation V2 client for the Inventory API: the API-Key header, its own rate limiter (v2_rate_limit
// per minute, 429 with Retry-After) and V2's error bodies, over the request loop V1 uses.
#pragma once

#include "clients/shipstation/api_core.hpp"
#include "common/config.hpp"
#include "common/logger.hpp"

#include <boost/asio/any_io_executor.hpp>

namespace mlc::clients::shipstation {

// call() sends with the API-Key header through the V2 limiter and returns the body as JSON (null for a 204)
// or an error mapped from V2's error bodies: rate_limited (429s beyond max_throttled_retries, each waited out
// for its Retry-After), unauthorized (401, 403), not_found, refused (400 and other 4xx; the message holds
// V2's error_code, message and request_id), unavailable (5xx to a read), in_doubt (5xx or a lost answer to a
// write), transport, bad_response. Safe to share between coroutines and threads, like client; must outlive
// every call in flight (shutdown() first). Its limiter is its own: V2 calls never spend V1's budget, nor V1
// calls V2's.
class inventory_client : private api_core {
public:
    // `registry` (optional) receives the mlc_shipstation_v2_* metrics. opts.limiter's ceiling is replaced by
    // cfg.v2_rate_limit (its window stays a minute unless opts says otherwise). Throws std::invalid_argument
    // for an unset cfg.v2_api_key, a bad cfg.v2_url or a zero v2_rate_limit, std::runtime_error for an
    // unreadable CA file.
    inventory_client(const inventory_config& cfg, boost::asio::any_io_executor ex, const logger& log,
                     prometheus::Registry* registry = nullptr, client_options opts = {});

    using api_core::attempts_sent;
    using api_core::call;
    using api_core::limiter_stats;
    using api_core::origin;
    using api_core::shutdown;
};

}  // namespace mlc::clients::shipstation
