// The SAP side of one delivery job, step by step: write the delivery (or find the one an earlier attempt
// wrote) and patch the sales order, or cancel a delivery whose label was voided. The delivery writer claims the
// jobs, chooses the step, and settles and audits what the step reports.
#pragma once

#include "clients/sap/client.hpp"
#include "db/order_links.hpp"
#include "db/shipment_links.hpp"
#include "flows/shipments/delivery_writer.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mlc::flows::shipments {

// What became of one job.
struct delivery_verdict {
    enum class kind { delivered, found, skipped, cancelled, failed, dead, done } what = kind::done;
    std::string reason;
    std::optional<int> doc_entry, doc_num;
    bool delivery_exists = false;  // failed after the delivery was written (the order PATCH): link it anyway
    std::string action;            // the audit row's action ("" for none)
    boost::json::object summary;
    // Steps on the way, audited around the outcome: shipment_mapped before it, order_patched after it.
    std::vector<std::pair<std::string, boost::json::object>> before, after;
};

// Writes the delivery of `link` based on its sales order, or finds the one an earlier attempt (`attempts` > 1)
// wrote, then patches the order. Throws std::bad_alloc, and the client's shutdown error.
boost::asio::awaitable<delivery_verdict> write_delivery(clients::sap::client& sap_client,
                                                        const delivery_settings& settings,
                                                        const db::shipment_links::shipment_link& link,
                                                        const db::order_links::order_link& order_link,
                                                        const std::string& stamp, int attempts);

// Cancels the delivery of `link`, whose label was voided after it (MLC_VOID_POLICY=cancel); a cancel whose
// answer was lost is found on the stamped deliveries first. Throws std::bad_alloc, and the client's shutdown
// error.
boost::asio::awaitable<delivery_verdict> cancel_after_void(clients::sap::client& sap_client,
                                                           const delivery_settings& settings,
                                                           const db::shipment_links::shipment_link& link,
                                                           const std::string& stamp, int attempts);

// After a void was handled (`v` cancelled or void_noted): the order's status UDF, when configured; a failure
// turns `v` into failed (the retry finds a cancel already made). Throws std::bad_alloc, and the client's
// shutdown error.
boost::asio::awaitable<void> note_void_on_order(clients::sap::client& sap_client, const delivery_settings& settings,
                                                int order_doc_entry, delivery_verdict& v);

}  // namespace mlc::flows::shipments
