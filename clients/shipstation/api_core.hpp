// The request loop both ShipStation APIs share: the limiter, answers fed back to it, 429 waits and retries by
// call kind; V1's client and V2's inventory_client differ only in the api_profile they give it.
#pragma once

#include "clients/call_error.hpp"
#include "clients/http/base_url.hpp"
#include "clients/http/client_config.hpp"
#include "clients/http/message.hpp"
#include "clients/http/retry_policy.hpp"
#include "clients/shipstation/rate_limiter.hpp"
#include "clients/shipstation/response_outcome.hpp"
#include "clients/shipstation/shared_budget.hpp"
#include "common/logger.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/json/value.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace prometheus {
class Registry;
}

namespace mlc::clients::shipstation {

struct client_options {
    http::client_config http;  // timeouts, keep-alive pool, TLS trust
    // Retries of idempotent calls after 5xx, connect errors and timeouts (backoff with full jitter).
    http::retry_config retry{4, std::chrono::milliseconds(500), std::chrono::milliseconds(10'000)};
    // The limiter; its ceiling is replaced by the configured rate limit (V1 rate_limit, V2 v2_rate_limit).
    rate_limiter_config limiter;
    unsigned max_throttled_retries = 5;  // 429 answers tolerated per call before giving up
    // The budget every replica on this key draws from (MLC_SHIPSTATION_RATE_SCOPE=cluster); null: this
    // process's limiter alone.
    std::shared_ptr<shared_budget> budget;
};

// One call.
struct api_request {
    boost::beast::http::verb method = boost::beast::http::verb::get;
    std::string target;  // path and query, "/orders?page=1", "/v2/inventory?limit=100"
    std::string body;    // JSON for POST and PUT
    priority prio = priority::normal;
    bool idempotent = false;    // may be sent again after a 5xx, a timeout or a lost connection
    std::string_view endpoint;  // metrics label, "GET /orders"
};

// The X-Rate-Limit-* headers of the last answer (for `check`).
struct observed_rate_limit {
    unsigned status = 0;
    rate_limit_headers headers;
};

// What tells one API apart.
struct api_profile {
    std::string url;                        // base URL, "https://ssapi.shipstation.com"
    std::string auth_header;                // the header carrying the credentials: "Authorization", "API-Key"
    std::string auth_value;                 // its value: a secret, never logged
    unsigned ceiling = 40;                  // requests per limiter window we allow ourselves
    api_version version = api_version::v1;  // which error body shape the answers use
    std::string metric_prefix;              // "mlc_shipstation", "mlc_shipstation_v2"
    std::string log_prefix;                 // "shipstation", "shipstation_v2": log event names start so
    std::string name;                       // "ShipStation", "ShipStation V2": in messages and metric help
};

// Safe to share between coroutines and threads; must outlive every call in flight (shutdown() first).
class api_core {
public:
    // `registry` (optional) receives the <metric_prefix>_* metrics. Throws std::invalid_argument for a bad
    // url or a zero ceiling, std::runtime_error for an unreadable CA file.
    api_core(api_profile profile, boost::asio::any_io_executor ex, const logger& log,
             prometheus::Registry* registry, client_options opts);
    ~api_core();
    api_core(const api_core&) = delete;
    api_core& operator=(const api_core&) = delete;

    // Sends `req` through the limiter (priority req.prio) with the profile's credentials; feeds every
    // answer's rate-limit headers back; on 429 waits as the limiter says (Reset or Retry-After) and sends
    // again (up to max_throttled_retries); when req.idempotent, retries 5xx and transport failures with
    // backoff; a transport failure that certainly did not reach the server is retried for any call. Returns
    // the 2xx response, or the last failure as to_outcome() maps it for the profile's version. Throws
    // boost::system::system_error (operation_aborted) after shutdown(); std::bad_alloc.
    boost::asio::awaitable<outcome<http::response>> execute(api_request req);

    // execute(), then the body parsed as JSON (null for an empty body). Returns as execute(), and
    // bad_response for a 2xx body that is not JSON. Throws as execute().
    boost::asio::awaitable<outcome<boost::json::value>> call(api_request req);

    // The configured origin (scheme, host, port, base path). Never throws.
    const http::base_url& origin() const noexcept;

    // The rate-limit headers of the last answer; nullopt before any. Never throws except std::bad_alloc.
    std::optional<observed_rate_limit> last_rate_limit() const;

    // The limiter's figures. Never throws.
    rate_limiter_stats limiter_stats() const noexcept;

    // Requests handed to the HTTP layer so far (attempts, retries included). Never throws.
    std::uint64_t attempts_sent() const noexcept;

    // Ends every wait in the limiter with operation_aborted and refuses new calls. Never throws.
    void shutdown() noexcept;

private:
    struct state;
    std::unique_ptr<state> state_;
};

}  // namespace mlc::clients::shipstation
