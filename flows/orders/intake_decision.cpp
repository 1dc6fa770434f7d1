// The intake's decision about one order version, from the stored link, the selection and the mapping.
#include "flows/orders/intake_decision.hpp"

#include "db/sha256.hpp"

#include <boost/json/serialize.hpp>

#include <stdexcept>

namespace mlc::flows::orders {

namespace {

namespace links = db::order_links;
using links::link_state;

// States in which ShipStation has (or may have, once a queued push lands) the order.
bool known_to_shipstation(const links::order_link& link) {
    return link.shipstation_order_id.has_value() || link.in_doubt_hash.has_value() ||
           link.state == link_state::queued || link.state == link_state::failed ||
           link.state == link_state::dead;
}

bool is_locked(const std::optional<links::order_link>& link) {
    return link && (link->state == link_state::shipped || link->state == link_state::cancelled);
}

// The body that cancels an order ShipStation has: what it last accepted, with the status changed (V1 has no
// partial update, so a cancel sends the whole order).
std::optional<boost::json::object> cancel_body(const links::order_link& link) {
    if (!link.sent_body || !link.sent_body->is_object()) return std::nullopt;
    auto body = link.sent_body->get_object();
    body["orderStatus"] = "cancelled";
    return body;
}

intake_decision decided(intake_result result, std::string reason) {
    intake_decision d;
    d.result = result;
    d.reason = std::move(reason);
    return d;
}

// Skipped as not for ShipStation: the link records why, unless ShipStation has (or may have) the order, whose
// state then stays what it is.
intake_decision ignored(const std::optional<links::order_link>& before, std::string reason) {
    auto d = decided(intake_result::ignored, std::move(reason));
    if (!before || !known_to_shipstation(*before)) {
        d.new_state = link_state::ignored;
        d.state_reason = d.reason;
    }
    return d;
}

intake_decision queued(std::string operation, boost::json::object body) {
    intake_decision d;
    d.result = intake_result::queued;
    auto hash = body_hash(body);
    d.push = queued_push{std::move(operation), std::move(body), std::move(hash)};
    return d;
}

std::string state_name(const links::order_link& link) {
    return std::string(links::to_string(link.state));
}

intake_decision decide_cancel(const intake_facts& f) {
    const auto& before = f.before;
    if (is_locked(before))
        return decided(intake_result::locked, "cancelled in SAP, but the order is already " +
                                                  state_name(*before) + " in ShipStation");
    if (!before || !known_to_shipstation(*before))
        return ignored(before, "cancelled in SAP before it was sent to ShipStation");
    auto body = cancel_body(*before);
    if (!body) {
        // Queued or in doubt but never confirmed: the pusher decides once it knows whether ShipStation has
        // the order (it looks the order up first).
        body = boost::json::object{
            {"orderKey", f.order_key}, {"orderNumber", f.order_number}, {"orderStatus", "cancelled"}};
    }
    if (before->queued_hash == body_hash(*body))
        return decided(intake_result::unchanged, "the cancellation is already queued or sent");
    return queued("cancel", std::move(*body));
}

intake_decision decide_push(const intake_facts& f) {
    const auto& before = f.before;
    if (!f.mapped) throw std::invalid_argument("decide_intake: a push needs the order's mapping");
    if (const auto* refusal = std::get_if<mapping_refusal>(&*f.mapped)) {
        auto d = decided(intake_result::refused,
                         refusal->reason + " (the order is sent once it is corrected in SAP)");
        d.new_state = link_state::refused;
        d.state_reason = refusal->reason;
        return d;
    }
    const auto& body = std::get<mapped_order>(*f.mapped).body;
    if (is_locked(before))
        return decided(intake_result::locked, "changed in SAP, but the order is already " +
                                                  state_name(*before) +
                                                  " in ShipStation; the change is not sent");
    if (before && before->queued_hash == body_hash(body) && before->state != link_state::refused &&
        before->state != link_state::ignored) {
        auto d = decided(intake_result::unchanged, "changed in SAP, but not in what is sent to ShipStation");
        if (before->state == link_state::seen) d.new_state = link_state::queued;
        return d;
    }
    const bool exists = before && (before->shipstation_order_id || before->sent_hash);
    return queued(exists ? "update" : "create", body);
}

}  // namespace

std::string body_hash(const boost::json::object& body) {
    return db::sha256_hex(boost::json::serialize(body));
}

intake_decision decide_intake(const intake_facts& f) {
    // The same version read again (overlapping windows, or another poller just took it) changes nothing.
    if (f.before && f.before->sap_version == f.sap_version && f.before->sap_hash == f.sap_hash)
        return decided(intake_result::already_seen, "");
    switch (f.selected.action) {
        case order_action::ignore:
            if (is_locked(f.before))
                return decided(intake_result::locked, f.selected.reason + "; the order is " +
                                                          state_name(*f.before) + " in ShipStation");
            return ignored(f.before, f.selected.reason);
        case order_action::cancel:
            return decide_cancel(f);
        case order_action::push:
            break;
    }
    return decide_push(f);
}

}  // namespace mlc::flows::orders
