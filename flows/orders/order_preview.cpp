// A preview of what the orders flow would send for an SAP order: the intake's facts and decision, unrecorded.
#include "flows/orders/order_preview.hpp"

#include "clients/sap/orders.hpp"
#include "db/order_links.hpp"
#include "flows/orders/intake_decision.hpp"
#include "flows/orders/order_inputs.hpp"
#include "flows/orders/order_intake.hpp"
#include "flows/orders/push_job.hpp"

#include <variant>

namespace mlc::flows::orders {

namespace {

namespace sap = clients::sap;
namespace links = db::order_links;

// The mapping's body, or nullopt when the order was not mapped or the mapping refused it.
const boost::json::object* mapped_body(const intake_facts& f) {
    if (!f.mapped) return nullptr;
    const auto* m = std::get_if<mapped_order>(&*f.mapped);
    return m ? &m->body : nullptr;
}

// Reads the decision about the order's current version for a person. A version the flow has processed
// already is decided again as if it were new: the answer then says what the current settings make of it,
// which is sent only when SAP changes the order (or on a replay).
order_preview preview_of(const sap::document& order, const intake_facts& facts) {
    order_preview p;
    p.doc_entry = order.doc_entry;
    p.doc_num = order.doc_num;
    if (facts.before) p.link_state = std::string(links::to_string(facts.before->state));
    auto decision = decide_intake(facts);
    const bool processed = decision.result == intake_result::already_seen;
    if (processed) {
        auto again = facts;
        again.before->sap_version.reset();
        decision = decide_intake(again);
    }
    const auto* mapped = mapped_body(facts);
    const auto order_id = facts.before ? facts.before->shipstation_order_id : std::nullopt;
    if (decision.push)
        p.body = body_as_sent(decision.push->body, order_id);
    else if (mapped)
        p.body = body_as_sent(*mapped, order_id);
    if (facts.before && facts.before->sent_hash && (decision.push || mapped))
        p.same_as_sent =
            *facts.before->sent_hash == (decision.push ? decision.push->hash : body_hash(*mapped));
    if (decision.result == intake_result::queued && !processed) {
        p.would_send = true;
        p.operation = decision.push->operation;
        p.reason = "a poll now queues this " + p.operation + " for ShipStation";
        return p;
    }
    if (decision.result == intake_result::queued)
        p.reason =
            "this version of the order was processed already, but the current settings map it to "
            "another body than the one queued or sent: it goes when the order next changes in SAP "
            "(or on a replay)";
    else if (decision.result == intake_result::unchanged)
        p.reason = "unchanged since the last push: ShipStation has (or a queued push gives it) this body";
    else
        p.reason = decision.reason;
    return p;
}

}  // namespace

boost::json::object to_json(const order_preview& p) {
    return boost::json::object{
        {"doc_entry", p.doc_entry},
        {"doc_num", p.doc_num},
        {"would_send", p.would_send},
        {"operation", p.operation.empty() ? boost::json::value(nullptr) : boost::json::value(p.operation)},
        {"body", p.body ? boost::json::value(*p.body) : boost::json::value(nullptr)},
        {"reason", p.reason},
        {"link_state", p.link_state ? boost::json::value(*p.link_state) : boost::json::value(nullptr)},
        {"same_as_sent", p.same_as_sent}};
}

order_previewer::order_previewer(db::database& database, sap::client& sap, const orders_settings& settings,
                                 items::item_reader& items)
    : db_(database), sap_(sap), settings_(settings), items_(items) {}

boost::asio::awaitable<boost::system::result<std::vector<order_preview>, std::string>>
order_previewer::preview(int doc_num, std::optional<int> doc_entry) {
    std::vector<sap::document> orders;
    if (doc_entry) {
        auto one = co_await sap::get_order(sap_, *doc_entry);
        if (!one && one.error().kind != clients::error_kind::not_found)
            co_return "SAP Orders: " + one.error().describe();
        if (one) orders.push_back(std::move(*one));
    } else {
        auto found = co_await sap::orders_by_doc_num(sap_, doc_num);
        if (!found) co_return "SAP Orders: " + found.error().describe();
        orders = std::move(*found);
    }
    std::vector<order_preview> out;
    if (orders.empty()) co_return out;
    std::vector<const sap::document*> all;
    for (const auto& o : orders) all.push_back(&o);
    auto names = co_await shipping_type_names(sap_);
    if (!names) co_return "SAP ShippingTypes: " + names.error().describe();
    partner_cache partners;
    if (auto failed = co_await look_up_partners(sap_, all, partners)) co_return std::move(*failed);
    auto items = co_await look_up_items(items_, all);
    if (!items) co_return "SAP Items: " + items.error().describe();
    const intake_context context{settings_, *names, *items};
    for (const auto& order : orders) {
        auto before = co_await db_.run(
            [&](pqxx::work& w) { return links::find(w, settings_.company_db, order.doc_entry); });
        auto facts = intake_facts_of(order, std::move(before), new_order_key(order, settings_),
                                     partners.at(order.card_code), context);
        out.push_back(preview_of(order, facts));
    }
    co_return out;
}

}  // namespace mlc::flows::orders
