// Before a claimed push is sent: which ShipStation look-up it needs, and what the answer means for it (send,
// confirmed, locked, ...), decided from the order link's stored state (pure: order_pusher does the I/O).
#pragma once

#include "clients/shipstation/orders.hpp"
#include "db/order_links.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mlc::flows::orders {

// What becomes of one push; pending: it is to be sent.
enum class push_verdict { pending, sent, confirmed, locked, dropped, failed };

enum class order_lookup {
    none,             // nothing to ask: send (or drop a cancel of an order ShipStation never had)
    by_order_id,      // an update or cancel of an order ShipStation has: is it still open there?
    by_order_number,  // the last push's outcome is unknown: did it land? (orderNumber, exact orderKey)
};

// The look-up a push of `operation` ("create", "update", "cancel") needs given its order's `link`. Never
// throws.
order_lookup lookup_before_push(const db::order_links::order_link& link, std::string_view operation) noexcept;

// What ShipStation answered to the look-up.
struct lookup_answer {
    enum class kind { not_asked, not_found, found, failed };
    kind what = kind::not_asked;
    std::optional<clients::shipstation::order> order;  // when found
    std::string error;                                 // when failed: what went wrong
};

struct push_resolution {
    push_verdict verdict = push_verdict::pending;
    // The order ShipStation has (when found): an update is sent with this orderId.
    std::optional<std::int64_t> order_id;
    std::string order_status;
    // A cancel whose body is the found order with orderStatus cancelled, in place of the job's body.
    std::optional<boost::json::object> body;
    std::optional<boost::json::value> response;  // for the audit row: the found order's id and status
    std::string error;                           // why failed or dropped
    bool applied_unknown = false;  // failed with the push's outcome still unknown: keep the mark
};

// Resolves the push of `operation` with body `body` (SHA-256 `hash`) for the order whose stored link is
// `link` (nullopt: none, send), given `answer`:
// - failed: failed, the outcome still unknown;
// - not found or not asked: a cancel of an order ShipStation never had (no orderId stored) is dropped,
// anything
//   else is sent;
// - found shipped or cancelled: locked, or sent when the push is a cancel and the order is cancelled already;
// - found open, the in-doubt mark is for this very body and no orderId was stored: confirmed (the lost create
//   landed, it is not sent again);
// - found open otherwise: sent with the found orderId; a cancel that carries no order (no shipTo) sends the
//   found order back with orderStatus cancelled.
// Throws std::bad_alloc only.
push_resolution resolve_push(const std::optional<db::order_links::order_link>& link,
                             std::string_view operation, std::string_view hash,
                             const boost::json::object& body, const lookup_answer& answer);

}  // namespace mlc::flows::orders
