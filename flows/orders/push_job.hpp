// The orders flow's job: one push of an order to ShipStation, queued by the intake, read by the pushers.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace mlc::flows::orders {

inline constexpr const char* push_job_kind = "push_shipstation_order";

struct push_order_job {
    std::string company_db;
    int doc_entry = 0;
    int doc_num = 0;
    std::string order_key;     // the ShipStation orderKey: the job's dedupe key too
    std::string operation;     // "create" (createorders upsert) or "cancel"
    std::string hash;          // of the body, recorded as sent once ShipStation has it
    boost::json::object body;  // the createorders element, whole
};

// The payload as stored. Throws std::bad_alloc only.
void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const push_order_job& job);

// Reads a payload: order_key, operation, hash (non-empty strings) and body (an object) are required; the
// SAP identity may be missing (payloads queued before it was added read as 0 and ""). Throws
// std::invalid_argument naming what is missing.
push_order_job tag_invoke(boost::json::value_to_tag<push_order_job>, const boost::json::value& v);

// The createorders element the pusher sends for `body`: with orderId when ShipStation has the order
// (`order_id`: an update then never creates a second record, as ShipStation's docs recommend). Throws
// std::bad_alloc only.
boost::json::object body_as_sent(boost::json::object body, std::optional<std::int64_t> order_id);

}  // namespace mlc::flows::orders
