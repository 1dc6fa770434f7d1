// Batches and serial numbers for the lines of a delivery whose items SAP manages by batch or serial number.
#pragma once

#include "clients/sap/client.hpp"
#include "clients/sap/stored_query.hpp"
#include "common/config.hpp"
#include "flows/shipments/delivery_lines.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace mlc::flows::shipments {

struct allocation_outcome {
    enum class kind {
        allocated,  // every line has what SAP needs (lines of other items are left as they were)
        refused,    // a line cannot get it: a person must look (the shipment becomes a dead letter)
        failed,     // reading from SAP failed: try again later
    } what = kind::allocated;
    std::string reason;  // why, for refused and failed
};

// Reads the management flags of the lines' items (one request for all of them); gives each line of a
// batch-managed item batches chosen by `rule` on the company's date `today` from the batches available in the
// line's warehouse (read once per item and warehouse, so that two lines never take the same stock), and each
// line of a serial-managed item the serial numbers in its shipment items' options named in `serial_options`.
// `batch_query` says whether a missing batch stock query may be created. Throws std::bad_alloc only.
boost::asio::awaitable<allocation_outcome> allocate_lines(
    clients::sap::client& sap, batch_rule rule, const std::vector<std::string>& serial_options,
    std::chrono::sys_days today, std::vector<delivery_line>& lines,
    clients::sap::missing_query batch_query = clients::sap::missing_query::create);

}  // namespace mlc::flows::shipments
