// What one delivery job's verdict changes, decided before the transaction that records it (which may run
// twice): the shipment link, the job's end and the audit rows. Pure, so every outcome is unit-tested.
#pragma once

#include "db/audit_log.hpp"
#include "db/job_queue.hpp"
#include "db/order_links.hpp"
#include "db/shipment_links.hpp"
#include "flows/shipments/delivery_steps.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace mlc::flows::shipments {

struct settle_plan {
    enum class job_end {
        complete,  // handled
        retry,     // failed: again after `retry_delay` (dead once out of attempts)
        bury,      // a dead letter now
        postpone,  // not started: again after `retry_delay`, the attempt given back
        leave,     // another worker holds it now
    } job = job_end::complete;
    std::chrono::milliseconds retry_delay{0};
    std::string error;                                   // the job's last_error (retry, bury)
    std::optional<db::shipment_links::settlement> link;  // nullopt: the link is not touched
    // When a retry finds the job out of attempts: the link's state becomes dead with `error`, and the outcome
    // row (rows[outcome_row]) reads dead_lettered.
    bool dead_if_out_of_attempts = false;
    std::vector<db::audit_log::entry> rows;
    std::size_t outcome_row = 0;
    // Items whose stock moved (a delivery was posted): queued for a stock sync in the same transaction.
    std::vector<std::string> stock_items;
};

// The plan for `v`, the verdict of `job` on `link` (null when the link is gone) of sales order `order`
// (null when unknown); `retry_delay` is the backoff for this attempt. Never throws except std::bad_alloc.
settle_plan plan_settlement(const delivery_verdict& v, const db::job_queue::job& job,
                            const db::shipment_links::shipment_link* link,
                            const db::order_links::order_link* order, std::chrono::milliseconds retry_delay);

}  // namespace mlc::flows::shipments
