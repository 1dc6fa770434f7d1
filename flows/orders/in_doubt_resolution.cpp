// What a claimed push does before it is sent, from the stored link and ShipStation's answer to the look-up.
#include "flows/orders/in_doubt_resolution.hpp"

namespace mlc::flows::orders {

namespace {

bool is_locked_status(std::string_view status) {
    return status == "shipped" || status == "cancelled";
}

}  // namespace

order_lookup lookup_before_push(const db::order_links::order_link& link,
                                std::string_view operation) noexcept {
    // An update or cancel goes only to an order that is still open: V1 locks shipped and cancelled orders,
    // and the change is then recorded as skipped rather than failed.
    if (link.shipstation_order_id && operation != "create") return order_lookup::by_order_id;
    // The last push's outcome is unknown: look before sending again.
    if (link.in_doubt_hash) return order_lookup::by_order_number;
    return order_lookup::none;
}

push_resolution resolve_push(const std::optional<db::order_links::order_link>& link,
                             std::string_view operation, std::string_view hash,
                             const boost::json::object& body, const lookup_answer& answer) {
    push_resolution r;
    if (!link) return r;
    using kind = lookup_answer::kind;
    if (answer.what == kind::failed) {
        r.verdict = push_verdict::failed;
        r.error = "looking the order up in ShipStation: " + answer.error;
        r.applied_unknown = true;
        return r;
    }
    if (answer.what != kind::found || !answer.order) {
        if (operation == "cancel" && !link->shipstation_order_id) {
            r.verdict = push_verdict::dropped;
            r.error = "cancelled in SAP; ShipStation never had the order, nothing to cancel";
        }
        return r;
    }
    const auto& found = *answer.order;
    r.order_id = found.order_id;
    r.order_status = found.order_status;
    const boost::json::object seen{{"orderId", found.order_id}, {"orderStatus", found.order_status}};
    if (is_locked_status(found.order_status)) {
        r.verdict = operation == "cancel" && found.order_status == "cancelled" ? push_verdict::sent
                                                                               : push_verdict::locked;
        r.response = seen;
    } else if (link->in_doubt_hash == hash && !link->shipstation_order_id) {
        r.verdict = push_verdict::confirmed;  // the in-doubt create landed: do not send it twice
        r.response = seen;
    } else if (operation == "cancel" && !body.contains("shipTo")) {
        // A cancel of an order whose create was never confirmed carries no body to resend: the order as
        // ShipStation has it goes back whole, with the status changed.
        r.body = found.raw;
        (*r.body)["orderStatus"] = "cancelled";
    }
    return r;
}

}  // namespace mlc::flows::orders
