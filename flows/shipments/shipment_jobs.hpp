// The shipments flow's jobs: fetching a webhook's resource, and writing one shipment back to SAP. Tracking
// work runs ahead of bulk order pushes.
#pragma once

#include "db/shipment_links.hpp"

#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>

#include <pqxx/transaction>

#include <cstdint>
#include <string_view>

namespace mlc::flows::shipments {

inline constexpr const char* fetch_job_kind = "fetch_shipstation_resource";
inline constexpr const char* deliver_job_kind = "deliver_shipment";
inline constexpr std::int16_t tracking_priority = 10;  // above the orders flow's 0

// Fetch the resource a stored webhook names (the inbox row `inbox_id`).
struct fetch_resource_job {
    std::int64_t inbox_id = 0;
};

// Write shipment or fulfillment `id` to SAP as a delivery (or handle its void).
struct deliver_shipment_job {
    db::shipment_links::link_kind kind = db::shipment_links::link_kind::shipment;
    std::int64_t id = 0;
};

// The payloads as stored ({"inbox_id":7}, {"kind":"shipment","id":12}). Throw std::bad_alloc only.
void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const fetch_resource_job& job);
void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const deliver_shipment_job& job);
// Read them back. Throw std::invalid_argument for another shape.
fetch_resource_job tag_invoke(boost::json::value_to_tag<fetch_resource_job>, const boost::json::value& v);
deliver_shipment_job tag_invoke(boost::json::value_to_tag<deliver_shipment_job>, const boost::json::value& v);

// Queues the fetch of inbox row `inbox_id`'s resource_url, in the transaction that stored the row. Throws
// pqxx exceptions.
void queue_resource_fetch(pqxx::work& work, std::int64_t inbox_id, std::string_view correlation_id);

}  // namespace mlc::flows::shipments
