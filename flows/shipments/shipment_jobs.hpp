// The shipments flow's jobs: fetching a webhook's resource, and writing one shipment back to SAP. Tracking
// work runs ahead of bulk order pushes.
#pragma once

#include <pqxx/transaction>

#include <cstdint>
#include <string_view>

namespace mlc::flows::shipments {

inline constexpr const char* fetch_job_kind = "fetch_shipstation_resource";
inline constexpr const char* deliver_job_kind = "deliver_shipment";
inline constexpr std::int16_t tracking_priority = 10;  // above the orders flow's 0
inline constexpr const char* audit_entity = "shipstation_shipment";

// Queues the fetch of inbox row `inbox_id`'s resource_url, in the transaction that stored the row. Throws
// pqxx exceptions.
void queue_resource_fetch(pqxx::work& work, std::int64_t inbox_id, std::string_view correlation_id);

}  // namespace mlc::flows::shipments
