// What one new SAP version of an order means for ShipStation, decided from the order's stored link and what
// the selection and the mapping made of that version (pure: order_intake records the decision).
#pragma once

#include "db/order_links.hpp"
#include "flows/orders/order_mapping.hpp"
#include "flows/orders/order_selection.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <variant>

namespace mlc::flows::orders {

enum class intake_result {
    already_seen,  // this version was processed before (overlapping poll windows)
    unchanged,     // a new SAP version whose mapped content ShipStation already has or will get
    queued,        // a push (create, update or cancel) was queued
    refused,       // data ShipStation would refuse: recorded, retried when the order changes
    ignored,       // not for ShipStation (closed, filtered out, cancelled before it was sent)
    locked,        // shipped or cancelled in ShipStation: the change is recorded as skipped
};

// What the intake knows about one version of an order.
struct intake_facts {
    std::optional<db::order_links::order_link>
        before;               // the link as stored before this version; nullopt: new
    std::string sap_version;  // sap_version_of(order)
    std::string sap_hash;     // raw_hash(order)
    selection selected;       // select_order(order, filter)
    // map_order(order, ...): needed when selected.action is push, ignored otherwise.
    std::optional<std::variant<mapped_order, mapping_refusal>> mapped;
    // The order's orderKey and orderNumber: a cancel of an order ShipStation may have but never confirmed
    // carries only these.
    std::string order_key, order_number;
};

// A push to queue.
struct queued_push {
    std::string operation;  // "create", "update" or "cancel"
    boost::json::object body;
    std::string hash;  // body_hash(body)
};

struct intake_decision {
    intake_result result = intake_result::already_seen;
    // The audit row's reason: why skipped (unchanged, ignored, locked) or refused; empty otherwise.
    std::string reason;
    // A new state for the link besides a queued push's (which sets queued itself), with its reason (nullopt
    // clears it); nullopt: the state stays.
    std::optional<db::order_links::link_state> new_state;
    std::optional<std::string> state_reason;
    std::optional<queued_push> push;  // set exactly when result is queued
};

// Decides about one order version. already_seen when `before` holds the same version and hash. Otherwise,
// with "locked" meaning the link is shipped or cancelled in ShipStation:
// - ignore: locked stays locked; else ignored (the link becomes ignored unless ShipStation has or may have
//   the order);
// - cancel: locked stays locked; an order ShipStation never had is ignored; the same cancel already queued is
//   unchanged; else a cancel is queued (the body ShipStation last accepted with orderStatus cancelled, or
//   only orderKey, orderNumber and the status when none was accepted);
// - push: a refused mapping is refused (link refused, even when locked); locked stays locked; a body with the
//   hash last queued is unchanged (a link still seen becomes queued); else a create, or an update when
//   ShipStation has accepted the order before.
// Throws std::invalid_argument when a push comes without `mapped`, std::bad_alloc, std::runtime_error from
// OpenSSL.
intake_decision decide_intake(const intake_facts& facts);

// SHA-256 (hex) of the body as it will be sent. Throws std::bad_alloc, std::runtime_error from OpenSSL.
std::string body_hash(const boost::json::object& body);

}  // namespace mlc::flows::orders
