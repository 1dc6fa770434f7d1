// The SAP side of one delivery job, for the step delivery_decision chose: search by the stamp, post the
// delivery, update the sales order, cancel after a void. The delivery writer claims the jobs, guards each SAP
// call (lease, in-doubt mark), and settles and audits what the step reports.
#pragma once

#include "clients/sap/client.hpp"
#include "clients/sap/delivery_request.hpp"
#include "clients/sap/documents.hpp"
#include "db/order_links.hpp"
#include "db/shipment_links.hpp"
#include "flows/shipments/delivery_decision.hpp"
#include "flows/shipments/delivery_writer.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mlc::flows::shipments {

// What became of one job: everything the writer records, decided before its transaction (which may run
// twice), so that settling has no effect outside the database.
// A step on the way to a verdict, audited around its outcome row under its own action.
enum class side_step {
    shipment_mapped,       // before the POST: the base order and the lines
    order_patched,         // after: the sales order's fields written
    order_update_refused,  // after: SAP refused the order's PATCH (business rules); kept for a replay
    order_update_failed,   // after: the order's PATCH failed otherwise; retried
};

// The audit action of `s` ("order_patched"). Never throws.
std::string_view audit_action(side_step s) noexcept;

// Whether `s` records a failure (its audit row reads failed). Never throws.
bool is_failure(side_step s) noexcept;

struct delivery_verdict {
    enum class kind {
        delivered,      // posted now
        found,          // an earlier attempt's delivery, found by its stamp
        order_updated,  // only the sales order's update ran (the delivery existed)
        skipped,        // nothing to deliver
        cancelled,      // the delivery was cancelled after a void
        void_noted,     // voided after its delivery, which stays (MLC_VOID_POLICY=flag)
        failed,         // retried later
        dead,           // needs a person
        nothing_to_do,  // already handled, or no link
        postponed,  // not started (the order is busy, an in-doubt mark too young): again after retry_after
        lost,       // another worker took the job over: leave it alone
    } what = kind::nothing_to_do;
    std::string action;  // the audit row's action ("" for none)
    std::string reason;
    std::optional<int> doc_entry, doc_num;  // the delivery this run found or created (recorded on the link)
    // What this run left the order's update at (nullopt: unchanged), with SAP's refusal or the failure.
    std::optional<db::shipment_links::order_update> order_update;
    std::optional<std::string> order_update_error;
    bool keep_in_doubt = false;  // a document may exist that no answer confirmed: the mark stays
    std::chrono::milliseconds retry_after{0};  // postponed
    std::vector<std::string> item_codes;       // delivered: the items whose stock the delivery moved
    boost::json::object summary;
    // Steps on the way, audited around the outcome: shipment_mapped before it, order_patched and
    // order_update_refused after it.
    std::vector<std::pair<side_step, boost::json::object>> before, after;
};

// The writer's hooks around each SAP call. Each returns false when the job is no longer this worker's (its
// lease ran out and another worker took it): the step then stops before the call, as `lost`.
struct step_guard {
    // Before a write that may leave a document in SAP (a POST, a cancel): renews the lease and sets the
    // shipment's in-doubt mark, in one transaction.
    std::function<boost::asio::awaitable<bool>()> before_write;
    // Before any other call: renews the lease.
    std::function<boost::asio::awaitable<bool>()> before_read;
};

struct step_input {
    const db::shipment_links::shipment_link& link;
    const db::order_links::order_link* order;  // the shipment's sales order, through its exact link; or null
    std::string stamp;                         // "SS-SHIP-<id>" / "SS-FULF-<id>"
    // The SKU map's rows for the shipment's SKUs (SKU -> ItemCode), read with the link; null: none.
    const std::map<std::string, std::string>* mapped_skus = nullptr;
};

// The delivery request for the shipment's lines, or the verdict that ends the job before posting.
struct prepared_delivery {
    std::optional<clients::sap::delivery_request> request;
    delivery_verdict verdict;                     // when there is no request
    std::vector<std::string> item_codes;          // the lines' items
    std::optional<clients::sap::document> order;  // the sales order as read for the request
};

// What a post step posts for `in` (in.order must be set): reads the sales order, resolves the shipped SKUs
// (the SKU map, MLC_SKU_FIELD), maps the lines and chooses batches and serial numbers, each read after
// guard.before_read(); writes nothing. Returns the request, or the verdict (failed, dead, lost) that ends
// the job. Shared by the post step and the preview. Throws std::bad_alloc, the client's shutdown error and
// the guard's errors.
boost::asio::awaitable<prepared_delivery> prepare_delivery(clients::sap::client& sap_client,
                                                           const delivery_settings& settings,
                                                           const step_input& in, step_guard& guard);

// Runs `step` (one of those calls_sap() is true for). Throws std::bad_alloc, the client's shutdown error,
// and the guard's database errors.
boost::asio::awaitable<delivery_verdict> run_step(clients::sap::client& sap_client,
                                                  const delivery_settings& settings, const step_input& in,
                                                  step_guard& guard, delivery_step step);

}  // namespace mlc::flows::shipments
