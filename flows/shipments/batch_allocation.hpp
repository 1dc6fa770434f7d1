// Choosing the batches of a batch-managed item's delivery line by the configured rule (FIFO, FEFO, or none).
#pragma once

#include "clients/sap/batch_stock.hpp"
#include "clients/sap/documents.hpp"
#include "common/config.hpp"

#include <boost/system/result.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace mlc::flows::shipments {

// What one delivery line needs.
struct batch_need {
    std::string item_code;
    std::string warehouse_code;
    double quantity = 0;
};

// The batches for `need` under `rule` from `candidates` (the item's batches in the warehouse), on the
// company's date `today`. fifo takes the oldest admission first (batches without an admission date last, ties
// by batch number); fefo the earliest expiry first (batches that never expire after those that do, ties as
// fifo). Batches that expired before `today`, are not released, or have nothing available are passed over; a
// line takes as many batches as it needs, the last one in part. Returns the allocations, whose quantities add
// up to need.quantity, or why there are none: the rule is fail, or the usable batches hold less than needed
// (the reason names the item, warehouse, wanted and available quantity). Throws std::bad_alloc only.
boost::system::result<std::vector<clients::sap::batch_allocation>, std::string> allocate_batches(
    batch_rule rule, const batch_need& need, std::chrono::sys_days today,
    const std::vector<clients::sap::available_batch>& candidates);

}  // namespace mlc::flows::shipments
