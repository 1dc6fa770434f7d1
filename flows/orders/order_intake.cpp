// Intake of one SAP order version: decide (decide_intake), then record the decision in the order link, the
// job queue and the audit log, in the caller's transaction.
#include "flows/orders/order_intake.hpp"

#include "clients/shipstation/order_key.hpp"
#include "common/json_fields.hpp"
#include "common/random_id.hpp"
#include "common/setting_parsers.hpp"
#include "db/audit_log.hpp"
#include "db/item_links.hpp"
#include "db/job_queue.hpp"
#include "db/order_links.hpp"
#include "db/sha256.hpp"
#include "flows/items/item_jobs.hpp"
#include "flows/orders/order_selection.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <vector>

namespace mlc::flows::orders {

namespace {

namespace audit = db::audit_log;
namespace links = db::order_links;

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

    // A row of this order's intake: what SAP showed is inbound, the connector's own decisions internal.
    void audit_row(audit::direction dir, std::string action, audit::outcome result,
                   std::optional<boost::json::value> request = {}, std::optional<std::string> error = {}) {
        auto e = order_row(id.doc_entry, dir, std::move(action), result).with_error(std::move(error));
        e.request_summary = std::move(request);
        rows.push_back(std::move(e.correlated(correlation_id)));
    }

    void queue(const queued_push& push, const orders_settings& settings) {
        db::job_queue::job_spec spec;
        spec.kind = push_job_kind;
        spec.dedupe_key = id.order_key;
        spec.payload = boost::json::value_from(push_order_job{
            id.company_db, id.doc_entry, id.doc_num, id.order_key, push.operation, push.hash, push.body});
        spec.max_attempts = settings.max_attempts;
        spec.correlation_id = correlation_id;
        auto queued = db::job_queue::enqueue(work, spec);
        links::set_queued(work, id.order_key, push.hash);
        // The whole body is kept with the decision: enough to see and replay exactly what was meant to go.
        boost::json::object summary{
            {"operation", push.operation}, {"hash", push.hash}, {"job_id", queued.id}, {"body", push.body}};
        audit_row(audit::direction::internal, push.operation == "cancel" ? "cancel_queued" : "mapped",
                  audit::outcome::ok, boost::json::value(std::move(summary)));
    }
};

// The order's items go to ShipStation under their SKUs: each item new to it (or under a new SKU) has its
// product aligned once ShipStation has made it from the order.
void note_items_sent(pqxx::work& work, const clients::sap::document& order, const intake_context& context) {
    const auto& company_db = context.settings.company_db;
    std::vector<std::string> fresh;
    for (const auto& line : order.lines) {
        if (!is_line_to_ship(line, context.settings.mapping.warehouses)) continue;
        auto found = context.items.find(line.item_code);
        const std::string& sku =
            found == context.items.end() || found->second.sku.empty() ? line.item_code : found->second.sku;
        if (db::item_links::note_sent(work, company_db, line.item_code, sku) &&
            std::find(fresh.begin(), fresh.end(), line.item_code) == fresh.end())
            fresh.push_back(line.item_code);
    }
    items::queue_alignments(work, company_db, fresh, "first order", context.alignment_delay);
}

// A new, changed or cancelled order moves SAP's Committed (open quantities): what is available to sell
// changed for its items, and no warehouse journal row says so.
void queue_stock_of(pqxx::work& work, const clients::sap::document& order, const intake_context& context) {
    std::vector<std::string> codes;
    for (const auto& line : order.lines)
        if (!line.item_code.empty() && std::find(codes.begin(), codes.end(), line.item_code) == codes.end())
            codes.push_back(line.item_code);
    items::queue_stock_syncs(work, context.settings.company_db, codes, "order");
}

}  // namespace

std::string sap_version_of(const clients::sap::document& order) {
    return date_text(order.update_date) + " " + time_text(order.update_time);
}

std::string raw_hash(const clients::sap::document& order) {
    return db::sha256_hex(boost::json::serialize(order.raw));
}

std::string new_order_key(const clients::sap::document& order, const orders_settings& settings) {
    return clients::shipstation::make_order_key(settings.company_db, order.doc_num, order.doc_entry);
}

intake_facts intake_facts_of(const clients::sap::document& order, std::optional<links::order_link> before,
                             const std::string& new_key, const std::optional<partner_info>& partner,
                             const intake_context& context) {
    const auto& settings = context.settings;
    intake_facts facts;
    facts.sap_version = sap_version_of(order);
    facts.sap_hash = raw_hash(order);
    facts.before = std::move(before);
    // Never a key recomputed for an order ShipStation already knows: a changed key would create a second
    // order.
    facts.order_key = facts.before ? facts.before->order_key : new_key;
    facts.order_number = order_number_of(order, settings.mapping);
    facts.selected = select_order(order, settings.filter);
    if (facts.selected.action == order_action::push)
        facts.mapped = map_order(order, facts.order_key, partner, context.shipping_type_names,
                                 settings.mapping, context.items);
    return facts;
}

intake_result take_in(pqxx::work& work, const clients::sap::document& order,
                      const std::optional<partner_info>& partner, const intake_context& context) {
    const auto& settings = context.settings;
    links::order_identity id{settings.company_db, order.doc_entry, order.doc_num,
                             new_order_key(order, settings)};
    const std::string correlation_id = random_id();
    auto before = links::note_version(work, id, sap_version_of(order), raw_hash(order), correlation_id);
    const auto facts = intake_facts_of(order, std::move(before), id.order_key, partner, context);
    id.order_key = facts.order_key;

    const auto decision = decide_intake(facts);
    if (decision.result == intake_result::already_seen) return decision.result;

    recorder rec{work, id, correlation_id};
    const auto series = json_fields::integer(order.raw, "Series");
    rec.audit_row(
        audit::direction::inbound, "seen", audit::outcome::info,
        boost::json::object{{"DocEntry", order.doc_entry},
                            {"DocNum", order.doc_num},
                            {"Series", series ? boost::json::value(*series) : boost::json::value(nullptr)},
                            {"CompanyDB", id.company_db},
                            {"version", facts.sap_version},
                            {"DocumentStatus", order.document_status},
                            {"Cancelled", order.cancelled}});
    if (decision.new_state) links::set_state(work, id.order_key, *decision.new_state, decision.state_reason);
    switch (decision.result) {
        case intake_result::queued:
            rec.queue(*decision.push, settings);
            if (context.align_products && decision.push->operation != "cancel")
                note_items_sent(work, order, context);
            if (context.sync_stock) queue_stock_of(work, order, context);
            break;
        case intake_result::refused:
            rec.audit_row(audit::direction::internal, "mapped", audit::outcome::failed, std::nullopt,
                          decision.reason);
            break;
        default:
            rec.audit_row(audit::direction::inbound, "skipped", audit::outcome::skipped, std::nullopt,
                          decision.reason);
            break;
    }
    return decision.result;
}

}  // namespace mlc::flows::orders
