// Draft deliveries: what an approval procedure saves instead of posting, and their approval or rejection.
#pragma once

#include "tests/simulators/sap_b1/sl_error.hpp"
#include "tests/simulators/sap_b1/store.hpp"

#include <boost/json/object.hpp>

#include <optional>

namespace mlc::sim::sap {

// Saves a POST /DeliveryNotes body as a draft (DocObjectCode oDeliveryNotes, the body's header fields and
// lines as sent), after the checks SL makes before the approval procedure takes over (a known CardCode,
// lines). Returns the draft's DocEntry.
sl_result<int> create_delivery_draft(store& s, const boost::json::object& body, const sim_time& now);

// An approver accepts draft `entry`: the delivery is posted from it as create_delivery would (the same
// stamp in Comments or a UDF) and the draft goes. Returns the delivery's DocEntry, or why it failed.
sl_result<int> approve_draft(store& s, int entry, const sim_time& now);

// An approver rejects draft `entry`: it goes, nothing is posted.
std::optional<sl_error> reject_draft(store& s, int entry);

}  // namespace mlc::sim::sap
