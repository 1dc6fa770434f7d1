// The ShipStation V1 client: Basic auth, the rate-limit queue, 429 waits and retries of idempotent calls.
#pragma once

#include "clients/call_error.hpp"
#include "clients/http/base_url.hpp"
#include "clients/http/client_config.hpp"
#include "clients/http/message.hpp"
#include "clients/http/retry_policy.hpp"
#include "clients/shipstation/limiter_driver.hpp"
#include "clients/shipstation/rate_limiter.hpp"
#include "common/config.hpp"
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
    // The limiter; its ceiling is replaced by shipstation_config::rate_limit.
    rate_limiter_config limiter;
    unsigned max_throttled_retries = 5;  // 429 answers tolerated per call before giving up
};

// One V1 call.
struct api_request {
    boost::beast::http::verb method = boost::beast::http::verb::get;
    std::string target;  // path and query, "/orders?page=1"
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

// Safe to share between coroutines and threads; must outlive every call in flight (shutdown() first).
class client {
public:
    // `registry` (optional) receives the mlc_shipstation_* metrics. Throws std::invalid_argument for a bad
    // cfg.url or a zero rate_limit, std::runtime_error for an unreadable CA file.
    client(const shipstation_config& cfg, boost::asio::any_io_executor ex, const logger& log,
           prometheus::Registry* registry = nullptr, client_options opts = {});
    ~client();
    client(const client&) = delete;
    client& operator=(const client&) = delete;

    // Sends `req` through the limiter (priority req.prio) with Basic auth; feeds every answer's rate-limit
    // headers back; on 429 waits as the limiter says and sends again (up to max_throttled_retries); when
    // req.idempotent, retries 5xx and transport failures with backoff; a transport failure that certainly
    // did not reach the server is retried for any call. Returns the 2xx response, or the last failure as an
    // error (see to_outcome in response_outcome.hpp: rate_limited, unauthorized, not_found, refused,
    // unavailable, in_doubt, transport). Throws boost::system::system_error (operation_aborted) after
    // shutdown(), so that the flows' loops stop; std::bad_alloc.
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
