// POST /webhooks/shipstation: authenticate, check, store in the inbox, then acknowledge.
#include "server/handlers/webhook_handlers.hpp"

#include "clients/shipstation/resource_url.hpp"
#include "common/config.hpp"
#include "common/constant_time.hpp"
#include "db/audit_log.hpp"
#include "db/database.hpp"
#include "db/webhook_inbox.hpp"
#include "flows/shipments/shipment_jobs.hpp"
#include "server/http/responses.hpp"

#include <boost/json/parse.hpp>
#include <boost/url/parse.hpp>

#include <array>
#include <string>

namespace mlc::server::handlers {

namespace bhttp = boost::beast::http;
namespace audit = db::audit_log;

namespace {

constexpr std::array<std::string_view, 6> resource_types{"ORDER_NOTIFY",        "ITEM_ORDER_NOTIFY",
                                                         "SHIP_NOTIFY",         "ITEM_SHIP_NOTIFY",
                                                         "FULFILLMENT_SHIPPED", "FULFILLMENT_REJECTED"};
constexpr const char* audit_entity = "shipstation_webhook";
constexpr const char* inbox_source = "shipstation";

// The decoded value of `name` in a raw query string; nullopt when absent or the query is malformed.
std::optional<std::string> query_param(std::string_view query, std::string_view name) {
    const std::string text = "?" + std::string(query);  // the parsed view refers to this text
    auto ref = boost::urls::parse_relative_ref(text);
    if (!ref) return std::nullopt;
    for (auto p : ref->params()) {
        if (p.key != name) continue;
        return p.has_value ? p.value : std::string();
    }
    return std::nullopt;
}

bool authorized(const http::request_context& ctx, const security_config& sec) {
    if (sec.webhook_token.empty()) return false;
    auto token = query_param(ctx.query, "token");
    return token && constant_time_equals(*token, sec.webhook_token.reveal());
}

// What a payload is, or why it is refused.
struct checked_payload {
    std::string resource_type;
    std::string resource_url;
    std::optional<std::string> problem;
};

checked_payload check(std::string_view body) {
    checked_payload out;
    boost::system::error_code ec;
    auto v = boost::json::parse(body, ec);  // also proves the body is UTF-8, which the inbox column needs
    if (ec) {
        out.problem = "the body is not JSON (" + ec.message() + ")";
        return out;
    }
    const auto* o = v.if_object();
    if (!o) {
        out.problem = "the body is not a JSON object";
        return out;
    }
    const auto* url = o->if_contains("resource_url");
    const auto* type = o->if_contains("resource_type");
    if (!url || !url->is_string() || url->get_string().empty()) {
        out.problem = "resource_url is missing or not a string";
        return out;
    }
    if (!type || !type->is_string()) {
        out.problem = "resource_type is missing or not a string";
        return out;
    }
    out.resource_url = url->get_string();
    out.resource_type = type->get_string();
    bool known = false;
    for (auto t : resource_types) known = known || t == out.resource_type;
    if (!known)
        out.problem = "resource_type '" + out.resource_type + "' is not a ShipStation V1 webhook event";
    return out;
}

bool allowed_origin(const webhook_receiver& r, std::string_view url) {
    return clients::shipstation::resource_target(r.api_origin, url, r.resource_origins).has_value();
}

audit::entry audit_row(std::string key, std::string action, audit::outcome result,
                       std::string_view request_id, boost::json::object summary,
                       std::optional<std::string> error = {}) {
    audit::entry e;
    e.dir = audit::direction::inbound;
    e.entity_type = audit_entity;
    e.entity_key = std::move(key);
    e.action = std::move(action);
    e.result = result;
    e.request_summary = boost::json::value(std::move(summary));
    e.error = std::move(error);
    e.correlation_id = std::string(request_id);
    return e;
}

}  // namespace

boost::asio::awaitable<http::response> shipstation_webhook(const http::request_context& ctx,
                                                           const webhook_receiver& receiver) {
    if (!authorized(ctx, receiver.security)) {
        if (receiver.security.webhook_token.empty())
            receiver.log.warn("webhook.refused", {{"reason", "MLC_WEBHOOK_TOKEN is not set"}});
        co_return http::error_response(bhttp::status::unauthorized, "a valid webhook token is required");
    }
    const std::string_view body = ctx.req.body();
    auto payload = check(body);

    if (payload.problem) {
        // Nothing is stored (the body may not even be text), but the refusal is on record.
        receiver.log.warn("webhook.rejected", {{"reason", *payload.problem}, {"bytes", body.size()}});
        try {
            co_await receiver.database.run([&](pqxx::work& w) {
                audit::append(
                    w, audit_row(std::string(ctx.request_id), "webhook_rejected", audit::outcome::failed,
                                 ctx.request_id, {{"bytes", body.size()}}, *payload.problem));
            });
        } catch (const std::exception& e) {
            receiver.log.warn("webhook.audit_failed", {{"error", e.what()}});
        }
        co_return http::error_response(bhttp::status::bad_request, *payload.problem);
    }

    const bool allowed = allowed_origin(receiver, payload.resource_url);
    db::webhook_inbox::store_result stored;
    try {
        stored = co_await receiver.database.run([&](pqxx::work& w) {
            auto r = db::webhook_inbox::store(w, inbox_source, payload.resource_type, payload.resource_url,
                                              body, std::string(ctx.request_id));
            if (r.duplicate) return r;  // the first delivery's row and audit stand
            boost::json::object summary{{"resource_type", payload.resource_type},
                                        {"resource_url", payload.resource_url},
                                        {"bytes", body.size()}};
            if (allowed) {
                flows::shipments::queue_resource_fetch(w, r.id, ctx.request_id);
                audit::append(w, audit_row(std::to_string(r.id), "webhook_received", audit::outcome::ok,
                                           ctx.request_id, std::move(summary)));
            } else {
                const std::string reason =
                    "resource_url is not on an allowed ShipStation origin; it is not fetched";
                db::webhook_inbox::mark(w, r.id, db::webhook_inbox::inbox_state::rejected, reason);
                audit::append(w, audit_row(std::to_string(r.id), "webhook_rejected", audit::outcome::failed,
                                           ctx.request_id, std::move(summary), reason));
            }
            return r;
        });
    } catch (const std::exception& e) {
        receiver.log.error("webhook.store_failed", {{"error", e.what()}});
        co_return http::error_response(bhttp::status::service_unavailable,
                                       "the notification could not be stored; send it again");
    }
    if (!allowed) {
        receiver.log.warn("webhook.rejected", {{"reason", "resource_url origin"}, {"inbox_id", stored.id}});
        co_return http::error_response(bhttp::status::bad_request,
                                       "resource_url is not on an allowed ShipStation origin");
    }
    if (!stored.duplicate && receiver.on_stored) receiver.on_stored();
    co_return http::json_response(
        bhttp::status::ok, boost::json::value(boost::json::object{
                               {"received", true}, {"duplicate", stored.duplicate}, {"id", stored.id}}));
}

}  // namespace mlc::server::handlers
