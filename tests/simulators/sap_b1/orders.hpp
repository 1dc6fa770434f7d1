// Sales orders: creation, PATCH and the Close/Cancel/Reopen actions, with their effect on committed stock.
#pragma once

#include "tests/simulators/sap_b1/sl_error.hpp"
#include "tests/simulators/sap_b1/store.hpp"

#include <boost/json/object.hpp>

#include <optional>

namespace mlc::sim::sap {

// Creates an order from a Service Layer body: CardCode, DocumentLines (ItemCode, Quantity, optional
// Price/UnitPrice, WarehouseCode, U_ fields) and optional header fields. Series (default_order_series when
// absent) chooses the numbering series whose next number becomes the DocNum. The open quantity is committed
// in the line's warehouse; InStock does not change. Returns the DocEntry, or the error SL would answer with.
sl_result<int> create_order(store& s, const boost::json::object& body, const sim_time& now);

// Sets the next DocNum of numbering series `series` (as an administrator edits NNM1): the next order created
// in that series gets `next_number`, even when another series already used it. -1000 unless both are
// positive.
std::optional<sl_error> set_next_order_number(store& s, std::int64_t series, std::int64_t next_number);

// PATCH /Orders(entry): a differential update (lines merged by LineNum unless replace_collections). A line's
// Quantity cannot go below what was delivered; lines of a closed order cannot change. Bumps UpdateDate/Time.
std::optional<sl_error> patch_order(store& s, int entry, const boost::json::object& patch,
                                    bool replace_collections, const sim_time& now);

enum class order_action { close, cancel, reopen };

// POST /Orders(entry)/Close|Cancel|Reopen. Cancel refuses an order that was (partly) delivered.
std::optional<sl_error> apply_order_action(store& s, int entry, order_action action, const sim_time& now);

}  // namespace mlc::sim::sap
