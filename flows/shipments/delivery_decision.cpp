// The delivery writer's decisions, free of I/O.
#include "flows/shipments/delivery_decision.hpp"

#include <algorithm>

namespace mlc::flows::shipments {

namespace sap = clients::sap;

namespace {

// An in-doubt mark is searched for only once SAP has had time to finish the write it may still be doing:
// a search that runs while the lost POST is still committing would find nothing and post a second delivery.
std::optional<step_choice> wait_for_doubt(const delivery_facts& f) {
    if (!f.in_doubt_for || *f.in_doubt_for >= f.doubt_settle) return std::nullopt;
    return step_choice{delivery_step::wait, {}, f.doubt_settle - *f.in_doubt_for};
}

using db::shipment_links::order_update;

step_choice choose_for_void(const delivery_facts& f) {
    // Cancelled: only the order's status update can be left.
    if (f.cancelled)
        return {f.order_update == order_update::pending ? delivery_step::patch_order : delivery_step::nothing,
                {}};
    if (f.delivery_recorded) {
        if (!f.cancel_on_void) return {delivery_step::note_void, {}};
        if (auto w = wait_for_doubt(f)) return *w;  // a cancel in doubt
        return {delivery_step::cancel, {}};
    }
    if (f.in_doubt_for) {
        if (auto w = wait_for_doubt(f)) return *w;
        return {delivery_step::look_then_void, {}};
    }
    return {delivery_step::skip, "the label was voided before its delivery was written"};
}

// advancedOptions.storeId of an order body or a shipment, when it says.
std::optional<std::int64_t> store_of(const boost::json::value& v) {
    const auto* o = v.if_object();
    const auto* options = o ? o->if_contains("advancedOptions") : nullptr;
    const auto* store =
        options && options->is_object() ? options->get_object().if_contains("storeId") : nullptr;
    if (store && store->is_int64()) return store->get_int64();
    if (store && store->is_uint64()) return static_cast<std::int64_t>(store->get_uint64());
    return std::nullopt;
}

}  // namespace

step_choice choose_step(const delivery_facts& f) {
    if (!f.link_found) return {delivery_step::nothing, {}};
    if (f.voided) return choose_for_void(f);
    if (f.delivery_recorded) {
        // The delivery is the record: whatever runs now (a retry, a replay) only updates the order.
        if (f.order_update == order_update::pending) return {delivery_step::patch_order, {}};
        return {delivery_step::nothing, {}};
    }
    if (!f.order_known) return {delivery_step::skip, "not an order the connector sent to ShipStation"};
    if (f.order_conflict) return {delivery_step::refuse, *f.order_conflict};
    if (f.in_doubt_for) {
        if (auto w = wait_for_doubt(f)) return *w;
        return {delivery_step::look_then_post, {}};
    }
    return {delivery_step::post, {}};
}

std::optional<std::string> order_conflict(const db::shipment_links::shipment_link& shipment,
                                          const db::order_links::order_link& order) {
    if (shipment.shipstation_order_id && order.shipstation_order_id &&
        *shipment.shipstation_order_id != *order.shipstation_order_id)
        return "ShipStation names order " + std::to_string(*shipment.shipstation_order_id) +
               " for orderKey '" + order.order_key +
               "', but the connector's order with that key is ShipStation order " +
               std::to_string(*order.shipstation_order_id) + " (SAP DocNum " + std::to_string(order.doc_num) +
               "): not delivered against it";
    auto sent_store = order.sent_body ? store_of(*order.sent_body) : std::nullopt;
    auto shipment_store = store_of(shipment.payload);
    if (sent_store && shipment_store && *sent_store != *shipment_store)
        return "the shipment is from ShipStation store " + std::to_string(*shipment_store) + ", but order '" +
               order.order_key + "' (SAP DocNum " + std::to_string(order.doc_num) + ") was sent to store " +
               std::to_string(*sent_store) + ": not delivered against it";
    return std::nullopt;
}

bool calls_sap(delivery_step step) noexcept {
    switch (step) {
        case delivery_step::post:
        case delivery_step::look_then_post:
        case delivery_step::patch_order:
        case delivery_step::cancel:
        case delivery_step::look_then_void:
        case delivery_step::note_void:
            return true;
        case delivery_step::nothing:
        case delivery_step::skip:
        case delivery_step::refuse:
        case delivery_step::wait:
            return false;
    }
    return false;
}

std::string comments_token(const std::string& stamp) {
    return "[" + stamp + "]";
}

bool carries_stamp(const sap::document& doc, const sap::delivery_stamp& where) noexcept {
    if (where.value.empty()) return false;
    if (where.field == "Comments") return doc.comments.find(where.value) != std::string::npos;
    const auto* v = doc.raw.if_contains(where.field);
    return v && v->is_string() && v->get_string() == where.value;
}

bool based_on_order(const sap::document& doc, int order_doc_entry) noexcept {
    if (doc.lines.empty()) return false;
    return std::all_of(doc.lines.begin(), doc.lines.end(), [&](const sap::document_line& l) {
        return l.base_type == 17 && l.base_entry == order_doc_entry;
    });
}

std::optional<sap::document> ours(const std::vector<sap::document>& candidates,
                                  const sap::delivery_stamp& where, int order_doc_entry) {
    std::optional<sap::document> cancelled;
    for (const auto& d : candidates) {
        if (!carries_stamp(d, where) || !based_on_order(d, order_doc_entry)) continue;
        if (!d.cancelled) return d;
        if (!cancelled) cancelled = d;
    }
    return cancelled;
}

post_meaning meaning_of(const clients::outcome<sap::created_delivery>& answer) noexcept {
    if (answer) return answer->draft ? post_meaning::draft_waiting : post_meaning::delivered;
    switch (answer.error().kind) {
        case clients::error_kind::refused:
            return answer.error().code == "-2028" ? post_meaning::check_drafts : post_meaning::refused;
        case clients::error_kind::not_found:
            // -2028 on a POST comes back as 404 from some versions: the same two meanings.
            return post_meaning::check_drafts;
        case clients::error_kind::in_doubt:
            return post_meaning::in_doubt;
        case clients::error_kind::transport:
        case clients::error_kind::unauthorized:
        case clients::error_kind::session_lost:
        case clients::error_kind::unavailable:
        case clients::error_kind::rate_limited:  // ShipStation's kinds: SAP never gives them, and nothing
        case clients::error_kind::url_refused:   // was processed for either
            return post_meaning::not_posted;
        case clients::error_kind::bad_response:
            return post_meaning::in_doubt;
    }
    return post_meaning::in_doubt;
}

bool refused_by_sap(const clients::error& e) noexcept {
    return e.kind == clients::error_kind::refused;
}

}  // namespace mlc::flows::shipments
