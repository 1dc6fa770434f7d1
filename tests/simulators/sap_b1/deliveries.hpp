// Deliveries (DeliveryNotes) copied from sales orders, with SAP's validations, stock effects and
// cancellation.
#pragma once

#include "tests/simulators/sap_b1/sl_error.hpp"
#include "tests/simulators/sap_b1/store.hpp"

#include <boost/json/object.hpp>

#include <optional>

namespace mlc::sim::sap {

// POST /DeliveryNotes. Lines copy from an order with BaseType 17, BaseEntry, BaseLine (ItemCode, price and
// warehouse are inherited, Quantity defaults to the open quantity) or name an ItemCode. Refused when the
// CardCode differs from the order's (-10), the base line or order is closed or cancelled (-10), the quantity
// exceeds the open quantity (-5002), a batch-managed item lacks BatchNumbers adding up to the quantity
// from batches in stock (-10), a serial-managed item lacks SerialNumbers (-10), or stock would go negative
// (-10). On success the order lines' RemainingOpenQuantity drops (lines and header close when nothing is
// left), InStock and Committed drop, batch stock drops. Returns the new DocEntry.
sl_result<int> create_delivery(store& s, const boost::json::object& body, const sim_time& now);

// POST /DeliveryNotes(entry)/Cancel: stock and batches come back, the order lines reopen, the delivery is
// marked cancelled and a cancellation document (CancelStatus csCancellation) is added, as B1 does.
std::optional<sl_error> cancel_delivery(store& s, int entry, const sim_time& now);

// PATCH /DeliveryNotes(entry): header fields only (TrackingNumber, Comments, U_ fields...); the lines of a
// posted delivery cannot change (-5002).
std::optional<sl_error> patch_delivery(store& s, int entry, const boost::json::object& patch,
                                       const sim_time& now);

}  // namespace mlc::sim::sap
