// Intake of one SAP order version: decide, then record the decision in the order link, the job queue and the
// audit log, in the caller's transaction.
#include "flows/orders/order_intake.hpp"

#include "clients/shipstation/order_key.hpp"
#include "common/random_id.hpp"
#include "common/setting_parsers.hpp"
#include "db/audit_log.hpp"
#include "db/job_queue.hpp"
#include "db/order_links.hpp"
#include "db/sha256.hpp"
#include "flows/orders/order_selection.hpp"

#include <boost/json/serialize.hpp>

#include <cstdio>
#include <exception>
#include <vector>

namespace mlc::flows::orders {

namespace {

namespace audit = db::audit_log;
namespace links = db::order_links;
using links::link_state;

std::string date_text(const std::optional<std::chrono::sys_days>& day) {
    return day ? format_date(*day) : std::string();
}

std::string time_text(const std::optional<std::chrono::seconds>& t) {
    if (!t) return "";
    auto s = t->count() % 86400;  // a time of day
    char text[32];
    std::snprintf(text, sizeof text, "%02lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
    return text;
}

// States in which ShipStation has (or may have, once a queued push lands) the order.
bool known_to_shipstation(const links::order_link& link) {
    return link.shipstation_order_id.has_value() || link.in_doubt_hash.has_value() ||
           link.state == link_state::queued || link.state == link_state::failed ||
           link.state == link_state::dead;
}

// The body that cancels an order ShipStation has: what it last accepted, with the status changed (V1 has no
// partial update, so a cancel sends the whole order).
std::optional<boost::json::object> cancel_body(const links::order_link& link) {
    if (!link.sent_body || !link.sent_body->is_object()) return std::nullopt;
    auto body = link.sent_body->get_object();
    body["orderStatus"] = "cancelled";
    return body;
}

// Collects the audit rows of one intake and writes them in one statement when it goes out of scope (the
// transaction commits them with the decision, or rolls both back).
struct recorder {
    pqxx::work& work;
    const links::order_identity& id;
    const std::string& correlation_id;
    std::vector<audit::entry> rows{};

    recorder(pqxx::work& w, const links::order_identity& order, const std::string& correlation)
        : work(w), id(order), correlation_id(correlation) {}
    recorder(const recorder&) = delete;
    recorder& operator=(const recorder&) = delete;
    ~recorder() noexcept(false) {
        if (std::uncaught_exceptions() == 0) audit::append_all(work, rows);
    }

    void audit_row(std::string_view action, audit::outcome result, std::optional<boost::json::value> request = {},
                   std::optional<std::string> error = {}) {
        audit::entry e;
        e.dir = audit::direction::inbound;
        if (action == "mapped" || action == "cancel_queued") e.dir = audit::direction::internal;
        e.entity_type = audit_entity;
        e.entity_key = std::to_string(id.doc_num);
        e.action = std::string(action);
        e.result = result;
        e.request_summary = std::move(request);
        e.error = std::move(error);
        e.correlation_id = correlation_id;
        rows.push_back(std::move(e));
    }

    void skip(link_state state_if_unsent, const std::optional<links::order_link>& before,
              const std::string& reason) {
        if (!before || !known_to_shipstation(*before)) links::set_state(work, id.order_key, state_if_unsent, reason);
        audit_row("skipped", audit::outcome::skipped, std::nullopt, reason);
    }

    void queue(std::string_view operation, const boost::json::object& body, const std::string& hash,
               const orders_settings& settings) {
        db::job_queue::job_spec spec;
        spec.kind = push_job_kind;
        spec.dedupe_key = id.order_key;
        spec.payload = boost::json::object{{"company_db", id.company_db},
                                           {"doc_entry", id.doc_entry},
                                           {"doc_num", id.doc_num},
                                           {"order_key", id.order_key},
                                           {"operation", operation},
                                           {"hash", hash},
                                           {"body", body}};
        spec.max_attempts = settings.max_attempts;
        spec.correlation_id = correlation_id;
        auto queued = db::job_queue::enqueue(work, spec);
        links::set_queued(work, id.order_key, hash);
        // The whole body is kept with the decision: enough to see and replay exactly what was meant to go.
        boost::json::object summary{{"operation", operation}, {"hash", hash}, {"job_id", queued.id},
                                    {"body", body}};
        audit_row(operation == "cancel" ? "cancel_queued" : "mapped", audit::outcome::ok,
                  boost::json::value(std::move(summary)));
    }
};

}  // namespace

std::string sap_version_of(const clients::sap::document& order) {
    return date_text(order.update_date) + " " + time_text(order.update_time);
}

std::string raw_hash(const clients::sap::document& order) {
    return db::sha256_hex(boost::json::serialize(order.raw));
}

std::string body_hash(const boost::json::object& body) {
    return db::sha256_hex(boost::json::serialize(body));
}

intake_result take_in(pqxx::work& work, const clients::sap::document& order,
                      const std::optional<partner_info>& partner, const intake_context& context) {
    const auto& settings = context.settings;
    links::order_identity id{settings.company_db, order.doc_entry, order.doc_num,
                             clients::shipstation::make_order_key(settings.company_db, order.doc_num)};
    const std::string version = sap_version_of(order);
    const std::string sap_hash = raw_hash(order);

    const std::string correlation_id = random_id();
    auto before = links::note_version(work, id, version, sap_hash, correlation_id);
    // The same version read again (overlapping windows, or another poller just took it) changes nothing.
    if (before && before->sap_version == version && before->sap_hash == sap_hash)
        return intake_result::already_seen;

    recorder rec{work, id, correlation_id};
    rec.audit_row("seen", audit::outcome::info,
                  boost::json::object{{"DocEntry", order.doc_entry},
                                      {"DocNum", order.doc_num},
                                      {"CompanyDB", id.company_db},
                                      {"version", version},
                                      {"DocumentStatus", order.document_status},
                                      {"Cancelled", order.cancelled}});

    const bool locked = before && (before->state == link_state::shipped || before->state == link_state::cancelled);
    auto selected = select_order(order, settings.filter);

    if (selected.action == order_action::ignore) {
        if (locked) {
            rec.audit_row("skipped", audit::outcome::skipped, std::nullopt,
                          selected.reason + "; the order is " + std::string(links::to_string(before->state)) +
                              " in ShipStation");
            return intake_result::locked;
        }
        rec.skip(link_state::ignored, before, selected.reason);
        return intake_result::ignored;
    }

    if (selected.action == order_action::cancel) {
        if (locked) {
            rec.audit_row("skipped", audit::outcome::skipped, std::nullopt,
                          "cancelled in SAP, but the order is already " +
                              std::string(links::to_string(before->state)) + " in ShipStation");
            return intake_result::locked;
        }
        if (!before || !known_to_shipstation(*before)) {
            rec.skip(link_state::ignored, before, "cancelled in SAP before it was sent to ShipStation");
            return intake_result::ignored;
        }
        auto body = cancel_body(*before);
        if (!body) {
            // Queued or in doubt but never confirmed: the pusher decides once it knows whether ShipStation
            // has the order (it looks the order up first).
            body = boost::json::object{{"orderKey", id.order_key}, {"orderNumber", std::to_string(id.doc_num)},
                                       {"orderStatus", "cancelled"}};
        }
        auto hash = body_hash(*body);
        if (before->queued_hash == hash) {
            rec.audit_row("skipped", audit::outcome::skipped, std::nullopt, "the cancellation is already queued or sent");
            return intake_result::unchanged;
        }
        rec.queue("cancel", *body, hash, settings);
        return intake_result::queued;
    }

    auto mapped = map_order(order, partner, context.shipping_type_names, settings.mapping);
    if (auto* refusal = std::get_if<mapping_refusal>(&mapped)) {
        links::set_state(work, id.order_key, link_state::refused, refusal->reason);
        rec.audit_row("mapped", audit::outcome::failed, std::nullopt,
                      refusal->reason + " (the order is sent once it is corrected in SAP)");
        return intake_result::refused;
    }
    const auto& body = std::get<mapped_order>(mapped).body;
    if (locked) {
        rec.audit_row("skipped", audit::outcome::skipped, std::nullopt,
                      "changed in SAP, but the order is already " + std::string(links::to_string(before->state)) +
                          " in ShipStation; the change is not sent");
        return intake_result::locked;
    }
    auto hash = body_hash(body);
    if (before && before->queued_hash == hash && before->state != link_state::refused &&
        before->state != link_state::ignored) {
        rec.audit_row("skipped", audit::outcome::skipped, std::nullopt,
                      "changed in SAP, but not in what is sent to ShipStation");
        if (before->state == link_state::seen) links::set_state(work, id.order_key, link_state::queued, std::nullopt);
        return intake_result::unchanged;
    }
    bool exists = before && (before->shipstation_order_id || before->sent_hash);
    rec.queue(exists ? "update" : "create", body, hash, settings);
    return intake_result::queued;
}

}  // namespace mlc::flows::orders
