// Shipments and fulfillments as the shipments flow records them, from wherever they were read (a webhook's
// resource, or the reconciliation listing): recorded once, their delivery queued when new or newly voided.
#pragma once

#include "clients/shipstation/shipments.hpp"
#include "db/shipment_links.hpp"

#include <pqxx/transaction>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mlc::flows::shipments {

// The record of a shipment or fulfillment; shipDate's Pacific calendar date is kept. Throws std::bad_alloc.
db::shipment_links::received_record record_of(const clients::shipstation::shipment& s,
                                              const std::string& correlation);
db::shipment_links::received_record record_of(const clients::shipstation::fulfillment& f,
                                              const std::string& correlation);

struct recorded {
    std::size_t created = 0;    // first seen: their delivery was queued
    std::size_t new_voids = 0;  // known ones now voided: queued again for the void's handling
};

// Records each one (shipment_links::record) and queues a delivery job for the new ones and the newly voided
// ones, with one audit row each (`found_by` says how: "webhook", "reconciliation"). Throws pqxx exceptions.
recorded record_and_queue(pqxx::work& work, const std::vector<db::shipment_links::received_record>& records,
                          std::string_view found_by);

}  // namespace mlc::flows::shipments
