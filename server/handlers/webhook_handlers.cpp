// POST /webhooks/shipstation: authenticate, then let the shipments flow take the notification.
#include "server/handlers/webhook_handlers.hpp"

#include "common/config.hpp"
#include "common/constant_time.hpp"
#include "server/handlers/query_param.hpp"
#include "server/http/responses.hpp"

#include <boost/url/parse.hpp>

#include <chrono>
#include <string>

namespace mlc::server::handlers {

namespace bhttp = boost::beast::http;

namespace {

// Exactly one token parameter, equal byte for byte: a second one could be read differently by a proxy.
bool authorized(const http::request_context& ctx, const security_config& sec) {
    if (sec.webhook_token.empty()) return false;
    const std::string text = "?" + std::string(ctx.query);
    auto ref = boost::urls::parse_relative_ref(text);
    if (!ref || ref->params().count("token") != 1) return false;
    auto token = query_param(ctx.query, "token");
    return token && constant_time_equals(*token, sec.webhook_token.reveal());
}

http::response too_many(std::chrono::seconds retry_after) {
    auto res = http::error_response(bhttp::status::too_many_requests,
                                    "too many notifications from this address; send it again later");
    res.set(bhttp::field::retry_after, std::to_string(retry_after.count()));
    return res;
}

}  // namespace

boost::asio::awaitable<http::response> shipstation_webhook(const http::request_context& ctx,
                                                           const webhook_receiver& receiver) {
    if (!authorized(ctx, receiver.security)) {
        if (receiver.security.webhook_token.empty())
            receiver.log.warn("webhook.refused", {{"reason", "MLC_WEBHOOK_TOKEN is not set"}});
        co_return http::error_response(bhttp::status::unauthorized, "a valid webhook token is required");
    }
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
