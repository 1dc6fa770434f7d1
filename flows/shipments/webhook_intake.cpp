// Webhook intake: check, store once, queue the fetch, audit.
#include "flows/shipments/webhook_intake.hpp"

#include "clients/shipstation/resource_url.hpp"
#include "db/audit_log.hpp"
#include "db/webhook_inbox.hpp"
#include "flows/shipments/shipment_audit.hpp"
#include "flows/shipments/shipment_jobs.hpp"

#include <boost/json/parse.hpp>

#include <array>
#include <utility>

namespace mlc::flows::shipments {

namespace audit = db::audit_log;

namespace {

constexpr std::array<std::string_view, 6> resource_types{"ORDER_NOTIFY",        "ITEM_ORDER_NOTIFY",
                                                         "SHIP_NOTIFY",         "ITEM_SHIP_NOTIFY",
                                                         "FULFILLMENT_SHIPPED", "FULFILLMENT_REJECTED"};
constexpr const char* inbox_source = "shipstation";
constexpr std::size_t rejected_payload_bytes = 4096;

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

boost::asio::awaitable<webhook_intake> refuse_malformed(db::database& database, const logger& log,
                                                        std::string_view body, std::string_view request_id,
                                                        std::string problem) {
    // Nothing is stored (the body may not even be text), but the refusal is on record.
    log.warn("webhook.rejected", {{"reason", problem}, {"bytes", body.size()}});
    try {
        co_await database.run([&](pqxx::work& w) {
            audit::append(w, webhook_row(std::string(request_id), "webhook_rejected", audit::outcome::failed)
                                 .with_request(boost::json::object{{"bytes", body.size()}})
                                 .with_error(problem)
                                 .correlated(std::string(request_id)));
        });
    } catch (const std::exception& e) {
        log.warn("webhook.audit_failed", {{"error", e.what()}});
    }
    co_return webhook_intake{webhook_intake::outcome::malformed, 0, std::move(problem)};
}

}  // namespace

boost::asio::awaitable<webhook_intake> take_webhook(db::database& database, const webhook_origins& origins,
                                                    const logger& log, std::string_view body,
                                                    std::string_view request_id) {
    auto payload = check(body);
    if (payload.problem)
        co_return co_await refuse_malformed(database, log, body, request_id, std::move(*payload.problem));

    std::string refusal;
    const bool allowed = clients::shipstation::resource_target(origins.api_origin, payload.resource_url,
                                                               origins.resource_origins, &refusal)
                             .has_value();
    const std::string foreign = refusal + "; it is not fetched";
    // A refused payload is kept for people to read, not whole: its size is the sender's choice.
    const auto keep = allowed ? std::string_view::npos : rejected_payload_bytes;
    const auto url =
        allowed ? payload.resource_url : db::webhook_inbox::truncated_text(payload.resource_url, 512);
    auto stored = co_await database.run([&](pqxx::work& w) {
        auto r = db::webhook_inbox::store(w, inbox_source, payload.resource_type, url, body,
                                          std::string(request_id), keep);
        if (r.duplicate) return r;  // the first delivery's row and audit stand
        boost::json::object summary{
            {"resource_type", payload.resource_type}, {"resource_url", url}, {"bytes", body.size()}};
        if (allowed) {
            queue_resource_fetch(w, r.id, request_id);
            audit::append(w, webhook_row(std::to_string(r.id), "webhook_received", audit::outcome::ok)
                                 .with_request(std::move(summary))
                                 .correlated(std::string(request_id)));
        } else {
            db::webhook_inbox::mark(w, r.id, db::webhook_inbox::inbox_state::rejected, foreign);
            audit::append(w, webhook_row(std::to_string(r.id), "webhook_rejected", audit::outcome::failed)
                                 .with_request(std::move(summary))
                                 .with_error(foreign)
                                 .correlated(std::string(request_id)));
        }
        return r;
    });
    if (!allowed) {
        log.warn("webhook.rejected", {{"reason", refusal}, {"inbox_id", stored.id}});
        co_return webhook_intake{webhook_intake::outcome::foreign_origin, stored.id, std::move(refusal)};
    }
    co_return webhook_intake{
        stored.duplicate ? webhook_intake::outcome::duplicate : webhook_intake::outcome::stored,
        stored.id,
        {}};
}

}  // namespace mlc::flows::shipments
