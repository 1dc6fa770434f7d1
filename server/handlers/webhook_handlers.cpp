// POST /webhooks/shipstation: authenticate, then let the shipments flow take the notification.
#include "server/handlers/webhook_handlers.hpp"

#include "common/config.hpp"
#include "common/constant_time.hpp"
#include "server/handlers/query_param.hpp"
#include "server/http/responses.hpp"
#include "server/http/router.hpp"

#include <chrono>
#include <string>

namespace mlc::server::handlers {

namespace bhttp = boost::beast::http;

namespace {

http::response too_many(std::chrono::seconds retry_after) {
    auto res = http::error_response(bhttp::status::too_many_requests,
                                    "too many notifications from this address; send it again later");
    res.set(bhttp::field::retry_after, std::to_string(retry_after.count()));
    return res;
}

}  // namespace

std::optional<http::response> refuse_unless_webhook_token(const http::request_header& header,
                                                          const webhook_receiver& receiver) {
    const security_config& sec = receiver.security;
    if (!sec.webhook_token.empty()) {
        auto token = single_query_param(http::split_target(header.target()).query, "token");
        if (token && constant_time_equals(*token, sec.webhook_token.reveal())) return std::nullopt;
    } else {
        receiver.log.warn("webhook.refused", {{"reason", "MLC_WEBHOOK_TOKEN is not set"}});
    }
    return http::error_response(bhttp::status::unauthorized, "a valid webhook token is required");
}

boost::asio::awaitable<http::response> shipstation_webhook(const http::request_context& ctx,
                                                           const webhook_receiver& receiver) {
    if (auto refusal = refuse_unless_webhook_token(ctx.req, receiver)) co_return std::move(*refusal);
    if (receiver.limiter) {
        if (auto wait = receiver.limiter->admit(ctx.remote_address, std::chrono::steady_clock::now())) {
            if (receiver.limited) receiver.limited->Increment();
            receiver.log.warn("webhook.limited",
                              {{"remote", ctx.remote_address}, {"retry_after_s", wait->count()}});
            co_return too_many(*wait);
        }
    }
    namespace intake = flows::shipments;
    intake::webhook_intake taken;
    try {
        taken = co_await intake::take_webhook(receiver.database, receiver.origins, receiver.log,
                                              ctx.req.body(), ctx.request_id);
    } catch (const std::exception& e) {
        receiver.log.error("webhook.store_failed", {{"error", e.what()}});
        co_return http::error_response(bhttp::status::service_unavailable,
                                       "the notification could not be stored; send it again");
    }
    using outcome = intake::webhook_intake::outcome;
    if (taken.what == outcome::malformed || taken.what == outcome::foreign_origin)
        co_return http::error_response(bhttp::status::bad_request, taken.problem);
    if (taken.what == outcome::stored && receiver.on_stored) receiver.on_stored();
    co_return http::json_response(
        bhttp::status::ok,
        boost::json::value(boost::json::object{
            {"received", true}, {"duplicate", taken.what == outcome::duplicate}, {"id", taken.inbox_id}}));
}

}  // namespace mlc::server::handlers
