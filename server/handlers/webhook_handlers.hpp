// POST /webhooks/shipstation: ShipStation's V1 notifications, authenticated by the token in the URL and
// handed to the shipments flow's intake (flows/shipments/webhook_intake), whose result becomes the HTTP
// answer.
#pragma once

#include "common/logger.hpp"
#include "flows/shipments/intake_limiter.hpp"
#include "flows/shipments/webhook_intake.hpp"
#include "server/http/request_context.hpp"
#include "server/http/types.hpp"

#include <boost/asio/awaitable.hpp>

#include <prometheus/counter.h>

#include <functional>
#include <optional>
#include <vector>

namespace mlc {
struct security_config;
}
namespace mlc::db {
class database;
}

namespace mlc::server::handlers {

// What the receiver needs; everything must outlive the routes.
struct webhook_receiver {
    const security_config& security;
    db::database& database;
    const logger& log;
    flows::shipments::webhook_origins origins;  // where a resource_url may point
    std::function<void()> on_stored;            // wakes whoever processes the inbox (may be empty)
    flows::shipments::intake_limiter* limiter =
        nullptr;                             // payloads per minute per client address (may be null)
    prometheus::Counter* limited = nullptr;  // mlc_webhook_intake_limited_total (may be null)
};

// The 401 a request to the webhook gets without the right `token` query parameter (compared in constant
// time, percent-decoded, exactly: no trimming, no case folding; refused when given twice), or while
// MLC_WEBHOOK_TOKEN is unset (then logged); nothing when the token is right. The session calls it before the
// body (route::authorize), the handler again. Throws std::bad_alloc only.
std::optional<http::response> refuse_unless_webhook_token(const http::request_header& header,
                                                          const webhook_receiver& receiver);

// 401 without the right token given exactly once (or while MLC_WEBHOOK_TOKEN is unset); 429 with Retry-After
// when the client address has used its payloads for this minute (nothing stored, counted in `limited`); 400
// with the reason for a body that is not JSON with a string resource_url and one of the six V1
// resource_types, or whose resource_url is refused (clients/shipstation/resource_url; stored cut to 4 KiB as
// rejected and audited, never fetched); 200 {"received":true, "duplicate":bool} once the payload is committed
// to the inbox; 503 when the database cannot store it (so ShipStation sends it again). Bodies over the
// route's limit get 413 from the server.
boost::asio::awaitable<http::response> shipstation_webhook(const http::request_context& ctx,
                                                           const webhook_receiver& receiver);

}  // namespace mlc::server::handlers
